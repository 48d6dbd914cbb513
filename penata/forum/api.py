"""API of the forum: search threads and practices, read a thread, reply, read notifications.

A refused action (:class:`~penata.forum.services.ForumError`) answers ``{"code", "message"}``
in Indonesian: 403 when it is about who acts, 429 when the posting rate limit is hit, 409
otherwise.

No ``from __future__ import annotations`` here: Ninja reads the parameter annotations through
the ``api_require`` wrapper, whose globals are not this module's.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import Field

from penata.core.api import api_require
from penata.core.api_errors import declare_errors
from penata.core.roles import Perm
from penata.forum import search, selectors, services
from penata.forum.services import FORBIDDEN_CODES, ForumError

router = Router(tags=["forum"])


class ForumHttpError(HttpError):
    def __init__(self, exc: ForumError) -> None:
        status = 403 if exc.code in FORBIDDEN_CODES else 429 if exc.code == "rate_limited" else 409
        super().__init__(status, exc.message)
        self.code = exc.code


class SearchIn(Schema):
    q: str = Field("", max_length=200, description="Kata yang dicari; kosong: tanpa hasil.")


class HitOut(Schema):
    kind: str
    id: int
    title: str
    snippet_html: str
    rank: float
    url: str


class SearchOut(Schema):
    terms: list[str]
    engine: str
    hits: list[HitOut]


@router.get("/forum/search", response=SearchOut, summary="Cari utas dan praktik baik")
@api_require(Perm.FORUM_USE)
def search_api(request: HttpRequest, params: Query[SearchIn]) -> dict[str, Any]:
    result = search.search(request.auth, params.q)  # type: ignore[attr-defined]
    return {
        "terms": result["terms"],
        "engine": result["engine"],
        "hits": [
            {
                "kind": h.kind,
                "id": h.pk,
                "title": h.title,
                "snippet_html": h.snippet,
                "rank": h.rank,
                "url": h.url,
            }
            for h in result["hits"]
        ],
    }


class PostOut(Schema):
    id: int
    author: str
    body: str
    body_html: str
    created_at: dt.datetime
    edited_at: dt.datetime | None
    is_hidden: bool
    reactions: dict[str, int]


class ThreadOut(Schema):
    id: int
    title: str
    category: str
    is_locked: bool
    accepted_post_id: int | None
    posts: list[PostOut]


@router.get("/forum/threads/{thread_id}", response=ThreadOut, summary="Satu utas")
@api_require(Perm.FORUM_USE)
def thread_api(request: HttpRequest, thread_id: int) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    thread = (
        selectors.threads_visible_to(user).select_related("category").filter(pk=thread_id).first()
    )
    if thread is None:
        raise Http404
    posts = selectors.thread_page(user, thread)["posts"]
    return {
        "id": thread.pk,
        "title": thread.title,
        "category": thread.category.name,
        "is_locked": thread.is_locked,
        "accepted_post_id": thread.accepted_post_id,
        "posts": [
            {
                "id": p.pk,
                "author": p.author.display_name,
                "body": "" if p.is_hidden else p.body,
                "body_html": "" if p.is_hidden else p.body_html,
                "created_at": p.created_at,
                "edited_at": p.edited_at,
                "is_hidden": p.is_hidden,
                "reactions": {r["kind"]: r["count"] for r in p.reaction_rows},
            }
            for p in posts
        ],
    }


class ReplyIn(Schema):
    body: str = Field(..., min_length=1, max_length=20_000)


class ReplyOut(Schema):
    id: int
    thread_id: int
    body_html: str


@router.post(
    "/forum/threads/{thread_id}/posts",
    response={201: ReplyOut},
    summary="Balas utas",
    openapi_extra=declare_errors(429),
)
@api_require(Perm.FORUM_USE)
def reply_api(request: HttpRequest, thread_id: int, data: ReplyIn) -> Status[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    thread = selectors.threads_visible_to(user).filter(pk=thread_id).first()
    if thread is None:
        raise Http404
    try:
        post = services.post_reply(actor=user, thread=thread, body=data.body)
    except ForumError as exc:
        raise ForumHttpError(exc) from exc
    return Status(201, {"id": post.pk, "thread_id": thread.pk, "body_html": post.body_html})


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    created_at: dt.datetime
    read: bool
    thread_id: int | None
    practice_id: int | None


class NotificationsOut(Schema):
    unread: int
    items: list[NotificationOut]


@router.get("/forum/notifications", response=NotificationsOut, summary="Notifikasi saya")
@api_require(Perm.FORUM_USE)
def notifications_api(request: HttpRequest) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    rows = selectors.notifications_for(user)[:50]
    return {
        "unread": selectors.unread_count(user),
        "items": [
            {
                "id": n.pk,
                "kind": n.kind,
                "text": n.text,
                "created_at": n.created_at,
                "read": n.read_at is not None,
                "thread_id": n.thread_id,
                "practice_id": n.practice_id,
            }
            for n in rows
        ],
    }
