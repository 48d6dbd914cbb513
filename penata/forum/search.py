"""Search across threads and best practices, ranked and highlighted.

Both sides are stemmed by :func:`penata.forum.rules.index_text` (stored in ``search_text``) and
:func:`penata.forum.rules.query_stems`, so the Indonesian affixes do not matter (see the stemmer
in :mod:`penata.forum.rules`).

- **PostgreSQL:** full-text search over ``to_tsvector('simple', search_text)`` — the ``simple``
  configuration, because the text is already stemmed and lowercased — matched with a
  ``to_tsquery`` of the stems joined by AND (``&``), ranked with ``ts_rank`` (SearchRank) and
  served by GIN expression indexes (migration 0003, created only on PostgreSQL).
- **SQLite (fallback):** every stem must appear as a whole word (``search_text LIKE '% stem %'``,
  the stored text is space-padded); the newest 500 candidates are ranked in Python by
  :func:`penata.forum.rules.score` (term frequency, a title match weighs more, normalised by
  length).

Highlighting is done in Python for both (:func:`penata.forum.rules.highlight`): PostgreSQL's
``ts_headline`` would compare the query's stems with the unstemmed words of the original text
and mark nothing, while ours marks every word whose stem matches (*pelayanan* and *dilayani*
for the query *layanan*). Only the shown page of results is highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import F, QuerySet

from penata.forum import rules, selectors
from penata.forum.models import Post, Practice

FALLBACK_CANDIDATES = 500
LIMIT = 20


@dataclass
class Hit:
    kind: str  # "thread" or "practice"
    pk: int
    title: str
    snippet: str
    rank: float
    url: str
    meta: str = ""


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_ranked(qs: QuerySet[Any], terms: list[str], limit: int) -> list[tuple[int, float]]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("search_text", config="simple")
    query = SearchQuery(" & ".join(terms), config="simple", search_type="raw")
    return list(
        qs.alias(v=vector)
        .filter(v=query)
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "-pk")
        .values_list("pk", "rank")[:limit]
    )


def _fallback_ranked(
    qs: QuerySet[Any], terms: list[str], limit: int, title_field: str
) -> list[tuple[int, float]]:
    for term in terms:
        qs = qs.filter(search_text__contains=f" {term} ")
    rows = list(
        qs.annotate(t=F(title_field))
        .order_by("-pk")
        .values_list("pk", "search_text", "t")[:FALLBACK_CANDIDATES]
    )
    scored = [(pk, rules.score(text, terms, title=title or "")) for pk, text, title in rows]
    scored.sort(key=lambda r: (-r[1], -r[0]))
    return scored[:limit]


def ranked_ids(
    qs: QuerySet[Any], terms: list[str], *, limit: int = LIMIT, title_field: str
) -> list[tuple[int, float]]:
    """``(pk, rank)`` of the best matches of ``qs`` for the stems, best first."""
    if not terms:
        return []
    if is_postgres():
        return _pg_ranked(qs, terms, limit)
    return _fallback_ranked(qs, terms, limit, title_field)


def search(
    user: Any, query: str, *, limit: int = LIMIT, kinds: tuple[str, ...] = ("thread", "practice")
) -> dict[str, Any]:
    """Threads (through their posts) and practices matching ``query`` for ``user``, merged by
    rank, with highlighted snippets. A fixed number of queries."""
    from django.urls import reverse

    terms = rules.query_stems(query)
    hits: list[Hit] = []
    if terms and "thread" in kinds:
        posts = selectors.posts_visible_to(user)
        ranked = ranked_ids(posts, terms, limit=limit * 3, title_field="thread__title")
        rank_of = dict(ranked)
        rows = {
            p.pk: p
            for p in Post.objects.filter(pk__in=list(rank_of)).select_related(
                "thread__category", "author"
            )
        }
        seen: set[int] = set()
        for pk, rank in ranked:
            post = rows.get(pk)
            if post is None or post.thread_id in seen:
                continue
            seen.add(post.thread_id)
            hits.append(
                Hit(
                    kind="thread",
                    pk=post.thread_id,
                    title=post.thread.title,
                    snippet=rules.highlight(rules.plain_text(post.body), terms),
                    rank=float(rank),
                    url=reverse("forum:thread", args=[post.thread_id]) + f"#post-{post.pk}",
                    meta=post.thread.category.name,
                )
            )
            if len(seen) >= limit:
                break
    if terms and "practice" in kinds:
        practices = selectors.practices_visible_to(user)
        ranked = ranked_ids(practices, terms, limit=limit, title_field="title")
        rows_p = {
            p.pk: p
            for p in Practice.objects.filter(pk__in=[pk for pk, _r in ranked]).select_related(
                "opd", "topic"
            )
        }
        for pk, rank in ranked:
            pr = rows_p.get(pk)
            if pr is None:
                continue
            text = " ".join([pr.problem, pr.practice, pr.result])
            hits.append(
                Hit(
                    kind="practice",
                    pk=pk,
                    title=pr.title,
                    snippet=rules.highlight(text, terms),
                    rank=float(rank),
                    url=reverse("forum:practice_detail", args=[pk]),
                    meta=f"{pr.topic.name} · {pr.opd.name}",
                )
            )
    hits.sort(key=lambda h: -h.rank)
    return {"terms": terms, "hits": hits[: limit * 2], "engine": connection.vendor}
