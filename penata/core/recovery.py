"""Tasks whose worker died: detect them, mark them interrupted, re-queue them.

``penata db_worker`` marks a task *running* when it claims it and *successful* or *failed* when
it returns. A worker killed in between (``SIGKILL``, out of memory, the machine lost power) leaves
the task *running* for ever, with its progress bar frozen. Every long job here writes in one
transaction, so the database itself is safe (the transaction is rolled back); what is left is the
bookkeeping.

**Lease.** While a task runs, its worker holds a lock named after the task: on PostgreSQL a
session advisory lock on a dedicated connection, on SQLite an exclusive ``flock`` on a file under
``$PENATA_DATA_DIR/run/``. The operating system (or PostgreSQL, when the connection drops)
releases it the moment the process dies, whatever the cause; no heartbeat, no clock. A task that
is *running* while nobody holds its lease has lost its worker.

**Recovery** (:func:`recover_interrupted`, ``penata tasks-recover``): each such task is marked
failed (``WorkerLost``), its progress record failed with an Indonesian message saying it was
interrupted and nothing was saved, the records that point at that progress (an import upload, a
talent-map run …) are put back where the user can act again (an interrupted import is again
waiting for confirmation), and an audit event ``task.interrupted`` is written. With ``requeue``
the same task is queued again with the same arguments (``task.requeue``): safe because the jobs
are all-or-nothing and idempotent.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import logging
import os
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x50454E  # "PEN": first key of the two-key advisory lock
INTERRUPTED_MESSAGE = (
    "Terputus: proses pekerja berhenti mendadak (mati, dimatikan, atau server padam) sebelum "
    "tugas ini selesai. Tidak ada perubahan yang tersimpan dari tugas ini; jalankan ulang."
)
REQUEUED_MESSAGE = "Dijalankan ulang setelah terputus; menunggu pekerja…"


class WorkerLost(Exception):
    """Recorded as the failure of a task whose worker died while running it."""


def _key(task_id: str) -> int:
    """The second advisory-lock key (a signed 32-bit integer) for a task id."""
    n = int.from_bytes(hashlib.sha256(str(task_id).encode()).digest()[:4], "big")
    return n - (1 << 32) if n >= (1 << 31) else n


def _lock_dir() -> Path:
    path = Path(settings.DATA_DIR) / "run"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _lock_file(task_id: str) -> Path:
    return _lock_dir() / f"task-{uuid.UUID(str(task_id)).hex}.lock"


# --- the lease, held by the worker -------------------------------------------------------------

_held: dict[str, Any] = {}
_held_lock = threading.Lock()


def lease_acquire(task_id: str) -> None:
    """Hold the lease of ``task_id`` in this process until :func:`lease_release`."""
    task_id = str(task_id)
    if connection.vendor == "postgresql":
        conn = connection.get_new_connection(connection.get_connection_params())
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, _key(task_id)])
        handle: Any = conn
    else:
        fh = open(_lock_file(task_id), "a+")  # noqa: SIM115 - held until the task ends
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        handle = fh
    with _held_lock:
        _held[task_id] = handle


def lease_release(task_id: str) -> None:
    task_id = str(task_id)
    with _held_lock:
        handle = _held.pop(task_id, None)
    if handle is None:
        return
    try:
        handle.close()  # closing the connection / the file releases the lock
    finally:
        if connection.vendor != "postgresql":
            _lock_file(task_id).unlink(missing_ok=True)


def lease_alive(task_id: str) -> bool:
    """Whether some process holds the lease of ``task_id`` (its worker is alive)."""
    task_id = str(task_id)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND classid::bigint = %s AND objid::bigint = %s AND objsubid = 2 "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                [LOCK_NAMESPACE, _key(task_id) & 0xFFFFFFFF],
            )
            return cur.fetchone() is not None
    path = _lock_file(task_id)
    if not path.exists():
        return False
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    path.unlink(missing_ok=True)  # a dead worker's file
    return False


def on_task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    try:
        lease_acquire(task_result.id)
    except Exception:  # the lease must never stop a task from running
        logger.exception("could not take the lease of task %s", task_result.id)


def on_task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    try:
        lease_release(task_result.id)
    except Exception:
        logger.exception("could not release the lease of task %s", task_result.id)


# --- recovery ----------------------------------------------------------------------------------


@dataclass
class Recovered:
    task_id: str
    task_path: str
    progress_id: str | None
    requeued_as: str | None = None
    records: list[str] = field(default_factory=list)


def _progress_links() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) that points at a TaskProgress and whose model has a ``status``."""
    from penata.core.models import TaskProgress

    out = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if "status" not in names:
            continue
        for f in model._meta.get_fields():
            if isinstance(f, models.ForeignKey) and f.related_model is TaskProgress:
                out.append((model, f.name))
    return out


