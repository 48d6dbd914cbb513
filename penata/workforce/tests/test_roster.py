"""The roster import: every error code with a broken file, all-or-nothing, upsert, round trip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.management import call_command

from penata.core.models import AuditEvent
from penata.workforce.models import Employee, Position, PositionHistory, RankHistory
from penata.workforce.roster import COLUMNS, roster_export, roster_import
from penata.workforce.services import org_units_load_tree

TODAY = dt.date(2026, 11, 28)

TREE = [
    {
        "code": "diskominfo",
        "name": "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "kind": "dinas",
        "children": [
            {"code": "diskominfo-sekretariat", "name": "Sekretariat", "kind": "sekretariat"},
            {"code": "diskominfo-aptika", "name": "Bidang Aplikasi Informatika", "kind": "bidang"},
        ],
    },
    {
        "code": "disdik",
        "name": "Dinas Pendidikan",
        "kind": "dinas",
        "children": [
            {"code": "disdik-sekretariat", "name": "Sekretariat", "kind": "sekretariat"},
            {"code": "smpn-1", "name": "SMP Negeri 1 Semarang", "kind": "sekolah"},
        ],
    },
    {
        "code": "kec-tembalang",
        "name": "Kecamatan Tembalang",
        "kind": "kecamatan",
        "children": [{"code": "kel-bulusan", "name": "Kelurahan Bulusan", "kind": "kelurahan"}],
    },
]

GOOD = {
    "nip": "198609262015051001",
    "nama": "Budi Santoso",
    "gelar_depan": "",
    "gelar_belakang": "S.Kom.",
    "jenis_kelamin": "L",
    "tempat_lahir": "Semarang",
    "tanggal_lahir": "26-09-1986",
    "status_pegawai": "PNS",
    "golongan": "III/b",
    "tmt_golongan": "01-04-2019",
    "jabatan": "Pranata Komputer",
    "jenis_jabatan": "Fungsional Ahli Pertama",
    "unit_kerja": "Bidang Aplikasi Informatika",
    "pendidikan": "S1",
    "jurusan": "Teknik Informatika",
    "tmt_cpns": "01-05-2015",
    "email": "budi.santoso@semarangkota.go.id",
    "telepon": "081234567890",
    "nik": "3374012609860001",
}
SECOND = {
    **GOOD,
    "nip": "199003152019032005",
    "nama": "Sri Wahyuni",
    "gelar_belakang": "S.Pd.",
    "jenis_kelamin": "P",
    "tanggal_lahir": "15/03/1990",
    "golongan": "iii-a",
    "tmt_golongan": "2019-03-01",
    "jabatan": "Guru Ahli Pertama",
    "jenis_jabatan": "Fungsional",
    "unit_kerja": "SMP Negeri 1 Semarang",
    "tmt_cpns": "01-03-2019",
    "email": "sri.wahyuni@semarangkota.go.id",
    "telepon": "+62 812-3456-7891",
    "nik": "3374015503900002",
}
PPPK = {
    **GOOD,
    "nip": "199201012021212001",
    "nama": "Rina Marlina",
    "gelar_belakang": "A.Md.",
    "jenis_kelamin": "P",
    "tanggal_lahir": "01-01-1992",
    "status_pegawai": "PPPK",
    "golongan": "VII",
    "tmt_golongan": "",
    "jabatan": "Pengolah Data dan Informasi",
    "jenis_jabatan": "Pelaksana",
    "unit_kerja": "Kelurahan Bulusan",
    "pendidikan": "D-III",
    "tmt_cpns": "",
    "email": "",
    "telepon": "",
    "nik": "",
}


@pytest.fixture
def registry(db: None) -> None:
    from django.db import transaction

    with transaction.atomic():
        org_units_load_tree(actor=None, units=TREE)


def to_csv(
    rows: list[dict[str, Any]],
    *,
    delimiter: str = ",",
    bom: bool = False,
    headers: list[str] | None = None,
) -> bytes:
    headers = headers or COLUMNS
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    data = buf.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def to_xlsx(rows: list[list[Any]], path: Path) -> bytes:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    date_fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))
    wb.close()
    return path.read_bytes()


def run(data: bytes, **kwargs: Any) -> dict[str, Any]:
    return roster_import(
        actor=None, data=data, filename="roster.csv", today=TODAY, **kwargs
    ).as_dict()


def codes(report: dict[str, Any]) -> set[str]:
    return {e["code"] for e in report["errors"]}


def one_error(row: dict[str, Any]) -> dict[str, Any]:
    report = run(to_csv([row]))
    assert report["rejected"] == 1, report
    assert Employee.objects.count() == 0
    return report


# --- happy paths ---------------------------------------------------------------------------


def test_import_creates_with_history_and_audit(registry: None) -> None:
    report = run(to_csv([GOOD, SECOND, PPPK]))
    assert report["errors"] == [] and report["rejected"] == 0
    assert (report["created"], report["updated"], report["unchanged"]) == (3, 0, 0)
    budi = Employee.objects.select_related("rank", "position", "education", "org_unit").get(
        nip=GOOD["nip"]
    )
    assert budi.rank.code == "III/b" and budi.rank_tmt == dt.date(2019, 4, 1)
    assert (
        budi.position.name == "Pranata Komputer"
        and budi.position.functional_level == "ahli_pertama"
    )
    assert budi.org_unit.code == "diskominfo-aptika" and budi.education.code == "s1"
    assert budi.retirement_date == dt.date(2046, 10, 1)  # fungsional: BUP 60
    sri = Employee.objects.get(nip=SECOND["nip"])
    assert sri.phone == "081234567891" and sri.rank.code == "III/a"
    assert sri.position.name == "Guru" and sri.position.functional_level == "ahli_pertama"
    rina = Employee.objects.get(nip=PPPK["nip"])
    assert rina.employment_type == "pppk" and rina.rank.code == "VII" and rina.rank.kind == "pppk"
    assert RankHistory.objects.count() == 3 and PositionHistory.objects.count() == 3
    assert AuditEvent.objects.filter(action="employee.create").count() == 3
    assert AuditEvent.objects.filter(action="roster.import").count() == 1
    assert Position.objects.count() == 3


def test_reimport_is_unchanged(registry: None) -> None:
    data = to_csv([GOOD, SECOND, PPPK])
    run(data)
    events = AuditEvent.objects.count()
    report = run(data)
    assert (report["created"], report["updated"], report["unchanged"], report["rejected"]) == (
        0,
        0,
        3,
        0,
    )
    assert AuditEvent.objects.count() == events


def test_update_changes_only_what_differs(registry: None) -> None:
    run(to_csv([GOOD]))
    changed = {
        **GOOD,
        "golongan": "III/c",
        "tmt_golongan": "01-04-2023",
        "unit_kerja": "Kelurahan Bulusan",
        "jabatan": "",
        "jenis_jabatan": "",
    }
    report = run(to_csv([changed]))
    assert (report["created"], report["updated"]) == (0, 1)
    budi = Employee.objects.get(nip=GOOD["nip"])
    assert (
        budi.rank.code == "III/c" and budi.org_unit.code == "kel-bulusan" and budi.position is None
    )
    assert RankHistory.objects.filter(employee=budi).count() == 2
    assert PositionHistory.objects.filter(employee=budi).count() == 2
    event = AuditEvent.objects.get(action="employee.update")
    assert set(event.after) >= {"rank_id", "org_unit_id", "position_id"}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", [False, True])
def test_csv_dialects(registry: None, delimiter: str, bom: bool) -> None:
    report = run(to_csv([GOOD], delimiter=delimiter, bom=bom))
    assert report["created"] == 1, report


def test_headers_in_any_order_and_case(registry: None) -> None:
    headers = [
        h.upper() if i % 2 else h.replace("_", " ").title() for i, h in enumerate(reversed(COLUMNS))
    ]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(headers)
    w.writerow([GOOD[h] for h in reversed(COLUMNS)])
    report = run(buf.getvalue().encode())
    assert report["created"] == 1, report


def test_cp1252_csv_is_read_with_a_warning(registry: None) -> None:
    data = to_csv([{**GOOD, "tempat_lahir": "Cilacap – Jawa"}]).decode().encode("cp1252")
    report = run(data)
    assert report["created"] == 1
    assert any(w["code"] == "file_warning" for w in report["warnings"])


@pytest.mark.parametrize(
    "spelling", ["III/b", "III-b", "IIIb", "iii/b", "3b", "3/b", "III/B", "III / b"]
)
def test_golongan_spellings(registry: None, spelling: str) -> None:
    run(to_csv([{**GOOD, "golongan": spelling}]))
    assert Employee.objects.get().rank.code == "III/b"


@pytest.mark.parametrize("value", ["26-09-1986", "26/09/1986", "1986-09-26", "31681"])
def test_date_formats(registry: None, value: str) -> None:
    run(to_csv([{**GOOD, "tanggal_lahir": value}]))
    assert Employee.objects.get().birth_date == dt.date(1986, 9, 26)


@pytest.mark.parametrize(
    "value",
    [
        "'198609262015051001",
        "19860926 201505 1 001",
        "198609262015051001.0",
        " 198609262015051001 ",
    ],
)
def test_lossless_nip_repairs(registry: None, value: str) -> None:
    report = run(to_csv([{**GOOD, "nip": value}]))
    assert report["created"] == 1, report
    assert Employee.objects.get().nip == GOOD["nip"]


def test_xlsx_with_real_dates_and_text_nip(registry: None, tmp_path: Path) -> None:
    row = [GOOD[c] for c in COLUMNS]
    row[COLUMNS.index("tanggal_lahir")] = dt.date(1986, 9, 26)
    row[COLUMNS.index("tmt_cpns")] = 42125  # an Excel serial: 2015-05-01
    data = to_xlsx([COLUMNS, row], tmp_path / "r.xlsx")
    report = roster_import(actor=None, data=data, filename="r.xlsx", today=TODAY).as_dict()
    assert report["created"] == 1, report
    assert Employee.objects.get().tmt_cpns == dt.date(2015, 5, 1)


def test_xlsx_numeric_nip_lost_digits_rejected(registry: None, tmp_path: Path) -> None:
    row = [GOOD[c] for c in COLUMNS]
    row[0] = 198609262015051001  # stored as a number: Excel keeps 15 significant digits
    data = to_xlsx([COLUMNS, row], tmp_path / "r.xlsx")
    report = roster_import(actor=None, data=data, filename="r.xlsx", today=TODAY).as_dict()
    assert report["rejected"] == 1
    assert report["errors"][0]["column"] == "nip"
    assert report["errors"][0]["code"] in {"nip_digits_lost", "nip_scientific"}


# --- every error code with a broken file ---------------------------------------------------


@pytest.mark.parametrize(
    ("change", "column", "code"),
    [
        ({"nip": ""}, "nip", "required"),
        ({"nip": "1.98609E+17"}, "nip", "nip_scientific"),
        ({"nip": "19860926201505100"}, "nip", "nip_length"),
        ({"nip": "19860926201505100X"}, "nip", "nip_not_digits"),
        ({"nip": "198602302015051001", "tanggal_lahir": "30-02-1986"}, "nip", "nip_birth_date"),
        ({"nip": "198609262015131001"}, "nip", "nip_tmt"),
        ({"nip": "198609261999051001"}, "nip", "nip_tmt_too_early"),
        ({"nip": "198609262015053001"}, "nip", "nip_gender_digit"),
        ({"nip": "198609262015051000"}, "nip", "nip_sequence"),
        ({"tanggal_lahir": "27-09-1986"}, "nip", "nip_birth_date_mismatch"),
        ({"jenis_kelamin": "P"}, "nip", "nip_gender_mismatch"),
        ({"tmt_cpns": "01-06-2015"}, "nip", "nip_tmt_mismatch"),
        ({"nama": ""}, "nama", "required"),
        ({"nama": "x" * 151}, "nama", "too_long"),
        ({"jenis_kelamin": "X"}, "jenis_kelamin", "gender_unknown"),
        ({"tanggal_lahir": "31-02-1986"}, "tanggal_lahir", "date_invalid"),
        ({"tanggal_lahir": "kemarin"}, "tanggal_lahir", "date_invalid"),
        ({"tmt_golongan": "01-01-2030"}, "tmt_golongan", "date_in_future"),
        ({"tmt_golongan": "01-01-1980"}, "tmt_golongan", "date_before_birth"),
        ({"status_pegawai": "Honorer"}, "status_pegawai", "employment_type_invalid"),
        ({"golongan": "V/a"}, "golongan", "golongan_unknown"),
        ({"golongan": ""}, "golongan", "required"),
        ({"pendidikan": "Sekolah Tinggi Kehidupan"}, "pendidikan", "education_unknown"),
        ({"unit_kerja": "Dinas Komunikasi Informatika"}, "unit_kerja", "unit_unknown"),
        ({"unit_kerja": "Sekretariat"}, "unit_kerja", "unit_ambiguous"),
        ({"jenis_jabatan": "Honorer"}, "jenis_jabatan", "position_kind_invalid"),
        ({"jenis_jabatan": ""}, "jenis_jabatan", "position_kind_required"),
        ({"email": "budi@"}, "email", "email_invalid"),
        ({"telepon": "12ab"}, "telepon", "phone_invalid"),
        ({"nik": "337401260986000"}, "nik", "nik_length"),
        ({"nik": "3374012609850001"}, "nik", "nik_birth_date_mismatch"),
        ({"nik": "3374016609860001"}, "nik", "nik_gender_mismatch"),
        ({"nik": "9974012609860001"}, "nik", "nik_province"),
    ],
)
def test_error_codes(registry: None, change: dict[str, str], column: str, code: str) -> None:
    report = one_error({**GOOD, **change})
    found = [(e["column"], e["code"]) for e in report["errors"]]
    assert (column, code) in found, found
    err = next(e for e in report["errors"] if e["code"] == code)
    assert err["row"] == 2 and err["message"] and err["message"] != code


def test_unknown_unit_suggests_closest(registry: None) -> None:
    report = one_error({**GOOD, "unit_kerja": "Kelurahan Bulusn"})
    assert "Kelurahan Bulusan" in report["errors"][0]["message"]


def test_ambiguous_unit_accepts_opd_prefix(registry: None) -> None:
    report = run(
        to_csv(
            [
                {
                    **GOOD,
                    "unit_kerja": "Dinas Pendidikan / Sekretariat",
                    "jabatan": "",
                    "jenis_jabatan": "",
                }
            ]
        )
    )
    assert report["created"] == 1, report
    assert Employee.objects.get().org_unit.code == "disdik-sekretariat"


def test_rank_above_education_cap_is_flagged_not_rejected(registry: None) -> None:
    report = run(to_csv([{**GOOD, "golongan": "IV/a", "pendidikan": "SMA"}]))
    assert report["created"] == 1
    assert any(
        w["code"] == "rank_above_education_cap" and w["row"] == 2 for w in report["warnings"]
    )


def test_duplicate_nip_in_file_rejected(registry: None) -> None:
    report = run(to_csv([GOOD, SECOND, {**GOOD, "nama": "Budi S."}]))
    dupes = [e for e in report["errors"] if e["code"] == "nip_duplicate_in_file"]
    assert {e["row"] for e in dupes} == {2, 4}
    assert report["rejected"] == 2 and Employee.objects.count() == 0


def test_all_or_nothing_by_default(registry: None) -> None:
    report = run(to_csv([GOOD, {**SECOND, "tanggal_lahir": "kemarin"}, PPPK]))
    assert report["rejected"] == 1 and report["written"] is False
    assert report["created"] == 0 and Employee.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="employee").exists()


def test_skip_invalid_writes_valid_rows(registry: None) -> None:
    report = run(to_csv([GOOD, {**SECOND, "tanggal_lahir": "kemarin"}, PPPK]), skip_invalid=True)
    assert report["rejected"] == 1 and report["created"] == 2 and report["written"] is True
    assert set(Employee.objects.values_list("nip", flat=True)) == {GOOD["nip"], PPPK["nip"]}
    assert report["errors"][0]["row"] == 3


def test_dry_run_writes_nothing(registry: None) -> None:
    report = run(to_csv([GOOD, SECOND]), dry_run=True)
    assert report["created"] == 2 and report["dry_run"] is True and report["written"] is False
    assert Employee.objects.count() == 0 and Position.objects.count() == 0


def test_row_numbers_count_blank_lines_like_excel(registry: None) -> None:
    data = to_csv([GOOD]) + b"\r\n" + to_csv([{**SECOND, "email": "salah"}]).split(b"\r\n", 1)[1]
    report = run(data)
    assert report["errors"][0]["row"] == 4


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "file_empty"),
        (b"   \n  ", "file_empty"),
        (b"nama,nip\nBudi,1\n", "header_missing"),
        (
            b"nip,nip,nama,jenis_kelamin,tanggal_lahir,status_pegawai,unit_kerja\n",
            "header_duplicate",
        ),
        (b"\x00\x01\x02garbage\x00", "file_not_text"),
        (b"PK\x03\x04not really a zip", "file_unreadable"),
    ],
)
def test_unreadable_files(registry: None, data: bytes, code: str) -> None:
    report = roster_import(actor=None, data=data, filename="x.csv", today=TODAY)
    assert report.exit_status == 2
    assert report.as_dict()["errors"][0]["code"] == code


def test_xlsx_suffix_with_csv_content_is_refused(registry: None) -> None:
    report = roster_import(actor=None, data=to_csv([GOOD]), filename="r.xlsx", today=TODAY)
    assert report.exit_status == 2


def test_formula_injection_is_stored_as_text_and_export_neutralises(
    registry: None, tmp_path: Path
) -> None:
    run(to_csv([{**GOOD, "tempat_lahir": "=cmd|'/c calc'!A1"}]))
    assert Employee.objects.get().birth_place.startswith("=cmd")
    out = tmp_path / "out.csv"
    roster_export(out)
    text = out.read_text(encoding="utf-8-sig")
    assert "'=cmd" in text
    # …and the neutralised export still imports unchanged.
    assert run(out.read_bytes())["unchanged"] == 1


# --- export / round trip -------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_is_unchanged(registry: None, tmp_path: Path, suffix: str) -> None:
    run(to_csv([GOOD, SECOND, PPPK]))
    out = tmp_path / f"roster{suffix}"
    assert roster_export(out) == 3
    report = roster_import(
        actor=None, data=out.read_bytes(), filename=out.name, today=TODAY
    ).as_dict()
    assert report["errors"] == [], report["errors"]
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 3)


# --- the command ---------------------------------------------------------------------------


def test_command_exit_statuses_and_report(registry: None, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(to_csv([GOOD]))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(to_csv([{**GOOD, "nip": "1.98609E+17"}]))
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04junk")
    report_path = tmp_path / "report.json"

    with pytest.raises(SystemExit) as exc:
        call_command("import-roster", str(bad), report=str(report_path))
    assert exc.value.code == 1
    report = json.loads(report_path.read_text())
    assert report["rejected"] == 1 and report["errors"][0]["code"] == "nip_scientific"
    assert Employee.objects.count() == 0

    with pytest.raises(SystemExit) as exc:
        call_command("import-roster", str(junk))
    assert exc.value.code == 2

    call_command("import-roster", str(good), dry_run=True)
    assert Employee.objects.count() == 0
    call_command("import-roster", str(good), report=str(report_path))
    assert json.loads(report_path.read_text())["created"] == 1

    out = tmp_path / "export.csv"
    call_command("export-roster", str(out))
    call_command("import-roster", str(out), report=str(report_path))
    assert json.loads(report_path.read_text())["unchanged"] == 1


def test_title_rows_above_the_header_are_skipped(registry: None, tmp_path: Path) -> None:
    """Office exports often start with a title and a blank row; row numbers stay Excel's."""
    rows: list[list[Any]] = [
        ["DAFTAR PEGAWAI PEMERINTAH KOTA SEMARANG"],
        [],
        ["No.", *COLUMNS],
        [1, *[GOOD[c] for c in COLUMNS]],
        [2, *[{**SECOND, "email": "salah"}[c] for c in COLUMNS]],
    ]
    data = to_xlsx(rows, tmp_path / "r.xlsx")
    report = roster_import(actor=None, data=data, filename="r.xlsx", today=TODAY).as_dict()
    assert report["errors"][0]["row"] == 5 and report["errors"][0]["column"] == "email"
    assert any(w["code"] == "column_ignored" and w["row"] == 3 for w in report["warnings"])
    assert any("baris 3" in w["message"] for w in report["warnings"] if w["code"] == "file_warning")


