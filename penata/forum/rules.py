"""The forum's pure rules, no Django: safe Markdown, the Indonesian stemmer used by search,
mentions, attachment sniffing and the time limits.

**Safe Markdown.** Posts are written in Markdown and rendered with ``markdown`` with its raw-HTML
rules removed (``<tag>`` in a post is text, escaped on output) and the result is cleaned with
``nh3`` (the ammonia sanitiser) against an allow-list: a handful of text tags, links with
absolute ``http``/``https``/``mailto`` targets only (so ``javascript:``, ``vbscript:``, ``data:``,
relative and protocol-relative targets are dropped), no attributes but ``href``/``title`` on
links and ``class`` on code, no images (an image would be an outgoing request from every
reader's browser). Links get ``rel="nofollow noopener noreferrer"``.

**Indonesian stemming.** PostgreSQL ships no Indonesian dictionary (its ``simple`` configuration
only lowercases), so Penata stems in Python with a small affix stripper after Nazief–Adriani
(without its dictionary look-up): particles (``-lah -kah -pun``), possessives
(``-ku -mu -nya``), derivational suffixes (``-kan -an -i``) and the prefixes ``di- ke- se-
ber- ter- me(N)- pe(N)- per-`` with the nasal changes of ``meN-/peN-`` (``menyapu → sapu``,
``memukul → pukul``, ``menulis → tulis``, ``mengirim → kirim``). The same stemmer runs on the
indexed text and on the query, so *pelayanan*, *layanan*, *melayani* and *dilayani* all become
*layan* and find each other. Without a dictionary it over- and under-stems some words (a stem is
never shorter than three letters and a word of four letters or fewer is kept whole); search
quality is good enough for a forum, and a word typed as written always finds itself.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

import markdown
import nh3
from markdown.extensions import Extension

# --- time and size limits (defaults; the institution's values are in ForumSettings) ----------

DEFAULT_EDIT_WINDOW_MINUTES = 30
DEFAULT_RATE_LIMIT_POSTS = 5
DEFAULT_RATE_WINDOW_MINUTES = 10
DEFAULT_ATTACHMENT_MAX_MB = 5
MAX_ATTACHMENTS_PER_POST = 3
MAX_BODY_CHARS = 20_000
MAX_TITLE_CHARS = 200

# --- safe Markdown -----------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "code": {"class"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
_CLASS_OK = re.compile(r"^language-[a-z0-9_+-]{1,30}$")


_HREF_OK = re.compile(r"^(https?://[^\s/]|mailto:[^\s])", re.I)


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if tag == "code" and attr == "class":
        return value if _CLASS_OK.match(value) else None
    if tag == "a" and attr == "href":
        # Absolute http(s) and mailto only: no relative, protocol-relative or odd-scheme links.
        return value if _HREF_OK.match(value.strip()) else None
    return value


class _NoRawHtml(Extension):
    """Markdown without raw HTML: the block and inline HTML rules are removed, so ``<tag>`` in
    a post is ordinary text (escaped on output), while code spans keep their characters."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def render_markdown(source: str) -> str:
    """Markdown → sanitised HTML. Raw HTML in the source is shown as text, never interpreted;
    the rendered HTML passes nh3's allow-list (see the module docstring)."""
    text = (source or "").replace("\r\n", "\n").replace("\x00", "")
    rendered = markdown.markdown(
        text, extensions=[_NoRawHtml(), "fenced_code", "tables", "sane_lists"]
    )
    # Headings are demoted to h3+ so a post never outranks the page's own h1/h2.
    rendered = re.sub(r"<(/?)h[12]>", r"<\1h3>", rendered)
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def plain_text(source: str) -> str:
    """The words of a Markdown source without its markup (for search and snippets)."""
    text = re.sub(r"`{3}.*?\n", " ", source or "")
    text = re.sub(r"\]\([^)]*\)", "] ", text)  # link targets
    text = re.sub(r"[*_`#>|~\[\]\-]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# --- Indonesian stemming -----------------------------------------------------------------------

_WORD = re.compile(r"[0-9a-z]+")
_PARTICLES = ("lah", "kah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
_VOWELS = set("aeiou")
MIN_STEM = 3


def normalise(text: str) -> str:
    """Lowercase ASCII: accents removed, everything but letters and digits a space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^0-9a-z]+", " ", ascii_text)


def _strip_suffixes(word: str) -> tuple[str, str]:
    """The word without its particle, possessive and derivational suffix, and that suffix."""
    for group in (_PARTICLES, _POSSESSIVES):
        for suffix in group:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM + 2:
                word = word[: -len(suffix)]
                break
    for suffix in ("kan", "an", "i"):
        if not word.endswith(suffix) or len(word) - len(suffix) < MIN_STEM:
            continue
        if suffix == "kan" and word[-4] in _VOWELS:
            continue  # perbaikan, kebijakan: baik+an, bijak+an (a root ending in k)
        if suffix == "i" and word[-2] in _VOWELS:
            continue  # pegawai, selesai: the i is the root's
        return word[: -len(suffix)], suffix
    return word, ""


def _long_enough(rest: str) -> bool:
    return len(rest) >= MIN_STEM


def _strip_nasal(rest: str) -> str:
    """What follows ``me``/``pe``: the nasal of meN-/peN- in a canonical form (see
    :func:`_canonical`): ``ng``+vowel drops (mengirim, mengambil → irim, ambil), ``m``/``n``/``ny``
    + vowel stay (memukul → mukul, menulis → nulis, menyapu → nyapu), a nasal before a consonant
    drops (membaca → baca, mendengar → dengar, menggali → gali)."""
    if rest.startswith("ng"):
        return rest[2:]
    if rest.startswith("ny"):
        return rest
    if rest[:1] in {"m", "n"}:
        return rest if rest[1:2] in _VOWELS else rest[1:]
    return rest


def _canonical(word: str) -> str:
    """The nasal form of a stem's first sound, so a root and its meN-/peN- form agree without a
    dictionary: k+vowel loses the k, p→m, t→n, s→ny (kirim → irim, pukul → mukul, tulis → nulis,
    sapu → nyapu)."""
    if len(word) < MIN_STEM + 1 or word[1:2] not in _VOWELS:
        return word
    first = word[0]
    if first == "k":
        return word[1:]
    if first == "p":
        return "m" + word[1:]
    if first == "t":
        return "n" + word[1:]
    if first == "s":
        return "ny" + word[1:]
    return word


def _strip_prefix(word: str, suffix: str) -> str:
    """One prefix; the word unchanged when what would remain is too short."""
    if word.startswith(("me", "pe")):
        rest = word[2:]
        if word.startswith("per") and rest[1:2] not in _VOWELS:
            rest = rest[1:]  # perbaikan → baik, pertanian → tani
        elif rest[:1] in {"l", "r", "w", "y"} or rest[:1] not in _VOWELS | {"m", "n"}:
            pass  # melayani → layani, pekerja → kerja
        else:
            rest = _strip_nasal(rest)
        return rest if _long_enough(rest) else word
    for prefix in ("ber", "ter", "be", "di", "ke"):
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix) :]
        if prefix == "be" and not rest.startswith("k"):  # bekerja
            continue
        if prefix == "ke" and suffix != "an":  # only the confix ke-an (kesehatan)
            continue
        return rest if _long_enough(rest) else word
    return word


# Function words kept whole (they are also dropped from queries when other words remain).
_KEEP = frozenset(
    """
    dan yang di ke dari untuk pada dengan atau ini itu ada akan tidak juga sudah belum bisa
    oleh dalam kami kita saya anda mereka secara bagi agar karena sebagai seperti
    tentang antara setelah sebelum selama kepada terhadap hingga sampai pula lagi dinas
    """.split()  # noqa: SIM905
)


def stem(word: str) -> str:
    """The stem of one lowercase ASCII word (see the module docstring)."""
    if len(word) <= MIN_STEM or word in _KEEP or not word.isalpha():
        return word
    base, suffix = _strip_suffixes(word)
    stripped = _strip_prefix(base, suffix)
    if stripped != base:
        stripped = _strip_prefix(stripped, suffix)  # memper-, diper-, kepe-
    out = _canonical(stripped)
    # A root's final k after a vowel goes too: -kan or -an cannot be told apart on it
    # (baik+an = perbaikan; sampai+kan = menyampaikan).
    if len(out) > MIN_STEM and out[-1] == "k" and out[-2] in _VOWELS:
        out = out[:-1]
    return out


def tokens(text: str) -> list[str]:
    """The words of ``text`` (normalised), in order."""
    return _WORD.findall(normalise(text))


def stems(text: str) -> list[str]:
    """The stems of ``text``'s words, in order (duplicates kept: they weigh in the rank)."""
    return [stem(w) for w in tokens(text)]


def index_text(*parts: str) -> str:
    """The stored search text: the stems of every part, space-separated and space-padded so an
    exact-stem ``LIKE '% stem %'`` works on SQLite."""
    words = [s for part in parts for s in stems(part)]
    return " " + " ".join(words) + " " if words else ""


def query_stems(query: str, *, limit: int = 8) -> list[str]:
    """The distinct stems of a search query, at most ``limit``, stopwords dropped when others
    remain."""
    out: list[str] = []
    for s in stems(query):
        if s not in out:
            out.append(s)
    content = [s for s in out if s not in _KEEP]
    return (content or out)[:limit]


def score(stored: str, terms: Iterable[str], *, title: str = "") -> float:
    """The fallback rank (SQLite): term frequency with diminishing returns, normalised by length,
    with a title match worth more. Mirrors ``ts_rank`` closely enough to order results."""
    words = stored.split()
    if not words:
        return 0.0
    title_stems = set(stems(title))
    total = 0.0
    for term in terms:
        n = words.count(term)
        if n:
            total += 1.0 + 0.5 * min(n - 1, 4)
        if term in title_stems:
            total += 2.0
    return total / (1.0 + len(words) / 200.0)


def highlight(text: str, terms: Iterable[str], *, width: int = 220) -> str:
    """A snippet of ``text`` around the first word whose stem is a query term, every such word
    wrapped in ``<mark>``; the rest HTML-escaped. Safe to render."""
    wanted = set(terms)
    words = re.split(r"(\s+)", text or "")
    hits = [
        i for i, w in enumerate(words) if w.strip() and any(stem(t) in wanted for t in tokens(w))
    ]
    start = 0
    if hits:
        chars = 0
        for i in range(hits[0], -1, -1):
            chars += len(words[i])
            if chars > width // 3:
                start = i
                break
    out: list[str] = []
    length = 0
    for i in range(start, len(words)):
        w = words[i]
        if length + len(w) > width and out:
            out.append("…")
            break
        length += len(w)
        out.append(f"<mark>{html.escape(w)}</mark>" if i in hits else html.escape(w))
    prefix = "…" if start > 0 else ""
    return prefix + "".join(out).strip()


# --- mentions ----------------------------------------------------------------------------------

MENTION = re.compile(r"(?<![\w@/])@([A-Za-z0-9][A-Za-z0-9._-]{1,60}[A-Za-z0-9]|[A-Za-z0-9]{2})")
MAX_MENTIONS = 10


def mentions(source: str) -> list[str]:
    """The handles mentioned in a post (``@username`` or ``@Nama_Lengkap`` with underscores for
    spaces), distinct, in order, at most ten; inside code spans and blocks they do not count."""
    text = re.sub(r"```.*?```", " ", source or "", flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    out: list[str] = []
    for m in MENTION.finditer(text):
        handle = m.group(1).rstrip("._-")
        if handle.lower() not in (h.lower() for h in out):
            out.append(handle)
    return out[:MAX_MENTIONS]


def handle_as_name(handle: str) -> str:
    """``Dewi_Lestari`` → ``dewi lestari`` (compared case-insensitively with a person's name)."""
    return " ".join(handle.replace("_", " ").replace(".", " ").split()).lower()


# --- attachments -------------------------------------------------------------------------------

# extension → the kind its content must sniff as
ATTACHMENT_EXTENSIONS = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
EXTENSION_OF = {"pdf": "pdf", "png": "png", "jpeg": "jpg", "docx": "docx", "xlsx": "xlsx",
                "pptx": "pptx"}  # fmt: skip
_OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def sniff(head: bytes, zip_names: Iterable[str] = ()) -> str | None:
    """The kind of a file from its first bytes (magic numbers); an Office file is a ZIP whose
    part names (``zip_names``) say which application it belongs to."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        names = list(zip_names)
        if "[Content_Types].xml" in names:
            for kind, part in _OOXML_PART.items():
                if any(n.startswith(part) for n in names):
                    return kind
    return None


def check_attachment(
    name: str, size: int, head: bytes, *, max_bytes: int, zip_names: Iterable[str] = ()
) -> str:
    """The sniffed kind of an upload, or ``ValueError`` with the Indonesian reason."""
    allowed = "PDF, PNG, JPG, DOCX, XLSX atau PPTX"
    if size <= 0:
        raise ValueError(f"Berkas {name} kosong; unggah {allowed}.")
    if size > max_bytes:
        have = f"{size / (1024 * 1024):.1f}".replace(".", ",")
        limit = f"{max_bytes / (1024 * 1024):g}".replace(".", ",")
        raise ValueError(f"Berkas {name} {have} MB terlalu besar; batasnya {limit} MB.")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = ATTACHMENT_EXTENSIONS.get(ext)
    if expected is None:
        raise ValueError(f"Jenis berkas {name} tidak diterima; unggah {allowed}.")
    actual = sniff(head, zip_names)
    if actual != expected:
        raise ValueError(
            f"Isi berkas {name} tidak sesuai dengan ekstensi .{ext}; unggah berkas {allowed} "
            "yang asli."
        )
    return actual


def safe_filename(name: str) -> str:
    """A display name without path parts or control characters, at most 120 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>')
    return base.strip()[:120] or "berkas"
