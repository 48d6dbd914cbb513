"""Every write of the policy workspace, each audited in its own transaction.

Refusals raise :class:`PolicyError` with an Indonesian message naming the field and the fix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from penata.core.access import has_perm
from penata.core.audit import audit_record, snapshot
from penata.core.roles import Perm
from penata.learning.services import LearningError
from penata.policy import indicators, rules
from penata.policy.models import (
    Activity,
    ActivityStatus,
    Comment,
    CommenterKind,
    CommentStatus,
    Consultation,
    DocumentStatus,
    DocumentVersion,
    Indicator,
    IndicatorYear,
    Organisation,
    PolicyDocument,
    ResponseKind,
    TeamMember,
    TeamRole,
)

EVIDENCE_MAX_MB = 10
EVIDENCE_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".odt", ".ods")


class PolicyError(LearningError):
    """A refused policy action: ``code`` for machines, ``message`` (Indonesian) for people."""


def _require(actor: Any, perm: Perm = Perm.POLICY_MANAGE) -> None:
    if not has_perm(actor, perm):
        raise PolicyError("forbidden", _("Hanya tim kebijakan yang dapat melakukan ini."))


# --- team --------------------------------------------------------------------------------------


@transaction.atomic
def team_member_set(
    *, actor: Any, user: Any, team_role: str, affiliation: str = "", is_active: bool = True
) -> TeamMember:
    """Add a member or change their role in the team."""
    _require(actor)
    if team_role not in TeamRole.values:
        raise PolicyError("invalid", _("Peran dalam tim tidak dikenal: pilih dari daftar."))
    member = TeamMember.objects.filter(user=user).first()
    before = snapshot(member) if member else None
    if member is None:
        member = TeamMember(user=user, joined_on=timezone.localdate())
    member.team_role = team_role
    member.affiliation = affiliation.strip()
    member.is_active = is_active
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="policy.team_member_set",
        obj=member,
        before=before,
        after=snapshot(member),
    )
    return member


# --- documents and versions -------------------------------------------------------------------


@transaction.atomic
def document_create(
    *, actor: Any, title: str, slug: str = "", summary: str = "", body: str, note: str = ""
) -> PolicyDocument:
    """A new document with its first version."""
    _require(actor)
    title = title.strip()
    if not title:
        raise PolicyError("invalid", _("Judul wajib diisi."))
    base = rules.slugify(slug or title)
    final = base
    n = 1
    while PolicyDocument.objects.filter(slug=final).exists():
        n += 1
        final = f"{base}-{n}"
    doc = PolicyDocument(title=title, slug=final, summary=summary.strip(), created_by=actor)
    doc.full_clean()
    doc.save()
    version = _version_add(actor=actor, document=doc, body=body, note=note or _("Versi awal"))
    audit_record(
        actor=actor,
        action="policy.document_create",
        obj=doc,
        after={**snapshot(doc), "version": version.number},
    )
    return doc


def _version_add(*, actor: Any, document: PolicyDocument, body: str, note: str) -> DocumentVersion:
    if not body.strip():
        raise PolicyError("invalid", _("Isi dokumen wajib diisi (Markdown)."))
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = DocumentVersion(
        document=document, number=last + 1, body=body, note=note.strip()[:255], created_by=actor
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def version_create(
    *, actor: Any, document: PolicyDocument, body: str, note: str = ""
) -> DocumentVersion:
    """Save a new version of the text. An adopted document must be moved to ``revised`` first."""
    _require(actor)
    document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    if document.status == DocumentStatus.ADOPTED:
        raise PolicyError(
            "adopted",
            _(
                "Dokumen sudah ditetapkan: ubah statusnya menjadi “Direvisi” "
                "sebelum menulis versi baru."
            ),
        )
    last = document.versions.order_by("-number").first()
    if last is not None and last.body == body:
        raise PolicyError(
            "unchanged", _("Isi sama dengan versi terakhir: tidak ada yang disimpan.")
        )
    version = _version_add(actor=actor, document=document, body=body, note=note)
    document.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="policy.version_create",
        obj=version,
        after={
            "document": document.pk,
            "number": version.number,
            "note": version.note,
            "chars": len(body),
        },
    )
    return version


@transaction.atomic
def document_set_status(
    *, actor: Any, document: PolicyDocument, status: str, note: str = ""
) -> PolicyDocument:
    """Move a document along the workflow (:data:`rules.TRANSITIONS`); refused otherwise."""
    _require(actor)
    document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    if status not in DocumentStatus.values:
        raise PolicyError("invalid", _("Status tidak dikenal."))
    if not rules.can_transition(document.status, status):
        raise PolicyError(
            "transition",
            _("Status “%(a)s” tidak dapat diubah menjadi “%(b)s”.")
            % {"a": DocumentStatus(document.status).label, "b": DocumentStatus(status).label},
        )
    before = document.status
    document.status = status
    document.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="policy.document_status",
        obj=document,
        before={"status": before},
        after={"status": status},
        note=note[:500],
    )
    return document


# --- action plan -------------------------------------------------------------------------------


def _check_evidence(upload: UploadedFile | None) -> None:
    if upload is None:
        return
    name = (upload.name or "").lower()
    if not name.endswith(EVIDENCE_EXTENSIONS):
        raise PolicyError(
            "evidence_type",
            _("Berkas bukti harus PDF, gambar PNG/JPG, atau dokumen DOCX/XLSX/ODT/ODS."),
        )
    if (upload.size or 0) > EVIDENCE_MAX_MB * 1024 * 1024:
        raise PolicyError(
            "evidence_size",
            _("Berkas bukti melebihi %(n)s MB: perkecil berkasnya.") % {"n": EVIDENCE_MAX_MB},
        )


@transaction.atomic
def activity_save(
    *,
    actor: Any,
    activity: Activity | None = None,
    fields: dict[str, Any],
    evidence: UploadedFile | None = None,
) -> Activity:
    """Create or update an action-plan activity (and optionally attach an evidence file)."""
    _require(actor)
    _check_evidence(evidence)
    # a ModelForm has already changed the instance in memory: the "before" comes from the DB
    before = snapshot(Activity.objects.get(pk=activity.pk)) if activity and activity.pk else None
    act = activity or Activity()
    for key in ("title", "document", "owner", "deadline", "status", "evidence_url", "note"):
        if key in fields:
            setattr(act, key, fields[key])
    if act.status not in ActivityStatus.values:
        raise PolicyError("invalid", _("Status kegiatan tidak dikenal."))
    act.full_clean(exclude=["evidence_file"])
    act.save()
    if evidence is not None:
        act.evidence_name = (evidence.name or "bukti")[:255]
        act.evidence_file.save(evidence.name or "bukti", evidence, save=False)
        act.save(update_fields=["evidence_file", "evidence_name"])
    audit_record(
        actor=actor,
        action="policy.activity_update" if before else "policy.activity_create",
        obj=act,
        before=before,
        after=snapshot(act),
    )
    return act


# --- indicators --------------------------------------------------------------------------------


@transaction.atomic
def indicator_save(
    *, actor: Any, indicator: Indicator | None = None, fields: dict[str, Any]
) -> Indicator:
    _require(actor)
    if fields.get("source", indicators.MANUAL) not in {indicators.MANUAL, *indicators.REGISTRY}:
        raise PolicyError("source", _("Sumber indikator tidak terdaftar: pilih dari daftar."))
    before = (
        snapshot(Indicator.objects.get(pk=indicator.pk)) if indicator and indicator.pk else None
    )
    ind = indicator or Indicator()
    for key, value in fields.items():
        setattr(ind, key, value)
    ind.full_clean()
    ind.save()
    audit_record(
        actor=actor, action="policy.indicator_save", obj=ind, before=before, after=snapshot(ind)
    )
    return ind


@transaction.atomic
def indicator_year_set(
    *,
    actor: Any,
    indicator: Indicator,
    year: int,
    target: Decimal | None,
    actual: Decimal | None = None,
    note: str = "",
) -> IndicatorYear:
    """Set the target of a year and, for a manual indicator, the actual value. A computed
    indicator refuses a hand-entered actual value (its source is Penata's data) — except a
    source with a manual fallback (the IKM) in a year for which it has no data."""
    _require(actor)
    if not 2000 <= year <= 2100:
        raise PolicyError("year", _("Tahun harus antara 2000 dan 2100."))
    if actual is not None and not indicators.accepts_manual(indicator.source, year):
        raise PolicyError(
            "computed",
            _(
                "Realisasi indikator ini dihitung dari data Penata (%(s)s): "
                "kosongkan kolom realisasi."
            )
            % {"s": indicators.source_label(indicator.source)},
        )
    row = IndicatorYear.objects.filter(indicator=indicator, year=year).first()
    before = snapshot(row) if row else None
    row = row or IndicatorYear(indicator=indicator, year=year)
    row.target = target
    row.actual = actual
    row.note = note.strip()[:255]
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="policy.indicator_year_set",
        obj=row,
        before=before,
        after=snapshot(row),
    )
    return row


# --- organisations -----------------------------------------------------------------------------


@transaction.atomic
def organisation_save(
    *, actor: Any, organisation: Organisation | None = None, fields: dict[str, Any]
) -> Organisation:
    _require(actor)
    before = (
        snapshot(Organisation.objects.get(pk=organisation.pk))
        if organisation and organisation.pk
        else None
    )
    org = organisation or Organisation()
    members = fields.pop("members", None)
    for key, value in fields.items():
        setattr(org, key, value)
    org.email_domain = org.email_domain.strip().lower().lstrip("@")
    org.full_clean()
    org.save()
    if members is not None:
        org.members.set(members)
    audit_record(
        actor=actor,
        action="policy.organisation_save",
        obj=org,
        before=before,
        after={**snapshot(org), "members": [m.pk for m in org.members.all()]},
    )
    return org


# --- consultation -------------------------------------------------------------------------------


@transaction.atomic
def consultation_open(
    *,
    actor: Any,
    version: DocumentVersion,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
) -> Consultation:
    """Open a consultation window on a version; the document moves to ``consultation`` when
    its workflow allows it."""
    _require(actor)
    if closes_on < opens_on:
        raise PolicyError("window", _("Tanggal tutup harus sama dengan atau sesudah tanggal buka."))
    doc = version.document
    base = rules.slugify(f"{doc.slug}-v{version.number}")
    slug, n = base, 1
    while Consultation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    c = Consultation(
        version=version,
        slug=slug,
        title=title.strip() or doc.title,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor,
    )
    c.full_clean()
    c.save()
    if doc.status != DocumentStatus.CONSULTATION and rules.can_transition(
        doc.status, DocumentStatus.CONSULTATION
    ):
        document_set_status(actor=actor, document=doc, status=DocumentStatus.CONSULTATION)
    audit_record(actor=actor, action="policy.consultation_open", obj=c, after=snapshot(c))
    return c


def ip_hash(ip: str | None) -> str:
    """The client address, keyed-hashed: enough to rate-limit, useless to identify."""
    if not ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()


def _organisation_for_email(email: str) -> Organisation | None:
    domain = email.rsplit("@", 1)[-1].lower() if "@" in email else ""
    if not domain:
        return None
    return Organisation.objects.filter(is_verified=True, email_domain=domain).first()


def _organisation_for_user(user: Any) -> Organisation | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Organisation.objects.filter(members=user, is_verified=True).first()


def identified_commenter(user: Any) -> tuple[str, Organisation | None] | None:
    """How a signed-in account comments under its own name: a member of a verified
    organisation as that organisation, a civil servant as ASN; anyone else (or anonymous)
    comments as a citizen with a confirmed e-mail (``None``)."""
    if not getattr(user, "is_authenticated", False):
        return None
    org = _organisation_for_user(user)
    if org is not None:
        return CommenterKind.CSO, org
    if has_perm(user, Perm.EMPLOYEE_VIEW_SELF):
        return CommenterKind.ASN, None
    return None


@transaction.atomic
def comment_submit(
    *,
    consultation: Consultation,
    user: Any,
    body: str,
    section: str = "",
    name: str = "",
    email: str = "",
    show_name: bool = False,
    honeypot: str = "",
    ip: str | None = None,
    now: dt.datetime | None = None,
) -> Comment:
    """A comment on an open consultation, with the spam defences: the honeypot must be empty,
    the body within :data:`rules.MAX_COMMENT_CHARS`, and one address may send at most
    :data:`rules.RATE_LIMIT_COMMENTS` comments per :data:`rules.RATE_WINDOW_MINUTES` minutes.

    An ASN or a linked organisation account comments under its account (straight to
    moderation); anyone else gives a name and an e-mail and must follow the link mailed to them
    before the comment reaches the moderators."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if honeypot.strip():
        raise PolicyError(
            "spam", _("Komentar ditolak: kolom tersembunyi terisi (terdeteksi sebagai spam).")
        )
    if not consultation.is_open(today):
        raise PolicyError(
            "closed",
            _("Konsultasi ini dibuka %(a)s sampai %(b)s: komentar tidak dapat dikirim sekarang.")
            % {
                "a": consultation.opens_on.strftime("%d-%m-%Y"),
                "b": consultation.closes_on.strftime("%d-%m-%Y"),
            },
        )
    body = (body or "").replace("\x00", "").strip()
    if len(body) < rules.MIN_COMMENT_CHARS:
        raise PolicyError(
            "too_short",
            _("Komentar terlalu pendek: tulis paling sedikit %(n)s karakter.")
            % {"n": rules.MIN_COMMENT_CHARS},
        )
    if len(body) > rules.MAX_COMMENT_CHARS:
        raise PolicyError(
            "too_long",
            _(
                "Komentar terlalu panjang (%(got)s karakter): batasnya %(n)s karakter — "
                "ringkas atau bagi menjadi beberapa komentar."
            )
            % {"got": len(body), "n": rules.MAX_COMMENT_CHARS},
        )
    hashed = ip_hash(ip)
    if hashed:
        since = now - dt.timedelta(minutes=rules.RATE_WINDOW_MINUTES)
        recent = Comment.objects.filter(ip_hash=hashed, created_at__gte=since).count()
        if recent >= rules.RATE_LIMIT_COMMENTS:
            raise PolicyError(
                "rate_limited",
                _(
                    "Terlalu banyak komentar dari alamat Anda: paling banyak %(n)s komentar "
                    "per %(m)s menit. Coba lagi nanti."
                )
                % {"n": rules.RATE_LIMIT_COMMENTS, "m": rules.RATE_WINDOW_MINUTES},
            )
    sections = {s.anchor: s.title for s in rules.sections(consultation.version.body)}
    if section and section not in sections:
        raise PolicyError("section", _("Bagian dokumen yang dipilih tidak ada: pilih dari daftar."))
    comment = Comment(
        consultation=consultation,
        section=section,
        section_title=sections.get(section, "")[:200],
        body=body,
        show_name=show_name,
        ip_hash=hashed,
    )
    identified = identified_commenter(user)
    if identified is not None:
        kind, org = identified
        comment.user = user
        comment.name = (user.get_full_name() or user.get_username())[: rules.MAX_NAME_CHARS]
        comment.kind = kind
        comment.organisation = org
        comment.status = CommentStatus.PENDING
        comment.confirmed_at = now
    else:
        name = (name or "").strip()
        email = (email or "").strip()
        if not name:
            raise PolicyError("name", _("Nama wajib diisi (hanya ditampilkan jika Anda setuju)."))
        if len(name) > rules.MAX_NAME_CHARS:
            raise PolicyError(
                "name",
                _("Nama terlalu panjang: paling banyak %(n)s karakter.")
                % {"n": rules.MAX_NAME_CHARS},
            )
        if not email or "@" not in email:
            raise PolicyError("email", _("Alamat e-mail wajib diisi untuk konfirmasi komentar."))
        org = _organisation_for_email(email)
        comment.name = name
        comment.email = email
        comment.kind = CommenterKind.CSO if org else CommenterKind.CITIZEN
        comment.organisation = org
        comment.status = CommentStatus.UNCONFIRMED
        comment.confirm_token = secrets.token_urlsafe(32)
    comment.full_clean()
    comment.save()
    audit_record(
        actor=user,
        action="policy.comment_submit",
        obj=comment,
        after={
            "consultation": consultation.pk,
            "kind": comment.kind,
            "section": section,
            "status": comment.status,
            "chars": len(body),
        },
    )
    if comment.status == CommentStatus.UNCONFIRMED:
        link = settings.SITE_URL.rstrip("/") + reverse(
            "policy:comment_confirm", args=[comment.confirm_token]
        )
        transaction.on_commit(
            lambda: send_mail(
                _("Konfirmasi komentar Anda: %(t)s") % {"t": consultation.title},
                _(
                    "Terima kasih atas komentar Anda pada konsultasi publik “%(t)s”.\n\n"
                    "Buka tautan berikut dalam %(d)s hari untuk mengonfirmasi alamat e-mail Anda; "
                    "komentar baru diteruskan ke moderator setelah dikonfirmasi:\n\n%(link)s\n\n"
                    "Abaikan pesan ini jika Anda tidak mengirim komentar."
                )
                % {"t": consultation.title, "d": rules.CONFIRM_DAYS, "link": link},
                None,
                [email],
            )
        )
    return comment


@transaction.atomic
def comment_confirm(*, token: str, now: dt.datetime | None = None) -> Comment:
    """Confirm a citizen's e-mail: the comment goes to moderation."""
    now = now or timezone.now()
    comment = (
        Comment.objects.select_for_update().filter(confirm_token=token).first() if token else None
    )
    if comment is None:
        raise PolicyError("token", _("Tautan konfirmasi tidak dikenal atau sudah dipakai."))
    if comment.created_at < now - dt.timedelta(days=rules.CONFIRM_DAYS):
        raise PolicyError(
            "expired",
            _("Tautan konfirmasi sudah kedaluwarsa (%(d)s hari): kirim komentar lagi.")
            % {"d": rules.CONFIRM_DAYS},
        )
    if comment.status == CommentStatus.UNCONFIRMED:
        comment.status = CommentStatus.PENDING
        comment.confirmed_at = now
        comment.save(update_fields=["status", "confirmed_at"])
        audit_record(
            actor=None,
            action="policy.comment_confirm",
            obj=comment,
            before={"status": CommentStatus.UNCONFIRMED},
            after={"status": comment.status},
        )
    return comment


@transaction.atomic
def comment_moderate(*, actor: Any, comment: Comment, approve: bool, reason: str = "") -> Comment:
    """Approve or reject (with a reason) a confirmed comment."""
    _require(actor)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == CommentStatus.UNCONFIRMED:
        raise PolicyError("unconfirmed", _("Komentar belum dikonfirmasi pengirimnya lewat e-mail."))
    reason = reason.strip()
    if not approve and not reason:
        raise PolicyError(
            "reason", _("Alasan penolakan wajib diisi (dikirim ke catatan moderasi).")
        )
    before = {"status": comment.status, "reason": comment.moderation_reason}
    comment.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
    comment.moderation_reason = reason[:500]
    comment.moderated_by = actor
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_at"])
    audit_record(
        actor=actor,
        action="policy.comment_moderate",
        obj=comment,
        before=before,
        after={"status": comment.status, "reason": comment.moderation_reason},
    )
    return comment


@transaction.atomic
def comment_respond(*, actor: Any, comment: Comment, response: str, reason: str) -> Comment:
    """The team's response to an approved comment: accepted, partly or rejected, with reason."""
    _require(actor)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != CommentStatus.APPROVED:
        raise PolicyError("not_approved", _("Hanya komentar yang disetujui yang dapat ditanggapi."))
    if response not in ResponseKind.values:
        raise PolicyError(
            "response", _("Pilih tanggapan: diterima, diterima sebagian, atau tidak diterima.")
        )
    reason = reason.strip()
    if not reason:
        raise PolicyError("reason", _("Alasan tanggapan wajib diisi: jelaskan mengapa."))
    before = {"response": comment.response, "reason": comment.response_reason}
    comment.response = response
    comment.response_reason = reason[:3000]
    comment.responded_by = actor
    comment.responded_at = timezone.now()
    comment.save(update_fields=["response", "response_reason", "responded_by", "responded_at"])
    audit_record(
        actor=actor,
        action="policy.comment_respond",
        obj=comment,
        before=before,
        after={"response": response, "reason": comment.response_reason},
    )
    return comment
