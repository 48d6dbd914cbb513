"""Seat allocation under budget as an integer program: the pure solver layer (numpy/scipy, no
Django). The Django side (reading the data, storing runs, turning a proposal into enrolments)
is :mod:`penata.learning.allocation_services`.

The problem. Candidate pairs k = (person p, session s), each with a value v_k ≥ 0 (weighted gap
closure + JP shortfall covered, computed by the services). Choose x_k ∈ {0, 1} to maximise
Σ v_k x_k subject to

* capacity: Σ_{k in s} x_k ≤ seats left in s, for every session s;
* budget:   Σ_k cost(s_k) x_k ≤ budget (Rupiah, integers; checked exactly after every solve);
* conflicts: for every *group* of sessions of which one person may take at most one, and every
  person with candidates in two or more of them, Σ_{k of p in group} x_k ≤ 1. The groups are the
  maximal cliques of the overlap graph of the sessions' date ranges (an interval graph, so at
  most one clique per session, found by a sweep: :func:`conflict_groups`) — which forbids every
  overlapping pair — and the sessions of one program (nobody needs the same training twice).

Each pair appears once, so nobody is chosen twice for one session. The value is per pair: a
person chosen for two sessions is credited for both (the JP term of each is already capped at
the person's shortfall).

Solvers:

* :func:`solve_exact` — ``scipy.optimize.milp`` (HiGHS branch and cut) with a time limit; reports
  the proven dual bound (``mip_dual_bound``) and the gap.
* :func:`solve_heuristic` — two greedy orders (value per Rupiah, and value) + local improvement
  (swaps within a full session, drop-and-add under the budget, fill), with an upper bound from
  the LP relaxation (``linprog``/HiGHS) and the capacity-knapsack bound, so a gap can be shown.
* :func:`solve` — the heuristic always (it is the incumbent), then the exact solve when the
  problem has at most ``max_exact_vars`` pairs; the best solution wins and the best bound is
  kept. Large problems are pruned first (:func:`prune`: the best ``keep_per_seat`` × capacity
  candidates of each session — at city scale 2.5 million pairs become 60,000 and HiGHS proves
  the pruned optimum in seconds). The MILP bound of a pruned solve holds for the pruned problem
  only, so beside it ``bound_full`` is a bound valid for the *full* problem: the LP dual of the
  pruned problem extended to every pair (:func:`lp_dual_bound`), which is within a few
  hundredths of a percent of the optimum in the benchmark.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

EPS = 1e-9


@dataclass
class Problem:
    """A seat-allocation instance. Sessions are indexed 0..S-1, people 0..P-1, pairs 0..K-1."""

    capacity: np.ndarray  # (S,) int64: seats left in each session
    cost: np.ndarray  # (S,) int64: Rupiah per participant of each session
    budget: int
    person: np.ndarray  # (K,) int64: person index of each candidate pair
    session: np.ndarray  # (K,) int64: session index of each candidate pair
    value: np.ndarray  # (K,) float64: value of each pair (> 0)
    groups: list[np.ndarray] = field(default_factory=list)  # sessions: at most one per person
    n_people: int = 0
    pruned_from: int = 0  # number of pairs before :func:`prune` (0: not pruned)

    def __post_init__(self) -> None:
        self.capacity = np.asarray(self.capacity, dtype=np.int64)
        self.cost = np.asarray(self.cost, dtype=np.int64)
        self.person = np.asarray(self.person, dtype=np.int64)
        self.session = np.asarray(self.session, dtype=np.int64)
        self.value = np.asarray(self.value, dtype=np.float64)
        self.budget = int(self.budget)
        self.groups = [np.asarray(g, dtype=np.int64) for g in self.groups if len(g) >= 2]
        if not self.n_people:
            self.n_people = int(self.person.max()) + 1 if len(self.person) else 0

    @property
    def n_sessions(self) -> int:
        return len(self.capacity)

    @property
    def n_pairs(self) -> int:
        return len(self.value)


@dataclass
class Solution:
    """A feasible choice of pairs and what is known about its quality."""

    chosen: np.ndarray  # (K,) bool
    objective: float
    cost: int
    bound: float | None  # upper bound on the optimum of the solved problem
    method: str  # "exact", "heuristic", "exact+heuristic"
    status: str  # "optimal", "time_limit", "heuristic", …
    seconds: float
    bound_full: float | None = None  # upper bound valid for the unpruned problem
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)


def relative_gap(objective: float, bound: float | None) -> float | None:
    """(bound − objective) / bound, 0 when both are 0; ``None`` without a bound."""
    if bound is None or not np.isfinite(bound):
        return None
    if bound - objective <= 1e-6 * max(1.0, abs(bound)):
        return 0.0  # within the solvers' tolerance
    return max(0.0, (bound - objective) / abs(bound))


# --- conflicts -------------------------------------------------------------------------------


def conflict_groups(
    starts: np.ndarray, ends: np.ndarray, programs: np.ndarray | None = None
) -> list[np.ndarray]:
    """Groups of sessions of which one person may take at most one: the maximal cliques of
    the overlap graph (date ranges inclusive, as :func:`penata.learning.rules.overlaps`) and,
    given ``programs``, the sessions of each program. Only groups of two or more.

    Interval graph: sweep the endpoints (a start before an end on the same day, since ranges are
    inclusive); the active set just before the first end that follows a start is a maximal
    clique, and every maximal clique is found that way.
    """
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    events = sorted(
        [(int(d), 0, i) for i, d in enumerate(starts)]
        + [(int(d), 1, i) for i, d in enumerate(ends)]
    )
    active: set[int] = set()
    groups: list[np.ndarray] = []
    seen: set[tuple[int, ...]] = set()
    last_was_start = False
    for _day, kind, i in events:
        if kind == 0:
            active.add(i)
            last_was_start = True
        else:
            if last_was_start and len(active) >= 2:
                key = tuple(sorted(active))
                if key not in seen:
                    seen.add(key)
                    groups.append(np.array(key, dtype=np.int64))
            active.discard(i)
            last_was_start = False
    if programs is not None:
        programs = np.asarray(programs)
        for prog in np.unique(programs):
            members = np.flatnonzero(programs == prog)
            key = tuple(int(m) for m in members)
            if len(members) >= 2 and key not in seen:
                seen.add(key)
                groups.append(members.astype(np.int64))
    return groups


def conflict_matrix(problem: Problem) -> np.ndarray:
    """(S, S) bool: two different sessions that share a group (one person cannot take both)."""
    n = problem.n_sessions
    conf = np.zeros((n, n), dtype=bool)
    for g in problem.groups:
        conf[np.ix_(g, g)] = True
    np.fill_diagonal(conf, False)
    return conf


# --- constraints -----------------------------------------------------------------------------


def _group_keys(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    """For every (pair, group its session is in): the pair index and the key
    ``group × n_people + person`` of the (group, person) conflict row."""
    if not problem.groups or not problem.n_pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    g_idx = np.concatenate([np.full(len(g), i) for i, g in enumerate(problem.groups)])
    s_idx = np.concatenate(problem.groups)
    member = sparse.csr_matrix(
        (np.ones(len(g_idx)), (g_idx, s_idx)), shape=(len(problem.groups), problem.n_sessions)
    )
    # Column k of member[:, session_k] lists the groups the pair's session is in.
    per_pair = member[:, problem.session].tocoo()
    grp, pair = per_pair.row.astype(np.int64), per_pair.col.astype(np.int64)
    return pair, grp * max(problem.n_people, 1) + problem.person[pair]


def _constraints(problem: Problem) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """:func:`constraint_matrix` plus the (group, person) key of each conflict row."""
    k = problem.n_pairs
    s_count = problem.n_sessions
    cols = np.arange(k)
    blocks_r = [problem.session, np.full(k, s_count)]
    blocks_c = [cols, cols]
    blocks_v = [np.ones(k), problem.cost[problem.session].astype(np.float64)]
    ub = [problem.capacity.astype(np.float64), np.array([float(problem.budget)])]
    row = s_count + 1
    kept_keys = np.zeros(0, dtype=np.int64)
    pair, key = _group_keys(problem)
    if len(key):
        uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        keep = counts[inverse] >= 2
        kept_keys = uniq[counts >= 2]
        if keep.any():
            blocks_r.append(np.searchsorted(kept_keys, key[keep]) + row)
            blocks_c.append(pair[keep])
            blocks_v.append(np.ones(int(keep.sum())))
            ub.append(np.ones(len(kept_keys)))
            row += len(kept_keys)
    a = sparse.csr_matrix(
        (np.concatenate(blocks_v), (np.concatenate(blocks_r), np.concatenate(blocks_c))),
        shape=(row, k),
    )
    return a, np.concatenate(ub), kept_keys


def constraint_matrix(problem: Problem) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The rows A x ≤ ub of the problem (sparse): capacity per session, the budget, and one
    row per (group, person) with candidates in two or more sessions of the group."""
    a, ub, _keys = _constraints(problem)
    return a, ub


