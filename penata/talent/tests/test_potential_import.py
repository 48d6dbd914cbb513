"""The potential import: the error-report contract, all-or-nothing, scores with weights."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from penata.core.models import AuditEvent
from penata.talent.models import PotentialScore
from penata.talent.services import potential_import
from penata.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)
HEAD = "nip,tanggal,nilai_kompetensi,nilai_tes_potensi,nilai_rekam_jejak,catatan\n"


def _run(text: str, **kw: object):  # type: ignore[no-untyped-def]
    return potential_import(actor=None, data=text.encode(), filename="p.csv", today=TODAY, **kw)


def test_import_computes_score_level_and_audits() -> None:
    a = EmployeeFactory()
    b = EmployeeFactory()
    report = _run(HEAD + f'{a.nip},15-01-2026,80,90,75,AC\n{b.nip},15-01-2026,"60,5",60,60,\n')
    assert report.rejected == 0 and report.created == 2 and report.written
    pa = PotentialScore.objects.get(employee=a)
    assert pa.score == Decimal("82.00") and pa.level == "menengah" and pa.is_current
    assert pa.weights["weight_competency"] == "50.00"
    assert PotentialScore.objects.get(employee=b).level == "rendah"
    assert AuditEvent.objects.filter(action="potential.import").count() == 2
    assert AuditEvent.objects.filter(action="potential_import.import").count() == 1
    # the same file again: unchanged, nothing written
    again = _run(HEAD + f'{a.nip},15-01-2026,80,90,75,AC\n{b.nip},15-01-2026,"60,5",60,60,\n')
    assert again.unchanged == 2 and again.created == 0
    assert PotentialScore.objects.count() == 2


def test_newer_score_becomes_current_and_update_counts() -> None:
    a = EmployeeFactory()
    _run(HEAD + f"{a.nip},15-01-2025,50,50,50,\n")
    r = _run(
        HEAD + f"{a.nip},15-01-2026,90,90,90,\n{a.nip}x,15-01-2026,1,1,1,\n", skip_invalid=True
    )
    assert r.created == 1 and r.rejected == 1
    current = PotentialScore.objects.get(employee=a, is_current=True)
    assert current.assessed_on == dt.date(2026, 1, 15) and current.level == "tinggi"
    r2 = _run(HEAD + f"{a.nip},15-01-2026,70,70,70,\n")
    assert r2.updated == 1
    assert PotentialScore.objects.get(employee=a, is_current=True).score == Decimal("70.00")


def test_bad_rows_name_row_column_and_write_nothing() -> None:
    a = EmployeeFactory()
    text = (
        HEAD
        + f"{a.nip},15-01-2026,80,90,75,\n"
        + "199001012020121999,15-01-2026,80,90,75,\n"
        + f"{a.nip},31-12-2026,80,90,75,\n"
        + f"{a.nip},01-02-2026,101,abc,,\n"
    )
    report = _run(text)
    assert report.rejected == 4 - 1 and not report.written
    assert PotentialScore.objects.count() == 0
    by = {(e.row, e.column, e.code) for e in report.errors}
    assert (3, "nip", "nip_unknown") in by
    assert (4, "tanggal", "date_in_future") in by
    assert (5, "nilai_kompetensi", "score_invalid") in by
    assert (5, "nilai_tes_potensi", "score_invalid") in by
    assert (5, "nilai_rekam_jejak", "score_invalid") in by
    msg = next(e.message for e in report.errors if e.code == "score_invalid")
    assert "0 sampai 100" in msg


def test_missing_column_and_duplicates() -> None:
    r = _run("nip,tanggal\n1,2\n")
    assert r.file_error is not None and r.file_error.code == "columns_missing"
    assert "nilai_kompetensi" in r.file_error.message and r.exit_status == 2
    a = EmployeeFactory()
    r = _run(HEAD + f"{a.nip},15-01-2026,80,90,75,\n{a.nip},15-01-2026,81,90,75,\n")
    assert {e.code for e in r.errors} == {"duplicate_in_file"} and r.rejected == 2


def test_dry_run_writes_nothing() -> None:
    a = EmployeeFactory()
    r = _run(HEAD + f"{a.nip},15-01-2026,80,90,75,\n", dry_run=True)
    assert r.created == 1 and not r.written and PotentialScore.objects.count() == 0


def test_command_exit_status(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text(HEAD + "123,15-01-2026,80,90,75,\n")
    from django.core.management import call_command

    with pytest.raises(SystemExit) as exc:
        call_command("import-potential", str(f))
    assert exc.value.code == 1
