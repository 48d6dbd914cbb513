"""Background tasks of the core app (run by ``penata db_worker``)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.tasks import task

from penata.core import services
from penata.core.exports import write_table
from penata.core.filters import AuditEventFilter
from penata.core.models import AuditEvent, TaskProgress

logger = logging.getLogger(__name__)

AUDIT_HEADERS = [
    "waktu",
    "pelaku",
    "tindakan",
    "jenis_objek",
    "id_objek",
    "objek",
    "sebelum",
    "sesudah",
    "catatan",
    "id_permintaan",
    "alamat_ip",
]


@task()
def audit_export(progress_id: str, query: str, fmt: str) -> dict[str, Any]:
    """Export the audit log, filtered as on the page, to a CSV or XLSX file under the data dir."""
    progress = TaskProgress.objects.select_related("owner").get(pk=progress_id)
    try:
        qs = AuditEventFilter(QueryDict(query), queryset=AuditEvent.objects.all()).qs
        total = qs.count()
        services.progress_update(progress_id, done=0, total=total, message="Menulis berkas…")
        rows = (
            (
                e.created_at,
                e.actor_label,
                e.action,
                e.object_type,
                e.object_id,
                e.object_repr,
                e.before,
                e.after,
                e.note,
                e.request_id,
                e.ip_address,
            )
            for e in qs.order_by("created_at", "id").iterator(chunk_size=2000)
        )
        name = f"audit-{progress.pk}.{fmt}"
        n = write_table(
            settings.EXPORT_ROOT / name,
            AUDIT_HEADERS,
            rows,
            fmt=fmt,
            sheet="Log audit",
            on_row=lambda done: services.progress_update(progress_id, done=min(done, total)),
        )
        result = {"file": name, "rows": n, "download_name": f"log-audit.{fmt}"}
        services.progress_finish(progress_id, result=result, message=f"{n} baris diekspor.")
        return result
    except Exception as exc:
        logger.exception("audit export failed")
        services.progress_fail(progress_id, message=f"Ekspor gagal: {exc}")
        raise
