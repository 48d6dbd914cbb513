"""Registry pages: the employee list and its export, the employee record (with the logged reveal of
personal data and the edit form), workforce statistics and the org tree.

Rows come only from the selectors (``employees_visible_to``, ``employee_stats_scope``,
``org_units_in_scope``…); writes only through the services. List pages run a constant number of
queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from penata.core.access import has_perm, require
from penata.core.audit import audit_record
from penata.core.exports import FORMATS, write_table
from penata.core.models import User
from penata.core.roles import Perm
from penata.workforce import rules, services
from penata.workforce.filters import SORT_LABELS, SORTS, EmployeeFilter
from penata.workforce.forms import EmployeeForm
from penata.workforce.models import (
    Employee,
    EmployeeStatus,
    EmploymentType,
    FunctionalLevel,
    Gender,
    OrgUnit,
    Position,
    PositionKind,
    RankKind,
)
from penata.workforce.selectors import (
    employee_editable_by,
    employee_stats_scope,
    employees_visible_to,
    org_units_in_scope,
    org_units_visible_to,
)

PAGE_SIZE = 50
# Counted in the statistics and the org headcount: everyone still in service.
IN_SERVICE = (EmployeeStatus.AKTIF, EmployeeStatus.CUTI, EmployeeStatus.TUGAS_BELAJAR)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _list_queryset(user: User) -> QuerySet[Employee]:
    return employees_visible_to(user).select_related("rank", "position", "org_unit__opd")


def _filtered(request: HttpRequest, user: User) -> tuple[EmployeeFilter, QuerySet[Employee]]:
    base = _list_queryset(user)
    filterset = EmployeeFilter(request.GET, queryset=base, user=user)
    qs = filterset.qs if filterset.is_valid() else base.none()
    return filterset, qs


# --- list and export -----------------------------------------------------------------------


def _sort_headers(request: HttpRequest) -> dict[str, dict[str, str]]:
    """Per sortable column: the link that sorts by it (toggling the direction) and its state."""
    current = request.GET.get("sort") or "name"
    headers = {}
    for key in SORTS:
        query = request.GET.copy()
        query.pop("page", None)
        state = "asc" if current == key else "desc" if current == f"-{key}" else ""
        query["sort"] = f"-{key}" if state == "asc" else key
        headers[key] = {
            "url": "?" + query.urlencode(),
            "state": state,
            "aria": {"asc": "ascending", "desc": "descending"}.get(state, "none"),
            "label": str(SORT_LABELS[key]),
        }
    return headers


@require(Perm.EMPLOYEE_VIEW_SELF)
@require_GET
def employee_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filterset, qs = _filtered(request, user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    export_query = query.copy()
    export_query.pop("fmt", None)
    active = [k for k, v in request.GET.items() if v and k not in {"page", "sort"}]
    return render(
        request,
        "workforce/employee_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "export_query": export_query.urlencode(),
            "can_export": has_perm(user, Perm.EMPLOYEE_EXPORT),
            "headers": _sort_headers(request),
            "filters_active": bool(active),
            "show_unit_filter": filterset.has_unit_choices,
        },
    )


EXPORT_HEADERS = [
    "NIP",
    "Nama lengkap",
    "Jenis kelamin",
    "Status pegawai",
    "Golongan",
    "Pangkat",
    "TMT golongan",
    "Jabatan",
    "Jenis jabatan",
    "Unit kerja",
    "OPD",
    "Pendidikan",
    "Status",
    "Tanggal pensiun",
]
# No NIK, phone or e-mail: the list export is not a way round the logged reveal (UU 27/2022).
EXPORT_FIELDS = [
    "nip",
    "name",
    "front_title",
    "back_title",
    "gender",
    "employment_type",
    "rank__code",
    "rank__pangkat",
    "rank_tmt",
    "position__name",
    "position__functional_level",
    "position__kind",
    "org_unit__name",
    "org_unit__opd__name",
    "education__name",
    "status",
    "retirement_date",
]


def _export_rows(qs: QuerySet[Employee]) -> Any:
    genders = dict(Gender.choices)
    types = dict(EmploymentType.choices)
    kinds = dict(PositionKind.choices)
    levels = dict(FunctionalLevel.choices)
    statuses = dict(EmployeeStatus.choices)
    for row in qs.values_list(*EXPORT_FIELDS).iterator(chunk_size=2000):
        (nip, name, front, back, gender, etype, rank, pangkat, rank_tmt, pos_name, pos_level,
         pos_kind, unit, opd, edu, status, retirement) = row  # fmt: skip
        full = f"{front} {name}".strip()
        if back:
            full = f"{full}, {back}"
        position = f"{pos_name} {levels.get(pos_level, '')}".strip() if pos_name else ""
        yield [
            nip,
            full,
            str(genders.get(gender, gender)),
            str(types.get(etype, etype)),
            rank or "",
            pangkat or "",
            rank_tmt,
            position,
            str(kinds.get(pos_kind, "")) if pos_kind else "",
            unit,
            opd or "",
            edu or "",
            str(statuses.get(status, status)),
            retirement,
        ]


@require(Perm.EMPLOYEE_EXPORT)
@require_GET
def employee_export(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    fmt = (request.GET.get("fmt") or "xlsx").lower()
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            _("Format ekspor tidak dikenal. Pilih xlsx atau csv (mis. ?fmt=xlsx)."),
            content_type="text/plain; charset=utf-8",
        )
    filterset, qs = _filtered(request, user)
    if not filterset.is_valid():
        problems = "; ".join(
            f"{filterset.form.fields[name].label}: {' '.join(errs)}"
            for name, errs in filterset.form.errors.items()
            if name in filterset.form.fields
        )
        return HttpResponseBadRequest(
            _("Saringan tidak valid, tidak ada yang diekspor. %(problems)s")
            % {"problems": problems},
            content_type="text/plain; charset=utf-8",
        )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    tmpdir = Path(tempfile.mkdtemp(prefix="penata-export-"))
    path = tmpdir / f"pegawai.{fmt}"
    try:
        # Written outside the transaction: a long export must not hold the write lock.
        count = write_table(path, EXPORT_HEADERS, _export_rows(qs), fmt=fmt, sheet="Pegawai")
        with transaction.atomic():
            audit_record(
                actor=user,
                action="employee.export",
                object_type="workforce.employee",
                after={"filter": filterset.applied(), "rows": count, "fmt": fmt},
            )
        handle = path.open("rb")
    finally:
        # The open handle keeps the data readable; the name is gone at once.
        shutil.rmtree(tmpdir, ignore_errors=True)
    response = FileResponse(handle, as_attachment=True, filename=f"pegawai-{stamp}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response


# --- the employee record -------------------------------------------------------------------


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _until(today: dt.date, when: dt.date) -> tuple[int, int]:
    """Whole years and months from ``today`` to ``when`` (0, 0 when past)."""
    months = (when.year - today.year) * 12 + (when.month - today.month)
    if when.day < today.day:
        months -= 1
    months = max(months, 0)
    return months // 12, months % 12


def _masked(employee: Employee) -> dict[str, str]:
    return {
        "nik": rules.mask_nik(employee.nik) if employee.nik else "",
        "email": rules.mask_email(employee.email) if employee.email else "",
        "phone": rules.mask_phone(employee.phone) if employee.phone else "",
    }


def _record(request: HttpRequest, pk: int) -> Employee:
    return get_object_or_404(
        employees_visible_to(_user(request)).select_related(
            "rank", "education", "position", "org_unit__opd"
        ),
        pk=pk,
    )


def _detail_context(request: HttpRequest, employee: Employee) -> dict[str, Any]:
    user = _user(request)
    today = timezone.localdate()
    ids = [int(part) for part in employee.org_unit.path.strip("/").split("/") if part.isdigit()]
    ancestors = list(OrgUnit.objects.filter(pk__in=ids).only("id", "name", "depth", "kind"))
    ancestors.sort(key=lambda u: u.depth)
    retirement_left = _until(today, employee.retirement_date) if employee.retirement_date else None
    return {
        "employee": employee,
        "age": _age(employee.birth_date, today),
        "ancestors": ancestors,
        "retirement_left": retirement_left,
        "retired": bool(employee.retirement_date and employee.retirement_date <= today),
        "personal": _masked(employee),
        "revealed": False,
        "can_reveal": has_perm(user, Perm.PERSONAL_DATA_REVEAL),
        "can_edit": employee_editable_by(user, employee),
        "rank_history": employee.rank_history.select_related("rank"),
        "position_history": employee.position_history.select_related("org_unit"),
    }


@require(Perm.EMPLOYEE_VIEW_SELF)
@require_GET
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _record(request, pk)
    return render(request, "workforce/employee_detail.html", _detail_context(request, employee))


@require(Perm.PERSONAL_DATA_REVEAL)
@require_POST
@never_cache
def employee_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show NIK, e-mail and phone unmasked; the service logs the read (``personal_data.read``).

    With HTMX the fragment replaces the masked one; without JavaScript the whole record page
    comes back with the data shown.
    """
    employee = _record(request, pk)
    data = services.employee_personal_data_reveal(actor=_user(request), employee=employee)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "workforce/_personal_data.html",
            {"employee": employee, "personal": data, "revealed": True},
        )
    context = _detail_context(request, employee)
    context.update(personal=data, revealed=True)
    return render(request, "workforce/employee_detail.html", context)


