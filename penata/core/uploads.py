"""Every uploaded file passes here: size, type (extension AND content), zip bombs, formulas.

One place for what every upload must survive (see docs/security-input.md):

* **size** — empty and oversize files are refused with both sizes in MB;
* **type** — the extension must be one the caller accepts *and* the first bytes must be that
  type's signature (:func:`sniff`): an executable renamed ``.pdf`` or a text file renamed
  ``.xlsx`` is refused; executables (``MZ``, ELF, Mach-O, scripts with ``#!``) are named as such;
* **zip bombs** — Office files (XLSX, DOCX, PPTX, ODS) are ZIP archives: before anything opens
  one, :func:`check_zip` sums the declared uncompressed sizes and refuses archives that inflate
  beyond :data:`MAX_UNCOMPRESSED_BYTES`, beyond :data:`MAX_COMPRESSION_RATIO` times their size,
  or that hold more than :data:`MAX_ZIP_ENTRIES` members;
* **formula injection** — imported text cells that a spreadsheet would run as a formula (``=``,
  ``@``, or ``+``/``-`` followed by more than a number) are refused with row and column
  (:func:`formula_cells`); plain numbers (``-5``), phone numbers (``+62 812…``) and a lone
  ``-`` (an empty cell in many OPD files) pass.

Callers: the import forms and reader (:mod:`penata.core.import_views`,
:func:`penata.workforce.roster.read_table_at` — roster, e-Kinerja, ABK, potential, assessments),
forum attachments and evidence (:mod:`penata.forum.rules`), change-management materials
(:mod:`penata.engagement.rules`), funding documents (:mod:`penata.funding.services`) and
training certificates (:mod:`penata.learning.certificates`). Every refusal is an
:class:`UploadRejected` (a ``ValueError``) with a ``code`` and an Indonesian ``message``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

MB = 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * MB
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 10_000

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SIGNATURES: tuple[tuple[str, int, bytes], ...] = (
    ("pdf", 0, b"%PDF-"),
    ("png", 0, b"\x89PNG\r\n\x1a\n"),
    ("jpeg", 0, b"\xff\xd8\xff"),
    ("webm", 0, b"\x1a\x45\xdf\xa3"),
    ("mp4", 4, b"ftyp"),
    ("ole", 0, OLE_MAGIC),  # legacy .xls/.doc
)
_EXECUTABLES: tuple[bytes, ...] = (
    b"MZ",  # Windows .exe/.dll
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xfe\xed\xfa\xce",
    b"\xca\xfe\xba\xbe",
    b"#!",  # scripts
)
_OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
# extension → the kind its content must sniff as
KIND_OF_EXTENSION: dict[str, str] = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "ods": "ods",
    "mp4": "mp4",
    "webm": "webm",
}
TEXT_IMPORT_EXTENSIONS = frozenset({"csv", "txt"})
SPREADSHEET_EXTENSIONS = frozenset({"xlsx", "xlsm", "xls", "ods"})
IMPORT_EXTENSIONS = TEXT_IMPORT_EXTENSIONS | SPREADSHEET_EXTENSIONS


class UploadRejected(ValueError):
    """A refused upload: ``code`` for machines, ``message`` (Indonesian) for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _mb(n: float) -> str:
    return f"{n / MB:.1f}".replace(".", ",")


