"""Every write of research partnerships, audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from penata.core import services as core_services
from penata.core import uploads
from penata.core.access import has_perm
from penata.core.audit import audit_record, snapshot
from penata.core.roles import Perm, Role
from penata.learning.services import LearningError
from penata.policy.models import PolicyDocument
from penata.policy.selectors import documents_linkable_by
from penata.research import rules
from penata.research.models import (
    DataRequest,
    Download,
    Institution,
    Output,
    PolicyTopic,
    Release,
    Researcher,
)
from penata.research.selectors import outputs_linkable_by

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_REPORT_BYTES = 20 * 1024 * 1024
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
MAX_YEARS = 10
MAX_ACCESS_DAYS = 730


class ResearchError(LearningError):
    """A refused research action: ``code`` for machines, ``message`` (Indonesian) for people.
    A :class:`LearningError` so the API answers it like the other refusals (409; 403 for
    ``forbidden``)."""


def _require(actor: Any, perm: Perm, message: str) -> None:
    if not has_perm(actor, perm):
        raise ResearchError("forbidden", message)


# The refusals that concern the uploaded file itself (the form shows them on the file field).
FILE_ERRORS = frozenset(
    {"missing_file", "bad_type", "too_large", "bad_content", "empty", "executable"}
    | {"bad_archive", "zip_bomb"}
)


def check_upload(upload: Any, *, allowed: tuple[str, ...], max_bytes: int, field: str) -> str:
    """The lower-case extension of an acceptable file, or :class:`ResearchError` naming the
    field, the problem and the fix in Indonesian."""
    name = getattr(upload, "name", "") or ""
    ext = PurePath(name).suffix.lower()
    kinds = ", ".join(e[1:].upper() for e in allowed if e != ".jpeg")
    if upload is None:
        raise ResearchError("missing_file", f"{field}: belum ada berkas. Pilih berkas {kinds}.")
    if ext not in allowed:
        raise ResearchError(
            "bad_type",
            f"{field}: berkas '{name}' ditolak karena jenisnya {ext or 'tidak dikenal'}; "
            f"unggah {kinds}.",
        )
    size = int(getattr(upload, "size", 0) or 0)
    if size > max_bytes:
        raise ResearchError(
            "too_large",
            f"{field}: berkas '{name}' berukuran {size / 1024 / 1024:.1f} MB; paling besar "
            f"{max_bytes // (1024 * 1024)} MB. Perkecil berkasnya lalu unggah lagi.",
        )
    head = upload.read(16)
    upload.seek(0)
    if size == 0 or not any(head.startswith(sig) for sig in SIGNATURES[ext]):
        raise ResearchError(
            "bad_content",
            f"{field}: isi berkas '{name}' bukan {ext[1:].upper()} yang sah; unggah berkas "
            "aslinya, bukan hasil ganti nama.",
        )
    try:  # the central gate as well: executables, archives, content sniffing (core.uploads)
        uploads.check_file(
            name,
            size,
            upload,
            allowed=[e[1:] for e in allowed],
            max_bytes=max_bytes,
            allowed_label=kinds,
        )
    except uploads.UploadRejected as exc:
        raise ResearchError(exc.code, f"{field}: {exc.message}") from None
    finally:
        upload.seek(0)
    return ext


# --- institutions and researcher accounts ------------------------------------------------------


@transaction.atomic
def institution_save(
    *, actor: Any, fields: dict[str, Any], institution: Institution | None = None
) -> Institution:
    _require(actor, Perm.RESEARCH_REVIEW, "Hanya BKPP yang mengelola lembaga mitra riset.")
    inst = institution or Institution()
    before = snapshot(inst) if inst.pk else None
    for key in ("name", "short_name", "agreement_number", "is_active"):
        if key in fields:
            setattr(inst, key, fields[key])
    inst.full_clean()
    inst.save()
    audit_record(
        actor=actor,
        action="research.institution_save",
        obj=inst,
        before=before,
        after=snapshot(inst),
    )
    return inst


@transaction.atomic
def researcher_link(*, actor: Any, institution: Institution, user: Any) -> Researcher:
    """Attach a researcher account to an institution (or move it to another)."""
    _require(actor, Perm.RESEARCH_REVIEW, "Hanya BKPP yang mengelola akun peneliti.")
    if getattr(user, "role", "") != Role.RESEARCHER:
        raise ResearchError(
            "not_researcher",
            f"Akun '{user.get_username()}' berperan {user.get_role_display()}, bukan Peneliti. "
            "Ubah perannya lewat pengelolaan akun dulu.",
        )
    res = Researcher.objects.filter(user=user).first()
    before = {"institution": res.institution_id} if res else None
    if res is None:
        res = Researcher(user=user, institution=institution)
    res.institution = institution
    res.save()
    audit_record(
        actor=actor,
        action="research.researcher_link",
        obj=res,
        before=before,
        after={"user": user.pk, "institution": institution.pk},
    )
    return res


def institution_of(user: Any) -> Institution | None:
    res = Researcher.objects.select_related("institution").filter(user_id=user.pk).first()
    return res.institution if res else None


# --- data access requests --------------------------------------------------------------------


@transaction.atomic
def request_submit(
    *,
    actor: Any,
    title: str,
    purpose: str,
    question: str,
    variables: list[str],
    year_from: int,
    year_to: int,
    document: Any,
    today: dt.date | None = None,
) -> DataRequest:
    """A researcher's data access request, with the ethics/cooperation document."""
    _require(actor, Perm.RESEARCH_REQUEST, "Hanya akun peneliti yang dapat meminta data.")
    inst = institution_of(actor)
    if inst is None or not inst.is_active:
        raise ResearchError(
            "no_institution",
            "Akun Anda belum terdaftar pada lembaga mitra riset yang aktif; hubungi BKPP.",
        )
    unknown = [v for v in variables if v not in rules.VARIABLE_CODES]
    if unknown:
        raise ResearchError("invalid", f"Variabel tidak ada di kamus data: {', '.join(unknown)}.")
    if not variables:
        raise ResearchError("invalid", "Variabel: pilih paling sedikit satu variabel.")
    this_year = (today or timezone.localdate()).year
    if not (2000 <= year_from <= year_to <= this_year):
        raise ResearchError(
            "invalid",
            f"Periode: tahun awal harus ≤ tahun akhir, keduanya antara 2000 dan {this_year}.",
        )
    if year_to - year_from + 1 > MAX_YEARS:
        raise ResearchError("invalid", f"Periode: paling panjang {MAX_YEARS} tahun.")
    check_upload(
        document,
        allowed=(".pdf", ".png", ".jpg", ".jpeg"),
        max_bytes=MAX_DOCUMENT_BYTES,
        field="Dokumen etik/kerja sama",
    )
    req = DataRequest(
        institution=inst,
        submitted_by=actor,
        title=title.strip(),
        purpose=purpose.strip(),
        question=question.strip(),
        variables=[v for v in rules.VARIABLE_CODES if v in set(variables)],
        year_from=year_from,
        year_to=year_to,
        document_name=PurePath(document.name).name[:255],
    )
    req.document.save(PurePath(document.name).name, document, save=False)
    req.full_clean(exclude=["document"])
    req.save()
    audit_record(
        actor=actor,
        action="research.request_submit",
        obj=req,
        after={k: v for k, v in snapshot(req).items() if k not in {"secret_key", "document"}},
    )
    return req


