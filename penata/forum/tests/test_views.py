"""Pages: scoping (hidden content, other people's posts, uncurated practices), the bell, the
public portal pages, and query counts that do not grow with the number of posts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.forum import services
from penata.forum.models import Notification, Post, Reaction, Thread
from penata.forum.tests.factories import (
    CategoryFactory,
    asn,
    make_post,
    make_practice,
    make_thread,
)

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_index_category_and_thread_pages(client: Client) -> None:
    ani = asn("ani_v")
    cat = CategoryFactory(name="Pelayanan uji", slug="pelayanan-uji")
    t = make_thread(author=ani, category=cat, title="Antrean KTP", body="**Tolong** bantu")
    c = _client(ani)
    assert "Pelayanan uji" in c.get(reverse("forum:index")).content.decode()
    assert "Antrean KTP" in c.get(reverse("forum:category", args=[cat.slug])).content.decode()
    page = c.get(reverse("forum:thread", args=[t.pk])).content.decode()
    assert "<strong>Tolong</strong>" in page and 'data-testid="reply-form"' in page


def test_create_thread_and_reply_through_pages() -> None:
    ani = asn("ani_p")
    cat = CategoryFactory(slug="uji-buat")
    c = _client(ani)
    resp = c.post(
        reverse("forum:thread_create", args=[cat.slug]),
        {"title": "Cara unggah SKP", "body": "Bagaimana @ani_p?"},
    )
    t = Thread.objects.get(title="Cara unggah SKP")
    assert resp.status_code == 302
    pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 test")
    resp = c.post(reverse("forum:reply", args=[t.pk]), {"body": "Sudah bisa.", "lampiran": [pdf]})
    assert resp.status_code == 302
    post = Post.objects.get(body="Sudah bisa.")
    att = post.attachments.get()
    dl = c.get(reverse("forum:attachment", args=[att.pk]))
    assert dl.status_code == 200 and dl["Content-Type"] == "application/pdf"
    assert dl["X-Content-Type-Options"] == "nosniff" and "attachment" in dl["Content-Disposition"]
    bad = SimpleUploadedFile("bukti.pdf", b"<html>bukan pdf")
    resp = c.post(reverse("forum:reply", args=[t.pk]), {"body": "Lagi", "lampiran": [bad]})
    assert resp.status_code == 400 and "tidak sesuai dengan ekstensi .pdf" in resp.content.decode()


def test_rate_limited_reply_shows_the_message_and_keeps_the_text() -> None:
    from penata.forum.models import ForumSettings

    ForumSettings.objects.filter(pk=1).update(rate_limit_posts=1)
    ani = asn("ani_rl")
    t = make_thread(author=UserFactory(), category=CategoryFactory())
    c = _client(ani)
    c.post(reverse("forum:reply", args=[t.pk]), {"body": "Pertama"})
    resp = c.post(reverse("forum:reply", args=[t.pk]), {"body": "Kedua yang tertahan"})
    html = resp.content.decode()
    assert resp.status_code == 400
    assert "Tunggu sekitar" in html and "Kedua yang tertahan" in html


def test_hidden_thread_is_404_for_employees_but_visible_to_moderators() -> None:
    ani = asn("ani_h")
    t = make_thread(author=ani, category=CategoryFactory(), is_hidden=True)
    assert _client(asn("budi_h")).get(reverse("forum:thread", args=[t.pk])).status_code == 404
    mod = _client(UserFactory(role=Role.BKPP)).get(reverse("forum:thread", args=[t.pk]))
    assert mod.status_code == 200 and "disembunyikan" in mod.content.decode()


def test_hidden_post_shows_to_moderators_only() -> None:
    ani = asn("ani_hp")
    t = make_thread(author=ani, category=CategoryFactory())
    make_post(thread=t, author=ani, body="teks-tersembunyi", is_hidden=True, hidden_reason="spam")
    assert (
        "teks-tersembunyi"
        not in _client(asn("budi_hp")).get(reverse("forum:thread", args=[t.pk])).content.decode()
    )
    assert (
        "teks-tersembunyi"
        in _client(UserFactory(role=Role.BKPP))
        .get(reverse("forum:thread", args=[t.pk]))
        .content.decode()
    )


def test_employee_cannot_open_edit_of_someone_elses_post_nor_moderate() -> None:
    ani = asn("ani_e")
    t = make_thread(author=ani, category=CategoryFactory())
    post = t.posts.get()
    budi = _client(asn("budi_e"))
    assert budi.get(reverse("forum:post_edit", args=[post.pk])).status_code == 404
    assert budi.post(reverse("forum:post_edit", args=[post.pk]), {"body": "x"}).status_code == 404
    resp = budi.post(
        reverse("forum:post_moderate", args=[post.pk]), {"action": "hide", "reason": "x"}
    )
    assert resp.status_code == 403
    resp = budi.post(reverse("forum:thread_moderate", args=[t.pk]), {"action": "lock"})
    assert resp.status_code == 403
    post.refresh_from_db()
    t.refresh_from_db()
    assert post.body == "Isi pertanyaan." and not post.is_hidden and not t.is_locked


def test_edit_page_within_window() -> None:
    ani = asn("ani_ew")
    t = make_thread(author=ani, category=CategoryFactory())
    post = t.posts.get()
    c = _client(ani)
    resp = c.post(
        reverse("forum:post_edit", args=[post.pk]),
        {"body": "Diperbaiki", "title": "Judul diperbaiki"},
    )
    assert resp.status_code == 302
    post.refresh_from_db()
    assert post.body == "Diperbaiki"


def test_reaction_via_htmx_returns_the_fragment() -> None:
    ani = asn("ani_r")
    t = make_thread(author=ani, category=CategoryFactory())
    post = t.posts.get()
    c = _client(asn("budi_r"))
    resp = c.post(
        reverse("forum:post_react", args=[post.pk]), {"kind": "suka"}, HTTP_HX_REQUEST="true"
    )
    assert resp.status_code == 200 and f'id="reactions-{post.pk}"' in resp.content.decode()
    assert Reaction.objects.filter(post=post, kind="suka").count() == 1


def test_bell_counts_unread_and_marking_read_clears_it() -> None:
    ani = asn("ani_b")
    t = make_thread(author=ani, category=CategoryFactory())
    services.post_reply(actor=asn("budi_b"), thread=t, body="Halo @ani_b")
    c = _client(ani)
    bell = c.get(reverse("forum:bell")).content.decode()
    assert 'data-testid="forum-unread">1<' in bell
    assert 'data-testid="forum-bell-slot"' in c.get(reverse("core:dashboard")).content.decode()
    n = Notification.objects.get(user=ani)
    resp = c.post(reverse("forum:notifications_read"), {"id": n.pk, "next": f"/forum/utas/{t.pk}/"})
    assert resp.status_code == 302 and resp["Location"] == f"/forum/utas/{t.pk}/"
    assert "forum-unread" not in c.get(reverse("forum:bell")).content.decode()
    resp = c.post(reverse("forum:notifications_read"), {"next": "//evil.example/"})
    assert resp["Location"] == reverse("forum:notifications")


def test_researcher_sees_no_bell() -> None:
    c = _client(UserFactory(role=Role.RESEARCHER))
    assert "forum-bell-slot" not in c.get(reverse("core:dashboard")).content.decode()


def _thread_queries(reader: Any, t: Thread) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = _client(reader)
    c.get(reverse("forum:thread", args=[t.pk]))
    with CaptureQueriesContext(connection) as ctx:
        resp = c.get(reverse("forum:thread", args=[t.pk]))
    assert resp.status_code == 200
    return len(ctx.captured_queries)


def test_thread_page_query_count_does_not_grow(django_assert_max_num_queries: Any) -> None:
    ani = asn("ani_q")
    people = [asn(f"p_q{i}") for i in range(5)]
    small = make_thread(author=ani, category=CategoryFactory())
    make_post(thread=small, author=ani, body="satu")
    t = make_thread(author=ani, category=CategoryFactory())
    for i in range(60):
        # the reader wrote some of them too: the edit check must not query per post
        post = make_post(thread=t, author=[*people, ani][i % 6], body=f"Balasan **{i}**")
        Reaction.objects.create(post=post, user=people[(i + 1) % 5], kind="suka")
    assert _thread_queries(ani, small) == _thread_queries(ani, t)
    c = _client(ani)
    with django_assert_max_num_queries(12):
        resp = c.get(reverse("forum:thread", args=[t.pk]))
    assert resp.status_code == 200 and resp.content.decode().count('data-testid="post"') == 61


def test_category_and_practice_list_query_counts(django_assert_max_num_queries: Any) -> None:
    ani = asn("ani_lq")
    cat = CategoryFactory(slug="uji-lq")
    for i in range(40):
        make_thread(author=ani, category=cat, title=f"Utas {i:02d}")
        make_practice(submitted_by=ani, status="curated", title=f"Praktik {i:02d}")
    c = _client(ani)
    with django_assert_max_num_queries(12):
        assert c.get(reverse("forum:category", args=[cat.slug])).status_code == 200
    with django_assert_max_num_queries(14):
        assert c.get(reverse("forum:practice_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert c.get(reverse("forum:index")).status_code == 200


def test_practice_library_scoping_and_public_pages(client: Client) -> None:
    ani = asn("ani_lib")
    curated = make_practice(submitted_by=ani, status="curated", title="Praktik terkurasi")
    draft = make_practice(submitted_by=ani, status="submitted", title="Praktik draf")
    budi = _client(asn("budi_lib"))
    listing = budi.get(reverse("forum:practice_list")).content.decode()
    assert "Praktik terkurasi" in listing and "Praktik draf" not in listing
    assert budi.get(reverse("forum:practice_detail", args=[draft.pk])).status_code == 404
    assert _client(ani).get(reverse("forum:practice_detail", args=[draft.pk])).status_code == 200
    # Public: only published, no login.
    assert client.get(reverse("forum:public_practice_detail", args=[curated.pk])).status_code == 404
    services.practice_publish(actor=UserFactory(role=Role.BKPP), practice=curated, public=True)
    page = client.get(reverse("forum:public_practice_list")).content.decode()
    assert "Praktik terkurasi" in page and "Praktik draf" not in page
    detail = client.get(reverse("forum:public_practice_detail", args=[curated.pk]))
    assert detail.status_code == 200 and "Waktu tunggu turun" in detail.content.decode()
    assert client.get(reverse("forum:public_practice_detail", args=[draft.pk])).status_code == 404


def test_curation_flow_through_pages() -> None:
    ani = asn("ani_cur")
    from penata.forum.models import Category

    c = _client(ani)
    topic = Category.objects.get(slug="pelayanan-publik")
    opd = ani.employee.org_unit.opd
    resp = c.post(
        reverse("forum:practice_create"),
        {
            "title": "Antrean daring puskesmas",
            "topic": topic.pk,
            "opd": opd.pk,
            "problem": "Antrean panjang",
            "practice": "Nomor antrean lewat WhatsApp",
            "result": "Tunggu 20 menit",
            "evidence": "Rekap antrean",
            "contact_name": "Ani",
            "contact_info": "ani@semarangkota.go.id",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    from penata.forum.models import Practice

    p = Practice.objects.get(title="Antrean daring puskesmas")
    bkpp = _client(UserFactory(role=Role.BKPP))
    assert "Antrean daring puskesmas" in bkpp.get(reverse("forum:practice_queue")).content.decode()
    bkpp.post(
        reverse("forum:practice_review", args=[p.pk]),
        {"action": "curate", "tags": "antrean, kesehatan"},
    )
    bkpp.post(reverse("forum:practice_publish", args=[p.pk]), {"public": "1"})
    p.refresh_from_db()
    assert p.status == "curated" and p.is_public


def test_submitter_revises_a_returned_practice_through_the_page() -> None:
    from penata.forum.models import Practice

    ani = asn("ani_rev")
    p = make_practice(submitted_by=ani, status="returned")
    c = _client(ani)
    page = c.get(reverse("forum:practice_edit", args=[p.pk]))
    assert page.status_code == 200 and 'name="lampiran"' not in page.content.decode()
    data = {
        "title": "Judul yang diperbaiki",
        "topic": p.topic_id,
        "opd": p.opd_id,
        "problem": p.problem,
        "practice": p.practice,
        "result": p.result,
        "evidence": "Angka sebelum dan sesudah.",
        "contact_name": p.contact_name,
        "contact_info": p.contact_info,
    }
    assert c.post(reverse("forum:practice_edit", args=[p.pk]), data).status_code == 302
    p = Practice.objects.get(pk=p.pk)
    assert p.title == "Judul yang diperbaiki" and p.status == "submitted"
    assert (
        _client(asn("budi_rev")).get(reverse("forum:practice_edit", args=[p.pk])).status_code == 404
    )


def test_practice_export_is_neutralised_and_audited() -> None:
    from penata.core.models import AuditEvent

    ani = asn("ani_exp")
    make_practice(submitted_by=ani, status="curated", title='=HYPERLINK("http://x")')
    make_practice(submitted_by=ani, status="submitted", title="Antrean daring")
    c = _client(UserFactory(role=Role.BKPP))
    resp = c.get(reverse("forum:practice_export") + "?format=csv")
    assert resp.status_code == 200
    text = b"".join(resp.streaming_content).decode("utf-8-sig")
    assert "Judul,Status" in text.splitlines()[0].replace("ID,", "")
    assert "'=HYPERLINK" in text and "Antrean daring" in text
    assert AuditEvent.objects.filter(action="forum.practice.export").exists()
    xlsx = c.get(reverse("forum:practice_export"))
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert _client(ani).get(reverse("forum:practice_export")).status_code == 403
