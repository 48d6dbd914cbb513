"""Search: Indonesian affixes found through the stemmer, ranked, highlighted, scoped (hidden
posts and uncurated practices of others never show). Runs on SQLite (fallback) and PostgreSQL
(full-text with the GIN index)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.forum import search
from penata.forum.tests.factories import CategoryFactory, asn, make_post, make_practice, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    ani = asn("ani_cari")
    cat = CategoryFactory()
    t1 = make_thread(
        author=ani,
        category=cat,
        title="Pelayanan KTP-el di kecamatan",
        body="Antrean pelayanan KTP sangat panjang, pelayanan lambat.",
    )
    t2 = make_thread(
        author=ani, category=cat, title="Anggaran pelatihan", body="Bagaimana menyusun anggaran?"
    )
    make_post(thread=t2, author=ani, body="Warga dilayani lewat aplikasi.")
    t3 = make_thread(
        author=ani, category=cat, title="Rahasia", body="Layanan ini disembunyikan.", is_hidden=True
    )
    make_post(thread=t2, author=ani, body="Layanan terselubung", is_hidden=True)
    p_ok = make_practice(submitted_by=ani, status="curated", title="Jemput bola layanan adminduk")
    p_draft = make_practice(
        submitted_by=UserFactory(), status="submitted", title="Layanan rahasia draf"
    )
    return {"ani": ani, "t1": t1, "t2": t2, "t3": t3, "p_ok": p_ok, "p_draft": p_draft}


def test_affixed_forms_are_found(world: dict[str, Any]) -> None:
    result = search.search(world["ani"], "layanan")
    kinds = {(h.kind, h.pk) for h in result["hits"]}
    assert ("thread", world["t1"].pk) in kinds  # "pelayanan"
    assert ("thread", world["t2"].pk) in kinds  # "dilayani"
    assert ("practice", world["p_ok"].pk) in kinds
    assert result["engine"] == connection.vendor


def test_hidden_and_uncurated_are_left_out(world: dict[str, Any]) -> None:
    hits = search.search(world["ani"], "layanan")["hits"]
    ids = {(h.kind, h.pk) for h in hits}
    assert ("thread", world["t3"].pk) not in ids
    assert ("practice", world["p_draft"].pk) not in ids
    assert all("terselubung" not in h.snippet for h in hits)
    moderator = UserFactory(role=Role.BKPP)
    mod_ids = {(h.kind, h.pk) for h in search.search(moderator, "layanan")["hits"]}
    assert ("thread", world["t3"].pk) in mod_ids and ("practice", world["p_draft"].pk) in mod_ids


def test_ranked_and_highlighted(world: dict[str, Any]) -> None:
    hits = [h for h in search.search(world["ani"], "pelayanan KTP")["hits"] if h.kind == "thread"]
    assert hits[0].pk == world["t1"].pk  # both words, several times
    assert "<mark>pelayanan</mark>" in hits[0].snippet
    ranks = [h.rank for h in search.search(world["ani"], "layanan")["hits"]]
    assert ranks == sorted(ranks, reverse=True)


def test_every_word_must_match(world: dict[str, Any]) -> None:
    hits = search.search(world["ani"], "anggaran aplikasi")["hits"]
    assert {h.pk for h in hits if h.kind == "thread"} == set()  # no single post has both
    hits = search.search(world["ani"], "menyusun anggaran")["hits"]
    assert [h.pk for h in hits if h.kind == "thread"] == [world["t2"].pk]


def test_query_is_inert(world: dict[str, Any]) -> None:
    for q in ["' OR 1=1 --", "layanan & | ! ( ) :*", "%", "_", "<script>", ""]:
        search.search(world["ani"], q)  # no error, no injection


def test_researchers_find_nothing(world: dict[str, Any]) -> None:
    assert search.search(UserFactory(role=Role.RESEARCHER), "layanan")["hits"] == []


def test_search_query_count_is_fixed(
    world: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    ani = world["ani"]
    cat = CategoryFactory()
    for i in range(30):
        make_thread(author=ani, category=cat, title=f"Layanan {i}", body="pelayanan publik")
    with django_assert_max_num_queries(6):
        hits = search.search(ani, "layanan")["hits"]
    assert len(hits) >= 20
