"""Writes of funding: budget lines and their links to programs and sessions, partners and
contacts, agreements and their documents, expiry reminders, sponsorships, and seat allocation
from the available funds. Keyword-only, atomic, audited in the same transaction; refusals raise
:class:`FundingError` with an Indonesian message (pages show it, the API answers 409/403).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from penata.core import uploads
from penata.core.access import has_perm
from penata.core.audit import audit_record, snapshot
from penata.core.roles import Perm, Role
from penata.funding import budget, rules
from penata.funding.models import (
    Agreement,
    AgreementDocument,
    AgreementReminder,
    AllocationFunding,
    BudgetLine,
    FundingSettings,
    Partner,
    PartnerContact,
    PartnerMember,
    ProgramBudget,
    SessionBudget,
    Sponsorship,
    SponsorshipKind,
)
from penata.learning.models import AllocationRun, TrainingProgram, TrainingSession
from penata.learning.services import LearningError

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


class FundingError(LearningError):
    """A refused funding action: ``code`` for machines, ``message`` (Indonesian) for people.

    A :class:`LearningError` so that the learning workflow and the API's error handler treat the
    budget refusal of an approval like the other refusals of that approval."""


def _require(actor: Any, perm: Perm = Perm.FUNDING_MANAGE) -> None:
    if not has_perm(actor, perm):
        raise FundingError("forbidden", "Hanya BKPP yang dapat mengelola pendanaan pelatihan.")


def _apply(obj: Any, fields: Mapping[str, Any], allowed: Iterable[str]) -> None:
    for key in allowed:
        if key in fields:
            setattr(obj, key, fields[key])


def _clean(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        parts = []
        for field, messages in exc.message_dict.items():
            label = field
            if field != "__all__":
                try:
                    label = str(obj._meta.get_field(field).verbose_name)
                except Exception:  # an error key that is not a field
                    label = field
            parts.append(f"{label}: {' '.join(messages)}")
        raise FundingError("invalid", "Periksa isian — " + "; ".join(parts)) from exc


# --- budget lines ----------------------------------------------------------------------------

LINE_FIELDS = (
    "fiscal_year",
    "program_code",
    "activity_code",
    "sub_activity_code",
    "name",
    "ceiling",
    "opd",
    "competency_area",
    "is_active",
)


@transaction.atomic
def budget_line_create(*, actor: Any, fields: Mapping[str, Any]) -> BudgetLine:
    _require(actor)
    line = BudgetLine()
    _apply(line, fields, LINE_FIELDS)
    _clean(line)
    line.save()
    audit_record(actor=actor, action="funding.line_create", obj=line, after=snapshot(line))
    return line


@transaction.atomic
def budget_line_update(*, actor: Any, line: BudgetLine, fields: Mapping[str, Any]) -> BudgetLine:
    """Change a line; its ceiling cannot go below what is already committed and realised, and
    its fiscal year cannot change once programs are linked."""
    _require(actor)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    before = snapshot(line)
    old_year = line.fiscal_year
    _apply(line, fields, LINE_FIELDS)
    _clean(line)
    if line.fiscal_year != old_year and line.program_links.exists():
        raise FundingError(
            "year_locked",
            "Tahun anggaran tidak dapat diubah karena sudah ada program yang ditautkan ke pos ini.",
        )
    pos = budget.positions([line])[line.pk]
    if pos.used > line.ceiling:
        raise FundingError(
            "ceiling_below_use",
            f"Pagu {rules.format_rupiah(int(line.ceiling))} lebih kecil dari yang sudah terpakai "
            f"({rules.format_rupiah(pos.used)}); pagu paling sedikit sebesar itu.",
        )
    line.save()
    audit_record(
        actor=actor, action="funding.line_update", obj=line, before=before, after=snapshot(line)
    )
    return line


def _check_fits(line: BudgetLine) -> None:
    pos = budget.positions([line])[line.pk]
    if pos.available < 0:
        raise FundingError(
            "budget_exceeded",
            f"Dengan tautan ini pos {line.sub_activity_code} menanggung "
            f"{rules.format_rupiah(pos.used)} yang melebihi pagunya "
            f"{rules.format_rupiah(pos.ceiling)}; pilih pos lain atau tambah pagu.",
        )


@transaction.atomic
def program_budget_link(*, actor: Any, program: TrainingProgram, line: BudgetLine) -> ProgramBudget:
    """Pay the program's sessions starting in ``line``'s fiscal year from ``line`` (replacing
    an earlier link of that year). Refused if the places already approved would pass the
    ceiling."""
    _require(actor)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    old = ProgramBudget.objects.filter(program=program, fiscal_year=line.fiscal_year).first()
    before = {"line": old.line_id} if old else None
    link, _ = ProgramBudget.objects.update_or_create(
        program=program, fiscal_year=line.fiscal_year, defaults={"line": line}
    )
    _check_fits(line)
    audit_record(
        actor=actor,
        action="funding.program_link",
        obj=link,
        before=before,
        after={"program": program.pk, "line": line.pk, "fiscal_year": line.fiscal_year},
    )
    return link


@transaction.atomic
def program_budget_unlink(*, actor: Any, link: ProgramBudget) -> None:
    _require(actor)
    before = {"program": link.program_id, "line": link.line_id, "fiscal_year": link.fiscal_year}
    audit_record(actor=actor, action="funding.program_unlink", obj=link, before=before)
    link.delete()


@transaction.atomic
def session_budget_link(
    *, actor: Any, session: TrainingSession, line: BudgetLine | None
) -> SessionBudget | None:
    """Pay one session from ``line`` instead of its program's line (``None``: back to the
    program's)."""
    _require(actor)
    old = SessionBudget.objects.filter(session=session).first()
    before = {"line": old.line_id} if old else None
    if line is None:
        if old is not None:
            old.delete()
        audit_record(
            actor=actor,
            action="funding.session_link",
            object_type="learning.trainingsession",
            object_id=str(session.pk),
            object_repr=str(session),
            before=before,
            after={"line": None},
        )
        return None
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    if line.fiscal_year != session.starts_on.year:
        raise FundingError(
            "year_mismatch",
            f"Angkatan {session.code} dimulai tahun {session.starts_on.year}, sedangkan pos "
            f"{line.sub_activity_code} untuk tahun anggaran {line.fiscal_year}.",
        )
    link, _ = SessionBudget.objects.update_or_create(session=session, defaults={"line": line})
    _check_fits(line)
    audit_record(
        actor=actor,
        action="funding.session_link",
        object_type="learning.trainingsession",
        object_id=str(session.pk),
        object_repr=str(session),
        before=before,
        after={"line": line.pk},
    )
    return link


