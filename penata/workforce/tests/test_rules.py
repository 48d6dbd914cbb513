"""Tests of the pure regulation rules (``penata.workforce.rules``): no Django, no database.

Cell-by-cell tables for every regulation table, hypothesis properties for the parsers, and one
broken example for every error code in ``ERROR_CODES``.
"""

from __future__ import annotations

import ast
import pickle
import re
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from penata.workforce import rules
from penata.workforce.rules import (
    DEFAULT_BUP,
    EDUCATION_ORDER,
    EDUCATION_RANKS,
    ERROR_CODES,
    GOLONGAN_PANGKAT,
    NIK_PROVINCE_CODES,
    PNS_GOLONGAN,
    PPPK_ENTRY_GRADE,
    PPPK_GRADES,
    Education,
    EmploymentType,
    FunctionalLevel,
    Gender,
    PositionKind,
    RuleError,
)

PROPERTY = settings(max_examples=300, deadline=None)
TODAY = date(2026, 5, 1)
RULES_PY = Path(rules.__file__)
REGULATIONS_MD = Path(__file__).resolve().parents[3] / "docs" / "regulations.md"


def raises_code(code: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> RuleError:
    with pytest.raises(RuleError) as info:
        func(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


# --- the module itself ----------------------------------------------------------------------------


def test_module_imports_only_the_standard_library() -> None:
    tree = ast.parse(RULES_PY.read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported, "expected some imports"
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


def test_public_api_is_exported() -> None:
    for name in rules.__all__:
        assert hasattr(rules, name), name


def test_rule_error_carries_code_and_message() -> None:
    exc = RuleError("nip_length", "NIP harus 18 angka.")
    assert isinstance(exc, ValueError)
    assert exc.code == "nip_length"
    assert exc.message == "NIP harus 18 angka."
    assert str(exc) == "NIP harus 18 angka."
    copy = pickle.loads(pickle.dumps(exc))  # crosses task-queue boundaries
    assert (copy.code, copy.message) == (exc.code, exc.message)


# --- enums ----------------------------------------------------------------------------------------


def test_enum_values() -> None:
    assert [e.value for e in EmploymentType] == ["pns", "pppk", "pppk_paruh_waktu"]
    assert [g.value for g in Gender] == ["L", "P"]
    assert [k.value for k in PositionKind] == [
        "jpt_utama",
        "jpt_madya",
        "jpt_pratama",
        "administrator",
        "pengawas",
        "fungsional",
        "pelaksana",
    ]
    assert {lv.value for lv in FunctionalLevel} == {
        "ahli_pertama",
        "ahli_muda",
        "ahli_madya",
        "ahli_utama",
        "terampil",
        "mahir",
        "penyelia",
        "pemula",
    }
    assert [e.name for e in EDUCATION_ORDER] == [
        "SD",
        "SLTP",
        "SLTP_KEJURUAN",
        "SLTA",
        "D1",
        "D2",
        "D3",
        "S1",
        "D4",
        "S2",
        "PROFESI",
        "S3",
    ]


# --- gender ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("L", Gender.MALE),
        ("l", Gender.MALE),
        (" L ", Gender.MALE),
        ("Laki-laki", Gender.MALE),
        ("LAKI-LAKI", Gender.MALE),
        ("Laki Laki", Gender.MALE),
        ("laki", Gender.MALE),
        ("LK", Gender.MALE),
        ("pria", Gender.MALE),
        ("Pria", Gender.MALE),
        ("M", Gender.MALE),
        ("Male", Gender.MALE),
        ("1", Gender.MALE),
        (1, Gender.MALE),
        (1.0, Gender.MALE),
        ("P", Gender.FEMALE),
        ("p", Gender.FEMALE),
        ("Perempuan", Gender.FEMALE),
        ("PEREMPUAN", Gender.FEMALE),
        ("wanita", Gender.FEMALE),
        ("Wanita", Gender.FEMALE),
        ("W", Gender.FEMALE),
        ("F", Gender.FEMALE),
        ("Female", Gender.FEMALE),
        ("2", Gender.FEMALE),
        (2, Gender.FEMALE),
        (2.0, Gender.FEMALE),
    ],
)
def test_gender_from_label(raw: str | int, expected: Gender) -> None:
    assert rules.gender_from_label(raw) is expected


@pytest.mark.parametrize("raw", ["", None, "X", "3", 3, 0, 1.5, True, "laki perempuan", "lelaki?"])
def test_gender_from_label_rejects(raw: Any) -> None:
    exc = raises_code("gender_unknown", rules.gender_from_label, raw)
    assert "L (laki-laki) atau P (perempuan)" in exc.message


@PROPERTY
@given(st.text(max_size=20))
def test_gender_from_label_only_raises_rule_error(raw: str) -> None:
    try:
        assert rules.gender_from_label(raw) in (Gender.MALE, Gender.FEMALE)
    except RuleError as exc:
        assert exc.code == "gender_unknown"


# --- NIP: cleaning --------------------------------------------------------------------------------

NIP = "198609262015051001"


@pytest.mark.parametrize(
    "raw",
    [
        NIP,
        f"  {NIP}  ",
        f"\t{NIP}\n",
        f"\u00a0{NIP}\u00a0",
        f"\ufeff{NIP}",
        f"'{NIP}",
        f" '{NIP}",
        f"\u2019{NIP}",
        "19860926 201505 1 001",
        "19860926  201505  1  001",
        "1986 0926 2015 0510 01",
        "19860926.201505.1.001",
        "19860926-201505-1-001",
        "19860926 - 201505 - 1 - 001",
        f"{NIP}.0",
        f"{NIP}.00",
        f"{NIP},0",
        f"'{NIP}.0",
        int(NIP),
    ],
)
def test_clean_nip_repairs_lossless_damage(raw: str | int) -> None:
    assert rules.clean_nip(raw) == NIP


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "nip_empty"),
        ("", "nip_empty"),
        ("   ", "nip_empty"),
        ("'", "nip_empty"),
        ("1.98609E+17", "nip_scientific"),
        ("1,98609E+17", "nip_scientific"),
        ("1.98609262015051E+17", "nip_scientific"),
        ("1.98609e17", "nip_scientific"),
        ("'1.98609E+17", "nip_scientific"),
        ("2E+17", "nip_scientific"),
        (198609262015051001.0, "nip_digits_lost"),
        (1.98609e17, "nip_digits_lost"),
        (1e15, "nip_digits_lost"),
        (1.5, "nip_not_digits"),
        (float("nan"), "nip_not_digits"),
        (float("inf"), "nip_not_digits"),
        (-198609262015051.0, "nip_not_digits"),
        (-198609262015051001, "nip_not_digits"),
        (True, "nip_not_digits"),
        ("1986092620150510O1", "nip_not_digits"),
        ("NIP 198609262015051001", "nip_not_digits"),
        ("198609262015051001.5", "nip_length"),
        ("19860926/201505/1/001", "nip_not_digits"),
        (".198609262015051001", "nip_not_digits"),
        ("198609262015051001-", "nip_not_digits"),
        ("١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", "nip_not_digits"),  # Arabic-Indic digits are not ASCII digits
        ("19860926201505100", "nip_length"),
        ("1986092620150510011", "nip_length"),
        ("98609262015051001", "nip_length"),
        (123456789, "nip_length"),
        (123456789.0, "nip_length"),
        (f"{NIP}.000", "nip_length"),  # only .0 and .00 are read as a decimal part
    ],
)
def test_clean_nip_rejects(raw: Any, code: str) -> None:
    raises_code(code, rules.clean_nip, raw)


