"""Writes of talent management; every one audited in its own transaction.

- :func:`potential_import`: the potential-score import (roster error-report contract);
- :func:`talent_map_start` / :func:`talent_map_compute`: the talent map of an appraisal period,
  computed set-based in the database (one ``INSERT … SELECT`` with ``CASE`` per slice of
  employee ids, for progress), never one save per person.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings as dj_settings
from django.db import connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Subquery
from django.utils import timezone

from penata.core import services as core_services
from penata.core.audit import audit_record
from penata.core.bulk import bulk_insert
from penata.core.context import client_ip_var, request_id_var
from penata.core.faults import fault_point
from penata.core.models import AuditEvent
from penata.performance.models import Appraisal, AppraisalPeriod
from penata.talent import rules
from penata.talent.models import PotentialScore, TalentBox, TalentMapRun, TalentSettings
from penata.workforce import rules as wf_rules
from penata.workforce.models import Employee, OrgUnit, Position
from penata.workforce.roster import (
    ImportReport,
    RosterFileError,
    RowError,
    formula_errors,
    read_table_at,
)


class TalentError(Exception):
    """A refused talent-management action, with an Indonesian message for the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# --- settings --------------------------------------------------------------------------------


@transaction.atomic
def talent_settings_update(
    *,
    actor: Any,
    weight_competency: Decimal,
    weight_potential_test: Decimal,
    weight_track_record: Decimal,
    cut_high: Decimal,
    cut_mid: Decimal,
) -> TalentSettings:
    """Change the potential weights and cut-offs (scores recorded later use them)."""
    weights = rules.PotentialWeights(weight_competency, weight_potential_test, weight_track_record)
    try:
        weights.check()
    except rules.RuleError:
        raise TalentError(
            "weights_invalid", "Bobot tidak boleh negatif dan jumlahnya harus 100."
        ) from None
    if not Decimal(0) <= cut_mid < cut_high <= Decimal(100):
        raise TalentError(
            "cuts_invalid", "Batas menengah harus lebih kecil dari batas tinggi, keduanya 0–100."
        )
    obj = TalentSettings.current()
    before = obj.as_dict()
    obj.weight_competency = weight_competency
    obj.weight_potential_test = weight_potential_test
    obj.weight_track_record = weight_track_record
    obj.cut_high = cut_high
    obj.cut_mid = cut_mid
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor, action="talent_settings.update", obj=obj, before=before, after=obj.as_dict()
    )
    return obj


# --- potential import ------------------------------------------------------------------------

COLUMNS = [
    "nip",
    "tanggal",
    "nilai_kompetensi",
    "nilai_tes_potensi",
    "nilai_rekam_jejak",
    "catatan",
]
REQUIRED = COLUMNS[:5]
HEADER_ALIASES = {
    "nip_baru": "nip",
    "tanggal_penilaian": "tanggal",
    "tgl": "tanggal",
    "kompetensi": "nilai_kompetensi",
    "asesmen_kompetensi": "nilai_kompetensi",
    "tes_potensi": "nilai_tes_potensi",
    "potensi": "nilai_tes_potensi",
    "rekam_jejak": "nilai_rekam_jejak",
    "keterangan": "catatan",
}
SCORE_COLUMNS = {
    "nilai_kompetensi": "nilai asesmen kompetensi",
    "nilai_tes_potensi": "nilai tes potensi",
    "nilai_rekam_jejak": "nilai rekam jejak",
}


def _norm_header(h: Any) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", str(h or "").strip().casefold()).strip("_")
    return HEADER_ALIASES.get(key, key)


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _parse_date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = _text(v)
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    return None


def _parse_score(v: Any) -> Decimal | None:
    s = _text(v).replace(",", ".")
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    if not d.is_finite() or not Decimal(0) <= d <= Decimal(100):
        return None
    return d.quantize(rules.TWO_PLACES)


@dataclass
class _PotRow:
    row: int
    employee_id: int
    nip: str
    assessed_on: dt.date
    competency: Decimal
    potential_test: Decimal
    track_record: Decimal
    score: Decimal
    level: str
    note: str