@require(Perm.EMPLOYEE_EDIT)
@require_http_methods(["GET", "POST"])
@never_cache
def employee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    employee = _record(request, pk)
    if not employee_editable_by(user, employee):
        raise PermissionDenied("employee.edit")
    if request.method == "GET" and request.headers.get("HX-Request") and "refresh" in request.GET:
        # The golongan and jabatan choices follow the employment type and the unit.
        initial = {
            key: request.GET[key]
            for key in ("employment_type", "org_unit", "rank", "position")
            if request.GET.get(key)
        }
        form = EmployeeForm(instance=employee, user=user, initial=initial)
        return render(request, "workforce/_employee_dependent.html", {"form": form})
    form = EmployeeForm(request.POST or None, instance=employee, user=user)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Tidak ada perubahan yang disimpan."))
            return redirect("workforce:employee_detail", pk=employee.pk)
        try:
            services.employee_update(actor=user, employee=employee, **changes)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("Data pegawai disimpan."))
            return redirect("workforce:employee_detail", pk=employee.pk)
    # The form mutated the in-memory record while validating; show the stored name.
    stored = _record(request, pk) if form.is_bound else employee
    return render(request, "workforce/employee_edit.html", {"form": form, "employee": stored})


# --- statistics ----------------------------------------------------------------------------

