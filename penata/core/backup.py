"""Backup and restore of the whole database, verified (``penata backup`` / ``penata restore``).

An archive is one uncompressed tar file holding ``manifest.json`` and one payload:

* ``database.sqlite3`` (SQLite): a copy made with SQLite's online backup API, consistent while
  the application keeps running;
* ``database.pgdump`` (PostgreSQL with ``pg_dump`` installed): ``pg_dump --format=custom`` of a
  snapshot exported from the transaction that also computed the manifest, so the counts and the
  dump describe the same instant;
* ``tables.jsonl`` (``--format json``, or PostgreSQL without ``pg_dump``): every model's rows
  through Django's serializer, portable between SQLite and PostgreSQL.

The manifest lists, for every table, its row count and a SHA-256 over all its rows in primary-key
order (so ids, NIPs, audit events and personal-data read logs are all covered), the applied
migrations, and the payload's own SHA-256.

Restore refuses an archive whose payload does not match its digest (corrupted or tampered), an
archive made for other migrations, and a target database that already holds data unless
``force`` is given. SQLite archives are checked *before* anything is touched (the payload's counts
and checksums are recomputed); every restore is checked *after* against the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

FORMAT = "penata-backup"
VERSION = 1
MANIFEST = "manifest.json"
PAYLOADS = {"sqlite": "database.sqlite3", "pg_dump": "database.pgdump", "json": "tables.jsonl"}
# Tables whose content says nothing about the institution's data and may differ after a restore.
UNCHECKED_TABLES = frozenset({"django_session"})
# Rows in any of these mean the target database is in use: restoring over it needs --force.
IN_USE_TABLES = ("core_user", "workforce_employee", "core_auditevent")


class BackupError(Exception):
    """A backup or restore refused or failed; ``message`` says why, in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- checksums ---------------------------------------------------------------------------------


def _canon(value: Any) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value else "NaN"
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):  # SQLite keeps UTC with or without the offset
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


def table_names(conn: BaseDatabaseWrapper) -> list[str]:
    with conn.cursor() as cur:
        return sorted(conn.introspection.table_names(cur))


def table_checksum(conn: BaseDatabaseWrapper, table: str) -> dict[str, Any]:
    """Row count and SHA-256 of every row of ``table`` (all columns, primary-key order)."""
    qn = conn.ops.quote_name
    with conn.cursor() as cur:
        pk = conn.introspection.get_primary_key_column(cur, table)
        columns = [c.name for c in conn.introspection.get_table_description(cur, table)]
    order = qn(pk) if pk else ", ".join(qn(c) for c in columns)
    sql = f"SELECT {', '.join(qn(c) for c in columns)} FROM {qn(table)} ORDER BY {order}"  # noqa: S608
    digest = hashlib.sha256()
    digest.update("\x1f".join(columns).encode())
    rows = 0
    cur = conn.chunked_cursor() if conn.vendor == "postgresql" else conn.cursor()
    try:
        cur.execute(sql)
        while batch := cur.fetchmany(5000):
            for row in batch:
                digest.update(b"\x1e" + "\x1f".join(_canon(v) for v in row).encode())
            rows += len(batch)
    finally:
        cur.close()
    return {"rows": rows, "sha256": digest.hexdigest()}


def checksums(conn: BaseDatabaseWrapper, tables: Iterable[str] | None = None) -> dict[str, Any]:
    """:func:`table_checksum` of every table (or of ``tables``)."""
    names = table_names(conn) if tables is None else list(tables)
    return {t: table_checksum(conn, t) for t in names if t not in UNCHECKED_TABLES}


