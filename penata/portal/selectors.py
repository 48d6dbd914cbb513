"""Reads of the public portal.

The public indicators are aggregates of Penata's data with small groups suppressed
(:func:`penata.portal.rules.suppress`): every cell counting fewer than the configured threshold
is hidden, with complementary cells so totals do not give it away. Every function is a fixed
number of grouped queries, whatever the size of the workforce.

Complaints and survey suggestions are read by officers through :func:`complaints_visible_to`
and :func:`ikm_responses_visible_to`: their own unit and below (OPD operators), or all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.portal import rules
from penata.portal.models import Complaint, ComplaintStatus, IkmResponse, PortalSettings
from penata.workforce.models import OPD_KINDS, Employee, EmployeeStatus, Gender, OrgUnit

IN_SERVICE = (EmployeeStatus.AKTIF, EmployeeStatus.CUTI, EmployeeStatus.TUGAS_BELAJAR)


def min_cell() -> int:
    return PortalSettings.current().min_cell


# --- service units ----------------------------------------------------------------------------


def service_unit_choices() -> list[tuple[int, str]]:
    """Every active unit of the org tree, in tree order, indented by depth (one query)."""
    return [
        (pk, "\u2003" * depth + name)
        for pk, name, depth in OrgUnit.objects.filter(is_active=True)
        .order_by("path")
        .values_list("pk", "name", "depth")
    ]


# --- complaints -------------------------------------------------------------------------------


def _unit_q(user: Any, prefix: str) -> Q | None:
    """None: every unit; otherwise the user's unit and below."""
    if has_perm(user, Perm.PORTAL_ALL):
        return None
    if has_perm(user, Perm.PORTAL_HANDLE) and getattr(user, "org_unit_id", None):
        return Q(**{f"{prefix}path__startswith": user.org_unit.path})
    return Q(pk__in=[])


def complaints_visible_to(user: Any) -> QuerySet[Complaint]:
    """BKPP and administrators: every complaint; an OPD operator: their unit and below."""
    qs = Complaint.objects.all()
    if not has_perm(user, Perm.PORTAL_HANDLE):
        return qs.none()
    q = _unit_q(user, "org_unit__")
    return qs if q is None else qs.filter(q)


def complaint_by_code(raw: str) -> Complaint | None:
    code = rules.normalise_code(raw)
    if not rules.code_is_wellformed(code):
        return None
    return Complaint.objects.select_related("org_unit", "opd").filter(tracking_code=code).first()


def overdue_q(now: dt.datetime | None = None) -> Q:
    now = now or timezone.now()
    open_statuses = [ComplaintStatus.DITERIMA, ComplaintStatus.DIPROSES]
    return Q(status__in=open_statuses, due_at__lt=now)


def complaint_counts(qs: QuerySet[Complaint]) -> dict[str, int]:
    """Per status, plus ``overdue``: two grouped queries."""
    counts = dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    out = {s.value: counts.get(s.value, 0) for s in ComplaintStatus}
    out["overdue"] = qs.filter(overdue_q()).count()
    return out


