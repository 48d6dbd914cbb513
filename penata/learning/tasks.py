"""Background tasks of competency development (``django.tasks``). Each part keeps its own block."""

from __future__ import annotations

import logging
from typing import Any

from django.tasks import task

from penata.core import services as core_services

logger = logging.getLogger(__name__)


# --- B: assessment import ---


def _assessment_run(upload_id: int, *, dry_run: bool) -> dict[str, Any]:
    from penata.learning.assessments import assessment_import
    from penata.learning.models import AssessmentUpload

    upload = AssessmentUpload.objects.select_related("uploaded_by").get(pk=upload_id)
    progress = upload.check_progress_id if dry_run else upload.import_progress_id
    try:
        with upload.file.open("rb") as fh:
            data = fh.read()
        core_services.progress_update(progress, done=0, total=1, message="Memeriksa baris…")
        report = assessment_import(
            actor=upload.uploaded_by,
            data=data,
            filename=upload.filename,
            dry_run=dry_run,
            skip_invalid=upload.skip_invalid,
        )
    except Exception as exc:
        logger.exception("assessment upload %s failed", upload_id)
        AssessmentUpload.objects.filter(pk=upload_id).update(status=AssessmentUpload.Status.FAILED)
        core_services.progress_fail(progress, message=f"Gagal: {type(exc).__name__}: {exc}")
        raise
    result = report.as_dict()
    if dry_run:
        AssessmentUpload.objects.filter(pk=upload_id).update(
            preview=result, status=AssessmentUpload.Status.CHECKED
        )
        message = (
            f"Pemeriksaan selesai: {report.created} baru, {report.unchanged} tetap, "
            f"{report.rejected} ditolak."
        )
    else:
        status = AssessmentUpload.Status.DONE if report.written else AssessmentUpload.Status.FAILED
        AssessmentUpload.objects.filter(pk=upload_id).update(result=result, status=status)
        message = (
            f"Impor selesai: {report.created} dicatat, {report.unchanged} tetap, "
            f"{report.rejected} ditolak."
            if report.written
            else "Tidak ada yang ditulis: ada baris yang ditolak."
        )
    core_services.progress_finish(progress, result={"upload": upload_id}, message=message)
    return {"upload": upload_id, "rejected": report.rejected}


@task()
def assessment_check(upload_id: int) -> dict[str, Any]:
    """Validate an uploaded assessment file without writing (the preview)."""
    return _assessment_run(upload_id, dry_run=True)


@task()
def assessment_apply(upload_id: int) -> dict[str, Any]:
    """Import a confirmed assessment file."""
    return _assessment_run(upload_id, dry_run=False)


# --- A: seat allocation ---


@task()
def allocation_solve(run_id: int) -> dict[str, Any]:
    """Build and solve a seat-allocation run, store the proposal
    (:func:`penata.learning.allocation_services.allocation_run_execute`)."""
    from penata.learning.allocation_services import allocation_run_execute

    run = allocation_run_execute(run_id)
    return {"run": run.pk, "method": run.method, "objective": run.objective}
