"""Template filters of the training pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    """An integer amount in Rupiah as ``Rp 1.500.000`` (no decimals: money is whole Rupiah)."""
    if value is None or value == "":
        return "-"
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


@register.filter
def status_badge(status: str) -> str:
    """Bootstrap colour of an enrolment or certificate status."""
    return {
        "nominated": "secondary",
        "registered": "secondary",
        "submitted": "secondary",
        "approved": "primary",
        "attended": "info",
        "completed": "success",
        "verified": "success",
        "rejected": "danger",
        "cancelled": "dark",
        "not_completed": "warning",
    }.get(status, "secondary")
