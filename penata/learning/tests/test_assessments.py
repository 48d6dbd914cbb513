"""Assessments: manual entry and revocation with their scoping, and the file import with the
roster's error-report contract (nothing half-written)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from penata.core.models import AuditEvent
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.learning import assessments
from penata.learning.models import Assessment
from penata.learning.services import LearningError
from penata.learning.tests.factories import AssessmentFactory, competency
from penata.workforce.models import Employee
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
HEADER = "nip,kode_kompetensi,level,sumber,tanggal,berlaku_sampai,catatan"


@pytest.fixture
def team() -> dict[str, Any]:
    dinas = OrgUnitFactory(name="Dinas Asesmen")
    bidang = OrgUnitFactory(parent=dinas)
    other = OrgUnitFactory(name="Dinas Lain")
    boss = EmployeeFactory(org_unit=bidang)
    staff = EmployeeFactory(org_unit=bidang)
    outsider = EmployeeFactory(org_unit=other)
    return {
        "dinas": dinas,
        "boss": boss,
        "staff": staff,
        "outsider": outsider,
        "u_boss": UserFactory(role=Role.SUPERVISOR, employee=boss),
        "u_operator": UserFactory(role=Role.OPD_OPERATOR, org_unit=dinas),
        "u_bkpp": UserFactory(role=Role.BKPP),
    }


def _enter(actor: Any, employee: Employee, source: str = "supervisor", **kw: Any) -> Assessment:
    return assessments.assessment_enter(
        actor=actor,
        employee=employee,
        competency=competency("literasi_digital"),
        level=kw.pop("level", 3),
        source=source,
        assessed_on=kw.pop("assessed_on", TODAY - dt.timedelta(days=3)),
        **kw,
    )


def test_supervisor_enters_only_supervisor_source_for_team(team: Any) -> None:
    a = _enter(team["u_boss"], team["staff"])
    assert (
        a.source == "supervisor" and a.valid_until is not None and a.recorded_by == team["u_boss"]
    )
    assert AuditEvent.objects.filter(action="assessment.enter").count() == 1
    for employee, source, code in (
        (team["staff"], "assessment_centre", "source_forbidden"),
        (team["outsider"], "supervisor", "out_of_scope"),
        (team["boss"], "supervisor", "out_of_scope"),  # not themself
    ):
        with pytest.raises(LearningError) as exc:
            _enter(team["u_boss"], employee, source)
        assert exc.value.code == code
    assert Assessment.objects.count() == 1


def test_operator_only_their_units_any_source(team: Any) -> None:
    _enter(team["u_operator"], team["staff"], "uji_kompetensi")
    with pytest.raises(LearningError) as exc:
        _enter(team["u_operator"], team["outsider"], "uji_kompetensi")
    assert exc.value.code == "out_of_scope"
    _enter(team["u_bkpp"], team["outsider"], "assessment_centre")


def test_value_checks(team: Any) -> None:
    for kw, code in (
        ({"level": 6}, "level_invalid"),
        ({"assessed_on": TODAY + dt.timedelta(days=1)}, "date_in_future"),
        ({"valid_until": TODAY - dt.timedelta(days=30)}, "validity_before_date"),
    ):
        with pytest.raises(LearningError) as exc:
            _enter(team["u_bkpp"], team["staff"], "uji_kompetensi", **kw)
        assert exc.value.code == code
    with pytest.raises(LearningError):
        _enter(team["u_bkpp"], team["staff"], "training")


def test_revoke_is_scoped_and_audited(team: Any) -> None:
    by_boss = _enter(team["u_boss"], team["staff"])
    by_bkpp = _enter(team["u_bkpp"], team["staff"], "assessment_centre")
    with pytest.raises(LearningError) as exc:
        assessments.assessment_revoke(actor=team["u_boss"], assessment=by_bkpp, reason="salah")
    assert exc.value.code == "source_forbidden"
    with pytest.raises(LearningError):
        assessments.assessment_revoke(actor=team["u_boss"], assessment=by_boss, reason="")
    assessments.assessment_revoke(actor=team["u_boss"], assessment=by_boss, reason="Salah orang")
    by_boss.refresh_from_db()
    assert by_boss.revoked
    event = AuditEvent.objects.get(action="assessment.revoke")
    assert event.note == "Salah orang" and event.after["revoked"] is True
    with pytest.raises(LearningError) as exc:
        assessments.assessment_revoke(actor=team["u_boss"], assessment=by_boss, reason="lagi")
    assert exc.value.code == "already_revoked"
    outsider = AssessmentFactory(employee=team["outsider"])
    with pytest.raises(LearningError) as exc:
        assessments.assessment_revoke(actor=team["u_operator"], assessment=outsider, reason="x")
    assert exc.value.code == "out_of_scope"


def test_pages_enter_and_revoke(team: Any) -> None:
    c = Client()
    c.force_login(team["u_boss"])
    form = c.get(reverse("learning:assessment_create")).content.decode()
    assert 'value="supervisor"' in form and 'value="assessment_centre"' not in form
    comp = competency("literasi_digital")
    resp = c.post(
        reverse("learning:assessment_create"),
        {
            "nip": team["outsider"].nip,
            "competency": comp.pk,
            "level": 3,
            "source": "supervisor",
            "assessed_on": TODAY.isoformat(),
        },
    )
    assert resp.status_code == 200 and "tidak ditemukan" in resp.content.decode()
    resp = c.post(
        reverse("learning:assessment_create"),
        {
            "nip": team["staff"].nip,
            "competency": comp.pk,
            "level": 3,
            "source": "supervisor",
            "assessed_on": TODAY.isoformat(),
        },
    )
    assert resp.status_code == 302
    a = Assessment.objects.get()
    listing = c.get(reverse("learning:assessment_list")).content.decode()
    assert team["staff"].nip in listing
    c.post(reverse("learning:assessment_revoke", args=[a.pk]), {"reason": "Keliru"})
    a.refresh_from_db()
    assert a.revoked


def test_api_post_assessment(team: Any) -> None:
    c = Client()
    c.force_login(team["u_boss"])
    body = {
        "employee_id": team["staff"].pk,
        "competency": "literasi_digital",
        "level": 4,
        "source": "supervisor",
        "assessed_on": TODAY.isoformat(),
    }
    resp = c.post("/api/v1/learning/assessments", json.dumps(body), content_type="application/json")
    assert resp.status_code == 201 and resp.json()["level"] == 4
    resp = c.post(
        "/api/v1/learning/assessments",
        json.dumps({**body, "source": "uji_kompetensi"}),
        content_type="application/json",
    )
    assert resp.status_code == 409 and resp.json()["code"] == "source_forbidden"
    resp = c.post(
        "/api/v1/learning/assessments",
        json.dumps({**body, "employee_id": team["outsider"].pk}),
        content_type="application/json",
    )
    assert resp.status_code == 404
    assert Assessment.objects.count() == 1


# --- import --------------------------------------------------------------------------------


def _import(body: str | bytes, name: str = "asesmen.csv", **kw: Any) -> dict[str, Any]:
    data = body.encode() if isinstance(body, str) else body
    return assessments.assessment_import(actor=None, data=data, filename=name, **kw).as_dict()


def _codes(report: dict[str, Any]) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["code"]) for e in report["errors"]]


def test_import_valid_file_then_reimport_is_unchanged(team: Any) -> None:
    s, b = team["staff"], team["boss"]
    body = "\n".join(
        [
            HEADER,
            f"{s.nip},literasi_digital,3,uji_kompetensi,15-01-2026,,UKOM BKPP",
            f"{b.nip},Analisis Data,2,AC,2026-01-15,15-01-2029,",
            f"'{s.nip},integritas,4,atasan,15/01/2026,,",
        ]
    ).replace("kode_kompetensi", "kode_kompetensi")
    report = _import(body)
    assert report["errors"] == [] and report["created"] == 3 and report["written"]
    rows = {
        (a.employee_id, a.competency.code): a
        for a in Assessment.objects.select_related("competency")
    }
    assert rows[(b.pk, "analisis_data")].valid_until == dt.date(2029, 1, 15)
    assert rows[(s.pk, "integritas")].source == "supervisor"
    assert rows[(s.pk, "literasi_digital")].valid_until == dt.date(2029, 1, 15)  # default: 3 years
    assert AuditEvent.objects.filter(action="assessment.import").count() == 3
    assert AuditEvent.objects.filter(action="assessment_import.import").count() == 1
    again = _import(body)
    assert again["created"] == 0 and again["unchanged"] == 3
    assert Assessment.objects.count() == 3


def test_import_broken_rows_reject_everything(team: Any) -> None:
    s, b = team["staff"], team["boss"]
    future = (TODAY + dt.timedelta(days=5)).strftime("%d-%m-%Y")
    body = "\n".join(
        [
            HEADER,
            f"{s.nip},literasi_digital,3,uji_kompetensi,15-01-2026,,ok",  # 2: valid
            "199901012020011999,literasi_digital,3,uji_kompetensi,15-01-2026,,",  # 3: unknown NIP
            f"{s.nip},terbang_layang,3,uji_kompetensi,15-01-2026,,",  # 4: unknown competency
            f"{s.nip},analisis_data,7,uji_kompetensi,15-01-2026,,",  # 5: level
            f"{s.nip},kearsipan,3,uji_kompetensi,{future},,",  # 6: future date
            f"{s.nip},kearsipan,3,uji_kompetensi,31-02-2026,,",  # 7: unparseable date
            f"{b.nip},literasi_digital,3,uji_kompetensi,15-01-2026,,",  # 8 + 9: duplicate
            f"{b.nip},literasi_digital,4,uji_kompetensi,15-01-2026,,",
            "1.98609E+17,literasi_digital,3,uji_kompetensi,15-01-2026,,",  # 10: digits lost
            f"{s.nip},manajemen_asn,3,=cmd|' /C calc'!A0,15-01-2026,,",  # 11: formula
            f"{s.nip},manajemen_asn,3,dukun,15-01-2026,01-01-2020,",  # 12: source + validity
        ]
    )
    report = _import(body)
    codes = _codes(report)
    assert (3, "nip", "nip_unknown") in codes
    assert (4, "kode_kompetensi", "competency_unknown") in codes
    assert (5, "level", "level_invalid") in codes
    assert (6, "tanggal", "date_in_future") in codes
    assert any(r == 7 and col == "tanggal" for r, col, _c in codes)
    assert (8, "nip", "duplicate_in_file") in codes and (9, "nip", "duplicate_in_file") in codes
    assert (10, "nip", "nip_scientific") in codes
    assert (11, "sumber", "formula_refused") in codes
    assert (12, "sumber", "source_invalid") in codes
    assert (12, "berlaku_sampai", "validity_before_date") in codes
    assert report["rejected"] == 10 and not report["written"] and report["created"] == 0
    for e in report["errors"]:
        assert e["message"] and e["row"] >= 2  # every error names row, column and a fix
    assert not Assessment.objects.exists()
    partial = _import(body, skip_invalid=True)
    assert partial["created"] == 1 and partial["written"]
    assert Assessment.objects.count() == 1


def test_import_nip_as_number_from_a_spreadsheet(team: Any) -> None:
    """A NIP stored as a number in Excel has lost its last digits: refused with the reason."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet()
    for col, h in enumerate(HEADER.split(",")):
        ws.write_string(0, col, h)
    ws.write_number(1, 0, float(team["staff"].nip))
    ws.write_string(1, 1, "literasi_digital")
    ws.write_number(1, 2, 3)
    ws.write_string(1, 3, "uji_kompetensi")
    ws.write_datetime(1, 4, dt.datetime(2026, 1, 15), wb.add_format({"num_format": "dd-mm-yyyy"}))
    ws.write_string(2, 0, team["staff"].nip)
    ws.write_string(2, 1, "analisis_data")
    ws.write_number(2, 2, 2.0)
    ws.write_string(2, 3, "uji_kompetensi")
    ws.write_datetime(2, 4, dt.datetime(2026, 1, 15), wb.add_format({"num_format": "dd-mm-yyyy"}))
    wb.close()
    report = _import(buf.getvalue(), "asesmen.xlsx", skip_invalid=True)
    assert [(r, c) for r, c, _code in _codes(report)] == [(2, "nip")]
    assert report["errors"][0]["code"] == "nip_digits_lost"
    assert report["created"] == 1


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "a.csv", "file_empty"),
        (b"   \n  ", "a.csv", "file_empty"),
        (b"nama,umur\nBudi,40\n", "a.csv", "header_missing"),
        (HEADER.encode() + b"\n", "a.csv", "file_no_rows"),
        (b"nip,kode_kompetensi,level\n1,2,3\n", "a.csv", "header_missing"),
        (HEADER.encode() + b"\n1,2,3,4,5,6,7\n", "a.xlsx", "file_unreadable"),  # CSV named .xlsx
        (b"PK\x03\x04garbage-bytes-not-a-zip", "a.xlsx", "file_unreadable"),
        (b"\x00\x01\x02\x03binary", "a.csv", "file_not_text"),
    ],
)
def test_import_unreadable_files(data: bytes, name: str, code: str) -> None:
    report = assessments.assessment_import(actor=None, data=data, filename=name)
    assert report.file_error is not None and report.file_error.code == code
    assert report.exit_status == 2 and report.as_dict()["errors"][0]["message"]
    assert not Assessment.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_import_huge_file_refused(team: Any) -> None:
    row = f"{team['staff'].nip},literasi_digital,3,uji_kompetensi,15-01-2026,,\n"
    report = assessments.assessment_import(
        actor=None, data=(HEADER + "\n" + row * 100).encode(), filename="a.csv"
    )
    assert report.file_error is not None and report.file_error.code == "file_too_large"
    assert not Assessment.objects.exists()