@transaction.atomic
def request_decide(
    *,
    actor: Any,
    request: DataRequest,
    approve: bool,
    reason: str,
    expires_on: dt.date | None = None,
    today: dt.date | None = None,
) -> DataRequest:
    """BKPP approves (with an expiry) or rejects a submitted request, with reasons."""
    _require(actor, Perm.RESEARCH_REVIEW, "Hanya BKPP yang memutus permintaan data.")
    req = DataRequest.objects.select_for_update().get(pk=request.pk)
    if req.status != DataRequest.Status.SUBMITTED:
        raise ResearchError(
            "already_decided", f"Permintaan ini sudah {req.get_status_display().lower()}."
        )
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ResearchError(
            "invalid", "Alasan: tulis alasan keputusan (paling sedikit 10 karakter)."
        )
    today = today or timezone.localdate()
    if approve:
        if expires_on is None or expires_on <= today:
            raise ResearchError("invalid", "Akses berakhir: isi tanggal setelah hari ini.")
        if (expires_on - today).days > MAX_ACCESS_DAYS:
            raise ResearchError(
                "invalid", f"Akses berakhir: paling lama {MAX_ACCESS_DAYS} hari dari hari ini."
            )
    before = {"status": req.status}
    req.status = DataRequest.Status.APPROVED if approve else DataRequest.Status.REJECTED
    req.reason = reason
    req.expires_on = expires_on if approve else None
    req.decided_by = actor
    req.decided_at = timezone.now()
    req.save()
    audit_record(
        actor=actor,
        action="research.request_decide",
        obj=req,
        before=before,
        after={"status": req.status, "reason": reason, "expires_on": req.expires_on},
    )
    return req


