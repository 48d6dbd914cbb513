"""The demo seed (idempotent, safe HTML) and the forum API (search, thread, reply with 201 /
403 / 404 / 429 and Indonesian messages, notifications)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from penata.core.roles import Role
from penata.core.services import api_token_create
from penata.core.tests.factories import UserFactory
from penata.forum import demo
from penata.forum.models import Category, ForumSettings, Post, Practice, Thread
from penata.forum.tests.factories import CategoryFactory, asn, make_thread
from penata.workforce.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_demo_seeds_once() -> None:
    OrgUnitFactory(name="Dinas Uji Demo")
    for username, role in (
        ("bkpp", Role.BKPP),
        ("pegawai", Role.EMPLOYEE),
        ("atasan", Role.SUPERVISOR),
    ):
        asn(username, role=role)
    result = demo.seed_forum(seed=1)
    assert not result.skipped and result.threads == len(demo.THREADS)
    assert Category.objects.filter(kind="opd", name="Dinas Uji Demo").exists()
    assert Post.objects.count() == result.posts
    assert Practice.objects.filter(is_public=True, status="curated").count() == 2
    assert Thread.objects.filter(accepted_post__isnull=False).exists()
    assert Post.objects.values("created_at").distinct().count() > 1  # spread over days
    assert demo.seed_forum(seed=1).skipped


def _h(user: Any) -> dict[str, str]:
    _t, raw = api_token_create(user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_search_thread_reply_and_notifications() -> None:
    ani = asn("ani_api")
    budi = asn("budi_api")
    t = make_thread(
        author=ani, category=CategoryFactory(), title="Pelayanan parkir", body="Bagaimana?"
    )
    c = Client()
    r = c.get("/api/v1/forum/search", {"q": "layanan"}, **_h(ani))
    assert r.status_code == 200 and r.json()["hits"][0]["id"] == t.pk
    assert "<mark>" in r.json()["hits"][0]["snippet_html"] or r.json()["hits"][0]["title"]
    r = c.get(f"/api/v1/forum/threads/{t.pk}", **_h(budi))
    assert r.status_code == 200 and r.json()["posts"][0]["body"] == "Bagaimana?"
    r = c.post(
        f"/api/v1/forum/threads/{t.pk}/posts",
        data=json.dumps({"body": "Halo @ani_api <script>x</script>"}),
        content_type="application/json",
        **_h(budi),
    )
    assert r.status_code == 201 and "<script>" not in r.json()["body_html"]
    r = c.get("/api/v1/forum/notifications", **_h(ani))
    assert r.json()["unread"] == 1 and r.json()["items"][0]["kind"] == "mention"


def test_api_reply_refusals() -> None:
    ForumSettings.objects.filter(pk=1).update(rate_limit_posts=1)
    ani = asn("ani_api2")
    t = make_thread(author=UserFactory(), category=CategoryFactory())
    c = Client()
    body = json.dumps({"body": "Satu"})
    assert (
        c.post(
            f"/api/v1/forum/threads/{t.pk}/posts",
            data=body,
            content_type="application/json",
            **_h(ani),
        ).status_code
        == 201
    )
    r = c.post(
        f"/api/v1/forum/threads/{t.pk}/posts", data=body, content_type="application/json", **_h(ani)
    )
    assert (
        r.status_code == 429
        and r.json()["code"] == "rate_limited"
        and "Tunggu" in r.json()["message"]
    )
    hidden = make_thread(author=UserFactory(), category=CategoryFactory(), is_hidden=True)
    r = c.get(f"/api/v1/forum/threads/{hidden.pk}", **_h(asn("budi_api2")))
    assert r.status_code == 404
    r = c.get(f"/api/v1/forum/threads/{t.pk}", **_h(UserFactory(role=Role.PARTNER)))
    assert r.status_code == 403
    Thread.objects.filter(pk=t.pk).update(is_locked=True)
    r = c.post(
        f"/api/v1/forum/threads/{t.pk}/posts",
        data=body,
        content_type="application/json",
        **_h(asn("citra_api2")),
    )
    assert r.status_code == 409 and "dikunci" in r.json()["message"]


def test_reindex_command_rebuilds_html_and_search_text() -> None:
    from django.core.management import call_command

    from penata.forum.tests.factories import make_practice

    ani = asn("ani_idx")
    t = make_thread(author=ani, category=CategoryFactory(), title="Pelayanan", body="**x**")
    pr = make_practice(submitted_by=ani)
    Post.objects.update(body_html="", search_text="")
    Practice.objects.update(search_text="")
    call_command("forum-reindex", stdout=__import__("io").StringIO())
    post = t.posts.get()
    assert post.body_html == "<p><strong>x</strong></p>" and " layan " in post.search_text
    pr.refresh_from_db()
    assert " layan " in pr.search_text
