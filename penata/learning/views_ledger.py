"""Pages of the 20 JP ledger: my JP (and a scoped employee's), the share per OPD meeting the
target, and the at-risk list with what each person could still take (export XLSX/CSV).

The reads are in :mod:`penata.learning.ledger`; the only write here is self-registration for a
suggested session, through :func:`penata.learning.services.enrolment_register`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.http.response import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from penata.core.access import require
from penata.core.audit import audit_record
from penata.core.exports import FORMATS, write_table
from penata.core.roles import Perm
from penata.learning import ledger, services
from penata.learning.models import SessionStatus, TrainingSession
from penata.workforce.models import Employee
from penata.workforce.selectors import employees_visible_to

PAGE_SIZE = 50


def _user(request: HttpRequest) -> Any:
    return request.user


def session_url(session_id: int) -> str:
    """The session's page when the training pages provide one, else the API resource."""
    for name in ("learning:session_detail", "learning:session"):
        try:
            return reverse(name, args=[session_id])
        except NoReverseMatch:
            continue
    return f"/api/v1/learning/sessions/{session_id}"


def _decorate(suggestions: list[ledger.Suggestion]) -> list[ledger.Suggestion]:
    urls: dict[int, str] = {}
    for s in suggestions:
        if s.session.pk not in urls:
            urls[s.session.pk] = session_url(s.session.pk)
        s.session.url = urls[s.session.pk]  # type: ignore[attr-defined]
    return suggestions


def _ledger_context(
    request: HttpRequest, employee: Employee | None, *, own: bool
) -> dict[str, Any]:
    now = ledger.today()
    year = ledger.parse_year(request.GET.get("tahun"), now.year)
    context: dict[str, Any] = {
        "employee": employee,
        "own": own,
        "year": year,
        "current_year": now.year,
        "years": ledger.year_choices(now.year),
    }
    if employee is None:
        return context
    data = ledger.person_ledger(employee, year)
    suggestions: list[ledger.Suggestion] = []
    if year == now.year:
        suggestions = ledger.suggestions_for(
            Employee.objects.filter(pk=employee.pk),
            year=year,
            on=now,
            shortfalls={employee.pk: data["shortfall"]},
            limit=8,
        ).get(employee.pk, [])
    context.update(ledger=data, suggestions=_decorate(suggestions))
    return context


@require(Perm.LEARNING_OWN)
@require_GET
@never_cache
def ledger_own(request: HttpRequest) -> HttpResponse:
    """JP saya: this year's progress toward the target, earlier years, what I could still take."""
    user = _user(request)
    employee = (
        Employee.objects.select_related("org_unit", "position").filter(pk=user.employee_id).first()
        if user.employee_id
        else None
    )
    return render(request, "learning/ledger_own.html", _ledger_context(request, employee, own=True))


@require(Perm.LEARNING_OWN)
@require_GET
@never_cache
def ledger_employee(request: HttpRequest, pk: int) -> HttpResponse:
    """A visible employee's ledger (an operator's staff, a supervisor's team, oneself)."""
    employee = get_object_or_404(
        employees_visible_to(_user(request)).select_related("org_unit", "position"), pk=pk
    )
    own = employee.pk == _user(request).employee_id
    return render(request, "learning/ledger_own.html", _ledger_context(request, employee, own=own))


@require(Perm.LEARNING_OWN)
@require_POST
def ledger_register(request: HttpRequest, session_id: int) -> HttpResponse:
    """Sign myself up for a suggested session (the enrolment service checks everything)."""
    session = get_object_or_404(TrainingSession, pk=session_id, status=SessionStatus.OPEN)
    try:
        services.enrolment_register(actor=_user(request), session=session)
    except services.LearningError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Pendaftaran Anda di %(program)s (%(code)s) terkirim; menunggu persetujuan BKPP.")
            % {"program": session.program.title, "code": session.code},
        )
    return redirect("learning:ledger_own")


@require(Perm.LEARNING_STATS)
@require_GET
@never_cache
def ledger_opd(request: HttpRequest) -> HttpResponse:
    """Per OPD: share of active ASN meeting the target, mean JP, klasikal vs nonklasikal."""
    now = ledger.today()
    year = ledger.parse_year(request.GET.get("tahun"), now.year)
    stats = ledger.opd_stats(ledger.stats_scope(_user(request)), year)
    rows = stats["rows"]
    chart = {
        "labels": [r.name for r in rows],
        "datasets": [
            {
                "label": _("%% ASN mencapai %(target)s JP") % {"target": stats["target"]},
                "data": [r.share_met for r in rows],
            }
        ],
    }
    return render(
        request,
        "learning/ledger_opd.html",
        {
            **stats,
            "chart": chart,
            "chart_height": 120 + 28 * len(rows),
            "years": ledger.year_choices(now.year),
            "current_year": now.year,
        },
    )