def evaluate(problem: Problem, chosen: np.ndarray) -> tuple[float, int]:
    """Objective and cost (Rupiah, exact integer) of a choice."""
    chosen = np.asarray(chosen, dtype=bool)
    cost = int(problem.cost[problem.session[chosen]].sum())
    return float(problem.value[chosen].sum()), cost


def violations(problem: Problem, chosen: np.ndarray) -> list[str]:
    """What a choice breaks (empty when feasible), in exact integer arithmetic."""
    chosen = np.asarray(chosen, dtype=bool)
    out = []
    fill = np.bincount(problem.session[chosen], minlength=problem.n_sessions)
    over = np.flatnonzero(fill > problem.capacity)
    if len(over):
        out.append(f"capacity exceeded in sessions {over.tolist()}")
    _, cost = evaluate(problem, chosen)
    if cost > problem.budget:
        out.append(f"budget exceeded: {cost} > {problem.budget}")
    conf = conflict_matrix(problem)
    by_person: dict[int, list[int]] = {}
    for p, s in zip(problem.person[chosen], problem.session[chosen], strict=True):
        by_person.setdefault(int(p), []).append(int(s))
    for p, sessions in by_person.items():
        if len(set(sessions)) != len(sessions):
            out.append(f"person {p} twice in one session")
        for i, a in enumerate(sessions):
            for b in sessions[i + 1 :]:
                if conf[a, b]:
                    out.append(f"person {p} in conflicting sessions {a} and {b}")
    return out


