"""The declared access matrix: every page URL name and API operation, and who may open it.

This is the specification the access tests hold the code to. A new URL or operation that is
not declared here fails ``test_every_url_is_declared``: decide who may use it, write it here.
"""

from __future__ import annotations

from penata.core.roles import Role

PUBLIC = "public"
ALL = frozenset(r.value for r in Role)
ADMIN = frozenset({Role.ADMINISTRATOR.value})

# url name -> PUBLIC or the set of roles allowed
PAGES: dict[str, str | frozenset[str]] = {
    "core:dashboard": ALL,
    "core:login": PUBLIC,
    "core:logout": ALL,
    "core:profile": ALL,
    "core:token_revoke": ALL,
    "core:password_change": ALL,
    "core:password_change_done": ALL,
    "core:password_reset": PUBLIC,
    "core:password_reset_done": PUBLIC,
    "core:password_reset_confirm": PUBLIC,
    "core:password_reset_complete": PUBLIC,
    "core:audit_list": ADMIN,
    "core:audit_export": ADMIN,
    "core:audit_detail": ADMIN,
    "core:task_detail": ALL,
    "core:task_download": ALL,
    "core:healthz": PUBLIC,
    "set_language": PUBLIC,
}

# (method, openapi path) -> PUBLIC or the set of roles allowed
API: dict[tuple[str, str], str | frozenset[str]] = {
    ("get", "/api/v1/me"): ALL,
    ("get", "/api/v1/audit"): ADMIN,
    ("get", "/api/v1/tasks/{progress_id}"): ALL,
}
