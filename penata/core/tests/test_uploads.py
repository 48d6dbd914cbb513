"""Hostile files at every upload: oversize, wrong type, executables renamed, zip bombs, formulas.

The rules live in :mod:`penata.core.uploads`; the tests below drive each upload endpoint (the
five imports, forum attachments and evidence, change-management materials, funding documents,
training certificates) with the same hostile files.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from penata.core import uploads
from penata.core.import_views import ImportUploadForm

MB = 1024 * 1024
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"0" * 100
FORMULA = "=cmd|' /C calc'!A0"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _xlsx_bomb() -> bytes:
    """A workbook-shaped ZIP whose one sheet inflates 50 MB from ~50 KB (ratio ≈ 1000)."""
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\x00" * (50 * MB),
        }
    )


def _docx_bomb() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (50 * MB)})


def _real_xlsx(rows: list[list[Any]]) -> bytes:
    """A real workbook; text cells starting with ``=`` are stored as text (as a CSV opened and
    saved by Excel would have them), not as formulas."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    for cells in ws.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [FORMULA, "=1+1", "+A1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)", "\t=1", "\r=HYPERLINK(1)",
     " =1", "-A1", "+cmd|' /C calc'!A0"],
)  # fmt: skip
def test_formula_detected(value: str) -> None:
    assert uploads.looks_like_formula(value)


@pytest.mark.parametrize(
    "value", ["-5", "-5,25", "+62 812-3456-7890", "-", "", "Andi", "5-2", "a=b", 5, -5.0, None]
)
def test_plain_values_are_not_formulas(value: Any) -> None:
    assert not uploads.looks_like_formula(value)


def test_formula_message_names_row_and_column() -> None:
    found = uploads.formula_cells(["nip", "nama"], [["1", "Andi"], ["2", FORMULA]], 2)
    assert found == [(3, "nama", FORMULA)]
    message = uploads.formula_message(found)
    assert "baris 3 kolom nama" in message and "rumus" in message


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("roster.xlsx", b"nip;nama\n1;Andi\n", "bad_content"),  # a CSV renamed .xlsx
        ("roster.xlsx", EXE, "executable"),
        ("roster.csv", ELF, "executable"),
        ("roster.csv", PDF, "bad_content"),  # a PDF renamed .csv
        ("roster.csv", b"nip,nama\x00\x00", "bad_content"),
        ("roster.xlsx", _docx_bomb(), "zip_bomb"),
        ("roster.xlsx", _xlsx_bomb(), "zip_bomb"),
        (
            "roster.xlsx",
            _zip({"[Content_Types].xml": b"", "word/document.xml": b""}),
            "bad_content",
        ),
        ("roster.xls", b"not an excel file at all", "bad_content"),
        ("roster.exe", b"nip\n1\n", "bad_type"),
        ("roster.pdf", PDF, "bad_type"),
        ("roster.csv", b"", "empty"),
    ],
)
def test_import_file_refused(name: str, data: bytes, code: str) -> None:
    with pytest.raises(uploads.UploadRejected) as exc:
        uploads.check_import_file(name, len(data), data, max_bytes=50 * MB)
    assert exc.value.code == code
    assert exc.value.message


def test_import_file_accepted() -> None:
    assert uploads.check_import_file("r.csv", 10, b"nip;nama\n1;A\n", max_bytes=MB) == "csv"
    data = _real_xlsx([["nip", "nama"], ["1", "Andi"]])
    assert uploads.check_import_file("r.xlsx", len(data), data, max_bytes=MB) == "xlsx"


def test_import_file_oversize() -> None:
    with pytest.raises(uploads.UploadRejected, match="terlalu besar") as exc:
        uploads.check_import_file("r.csv", 60 * MB, b"nip\n", max_bytes=50 * MB)
    assert exc.value.code == "too_large"


def test_check_file_refuses_executable_renamed_and_bombs() -> None:
    allowed = {"pdf", "docx", "xlsx"}
    kw: dict[str, Any] = {"allowed": allowed, "max_bytes": 10 * MB, "allowed_label": "PDF"}
    with pytest.raises(uploads.UploadRejected) as exc:
        uploads.check_file("laporan.pdf", len(EXE), io.BytesIO(EXE), **kw)
    assert exc.value.code == "executable"
    bomb = _docx_bomb()
    with pytest.raises(uploads.UploadRejected) as exc:
        uploads.check_file("paparan.docx", len(bomb), io.BytesIO(bomb), **kw)
    assert exc.value.code == "zip_bomb"
    assert "bom zip" in exc.value.message
    with pytest.raises(uploads.UploadRejected) as exc:
        uploads.check_file("laporan.pdf", 11 * MB, PDF, **kw)
    assert exc.value.code == "too_large"
    assert uploads.check_file("laporan.pdf", len(PDF), PDF, **kw) == "pdf"


