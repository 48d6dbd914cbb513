"""``{% competency_radar employee %}``: the competency panel of the employee page — a radar
chart of the required level against the assessed level per competency of the standard of the
employee's position, with the table of gaps. Shown to the employee themself and to anyone who
may see that employee (:func:`penata.workforce.selectors.employees_visible_to`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from penata.learning.gaps import employee_profile
from penata.workforce.models import Employee
from penata.workforce.selectors import employees_visible_to

register = template.Library()


@register.inclusion_tag("learning/gaps_radar.html", takes_context=True)
def competency_radar(context: dict[str, Any], employee: Employee) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    own = getattr(user, "employee_id", None) == employee.pk
    if not own and not employees_visible_to(user).filter(pk=employee.pk).exists():
        return {"hidden": True, "rows": []}
    on = timezone.localdate()
    rows = employee_profile(employee, on)
    chart = {
        "kind": "radar",
        "labels": [r["competency"].name for r in rows],
        "datasets": [
            {"label": _("Level dipersyaratkan"), "data": [r["required"] for r in rows]},
            {"label": _("Level asesmen"), "data": [r["assessed"] or 0 for r in rows]},
        ],
    }
    return {
        "rows": rows,
        "on": on,
        "chart": chart,
        "chart_id": f"competency-radar-{employee.pk}",
        "total_gap": sum(r["gap"] for r in rows),
    }
