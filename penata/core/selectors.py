"""Reads shared by pages and the API, scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from penata.core.access import has_perm
from penata.core.models import AuditEvent, TaskProgress
from penata.core.roles import Perm


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    if not has_perm(user, Perm.AUDIT_VIEW):
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("actor")


def task_progress_visible_to(user: Any) -> QuerySet[TaskProgress]:
    if not has_perm(user, Perm.TASK_VIEW_OWN):
        return TaskProgress.objects.none()
    return TaskProgress.objects.filter(owner=user)