def test_clean_nip_messages_explain_the_fix() -> None:
    exc = raises_code("nip_scientific", rules.clean_nip, "1.98609E+17")
    assert "Teks" in exc.message and "ketik ulang" in exc.message
    exc = raises_code("nip_digits_lost", rules.clean_nip, 1.98609262015051e17)
    assert "Teks" in exc.message and "ketik ulang" in exc.message
    exc = raises_code("nip_length", rules.clean_nip, "19860926201505100")
    assert "18 angka" in exc.message and "17 angka" in exc.message
    exc = raises_code("nip_not_digits", rules.clean_nip, "1986092620150510O1")
    assert "'O'" in exc.message


def test_clean_nip_keeps_small_whole_floats() -> None:
    # a short number is not lossy, only wrong in length
    exc = raises_code("nip_length", rules.clean_nip, 123456789012345.0)
    assert "15 angka" in exc.message


@PROPERTY
@given(
    st.one_of(
        st.text(max_size=30),
        st.text(alphabet="0123456789 .-'eE+,", max_size=30),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.none(),
    )
)
def test_clean_nip_is_idempotent_and_only_raises_rule_error(raw: Any) -> None:
    try:
        cleaned = rules.clean_nip(raw)
    except RuleError as exc:
        assert exc.code in ERROR_CODES and exc.code.startswith("nip_")
        assert exc.message
        return
    assert re.fullmatch(r"[0-9]{18}", cleaned)
    assert rules.clean_nip(cleaned) == cleaned


# --- NIP: parsing ---------------------------------------------------------------------------------


def test_parse_nip_pns() -> None:
    info = rules.parse_nip(NIP, EmploymentType.PNS, today=TODAY)
    assert info.nip == NIP
    assert info.employment_type is EmploymentType.PNS
    assert info.birth_date == date(1986, 9, 26)
    assert (info.tmt_year, info.tmt_month) == (2015, 5)
    assert info.tmt_cpns == date(2015, 5, 1)
    assert info.contract_code is None
    assert info.gender is Gender.MALE
    assert info.sequence == 1


def test_parse_nip_cleans_and_accepts_plain_strings() -> None:
    info = rules.parse_nip("19860926 201505 2 017", "pns", today=TODAY)
    assert info.gender is Gender.FEMALE
    assert info.sequence == 17


@pytest.mark.parametrize("etype", [EmploymentType.PPPK, EmploymentType.PPPK_PARUH_WAKTU])
@pytest.mark.parametrize("code", ["21", "22", "24", "00", "13", "99"])
def test_parse_nip_pppk_contract_code_is_not_a_month(etype: EmploymentType, code: str) -> None:
    nip = f"19900101 2024{code} 2 001".replace(" ", "")
    info = rules.parse_nip(nip, etype, today=TODAY)
    assert info.contract_code == code
    assert info.tmt_year == 2024
    assert info.tmt_month is None
    assert info.tmt_cpns is None
    assert info.gender is Gender.FEMALE


def test_same_number_is_wrong_for_pns_but_right_for_pppk() -> None:
    nip = "199001012024211001"
    raises_code("nip_tmt", rules.parse_nip, nip, EmploymentType.PNS, today=TODAY)
    assert rules.parse_nip(nip, EmploymentType.PPPK, today=TODAY).contract_code == "21"


@pytest.mark.parametrize(
    ("nip", "etype", "code"),
    [
        # digits 1–8: not a real date, before 1900, in the future
        ("198602302015051001", "pns", "nip_birth_date"),
        ("198613012015051001", "pns", "nip_birth_date"),
        ("198609002015051001", "pns", "nip_birth_date"),
        ("198702292015051001", "pns", "nip_birth_date"),
        ("000001012015051001", "pns", "nip_birth_date"),
        ("189912312015051001", "pns", "nip_birth_date"),
        ("202701012045051001", "pns", "nip_birth_date"),
        ("202701012045211001", "pppk", "nip_birth_date"),
        # PNS digits 13–14: month
        ("198609262015001001", "pns", "nip_tmt"),
        ("198609262015131001", "pns", "nip_tmt"),
        ("198609262015211001", "pns", "nip_tmt"),
        ("198609262015241001", "pns", "nip_tmt"),
        # PNS: younger than 18 at TMT CPNS, or TMT in the future
        ("198609262004081001", "pns", "nip_tmt_too_early"),
        ("198609261986091001", "pns", "nip_tmt_too_early"),
        ("198609260000011001", "pns", "nip_tmt_too_early"),
        ("198609262026061001", "pns", "nip_tmt_future"),
        ("198609262030011001", "pns", "nip_tmt_future"),
        # PPPK: year too early or in the future
        ("199001012007211001", "pppk", "nip_tmt_too_early"),
        ("199001012027211001", "pppk", "nip_tmt_future"),
        ("199001012027241001", "pppk_paruh_waktu", "nip_tmt_future"),
        # digit 15
        ("198609262015050001", "pns", "nip_gender_digit"),
        ("198609262015053001", "pns", "nip_gender_digit"),
        ("198609262015059001", "pns", "nip_gender_digit"),
        ("199001012024213001", "pppk", "nip_gender_digit"),
        # digits 16–18
        ("198609262015051000", "pns", "nip_sequence"),
        ("199001012024212000", "pppk", "nip_sequence"),
        # cleaning codes come through parse_nip too
        ("1.98609E+17", "pns", "nip_scientific"),
        ("12345", "pns", "nip_length"),
    ],
)
def test_parse_nip_rejects(nip: str, etype: str, code: str) -> None:
    exc = raises_code(code, rules.parse_nip, nip, EmploymentType(etype), today=TODAY)
    assert exc.message and code not in exc.message


def test_parse_nip_min_age_boundary_is_month_precise() -> None:
    # born September 1986: 18 in September 2004
    assert rules.parse_nip("198609262004091001", "pns", today=TODAY).tmt_year == 2004
    raises_code("nip_tmt_too_early", rules.parse_nip, "198609262004081001", "pns", today=TODAY)
    # a configurable minimum age
    assert rules.parse_nip("198609262002091001", "pns", today=TODAY, min_age=16)
    raises_code(
        "nip_tmt_too_early", rules.parse_nip, NIP, "pns", today=TODAY, min_age=30
    )  # 2015 - 1986 = 28


def test_parse_nip_future_boundary_uses_today() -> None:
    assert rules.parse_nip("198609262026051001", "pns", today=TODAY).tmt_month == 5
    raises_code("nip_tmt_future", rules.parse_nip, "198609262026061001", "pns", today=TODAY)
    assert rules.parse_nip("198609262026061001", "pns", today=date(2026, 6, 1))
    assert rules.parse_nip("199001012026211001", "pppk", today=TODAY).tmt_year == 2026


