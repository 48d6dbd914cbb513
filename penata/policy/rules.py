"""The policy workspace's pure rules, no Django: the status workflow of a policy document, the
sections of a Markdown draft, the readable diff between two versions, and the spam limits of
the public consultation.

**Status workflow.** A policy document (rancangan Peraturan Wali Kota / kebijakan penataan ASN)
is drafted (``draft``), opened to public consultation (``consultation``) as UU 13/2022 (the
amendment of UU 12/2011, Pasal 96) requires for every draft regulation — the public's right to
give input orally or in writing, with the draft easily accessible — then adopted
(``adopted``); an adopted policy that is reopened is ``revised`` until it is consulted or
adopted again. :data:`TRANSITIONS` is the whole graph; anything else is refused.

**Diff.** :func:`diff_rows` compares two Markdown texts line by line (``difflib``), and within
a changed line word by word, and returns rows a template renders side by side or unified;
every piece of text is HTML-escaped here and only ``<del>``/``<ins>`` are added.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from dataclasses import dataclass, field

# --- status workflow ---------------------------------------------------------------------------

DRAFT = "draft"
CONSULTATION = "consultation"
ADOPTED = "adopted"
REVISED = "revised"

TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({CONSULTATION, ADOPTED}),
    CONSULTATION: frozenset({DRAFT, ADOPTED}),
    ADOPTED: frozenset({REVISED}),
    REVISED: frozenset({CONSULTATION, ADOPTED}),
}


def can_transition(current: str, new: str) -> bool:
    """Whether a document in ``current`` may move to ``new``."""
    return new in TRANSITIONS.get(current, frozenset())


# --- public consultation limits ----------------------------------------------------------------

MAX_COMMENT_CHARS = 5_000
MIN_COMMENT_CHARS = 10
MAX_NAME_CHARS = 100
RATE_LIMIT_COMMENTS = 5
RATE_WINDOW_MINUTES = 60
CONFIRM_DAYS = 7

# --- sections ---------------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60] or "bagian"


@dataclass
class Section:
    anchor: str
    title: str
    body: str


def sections(source: str) -> list[Section]:
    """The document cut at its headings (levels 1–3): each section's anchor (unique slug of
    the heading), title and Markdown body. Text before the first heading is an untitled
    ``pembuka`` section when it is not blank."""
    out: list[Section] = []
    seen: dict[str, int] = {}
    title, anchor, lines = "", "pembuka", []  # type: ignore[var-annotated]
    in_fence = False

    def close() -> None:
        body = "\n".join(lines).strip("\n")
        if title or body.strip():
            out.append(Section(anchor, title, body))

    for line in (source or "").replace("\r\n", "\n").split("\n"):
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        m = None if in_fence else _HEADING.match(line)
        if m:
            close()
            title = m.group(2)
            base = slugify(title)
            seen[base] = seen.get(base, 0) + 1
            anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
            lines = []
        else:
            lines.append(line)
    close()
    return out


# --- diff ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass
class DiffRow:
    """One row of a diff: ``kind`` is ``equal``, ``insert``, ``delete`` or ``replace``; the
    ``old``/``new`` HTML is escaped text with ``<del>``/``<ins>`` around the changed words."""

    kind: str
    old_no: int | None
    new_no: int | None
    old: str = ""
    new: str = ""


@dataclass
class Diff:
    rows: list[DiffRow] = field(default_factory=list)
    added: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return any(r.kind != "equal" for r in self.rows)


def word_diff(old: str, new: str) -> tuple[str, str]:
    """Two lines compared word by word: the old with ``<del>`` and the new with ``<ins>``
    around what differs; everything else escaped."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        old_part = html.escape("".join(a[i1:i2]))
        new_part = html.escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    return "".join(left), "".join(right)


def diff_rows(old: str, new: str) -> Diff:
    """Line-level diff of two texts, with word-level highlights inside replaced lines."""
    a = (old or "").replace("\r\n", "\n").split("\n")
    b = (new or "").replace("\r\n", "\n").split("\n")
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    d = Diff()
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                text = html.escape(a[i1 + k])
                d.rows.append(DiffRow("equal", i1 + k + 1, j1 + k + 1, text, text))
            continue
        if op == "replace":
            pairs = min(i2 - i1, j2 - j1)
            for k in range(pairs):
                left, right = word_diff(a[i1 + k], b[j1 + k])
                d.rows.append(DiffRow("replace", i1 + k + 1, j1 + k + 1, left, right))
            d.removed += i2 - i1
            d.added += j2 - j1
            for k in range(i1 + pairs, i2):
                d.rows.append(DiffRow("delete", k + 1, None, f"<del>{html.escape(a[k])}</del>"))
            for k in range(j1 + pairs, j2):
                d.rows.append(DiffRow("insert", None, k + 1, "", f"<ins>{html.escape(b[k])}</ins>"))
            continue
        if op == "delete":
            d.removed += i2 - i1
            for k in range(i1, i2):
                d.rows.append(DiffRow("delete", k + 1, None, f"<del>{html.escape(a[k])}</del>"))
        else:  # insert
            d.added += j2 - j1
            for k in range(j1, j2):
                d.rows.append(DiffRow("insert", None, k + 1, "", f"<ins>{html.escape(b[k])}</ins>"))
    return d


def is_overdue(deadline: object, status: str, today: object) -> bool:
    """An activity is overdue when its deadline has passed and it is neither done nor
    cancelled."""
    return status not in {"done", "cancelled"} and deadline is not None and deadline < today  # type: ignore[operator]
