"""Schemathesis hooks for ``make fuzz``: the access-matrix check.

Loaded by ``st run`` through ``SCHEMATHESIS_HOOKS=fuzz_hooks`` (``scripts/`` on the path).
``PENATA_FUZZ_DENIED`` names a JSON file ``{"operations": [...]}`` of the operations
("METHOD /api/v1/path-template") the role of this run must be refused, computed by
``scripts/fuzz.py`` from :mod:`penata.core.api_matrix` (the code's own declarations and
``ROLE_PERMS``), and ``PENATA_FUZZ_ROLE`` names the role.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import schemathesis

ROLE = os.environ.get("PENATA_FUZZ_ROLE", "")
_path = os.environ.get("PENATA_FUZZ_DENIED")
DENIED = frozenset(json.loads(Path(_path).read_text())["operations"]) if _path else frozenset()


@schemathesis.check
def access_matrix_denial(ctx, response, case):  # type: ignore[no-untyped-def]
    """A role the access matrix denies an operation never gets a 2xx from it."""
    operation = f"{case.method.upper()} {case.operation.path}"
    if operation in DENIED and 200 <= response.status_code < 300:
        raise AssertionError(
            f"{operation} answered {response.status_code} to role {ROLE!r}, "
            "which the access matrix denies (expected 403)"
        )
