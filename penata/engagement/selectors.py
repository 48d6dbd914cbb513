"""Reads of change management shared by pages, the API and exports, scoped to the user.

Readiness is reported per OPD (the groups partition the respondents) and for the city, from
closed waves only, with the anonymity rule of :func:`penata.engagement.rules.suppressed_groups`
applied over *all* OPDs before any scoping, so every reader sees the same hidden cells.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.engagement import rules
from penata.engagement.models import (
    Announcement,
    AnsweredMarker,
    Attendance,
    Campaign,
    Champion,
    EngagementSettings,
    Event,
    FollowUpAction,
    Invitation,
    SurveyResponse,
    SurveyWave,
    WaveStatus,
)
from penata.workforce.models import Employee, OrgUnit

DIMS = [d.value for d in rules.DIMENSIONS]


def _employee(user: Any) -> Employee | None:
    if not getattr(user, "employee_id", None):
        return None
    return Employee.objects.select_related("org_unit").filter(pk=user.employee_id).first()


# --- scope -------------------------------------------------------------------------------------


def sees_all(user: Any) -> bool:
    return has_perm(user, Perm.ENGAGEMENT_MANAGE)


def unit_scope(user: Any) -> OrgUnit | None:
    """The operator's unit (they see it and below); None for those who see everything."""
    if sees_all(user):
        return None
    return getattr(user, "org_unit", None)


def opds_visible_to(user: Any) -> QuerySet[OrgUnit]:
    """OPDs whose readiness, attendance and follow-ups the user sees: all of them for the
    managers, the OPDs at or below an operator's unit, none otherwise."""
    opds = OrgUnit.objects.filter(opd_id=F("pk"))
    if not has_perm(user, Perm.ENGAGEMENT_STATS):
        return opds.none()
    if sees_all(user):
        return opds
    unit = unit_scope(user)
    if unit is None:
        return opds.none()
    return opds.filter(path__startswith=unit.path)


def units_visible_to(user: Any) -> QuerySet[OrgUnit]:
    if not has_perm(user, Perm.ENGAGEMENT_STATS):
        return OrgUnit.objects.none()
    unit = unit_scope(user)
    if sees_all(user):
        return OrgUnit.objects.all()
    if unit is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=unit.path)


# --- what an ASN sees --------------------------------------------------------------------------


def _targets_q(employee: Employee | None) -> Q:
    """Rows (campaigns, waves) with no target unit, or targeting the person's unit or one above
    it."""
    q = Q(target_units__isnull=True)
    if employee is not None:
        ancestors = [int(x) for x in employee.org_unit.path.strip("/").split("/") if x]
        q |= Q(target_units__in=ancestors)
    return q


def campaigns_for(user: Any, today: dt.date | None = None) -> list[Campaign]:
    """Running campaigns that reach the user: (no target unit, or the user's unit or one above
    it is targeted) and (no target role, or the user's role is targeted). Two queries."""
    if not has_perm(user, Perm.ENGAGEMENT_PARTICIPATE):
        return []
    today = today or timezone.localdate()
    role = getattr(user, "role", "")
    running = (
        Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today)
        .filter(_targets_q(_employee(user)))
        .distinct()
        .order_by("-starts_on", "-pk")
    )
    return [c for c in running if not c.target_roles or role in c.target_roles]


def announcements_for(user: Any, today: dt.date | None = None) -> QuerySet[Announcement]:
    """Announcements of the running campaigns that reach the user, newest first."""
    ids = [c.pk for c in campaigns_for(user, today)]
    return (
        Announcement.objects.filter(campaign_id__in=ids)
        .select_related("campaign")
        .prefetch_related("campaign__materials")
    )


def campaign_reaches(user: Any, campaign_id: int) -> bool:
    return sees_all(user) or any(c.pk == campaign_id for c in campaigns_for(user))


def events_visible_to(user: Any) -> QuerySet[Event]:
    """Managers: every event; everyone else: the events they are invited to."""
    if sees_all(user):
        return Event.objects.all()
    if not has_perm(user, Perm.ENGAGEMENT_PARTICIPATE) or not getattr(user, "employee_id", None):
        return Event.objects.none()
    return Event.objects.filter(invitations__employee_id=user.employee_id)


def open_waves_for(user: Any, today: dt.date | None = None) -> list[SurveyWave]:
    """Open waves in their window that target the user and that they have not answered."""
    if not has_perm(user, Perm.ENGAGEMENT_PARTICIPATE):
        return []
    employee = _employee(user)
    if employee is None:
        return []
    today = today or timezone.localdate()
    answered = AnsweredMarker.objects.filter(employee=employee).values("wave_id")
    return list(
        SurveyWave.objects.filter(status=WaveStatus.OPEN, opens_on__lte=today, closes_on__gte=today)
        .filter(_targets_q(employee))
        .exclude(pk__in=answered)
        .select_related("survey")
        .distinct()
        .order_by("closes_on", "pk")
    )


