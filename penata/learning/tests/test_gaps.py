"""Competency gaps: the arithmetic cell by cell, the aggregates, their fixed query count, the
pages and downloads, and scoping."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.learning import gaps, rules, selectors
from penata.learning.models import Assessment
from penata.learning.tests.factories import (
    AssessmentFactory,
    CompetencyStandardFactory,
    TrainingProgramFactory,
    competency,
)
from penata.workforce.models import Employee, EmployeeStatus
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
DAY = dt.timedelta(days=1)


def _std(position: Any, **levels: int) -> None:
    for code, level in levels.items():
        CompetencyStandardFactory(position=position, competency=competency(code), level=level)


def _assess(emp: Employee, code: str, level: int, days_ago: int, **kw: Any) -> Assessment:
    return AssessmentFactory(
        employee=emp,
        competency=competency(code),
        level=level,
        assessed_on=TODAY - days_ago * DAY,
        **kw,
    )


@pytest.fixture
def person() -> Employee:
    """One employee with six competencies in the standard, one case each."""
    emp = EmployeeFactory()
    _std(
        emp.position,
        literasi_digital=3,  # no assessment at all -> gap 3
        analisis_data=2,  # assessed 4 -> over-achievement, gap 0
        keamanan_informasi=4,  # latest expired (4), earlier valid (2) -> gap 2
        pengelolaan_spbe=3,  # latest revoked (3), earlier (1) -> gap 2
        kearsipan=3,  # future-dated (5) ignored, past (2) -> gap 1
        manajemen_asn=4,  # two entries the same day: 2 then 3 -> the later entry counts, gap 1
    )
    _assess(emp, "analisis_data", 4, 10)
    _assess(emp, "keamanan_informasi", 2, 400)
    _assess(emp, "keamanan_informasi", 4, 200, valid_until=TODAY - DAY)
    _assess(emp, "pengelolaan_spbe", 1, 300)
    _assess(emp, "pengelolaan_spbe", 3, 5, revoked=True)
    _assess(emp, "kearsipan", 2, 50)
    _assess(emp, "kearsipan", 5, -10)
    _assess(emp, "manajemen_asn", 2, 20)
    _assess(emp, "manajemen_asn", 3, 20)
    return emp


EXPECTED = {
    "literasi_digital": (3, None, 3),
    "analisis_data": (2, 4, 0),
    "keamanan_informasi": (4, 2, 2),
    "pengelolaan_spbe": (3, 1, 2),
    "kearsipan": (3, 2, 1),
    "manajemen_asn": (4, 3, 1),
}


def test_gap_arithmetic_cell_by_cell(person: Employee) -> None:
    profile = {
        r["competency"].code: (r["required"], r["assessed"], r["gap"])
        for r in gaps.employee_profile(person, TODAY)
    }
    assert profile == EXPECTED
    # The shared selector and the set-based summary agree with the profile.
    ids = {code: competency(code).pk for code in EXPECTED}
    shared = selectors.employee_gaps(Employee.objects.filter(pk=person.pk), TODAY)[person.pk]
    assert {code: shared[pk] for code, pk in ids.items()} == EXPECTED
    levels = gaps.current_levels(TODAY, Employee.objects.filter(pk=person.pk))
    assert {code: levels.get((person.pk, pk)) for code, pk in ids.items()} == {
        code: v[1] for code, v in EXPECTED.items()
    }
    summary = gaps.gap_summary(Employee.objects.all(), TODAY)
    assert summary.by_employee[person.pk] == (9, 5, 6)
    opd = person.org_unit.opd_id or person.org_unit_id
    assert summary.cells[(opd, ids["literasi_digital"])].assessed == 0
    assert summary.cells[(opd, ids["analisis_data"])].with_gap == 0
    assert summary.cells[(opd, ids["keamanan_informasi"])].gap_sum == 2


def test_the_day_decides_validity(person: Employee) -> None:
    """Before the expiry the expired assessment still counted; the future one counts once its
    date has come."""
    before_expiry = {
        r["competency"].code: r["assessed"] for r in gaps.employee_profile(person, TODAY - 2 * DAY)
    }
    assert before_expiry["keamanan_informasi"] == 4
    later = {
        r["competency"].code: r["assessed"] for r in gaps.employee_profile(person, TODAY + 11 * DAY)
    }
    assert later["kearsipan"] == 5


def test_retired_employees_do_not_count(person: Employee) -> None:
    Employee.objects.filter(pk=person.pk).update(status=EmployeeStatus.PENSIUN)
    summary = gaps.gap_summary(Employee.objects.all(), TODAY)
    assert summary.by_employee == {} and summary.cells == {}


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 5),  # level
            st.integers(-5, 40),  # days ago (negative: future)
            st.booleans(),  # revoked
            st.one_of(st.none(), st.integers(-5, 40)),  # valid until (days ago)
        ),
        max_size=6,
    )
)
def test_current_level_matches_the_pure_rule(rows: list[tuple[int, int, bool, int | None]]) -> None:
    emp = EmployeeFactory()
    comp = competency("literasi_digital")
    items = []
    for level, ago, revoked, until in rows:
        on = TODAY - ago * DAY
        valid = TODAY - until * DAY if until is not None else None
        if valid is not None and valid < on:
            valid = on
        a = Assessment.objects.create(
            employee=emp,
            competency=comp,
            level=level,
            source="supervisor",
            assessed_on=on,
            valid_until=valid,
            revoked=revoked,
        )
        items.append(rules.Assessed("c", level, on, valid, revoked, a.pk))
    expected = rules.latest_valid(items, TODAY).get("c")
    got = gaps.current_levels(TODAY, Employee.objects.filter(pk=emp.pk)).get((emp.pk, comp.pk))
    assert got == expected


def _city(n_per_opd: int) -> list[Employee]:
    out = []
    for i in range(2):
        opd = OrgUnitFactory(name=f"Dinas Kesenjangan {i}-{n_per_opd}")
        bidang = OrgUnitFactory(parent=opd)
        pos = PositionFactory(org_unit=bidang, family="Analis")
        _std(pos, literasi_digital=3, analisis_data=2)
        for j in range(n_per_opd):
            emp = EmployeeFactory(org_unit=bidang, position=pos)
            if j % 2:
                _assess(emp, "literasi_digital", 2, 10)
            out.append(emp)
    return out


def _report_queries() -> int:
    with CaptureQueriesContext(connection) as ctx:
        summary = gaps.gap_summary(Employee.objects.all(), TODAY)
        gaps.heat_map(summary)
        gaps.competency_ranking(summary)
        gaps.training_needs(summary)
    return len(ctx.captured_queries)


def test_heat_map_and_tna_query_count_does_not_grow(django_assert_max_num_queries: Any) -> None:
    TrainingProgramFactory(competencies={"literasi_digital": 3}, cost_per_participant=500_000)
    _city(2)
    small = _report_queries()
    _city(15)
    assert _report_queries() == small
    with django_assert_max_num_queries(6):
        summary = gaps.gap_summary(Employee.objects.all(), TODAY)
        gaps.training_needs(summary)


def test_heat_map_values_and_tna_cost() -> None:
    TrainingProgramFactory(
        title="Literasi Digital Dasar",
        competencies={"literasi_digital": 3},
        cost_per_participant=900_000,
    )
    TrainingProgramFactory(
        title="Literasi Digital Daring",
        competencies={"literasi_digital": 2},
        cost_per_participant=250_000,
    )
    TrainingProgramFactory(
        title="Nonaktif",
        competencies={"literasi_digital": 3},
        cost_per_participant=1,
        is_active=False,
    )
    staff = _city(2)  # per OPD: 2 people; one assessed 2 on literasi_digital (gap 1), one not (3)
    summary = gaps.gap_summary(Employee.objects.all(), TODAY)
    heat = gaps.heat_map(summary)
    assert len(heat["rows"]) == 2
    lit = competency("literasi_digital")
    col = [c.pk for c in heat["columns"]].index(lit.pk)
    cell = heat["rows"][0]["cells"][col]
    assert cell["mean"] == 2.0 and cell["agg"].assessed == 1 and cell["agg"].percent_gap == 100
    assert cell["css"] == "bg-danger-subtle"
    ranking = gaps.competency_ranking(summary)
    assert ranking[0]["competency"] == lit and ranking[0]["agg"].gap_sum == 8
    tna = gaps.training_needs(summary)
    row = next(r for r in tna["rows"] if r["competency"] == lit)
    assert row["people"] == 4 and row["points"] == 8
    assert [p["title"] for p in row["programs"]] == [
        "Literasi Digital Daring",
        "Literasi Digital Dasar",
    ]
    assert row["cost"] == 4 * 250_000
    ad = next(r for r in tna["rows"] if r["competency"].code == "analisis_data")
    assert ad["cost"] is None and ad["competency"] in tna["uncovered"]
    top = gaps.employee_ranking(summary)
    assert top[0]["gap_sum"] == 5 and top[0]["employee"] in staff


def test_pages_query_count_and_downloads(
    client_for: Any, django_assert_max_num_queries: Any
) -> None:
    import openpyxl

    TrainingProgramFactory(competencies={"literasi_digital": 3})
    _city(10)
    client = client_for("bkpp")
    with django_assert_max_num_queries(25):
        resp = client.get(reverse("learning:gaps_heatmap"))
    assert resp.status_code == 200 and 'data-testid="gap-heatmap"' in resp.content.decode()
    with django_assert_max_num_queries(25):
        resp = client.get(reverse("learning:gaps_tna"))
    assert "Literasi Digital" in resp.content.decode()
    resp = client.get(reverse("learning:gaps_people"))
    assert resp.status_code == 200 and 'data-testid="gap-people"' in resp.content.decode()
    xlsx = client.get(reverse("learning:gaps_tna_xlsx"))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["Ringkasan", "Per kompetensi", "Per OPD"]
    rows = list(wb["Per kompetensi"].iter_rows(values_only=True))
    assert rows[0][0] == "Kode kompetensi" and rows[1][0] == "literasi_digital"
    pdf = client.get(reverse("learning:gaps_tna_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_operator_sees_only_their_units(client_for: Any, users: dict[str, Any]) -> None:
    staff = _city(2)
    mine, other = staff[0].org_unit.parent, staff[-1].org_unit.parent
    users["opd_operator"].org_unit = mine
    users["opd_operator"].save()
    page = client_for("opd_operator").get(reverse("learning:gaps_heatmap")).content.decode()
    assert mine.name in page and other.name not in page
    tna = gaps.training_needs(gaps.gap_summary(gaps.needs_scope(users["opd_operator"]), TODAY))
    assert tna["total_people"] == 2 * 2  # two people, two competencies each with a gap
    # A policy-team member sees aggregates of the whole city but no person-level list.
    assert client_for("policy_team").get(reverse("learning:gaps_heatmap")).status_code == 200
    assert client_for("policy_team").get(reverse("learning:gaps_people")).status_code == 403


def test_radar_on_employee_page(client_for: Any, person: Employee) -> None:
    user = UserFactory(role=Role.EMPLOYEE, employee=person)
    from django.test import Client

    c = Client()
    c.force_login(user)
    page = c.get(reverse("workforce:employee_detail", args=[person.pk])).content.decode()
    assert 'data-testid="competency-radar"' in page
    assert f"competency-radar-{person.pk}" in page and "learning/gaps.js" in page
    # Someone who may not see the employee never reaches the panel.
    assert client_for("employee").get(
        reverse("workforce:employee_detail", args=[person.pk])
    ).status_code in (403, 404)


def test_api_gaps(client_for: Any, person: Employee, users: dict[str, Any]) -> None:
    resp = client_for("bkpp").get(f"/api/v1/learning/employees/{person.pk}/gaps")
    assert resp.status_code == 200
    body = resp.json()
    assert body["total_gap"] == 9
    assert {g["competency_code"]: g["gap"] for g in body["gaps"]} == {
        k: v[2] for k, v in EXPECTED.items()
    }
    assert (
        client_for("employee").get(f"/api/v1/learning/employees/{person.pk}/gaps").status_code
        == 404
    )
    agg = client_for("policy_team").get("/api/v1/learning/gaps/opd").json()
    assert sum(r["gap_sum"] for r in agg) == 9
    assert client_for("employee").get("/api/v1/learning/gaps/opd").status_code == 403
    std = client_for("employee").get(f"/api/v1/learning/standards?position_id={person.position_id}")
    assert len(std.json()) == 6
    comps = client_for("employee").get("/api/v1/learning/competencies").json()
    assert any(c["code"] == "integritas" and len(c["levels"]) == 5 for c in comps)
