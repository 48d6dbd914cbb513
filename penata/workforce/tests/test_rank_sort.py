"""Sorting the roster by rank: through ``rank_id`` (served by the index ``(rank, name, nip)``)
while the ranks' ids follow their (kind, order), through the join otherwise — the same rows in
the same order either way, on the page and in the API."""

from __future__ import annotations

import random

import pytest

from penata.workforce import selectors
from penata.workforce.filters import RANK_ID_SORT, SORTS, order_for
from penata.workforce.models import Employee, Rank
from penata.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    selectors.rank_order_forget()


def _people() -> None:
    ranks = list(Rank.objects.all())
    rng = random.Random(3)
    for i in range(40):
        EmployeeFactory(
            rank=rng.choice(ranks) if i % 7 else None, name=f"Pegawai {rng.randint(1, 9)}"
        )


def _order(fields: list[str] | tuple[str, ...]) -> list[int]:
    return list(Employee.objects.order_by(*fields).values_list("pk", flat=True))


def test_reference_ranks_follow_their_order_and_sort_by_id() -> None:
    assert Rank.objects.filter(kind="pns").count() == 17 and Rank.objects.count() >= 34
    assert selectors.rank_ids_in_rank_order()
    assert order_for("rank") == list(RANK_ID_SORT)
    assert order_for("-rank") == [f"-{f}" for f in RANK_ID_SORT]
    _people()
    assert _order(order_for("rank")) == _order(SORTS["rank"])
    assert _order(order_for("-rank")) == _order([f"-{f}" for f in SORTS["rank"]])


def test_a_rank_out_of_id_order_falls_back_to_the_join() -> None:
    assert selectors.rank_ids_in_rank_order()
    Rank.objects.filter(kind="pns", order=1).update(order=90)  # I/a moved to the end …
    Rank.objects.create(kind="pns", code="0/x", pangkat="Uji", order=0)  # … a new first rank
    # the save dropped the cached answer
    assert not selectors.rank_ids_in_rank_order()
    assert order_for("rank") == list(SORTS["rank"])
    _people()
    rows = list(Employee.objects.order_by(*order_for("rank")).select_related("rank"))
    keys = [(e.rank.kind, e.rank.order) for e in rows if e.rank]
    assert keys == sorted(keys)


def test_api_sorts_by_rank_like_the_page() -> None:
    """The API sorted by ``rank__order`` alone (PPPK IX between the PNS ranks); now it uses the
    page's order: kind, then order, then name and NIP."""
    from penata.workforce.api import EmployeeFilters, filter_employees

    _people()
    for sort in ("rank", "-rank", "name", "unit"):
        got = list(
            filter_employees(Employee.objects.all(), EmployeeFilters(sort=sort)).values_list(
                "pk", flat=True
            )
        )
        assert got == _order(order_for(sort)), sort
    by_rank = filter_employees(Employee.objects.all(), EmployeeFilters(sort="rank"))
    keys = [(e.rank.kind, e.rank.order) for e in by_rank.select_related("rank") if e.rank]
    assert keys == sorted(keys)
