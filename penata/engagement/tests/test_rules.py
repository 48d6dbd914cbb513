"""The pure rules: index arithmetic, the anonymity rule (incl. subtraction), codes, limits."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from penata.engagement import rules


@pytest.mark.parametrize(
    ("mean", "index"), [(1, 0.0), (2, 25.0), (3, 50.0), (4, 75.0), (5, 100.0), (3.5, 62.5)]
)
def test_likert_to_index_cells(mean: float, index: float) -> None:
    assert rules.likert_to_index(mean) == index


def test_likert_out_of_range_refused() -> None:
    with pytest.raises(ValueError):
        rules.likert_to_index(0.5)


def test_dimension_means_and_index_by_hand() -> None:
    items = {
        1: "awareness",
        2: "awareness",
        3: "desire",
        4: "knowledge",
        5: "ability",
        6: "reinforcement",
    }
    means = rules.dimension_means({1: 4, 2: 5, 3: 3, 4: 2, 5: 1, 6: 5}, items)
    assert means == {
        "awareness": 4.5,
        "desire": 3.0,
        "knowledge": 2.0,
        "ability": 1.0,
        "reinforcement": 5.0,
    }
    # two respondents: awareness 4.5 and 2.5 → mean 3.5 → index 62.5
    assert rules.group_index([4.5, 2.5]) == 62.5
    dims = {
        "awareness": 62.5,
        "desire": 50.0,
        "knowledge": 25.0,
        "ability": 0.0,
        "reinforcement": 100.0,
    }
    assert rules.overall_index(dims) == pytest.approx(47.5)
    assert rules.weakest_dimension(dims) == "ability"
    assert rules.overall_index({**dims, "ability": None}) is None


def test_respondents_weigh_the_same_whatever_their_item_count() -> None:
    # respondent A answered 3 awareness items (mean 5), B answered 1 (value 1): mean of means 3
    assert rules.group_index([5.0, 1.0]) == 50.0


def test_answer_outside_scale_or_unknown_item_refused() -> None:
    with pytest.raises(ValueError):
        rules.dimension_means({1: 6}, {1: "awareness"})
    with pytest.raises(ValueError):
        rules.dimension_means({2: 3}, {1: "awareness"})


@given(st.lists(st.integers(1, 5), min_size=1, max_size=40))
def test_index_bounded_and_monotone(values: list[int]) -> None:
    idx = rules.group_index([float(v) for v in values])
    assert idx is not None and 0 <= idx <= 100
    higher = rules.group_index([float(min(v + 1, 5)) for v in values])
    assert higher is not None and higher >= idx


# --- anonymity -----------------------------------------------------------------------------


def test_group_below_five_is_hidden() -> None:
    assert rules.suppressed_groups({"a": 4, "b": 20, "c": 30}) >= {"a"}
    assert rules.suppressed_groups({"a": 5, "b": 20}) == set()


def test_subtraction_of_two_overlapping_groups_is_prevented() -> None:
    """City (15) and OPD A (12) overlap; city − A = OPD B (3). Hiding B alone would leave B
    computable as city − A, so A is hidden too."""
    hidden = rules.suppressed_groups({"A": 12, "B": 3})
    assert hidden == {"A", "B"}


def test_complementary_suppression_takes_the_smallest_shown_group() -> None:
    hidden = rules.suppressed_groups({"A": 40, "B": 7, "C": 2, "D": 6})
    assert hidden == {"C", "B"} or hidden == {"C", "D"}
    assert "C" in hidden and sum({"A": 40, "B": 7, "C": 2, "D": 6}[g] for g in hidden) >= 5


def test_two_small_groups_together_need_no_more() -> None:
    assert rules.suppressed_groups({"A": 40, "B": 3, "C": 2}) == {"B", "C"}


@given(st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(0, 30), min_size=1))
def test_no_published_figure_or_difference_covers_1_to_4_people(counts: dict[str, int]) -> None:
    """Every number anyone can derive — a shown group, the total, the total minus any set of
    shown groups, a shown group minus another — covers 0 or ≥ 5 respondents."""
    hidden = rules.suppressed_groups(counts)
    shown = {g: n for g, n in counts.items() if g not in hidden}
    total = sum(counts.values())
    assert all(n == 0 or n >= 5 for n in shown.values())
    published_total = total if rules.total_publishable(total) else None
    if published_total is not None:
        for r in range(len(shown) + 1):
            for combo in itertools.combinations(shown.values(), r):
                rest = published_total - sum(combo)
                # the rest is a union of hidden groups plus unchosen shown groups; the smallest
                # derivable part is the hidden remainder
                assert rest == 0 or rest >= 5
        hidden_total = sum(counts[g] for g in hidden)
        assert hidden_total == 0 or hidden_total >= 5


# --- codes and materials ---------------------------------------------------------------------


def test_codes_are_well_formed_and_normalised() -> None:
    code = rules.new_code()
    assert rules.code_well_formed(code)
    assert rules.normalise_code(" abc-234 ") == "ABC234"
    assert not rules.code_well_formed("ABC10O")


def test_material_limits() -> None:
    rules.check_material("document", "paparan.pdf", 1024)
    with pytest.raises(ValueError, match="melebihi batas 10 MB"):
        rules.check_material("document", "paparan.pdf", 11 * rules.MB)
    with pytest.raises(ValueError, match=r"\.exe"):
        rules.check_material("video", "klip.exe", 10)
    rules.check_material("video", "klip.mp4", 49 * rules.MB)
    with pytest.raises(ValueError):
        rules.check_material("video", "klip.mp4", 51 * rules.MB)
    # the content must be what the name says
    rules.check_material("video", "klip.mp4", 100, b"\x00\x00\x00\x18ftypmp42")
    with pytest.raises(ValueError, match=r"bukan \.pdf"):
        rules.check_material("document", "paparan.pdf", 100, b"MZ\x90\x00")


# --- hot spots -------------------------------------------------------------------------------


def test_hot_spot_needs_both_low() -> None:
    low = rules.HotSpotInput(40.0, 30.0, "ability", False)
    assert rules.is_hot_spot(low, 60, 50)
    assert not rules.is_hot_spot(rules.HotSpotInput(40.0, 70.0, "ability", False), 60, 50)
    assert not rules.is_hot_spot(rules.HotSpotInput(None, 10.0, None, False), 60, 50)
    assert rules.suggestions(low) == [
        rules.FollowUpKind.COACHING,
        rules.FollowUpKind.TARGETED_SESSION,
        rules.FollowUpKind.CHAMPIONS,
    ]
    assert rules.suggestions(rules.HotSpotInput(40.0, 30.0, "awareness", True)) == [
        rules.FollowUpKind.TARGETED_SESSION
    ]


def test_attendance_rate() -> None:
    assert rules.attendance_rate(0, 0) is None
    assert rules.attendance_rate(8, 2) == 25.0
