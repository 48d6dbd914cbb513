"""Pages and API with data: charts, exports, scoping, approval through the page."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.urls import reverse

from penata.core.services import api_token_create
from penata.planning import services
from penata.planning.models import Proposal, ProposalStatus
from penata.planning.tests.factories import JobTaskFactory
from penata.planning.tests.test_services import city  # noqa: F401  (fixture)
from penata.workforce.models import Employee
from penata.workforce.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _work() -> None:
    from django.core.management import call_command

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1, verbosity=0)


def test_dashboard_and_exports(city: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    services.analysis_compute(actor=None)
    c = client_for("bkpp")
    resp = c.get(reverse("planning:dashboard"))
    assert resp.status_code == 200
    assert b"chart-need" in resp.content and b"Dinas A" in resp.content
    x = c.get(reverse("planning:export_xlsx"))
    assert x.status_code == 200 and x.content[:2] == b"PK"
    p = c.get(reverse("planning:export_pdf"))
    assert p.status_code == 200 and p.content[:4] == b"%PDF"
    per_opd = c.get(reverse("planning:dashboard") + f"?opd={city['a'].pk}")
    assert b'data-testid="planning-units"' in per_opd.content
    d = c.get(reverse("planning:position_detail", args=[city["src"].pk]))
    assert b"Tugas uji" in d.content


def test_operator_page_is_scoped(city: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    op = city["users"]["opd_operator"]
    op.org_unit = city["a"]
    op.save()
    services.analysis_compute(actor=None)
    c = client_for("opd_operator")
    body = c.get(reverse("planning:positions")).content
    assert b"Pengadministrasi" in body and b"Pengolah Data" not in body
    assert c.get(reverse("planning:position_detail", args=[city["dst"].pk])).status_code == 404
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(
        io.BytesIO(c.get(reverse("planning:export_xlsx")).content)
    )
    cells = str(book.get_sheet_by_name("Per jabatan").to_python())
    assert "Pengadministrasi" in cells and "Pengolah Data" not in cells
    assert c.get(reverse("planning:proposal_list")).status_code == 403


def test_positions_page_query_count(
    city: dict[str, Any],  # noqa: F811
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for i in range(40):
        pos = PositionFactory(name=f"Jabatan {i}", org_unit=city["b"], family="umum")
        EmployeeFactory(org_unit=city["b"], position=pos)
    services.analysis_compute(actor=None)
    c = client_for("bkpp")
    with django_assert_max_num_queries(15):
        assert c.get(reverse("planning:positions")).status_code == 200
    with django_assert_max_num_queries(20):
        assert c.get(reverse("planning:dashboard")).status_code == 200


def test_proposal_page_query_count(
    city: dict[str, Any],  # noqa: F811
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for i in range(30):
        pos = PositionFactory(name=f"Kosong {i}", org_unit=city["b"], family="umum")
        JobTaskFactory(position=pos)
        e = EmployeeFactory(org_unit=city["a"], position=city["src"])
        Employee.objects.filter(pk=e.pk).update(retirement_date=dt.date(2060, 1, 1))
    services.analysis_compute(actor=None)
    proposal = services.proposal_generate(actor=city["users"]["bkpp"], title="Banyak")
    assert proposal.moves.count() > 25
    c = client_for("bkpp")
    with django_assert_max_num_queries(15):
        resp = c.get(reverse("planning:proposal_detail", args=[proposal.pk]))
    assert resp.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_proposal_flow_through_pages(city: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    services.analysis_compute(actor=None)
    c = client_for("bkpp")
    resp = c.post(reverse("planning:proposal_create"), {"title": "Penataan 2026"})
    assert resp.status_code == 302 and "/tugas/" in resp["Location"]
    assert not Proposal.objects.exists()
    _work()
    proposal = Proposal.objects.get()
    assert (
        reverse("planning:proposal_detail", args=[proposal.pk])
        in c.get(resp["Location"]).content.decode()
    )
    detail = c.get(reverse("planning:proposal_detail", args=[proposal.pk]))
    assert b"Solusi optimal mengisi 2" in detail.content
    c.post(
        reverse("planning:proposal_decide", args=[proposal.pk]),
        {"decision": "approve", "version": proposal.version},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPLIED
    assert Employee.objects.filter(position=city["dst"]).count() == 2
    # A second approval (double submit) changes nothing.
    c.post(reverse("planning:proposal_decide", args=[proposal.pk]), {"decision": "approve"})
    assert Employee.objects.filter(position=city["dst"]).count() == 2
    assert c.get(reverse("planning:proposal_xlsx", args=[proposal.pk])).content[:2] == b"PK"


def test_api_summary_and_approve(city: dict[str, Any]) -> None:  # noqa: F811
    bkpp = city["users"]["bkpp"]
    services.analysis_compute(actor=None)
    proposal = services.proposal_generate(actor=bkpp, title="API")
    _t, raw = api_token_create(user=bkpp, name="uji")
    h = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    from django.test import Client

    c = Client()
    s = c.get("/api/v1/planning/summary", **h).json()
    assert (s["needed"], s["in_post"], s["surplus"], s["shortage"]) == (3, 3, 2, 2)
    assert c.get("/api/v1/planning/positions", **h).status_code == 200
    assert c.get("/api/v1/planning/projection", **h).status_code == 200
    d = c.get(f"/api/v1/planning/proposals/{proposal.pk}", **h).json()
    assert len(d["moves"]) == 2 and d["moves"][0]["reasons"]
    url = f"/api/v1/planning/proposals/{proposal.pk}/approve"
    ok = c.post(url, json.dumps({"version": 1}), content_type="application/json", **h)
    assert ok.status_code == 200 and ok.json()["status"] == "applied"
    again = c.post(url, json.dumps({"version": 2}), content_type="application/json", **h)
    assert again.status_code == 409


@pytest.mark.django_db(transaction=True)
def test_import_through_the_web(city: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    from penata.planning.models import AbkUpload, JobTask

    c = client_for("bkpp")
    data = (
        b"kode_unit;jabatan;jenjang;uraian_tugas;satuan_hasil;volume;norma_waktu\n"
        b"dinas-a;Pengadministrasi;;Mengarsip surat;berkas;500;10\n"
    )
    resp = c.post(
        reverse("planning:import_upload"),
        {"file": SimpleUploadedFile("abk.csv", data, content_type="text/csv")},
    )
    _work()
    upload = AbkUpload.objects.get()
    assert resp.status_code == 302
    upload.refresh_from_db()
    assert upload.status == AbkUpload.Status.CHECKED and upload.preview["created"] == 1
    assert not JobTask.objects.filter(name="Mengarsip surat").exists()
    assert c.get(reverse("planning:import_detail", args=[upload.pk])).status_code == 200
    c.post(reverse("planning:import_confirm", args=[upload.pk]))
    _work()
    upload.refresh_from_db()
    assert upload.status == AbkUpload.Status.DONE
    assert JobTask.objects.filter(name="Mengarsip surat").exists()


@pytest.mark.django_db(transaction=True)
def test_analysis_runs_in_the_background(city: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    from penata.core.models import TaskProgress
    from penata.planning.models import AnalysisRun

    resp = client_for("bkpp").post(reverse("planning:analysis_start"))
    assert resp.status_code == 302 and not AnalysisRun.objects.exists()
    _work()
    run = AnalysisRun.objects.get()
    assert run.needed == 3
    assert TaskProgress.objects.get(kind="planning_analysis").status == "succeeded"