def test_zip_with_too_many_members_refused() -> None:
    data = _zip({f"x/{i}": b"" for i in range(uploads.MAX_ZIP_ENTRIES + 1)})
    with pytest.raises(uploads.UploadRejected) as exc:
        uploads.check_zip(data)
    assert exc.value.code == "zip_bomb"


# --- the import form (every import: roster, e-Kinerja, ABK, potential, assessments) -----------


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("roster.xlsx", b"nip;nama\n1;Andi\n", "bukan buku kerja"),
        ("roster.pdf", EXE, "tidak didukung"),
        ("roster.xlsx", EXE, "program (executable)"),
        ("roster.xlsx", _xlsx_bomb(), "bom zip"),
    ],
)
def test_import_form_refuses(name: str, data: bytes, needle: str) -> None:
    form = ImportUploadForm(data={}, files={"file": SimpleUploadedFile(name, data)})
    assert not form.is_valid()
    assert needle in " ".join(form.errors["file"])


IMPORT_PAGES = [
    ("workforce:roster_upload", "bkpp"),
    ("performance:ekinerja_upload", "bkpp"),
    ("planning:import_upload", "bkpp"),
    ("talent:potential_import_upload", "bkpp"),
    ("learning:assessment_import_upload", "bkpp"),
]


@pytest.mark.parametrize(("url_name", "role"), IMPORT_PAGES)
def test_every_import_page_refuses_hostile_files(client_for: Any, url_name: str, role: str) -> None:
    from penata.core.models import ImportUpload

    client = client_for(role)
    url = reverse(url_name)
    before = sum(m.objects.count() for m in ImportUpload.__subclasses__())
    for name, data, needle in [
        ("data.xlsx", _xlsx_bomb(), "bom zip"),
        ("data.xlsx", b"nip,nama\n1,A\n", "bukan buku kerja"),
        ("data.csv", EXE, "program (executable)"),
    ]:
        response = client.post(url, {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200, url_name
        assert needle in response.content.decode(), (url_name, name)
    assert sum(m.objects.count() for m in ImportUpload.__subclasses__()) == before


# --- formula injection in every importer ---------------------------------------------------------


def _importers() -> list[tuple[str, Any, bytes]]:
    from penata.learning.assessments import assessment_import
    from penata.performance.ekinerja import ekinerja_import
    from penata.planning.imports import abk_import
    from penata.talent.services import potential_import
    from penata.workforce.roster import roster_import

    return [
        (
            "roster",
            roster_import,
            f"nip;nama;jenis_kelamin;tanggal_lahir;status_pegawai;unit_kerja\n"
            f"199001012015011001;{FORMULA};L;1990-01-01;pns;DINKES\n".encode(),
        ),
        (
            "ekinerja",
            ekinerja_import,
            b"nip;tahun;hasil_kerja;perilaku_kerja;predikat\n"
            b"199001012015011001;2025;baik;baik;@SUM(A1)\n",
        ),
        (
            "abk",
            abk_import,
            b"kode_unit;jabatan;uraian_tugas;satuan_hasil;volume;norma_waktu\n"
            b"DINKES;Analis;-2+3+cmd|' /C calc'!A0;dokumen;10;60\n",
        ),
        (
            "potential",
            potential_import,
            b"nip;tanggal;nilai_kompetensi;nilai_tes_potensi;nilai_rekam_jejak;catatan\n"
            b"199001012015011001;2025-01-01;80;70;60;+cmd|' /C calc'!A0\n",
        ),
        (
            "assessments",
            assessment_import,
            b"nip;kode_kompetensi;level;sumber;tanggal\n"
            b"199001012015011001;manajemen_asn;3;=cmd|' /C calc'!A0;2025-01-01\n",
        ),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["ekinerja", "abk", "potential", "assessments"])
def test_every_importer_refuses_formula_cells_naming_row_and_column(which: str) -> None:
    (importer, data) = next((imp, d) for name, imp, d in _importers() if name == which)
    report = importer(actor=None, data=data, filename=f"{which}.csv")
    result = report.as_dict()
    formula = [e for e in result["errors"] if e["code"] in ("formula_refused", "formula")]
    assert formula, result
    assert formula[0]["row"] == 2
    assert formula[0]["column"]
    assert "rumus" in formula[0]["message"]
    assert result["rejected"] >= 1
    assert result["created"] == result["updated"] == 0


@pytest.mark.django_db
def test_roster_neutralises_formula_cells_with_a_warning_naming_row_and_column() -> None:
    """The roster keeps what was typed (a name is a name) and neutralises it in every export;
    the report says so, row and column."""
    (importer, data) = next((imp, d) for name, imp, d in _importers() if name == "roster")
    result = importer(actor=None, data=data, filename="roster.csv", dry_run=True).as_dict()
    warning = next(w for w in result["warnings"] if w["code"] == "formula_neutralised")
    assert (warning["row"], warning["column"]) == (2, "nama")
    assert "dinetralkan" in warning["message"]


def test_formula_cells_in_a_real_xlsx_are_found_and_negative_numbers_stay_numbers() -> None:
    from penata.workforce.roster import read_table_at

    bad = _real_xlsx([["nip", "nama"], ["1", "Andi"], ["2", '=HYPERLINK("http://x")']])
    table = read_table_at(bad, "r.xlsx", known_columns=["nip", "nama"])
    found = uploads.formula_cells(table.headers, table.rows, table.first_data_row)
    assert found == [(3, "nama", '=HYPERLINK("http://x")')]
    ok = _real_xlsx([["nip", "nilai", "telepon", "catatan"], ["1", -5, "+62 812-1", "-"]])
    table = read_table_at(ok, "r.xlsx", known_columns=["nip", "nilai"])
    assert table.rows[0][1] == -5
    assert uploads.formula_cells(table.headers, table.rows, table.first_data_row) == []


@pytest.mark.django_db
def test_importer_refuses_zip_bomb_before_opening() -> None:
    from penata.workforce.roster import roster_import

    report = roster_import(actor=None, data=_xlsx_bomb(), filename="roster.xlsx")
    assert report.as_dict()["errors"][0]["code"] == "file_too_large_uncompressed"


# --- file attachments: forum, engagement, funding, certificates --------------------------------


@pytest.mark.django_db
def test_forum_attachment_refuses_bomb_and_renamed_executable(users: Any) -> None:
    from penata.forum import services as forum_services

    for name, data in [("laporan.pdf", EXE), ("paparan.docx", _docx_bomb())]:
        with pytest.raises(forum_services.ForumError) as exc:
            forum_services._attach([SimpleUploadedFile(name, data)], actor=users["employee"])
        assert exc.value.code == "bad_file"
        assert exc.value.message


@pytest.mark.django_db
def test_engagement_material_refuses_bomb(users: Any) -> None:
    from penata.engagement import services as eng_services
    from penata.engagement.models import Campaign

    campaign = Campaign.objects.create(
        topic="Uji",
        message="Uji",
        owner=users["bkpp"],
        starts_on="2026-01-01",
        ends_on="2026-12-31",
    )
    with pytest.raises(eng_services.EngagementError) as exc:
        eng_services.material_add(
            actor=users["bkpp"],
            campaign=campaign,
            kind="document",
            title="Paparan",
            file=SimpleUploadedFile("paparan.pptx", _zip(
                {"[Content_Types].xml": b"", "ppt/slide1.xml": b"\x00" * (30 * MB)})),
        )  # fmt: skip
    assert "bom zip" in exc.value.message


@pytest.mark.django_db
def test_funding_document_refuses_renamed_executable(users: Any) -> None:
    from penata.funding import services as funding_services
    from penata.funding.tests.factories import AgreementFactory

    with pytest.raises(funding_services.FundingError):
        funding_services.document_upload(
            actor=users["bkpp"],
            agreement=AgreementFactory(),
            kind="signed",
            upload=SimpleUploadedFile("naskah.pdf", EXE),
        )


@pytest.mark.django_db
def test_certificate_upload_refuses_renamed_executable(users: Any) -> None:
    import datetime as dt

    from penata.learning import services as learning_services
    from penata.learning.services import LearningError
    from penata.workforce.tests.factories import EmployeeFactory

    user = users["employee"]
    user.employee = EmployeeFactory()
    user.save()
    with pytest.raises(LearningError) as exc:
        learning_services.external_certificate_submit(
            actor=user,
            title="Pelatihan",
            issuer="LAN",
            activity_type=None,
            jp=10,
            completed_on=dt.date(2025, 1, 1),
            file=SimpleUploadedFile("sertifikat.pdf", EXE),
        )
    assert exc.value.code == "bad_file"