# --- readiness -----------------------------------------------------------------------------------


@dataclass
class ReadinessRow:
    opd_id: int | None
    name: str
    n: int
    hidden: bool
    dims: dict[str, float | None] = field(default_factory=dict)
    index: float | None = None


def _rows_from_aggregates(
    agg: list[dict[str, Any]], names: dict[int, str], k: int
) -> tuple[dict[int, ReadinessRow], ReadinessRow]:
    """OPD rows and the city row of one wave from its per-OPD aggregates (n and the mean of
    each dimension), the anonymity rule applied. The city mean is the respondent-weighted mean
    of the OPD means — the same number as averaging every respondent."""
    counts = {str(r["opd_id"]): r["n"] for r in agg}
    hidden = rules.suppressed_groups(counts, k)
    rows: dict[int, ReadinessRow] = {}
    for r in agg:
        is_hidden = str(r["opd_id"]) in hidden
        dims = {} if is_hidden else {d: _idx(r[d]) for d in DIMS}
        rows[r["opd_id"]] = ReadinessRow(
            r["opd_id"],
            names.get(r["opd_id"], "?"),
            r["n"],
            is_hidden,
            dims,
            None if is_hidden else rules.overall_index(dims),
        )
    total = sum(counts.values())
    city = ReadinessRow(None, "Kota Semarang", total, not rules.total_publishable(total, k))
    if not city.hidden:
        city.dims = {}
        for d in DIMS:
            weighted = [(r["n"], r[d]) for r in agg if r[d] is not None]
            n_d = sum(n for n, _m in weighted)
            city.dims[d] = _idx(sum(n * m for n, m in weighted) / n_d) if n_d else None
        city.index = rules.overall_index(city.dims)
    return rows, city


def _aggregates(waves: Any) -> dict[int, list[dict[str, Any]]]:
    """Per wave id, the per-OPD respondent count and dimension means. One grouped query."""
    out: dict[int, list[dict[str, Any]]] = {}
    for r in (
        SurveyResponse.objects.filter(wave__in=waves)
        .values("wave_id", "opd_id")
        .annotate(n=Count("pk"), **{d: Avg(d) for d in DIMS})
        .order_by()
    ):
        out.setdefault(r["wave_id"], []).append(dict(r))
    return out


def readiness_for_wave(wave: SurveyWave) -> tuple[dict[int, ReadinessRow], ReadinessRow]:
    """Every OPD's row and the city row for a closed wave, anonymity applied. One query for the
    aggregates and one for the names."""
    k = EngagementSettings.current().min_group_size
    if wave.status != WaveStatus.CLOSED:
        return {}, ReadinessRow(None, "Kota Semarang", 0, True)
    agg = _aggregates([wave.pk]).get(wave.pk, [])
    names = dict(
        OrgUnit.objects.filter(pk__in=[r["opd_id"] for r in agg]).values_list("pk", "name")
    )
    return _rows_from_aggregates(agg, names, k)


def _idx(mean: float | None) -> float | None:
    return None if mean is None else round(rules.likert_to_index(mean), 1)


def readiness_visible(
    user: Any, wave: SurveyWave
) -> tuple[list[ReadinessRow], ReadinessRow | None]:
    """The OPD rows the user may see (hidden cells stay hidden) and the city row for those who
    see every OPD (an operator gets no city row: their OPD and the city would be two
    overlapping groups whose difference is other OPDs' data — harmless, but not theirs)."""
    rows, city = readiness_for_wave(wave)
    visible = set(opds_visible_to(user).values_list("pk", flat=True))
    mine = sorted((r for k, r in rows.items() if k in visible), key=lambda r: r.name)
    return mine, (city if sees_all(user) else None)


def closed_waves() -> QuerySet[SurveyWave]:
    return (
        SurveyWave.objects.filter(status=WaveStatus.CLOSED)
        .select_related("survey")
        .order_by("opens_on", "number", "pk")
    )


