"""Background tasks of planning (``django.tasks``)."""

from __future__ import annotations

import logging
from typing import Any

from django.tasks import task

from penata.core import services as core_services

logger = logging.getLogger(__name__)


@task()
def analysis_run(actor_id: int, progress_id: str) -> dict[str, Any]:
    """Compute the city's ABK (:func:`penata.planning.services.analysis_compute`)."""
    from penata.core.models import User
    from penata.planning.services import analysis_compute

    actor = User.objects.filter(pk=actor_id).first()
    try:
        run = analysis_compute(actor=actor, progress_id=progress_id)
    except Exception as exc:
        logger.exception("ABK run failed")
        core_services.progress_fail(progress_id, message=f"Gagal: {type(exc).__name__}: {exc}")
        raise
    return {"run": run.pk}


@task()
def proposal_solve(
    actor_id: int, title: str, opd_id: int | None, progress_id: str
) -> dict[str, Any]:
    """Draft a redistribution proposal (:func:`penata.planning.services.proposal_generate`)."""
    from django.urls import reverse

    from penata.core.models import User
    from penata.planning.services import proposal_generate
    from penata.workforce.models import OrgUnit

    actor = User.objects.filter(pk=actor_id).first()
    opd = OrgUnit.objects.filter(pk=opd_id).first() if opd_id else None
    try:
        core_services.progress_update(progress_id, done=0, message="Menyusun usulan…")
        proposal = proposal_generate(actor=actor, title=title, opd=opd)
    except Exception as exc:
        logger.exception("proposal failed")
        core_services.progress_fail(progress_id, message=f"Gagal: {exc}")
        raise
    stats = proposal.stats
    core_services.progress_finish(
        progress_id,
        result={
            "proposal": proposal.pk,
            "url": reverse("planning:proposal_detail", args=[proposal.pk]),
        },
        message=(
            f"Usulan #{proposal.pk} tersusun: optimal {stats['optimal']['covered']} tempat, "
            f"greedy {stats['greedy']['covered']}."
        ),
    )
    return {"proposal": proposal.pk}


def _abk_run(upload_id: int, *, dry_run: bool) -> dict[str, Any]:
    from penata.planning.imports import abk_import
    from penata.planning.models import AbkUpload

    upload = AbkUpload.objects.select_related("uploaded_by").get(pk=upload_id)
    progress = upload.check_progress_id if dry_run else upload.import_progress_id
    try:
        with upload.file.open("rb") as fh:
            data = fh.read()
        core_services.progress_update(progress, done=0, total=1, message="Memeriksa baris…")
        report = abk_import(
            actor=upload.uploaded_by,
            data=data,
            filename=upload.filename,
            dry_run=dry_run,
            skip_invalid=upload.skip_invalid,
        )
    except Exception as exc:
        logger.exception("ABK upload %s failed", upload_id)
        AbkUpload.objects.filter(pk=upload_id).update(status=AbkUpload.Status.FAILED)
        core_services.progress_fail(progress, message=f"Gagal: {type(exc).__name__}: {exc}")
        raise
    result = report.as_dict()
    if dry_run:
        AbkUpload.objects.filter(pk=upload_id).update(
            preview=result, status=AbkUpload.Status.CHECKED
        )
        message = (
            f"Pemeriksaan selesai: {report.created} baru, {report.updated} berubah, "
            f"{report.unchanged} tetap, {report.rejected} ditolak."
        )
    else:
        status = AbkUpload.Status.DONE if report.written else AbkUpload.Status.FAILED
        AbkUpload.objects.filter(pk=upload_id).update(result=result, status=status)
        message = (
            f"Impor selesai: {report.created} baru, {report.updated} berubah, "
            f"{report.rejected} ditolak."
            if report.written
            else "Tidak ada yang ditulis: ada baris yang ditolak."
        )
    core_services.progress_finish(progress, result={"upload": upload_id}, message=message)
    return {"upload": upload_id, "rejected": report.rejected}


@task()
def abk_check(upload_id: int) -> dict[str, Any]:
    """Validate an uploaded job analysis file without writing (the preview)."""
    return _abk_run(upload_id, dry_run=True)


@task()
def abk_apply(upload_id: int) -> dict[str, Any]:
    """Import a confirmed job analysis file."""
    return _abk_run(upload_id, dry_run=False)
