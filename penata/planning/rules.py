"""Workload analysis (ABK) and redistribution as pure functions: no Django import.

PermenPANRB 1/2020 (analisis jabatan dan analisis beban kerja):

- workload of a task = yearly volume × standard time per unit (norma waktu, minutes);
- staff needed for a position = Σ workload ÷ effective working time (1,250 h = 75,000 min a
  year, a setting);
- job efficiency EJ = workload ÷ (staff in post × effective time), graded in bands
  A > 1.00, B 0.90–1.00, C 0.70–0.89, D 0.50–0.69, E < 0.50 (the bands are data).

Redistribution is a maximum-weight bipartite matching with a cap per source position (no more
people leave a position than its surplus): a network-flow problem whose linear program has
integral optima. It is solved exactly as a rectangular assignment problem
(``scipy.optimize.linear_sum_assignment``, the caps as "stay" columns) and, as an independent
check in the tests, as an integer program (HiGHS, ``scipy.optimize.milp``). A greedy assignment
is the baseline it is measured against.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

EFFECTIVE_MINUTES_DEFAULT = 75_000  # 1,250 hours × 60


def task_workload(volume: float, minutes: float) -> float:
    """Workload of one task in minutes a year: volume × norma waktu."""
    if volume < 0 or minutes < 0:
        raise ValueError("volume and minutes must not be negative")
    return float(volume) * float(minutes)


def staff_needed(workload_minutes: float, effective_minutes: float) -> float:
    """Staff needed (fractional) = workload ÷ effective working time."""
    if effective_minutes <= 0:
        raise ValueError("effective working time must be positive")
    return workload_minutes / effective_minutes


def rounded_need(needed: float) -> int:
    """The whole number of staff needed: rounded half up (0.5 → 1), as the ABK forms do."""
    return int(Decimal(str(needed)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def job_efficiency(workload_minutes: float, staff: int, effective_minutes: float) -> float | None:
    """EJ = workload ÷ (staff × effective time); ``None`` when nobody is in post."""
    if staff <= 0:
        return None
    return workload_minutes / (staff * effective_minutes)


@dataclass(frozen=True)
class Band:
    """A job-efficiency band: EJ ≥ ``lower`` (or > ``lower`` when ``strict``)."""

    code: str
    lower: float
    strict: bool = False

    def contains(self, ej: float) -> bool:
        return ej > self.lower if self.strict else ej >= self.lower


# PermenPANRB 1/2020 bands; the database copy (planning.EfficiencyBand) is what the app uses.
DEFAULT_BANDS: tuple[Band, ...] = (
    Band("A", 1.00, strict=True),
    Band("B", 0.90),
    Band("C", 0.70),
    Band("D", 0.50),
    Band("E", 0.0),
)


def band_for(ej: float | None, bands: Sequence[Band] = DEFAULT_BANDS) -> str:
    """The band of an efficiency, checked from the highest band down; "" when unknown.

    EJ is compared rounded to two decimals, as the regulation prints it (0.895 → 0.90 → B)."""
    if ej is None:
        return ""
    value = round(ej + 1e-12, 2)
    for band in sorted(bands, key=lambda b: (b.lower, b.strict), reverse=True):
        if band.contains(value):
            return band.code
    return bands[-1].code if bands else ""


def balance(needed: int, in_post: int) -> int:
    """Positive: surplus (more in post than needed); negative: shortage."""
    return in_post - needed


# --- redistribution ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A person in a surplus position who may move."""

    employee_id: int
    position_id: int
    family: str
    kind: str
    rank_order: int
    education_order: int
    years_to_retirement: float
    opd_id: int
    unit_id: int


@dataclass(frozen=True)
class Place:
    """One open place (a unit of shortage) in a position."""

    position_id: int
    family: str
    kind: str
    min_rank_order: int | None
    max_rank_order: int | None
    min_education_order: int | None
    opd_id: int
    unit_id: int


@dataclass(frozen=True)
class Policy:
    """The eligibility knobs (settings)."""

    min_years_to_retirement: float = 2.0