# --- partners ----------------------------------------------------------------------------------

PARTNER_FIELDS = ("name", "kind", "address", "website", "public_recognition", "is_active")


def _consent(partner: Partner, today: dt.date) -> None:
    if partner.public_recognition and partner.recognition_consent_on is None:
        partner.recognition_consent_on = today
    if not partner.public_recognition:
        partner.recognition_consent_on = None


@transaction.atomic
def partner_create(*, actor: Any, fields: Mapping[str, Any]) -> Partner:
    _require(actor)
    partner = Partner()
    _apply(partner, fields, PARTNER_FIELDS)
    _consent(partner, timezone.localdate())
    _clean(partner)
    partner.save()
    audit_record(actor=actor, action="funding.partner_create", obj=partner, after=snapshot(partner))
    return partner


@transaction.atomic
def partner_update(*, actor: Any, partner: Partner, fields: Mapping[str, Any]) -> Partner:
    _require(actor)
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    before = snapshot(partner)
    _apply(partner, fields, PARTNER_FIELDS)
    _consent(partner, timezone.localdate())
    _clean(partner)
    partner.save()
    audit_record(
        actor=actor,
        action="funding.partner_update",
        obj=partner,
        before=before,
        after=snapshot(partner),
    )
    return partner


CONTACT_FIELDS = ("name", "position", "email", "phone")


@transaction.atomic
def contact_add(*, actor: Any, partner: Partner, fields: Mapping[str, Any]) -> PartnerContact:
    _require(actor)
    contact = PartnerContact(partner=partner)
    _apply(contact, fields, CONTACT_FIELDS)
    _clean(contact)
    contact.save()
    # Personal data (UU 27/2022): the audit log records that contact details were set, not them.
    audit_record(
        actor=actor,
        action="funding.contact_add",
        obj=contact,
        after={"partner": partner.pk, "name": contact.name, "position": contact.position},
    )
    return contact


