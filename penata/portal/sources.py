"""Public sources of the portal: the extension point other apps plug into.

An app that has something for the public (open consultations, research summaries, results of an
open selection, …) registers a *section* once, from its ``AppConfig.ready()``::

    from penata.portal.sources import register_section

    register_section(
        "konsultasi",                       # key: unique, used in the URL /portal/bagian/<key>/
        _("Konsultasi publik terbuka"),     # title shown on the portal
        "policy/portal_consultations.html", # template rendered with {"section", "items"}
        policy_selectors.open_consultations_for_portal,  # fetch(limit) -> items for the template
        order=30,
        description=_("Rancangan kebijakan yang sedang meminta pendapat masyarakat."),
    )

``fetch(limit)`` must return only data meant for the public (no one's personal data): it is
called for an anonymous visitor. The portal home shows each section's first ``HOME_LIMIT``
items; ``/portal/bagian/<key>/`` shows up to ``PAGE_LIMIT``. A section whose fetch fails is left
out of the page (and logged) instead of breaking the portal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

logger = logging.getLogger("penata.portal")

HOME_LIMIT = 3
PAGE_LIMIT = 50


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    template: str
    fetch: Callable[[int], Any]
    order: int = 100
    description: str | Promise = ""
    more_url: str = ""


_REGISTRY: dict[str, Section] = {}


def register_section(
    key: str,
    title: str | Promise,
    template: str,
    fetch: Callable[[int], Any],
    *,
    order: int = 100,
    description: str | Promise = "",
    more_url: str = "",
) -> Section:
    """Register (or replace, for the same key) a public section of the portal."""
    if not key or not key.replace("-", "").isalnum():
        raise ValueError(f"section key {key!r}: use letters, digits and dashes")
    section = Section(key, title, template, fetch, order, description, more_url)
    _REGISTRY[key] = section
    return section


def unregister_section(key: str) -> None:
    _REGISTRY.pop(key, None)


def sections() -> list[Section]:
    return sorted(_REGISTRY.values(), key=lambda s: (s.order, s.key))


def get_section(key: str) -> Section | None:
    return _REGISTRY.get(key)


def fetch_items(section: Section, limit: int) -> tuple[bool, Any]:
    """``(ok, items)``: the section's items, or ``(False, [])`` when its fetch raised."""
    try:
        return True, section.fetch(limit)
    except Exception:
        logger.exception("portal section %s failed", section.key)
        return False, []
