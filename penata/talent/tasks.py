"""Background tasks of talent management (``django.tasks``)."""

from __future__ import annotations

import logging
from typing import Any

from django.tasks import task

from penata.core import services as core_services

logger = logging.getLogger(__name__)


@task()
def talent_map_task(run_id: int) -> dict[str, Any]:
    """Compute a period's talent map (:func:`penata.talent.services.talent_map_compute`)."""
    from penata.talent.models import TalentMapRun
    from penata.talent.services import talent_map_compute

    run = TalentMapRun.objects.select_related("started_by").get(pk=run_id)
    TalentMapRun.objects.filter(pk=run_id).update(status=TalentMapRun.Status.RUNNING)
    try:
        counts = talent_map_compute(period_id=run.period_id, actor=run.started_by, run=run)
    except Exception as exc:
        logger.exception("talent map run %s failed", run_id)
        TalentMapRun.objects.filter(pk=run_id).update(status=TalentMapRun.Status.FAILED)
        if run.progress_id:
            core_services.progress_fail(run.progress_id, message=f"Gagal: {exc}")
        raise
    total = sum(counts.values())
    if run.progress_id:
        core_services.progress_finish(
            run.progress_id,
            result={"run": run_id, "total": total},
            message=f"Peta talenta selesai: {total} pegawai dipetakan.",
        )
    return {"run": run_id, "total": total}


def _potential_run(upload_id: int, *, dry_run: bool) -> dict[str, Any]:
    from penata.talent.models import PotentialUpload
    from penata.talent.services import potential_import

    upload = PotentialUpload.objects.select_related("uploaded_by").get(pk=upload_id)
    progress = upload.check_progress_id if dry_run else upload.import_progress_id
    try:
        with upload.file.open("rb") as fh:
            data = fh.read()
        core_services.progress_update(progress, done=0, total=1, message="Memeriksa baris…")
        report = potential_import(
            actor=upload.uploaded_by,
            data=data,
            filename=upload.filename,
            dry_run=dry_run,
            skip_invalid=upload.skip_invalid,
        )
    except Exception as exc:
        logger.exception("potential upload %s failed", upload_id)
        PotentialUpload.objects.filter(pk=upload_id).update(status=PotentialUpload.Status.FAILED)
        core_services.progress_fail(progress, message=f"Gagal: {type(exc).__name__}: {exc}")
        raise
    result = report.as_dict()
    if dry_run:
        PotentialUpload.objects.filter(pk=upload_id).update(
            preview=result, status=PotentialUpload.Status.CHECKED
        )
        message = (
            f"Pemeriksaan selesai: {report.created} baru, {report.updated} diperbarui, "
            f"{report.unchanged} tetap, {report.rejected} ditolak."
        )
    else:
        status = PotentialUpload.Status.DONE if report.written else PotentialUpload.Status.FAILED
        PotentialUpload.objects.filter(pk=upload_id).update(result=result, status=status)
        message = (
            f"Impor selesai: {report.created} dicatat, {report.updated} diperbarui, "
            f"{report.rejected} ditolak."
            if report.written
            else "Tidak ada yang ditulis: ada baris yang ditolak."
        )
    core_services.progress_finish(progress, result={"upload": upload_id}, message=message)
    return {"upload": upload_id, "rejected": report.rejected}


@task()
def potential_check(upload_id: int) -> dict[str, Any]:
    """Validate an uploaded potential-score file without writing (the preview)."""
    return _potential_run(upload_id, dry_run=True)


@task()
def potential_apply(upload_id: int) -> dict[str, Any]:
    """Import a confirmed potential-score file."""
    return _potential_run(upload_id, dry_run=False)