def _status_after(model: type[models.Model], field_name: str, *, requeue: bool) -> str | None:
    """The status an interrupted record goes back to (``None``: leave it)."""
    from penata.core.models import ImportUpload

    status_field = model._meta.get_field("status")
    if not isinstance(status_field, models.Field):
        return None
    choices = {c for c, _ in status_field.choices or []}
    if issubclass(model, ImportUpload):
        if field_name == "import_progress":
            # All-or-nothing: nothing was imported; confirm again (or the worker re-runs it).
            return ImportUpload.Status.IMPORTING if requeue else ImportUpload.Status.CHECKED
        return ImportUpload.Status.CHECKING if requeue else ImportUpload.Status.FAILED
    if requeue:
        default = status_field.default
        return str(default) if default in choices else None
    return "failed" if "failed" in choices else None


def interrupted_tasks(*, grace: dt.timedelta | None = None) -> list[Any]:
    """Running tasks whose lease nobody holds, started more than ``grace`` ago."""
    from django_tasks_db.models import DBTaskResult

    grace = dt.timedelta(seconds=settings.TASK_STALE_GRACE_SECONDS) if grace is None else grace
    cutoff = timezone.now() - grace
    running = DBTaskResult.objects.running().filter(started_at__lte=cutoff).order_by("started_at")
    return [r for r in running if not lease_alive(str(r.id))]


def recover_interrupted(
    *, grace: dt.timedelta | None = None, requeue: bool = False, actor: Any = None
) -> list[Recovered]:
    """Mark every interrupted task failed (and its progress and linked records), audited; with
    ``requeue`` queue each again with the same arguments. Returns what was done."""
    from penata.core.audit import audit_record
    from penata.core.models import TaskProgress

    out: list[Recovered] = []
    links = _progress_links()
    for db_result in interrupted_tasks(grace=grace):
        task_id = str(db_result.id)
        with transaction.atomic():
            locked = type(db_result).objects.select_for_update().filter(pk=db_result.pk).first()
            if locked is None or locked.status != "RUNNING":
                continue  # finished (or recovered) meanwhile
            locked.set_failed(WorkerLost(INTERRUPTED_MESSAGE))
            progress = (
                TaskProgress.objects.select_for_update()
                .filter(task_result_id__in=[task_id, uuid.UUID(task_id).hex])
                .first()
            )
            item = Recovered(
                task_id=task_id,
                task_path=locked.task_path,
                progress_id=str(progress.pk) if progress else None,
            )
            now = timezone.now()
            if progress is not None and not progress.is_finished:
                TaskProgress.objects.filter(pk=progress.pk).update(
                    status=TaskProgress.Status.FAILED,
                    message=INTERRUPTED_MESSAGE,
                    updated_at=now,
                    finished_at=now,
                )
            if progress is not None:
                for model, fname in links:
                    status = _status_after(model, fname, requeue=False)
                    if status is None:
                        continue
                    rows = model._default_manager.filter(**{fname: progress.pk})
                    for pk in rows.values_list("pk", flat=True):
                        item.records.append(f"{model._meta.label_lower}:{pk}")
                    rows.update(status=status)
            audit_record(
                actor=actor,
                action="task.interrupted",
                object_type="django_tasks_db.dbtaskresult",
                object_id=task_id,
                object_repr=locked.task_path[:255],
                before={"status": "RUNNING", "worker_ids": locked.worker_ids},
                after={
                    "status": "FAILED",
                    "progress": item.progress_id,
                    "records": item.records,
                    "started_at": locked.started_at,
                },
                note=INTERRUPTED_MESSAGE,
            )
            if requeue:
                _requeue(locked, progress, links, item, actor=actor)
        out.append(item)
    return out


def _requeue(
    db_result: Any,
    progress: Any,
    links: list[tuple[type[models.Model], str]],
    item: Recovered,
    *,
    actor: Any,
) -> None:
    from penata.core.audit import audit_record
    from penata.core.models import TaskProgress

    task = import_string(db_result.task_path)
    args = db_result.args_kwargs.get("args", [])
    kwargs = db_result.args_kwargs.get("kwargs", {})
    result = task.using(queue_name=db_result.queue_name, priority=db_result.priority).enqueue(
        *args, **kwargs
    )
    item.requeued_as = str(result.id)
    if progress is not None:
        TaskProgress.objects.filter(pk=progress.pk).update(
            status=TaskProgress.Status.QUEUED,
            done=0,
            message=REQUEUED_MESSAGE,
            task_result_id=str(result.id),
            updated_at=timezone.now(),
            finished_at=None,
        )
        for model, fname in links:
            status = _status_after(model, fname, requeue=True)
            if status is not None:
                model._default_manager.filter(**{fname: progress.pk}).update(status=status)
    audit_record(
        actor=actor,
        action="task.requeue",
        object_type="django_tasks_db.dbtaskresult",
        object_id=item.task_id,
        object_repr=db_result.task_path[:255],
        after={"new_task": item.requeued_as, "args": args, "kwargs": kwargs},
    )
