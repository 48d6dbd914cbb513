from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from penata.core.access import has_perm
from penata.core.nav import nav_groups_for
from penata.core.roles import Perm


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "nav_groups": nav_groups_for(user) if user is not None else [],
        "can_admin": has_perm(user, Perm.ADMIN_SITE),
    }
