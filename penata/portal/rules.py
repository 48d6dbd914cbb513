"""The public portal's rules as pure functions: the IKM score (PermenPANRB 14/2017), small-group
suppression of published counts, complaint tracking codes and status transitions.

No Django import. The IKM values (elements, weights, conversion, category bands, minimum
respondents) live in ``data/ikm_permenpanrb_14_2017.json`` with the rule cited; this module
only reads them.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "ikm_permenpanrb_14_2017.json"

# --- IKM (Indeks Kepuasan Masyarakat) ---------------------------------------------------------


@dataclass(frozen=True)
class Element:
    code: str
    name: str
    question: str
    weight: Fraction


@dataclass(frozen=True)
class Band:
    """A row of the regulation's table: the converted index from ``low`` to ``high``."""

    low: Decimal
    high: Decimal
    mutu: str
    kinerja: str


@dataclass(frozen=True)
class IkmTable:
    rule: str
    scale_min: int
    scale_max: int
    factor: int
    decimals: int
    elements: tuple[Element, ...]
    answers: tuple[tuple[int, str], ...]
    bands: tuple[Band, ...]
    min_respondents: int
    min_respondents_note: str


@cache
def ikm_table() -> IkmTable:
    """The regulation's table, read once from the data file."""
    raw: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return IkmTable(
        rule=raw["rule"],
        scale_min=int(raw["scale"]["min"]),
        scale_max=int(raw["scale"]["max"]),
        factor=int(raw["conversion_factor"]),
        decimals=int(raw["decimals"]),
        elements=tuple(
            Element(e["code"], e["name"], e["question"], Fraction(e["weight"]))
            for e in raw["elements"]
        ),
        answers=tuple((int(a["score"]), a["label"]) for a in raw["answers"]),
        bands=tuple(
            Band(Decimal(b["min"]), Decimal(b["max"]), b["mutu"], b["kinerja"])
            for b in raw["bands"]
        ),
        min_respondents=int(raw["minimum_respondents"]["default"]),
        min_respondents_note=raw["minimum_respondents"]["note"],
    )


def element_codes() -> list[str]:
    return [e.code for e in ikm_table().elements]


def _quantise(value: Decimal | Fraction, decimals: int) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def ikm_from_means(means: Mapping[str, float | Fraction | Decimal]) -> Decimal:
    """The converted index (25–100) from the mean score of each element (NRR per unsur):
    Σ NRR × weight (1/9 each) × 25, rounded half-up to the table's two decimals.

    Every element must have a mean within the scale; a missing element is an error, not a 0.
    """
    table = ikm_table()
    total = Fraction(0)
    for e in table.elements:
        if e.code not in means:
            raise ValueError(f"unsur {e.code} ({e.name}) tidak punya nilai rata-rata")
        raw = means[e.code]
        m = raw if isinstance(raw, Fraction) else Fraction(str(raw))
        if not table.scale_min <= m <= table.scale_max:
            raise ValueError(f"nilai rata-rata unsur {e.code} di luar skala 1-4: {m}")
        total += m * e.weight
    return _quantise(total * table.factor, table.decimals)


def ikm_from_sums(sums: Mapping[str, int], n: int) -> Decimal:
    """The converted index from the sum of scores of each element over ``n`` respondents; exact
    (fractions), so the same answers always give the same two decimals."""
    if n <= 0:
        raise ValueError("tanpa responden tidak ada indeks")
    return ikm_from_means({k: Fraction(v, n) for k, v in sums.items()})


def ikm_band(index: Decimal) -> Band:
    """The mutu and kinerja of a converted index, from the regulation's table. The index is
    rounded to the table's decimals first, so the bands leave no gap (64.99 | 65.00)."""
    table = ikm_table()
    value = _quantise(Decimal(index), table.decimals)
    if not table.bands[0].low <= value <= table.bands[-1].high:
        raise ValueError(f"indeks {value} di luar rentang 25-100")
    for band in reversed(table.bands):
        if value >= band.low:
            return band
    raise AssertionError("unreachable")  # pragma: no cover