def test_command(team: Any, tmp_path: Path, capsys: Any) -> None:
    ok = tmp_path / "ok.csv"
    ok.write_text(f"{HEADER}\n{team['staff'].nip},literasi_digital,3,ukom,15-01-2026,,\n")
    call_command("import-assessments", str(ok))
    assert Assessment.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n{team['staff'].nip},literasi_digital,9,ukom,15-01-2026,,\n")
    with pytest.raises(SystemExit) as exc:
        call_command("import-assessments", str(bad), "--skip-invalid")
    assert exc.value.code == 1
    assert "level_invalid" in capsys.readouterr().err


def test_template_download(client_for: Any) -> None:
    resp = client_for("bkpp").get(reverse("learning:assessment_import_template"))
    text = resp.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("nip,kode_kompetensi,level,sumber,tanggal")
    assert (
        client_for("opd_operator").get(reverse("learning:assessment_import_template")).status_code
        == 403
    )


@pytest.mark.django_db(transaction=True)
def test_web_upload_check_confirm() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from penata.learning.models import AssessmentUpload

    staff = EmployeeFactory()
    bkpp = UserFactory(role=Role.BKPP)
    c = Client()
    c.force_login(bkpp)
    body = f"{HEADER}\n{staff.nip},literasi_digital,3,uji_kompetensi,15-01-2026,,\n"
    f = SimpleUploadedFile("asesmen.csv", body.encode(), content_type="text/csv")
    resp = c.post(reverse("learning:assessment_import_upload"), {"file": f})
    upload = AssessmentUpload.objects.get()
    assert resp["Location"] == reverse("learning:assessment_import_detail", args=[upload.pk])
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1, verbosity=0)
    upload.refresh_from_db()
    assert upload.status == "checked" and upload.preview["created"] == 1
    assert not Assessment.objects.exists()
    page = c.get(reverse("learning:assessment_import_detail", args=[upload.pk])).content.decode()
    assert 'data-testid="assessment_import-confirm"' in page
    c.post(reverse("learning:assessment_import_confirm", args=[upload.pk]))
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1, verbosity=0)
    upload.refresh_from_db()
    assert upload.status == "done" and Assessment.objects.count() == 1