def eligibility(c: Candidate, p: Place, policy: Policy = Policy()) -> tuple[bool, list[str]]:
    """Whether ``c`` may fill ``p``, with the reasons (Indonesian) either way.

    Eligible when: a different position; same position family, or the same kind of position
    with the education the place requires; rank within the place's range; not retiring within
    ``policy.min_years_to_retirement`` years."""
    reasons: list[str] = []
    if c.position_id == p.position_id:
        return False, ["jabatan yang sama"]
    same_family = bool(c.family) and c.family == p.family
    if same_family:
        reasons.append(f"rumpun jabatan sama ({c.family})")
    else:
        if c.kind != p.kind:
            return False, ["rumpun dan jenis jabatan berbeda"]
        if p.min_education_order is None or c.education_order < p.min_education_order:
            return False, ["rumpun berbeda dan pendidikan tidak memenuhi syarat"]
        reasons.append("jenis jabatan sama dan pendidikan memenuhi syarat")
    if p.min_rank_order is not None and c.rank_order < p.min_rank_order:
        return False, ["golongan di bawah syarat jabatan"]
    if p.max_rank_order is not None and c.rank_order > p.max_rank_order:
        return False, ["golongan di atas rentang jabatan"]
    reasons.append("golongan dalam rentang syarat")
    if c.years_to_retirement < policy.min_years_to_retirement:
        return False, [f"pensiun dalam {c.years_to_retirement:.1f} tahun"]
    reasons.append(f"pensiun {c.years_to_retirement:.0f} tahun lagi")
    if c.unit_id == p.unit_id:
        reasons.append("unit kerja sama")
    elif c.opd_id == p.opd_id:
        reasons.append("OPD sama (lokasi dekat)")
    return True, reasons


def preference(c: Candidate, p: Place) -> int:
    """Tie-breaking bonus among eligible pairs: same family 2, same OPD 2, same unit 1."""
    bonus = 0
    if c.family and c.family == p.family:
        bonus += 2
    if c.opd_id == p.opd_id:
        bonus += 2
    if c.unit_id == p.unit_id:
        bonus += 1
    return bonus


MAX_PREFERENCE = 5


@dataclass
class Assignment:
    pairs: list[tuple[int, int]]  # (candidate index, place index)
    covered: int
    bonus: int
    seconds: float
    method: str
    stats: dict[str, float] = field(default_factory=dict)


def eligible_pairs(
    candidates: Sequence[Candidate], places: Sequence[Place], policy: Policy = Policy()
) -> list[tuple[int, int, int]]:
    """(candidate index, place index, preference) for every eligible pair.

    Places are grouped by position (the places of one position share its requirements): the
    check runs once per (candidate, position)."""
    by_position: dict[int, list[int]] = {}
    for j, p in enumerate(places):
        by_position.setdefault(p.position_id, []).append(j)
    out: list[tuple[int, int, int]] = []
    for i, c in enumerate(candidates):
        for js in by_position.values():
            p = places[js[0]]
            ok, _r = eligibility(c, p, policy)
            if ok:
                pref = preference(c, p)
                out.extend((i, j, pref) for j in js)
    return out


def _weight_base(n_cand: int, n_places: int) -> int:
    # One more place covered must outweigh any gain in preferences: lexicographic objective.
    return (min(n_cand, n_places) + 1) * MAX_PREFERENCE + 1