def test_parse_nip_today_defaults_to_the_current_date() -> None:
    assert rules.parse_nip(NIP, "pns").birth_date == date(1986, 9, 26)


def test_parse_nip_rejects_unknown_employment_type() -> None:
    raises_code("employment_type_unknown", rules.parse_nip, NIP, "honorer", today=TODAY)


@st.composite
def pns_parts(draw: st.DrawFn) -> tuple[date, int, int, Gender, int]:
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2008, 12, 31)))
    tmt_year = draw(st.integers(min_value=birth.year + 18, max_value=birth.year + 50))
    low_month = birth.month if tmt_year == birth.year + 18 else 1
    tmt_month = draw(st.integers(min_value=low_month, max_value=12))
    gender = draw(st.sampled_from(Gender))
    sequence = draw(st.integers(min_value=1, max_value=999))
    return birth, tmt_year, tmt_month, gender, sequence


@PROPERTY
@given(pns_parts())
def test_pns_nip_round_trip(parts: tuple[date, int, int, Gender, int]) -> None:
    birth, tmt_year, tmt_month, gender, sequence = parts
    nip = rules.build_nip(
        birth_date=birth, tmt_year=tmt_year, tmt_month=tmt_month, gender=gender, sequence=sequence
    )
    today = date(tmt_year, tmt_month, 28)
    info = rules.parse_nip(nip, EmploymentType.PNS, today=today)
    assert (info.birth_date, info.tmt_year, info.tmt_month, info.gender, info.sequence) == parts
    assert info.contract_code is None
    assert (
        rules.check_nip_agreement(
            info, birth_date=birth, gender=gender, tmt_cpns=date(tmt_year, tmt_month, 1)
        )
        == []
    )
    assert rules.clean_nip(rules.format_nip(nip)) == nip


@PROPERTY
@given(
    st.dates(min_value=date(1940, 1, 1), max_value=date(2008, 12, 31)),
    st.integers(min_value=18, max_value=40),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(Gender),
    st.integers(min_value=1, max_value=999),
    st.sampled_from([EmploymentType.PPPK, EmploymentType.PPPK_PARUH_WAKTU]),
)
def test_pppk_nip_round_trip(
    birth: date, age: int, code: int, gender: Gender, sequence: int, etype: EmploymentType
) -> None:
    contract_code = f"{code:02d}"
    nip = rules.build_nip(
        birth_date=birth,
        tmt_year=birth.year + age,
        contract_code=contract_code,
        gender=gender,
        sequence=sequence,
    )
    info = rules.parse_nip(nip, etype, today=date(2100, 1, 1))
    assert info.employment_type is etype
    assert info.birth_date == birth
    assert info.tmt_year == birth.year + age
    assert info.contract_code == contract_code
    assert info.gender is gender
    assert info.sequence == sequence


@PROPERTY
@given(
    st.text(alphabet="0123456789", min_size=18, max_size=18),
    st.sampled_from(EmploymentType),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=80),
)
def test_any_18_digits_parse_or_raise_rule_error(
    nip: str, etype: EmploymentType, today: date, min_age: int
) -> None:
    try:
        info = rules.parse_nip(nip, etype, today=today, min_age=min_age)
    except RuleError as exc:
        assert exc.code in ERROR_CODES
        assert exc.message
        return
    assert info.nip == nip
    assert info.birth_date <= today
    assert 1 <= info.sequence <= 999


@PROPERTY
@given(pns_parts(), st.sampled_from(["space", "apostrophe", "dot_zero", "dots", "padding"]))
def test_spreadsheet_damage_is_repaired_before_parsing(
    parts: tuple[date, int, int, Gender, int], damage: str
) -> None:
    birth, tmt_year, tmt_month, gender, sequence = parts
    nip = rules.build_nip(
        birth_date=birth, tmt_year=tmt_year, tmt_month=tmt_month, gender=gender, sequence=sequence
    )
    damaged = {
        "space": rules.format_nip(nip),
        "apostrophe": "'" + nip,
        "dot_zero": nip + ".0",
        "dots": rules.format_nip(nip).replace(" ", "."),
        "padding": f"  {nip}\t",
    }[damage]
    assert rules.parse_nip(damaged, "pns", today=date(2100, 1, 1)).nip == nip


def test_build_nip_rejects_programming_errors() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        rules.build_nip(birth_date=date(1990, 1, 1), tmt_year=2015, gender=Gender.MALE, sequence=1)
    with pytest.raises(ValueError, match="sequence"):
        rules.build_nip(
            birth_date=date(1990, 1, 1), tmt_year=2015, tmt_month=1, gender=Gender.MALE, sequence=0
        )
    with pytest.raises(ValueError, match="2 digits"):
        rules.build_nip(
            birth_date=date(1990, 1, 1),
            tmt_year=2015,
            contract_code="2",
            gender=Gender.MALE,
            sequence=1,
        )


def test_format_nip() -> None:
    assert rules.format_nip(NIP) == "19860926 201505 1 001"


# --- NIP: agreement with the other fields ---------------------------------------------------------


def test_check_nip_agreement_all_agree() -> None:
    info = rules.parse_nip(NIP, "pns", today=TODAY)
    assert (
        rules.check_nip_agreement(
            info, birth_date=date(1986, 9, 26), gender=Gender.MALE, tmt_cpns=date(2015, 5, 1)
        )
        == []
    )
    # the day of TMT CPNS is not in the NIP
    assert (
        rules.check_nip_agreement(
            info, birth_date=date(1986, 9, 26), gender="L", tmt_cpns=date(2015, 5, 31)
        )
        == []
    )


def test_check_nip_agreement_reports_every_mismatch() -> None:
    info = rules.parse_nip(NIP, "pns", today=TODAY)
    problems = rules.check_nip_agreement(
        info, birth_date=date(1986, 9, 27), gender=Gender.FEMALE, tmt_cpns=date(2015, 6, 1)
    )
    assert [p.code for p in problems] == [
        "nip_birth_date_mismatch",
        "nip_gender_mismatch",
        "nip_tmt_mismatch",
    ]
    assert "26-09-1986" in problems[0].message and "27-09-1986" in problems[0].message
    assert "laki-laki" in problems[1].message and "perempuan" in problems[1].message
    assert "05-2015" in problems[2].message and "06-2015" in problems[2].message


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"birth_date": date(1986, 9, 25), "gender": Gender.MALE}, "nip_birth_date_mismatch"),
        ({"birth_date": date(1986, 9, 26), "gender": "Perempuan"}, "nip_gender_mismatch"),
        (
            {"birth_date": date(1986, 9, 26), "gender": Gender.MALE, "tmt_cpns": date(2016, 5, 1)},
            "nip_tmt_mismatch",
        ),
    ],
)
def test_check_nip_agreement_single_mismatch(kwargs: dict[str, Any], code: str) -> None:
    info = rules.parse_nip(NIP, "pns", today=TODAY)
    assert [p.code for p in rules.check_nip_agreement(info, **kwargs)] == [code]


def test_check_nip_agreement_skips_tmt_for_pppk() -> None:
    info = rules.parse_nip("199001012024211001", "pppk", today=TODAY)
    assert (
        rules.check_nip_agreement(
            info, birth_date=date(1990, 1, 1), gender=Gender.MALE, tmt_cpns=date(2019, 3, 1)
        )
        == []
    )


