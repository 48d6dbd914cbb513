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
from penata.policy.selectors import documents_linkable_by, public_documents
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


def _documents_prefetch(documents: QuerySet[Any]) -> Prefetch:
    return Prefetch(
        "policy_documents",
        queryset=documents.only("pk", "title", "status").order_by("title", "pk"),
    )


def outputs_visible_to(user: Any) -> QuerySet[Output]:
    """Outputs ``user`` may read, with their topics and the policy documents ``user`` may know
    of prefetched (three queries whatever the number of outputs and links)."""
    qs = Output.objects.select_related("institution").prefetch_related(
        Prefetch("topics", queryset=PolicyTopic.objects.order_by("order", "title")),
        _documents_prefetch(documents_linkable_by(user)),
    )
    if has_perm(user, Perm.RESEARCH_REVIEW):
        return qs
    if has_perm(user, Perm.RESEARCH_REQUEST):
        inst = _institution_id(user)
        return qs.filter(Q(status=Output.Status.PUBLISHED) | Q(institution_id=inst))
    if has_perm(user, Perm.RESEARCH_DASHBOARD):
        return qs
    return qs.none()


def outputs_linkable_by(user: Any) -> QuerySet[Output]:
    """Outputs whose policy documents ``user`` may change: BKPP and the policy team (which
    links research to its documents) every output, a researcher their institution's."""
    qs = outputs_visible_to(user)
    if has_perm(user, Perm.RESEARCH_REVIEW) or has_perm(user, Perm.POLICY_MANAGE):
        return qs
    if has_perm(user, Perm.RESEARCH_REQUEST):
        inst = _institution_id(user)
        return qs.filter(institution_id=inst) if inst else qs.none()
    return qs.none()


def public_outputs() -> list[dict[str, Any]]:
    """Published research outputs for the public portal: title, summary, recommendations,
    institution, the policy topics as text and the public policy documents it informs (title
    and status only). No personal data (no author, no account, no file path). Three
    queries."""
    rows = (
        Output.objects.filter(status=Output.Status.PUBLISHED)
        .select_related("institution")
        .prefetch_related(
            Prefetch("topics", queryset=PolicyTopic.objects.order_by("order", "title")),
            _documents_prefetch(public_documents()),
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
            "policy_documents": [
                {"title": d.title, "status": str(d.get_status_display())}
                for d in o.policy_documents.all()
            ],
            "published_on": o.published_at.date().isoformat() if o.published_at else None,
        }
        for o in rows
    ]


def published_outputs_informing(document: Any) -> QuerySet[Output]:
    """The published outputs linked to a policy document (for its page in the workspace):
    newest first, with the institution."""
    return (
        Output.objects.filter(status=Output.Status.PUBLISHED, policy_documents=document)
        .select_related("institution")
        .order_by("-published_at", "-id")
    )
