"""The synthetic workforce of ``penata seed-demo`` (penata.workforce.demo)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time
from collections import Counter

import pytest
from django.core.management import call_command

from penata.core.demo import DEMO_PASSWORD, DEMO_USERS
from penata.core.models import User
from penata.core.roles import Role
from penata.workforce import demo, rules
from penata.workforce.models import (
    Employee,
    EmploymentType,
    OrgUnit,
    OrgUnitKind,
    Position,
    PositionHistory,
    PositionKind,
    RankHistory,
)
from penata.workforce.services import bup_table, retirement_date_for

TODAY = dt.date(2026, 6, 15)
SIZE = 300

pytestmark = pytest.mark.django_db


def seed(n: int = SIZE, seed: int = 7, **kw: object) -> demo.SeedResult:
    return demo.seed_demo(employees=n, seed=seed, today=TODAY, **kw)  # type: ignore[arg-type]


def snapshot() -> list[tuple[object, ...]]:
    """Every generated row by natural keys (no database ids)."""
    rows = Employee.objects.select_related("org_unit", "position", "rank", "education")
    people = [
        (
            e.nip,
            e.name,
            e.front_title,
            e.back_title,
            e.gender,
            e.birth_place,
            e.birth_date,
            e.employment_type,
            e.rank.code if e.rank else None,
            e.rank_tmt,
            e.education.code if e.education else None,
            e.major,
            e.position.name if e.position else None,
            e.position.functional_level if e.position else None,
            e.org_unit.code,
            e.tmt_cpns,
            e.status,
            e.retirement_date,
            e.email,
            e.phone,
            e.nik,
        )
        for e in rows.order_by("nip")
    ]
    positions = sorted(
        Position.objects.values_list(
            "org_unit__code", "name", "functional_level", "kind", "class_grade", "formasi"
        )
    )
    ranks = sorted(RankHistory.objects.values_list("employee__nip", "rank__code", "tmt"))
    posts = sorted(
        PositionHistory.objects.values_list(
            "employee__nip", "position_name", "org_unit__code", "tmt"
        )
    )
    return [*people, *positions, *ranks, *posts]


def digest(rows: list[tuple[object, ...]]) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def clear_workforce() -> None:
    User.objects.update(employee=None, org_unit=None)
    PositionHistory.objects.all().delete()
    RankHistory.objects.all().delete()
    Employee.objects.all().delete()
    Position.objects.all().delete()


# --- determinism ---------------------------------------------------------------------------------


def test_same_seed_gives_the_same_workforce() -> None:
    seed()
    first = snapshot()
    assert len({r[0] for r in first[:SIZE]}) == SIZE
    clear_workforce()
    seed()
    assert digest(snapshot()) == digest(first)


def test_generation_in_memory_is_deterministic_and_seed_dependent() -> None:
    demo.load_org_units()

    def run(s: int) -> list[tuple[object, ...]]:
        _gen, people = demo.generate(employees=SIZE, seed=s, today=TODAY)
        return [
            (p.employee.nip, p.employee.name, p.employee.nik, p.position_key[1:]) for p in people
        ]

    assert run(11) == run(11)
    assert {r[0] for r in run(11)} != {r[0] for r in run(12)}


# --- identity numbers ----------------------------------------------------------------------------


def test_every_nip_and_nik_is_valid_and_agrees_with_the_record() -> None:
    seed(600)
    employees = list(Employee.objects.all())
    assert len(employees) == 600
    niks = Counter(e.nik for e in employees)
    assert niks.most_common(1)[0][1] == 1, "NIK must be unique"
    for e in employees:
        info = rules.parse_nip(e.nip, e.employment_type, today=TODAY)
        problems = rules.check_nip_agreement(
            info, birth_date=e.birth_date, gender=e.gender, tmt_cpns=e.tmt_cpns
        )
        assert problems == [], (e.nip, [p.code for p in problems])
        if e.employment_type == EmploymentType.PNS:
            assert e.tmt_cpns is not None
            assert info.tmt_cpns == e.tmt_cpns.replace(day=1)
            assert e.tmt_cpns <= TODAY
            assert e.tmt_cpns >= e.birth_date.replace(year=e.birth_date.year + 18, day=1)
        else:
            assert e.tmt_cpns is None
            codes = {"21", "22"} if e.employment_type == EmploymentType.PPPK else {"24", "25"}
            assert info.contract_code in codes
            if e.rank_tmt is not None:
                assert info.tmt_year == e.rank_tmt.year
            # the PPPK form must not pass as a PNS NIP by accident of a valid month
            assert info.nip[12:14] in codes
        nik = rules.parse_nik(e.nik, today=TODAY)
        assert nik.is_kota_semarang
        assert nik.birth_date == e.birth_date
        assert str(nik.gender) == e.gender
        assert e.email.endswith("@semarangkota.go.id")
        assert e.phone.startswith("08") and 10 <= len(e.phone) <= 13 and e.phone.isdigit()


@pytest.mark.parametrize(
    ("seed_value", "today"),
    [(1, dt.date(2024, 3, 1)), (2, dt.date(2025, 6, 30)), (3, dt.date(2027, 12, 31))],
)
def test_identity_rules_hold_for_other_seeds_and_dates(seed_value: int, today: dt.date) -> None:
    """In memory, without writing: NIP, NIK, TMT and BUP rules for several seeds and dates."""
    demo.load_org_units()
    gen, people = demo.generate(employees=800, seed=seed_value, today=today)
    assert len({p.employee.nip for p in people}) == 800
    for p in people:
        e = p.employee
        info = rules.parse_nip(e.nip, e.employment_type, today=today)
        assert not rules.check_nip_agreement(
            info, birth_date=e.birth_date, gender=e.gender, tmt_cpns=e.tmt_cpns
        )
        nik = rules.parse_nik(e.nik, today=today)
        assert (nik.birth_date, str(nik.gender)) == (e.birth_date, e.gender)
        assert e.retirement_date is not None and e.retirement_date > today
        for tmt in (e.tmt_cpns, e.rank_tmt, p.position_tmt):
            assert tmt is None or e.birth_date < tmt <= today
        if e.rank is not None and e.employment_type == EmploymentType.PNS:
            assert e.rank.order <= e.education.pns_cap_rank.order
    assert gen.positions


# --- ranks, education, retirement ----------------------------------------------------------------


def test_ranks_follow_education_and_tenure_and_retirement_follows_bup() -> None:
    seed(600)
    table = bup_table()
    employees = Employee.objects.select_related(
        "rank",
        "education__pns_entry_rank",
        "education__pns_cap_rank",
        "education__pppk_entry_grade",
        "position",
    )
    history = Counter(RankHistory.objects.values_list("employee_id", flat=True))
    for e in employees:
        edu = e.education
        assert edu is not None
        if e.employment_type == EmploymentType.PNS:
            assert e.rank is not None and e.rank.kind == "pns"
            assert edu.pns_entry_rank.order <= e.rank.order <= edu.pns_cap_rank.order, (
                e.nip,
                e.rank.code,
                edu.code,
            )
            assert not rules.exceeds_education_cap(e.rank.code, edu.code)
            # about one step per four years of service, never faster
            years = (TODAY - e.tmt_cpns).days / 365.25
            assert e.rank.order - edu.pns_entry_rank.order <= years / 4 + 1
            assert e.rank_tmt is not None and e.tmt_cpns <= e.rank_tmt <= TODAY
        elif e.employment_type == EmploymentType.PPPK:
            assert e.rank == edu.pppk_entry_grade
        else:
            assert e.rank is None
        if e.rank is not None:
            assert history[e.pk] >= 1
        position = e.position
        assert position is not None and position.org_unit_id == e.org_unit_id
        expected = retirement_date_for(
            birth_date=e.birth_date,
            position_kind=position.kind,
            functional_level=position.functional_level,
            table=table,
        )
        assert e.retirement_date == expected
        assert e.retirement_date > TODAY
    # long-tenured PNS carry a past rank or two
    assert any(n >= 2 for n in history.values())
    latest = {}
    for emp_id, code, tmt in RankHistory.objects.values_list("employee_id", "rank__code", "tmt"):
        if emp_id not in latest or tmt >= latest[emp_id][1]:
            latest[emp_id] = (code, tmt)
    for e in Employee.objects.select_related("rank").exclude(rank=None):
        assert latest[e.pk][0] == e.rank.code


def test_shares_and_positions_look_like_the_city() -> None:
    seed(1000)
    employees = list(Employee.objects.select_related("position", "education"))
    types = Counter(e.employment_type for e in employees)
    assert types[EmploymentType.PNS] == 750
    assert types[EmploymentType.PPPK] == 100
    assert types[EmploymentType.PPPK_PARUH_WAKTU] == 150
    female = sum(e.gender == "P" for e in employees) / len(employees)
    assert 0.48 <= female <= 0.65
    teachers = sum(e.position.family == "Guru" for e in employees)
    assert teachers / len(employees) >= 0.3
    ages = [(TODAY - e.birth_date).days / 365.25 for e in employees]
    assert min(ages) >= 19 and max(ages) < 65
    assert sum(45 <= a < 58 for a in ages) / len(ages) >= 0.3
    education = Counter(rules.normalise_education(e.education.code) for e in employees)
    assert education.most_common(1)[0][0] == rules.Education.S1
    kinds = Counter(Position.objects.values_list("kind", flat=True))
    for kind in PositionKind.values:
        if kind not in (PositionKind.JPT_UTAMA, PositionKind.JPT_MADYA):
            assert kinds[kind] > 0, kind
    # titles match the profession
    for e in employees:
        if e.position.family == "Dokter":
            assert e.front_title == "dr."
        s1 = rules.normalise_education(e.education.code) == rules.Education.S1
        if e.position.family == "Guru" and s1 and e.front_title != "Drs.":
            assert e.back_title.startswith("S.Pd") or e.front_title in ("Dra.",), e.back_title
    # formasi: mostly at or above the holders, with shortages
    holders = Counter(Employee.objects.values_list("position_id", flat=True))
    positions = list(Position.objects.all())
    short = sum(p.formasi > holders[p.pk] for p in positions)
    over = sum(p.formasi < holders[p.pk] for p in positions)
    assert short > 0 and over < short
    assert sum(p.formasi >= holders[p.pk] for p in positions) / len(positions) >= 0.8


# --- demo accounts -------------------------------------------------------------------------------


def test_every_role_has_its_demo_user_with_fitting_links() -> None:
    seed(password="rahasia-demo-1")
    users = {u.username: u for u in User.objects.select_related("employee__org_unit", "org_unit")}
    for username, role, _first, _last in DEMO_USERS:
        user = users[username]
        assert user.role == role
        assert user.check_password("rahasia-demo-1")
    for outsider in ("admin", "peneliti", "mitra"):
        assert users[outsider].employee is None

    def opd_of(employee: Employee) -> OrgUnit:
        return OrgUnit.objects.get(pk=employee.org_unit.opd_id)

    operator = users["operator"]
    assert operator.role == Role.OPD_OPERATOR
    assert operator.org_unit is not None and operator.org_unit.kind == OrgUnitKind.DINAS
    assert operator.org_unit.code == "diskominfo"
    assert operator.employee is not None
    assert operator.employee.org_unit.path.startswith(operator.org_unit.path)

    boss = users["atasan"].employee
    assert boss is not None and boss.position.kind in (
        PositionKind.ADMINISTRATOR,
        PositionKind.PENGAWAS,
    )
    team = Employee.objects.filter(org_unit__path__startswith=boss.org_unit.path).exclude(
        pk=boss.pk
    )
    assert team.count() >= 2
    worker = users["pegawai"].employee
    assert worker is not None and team.filter(pk=worker.pk).exists()
    assert worker.position.kind in (PositionKind.FUNGSIONAL, PositionKind.PELAKSANA)

    assert users["bkpp"].employee is not None
    assert opd_of(users["bkpp"].employee).code == "bkpp"
    senior = users["baperjakat"].employee
    assert senior is not None
    assert senior.position.kind in (PositionKind.JPT_PRATAMA, PositionKind.ADMINISTRATOR)
    assert users["kebijakan"].employee is not None
    assert opd_of(users["kebijakan"].employee).code == "bappeda"

    linked = [u.employee_id for u in users.values() if u.employee_id]
    assert len(linked) == len(set(linked)) == 6
    # account and record carry the same name (the persona's, when the gender fits)
    for user in users.values():
        if user.employee is not None:
            assert f"{user.first_name} {user.last_name}".strip() == user.employee.name
    assert users["atasan"].employee.name == "Hendra Kurniawan"


# --- command -------------------------------------------------------------------------------------


def test_command_is_quick_and_idempotent() -> None:
    out = io.StringIO()
    started = time.perf_counter()
    call_command("seed-demo", employees=SIZE, seed=3, today=TODAY, stdout=out)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, f"seed-demo --employees {SIZE} took {elapsed:.1f} s"
    text = out.getvalue()
    assert f"{SIZE} pegawai dibuat" in text
    assert "operator" in text and "Operator OPD" in text
    counts = (
        OrgUnit.objects.count(),
        Employee.objects.count(),
        Position.objects.count(),
        RankHistory.objects.count(),
        PositionHistory.objects.count(),
        User.objects.count(),
    )
    links = sorted(User.objects.values_list("username", "employee_id", "org_unit_id"))
    out = io.StringIO()
    call_command("seed-demo", employees=SIZE, seed=3, today=TODAY, stdout=out)
    assert "Sudah ada 300 pegawai" in out.getvalue()
    assert counts == (
        OrgUnit.objects.count(),
        Employee.objects.count(),
        Position.objects.count(),
        RankHistory.objects.count(),
        PositionHistory.objects.count(),
        User.objects.count(),
    )
    assert links == sorted(User.objects.values_list("username", "employee_id", "org_unit_id"))
    assert User.objects.get(username="pegawai").check_password(DEMO_PASSWORD)


def test_demo_users_are_linked_when_the_workforce_came_first() -> None:
    """Accounts made before the registry (e.g. by an older seed) are linked on the next run."""
    seed()
    User.objects.update(employee=None, org_unit=None)
    out = io.StringIO()
    call_command("seed-demo", employees=SIZE, today=TODAY, stdout=out)
    assert User.objects.get(username="operator").org_unit is not None
    assert User.objects.exclude(employee=None).count() == 6
