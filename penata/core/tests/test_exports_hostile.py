"""Every export neutralises spreadsheet formulas; numbers stay numbers.

Three layers: the writers of :mod:`penata.core.exports` cell by cell, a guard that no other
module writes CSV/XLSX by itself, and every export endpoint downloaded from a demo data set
whose names were poisoned with ``=cmd|' /C calc'!A0``.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import Client
from django.urls import reverse

from penata.core import exports

MALICIOUS = "=cmd|' /C calc'!A0"
HOSTILE = [MALICIOUS, "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(1)"]
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def _dangerous(value: Any) -> bool:
    """A text cell a spreadsheet would run: starts with a formula lead and is not a number."""
    return (
        isinstance(value, str)
        and value.startswith(exports.FORMULA_PREFIXES)
        and not PLAIN_NUMBER.match(value)
    )


# --- the writers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_write_table_neutralises_and_keeps_numbers(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"t.{fmt}"
    rows = [[v, -5, Decimal("-5.50"), "-5", 3.25] for v in HOSTILE]
    exports.write_table(path, ["teks", "a", "b", "c", "d"], rows, fmt=fmt)
    cells = _read(path.read_bytes(), fmt)
    body = cells[1:]
    assert [r[0] for r in body] == ["'" + v for v in HOSTILE]
    if fmt == "xlsx":
        assert all(r[1] == -5 and r[2] == -5.5 and r[4] == 3.25 for r in body)
    else:
        assert all(r[1] == "-5" and r[2] == "-5.5" for r in body)
    assert all(r[3] == "-5" for r in body)  # a plain number written as text stays as it is


def test_xlsx_bytes_and_csv_text_neutralise() -> None:
    data = exports.xlsx_bytes(
        [("Satu", ["=kepala", "Nilai (Rp)"], [[v, -1000] for v in HOSTILE])],
        money=lambda h: "Rp" in h,
    )
    rows = _read(data, "xlsx")
    assert rows[0][0] == "'=kepala"
    assert [r[0] for r in rows[1:]] == ["'" + v for v in HOSTILE]
    assert all(r[1] == -1000 for r in rows[1:])
    text = exports.csv_text(["a"], [[v] for v in HOSTILE])
    assert not any(_dangerous(r[0]) for r in csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_no_module_writes_csv_or_xlsx_by_itself() -> None:
    """Every writer goes through core.exports, so every export is neutralised."""
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"csv\.writer\(|csv\.DictWriter\(|xlsxwriter\.Workbook\(|Workbook\(\)")
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in rel or "/migrations/" in rel or rel == "core/exports.py":
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert offenders == [], f"write CSV/XLSX with penata.core.exports: {offenders}"


# --- every export endpoint -----------------------------------------------------------------------


def _read(content: bytes, fmt: str) -> list[list[Any]]:
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        out: list[list[Any]] = []
        for ws in wb.worksheets:
            for r in ws.iter_rows(values_only=True):
                # xlsxwriter escapes a carriage return as _x000D_; Excel reads it back as \r
                out.append([v.replace("_x000D_", "\r") if isinstance(v, str) else v for v in r])
        return out
    return [list(r) for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))]


def _poison() -> None:
    """Prefix names that exports show with the malicious formula (uniqueness kept)."""
    from penata.forum.models import Practice
    from penata.funding.models import BudgetLine, Partner
    from penata.learning.models import Competency, TrainingProgram
    from penata.workforce.models import Employee, OrgUnit, Position

    prefix = Value(MALICIOUS + " ")
    for model, field in [
        (Employee, "name"),
        (OrgUnit, "name"),
        (Position, "name"),
        (Competency, "name"),
        (TrainingProgram, "name"),
        (BudgetLine, "name"),
        (Partner, "name"),
        (Practice, "title"),
    ]:
        try:
            model._meta.get_field(field)
        except Exception:
            continue
        model.objects.update(**{field: Concat(prefix, F(field))})


def _first_pk(model_path: str) -> int | None:
    from django.apps import apps

    obj = apps.get_model(model_path).objects.order_by("pk").first()
    return obj.pk if obj else None


# (url name, model whose first pk is the argument or None, query variants)
EXPORTS: list[tuple[str, str | None, list[dict[str, str]]]] = [
    ("workforce:employee_export", None, [{"fmt": "csv"}, {"fmt": "xlsx"}]),
    ("workforce:roster_template", None, [{}]),
    ("forum:practice_export", None, [{"format": "csv"}, {}]),
    ("engagement:readiness_export", None, [{"fmt": "csv"}, {"fmt": "xlsx"}]),
    ("engagement:attendance_export", None, [{"fmt": "csv"}, {"fmt": "xlsx"}]),
    ("engagement:hotspots_export", None, [{"fmt": "csv"}, {"fmt": "xlsx"}]),
    ("funding:report_xlsx", None, [{}]),
    ("learning:ledger_at_risk_export", None, [{"fmt": "csv"}, {"fmt": "xlsx"}]),
    ("learning:gaps_tna_xlsx", None, [{}]),
    ("learning:allocation_export", "learning.AllocationRun", [{"fmt": "csv"}, {"fmt": "xlsx"}]),
    ("learning:assessment_import_template", None, [{}]),
    ("planning:export_xlsx", None, [{}]),
    ("planning:proposal_xlsx", "planning.Proposal", [{}]),
    ("talent:box_people_export", None, [{}]),
    ("talent:vacancy_xlsx", "talent.Vacancy", [{}]),
    ("talent:regular_promotion_xlsx", None, [{}]),
    ("talent:potential_import_template", None, [{}]),
]


@pytest.fixture
def poisoned(db: None) -> Client:
    from penata.core.models import User

    call_command("seed-demo", employees=40, seed=5, verbosity=0)
    _poison()
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    return client


def test_every_export_endpoint_neutralises_a_seeded_formula(poisoned: Client) -> None:
    problems: list[str] = []
    downloaded = carried = 0
    for url_name, model, variants in EXPORTS:
        args = []
        if model is not None:
            pk = _first_pk(model)
            if pk is None:
                continue
            args = [pk]
        for query in variants:
            response = poisoned.get(reverse(url_name, args=args), query)
            if response.status_code != 200:
                problems.append(f"{url_name} {query}: HTTP {response.status_code}")
                continue
            content = (
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
                if response.streaming
                else response.content
            )
            fmt = "xlsx" if content.startswith(b"PK") else "csv"
            rows = _read(content, fmt)
            downloaded += 1
            for row in rows:
                for value in row:
                    if _dangerous(value):
                        problems.append(f"{url_name} {query}: formula cell {value!r}")
            if any(isinstance(v, str) and v.startswith("'" + MALICIOUS) for r in rows for v in r):
                carried += 1
    assert not problems, "\n".join(problems[:20])
    assert downloaded >= 20
    assert carried >= 10  # the poisoned names reached most exports, neutralised
