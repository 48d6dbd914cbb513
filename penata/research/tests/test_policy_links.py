"""Research outputs linked to the policy documents they inform: the service links and audits,
a researcher cannot link a document they may not see (a team draft), the links show on the
output pages, the policy document page and the public portal (title and status only), the API
carries them, and the output list's query count does not grow with the links."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from penata.core.models import AuditEvent
from penata.core.roles import Role
from penata.core.services import api_token_create
from penata.core.tests.factories import UserFactory
from penata.policy import services as policy_services
from penata.policy.models import PolicyDocument
from penata.policy.tests.factories import document
from penata.research import selectors, services
from penata.research.models import Output, PolicyTopic

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _pdf(name: str = "laporan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def world() -> dict[str, Any]:
    bkpp = UserFactory(role=Role.BKPP)
    team = UserFactory(role=Role.POLICY_TEAM)
    researcher = UserFactory(
        role=Role.RESEARCHER,
        username="peneliti_rahasia",
        first_name="Ratna",
        last_name="Penelitiwati",
        email="ratna.peneliti@kampus.test",
    )
    inst = services.institution_save(actor=bkpp, fields={"name": "Universitas Uji"})
    services.researcher_link(actor=bkpp, institution=inst, user=researcher)
    adopted = document(team, title="Kebijakan Talenta Uji")
    policy_services.document_set_status(actor=team, document=adopted, status="adopted")
    consulted = document(team, title="Rancangan Perwal JP Uji")
    policy_services.document_set_status(actor=team, document=consulted, status="consultation")
    draft = document(team, title="Rancangan Rahasia Tim")
    return {
        "bkpp": bkpp,
        "team": team,
        "researcher": researcher,
        "adopted": adopted,
        "consulted": consulted,
        "draft": draft,
    }


def _output(w: dict[str, Any], *, docs: list[PolicyDocument], title: str = "Temuan") -> Output:
    return services.output_submit(
        actor=w["researcher"],
        title=title,
        summary="Ringkasan temuan.",
        recommendations="Perbanyak pelatihan daring.",
        topics=[PolicyTopic.objects.get(code="pengembangan-kompetensi")],
        report=_pdf(),
        policy_documents=docs,
    )


def test_service_links_documents_and_audits(world: dict[str, Any]) -> None:
    out = _output(world, docs=[world["consulted"], world["adopted"]])
    assert set(out.policy_documents.all()) == {world["consulted"], world["adopted"]}
    event = AuditEvent.objects.get(action="research.output_submit")
    # in title order: "Kebijakan Talenta Uji" before "Rancangan Perwal JP Uji"
    assert event.after["policy_documents"] == [world["adopted"].pk, world["consulted"].pk]
    assert event.after["topics"] == [PolicyTopic.objects.get(code="pengembangan-kompetensi").pk]
    # the topics remain the classification next to the documents
    assert list(out.topics.values_list("code", flat=True)) == ["pengembangan-kompetensi"]


def test_researcher_cannot_link_a_team_draft(world: dict[str, Any]) -> None:
    draft = world["draft"]
    with pytest.raises(services.ResearchError) as exc:
        _output(world, docs=[world["adopted"], draft])
    assert exc.value.code == "policy_document"
    assert f"nomor {draft.pk}" in exc.value.message
    assert draft.title not in exc.value.message  # a private draft's title is not revealed
    assert not Output.objects.exists()
    assert not AuditEvent.objects.filter(action="research.output_submit").exists()

    # the upload page offers only the documents the researcher may see, with their status
    r = _client(world["researcher"])
    page = r.get(reverse("research:output_create")).content.decode()
    assert "Kebijakan Talenta Uji (Ditetapkan)" in page
    assert "Rancangan Perwal JP Uji (Konsultasi publik)" in page
    assert "Rancangan Rahasia Tim" not in page
    # and a forged post of the draft is refused with a message on the field
    resp = r.post(
        reverse("research:output_create"),
        {
            "title": "Temuan",
            "summary": "Ringkasan.",
            "recommendations": "Rekomendasi.",
            "policy_documents": [draft.pk],
            "report": _pdf(),
        },
    )
    assert resp.status_code == 200
    assert not Output.objects.exists()


def test_a_document_moved_back_to_draft_cannot_be_linked(world: dict[str, Any]) -> None:
    doc = world["consulted"]
    policy_services.document_set_status(actor=world["team"], document=doc, status="draft")
    with pytest.raises(services.ResearchError):
        _output(world, docs=[doc])


def test_upload_page_links_documents(world: dict[str, Any]) -> None:
    r = _client(world["researcher"])
    resp = r.post(
        reverse("research:output_create"),
        {
            "title": "Temuan pelatihan",
            "summary": "Ringkasan temuan.",
            "recommendations": "Perbanyak pelatihan daring.",
            "policy_documents": [world["adopted"].pk],
            "report": _pdf(),
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:1500]
    out = Output.objects.get()
    assert list(out.policy_documents.all()) == [world["adopted"]]


def test_pages_show_the_links_both_ways(world: dict[str, Any]) -> None:
    out = _output(world, docs=[world["consulted"]], title="Dampak pelatihan klasikal")
    unpublished = _output(world, docs=[world["consulted"]], title="Naskah belum terbit")
    # a draft link made in the workspace's past stays hidden from who may not see drafts
    out.policy_documents.add(world["draft"])
    doc_url = reverse("policy:document_detail", args=[world["consulted"].pk])

    # the researcher sees the title and status, without a link into the workspace
    r = _client(world["researcher"])
    html = r.get(reverse("research:output_detail", args=[out.pk])).content.decode()
    assert "Rancangan Perwal JP Uji" in html and "Konsultasi publik" in html
    assert doc_url not in html
    assert "Rancangan Rahasia Tim" not in html
    assert "Rancangan Perwal JP Uji" in r.get(reverse("research:output_list")).content.decode()

    # the policy team opens the document from the output
    t = _client(world["team"])
    html = t.get(reverse("research:output_detail", args=[out.pk])).content.decode()
    assert f'href="{doc_url}"' in html
    assert "Rancangan Rahasia Tim" in html  # the team may see its own draft

    # the document page lists only the published outputs that inform it
    html = t.get(doc_url).content.decode()
    assert "Riset yang menginformasikan dokumen ini" in html
    assert "Dampak pelatihan klasikal" not in html
    services.output_publish(actor=world["bkpp"], output=out)
    html = t.get(doc_url).content.decode()
    assert "Dampak pelatihan klasikal" in html and "Universitas Uji" in html
    assert f'href="{reverse("research:output_detail", args=[out.pk])}"' in html
    assert unpublished.title not in html


def test_public_portal_shows_title_and_status_only(world: dict[str, Any]) -> None:
    out = _output(world, docs=[world["adopted"]], title="Riset talenta terbuka")
    out.policy_documents.add(world["draft"])
    services.output_publish(actor=world["bkpp"], output=out)
    item = selectors.public_outputs()[0]
    assert item["policy_documents"] == [{"title": "Kebijakan Talenta Uji", "status": "Ditetapkan"}]
    html = Client().get(reverse("portal:section", args=["riset"])).content.decode()
    assert "Riset talenta terbuka" in html
    assert "Kebijakan Talenta Uji" in html and "Ditetapkan" in html
    assert "Rancangan Rahasia Tim" not in html
    researcher = world["researcher"]
    for needle in (researcher.username, "Penelitiwati", researcher.email):
        assert needle not in html
    assert reverse("policy:document_detail", args=[world["adopted"].pk]) not in html


def test_api_carries_the_documents(world: dict[str, Any]) -> None:
    out = _output(world, docs=[world["adopted"]])
    out.policy_documents.add(world["draft"])
    _t, raw = api_token_create(user=world["researcher"], name="uji")
    body = Client().get("/api/v1/research/outputs", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    topic = PolicyTopic.objects.get(code="pengembangan-kompetensi")
    # the topic (classification) first, then the documents' titles
    assert body[0]["policy_items"] == [topic.title, "Kebijakan Talenta Uji"]
    assert "Rancangan Rahasia Tim" not in json.dumps(body)
    assert body[0]["policy_documents"] == [
        {"id": world["adopted"].pk, "title": "Kebijakan Talenta Uji", "status": "adopted"}
    ]


def test_output_list_query_count_does_not_grow_with_links(world: dict[str, Any]) -> None:
    b = _client(world["bkpp"])
    url = reverse("research:output_list")
    _output(world, docs=[world["adopted"]], title="Satu")
    b.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert b.get(url).status_code == 200
    # drafts: BKPP reads the policy workspace, so its list shows them too
    extra = [document(world["team"], title=f"Dokumen {i}") for i in range(4)]
    for i in range(5):
        _output(
            world,
            docs=[world["adopted"], world["consulted"]],
            title=f"Luaran {i}",
        ).policy_documents.add(*extra)
    with CaptureQueriesContext(connection) as many:
        html = b.get(url).content.decode()
    assert "Dokumen 3" in html
    assert len(many.captured_queries) == len(few.captured_queries)


def test_links_changed_later_audit_before_and_after(world: dict[str, Any]) -> None:
    out = _output(world, docs=[world["consulted"]])
    url = reverse("research:output_documents", args=[out.pk])
    # the researcher of the institution changes the links through the page
    r = _client(world["researcher"])
    page = r.get(url).content.decode()
    assert "Kebijakan Talenta Uji" in page and "Rancangan Rahasia Tim" not in page
    resp = r.post(url, {"policy_documents": [world["adopted"].pk]})
    assert resp.status_code == 302
    assert list(out.policy_documents.all()) == [world["adopted"]]
    event = AuditEvent.objects.get(action="research.output_link_documents")
    assert event.before == {"policy_documents": [world["consulted"].pk]}
    assert event.after == {"policy_documents": [world["adopted"].pk]}
    # the same set again changes nothing and writes no event
    services.output_link_documents(
        actor=world["researcher"], output=out, policy_documents=[world["adopted"]]
    )
    assert AuditEvent.objects.filter(action="research.output_link_documents").count() == 1
    # a draft posted by the researcher is refused on the field
    resp = r.post(url, {"policy_documents": [world["draft"].pk]})
    assert resp.status_code == 200
    assert list(out.policy_documents.all()) == [world["adopted"]]


def test_team_links_its_draft_and_the_researcher_keeps_it(world: dict[str, Any]) -> None:
    out = _output(world, docs=[world["consulted"]])
    t = _client(world["team"])
    url = reverse("research:output_documents", args=[out.pk])
    assert "Rancangan Rahasia Tim" in t.get(url).content.decode()
    resp = t.post(url, {"policy_documents": [world["consulted"].pk, world["draft"].pk]})
    assert resp.status_code == 302
    assert set(out.policy_documents.all()) == {world["consulted"], world["draft"]}
    # the researcher does not see the draft link, and replacing the visible links keeps it
    services.output_link_documents(
        actor=world["researcher"], output=out, policy_documents=[world["adopted"]]
    )
    assert set(out.policy_documents.all()) == {world["adopted"], world["draft"]}
    event = AuditEvent.objects.filter(action="research.output_link_documents").order_by("pk").last()
    assert event is not None
    assert event.after == {"policy_documents": sorted([world["adopted"].pk, world["draft"].pk])}


def test_other_institution_cannot_change_links(world: dict[str, Any]) -> None:
    out = _output(world, docs=[world["consulted"]])
    services.output_publish(actor=world["bkpp"], output=out)
    other = UserFactory(role=Role.RESEARCHER)
    inst = services.institution_save(actor=world["bkpp"], fields={"name": "Institut Lain"})
    services.researcher_link(actor=world["bkpp"], institution=inst, user=other)
    c = _client(other)
    # the published output is readable, but its links are not the other institution's to change
    html = c.get(reverse("research:output_detail", args=[out.pk])).content.decode()
    assert 'data-testid="link-documents"' not in html
    url = reverse("research:output_documents", args=[out.pk])
    assert c.get(url).status_code == 404
    assert c.post(url, {"policy_documents": [world["adopted"].pk]}).status_code == 404
    with pytest.raises(services.ResearchError) as exc:
        services.output_link_documents(actor=other, output=out, policy_documents=[world["adopted"]])
    assert exc.value.code == "forbidden"
    assert list(out.policy_documents.all()) == [world["consulted"]]
