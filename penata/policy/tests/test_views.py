"""Pages of the workspace rendered with data, the document workflow through the pages, the
action plan with evidence and overdue rows, exports, query counts, and a walk of every public
page asserting that no personal data of commenters appears."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from penata.core.models import AuditEvent
from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.policy import services
from penata.policy.models import ActivityStatus, DocumentStatus, PolicyDocument
from penata.policy.tests.factories import DRAFT_V1, DRAFT_V2, consultation, document
from penata.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_document_workflow_through_pages(client_for: Any) -> None:
    client = client_for(Role.POLICY_TEAM)
    resp = client.post(
        "/kebijakan/dokumen/baru/",
        {"title": "Rancangan Perwal JP", "summary": "Ringkas", "body": DRAFT_V1, "note": ""},
    )
    doc = PolicyDocument.objects.get()
    assert resp.status_code == 302 and doc.slug == "rancangan-perwal-jp"
    resp = client.post(f"/kebijakan/dokumen/{doc.pk}/versi-baru/", {"body": DRAFT_V2, "note": "JP"})
    assert resp.status_code == 302 and resp["Location"].endswith("?a=1&b=2")
    # the same text again is refused with a message
    resp = client.post(f"/kebijakan/dokumen/{doc.pk}/versi-baru/", {"body": DRAFT_V2})
    assert "Isi sama dengan versi terakhir" in resp.content.decode()
    diff = client.get(f"/kebijakan/dokumen/{doc.pk}/perbedaan/?a=1&b=2").content.decode()
    assert "<del>20</del>" in diff and "<ins>24</ins>" in diff
    assert "<ins>OPD melaporkan capaian setiap triwulan.</ins>" in diff
    side = client.get(f"/kebijakan/dokumen/{doc.pk}/perbedaan/?a=1&b=2&tampilan=berdampingan")
    assert side.status_code == 200 and "diff-replace" in side.content.decode()
    # workflow: adopted straight from draft is allowed; adopted → draft is refused
    client.post(f"/kebijakan/dokumen/{doc.pk}/status/", {"status": "adopted"})
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.ADOPTED
    resp = client.post(f"/kebijakan/dokumen/{doc.pk}/status/", {"status": "draft"}, follow=True)
    assert "tidak dapat diubah menjadi" in resp.content.decode()
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.ADOPTED
    with pytest.raises(services.PolicyError) as exc:
        services.version_create(actor=doc.created_by, document=doc, body="baru")
    assert "Direvisi" in exc.value.message
    client.post(f"/kebijakan/dokumen/{doc.pk}/status/", {"status": "revised"})
    events = AuditEvent.objects.filter(action="policy.document_status").order_by("pk")
    assert [(e.before, e.after) for e in events] == [
        ({"status": "draft"}, {"status": "adopted"}),
        ({"status": "adopted"}, {"status": "revised"}),
    ]
    # opening a consultation moves a revised document to consultation
    today = timezone.localdate()
    resp = client.post(
        f"/kebijakan/dokumen/{doc.pk}/konsultasi/",
        {"title": "Konsultasi", "opens_on": today.isoformat(), "closes_on": today.isoformat()},
    )
    doc.refresh_from_db()
    assert resp.status_code == 302 and doc.status == DocumentStatus.CONSULTATION


def test_bkpp_reads_but_cannot_write(client_for: Any, users: dict[str, Any]) -> None:
    doc = document(users["policy_team"])
    client = client_for(Role.BKPP)
    page = client.get(f"/kebijakan/dokumen/{doc.pk}/").content.decode()
    assert "Ketentuan umum" in page and "Versi baru" not in page
    assert (
        client.post(f"/kebijakan/dokumen/{doc.pk}/status/", {"status": "adopted"}).status_code
        == 403
    )


def test_action_plan_evidence_overdue_and_exports(client_for: Any, users: dict[str, Any]) -> None:
    team = users["policy_team"]
    member = services.team_member_set(actor=team, user=team, team_role="ketua")
    today = timezone.localdate()
    late = services.activity_save(
        actor=team,
        fields={
            "title": "Sosialisasi rancangan",
            "owner": member,
            "deadline": today - dt.timedelta(days=3),
            "status": ActivityStatus.IN_PROGRESS,
        },
    )
    services.activity_save(
        actor=team,
        fields={
            "title": "Uji publik",
            "deadline": today - dt.timedelta(days=3),
            "status": ActivityStatus.DONE,
            "evidence_url": "https://example.org/notulen",
        },
    )
    client = client_for(Role.POLICY_TEAM)
    pdf = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 bukti", content_type="application/pdf")
    resp = client.post(
        f"/kebijakan/rencana-aksi/{late.pk}/ubah/",
        {
            "title": late.title,
            "owner": member.pk,
            "deadline": late.deadline.isoformat(),
            "status": "in_progress",
            "evidence_url": "",
            "note": "",
            "evidence": pdf,
        },
    )
    assert resp.status_code == 302
    late.refresh_from_db()
    assert late.evidence_name == "notulen.pdf"
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    resp = client.post(
        f"/kebijakan/rencana-aksi/{late.pk}/ubah/",
        {
            "title": late.title,
            "deadline": late.deadline.isoformat(),
            "status": "in_progress",
            "evidence": bad,
        },
    )
    assert "Berkas bukti harus PDF" in resp.content.decode()
    page = client.get("/kebijakan/rencana-aksi/").content.decode()
    assert page.count('data-overdue="1"') == 1 and "1 kegiatan melewati tenggat." in page
    got = client.get(f"/kebijakan/rencana-aksi/{late.pk}/bukti/")
    assert b"".join(got.streaming_content) == b"%PDF-1.4 bukti"  # type: ignore[attr-defined]
    csv = client.get("/kebijakan/rencana-aksi/unduh.csv").content.decode("utf-8-sig")
    assert "Sosialisasi rancangan" in csv and "ya" in csv.splitlines()[1]
    xlsx = client.get("/kebijakan/rencana-aksi/unduh.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get("/kebijakan/rencana-aksi/unduh.pdf").content[:4] == b"%PDF"
    assert client.get("/kebijakan/rencana-aksi/unduh.doc").status_code == 404
    assert AuditEvent.objects.filter(action="policy.activity_update").count() == 1


def test_indicator_pages_chart_and_exports(client_for: Any, users: dict[str, Any]) -> None:
    from decimal import Decimal

    from penata.policy.models import Indicator

    ikm = Indicator.objects.get(code="ikm")
    for year, target, actual in ((2025, "80", "78"), (2026, "82", "83.5")):
        services.indicator_year_set(
            actor=users["policy_team"],
            indicator=ikm,
            year=year,
            target=Decimal(target),
            actual=Decimal(actual),
        )
    client = client_for(Role.POLICY_TEAM)
    page = client.get("/kebijakan/indikator/?tahun=2026").content.decode()
    assert 'data-chart="indicator-chart"' in page and "core/charts.js" in page
    assert "<script>" not in page.replace('<script type="application/json"', "")
    detail = client.get(f"/kebijakan/indikator/{ikm.pk}/").content.decode()
    assert '"labels": ["2025", "2026"]' in detail and "83.5" in detail
    csv = client.get("/kebijakan/indikator/unduh.csv?tahun=2026").content.decode("utf-8-sig")
    row = next(line for line in csv.splitlines() if line.startswith("ikm,"))
    assert row.startswith("ikm,Indeks Kepuasan Masyarakat") and ",2026,82.0,83.5,101.8," in row
    assert client.get("/kebijakan/indikator/unduh.pdf").content[:4] == b"%PDF"
    resp = client.post(
        f"/kebijakan/indikator/{ikm.pk}/target/", {"year": "1999", "target": "1"}, follow=True
    )
    assert "Periksa tahun" in resp.content.decode()


def test_list_pages_query_counts(
    client_for: Any, users: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    team = users["policy_team"]
    for i in range(6):
        doc = document(team, title=f"Dokumen {i}")
        services.activity_save(
            actor=team,
            fields={
                "title": f"Kegiatan {i}",
                "document": doc,
                "deadline": timezone.localdate(),
                "status": "planned",
            },
        )
    c = consultation(team, doc)
    for i in range(8):
        services.comment_submit(
            consultation=c, user=users["employee"], body=f"Komentar nomor {i}.", ip=f"10.0.0.{i}"
        )
    for comment in c.comments.all():
        services.comment_moderate(actor=team, comment=comment, approve=True)
    client = client_for(Role.POLICY_TEAM)
    anon = Client()
    for url, n, who in (
        ("/kebijakan/", 12, client),
        ("/kebijakan/rencana-aksi/", 10, client),
        (f"/kebijakan/moderasi/{c.pk}/", 12, client),
        ("/kebijakan/konsultasi/", 6, anon),
        (f"/kebijakan/konsultasi/{c.slug}/", 8, anon),
        (f"/kebijakan/konsultasi/{c.slug}/tanggapan/", 6, anon),
    ):
        with django_assert_max_num_queries(n):
            assert who.get(url).status_code == 200, url


def _pdf_text(data: bytes) -> str:
    """The decompressed content streams of a PDF (fpdf2 writes text as ``(...) Tj``)."""
    import zlib

    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(m.group(1)).decode("latin-1"))
        except zlib.error:
            out.append(m.group(1).decode("latin-1"))
    return "".join(out)


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


def test_public_pages_show_no_personal_data(
    users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    """Every no-login page of the consultation, with comments from a citizen (no consent to
    show the name), a citizen who consents, an ASN with NIP and phone: no e-mail, NIP, phone or
    IP address appears, nor the name of the one who did not consent."""
    team = users["policy_team"]
    c = consultation(team)
    emp = EmployeeFactory(
        nip="198609262015051001", phone="081234567890", email="asn@semarangkota.go.id"
    )
    asn = UserFactory(
        role=Role.EMPLOYEE,
        employee=emp,
        email="asn.akun@semarangkota.go.id",
        first_name="Rahasia",
        last_name="Pegawai",
    )
    with django_capture_on_commit_callbacks(execute=True):
        hidden = services.comment_submit(
            consultation=c,
            user=None,
            body="Komentar warga tanpa izin nama.",
            name="Tersembunyi Sekali",
            email="tersembunyi@example.com",
            ip="203.0.113.7",
        )
        shown = services.comment_submit(
            consultation=c,
            user=None,
            body="Komentar warga dengan izin nama.",
            name="Ani Terbuka",
            email="ani@example.com",
            show_name=True,
            ip="198.51.100.23",
            section="pelaksanaan",
        )
    own = services.comment_submit(
        consultation=c, user=asn, body="Komentar ASN tanpa izin nama.", ip="192.0.2.55"
    )
    token = hidden.confirm_token
    for cm in (hidden, shown):
        services.comment_confirm(token=cm.confirm_token)
    for cm in (hidden, shown, own):
        services.comment_moderate(actor=team, comment=cm, approve=True)
        services.comment_respond(actor=team, comment=cm, response="accepted", reason="Diterima.")
    anon = Client()
    pages = {
        "/kebijakan/konsultasi/": anon.get("/kebijakan/konsultasi/"),
        "detail": anon.get(f"/kebijakan/konsultasi/{c.slug}/"),
        "matrix": anon.get(f"/kebijakan/konsultasi/{c.slug}/tanggapan/"),
        "confirm": anon.get(f"/kebijakan/konsultasi/konfirmasi/{token}/"),
        "xlsx": anon.get(f"/kebijakan/konsultasi/{c.slug}/tanggapan.xlsx"),
    }
    texts = {}
    for name, resp in pages.items():
        assert resp.status_code == 200, name
        texts[name] = _xlsx_text(resp.content) if name == "xlsx" else resp.content.decode()
    assert "Ani Terbuka" in texts["detail"] and "Ani Terbuka" in texts["xlsx"]
    assert "Komentar warga tanpa izin nama." in texts["matrix"]
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    ip = re.compile(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")
    for name, text in texts.items():
        assert not email.search(text), (name, email.search(text))
        assert not ip.search(text), name
        for secret in (
            "198609262015051001",
            "081234567890",
            "Tersembunyi",
            "Rahasia",
            hidden.ip_hash,
            "tersembunyi@",
        ):
            assert secret not in text, (name, secret)
    pdf = anon.get(f"/kebijakan/konsultasi/{c.slug}/tanggapan.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    pdf_text = _pdf_text(pdf.content)
    assert "Komentar warga dengan izin nama." in pdf_text and "Ani Terbuka" in pdf_text
    assert not email.search(pdf_text) and not ip.search(pdf_text)
    for secret in ("198609262015051001", "081234567890", "Tersembunyi", "Rahasia"):
        assert secret not in pdf_text, secret


def test_indicator_edit_points_to_a_new_source_audited(
    client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from penata.policy import indicators
    from penata.policy.models import Indicator

    monkeypatch.setattr(indicators, "REGISTRY", dict(indicators.REGISTRY))
    indicators.register("uji_ikm", "Portal: IKM", unit="nilai")(lambda year: 90.0)
    ikm = Indicator.objects.get(code="ikm")
    client = client_for(Role.POLICY_TEAM)
    form = client.get(f"/kebijakan/indikator/{ikm.pk}/ubah/").content.decode()
    assert 'value="uji_ikm"' in form
    resp = client.post(
        f"/kebijakan/indikator/{ikm.pk}/ubah/",
        {
            "code": "ikm",
            "name": ikm.name,
            "unit": "nilai",
            "source": "uji_ikm",
            "source_note": "",
            "higher_is_better": "on",
            "order": "6",
        },
    )
    assert resp.status_code == 302
    event = AuditEvent.objects.get(action="policy.indicator_save")
    assert event.before and event.after
    assert (event.before["source"], event.after["source"]) == ("portal_ikm", "uji_ikm")
    resp = client.post(
        f"/kebijakan/indikator/{ikm.pk}/ubah/",
        {"code": "ikm", "name": ikm.name, "unit": "nilai", "source": "tidak_ada", "order": "6"},
    )
    assert resp.status_code == 200 and "invalid-feedback" in resp.content.decode()
    assert AuditEvent.objects.filter(action="policy.indicator_save").count() == 1