def readiness_series(user: Any, opd_id: int | None) -> dict[str, Any]:
    """Per closed wave: the index per dimension of the city (``opd_id`` None, managers only) or
    of one visible OPD — the data of the chart over time."""
    labels: list[str] = []
    series: dict[str, list[float | None]] = {d: [] for d in [*DIMS, "index"]}
    if opd_id is not None and not opds_visible_to(user).filter(pk=opd_id).exists():
        return {"labels": [], "series": series}
    if opd_id is None and not sees_all(user):
        return {"labels": [], "series": series}
    k = EngagementSettings.current().min_group_size
    waves = list(closed_waves())
    by_wave = _aggregates([w.pk for w in waves])
    for wave in waves:
        rows, city = _rows_from_aggregates(by_wave.get(wave.pk, []), {}, k)
        row = city if opd_id is None else rows.get(opd_id)
        labels.append(f"{wave.survey.title} #{wave.number} ({wave.closes_on:%m/%Y})")
        for d in DIMS:
            series[d].append(None if row is None or row.hidden else row.dims.get(d))
        series["index"].append(None if row is None or row.hidden else row.index)
    return {"labels": labels, "series": series}


# --- attendance ----------------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    unit_id: int
    name: str
    invited: int
    attended: int
    rate: float | None


def attendance_by(
    user: Any, *, by: str = "opd", event_id: int | None = None
) -> list[AttendanceRow]:
    """Invitations and check-ins per OPD (``by="opd"``) or per unit, in the user's scope. Two
    grouped queries."""
    field = "opd" if by == "opd" else "org_unit"
    key = f"{field}_id"
    scope = {f"{field}__in": units_visible_to(user)}
    inv = Invitation.objects.filter(**scope)
    # only invited people count towards the rate
    att = Attendance.objects.filter(**scope).filter(
        event__invitations__employee_id=F("employee_id")
    )
    if event_id is not None:
        inv = inv.filter(event_id=event_id)
        att = att.filter(event_id=event_id)
    invited = dict(inv.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))
    attended = dict(
        att.values_list(key).annotate(n=Count("pk", distinct=True)).values_list(key, "n")
    )
    names = dict(
        OrgUnit.objects.filter(pk__in=set(invited) | set(attended)).values_list("pk", "name")
    )
    rows = [
        AttendanceRow(
            uid,
            names.get(uid, "?"),
            invited.get(uid, 0),
            attended.get(uid, 0),
            _round(rules.attendance_rate(invited.get(uid, 0), attended.get(uid, 0))),
        )
        for uid in set(invited) | set(attended)
        if uid is not None
    ]
    return sorted(rows, key=lambda r: r.name)


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


# --- hot spots -----------------------------------------------------------------------------------


@dataclass
class HotSpot:
    opd_id: int
    name: str
    readiness: float | None
    attendance: float | None
    weakest: str | None
    has_champion: bool
    hot: bool
    suggestions: list[str]
    open_actions: int


def hot_spots(user: Any, wave: SurveyWave | None) -> list[HotSpot]:
    """Every visible OPD with its readiness (the wave's, hidden stays unknown), its attendance
    over all events, champions and open follow-ups; ``hot`` when both are below the settings'
    thresholds. Hot spots first."""
    cfg = EngagementSettings.current()
    opds = list(opds_visible_to(user).values_list("pk", "name"))
    rows = readiness_for_wave(wave)[0] if wave is not None else {}
    attendance = {r.unit_id: r.rate for r in attendance_by(user, by="opd")}
    champions = set(
        Champion.objects.filter(is_active=True, opd_id__in=[pk for pk, _n in opds]).values_list(
            "opd_id", flat=True
        )
    )
    open_actions = dict(
        FollowUpAction.objects.filter(status="open", opd_id__in=[pk for pk, _n in opds])
        .values_list("opd_id")
        .annotate(n=Count("pk"))
        .values_list("opd_id", "n")
    )
    out: list[HotSpot] = []
    for pk, name in opds:
        r = rows.get(pk)
        readiness = None if r is None or r.hidden else r.index
        weakest = None if r is None or r.hidden else rules.weakest_dimension(r.dims)
        x = rules.HotSpotInput(readiness, attendance.get(pk), weakest, pk in champions)
        hot = rules.is_hot_spot(x, cfg.hot_spot_readiness_below, cfg.hot_spot_attendance_below)
        out.append(
            HotSpot(
                pk,
                name,
                None if readiness is None else round(readiness, 1),
                attendance.get(pk),
                weakest,
                pk in champions,
                hot,
                [s.value for s in rules.suggestions(x)] if hot else [],
                open_actions.get(pk, 0),
            )
        )
    return sorted(
        out, key=lambda h: (not h.hot, h.readiness if h.readiness is not None else 101, h.name)
    )


def followups_visible_to(user: Any) -> QuerySet[FollowUpAction]:
    return FollowUpAction.objects.filter(opd__in=opds_visible_to(user)).select_related("opd")


def champions_visible_to(user: Any) -> QuerySet[Champion]:
    return Champion.objects.filter(opd__in=opds_visible_to(user), is_active=True).select_related(
        "opd", "employee"
    )
