from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from penata.portal.rules import SuppressedTable

register = template.Library()


@register.simple_tag
def cell(value: int | None, k: int) -> str:
    """A published count, or ``<k`` (with a title saying why) for a hidden one."""
    if value is None:
        return format_html(
            '<span class="text-muted" title="{}" data-suppressed="1">&lt;{}</span>',
            "disembunyikan: kelompok kecil",
            k,
        )
    return format_html("{}", f"{value:,}".replace(",", "."))


@register.filter
def table_rows(t: SuppressedTable) -> list[dict[str, Any]]:
    return [
        {"label": label, "cells": t.cells[i], "total": t.row_totals[i]}
        for i, label in enumerate(t.rows)
    ]