def valid_score(value: Any) -> bool:
    table = ikm_table()
    return isinstance(value, int) and table.scale_min <= value <= table.scale_max


def period_of(day: dt.date) -> str:
    """The survey period a date belongs to: semester, ``2026-S1`` (Jan–Jun) or ``2026-S2``."""
    return f"{day.year}-S{1 if day.month <= 6 else 2}"


def period_label(period: str) -> str:
    year, _sep, sem = period.partition("-S")
    return f"Semester {sem} {year}" if sem in ("1", "2") else period


# --- small-group suppression ------------------------------------------------------------------

DEFAULT_MIN_CELL = 5


@dataclass
class SuppressedTable:
    """A table of counts with what may be published: ``cells[r][c]`` is the count or None when
    hidden; ``row_totals``, ``col_totals`` and ``total`` likewise."""

    rows: list[str]
    cols: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    total: int | None
    k: int

    def hidden_cells(self) -> int:
        return sum(1 for row in self.cells for v in row if v is None)


def _protect_line(values: list[int], hidden: set[int], k: int) -> set[int]:
    """Indices to hide in one line (a row or a column whose total is published) so that its
    hidden cells are none, or at least two holding at least ``k`` people together: while the
    remainder a reader can compute (total − shown) is between 1 and k − 1, or only one cell is
    hidden (the remainder would be that cell), the smallest shown non-zero cell is hidden too.
    Zero cells reveal nothing and stay shown."""
    out = set(hidden)
    remainder = sum(values[i] for i in out)
    shown = sorted((values[i], i) for i in range(len(values)) if i not in out and values[i] > 0)
    while (0 < remainder < k or len([i for i in out if values[i] > 0]) == 1) and shown:
        v, i = shown.pop(0)
        out.add(i)
        remainder += v
    return out


def _line_safe(values: list[int], hidden: set[int], k: int) -> bool:
    nonzero = [values[i] for i in hidden if values[i] > 0]
    return not nonzero or (len(nonzero) >= 2 and sum(nonzero) >= k)


def suppress(
    rows: Sequence[str], cols: Sequence[str], counts: Mapping[tuple[str, str], int], k: int
) -> SuppressedTable:
    """Primary suppression (a cell counting 1 … k − 1 is hidden) and complementary suppression
    (in every row and every column, whose totals are published, the hidden cells are none or at
    least two holding at least ``k`` together), repeated until nothing changes. A row or column
    total below ``k`` is hidden with its whole line; the line totals are protected against the
    grand total the same way (a further line is then hidden whole).

    Then no published number counts fewer than ``k`` people (other than 0), and no difference
    of published numbers along a row or a column isolates one hidden cell or fewer than ``k``
    people.
    """
    if k < 1:
        raise ValueError("k must be positive")
    nr, nc = len(rows), len(cols)
    grid = [[int(counts.get((r, c), 0)) for c in cols] for r in rows]
    row_totals = [sum(r) for r in grid]
    col_totals = [sum(grid[i][j] for i in range(nr)) for j in range(nc)]
    hidden = {(i, j) for i in range(nr) for j in range(nc) if 0 < grid[i][j] < k}
    hidden_rows: set[int] = set()
    hidden_cols: set[int] = set()
    while True:
        before = (len(hidden), len(hidden_rows), len(hidden_cols))
        for i in range(nr):
            h = {j for j in range(nc) if (i, j) in hidden}
            new = _protect_line(grid[i], h, k)
            hidden |= {(i, j) for j in new}
            if i not in hidden_rows and not _line_safe(grid[i], new, k):
                hidden_rows.add(i)  # cannot be protected within the row: hide its total
        for j in range(nc):
            col = [grid[i][j] for i in range(nr)]
            h = {i for i in range(nr) if (i, j) in hidden}
            new = _protect_line(col, h, k)
            hidden |= {(i, j) for i in new}
            if j not in hidden_cols and not _line_safe(col, new, k):
                hidden_cols.add(j)
        small_rows = {i for i, t in enumerate(row_totals) if 0 < t < k} | hidden_rows
        small_cols = {j for j, t in enumerate(col_totals) if 0 < t < k} | hidden_cols
        hidden_rows = _protect_line(row_totals, small_rows, k) if nr > 1 else small_rows
        hidden_cols = _protect_line(col_totals, small_cols, k) if nc > 1 else small_cols
        # A hidden line total hides its whole line (else the cells would add up to it).
        hidden |= {(i, j) for i in hidden_rows for j in range(nc) if grid[i][j] > 0}
        hidden |= {(i, j) for j in hidden_cols for i in range(nr) if grid[i][j] > 0}
        if (len(hidden), len(hidden_rows), len(hidden_cols)) == before:
            break
    total = sum(row_totals)
    return SuppressedTable(
        rows=list(rows),
        cols=list(cols),
        cells=[[None if (i, j) in hidden else grid[i][j] for j in range(nc)] for i in range(nr)],
        row_totals=[None if i in hidden_rows else t for i, t in enumerate(row_totals)],
        col_totals=[None if j in hidden_cols else t for j, t in enumerate(col_totals)],
        total=None if 0 < total < k else total,
        k=k,
    )