@transaction.atomic
def contact_remove(*, actor: Any, contact: PartnerContact) -> None:
    _require(actor)
    audit_record(
        actor=actor,
        action="funding.contact_remove",
        obj=contact,
        before={"partner": contact.partner_id, "name": contact.name},
    )
    contact.delete()


@transaction.atomic
def partner_member_link(*, actor: Any, user: Any, partner: Partner) -> PartnerMember:
    """Let a ``mitra`` account see its organisation's agreements and sponsorships."""
    _require(actor)
    if getattr(user, "role", "") != Role.PARTNER:
        raise FundingError(
            "not_partner", "Hanya akun berperan Mitra yang dapat ditautkan ke organisasi mitra."
        )
    link, _ = PartnerMember.objects.update_or_create(user=user, defaults={"partner": partner})
    audit_record(
        actor=actor,
        action="funding.member_link",
        obj=link,
        after={"user": user.pk, "partner": partner.pk},
    )
    return link


# --- agreements --------------------------------------------------------------------------------

AGREEMENT_FIELDS = (
    "kind",
    "number",
    "title",
    "scope",
    "signed_on",
    "starts_on",
    "ends_on",
    "value",
    "parent",
)


def _check_agreement(agreement: Agreement) -> None:
    if agreement.starts_on and agreement.ends_on and agreement.ends_on < agreement.starts_on:
        raise FundingError(
            "bad_dates", "Tanggal berlaku sampai tidak boleh sebelum tanggal berlaku mulai."
        )
    if (
        agreement.parent_id
        and agreement.parent
        and agreement.parent.partner_id != (agreement.partner_id)
    ):
        raise FundingError("bad_parent", "MoU induk harus milik mitra yang sama.")


@transaction.atomic
def agreement_create(*, actor: Any, partner: Partner, fields: Mapping[str, Any]) -> Agreement:
    _require(actor)
    agreement = Agreement(partner=partner)
    _apply(agreement, fields, AGREEMENT_FIELDS)
    _check_agreement(agreement)
    _clean(agreement)
    agreement.save()
    audit_record(
        actor=actor, action="funding.agreement_create", obj=agreement, after=snapshot(agreement)
    )
    return agreement


@transaction.atomic
def agreement_update(*, actor: Any, agreement: Agreement, fields: Mapping[str, Any]) -> Agreement:
    _require(actor)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    before = snapshot(agreement)
    _apply(agreement, fields, AGREEMENT_FIELDS)
    _check_agreement(agreement)
    _clean(agreement)
    agreement.save()
    audit_record(
        actor=actor,
        action="funding.agreement_update",
        obj=agreement,
        before=before,
        after=snapshot(agreement),
    )
    return agreement


def check_document(name: str, size: int, head: bytes) -> str:
    """The lower-case extension of an acceptable document, or :class:`FundingError`."""
    ext = PurePath(name or "").suffix.lower()
    if ext not in DOCUMENT_TYPES:
        raise FundingError(
            "bad_type",
            f"Berkas '{name}' ditolak: hanya PDF, PNG atau JPG yang diterima.",
        )
    if size > MAX_DOCUMENT_BYTES:
        raise FundingError(
            "too_large",
            f"Berkas '{name}' berukuran {size / 1024 / 1024:.1f} MB; paling besar 10 MB. "
            "Perkecil hasil pindaian lalu unggah lagi.",
        )
    if size == 0 or not any(head.startswith(magic) for magic in DOCUMENT_TYPES[ext]):
        raise FundingError(
            "bad_content",
            f"Isi berkas '{name}' bukan {ext[1:].upper()} yang sah; unggah berkas aslinya.",
        )
    return ext


