"""Writes of the public portal, each audited in its own transaction: a citizen's complaint or
survey answer (actor: nobody, the public), an officer's response to a complaint.

A refusal is a :class:`PortalError` with a code and a message in Indonesian that says what to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from penata.core.audit import audit_record, snapshot
from penata.portal import rules, selectors
from penata.portal.models import (
    Complaint,
    ComplaintStatus,
    IkmResponse,
    LookupMiss,
    PortalSettings,
)
from penata.workforce.models import OrgUnit

ALLOWED_ATTACHMENTS: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


class PortalError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def ip_fingerprint(ip: str | None) -> str:
    """A keyed hash of the sender's address: enough to count submissions per address for the
    rate limit, without keeping the address itself."""
    if not ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()


def _rate_limited(model: Any, ip_hash: str, limit: int) -> bool:
    if not ip_hash:
        return False
    since = timezone.now() - dt.timedelta(hours=1)
    return (
        int(model.objects.filter(ip_hash=ip_hash, **{_time_field(model): since}).count()) >= limit
    )


def _time_field(model: Any) -> str:
    return "created_at__gte" if model is Complaint else "submitted_at__gte"


def service_unit(unit_id: int | None) -> OrgUnit:
    unit = (
        OrgUnit.objects.filter(pk=unit_id, is_active=True).select_related("opd").first()
        if unit_id
        else None
    )
    if unit is None:
        raise PortalError(
            "unit", "Unit layanan tidak ditemukan: pilih OPD atau unit layanan dari daftar."
        )
    return unit


def _opd_of(unit: OrgUnit) -> OrgUnit:
    return unit.opd if unit.opd_id else unit  # type: ignore[return-value]


def check_attachment(upload: UploadedFile | None, cfg: PortalSettings) -> None:
    """A PDF, JPG or PNG no larger than the configured size, whose content matches its type."""
    if upload is None:
        return
    name = (upload.name or "").lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext not in ALLOWED_ATTACHMENTS:
        raise PortalError(
            "attachment_type",
            f"Lampiran '{upload.name}' tidak diterima: hanya PDF, JPG atau PNG. "
            "Simpan ulang berkas dalam salah satu format itu.",
        )
    limit = cfg.attachment_max_kb * 1024
    if (upload.size or 0) > limit:
        raise PortalError(
            "attachment_size",
            f"Lampiran terlalu besar ({(upload.size or 0) // 1024} KB): paling besar "
            f"{cfg.attachment_max_kb} KB. Perkecil atau kompres berkasnya.",
        )
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_ATTACHMENTS[ext]):
        raise PortalError(
            "attachment_content",
            f"Isi lampiran '{upload.name}' bukan berkas {ext.upper()} yang sah. "
            "Lampirkan berkas aslinya.",
        )


@transaction.atomic
def complaint_submit(
    *,
    org_unit_id: int | None,
    kind: str,
    subject: str,
    body: str,
    reporter_name: str = "",
    reporter_contact: str = "",
    attachment: UploadedFile | None = None,
    ip: str | None = None,
    now: dt.datetime | None = None,
) -> Complaint:
    """File a complaint from the public: routed to the unit's OPD, with a fresh tracking code
    and the SLA deadline. Refused past the per-address hourly limit or with a bad attachment."""
    cfg = PortalSettings.current()
    ip_hash = ip_fingerprint(ip)
    if _rate_limited(Complaint, ip_hash, cfg.complaint_per_ip_hour):
        raise PortalError(
            "rate_limited",
            f"Terlalu banyak aduan dari alamat Anda dalam satu jam (paling banyak "
            f"{cfg.complaint_per_ip_hour}). Coba lagi nanti, atau hubungi kantor layanan.",
        )
    if len(body) > cfg.max_text_chars:
        raise PortalError(
            "too_long",
            f"Isi aduan terlalu panjang ({len(body)} karakter): paling banyak "
            f"{cfg.max_text_chars}. Ringkas isinya atau lampirkan dokumen.",
        )
    check_attachment(attachment, cfg)
    unit = service_unit(org_unit_id)
    now = now or timezone.now()
    complaint = Complaint(
        kind=kind,
        org_unit=unit,
        opd=_opd_of(unit),
        subject=subject.strip(),
        body=body.strip(),
        reporter_name=reporter_name.strip(),
        reporter_contact=reporter_contact.strip(),
        due_at=now + dt.timedelta(days=cfg.complaint_sla_days),
        ip_hash=ip_hash,
    )
    for _attempt in range(5):
        complaint.tracking_code = rules.new_tracking_code()
        if not Complaint.objects.filter(tracking_code=complaint.tracking_code).exists():
            break
    complaint.full_clean(exclude=["attachment"])
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError as exc:  # pragma: no cover - a code collision twice in a row
        raise PortalError("retry", "Gagal menyimpan aduan: kirim sekali lagi.") from exc
    if attachment is not None:
        complaint.attachment.save(attachment.name or "lampiran", attachment, save=True)
    audit_record(
        actor=None,
        action="portal.complaint_submit",
        obj=complaint,
        # The reporter's name and contact are personal data: the audit keeps only that they exist.
        after={
            **snapshot(complaint, ["kind", "org_unit", "opd", "status", "due_at"]),
            "has_contact": bool(complaint.reporter_contact),
            "has_attachment": bool(complaint.attachment),
        },
    )
    return complaint


@transaction.atomic
def complaint_respond(
    *, actor: Any, complaint_id: int, status: str, response: str, version: int | None = None
) -> Complaint:
    """An officer moves a complaint in their scope along (diterima → diproses → selesai or
    ditolak) with a response the citizen reads on the tracking page."""
    complaint = (
        selectors.complaints_visible_to(actor).select_for_update().filter(pk=complaint_id).first()
    )
    if complaint is None:
        raise PortalError("not_found", "Aduan tidak ditemukan atau di luar unit Anda.")
    if version is not None and version != complaint.version:
        raise PortalError(
            "stale", "Aduan ini baru saja diubah petugas lain: muat ulang halaman lalu ulangi."
        )
    if status not in ComplaintStatus.values:
        raise PortalError("status", "Status tidak dikenal: pilih diproses, selesai atau ditolak.")
    response = (response or "").strip()
    if status == complaint.status:
        if not response:
            raise PortalError("empty", "Tulis tanggapan atau pilih status yang baru.")
    elif not rules.can_move(complaint.status, status):
        raise PortalError(
            "transition",
            f"Aduan berstatus {complaint.get_status_display()} tidak dapat diubah menjadi "
            f"{ComplaintStatus(status).label}.",
        )
    if status in rules.CLOSED and not response:
        raise PortalError(
            "response_required",
            "Tanggapan wajib diisi untuk aduan yang diselesaikan atau ditolak: jelaskan "
            "tindak lanjut atau alasan penolakannya.",
        )
    before = snapshot(complaint, ["status", "response", "closed_at", "first_response_at"])
    now = timezone.now()
    complaint.status = status
    if response:
        complaint.response = response
    complaint.responded_by = actor
    complaint.first_response_at = complaint.first_response_at or now
    if status in rules.CLOSED:
        complaint.closed_at = now
    complaint.version += 1
    complaint.full_clean(exclude=["attachment"])
    complaint.save()
    audit_record(
        actor=actor,
        action="portal.complaint_respond",
        obj=complaint,
        before=before,
        after=snapshot(complaint, ["status", "response", "closed_at", "first_response_at"]),
    )
    return complaint


@transaction.atomic
def ikm_response_submit(
    *,
    org_unit_id: int | None,
    scores: dict[str, int],
    suggestion: str = "",
    ip: str | None = None,
    today: dt.date | None = None,
) -> IkmResponse:
    """Record one public survey answer for a service unit: a score 1–4 for each of the nine
    elements; refused past the per-address hourly limit."""
    cfg = PortalSettings.current()
    ip_hash = ip_fingerprint(ip)
    if _rate_limited(IkmResponse, ip_hash, cfg.survey_per_ip_hour):
        raise PortalError(
            "rate_limited",
            f"Terlalu banyak jawaban survei dari alamat Anda dalam satu jam (paling banyak "
            f"{cfg.survey_per_ip_hour}). Coba lagi nanti.",
        )
    table = rules.ikm_table()
    missing = [e.name for e in table.elements if not rules.valid_score(scores.get(e.code))]
    if missing:
        raise PortalError(
            "scores",
            "Pilih nilai 1 sampai 4 untuk unsur: " + ", ".join(missing) + ".",
        )
    if len(suggestion) > cfg.max_text_chars:
        raise PortalError(
            "too_long",
            f"Saran terlalu panjang ({len(suggestion)} karakter): paling banyak "
            f"{cfg.max_text_chars}.",
        )
    unit = service_unit(org_unit_id)
    today = today or timezone.localdate()
    resp = IkmResponse(
        org_unit=unit,
        opd=_opd_of(unit),
        period=rules.period_of(today),
        suggestion=suggestion.strip(),
        ip_hash=ip_hash,
        **{e.code: scores[e.code] for e in table.elements},
    )
    resp.full_clean()
    resp.save()
    audit_record(
        actor=None,
        action="portal.ikm_submit",
        obj=resp,
        after=snapshot(resp, ["org_unit", "opd", "period", *rules.element_codes()]),
    )
    return resp


def lookup_is_limited(ip: str | None) -> bool:
    cfg = PortalSettings.current()
    ip_hash = ip_fingerprint(ip)
    if not ip_hash:
        return False
    since = timezone.now() - dt.timedelta(hours=1)
    return LookupMiss.objects.filter(ip_hash=ip_hash, created_at__gte=since).count() >= (
        cfg.lookup_per_ip_hour
    )


def lookup_miss_record(ip: str | None) -> None:
    """Count a lookup that found nothing (old misses are dropped on the way)."""
    ip_hash = ip_fingerprint(ip)
    if not ip_hash:
        return
    with transaction.atomic():
        LookupMiss.objects.filter(created_at__lt=timezone.now() - dt.timedelta(hours=1)).delete()
        LookupMiss.objects.create(ip_hash=ip_hash)