def potential_import(
    *,
    actor: Any,
    data: bytes,
    filename: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    """Validate and write potential scores. Columns (any order, case-insensitive)::

        nip, tanggal, nilai_kompetensi, nilai_tes_potensi, nilai_rekam_jejak, catatan (optional)

    Each score is 0–100 (comma or point as decimal separator). The potential score and level
    use the current :class:`TalentSettings`, recorded with each row. A row for the same person
    and date as a stored score replaces it when the scores differ (counted as updated) and is
    unchanged otherwise. All or nothing unless ``skip_invalid``.
    """
    report = ImportReport(dry_run=dry_run)
    today = today or timezone.localdate()
    if len(data) > dj_settings.UPLOAD_MAX_BYTES:
        report.file_error = RosterFileError(
            "file_too_large",
            f"Berkas terlalu besar ({len(data) / 1024 / 1024:.1f} MB); batasnya "
            f"{dj_settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB. Pecah menjadi beberapa berkas.",
        )
        return report
    try:
        table = read_table_at(data, filename, known_columns=[*COLUMNS, *HEADER_ALIASES])
    except RosterFileError as exc:
        report.file_error = exc
        return report
    for w in table.warnings:
        report.warnings.append(RowError(0, "", "", "file_warning", w))
    index: dict[str, int] = {}
    for j, h in enumerate(table.headers):
        key = _norm_header(h)
        if key in COLUMNS and key not in index:
            index[key] = j
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        report.file_error = RosterFileError(
            "columns_missing",
            f"Kolom wajib tidak ada: {', '.join(missing)}. Baris judul harus memuat "
            f"{', '.join(REQUIRED)} (catatan boleh).",
        )
        return report
    raw_rows: list[tuple[int, dict[str, Any]]] = []
    for i, raw in enumerate(table.rows):
        cells = {c: raw[j] if j < len(raw) else None for c, j in index.items()}
        if any(_text(v) for v in cells.values()):
            raw_rows.append((i + table.first_data_row, cells))
    if not raw_rows:
        report.file_error = RosterFileError(
            "file_no_rows", "Berkas hanya berisi baris judul; tidak ada nilai untuk diimpor."
        )
        return report

    nips: set[str] = set()
    for _r, cells in raw_rows:
        with contextlib.suppress(wf_rules.RuleError):
            nips.add(wf_rules.clean_nip(cells.get("nip")))
    employees: dict[str, int] = {}
    nip_list = sorted(nips)
    for start in range(0, len(nip_list), 900):
        employees.update(
            Employee.objects.filter(nip__in=nip_list[start : start + 900]).values_list("nip", "pk")
        )
    cfg = TalentSettings.current()
    weights = cfg.weights
    rejected: set[int] = set()
    parsed: list[_PotRow] = []
    seen: dict[tuple[str, dt.date], list[int]] = defaultdict(list)

    def err(row: int, column: str, value: str, code: str, message: str) -> None:
        report.errors.append(RowError(row, column, value[:200], code, message))
        rejected.add(row)

    for row_no, cells in raw_rows:
        n_before = len(report.errors)
        formulas = formula_errors(row_no, cells)
        if formulas:
            report.errors.extend(formulas)
            rejected.add(row_no)
            continue
        raw_nip = _text(cells.get("nip"))
        nip = ""
        employee_id = None
        try:
            nip = wf_rules.clean_nip(cells.get("nip"))
        except wf_rules.RuleError as exc:
            err(row_no, "nip", raw_nip, "nip_invalid", f"NIP tidak sah: {exc}. Isi 18 digit NIP.")
        if nip:
            employee_id = employees.get(nip)
            if employee_id is None:
                err(
                    row_no,
                    "nip",
                    nip,
                    "nip_unknown",
                    f"NIP {nip} tidak terdaftar. Impor roster pegawai dahulu atau periksa NIP.",
                )
        day = _parse_date(cells.get("tanggal"))
        if day is None:
            err(
                row_no,
                "tanggal",
                _text(cells.get("tanggal")),
                "date_invalid",
                "Tanggal penilaian kosong atau tidak dikenal. Tulis dd-mm-yyyy.",
            )
        elif day > today:
            err(
                row_no,
                "tanggal",
                _text(cells.get("tanggal")),
                "date_in_future",
                f"Tanggal {day:%d-%m-%Y} ada di masa depan; isi tanggal pelaksanaan penilaian.",
            )
            day = None
        scores: dict[str, Decimal] = {}
        for col, label in SCORE_COLUMNS.items():
            v = _parse_score(cells.get(col))
            if v is None:
                err(
                    row_no,
                    col,
                    _text(cells.get(col)),
                    "score_invalid",
                    f"Kolom {col}: {label} harus angka 0 sampai 100 (mis. 82,5).",
                )
            else:
                scores[col] = v
        note = _text(cells.get("catatan"))
        if len(note) > 255:
            err(row_no, "catatan", note[:40], "too_long", "Catatan paling banyak 255 karakter.")
        if nip and day is not None:
            seen[(nip, day)].append(row_no)
        if len(report.errors) == n_before and employee_id is not None and day is not None:
            score = rules.potential_score(
                competency=scores["nilai_kompetensi"],
                potential_test=scores["nilai_tes_potensi"],
                track_record=scores["nilai_rekam_jejak"],
                weights=weights,
            )
            level = rules.potential_level(score, cut_high=cfg.cut_high, cut_mid=cfg.cut_mid)
            parsed.append(
                _PotRow(
                    row_no,
                    employee_id,
                    nip,
                    day,
                    scores["nilai_kompetensi"],
                    scores["nilai_tes_potensi"],
                    scores["nilai_rekam_jejak"],
                    score,
                    level.value,
                    note,
                )
            )
    for (nip, day), rows_ in seen.items():
        if len(rows_) > 1:
            for r in rows_:
                others = ", ".join(str(o) for o in rows_ if o != r)
                err(
                    r,
                    "nip",
                    nip,
                    "duplicate_in_file",
                    f"NIP {nip} dengan tanggal {day:%d-%m-%Y} muncul lebih dari sekali (juga di "
                    f"baris {others}). Sisakan satu baris.",
                )
    parsed = [p for p in parsed if p.row not in rejected]

    stored: dict[tuple[int, dt.date], tuple[int, Decimal, Decimal, Decimal]] = {}
    emp_ids = sorted({p.employee_id for p in parsed})
    for start in range(0, len(emp_ids), 900):
        for pk, e, d, c_s, t_s, r_s in PotentialScore.objects.filter(
            employee_id__in=emp_ids[start : start + 900]
        ).values_list(
            "pk",
            "employee_id",
            "assessed_on",
            "competency_score",
            "potential_test_score",
            "track_record_score",
        ):
            stored[(e, d)] = (pk, c_s, t_s, r_s)
    creates: list[_PotRow] = []
    updates: list[tuple[int, _PotRow]] = []
    for p in parsed:
        old = stored.get((p.employee_id, p.assessed_on))
        if old is None:
            creates.append(p)
        elif old[1:] == (p.competency, p.potential_test, p.track_record):
            report.unchanged += 1
        else:
            updates.append((old[0], p))
    report.errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 9))
    report.rejected = len(rejected)
    report.created = len(creates)
    report.updated = len(updates)
    if dry_run or (report.rejected and not skip_invalid):
        if not dry_run:
            report.created = report.updated = report.unchanged = 0
        return report
    if creates or updates:
        _potential_write(
            actor=actor,
            creates=creates,
            updates=updates,
            cfg=cfg,
            filename=filename,
            data=data,
            report=report,
        )
    report.written = True
    return report


