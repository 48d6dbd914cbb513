"""The registry API: scoped exactly like the pages, filters, paging, no personal data in clear."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from penata.core.models import User
from penata.core.services import api_token_create
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory, pns_rank


@pytest.fixture
def world(users: dict[str, User]) -> dict[str, Any]:
    dinas = OrgUnitFactory(name="Dinas A")
    bidang = OrgUnitFactory(name="Bidang A1", parent=dinas)
    other = OrgUnitFactory(name="Dinas B")
    boss = EmployeeFactory(org_unit=dinas, name="Kepala A")
    staff = EmployeeFactory(org_unit=bidang, name="Staf A1", rank=pns_rank("III/c"))
    outsider = EmployeeFactory(org_unit=other, name="Orang B")
    users["opd_operator"].org_unit = dinas
    users["opd_operator"].save()
    users["supervisor"].employee = boss
    users["supervisor"].save()
    users["employee"].employee = staff
    users["employee"].save()
    return {
        "dinas": dinas,
        "bidang": bidang,
        "other": other,
        "boss": boss,
        "staff": staff,
        "outsider": outsider,
    }


def api(user: User) -> tuple[Client, dict[str, str]]:
    _t, raw = api_token_create(user=user, name="uji")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def names(user: User, **params: Any) -> set[str]:
    client, headers = api(user)
    resp = client.get("/api/v1/employees", params, **headers)
    assert resp.status_code == 200, resp.content
    return {e["name"] for e in resp.json()["items"]}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("administrator", {"Kepala A", "Staf A1", "Orang B"}),
        ("bkpp", {"Kepala A", "Staf A1", "Orang B"}),
        ("talent_committee", {"Kepala A", "Staf A1", "Orang B"}),
        ("opd_operator", {"Kepala A", "Staf A1"}),
        ("supervisor", {"Kepala A", "Staf A1"}),
        ("employee", {"Staf A1"}),
        ("policy_team", set()),
    ],
)
def test_employee_list_scope(
    world: dict[str, Any], users: dict[str, User], role: str, expected: set[str]
) -> None:
    assert names(users[role]) == expected


@pytest.mark.parametrize("role", ["researcher", "partner"])
def test_outsiders_get_403(world: dict[str, Any], users: dict[str, User], role: str) -> None:
    client, headers = api(users[role])
    assert client.get("/api/v1/employees", **headers).status_code == 403
    assert client.get(f"/api/v1/employees/{world['staff'].pk}", **headers).status_code == 403


def test_detail_outside_scope_is_404(world: dict[str, Any], users: dict[str, User]) -> None:
    client, headers = api(users["employee"])
    assert client.get(f"/api/v1/employees/{world['staff'].pk}", **headers).status_code == 200
    resp = client.get(f"/api/v1/employees/{world['boss'].pk}", **headers)
    assert resp.status_code == 404 and resp.json()["code"] == "not_found"
    client, headers = api(users["opd_operator"])
    assert client.get(f"/api/v1/employees/{world['outsider'].pk}", **headers).status_code == 404


def test_detail_masks_personal_data(world: dict[str, Any], users: dict[str, User]) -> None:
    client, headers = api(users["bkpp"])
    body = client.get(f"/api/v1/employees/{world['staff'].pk}", **headers).json()
    staff = world["staff"]
    assert body["nik_masked"] != staff.nik and "*" in body["nik_masked"]
    assert (
        staff.nik not in str(body) and staff.phone not in str(body) and staff.email not in str(body)
    )


def test_filters_and_sort(world: dict[str, Any], users: dict[str, User]) -> None:
    bkpp = users["bkpp"]
    assert names(bkpp, unit=world["dinas"].pk) == {"Kepala A", "Staf A1"}
    assert names(bkpp, unit=world["bidang"].pk) == {"Staf A1"}
    assert names(bkpp, rank="III/c") == {"Staf A1"}
    assert names(bkpp, q="orang") == {"Orang B"}
    assert names(bkpp, q=world["outsider"].nip[:8]) >= {"Orang B"}
    client, headers = api(bkpp)
    items = client.get("/api/v1/employees", {"sort": "-name"}, **headers).json()["items"]
    assert [e["name"] for e in items] == ["Staf A1", "Orang B", "Kepala A"]
    assert client.get("/api/v1/employees", {"sort": "salary"}, **headers).status_code == 422


def test_paging(world: dict[str, Any], users: dict[str, User]) -> None:
    client, headers = api(users["bkpp"])
    body = client.get("/api/v1/employees", {"limit": 2, "offset": 0}, **headers).json()
    assert body["count"] == 3 and len(body["items"]) == 2


def test_reference_endpoints(world: dict[str, Any], users: dict[str, User]) -> None:
    client, headers = api(users["employee"])
    ranks = client.get("/api/v1/ranks", **headers).json()
    assert {"III/a", "IV/e", "XVII"} <= {r["code"] for r in ranks}
    units = client.get("/api/v1/org-units", {"parent": world["dinas"].pk}, **headers).json()
    assert [u["name"] for u in units["items"]] == ["Bidang A1"]
    positions = client.get("/api/v1/positions", {"unit": world["bidang"].pk}, **headers).json()
    assert positions["count"] == 1


def test_list_query_count_is_constant(
    world: dict[str, Any], users: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    client, headers = api(users["bkpp"])
    client.get("/api/v1/employees", **headers)
    for _ in range(30):
        EmployeeFactory(org_unit=world["bidang"])
    with django_assert_max_num_queries(6):
        resp = client.get("/api/v1/employees", {"limit": 100}, **headers)
    assert resp.json()["count"] == 33
