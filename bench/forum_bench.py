"""Forum benchmarks: search over many posts (``forum_search``) and the thread page
(``forum_thread_page``).

``forum_search`` fills the forum with synthetic posts whose words are Indonesian with their
affixes (*pelayanan, dilayani, pengaduan, memperbaiki…*), stemmed for the index exactly as the
services do, and times :func:`penata.forum.search.search` (threads and practices, ranked and
highlighted) for a set of queries: median and p95 latency. On PostgreSQL it runs over
1,000,000 posts at the ``city`` and ``national`` scales (full-text search over the stored
tsvector and its GIN index, whose use for a rare query is checked with ``EXPLAIN``); on SQLite
there is no GIN, so the fallback (``LIKE`` on the stemmed text, ranked in Python) runs at a
smaller scale and the JSON says so. Both rank among the newest matches (5,000 on PostgreSQL,
500 on SQLite). The baseline
in the same run is the naive search a forum without an index would do — a case-insensitive
substring match on the raw text (which also misses the affixed forms) — timed a few times;
the ratio is baseline / indexed median.

``forum_thread_page`` renders a thread with 200 replies, reactions and attachments through the
real view and counts its queries (must not grow with the number of posts).
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.timing import repeat

POSTS_PG = {"small": 50_000, "city": 1_000_000, "national": 1_000_000}
POSTS_SQLITE = {"small": 10_000, "city": 100_000, "national": 200_000}
POSTS_PER_THREAD = 10
QUERIES = [
    "layanan",
    "pelayanan antrean",
    "pengaduan warga",
    "perbaikan jalan kelurahan",
    "pelatihan digital",
    "kebijakan kepegawaian",
    "jemput bola lansia",
    "perizinan",
]
RUNS = 15


def _words(text: str) -> list[str]:
    return text.split()


# Words the synthetic posts are made of: affixed forms whose stems the queries hit, and filler.
CONTENT = _words(
    "pelayanan layanan melayani dilayani pelayan antrean antrian pengaduan aduan "
    "mengadukan perbaikan memperbaiki diperbaiki jalan kelurahan kecamatan warga "
    "masyarakat pelatihan latihan melatih digital digitalisasi aplikasi kebijakan bijak "
    "kepegawaian pegawai perizinan izin mengizinkan jemput bola lansia disabilitas "
    "pendataan data puskesmas sekolah anggaran penganggaran pengadaan aset laporan "
    "pelaporan melaporkan rapat koordinasi sosialisasi inovasi berinovasi kesehatan sehat "
    "pendidikan didik"
)
FILLER = _words(
    "kami sudah mencoba cara ini dan hasilnya cukup baik untuk unit kerja setiap hari "
    "minggu bulan tahun lalu perlu dukungan pimpinan agar berjalan lancar mohon saran "
    "rekan semua"
)


def _clear() -> None:
    from penata.forum import models as fm

    with connection.cursor() as cursor:
        for model in (fm.Notification, fm.Reaction, fm.Attachment, fm.Report):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("UPDATE forum_thread SET accepted_post_id = NULL")
        for model in (fm.Post, fm.Thread):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _users(n: int) -> list[int]:
    from penata.core.models import User

    User.objects.bulk_create(
        [User(username=f"bench_forum_{i}", role="employee") for i in range(n)],
        ignore_conflicts=True,
    )
    return list(
        User.objects.filter(username__startswith="bench_forum_").values_list("pk", flat=True)
    )


def _generate(n_posts: int, *, seed: int = 7) -> dict[str, Any]:
    from django.utils import timezone

    from penata.core.bulk import insert_rows
    from penata.forum import rules
    from penata.forum.models import Category, Post, Thread

    rng = random.Random(seed)
    stem_of = {w: rules.stem(w) for w in CONTENT + FILLER}
    users = _users(200)
    cats = list(Category.objects.filter(kind="topic").values_list("pk", flat=True))
    now = timezone.now()
    n_threads = max(1, n_posts // POSTS_PER_THREAD)
    with transaction.atomic():
        insert_rows(
            Thread,
            (
                {
                    "category_id": cats[i % len(cats)],
                    "title": f"Utas bench {i} {' '.join(rng.sample(CONTENT, 3))}",
                    "author_id": users[i % len(users)],
                    "created_at": now,
                    "last_post_at": now,
                    "reply_count": POSTS_PER_THREAD - 1,
                    "is_locked": False,
                    "is_hidden": False,
                    "accepted_post_id": None,
                }
                for i in range(n_threads)
            ),
        )
    thread_ids = list(Thread.objects.order_by("pk").values_list("pk", flat=True))

    def rows() -> Any:
        for i in range(n_posts):
            words = rng.sample(CONTENT, rng.randint(2, 5)) + rng.sample(FILLER, rng.randint(8, 16))
            rng.shuffle(words)
            body = " ".join(words).capitalize() + "."
            yield {
                "thread_id": thread_ids[i // POSTS_PER_THREAD % len(thread_ids)],
                "author_id": users[i % len(users)],
                "body": body,
                "body_html": f"<p>{body}</p>",
                "search_text": " " + " ".join(stem_of[w] for w in words) + " ",
                "is_first": i % POSTS_PER_THREAD == 0,
                "created_at": now,
                "edited_at": None,
                "is_hidden": i % 500 == 0,
                "hidden_reason": "",
            }

    with transaction.atomic():
        n = insert_rows(Post, rows(), batch_size=20_000)
    return {"posts": n, "threads": n_threads, "authors": len(users)}


def _gin(action: str) -> float:
    """Drop or (re)build the GIN indexes of migration 0003 (PostgreSQL), as a bulk load would:
    the stored ``search_vector`` column stays (PostgreSQL fills it during ``COPY``); seconds."""
    import importlib

    mig = importlib.import_module("penata.forum.migrations.0003_search_gin")
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for table, name in mig.TABLES.items():
            if action == "drop":
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
            else:
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_vector)"
                )
    return time.perf_counter() - start


def _plan(user: Any, query: str) -> str:
    from django.contrib.postgres.search import SearchQuery

    from penata.forum import rules, selectors
    from penata.forum.search import PG_CANDIDATES, StoredVector

    terms = rules.query_stems(query)
    qs = (
        selectors.posts_visible_to(user)
        .alias(v=StoredVector())
        .filter(v=SearchQuery(" & ".join(terms), config="simple", search_type="raw"))
        .order_by("-pk")
        .values("pk")[:PG_CANDIDATES]
    )
    return qs.explain()


def _baseline(user: Any, query: str) -> tuple[float, int]:
    """The naive search: every word as a case-insensitive substring of the raw body."""
    from penata.forum import selectors

    qs = selectors.posts_visible_to(user)
    for word in query.split():
        qs = qs.filter(body__icontains=word)
    start = time.perf_counter()
    found = len(list(qs.order_by("-pk").values_list("pk", flat=True)[:60]))
    return time.perf_counter() - start, found


def forum_search(*, scale: str) -> dict[str, Any]:
    from penata.core.models import User
    from penata.forum import search

    pg = connection.vendor == "postgresql"
    n = (POSTS_PG if pg else POSTS_SQLITE)[scale]
    _clear()
    if pg:
        _gin("drop")
    start = time.perf_counter()
    sizes = _generate(n)
    generate_s = time.perf_counter() - start
    index_s = _gin("create") if pg else 0.0
    from penata.core.bulk import analyze
    from penata.forum.models import Post, Thread

    analyze(Post, Thread)
    user = User.objects.get(username="bench_forum_0")

    per_query: dict[str, Any] = {}
    samples: list[float] = []
    for q in QUERIES:
        search.search(user, q)  # warm
        hits = len(search.search(user, q)["hits"])
        t = repeat(lambda q=q: search.search(user, q), RUNS)
        per_query[q] = {**t, "hits": hits}
        samples.append(t["median_ms"])
    all_runs: list[float] = []
    for q in QUERIES:
        for _ in range(3):
            s = time.perf_counter()
            search.search(user, q)
            all_runs.append((time.perf_counter() - s) * 1000)
    all_runs.sort()
    median_ms = round(statistics.median(all_runs), 2)
    p95_ms = round(all_runs[min(len(all_runs) - 1, int(len(all_runs) * 0.95))], 2)

    with CaptureQueriesContext(connection) as ctx:
        search.search(user, "pelayanan antrean")
    queries = len(ctx.captured_queries)

    base_samples = []
    base_found = {}
    for q in QUERIES[:3]:
        secs, found = _baseline(user, q)
        base_samples.append(secs * 1000)
        base_found[q] = found
    base_median = round(statistics.median(base_samples), 2)

    out: dict[str, Any] = {
        **sizes,
        "engine": "postgresql full-text (GIN)" if pg else "sqlite fallback (LIKE + Python rank)",
        "generate_s": round(generate_s, 2),
        "gin_build_s": round(index_s, 2),
        "search_median_ms": median_ms,
        "search_p95_ms": p95_ms,
        "per_query": per_query,
        "queries_per_search": queries,
        "baseline": {
            "method": "naive icontains substring match on the raw body (no index, no stemming)",
            "median_ms": base_median,
            "found": base_found,
            "ratio": round(base_median / median_ms, 1) if median_ms else None,
        },
    }
    if pg:
        rare = _plan(user, "jemput bola lansia")
        common = _plan(user, "layanan")
        out["gin_index_used_rare_query"] = "forum_post_search_gin" in rare
        out["plan_rare_query"] = rare.splitlines()[:8]
        out["plan_common_query"] = common.splitlines()[:8]
    else:
        out["note"] = (
            f"SQLite: no GIN index; the fallback runs over {n:,} posts. The 1,000,000-post "
            "figure is measured on PostgreSQL (PENATA_DATABASE_URL=postgres://…/penata_bench)."
        )
    return out


def forum_thread_page(*, scale: str) -> dict[str, Any]:
    """A thread of 200 replies with reactions and attachments, rendered by the real view."""
    from django.core.files.base import ContentFile
    from django.test import Client
    from django.utils import timezone

    from penata.core.models import User
    from penata.forum import rules
    from penata.forum.models import Attachment, Category, Post, Reaction, Thread

    users = _users(20)
    people = list(User.objects.filter(pk__in=users))
    cat = Category.objects.filter(kind="topic").first()
    assert cat is not None

    def build(replies: int) -> Thread:
        thread = Thread.objects.create(
            category=cat,
            title=f"Utas halaman {replies}",
            author=people[0],
            last_post_at=timezone.now(),
        )
        posts = [
            Post(
                thread=thread,
                author=people[i % len(people)],
                body=f"Balasan **{i}** tentang pelayanan.",
                body_html=rules.render_markdown(f"Balasan **{i}** tentang pelayanan."),
                search_text=rules.index_text(f"Balasan {i} tentang pelayanan"),
                is_first=i == 0,
            )
            for i in range(replies + 1)
        ]
        Post.objects.bulk_create(posts)
        saved = list(Post.objects.filter(thread=thread))
        Reaction.objects.bulk_create(
            [
                Reaction(post=p, user=people[(k + j) % len(people)], kind="suka")
                for k, p in enumerate(saved)
                for j in range(1, 4)
            ]
        )
        for p in saved[:: max(1, len(saved) // 10)]:
            Attachment.objects.create(
                post=p,
                file=ContentFile(b"%PDF-1.4 bench", name="bench.pdf"),
                name="bench.pdf",
                kind="pdf",
                size=14,
                uploaded_by=people[0],
            )
        return thread

    client = Client()
    client.force_login(people[0])
    results = {}
    for replies in (10, 200):
        thread = build(replies)
        url = f"/forum/utas/{thread.pk}/"
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            resp = client.get(url)
        assert resp.status_code == 200
        results[replies] = {
            "queries": len(ctx.captured_queries),
            **repeat(lambda url=url: client.get(url), 5),
        }
    return {
        "thread_10_replies": results[10],
        "thread_200_replies": results[200],
        "queries_constant": results[10]["queries"] == results[200]["queries"],
    }