def assign_optimal(
    candidates: Sequence[Candidate],
    places: Sequence[Place],
    source_caps: dict[int, int] | None = None,
    policy: Policy = Policy(),
    pairs: list[tuple[int, int, int]] | None = None,
) -> Assignment:
    """Cover the most places, then the most preference, moving each candidate at most once,
    each place at most once, and at most ``source_caps[position]`` people out of a position.

    Exact, as a rectangular assignment problem (``scipy.optimize.linear_sum_assignment``): a
    position with ``n`` candidates and cap ``c`` gets ``n − c`` "stay" columns that only its own
    candidates may take, worth more than every place together, so every optimum fills them
    all — at least ``n − c`` stay, at most ``c`` leave. Place weights are ``base + preference``
    with ``base`` larger than any sum of preferences: one more place covered always wins."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    start = time.perf_counter()
    pairs = eligible_pairs(candidates, places, policy) if pairs is None else pairs
    if not pairs:
        return Assignment([], 0, 0, time.perf_counter() - start, "linear_sum_assignment")
    base = _weight_base(len(candidates), len(places))
    # Only candidates and places with an eligible pair enter the matrix: the others cannot
    # move or be filled. A candidate left out stays, so it counts towards its position's stays.
    rows_used = sorted({i for i, _j, _p in pairs})
    cols_used = sorted({j for _i, j, _p in pairs})
    row_at = {i: k for k, i in enumerate(rows_used)}
    col_at = {j: k for k, j in enumerate(cols_used)}
    by_position: dict[int, list[int]] = {}
    for i in rows_used:
        by_position.setdefault(candidates[i].position_id, []).append(row_at[i])
    stay: list[tuple[list[int], int]] = []
    for pos, rows in by_position.items():
        cap = (source_caps or {}).get(pos)
        if cap is not None and len(rows) > cap:
            stay.append((rows, len(rows) - cap))
    n_stay = sum(k for _rows, k in stay)
    n_cols = len(cols_used)
    weights = np.zeros((len(rows_used), n_cols + n_stay), dtype=np.float64)
    arr = np.asarray([(row_at[i], col_at[j], p) for i, j, p in pairs], dtype=np.int64)
    weights[arr[:, 0], arr[:, 1]] = base + arr[:, 2]
    stay_value = float(base + MAX_PREFERENCE) * (n_cols + 1)
    col = n_cols
    for rows, k in stay:
        weights[np.ix_(rows, range(col, col + k))] = stay_value
        col += k
    row_ind, col_ind = linear_sum_assignment(weights, maximize=True)
    chosen_local = [
        (int(r), int(c))
        for r, c in zip(row_ind, col_ind, strict=True)
        if c < n_cols and weights[r, c] > 0
    ]
    chosen = [(rows_used[r], cols_used[c]) for r, c in chosen_local]
    bonus = int(sum(weights[r, c] - base for r, c in chosen_local))
    return Assignment(
        sorted(chosen),
        len(chosen),
        bonus,
        time.perf_counter() - start,
        "linear_sum_assignment",
        {"pairs": len(pairs), "stay_columns": n_stay},
    )


def assign_milp(
    candidates: Sequence[Candidate],
    places: Sequence[Place],
    source_caps: dict[int, int] | None = None,
    policy: Policy = Policy(),
    pairs: list[tuple[int, int, int]] | None = None,
) -> Assignment:
    """The same optimum as :func:`assign_optimal` by an integer program (HiGHS ``milp`` on the
    flow formulation, totally unimodular). Kept as an independent check: it is exact too but
    slow on large instances (minutes for 700,000 eligible pairs)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix, vstack

    start = time.perf_counter()
    pairs = eligible_pairs(candidates, places, policy) if pairs is None else pairs
    if not pairs:
        return Assignment([], 0, 0, time.perf_counter() - start, "milp")
    n = len(pairs)
    base = _weight_base(len(candidates), len(places))
    ci = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=n)
    pj = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=n)
    pref = np.fromiter((p[2] for p in pairs), dtype=np.float64, count=n)
    cost = -(base + pref)
    cols = np.arange(n)
    ones = np.ones(n)
    blocks = [
        coo_matrix((ones, (ci, cols)), shape=(len(candidates), n)),
        coo_matrix((ones, (pj, cols)), shape=(len(places), n)),
    ]
    upper = [np.ones(len(candidates)), np.ones(len(places))]
    if source_caps:
        positions = sorted({c.position_id for c in candidates})
        row_of = {pid: k for k, pid in enumerate(positions)}
        src = np.fromiter(
            (row_of[candidates[int(i)].position_id] for i in ci), dtype=np.int64, count=n
        )
        blocks.append(coo_matrix((ones, (src, cols)), shape=(len(positions), n)))
        upper.append(np.array([source_caps.get(pid, len(candidates)) for pid in positions], float))
    a = vstack(blocks).tocsr()
    ub = np.concatenate(upper)
    res = milp(
        c=cost,
        constraints=LinearConstraint(a, -np.inf, ub),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
    )
    if res.x is None:  # pragma: no cover - the problem is always feasible (x = 0)
        raise RuntimeError(f"solver failed: {res.message}")
    chosen = np.flatnonzero(res.x > 0.5)
    result = [(int(ci[k]), int(pj[k])) for k in chosen]
    bonus = int(pref[chosen].sum())
    return Assignment(
        sorted(result), len(result), bonus, time.perf_counter() - start, "milp", {"pairs": n}
    )


def assign_greedy(
    candidates: Sequence[Candidate],
    places: Sequence[Place],
    source_caps: dict[int, int] | None = None,
    policy: Policy = Policy(),
    pairs: list[tuple[int, int, int]] | None = None,
) -> Assignment:
    """Baseline: take eligible pairs by preference, highest first, while they fit."""
    start = time.perf_counter()
    pairs = eligible_pairs(candidates, places, policy) if pairs is None else pairs
    caps = dict(source_caps or {})
    used_c: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[int, int]] = []
    bonus = 0
    for i, j, pref in sorted(pairs, key=lambda t: (-t[2], t[0], t[1])):
        if i in used_c or j in used_p:
            continue
        pos = candidates[i].position_id
        if source_caps is not None and caps.get(pos, math.inf) <= 0:
            continue
        used_c.add(i)
        used_p.add(j)
        if source_caps is not None and pos in caps:
            caps[pos] -= 1
        out.append((i, j))
        bonus += pref
    return Assignment(sorted(out), len(out), bonus, time.perf_counter() - start, "greedy")


# --- cost and projection -----------------------------------------------------------------------


def cost_share(personnel_cost: float, budget: float) -> float:
    """Personnel spending as a share of the budget (UU 1/2022 caps it at 30%)."""
    if budget <= 0:
        raise ValueError("budget must be positive")
    return personnel_cost / budget


def projected_shortage(needed: int, in_post: int, retiring_by_year: Sequence[int]) -> list[int]:
    """Shortage at the end of each following year with no hiring: need − (in post − retired)."""
    out = []
    remaining = in_post
    for retiring in retiring_by_year:
        remaining -= retiring
        out.append(max(needed - remaining, 0))
    return out