# --- NIK ------------------------------------------------------------------------------------------


def test_parse_nik_male_kota_semarang() -> None:
    info = rules.parse_nik("3374012609860001", today=TODAY)
    assert info.nik == "3374012609860001"
    assert info.province_code == "33"
    assert info.regency_code == "3374"
    assert info.district_code == "337401"
    assert info.is_kota_semarang
    assert info.birth_date == date(1986, 9, 26)
    assert info.gender is Gender.MALE
    assert info.serial == 1


def test_parse_nik_female_adds_forty_to_the_day() -> None:
    info = rules.parse_nik("3322016609860123", today=TODAY)
    assert info.birth_date == date(1986, 9, 26)
    assert info.gender is Gender.FEMALE
    assert info.serial == 123
    assert not info.is_kota_semarang
    assert rules.parse_nik("3374014101000001", today=TODAY).birth_date == date(2000, 1, 1)
    assert rules.parse_nik("3374017112990001", today=TODAY).birth_date == date(1999, 12, 31)


@pytest.mark.parametrize(
    ("nik", "today", "birth"),
    [
        ("3374010101250001", date(2026, 5, 1), date(2025, 1, 1)),  # a baby, not 101 years old
        ("3374010105260001", date(2026, 5, 1), date(2026, 5, 1)),  # born today: age 0
        ("3374010205260001", date(2026, 5, 1), date(1926, 5, 2)),  # tomorrow would be future
        ("3374010101270001", date(2026, 5, 1), date(1927, 1, 1)),
        ("3374010101990001", date(2026, 5, 1), date(1999, 1, 1)),
        ("3374010101000001", date(2026, 5, 1), date(2000, 1, 1)),
        ("3374012902000001", date(2026, 5, 1), date(2000, 2, 29)),
        ("3374010101990001", date(1999, 6, 1), date(1999, 1, 1)),
        ("3374010101000001", date(1999, 6, 1), date(1900, 1, 1)),
    ],
)
def test_parse_nik_century_makes_the_person_0_to_100(nik: str, today: date, birth: date) -> None:
    assert rules.parse_nik(nik, today=today).birth_date == birth


@pytest.mark.parametrize(
    "raw",
    [" 3374012609860001 ", "'3374012609860001", "3374 0126 0986 0001", "33.74.01.260986.0001"],
)
def test_parse_nik_repairs_lossless_damage(raw: str) -> None:
    assert rules.parse_nik(raw, today=TODAY).nik == "3374012609860001"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "nik_empty"),
        ("", "nik_empty"),
        ("3374O12609860001", "nik_not_digits"),
        ("337401260986001", "nik_length"),
        ("33740126098600011", "nik_length"),
        ("3.37401E+15", "nik_scientific"),
        (3374012609860001.0, "nik_digits_lost"),
        ("0074012609860001", "nik_province"),
        ("2074012609860001", "nik_province"),
        ("5474012609860001", "nik_province"),  # Timor Timur: no NIK was ever issued
        ("9774012609860001", "nik_province"),
        ("3300012609860001", "nik_regency"),
        ("3374002609860001", "nik_district"),
        ("3374010009860001", "nik_birth_date"),
        ("3374013209860001", "nik_birth_date"),
        ("3374014009860001", "nik_birth_date"),
        ("3374017209860001", "nik_birth_date"),
        ("3374019909860001", "nik_birth_date"),
        ("3374013102860001", "nik_birth_date"),
        ("3374012913860001", "nik_birth_date"),
        ("3374012900860001", "nik_birth_date"),
        ("3374016902870001", "nik_birth_date"),  # 29-02-1987 (female) does not exist
        ("3374012609860000", "nik_serial"),
    ],
)
def test_parse_nik_rejects(raw: Any, code: str) -> None:
    exc = raises_code(code, rules.parse_nik, raw, today=TODAY)
    assert exc.message and "NIK" in exc.message


def test_parse_nik_today_defaults_to_the_current_date() -> None:
    assert rules.parse_nik("3374012609860001").birth_date == date(1986, 9, 26)


def test_nik_province_codes() -> None:
    assert len(NIK_PROVINCE_CODES) == 38
    assert {"11", "21", "31", "33", "36", "51", "65", "76", "82", "91", "96"} <= NIK_PROVINCE_CODES


@PROPERTY
@given(
    st.sampled_from(sorted(NIK_PROVINCE_CODES)),
    st.integers(min_value=1, max_value=99),
    st.integers(min_value=1, max_value=99),
    st.integers(min_value=0, max_value=99 * 366),
    st.sampled_from(Gender),
    st.integers(min_value=1, max_value=9999),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
)
def test_nik_round_trip(
    province: str,
    regency: int,
    district: int,
    age_days: int,
    gender: Gender,
    serial: int,
    today: date,
) -> None:
    birth = today - timedelta(days=age_days)
    assume(birth.year >= 1)
    district_code = f"{province}{regency:02d}{district:02d}"
    nik = rules.build_nik(
        district_code=district_code, birth_date=birth, gender=gender, serial=serial
    )
    day_field = int(nik[6:8])
    assert day_field == birth.day + (40 if gender is Gender.FEMALE else 0)
    info = rules.parse_nik(nik, today=today)
    assert info.birth_date == birth
    assert info.gender is gender
    assert info.serial == serial
    assert info.district_code == district_code
    assert info.regency_code == district_code[:4]
    assert info.province_code == province


@PROPERTY
@given(st.text(alphabet="0123456789", min_size=16, max_size=16), st.dates())
def test_any_16_digits_parse_or_raise_rule_error(nik: str, today: date) -> None:
    try:
        info = rules.parse_nik(nik, today=today)
    except RuleError as exc:
        assert exc.code in ERROR_CODES and exc.code.startswith("nik_")
        return
    assert info.birth_date <= today
    assert (today - info.birth_date).days <= 100 * 366


# --- masking --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("3374012609860001", "3374********0001"),
        (" 3374012609860001 ", "3374********0001"),
        ("33740126098600011", "3374*********0011"),
        ("337401260986", "************"),
        ("12345678901", "***********"),
        ("", ""),
    ],
)
def test_mask_nik(raw: str, masked: str) -> None:
    assert rules.mask_nik(raw) == masked


@PROPERTY
@given(st.text(alphabet="0123456789", min_size=0, max_size=20))
def test_mask_nik_hides_at_least_half(raw: str) -> None:
    masked = rules.mask_nik(raw)
    assert len(masked) == len(raw)
    assert masked.count("*") * 2 >= len(raw)


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("081234567890", "0812*****890"),
        ("+6281234567890", "+628*******890"),
        ("0241234567", "0241***567"),
        ("8412345", "*****45"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_phone(raw: str, masked: str) -> None:
    assert rules.mask_phone(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("budi.santoso@semarangkota.go.id", "b***@semarangkota.go.id"),
        ("Ani@gmail.com", "A***@gmail.com"),
        ("ab@x.id", "***@x.id"),
        ("@x.id", "***@x.id"),
        ("tanpa-at", "t***"),
        ("", "***"),
    ],
)
def test_mask_email(raw: str, masked: str) -> None:
    assert rules.mask_email(raw) == masked


