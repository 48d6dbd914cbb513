"""The pure rules: hostile Markdown, the stemmer, mentions, attachment sniffing."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penata.forum import rules

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](java\tscript:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](vbscript:msgbox(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![gambar](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](https://evil.example/track.png)",
    '<div onmouseover="alert(1)">arahkan</div>',
    "<svg/onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    '[a](https://ok.example "title" onclick="alert(1)")',
    "<!--<script>alert(1)</script>-->",
    '<a href="https://ok.example" style="position:fixed">x</a>',
    "```html\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    '<form action="https://evil.example"><input name=p></form>',
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<object data=x></object><embed src=x>",
    "[x](//evil.example/%0ajavascript:alert(1))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


class _Elements(HTMLParser):
    """Every element and attribute the browser would build from the HTML (text is inert)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def assert_inert(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in rules.ALLOWED_TAGS, (tag, html)
        for name, value in attrs:
            assert not name.startswith("on"), (name, html)
            assert name in {"href", "title", "rel", "class"}, (name, html)
            if name == "href":
                assert (value or "").startswith(("http://", "https://", "mailto:")), html
            if name == "class":
                assert tag == "code" and (value or "").startswith("language-"), html


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_renders_inert(source: str) -> None:
    assert_inert(rules.render_markdown(source))


def test_markdown_keeps_ordinary_formatting() -> None:
    html = rules.render_markdown(
        "# Judul\n\n**tebal** dan *miring*, `kode`\n\n- satu\n- dua\n\n> kutipan\n\n"
        "[tautan](https://semarangkota.go.id)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<h3>Judul</h3>" in html  # headings demoted below the page's own
    assert "<strong>tebal</strong>" in html and "<em>miring</em>" in html
    assert "<code>kode</code>" in html and "<li>satu</li>" in html
    assert "<blockquote>" in html and "<table>" in html
    assert 'href="https://semarangkota.go.id"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_raw_html_is_shown_as_text() -> None:
    html = rules.render_markdown("Pakai tag <b>ini</b> & itu")
    assert "&lt;b&gt;ini&lt;/b&gt;" in html and "&amp; itu" in html


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'=:/ ()[]!`&#;aijvsctrponeml\n")), max_size=80))
def test_any_input_never_yields_active_html(source: str) -> None:
    assert_inert(rules.render_markdown(source))


# --- stemming --------------------------------------------------------------------------------

SAME_STEM = [
    ("pelayanan", "layanan", "melayani", "dilayani", "terlayani"),
    ("pengiriman", "kirim", "mengirim", "dikirim"),
    ("pelatihan", "latihan", "melatih", "dilatih"),
    ("perbaikan", "memperbaiki", "diperbaiki", "baik"),
    ("pengaduan", "aduan", "mengadukan"),
    ("penulisan", "menulis", "tulisan", "tulis"),
    ("pemerintah", "perintah", "pemerintahan"),
    ("kepegawaian", "pegawai"),
    ("kebijakan", "bijak"),
    ("pembangunan", "membangun", "bangunan", "bangun"),
    ("perawatan", "merawat", "dirawat", "rawat"),
    ("penyapuan", "menyapu", "sapu"),
]


@pytest.mark.parametrize("words", SAME_STEM)
def test_affixed_forms_share_a_stem(words: tuple[str, ...]) -> None:
    stems = {rules.stem(w) for w in words}
    assert len(stems) == 1, {w: rules.stem(w) for w in words}


def test_unrelated_words_keep_distinct_stems() -> None:
    words = ["layanan", "kirim", "latih", "baik", "aduan", "bangun", "rawat", "pajak", "sehat"]
    assert len({rules.stem(w) for w in words}) == len(words)


def test_short_and_function_words_are_kept() -> None:
    for w in ("dan", "yang", "di", "ktp", "dinas", "2026"):
        assert rules.stem(w) == w


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnoprstuwy", min_size=1, max_size=20))
def test_stem_is_never_longer_nor_empty(word: str) -> None:
    s = rules.stem(word)
    assert s and len(s) <= len(word) + 1  # +1: s → ny
    assert rules.stem(word) == s  # deterministic


def test_index_text_and_query_agree() -> None:
    stored = rules.index_text("Pelayanan KTP", "Warga dilayani di kecamatan.")
    for term in rules.query_stems("layanan"):
        assert f" {term} " in stored
    assert rules.query_stems("yang dan layanan") == [rules.stem("layanan")]


def test_highlight_marks_affixed_forms_and_escapes() -> None:
    snippet = rules.highlight(
        "Kami <b>melayani</b> warga; pelayanan cepat.", rules.query_stems("layanan")
    )
    assert "<mark>pelayanan</mark>" in snippet
    assert "<mark>&lt;b&gt;melayani&lt;/b&gt;</mark>" in snippet
    assert "<b>" not in snippet


# --- mentions --------------------------------------------------------------------------------


def test_mentions_are_found_distinct_and_not_in_code() -> None:
    text = (
        "Halo @budi.santoso dan @Dewi_Lestari, cc @budi.santoso. `@bukan` e-mail a@b.id"
        "\n```\n@juga_bukan\n```"
    )
    assert rules.mentions(text) == ["budi.santoso", "Dewi_Lestari"]
    assert rules.handle_as_name("Dewi_Lestari") == "dewi lestari"


# --- attachments -----------------------------------------------------------------------------

PDF = b"%PDF-1.7\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 8
MB = 1024 * 1024


def test_attachment_accepted_when_content_matches() -> None:
    assert rules.check_attachment("laporan.pdf", 1000, PDF, max_bytes=5 * MB) == "pdf"
    assert rules.check_attachment("foto.PNG", 1000, PNG, max_bytes=5 * MB) == "png"
    names = ["[Content_Types].xml", "word/document.xml"]
    assert (
        rules.check_attachment("a.docx", 10, b"PK\x03\x04", max_bytes=MB, zip_names=names) == "docx"
    )


@pytest.mark.parametrize(
    ("name", "size", "head", "message"),
    [
        ("kosong.pdf", 0, PDF, "kosong"),
        ("besar.pdf", 6 * MB, PDF, "terlalu besar; batasnya 5 MB"),
        ("skrip.exe", 100, b"MZ\x90\x00", "tidak diterima"),
        ("halaman.html", 100, b"<html>", "tidak diterima"),
        ("palsu.pdf", 100, b"<script>alert(1)", "tidak sesuai dengan ekstensi .pdf"),
        ("palsu.png", 100, PDF, "tidak sesuai dengan ekstensi .png"),
        ("arsip.docx", 100, b"PK\x03\x04", "tidak sesuai dengan ekstensi .docx"),
        ("tanpa-ekstensi", 100, PDF, "tidak diterima"),
    ],
)
def test_attachment_refused(name: str, size: int, head: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rules.check_attachment(name, size, head, max_bytes=5 * MB)


def test_safe_filename() -> None:
    assert rules.safe_filename("../../etc/passwd") == "passwd"
    assert rules.safe_filename('C:\\x\\"<a>.pdf') == "a.pdf"
    assert rules.safe_filename("") == "berkas"


def test_code_keeps_its_characters_once_escaped() -> None:
    html = rules.render_markdown('`a < b && c`\n\n```\nif (a < b) { x = "&"; }\n```')
    assert "<code>a &lt; b &amp;&amp; c</code>" in html
    assert 'if (a &lt; b) { x = "&amp;"; }' in html
    assert "&amp;lt;" not in html and "&amp;amp;" not in html


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.lists(st.sampled_from(["layan", "irim", "x"]), max_size=3))
def test_highlight_never_lets_markup_through(text: str, terms: list[str]) -> None:
    snippet = rules.highlight(text, terms)
    stripped = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped
