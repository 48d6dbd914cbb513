"""The research pages and services end to end: request, review, release with progress,
downloads logged and ending at expiry, outputs and publication, uploads refused with clear
messages, and a researcher never reaching a person's data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from penata.core.models import AuditEvent, TaskProgress
from penata.core.roles import Role
from penata.core.tests.access_matrix import API, PAGES, PUBLIC
from penata.core.tests.factories import UserFactory
from penata.research import selectors, services
from penata.research.models import DataRequest, Download, Output, PolicyTopic, Release
from penata.research.tasks import release_task
from penata.research.tests import world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _pdf(name: str = "etik.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def setup(db: None) -> dict[str, Any]:
    units = world.opds(2)
    emps = world.people(
        60,
        units,
        seed=9,
        attrs=lambda i, rng: {
            "birth_date": dt.date(1990, 1, 1),
            "rank_code": "III/a",
            "gender": "L",
        },
    )
    world.rate(emps, 2024, lambda e: "baik")
    world.rate(emps, 2025, lambda e: "baik")
    bkpp = UserFactory(role=Role.BKPP)
    researcher = UserFactory(role=Role.RESEARCHER)
    other = UserFactory(role=Role.RESEARCHER)
    inst = services.institution_save(actor=bkpp, fields={"name": "Universitas Uji"})
    inst2 = services.institution_save(actor=bkpp, fields={"name": "Institut Lain"})
    services.researcher_link(actor=bkpp, institution=inst, user=researcher)
    services.researcher_link(actor=bkpp, institution=inst2, user=other)
    return {"emps": emps, "bkpp": bkpp, "researcher": researcher, "other": other, "inst": inst}


def _submit(researcher: Any, **kw: Any) -> DataRequest:
    args = {
        "actor": researcher,
        "title": "Dampak pelatihan",
        "purpose": "Menilai dampak pelatihan.",
        "question": "Apakah pelatihan menaikkan predikat?",
        "variables": ["opd", "kelompok_usia", "predikat"],
        "year_from": 2024,
        "year_to": 2025,
        "document": _pdf(),
        "today": dt.date(2026, 1, 10),
    }
    args.update(kw)
    return services.request_submit(**args)


def test_full_flow_request_approve_release_download(setup: dict[str, Any]) -> None:
    r = _client(setup["researcher"])
    resp = r.post(
        reverse("research:request_create"),
        {
            "title": "Dampak pelatihan",
            "purpose": "Menilai dampak pelatihan bagi kebijakan.",
            "question": "Apakah pelatihan menaikkan predikat?",
            "variables": ["opd", "kelompok_usia", "predikat"],
            "year_from": 2024,
            "year_to": 2025,
            "document": _pdf(),
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    req = DataRequest.objects.get()
    assert req.status == "submitted" and req.institution == setup["inst"]
    b = _client(setup["bkpp"])
    resp = b.post(
        reverse("research:request_decide", args=[req.pk]),
        {
            "decision": "approve",
            "reason": "Lengkap dan sesuai tujuan.",
            "expires_on": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        },
    )
    req.refresh_from_db()
    assert req.status == "approved" and req.reason == "Lengkap dan sesuai tujuan."
    resp = b.post(reverse("research:release_start", args=[req.pk]))
    rel = Release.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse(
        "research:release_detail", args=[rel.pk]
    )
    release_task.call(rel.pk)
    rel.refresh_from_db()
    assert rel.status == "ready" and rel.rows == 60 and rel.suppressed == 0
    assert TaskProgress.objects.get(pk=rel.progress_id).status == "succeeded"
    page = r.get(reverse("research:release_detail", args=[rel.pk])).content.decode()
    assert "data.parquet" in page and "Log unduhan" not in page
    for kind in ("csv", "parquet", "kamus", "readme"):
        resp = r.get(reverse("research:release_download", args=[rel.pk, kind]))
        assert resp.status_code == 200, kind
        body = b"".join(resp.streaming_content)  # type: ignore[attr-defined]
        for e in setup["emps"][:5]:
            assert e.nip.encode() not in body and e.name.encode() not in body
    assert Download.objects.filter(release=rel).count() == 4
    assert AuditEvent.objects.filter(action="research.release_download").count() == 4
    log = b.get(reverse("research:release_detail", args=[rel.pk])).content.decode()
    assert 'data-testid="download-log"' in log and setup["researcher"].username in log
    # another institution's researcher cannot see it
    o = _client(setup["other"])
    assert o.get(reverse("research:release_detail", args=[rel.pk])).status_code == 404
    assert o.get(reverse("research:release_download", args=[rel.pk, "csv"])).status_code == 404
    assert o.get(reverse("research:request_detail", args=[req.pk])).status_code == 404
    # expiry ends downloads
    DataRequest.objects.filter(pk=req.pk).update(expires_on=dt.date.today() - dt.timedelta(days=1))
    resp = r.get(reverse("research:release_download", args=[rel.pk, "csv"]))
    assert resp.status_code == 302
    assert Download.objects.filter(release=rel).count() == 4
    page = r.get(reverse("research:release_detail", args=[rel.pk])).content.decode()
    assert 'data-testid="release-closed"' in page
    with pytest.raises(services.ResearchError):
        services.release_start(actor=setup["bkpp"], request=DataRequest.objects.get(pk=req.pk))


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("etik.exe", b"MZ....", "jenisnya .exe"),
        ("etik.pdf", b"not a pdf at all", "bukan PDF yang sah"),
        ("etik.pdf", b"", "kosong"),
    ],
)
def test_bad_document_refused_with_clear_message(
    setup: dict[str, Any], name: str, data: bytes, needle: str
) -> None:
    r = _client(setup["researcher"])
    resp = r.post(
        reverse("research:request_create"),
        {
            "title": "x",
            "purpose": "y",
            "question": "z",
            "variables": ["opd"],
            "year_from": 2024,
            "year_to": 2025,
            "document": SimpleUploadedFile(name, data),
        },
    )
    body = resp.content.decode()
    assert resp.status_code == 200 and needle in body and "Dokumen etik" in body
    assert not DataRequest.objects.exists()


def test_too_large_document_refused(setup: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(services.ResearchError) as exc:
        _submit(setup["researcher"])
    assert exc.value.code == "too_large" and "paling besar" in exc.value.message
    assert not DataRequest.objects.exists()


def test_decide_needs_reason_and_future_expiry(setup: dict[str, Any]) -> None:
    req = _submit(setup["researcher"])
    with pytest.raises(services.ResearchError, match="Alasan"):
        services.request_decide(actor=setup["bkpp"], request=req, approve=False, reason="x")
    with pytest.raises(services.ResearchError, match="Akses berakhir"):
        services.request_decide(
            actor=setup["bkpp"], request=req, approve=True, reason="Alasan yang cukup panjang."
        )
    with pytest.raises(services.ResearchError):
        services.request_decide(
            actor=setup["researcher"], request=req, approve=False, reason="Tidak sesuai tujuan."
        )
    services.request_decide(
        actor=setup["bkpp"], request=req, approve=False, reason="Tidak sesuai tujuan."
    )
    req.refresh_from_db()
    assert req.status == "rejected" and req.expires_on is None
    with pytest.raises(services.ResearchError, match="sudah"):
        services.request_decide(
            actor=setup["bkpp"], request=req, approve=False, reason="Tidak sesuai tujuan."
        )
    assert AuditEvent.objects.filter(action="research.request_decide").count() == 1


def test_request_refuses_unknown_variable_and_bad_period(setup: dict[str, Any]) -> None:
    with pytest.raises(services.ResearchError, match="nip"):
        _submit(setup["researcher"], variables=["opd", "nip"])
    with pytest.raises(services.ResearchError, match="Periode"):
        _submit(setup["researcher"], year_from=2025, year_to=2024)
    unlinked = UserFactory(role=Role.RESEARCHER)
    with pytest.raises(services.ResearchError, match="lembaga"):
        _submit(unlinked)


def test_outputs_submit_publish_and_public_selector(setup: dict[str, Any]) -> None:
    topic = PolicyTopic.objects.get(code="pengembangan-kompetensi")
    r = _client(setup["researcher"])
    resp = r.post(
        reverse("research:output_create"),
        {
            "title": "Temuan pelatihan",
            "summary": "Ringkasan temuan.",
            "recommendations": "Perbanyak pelatihan daring.",
            "topics": [topic.pk],
            "report": _pdf("laporan.pdf"),
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:1500]
    out = Output.objects.get()
    assert selectors.public_outputs() == []
    # the other institution's researcher does not see the unpublished output
    assert (
        _client(setup["other"]).get(reverse("research:output_detail", args=[out.pk])).status_code
        == 404
    )
    b = _client(setup["bkpp"])
    assert (
        b.post(reverse("research:output_publish", args=[out.pk]), {"publish": "1"}).status_code
        == 302
    )
    public = selectors.public_outputs()
    assert len(public) == 1
    item = public[0]
    assert set(item) == {
        "id",
        "title",
        "summary",
        "recommendations",
        "institution",
        "policy_items",
        "policy_documents",
        "published_on",
    }
    assert item["institution"] == "Universitas Uji"
    assert item["policy_items"] == [topic.title]
    assert item["policy_documents"] == []
    assert setup["researcher"].username not in str(item)
    assert (
        _client(setup["other"]).get(reverse("research:output_detail", args=[out.pk])).status_code
        == 200
    )
    policy = _client(UserFactory(role=Role.POLICY_TEAM))
    assert "Temuan pelatihan" in policy.get(reverse("research:output_list")).content.decode()


def test_output_report_must_be_pdf(setup: dict[str, Any]) -> None:
    r = _client(setup["researcher"])
    resp = r.post(
        reverse("research:output_create"),
        {
            "title": "T",
            "summary": "S",
            "recommendations": "R",
            "report": SimpleUploadedFile("laporan.docx", b"PK\x03\x04"),
        },
    )
    assert "Laporan: berkas &#x27;laporan.docx&#x27; ditolak" in resp.content.decode()
    assert not Output.objects.exists()


def test_pages_render_for_roles(setup: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    for _ in range(3):
        _submit(setup["researcher"])
    b = _client(setup["bkpp"])
    with django_assert_max_num_queries(15):
        assert b.get(reverse("research:request_list")).status_code == 200
    for name in ("dashboard", "impact", "output_list", "dictionary", "institution_list"):
        resp = b.get(reverse(f"research:{name}"))
        assert resp.status_code == 200, name
    policy = _client(UserFactory(role=Role.POLICY_TEAM))
    html = policy.get(reverse("research:dashboard")).content.decode()
    assert 'data-research-chart="research-jp"' in html and 'id="research-jp"' in html
    assert 'data-testid="ikm"' in html
    # a researcher's dashboard shows no person
    html = _client(setup["researcher"]).get(reverse("research:dashboard")).content.decode()
    html += _client(setup["researcher"]).get(reverse("research:impact")).content.decode()
    for e in setup["emps"]:
        assert e.nip not in html and e.name not in html


def test_researcher_reaches_no_personal_data_page_or_endpoint(
    setup: dict[str, Any], client: Client
) -> None:
    """Every page and API operation a researcher may open is a research one (aggregates,
    pseudonymised releases) or their own account's; the access matrix test walks them all."""
    own = {
        "core:dashboard",
        "core:logout",
        "core:profile",
        "core:token_revoke",
        "core:password_change",
        "core:password_change_done",
        "core:task_detail",
        "core:task_download",
        "set_language",
        # two-factor sign-in pages of one's own account
        "security:twofa_verify",
        "security:twofa_enrol",
        "security:recovery_regenerate",
        "security:twofa_status",
        # open-selection pages every account reaches: the list of open selections and, for a
        # panel member, their own scoring (membership checked per selection: 404 otherwise)
        "talent:selection_open",
        "talent:selection_score",
    }
    allowed = {n for n, rule in PAGES.items() if rule != PUBLIC and "researcher" in rule}
    assert allowed - own <= {n for n in PAGES if n.startswith("research:")}
    api = {p for (m, p), rule in API.items() if rule != PUBLIC and "researcher" in rule}
    assert all(
        p.startswith("/api/v1/research/")
        or p in {"/api/v1/me", "/api/v1/policy/consultations/open"}
        or "tasks" in p
        # a panel member's own scores (membership checked per selection: 404 otherwise)
        or p == "/api/v1/talent/selections/{selection_id}/stages/{stage_id}/scores"
        for p in api
    ), api
    # and with data present the personal-data pages refuse them
    r = _client(setup["researcher"])
    emp = setup["emps"][0]
    for url in (
        reverse("workforce:employee_list"),
        reverse("workforce:employee_detail", args=[emp.pk]),
        reverse("workforce:employee_export"),
        reverse("learning:ledger_employee", args=[emp.pk]),
        reverse("talent:box_people"),
        "/api/v1/employees",
        f"/api/v1/employees/{emp.pk}",
    ):
        assert r.get(url).status_code in (403, 404), url