def repair(problem: Problem, chosen: np.ndarray) -> np.ndarray:
    """Make a choice feasible (a solver's rounding or tolerance can leave a Rupiah over): drop
    the lowest-value pairs that break capacity or a conflict, then the lowest value per Rupiah
    until the budget holds."""
    chosen = np.asarray(chosen, dtype=bool).copy()
    conf = conflict_matrix(problem)
    order = np.flatnonzero(chosen)
    order = order[np.argsort(-problem.value[order], kind="stable")]
    fill = np.zeros(problem.n_sessions, dtype=np.int64)
    taken: dict[int, list[int]] = {}
    for k in order:
        p, s = int(problem.person[k]), int(problem.session[k])
        mine = taken.get(p, [])
        if fill[s] >= problem.capacity[s] or any(conf[s, t] or t == s for t in mine):
            chosen[k] = False
            continue
        fill[s] += 1
        taken.setdefault(p, []).append(s)
    _, cost = evaluate(problem, chosen)
    if cost > problem.budget:
        idx = np.flatnonzero(chosen)
        c = problem.cost[problem.session[idx]].astype(np.float64)
        ratio = np.where(c > 0, problem.value[idx] / np.maximum(c, 1), np.inf)
        for k in idx[np.argsort(ratio, kind="stable")]:
            if cost <= problem.budget:
                break
            kc = int(problem.cost[problem.session[k]])
            if kc > 0:
                chosen[k] = False
                cost -= kc
    return chosen


# --- bounds ----------------------------------------------------------------------------------


