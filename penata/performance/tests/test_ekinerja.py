"""e-Kinerja import: the roster's error-report contract, row codes, all or nothing, the command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from penata.core.models import AuditEvent
from penata.performance import services
from penata.performance.ekinerja import ekinerja_import
from penata.performance.models import Appraisal
from penata.performance.tests.conftest import Org
from penata.workforce.tests.test_roster import to_xlsx

pytestmark = pytest.mark.django_db

HEADER = "nip,tahun,periode,hasil_kerja,perilaku_kerja,predikat"


def _csv(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def _codes(report: Any) -> list[tuple[int, str]]:
    return [(e["row"], e["code"]) for e in report.as_dict()["errors"]]


def test_valid_file_creates_rated_appraisals(org: Org) -> None:
    a, b = org.staff
    data = _csv(
        f"{a.nip},2026,tahunan,Di Atas Ekspektasi,DI ATAS,Sangat Baik",
        f"{b.nip},2026,,diatas,Di Bawah Ekspektasi,Kurang/Misconduct",
    )
    report = ekinerja_import(actor=org.u_bkpp, data=data, filename="e.csv")
    assert report.exit_status == 0, report.as_dict()
    assert (report.created, report.updated, report.written) == (2, 0, True)
    rows = dict(Appraisal.objects.values_list("employee__nip", "predikat"))
    assert rows == {a.nip: "sangat_baik", b.nip: "kurang"}
    assert Appraisal.objects.get(employee=a).appraiser_id == org.kabid.pk
    assert AuditEvent.objects.filter(action="appraisal.import").count() == 2
    # Importing the same file again changes nothing.
    again = ekinerja_import(actor=org.u_bkpp, data=data, filename="e.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_row_errors_with_codes_and_nothing_written(org: Org) -> None:
    a, b = org.staff
    data = _csv(
        f"{a.nip},2026,tahunan,Sesuai,Sesuai,Sangat Baik",  # mismatch with the matrix
        "199001012015031999,2026,tahunan,Sesuai,Sesuai,Baik",  # unknown NIP
        f"{b.nip},2024,tahunan,Sesuai,Sesuai,Baik",  # no such period
        f"{b.nip},2026,tahunan,hebat,Sesuai,",  # bad rating
        f"{b.nip},2026,tahunan,Sesuai,Sesuai,Cukup",  # duplicate NIP, bad predikat
    )
    report = ekinerja_import(actor=org.u_bkpp, data=data, filename="e.csv")
    codes = _codes(report)
    assert (2, "predikat_mismatch") in codes
    assert (3, "nip_unknown") in codes
    assert (4, "period_missing") in codes
    assert (5, "rating_invalid") in codes
    assert (5, "nip_duplicate_in_file") in codes and (6, "nip_duplicate_in_file") in codes
    assert (6, "predikat_invalid") in codes
    assert report.exit_status == 1 and not report.written
    assert not Appraisal.objects.exists()
    msg = next(e for e in report.as_dict()["errors"] if e["code"] == "predikat_mismatch")["message"]
    assert "Baik" in msg


def test_skip_invalid_writes_the_good_rows(org: Org) -> None:
    a = org.staff[0]
    data = _csv(f"{a.nip},2026,tahunan,Sesuai,Sesuai,Baik", "123,2026,tahunan,Sesuai,Sesuai,Baik")
    report = ekinerja_import(actor=org.u_bkpp, data=data, skip_invalid=True)
    assert (report.created, report.rejected, report.written) == (1, 1, True)
    assert _codes(report) == [(3, "nip_invalid")]


def test_closed_period_and_final_appraisal(org: Org) -> None:
    a = org.staff[0]
    services.period_set_status(actor=org.u_bkpp, period=org.period, status="closed")
    report = ekinerja_import(actor=org.u_bkpp, data=_csv(f"{a.nip},2026,tahunan,Sesuai,Sesuai,"))
    assert _codes(report) == [(2, "period_closed")]


def test_dry_run_writes_nothing(org: Org) -> None:
    a = org.staff[0]
    report = ekinerja_import(
        actor=None, data=_csv(f"{a.nip},2026,tahunan,Sesuai,Sesuai,Baik"), dry_run=True
    )
    assert report.created == 1 and not report.written
    assert not Appraisal.objects.exists()


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "e.csv", "file_empty"),
        (b"nip,tahun\n1,2\n", "e.csv", "header_missing"),
        (b"\x00\x01\x02garbage", "e.csv", "file_not_text"),
        (b"not a workbook", "e.xlsx", "file_unreadable"),
        (b"PK\x03\x04broken zip", "e.xlsx", "file_unreadable"),
    ],
)
def test_broken_files(org: Org, data: bytes, filename: str, code: str) -> None:
    report = ekinerja_import(actor=None, data=data, filename=filename)
    assert report.exit_status == 2
    assert report.as_dict()["errors"][0]["code"] == code


def test_xlsx(org: Org, tmp_path: Path) -> None:
    a = org.staff[0]
    rows = [
        HEADER.split(","),
        [a.nip, 2026, "Tahunan", "Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Butuh Perbaikan"],
    ]
    data = to_xlsx(rows, tmp_path / "e.xlsx")
    report = ekinerja_import(actor=None, data=data, filename="e.xlsx")
    assert report.exit_status == 0, report.as_dict()
    assert Appraisal.objects.get().predikat == "butuh_perbaikan"


def test_command_exit_statuses(org: Org, tmp_path: Path) -> None:
    a = org.staff[0]
    good = tmp_path / "good.csv"
    good.write_bytes(_csv(f"{a.nip},2026,tahunan,Sesuai,Sesuai,Baik"))
    call_command("import-ekinerja", str(good), dry_run=True)
    assert not Appraisal.objects.exists()
    call_command("import-ekinerja", str(good))
    assert Appraisal.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("123,2026,tahunan,Sesuai,Sesuai,Baik"))
    report_path = tmp_path / "r.json"
    with pytest.raises(SystemExit) as exc:
        call_command("import-ekinerja", str(bad), report=str(report_path))
    assert exc.value.code == 1
    assert json.loads(report_path.read_text())["errors"][0]["code"] == "nip_invalid"
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"junk")
    with pytest.raises(SystemExit) as exc:
        call_command("import-ekinerja", str(junk))
    assert exc.value.code == 2