# --- golongan and pangkat -------------------------------------------------------------------------

# Copied by hand from docs/regulations.md (PP 99/2000 jo PP 12/2002), lowest first.
EXPECTED_PANGKAT = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
ARABIC = {"I": "1", "II": "2", "III": "3", "IV": "4"}


def golongan_spellings(code: str) -> list[str]:
    roman, letter = code.split("/")
    n = ARABIC[roman]
    return [
        f"{roman}/{letter}",
        f"{roman}-{letter}",
        f"{roman}{letter}",
        f"{roman.lower()}/{letter}",
        f"{n}{letter}",
        f"{n}/{letter}",
        f"{roman}/{letter.upper()}",
        f"{roman} / {letter}",
        f"{n}-{letter}",
        f"{roman}.{letter}",
        f"{roman.lower()}{letter.upper()}",
        f"{n}{letter.upper()}",
        f"{n} {letter}",
        f"  {roman}/{letter}  ",
        f"Golongan {roman}/{letter}",
        f"Gol. {roman}/{letter}",
        f"gol {n}{letter}",
    ]


@pytest.mark.parametrize(
    ("raw", "code"),
    [(s, code) for code, _ in EXPECTED_PANGKAT for s in golongan_spellings(code)],
)
def test_normalise_golongan_every_spelling(raw: str, code: str) -> None:
    assert rules.normalise_golongan(raw) == code


@pytest.mark.parametrize(("code", "pangkat"), EXPECTED_PANGKAT)
def test_golongan_pangkat_table(code: str, pangkat: str) -> None:
    assert GOLONGAN_PANGKAT[code] == pangkat
    assert rules.golongan_pangkat(code) == pangkat
    assert rules.normalise_golongan(pangkat) == code
    assert rules.normalise_golongan(pangkat.upper()) == code


def test_golongan_table_is_complete_and_ordered() -> None:
    assert list(GOLONGAN_PANGKAT.items()) == EXPECTED_PANGKAT
    assert list(PNS_GOLONGAN) == [code for code, _ in EXPECTED_PANGKAT]
    assert [rules.golongan_rank(code) for code in PNS_GOLONGAN] == list(range(1, 18))


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Penata Muda Tk. I", "III/b"),
        ("Penata Muda Tk I", "III/b"),
        ("penata muda tk.I", "III/b"),
        ("Penata Muda Tingkat 1", "III/b"),
        ("Juru Tk. I", "I/d"),
        ("PEMBINA UTAMA", "IV/e"),
    ],
)
def test_normalise_golongan_pangkat_spellings(raw: str, code: str) -> None:
    assert rules.normalise_golongan(raw) == code


@pytest.mark.skipif(not REGULATIONS_MD.exists(), reason="docs/regulations.md not in this tree")
def test_pangkat_table_matches_regulations_md() -> None:
    text = REGULATIONS_MD.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for row in re.findall(r"^\|(.+)\|$", text, flags=re.MULTILINE):
        cells = [c.strip() for c in row.split("|")]
        for code, pangkat in zip(cells[::2], cells[1::2], strict=False):
            if re.fullmatch(r"I{1,3}/[a-e]|IV/[a-e]", code):
                found[code] = pangkat
    assert found == GOLONGAN_PANGKAT


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "I/e",
        "II/e",
        "III/e",
        "IIIe",
        "3e",
        "III/f",
        "V/a",
        "5a",
        "0a",
        "IIII/a",
        "III",
        "a",
        "III/ab",
        "Penata Utama",
        "III/a Penata Muda",
        "IX",
        3,
        3.0,
    ],
)
def test_normalise_golongan_rejects(raw: Any) -> None:
    exc = raises_code("golongan_unknown", rules.normalise_golongan, raw)
    assert "III/a" in exc.message and "IV/e" in exc.message


def test_golongan_rank_accepts_spellings_and_compares() -> None:
    assert rules.golongan_rank("3a") == rules.golongan_rank("III/a") == 9
    assert rules.golongan_rank("iv/e") == 17
    assert rules.golongan_rank("II/d") < rules.golongan_rank("III/a")
    raises_code("golongan_unknown", rules.golongan_rank, "V/a")


@PROPERTY
@given(st.text(alphabet="IVXivx1234567890abcdefABCDEF/-. ", max_size=12))
def test_normalise_golongan_is_idempotent(raw: str) -> None:
    try:
        code = rules.normalise_golongan(raw)
    except RuleError as exc:
        assert exc.code == "golongan_unknown"
        return
    assert code in PNS_GOLONGAN
    assert rules.normalise_golongan(code) == code


# --- PPPK grades ----------------------------------------------------------------------------------

ROMAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]


def pppk_spellings(n: int) -> list[str | int | float]:
    r = ROMAN[n - 1]
    return [
        r,
        r.lower(),
        f" {r} ",
        str(n),
        f"{n:02d}",
        f"{n}.0",
        f"Golongan {r}",
        f"golongan {r.lower()}",
        f"Gol. {r}",
        f"Gol {n}",
        n,
        float(n),
    ]


@pytest.mark.parametrize(
    ("raw", "grade"), [(s, ROMAN[n - 1]) for n in range(1, 18) for s in pppk_spellings(n)]
)
def test_normalise_pppk_grade_every_spelling(raw: str | int | float, grade: str) -> None:
    assert rules.normalise_pppk_grade(raw) == grade


def test_pppk_grades_ordered() -> None:
    assert list(PPPK_GRADES) == ROMAN
    assert [rules.pppk_grade_rank(g) for g in PPPK_GRADES] == list(range(1, 18))
    assert rules.pppk_grade_rank(9) == rules.pppk_grade_rank("ix") == 9


@pytest.mark.parametrize(
    "raw",
    ["", None, "0", 0, "18", 18, "XVIII", "IIII", "VV", "III/a", "9.5", 9.5, True, "Golongan"],
)
def test_normalise_pppk_grade_rejects(raw: Any) -> None:
    exc = raises_code("golongan_unknown", rules.normalise_pppk_grade, raw)
    assert "XVII" in exc.message


# --- education ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "edu"),
    [
        ("SD", Education.SD),
        ("sd", Education.SD),
        ("Sekolah Dasar", Education.SD),
        ("MI", Education.SD),
        ("SMP", Education.SLTP),
        ("SLTP", Education.SLTP),
        ("MTs", Education.SLTP),
        ("SLTP Kejuruan", Education.SLTP_KEJURUAN),
        ("SMP Kejuruan", Education.SLTP_KEJURUAN),
        ("sltp_kejuruan", Education.SLTP_KEJURUAN),
        ("SMA", Education.SLTA),
        ("SMK", Education.SLTA),
        ("SLTA", Education.SLTA),
        ("SMU", Education.SLTA),
        ("STM", Education.SLTA),
        ("SMEA", Education.SLTA),
        ("Paket C", Education.SLTA),
        ("D-I", Education.D1),
        ("D1", Education.D1),
        ("DI", Education.D1),
        ("Diploma I", Education.D1),
        ("D-II", Education.D2),
        ("D2", Education.D2),
        ("D-III", Education.D3),
        ("D3", Education.D3),
        ("DIII", Education.D3),
        ("D III", Education.D3),
        ("Diploma III", Education.D3),
        ("S-1", Education.S1),
        ("S1", Education.S1),
        ("S 1", Education.S1),
        ("Sarjana", Education.S1),
        ("Strata 1", Education.S1),
        ("D-IV", Education.D4),
        ("D4", Education.D4),
        ("DIV", Education.D4),
        ("Sarjana Terapan", Education.D4),
        ("Magister", Education.S2),
        ("S2", Education.S2),
        ("S-2", Education.S2),
        ("Pascasarjana", Education.S2),
        ("Doktor", Education.S3),
        ("S3", Education.S3),
        ("S-3", Education.S3),
        ("dokter", Education.PROFESI),
        ("Dokter", Education.PROFESI),
        ("Dokter Gigi", Education.PROFESI),
        ("apoteker", Education.PROFESI),
        ("Profesi", Education.PROFESI),
        (Education.S2, Education.S2),
    ],
)
def test_normalise_education(raw: str, edu: Education) -> None:
    assert rules.normalise_education(raw) is edu


