"""Background tasks of performance management: checking and importing an e-Kinerja upload."""

from __future__ import annotations

import logging
from typing import Any

from django.tasks import task

from penata.core import services as core_services
from penata.performance.ekinerja import ekinerja_import
from penata.performance.models import EkinerjaUpload

logger = logging.getLogger(__name__)


def _run(upload_id: int, *, dry_run: bool) -> dict[str, Any]:
    upload = EkinerjaUpload.objects.select_related("uploaded_by").get(pk=upload_id)
    progress = upload.check_progress_id if dry_run else upload.import_progress_id
    try:
        with upload.file.open("rb") as fh:
            data = fh.read()
        core_services.progress_update(progress, done=0, total=1, message="Memeriksa baris…")
        report = ekinerja_import(
            actor=upload.uploaded_by,
            data=data,
            filename=upload.filename,
            dry_run=dry_run,
            skip_invalid=upload.skip_invalid,
        )
    except Exception as exc:
        logger.exception("e-Kinerja upload %s failed", upload_id)
        EkinerjaUpload.objects.filter(pk=upload_id).update(status=EkinerjaUpload.Status.FAILED)
        core_services.progress_fail(progress, message=f"Gagal: {type(exc).__name__}: {exc}")
        raise
    result = report.as_dict()
    if dry_run:
        EkinerjaUpload.objects.filter(pk=upload_id).update(
            preview=result, status=EkinerjaUpload.Status.CHECKED
        )
        message = (
            f"Pemeriksaan selesai: {report.created} baru, {report.updated} berubah, "
            f"{report.unchanged} tetap, {report.rejected} ditolak."
        )
    else:
        status = EkinerjaUpload.Status.DONE if report.written else EkinerjaUpload.Status.FAILED
        EkinerjaUpload.objects.filter(pk=upload_id).update(result=result, status=status)
        message = (
            f"Impor selesai: {report.created} dibuat, {report.updated} diperbarui, "
            f"{report.unchanged} tetap, {report.rejected} ditolak."
            if report.written
            else "Tidak ada yang ditulis: ada baris yang ditolak."
        )
    core_services.progress_finish(progress, result={"upload": upload_id}, message=message)
    return {"upload": upload_id, "rejected": report.rejected}


@task()
def ekinerja_check(upload_id: int) -> dict[str, Any]:
    """Validate an uploaded e-Kinerja file without writing (the preview)."""
    return _run(upload_id, dry_run=True)


@task()
def ekinerja_apply(upload_id: int) -> dict[str, Any]:
    """Import a confirmed e-Kinerja file."""
    return _run(upload_id, dry_run=False)