def suppress_counts(counts: Mapping[str, int], k: int) -> tuple[dict[str, int | None], int | None]:
    """A one-way breakdown (one column) with its total: hidden groups are None."""
    keys = list(counts)
    table = suppress(keys, ["n"], {(g, "n"): n for g, n in counts.items()}, k)
    return {g: table.cells[i][0] for i, g in enumerate(keys)}, table.total


def share(part: int | None, whole: int | None) -> float | None:
    """A percentage with one decimal, or None when either number is hidden or the whole is 0."""
    if part is None or not whole:
        return None
    return round(100.0 * part / whole, 1)


# --- complaints (aduan) -----------------------------------------------------------------------

# No 0/O, 1/I/L, 5/S, 2/Z: a code read over the phone or copied by hand must not be mistyped.
CODE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 10  # 27^10 ≈ 2 × 10^14 codes: not guessable under the lookup rate limit


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """``ABCDE-FGHJK``: two groups of five, as printed for the citizen."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def normalise_code(raw: str) -> str:
    """What the citizen typed, as stored: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in (raw or "").upper() if ch not in " -\t")


def code_is_wellformed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


class ComplaintStatus(enum.StrEnum):
    DITERIMA = "diterima"
    DIPROSES = "diproses"
    SELESAI = "selesai"
    DITOLAK = "ditolak"


TRANSITIONS: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    ComplaintStatus.DITERIMA: frozenset(
        {ComplaintStatus.DIPROSES, ComplaintStatus.SELESAI, ComplaintStatus.DITOLAK}
    ),
    ComplaintStatus.DIPROSES: frozenset({ComplaintStatus.SELESAI, ComplaintStatus.DITOLAK}),
    ComplaintStatus.SELESAI: frozenset(),
    ComplaintStatus.DITOLAK: frozenset(),
}
CLOSED = frozenset({ComplaintStatus.SELESAI, ComplaintStatus.DITOLAK})


def can_move(current: str, new: str) -> bool:
    return ComplaintStatus(new) in TRANSITIONS[ComplaintStatus(current)]


def is_overdue(
    *, status: str, due_at: dt.datetime, closed_at: dt.datetime | None, now: dt.datetime
) -> bool:
    """Past the SLA: still open after ``due_at``, or closed after it."""
    if ComplaintStatus(status) in CLOSED:
        return closed_at is not None and closed_at > due_at
    return now > due_at


def response_days(created_at: dt.datetime, closed_at: dt.datetime | None) -> float | None:
    if closed_at is None:
        return None
    return round((closed_at - created_at).total_seconds() / 86400, 1)
