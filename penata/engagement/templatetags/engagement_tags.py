"""``{% engagement_dashboard_panel %}``: the targeted announcements and open surveys on the
dashboard; ``get_item`` for dict lookups in templates."""

from __future__ import annotations

from typing import Any

from django import template

from penata.engagement import selectors

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.inclusion_tag("engagement/_dashboard_panel.html", takes_context=True)
def engagement_dashboard_panel(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "announcements": list(selectors.announcements_for(user)[:3]),
        "waves": selectors.open_waves_for(user),
    }