def complaint_public_stats() -> dict[str, Any]:
    """City-wide complaint figures for the portal: per status and the median days to close."""
    qs = Complaint.objects.all()
    counts = complaint_counts(qs)
    days = sorted(
        rules.response_days(c, d) or 0.0
        for c, d in qs.filter(closed_at__isnull=False).values_list("created_at", "closed_at")
    )
    median = days[len(days) // 2] if days else None
    return {
        "counts": counts,
        "total": sum(counts[s.value] for s in ComplaintStatus),
        "median_days": median,
    }


# --- IKM --------------------------------------------------------------------------------------


@dataclass
class IkmResult:
    """The index of one unit (or the city) for one period."""

    unit_id: int | None
    unit_name: str
    period: str
    n: int
    hidden: bool
    element_means: dict[str, float] = field(default_factory=dict)
    index: Decimal | None = None
    mutu: str = ""
    kinerja: str = ""
    below_minimum: bool = False

    @property
    def period_label(self) -> str:
        return rules.period_label(self.period)


def _result(
    unit_id: int | None, name: str, period: str, row: dict[str, Any], cfg: PortalSettings
) -> IkmResult:
    n = int(row["n"])
    res = IkmResult(unit_id, name, period, n, hidden=0 < n < cfg.min_cell)
    if res.hidden or n == 0:
        return res
    codes = rules.element_codes()
    sums = {c: int(row[f"s_{c}"]) for c in codes}
    res.element_means = {c: round(sums[c] / n, 2) for c in codes}
    res.index = rules.ikm_from_sums(sums, n)
    band = rules.ikm_band(res.index)
    res.mutu, res.kinerja = band.mutu, band.kinerja
    res.below_minimum = n < cfg.ikm_min_respondents
    return res


def _sums() -> dict[str, Any]:
    return {f"s_{c}": Sum(c) for c in rules.element_codes()}


def ikm_by_unit(
    period: str | None = None, qs: QuerySet[IkmResponse] | None = None
) -> list[IkmResult]:
    """Per service unit and period: respondents, element means and the index with its category
    (units with fewer respondents than the threshold are hidden). One grouped query and one for
    the names."""
    cfg = PortalSettings.current()
    qs = IkmResponse.objects.all() if qs is None else qs
    if period:
        qs = qs.filter(period=period)
    agg: list[dict[str, Any]] = [
        dict(r)
        for r in qs.values("org_unit_id", "period")
        .annotate(n=Count("pk"), **_sums())
        .order_by("-period")
    ]
    names = dict(
        OrgUnit.objects.filter(pk__in={r["org_unit_id"] for r in agg}).values_list("pk", "name")
    )
    out = [
        _result(r["org_unit_id"], names.get(r["org_unit_id"], "?"), r["period"], r, cfg)
        for r in agg
    ]
    out.sort(key=lambda r: (r.period, r.unit_name), reverse=False)
    out.sort(key=lambda r: r.period, reverse=True)
    return out


def ikm_city(period: str) -> IkmResult:
    """The city's index for a period over the units whose own result is published: a unit
    hidden for too few respondents is left out of the city figure too, or the city minus the
    shown units would give its answers away. One grouped query."""
    cfg = PortalSettings.current()
    codes = rules.element_codes()
    total: dict[str, Any] = {"n": 0, **{f"s_{c}": 0 for c in codes}}
    rows: list[dict[str, Any]] = [
        dict(r)
        for r in IkmResponse.objects.filter(period=period)
        .values("org_unit_id")
        .annotate(n=Count("pk"), **_sums())
        .order_by()
    ]
    for r in rows:
        if r["n"] < cfg.min_cell:
            continue
        for key in total:
            total[key] += r[key]
    return _result(None, "Kota Semarang", period, total, cfg)


def ikm_periods() -> list[str]:
    return list(IkmResponse.objects.values_list("period", flat=True).distinct().order_by("-period"))


def ikm_for_unit(unit_id: int) -> list[IkmResult]:
    """Every period of one unit, newest first."""
    return ikm_by_unit(qs=IkmResponse.objects.filter(org_unit_id=unit_id))


def ikm_responses_visible_to(user: Any) -> QuerySet[IkmResponse]:
    """Survey answers (with their free-text suggestions) an officer may read."""
    qs = IkmResponse.objects.all()
    if not has_perm(user, Perm.PORTAL_HANDLE):
        return qs.none()
    q = _unit_q(user, "org_unit__")
    return qs if q is None else qs.filter(q)


# --- city-wide indicators ---------------------------------------------------------------------


@dataclass
class Breakdown:
    """A published one-way breakdown: labels with counts (None: hidden) and the total.

    ``title`` stays in Indonesian (the CSV download is Indonesian open data); pages translate
    it and the row labels at display time (``portal/_breakdown.html``, ``chart()``).
    """

    key: str
    title: str
    labels: list[str]
    counts: list[int | None]
    total: int | None
    k: int

    def rows(self) -> list[tuple[str, int | None, float | None]]:
        return [
            (label, n, rules.share(n, self.total))
            for label, n in zip(self.labels, self.counts, strict=True)
        ]

    def chart(self, label: str = "") -> dict[str, Any]:
        return {
            "kind": "bar",
            "labels": [gettext(x) for x in self.labels],
            "datasets": [
                {"label": label or gettext(self.title), "data": [n or 0 for n in self.counts]}
            ],
            "hidden": [n is None for n in self.counts],
        }


def _breakdown(key: str, title: str, counts: dict[str, int], k: int) -> Breakdown:
    shown, total = rules.suppress_counts(counts, k)
    return Breakdown(key, title, list(counts), [shown[g] for g in counts], total, k)


def _employees() -> QuerySet[Employee]:
    return Employee.objects.filter(status__in=IN_SERVICE)


def _opd_names() -> dict[int, str]:
    return dict(
        OrgUnit.objects.filter(kind__in=OPD_KINDS).order_by("name").values_list("pk", "name")
    )


def headcount_by_opd_gender(k: int) -> rules.SuppressedTable:
    names = _opd_names()
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for opd_id, gender, n in (
        _employees().values_list("org_unit__opd_id", "gender").annotate(n=Count("pk")).order_by()
    ):
        counts[(names.get(opd_id, "Lainnya"), str(Gender(gender).label))] += n
    rows = sorted({r for r, _c in counts} | set(names.values()))
    cols = [str(g.label) for g in Gender]
    return rules.suppress(rows, cols, counts, k)


def _grouped(field_name: str, label_field: str, order_field: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for label, n in (
        _employees()
        .values_list(label_field)
        .annotate(n=Count("pk"))
        .order_by(order_field)
        .values_list(label_field, "n")
    ):
        key = str(label) if label else "Tidak tercatat"
        out[key] = out.get(key, 0) + n
    return out


def jp_breakdown(k: int) -> tuple[int, rules.SuppressedTable]:
    """Share of ASN meeting the yearly JP target (PP 17/2020: 20 JP) per OPD, for the latest
    year with ledger entries."""
    from penata.learning.models import LedgerEntry
    from penata.learning.selectors import jp_counted, jp_target

    year = LedgerEntry.objects.order_by("-year").values_list("year", flat=True).first()
    year = year or timezone.localdate().year
    target = jp_target()
    counted = jp_counted(year, _employees())
    names = _opd_names()
    counts: dict[tuple[str, str], int] = defaultdict(int)
    met_label, not_label = f"≥ {target} JP", f"< {target} JP"
    for pk, opd_id in _employees().values_list("pk", "org_unit__opd_id"):
        col = met_label if counted.get(pk, 0) >= target else not_label
        counts[(names.get(opd_id or 0, "Lainnya"), col)] += 1
    # The same rows as the headcount table (same totals, same suppression of small OPDs).
    rows = sorted({r for r, _c in counts} | set(names.values()))
    return year, rules.suppress(rows, [met_label, not_label], counts, k)


def predikat_breakdown(k: int) -> tuple[str, Breakdown | None]:
    """The final predikat of the latest annual period that has final ratings, city-wide."""
    from penata.performance.models import Appraisal, AppraisalPeriod
    from penata.performance.rules import PREDIKAT_LABELS, Predikat

    period = (
        AppraisalPeriod.objects.filter(
            kind=AppraisalPeriod.Kind.ANNUAL, appraisals__status=Appraisal.Status.FINAL
        )
        .order_by("-year")
        .first()
    )
    if period is None:
        return "", None
    raw = dict(
        Appraisal.objects.filter(period=period, status=Appraisal.Status.FINAL)
        .exclude(predikat="")
        .values_list("predikat")
        .annotate(n=Count("pk"))
        .values_list("predikat", "n")
    )
    counts = {str(PREDIKAT_LABELS[p]): int(raw.get(p.value, 0)) for p in Predikat}
    return str(period.year), _breakdown("predikat", gettext_noop("Predikat kinerja"), counts, k)


def talent_pool_breakdown(k: int) -> tuple[str, Breakdown | None]:
    """How many ASN of the latest talent map sit in the talent pool (boxes 7–9)."""
    from penata.talent.models import TalentBox
    from penata.talent.rules import TALENT_POOL

    latest = (
        TalentBox.objects.order_by("-period__year", "-period_id")
        .values_list("period_id", "period__year")
        .first()
    )
    if latest is None:
        return "", None
    period_id, year = latest
    raw = dict(
        TalentBox.objects.filter(period_id=period_id)
        .values_list("box")
        .annotate(n=Count("pk"))
        .values_list("box", "n")
    )
    pool = sum(n for b, n in raw.items() if b in TALENT_POOL)
    rest = sum(n for b, n in raw.items() if b not in TALENT_POOL)
    counts = {
        gettext_noop("Kelompok rencana suksesi (kotak 7–9)"): pool,
        gettext_noop("Kotak 1–6"): rest,
    }
    return str(year), _breakdown("talent", gettext_noop("Kelompok talenta"), counts, k)


def readiness_summary() -> dict[str, Any] | None:
    """The city's change-readiness index of the latest closed wave (anonymity applied by the
    engagement app)."""
    from penata.engagement.selectors import closed_waves, readiness_for_wave

    wave = closed_waves().last()
    if wave is None:
        return None
    _rows, city = readiness_for_wave(wave)
    if city.hidden or city.index is None:
        return None
    return {
        "label": f"{wave.survey.title} #{wave.number}",
        "closes_on": wave.closes_on,
        "index": round(city.index, 1),
        "dims": city.dims,
        "n": city.n,
    }


def city_indicators() -> dict[str, Any]:
    """Everything the indicators page and its downloads show."""
    k = min_cell()
    gender = _breakdown(
        "gender",
        gettext_noop("Jenis kelamin"),
        {str(g.label): 0 for g in Gender}
        | {
            str(Gender(g).label): n
            for g, n in _employees()
            .values_list("gender")
            .annotate(n=Count("pk"))
            .values_list("gender", "n")
        },
        k,
    )
    rank = _breakdown(
        "rank", gettext_noop("Golongan/ruang"), _grouped("rank", "rank__code", "rank__order"), k
    )
    education = _breakdown(
        "education",
        gettext_noop("Pendidikan"),
        _grouped("education", "education__name", "education__order"),
        k,
    )
    jp_year, jp = jp_breakdown(k)
    predikat_year, predikat = predikat_breakdown(k)
    talent_year, talent = talent_pool_breakdown(k)
    periods = ikm_periods()
    ikm_period = periods[0] if periods else ""
    return {
        "k": k,
        "opd_gender": headcount_by_opd_gender(k),
        "gender": gender,
        "rank": rank,
        "education": education,
        "jp_year": jp_year,
        "jp": jp,
        "predikat_year": predikat_year,
        "predikat": predikat,
        "talent_year": talent_year,
        "talent": talent,
        "readiness": readiness_summary(),
        "ikm_period": ikm_period,
        "ikm_city": ikm_city(ikm_period) if ikm_period else None,
    }


def indicator_rows(data: dict[str, Any]) -> list[list[Any]]:
    """The published aggregates in long form for CSV/XLSX: indicator, group, category, value
    (a hidden cell is written as ``<k``, never as its number)."""
    k = data["k"]
    hidden = f"<{k}"
    out: list[list[Any]] = []

    def cell(v: int | None) -> Any:
        return hidden if v is None else v

    def table(name: str, t: rules.SuppressedTable) -> None:
        for i, r in enumerate(t.rows):
            for j, c in enumerate(t.cols):
                out.append([name, r, c, cell(t.cells[i][j])])
            out.append([name, r, "Jumlah", cell(t.row_totals[i])])
        for j, c in enumerate(t.cols):
            out.append([name, "Kota Semarang", c, cell(t.col_totals[j])])
        out.append([name, "Kota Semarang", "Jumlah", cell(t.total)])

    table("Jumlah ASN per OPD dan jenis kelamin", data["opd_gender"])
    for b in (data["gender"], data["rank"], data["education"]):
        for label, n, _pct in b.rows():
            out.append([f"Jumlah ASN menurut {b.title.lower()}", "Kota Semarang", label, cell(n)])
    table(f"Capaian JP {data['jp_year']}", data["jp"])
    if data["predikat"]:
        for label, n, _pct in data["predikat"].rows():
            out.append(
                [f"Predikat kinerja {data['predikat_year']}", "Kota Semarang", label, cell(n)]
            )
    if data["talent"]:
        for label, n, _pct in data["talent"].rows():
            out.append([f"Peta talenta {data['talent_year']}", "Kota Semarang", label, cell(n)])
    if data["readiness"]:
        out.append(
            [
                "Indeks kesiapan perubahan",
                "Kota Semarang",
                data["readiness"]["label"],
                data["readiness"]["index"],
            ]
        )
    ikm = data["ikm_city"]
    if ikm is not None and ikm.index is not None:
        out.append(["IKM", "Kota Semarang", rules.period_label(ikm.period), float(ikm.index)])
    return out