AGE_BANDS = [(0, 19)] + [(a, a + 4) for a in range(20, 65, 5)] + [(65, 200)]


def _band_label(lo: int, hi: int) -> str:
    if lo == 0:
        return f"< {hi + 1}"
    if hi >= 200:
        return f"{lo}+"
    return f"{lo}–{hi}"


def _age_expression(today: dt.date) -> Any:
    birthday_ahead = Q(birth_date__month__gt=today.month) | Q(
        birth_date__month=today.month, birth_date__day__gt=today.day
    )
    return (
        Value(today.year)
        - ExtractYear("birth_date")
        - Case(When(birthday_ahead, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def workforce_stats(qs: QuerySet[Employee], today: dt.date) -> dict[str, Any]:
    """The dashboard's numbers from four GROUP BY queries over the scoped employees."""
    qs = qs.filter(status__in=IN_SERVICE).order_by()
    types = [EmploymentType.PNS, EmploymentType.PPPK, EmploymentType.PPPK_PARUH_WAKTU]

    # 1. headcount by OPD and employment type
    by_opd: dict[Any, dict[str, Any]] = {}
    for row in qs.values("org_unit__opd_id", "org_unit__opd__name", "employment_type").annotate(
        n=Count("id")
    ):
        key = row["org_unit__opd_id"]
        entry = by_opd.setdefault(
            key,
            {"name": row["org_unit__opd__name"] or _("(tanpa OPD)"), "counts": defaultdict(int)},
        )
        entry["counts"][row["employment_type"]] += row["n"]
    opds = sorted(by_opd.values(), key=lambda e: (-sum(e["counts"].values()), e["name"]))
    type_totals = {t: sum(e["counts"][t] for e in opds) for t in types}
    opd_chart = {
        "kind": "hbar-stacked",
        "labels": [e["name"] for e in opds],
        "datasets": [
            {"label": str(t.label), "data": [e["counts"][t] for e in opds]} for t in types
        ],
    }

    # 2. rank distribution
    rank_rows = list(
        qs.values("rank__kind", "rank__code", "rank__order")
        .annotate(n=Count("id"))
        .order_by("rank__kind", "rank__order")
    )
    rank_labels, rank_data = [], []
    for rrow in rank_rows:
        if rrow["rank__code"] is None:
            label = _("Tanpa golongan")
        elif rrow["rank__kind"] == RankKind.PPPK:
            label = f"PPPK {rrow['rank__code']}"
        else:
            label = rrow["rank__code"]
        rank_labels.append(label)
        rank_data.append(rrow["n"])
    rank_chart = {
        "kind": "bar",
        "labels": rank_labels,
        "datasets": [{"label": _("Pegawai"), "data": rank_data}],
    }

    # 3. age by gender (exact age in whole years, grouped in the database)
    age_rows = list(
        qs.annotate(age=_age_expression(today)).values("age", "gender").annotate(n=Count("id"))
    )
    bands: dict[str, list[int]] = {g: [0] * len(AGE_BANDS) for g in Gender.values}
    total = female = age_sum = 0
    for arow in age_rows:
        age, n = int(arow["age"]), arow["n"]
        total += n
        age_sum += age * n
        if arow["gender"] == Gender.FEMALE:
            female += n
        for i, (lo, hi) in enumerate(AGE_BANDS):
            if lo <= age <= hi:
                bands.setdefault(arow["gender"], [0] * len(AGE_BANDS))[i] += n
                break
    # Oldest band on top, as population pyramids are drawn.
    order = list(range(len(AGE_BANDS)))[::-1]
    age_chart = {
        "kind": "pyramid",
        "labels": [_band_label(*AGE_BANDS[i]) for i in order],
        "datasets": [
            {"label": str(Gender.MALE.label), "data": [bands[Gender.MALE][i] for i in order]},
            {"label": str(Gender.FEMALE.label), "data": [bands[Gender.FEMALE][i] for i in order]},
        ],
    }

    # 4. retirements from today to the end of the fifth year
    years = list(range(today.year, today.year + 5))
    retire_counts = dict.fromkeys(years, 0)
    for yrow in (
        qs.filter(retirement_date__gte=today, retirement_date__lt=dt.date(years[-1] + 1, 1, 1))
        .annotate(year=ExtractYear("retirement_date"))
        .values("year")
        .annotate(n=Count("id"))
    ):
        retire_counts[int(yrow["year"])] = yrow["n"]
    retire_chart = {
        "kind": "bar",
        "labels": [str(y) for y in years],
        "datasets": [{"label": _("Pensiun"), "data": [retire_counts[y] for y in years]}],
    }

    summary = {
        "total": total,
        "pns": type_totals[EmploymentType.PNS],
        "pppk": type_totals[EmploymentType.PPPK],
        "pppk_paruh_waktu": type_totals[EmploymentType.PPPK_PARUH_WAKTU],
        "female_share": round(100 * female / total, 1) if total else None,
        "average_age": round(age_sum / total, 1) if total else None,
    }
    return {
        "summary": summary,
        "charts": {
            "opd": opd_chart,
            "rank": rank_chart,
            "age": age_chart,
            "retire": retire_chart,
        },
    }


def _table(chart: dict[str, Any]) -> dict[str, Any]:
    """A chart's data as rows for the accessible table under it."""
    return {
        "columns": [d["label"] for d in chart["datasets"]],
        "rows": [
            {"label": label, "values": [d["data"][i] for d in chart["datasets"]]}
            for i, label in enumerate(chart["labels"])
        ],
    }


@require(Perm.WORKFORCE_STATS)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    stats = workforce_stats(employee_stats_scope(user), timezone.localdate())
    charts = stats["charts"]
    return render(
        request,
        "workforce/dashboard.html",
        {
            "summary": stats["summary"],
            "charts": charts,
            "tables": {key: _table(chart) for key, chart in charts.items()},
            "opd_height": 60 + 26 * max(len(charts["opd"]["labels"]), 1),
        },
    )


# --- org tree ------------------------------------------------------------------------------


def _count_subquery(qs: QuerySet[Any], field: str, value: Any) -> Any:
    return Coalesce(
        Subquery(qs.values(field).annotate(v=value).values("v")[:1]), 0, output_field=IntegerField()
    )


@require(Perm.ORG_VIEW)
@require_GET
def org_unit_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    in_service = Employee.objects.filter(org_unit=OuterRef("pk"), status__in=IN_SERVICE).order_by()
    positions = Position.objects.filter(org_unit=OuterRef("pk")).order_by()
    filled = Employee.objects.filter(
        position__org_unit=OuterRef("pk"), status__in=IN_SERVICE
    ).order_by()
    units = list(
        org_units_visible_to(user)
        .only("id", "name", "kind", "parent_id", "depth", "path", "is_active")
        .annotate(
            headcount=_count_subquery(in_service, "org_unit", Count("pk")),
            positions_count=_count_subquery(positions, "org_unit", Count("pk")),
            formasi_sum=_count_subquery(positions, "org_unit", Sum("formasi")),
            filled_count=_count_subquery(filled, "position__org_unit", Count("pk")),
        )
        .order_by("depth", "name")
    )
    in_scope = set(org_units_in_scope(user).values_list("pk", flat=True))
    nodes: dict[int, dict[str, Any]] = {}
    for u in units:
        nodes[u.pk] = {
            "unit": u,
            "children": [],
            "linked": u.pk in in_scope,
            "headcount": u.headcount,
            "positions": u.positions_count,
            "formasi": u.formasi_sum,
            "filled": u.filled_count,
        }
    roots: list[dict[str, Any]] = []
    for u in units:  # parents come before children (ordered by depth)
        parent = nodes.get(u.parent_id) if u.parent_id else None
        (parent["children"] if parent else roots).append(nodes[u.pk])
    for u in sorted(units, key=lambda x: -x.depth):  # roll the totals up the tree
        node = nodes[u.pk]
        node["total_headcount"] = node["headcount"] + sum(
            c["total_headcount"] for c in node["children"]
        )
        node["total_formasi"] = node["formasi"] + sum(c["total_formasi"] for c in node["children"])
        node["total_filled"] = node["filled"] + sum(c["total_filled"] for c in node["children"])
    totals = {
        "units": len(units),
        "headcount": sum(n["total_headcount"] for n in roots),
        "formasi": sum(n["total_formasi"] for n in roots),
        "filled": sum(n["total_filled"] for n in roots),
    }
    return render(request, "workforce/org_unit_list.html", {"roots": roots, "totals": totals})