def applied_migrations(conn: BaseDatabaseWrapper) -> list[str]:
    with conn.cursor() as cur:
        if "django_migrations" not in conn.introspection.table_names(cur):
            return []
        cur.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{a}.{n}" for a, n in cur.fetchall()]


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """The differences between two checksum maps, as Indonesian sentences (empty: identical)."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        e, a = expected.get(table), actual.get(table)
        if e is None:
            problems.append(f"tabel {table} tidak ada dalam manifest")
        elif a is None:
            problems.append(f"tabel {table} tidak ada dalam basis data")
        elif e["rows"] != a["rows"]:
            problems.append(f"tabel {table}: {a['rows']} baris, manifest {e['rows']}")
        elif e["sha256"] != a["sha256"]:
            problems.append(f"tabel {table}: isi berbeda dari manifest (checksum)")
    return problems


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


# --- connections -------------------------------------------------------------------------------


@contextmanager
def _wrapper(settings_dict: dict[str, Any], alias: str) -> Iterator[BaseDatabaseWrapper]:
    """A Django connection of its own to ``settings_dict``, registered as ``alias`` while the
    block runs (so the ORM and the serializers can use it), closed and removed on exit."""
    from django.db.utils import load_backend

    full = {**connections[DEFAULT_DB_ALIAS].settings_dict, **settings_dict}
    full["TEST"] = {**full.get("TEST", {}), "MIRROR": None}
    conn = load_backend(full["ENGINE"]).DatabaseWrapper(full, alias)
    connections[alias] = conn
    try:
        yield conn
    finally:
        conn.close()
        del connections[alias]


def _vendor(settings_dict: dict[str, Any]) -> str:
    return "postgresql" if "postgresql" in settings_dict["ENGINE"] else "sqlite"


def _pg_env(sd: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if sd.get(key):
            env[var] = str(sd[key])
    if sd.get("PASSWORD"):
        env["PGPASSWORD"] = str(sd["PASSWORD"])
    env["PGDATABASE"] = str(sd["NAME"])
    return env


def pg_tools_available() -> bool:
    return bool(shutil.which("pg_dump") and shutil.which("pg_restore"))


# --- backup ------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    method: str
    tables: int
    rows: int
    size: int


def backup(
    path: Path | str, *, method: str = "auto", alias: str = DEFAULT_DB_ALIAS
) -> BackupResult:
    """Write an archive of database ``alias`` to ``path`` (see the module docstring)."""
    path = Path(path)
    sd = connections[alias].settings_dict
    vendor = _vendor(sd)
    if method == "auto":
        method = "sqlite" if vendor == "sqlite" else ("pg_dump" if pg_tools_available() else "json")
    if method not in PAYLOADS or (method == "sqlite" and vendor != "sqlite"):
        raise BackupError(f"Metode cadangan {method!r} tidak dapat dipakai untuk {vendor}.")
    if method == "pg_dump" and (vendor != "postgresql" or not pg_tools_available()):
        raise BackupError("pg_dump/pg_restore tidak ditemukan; pakai --format json.")
    with tempfile.TemporaryDirectory(prefix="penata-backup-") as tmp:
        payload = Path(tmp) / PAYLOADS[method]
        if method == "sqlite":
            src = connections[alias]
            src.ensure_connection()
            dest = sqlite3.connect(payload)
            try:
                src.connection.backup(dest)
            finally:
                dest.close()
            with _wrapper({**sd, "NAME": str(payload)}, "penata_backup_copy") as copy:
                sums, migrations = checksums(copy), applied_migrations(copy)
        elif vendor == "postgresql":
            with _wrapper(sd, "penata_backup_snapshot") as snap:
                snap.ensure_connection()
                snap.set_autocommit(False)
                with snap.cursor() as cur:
                    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cur.execute("SELECT pg_export_snapshot()")
                    snapshot = cur.fetchone()[0]
                if method == "pg_dump":
                    _run(
                        [
                            "pg_dump",
                            "--format=custom",
                            f"--snapshot={snapshot}",
                            "-f",
                            str(payload),
                        ],
                        env=_pg_env(sd),
                    )
                else:
                    _dump_json(payload, alias, snapshot)
                sums, migrations = checksums(snap), applied_migrations(snap)
                snap.rollback()
                snap.set_autocommit(True)
        else:
            with transaction.atomic(using=alias):  # SQLite: IMMEDIATE, no writer in between
                _dump_json(payload, alias, None)
                sums = checksums(connections[alias])
                migrations = applied_migrations(connections[alias])
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "vendor": vendor,
            "method": method,
            "payload": {
                "name": payload.name,
                "sha256": _sha256_file(payload),
                "size": payload.stat().st_size,
            },
            "migrations": migrations,
            "tables": sums,
        }
        (Path(tmp) / MANIFEST).write_text(
            json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8"
        )
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(Path(tmp) / MANIFEST, arcname=MANIFEST)
            tar.add(payload, arcname=payload.name)
        os.replace(partial, path)  # never a half-written archive under the final name
    return BackupResult(
        path=path,
        method=method,
        tables=len(sums),
        rows=sum(t["rows"] for t in sums.values()),
        size=path.stat().st_size,
    )


def _run(cmd: list[str], *, env: dict[str, str]) -> None:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if proc.returncode:
        raise BackupError(f"{cmd[0]} gagal (status {proc.returncode}): {proc.stderr.strip()[:500]}")


def _models_in_order() -> list[Any]:
    from django.apps import apps
    from django.core.serializers import sort_dependencies

    app_list = {cfg: None for cfg in apps.get_app_configs() if cfg.models_module is not None}
    return [m for m in sort_dependencies(app_list.items()) if m._meta.managed and not m._meta.proxy]


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps the microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _dump_json(payload: Path, alias: str, snapshot: str | None) -> None:
    """Every model's rows as JSON lines, in dependency order (PostgreSQL: in ``snapshot``)."""
    from django.core import serializers

    conn = connections[alias]
    fresh = not conn.in_atomic_block
    with transaction.atomic(using=alias):
        if conn.vendor == "postgresql" and fresh:
            with conn.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                if snapshot:
                    cur.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
        with open(payload, "w", encoding="utf-8") as fh:
            for model in _models_in_order():
                qs = model._base_manager.using(alias).order_by(model._meta.pk.name)
                serializers.serialize(
                    "jsonl", qs.iterator(chunk_size=2000), stream=fh, cls=_ExactEncoder
                )