def extension(name: str) -> str:
    """``"Laporan.PDF"`` → ``"pdf"``; no dot → ``""``."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def is_executable(head: bytes) -> bool:
    return head.startswith(_EXECUTABLES)


def check_zip(source: bytes | IO[bytes], *, size: int | None = None) -> list[str]:
    """The member names of a ZIP archive, after refusing a zip bomb or a broken archive.

    Reads only the central directory (no member is inflated): the declared uncompressed sizes
    are summed and compared with :data:`MAX_UNCOMPRESSED_BYTES` and the compression ratio.
    """
    stream: IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
    if size is None:
        size = len(source) if isinstance(source, bytes) else _stream_size(stream)
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UploadRejected(
            "bad_archive",
            "Berkas Office/ZIP rusak (bukan arsip yang utuh). Buka di aplikasinya lalu simpan "
            "ulang.",
        ) from None
    finally:
        stream.seek(0)
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UploadRejected(
            "zip_bomb",
            f"Arsip berisi {len(infos):,} bagian; batasnya {MAX_ZIP_ENTRIES:,}. Berkas ditolak "
            "demi keamanan.".replace(",", "."),
        )
    total = sum(max(info.file_size, 0) for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES or total > MAX_COMPRESSION_RATIO * max(size, 1):
        raise UploadRejected(
            "zip_bomb",
            f"Isi berkas membengkak menjadi {_mb(total)} MB setelah dibuka (dari {_mb(size)} MB); "
            f"batasnya {MAX_UNCOMPRESSED_BYTES // MB} MB dan {MAX_COMPRESSION_RATIO}× ukuran "
            "berkas. Berkas ditolak demi keamanan (kemungkinan bom zip); simpan ulang hanya "
            "lembar yang diperlukan.",
        )
    return [info.filename for info in infos]


def _stream_size(stream: IO[bytes]) -> int:
    pos = stream.tell()
    stream.seek(0, io.SEEK_END)
    end = stream.tell()
    stream.seek(pos)
    return end


def sniff(head: bytes, zip_names: Iterable[str] = ()) -> str | None:
    """The kind of a file from its first bytes: pdf, png, jpeg, webm, mp4, ole (legacy
    Office), docx/xlsx/pptx/ods (a ZIP whose part names say which), zip, or ``None``."""
    for kind, offset, signature in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return kind
    if head.startswith(ZIP_MAGIC):
        names = list(zip_names)
        if "[Content_Types].xml" in names:
            for kind, part in _OOXML_PART.items():
                if any(n.startswith(part) for n in names):
                    return kind
        if "mimetype" in names and "content.xml" in names:
            return "ods"
        return "zip"
    return None


def check_file(
    name: str,
    size: int,
    source: bytes | IO[bytes],
    *,
    allowed: Mapping[str, str] | Iterable[str],
    max_bytes: int,
    allowed_label: str,
) -> str:
    """Refuse an upload unless it is non-empty, within ``max_bytes``, its extension is a key of
    ``allowed`` and its content sniffs as that extension's kind; returns the kind.

    ``source`` is the whole content or a seekable file (only the head and, for Office files,
    the ZIP directory are read).
    """
    label = name or "berkas"
    if size <= 0:
        raise UploadRejected("empty", f"Berkas {label} kosong; unggah {allowed_label}.")
    if size > max_bytes:
        raise UploadRejected(
            "too_large",
            f"Berkas {label} {_mb(size)} MB terlalu besar; batasnya {_mb(max_bytes)} MB.",
        )
    ext = extension(name)
    kinds = allowed if isinstance(allowed, Mapping) else {e: KIND_OF_EXTENSION[e] for e in allowed}
    expected = kinds.get(ext)
    if expected is None:
        raise UploadRejected(
            "bad_type",
            f"Jenis berkas {label} (.{ext or '?'}) tidak diterima; unggah {allowed_label}.",
        )
    head = _head(source)
    if is_executable(head):
        raise UploadRejected(
            "executable",
            f"Berkas {label} berisi program (executable), bukan .{ext}. Berkas ditolak.",
        )
    zip_names: list[str] = []
    if head.startswith(ZIP_MAGIC):
        zip_names = check_zip(source, size=size)
    actual = sniff(head, zip_names)
    if actual != expected:
        raise UploadRejected(
            "bad_content",
            f"Isi berkas {label} tidak sesuai dengan ekstensi .{ext}; unggah berkas "
            f"{allowed_label} yang asli.",
        )
    return expected


def _head(source: bytes | IO[bytes], n: int = 16) -> bytes:
    if isinstance(source, bytes):
        return source[:n]
    source.seek(0)
    head = source.read(n)
    source.seek(0)
    return bytes(head)


# --- tabular imports (roster, e-Kinerja, ABK, potential, assessments) ------------------------


def check_import_file(name: str, size: int, source: bytes | IO[bytes], *, max_bytes: int) -> str:
    """Refuse an import file that is empty, oversize, of another type than CSV/XLSX/XLS/ODS,
    whose content is not what its extension says, or a zip bomb; returns the extension."""
    label = name or "berkas"
    if size <= 0:
        raise UploadRejected("empty", "Berkas kosong.")
    if size > max_bytes:
        raise UploadRejected(
            "too_large",
            f"Berkas terlalu besar ({_mb(size)} MB); batasnya {max_bytes // MB} MB. Pecah "
            "berkasnya.",
        )
    ext = extension(name)
    if ext not in IMPORT_EXTENSIONS:
        raise UploadRejected(
            "bad_type", "Jenis berkas tidak didukung. Unggah .csv atau .xlsx (juga .xls/.ods)."
        )
    head = _head(source, 512)
    if is_executable(head):
        raise UploadRejected(
            "executable", f"Berkas {label} berisi program (executable), bukan .{ext}. Ditolak."
        )
    check_table_content(head, ext, label, source=source, size=size)
    return ext


def check_table_content(
    head: bytes, ext: str, label: str, *, source: bytes | IO[bytes], size: int
) -> None:
    """The content of an import must be the kind its extension claims (see
    :func:`check_import_file`); a ZIP is checked for a bomb before anything opens it."""
    if ext in ("xlsx", "xlsm", "ods"):
        if not head.startswith(ZIP_MAGIC):
            raise UploadRejected(
                "bad_content",
                f"Berkas {label} berakhiran .{ext} tetapi isinya bukan buku kerja (bukan arsip "
                "ZIP). Buka di Excel lalu simpan ulang sebagai .xlsx.",
            )
        names = check_zip(source, size=size)
        kind = sniff(head, names)
        if kind not in ("xlsx", "ods"):
            raise UploadRejected(
                "bad_content",
                f"Berkas {label} adalah arsip ZIP tetapi bukan buku kerja Excel/ODS. Simpan "
                "ulang dari Excel sebagai .xlsx.",
            )
    elif ext == "xls":
        if not head.startswith(OLE_MAGIC) and not head.startswith(ZIP_MAGIC):
            raise UploadRejected(
                "bad_content",
                f"Berkas {label} berakhiran .xls tetapi isinya bukan buku kerja Excel. Simpan "
                "ulang dari Excel sebagai .xlsx.",
            )
        if head.startswith(ZIP_MAGIC):
            check_zip(source, size=size)
    else:  # csv, txt: text, not a binary renamed
        kind = sniff(head)
        if kind is not None or head.startswith(ZIP_MAGIC) or b"\x00" in head:
            raise UploadRejected(
                "bad_content",
                f"Berkas {label} berakhiran .{ext} tetapi isinya bukan teks CSV. Simpan ulang "
                "sebagai 'CSV UTF-8 (Comma delimited)'.",
            )


# A value a spreadsheet would run: "=…", "@…", or "+"/"-" followed by more than a number or a
# phone number ("-5", "+62 812-3456", "-" pass; "-2+3+cmd|' /C calc'!A0", "+A1" do not).
_HARMLESS_SIGNED = re.compile(r"^[+-][\d\s.,()/-]*$")
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    """Whether a text cell would be run as a formula by a spreadsheet (see module doc)."""
    if not isinstance(value, str) or not value:
        return False
    # Leading spaces, tabs and CR/LF are stripped by every importer: judge what follows.
    text = value.lstrip(" \t\r\n")
    if not text.startswith(FORMULA_LEADS):
        return False
    if text[0] in "+-":
        return not _HARMLESS_SIGNED.match(text)
    return True


def formula_cells(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], first_data_row: int, *, limit: int = 20
) -> list[tuple[int, str, str]]:
    """``(row number as Excel shows it, column header, value)`` of the text cells that look like
    formulas, at most ``limit``."""
    found: list[tuple[int, str, str]] = []
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if looks_like_formula(value):
                column = headers[j] if j < len(headers) and headers[j] else f"kolom {j + 1}"
                found.append((first_data_row + i, column, str(value)))
                if len(found) >= limit:
                    return found
    return found


def formula_message(found: Sequence[tuple[int, str, str]]) -> str:
    """The Indonesian refusal naming each offending row and column."""
    where = "; ".join(f"baris {row} kolom {col}: {value[:40]!r}" for row, col, value in found[:5])
    more = f" (dan {len(found) - 5} sel lain)" if len(found) > 5 else ""
    return (
        "Berkas berisi sel yang akan dijalankan spreadsheet sebagai rumus (diawali =, +, -, @, "
        f"tab atau CR) — {where}{more}. Demi keamanan berkas ditolak: hapus tanda di awal sel "
        "itu (atau awali dengan tanda petik ') lalu unggah lagi."
    )
