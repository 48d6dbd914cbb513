"""Access decisions: one permission helper and the view marker that the middleware enforces.

Every view must declare who may open it with :func:`require` (a capability),
:func:`login_only` (any signed-in account) or :func:`public` (anyone, the portal). A view without
a declaration is refused by :class:`penata.core.middleware.AccessMiddleware`: deny by default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

from penata.core.roles import ROLE_PERMS, Perm

PUBLIC = "public"
LOGIN = "login"
ACCESS_ATTR = "penata_access"


def has_perm(user: Any, perm: Perm | str) -> bool:
    """Whether ``user`` holds capability ``perm``. Anonymous and inactive users hold none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not getattr(user, "is_active", False):
        return False
    return str(perm) in ROLE_PERMS.get(getattr(user, "role", ""), frozenset())


def check_perm(user: Any, perm: Perm | str) -> None:
    """Raise :class:`PermissionDenied` unless ``user`` holds ``perm``."""
    if not has_perm(user, perm):
        raise PermissionDenied(str(perm))


def _mark[F: Callable[..., Any]](view: F, value: str) -> F:
    setattr(view, ACCESS_ATTR, value)
    return view


def require[F: Callable[..., Any]](perm: Perm) -> Callable[[F], F]:
    """Declare that a view needs capability ``perm``."""

    def decorator(view: F) -> F:
        return _mark(view, str(perm))

    return decorator


def login_only[F: Callable[..., Any]](view: F) -> F:
    """Declare that a view is open to any signed-in, active account."""
    return _mark(view, LOGIN)


def public[F: Callable[..., Any]](view: F) -> F:
    """Declare that a view is open to anyone, signed in or not."""
    return _mark(view, PUBLIC)


def view_access(view: Callable[..., Any]) -> str | None:
    return getattr(view, ACCESS_ATTR, None)
