"""Open selection of JPT pratama posts (seleksi terbuka): services (every write, audited in its
transaction), selectors (every read scoped to the user), the top-three report for the PPK
(XLSX, PDF), the fairness tables per stage and :func:`public_results` for the public portal.

Flow: BKPP announces (requirements and stage weights as data) → ASN apply from their own
account, BKPP enters applicants from other agencies → the administrative check names every
failing requirement (BKPP may override with a reason) → panel members score each stage, each
member seeing only their own scores until the stage is closed; the stage score is the mean of
the members' scores → ranking with the breakdown, the three best reported to the PPK → the
PPK's choice with reasons → publication (names of the three best only).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from penata.core.audit import audit_record
from penata.talent import selection_rules as sr
from penata.talent.models import (
    OpenSelection,
    PanelMember,
    PanelScore,
    PotentialScore,
    SelectionApplicant,
    SelectionStage,
)
from penata.talent.services import TalentError
from penata.workforce.models import Employee

Status = OpenSelection.Status


def _dec(value: Any, field: str, *, lo: int = 0, hi: int = 100) -> Decimal:
    try:
        d = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise TalentError("number", f"{field}: isi dengan angka {lo}–{hi}.") from None
    if not d.is_finite() or d < lo or d > hi:
        raise TalentError("number", f"{field}: isi dengan angka {lo}–{hi}.")
    return d


def requirements(s: OpenSelection) -> sr.Requirements:
    return sr.Requirements(
        min_rank_order=s.min_rank.order if s.min_rank else None,
        min_rank_code=s.min_rank.code if s.min_rank else "",
        min_education_order=s.min_education.order if s.min_education else None,
        min_education_name=s.min_education.name if s.min_education else "",
        min_experience_years=s.min_experience_years,
        max_age=s.max_age,
        age_on=s.age_on,
        min_competency=s.min_competency,
    )


def weights(s: OpenSelection) -> dict[str, Decimal]:
    return {st.kind: st.weight for st in s.stages.all()}


def _used(s: OpenSelection) -> dict[str, Any]:
    return {
        "requirements": {
            "min_rank": s.min_rank.code if s.min_rank else None,
            "min_education": s.min_education.code if s.min_education else None,
            "min_experience_years": str(s.min_experience_years)
            if s.min_experience_years is not None
            else None,
            "max_age": s.max_age,
            "age_on": s.age_on.isoformat(),
            "min_competency": str(s.min_competency) if s.min_competency is not None else None,
        },
        "weights": {k: str(v) for k, v in weights(s).items()},
        "basis": s.basis,
    }


BASIS_LABELS = {
    "min_rank_code": "Pangkat",
    "min_education_code": "Pendidikan",
    "min_experience_years": "Pengalaman",
    "max_age": "Usia",
    "weights": "Bobot tahap",
}


def default_basis() -> str:
    return "; ".join(
        f"{BASIS_LABELS.get(k, k)}: {why}" for k, (_v, why) in sr.JPT_PRATAMA_DEFAULTS.items()
    )


@transaction.atomic
def selection_create(
    *, actor: Any, stage_weights: dict[str, Any] | None = None, **fields: Any
) -> OpenSelection:
    """Announce a selection; stage weights (percent) must sum to 100."""
    raw = stage_weights or sr.JPT_PRATAMA_DEFAULTS["weights"][0]
    assert isinstance(raw, dict)
    w = {k: _dec(raw.get(k, 0), f"Bobot {sr.STAGE_LABELS[k]}") for k in sr.STAGES}
    try:
        sr.check_weights(w)
    except sr.SelectionRuleError:
        raise TalentError("weights_invalid", "Bobot tahap harus berjumlah 100.") from None
    if fields["closes_on"] < fields["opens_on"]:
        raise TalentError("dates", "Tanggal tutup pendaftaran sebelum tanggal buka.")
    fields.setdefault("basis", default_basis())
    s = OpenSelection(created_by=actor, **fields)
    s.full_clean(exclude=["chosen"])
    s.save()
    SelectionStage.objects.bulk_create(
        [SelectionStage(selection=s, kind=k, weight=w[k]) for k in sr.STAGES]
    )
    s.used = _used(s)
    s.save(update_fields=["used"])
    audit_record(actor=actor, action="selection.create", obj=s, after=s.used)
    return s


def _snapshot(a: SelectionApplicant) -> dict[str, Any]:
    return {
        "nip": a.nip,
        "name": a.name,
        "agency": a.agency,
        "external": a.external,
        "rank": a.rank.code if a.rank else None,
        "education": a.education.code if a.education else None,
        "experience_years": str(a.experience_years) if a.experience_years is not None else None,
        "birth_date": a.birth_date.isoformat() if a.birth_date else None,
        "competency_score": str(a.competency_score) if a.competency_score is not None else None,
    }


@transaction.atomic
def apply_own(
    *, actor: Any, selection: OpenSelection, experience_years: Any, today: dt.date | None = None
) -> SelectionApplicant:
    """An ASN applies from their own account; rank, education, birth date and the latest
    competency score are taken from the registry, the related experience is declared."""
    s = OpenSelection.objects.select_for_update().get(pk=selection.pk)
    today = today or timezone.localdate()
    if s.status != Status.OPEN or not (s.opens_on <= today <= s.closes_on):
        raise TalentError("closed", "Pendaftaran seleksi ini tidak sedang dibuka.")
    emp: Employee | None = getattr(actor, "employee", None)
    if emp is None:
        raise TalentError("no_employee", "Akun Anda tidak terhubung dengan data pegawai.")
    return _apply_employee(actor=actor, s=s, employee_id=emp.pk, experience_years=experience_years)


def _apply_employee(
    *, actor: Any, s: OpenSelection, employee_id: int, experience_years: Any
) -> SelectionApplicant:
    emp = Employee.objects.select_related("org_unit__opd", "position").get(pk=employee_id)
    if SelectionApplicant.objects.filter(selection=s, nip=emp.nip).exists():
        raise TalentError("duplicate", "Anda sudah melamar pada seleksi ini.")
    exp = _dec(experience_years, "Pengalaman jabatan terkait (tahun)", hi=60)
    pot = (
        PotentialScore.objects.filter(employee=emp, is_current=True)
        .values_list("competency_score", flat=True)
        .first()
    )
    opd = emp.org_unit.opd if emp.org_unit and emp.org_unit.opd else emp.org_unit
    a = SelectionApplicant.objects.create(
        selection=s,
        employee=emp,
        nip=emp.nip,
        name=emp.name,
        gender=emp.gender,
        birth_date=emp.birth_date,
        agency=opd.name if opd else "Pemerintah Kota Semarang",
        current_position=emp.position.name if emp.position else "",
        rank_id=emp.rank_id,
        education_id=emp.education_id,
        experience_years=exp,
        competency_score=pot,
        applied_by=actor,
    )
    audit_record(actor=actor, action="selection.apply", obj=a, after=_snapshot(a))
    return a


EXTERNAL_FIELDS = (
    "nip",
    "name",
    "gender",
    "birth_date",
    "agency",
    "current_position",
    "rank",
    "education",
    "experience_years",
    "competency_score",
)


@transaction.atomic
def applicant_add_external(
    *, actor: Any, selection: OpenSelection, data: dict[str, Any]
) -> SelectionApplicant:
    """BKPP enters an applicant from another agency (as data: name, NIP, agency, rank...)."""
    s = OpenSelection.objects.select_for_update().get(pk=selection.pk)
    if s.status != Status.OPEN:
        raise TalentError("closed", "Pendaftaran seleksi ini sudah ditutup.")
    nip = str(data.get("nip", "")).strip()
    if len(nip) != 18 or not nip.isdigit():
        raise TalentError("nip", "NIP harus 18 angka.")
    if SelectionApplicant.objects.filter(selection=s, nip=nip).exists():
        raise TalentError("duplicate", f"NIP {nip} sudah terdaftar pada seleksi ini.")
    if not str(data.get("name", "")).strip() or not str(data.get("agency", "")).strip():
        raise TalentError("required", "Nama dan instansi wajib diisi.")
    comp = data.get("competency_score")
    a = SelectionApplicant(
        selection=s,
        external=True,
        nip=nip,
        name=str(data["name"]).strip(),
        gender=str(data.get("gender") or "")[:1],
        birth_date=data.get("birth_date"),
        agency=str(data["agency"]).strip(),
        current_position=str(data.get("current_position") or ""),
        rank=data.get("rank"),
        education=data.get("education"),
        experience_years=_dec(data.get("experience_years", 0), "Pengalaman (tahun)", hi=60),
        competency_score=_dec(comp, "Nilai kompetensi") if comp not in (None, "") else None,
        applied_by=actor,
    )
    a.save()
    audit_record(actor=actor, action="selection.applicant_external", obj=a, after=_snapshot(a))
    return a


@transaction.atomic
def admin_check_run(*, actor: Any, selection: OpenSelection) -> dict[str, int]:
    """Close the registration and check every applicant against the requirements; each failing
    requirement is named. An applicant BKPP has overridden keeps the override."""
    s = OpenSelection.objects.select_for_update().get(pk=selection.pk)
    if (
        s.status not in (Status.OPEN, Status.CLOSED)
        or PanelScore.objects.filter(stage__selection=s).exists()
    ):
        raise TalentError("late", "Seleksi administrasi sudah lewat: penilaian panitia dimulai.")
    r = requirements(OpenSelection.objects.select_related("min_rank", "min_education").get(pk=s.pk))
    apps = list(SelectionApplicant.objects.filter(selection=s).select_related("rank", "education"))
    now = timezone.now()
    results = {}
    for a in apps:
        fails = sr.admin_check(
            sr.ApplicantFacts(
                rank_order=a.rank.order if a.rank else None,
                education_order=a.education.order if a.education else None,
                experience_years=a.experience_years,
                birth_date=a.birth_date,
                competency_score=a.competency_score,
            ),
            r,
        )
        a.admin_failures = [{"requirement": f.requirement, "message": f.message} for f in fails]
        a.admin_checked_at = now
        if not a.admin_override:
            a.admin_passed = not fails
        results[a.nip] = [f.requirement for f in fails]
    SelectionApplicant.objects.bulk_update(
        apps, ["admin_failures", "admin_checked_at", "admin_passed"], batch_size=1000
    )
    before = s.status
    s.status = Status.CLOSED
    s.save(update_fields=["status"])
    summary = {"applicants": len(apps), "passed": sum(1 for a in apps if a.admin_passed)}
    audit_record(
        actor=actor,
        action="selection.admin_check",
        obj=s,
        before={"status": before},
        after={**summary, "requirements": _used(s)["requirements"], "failures": results},
    )
    return summary


@transaction.atomic
def admin_override(
    *, actor: Any, applicant: SelectionApplicant, passed: bool, reason: str
) -> SelectionApplicant:
    a = SelectionApplicant.objects.select_for_update().get(pk=applicant.pk)
    if a.selection.status != Status.CLOSED or a.admin_checked_at is None:
        raise TalentError(
            "not_checked",
            "Keputusan hanya dapat diubah sesudah seleksi administrasi dan "
            "sebelum penilaian selesai.",
        )
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise TalentError("reason_required", "Tuliskan alasan (minimal 10 karakter).")
    before = {"admin_passed": a.admin_passed, "override": a.admin_override}
    a.admin_passed = passed
    a.admin_override = True
    a.admin_override_reason = reason
    a.save(update_fields=["admin_passed", "admin_override", "admin_override_reason"])
    audit_record(
        actor=actor,
        action="selection.admin_override",
        obj=a,
        before=before,
        after={
            "admin_passed": passed,
            "override": True,
            "reason": reason,
            "failures": a.admin_failures,
        },
    )
    return a


@transaction.atomic
def panel_add(*, actor: Any, selection: OpenSelection, user: Any, role_note: str = "") -> Any:
    m, created = PanelMember.objects.get_or_create(
        selection=selection, user=user, defaults={"role_note": role_note}
    )
    if created:
        audit_record(
            actor=actor,
            action="selection.panel_add",
            obj=selection,
            after={"user": user.pk, "role_note": role_note},
        )
    return m


def member_of(user: Any, selection_id: int) -> PanelMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return PanelMember.objects.filter(selection_id=selection_id, user=user).first()


def stage_applicants(stage: SelectionStage) -> QuerySet[SelectionApplicant]:
    return SelectionApplicant.objects.filter(selection_id=stage.selection_id, admin_passed=True)


@transaction.atomic
def score_set(
    *, actor: Any, stage: SelectionStage, applicant: SelectionApplicant, score: Any
) -> PanelScore:
    """A panel member enters (or changes) their own score of an applicant in an open stage."""
    st = SelectionStage.objects.select_for_update().select_related("selection").get(pk=stage.pk)
    m = member_of(actor, st.selection_id)
    if m is None:
        raise TalentError("not_member", "Anda bukan anggota panitia seleksi ini.")
    if st.closed_at is not None:
        raise TalentError("stage_closed", "Tahap ini sudah ditutup; nilai tidak dapat diubah.")
    if st.selection.status != Status.CLOSED:
        raise TalentError("not_scoring", "Penilaian dimulai sesudah seleksi administrasi.")
    if not stage_applicants(st).filter(pk=applicant.pk).exists():
        raise TalentError("not_passed", "Pelamar ini tidak lolos seleksi administrasi.")
    value = _dec(score, "Nilai").quantize(sr.TWO)
    old = PanelScore.objects.filter(stage=st, member=m, applicant=applicant).first()
    before = {"score": str(old.score)} if old else None
    obj, _c = PanelScore.objects.update_or_create(
        stage=st, member=m, applicant=applicant, defaults={"score": value}
    )
    audit_record(
        actor=actor,
        action="selection.score",
        obj=obj,
        before=before,
        after={"stage": st.kind, "applicant": applicant.pk, "score": str(value)},
    )
    return obj


def scores_visible_to(user: Any, stage: SelectionStage) -> QuerySet[PanelScore]:
    """Before a stage is closed a panel member sees only their own scores (and nobody else any
    member's scores); once closed, the stage's scores are visible to its panel and to BKPP."""
    qs = PanelScore.objects.filter(stage=stage)
    if stage.closed_at is not None:
        return qs
    return qs.filter(member__user=user) if getattr(user, "is_authenticated", False) else qs.none()


@transaction.atomic
def stage_close(*, actor: Any, stage: SelectionStage) -> dict[str, Any]:
    """Close a stage: every member must have scored every applicant who passed the check."""
    st = SelectionStage.objects.select_for_update().get(pk=stage.pk)
    if st.closed_at is not None:
        raise TalentError("stage_closed", "Tahap ini sudah ditutup.")
    members = list(PanelMember.objects.filter(selection_id=st.selection_id))
    applicants = list(stage_applicants(st).values_list("pk", "name"))
    if not members or not applicants:
        raise TalentError("empty", "Belum ada anggota panitia atau pelamar yang lolos.")
    have = set(PanelScore.objects.filter(stage=st).values_list("member_id", "applicant_id"))
    missing = [
        f"{name} ({m.user})" for m in members for pk, name in applicants if (m.pk, pk) not in have
    ]
    if missing:
        raise TalentError(
            "incomplete",
            f"Belum dinilai ({len(missing)}): " + "; ".join(missing[:10]),
        )
    st.closed_at = timezone.now()
    st.save(update_fields=["closed_at"])
    means = _stage_means(st)
    audit_record(
        actor=actor,
        action="selection.stage_close",
        obj=st,
        after={
            "kind": st.kind,
            "weight": str(st.weight),
            "means": {str(k): str(v) for k, v in means.items()},
        },
    )
    return {"kind": st.kind, "applicants": len(applicants)}


def _stage_means(stage: SelectionStage) -> dict[int, Decimal]:
    by: dict[int, list[Decimal]] = defaultdict(list)
    for a, s in PanelScore.objects.filter(stage=stage).values_list("applicant_id", "score"):
        by[a].append(s)
    return {a: m for a, vals in by.items() if (m := sr.stage_score(vals)) is not None}


@transaction.atomic
def rank_and_report(*, actor: Any, selection: OpenSelection) -> list[SelectionApplicant]:
    """With every stage closed: stage score = mean of members, final = Σ weight × stage / 100;
    ranking (ties: interview, then assessment, then name); the three best are reported to the
    PPK (recorded, audited)."""
    s = OpenSelection.objects.select_for_update().get(pk=selection.pk)
    if s.status != Status.CLOSED:
        raise TalentError("state", "Peringkat dibuat sesudah seleksi administrasi dan penilaian.")
    stages = list(s.stages.all())
    if any(st.closed_at is None for st in stages):
        raise TalentError("stages_open", "Semua tahap penilaian harus ditutup dulu.")
    w = {st.kind: st.weight for st in stages}
    means = {st.kind: _stage_means(st) for st in stages}
    apps = list(SelectionApplicant.objects.filter(selection=s, admin_passed=True))
    for a in apps:
        parts = {k: means[k].get(a.pk, Decimal(0)) for k in w}
        a.stage_scores = {k: str(v) for k, v in parts.items()}
        a.final_score = sr.final_score(parts, w)
    ordered = sorted(
        apps,
        key=lambda a: (
            -(a.final_score or 0),
            -Decimal(a.stage_scores.get("interview", "0")),
            -Decimal(a.stage_scores.get("assessment", "0")),
            a.name,
        ),
    )
    for i, a in enumerate(ordered, start=1):
        a.rank_position = i
    SelectionApplicant.objects.bulk_update(
        apps, ["stage_scores", "final_score", "rank_position"], batch_size=1000
    )
    s.status = Status.REPORTED
    s.reported_at = timezone.now()
    s.used = _used(s)
    s.save(update_fields=["status", "reported_at", "used"])
    audit_record(
        actor=actor,
        action="selection.report_top3",
        obj=s,
        before={"status": Status.CLOSED},
        after={
            **s.used,
            "top3": [
                {"applicant": a.pk, "nip": a.nip, "final": str(a.final_score), **a.stage_scores}
                for a in ordered[: sr.TOP_N]
            ],
            "ranked": len(ordered),
        },
    )
    return ordered[: sr.TOP_N]


def top3(s: OpenSelection) -> list[SelectionApplicant]:
    return list(
        SelectionApplicant.objects.filter(
            selection=s,
            admin_passed=True,
            rank_position__isnull=False,
            rank_position__lte=sr.TOP_N,
        )
        .select_related("rank")
        .order_by("rank_position")
    )


@transaction.atomic
def ppk_decide(
    *, actor: Any, selection: OpenSelection, applicant_id: int, reasons: str
) -> OpenSelection:
    """Record the PPK's (mayor's) choice among the three best, with reasons (audited)."""
    s = OpenSelection.objects.select_for_update().get(pk=selection.pk)
    if s.status != Status.REPORTED:
        raise TalentError("state", "Pilihan PPK dicatat sesudah tiga terbaik dilaporkan.")
    reasons = (reasons or "").strip()
    if len(reasons) < 10:
        raise TalentError("reasons_required", "Tuliskan alasan pilihan PPK (minimal 10 karakter).")
    best = {a.pk: a for a in top3(s)}
    if applicant_id not in best:
        raise TalentError("not_top3", "PPK memilih dari tiga terbaik.")
    a = best[applicant_id]
    s.chosen = a
    s.choice_reasons = reasons
    s.decided_at = timezone.now()
    s.status = Status.DECIDED
    s.save(update_fields=["chosen", "choice_reasons", "decided_at", "status"])
    audit_record(
        actor=actor,
        action="selection.ppk_decide",
        obj=s,
        before={"status": Status.REPORTED},
        after={
            "chosen": a.pk,
            "nip": a.nip,
            "rank": a.rank_position,
            "final": str(a.final_score),
            "reasons": reasons,
            "top3": [b.pk for b in best.values()],
        },
    )
    return s


@transaction.atomic
def publish(*, actor: Any, selection: OpenSelection) -> OpenSelection:
    s = OpenSelection.objects.select_for_update().get(pk=selection.pk)
    if s.status not in (Status.REPORTED, Status.DECIDED):
        raise TalentError("state", "Hasil diumumkan sesudah tiga terbaik ditetapkan.")
    before = s.status
    s.status = Status.PUBLISHED
    s.published_at = timezone.now()
    s.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        action="selection.publish",
        obj=s,
        before={"status": before},
        after={"status": s.status, "public": public_result(s)},
    )
    return s


# --- selectors -------------------------------------------------------------------------------


def public_result(s: OpenSelection) -> dict[str, Any]:
    return {
        "id": s.pk,
        "title": s.title,
        "position": s.position.name,
        "published_at": s.published_at.isoformat() if s.published_at else None,
        "top3": [
            {"rank": rank, "name": name}
            for rank, name in SelectionApplicant.objects.filter(
                selection=s, rank_position__isnull=False, rank_position__lte=sr.TOP_N
            )
            .order_by("rank_position")
            .values_list("rank_position", "name")
        ],
    }


def public_results() -> list[dict[str, Any]]:
    """Published selections for the public portal: announcement title, position and the names of
    the three best in rank order — as announced publicly. No NIP, scores, members' scores or
    other applicants. Two queries."""
    sels = list(
        OpenSelection.objects.filter(status=Status.PUBLISHED)
        .select_related("position")
        .order_by("-published_at", "-pk")
    )
    names: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for sid, rank, name in (
        SelectionApplicant.objects.filter(
            selection__in=sels, rank_position__isnull=False, rank_position__lte=sr.TOP_N
        )
        .order_by("selection_id", "rank_position")
        .values_list("selection_id", "rank_position", "name")
    ):
        names[sid].append({"rank": rank, "name": name})
    return [
        {
            "id": s.pk,
            "title": s.title,
            "position": s.position.name,
            "published_at": s.published_at.isoformat() if s.published_at else None,
            "top3": names.get(s.pk, []),
        }
        for s in sels
    ]


def open_for_application(today: dt.date | None = None) -> QuerySet[OpenSelection]:
    today = today or timezone.localdate()
    return OpenSelection.objects.filter(
        status=Status.OPEN, opens_on__lte=today, closes_on__gte=today
    ).select_related("position", "min_rank", "min_education")


def own_applications(user: Any) -> QuerySet[SelectionApplicant]:
    emp_id = getattr(user, "employee_id", None)
    if not emp_id:
        return SelectionApplicant.objects.none()
    return SelectionApplicant.objects.filter(employee_id=emp_id).select_related(
        "selection", "selection__position"
    )


def panel_selections(user: Any) -> QuerySet[OpenSelection]:
    if not getattr(user, "is_authenticated", False):
        return OpenSelection.objects.none()
    return (
        OpenSelection.objects.filter(panel__user=user)
        .select_related("position")
        .prefetch_related("stages")
        .order_by("-opens_on")
    )


# --- fairness per stage ------------------------------------------------------------------------


def stage_fairness(s: OpenSelection) -> list[tuple[str, Any]]:
    """Selection rates by gender, age band and OPD/agency with adverse-impact ratios, for each
    stage that has results: the administrative check (applicants → passed), each closed scored
    stage (passed → in the better half of the stage's scores, ties included), and the three best
    (ranked → top three). One query per stage."""
    from penata.talent.promotion import fairness, fairness_dims

    out: list[tuple[str, Any]] = []
    rows = list(
        SelectionApplicant.objects.filter(selection=s).values_list(
            "pk", "gender", "birth_date", "agency", "admin_passed", "rank_position"
        )
    )
    on = s.age_on
    dflt = dt.date(1970, 1, 1)
    checked = [r for r in rows if r[4] is not None]
    if checked:
        out.append(
            (
                "Seleksi administrasi",
                fairness_dims(
                    fairness([(r[1], r[2] or dflt, r[3], bool(r[4])) for r in checked], on)
                ),
            )
        )
    passed = {r[0]: r for r in rows if r[4]}
    for st in s.stages.filter(closed_at__isnull=False):
        means = _stage_means(st)
        vals = sorted(means.values(), reverse=True)
        if not vals:
            continue
        cut = vals[(len(vals) - 1) // 2]
        people = [
            (r[1], r[2] or dflt, r[3], means.get(pk, Decimal(-1)) >= cut)
            for pk, r in passed.items()
        ]
        out.append((sr.STAGE_LABELS[st.kind], fairness_dims(fairness(people, on))))
    ranked = [r for r in passed.values() if r[5] is not None]
    if ranked:
        out.append(
            (
                "Tiga terbaik",
                fairness_dims(
                    fairness(
                        [(r[1], r[2] or dflt, r[3], (r[5] or 0) <= sr.TOP_N) for r in ranked], on
                    )
                ),
            )
        )
    return out


# --- report for the PPK ----------------------------------------------------------------------

REPORT_HEADERS = [
    "Peringkat",
    "NIP",
    "Nama",
    "Instansi",
    "Golongan",
    *[sr.STAGE_LABELS[k] for k in sr.STAGES],
    "Nilai akhir",
]


def report_rows(s: OpenSelection, *, only_top: bool = False) -> list[list[Any]]:
    qs = (
        SelectionApplicant.objects.filter(selection=s, rank_position__isnull=False)
        .select_related("rank")
        .order_by("rank_position")
    )
    if only_top:
        qs = qs.filter(rank_position__lte=sr.TOP_N)
    return [
        [
            a.rank_position,
            a.nip,
            a.name,
            a.agency,
            a.rank.code if a.rank else "",
            *[Decimal(a.stage_scores.get(k, "0")) for k in sr.STAGES],
            a.final_score,
        ]
        for a in qs
    ]


def report_xlsx(s: OpenSelection) -> bytes:
    from penata.core.exports import write_table

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seleksi.xlsx"
        write_table(path, REPORT_HEADERS, report_rows(s), fmt="xlsx", sheet="Peringkat")
        return path.read_bytes()


def report_pdf(s: OpenSelection) -> bytes:
    from penata.core.pdf import PdfDocument

    doc = PdfDocument(
        title=f"Laporan Tiga Terbaik Seleksi Terbuka: {s.title}",
        subtitle=f"Jabatan {s.position.name} - kepada Pejabat Pembina Kepegawaian (Wali Kota)",
        landscape=True,
    )
    used = s.used or _used(s)
    doc.key_values(
        [
            (
                "Bobot tahap",
                ", ".join(f"{sr.STAGE_LABELS[k]} {v}%" for k, v in used.get("weights", {}).items()),
            ),
            ("Syarat", ", ".join(f"{k}: {v}" for k, v in used.get("requirements", {}).items())),
            ("Dilaporkan", f"{s.reported_at:%d-%m-%Y %H:%M}" if s.reported_at else "-"),
        ]
    )
    doc.heading("Tiga terbaik")
    doc.table(
        REPORT_HEADERS,
        [[*r[:5], *[str(x) for x in r[5:]]] for r in report_rows(s, only_top=True)],
        widths=[12, 32, 40, 40, 14, 18, 18, 18, 16],
    )
    if s.chosen_id:
        chosen = SelectionApplicant.objects.get(pk=s.chosen_id)
        doc.paragraph(f"Pilihan PPK: {chosen.name}. Alasan: {s.choice_reasons}")
    doc.heading("Peringkat lengkap")
    doc.table(
        REPORT_HEADERS,
        [[*r[:5], *[str(x) for x in r[5:]]] for r in report_rows(s)],
        widths=[12, 32, 40, 40, 14, 18, 18, 18, 16],
    )
    return doc.output()
