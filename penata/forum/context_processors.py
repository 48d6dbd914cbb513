"""The bell: whether the signed-in person may use the forum (no query; the unread count is
fetched by the bell itself, so ordinary pages keep their query counts)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from penata.core.access import has_perm
from penata.core.roles import Perm


def forum(request: HttpRequest) -> dict[str, Any]:
    return {"forum_bell": has_perm(getattr(request, "user", None), Perm.FORUM_USE)}