@transaction.atomic
def document_upload(
    *, actor: Any, agreement: Agreement, kind: str, upload: Any
) -> AgreementDocument:
    """Attach a document (PDF, PNG or JPG, at most 10 MB, content checked by its signature)."""
    _require(actor)
    head = upload.read(16)
    upload.seek(0)
    check_document(upload.name, upload.size, head)
    try:  # the central gate: executables, content sniffing (core.uploads)
        uploads.check_file(
            upload.name,
            upload.size,
            upload,
            allowed=[ext[1:] for ext in DOCUMENT_TYPES],
            max_bytes=MAX_DOCUMENT_BYTES,
            allowed_label="PDF, PNG atau JPG",
        )
    except uploads.UploadRejected as exc:
        raise FundingError(exc.code, exc.message) from None
    if kind not in AgreementDocument.Kind.values:
        raise FundingError("bad_kind", "Pilih jenis dokumen.")
    doc = AgreementDocument(
        agreement=agreement,
        kind=kind,
        original_name=PurePath(upload.name).name[:255],
        size=upload.size,
        uploaded_by=actor,
    )
    doc.file.save(PurePath(upload.name).name, upload, save=False)
    doc.save()
    audit_record(
        actor=actor,
        action="funding.document_upload",
        obj=doc,
        after={
            "agreement": agreement.pk,
            "kind": kind,
            "name": doc.original_name,
            "size": doc.size,
        },
    )
    return doc


# --- reminders ---------------------------------------------------------------------------------


@transaction.atomic
def reminders_generate(*, today: dt.date | None = None) -> list[AgreementReminder]:
    """Create the in-app reminders due on ``today``: one per agreement and threshold reached
    (:func:`rules.reminder_due`), never twice (the unique constraint, and existing ones are
    skipped). Run daily by ``penata funding-reminders``."""
    today = today or timezone.localdate()
    thresholds = FundingSettings.current().thresholds
    horizon = today + dt.timedelta(days=max(thresholds))
    candidates = list(
        Agreement.objects.filter(ends_on__gte=today, ends_on__lte=horizon).values_list(
            "pk", "ends_on"
        )
    )
    existing = set(
        AgreementReminder.objects.filter(agreement_id__in=[c[0] for c in candidates]).values_list(
            "agreement_id", "ends_on", "days_before"
        )
    )
    new = []
    for pk, ends_on in candidates:
        due = rules.reminder_due(ends_on, today, thresholds)
        if due is not None and (pk, ends_on, due) not in existing:
            new.append(
                AgreementReminder(
                    agreement_id=pk, ends_on=ends_on, days_before=due, created_on=today
                )
            )
    AgreementReminder.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        audit_record(
            actor=None,
            action="funding.reminders",
            object_type="funding.agreementreminder",
            after={
                "today": today.isoformat(),
                "created": [[r.agreement_id, r.days_before] for r in new],
            },
        )
    return new


@transaction.atomic
def reminder_done(*, actor: Any, reminder: AgreementReminder) -> AgreementReminder:
    _require(actor)
    reminder = AgreementReminder.objects.select_for_update().get(pk=reminder.pk)
    if reminder.done_at is None:
        reminder.done_by = actor
        reminder.done_at = timezone.now()
        reminder.save(update_fields=["done_by", "done_at"])
        audit_record(actor=actor, action="funding.reminder_done", obj=reminder)
    return reminder


# --- sponsorships ------------------------------------------------------------------------------

SPONSORSHIP_FIELDS = (
    "partner",
    "agreement",
    "program",
    "fiscal_year",
    "kind",
    "description",
    "pledged_value",
    "realised_value",
    "pledged_seats",
    "realised_seats",
    "is_cancelled",
)


def _check_sponsorship(s: Sponsorship) -> None:
    if s.kind == SponsorshipKind.SEATS and s.program_id is None:
        raise FundingError(
            "program_required", "Sponsor berupa kursi harus menyebut program pelatihannya."
        )
    if s.kind == SponsorshipKind.SEATS and s.pledged_seats < 1:
        raise FundingError("seats_required", "Isi jumlah kursi yang dijanjikan (paling sedikit 1).")
    if s.realised_seats > s.pledged_seats and s.kind == SponsorshipKind.SEATS:
        raise FundingError(
            "over_realised",
            f"Kursi terealisasi ({s.realised_seats}) melebihi yang dijanjikan "
            f"({s.pledged_seats}); perbarui dulu janji sponsor.",
        )
    if s.agreement_id and s.agreement and s.agreement.partner_id != s.partner_id:
        raise FundingError("bad_agreement", "Perjanjian dasar harus milik mitra yang sama.")


@transaction.atomic
def sponsorship_create(*, actor: Any, fields: Mapping[str, Any]) -> Sponsorship:
    _require(actor)
    s = Sponsorship()
    _apply(s, fields, SPONSORSHIP_FIELDS)
    _check_sponsorship(s)
    _clean(s)
    s.save()
    audit_record(actor=actor, action="funding.sponsorship_create", obj=s, after=snapshot(s))
    return s


