"""Reads of the forum shared by pages and the API, scoped to the reader.

Hidden threads and posts are left out for everyone but moderators (who see them marked);
curated practices are the library; a submitter also sees their own submissions; the public sees
only published ones. Every function reads a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.forum.models import (
    Attachment,
    Category,
    CategoryKind,
    Notification,
    Post,
    Practice,
    PracticeStatus,
    Reaction,
    ReactionKind,
    Thread,
)


def is_moderator(user: Any) -> bool:
    return has_perm(user, Perm.FORUM_MODERATE)


def threads_visible_to(user: Any) -> QuerySet[Thread]:
    if not has_perm(user, Perm.FORUM_USE):
        return Thread.objects.none()
    qs = Thread.objects.filter(category__is_active=True)
    return qs if is_moderator(user) else qs.filter(is_hidden=False)


def posts_visible_to(user: Any) -> QuerySet[Post]:
    if not has_perm(user, Perm.FORUM_USE):
        return Post.objects.none()
    if is_moderator(user):
        return Post.objects.filter(thread__category__is_active=True)
    return Post.objects.filter(
        is_hidden=False, thread__is_hidden=False, thread__category__is_active=True
    )


def categories_with_counts(user: Any) -> dict[str, list[Category]]:
    """The active categories with their visible thread counts, by kind. One query."""
    visible = Q(threads__is_hidden=False) if not is_moderator(user) else Q()
    rows = list(
        Category.objects.filter(is_active=True)
        .select_related("opd")
        .annotate(n_threads=Count("threads", filter=visible))
        .order_by("kind", "order", "name")
    )
    return {
        "topic": [c for c in rows if c.kind == CategoryKind.TOPIC],
        "opd": [c for c in rows if c.kind == CategoryKind.OPD],
    }


def thread_list(user: Any, category: Category | None = None) -> QuerySet[Thread]:
    qs = threads_visible_to(user).select_related("author", "category")
    if category is not None:
        qs = qs.filter(category=category)
    return qs.order_by("-last_post_at", "-id")


def thread_page(user: Any, thread: Thread) -> dict[str, Any]:
    """A thread's posts with authors (and their unit), attachments, reaction counts and the
    reader's own reactions. A fixed number of queries whatever the number of posts."""
    posts = list(
        posts_visible_to(user)
        .filter(thread=thread)
        .select_related("author__employee__org_unit")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("created_at", "id")
    )
    ids = [p.pk for p in posts]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for post_id, kind, n in (
        Reaction.objects.filter(post_id__in=ids)
        .values_list("post_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[post_id][kind] = n
    mine: dict[int, set[str]] = defaultdict(set)
    for post_id, kind in Reaction.objects.filter(post_id__in=ids, user=user).values_list(
        "post_id", "kind"
    ):
        mine[post_id].add(kind)
    for p in posts:
        p.reaction_rows = [  # type: ignore[attr-defined]
            {
                "kind": k.value,
                "label": k.label,
                "count": counts[p.pk].get(k.value, 0),
                "mine": k.value in mine[p.pk],
            }
            for k in ReactionKind
        ]
    return {"posts": posts}


def unread_count(user: Any) -> int:
    if not has_perm(user, Perm.FORUM_USE):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("actor", "thread", "practice")


# --- best practices ---------------------------------------------------------------------------


def practices_visible_to(user: Any) -> QuerySet[Practice]:
    """The library (curated) for every forum user; curators see every status; a submitter also
    sees their own."""
    if not has_perm(user, Perm.FORUM_USE):
        return Practice.objects.none()
    if has_perm(user, Perm.PRACTICE_CURATE):
        return Practice.objects.all()
    return Practice.objects.filter(Q(status=PracticeStatus.CURATED) | Q(submitted_by=user))


def practices_public() -> QuerySet[Practice]:
    return Practice.objects.filter(status=PracticeStatus.CURATED, is_public=True)


def practice_facets(qs: QuerySet[Practice]) -> dict[str, Any]:
    """Counts per topic, OPD and tag of the curated practices in ``qs`` (three queries)."""
    curated = qs.filter(status=PracticeStatus.CURATED)
    return {
        "topics": list(
            curated.values("topic_id", "topic__name")
            .annotate(n=Count("pk"))
            .order_by("topic__name")
        ),
        "opds": list(
            curated.values("opd_id", "opd__name").annotate(n=Count("pk")).order_by("opd__name")
        ),
        "tags": list(
            curated.filter(tags__isnull=False)
            .values("tags__slug", "tags__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "tags__name")[:30]
        ),
    }