def _refresh_current(employee_ids: list[int]) -> None:
    """Mark each employee's latest score current, set-based (two UPDATEs per 900 people)."""
    latest = (
        PotentialScore.objects.filter(employee_id=OuterRef("employee_id"))
        .order_by("-assessed_on")
        .values("assessed_on")[:1]
    )
    for start in range(0, len(employee_ids), 900):
        chunk = employee_ids[start : start + 900]
        PotentialScore.objects.filter(employee_id__in=chunk, is_current=True).update(
            is_current=False
        )
        PotentialScore.objects.filter(employee_id__in=chunk, assessed_on=Subquery(latest)).update(
            is_current=True
        )


@transaction.atomic
def _potential_write(
    *,
    actor: Any,
    creates: list[_PotRow],
    updates: list[tuple[int, _PotRow]],
    cfg: TalentSettings,
    filename: str,
    data: bytes,
    report: ImportReport,
) -> None:
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    used = cfg.as_dict()
    objs = [
        PotentialScore(
            employee_id=p.employee_id,
            assessed_on=p.assessed_on,
            competency_score=p.competency,
            potential_test_score=p.potential_test,
            track_record_score=p.track_record,
            score=p.score,
            level=p.level,
            weights=used,
            is_current=False,
            note=p.note,
            recorded_by=actor if is_user else None,
        )
        for p in creates
    ]
    PotentialScore.objects.bulk_create(objs, batch_size=1000)
    upd_objs = []
    for pk, p in updates:
        upd_objs.append(
            PotentialScore(
                pk=pk,
                competency_score=p.competency,
                potential_test_score=p.potential_test,
                track_record_score=p.track_record,
                score=p.score,
                level=p.level,
                weights=used,
                note=p.note,
            )
        )
    PotentialScore.objects.bulk_update(
        upd_objs,
        [
            "competency_score",
            "potential_test_score",
            "track_record_score",
            "score",
            "level",
            "weights",
            "note",
        ],
        batch_size=1000,
    )
    _refresh_current(
        sorted({p.employee_id for p in creates} | {p.employee_id for _k, p in updates})
    )
    base = {
        "actor": actor if is_user else None,
        "actor_label": (actor.get_username() if is_user else "sistem")[:150],
        "object_type": "talent.potentialscore",
        "request_id": request_id_var.get(),
        "ip_address": client_ip_var.get(),
        "note": f"impor nilai potensial {filename}"[:500],
    }
    events = []
    for p in [*creates, *(p for _k, p in updates)]:
        events.append(
            AuditEvent(
                action="potential.import",
                object_id="",
                object_repr=f"Potensial {p.nip} {p.assessed_on:%Y-%m-%d}"[:255],
                after={
                    "employee": p.employee_id,
                    "assessed_on": p.assessed_on.isoformat(),
                    "competency": str(p.competency),
                    "potential_test": str(p.potential_test),
                    "track_record": str(p.track_record),
                    "score": str(p.score),
                    "level": p.level,
                    "weights": used,
                    "row": p.row,
                },
                **base,
            )
        )
    bulk_insert(events)
    audit_record(
        actor=actor,
        action="potential_import.import",
        object_type="talent.potential_import",
        object_repr=filename[:255],
        after={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": report.rejected,
            "settings": used,
            "sha256": hashlib.sha256(data).hexdigest(),
        },
    )