def capacity_knapsack_bound(problem: Problem) -> float:
    """An upper bound valid for the problem (and any problem with a subset of its pairs):
    drop the person conflicts; then each session holds at most its capacity of its best pairs,
    and the budget is a fractional knapsack over those. O(K log K)."""
    k = problem.n_pairs
    if not k:
        return 0.0
    order = np.lexsort((-problem.value, problem.session))
    sess = problem.session[order]
    starts = np.searchsorted(sess, np.arange(problem.n_sessions))
    rank = np.arange(k) - starts[sess]
    keep = order[rank < problem.capacity[sess]]
    values = problem.value[keep]
    costs = problem.cost[problem.session[keep]].astype(np.float64)
    free = costs <= 0
    total = float(values[free].sum())
    values, costs = values[~free], costs[~free]
    if not len(values):
        return total
    by_ratio = np.argsort(-(values / costs), kind="stable")
    values, costs = values[by_ratio], costs[by_ratio]
    cum = np.cumsum(costs)
    full = cum <= problem.budget
    total += float(values[full].sum())
    nxt = int(full.sum())
    if nxt < len(values):
        left = problem.budget - (float(cum[nxt - 1]) if nxt else 0.0)
        total += float(values[nxt]) * max(0.0, left) / float(costs[nxt])
    return total


def lp_bound(problem: Problem, time_limit: float = 60.0) -> float | None:
    """The LP relaxation's optimum (HiGHS), an upper bound on the integer optimum; ``None``
    when the LP solver gives up."""
    if not problem.n_pairs:
        return 0.0
    a, ub = constraint_matrix(problem)
    res = linprog(
        -problem.value,
        A_ub=a,
        b_ub=ub,
        bounds=(0, 1),
        method="highs",
        options={"time_limit": float(time_limit)},
    )
    if res.status != 0 or res.fun is None:
        return None
    # HiGHS's dual value is within its tolerances; a hair of slack keeps the bound valid.
    return float(-res.fun) * (1 + 1e-9) + 1e-7


def lp_dual_bound(solved: Problem, full: Problem, time_limit: float = 60.0) -> float | None:
    """An upper bound on the optimum of ``full`` from the LP duals of ``solved`` (the same
    sessions with a subset of the pairs, e.g. :func:`prune`'s).

    Any dual-feasible point bounds the LP of ``full`` (hence its integer optimum): take the
    duals u (capacity), λ (budget), μ (conflict rows) of the pruned LP and, for *every* pair of
    the full problem, the smallest feasible dual of its x ≤ 1 bound, max(0, v − u_s − λ c_s −
    Σ μ). Bound = Σ u·capacity + λ·budget + Σ μ + Σ max(0, reduced cost). When no pruned pair
    would have helped, this equals the pruned LP's bound."""
    if not solved.n_pairs:
        return capacity_knapsack_bound(full)
    a, ub, keys = _constraints(solved)
    res = linprog(
        -solved.value,
        A_ub=a,
        b_ub=ub,
        bounds=(0, 1),
        method="highs",
        options={"time_limit": float(time_limit)},
    )
    if res.status != 0 or res.ineqlin is None:
        return None
    y = np.maximum(0.0, -np.asarray(res.ineqlin.marginals, dtype=np.float64))
    s_count = solved.n_sessions
    u, lam, mu = y[:s_count], float(y[s_count]), y[s_count + 1 :]
    reduced = full.value - u[full.session] - lam * full.cost[full.session].astype(np.float64)
    if len(keys):
        pair, key = _group_keys(full)
        pos = np.searchsorted(keys, key)
        pos_c = np.minimum(pos, len(keys) - 1)
        hit = keys[pos_c] == key
        np.subtract.at(reduced, pair[hit], mu[pos_c[hit]])
    bound = (
        float(u @ full.capacity.astype(np.float64))
        + lam * full.budget
        + float(mu.sum())
        + float(np.maximum(0.0, reduced).sum())
    )
    return bound * (1 + 1e-9) + 1e-7


def best_bound(problem: Problem, time_limit: float = 60.0) -> float:
    """The tighter of the LP relaxation and the capacity-knapsack bound."""
    knap = capacity_knapsack_bound(problem)
    lp = lp_bound(problem, time_limit)
    return knap if lp is None else min(knap, lp)


