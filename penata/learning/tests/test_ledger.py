"""The 20 JP ledger pages: my JP, the share per OPD, the at-risk list (scoping, year boundary,
caps, what a person could still take, fixed query counts, export)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from penata.core.models import User
from penata.learning import ledger, rules, services
from penata.learning.models import (
    Enrolment,
    EnrolmentStatus,
    LedgerEntry,
    LedgerSource,
    SessionStatus,
)
from penata.learning.tests.factories import (
    AssessmentFactory,
    CompetencyStandardFactory,
    EnrolmentFactory,
    TrainingProgramFactory,
    TrainingSessionFactory,
    activity_type,
    competency,
)
from penata.workforce.models import Employee, EmployeeStatus
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger, "today", lambda: TODAY)


_SOURCE_IDS = itertools.count(1)


def add_jp(employee: Employee, jp: int, on: dt.date, type_code: str = "pelatihan") -> LedgerEntry:
    n = next(_SOURCE_IDS)
    return LedgerEntry.objects.create(
        employee=employee,
        year=on.year,
        completed_on=on,
        jp=jp,
        activity_type=activity_type(type_code),
        source=LedgerSource.PRACTICE,
        source_id=n,
        title=f"Kegiatan {n}",
    )


def login(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def link(user: User, employee: Employee | None = None, unit: Any = None) -> User:
    user.employee = employee
    if unit is not None:
        user.org_unit = unit
    user.save()
    return user


# --- the year boundary and caps ------------------------------------------------------------


def test_activity_completed_on_2_january_counts_in_the_new_year(users: dict[str, User]) -> None:
    emp = EmployeeFactory()
    session = TrainingSessionFactory(
        program=TrainingProgramFactory(jp=24),
        starts_on=dt.date(2025, 12, 29),
        ends_on=dt.date(2026, 1, 2),
    )
    bkpp = users["bkpp"]
    e = services.enrolment_nominate(actor=bkpp, session=session, employee=emp)
    e = services.enrolment_approve(actor=bkpp, enrolment=e)
    services.attendance_record(actor=bkpp, enrolment=e, day=dt.date(2025, 12, 29))
    e.refresh_from_db()
    services.enrolment_complete(actor=bkpp, enrolment=e, score=80, completed_on=dt.date(2026, 1, 2))
    assert ledger.person_ledger(emp, 2026)["counted"] == 24
    assert ledger.person_ledger(emp, 2025)["counted"] == 0
    stats26 = ledger.opd_stats(Employee.objects.all(), 2026)
    stats25 = ledger.opd_stats(Employee.objects.all(), 2025)
    assert stats26["total"].met == 1 and stats25["total"].met == 0
    ids25, _ = ledger.at_risk_ids(Employee.objects.all(), 2025)
    ids26, _ = ledger.at_risk_ids(Employee.objects.all(), 2026)
    assert [r[0] for r in ids25] == [emp.pk] and ids26 == []
    link(users["employee"], emp)
    page = login(users["employee"]).get(reverse("learning:ledger_own") + "?tahun=2026")
    assert page.status_code == 200
    assert page.context["ledger"]["counted"] == 24
    history = {h.year: h.counted for h in page.context["ledger"]["history"]}
    assert 2025 not in history
    page25 = login(users["employee"]).get(reverse("learning:ledger_own") + "?tahun=2025")
    assert page25.context["ledger"]["counted"] == 0
    assert {h.year for h in page25.context["ledger"]["history"]} == {2026}


def test_caps_per_activity_type_apply_everywhere(users: dict[str, User]) -> None:
    emp = EmployeeFactory()
    for _ in range(3):
        add_jp(emp, 6, dt.date(2026, 3, 1), "seminar")  # capped at 10 a year
    add_jp(emp, 8, dt.date(2026, 4, 1), "e_learning")
    data = ledger.person_ledger(emp, 2026)
    assert (data["raw_jp"], data["counted"], data["shortfall"]) == (26, 18, 2)
    assert data["per_mode"] == {"klasikal": 10, "nonklasikal": 8}
    assert data["capped"][0]["cap"] == 10
    assert ledger.counted_by_type(2026)[emp.pk][activity_type("seminar").pk] == 10
    stats = ledger.opd_stats(Employee.objects.all(), 2026)
    assert stats["total"].met == 0 and stats["total"].mean_jp == 18
    rows, target = ledger.at_risk_ids(Employee.objects.all(), 2026)
    assert rows == [(emp.pk, 18, 2)] and target == 20
    link(users["employee"], emp)
    html = login(users["employee"]).get(reverse("learning:ledger_own")).content.decode()
    assert 'data-testid="capped"' in html


def test_target_comes_from_settings() -> None:
    from penata.learning.models import LearningSettings

    emp = EmployeeFactory()
    add_jp(emp, 20, dt.date(2026, 2, 1))
    assert ledger.at_risk_ids(Employee.objects.all(), 2026)[0] == []
    LearningSettings.objects.filter(pk=1).update(jp_target=24)
    assert ledger.at_risk_ids(Employee.objects.all(), 2026)[0] == [(emp.pk, 20, 4)]


NEW_YEAR = dt.date(2026, 1, 1)
TYPES = ("pelatihan", "seminar", "coaching", "e_learning", "praktik_baik")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=1),  # which employee
            st.integers(min_value=-20, max_value=20),  # days from New Year
            st.integers(min_value=1, max_value=12),  # JP
            st.sampled_from(TYPES),
        ),
        max_size=12,
    )
)
def test_ledger_matches_the_rule_across_new_year(
    two: list[Employee], items: list[tuple[int, int, int, str]]
) -> None:
    """Whatever activities complete around New Year, every read counts what
    :func:`rules.counted_jp` counts: the year of completion, each type capped."""
    LedgerEntry.objects.all().delete()
    caps = {code: activity_type(code).max_jp_per_year for code in TYPES}
    per_person: dict[int, list[rules.LedgerItem]] = {0: [], 1: []}
    for who, days, jp, code in items:
        on = NEW_YEAR + dt.timedelta(days=days)
        add_jp(two[who], jp, on, code)
        per_person[who].append(rules.LedgerItem(jp, code, on))
    for year in (2025, 2026):
        expected = [rules.counted_jp(per_person[i], year, caps) for i in (0, 1)]
        assert [ledger.person_ledger(e, year)["counted"] for e in two] == expected
        counted = {k: sum(v.values()) for k, v in ledger.counted_by_type(year).items()}
        assert [counted.get(e.pk, 0) for e in two] == expected
        stats = ledger.opd_stats(Employee.objects.filter(pk__in=[e.pk for e in two]), year)
        assert stats["total"].met == sum(x >= 20 for x in expected)
        assert stats["total"].total_counted == sum(expected)
        rows, _t = ledger.at_risk_ids(Employee.objects.filter(pk__in=[e.pk for e in two]), year)
        assert sorted(r[1] for r in rows) == sorted(x for x in expected if x < 20)


@pytest.fixture
def two() -> list[Employee]:
    return [EmployeeFactory(), EmployeeFactory()]


# --- what a person could still take --------------------------------------------------------


def test_suggestions_skip_overlaps_and_rank_by_gap_then_jp() -> None:
    emp = EmployeeFactory()
    comp = competency("literasi_digital")
    CompetencyStandardFactory(position=emp.position, competency=comp, level=4)
    AssessmentFactory(employee=emp, competency=comp, level=2, assessed_on=dt.date(2026, 1, 5))
    july = dt.date(2026, 7, 1)
    fits = TrainingSessionFactory(
        program=TrainingProgramFactory(jp=12, competencies={"literasi_digital": 3}),
        starts_on=july,
        ends_on=july + dt.timedelta(days=2),
    )
    bigger = TrainingSessionFactory(
        program=TrainingProgramFactory(jp=40), starts_on=dt.date(2026, 8, 3)
    )
    busy = TrainingSessionFactory(starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 9, 5))
    clash = TrainingSessionFactory(starts_on=dt.date(2026, 9, 4), ends_on=dt.date(2026, 9, 8))
    TrainingSessionFactory(starts_on=dt.date(2027, 1, 10))  # ends next year: counts then
    TrainingSessionFactory(starts_on=dt.date(2026, 5, 1))  # already started
    TrainingSessionFactory(starts_on=dt.date(2026, 10, 1), status=SessionStatus.CLOSED)
    full = TrainingSessionFactory(starts_on=dt.date(2026, 10, 5), capacity=1)
    EnrolmentFactory(session=full, status=EnrolmentStatus.APPROVED)
    EnrolmentFactory(session=busy, employee=emp, status=EnrolmentStatus.APPROVED)
    out = ledger.suggestions_for(
        Employee.objects.filter(pk=emp.pk),
        year=2026,
        on=TODAY,
        shortfalls={emp.pk: 20},
        limit=None,
    )[emp.pk]
    assert [s.session for s in out] == [fits, bigger]
    assert out[0].gap_closed == 1 and out[0].jp_covered == 12
    assert out[1].gap_closed == 0 and out[1].jp_covered == 20
    assert clash not in [s.session for s in out]


def test_own_page_lists_open_sessions_and_registers(users: dict[str, User]) -> None:
    emp = EmployeeFactory()
    link(users["employee"], emp)
    session = TrainingSessionFactory(starts_on=dt.date(2026, 7, 1))
    client = login(users["employee"])
    page = client.get(reverse("learning:ledger_own"))
    assert [s.session for s in page.context["suggestions"]] == [session]
    assert f'data-testid="register-{session.pk}"' in page.content.decode()
    resp = client.post(reverse("learning:ledger_register", args=[session.pk]), follow=True)
    assert resp.status_code == 200
    e = Enrolment.objects.get()
    assert (e.employee, e.status, e.origin) == (emp, EnrolmentStatus.REGISTERED, "self")
    assert client.get(reverse("learning:ledger_own")).context["suggestions"] == []
    again = client.post(reverse("learning:ledger_register", args=[session.pk]), follow=True)
    assert "sudah terdaftar" in again.content.decode()


def test_own_page_without_employee_record(users: dict[str, User]) -> None:
    page = login(users["bkpp"]).get(reverse("learning:ledger_own"))
    assert page.status_code == 200
    assert 'data-testid="empty-state"' in page.content.decode()


def test_employee_ledger_is_scoped(users: dict[str, User]) -> None:
    dinas = OrgUnitFactory()
    other = OrgUnitFactory()
    mine = EmployeeFactory(org_unit=dinas)
    theirs = EmployeeFactory(org_unit=other)
    operator = link(users["opd_operator"], unit=dinas)
    client = login(operator)
    assert client.get(reverse("learning:ledger_employee", args=[mine.pk])).status_code == 200
    assert client.get(reverse("learning:ledger_employee", args=[theirs.pk])).status_code == 404
    assert (
        login(users["bkpp"]).get(reverse("learning:ledger_employee", args=[theirs.pk])).status_code
        == 200
    )


# --- panels ----------------------------------------------------------------------------------


def test_panel_on_employee_page_and_dashboard(users: dict[str, User]) -> None:
    emp = EmployeeFactory()
    add_jp(emp, 8, dt.date(2026, 2, 1))
    bkpp = login(users["bkpp"])
    html = bkpp.get(reverse("workforce:employee_detail", args=[emp.pk])).content.decode()
    assert 'data-testid="jp-panel"' in html and 'data-testid="jp-counted">8<' in html
    link(users["employee"], emp)
    dash = login(users["employee"]).get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="jp-panel"' in dash
    assert 'data-testid="jp-panel"' not in bkpp.get(reverse("core:dashboard")).content.decode()
    researcher = login(users["researcher"]).get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="jp-panel"' not in researcher


# --- per OPD and at risk -------------------------------------------------------------------


def _two_opds() -> tuple[Any, Any, list[Employee], list[Employee]]:
    a = OrgUnitFactory(name="Dinas A")
    b = OrgUnitFactory(name="Dinas B")
    bidang = OrgUnitFactory(parent=a, name="Bidang A1")
    staff_a = [EmployeeFactory(org_unit=bidang if i % 2 else a) for i in range(4)]
    staff_b = [EmployeeFactory(org_unit=b) for _ in range(2)]
    add_jp(staff_a[0], 24, dt.date(2026, 3, 1))
    add_jp(staff_a[1], 12, dt.date(2026, 3, 1), "e_learning")
    add_jp(staff_a[2], 4, dt.date(2026, 3, 1))
    add_jp(staff_b[0], 30, dt.date(2026, 3, 1))
    EmployeeFactory(org_unit=a, status=EmployeeStatus.PENSIUN)  # not counted
    return a, b, staff_a, staff_b


def test_opd_stats_share_and_scope(users: dict[str, User]) -> None:
    a, _b, _staff_a, _staff_b = _two_opds()
    stats = ledger.opd_stats(Employee.objects.all(), 2026)
    by_name = {r.name: r for r in stats["rows"]}
    assert (by_name["Dinas A"].active, by_name["Dinas A"].met) == (4, 1)
    assert by_name["Dinas A"].share_met == 25.0 and by_name["Dinas A"].mean_jp == 10.0
    assert by_name["Dinas B"].share_met == 50.0
    assert stats["total"].active == 6 and stats["total"].met == 2
    assert by_name["Dinas A"].share_nonklasikal == 30.0  # 12 of 40
    operator = link(users["opd_operator"], unit=a)
    page = login(operator).get(reverse("learning:ledger_opd") + "?tahun=2026")
    assert page.status_code == 200
    assert [r.name for r in page.context["rows"]] == ["Dinas A"]
    assert page.context["chart"]["datasets"][0]["data"] == [25.0]
    policy = login(users["policy_team"]).get(reverse("learning:ledger_opd"))
    assert {r.name for r in policy.context["rows"]} >= {"Dinas A", "Dinas B"}
    assert 'data-testid="at-risk"' not in policy.content.decode()


def test_at_risk_list_scope_filters_and_suggestions(users: dict[str, User]) -> None:
    a, b, staff_a, staff_b = _two_opds()
    session = TrainingSessionFactory(
        program=TrainingProgramFactory(jp=16), starts_on=dt.date(2026, 9, 1)
    )
    operator = link(users["opd_operator"], unit=a)
    client = login(operator)
    page = client.get(reverse("learning:ledger_at_risk"))
    rows = page.context["rows"]
    assert [r.employee for r in rows] == [staff_a[3], staff_a[2], staff_a[1]]
    assert [r.shortfall for r in rows] == [20, 16, 8]
    assert all([s.session for s in r.suggestions] == [session] for r in rows)
    assert rows[0].suggestions[0].jp_covered == 16
    EnrolmentFactory(
        session=TrainingSessionFactory(program=TrainingProgramFactory(jp=9)),
        employee=staff_a[2],
        status=EnrolmentStatus.APPROVED,
    )
    again = client.get(reverse("learning:ledger_at_risk")).context["rows"]
    assert [r.planned for r in again] == [0, 9, 0]
    assert [o.name for o in page.context["opds"]] == ["Dinas A"]
    # the shortfall filter, and an OPD outside the scope is ignored
    page = client.get(reverse("learning:ledger_at_risk") + f"?kekurangan=10&opd={b.pk}")
    assert [r.employee for r in page.context["rows"]] == [staff_a[3], staff_a[2]]
    hr = login(users["bkpp"]).get(reverse("learning:ledger_at_risk") + f"?opd={b.pk}")
    assert [r.employee for r in hr.context["rows"]] == [staff_b[1]]
    # a past year shows no suggestions
    old = client.get(reverse("learning:ledger_at_risk") + "?tahun=2025")
    assert len(old.context["rows"]) == 4 and not any(r.suggestions for r in old.context["rows"])


def test_at_risk_export_csv_and_xlsx(users: dict[str, User]) -> None:
    a, _b, staff_a, _staff_b = _two_opds()
    TrainingSessionFactory(program=TrainingProgramFactory(title="Literasi Data"))
    client = login(link(users["opd_operator"], unit=a))
    resp = client.get(reverse("learning:ledger_at_risk_export") + "?fmt=csv")
    assert resp.status_code == 200
    text = b"".join(resp.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:3] == ["NIP", "Nama", "OPD"]
    assert len(table) == 4
    assert table[1][0] == staff_a[3].nip and table[1][7] == "20"
    assert "Literasi Data" in table[1][9]
    xlsx = client.get(reverse("learning:ledger_at_risk_export") + "?fmt=xlsx")
    assert xlsx.status_code == 200
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]
    assert client.get(reverse("learning:ledger_at_risk_export") + "?fmt=pdf").status_code == 400


def test_at_risk_denied_to_roles_without_training_needs(users: dict[str, User]) -> None:
    for role in ("employee", "supervisor", "policy_team"):
        assert login(users[role]).get(reverse("learning:ledger_at_risk")).status_code == 403


# --- fixed query counts ----------------------------------------------------------------------


def _people(n: int, unit: Any) -> list[Employee]:
    comp = competency("analisis_data")
    people = []
    for i in range(n):
        e = EmployeeFactory(org_unit=unit)
        CompetencyStandardFactory(position=e.position, competency=comp, level=3)
        AssessmentFactory(employee=e, competency=comp, level=1 + i % 3)
        add_jp(e, 4 + i % 10, dt.date(2026, 2, 1), "seminar")
        add_jp(e, 2, dt.date(2026, 2, 2), "e_learning")
        people.append(e)
    return people


def test_reads_take_a_fixed_number_of_queries(
    users: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    unit = OrgUnitFactory()
    for i in range(4):
        TrainingSessionFactory(
            program=TrainingProgramFactory(competencies={"analisis_data": 3}),
            starts_on=dt.date(2026, 7, 1) + dt.timedelta(days=10 * i),
        )
    bkpp = login(users["bkpp"])
    counts = []
    for n in (3, 12):
        _people(n, unit)
        with django_assert_max_num_queries(40) as ctx:
            page = bkpp.get(reverse("learning:ledger_at_risk"))
        assert page.status_code == 200
        counts.append(len(ctx.captured_queries))
        with django_assert_max_num_queries(25):
            assert bkpp.get(reverse("learning:ledger_opd")).status_code == 200
        with django_assert_max_num_queries(40):
            bkpp.get(reverse("learning:ledger_at_risk_export") + "?fmt=csv")
        with django_assert_max_num_queries(14):
            ledger.at_risk_rows(
                ledger.at_risk_ids(Employee.objects.all(), 2026)[0], year=2026, on=TODAY
            )
    assert counts[0] == counts[1]
    assert all(len(r.suggestions) == 3 for r in page.context["rows"])


def test_own_page_and_panels_take_a_fixed_number_of_queries(
    users: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    emp = EmployeeFactory()
    link(users["employee"], emp)
    client = login(users["employee"])
    counts = []
    for n in (1, 6):
        for i in range(n):
            add_jp(emp, 3, dt.date(2026 - i % 3, 2, 1), ("seminar", "e_learning")[i % 2])
            TrainingSessionFactory(
                program=TrainingProgramFactory(competencies={"literasi_digital": 2}),
                starts_on=dt.date(2026, 7, 1) + dt.timedelta(days=7 * i),
            )
        with django_assert_max_num_queries(30) as ctx:
            assert client.get(reverse("learning:ledger_own")).status_code == 200
        counts.append(len(ctx.captured_queries))
        with django_assert_max_num_queries(15):
            assert client.get(reverse("core:dashboard")).status_code == 200
    assert counts[0] == counts[1]


def test_settings_and_caps_are_edited_in_the_admin_with_audit(users: dict[str, User]) -> None:
    from penata.core.models import AuditEvent

    admin = login(users["administrator"])
    assert admin.get("/admin/learning/learningsettings/1/change/").status_code == 200
    seminar = activity_type("seminar")
    assert admin.get(f"/admin/learning/activitytype/{seminar.pk}/change/").status_code == 200
    resp = admin.post(
        "/admin/learning/learningsettings/1/change/",
        {
            "jp_target": 24,
            "default_pass_score": 70,
            "raise_level_on_pass": "on",
            "assessment_valid_years": 3,
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert ledger.selectors.jp_target() == 24
    event = AuditEvent.objects.get(action="learning_settings.change")
    assert event.before["jp_target"] == 20 and event.after["jp_target"] == 24
