"""Crash tests: long jobs killed with SIGKILL inside their transaction leave the data exactly as
before, the task record says *interrupted*, and the job can be re-queued or re-run to exactly the
complete result.

Each job runs in a real ``penata db_worker`` (or the ``penata`` command) in a child process,
against a throwaway database of its own: a SQLite file, or a PostgreSQL database created next to
the test database when ``PENATA_DATABASE_URL`` is set. The child is told through
``PENATA_FAULT_POINT`` to stop at the job's fault point (:mod:`penata.core.faults`), writes a
marker file and sleeps; the test kills it there and compares the checksum of every table.

To cover another job: call ``fault_point("<name>")`` inside its transaction (or, for a job that
writes files, before it publishes them), add a ``start-…`` action to ``crash_child.py`` that
queues it as its page does, and add a :class:`FaultCase` to ``CASES``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from penata.core.faults import ENV_MARKER, ENV_POINT

TASK_TABLES = frozenset({"django_tasks_database_dbtaskresult", "core_taskprogress"})
WAIT_SECONDS = 240


class CrashDb:
    """A throwaway database (migrated and seeded) and the means to run children against it."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("PENATA_") and k != "DJANGO_SETTINGS_MODULE"
        }
        self.env.update(
            {
                "PENATA_DEBUG": "1",
                "PENATA_DATA_DIR": str(tmp / "data"),
                "PENATA_LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "penata.settings",
            }
        )
        self.pg_name: str | None = None
        url = os.environ.get("PENATA_DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            self.pg_name = f"penata_crash_{uuid.uuid4().hex[:8]}"
            self.pg_admin_url = url
            self._pg(f'CREATE DATABASE "{self.pg_name}"')
            self.env["PENATA_DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + self.pg_name

    def _pg(self, sql: str) -> None:
        import psycopg
        from django.db import connection

        params = {
            k: v
            for k, v in connection.get_connection_params().items()
            if k in {"host", "port", "user", "password"}
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def drop(self) -> None:
        if self.pg_name:
            self._pg(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{self.pg_name}'"
            )
            self._pg(f'DROP DATABASE IF EXISTS "{self.pg_name}"')

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "penata.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=WAIT_SECONDS * 2,
            check=False,
        )
        if check and proc.returncode:
            raise AssertionError(f"penata {' '.join(args)}: {proc.returncode}\n{proc.stderr}")
        return proc

    def child(self, action: str, *args: Any) -> Any:
        proc = subprocess.run(
            [sys.executable, "-m", "penata.core.tests.crash_child", action, *map(str, args)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=WAIT_SECONDS,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    def worker(self) -> None:
        """Run every queued task to the end."""
        self.run("db_worker", "--batch", "--no-startup-delay", "--interval", "0.2", "-v", "0")

    def kill_at(self, point: str, *args: str) -> str:
        """Start ``penata ARGS`` told to stop at ``point``; SIGKILL it there. Returns the marker
        text (the point and the child's pid)."""
        marker = self.tmp / f"marker-{uuid.uuid4().hex}"
        env = {**self.env, ENV_POINT: point, ENV_MARKER: str(marker)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "penata.cli", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + WAIT_SECONDS
        try:
            while not marker.exists():
                if proc.poll() is not None:
                    out, err = proc.communicate()
                    raise AssertionError(f"finished without reaching {point}:\n{out}\n{err}")
                if time.monotonic() > deadline:
                    raise AssertionError(f"{point} not reached in {WAIT_SECONDS} s")
                time.sleep(0.1)
            text = marker.read_text()
            assert text.startswith(point)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        return text

    def worker_killed_at(self, point: str) -> str:
        return self.kill_at(point, "db_worker", "--batch", "--no-startup-delay", "-v", "0")

    def checksums(self) -> dict[str, Any]:
        return dict(self.child("checksums"))


@pytest.fixture(scope="module")
def crash_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrashDb]:
    db = CrashDb(tmp_path_factory.mktemp("crash"))
    try:
        db.run("migrate", "-v", "0")
        db.run("seed-demo", "--employees", "60", "--password", "crash-test-2026")
        yield db
    finally:
        db.drop()


def differing(before: dict[str, Any], after: dict[str, Any], ignore: frozenset[str]) -> list[str]:
    return sorted(
        t for t in set(before) | set(after) if t not in ignore and before.get(t) != after.get(t)
    )


# --- the roster file ---------------------------------------------------------------------------


def roster_file(db: CrashDb) -> Path:
    """The registry as exported, every row changed (a title added) and 20 new people (their
    NIP's sequence number changed): a roster that updates and creates."""
    exported = db.tmp / "export.csv"
    db.run("export-roster", str(exported))
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    assert rows, "the seeded registry is empty"
    nips = {r["nip"] for r in rows}
    out = []
    for r in rows:
        out.append({**r, "gelar_belakang": (r["gelar_belakang"] + " M.M.").strip()})
    added = 0
    for r in rows:
        if added == 20:
            break
        for seq in range(999, 900, -1):
            nip = r["nip"][:15] + f"{seq:03d}"
            if nip not in nips:
                nips.add(nip)
                out.append({**r, "nip": nip, "nama": r["nama"] + " Baru", "email": "", "nik": ""})
                added += 1
                break
    path = db.tmp / f"roster-{uuid.uuid4().hex[:6]}.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(out)
    return path


# --- the cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FaultCase:
    name: str
    point: str
    start: Callable[[CrashDb], dict[str, Any]]  # queue the job; {"progress", "record"}
    bookkeeping: frozenset[str] = field(default_factory=frozenset)
    record_after_interrupt: str | None = None  # the job record's status once recovered


def _start_roster(db: CrashDb) -> dict[str, Any]:
    up = db.child("start-roster", roster_file(db))
    db.worker()  # the check (the preview)
    assert db.child("state", up["progress"], *up["record"])["record"]["status"] == "checked"
    return dict(db.child("confirm-roster", up["record"][1]))


CASES = [
    FaultCase(
        name="roster import",
        point="roster.write",
        start=_start_roster,
        bookkeeping=frozenset({"workforce_rosterupload"}),
        record_after_interrupt="checked",
    ),
    FaultCase(
        name="talent map",
        point="talent.map",
        start=lambda db: dict(db.child("start-talent-map")),
        bookkeeping=frozenset({"talent_talentmaprun"}),
        record_after_interrupt="failed",
    ),
    FaultCase(
        name="research release extract",
        point="research.release",
        start=lambda db: dict(db.child("start-release")),
        bookkeeping=frozenset({"research_release"}),
        record_after_interrupt="failed",
    ),
    FaultCase(
        name="ABK analysis",
        point="planning.analysis",
        start=lambda db: dict(db.child("start-abk")),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_job_killed_inside_its_transaction_leaves_nothing_and_reruns(
    crash_db: CrashDb, case: FaultCase
) -> None:
    db = crash_db
    job = case.start(db)
    progress, record = job["progress"], job.get("record") or []
    before_counts = db.child("counts")
    before = db.checksums()

    db.worker_killed_at(case.point)

    ignore = TASK_TABLES | case.bookkeeping
    assert differing(before, db.checksums(), ignore) == []  # exactly as before, never half
    if case.point == "research.release":
        # on disk too: no release folder with some of its files, only the unpublished .part
        rel_folder = str(record[1])
        files = db.child("counts")["release_files"]
        assert rel_folder not in files, files
        assert any(name.startswith(f"{rel_folder}.part-") for name in files), files
    stuck = db.child("state", progress, *record)
    # Stuck: the task stays "running" for ever, the progress bar unfinished.
    assert stuck["task"]["status"] == "RUNNING"
    assert stuck["progress"]["status"] in {"queued", "running"}

    # The worker is gone: recovery marks the task interrupted, audited, and queues it again.
    out = db.run("tasks-recover", "--grace", "0", "--requeue").stdout
    assert "terputus" in out and "diantrekan ulang" in out
    requeued = db.child("state", progress, *record)
    assert requeued["progress"]["status"] == "queued"
    assert requeued["task"]["status"] == "READY"
    assert {"task.interrupted", "task.requeue"} <= set(requeued["audit"])
    assert differing(before, db.checksums(), ignore | {"core_auditevent"}) == []

    db.worker()  # the re-run, to the end
    done = db.child("state", progress, *record)
    assert done["progress"]["status"] == "succeeded", done
    assert done["task"]["status"] == "SUCCESSFUL"
    after = db.child("counts")
    if case.point == "talent.map":
        assert after["boxes"] == before_counts["boxes"] and done["record"]["status"] == "done"
    if case.point == "planning.analysis":
        assert after["abk_runs"] == before_counts["abk_runs"] + 1
        assert len(after["positions_per_run"]) == 1  # every run complete: all the positions
        assert after["loads"] == after["abk_runs"] * after["positions_per_run"][0]
    if case.point == "roster.write":
        assert after["employees"] == before_counts["employees"] + 20
        assert done["record"]["status"] == "done"
    if case.point == "research.release":
        assert done["record"]["status"] == "ready"
        files = after["release_files"]
        assert files[str(record[1])] == sorted(
            ["README.md", "data.csv", "data.parquet", "kamus-data.csv"]
        ), files
        assert not [n for n in files if ".part-" in n or ".old-" in n], files  # cleaned up


def test_interrupted_import_goes_back_to_confirmation(crash_db: CrashDb) -> None:
    """Without --requeue: the task and its progress say *interrupted*, the upload waits for
    confirmation again, nothing was written; confirming again imports it completely."""
    db = crash_db
    job = _start_roster(db)
    progress, record = job["progress"], job["record"]
    before_counts = db.child("counts")
    before = db.checksums()
    db.worker_killed_at("roster.write")
    assert "1 tugas terputus" in db.run("tasks-recover", "--grace", "0").stdout
    st = db.child("state", progress, *record)
    assert st["progress"]["status"] == "failed"
    assert st["progress"]["message"].startswith("Terputus")
    assert st["task"] == {"status": "FAILED", "error": "penata.core.recovery.WorkerLost"}
    assert st["record"]["status"] == "checked"
    assert "task.interrupted" in st["audit"]
    ignore = TASK_TABLES | {"workforce_rosterupload", "core_auditevent"}
    assert differing(before, db.checksums(), ignore) == []
    # Running the recovery again finds nothing more.
    assert "0 tugas terputus" in db.run("tasks-recover", "--grace", "0").stdout

    again = db.child("confirm-roster", record[1])
    db.worker()
    st = db.child("state", again["progress"], *record)
    assert st["progress"]["status"] == "succeeded" and st["record"]["status"] == "done"
    assert db.child("counts")["employees"] == before_counts["employees"] + 20


def test_roster_command_killed_mid_write_then_rerun(crash_db: CrashDb) -> None:
    """The command-line import (no task): killed inside its transaction, nothing written; the
    same command again imports it all, and a third time changes nothing."""
    db = crash_db
    path = roster_file(db)
    before = db.checksums()
    db.kill_at("roster.write", "import-roster", str(path))
    assert differing(before, db.checksums(), frozenset()) == []
    first = db.run("import-roster", str(path), "--report", "-")
    assert json.loads(first.stdout)["created"] == 20
    again = json.loads(db.run("import-roster", str(path), "--report", "-").stdout)
    assert again["created"] == again["updated"] == 0


def test_a_live_worker_is_not_interrupted(crash_db: CrashDb) -> None:
    """While the worker holding the task is alive (stopped at the fault point, not killed),
    recovery leaves its task alone; the lease is what tells the two apart."""
    db = crash_db
    job = dict(db.child("start-abk"))
    marker = db.tmp / f"marker-{uuid.uuid4().hex}"
    env = {**db.env, ENV_POINT: "planning.analysis", ENV_MARKER: str(marker)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "penata.cli", "db_worker", "--batch", "--no-startup-delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not marker.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        assert "0 tugas terputus" in db.run("tasks-recover", "--grace", "0").stdout
        assert db.child("state", job["progress"])["task"]["status"] == "RUNNING"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert "1 tugas terputus" in db.run("tasks-recover", "--grace", "0").stdout