# --- heuristic -------------------------------------------------------------------------------


class _State:
    """A feasible choice under construction, with the bookkeeping to test moves in O(1)."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.conf = conflict_matrix(problem)
        self.chosen = np.zeros(problem.n_pairs, dtype=bool)
        self.fill = np.zeros(problem.n_sessions, dtype=np.int64)
        self.budget_left = problem.budget
        self.taken: dict[int, set[int]] = {}
        self.in_session: list[set[int]] = [set() for _ in range(problem.n_sessions)]
        self.pair_cost = problem.cost[problem.session]

    def person_free(self, k: int, ignore: int | None = None) -> bool:
        p, s = int(self.p.person[k]), int(self.p.session[k])
        skip = int(self.p.session[ignore]) if ignore is not None else -1
        if ignore is not None and int(self.p.person[ignore]) != p:
            skip = -1
        mine = self.taken.get(p, ())
        return not any(t != skip and (t == s or self.conf[s, t]) for t in mine)

    def can_add(self, k: int) -> bool:
        s = int(self.p.session[k])
        return (
            not self.chosen[k]
            and self.fill[s] < self.p.capacity[s]
            and self.pair_cost[k] <= self.budget_left
            and self.person_free(k)
        )

    def add(self, k: int) -> None:
        s, p = int(self.p.session[k]), int(self.p.person[k])
        self.chosen[k] = True
        self.fill[s] += 1
        self.budget_left -= int(self.pair_cost[k])
        self.taken.setdefault(p, set()).add(s)
        self.in_session[s].add(k)

    def remove(self, k: int) -> None:
        s, p = int(self.p.session[k]), int(self.p.person[k])
        self.chosen[k] = False
        self.fill[s] -= 1
        self.budget_left += int(self.pair_cost[k])
        self.taken[p].discard(s)
        self.in_session[s].discard(k)


def _greedy(problem: Problem, order: np.ndarray) -> _State:
    state = _State(problem)
    for k in order:
        if state.can_add(int(k)):
            state.add(int(k))
    return state


def _improve(state: _State, by_value: np.ndarray, max_rounds: int = 4) -> int:
    """Local improvement until nothing improves: swap a better candidate into a full session
    (budget-neutral), drop a worse pair to afford a better one, then fill. Returns moves made."""
    p = state.p
    moves = 0
    for _round in range(max_rounds):
        changed = 0
        # 1. Swap within a full session: same cost, higher value.
        worst = {
            s: min(ks, key=lambda j: p.value[j]) for s, ks in enumerate(state.in_session) if ks
        }
        for k in by_value:
            k = int(k)
            if state.chosen[k]:
                continue
            s = int(p.session[k])
            if state.fill[s] < p.capacity[s] or s not in worst:
                continue
            j = worst[s]
            if p.value[k] <= p.value[j] + EPS or not state.person_free(k):
                continue
            state.remove(j)
            state.add(k)
            worst[s] = min(state.in_session[s], key=lambda i: p.value[i])
            changed += 1
        # 2. Drop the cheapest-value pair that frees enough budget for a better one.
        chosen_idx = np.flatnonzero(state.chosen)
        low_first = [int(j) for j in chosen_idx[np.argsort(p.value[chosen_idx], kind="stable")]]
        tried = 0
        for k in by_value:
            k = int(k)
            if tried >= 2000:
                break
            if state.chosen[k]:
                continue
            s = int(p.session[k])
            need = int(state.pair_cost[k]) - state.budget_left
            if need <= 0 or state.fill[s] >= p.capacity[s]:
                continue
            tried += 1
            for j in low_first[:200]:
                if p.value[j] + EPS >= p.value[k]:
                    break  # ascending: every later pair is worth at least as much
                if not state.chosen[j]:
                    continue
                if int(state.pair_cost[j]) < need or not state.person_free(k, ignore=j):
                    continue
                state.remove(j)
                state.add(k)
                changed += 1
                break
        # 3. Fill whatever still fits.
        for k in by_value:
            if state.can_add(int(k)):
                state.add(int(k))
                changed += 1
        moves += changed
        if not changed:
            break
    return moves


def solve_heuristic(problem: Problem, *, with_bound: bool = True) -> Solution:
    """Greedy by value per Rupiah and greedy by value (the better one), then local
    improvement; with an upper bound (LP relaxation / capacity knapsack) when asked."""
    start = time.perf_counter()
    value, cost = problem.value, problem.cost[problem.session].astype(np.float64)
    ratio = np.where(cost > 0, value / np.maximum(cost, 1.0), np.inf)
    by_ratio = np.lexsort((-value, -ratio))
    by_value = np.lexsort((ratio * -1, -value))
    best: _State | None = None
    best_obj = -1.0
    moves = 0
    for order in (by_ratio, by_value):
        state = _greedy(problem, order)
        moves += _improve(state, by_value)
        obj = float(value[state.chosen].sum())
        if obj > best_obj:
            best, best_obj = state, obj
    assert best is not None
    chosen = best.chosen
    objective, total_cost = evaluate(problem, chosen)
    heuristic_s = time.perf_counter() - start
    bound = best_bound(problem) if with_bound else None
    if bound is not None:
        bound = max(bound, objective)
    return Solution(
        chosen=chosen,
        objective=objective,
        cost=total_cost,
        bound=bound,
        method="heuristic",
        status="heuristic",
        seconds=time.perf_counter() - start,
        stats={"heuristic_s": round(heuristic_s, 4), "moves": moves},
    )


# --- exact -----------------------------------------------------------------------------------


MILP_STATUS = {0: "optimal", 1: "time_limit", 2: "infeasible", 3: "unbounded", 4: "error"}


def solve_exact(
    problem: Problem, time_limit: float = 60.0, *, mip_rel_gap: float = 1e-6
) -> Solution:
    """The integer program with ``scipy.optimize.milp`` (HiGHS) within ``time_limit`` seconds.

    The bound is HiGHS's proven dual bound; without one (no node finished), the LP relaxation.
    When the time runs out the best integer solution found so far is returned (possibly
    none: then ``chosen`` is empty and ``status`` says so)."""
    start = time.perf_counter()
    k = problem.n_pairs
    if not k:
        return Solution(np.zeros(0, dtype=bool), 0.0, 0, 0.0, "exact", "optimal", 0.0)
    a, ub = constraint_matrix(problem)
    res = milp(
        c=-problem.value,
        constraints=LinearConstraint(a, -np.inf, ub),
        integrality=np.ones(k),
        bounds=Bounds(0, 1),
        options={"time_limit": float(time_limit), "mip_rel_gap": mip_rel_gap, "presolve": True},
    )
    status = MILP_STATUS.get(res.status, "error")
    if res.x is not None:
        chosen = repair(problem, np.asarray(res.x) > 0.5)
    else:
        chosen = np.zeros(k, dtype=bool)
        if status == "optimal":  # pragma: no cover - HiGHS always returns x when optimal
            status = "error"
        elif status == "time_limit":
            status = "no_solution"
    objective, cost = evaluate(problem, chosen)
    dual = getattr(res, "mip_dual_bound", None)
    bound: float | None
    if dual is not None and np.isfinite(dual):
        bound = float(-dual) * (1 + 1e-9) + 1e-7
    else:
        bound = lp_bound(problem, time_limit)
    if bound is not None:
        bound = max(bound, objective)
    return Solution(
        chosen=chosen,
        objective=objective,
        cost=cost,
        bound=bound,
        method="exact",
        status=status,
        seconds=time.perf_counter() - start,
        stats={
            "milp_status": int(res.status),
            "milp_message": str(res.message)[:200],
            "nodes": int(getattr(res, "mip_node_count", 0) or 0),
            "rows": int(a.shape[0]),
        },
    )


# --- choosing a method -----------------------------------------------------------------------


def prune(
    problem: Problem, keep_per_seat: int = 10, keep_min: int = 50
) -> tuple[Problem, np.ndarray]:
    """Keep, for each session, only its best ``max(keep_min, keep_per_seat × capacity)``
    candidates by value; returns the pruned problem and the kept pair indices. The optimum of
    the pruned problem can be below the full one's (a pruned candidate might have been needed
    after conflicts); its bounds are valid for the pruned problem only.
    :func:`capacity_knapsack_bound` of the full problem is not affected, since it only uses
    each session's best ``capacity`` candidates."""
    k = problem.n_pairs
    order = np.lexsort((-problem.value, problem.session))
    sess = problem.session[order]
    starts = np.searchsorted(sess, np.arange(problem.n_sessions))
    rank = np.arange(k) - starts[sess]
    limit = np.maximum(keep_min, keep_per_seat * problem.capacity)
    keep = np.sort(order[rank < limit[sess]])
    pruned = Problem(
        capacity=problem.capacity,
        cost=problem.cost,
        budget=problem.budget,
        person=problem.person[keep],
        session=problem.session[keep],
        value=problem.value[keep],
        groups=problem.groups,
        n_people=problem.n_people,
        pruned_from=k,
    )
    return pruned, keep