def test_excel_sep_hint_line(registry: None) -> None:
    data = b"sep=;\r\n" + to_csv([GOOD, {**SECOND, "email": "salah"}], delimiter=";")
    report = run(data)
    assert report["errors"][0]["row"] == 3 and report["errors"][0]["column"] == "email"


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_imports_at_once_do_not_collide() -> None:
    """Both succeed; the NIP they share is created once; nothing is half-written."""
    import threading

    from django.db import connection, transaction

    with transaction.atomic():
        org_units_load_tree(actor=None, units=TREE)
    first = to_csv([GOOD, SECOND])
    second = to_csv([{**SECOND, "gelar_belakang": "M.Pd."}, PPPK])
    results: dict[str, Any] = {}
    barrier = threading.Barrier(2)

    def work(name: str, data: bytes) -> None:
        try:
            barrier.wait()
            results[name] = run(data)
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            results[name] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n, d)) for n, d in (("a", first), ("b", second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(isinstance(r, dict) for r in results.values()), results
    assert Employee.objects.count() == 3
    assert Employee.objects.filter(nip=SECOND["nip"]).count() == 1
    created = results["a"]["created"] + results["b"]["created"]
    assert created == 3  # SECOND is created by one import and updated (or unchanged) by the other
    assert Position.objects.filter(name="Guru").count() == 1


def test_zip_bomb_workbook_is_refused(registry: None) -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    report = roster_import(actor=None, data=buf.getvalue(), filename="bom.xlsx", today=TODAY)
    assert report.exit_status == 2
    assert report.as_dict()["errors"][0]["code"] == "file_too_large_uncompressed"


@pytest.mark.django_db
def test_random_garbage_never_crashes_the_import(registry: None) -> None:
    """Whatever the cells hold, the import answers with a report (hypothesis)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    cell = st.one_of(
        st.text(max_size=30),
        st.sampled_from(["", "III/a", "PNS", "PPPK", "L", "P", "S1", "31-02-2020", "1.98E+17"]),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
    )
    row = st.fixed_dictionaries({c: cell for c in COLUMNS})

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(row, min_size=1, max_size=5), st.sampled_from([",", ";"]))
    def check(rows: list[dict[str, str]], delimiter: str) -> None:
        report = roster_import(
            actor=None, data=to_csv(rows, delimiter=delimiter), filename="x.csv", today=TODAY
        ).as_dict()
        assert report["created"] + report["updated"] + report["unchanged"] + report[
            "rejected"
        ] <= len(rows)
        for err in report["errors"]:
            assert err["message"] and err["code"]

    check()
