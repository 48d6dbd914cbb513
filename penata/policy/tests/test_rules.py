"""The pure rules: the diff's exact highlighted output, the status workflow cell by cell, the
sections of a draft."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from penata.policy import rules

STATUSES = [rules.DRAFT, rules.CONSULTATION, rules.ADOPTED, rules.REVISED]
ALLOWED = {
    (rules.DRAFT, rules.CONSULTATION),
    (rules.DRAFT, rules.ADOPTED),
    (rules.CONSULTATION, rules.DRAFT),
    (rules.CONSULTATION, rules.ADOPTED),
    (rules.ADOPTED, rules.REVISED),
    (rules.REVISED, rules.CONSULTATION),
    (rules.REVISED, rules.ADOPTED),
}


@pytest.mark.parametrize("current", STATUSES)
@pytest.mark.parametrize("new", STATUSES)
def test_transition_matrix(current: str, new: str) -> None:
    assert rules.can_transition(current, new) == ((current, new) in ALLOWED)


def test_word_diff_known_output() -> None:
    left, right = rules.word_diff("ASN wajib 20 JP setahun.", "ASN wajib 24 JP per tahun.")
    assert left == "ASN wajib <del>20</del> JP <del>setahun.</del>"
    assert right == "ASN wajib <ins>24</ins> JP <ins>per tahun.</ins>"


def test_diff_rows_known_output() -> None:
    old = "Pasal 1\nASN wajib 20 JP.\nSelesai."
    new = "Pasal 1\nASN wajib 24 JP.\nBaris baru.\nSelesai."
    d = rules.diff_rows(old, new)
    assert [(r.kind, r.old_no, r.new_no, r.old, r.new) for r in d.rows] == [
        ("equal", 1, 1, "Pasal 1", "Pasal 1"),
        ("replace", 2, 2, "ASN wajib <del>20</del> JP.", "ASN wajib <ins>24</ins> JP."),
        ("insert", None, 3, "", "<ins>Baris baru.</ins>"),
        ("equal", 3, 4, "Selesai.", "Selesai."),
    ]
    assert (d.added, d.removed) == (2, 1)
    assert d.changed


def test_diff_deleted_lines_and_identical_texts() -> None:
    d = rules.diff_rows("a\nb\nc", "a\nc")
    assert [(r.kind, r.old_no, r.old) for r in d.rows if r.kind != "equal"] == [
        ("delete", 2, "<del>b</del>")
    ]
    assert not rules.diff_rows("sama", "sama").changed


def test_diff_escapes_html() -> None:
    d = rules.diff_rows("<b>lama</b>", "<script>alert(1)</script>")
    html = d.rows[0].old + d.rows[0].new
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html


@given(st.text(max_size=200), st.text(max_size=200))
def test_diff_never_emits_raw_markup(a: str, b: str) -> None:
    for r in rules.diff_rows(a, b).rows:
        for text in (r.old, r.new):
            stripped = text.replace("<del>", "").replace("</del>", "")
            stripped = stripped.replace("<ins>", "").replace("</ins>", "")
            assert "<" not in stripped


def test_sections_cut_at_headings_with_unique_anchors() -> None:
    src = "Pembukaan.\n\n# Ketentuan Umum\nIsi 1\n## Pelaksanaan\nIsi 2\n## Pelaksanaan\nIsi 3\n"
    got = [(s.anchor, s.title, s.body) for s in rules.sections(src)]
    assert got == [
        ("pembuka", "", "Pembukaan."),
        ("ketentuan-umum", "Ketentuan Umum", "Isi 1"),
        ("pelaksanaan", "Pelaksanaan", "Isi 2"),
        ("pelaksanaan-2", "Pelaksanaan", "Isi 3"),
    ]


def test_heading_inside_code_fence_is_not_a_section() -> None:
    src = "# A\n```\n# bukan judul\n```\n"
    assert [s.title for s in rules.sections(src)] == ["A"]


def test_overdue() -> None:
    import datetime as dt

    today = dt.date(2026, 6, 1)
    assert rules.is_overdue(dt.date(2026, 5, 31), "planned", today)
    assert rules.is_overdue(dt.date(2026, 5, 31), "in_progress", today)
    assert not rules.is_overdue(dt.date(2026, 5, 31), "done", today)
    assert not rules.is_overdue(dt.date(2026, 5, 31), "cancelled", today)
    assert not rules.is_overdue(dt.date(2026, 6, 1), "planned", today)
