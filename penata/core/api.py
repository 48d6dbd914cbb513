"""API operations of the core: who am I, the audit log, task progress."""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from penata.core.access import has_perm
from penata.core.models import AuditEvent, TaskProgress
from penata.core.roles import ROLE_PERMS, Perm, Role
from penata.core.selectors import audit_events_visible_to, task_progress_visible_to

F = TypeVar("F", bound=Callable[..., Any])

router = Router(tags=["inti"])


class BoundedPagination(LimitOffsetPagination):
    """Limit/offset paging with bounds: out-of-range values are a 422, not a server error."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000, description="baris per halaman (1–1000)")
        offset: int = Field(0, ge=0, le=10_000_000, description="lewati sekian baris")


def api_require(perm: Perm) -> Callable[[F], F]:
    """Refuse the operation (403) unless the caller holds ``perm``."""

    def decorator(func: F) -> F:
        import functools

        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not has_perm(request.auth, perm):  # type: ignore[attr-defined]
                raise PermissionDenied(str(perm))
            return func(request, *args, **kwargs)

        wrapper.penata_perm = perm  # type: ignore[attr-defined]  # read by api_matrix
        return wrapper  # type: ignore[return-value]

    return decorator


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    role_label: str
    permissions: list[str]


@router.get("/me", response=MeOut, summary="Akun saya")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "role_label": str(Role(user.role).label),
        "permissions": sorted(ROLE_PERMS.get(user.role, frozenset())),
    }


class AuditEventOut(Schema):
    id: int
    created_at: dt.datetime
    actor: str = Field(alias="actor_label")
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any | None
    after: Any | None
    note: str
    request_id: str


class AuditFilter(Schema):
    action: str | None = Field(None, max_length=100)
    actor: str | None = Field(None, max_length=150)
    object_type: str | None = Field(None, max_length=100)
    object_id: str | None = Field(None, max_length=64)
    since: dt.date | None = None
    until: dt.date | None = None


@router.get("/audit", response=list[AuditEventOut], summary="Log audit")
@api_require(Perm.AUDIT_VIEW)
@paginate(BoundedPagination)
def audit_list(request: HttpRequest, filters: Query[AuditFilter]) -> Any:
    qs = audit_events_visible_to(request.auth)  # type: ignore[attr-defined]
    if filters.action:
        qs = qs.filter(action__istartswith=filters.action)
    if filters.actor:
        qs = qs.filter(actor_label__iexact=filters.actor)
    if filters.object_type:
        qs = qs.filter(object_type__iexact=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    if filters.since:
        qs = qs.filter(created_at__date__gte=filters.since)
    if filters.until:
        qs = qs.filter(created_at__date__lte=filters.until)
    return qs


class TaskProgressOut(Schema):
    id: uuid.UUID
    kind: str
    label: str
    status: str
    total: int
    done: int
    percent: int
    message: str
    result: Any | None


@router.get("/tasks/{progress_id}", response=TaskProgressOut, summary="Kemajuan tugas latar")
@api_require(Perm.TASK_VIEW_OWN)
def task_detail(request: HttpRequest, progress_id: uuid.UUID) -> TaskProgress:
    progress = task_progress_visible_to(request.auth).filter(pk=progress_id).first()  # type: ignore[attr-defined]
    if progress is None:
        raise Http404
    return progress


__all__ = ["AuditEvent", "api_require", "router"]