# --- releases --------------------------------------------------------------------------------


def release_start(*, actor: Any, request: DataRequest) -> Release:
    """Queue the extract of an approved, unexpired request as a background task."""
    _require(actor, Perm.RESEARCH_REVIEW, "Hanya BKPP yang membuat rilis data.")
    if not request.is_open():
        raise ResearchError(
            "not_open", "Rilis hanya untuk permintaan yang disetujui dan belum berakhir."
        )
    with transaction.atomic():
        progress = core_services.progress_create(
            owner=actor, kind="research_release", label=f"Rilis data: {request.title}", total=4
        )
        rel = Release.objects.create(
            request=request, k=settings.PENATA_RESEARCH_K, progress=progress, created_by=actor
        )
        audit_record(
            actor=actor,
            action="research.release_start",
            obj=rel,
            after={"request": request.pk, "k": rel.k, "variables": request.variables},
        )
        rel_id, progress_id = rel.pk, progress.pk

        def enqueue() -> None:
            from penata.research.tasks import release_task

            result = release_task.enqueue(rel_id)
            type(progress).objects.filter(pk=progress_id).update(task_result_id=str(result.id))

        transaction.on_commit(enqueue)
    return rel


def release_build(release_id: int) -> Release:
    """Build the files of a release (run by the task): set-based extract, files, report."""
    from penata.research import release as extract_mod

    rel = Release.objects.select_related("request__institution", "created_by").get(pk=release_id)
    req = rel.request
    Release.objects.filter(pk=rel.pk).update(status=Release.Status.RUNNING)

    def step(n: int, message: str) -> None:
        if rel.progress_id:
            core_services.progress_update(rel.progress_id, done=n - 1, total=4, message=message)

    extract = extract_mod.build_extract(
        variables=req.variables,
        year_from=req.year_from,
        year_to=req.year_to,
        key=bytes.fromhex(req.secret_key),
        k=rel.k,
        on_step=step,
    )
    step(4, "Menulis CSV, Parquet, kamus data dan README…")
    readme = extract_mod.readme_text(
        title=req.title,
        institution=req.institution.name,
        report=extract.report,
        expires=req.expires_on.isoformat() if req.expires_on else "-",
    )
    sizes = extract_mod.write_files(rel.pk, extract, readme=readme)
    report = {**extract.report, "sizes": sizes}
    with transaction.atomic():
        Release.objects.filter(pk=rel.pk).update(
            status=Release.Status.READY,
            rows=extract.report["rows_out"],
            suppressed=extract.report["suppressed"],
            report=report,
            finished_at=timezone.now(),
        )
        audit_record(
            actor=rel.created_by,
            action="research.release_build",
            obj=rel,
            after={
                k: report[k]
                for k in ("k", "rows_in", "rows_out", "suppressed", "classes", "min_class")
            },
        )
    if rel.progress_id:
        core_services.progress_finish(
            rel.progress_id,
            result={"release": rel.pk, "url": reverse("research:release_detail", args=[rel.pk])},
            message=(
                f"Rilis siap: {report['rows_out']} baris, {report['suppressed']} ditekan "
                f"(k = {rel.k})."
            ),
        )
    rel.refresh_from_db()
    return rel


def release_fail(release_id: int, message: str) -> None:
    rel = Release.objects.get(pk=release_id)
    Release.objects.filter(pk=release_id).update(status=Release.Status.FAILED)
    if rel.progress_id:
        core_services.progress_fail(rel.progress_id, message=f"Rilis gagal: {message}")


@transaction.atomic
def download_record(*, actor: Any, release: Release, kind: str, ip: str | None = None) -> Download:
    """Log a download (and refuse it once the request has expired)."""
    _require(actor, Perm.RESEARCH_VIEW, "Peran Anda tidak berhak mengunduh rilis data.")
    if release.status != Release.Status.READY:
        raise ResearchError("not_ready", "Rilis ini belum siap diunduh.")
    if not release.request.is_open():
        raise ResearchError(
            "expired",
            "Akses data permintaan ini sudah berakhir atau dicabut; unduhan tidak tersedia lagi.",
        )
    dl = Download.objects.create(release=release, user=actor, kind=kind, ip_address=ip)
    audit_record(
        actor=actor,
        action="research.release_download",
        obj=release,
        after={"kind": kind, "request": release.request_id},
    )
    return dl


# --- outputs ---------------------------------------------------------------------------------