def potential_template_rows() -> tuple[list[str], list[list[str]]]:
    return COLUMNS, [["198609262015051001", "15-03-2026", "82,5", "78", "90", "Asesmen 2026"]]


# --- talent map ------------------------------------------------------------------------------


def _lit(value: str) -> str:
    assert re.fullmatch(r"[a-z_]+", value), value  # constants from rules only
    return f"'{value}'"


def _performance_case(col: str) -> str:
    whens = " ".join(
        f"WHEN {col} = {_lit(p)} THEN {_lit(lvl.value)}"
        for p, lvl in rules.PREDIKAT_TO_PERFORMANCE.items()
    )
    return f"CASE {whens} END"


def _box_case(predikat_col: str, level_col: str) -> str:
    whens = []
    for (perf, pot), box in rules.BOX.items():
        preds = ", ".join(_lit(p) for p, lv in rules.PREDIKAT_TO_PERFORMANCE.items() if lv == perf)
        whens.append(
            f"WHEN {predikat_col} IN ({preds}) AND {level_col} = {_lit(pot.value)} THEN {box}"
        )
    return f"CASE {' '.join(whens)} END"


def talent_map_sql() -> str:
    """The ``INSERT … SELECT`` that places every ASN with a final predikat in the period and a
    current potential score in a box, for one slice of employee ids. Plain SQL both SQLite and
    PostgreSQL run; the CASE branches are generated from :data:`rules.BOX`."""
    tb = TalentBox._meta.db_table
    ap = Appraisal._meta.db_table
    em = Employee._meta.db_table
    ps = PotentialScore._meta.db_table
    ou = OrgUnit._meta.db_table
    po = Position._meta.db_table
    predikats = ", ".join(_lit(p) for p in rules.PREDIKAT_TO_PERFORMANCE)
    # Table names from model metadata and literals from rules constants only (checked by _lit).
    return (
        f"INSERT INTO {tb} "  # noqa: S608
        "(period_id, employee_id, opd_id, org_unit_id, rank_id, position_kind, predikat, "
        " performance_level, potential_level, potential_score, box, computed_at) "
        "SELECT a.period_id, a.employee_id, COALESCE(a.opd_id, u.opd_id), e.org_unit_id, "
        "e.rank_id, COALESCE(pos.kind, ''), a.predikat, "
        f"{_performance_case('a.predikat')}, p.level, p.score, "
        f"{_box_case('a.predikat', 'p.level')}, %s "
        f"FROM {ap} a JOIN {em} e ON e.id = a.employee_id "
        f"JOIN {ps} p ON p.employee_id = a.employee_id AND p.is_current = %s "
        f"LEFT JOIN {ou} u ON u.id = e.org_unit_id "
        f"LEFT JOIN {po} pos ON pos.id = e.position_id "
        f"WHERE a.period_id = %s AND a.status = %s AND a.predikat IN ({predikats}) "
        "AND a.employee_id >= %s AND a.employee_id < %s"
    )


