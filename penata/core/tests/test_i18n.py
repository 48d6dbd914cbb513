"""The English translation: complete, placeholder-safe, compiled, and what English pages show.

Penata is Indonesian first; English is chosen with the language switch (the language cookie).
A string added to the interface must reach the English catalogue translated, with every
placeholder and HTML tag of the Indonesian text, and the compiled catalogue must be current.
The catalogue is read with a small parser below (polib is a tool for translators, not a
dependency of Penata).
"""

from __future__ import annotations

import ast
import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# %(name)s, %s, %d, %% … and {0} / {name}; Django's python-format and brace placeholders.
PLACEHOLDER_RE = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr%]|\{[\w.]*\}")
# HTML elements only: ``jp_<tahun>`` in the research data dictionary is a column pattern.
TAG_RE = re.compile(
    r"</?(a|abbr|b|br|code|div|em|i|kbd|li|ol|p|small|span|strong|sub|sup|u|ul)\b", re.I
)
ENTITY_RE = re.compile(r"&[a-z]+;|&#\d+;")


@dataclass
class Entry:
    """One message of a .po file (``msgstr`` keyed by plural form; 0 for a singular entry)."""

    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


KEYWORD_RE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file as makemessages writes it (blank line between entries);
    obsolete (``#~``) entries and the header are left out."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, key, plural_n, obsolete = Entry(), "", 0, False
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                obsolete = True
            elif line.startswith("#,"):
                entry.flags |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif m := KEYWORD_RE.match(line):
                key, plural_n = m[1].split("[")[0], int(m[2] or 0)
                _append(entry, key, plural_n, ast.literal_eval(m[3]))
            elif line.startswith('"'):
                _append(entry, key, plural_n, ast.literal_eval(line))
        if key and entry.msgid and not obsolete:
            entries.append(entry)
    return entries


def _append(entry: Entry, key: str, plural_n: int, text: str) -> None:
    if key == "msgstr":
        entry.msgstr[plural_n] = entry.msgstr.get(plural_n, "") + text
    elif key == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    else:
        setattr(entry, key, getattr(entry, key) + text)


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return read_po(PO_PATH)


def test_reader_understands_the_po_format(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid ""\n"Baris %(n)s "\n"kedua\\n"\n'
        'msgstr "Line %(n)s second\\n"\n\n'
        'msgctxt "bulan"\nmsgid "%(n)s hari"\nmsgid_plural "%(n)s hari"\n'
        'msgstr[0] "%(n)s day"\nmsgstr[1] ""\n\n#~ msgid "lama"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    first, second = read_po(po)
    assert (first.msgid, first.msgstr, first.flags) == (
        "Baris %(n)s kedua\n",
        {0: "Line %(n)s second\n"},
        {"fuzzy", "python-format"},
    )
    assert (second.msgctxt, second.msgid_plural, second.msgstr) == (
        "bulan",
        "%(n)s hari",
        {0: "%(n)s day", 1: ""},
    )


def _shape(text: str) -> Counter[str]:
    """What must survive translation: placeholders, tag names, entities."""
    return Counter(
        PLACEHOLDER_RE.findall(text)
        + [f"<{t.lower()}>" for t in TAG_RE.findall(text)]
        + ENTITY_RE.findall(text)
    )


def _edges(text: str) -> tuple[str, str]:
    """Leading and trailing whitespace (newlines in e-mails, spaces around joined pieces)."""
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def _translations(entry: Entry) -> list[tuple[str, str]]:
    """(source, translation) pairs: one per plural form for plural entries."""
    if entry.msgid_plural:
        forms = sorted(entry.msgstr.items())
        return [(entry.msgid if n == 0 else entry.msgid_plural, s) for n, s in forms]
    return [(entry.msgid, entry.msgstr.get(0, ""))]


def test_no_untranslated_or_fuzzy_entries(catalogue: list[Entry]) -> None:
    assert len(catalogue) > 2000
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries: {fuzzy[:10]}"
    plural_forms = [e.msgid for e in catalogue if e.msgid_plural and sorted(e.msgstr) != [0, 1]]
    assert not plural_forms, f"English has two plural forms: {plural_forms[:10]}"
    empty = [e.msgid for e in catalogue for _src, s in _translations(e) if not s.strip()]
    assert not empty, f"untranslated entries: {empty[:10]}"


def test_placeholders_and_tags_survive_translation(catalogue: list[Entry]) -> None:
    broken = []
    for entry in catalogue:
        for source, text in _translations(entry):
            if _shape(source) != _shape(text):
                broken.append((source, text))
            if _edges(source) != _edges(text):
                broken.append((source, text))
    assert not broken, "\n".join(f"{s!r} -> {t!r}" for s, t in broken[:10])


def test_shape_check_catches_a_lost_placeholder() -> None:
    assert _shape("Nilai %(n)s dari <b>%(m)s</b>") != _shape("Score %(n)s of <b>m</b>")
    assert _shape("%(n)s%% ditekan") == _shape("%(n)s%% suppressed")
    assert _shape("Sel &lt;%(k)s") != _shape("Cells <%(k)s")


def test_compiled_catalogue_is_current(catalogue: list[Entry]) -> None:
    """django.mo holds every translation of django.po (compilemessages was run)."""
    with MO_PATH.open("rb") as f:
        mo = gettext.GNUTranslations(f)
    stale = []
    for e in catalogue:
        if e.msgid_plural:
            got = [mo.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
            want = [e.msgstr[0], e.msgstr[1]]
        elif e.msgctxt is not None:
            got, want = [mo.pgettext(e.msgctxt, e.msgid)], [e.msgstr[0]]
        else:
            got, want = [mo.gettext(e.msgid)], [e.msgstr[0]]
        if got != want:
            stale.append(e.msgid)
    assert not stale, f"run `penata compilemessages -l en`; stale: {stale[:10]}"


def test_gettext_uses_the_catalogue() -> None:
    with translation.override("en"):
        assert translation.gettext("Seleksi terbuka JPT") == "JPT open selection"
        assert translation.ngettext(
            "Sisa %(n)s kode pemulihan.", "Sisa %(n)s kode pemulihan.", 2
        ) % {"n": 2} == ("2 recovery codes left.")


def _english(client: Client) -> Client:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


TEXT_NODE_RE = re.compile(r">([^<>]+)<")
LABEL_ATTR_RE = re.compile(r'(?:aria-label|title|placeholder)="([^"]+)"')


def _untranslated_on_page(html: str, catalogue: list[Entry]) -> list[str]:
    """Interface strings shown in Indonesian: a whole text node or label equal to a msgid.

    Whole-node equality keeps database text (indicator names, the research data dictionary
    of ``research.rules``) that merely contains an interface phrase from counting.
    """
    shown = {t.strip() for t in TEXT_NODE_RE.findall(html)} | set(LABEL_ATTR_RE.findall(html))
    return sorted(
        e.msgid
        for e in catalogue
        if not e.msgid_plural and len(e.msgid) >= 8 and e.msgid != e.msgstr[0] and e.msgid in shown
    )


@pytest.mark.parametrize(
    ("role", "url_name", "english"),
    [
        ("policy_team", "policy:home", ["Policy team workspace", "Action plan"]),
        ("policy_team", "policy:activity_list", ["New activity", "No activities yet."]),
        ("policy_team", "policy:indicator_list", ["New indicator"]),
        ("policy_team", "policy:team", ["Role in the team"]),
        (None, "policy:public_list", ["Public consultation on ASN workforce management policy"]),
        (None, "portal:home", ["Public portal for ASN workforce management in Semarang City"]),
        (None, "portal:indicators", ["Semarang City workforce indicators", "Download CSV"]),
        (None, "portal:complaint_create", ["Send complaint", "Name (optional)"]),
        (None, "portal:ikm_list", ["Public Satisfaction Index (IKM) by service unit"]),
        ("researcher", "research:request_list", ["Research data requests", "Submit a request"]),
        ("researcher", "research:dictionary", ["Research data dictionary", "Never released:"]),
        ("researcher", "research:output_list", ["Research outputs"]),
        ("policy_team", "research:dashboard", ["Effectiveness of ASN workforce management"]),
        ("employee", "talent:selection_open", ["My applications"]),
        ("talent_committee", "talent:selection_list", ["No open selections yet."]),
    ],
)
def test_pages_render_in_english(
    role: str | None,
    url_name: str,
    english: list[str],
    client_for: Any,
    catalogue: list[Entry],
) -> None:
    resp = _english(client_for(role)).get(reverse(url_name))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert '<html lang="en">' in html and resp["Content-Language"] == "en"
    for text in english:
        assert text in html, f"{text!r} missing on {url_name}"
    assert not _untranslated_on_page(html, catalogue), url_name