def check_policy_documents(
    *, actor: Any, documents: Sequence[PolicyDocument]
) -> list[PolicyDocument]:
    """The documents ``actor`` may link an output to, in title order, or
    :class:`ResearchError` naming (by number only: the title may be a private draft) the ones
    they may not see — a draft is the policy team's (see
    :func:`penata.policy.selectors.documents_linkable_by`)."""
    wanted = {d.pk for d in documents}
    if not wanted:
        return []
    allowed = list(documents_linkable_by(actor).filter(pk__in=wanted).order_by("title", "pk"))
    refused = sorted(wanted - {d.pk for d in allowed})
    if refused:
        raise ResearchError(
            "policy_document",
            "Dokumen kebijakan: dokumen nomor "
            + ", ".join(str(pk) for pk in refused)
            + " tidak dapat Anda tautkan (masih rancangan tim kebijakan atau tidak ada). "
            "Pilih dokumen yang sudah dikonsultasikan atau ditetapkan.",
        )
    return allowed


@transaction.atomic
def output_submit(
    *,
    actor: Any,
    title: str,
    summary: str,
    recommendations: str,
    topics: list[PolicyTopic],
    report: Any,
    request: DataRequest | None = None,
    policy_documents: Sequence[PolicyDocument] = (),
) -> Output:
    """A researcher's output, classified by ``topics`` and linked to the ``policy_documents``
    it informs (only documents the researcher may see: not the team's drafts)."""
    _require(actor, Perm.RESEARCH_REQUEST, "Hanya akun peneliti yang mengunggah luaran riset.")
    inst = institution_of(actor)
    if inst is None:
        raise ResearchError(
            "no_institution", "Akun Anda belum terdaftar pada lembaga mitra riset; hubungi BKPP."
        )
    if request is not None and request.institution_id != inst.pk:
        raise ResearchError("invalid", "Permintaan data: pilih permintaan lembaga Anda sendiri.")
    documents = check_policy_documents(actor=actor, documents=policy_documents)
    check_upload(report, allowed=(".pdf",), max_bytes=MAX_REPORT_BYTES, field="Laporan")
    out = Output(
        institution=inst,
        request=request,
        title=title.strip(),
        summary=summary.strip(),
        recommendations=recommendations.strip(),
        submitted_by=actor,
        report_name=PurePath(report.name).name[:255],
    )
    out.report.save(PurePath(report.name).name, report, save=False)
    out.full_clean(exclude=["report"])
    out.save()
    out.topics.set(topics)
    out.policy_documents.set(documents)
    audit_record(
        actor=actor,
        action="research.output_submit",
        obj=out,
        after={
            "title": out.title,
            "institution": inst.pk,
            "request": request.pk if request else None,
            "topics": [t.pk for t in topics],
            "policy_documents": [d.pk for d in documents],
        },
    )
    return out


@transaction.atomic
def output_link_documents(
    *, actor: Any, output: Output, policy_documents: Sequence[PolicyDocument]
) -> Output:
    """Set the policy documents an output informs (its institution's researchers, BKPP, the
    policy team). ``policy_documents`` must be documents ``actor`` may see; links ``actor``
    cannot see (a team draft linked by the team) are kept, not silently dropped."""
    if not outputs_linkable_by(actor).filter(pk=output.pk).exists():
        raise ResearchError(
            "forbidden",
            "Hanya peneliti lembaga pembuatnya, BKPP dan tim kebijakan yang menautkan luaran "
            "ini ke dokumen kebijakan.",
        )
    documents = check_policy_documents(actor=actor, documents=policy_documents)
    out = Output.objects.select_for_update().get(pk=output.pk)
    current = sorted(out.policy_documents.values_list("pk", flat=True))
    seen = set(documents_linkable_by(actor).filter(pk__in=current).values_list("pk", flat=True))
    linked = sorted({pk for pk in current if pk not in seen} | {d.pk for d in documents})
    if linked != current:
        out.policy_documents.set(linked)
        audit_record(
            actor=actor,
            action="research.output_link_documents",
            obj=out,
            before={"policy_documents": current},
            after={"policy_documents": linked},
        )
    return out


@transaction.atomic
def output_publish(*, actor: Any, output: Output, publish: bool = True) -> Output:
    """Publish an output to the public portal (or withdraw it)."""
    _require(actor, Perm.RESEARCH_REVIEW, "Hanya BKPP yang menerbitkan luaran riset.")
    before = {"status": output.status}
    output.status = Output.Status.PUBLISHED if publish else Output.Status.SUBMITTED
    output.published_at = timezone.now() if publish else None
    output.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        action="research.output_publish" if publish else "research.output_withdraw",
        obj=output,
        before=before,
        after={"status": output.status},
    )
    return output
