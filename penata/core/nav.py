"""The navigation: each entry shows only to users holding its capability."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from penata.core.access import has_perm
from penata.core.roles import Perm


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    perm: Perm
    icon: str
    description: str | Promise = ""


NAV: list[NavItem] = [
    NavItem(_("Dasbor"), "core:dashboard", Perm.DASHBOARD_VIEW, "speedometer2"),
    NavItem(
        _("Log audit"),
        "core:audit_list",
        Perm.AUDIT_VIEW,
        "journal-text",
        _("Siapa mengubah apa, kapan, sebelum dan sesudahnya."),
    ),
]


def nav_for(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "icon": item.icon,
            "description": item.description,
            "url_name": item.url_name,
        }
        for item in NAV
        if has_perm(user, item.perm)
    ]