def test_dokter_is_not_doktor() -> None:
    assert rules.normalise_education("Dokter") is Education.PROFESI
    assert rules.normalise_education("Doktor") is Education.S3


@pytest.mark.parametrize("edu", list(Education))
def test_normalise_education_accepts_its_own_values(edu: Education) -> None:
    assert rules.normalise_education(edu.value) is edu
    assert rules.normalise_education(edu.name) is edu


@pytest.mark.parametrize("raw", ["", None, "TK", "S4", "D5", "Kursus", "SMA/S1", "MA"])
def test_normalise_education_rejects(raw: str | None) -> None:
    exc = raises_code("education_unknown", rules.normalise_education, raw)
    assert "SD" in exc.message and "S3" in exc.message


# Copied by hand from docs/regulations.md: (education, entry, cap by regular promotion).
EXPECTED_CAPS = [
    (Education.SD, "I/a", "II/a"),
    (Education.SLTP, "I/c", "II/c"),
    (Education.SLTP_KEJURUAN, "I/c", "II/d"),
    (Education.SLTA, "II/a", "III/b"),
    (Education.D1, "II/a", "III/b"),
    (Education.D2, "II/b", "III/b"),
    (Education.D3, "II/c", "III/c"),
    (Education.S1, "III/a", "III/d"),
    (Education.D4, "III/a", "III/d"),
    (Education.S2, "III/b", "IV/a"),
    (Education.PROFESI, "III/b", "IV/a"),
    (Education.S3, "III/c", "IV/b"),
]


@pytest.mark.parametrize(("edu", "entry", "cap"), EXPECTED_CAPS)
def test_education_caps_table(edu: Education, entry: str, cap: str) -> None:
    assert EDUCATION_RANKS[edu] == (entry, cap)
    assert rules.education_entry_golongan(edu) == entry
    assert rules.education_cap_golongan(edu) == cap
    assert rules.education_entry_golongan(edu.value) == entry
    # cap boundaries, cell by cell: entry and cap are within, the next rank above is not
    assert not rules.exceeds_education_cap(entry, edu)
    assert not rules.exceeds_education_cap(cap, edu)
    above = PNS_GOLONGAN[rules.golongan_rank(cap)]  # rank is 1-based: index = next rank
    assert rules.exceeds_education_cap(above, edu)
    assert rules.golongan_rank(entry) <= rules.golongan_rank(cap)


@pytest.mark.parametrize("edu", list(Education))
@pytest.mark.parametrize("golongan", PNS_GOLONGAN)
def test_exceeds_education_cap_every_cell(golongan: str, edu: Education) -> None:
    cap = rules.education_cap_golongan(edu)
    expected = PNS_GOLONGAN.index(golongan) > PNS_GOLONGAN.index(cap)
    assert rules.exceeds_education_cap(golongan, edu) is expected


def test_education_caps_cover_every_level() -> None:
    assert set(EDUCATION_RANKS) == set(Education)
    assert [(e, *EDUCATION_RANKS[e]) for e in EDUCATION_ORDER] == EXPECTED_CAPS


def test_exceeds_education_cap_accepts_spellings() -> None:
    assert rules.exceeds_education_cap("4a", "S-1")
    assert not rules.exceeds_education_cap("IV/a", "dokter")
    assert not rules.exceeds_education_cap("iii/d", "D-IV")
    raises_code("education_unknown", rules.exceeds_education_cap, "III/a", "S9")
    raises_code("golongan_unknown", rules.exceeds_education_cap, "V/a", "S1")


@pytest.mark.skipif(not REGULATIONS_MD.exists(), reason="docs/regulations.md not in this tree")
def test_education_caps_match_regulations_md() -> None:
    text = " ".join(REGULATIONS_MD.read_text(encoding="utf-8").split())
    line = text.split("starting rank → highest by regular promotion):", 1)[1].split(".", 1)[0]
    names = {
        "SD": [Education.SD],
        "SLTP": [Education.SLTP],
        "SLTP Kejuruan": [Education.SLTP_KEJURUAN],
        "SLTA/D-I": [Education.SLTA, Education.D1],
        "D-II": [Education.D2],
        "D-III": [Education.D3],
        "S1/D-IV": [Education.S1, Education.D4],
        "S2/dokter/apoteker": [Education.S2, Education.PROFESI],
        "S3": [Education.S3],
    }
    seen: set[Education] = set()
    for item in line.split("·"):
        match = re.fullmatch(r"(.+) (\S+)→(\S+)", item.strip())
        assert match, item
        for edu in names[match[1]]:
            assert EDUCATION_RANKS[edu] == (match[2], match[3]), edu
            seen.add(edu)
    assert seen == set(Education)


EXPECTED_PPPK_ENTRY = [
    (Education.SD, "I"),
    (Education.SLTP, "IV"),
    (Education.SLTP_KEJURUAN, "IV"),
    (Education.SLTA, "V"),
    (Education.D1, "V"),
    (Education.D2, "VI"),
    (Education.D3, "VII"),
    (Education.S1, "IX"),
    (Education.D4, "IX"),
    (Education.S2, "X"),
    (Education.PROFESI, "X"),
    (Education.S3, "XI"),
]


@pytest.mark.parametrize(("edu", "grade"), EXPECTED_PPPK_ENTRY)
def test_pppk_entry_grade_table(edu: Education, grade: str) -> None:
    assert PPPK_ENTRY_GRADE[edu] == grade
    assert rules.pppk_entry_grade(edu) == grade
    assert rules.pppk_entry_grade(edu.value) == grade


