"""Background tasks of the registry: checking and importing an uploaded roster."""

from __future__ import annotations

import logging
from typing import Any

from django.tasks import task

from penata.core import services as core_services
from penata.workforce.models import RosterUpload
from penata.workforce.roster import roster_import

logger = logging.getLogger(__name__)


def _run(upload_id: int, *, dry_run: bool) -> dict[str, Any]:
    upload = RosterUpload.objects.select_related("uploaded_by").get(pk=upload_id)
    progress = upload.check_progress_id if dry_run else upload.import_progress_id
    try:
        with upload.file.open("rb") as fh:
            data = fh.read()
        report = roster_import(
            actor=upload.uploaded_by,
            data=data,
            filename=upload.filename,
            dry_run=dry_run,
            skip_invalid=upload.skip_invalid,
            on_progress=lambda done, total, message: core_services.progress_update(
                progress, done=min(done, total), total=total, message=message
            ),
        )
    except Exception as exc:
        logger.exception("roster %s failed", upload_id)
        RosterUpload.objects.filter(pk=upload_id).update(status=RosterUpload.Status.FAILED)
        core_services.progress_fail(progress, message=f"Gagal: {type(exc).__name__}: {exc}")
        raise
    result = report.as_dict()
    if dry_run:
        RosterUpload.objects.filter(pk=upload_id).update(
            preview=result, status=RosterUpload.Status.CHECKED
        )
        message = (
            f"Pemeriksaan selesai: {report.created} baru, {report.updated} berubah, "
            f"{report.unchanged} tetap, {report.rejected} ditolak."
        )
    else:
        status = RosterUpload.Status.DONE if report.written else RosterUpload.Status.FAILED
        RosterUpload.objects.filter(pk=upload_id).update(result=result, status=status)
        message = (
            f"Impor selesai: {report.created} dibuat, {report.updated} diperbarui, "
            f"{report.unchanged} tetap, {report.rejected} ditolak."
            if report.written
            else "Tidak ada yang ditulis: ada baris yang ditolak."
        )
    core_services.progress_finish(progress, result={"upload": upload_id}, message=message)
    return {"upload": upload_id, "rejected": report.rejected}


@task()
def roster_check(upload_id: int) -> dict[str, Any]:
    """Validate an uploaded roster without writing (the preview)."""
    return _run(upload_id, dry_run=True)


@task()
def roster_apply(upload_id: int) -> dict[str, Any]:
    """Import a confirmed roster."""
    return _run(upload_id, dry_run=False)
