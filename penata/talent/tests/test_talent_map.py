"""The talent map: computed set-based per period, scoped pages and API, history."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from penata.core.models import AuditEvent, TaskProgress
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.talent import services
from penata.talent.models import TalentBox, TalentMapRun
from penata.talent.tasks import talent_map_task
from penata.talent.tests.factories import final_appraisal, period, potential
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

# (predikat, potential score) → expected box, every cell of the table once (cut-offs 85/70).
CASES = [
    ("sangat_baik", 90, 9),
    ("baik", 88, 8),
    ("sangat_baik", 75, 7),
    ("butuh_perbaikan", 85, 6),
    ("baik", 70, 5),
    ("sangat_baik", 50, 4),
    ("kurang", 80, 3),
    ("baik", 69.99, 2),
    ("sangat_kurang", 10, 1),
]


@pytest.fixture
def world() -> dict[str, Any]:
    dinas_a = OrgUnitFactory(name="Dinas A")
    dinas_b = OrgUnitFactory(name="Dinas B")
    per = period(2025)
    people = []
    for i, (pred, score, box) in enumerate(CASES):
        unit = dinas_a if i % 2 == 0 else dinas_b
        e = EmployeeFactory(org_unit=unit, name=f"Pegawai {box}")
        final_appraisal(e, per, pred)
        potential(e, score)
        people.append((e, box))
    # Not final, or without potential: not mapped.
    e_draft = EmployeeFactory(org_unit=dinas_a)
    final_appraisal(e_draft, per, "baik", status="rated")
    potential(e_draft, 90)
    e_nopot = EmployeeFactory(org_unit=dinas_a)
    final_appraisal(e_nopot, per, "baik")
    return {"a": dinas_a, "b": dinas_b, "period": per, "people": people}


def test_compute_every_cell_set_based(
    world: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(25):
        counts = services.talent_map_compute(period_id=world["period"].pk, slices=3)
    assert counts == {b: 1 for b in range(1, 10)}
    got = dict(TalentBox.objects.values_list("employee_id", "box"))
    for e, box in world["people"]:
        assert got[e.pk] == box
    tb = TalentBox.objects.get(box=7)
    assert tb.performance_level == "di_atas" and tb.potential_level == "menengah"
    assert tb.opd_id == world["a"].pk
    ev = AuditEvent.objects.get(action="talent_map.compute")
    assert ev.after["missing_potential"] == 1 and ev.after["total"] == 9
    # recomputation replaces, never duplicates
    services.talent_map_compute(period_id=world["period"].pk)
    assert TalentBox.objects.count() == 9


def test_task_runs_with_progress(world: dict[str, Any]) -> None:
    bkpp = UserFactory(role=Role.BKPP)
    run = services.talent_map_start(actor=bkpp, period=world["period"])
    talent_map_task.call(run.pk)
    run.refresh_from_db()
    assert run.status == TalentMapRun.Status.DONE and run.total == 9
    assert run.counts == {str(b): 1 for b in range(1, 10)}
    prog = TaskProgress.objects.get(pk=run.progress_id)
    assert prog.status == TaskProgress.Status.SUCCEEDED


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_map_page_grid_counts_link_and_filters(world: dict[str, Any]) -> None:
    services.talent_map_compute(period_id=world["period"].pk)
    c = _client(UserFactory(role=Role.TALENT_COMMITTEE))
    resp = c.get(reverse("talent:map"))
    html = resp.content.decode()
    assert resp.status_code == 200 and 'data-testid="nine-box"' in html
    assert re.search(r"9 pegawai dipetakan; 3 \(33[.,]3%\)", html)
    resp = c.get(reverse("talent:map"), {"opd": world["b"].pk})
    assert "4 pegawai dipetakan" in resp.content.decode()
    resp = c.get(reverse("talent:box_people"), {"box": 9, "period": world["period"].pk})
    assert "Pegawai 9" in resp.content.decode() and "Pegawai 8" not in resp.content.decode()
    resp = c.get(reverse("talent:box_people"), {"pool": 1})
    body = resp.content.decode()
    assert all(f"Pegawai {b}" in body for b in (7, 8, 9)) and "Pegawai 6" not in body
    xlsx = c.get(reverse("talent:box_people_export"), {"pool": 1})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_operator_sees_only_own_units(world: dict[str, Any]) -> None:
    services.talent_map_compute(period_id=world["period"].pk)
    op = UserFactory(role=Role.OPD_OPERATOR, org_unit=world["a"])
    body = _client(op).get(reverse("talent:map")).content.decode()
    assert "5 pegawai dipetakan" in body
    other = next(e for e, b in world["people"] if e.org_unit_id == world["b"].pk)
    resp = _client(op).get(reverse("talent:employee_history", args=[other.pk]))
    assert resp.status_code == 404


def test_employee_sees_only_own_box(world: dict[str, Any]) -> None:
    services.talent_map_compute(period_id=world["period"].pk)
    me, my_box = world["people"][0]
    other, _b = world["people"][1]
    user = UserFactory(role=Role.EMPLOYEE, employee=me)
    c = _client(user)
    body = c.get(reverse("talent:my_box")).content.decode()
    assert 'data-testid="history-row"' in body and me.name in body
    assert c.get(reverse("talent:employee_history", args=[other.pk])).status_code == 404
    assert c.get(reverse("talent:map")).status_code == 403
    api = c.get(f"/api/v1/talent/employees/{other.pk}/boxes")
    assert api.status_code == 404
    mine = c.get(f"/api/v1/talent/employees/{me.pk}/boxes")
    assert [r["box"] for r in json.loads(mine.content)] == [my_box]


def test_api_map_and_pool(world: dict[str, Any]) -> None:
    services.talent_map_compute(period_id=world["period"].pk)
    c = _client(UserFactory(role=Role.BKPP))
    data = c.get(f"/api/v1/talent/periods/{world['period'].pk}/map").json()
    assert data["total"] == 9 and data["pool"] == 3 and data["boxes"][0]["box"] == 9
    pool = c.get(f"/api/v1/talent/periods/{world['period'].pk}/boxes", {"pool": True}).json()
    assert sorted(r["box"] for r in pool["items"]) == [7, 8, 9]


def test_people_page_query_count(world: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    services.talent_map_compute(period_id=world["period"].pk)
    for _ in range(30):
        e = EmployeeFactory(org_unit=world["a"])
        final_appraisal(e, world["period"], "sangat_baik")
        potential(e, 95)
    services.talent_map_compute(period_id=world["period"].pk)
    c = _client(UserFactory(role=Role.BKPP))
    with django_assert_max_num_queries(15):
        resp = c.get(reverse("talent:box_people"), {"box": 9})
    assert resp.content.decode().count('data-testid="box-person"') == 31


def test_settings_page_validates_and_audits() -> None:
    c = _client(UserFactory(role=Role.BKPP))
    resp = c.post(
        reverse("talent:settings"),
        {
            "weight_competency": "50",
            "weight_potential_test": "30",
            "weight_track_record": "30",
            "cut_high": "85",
            "cut_mid": "70",
        },
    )
    assert "jumlahnya harus 100" in resp.content.decode()
    resp = c.post(
        reverse("talent:settings"),
        {
            "weight_competency": "40",
            "weight_potential_test": "40",
            "weight_track_record": "20",
            "cut_high": "90",
            "cut_mid": "78",
        },
    )
    assert resp.status_code == 302
    ev = AuditEvent.objects.get(action="talent_settings.update")
    assert ev.before["cut_high"] == "85.00" and ev.after["cut_high"] == "90"
