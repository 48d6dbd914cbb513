"""Every read of research partnerships, scoped to the user.

A researcher sees only their institution's requests, releases and outputs (and published
outputs); BKPP sees everything; the policy team sees outputs. No selector here returns a
person's data: releases are files of pseudonymised, generalised records.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.research.models import DataRequest, Download, Output, PolicyTopic, Release


def _institution_id(user: Any) -> int | None:
    from penata.research.models import Researcher

    pk = getattr(user, "pk", None)
    if pk is None:
        return None
    return Researcher.objects.filter(user_id=pk).values_list("institution_id", flat=True).first()


def requests_visible_to(user: Any) -> QuerySet[DataRequest]:
    qs = DataRequest.objects.select_related("institution", "submitted_by", "decided_by")
    if has_perm(user, Perm.RESEARCH_REVIEW):
        return qs
    if has_perm(user, Perm.RESEARCH_VIEW):
        inst = _institution_id(user)
        return qs.filter(institution_id=inst) if inst else qs.none()
    return qs.none()


def releases_visible_to(user: Any) -> QuerySet[Release]:
    return Release.objects.select_related("request__institution", "progress").filter(
        request__in=requests_visible_to(user)
    )


def downloads_of(release: Release) -> QuerySet[Download]:
    return Download.objects.filter(release=release).select_related("user")


def outputs_visible_to(user: Any) -> QuerySet[Output]:
    qs = Output.objects.select_related("institution").prefetch_related(
        Prefetch("topics", queryset=PolicyTopic.objects.order_by("order", "title"))
    )
    if has_perm(user, Perm.RESEARCH_REVIEW):
        return qs
    if has_perm(user, Perm.RESEARCH_REQUEST):
        inst = _institution_id(user)
        return qs.filter(Q(status=Output.Status.PUBLISHED) | Q(institution_id=inst))
    if has_perm(user, Perm.RESEARCH_DASHBOARD):
        return qs
    return qs.none()


def public_outputs() -> list[dict[str, Any]]:
    """Published research outputs for the public portal: title, summary, recommendations,
    institution and the policy topics as text. No personal data (no author, no account, no
    file path). Two queries."""
    rows = (
        Output.objects.filter(status=Output.Status.PUBLISHED)
        .select_related("institution")
        .prefetch_related(
            Prefetch("topics", queryset=PolicyTopic.objects.order_by("order", "title"))
        )
        .order_by("-published_at", "-id")
    )
    return [
        {
            "id": o.pk,
            "title": o.title,
            "summary": o.summary,
            "recommendations": o.recommendations,
            "institution": o.institution.name,
            "policy_items": [t.title for t in o.topics.all()],
            "published_on": o.published_at.date().isoformat() if o.published_at else None,
        }
        for o in rows
    ]