# --- restore -----------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    method: str
    tables: int
    rows: int


def read_manifest(path: Path | str) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read().decode("utf-8"))
    except FileNotFoundError:
        raise BackupError(f"Arsip {path} tidak ditemukan.") from None
    except (tarfile.TarError, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise BackupError(
            f"Arsip {path} rusak atau bukan arsip cadangan Penata ({type(exc).__name__})."
        ) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"Arsip {path} bukan arsip cadangan Penata versi {VERSION}.")
    if manifest.get("method") not in PAYLOADS or not isinstance(manifest.get("tables"), dict):
        raise BackupError(f"Manifest arsip {path} tidak lengkap.")
    return manifest


def _in_use(conn: BaseDatabaseWrapper) -> list[str]:
    present = set(table_names(conn))
    busy = []
    with conn.cursor() as cur:
        for table in IN_USE_TABLES:
            if table in present:
                cur.execute(f"SELECT 1 FROM {conn.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cur.fetchone():
                    busy.append(table)
    return busy


def restore(
    path: Path | str,
    *,
    force: bool = False,
    alias: str = DEFAULT_DB_ALIAS,
    settings_dict: dict[str, Any] | None = None,
) -> RestoreResult:
    """Restore an archive into database ``alias`` (or the database ``settings_dict`` describes),
    verifying it before and after. Raises :class:`BackupError` with the reason."""
    path = Path(path)
    manifest = read_manifest(path)
    sd = {**connections[alias].settings_dict, **(settings_dict or {})}
    vendor, method = _vendor(sd), manifest["method"]
    if method != "json" and manifest["vendor"] != vendor:
        raise BackupError(
            f"Arsip ini dibuat dari basis data {manifest['vendor']}, sedangkan tujuan {vendor}; "
            "buat cadangan dengan --format json untuk berpindah jenis basis data."
        )
    with tempfile.TemporaryDirectory(prefix="penata-restore-") as tmp:
        payload = Path(tmp) / manifest["payload"]["name"]
        try:
            with tarfile.open(path, "r") as tar:
                member = tar.extractfile(manifest["payload"]["name"])
                if member is None:
                    raise KeyError(manifest["payload"]["name"])
                with open(payload, "wb") as out:
                    shutil.copyfileobj(member, out)
        except (tarfile.TarError, KeyError, OSError) as exc:
            raise BackupError(f"Isi arsip {path} tidak dapat dibaca ({exc}).") from None
        if _sha256_file(payload) != manifest["payload"]["sha256"]:
            raise BackupError(
                f"Arsip {path} rusak: isi {payload.name} tidak cocok dengan checksum di manifest. "
                "Tidak ada yang dipulihkan; pakai arsip lain."
            )
        if method == "sqlite":
            # Before: the copy itself must hold exactly what the manifest says.
            with _wrapper({**sd, "NAME": str(payload)}, "penata_restore_check") as copy:
                with copy.cursor() as cur:
                    cur.execute("PRAGMA integrity_check")
                    ok = cur.fetchone()[0]
                if ok != "ok":
                    raise BackupError(f"Arsip {path} rusak: basis data di dalamnya tidak utuh.")
                problems = compare(manifest["tables"], checksums(copy))
            if problems:
                raise BackupError(_mismatch(path, problems, "sebelum dipulihkan"))
        with _wrapper(sd, "penata_restore_target") as target:
            busy = _in_use(target)
            if busy and not force:
                raise BackupError(
                    "Basis data tujuan sudah berisi data (" + ", ".join(busy) + "); pulihkan ke "
                    "basis data kosong, atau tambahkan --force untuk menimpanya."
                )
            if method == "json":
                mine = applied_migrations(target)
                if mine != manifest["migrations"]:
                    raise BackupError(
                        "Migrasi basis data tujuan berbeda dari arsip; jalankan `penata migrate` "
                        "dengan versi Penata yang membuat arsip ini, lalu ulangi."
                    )
            if method == "sqlite":
                target.ensure_connection()
                src = sqlite3.connect(payload)
                try:
                    src.backup(target.connection)
                finally:
                    src.close()
                target.close()
                problems = compare(manifest["tables"], checksums(target))
            elif method == "pg_dump":
                target.close()
                _run(
                    [
                        "pg_restore",
                        "--clean",
                        "--if-exists",
                        "--no-owner",
                        "--single-transaction",
                        "--exit-on-error",
                        "-d",
                        str(sd["NAME"]),
                        str(payload),
                    ],
                    env=_pg_env(sd),
                )
                target.close()
                problems = compare(manifest["tables"], checksums(target))
            else:
                problems = _load_json(target, payload, manifest["tables"])
        if problems:
            raise BackupError(_mismatch(path, problems, "setelah dipulihkan"))
    if settings_dict is None:
        connections[alias].close()
    tables = manifest["tables"]
    return RestoreResult(
        method=method, tables=len(tables), rows=sum(t["rows"] for t in tables.values())
    )


def _mismatch(path: Path, problems: list[str], when: str) -> str:
    shown = "; ".join(problems[:5])
    more = f" (dan {len(problems) - 5} lainnya)" if len(problems) > 5 else ""
    return f"Pemeriksaan {when} gagal untuk arsip {path}: {shown}{more}."


def _load_json(target: BaseDatabaseWrapper, payload: Path, expected: dict[str, Any]) -> list[str]:
    """Empty every model table of ``target`` and load the rows, in one transaction (foreign keys
    are checked at the end, as ``loaddata`` does), then compare with ``expected``: on any
    difference the transaction is rolled back and the differences returned."""
    from django.core import serializers
    from django.core.management.color import no_style

    models = _models_in_order()
    tables = [m._meta.db_table for m in models]
    problems: list[str] = []
    try:
        with transaction.atomic(using=target.alias):
            with target.constraint_checks_disabled():
                sql = target.ops.sql_flush(
                    no_style(), tables, reset_sequences=True, allow_cascade=True
                )
                with target.cursor() as cur:
                    for statement in sql:
                        cur.execute(statement)
                with open(payload, encoding="utf-8") as fh:
                    for obj in serializers.deserialize("jsonl", fh, using=target.alias):
                        obj.object.save_base(raw=True, using=target.alias)
            target.check_constraints(table_names=tables)
            with target.cursor() as cur:
                for statement in target.ops.sequence_reset_sql(no_style(), models):
                    cur.execute(statement)
            wanted = {t: v for t, v in expected.items() if t in tables}
            problems = compare(wanted, checksums(target, wanted))
            if problems:
                raise _RollBack
    except _RollBack:
        pass
    return problems


class _RollBack(Exception):
    pass