def solve(
    problem: Problem,
    time_limit: float = 60.0,
    max_exact_vars: int = 60_000,
    *,
    max_pairs: int = 20_000,
    keep_per_seat: int = 10,
    keep_min: int = 50,
) -> Solution:
    """Solve as well as the time allows.

    1. Prune when the problem has more than ``max_pairs`` pairs (:func:`prune`).
    2. The heuristic (fast; the incumbent if the exact solve finds nothing better).
    3. With at most ``max_exact_vars`` pairs, the exact solve with ``time_limit``: its solution
       when at least as good, its proven bound in any case. Otherwise the heuristic's LP bound.

    ``chosen`` always refers to the pairs of the *given* problem. ``bound`` is valid for the
    solved (pruned) problem; ``bound_full`` for the given one: the same bound when nothing was
    pruned, else the tighter of :func:`lp_dual_bound` and :func:`capacity_knapsack_bound`.
    """
    start = time.perf_counter()
    full = problem
    keep: np.ndarray | None = None
    if problem.n_pairs > max_pairs:
        problem, keep = prune(problem, keep_per_seat, keep_min)
    heur = solve_heuristic(problem, with_bound=False)
    stats: dict[str, Any] = {
        "pairs": full.n_pairs,
        "pairs_solved": problem.n_pairs,
        "pruned": keep is not None,
        "heuristic_objective": heur.objective,
        "heuristic_s": round(heur.seconds, 4),
    }
    if max_exact_vars > 0 and problem.n_pairs <= max_exact_vars:
        exact = solve_exact(problem, time_limit)
        stats.update(exact.stats)
        stats["exact_objective"] = exact.objective
        stats["exact_s"] = round(exact.seconds, 4)
        stats["exact_status"] = exact.status
        if exact.status not in ("no_solution", "error") and exact.objective >= heur.objective:
            best, method, status = exact.chosen, "exact", exact.status
        else:
            best, method, status = heur.chosen, "exact+heuristic", exact.status
        bound = exact.bound
    else:
        best, method, status = heur.chosen, "heuristic", "heuristic"
        bound = best_bound(problem, time_limit)
        stats["lp_bound"] = bound
    objective, cost = evaluate(problem, best)
    if bound is not None:
        bound = max(bound, objective)
    bound_full = bound
    if keep is not None:
        bound_full = capacity_knapsack_bound(full)
        dual = lp_dual_bound(problem, full, time_limit)
        stats["dual_bound_full"] = dual
        stats["knapsack_bound_full"] = bound_full
        if dual is not None:
            bound_full = min(bound_full, dual)
    if keep is not None:
        chosen = np.zeros(full.n_pairs, dtype=bool)
        chosen[keep[best]] = True
    else:
        chosen = best
    return Solution(
        chosen=chosen,
        objective=objective,
        cost=cost,
        bound=bound,
        method=method,
        status=status,
        seconds=time.perf_counter() - start,
        bound_full=max(bound_full, objective) if bound_full is not None else None,
        stats=stats,
    )