def _at_risk_filters(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    now = ledger.today()
    scope = ledger.needs_scope(user)
    opds = list(ledger.opds_in(scope))
    opd_id: int | None = None
    raw_opd = request.GET.get("opd") or ""
    if raw_opd.isdigit() and int(raw_opd) in {o.pk for o in opds}:
        opd_id = int(raw_opd)
    raw_short = request.GET.get("kekurangan") or ""
    min_short = int(raw_short) if raw_short.isdigit() and 1 <= int(raw_short) <= 1000 else 1
    year = ledger.parse_year(request.GET.get("tahun"), now.year)
    return {
        "scope": scope,
        "opds": opds,
        "opd_id": opd_id,
        "min_shortfall": min_short,
        "year": year,
        "today": now,
        "query": urlencode(
            {
                k: v
                for k, v in {
                    "tahun": year,
                    "opd": opd_id or "",
                    "kekurangan": min_short if min_short > 1 else "",
                }.items()
                if v != ""
            }
        ),
    }


@require(Perm.TRAINING_NEEDS)
@require_GET
@never_cache
def ledger_at_risk(request: HttpRequest) -> HttpResponse:
    """People below the target this year, largest shortfall first, with what they could still
    take (at most three open sessions each, best fit first)."""
    f = _at_risk_filters(request)
    ids, target = ledger.at_risk_ids(
        f["scope"], f["year"], opd_id=f["opd_id"], min_shortfall=f["min_shortfall"]
    )
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = ledger.at_risk_rows(page.object_list, year=f["year"], on=f["today"])
    for row in rows:
        _decorate(row.suggestions)
    return render(
        request,
        "learning/ledger_at_risk.html",
        {
            **f,
            "page": page,
            "rows": rows,
            "target": target,
            "total": len(ids),
            "years": ledger.year_choices(f["today"].year),
            "current_year": f["today"].year,
        },
    )


EXPORT_HEADERS = [
    "NIP",
    "Nama",
    "OPD",
    "Unit kerja",
    "Jabatan",
    "JP diakui",
    "Target JP",
    "Kekurangan JP",
    "JP terjadwal",
    "Usulan 1",
    "Usulan 2",
    "Usulan 3",
]


def _suggestion_label(s: ledger.Suggestion) -> str:
    return (
        f"{s.program.title} ({s.session.code}, {s.session.starts_on:%d-%m-%Y}, {s.program.jp} JP)"
    )


@require(Perm.TRAINING_NEEDS)
@require_GET
def ledger_at_risk_export(request: HttpRequest) -> HttpResponseBase:
    fmt = (request.GET.get("fmt") or "xlsx").lower()
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            _("Format ekspor tidak dikenal. Pilih xlsx atau csv (mis. ?fmt=xlsx)."),
            content_type="text/plain; charset=utf-8",
        )
    f = _at_risk_filters(request)
    ids, target = ledger.at_risk_ids(
        f["scope"], f["year"], opd_id=f["opd_id"], min_shortfall=f["min_shortfall"]
    )
    rows = ledger.at_risk_rows(ids, year=f["year"], on=f["today"], base=f["scope"])

    def table() -> Any:
        for r in rows:
            e = r.employee
            labels = [_suggestion_label(s) for s in r.suggestions]
            labels += [""] * (ledger.SUGGESTIONS_PER_PERSON - len(labels))
            yield [
                e.nip,
                e.full_name,
                e.org_unit.opd.name if e.org_unit.opd else "",
                e.org_unit.name,
                str(e.position) if e.position_id else "",
                r.counted,
                target,
                r.shortfall,
                r.planned,
                *labels,
            ]

    tmpdir = Path(tempfile.mkdtemp(prefix="penata-export-"))
    path = tmpdir / f"berisiko-jp-{f['year']}.{fmt}"
    try:
        count = write_table(path, EXPORT_HEADERS, table(), fmt=fmt, sheet="Berisiko JP")
        with transaction.atomic():
            audit_record(
                actor=_user(request),
                action="ledger.at_risk_export",
                object_type="learning.ledgerentry",
                after={
                    "year": f["year"],
                    "opd": f["opd_id"],
                    "min_shortfall": f["min_shortfall"],
                    "rows": count,
                    "fmt": fmt,
                },
            )
        handle = path.open("rb")
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = FileResponse(
        handle, as_attachment=True, filename=f"berisiko-jp-{f['year']}-{stamp}.{fmt}"
    )
    response["Cache-Control"] = "no-store"
    return response
