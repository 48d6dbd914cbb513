"""The pure rules: APBD code formats, whole-Rupiah arithmetic (hypothesis), reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from penata.funding import rules

AMOUNTS = st.integers(min_value=0, max_value=10**15)


@pytest.mark.parametrize(
    ("program", "activity", "sub", "bad"),
    [
        ("5.03.02", "5.03.02.2.01", "5.03.02.2.01.0001", set()),
        ("5.03.02", "5.03.02.2.01", "5.03.02.2.01.01", set()),  # Permendagri 90/2019 form
        ("5.3.02", "5.03.02.2.01", "5.03.02.2.01.0001", {"program_code"}),
        ("5.03.02", "5.03.02.2", "5.03.02.2.01.0001", {"activity_code"}),
        ("5.03.02", "5.03.03.2.01", "5.03.03.2.01.0001", {"activity_code"}),
        ("5.03.02", "5.03.02.2.01", "5.03.02.2.02.0001", {"sub_activity_code"}),
        ("5.03.02", "5.03.02.2.01", "5.03.02.2.01.001", {"sub_activity_code"}),
        ("", "", "", {"program_code", "activity_code", "sub_activity_code"}),
    ],
)
def test_apbd_codes(program: str, activity: str, sub: str, bad: set[str]) -> None:
    errors = rules.apbd_code_errors(program, activity, sub)
    assert set(errors) == bad
    for message in errors.values():
        assert "contoh" in message or "awali" in message


@given(AMOUNTS)
def test_format_then_parse_is_identity(amount: int) -> None:
    text = rules.format_rupiah(amount)
    assert text.startswith("Rp ")
    assert rules.parse_rupiah(text) == amount
    assert rules.parse_rupiah(str(amount)) == amount


@pytest.mark.parametrize("text", ["1.250.000,50", "12,5", "-5.000", "1.25.000", "satu juta", "1e6"])
def test_parse_refuses_non_whole_rupiah(text: str) -> None:
    with pytest.raises(ValueError) as exc:
        rules.parse_rupiah(text)
    assert "Rupiah" in str(exc.value) or "Nilai" in str(exc.value)


def test_format_refuses_floats() -> None:
    with pytest.raises(TypeError):
        rules.format_rupiah(1.5)  # type: ignore[arg-type]


@given(AMOUNTS, AMOUNTS, AMOUNTS)
def test_line_position_balances(ceiling: int, committed: int, realised: int) -> None:
    pos = rules.LinePosition(ceiling, committed, realised)
    assert pos.committed + pos.realised + pos.available == pos.ceiling
    assert isinstance(pos.available, int) and isinstance(pos.percent_used, int)
    if ceiling and pos.used <= ceiling:
        assert 0 <= pos.percent_used <= 100


@given(AMOUNTS, AMOUNTS, AMOUNTS, AMOUNTS)
def test_fits_exactly_at_the_ceiling(
    ceiling: int, committed: int, realised: int, extra: int
) -> None:
    pos = rules.LinePosition(ceiling, committed, realised)
    assert rules.fits(pos, extra) == (committed + realised + extra <= ceiling)


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 10**9)), max_size=50))
def test_seat_cost_is_exact_integer_sum(pairs: list[tuple[int, int]]) -> None:
    total = rules.seat_cost(pairs)
    assert isinstance(total, int)
    assert total == sum(n * p for n, p in pairs)
    # per-program totals add up to the line total exactly (no rounding anywhere)
    half = len(pairs) // 2
    assert rules.seat_cost(pairs[:half]) + rules.seat_cost(pairs[half:]) == total


@given(AMOUNTS, st.integers(1, 1000))
def test_share_sums_exactly(amount: int, parts: int) -> None:
    shares = rules.share(amount, parts)
    assert sum(shares) == amount and len(shares) == parts
    assert max(shares) - min(shares) <= 1


@pytest.mark.parametrize(
    ("left", "expected"),
    [(120, None), (91, None), (90, 90), (45, 90), (30, 30), (8, 30), (7, 7), (0, 7), (-1, None)],
)
def test_reminder_due(left: int, expected: int | None) -> None:
    today = dt.date(2030, 1, 1)
    assert rules.reminder_due(today + dt.timedelta(days=left), today, (90, 30, 7)) == expected