def talent_map_start(*, actor: Any, period: AppraisalPeriod) -> TalentMapRun:
    """Queue the computation of ``period``'s talent map as a background task with progress."""
    with transaction.atomic():
        progress = core_services.progress_create(
            owner=actor, kind="talent_map", label=f"Peta talenta {period}", total=1
        )
        run = TalentMapRun.objects.create(
            period=period,
            progress=progress,
            settings=TalentSettings.current().as_dict(),
            started_by=actor,
        )
        audit_record(
            actor=actor,
            action="talent_map.start",
            obj=run,
            after={"period": period.pk, "settings": run.settings},
        )
        run_id, progress_id = run.pk, progress.pk

        def enqueue() -> None:
            from penata.talent.tasks import talent_map_task

            result = talent_map_task.enqueue(run_id)
            type(progress).objects.filter(pk=progress_id).update(task_result_id=str(result.id))

        transaction.on_commit(enqueue)
    return run


def talent_map_compute(
    *, period_id: int, actor: Any = None, run: TalentMapRun | None = None, slices: int = 10
) -> dict[int, int]:
    """Replace ``period``'s talent map in one transaction: delete the period's boxes, then one
    ``INSERT … SELECT`` per slice of employee ids (``slices`` progress steps). Returns the count
    per box. Readers see the old map until the commit."""
    progress_id = run.progress_id if run is not None else None
    bounds = Appraisal.objects.filter(period_id=period_id).aggregate(hi=Max("employee_id"))
    hi = (bounds["hi"] or 0) + 1
    step = max(1, -(-hi // slices))
    sql = talent_map_sql()
    now = timezone.now()
    with transaction.atomic():
        # One recomputation of a period at a time: a second one waits here for the first to
        # commit, then replaces its map (without the lock both would insert the period's rows
        # and the second would fail on talent_box_one_per_period).
        AppraisalPeriod.objects.select_for_update().filter(pk=period_id).first()
        before = dict(
            TalentBox.objects.filter(period_id=period_id)
            .values_list("box")
            .annotate(n=Count("pk"))
            .values_list("box", "n")
        )
        TalentBox.objects.filter(period_id=period_id).delete()
        with connection.cursor() as cur:
            for i, lo in enumerate(range(0, hi, step)):
                cur.execute(sql, [now, True, period_id, Appraisal.Status.FINAL, lo, lo + step])
                fault_point("talent.map")  # crash tests stop here: part of the map rewritten
                if progress_id:
                    core_services.progress_update(
                        progress_id,
                        done=i + 1,
                        total=-(-hi // step),
                        message=f"Menghitung kotak talenta: bagian {i + 1}",
                    )
        counts = dict(
            TalentBox.objects.filter(period_id=period_id)
            .values_list("box")
            .annotate(n=Count("pk"))
            .values_list("box", "n")
        )
        final = Appraisal.objects.filter(
            period_id=period_id, status=Appraisal.Status.FINAL
        ).exclude(predikat="")
        # NOT EXISTS (an anti-join), not NOT IN (subquery): PostgreSQL cannot turn NOT IN into
        # an anti-join and rescans the subquery per row once it is too big to hash (quadratic
        # at 1,000,000 people; docs/scaling.md section 7).
        missing = final.filter(
            ~Exists(
                PotentialScore.objects.filter(is_current=True, employee_id=OuterRef("employee_id"))
            )
        ).count()
        total = sum(counts.values())
        if run is not None:
            TalentMapRun.objects.filter(pk=run.pk).update(
                status=TalentMapRun.Status.DONE,
                counts={str(k): v for k, v in sorted(counts.items())},
                total=total,
                missing_potential=missing,
                finished_at=timezone.now(),
            )
        audit_record(
            actor=actor,
            action="talent_map.compute",
            object_type="talent.talentmap",
            object_id=str(period_id),
            object_repr=f"Peta talenta periode {period_id}",
            before={"counts": {str(k): v for k, v in sorted(before.items())}},
            after={
                "counts": {str(k): v for k, v in sorted(counts.items())},
                "total": total,
                "missing_potential": missing,
                "settings": TalentSettings.current().as_dict(),
            },
        )
    return counts