def test_education_rank_follows_the_order() -> None:
    assert [rules.education_rank(e) for e in EDUCATION_ORDER] == list(range(1, 13))
    assert rules.education_rank("SMA") < rules.education_rank("D-III") < rules.education_rank("S1")


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("26-09-1986", date(1986, 9, 26)),
        ("26/09/1986", date(1986, 9, 26)),
        ("26.09.1986", date(1986, 9, 26)),
        ("6-9-1986", date(1986, 9, 6)),
        ("06/09/1986", date(1986, 9, 6)),
        (" 26-09-1986 ", date(1986, 9, 26)),
        ("'26-09-1986", date(1986, 9, 26)),
        ("1986-09-26", date(1986, 9, 26)),
        ("1986/09/26", date(1986, 9, 26)),
        ("1986-09-26 00:00:00", date(1986, 9, 26)),
        ("1986-09-26T08:30", date(1986, 9, 26)),
        ("1986-09-26 08:30:15.250", date(1986, 9, 26)),
        ("26 September 1986", date(1986, 9, 26)),
        ("26 Sept 1986", date(1986, 9, 26)),
        ("26-Sep-1986", date(1986, 9, 26)),
        ("1 Agustus 2015", date(2015, 8, 1)),
        ("1 Agt 2015", date(2015, 8, 1)),
        ("17 Mei 1945", date(1945, 5, 17)),
        ("5 Okt. 2020", date(2020, 10, 5)),
        ("25 Desember 2020", date(2020, 12, 25)),
        ("25 DESEMBER 2020", date(2020, 12, 25)),
        ("3 Nopember 1999", date(1999, 11, 3)),
        (date(1986, 9, 26), date(1986, 9, 26)),
        (datetime(1986, 9, 26, 13, 45), date(1986, 9, 26)),
        # Excel serial numbers, 1900 date system
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (31681, date(1986, 9, 26)),
        (45000, date(2023, 3, 15)),
        (45000.0, date(2023, 3, 15)),
        (45000.75, date(2023, 3, 15)),
        ("45000", date(2023, 3, 15)),
        ("45000.0", date(2023, 3, 15)),
        (2958465, date(9999, 12, 31)),
    ],
)
def test_parse_date(raw: Any, expected: date) -> None:
    assert rules.parse_date(raw) == expected
    assert type(rules.parse_date(raw)) is date


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "date_empty"),
        ("", "date_empty"),
        ("   ", "date_empty"),
        ("31-02-2020", "date_invalid"),
        ("29-02-2023", "date_invalid"),
        ("2023-02-29", "date_invalid"),
        ("00-01-2020", "date_invalid"),
        ("12-13-2020", "date_invalid"),
        ("26-09-86", "date_invalid"),  # two-digit year: ambiguous
        ("26/09-1986", "date_invalid"),  # mixed separators
        ("09/26/1986", "date_invalid"),  # US order: month 26 does not exist
        ("32 Januari 2020", "date_invalid"),
        ("26 Septembre 1986", "date_invalid"),
        ("kemarin", "date_invalid"),
        (60, "date_invalid"),
        ("60", "date_invalid"),
        (0, "date_invalid"),
        (-5, "date_invalid"),
        (0.5, "date_invalid"),
        (2958466, "date_invalid"),
        (float("nan"), "date_invalid"),
        (float("inf"), "date_invalid"),
        (True, "date_invalid"),
        (1986, "date_invalid"),  # a year typed alone, not serial 1986 (a day in 1905)
        ("2024", "date_invalid"),
        (2024.0, "date_invalid"),
        ([2024, 1, 1], "date_invalid"),
    ],
)
def test_parse_date_rejects(raw: Any, code: str) -> None:
    exc = raises_code(code, rules.parse_date, raw)
    assert "dd-mm-yyyy" in exc.message or "kalender" in exc.message


def test_parse_date_messages() -> None:
    exc = raises_code("date_invalid", rules.parse_date, "kemarin")
    for fmt in ("dd-mm-yyyy", "dd/mm/yyyy", "yyyy-mm-dd"):
        assert fmt in exc.message
    assert "tahun saja" in raises_code("date_invalid", rules.parse_date, "1986").message
    assert "29-02-1900" in raises_code("date_invalid", rules.parse_date, 60).message


@PROPERTY
@given(st.dates(min_value=date(1000, 1, 1)))
def test_parse_date_round_trips_text(value: date) -> None:
    for text in (
        value.strftime("%d-%m-%Y"),
        value.strftime("%d/%m/%Y"),
        value.isoformat(),
        f"{value.day} {value.month:02d} {value.year}".replace(" ", "."),
    ):
        assert rules.parse_date(text) == value


@PROPERTY
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_parse_date_round_trips_excel_serials(value: date) -> None:
    serial = (value - date(1899, 12, 30)).days
    if value < date(1900, 3, 1):
        serial -= 1  # before the phantom 29-02-1900
    assume(not 1900 <= serial <= 2100)  # read as a year typed alone
    assert rules.parse_date(serial) == value
    assert rules.parse_date(str(serial)) == value
    assert rules.parse_date(serial + 0.5) == value


@PROPERTY
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats()))
def test_parse_date_only_raises_rule_error(raw: Any) -> None:
    try:
        assert isinstance(rules.parse_date(raw), date)
    except RuleError as exc:
        assert exc.code in {"date_empty", "date_invalid"}


# --- retirement (BUP) -----------------------------------------------------------------------------

EXPECTED_BUP_ROWS = [
    (PositionKind.JPT_UTAMA, "", 60),
    (PositionKind.JPT_MADYA, "", 60),
    (PositionKind.JPT_PRATAMA, "", 60),
    (PositionKind.ADMINISTRATOR, "", 58),
    (PositionKind.PENGAWAS, "", 58),
    (PositionKind.PELAKSANA, "", 58),
    (PositionKind.FUNGSIONAL, "", 60),
    (PositionKind.FUNGSIONAL, FunctionalLevel.AHLI_UTAMA, 65),
]


@pytest.mark.parametrize(("kind", "level", "age"), EXPECTED_BUP_ROWS)
def test_default_bup_rows(kind: PositionKind, level: str, age: int) -> None:
    assert DEFAULT_BUP[(kind, level)] == age
    assert DEFAULT_BUP[(str(kind), str(level))] == age  # plain strings, as loaded from the db
    assert rules.retirement_age(kind, level or None) == age


def test_default_bup_has_only_these_rows() -> None:
    assert dict(DEFAULT_BUP) == {(k, lv): a for k, lv, a in EXPECTED_BUP_ROWS}
    with pytest.raises(TypeError):
        DEFAULT_BUP[("pelaksana", "")] = 99  # type: ignore[index]


@pytest.mark.parametrize(
    ("level", "age"),
    [
        (FunctionalLevel.AHLI_PERTAMA, 60),
        (FunctionalLevel.AHLI_MUDA, 60),
        (FunctionalLevel.AHLI_MADYA, 60),
        (FunctionalLevel.AHLI_UTAMA, 65),
        (FunctionalLevel.PEMULA, 60),
        (FunctionalLevel.TERAMPIL, 60),
        (FunctionalLevel.MAHIR, 60),
        (FunctionalLevel.PENYELIA, 60),
        (None, 60),
        ("", 60),
    ],
)
def test_retirement_age_functional_levels(level: FunctionalLevel | str | None, age: int) -> None:
    assert rules.retirement_age(PositionKind.FUNGSIONAL, level) == age
    assert rules.retirement_age("fungsional", str(level) if level else None) == age


@pytest.mark.parametrize("kind", list(PositionKind))
@pytest.mark.parametrize("level", [None, *FunctionalLevel])
def test_retirement_age_every_cell(kind: PositionKind, level: FunctionalLevel | None) -> None:
    age = rules.retirement_age(kind, level)
    if kind is PositionKind.FUNGSIONAL and level is FunctionalLevel.AHLI_UTAMA:
        assert age == 65
    elif kind in (PositionKind.ADMINISTRATOR, PositionKind.PENGAWAS, PositionKind.PELAKSANA):
        assert age == 58
    else:
        assert age == 60


