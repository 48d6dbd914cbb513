"""``make fuzz``: Schemathesis against the running API, once per role, with a JSON summary.

1. A throwaway data directory: migrate, ``seed-demo --employees N`` (small), one API token per
   demo account (one account per role).
2. Gunicorn on loopback with production settings (``PENATA_DEBUG`` off).
3. ``st run …/api/v1/openapi.json`` once per role with that role's token and the checks
   ``not_a_server_error``, ``status_code_conformance`` (every answered status is declared),
   ``response_schema_conformance`` (the body fits the declared schema: the 4xx error bodies
   too, which the schema declares through ``penata.core.api_errors``),
   ``content_type_conformance`` and the custom ``access_matrix_denial``
   (``scripts/fuzz_hooks.py``): no 2xx to a role the access matrix (``penata.core.api_matrix``
   from ``api_require`` + ``ROLE_PERMS``) denies.
4. ``bench/results/fuzz.json``: cases generated per role, failures by check and operation.

Exit status 1 when any check failed. Options: ``--max-examples`` (per operation and phase),
``--employees``, ``--seed``, ``--roles``, ``--keep`` (keep the data directory).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHECKS = (
    "not_a_server_error,status_code_conformance,response_schema_conformance,"
    "content_type_conformance"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(env: dict[str, str], employees: int, seed: int) -> dict[str, Any]:
    """Migrate, seed, make one token per demo account; returns roles, tokens and denials."""
    subprocess.run([BIN / "penata", "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run(
        [BIN / "penata", "seed-demo", "--employees", str(employees), "--seed", str(seed)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    code = (
        "import json, django; django.setup()\n"
        "from penata.core import services\n"
        "from penata.core.api_matrix import operation_perms, expected_denied\n"
        "from penata.core.demo import DEMO_USERS\n"
        "from penata.core.models import User\n"
        "perms = operation_perms()\n"
        "out = {'operations': sorted(perms), 'roles': {}}\n"
        "for username, role, _f, _l in DEMO_USERS:\n"
        "    user = User.objects.get(username=username)\n"
        "    _t, raw = services.api_token_create(user=user, name='fuzz')\n"
        "    denied = sorted(op for op in perms if expected_denied(str(role), op, perms))\n"
        "    out['roles'][str(role)] = {'username': username, 'token': raw, 'denied': denied}\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [BIN / "python", "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "penata.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server did not answer {url} within {timeout:.0f} s")


def _summarise(report_path: Path) -> dict[str, Any]:
    """Cases and failures from schemathesis' NDJSON event stream."""
    cases = 0
    operations: set[str] = set()
    failures: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    statuses: dict[str, int] = {}
    for line in report_path.read_text().splitlines():
        if not line.strip():
            continue
        event = json.loads(line)
        ((kind, body),) = event.items()
        if kind == "ScenarioFinished":
            recorder = body.get("recorder") or {}
            label = recorder.get("label", "")
            operations.add(label)
            cases += len(recorder.get("cases") or {})
            for interaction in (recorder.get("interactions") or {}).values():
                status = str((interaction.get("response") or {}).get("status_code", "none"))
                statuses[status] = statuses.get(status, 0) + 1
            for checks in (recorder.get("checks") or {}).values():
                for check in checks:
                    if check.get("status") != "failure":
                        continue
                    failure = check.get("failure_info") or {}
                    name = check.get("name", "")
                    title = (failure.get("failure") or {}).get("title", "")
                    key = (label, name, title)
                    if key in seen:
                        continue
                    seen.add(key)
                    failures.append(
                        {
                            "operation": label,
                            "check": name,
                            "title": title,
                            "message": (failure.get("failure") or {}).get("message", "")[:500],
                            "curl": failure.get("code_sample", "")[:1000],
                        }
                    )
        elif kind == "NonFatalError":
            errors.append(str(body.get("info", body))[:300])
    return {
        "cases": cases,
        "operations": len(operations),
        "status_codes": dict(sorted(statuses.items())),
        "failures": failures,
        "errors": errors[:20],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=3)
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--roles", default="", help="comma-separated roles (default: all)")
    parser.add_argument("--workers", default="2")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "fuzz.json"))
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="penata-fuzz-"))
    port = _free_port()
    env = {
        **os.environ,
        "PENATA_DATA_DIR": str(data_dir),
        "PENATA_DEBUG": "0",
        "PENATA_SECRET_KEY": secrets.token_urlsafe(60),
        "PENATA_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PENATA_SECURE_SSL_REDIRECT": "0",
    }
    started = time.monotonic()
    server: subprocess.Popen[bytes] | None = None
    try:
        print(f"[fuzz] seeding {args.employees} employees in {data_dir}", flush=True)
        setup = _prepare(env, args.employees, args.seed)
        seeded = time.monotonic() - started
        log = (data_dir / "gunicorn.log").open("wb")
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "penata.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        schema_url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
        _wait(schema_url)
        roles = [r for r in args.roles.split(",") if r] or list(setup["roles"])
        per_role: dict[str, Any] = {}
        for role in roles:
            info = setup["roles"][role]
            denied_path = data_dir / f"denied-{role}.json"
            denied_path.write_text(json.dumps({"operations": info["denied"]}))
            ndjson = data_dir / f"st-{role}.ndjson"
            t0 = time.monotonic()
            cmd = [
                str(BIN / "st"),
                "run",
                schema_url,
                "--checks",
                CHECKS + ",access_matrix_denial",
                "--header",
                f"Authorization: Bearer {info['token']}",
                "--max-examples",
                str(args.max_examples),
                "--seed",
                str(args.seed),
                "--workers",
                args.workers,
                "--continue-on-failure",
                "--no-shrink",
                "--suppress-health-check",
                "all",
                "--request-timeout",
                "30",
                "--report",
                "ndjson",
                "--report-ndjson-path",
                str(ndjson),
                "--warnings",
                "off",
            ]
            print(f"[fuzz] {role}: st run (max {args.max_examples} per operation)", flush=True)
            proc = subprocess.run(
                cmd,
                env={
                    **env,
                    "SCHEMATHESIS_HOOKS": "fuzz_hooks",
                    "PYTHONPATH": str(ROOT / "scripts"),
                    "PENATA_FUZZ_ROLE": role,
                    "PENATA_FUZZ_DENIED": str(denied_path),
                },
                capture_output=True,
                text=True,
            )
            summary = _summarise(ndjson) if ndjson.exists() else {"cases": 0, "failures": []}
            summary.update(
                {
                    "username": info["username"],
                    "denied_operations": len(info["denied"]),
                    "exit_status": proc.returncode,
                    "seconds": round(time.monotonic() - t0, 1),
                }
            )
            if not ndjson.exists():
                summary["stderr"] = proc.stderr[-2000:] + proc.stdout[-2000:]
            per_role[role] = summary
            print(
                f"[fuzz] {role}: {summary['cases']} cases, {len(summary['failures'])} failures "
                f"({summary['seconds']} s)",
                flush=True,
            )
        total_cases = sum(r["cases"] for r in per_role.values())
        total_failures = sum(len(r["failures"]) for r in per_role.values())
        statuses: dict[str, int] = {}
        for r in per_role.values():
            for code, n in r.get("status_codes", {}).items():
                statuses[code] = statuses.get(code, 0) + n
        result = {
            "name": "api_fuzz",
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "tool": "schemathesis " + _version(),
            "checks": [*CHECKS.split(","), "access_matrix_denial"],
            "operations": len(setup["operations"]),
            "roles": len(per_role),
            "employees": args.employees,
            "max_examples": args.max_examples,
            "seed": args.seed,
            "cases": total_cases,
            "failures": total_failures,
            "status_codes": dict(sorted(statuses.items())),
            "seconds_seeding": round(seeded, 1),
            "seconds_total": round(time.monotonic() - started, 1),
            "per_role": per_role,
        }
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        print(f"[fuzz] {total_cases} cases, {total_failures} failures -> {out}", flush=True)
        return 1 if total_failures or any(r["cases"] == 0 for r in per_role.values()) else 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.keep:
            print(f"[fuzz] data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def _version() -> str:
    from importlib.metadata import version

    return version("schemathesis")


if __name__ == "__main__":
    sys.exit(main())
