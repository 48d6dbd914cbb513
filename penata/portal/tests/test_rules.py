"""The IKM score (PermenPANRB 14/2017) cell by cell, small-group suppression, tracking codes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penata.portal import rules

CODES = [f"u{i}" for i in range(1, 10)]


def _all(m: str) -> dict[str, Fraction]:
    return dict.fromkeys(CODES, Fraction(m))


def test_table_is_the_regulation() -> None:
    t = rules.ikm_table()
    assert "14/2017" in t.rule
    assert [e.name for e in t.elements] == [
        "Persyaratan",
        "Sistem, Mekanisme dan Prosedur",
        "Waktu Penyelesaian",
        "Biaya/Tarif",
        "Produk Spesifikasi Jenis Pelayanan",
        "Kompetensi Pelaksana",
        "Perilaku Pelaksana",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Sarana dan Prasarana",
    ]
    assert all(e.weight == Fraction(1, 9) for e in t.elements)
    assert sum(e.weight for e in t.elements) == 1
    assert t.factor == 25
    assert [(str(b.low), str(b.high), b.mutu, b.kinerja) for b in t.bands] == [
        ("25.00", "64.99", "D", "Tidak Baik"),
        ("65.00", "76.60", "C", "Kurang Baik"),
        ("76.61", "88.30", "B", "Baik"),
        ("88.31", "100.00", "A", "Sangat Baik"),
    ]


# Each row of the regulation's table at both edges: the mean per element on the 1–4 scale (the
# regulation's NI interval: 1.00–2.5996 D, 2.60–3.064 C, 3.0644–3.532 B, 3.5324–4.00 A), the
# converted index, mutu and kinerja.
BOUNDARIES = [
    ("1", "25.00", "D", "Tidak Baik"),
    ("2.5996", "64.99", "D", "Tidak Baik"),
    ("2.6", "65.00", "C", "Kurang Baik"),
    ("3.064", "76.60", "C", "Kurang Baik"),
    ("3.0644", "76.61", "B", "Baik"),
    ("3.532", "88.30", "B", "Baik"),
    ("3.5324", "88.31", "A", "Sangat Baik"),
    ("4", "100.00", "A", "Sangat Baik"),
]


@pytest.mark.parametrize(("mean", "index", "mutu", "kinerja"), BOUNDARIES)
def test_category_boundaries(mean: str, index: str, mutu: str, kinerja: str) -> None:
    value = rules.ikm_from_means(_all(mean))
    assert value == Decimal(index)
    band = rules.ikm_band(value)
    assert (band.mutu, band.kinerja) == (mutu, kinerja)


@pytest.mark.parametrize(
    ("index", "mutu"),
    [
        ("64.99", "D"),
        ("64.994", "D"),  # rounds to 64.99
        ("64.995", "C"),  # rounds half up to 65.00
        ("76.60", "C"),
        ("76.604", "C"),
        ("76.605", "B"),
        ("88.30", "B"),
        ("88.305", "A"),
    ],
)
def test_band_rounds_to_two_decimals_first(index: str, mutu: str) -> None:
    assert rules.ikm_band(Decimal(index)).mutu == mutu


def test_band_outside_scale_is_refused() -> None:
    with pytest.raises(ValueError):
        rules.ikm_band(Decimal("24.99"))
    with pytest.raises(ValueError):
        rules.ikm_band(Decimal("100.01"))


def test_weighted_mean_of_element_means() -> None:
    # Element means 3.0 ×4, 3.5 ×3, 2.5, 4.0: (12 + 10.5 + 2.5 + 4) / 9 = 29/9 → × 25 = 80.555…
    means = dict(zip(CODES, ["3", "3", "3", "3", "3.5", "3.5", "3.5", "2.5", "4"], strict=True))
    assert rules.ikm_from_means(means) == Decimal("80.56")
    assert rules.ikm_band(Decimal("80.56")).mutu == "B"


def test_from_sums_is_exact() -> None:
    # 3 respondents, every element answered 3, 3, 4: mean 10/3 → 83.333… → 83.33
    sums = dict.fromkeys(CODES, 10)
    assert rules.ikm_from_sums(sums, 3) == Decimal("83.33")


def test_missing_element_or_out_of_scale_is_an_error() -> None:
    with pytest.raises(ValueError, match="u9"):
        rules.ikm_from_means({c: 3 for c in CODES[:8]})
    with pytest.raises(ValueError):
        rules.ikm_from_means(_all("4.5"))
    with pytest.raises(ValueError):
        rules.ikm_from_sums(dict.fromkeys(CODES, 0), 0)


@settings(deadline=None)
@given(st.lists(st.integers(1, 4), min_size=9, max_size=9))
def test_index_always_in_range(scores: list[int]) -> None:
    value = rules.ikm_from_means(dict(zip(CODES, scores, strict=True)))
    assert Decimal("25") <= value <= Decimal("100")
    assert rules.ikm_band(value).mutu in "ABCD"


def test_period_of() -> None:
    assert rules.period_of(dt.date(2026, 6, 30)) == "2026-S1"
    assert rules.period_of(dt.date(2026, 7, 1)) == "2026-S2"
    assert rules.period_label("2026-S2") == "Semester 2 2026"


# --- suppression ------------------------------------------------------------------------------


def _check_line(values: list[int], shown: list[int | None], k: int) -> None:
    hidden = [v for v, s in zip(values, shown, strict=True) if s is None and v > 0]
    assert len(hidden) != 1, (values, shown)
    assert sum(hidden) == 0 or sum(hidden) >= k, (values, shown)


def _check(counts: dict[tuple[str, str], int], rows: list[str], cols: list[str], k: int) -> None:
    t = rules.suppress(rows, cols, counts, k)
    grid = [[counts.get((r, c), 0) for c in cols] for r in rows]
    for i in range(len(rows)):
        for j in range(len(cols)):
            v = t.cells[i][j]
            assert v is None or v == 0 or v >= k
            assert v is None or v == grid[i][j]
    for i in range(len(rows)):
        if t.row_totals[i] is not None:
            _check_line(grid[i], t.cells[i], k)
        else:
            assert all(v is None or v == 0 for v in t.cells[i])
    for j in range(len(cols)):
        if t.col_totals[j] is not None:
            _check_line([g[j] for g in grid], [c[j] for c in t.cells], k)
    if t.total is not None:
        _check_line([sum(g) for g in grid], t.row_totals, k)
        _check_line([sum(g[j] for g in grid) for j in range(len(cols))], t.col_totals, k)
    for v in [*t.row_totals, *t.col_totals, t.total]:
        assert v is None or v == 0 or v >= k


def test_primary_and_complementary_suppression_in_a_row() -> None:
    # Men 3 (hidden), women 40: the row total 43 would give 3 away, so 40 hides too.
    t = rules.suppress(
        ["A", "B"], ["L", "P"], {("A", "L"): 3, ("A", "P"): 40, ("B", "L"): 20, ("B", "P"): 30}, 5
    )
    assert t.cells[0] == [None, None]
    assert t.row_totals == [43, 50]
    # …and in each column a second cell hides, so the column totals give nothing away.
    assert t.cells[1] == [None, None]
    assert t.total == 93
    _check(
        {("A", "L"): 3, ("A", "P"): 40, ("B", "L"): 20, ("B", "P"): 30}, ["A", "B"], ["L", "P"], 5
    )


def test_one_way_two_small_groups_together_reach_k() -> None:
    shown, total = rules.suppress_counts({"a": 2, "b": 3, "c": 50}, 5)
    assert shown == {"a": None, "b": None, "c": 50}
    assert total == 55


def test_one_way_single_small_group_takes_the_next_smallest() -> None:
    shown, _total = rules.suppress_counts({"a": 2, "b": 9, "c": 50}, 5)
    assert shown == {"a": None, "b": None, "c": 50}


def test_small_total_hides_everything() -> None:
    shown, total = rules.suppress_counts({"a": 1, "b": 2}, 5)
    assert shown == {"a": None, "b": None}
    assert total is None


def test_zero_cells_stay_shown() -> None:
    shown, total = rules.suppress_counts({"a": 0, "b": 7, "c": 9}, 5)
    assert shown == {"a": 0, "b": 7, "c": 9}
    assert total == 16


def test_threshold_is_configurable() -> None:
    shown, _t = rules.suppress_counts({"a": 6, "b": 40, "c": 50}, 10)
    assert shown["a"] is None and shown["b"] is None


def test_small_row_total_is_hidden_with_a_partner_row() -> None:
    counts = {
        ("A", "L"): 1,
        ("A", "P"): 2,
        ("B", "L"): 30,
        ("B", "P"): 30,
        ("C", "L"): 12,
        ("C", "P"): 9,
    }
    t = rules.suppress(["A", "B", "C"], ["L", "P"], counts, 5)
    assert t.row_totals[0] is None
    # The grand total minus the shown rows must not reveal row A alone.
    assert sum(1 for v in t.row_totals if v is None) >= 2
    _check(counts, ["A", "B", "C"], ["L", "P"], 5)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=1, max_size=6),
    st.integers(2, 8),
)
def test_suppression_properties(grid: list[list[int]], k: int) -> None:
    rows = [f"r{i}" for i in range(len(grid))]
    cols = ["a", "b", "c"]
    counts = {(rows[i], cols[j]): v for i, row in enumerate(grid) for j, v in enumerate(row)}
    _check(counts, rows, cols, k)


# --- tracking codes and transitions -----------------------------------------------------------


def test_tracking_code_is_typable_and_unambiguous() -> None:
    codes = {rules.new_tracking_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert rules.code_is_wellformed(code)
        assert not set(code) & set("01OILSZ25")
        shown = rules.format_code(code)
        assert shown[5] == "-"
        assert rules.normalise_code(shown.lower()) == code
        assert rules.normalise_code(f" {shown[:5]} {shown[6:]} ") == code


def test_transitions() -> None:
    assert rules.can_move("diterima", "diproses")
    assert rules.can_move("diterima", "selesai")
    assert rules.can_move("diproses", "ditolak")
    assert not rules.can_move("selesai", "diproses")
    assert not rules.can_move("ditolak", "selesai")
    assert not rules.can_move("diproses", "diterima")


def test_overdue() -> None:
    due = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    before, after = due - dt.timedelta(hours=1), due + dt.timedelta(hours=1)
    assert rules.is_overdue(status="diterima", due_at=due, closed_at=None, now=after)
    assert not rules.is_overdue(status="diproses", due_at=due, closed_at=None, now=before)
    assert rules.is_overdue(status="selesai", due_at=due, closed_at=after, now=after)
    assert not rules.is_overdue(status="selesai", due_at=due, closed_at=before, now=after)