def test_retirement_age_uses_the_given_table() -> None:
    # e.g. a table following PP 11/2017 art. 239, as loaded from the database
    table = {
        ("pelaksana", ""): 58,
        ("fungsional", ""): 58,
        ("fungsional", "ahli_madya"): 60,
        ("fungsional", "ahli_utama"): 65,
    }
    assert rules.retirement_age(PositionKind.FUNGSIONAL, FunctionalLevel.AHLI_MUDA, table) == 58
    assert rules.retirement_age("fungsional", "ahli_madya", table=table) == 60
    assert rules.retirement_age(PositionKind.PELAKSANA, None, table) == 58
    exc = raises_code("bup_unknown", rules.retirement_age, PositionKind.JPT_MADYA, None, table)
    assert "jpt_madya" in exc.message
    raises_code("bup_unknown", rules.retirement_age, "fungsional", "ahli_muda", {})


@pytest.mark.parametrize(
    ("birth", "age", "expected"),
    [
        (date(1966, 9, 26), 58, date(2024, 10, 1)),
        (date(1966, 9, 1), 58, date(2024, 10, 1)),
        (date(1966, 9, 30), 58, date(2024, 10, 1)),
        (date(1970, 12, 1), 60, date(2031, 1, 1)),
        (date(1970, 12, 31), 60, date(2031, 1, 1)),
        (date(1968, 2, 29), 58, date(2026, 3, 1)),
        (date(1960, 1, 31), 65, date(2025, 2, 1)),
    ],
)
def test_retirement_date(birth: date, age: int, expected: date) -> None:
    assert rules.retirement_date(birth, age) == expected


@pytest.mark.parametrize("age", [0, -1, 101])
def test_retirement_date_rejects_impossible_ages(age: int) -> None:
    raises_code("bup_invalid", rules.retirement_date, date(1970, 1, 1), age)


def test_retirement_date_past_year_9999() -> None:
    raises_code("bup_invalid", rules.retirement_date, date(9990, 1, 1), 58)


@PROPERTY
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=50, max_value=70),
)
def test_retirement_date_is_first_of_the_month_after_the_birthday(birth: date, age: int) -> None:
    result = rules.retirement_date(birth, age)
    assert result.day == 1
    # the birthday at that age (29 February falls back to 28 February in common years)
    try:
        birthday = birth.replace(year=birth.year + age)
    except ValueError:
        birthday = date(birth.year + age, 2, 28)
    assert birthday < result <= birthday + timedelta(days=31)
    assert (result.year * 12 + result.month) - (birthday.year * 12 + birthday.month) == 1


# --- every error code has a broken example --------------------------------------------------------


def _agreement(**kwargs: Any) -> None:
    info = rules.parse_nip(NIP, "pns", today=TODAY)
    problems = rules.check_nip_agreement(info, **kwargs)
    assert len(problems) == 1
    raise problems[0]


BROKEN_EXAMPLES: list[tuple[str, Callable[[], object]]] = [
    ("nip_empty", lambda: rules.clean_nip("")),
    ("nip_not_digits", lambda: rules.clean_nip("19860926201505100X")),
    ("nip_length", lambda: rules.clean_nip("1986092620150510")),
    ("nip_scientific", lambda: rules.clean_nip("1.98609E+17")),
    ("nip_digits_lost", lambda: rules.clean_nip(198609262015051001.0)),
    ("nip_birth_date", lambda: rules.parse_nip("198602312015051001", "pns", today=TODAY)),
    ("nip_tmt", lambda: rules.parse_nip("198609262015221001", "pns", today=TODAY)),
    ("nip_tmt_too_early", lambda: rules.parse_nip("198609261999051001", "pns", today=TODAY)),
    ("nip_tmt_future", lambda: rules.parse_nip("198609262099051001", "pns", today=TODAY)),
    ("nip_gender_digit", lambda: rules.parse_nip("198609262015057001", "pns", today=TODAY)),
    ("nip_sequence", lambda: rules.parse_nip("198609262015051000", "pns", today=TODAY)),
    (
        "nip_birth_date_mismatch",
        lambda: _agreement(birth_date=date(1986, 6, 29), gender=Gender.MALE),
    ),
    ("nip_gender_mismatch", lambda: _agreement(birth_date=date(1986, 9, 26), gender="P")),
    (
        "nip_tmt_mismatch",
        lambda: _agreement(birth_date=date(1986, 9, 26), gender="L", tmt_cpns=date(2015, 1, 1)),
    ),
    ("nik_empty", lambda: rules.parse_nik(" ", today=TODAY)),
    ("nik_not_digits", lambda: rules.parse_nik("3374-01-2609860001x", today=TODAY)),
    ("nik_length", lambda: rules.parse_nik("337401260986", today=TODAY)),
    ("nik_scientific", lambda: rules.parse_nik("3,37401E+15", today=TODAY)),
    ("nik_digits_lost", lambda: rules.parse_nik(3374012609860001.0, today=TODAY)),
    ("nik_province", lambda: rules.parse_nik("9974012609860001", today=TODAY)),
    ("nik_regency", lambda: rules.parse_nik("3300012609860001", today=TODAY)),
    ("nik_district", lambda: rules.parse_nik("3374002609860001", today=TODAY)),
    ("nik_birth_date", lambda: rules.parse_nik("3374013502860001", today=TODAY)),
    ("nik_serial", lambda: rules.parse_nik("3374012609860000", today=TODAY)),
    ("employment_type_unknown", lambda: rules.parse_nip(NIP, "honorer", today=TODAY)),
    ("gender_unknown", lambda: rules.gender_from_label("X")),
    ("golongan_unknown", lambda: rules.normalise_golongan("V/a")),
    ("education_unknown", lambda: rules.normalise_education("S4")),
    ("date_empty", lambda: rules.parse_date(None)),
    ("date_invalid", lambda: rules.parse_date("31/02/2020")),
    ("bup_unknown", lambda: rules.retirement_age("honorer", None)),
    ("bup_invalid", lambda: rules.retirement_date(date(1970, 1, 1), 0)),
]


@pytest.mark.parametrize(("code", "broken"), BROKEN_EXAMPLES, ids=[c for c, _ in BROKEN_EXAMPLES])
def test_every_error_code_has_a_broken_example(code: str, broken: Callable[[], object]) -> None:
    with pytest.raises(RuleError) as info:
        broken()
    exc = info.value
    assert exc.code == code
    # an Indonesian message that neither repeats the code nor is empty
    assert len(exc.message) > 20
    assert code not in exc.message
    assert exc.message[0].isupper() or exc.message[0] in "'\""


def test_broken_examples_cover_every_error_code() -> None:
    assert [c for c, _ in BROKEN_EXAMPLES] == sorted(
        {c for c, _ in BROKEN_EXAMPLES}, key=[c for c, _ in BROKEN_EXAMPLES].index
    )
    assert {c for c, _ in BROKEN_EXAMPLES} == ERROR_CODES
