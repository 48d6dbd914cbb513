"""The 20 JP progress panel: ``{% jp_panel employee %}`` on the employee record and
``{% jp_dashboard_panel %}`` on the dashboard of a user with an employee record.

Three queries each (the year's entries, the caps, the target), whatever else the page shows.
"""

from __future__ import annotations

from typing import Any

from django import template

from penata.core.access import has_perm
from penata.core.roles import Perm
from penata.learning import ledger, selectors
from penata.workforce.models import Employee

register = template.Library()


def _viewer(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) if request is not None else context.get("user")


@register.inclusion_tag("learning/_jp_panel.html", takes_context=True)
def jp_panel(context: template.Context, employee: Employee) -> dict[str, Any]:
    """This year's JP progress of an employee the page already shows (the page did the
    scoping), with a link to the whole ledger."""
    user = _viewer(context)
    if employee is None or not has_perm(user, Perm.LEARNING_OWN):
        return {"show": False}
    year = ledger.today().year
    return {
        "show": True,
        "employee": employee,
        "ledger": selectors.ledger_for(employee, year),
        "year": year,
        "own": getattr(user, "employee_id", None) == employee.pk,
    }


@register.inclusion_tag("learning/_jp_panel.html", takes_context=True)
def jp_dashboard_panel(context: template.Context) -> dict[str, Any]:
    """The signed-in ASN's own JP progress this year (nothing for accounts without an employee
    record)."""
    user = _viewer(context)
    employee_id = getattr(user, "employee_id", None)
    if not employee_id or not has_perm(user, Perm.LEARNING_OWN):
        return {"show": False}
    employee = Employee.objects.filter(pk=employee_id).only("pk").first()
    if employee is None:
        return {"show": False}
    year = ledger.today().year
    return {
        "show": True,
        "employee": employee,
        "ledger": selectors.ledger_for(employee, year),
        "year": year,
        "own": True,
        "dashboard": True,
    }
