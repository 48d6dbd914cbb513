"""Property tests (hypothesis) over random workforces: every release is k-anonymous, carries no
direct identifier and its pseudonyms cannot be linked to another release's. No database: the
raw frame :func:`penata.research.release.collect` would read is generated directly."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from penata.research import release, rules

RAW_SCHEMA = {
    "id": pl.Int64,
    "birth_date": pl.Date,
    "gender": pl.Utf8,
    "employment_type": pl.Utf8,
    "opd_name": pl.Utf8,
    "rank_code": pl.Utf8,
    "rank_kind": pl.Utf8,
    "jp_2025": pl.Int64,
    "predikat_2025": pl.Utf8,
    "kotak_talenta_2025": pl.Int64,
    "pelatihan": pl.Utf8,
}
PNS = ["I/a", "II/b", "II/d", "III/a", "III/c", "IV/a", "IV/e"]
PPPK = ["I", "V", "IX", "XII", "XVII"]


def workforce(seed: int, n: int, opds: int, spread: int) -> pl.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        pppk = rng.random() < 0.2
        rows.append(
            (
                1000 + i,
                dt.date(1965 + rng.randrange(spread), 1 + rng.randrange(12), 1 + rng.randrange(28))
                if rng.random() > 0.01
                else None,
                rng.choice("LP"),
                "pppk" if pppk else "pns",
                f"Dinas {rng.randrange(opds)}" if rng.random() > 0.01 else None,
                rng.choice(PPPK) if pppk else rng.choice(PNS),
                "pppk" if pppk else "pns",
                rng.randrange(0, 60),
                rng.choice([*rules.PREDIKAT_SCORE, None]),
                rng.choice([None, *range(1, 10)]),
                rng.choice(["", "lit-data@2025", "kepemimpinan@2025;lit-data@2025"]),
            )
        )
    return pl.DataFrame(rows, schema=RAW_SCHEMA, orient="row")


VARS = st.lists(st.sampled_from(rules.VARIABLE_CODES), min_size=1, unique=True)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(0, 400),
    opds=st.integers(1, 12),
    spread=st.integers(1, 40),
    k=st.integers(2, 12),
    variables=VARS,
)
def test_every_release_is_k_anonymous(
    seed: int, n: int, opds: int, spread: int, k: int, variables: list[str]
) -> None:
    raw = workforce(seed, n, opds, spread)
    ex = release.anonymise(raw, variables=variables, years=[2025], key=b"key", k=k)
    qis = ex.report["quasi_identifiers"]
    if qis:
        assert rules.k_anonymous(ex.frame.select(qis).iter_rows(), k)
        assert ex.report["min_class"] >= k or ex.frame.height == 0
    assert ex.report["rows_out"] + ex.report["suppressed"] == n
    assert ex.report["rows_out"] == ex.frame.height
    # suppression is minimal: every suppressed combination really was rarer than k
    counts = (
        release.anonymise(raw, variables=variables, years=[2025], key=b"key", k=1)
        .frame.group_by(qis)
        .len()
        if qis
        else None
    )
    if counts is not None:
        assert int(counts.filter(pl.col("len") >= k).get_column("len").sum()) == ex.frame.height


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 200), variables=VARS)
def test_no_direct_identifier_and_only_dictionary_columns(
    seed: int, n: int, variables: list[str]
) -> None:
    raw = workforce(seed, n, 3, 10)
    ex = release.anonymise(raw, variables=variables, years=[2025], key=b"key", k=2)
    assert ex.frame.columns == rules.columns_for(variables, [2025])
    for col in ex.frame.columns:
        assert (
            col not in RAW_SCHEMA
            or col in {"pelatihan", "jp_2025", "predikat_2025"}
            or (col.startswith("kotak_talenta"))
        ), col
        assert not any(d in col for d in rules.DIRECT_IDENTIFIERS)
        assert release.base_variable(col) in rules.VARIABLE_CODES or col == "pseudonim"
    ids = {str(i) for i in raw.get_column("id").to_list()}
    births = {str(b) for b in raw.get_column("birth_date").to_list() if b is not None}
    cells = {str(v) for c in ex.frame.columns for v in ex.frame.get_column(c).to_list()}
    assert not cells & ids
    assert not cells & births


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(1, 200),
    key_a=st.binary(min_size=16, max_size=32),
    key_b=st.binary(min_size=16, max_size=32),
)
def test_pseudonyms_differ_across_releases_of_the_same_people(
    seed: int, n: int, key_a: bytes, key_b: bytes
) -> None:
    if key_a == key_b:
        key_b = key_b + b"!"
    raw = workforce(seed, n, 2, 5)
    a = release.anonymise(raw, variables=["jp"], years=[2025], key=key_a, k=2)
    a2 = release.anonymise(raw, variables=["jp"], years=[2025], key=key_a, k=2)
    b = release.anonymise(raw, variables=["jp"], years=[2025], key=key_b, k=2)
    pa, pb = set(a.frame["pseudonim"].to_list()), set(b.frame["pseudonim"].to_list())
    assert len(pa) == n and len(pb) == n
    assert not pa & pb
    assert a.frame["pseudonim"].to_list() == a2.frame["pseudonim"].to_list()
