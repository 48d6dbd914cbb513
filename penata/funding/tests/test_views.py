"""Pages, downloads, scoping of partners, masking of contacts, document limits, the API."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from penata.core.tests.factories import UserFactory
from penata.funding import services
from penata.funding.models import AgreementDocument, PartnerContact, PartnerMember
from penata.funding.tests.factories import (
    YEAR,
    AgreementFactory,
    BudgetLineFactory,
    PartnerFactory,
    SponsorshipFactory,
    link_program,
)
from penata.learning.models import EnrolmentStatus
from penata.learning.tests.factories import (
    CompetencyStandardFactory,
    EnrolmentFactory,
    TrainingProgramFactory,
    TrainingSessionFactory,
    competency,
)
from penata.workforce.tests.factories import EmployeeFactory

PDF = b"%PDF-1.4\n%test\n"


def _partner_client(client: Any, partner: Any) -> Any:
    user = UserFactory(username=f"mitra_{partner.pk}", role="partner")
    PartnerMember.objects.create(user=user, partner=partner)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_budget_pages_and_reports(client_for: Any, django_assert_max_num_queries: Any) -> None:
    program = TrainingProgramFactory(cost_per_participant=2_000_000)
    lines = [BudgetLineFactory(ceiling=50_000_000) for _ in range(30)]
    link_program(program, lines[0])
    session = TrainingSessionFactory(program=program, starts_on=dt.date(YEAR, 4, 1))
    for _ in range(3):
        EnrolmentFactory(session=session, status=EnrolmentStatus.APPROVED)
    client = client_for("policy_team")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("funding:budget_list"), {"tahun": YEAR})
    html = page.content.decode()
    assert page.status_code == 200 and "6.000.000" in html.replace(",", ".")
    assert 'data-gap-chart="funding-lines-chart"' in html
    detail = client.get(reverse("funding:budget_detail", args=[lines[0].pk]))
    assert program.title in detail.content.decode()
    xlsx = client.get(reverse("funding:report_xlsx"), {"tahun": YEAR})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get(reverse("funding:report_pdf"), {"tahun": YEAR})
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    # the policy team reads but does not manage
    assert client.get(reverse("funding:budget_create")).status_code == 403
    assert client.get(reverse("funding:partner_list")).status_code == 403


@pytest.mark.django_db
def test_budget_create_page_shows_code_errors(client_for: Any) -> None:
    client = client_for("bkpp")
    resp = client.post(
        reverse("funding:budget_create"),
        {
            "fiscal_year": YEAR,
            "program_code": "5.03.02",
            "activity_code": "5.3.02.2.01",
            "sub_activity_code": "5.03.02.2.01.0001",
            "name": "Diklat",
            "ceiling": "1.250.000,50",
        },
    )
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "U.BB.PP.K.KK" in html and "sen" in html
    resp = client.post(
        reverse("funding:budget_create"),
        {
            "fiscal_year": YEAR,
            "program_code": "5.03.02",
            "activity_code": "5.03.02.2.01",
            "sub_activity_code": "5.03.02.2.01.0001",
            "name": "Diklat",
            "ceiling": "Rp 1.250.000",
        },
    )
    assert resp.status_code == 302


@pytest.mark.django_db
def test_funding_gap_per_area_and_opd(client_for: Any) -> None:
    comp = competency("literasi_digital")
    comp.area = "Digital"
    comp.save()
    program = TrainingProgramFactory(cost_per_participant=1_000_000, competencies={comp.code: 3})
    for _ in range(4):
        emp = EmployeeFactory()
        CompetencyStandardFactory(position=emp.position, competency=comp, level=3)
    BudgetLineFactory(fiscal_year=YEAR, ceiling=1_500_000, competency_area="Digital")
    SponsorshipFactory(fiscal_year=YEAR, program=program, pledged_value=500_000)
    from penata.funding import reports

    gap = reports.funding_gap(YEAR, on=dt.date.today())
    digital = next(r for r in gap["by_area"] if r["area"] == "Digital")
    assert digital == {
        "area": "Digital",
        "need": 4_000_000,
        "budget": 1_500_000,
        "sponsor": 500_000,
        "gap": 2_000_000,
    }
    assert gap["gap"] == gap["need"] - gap["budget"] - gap["sponsor"]
    page = client_for("bkpp").get(reverse("funding:gap"), {"tahun": YEAR})
    assert 'data-gap-chart="funding-gap-chart"' in page.content.decode()


@pytest.mark.django_db
def test_partner_sees_only_its_own_records(client: Any) -> None:
    mine, other = PartnerFactory(), PartnerFactory()
    a_mine, a_other = AgreementFactory(partner=mine), AgreementFactory(partner=other)
    SponsorshipFactory(partner=mine, description="dana milik saya")
    SponsorshipFactory(partner=other, description="dana mitra lain")
    doc_other = AgreementDocument.objects.create(
        agreement=a_other,
        kind="signed",
        file=SimpleUploadedFile("x.pdf", PDF),
        original_name="x.pdf",
        size=len(PDF),
    )
    c = _partner_client(client, mine)
    page = c.get(reverse("funding:sponsorship_list")).content.decode()
    assert "dana milik saya" in page and "dana mitra lain" not in page
    assert a_mine.number in page and a_other.number not in page
    assert c.get(reverse("funding:agreement_detail", args=[a_mine.pk])).status_code == 200
    assert c.get(reverse("funding:agreement_detail", args=[a_other.pk])).status_code == 404
    assert c.get(reverse("funding:document_download", args=[doc_other.pk])).status_code == 404
    assert c.get(reverse("funding:partner_detail", args=[mine.pk])).status_code == 403
    api = c.get("/api/v1/funding/sponsorships").json()
    assert {s["partner_id"] for s in api["items"]} == {mine.pk}


@pytest.mark.django_db
def test_unlinked_partner_sees_nothing(client_for: Any) -> None:
    AgreementFactory()
    page = client_for("partner").get(reverse("funding:sponsorship_list")).content.decode()
    assert "belum ditautkan" in page
    assert client_for("partner").get("/api/v1/funding/agreements").json()["count"] == 0


@pytest.mark.django_db
def test_employees_and_researchers_denied_management(client_for: Any) -> None:
    partner = PartnerFactory()
    for role in ("employee", "researcher", "opd_operator", "supervisor"):
        c = client_for(role)
        for url in (
            reverse("funding:budget_list"),
            reverse("funding:partner_detail", args=[partner.pk]),
            reverse("funding:sponsorship_list"),
            reverse("funding:allocation_create"),
        ):
            assert c.get(url).status_code == 403, (role, url)


@pytest.mark.django_db
def test_contacts_are_masked(users: Any, client_for: Any) -> None:
    partner = PartnerFactory()
    services.contact_add(
        actor=users["bkpp"],
        partner=partner,
        fields={"name": "Sari", "email": "sari.wulandari@mitra.co.id", "phone": "081234567890"},
    )
    html = client_for("bkpp").get(reverse("funding:partner_detail", args=[partner.pk])).content
    text = html.decode()
    assert "sari.wulandari@" not in text and "081234567890" not in text
    assert "s***@mitra.co.id" in text and "0812*****890" in text
    assert PartnerContact.objects.get().phone == "081234567890"


@pytest.mark.django_db
def test_document_limits(users: Any, client_for: Any) -> None:
    agreement = AgreementFactory()
    client = client_for("bkpp")
    url = reverse("funding:document_upload", args=[agreement.pk])
    bad = SimpleUploadedFile("naskah.exe", b"MZ...")
    client.post(url, {"kind": "signed", "file": bad})
    fake = SimpleUploadedFile("naskah.pdf", b"<html>not a pdf</html>")
    client.post(url, {"kind": "signed", "file": fake})
    assert not AgreementDocument.objects.exists()
    with pytest.raises(services.FundingError) as exc:
        services.check_document("besar.pdf", 11 * 1024 * 1024, PDF)
    assert "10 MB" in exc.value.message
    ok = SimpleUploadedFile("naskah.pdf", PDF)
    client.post(url, {"kind": "signed", "file": ok})
    doc = AgreementDocument.objects.get()
    resp = client.get(reverse("funding:document_download", args=[doc.pk]))
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_recognition_shows_only_consenting_partners(users: Any, client: Any) -> None:
    yes = services.partner_create(
        actor=users["bkpp"],
        fields={"name": "PT Setuju Tampil", "kind": "private", "public_recognition": True},
    )
    no = PartnerFactory(name="PT Tidak Mau Tampil")
    SponsorshipFactory(partner=yes)
    SponsorshipFactory(partner=no)
    assert yes.recognition_consent_on is not None
    html = client.get(reverse("funding:recognition")).content.decode()
    assert "PT Setuju Tampil" in html and "PT Tidak Mau Tampil" not in html


@pytest.mark.django_db
def test_sponsorship_rules(users: Any) -> None:
    partner = PartnerFactory()
    with pytest.raises(services.FundingError) as exc:
        services.sponsorship_create(
            actor=users["bkpp"],
            fields={"partner": partner, "fiscal_year": YEAR, "kind": "seats", "pledged_seats": 5},
        )
    assert exc.value.code == "program_required"
    program = TrainingProgramFactory()
    s = services.sponsorship_create(
        actor=users["bkpp"],
        fields={
            "partner": partner,
            "fiscal_year": YEAR,
            "kind": "seats",
            "program": program,
            "pledged_seats": 5,
            "pledged_value": 7_500_000,
        },
    )
    with pytest.raises(services.FundingError) as exc:
        services.sponsorship_update(
            actor=users["bkpp"], sponsorship=s, fields={"realised_seats": 6}
        )
    assert exc.value.code == "over_realised"
    services.sponsorship_update(
        actor=users["bkpp"],
        sponsorship=s,
        fields={"realised_seats": 5, "realised_value": 7_500_000},
    )


@pytest.mark.django_db
def test_api_lines(client_for: Any) -> None:
    line = BudgetLineFactory(ceiling=9_000_000)
    c = client_for("policy_team")
    rows = c.get("/api/v1/funding/budget-lines", {"year": YEAR}).json()
    assert rows[0]["ceiling"] == 9_000_000 and rows[0]["available"] == 9_000_000
    one = c.get(f"/api/v1/funding/budget-lines/{line.pk}").json()
    assert one["programs"] == []
    bad = client_for("bkpp").post(
        "/api/v1/funding/budget-lines",
        data={
            "fiscal_year": YEAR,
            "program_code": "5.03.02",
            "activity_code": "5.03.02.2.01",
            "sub_activity_code": "x",
            "name": "Diklat",
            "ceiling": 1,
        },
        content_type="application/json",
    )
    assert bad.status_code == 422 and "sub-kegiatan" in bad.json()["message"]


@pytest.mark.django_db
def test_xlsx_is_formula_safe(users: Any, client_for: Any) -> None:
    BudgetLineFactory(name='=HYPERLINK("http://x")')
    data = client_for("bkpp").get(reverse("funding:report_xlsx"), {"tahun": YEAR}).content
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = wb.get_sheet_by_name("Pos anggaran").to_python()
    assert rows[1][4].startswith("'=")


@pytest.mark.django_db
def test_allocation_from_funds_page(client_for: Any) -> None:
    line = BudgetLineFactory(ceiling=3_000_000)
    program = TrainingProgramFactory(cost_per_participant=1_000_000)
    link_program(program, line)
    session = TrainingSessionFactory(program=program, starts_on=dt.date(YEAR, 5, 4))
    client = client_for("bkpp")
    assert client.get(reverse("funding:allocation_create")).status_code == 200
    resp = client.post(
        reverse("funding:allocation_create"),
        {"year": YEAR, "lines": [line.pk], "sessions": [session.pk]},
    )
    assert resp.status_code == 302 and "/kompetensi/" in resp["Location"]
    from penata.learning.models import AllocationRun

    assert AllocationRun.objects.get().budget == 3_000_000
    resp = client.post(
        reverse("funding:allocation_create"), {"year": YEAR, "sessions": [session.pk]}
    )
    assert "Pilih setidaknya satu pos anggaran" in resp.content.decode()


@pytest.mark.django_db
def test_member_link_and_audit(users: Any) -> None:
    from penata.core.models import AuditEvent

    partner = PartnerFactory()
    with pytest.raises(services.FundingError) as exc:
        services.partner_member_link(actor=users["bkpp"], user=users["employee"], partner=partner)
    assert exc.value.code == "not_partner"
    services.partner_member_link(actor=users["bkpp"], user=users["partner"], partner=partner)
    assert PartnerMember.objects.get(user=users["partner"]).partner == partner
    line = services.budget_line_create(
        actor=users["bkpp"],
        fields={
            "fiscal_year": YEAR,
            "program_code": "5.03.02",
            "activity_code": "5.03.02.2.01",
            "sub_activity_code": "5.03.02.2.01.0007",
            "name": "Diklat",
            "ceiling": 4_000_000,
        },
    )
    services.budget_line_update(actor=users["bkpp"], line=line, fields={"ceiling": 5_000_000})
    event = AuditEvent.objects.filter(action="funding.line_update").get()
    assert event.before["ceiling"] == 4_000_000 and event.after["ceiling"] == 5_000_000
    assert event.actor == users["bkpp"]
    contact = services.contact_add(
        actor=users["bkpp"], partner=partner, fields={"name": "Sari", "phone": "081234567890"}
    )
    logged = AuditEvent.objects.get(action="funding.contact_add")
    assert "081234567890" not in str(logged.after)
    assert contact.pk


@pytest.mark.django_db
def test_list_pages_do_not_query_per_row(
    client_for: Any, django_assert_max_num_queries: Any
) -> None:
    program = TrainingProgramFactory()
    for _ in range(25):
        partner = PartnerFactory()
        agreement = AgreementFactory(partner=partner)
        SponsorshipFactory(partner=partner, agreement=agreement, program=program)
    client = client_for("bkpp")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("funding:partner_list")).status_code == 200
    with django_assert_max_num_queries(10):
        page = client.get(reverse("funding:sponsorship_list"))
    assert page.content.decode().count("<tr") >= 50
    with django_assert_max_num_queries(10):
        assert client.get(reverse("funding:recognition")).status_code == 200
