"""The child side of the crash tests: ``python -m penata.core.tests.crash_child ACTION [ARGS]``.

Runs against whatever database the environment names (a throwaway SQLite file or PostgreSQL
database set up by ``test_faults.py``) and prints one JSON object on stdout. Each *start* action
queues a long job the way its page does; ``penata db_worker`` then runs it (with
``PENATA_FAULT_POINT`` set, it stops inside the job's transaction and waits to be killed).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "penata.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from penata.core.backup import checksums  # noqa: E402
from penata.core.models import TaskProgress, User  # noqa: E402


def _admin() -> User:
    return User.objects.get(username="admin")


def start_talent_map() -> dict[str, Any]:
    from penata.performance.models import AppraisalPeriod
    from penata.talent.services import talent_map_start

    period = AppraisalPeriod.objects.filter(talent_boxes__isnull=False).order_by("-year").first()
    assert period is not None, "the seeded database has no talent map"
    run = talent_map_start(actor=_admin(), period=period)
    return {"progress": str(run.progress_id), "record": ["talent.talentmaprun", run.pk]}


def start_abk() -> dict[str, Any]:
    from penata.planning.services import analysis_start

    progress = analysis_start(actor=_admin())
    return {"progress": str(progress.pk), "record": None}


def start_release() -> dict[str, Any]:
    """BKPP queues an extract of the seeded approved research request, as its page does."""
    from penata.research.models import DataRequest
    from penata.research.services import release_start

    request = next(r for r in DataRequest.objects.order_by("pk") if r.is_open())
    bkpp = User.objects.get(username="bkpp")
    rel = release_start(actor=bkpp, request=request)
    return {"progress": str(rel.progress_id), "record": ["research.release", rel.pk]}


def start_roster(path: str) -> dict[str, Any]:
    """Upload ``path`` through the web flow's service (the check runs in the worker next)."""
    from penata.core.services import import_upload_create
    from penata.workforce.models import RosterUpload
    from penata.workforce.tasks import roster_check

    data = Path(path).read_bytes()
    upload = import_upload_create(
        actor=_admin(),
        model=RosterUpload,
        kind="roster",
        filename=Path(path).name,
        data=data,
        skip_invalid=False,
        check_task=roster_check,
    )
    return {
        "progress": str(upload.check_progress_id),
        "record": ["workforce.rosterupload", upload.pk],
    }


def confirm_roster(pk: str) -> dict[str, Any]:
    from penata.core.services import import_upload_confirm
    from penata.workforce.models import RosterUpload
    from penata.workforce.tasks import roster_apply

    upload = import_upload_confirm(
        actor=_admin(), model=RosterUpload, kind="roster", pk=int(pk), apply_task=roster_apply
    )
    return {
        "progress": str(upload.import_progress_id),
        "record": ["workforce.rosterupload", upload.pk],
    }


def state(progress_id: str, label: str = "", pk: str = "") -> dict[str, Any]:
    """The task bookkeeping of one job: its progress, its task result(s), its record."""
    from django.apps import apps
    from django_tasks_db.models import DBTaskResult

    from penata.core.models import AuditEvent

    progress = TaskProgress.objects.get(pk=progress_id)
    task = DBTaskResult.objects.filter(pk=progress.task_result_id).first()
    out: dict[str, Any] = {
        "progress": {"status": progress.status, "message": progress.message},
        "task": {"status": task.status if task else None, "error": task.exception_class_path}
        if task
        else None,
        "audit": sorted(
            AuditEvent.objects.filter(action__startswith="task.").values_list("action", flat=True)
        ),
    }
    if label:
        record = apps.get_model(label).objects.get(pk=int(pk))
        out["record"] = {"status": record.status}
        if hasattr(record, "total"):
            out["record"]["total"] = record.total
    return out


def sums() -> dict[str, Any]:
    return checksums(connection)


def counts() -> dict[str, Any]:
    from django.conf import settings

    from penata.planning.models import AnalysisRun, PositionLoad
    from penata.talent.models import TalentBox
    from penata.workforce.models import Employee

    return {
        "employees": Employee.objects.count(),
        "boxes": TalentBox.objects.count(),
        "abk_runs": AnalysisRun.objects.count(),
        "loads": PositionLoad.objects.count(),
        "positions_per_run": sorted(set(AnalysisRun.objects.values_list("positions", flat=True))),
        # what is on disk under the research releases: folder -> its files
        "release_files": {
            d.name: sorted(f.name for f in d.iterdir())
            for d in sorted((Path(settings.DATA_DIR) / "research" / "releases").glob("*"))
            if d.is_dir()
        },
    }


ACTIONS = {
    "start-talent-map": start_talent_map,
    "start-abk": start_abk,
    "start-release": start_release,
    "start-roster": start_roster,
    "confirm-roster": confirm_roster,
    "state": state,
    "checksums": sums,
    "counts": counts,
}

if __name__ == "__main__":
    result = ACTIONS[sys.argv[1]](*sys.argv[2:])
    sys.stdout.write(json.dumps(result, default=str))