@transaction.atomic
def sponsorship_update(
    *, actor: Any, sponsorship: Sponsorship, fields: Mapping[str, Any]
) -> Sponsorship:
    _require(actor)
    s = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
    before = snapshot(s)
    _apply(s, fields, SPONSORSHIP_FIELDS)
    _check_sponsorship(s)
    _clean(s)
    s.save()
    audit_record(
        actor=actor,
        action="funding.sponsorship_update",
        obj=s,
        before=before,
        after=snapshot(s),
    )
    return s


# --- seat allocation from the available funds ---------------------------------------------


@transaction.atomic
def allocation_run_from_funds(
    *,
    actor: Any,
    year: int,
    session_ids: list[int],
    line_ids: list[int],
    sponsorship_ids: list[int],
    weights: dict[str, Any] | None = None,
    opd_id: int | None = None,
) -> AllocationRun:
    """Start a seat allocation whose budget is the money still available in the chosen budget
    lines (ceiling − committed − realised) plus the money pledged by the chosen sponsorships
    (not cancelled, kind money, of ``year``). The solver is the learning one, unchanged; the
    sources and their amounts are stored (:class:`AllocationFunding`) and audited. A session
    paid from a line that was not chosen is refused: its places will be charged to that line
    on approval."""
    from penata.learning.allocation_services import allocation_run_create

    _require(actor)
    if not line_ids and not sponsorship_ids:
        raise FundingError("no_funds", "Pilih setidaknya satu pos anggaran atau sponsor dana.")
    lines = list(
        BudgetLine.objects.select_for_update().filter(pk__in=sorted(set(line_ids))).order_by("pk")
    )
    if len(lines) != len(set(line_ids)):
        raise FundingError("unknown_line", "Ada pos anggaran yang tidak ditemukan.")
    wrong_year = [ln.sub_activity_code for ln in lines if ln.fiscal_year != int(year)]
    if wrong_year:
        raise FundingError(
            "year_mismatch",
            f"Pos berikut bukan tahun anggaran {year}: " + ", ".join(wrong_year) + ".",
        )
    sponsorships = list(
        Sponsorship.objects.filter(pk__in=set(sponsorship_ids)).select_related("partner")
    )
    if len(sponsorships) != len(set(sponsorship_ids)):
        raise FundingError("unknown_sponsorship", "Ada sponsor yang tidak ditemukan.")
    bad = [
        str(s.partner)
        for s in sponsorships
        if s.kind != SponsorshipKind.MONEY or s.is_cancelled or s.fiscal_year != int(year)
    ]
    if bad:
        raise FundingError(
            "bad_sponsorship",
            "Hanya sponsor berupa dana, tidak dibatalkan, pada tahun yang sama yang dapat "
            "dipakai: " + ", ".join(bad) + ".",
        )
    chosen = {ln.pk for ln in lines}
    charged = budget.lines_of_sessions(session_ids)
    foreign = sorted(
        TrainingSession.objects.filter(
            pk__in=[sid for sid, ln in charged.items() if ln not in chosen]
        ).values_list("code", flat=True)
    )
    if foreign:
        raise FundingError(
            "session_other_line",
            "Angkatan berikut dibiayai pos anggaran yang tidak dipilih: "
            + ", ".join(foreign)
            + ". Pilih pos anggarannya juga atau keluarkan angkatan itu.",
        )
    pos = budget.positions(lines)
    line_part = {ln.pk: max(pos[ln.pk].available, 0) for ln in lines}
    sponsor_part = {s.pk: int(s.pledged_value) for s in sponsorships}
    total = sum(line_part.values()) + sum(sponsor_part.values())
    run = allocation_run_create(
        actor=actor,
        year=int(year),
        budget=total,
        session_ids=session_ids,
        weights=weights,
        opd_id=opd_id,
    )
    funding = AllocationFunding.objects.create(
        run=run,
        total=total,
        breakdown={
            "lines": {str(k): v for k, v in line_part.items()},
            "sponsorships": {str(k): v for k, v in sponsor_part.items()},
        },
    )
    funding.lines.set(lines)
    funding.sponsorships.set(sponsorships)
    audit_record(
        actor=actor,
        action="funding.allocation_from_funds",
        obj=run,
        after={"total": total, **funding.breakdown},
    )
    return run
