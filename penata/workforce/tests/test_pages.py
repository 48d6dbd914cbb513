"""Registry pages: who sees which rows (list, record, export, statistics), filters, sorting,
paging, constant query counts, the logged reveal of personal data, editing through the service,
and no inline script anywhere.

The tree used throughout::

    Dinas A (OPD)            ← Andi
      Bidang A1              ← Budi (the supervisor's own record)   ← the operator's unit
        Seksi A1a            ← Citra (the employee's own record)
    Dinas B (OPD)            ← Dewi (outside everyone's unit)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from penata.core.models import AuditEvent, User
from penata.core.tests.test_shell import INLINE_HANDLER_RE, SCRIPT_RE
from penata.workforce.models import (
    Employee,
    EmployeeStatus,
    EmploymentType,
    Gender,
    OrgUnitKind,
    PositionKind,
    RankHistory,
)
from penata.workforce.tests.factories import (
    EmployeeFactory,
    OrgUnitFactory,
    PositionFactory,
    all_ranks,
    education_level,
    pns_rank,
    pppk_grade,
)

LIST = reverse("workforce:employee_list")
EXPORT = reverse("workforce:employee_export")
DASHBOARD = reverse("workforce:dashboard")
ORG = reverse("workforce:org_unit_list")
ROW_RE = re.compile(r'data-testid="employee-row"')


def detail(e: Employee) -> str:
    return reverse("workforce:employee_detail", args=[e.pk])


def edit(e: Employee) -> str:
    return reverse("workforce:employee_edit", args=[e.pk])


def reveal(e: Employee) -> str:
    return reverse("workforce:employee_reveal", args=[e.pk])


def names_in(resp: Any) -> set[str]:
    assert resp.status_code == 200, resp.status_code
    return {e.name for e in resp.context["page"].object_list}


def ordered_names(resp: Any) -> list[str]:
    return [e.name for e in resp.context["page"].object_list]


@pytest.fixture
def tree(db: None) -> SimpleNamespace:
    dinas = OrgUnitFactory(name="Dinas A")
    bidang = OrgUnitFactory(parent=dinas, name="Bidang A1")
    seksi = OrgUnitFactory(parent=bidang, name="Seksi A1a", kind=OrgUnitKind.SEKSI)
    other = OrgUnitFactory(name="Dinas B")
    return SimpleNamespace(dinas=dinas, bidang=bidang, seksi=seksi, other=other)


@pytest.fixture
def people(tree: SimpleNamespace, users: dict[str, User]) -> SimpleNamespace:
    andi = EmployeeFactory(org_unit=tree.dinas, name="Andi")
    budi = EmployeeFactory(org_unit=tree.bidang, name="Budi")
    citra = EmployeeFactory(org_unit=tree.seksi, name="Citra")
    dewi = EmployeeFactory(org_unit=tree.other, name="Dewi")
    operator = users["opd_operator"]
    operator.org_unit = tree.bidang
    operator.save()
    supervisor = users["supervisor"]
    supervisor.employee = budi
    supervisor.save()
    employee = users["employee"]
    employee.employee = citra
    employee.save()
    return SimpleNamespace(andi=andi, budi=budi, citra=citra, dewi=dewi)


Clients = Callable[[str | None], Client]


# --- scope -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("bkpp", {"Andi", "Budi", "Citra", "Dewi"}),
        ("administrator", {"Andi", "Budi", "Citra", "Dewi"}),
        ("opd_operator", {"Budi", "Citra"}),
        ("supervisor", {"Budi", "Citra"}),
        ("employee", {"Citra"}),
    ],
)
def test_list_shows_only_the_scope(
    role: str, expected: set[str], people: SimpleNamespace, client_for: Clients
) -> None:
    resp = client_for(role).get(LIST)
    assert names_in(resp) == expected
    assert len(ROW_RE.findall(resp.content.decode())) == len(expected)


@pytest.mark.parametrize("role", ["researcher", "partner"])
def test_researchers_and_partners_are_refused(
    role: str, people: SimpleNamespace, client_for: Clients
) -> None:
    client = client_for(role)
    for url in [LIST, detail(people.citra), EXPORT, ORG, DASHBOARD, edit(people.citra)]:
        assert client.get(url).status_code == 403, url
    assert client.post(reveal(people.citra)).status_code == 403


def test_detail_outside_scope_is_404(people: SimpleNamespace, client_for: Clients) -> None:
    operator = client_for("opd_operator")
    assert operator.get(detail(people.citra)).status_code == 200
    assert operator.get(detail(people.andi)).status_code == 404  # above the operator's unit
    assert operator.get(detail(people.dewi)).status_code == 404
    supervisor = client_for("supervisor")
    assert supervisor.get(detail(people.citra)).status_code == 200
    assert supervisor.get(detail(people.dewi)).status_code == 404
    employee = client_for("employee")
    assert employee.get(detail(people.citra)).status_code == 200
    assert employee.get(detail(people.budi)).status_code == 404
    assert client_for("bkpp").get(detail(people.dewi)).status_code == 200


def test_unit_filter_offers_only_units_in_scope(
    people: SimpleNamespace, tree: SimpleNamespace, client_for: Clients
) -> None:
    operator = client_for("opd_operator")
    page = operator.get(LIST).content.decode()
    assert "Seksi A1a" in page and "Dinas B" not in page
    # A unit outside the scope is refused, not used to widen the scope.
    resp = operator.get(LIST, {"unit": tree.other.pk})
    assert names_in(resp) == set()
    assert "cakupan" in resp.content.decode()
    # The employee has no unit to choose: the select is not shown.
    assert 'name="unit"' not in client_for("employee").get(LIST).content.decode()


# --- filters, sorting, paging ----------------------------------------------------------------


def test_filters_narrow_the_list(
    people: SimpleNamespace, tree: SimpleNamespace, client_for: Clients
) -> None:
    s2 = education_level("s2")
    # Factory birth dates are random: pin everyone's retirement away from the year filtered on.
    Employee.objects.update(retirement_date=dt.date(2045, 1, 1))
    Employee.objects.filter(pk=people.andi.pk).update(
        rank=pns_rank("IV/a"), education=s2, retirement_date=dt.date(2031, 5, 1)
    )
    Employee.objects.filter(pk=people.dewi.pk).update(
        employment_type=EmploymentType.PPPK, rank=pppk_grade("IX"), status=EmployeeStatus.CUTI
    )
    jf = PositionFactory(
        org_unit=tree.seksi, kind=PositionKind.FUNGSIONAL, functional_level="ahli_muda"
    )
    Employee.objects.filter(pk=people.citra.pk).update(position=jf)
    client = client_for("bkpp")
    assert names_in(client.get(LIST, {"q": "bud"})) == {"Budi"}
    assert names_in(client.get(LIST, {"q": people.citra.nip[:10]})) == {"Citra"}
    assert names_in(client.get(LIST, {"unit": tree.bidang.pk})) == {"Budi", "Citra"}
    assert names_in(client.get(LIST, {"unit": tree.dinas.pk})) == {"Andi", "Budi", "Citra"}
    assert names_in(client.get(LIST, {"rank": pns_rank("IV/a").pk})) == {"Andi"}
    assert names_in(client.get(LIST, {"employment_type": "pppk"})) == {"Dewi"}
    assert names_in(client.get(LIST, {"education": s2.pk})) == {"Andi"}
    assert names_in(client.get(LIST, {"position_kind": "fungsional"})) == {"Citra"}
    assert names_in(client.get(LIST, {"status": "cuti"})) == {"Dewi"}
    assert names_in(client.get(LIST, {"retirement_year": 2031})) == {"Andi"}
    combined = client.get(LIST, {"unit": tree.dinas.pk, "employment_type": "pns", "q": "i"})
    assert names_in(combined) == {"Andi", "Budi", "Citra"}
    bad = client.get(LIST, {"retirement_year": "dua ribu"})
    assert names_in(bad) == set() and "invalid-feedback" in bad.content.decode()


def test_sorting_by_whitelisted_keys(people: SimpleNamespace, client_for: Clients) -> None:
    Employee.objects.filter(pk=people.andi.pk).update(rank=pns_rank("IV/a"))
    Employee.objects.filter(pk=people.dewi.pk).update(rank=pns_rank("II/a"))
    client = client_for("bkpp")
    assert ordered_names(client.get(LIST)) == ["Andi", "Budi", "Citra", "Dewi"]
    assert ordered_names(client.get(LIST, {"sort": "-name"})) == ["Dewi", "Citra", "Budi", "Andi"]
    by_rank = ordered_names(client.get(LIST, {"sort": "rank"}))
    assert by_rank[0] == "Dewi" and by_rank[-1] == "Andi"
    by_nip = ordered_names(client.get(LIST, {"sort": "-nip"}))
    nips = {e.name: e.nip for e in Employee.objects.all()}
    assert by_nip == sorted(nips, key=lambda n: nips[n], reverse=True)
    by_unit = ordered_names(client.get(LIST, {"sort": "unit"}))
    assert by_unit.index("Andi") < by_unit.index("Budi") < by_unit.index("Citra")
    # An unknown key is refused with a message instead of reaching order_by.
    resp = client.get(LIST, {"sort": "nik"})
    assert names_in(resp) == set() and "Urutan tidak dikenal" in resp.content.decode()


def test_paging_fifty_per_page(tree: SimpleNamespace, client_for: Clients) -> None:
    EmployeeFactory.create_batch(60, org_unit=tree.bidang)
    client = client_for("bkpp")
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 60
    assert "60 pegawai" in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert len(second.context["page"].object_list) == 10
    assert not set(names_in(first)) & set(names_in(second))


def _list_queries(client: Client, params: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(LIST, params or {})
    assert resp.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["bkpp", "opd_operator"])
def test_list_query_count_is_constant(
    role: str, tree: SimpleNamespace, users: dict[str, User], client_for: Clients
) -> None:
    users["opd_operator"].org_unit = tree.dinas
    users["opd_operator"].save()
    EmployeeFactory.create_batch(20, org_unit=tree.seksi)
    client = client_for(role)
    params = {"unit": tree.bidang.pk, "sort": "rank"}
    small, small_filtered = _list_queries(client), _list_queries(client, params)
    EmployeeFactory.create_batch(40, org_unit=tree.seksi)
    assert _list_queries(client) == small
    assert _list_queries(client, params) == small_filtered
    assert small <= 12


# --- export ----------------------------------------------------------------------------------


def _csv_rows(resp: Any) -> list[list[str]]:
    body = b"".join(resp.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_export_csv_is_scoped_and_has_no_personal_data(
    people: SimpleNamespace, client_for: Clients
) -> None:
    resp = client_for("opd_operator").get(EXPORT, {"fmt": "csv"})
    assert resp.status_code == 200
    assert 'filename="pegawai-' in resp["Content-Disposition"]
    rows = _csv_rows(resp)
    header = rows[0]
    assert header[:3] == ["NIP", "Nama lengkap", "Jenis kelamin"]
    assert "Tanggal pensiun" in header and "OPD" in header
    assert not {h.lower() for h in header} & {"nik", "telepon", "e-mail", "email"}
    assert sorted(r[1] for r in rows[1:]) == ["Budi", "Citra"]
    text = "\n".join(",".join(r) for r in rows)
    for e in (people.budi, people.citra):
        assert e.nik not in text and e.phone not in text and e.email not in text
    budi = next(r for r in rows if r[1] == "Budi")
    assert budi[0] == people.budi.nip and budi[header.index("OPD")] == "Dinas A"
    event = AuditEvent.objects.get(action="employee.export")
    assert event.after["rows"] == 2 and event.after["fmt"] == "csv"
    assert event.actor_label == "u_opd_operator"


def test_export_xlsx_uses_the_list_filter(
    people: SimpleNamespace, tree: SimpleNamespace, client_for: Clients
) -> None:
    EmployeeFactory(org_unit=tree.seksi, name="Eka", front_title="Dr.", back_title="S.T.")
    resp = client_for("bkpp").get(EXPORT, {"fmt": "xlsx", "unit": tree.bidang.pk, "sort": "-name"})
    assert resp.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][0] == "NIP" and len(rows[0]) == 14
    assert [r[1] for r in rows[1:]] == ["Dr. Eka, S.T.", "Citra", "Budi"]
    golongan = rows[0].index("Golongan")
    assert rows[1][golongan] == "III/a" and rows[1][rows[0].index("Pangkat")] == "Penata Muda"
    event = AuditEvent.objects.get(action="employee.export")
    assert event.after["filter"] == {"unit": tree.bidang.pk, "sort": "-name"}
    assert event.after["rows"] == 3 and event.after["fmt"] == "xlsx"


def test_export_neutralises_a_formula_name(tree: SimpleNamespace, client_for: Clients) -> None:
    EmployeeFactory(org_unit=tree.dinas, name="=1+1")
    EmployeeFactory(org_unit=tree.dinas, name="@SUM(A1)")
    rows = _csv_rows(client_for("bkpp").get(EXPORT, {"fmt": "csv"}))
    assert {r[1] for r in rows[1:]} == {"'=1+1", "'@SUM(A1)"}
    xlsx = client_for("bkpp").get(EXPORT, {"fmt": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = {ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)}
    assert values == {"'=1+1", "'@SUM(A1)"}


def test_export_bad_format_is_400(people: SimpleNamespace, client_for: Clients) -> None:
    resp = client_for("bkpp").get(EXPORT, {"fmt": "pdf"})
    assert resp.status_code == 400
    assert "Format ekspor tidak dikenal" in resp.content.decode()
    assert not AuditEvent.objects.filter(action="employee.export").exists()


def test_export_buttons_carry_the_query(people: SimpleNamespace, client_for: Clients) -> None:
    page = client_for("bkpp").get(LIST, {"q": "bud", "page": 1}).content.decode()
    assert f"{EXPORT}?q=bud&amp;fmt=xlsx" in page and f"{EXPORT}?q=bud&amp;fmt=csv" in page
    assert EXPORT not in client_for("employee").get(LIST).content.decode()


# --- record and personal data ----------------------------------------------------------------


def test_detail_shows_the_record_with_personal_data_masked(
    people: SimpleNamespace, client_for: Clients
) -> None:
    citra = people.citra
    resp = client_for("bkpp").get(detail(citra))
    page = resp.content.decode()
    assert citra.full_name in page and citra.nip in page
    assert citra.nik not in page and citra.phone not in page and citra.email not in page
    assert citra.nik[:4] + "********" + citra.nik[-4:] in page
    assert 'data-testid="reveal-button"' in page and 'data-testid="edit-button"' in page
    crumbs = page.split('data-testid="unit-path"', 1)[1].split("</ol>", 1)[0]
    assert crumbs.index("Dinas A") < crumbs.index("Bidang A1") < crumbs.index("Seksi A1a")
    # An employee sees their own record without the reveal or edit buttons.
    own = client_for("employee").get(detail(citra)).content.decode()
    assert 'data-testid="reveal-button"' not in own and 'data-testid="edit-button"' not in own
    assert citra.nik not in own


def test_detail_query_count_does_not_grow_with_history(
    people: SimpleNamespace, client_for: Clients
) -> None:
    client = client_for("bkpp")
    with CaptureQueriesContext(connection) as before:
        client.get(detail(people.budi))
    for code in ("III/b", "III/c", "III/d"):
        RankHistory.objects.create(employee=people.budi, rank=pns_rank(code))
    with CaptureQueriesContext(connection) as after:
        page = client.get(detail(people.budi)).content.decode()
    assert len(after.captured_queries) == len(before.captured_queries)
    assert "III/d" in page


def test_reveal_shows_full_data_and_logs_the_read(
    people: SimpleNamespace, client_for: Clients
) -> None:
    citra = people.citra
    resp = client_for("opd_operator").post(reveal(citra), HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert citra.nik in html and citra.phone in html and citra.email in html
    assert "<html" not in html  # the fragment only
    assert "no-store" in resp["Cache-Control"]
    event = AuditEvent.objects.get(action="personal_data.read")
    assert event.object_id == str(citra.pk) and event.actor_label == "u_opd_operator"
    # Without HTMX the whole record page comes back, revealed.
    full = client_for("bkpp").post(reveal(citra)).content.decode()
    assert "<html" in full and citra.nik in full
    assert AuditEvent.objects.filter(action="personal_data.read").count() == 2


def test_reveal_is_refused_outside_scope(people: SimpleNamespace, client_for: Clients) -> None:
    operator = client_for("opd_operator")
    assert operator.post(reveal(people.dewi)).status_code == 404
    assert operator.get(reveal(people.citra)).status_code == 405
    assert client_for("employee").post(reveal(people.citra)).status_code == 403
    assert client_for("supervisor").post(reveal(people.citra)).status_code == 403
    assert not AuditEvent.objects.filter(action="personal_data.read").exists()


# --- edit --------------------------------------------------------------------------------------


def _form_data(e: Employee, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "front_title": e.front_title,
        "name": e.name,
        "back_title": e.back_title,
        "gender": e.gender,
        "birth_place": e.birth_place,
        "birth_date": e.birth_date.isoformat(),
        "employment_type": e.employment_type,
        "rank": e.rank_id or "",
        "rank_tmt": e.rank_tmt.isoformat() if e.rank_tmt else "",
        "education": e.education_id or "",
        "major": e.major,
        "org_unit": e.org_unit_id,
        "position": e.position_id or "",
        "tmt_cpns": e.tmt_cpns.isoformat() if e.tmt_cpns else "",
        "status": e.status,
        "email": "",
        "phone": "",
        "nik": "",
    }
    data.update(changes)
    return data


def test_edit_form_does_not_show_personal_data(
    people: SimpleNamespace, client_for: Clients
) -> None:
    resp = client_for("bkpp").get(edit(people.citra))
    page = resp.content.decode()
    assert resp.status_code == 200
    assert people.citra.nik not in page and people.citra.phone not in page
    assert people.citra.nik[-4:] in page  # as the masked placeholder


def test_edit_changes_the_record_writes_history_and_audit(
    people: SimpleNamespace, client_for: Clients
) -> None:
    budi = people.budi
    new_rank = pns_rank("III/b")
    data = _form_data(budi, rank=new_rank.pk, rank_tmt="2025-04-01", major="Hukum")
    client = client_for("bkpp")
    resp = client.post(edit(budi), data)
    assert resp.status_code == 302 and resp["Location"] == detail(budi)
    budi.refresh_from_db()
    assert budi.rank_id == new_rank.pk and budi.major == "Hukum"
    assert budi.rank_tmt == dt.date(2025, 4, 1)
    assert budi.nik and budi.phone  # left empty in the form: unchanged
    history = RankHistory.objects.get(employee=budi)
    assert history.rank_id == new_rank.pk and history.tmt == dt.date(2025, 4, 1)
    event = AuditEvent.objects.get(action="employee.update", object_id=str(budi.pk))
    assert event.after["rank_id"] == new_rank.pk and event.before["major"] == "Administrasi Publik"
    page = client.get(detail(budi)).content.decode()
    assert "Data pegawai disimpan" in page and "III/b" in page


def test_edit_personal_data_can_be_replaced_and_cleared(
    people: SimpleNamespace, client_for: Clients
) -> None:
    citra = people.citra
    new_nik = "3374" + citra.nik[4:12] + "0777"
    data = _form_data(citra, nik=new_nik, phone="+62 812-3456-7890", clear_email="on")
    resp = client_for("opd_operator").post(edit(citra), data)
    assert resp.status_code == 302, resp.content.decode()
    citra.refresh_from_db()
    assert citra.nik == new_nik and citra.phone == "081234567890" and citra.email == ""


def test_edit_validation_messages_name_the_field(
    people: SimpleNamespace, client_for: Clients
) -> None:
    budi = people.budi
    before = Employee.objects.get(pk=budi.pk)
    client = client_for("bkpp")
    resp = client.post(edit(budi), _form_data(budi, nik="12345", phone="abc", name=""))
    assert resp.status_code == 200
    errors = resp.context["form"].errors
    assert "NIK" in errors["nik"][0] and "Telepon" in errors["phone"][0]
    assert "Nama wajib diisi" in errors["name"][0]
    # A PPPK grade for a PNS is refused with the fix.
    resp = client.post(edit(budi), _form_data(budi, rank=pppk_grade("IX").pk))
    assert "Golongan" in resp.context["form"].errors["rank"][0]
    # A NIK whose birth date disagrees with the record.
    other_nik = "337401" + "0101" + "80" + "0001"
    resp = client.post(edit(budi), _form_data(budi, nik=other_nik))
    assert "tanggal lahir" in resp.context["form"].errors["nik"][0]
    after = Employee.objects.get(pk=budi.pk)
    assert (after.nik, after.phone, after.name, after.rank_id) == (
        before.nik,
        before.phone,
        before.name,
        before.rank_id,
    )
    assert not AuditEvent.objects.filter(action="employee.update").exists()


def test_edit_refuses_moving_out_of_the_operators_scope(
    people: SimpleNamespace, tree: SimpleNamespace, client_for: Clients
) -> None:
    citra = people.citra
    operator = client_for("opd_operator")
    resp = operator.post(edit(citra), _form_data(citra, org_unit=tree.other.pk, position=""))
    assert resp.status_code in (200, 403)
    if resp.status_code == 200:
        assert "cakupan" in resp.context["form"].errors["org_unit"][0]
    citra.refresh_from_db()
    assert citra.org_unit_id == tree.seksi.pk
    # Within the scope the move is fine and lands in the position history.
    resp = operator.post(edit(citra), _form_data(citra, org_unit=tree.bidang.pk, position=""))
    assert resp.status_code == 302
    citra.refresh_from_db()
    assert citra.org_unit_id == tree.bidang.pk
    assert citra.position_history.filter(org_unit=tree.bidang).exists()


def test_edit_is_refused_outside_scope_and_to_viewers(
    people: SimpleNamespace, client_for: Clients
) -> None:
    operator = client_for("opd_operator")
    assert operator.get(edit(people.dewi)).status_code == 404
    assert operator.post(edit(people.dewi), _form_data(people.dewi)).status_code == 404
    assert client_for("supervisor").get(edit(people.citra)).status_code == 403
    assert client_for("talent_committee").get(edit(people.citra)).status_code == 403


def test_edit_choices_follow_employment_type_and_unit(
    people: SimpleNamespace, tree: SimpleNamespace, client_for: Clients
) -> None:
    budi = people.budi
    other_position = PositionFactory(org_unit=tree.other, name="Jabatan Dinas B")
    client = client_for("bkpp")
    page = client.get(edit(budi)).content.decode()
    assert "III/a Penata Muda" in page and "PPPK IX" not in page
    assert "Jabatan Dinas B" not in page
    refreshed = client.get(
        edit(budi),
        {"refresh": "1", "employment_type": "pppk", "org_unit": tree.other.pk},
        HTTP_HX_REQUEST="true",
    )
    fragment = refreshed.content.decode()
    assert 'id="dependent-fields"' in fragment and "<html" not in fragment
    assert "PPPK IX" in fragment and "III/a Penata Muda" not in fragment
    assert "Jabatan Dinas B" in fragment
    # The same rules hold on save: a position of another OPD is refused for this unit.
    resp = client.post(edit(budi), _form_data(budi, position=other_position.pk))
    assert "Jabatan itu tidak ada" in resp.context["form"].errors["position"][0]


# --- statistics --------------------------------------------------------------------------------


def _chart(html: str, key: str) -> dict[str, Any]:
    match = re.search(rf'<script id="chart-{key}" type="application/json">(.*?)</script>', html)
    assert match, key
    return json.loads(match.group(1))


def test_dashboard_numbers(tree: SimpleNamespace, client_for: Clients) -> None:
    today = timezone.localdate()
    born = dt.date(today.year - 40, 1, 1)  # 40 in every band computation this year
    for i in range(3):
        EmployeeFactory(
            org_unit=tree.bidang,
            gender=Gender.FEMALE if i == 0 else Gender.MALE,
            birth_date=born,
            rank=pns_rank("III/a"),
        )
    for _i in range(2):
        EmployeeFactory(
            org_unit=tree.seksi,
            employment_type=EmploymentType.PPPK,
            gender=Gender.FEMALE,
            birth_date=dt.date(today.year - 25, 1, 1),
            retirement_date=dt.date(today.year + 1, 6, 1),
        )
    EmployeeFactory(org_unit=tree.seksi, status=EmployeeStatus.PENSIUN)  # not counted
    resp = client_for("bkpp").get(DASHBOARD)
    assert resp.status_code == 200
    html = resp.content.decode()
    opd = _chart(html, "opd")
    assert opd["labels"] == ["Dinas A"]
    data = {d["label"]: d["data"] for d in opd["datasets"]}
    assert data["PNS"] == [3] and data["PPPK"] == [2] and data["PPPK paruh waktu"] == [0]
    rank = _chart(html, "rank")
    assert dict(zip(rank["labels"], rank["datasets"][0]["data"], strict=True)) == {
        "III/a": 3,
        "PPPK IX": 2,
    }
    age = _chart(html, "age")
    men, women = (dict(zip(age["labels"], d["data"], strict=True)) for d in age["datasets"])
    assert men["40–44"] == 2 and women["40–44"] == 1 and women["25–29"] == 2
    assert sum(men.values()) + sum(women.values()) == 5
    retire = _chart(html, "retire")
    assert retire["labels"][0] == str(today.year) and len(retire["labels"]) == 5
    assert retire["datasets"][0]["data"][1] == 2
    summary = resp.context["summary"]
    assert summary["total"] == 5 and summary["pns"] == 3 and summary["pppk"] == 2
    assert summary["female_share"] == 60.0 and summary["average_age"] == 34.0
    assert 'data-testid="table-opd"' in html and "<details" in html
    assert "chartjs/chart.umd.min.js" in html and "core/charts.js" in html


def test_dashboard_is_scoped_and_constant(
    people: SimpleNamespace, tree: SimpleNamespace, client_for: Clients
) -> None:
    resp = client_for("opd_operator").get(DASHBOARD)
    assert resp.context["summary"]["total"] == 2  # Budi and Citra
    assert client_for("talent_committee").get(DASHBOARD).context["summary"]["total"] == 4
    client = client_for("bkpp")
    with CaptureQueriesContext(connection) as small:
        client.get(DASHBOARD)
    for unit in (tree.bidang, tree.other, tree.seksi):
        EmployeeFactory.create_batch(5, org_unit=unit)
    with CaptureQueriesContext(connection) as big:
        assert client.get(DASHBOARD).context["summary"]["total"] == 19
    assert len(big.captured_queries) == len(small.captured_queries) <= 8
    assert client_for("employee").get(DASHBOARD).status_code == 403


def test_dashboard_empty_state(db: None, client_for: Clients) -> None:
    page = client_for("bkpp").get(DASHBOARD).content.decode()
    assert 'data-testid="empty-state"' in page


# --- org tree ----------------------------------------------------------------------------------


def test_org_tree_counts_without_per_row_queries(
    people: SimpleNamespace, tree: SimpleNamespace, client_for: Clients
) -> None:
    PositionFactory(org_unit=tree.bidang, formasi=3)
    client = client_for("employee")
    with CaptureQueriesContext(connection) as small:
        resp = client.get(ORG)
    html = resp.content.decode()
    assert resp.status_code == 200 and "<details" in html

    def counts(unit: Any) -> tuple[str, str]:
        m = re.search(
            rf'data-testid="unit-{unit.pk}" data-headcount="(\d+)" data-formasi="(\d+)"', html
        )
        assert m, unit
        return m.group(1), m.group(2)

    # Headcount and formasi include the units below; each employee holds a formasi-1 position.
    assert counts(tree.dinas) == ("3", "6")
    assert counts(tree.bidang) == ("2", "5")
    assert counts(tree.other) == ("1", "1")
    for _i in range(5):
        OrgUnitFactory(parent=tree.other)
    EmployeeFactory.create_batch(5, org_unit=tree.other)
    with CaptureQueriesContext(connection) as big:
        client.get(ORG)
    assert len(big.captured_queries) == len(small.captured_queries)
    # Only units in the viewer's scope link to the filtered list.
    assert f"{LIST}?unit=" not in html
    assert f"{LIST}?unit={tree.bidang.pk}" in client_for("opd_operator").get(ORG).content.decode()


# --- CSP ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["bkpp", "opd_operator"])
def test_pages_have_no_inline_scripts(
    role: str, people: SimpleNamespace, client_for: Clients
) -> None:
    client = client_for(role)
    urls = [LIST, detail(people.citra), edit(people.citra), DASHBOARD, ORG]
    for url in urls:
        resp = client.get(url)
        assert resp.status_code == 200, url
        html = resp.content.decode()
        for attrs, body in SCRIPT_RE.findall(html):
            assert "src=" in attrs or "application/json" in attrs, f"inline script on {url}"
            assert "src=" not in attrs or not body.strip()
        assert not INLINE_HANDLER_RE.search(html), f"inline handler on {url}"
        assert not re.search(r'\sstyle\s*=\s*"', html), f"inline style on {url}"
    fragment = client.post(reveal(people.citra), HTTP_HX_REQUEST="true").content.decode()
    assert "<script" not in fragment and not INLINE_HANDLER_RE.search(fragment)


# --- in the browser (phone-sized; CSP violations fail the test) --------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_charts_reveal_and_dependent_choices(page: Any, people: SimpleNamespace) -> None:
    from penata.conftest import browser_login

    # A transactional test before this one may have flushed the seeded regulation rows.
    all_ranks()
    browser_login(page, "u_opd_operator")
    page.wait_for_selector("text=Selamat datang")
    # The list: filters fold away on a phone and open with the button.
    page.goto(page.base_url + LIST)
    assert not page.is_visible("#f-status") and not page.is_visible("#id_status")
    page.click("button[data-bs-target='#employee-filters']")
    page.wait_for_selector("[data-testid=employee-filters] select[name=status]", state="visible")
    assert page.locator("[data-testid=employee-row]").count() == 2
    # The statistics: every chart is drawn from its JSON block.
    page.goto(page.base_url + DASHBOARD)
    page.wait_for_selector("canvas[data-chart='chart-retire'][data-drawn]")
    assert page.locator("canvas[data-drawn]").count() == 4
    box = page.locator("canvas[data-chart='chart-opd']").bounding_box()
    assert box is not None and box["height"] > 50 and box["width"] > 100
    # The record: the reveal swaps in the full data through HTMX (CSRF from the body header).
    citra = people.citra
    page.goto(page.base_url + detail(citra))
    assert citra.nik not in page.content()
    page.click("[data-testid=reveal-button]")
    page.wait_for_selector("[data-testid=revealed]")
    assert page.inner_text("[data-testid=nik]") == citra.nik
    assert page.url.endswith(detail(citra))
    assert AuditEvent.objects.filter(action="personal_data.read").count() == 1
    # The edit form: changing the employment type refreshes the golongan choices.
    page.goto(page.base_url + edit(citra))
    assert page.locator("#id_rank option", has_text="PPPK IX").count() == 0
    page.select_option("#id_employment_type", "pppk")
    page.wait_for_selector("#id_rank option:has-text('PPPK IX')", state="attached")
    assert page.locator("#id_rank option", has_text="III/a").count() == 0
