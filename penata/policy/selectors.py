"""Reads of the policy workspace shared by pages and the API.

* holders of :attr:`Perm.POLICY_VIEW` (policy team, administrators, BKPP) see the workspace;
* a policy document is public once it leaves the draft stage (consultation, adopted, revised):
  :func:`public_documents` is what anyone else may know of — its title and status, for
  example on a research output that informs it — and :func:`documents_linkable_by` is the
  set a user may link a research output to;
* everyone, signed in or not, sees open consultations and the *approved* comments with the
  team's responses — through :func:`public_comments`, which selects no e-mail, IP or account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.policy import indicators
from penata.policy.models import (
    Activity,
    Comment,
    CommentStatus,
    Consultation,
    DocumentStatus,
    Indicator,
    IndicatorYear,
    PolicyDocument,
    TeamMember,
)


def documents_visible_to(user: Any) -> QuerySet[PolicyDocument]:
    if not has_perm(user, Perm.POLICY_VIEW):
        return PolicyDocument.objects.none()
    return PolicyDocument.objects.annotate(n_versions=Count("versions"))


def public_documents() -> QuerySet[PolicyDocument]:
    """Documents the public may know of: every status but a draft. A draft is the team's
    working text (a document moved back from consultation to draft is private again)."""
    return PolicyDocument.objects.exclude(status=DocumentStatus.DRAFT)


def documents_linkable_by(user: Any) -> QuerySet[PolicyDocument]:
    """Documents ``user`` may see by title and status outside the workspace, and so link a
    research output to: every document for the workspace (:attr:`Perm.POLICY_VIEW`), the
    public (non-draft) documents for anyone else."""
    if has_perm(user, Perm.POLICY_VIEW):
        return PolicyDocument.objects.all()
    return public_documents()


def team(user: Any) -> QuerySet[TeamMember]:
    if not has_perm(user, Perm.POLICY_VIEW):
        return TeamMember.objects.none()
    return TeamMember.objects.select_related("user").order_by("-is_active", "team_role", "pk")


def activities_visible_to(user: Any) -> QuerySet[Activity]:
    if not has_perm(user, Perm.POLICY_VIEW):
        return Activity.objects.none()
    return Activity.objects.select_related("owner__user", "document")


def consultations_visible_to(user: Any) -> QuerySet[Consultation]:
    if not has_perm(user, Perm.POLICY_VIEW):
        return Consultation.objects.none()
    return Consultation.objects.select_related("version__document").annotate(
        n_comments=Count("comments", filter=~Q(comments__status=CommentStatus.UNCONFIRMED)),
        n_pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)),
    )


def open_consultations(today: dt.date | None = None) -> QuerySet[Consultation]:
    """Consultations open today, for the public portal to list (title, slug, dates, the
    document's title). Anyone may see these."""
    today = today or timezone.localdate()
    return (
        Consultation.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .select_related("version__document")
        .order_by("closes_on", "pk")
    )


def public_consultations() -> QuerySet[Consultation]:
    """Every consultation that has opened (open or closed), newest first."""
    return (
        Consultation.objects.filter(opens_on__lte=timezone.localdate())
        .select_related("version__document")
        .order_by("-opens_on", "-pk")
    )


PUBLIC_COMMENT_FIELDS = (
    "pk",
    "consultation_id",
    "section",
    "section_title",
    "body",
    "kind",
    "name",
    "show_name",
    "organisation_id",
    "organisation__name",
    "response",
    "response_reason",
    "created_at",
    "responded_at",
)


def public_comments(consultation: Consultation) -> QuerySet[Comment]:
    """Approved comments with only the fields a public page may show (no e-mail, IP hash,
    account or moderator)."""
    return (
        Comment.objects.filter(consultation=consultation, status=CommentStatus.APPROVED)
        .select_related("organisation")
        .only(*[f for f in PUBLIC_COMMENT_FIELDS if f != "organisation__name"])
        .order_by("section", "created_at", "pk")
    )


# --- indicators --------------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    year: int
    target: Decimal | None
    actual: float | None
    computed: bool
    source_label: str
    origin: str = ""  # "computed", "manual" or "" (no value yet)

    @property
    def achieved(self) -> bool | None:
        if self.target is None or self.actual is None:
            return None
        if self.indicator.higher_is_better:
            return self.actual >= float(self.target)
        return self.actual <= float(self.target)

    @property
    def percent(self) -> float | None:
        if self.target in (None, 0) or self.actual is None:
            return None
        return round(100 * self.actual / float(self.target), 1)


def indicator_table(year: int) -> list[IndicatorRow]:
    """Every indicator with its target and actual value for ``year``; computed sources run
    once per indicator (each a handful of set-based queries)."""
    inds = list(Indicator.objects.all())
    rows_by = {
        r.indicator_id: r for r in IndicatorYear.objects.filter(year=year, indicator__in=inds)
    }
    out = []
    for ind in inds:
        row = rows_by.get(ind.pk)
        computed = ind.source in indicators.REGISTRY
        manual = float(row.actual) if row and row.actual is not None else None
        actual, origin = indicators.resolve(ind.source, year, manual)
        label = str(indicators.source_label(ind.source))
        if computed and origin == "manual":
            computed = False
            label = str(_("Isian manual tim (sumber otomatis belum punya data tahun ini)"))
        out.append(
            IndicatorRow(ind, year, row.target if row else None, actual, computed, label, origin)
        )
    return out


def indicator_series(indicator: Indicator) -> dict[str, Any]:
    """Targets and actual values over the years that have a target (the chart's data)."""
    rows = list(IndicatorYear.objects.filter(indicator=indicator).order_by("year"))
    labels, targets, actuals, origins = [], [], [], []
    for r in rows:
        labels.append(str(r.year))
        targets.append(float(r.target) if r.target is not None else None)
        value, origin = indicators.resolve(
            indicator.source, r.year, float(r.actual) if r.actual is not None else None
        )
        actuals.append(value)
        origins.append(origin)
    return {
        "labels": labels,
        "target": targets,
        "actual": actuals,
        "origins": origins,
        "rows": rows,
    }
