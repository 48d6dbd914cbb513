"""``penata backup`` / ``penata restore``: a seeded database backed up, restored into an empty
database, every table's count and checksum equal; corrupted, mismatched and non-empty cases
refused with a clear message."""

from __future__ import annotations

import json
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from penata.core import backup as bk
from penata.core.models import AuditEvent
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.security.services import enrolment_start
from penata.workforce.services import employee_personal_data_reveal
from penata.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded() -> None:
    officer = UserFactory(role=Role.BKPP)
    enrolment_start(user=officer)  # a TOTP secret, encrypted: its token must come back as is
    for e in EmployeeFactory.create_batch(5):
        employee_personal_data_reveal(actor=officer, employee=e)  # the personal-data read log


@pytest.fixture
def empty_target(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Settings of a second, empty database (SQLite: a new file; PostgreSQL: a new database)."""
    sd = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        yield {"ENGINE": sd["ENGINE"], "NAME": str(tmp_path / "restored.sqlite3")}
        return
    import psycopg

    name = f"penata_restore_{uuid.uuid4().hex[:8]}"
    params = {
        k: v
        for k, v in connection.get_connection_params().items()
        if k in {"host", "port", "user", "password"}
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    try:
        yield {"ENGINE": sd["ENGINE"], "NAME": name}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(  # type: ignore[arg-type]
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')  # type: ignore[arg-type]


def _target_checksums(sd: dict[str, Any]) -> dict[str, Any]:
    with bk._wrapper(sd, "penata_test_target") as conn:
        return bk.checksums(conn)


def _native() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "pg_dump"


@pytest.mark.parametrize("method", ["native", "json"])
def test_backup_then_restore_into_an_empty_database_is_identical(
    seeded: None, empty_target: dict[str, Any], tmp_path: Path, method: str
) -> None:
    method = _native() if method == "native" else method
    if method == "pg_dump" and not bk.pg_tools_available():
        pytest.skip("pg_dump not installed")
    archive = tmp_path / "penata.tar"
    result = bk.backup(archive, method=method)
    assert result.method == method and result.rows > 0
    manifest = bk.read_manifest(archive)
    source = bk.checksums(connection)
    assert manifest["tables"] == source  # the manifest describes the database as it was
    assert manifest["tables"]["workforce_employee"]["rows"] == 5
    assert manifest["tables"]["security_twofactordevice"]["rows"] == 1
    if method == "json":
        # JSON loads into a migrated database (same migrations).
        with bk._wrapper(empty_target, "penata_test_migrate"):
            call_command("migrate", database="penata_test_migrate", verbosity=0)
    restored = bk.restore(archive, settings_dict=empty_target)
    assert restored.tables == len(source)
    target = _target_checksums(empty_target)
    if method == "json":  # migrated, not copied: the same migrations, applied at another time
        assert target.pop("django_migrations")["rows"] == source.pop("django_migrations")["rows"]
    assert bk.compare(source, target) == []
    # The audit log and the personal-data read log came back row for row.
    assert target["core_auditevent"] == source["core_auditevent"]
    assert AuditEvent.objects.filter(action="personal_data.read").count() == 5


def test_restore_refuses_a_non_empty_database_without_force(
    seeded: None, empty_target: dict[str, Any], tmp_path: Path
) -> None:
    archive = tmp_path / "penata.tar"
    bk.backup(archive)
    bk.restore(archive, settings_dict=empty_target)
    with pytest.raises(bk.BackupError) as exc:
        bk.restore(archive, settings_dict=empty_target)
    assert "sudah berisi data" in exc.value.message and "--force" in exc.value.message
    bk.restore(archive, settings_dict=empty_target, force=True)
    assert bk.compare(bk.read_manifest(archive)["tables"], _target_checksums(empty_target)) == []


def _rewrite(
    archive: Path, out: Path, *, manifest: Any = None, payload: bytes | None = None
) -> None:
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]
    if manifest is not None:
        members[bk.MANIFEST] = json.dumps(manifest).encode()
    if payload is not None:
        name = next(n for n in members if n != bk.MANIFEST)
        members[name] = payload
    with tarfile.open(out, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            import io

            tar.addfile(info, io.BytesIO(data))


def test_corrupted_or_mismatched_archives_are_refused(
    seeded: None, empty_target: dict[str, Any], tmp_path: Path
) -> None:
    archive = tmp_path / "penata.tar"
    bk.backup(archive)
    manifest = bk.read_manifest(archive)

    # A flipped byte in the payload: refused before anything is touched.
    with tarfile.open(archive) as tar:
        name = manifest["payload"]["name"]
        data = bytearray(tar.extractfile(name).read())  # type: ignore[union-attr]
    data[len(data) // 2] ^= 0xFF
    broken = tmp_path / "broken.tar"
    _rewrite(archive, broken, payload=bytes(data))
    with pytest.raises(bk.BackupError) as exc:
        bk.restore(broken, settings_dict=empty_target)
    assert "rusak" in exc.value.message and "checksum" in exc.value.message

    # Not an archive at all, and an archive of another kind.
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"bukan arsip")
    with pytest.raises(bk.BackupError) as exc:
        bk.restore(junk, settings_dict=empty_target)
    assert "rusak atau bukan arsip cadangan" in exc.value.message
    other = json.loads(json.dumps(manifest))
    other["format"] = "lain"
    foreign = tmp_path / "foreign.tar"
    _rewrite(archive, foreign, manifest=other)
    with pytest.raises(bk.BackupError) as exc:
        bk.restore(foreign, settings_dict=empty_target)
    assert "bukan arsip cadangan Penata" in exc.value.message
    # Nothing of the refused archives reached the target.
    with bk._wrapper(empty_target, "penata_test_target") as conn:
        assert bk._in_use(conn) == []

    # A manifest that no longer matches its payload's content (rows counted wrong).
    wrong = json.loads(json.dumps(manifest))
    wrong["tables"]["workforce_employee"]["rows"] += 1
    mismatched = tmp_path / "mismatched.tar"
    _rewrite(archive, mismatched, manifest=wrong)
    with pytest.raises(bk.BackupError) as exc:
        bk.restore(mismatched, settings_dict=empty_target)
    assert "workforce_employee" in exc.value.message and "manifest" in exc.value.message

    if connection.vendor == "sqlite":  # checked before the target is touched
        with bk._wrapper(empty_target, "penata_test_target") as conn:
            assert bk._in_use(conn) == []


def test_commands_report_and_exit_status(seeded: None, tmp_path: Path, capsys: Any) -> None:
    archive = tmp_path / "cli.tar"
    call_command("backup", str(archive))
    assert "Cadangan tertulis" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        call_command("restore", str(archive))  # the test database holds data
    assert exc.value.code == 1
    assert "--force" in capsys.readouterr().err
