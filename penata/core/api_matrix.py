"""The API's access matrix, derived from the code: which capability each operation declares.

Every operation of :data:`penata.api.api` declares its capability with
:func:`penata.core.api.api_require` (the decorator leaves it on the view as ``penata_perm``);
the role→capability map is :data:`penata.core.roles.ROLE_PERMS`. Together they say which role
must be refused each operation — what the API fuzzer (``make fuzz`` and the quick pytest
variant) checks: no 2xx answer to a role that lacks the capability.
"""

from __future__ import annotations

from typing import Any

from penata.core.roles import ROLE_PERMS

API_PREFIX = "/api/v1"
# Operations every signed-in account may call (their own account); nothing else is undeclared.
OPEN_TO_EVERY_ACCOUNT = frozenset({"GET /api/v1/me"})


def _declared_perm(view: Any) -> str | None:
    seen = 0
    while view is not None and seen < 20:
        perm = getattr(view, "penata_perm", None)
        if perm is not None:
            return str(perm)
        view = getattr(view, "__wrapped__", None)
        seen += 1
    return None


def operation_perms() -> dict[str, str | None]:
    """``{"GET /api/v1/employees": "employee.view_self", …}`` for every API operation."""
    from penata.api import api

    out: dict[str, str | None] = {}
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    key = f"{method.upper()} {API_PREFIX}{prefix}{path}"
                    out[key] = _declared_perm(operation.view_func)
    return out


def expected_denied(role: str, operation: str, perms: dict[str, str | None]) -> bool:
    """Whether ``role`` must be refused ``operation`` ("METHOD /api/v1/path-template")."""
    perm = perms.get(operation)
    if perm is None:
        return operation not in OPEN_TO_EVERY_ACCOUNT
    return perm not in ROLE_PERMS.get(role, frozenset())


def undeclared(perms: dict[str, str | None]) -> list[str]:
    """Operations that declare no capability and are not deliberately open (should be none)."""
    return sorted(k for k, v in perms.items() if v is None and k not in OPEN_TO_EVERY_ACCOUNT)
