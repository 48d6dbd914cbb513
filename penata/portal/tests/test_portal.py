"""The public portal end to end: complaints (spam defences, tracking, routing, handling by
officers in scope, audit), the IKM survey and its pages, indicators with suppression, the section
registry and the API."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from penata.core.models import AuditEvent, User
from penata.core.services import api_token_create
from penata.portal import rules, selectors, services, sources
from penata.portal.models import Complaint, IkmResponse, PortalSettings
from penata.workforce.models import Gender, OrgUnitKind
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def units() -> dict[str, Any]:
    dinas = OrgUnitFactory(name="Dinas Kependudukan Uji", code="disduk-uji")
    loket = OrgUnitFactory(name="Bidang Pelayanan Uji", code="disduk-loket", parent=dinas)
    other = OrgUnitFactory(name="Kecamatan Uji", code="kec-uji", kind=OrgUnitKind.KECAMATAN)
    return {"dinas": dinas, "loket": loket, "other": other}


def _post_complaint(client: Client, unit_id: int, ip: str = "10.9.0.1", **extra: Any) -> Any:
    data = {
        "unit": unit_id,
        "kind": "pengaduan",
        "subject": "Antrean lama",
        "body": "Saya menunggu tiga jam di loket tanpa kepastian nomor antrean.",
        "reporter_name": "Warga Pelapor Rahasia",
        "reporter_contact": "pelapor.rahasia@contoh.test",
        **extra,
    }
    return client.post(reverse("portal:complaint_create"), data, REMOTE_ADDR=ip)


# --- complaints: submit, track ----------------------------------------------------------------


def test_submit_routes_to_opd_and_tracking_code_lookup(units: dict[str, Any]) -> None:
    client = Client()
    resp = _post_complaint(client, units["loket"].pk)
    assert resp.status_code == 302
    c = Complaint.objects.get()
    assert c.org_unit == units["loket"] and c.opd == units["dinas"]
    assert c.status == "diterima"
    assert c.due_at - c.created_at >= dt.timedelta(
        days=PortalSettings.current().complaint_sla_days - 1
    )
    assert c.ip_hash and "10.9.0.1" not in c.ip_hash
    sent = client.get(resp["Location"])
    assert c.code_display in sent.content.decode()
    event = AuditEvent.objects.get(action="portal.complaint_submit")
    assert "Rahasia" not in json.dumps(event.after) and event.after["has_contact"] is True
    # Lookup: with a dash, lower case, spaces — and the reporter never appears.
    for typed in (c.code_display.lower(), f" {c.tracking_code[:5]} {c.tracking_code[5:]} "):
        page = Client().get(reverse("portal:complaint_track"), {"kode": typed})
        assert page.status_code == 200
        html = page.content.decode()
        assert "Diterima" in html and "Bidang Pelayanan Uji" in html
        assert "Rahasia" not in html and "pelapor.rahasia" not in html


def test_lookup_unknown_or_malformed_code(units: dict[str, Any]) -> None:
    c = Client()
    bad = c.get(reverse("portal:complaint_track"), {"kode": "abc"}, REMOTE_ADDR="10.9.0.7")
    assert bad.status_code == 400
    assert "10 huruf/angka" in bad.content.decode()
    missing = c.get(
        reverse("portal:complaint_track"), {"kode": "ABCDE-FGH34"}, REMOTE_ADDR="10.9.0.7"
    )
    assert missing.status_code == 404
    assert "tidak ditemukan" in missing.content.decode()


def test_lookup_guessing_is_rate_limited(units: dict[str, Any]) -> None:
    cfg = PortalSettings.current()
    cfg.lookup_per_ip_hour = 3
    cfg.save()
    c = Client()
    for _ in range(3):
        c.get(reverse("portal:complaint_track"), {"kode": "ABCDE-FGH34"}, REMOTE_ADDR="10.9.0.8")
    resp = c.get(reverse("portal:complaint_track"), {"kode": "ABCDE-FGH34"}, REMOTE_ADDR="10.9.0.8")
    assert resp.status_code == 429
    assert "Terlalu banyak pencarian" in resp.content.decode()
    # Another address is not affected.
    other = c.get(
        reverse("portal:complaint_track"), {"kode": "ABCDE-FGH34"}, REMOTE_ADDR="10.9.0.9"
    )
    assert other.status_code == 404


# --- spam defences ----------------------------------------------------------------------------


def test_rate_limit_per_ip(units: dict[str, Any]) -> None:
    cfg = PortalSettings.current()
    cfg.complaint_per_ip_hour = 2
    cfg.save()
    client = Client()
    assert _post_complaint(client, units["loket"].pk).status_code == 302
    assert _post_complaint(client, units["loket"].pk).status_code == 302
    resp = _post_complaint(client, units["loket"].pk)
    assert resp.status_code == 429
    assert "Terlalu banyak aduan dari alamat Anda dalam satu jam (paling banyak 2)" in (
        resp.content.decode()
    )
    assert Complaint.objects.count() == 2
    assert _post_complaint(client, units["loket"].pk, ip="10.9.0.2").status_code == 302


def test_honeypot(units: dict[str, Any]) -> None:
    resp = _post_complaint(Client(), units["loket"].pk, situs_web="http://spam.example")
    assert resp.status_code == 400
    assert "Jangan diisi" in resp.content.decode()
    assert "Kosongkan kolom itu lalu kirim lagi" in resp.content.decode()
    assert not Complaint.objects.exists()


def test_size_limits(units: dict[str, Any]) -> None:
    cfg = PortalSettings.current()
    cfg.max_text_chars = 200
    cfg.save()
    resp = _post_complaint(Client(), units["loket"].pk, body="x" * 201)
    assert resp.status_code == 400
    assert "Isi aduan terlalu panjang (201 karakter): paling banyak 200" in resp.content.decode()
    resp = _post_complaint(Client(), units["loket"].pk, subject="y" * 151)
    assert "Perihal paling panjang 150 karakter" in resp.content.decode()
    resp = _post_complaint(Client(), units["loket"].pk, body="pendek")
    assert "Isi aduan terlalu pendek" in resp.content.decode()
    resp = _post_complaint(Client(), units["loket"].pk, unit="")
    assert "Pilih OPD atau unit layanan" in resp.content.decode()
    assert not Complaint.objects.exists()


def test_attachment_validation(units: dict[str, Any]) -> None:
    cfg = PortalSettings.current()
    cfg.attachment_max_kb = 1
    cfg.save()
    exe = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    resp = _post_complaint(Client(), units["loket"].pk, attachment=exe)
    assert "hanya PDF, JPG atau PNG" in resp.content.decode()
    fake = SimpleUploadedFile(
        "surat.pdf", b"<html>bukan pdf</html>", content_type="application/pdf"
    )
    resp = _post_complaint(Client(), units["loket"].pk, attachment=fake)
    assert "bukan berkas PDF yang sah" in resp.content.decode()
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    resp = _post_complaint(Client(), units["loket"].pk, attachment=big)
    assert (
        "Lampiran terlalu besar" in resp.content.decode()
        and "paling besar 1 KB" in resp.content.decode()
    )
    assert not Complaint.objects.exists()
    ok = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    assert _post_complaint(Client(), units["loket"].pk, attachment=ok).status_code == 302
    c = Complaint.objects.get()
    assert c.attachment.name.endswith(f"{c.tracking_code}.pdf")


# --- officers ---------------------------------------------------------------------------------


@pytest.fixture
def operators(units: dict[str, Any], users: dict[str, User]) -> dict[str, User]:
    op = users["opd_operator"]
    op.org_unit = units["dinas"]
    op.save()
    other = User.objects.create_user(
        username="op_lain", password="x-uji-12345", role="opd_operator"
    )
    other.org_unit = units["other"]
    other.save()
    return {"own": op, "other": other}


def _complaint(unit: Any, **kw: Any) -> Complaint:
    return services.complaint_submit(
        org_unit_id=unit.pk,
        kind="pengaduan",
        subject=kw.pop("subject", "Perihal uji"),
        body="Isi aduan uji yang cukup panjang untuk lolos.",
        **kw,
    )


def test_operator_sees_only_own_units(
    units: dict[str, Any], operators: dict[str, User], users: dict[str, User]
) -> None:
    mine = _complaint(units["loket"], subject="Aduan loket kami")
    theirs = _complaint(units["other"], subject="Aduan kecamatan lain")
    c = Client()
    c.force_login(operators["own"])
    page = c.get(reverse("portal:manage_complaints")).content.decode()
    assert "Aduan loket kami" in page and "Aduan kecamatan lain" not in page
    assert c.get(reverse("portal:manage_complaint", args=[theirs.pk])).status_code == 404
    assert c.get(reverse("portal:manage_complaint", args=[mine.pk])).status_code == 200
    resp = c.post(
        reverse("portal:manage_complaint", args=[theirs.pk]),
        {"status": "selesai", "response": "x", "version": 1},
    )
    assert resp.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "diterima"
    # BKPP sees both.
    c.force_login(users["bkpp"])
    page = c.get(reverse("portal:manage_complaints")).content.decode()
    assert "Aduan loket kami" in page and "Aduan kecamatan lain" in page
    # The API is scoped the same way.
    _t, raw = api_token_create(user=operators["own"], name="uji")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    ids = [row["id"] for row in api.get("/api/v1/portal/complaints").json()]
    assert ids == [mine.pk]
    assert api.get(f"/api/v1/portal/complaints/{theirs.pk}").status_code == 404
    resp = api.post(
        f"/api/v1/portal/complaints/{theirs.pk}/respond",
        data=json.dumps({"status": "selesai", "response": "x", "version": 1}),
        content_type="application/json",
    )
    assert resp.status_code == 404


def test_respond_flow_audited_and_visible_to_citizen(
    units: dict[str, Any], operators: dict[str, User]
) -> None:
    complaint = _complaint(units["loket"], reporter_contact="081234567890")
    c = Client()
    c.force_login(operators["own"])
    detail = c.get(reverse("portal:manage_complaint", args=[complaint.pk])).content.decode()
    assert "081234567890" not in detail and "081****90" in detail  # masked for officers
    url = reverse("portal:manage_complaint", args=[complaint.pk])
    resp = c.post(url, {"status": "selesai", "response": "", "version": 1})
    assert resp.status_code == 400
    assert "Tanggapan wajib diisi" in resp.content.decode()
    assert (
        c.post(url, {"status": "diproses", "response": "Sedang dicek.", "version": 1}).status_code
        == 302
    )
    stale = c.post(url, {"status": "selesai", "response": "Selesai.", "version": 1})
    assert "baru saja diubah" in stale.content.decode()
    assert (
        c.post(url, {"status": "selesai", "response": "Loket ditambah.", "version": 2}).status_code
        == 302
    )
    back = c.post(url, {"status": "diproses", "response": "lagi", "version": 3})
    assert "tidak dapat diubah" in back.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "selesai" and complaint.closed_at is not None
    events = AuditEvent.objects.filter(action="portal.complaint_respond").order_by("pk")
    assert [e.after["status"] for e in events] == ["diproses", "selesai"]
    assert events[1].before["status"] == "diproses"
    page = Client().get(reverse("portal:complaint_track"), {"kode": complaint.tracking_code})
    assert "Loket ditambah." in page.content.decode() and "Selesai" in page.content.decode()


def test_overdue_highlighted(units: dict[str, Any], operators: dict[str, User]) -> None:
    late = _complaint(units["loket"], subject="Aduan lama")
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    _complaint(units["loket"], subject="Aduan baru")
    c = Client()
    c.force_login(operators["own"])
    page = c.get(reverse("portal:manage_complaints")).content.decode()
    assert page.count('data-overdue="1"') == 1
    only = c.get(reverse("portal:manage_complaints"), {"terlambat": "1"}).content.decode()
    assert "Aduan lama" in only and "Aduan baru" not in only


def test_complaint_list_query_count(
    units: dict[str, Any], users: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    for i in range(30):
        _complaint(units["loket"] if i % 2 else units["other"], ip=f"10.1.0.{i}")
    c = Client()
    c.force_login(users["bkpp"])
    with django_assert_max_num_queries(12):
        assert c.get(reverse("portal:manage_complaints")).status_code == 200


# --- IKM --------------------------------------------------------------------------------------


def _answer(
    client: Client, unit_id: int, score: int = 3, ip: str = "10.8.0.1", **extra: Any
) -> Any:
    data = {"unit": unit_id, **{c: score for c in rules.element_codes()}, **extra}
    return client.post(reverse("portal:ikm_survey"), data, REMOTE_ADDR=ip)


def test_survey_and_unit_page(units: dict[str, Any]) -> None:
    c = Client()
    for i in range(4):
        assert _answer(c, units["loket"].pk, 4, ip=f"10.8.1.{i}").status_code == 302
    page = c.get(reverse("portal:ikm_unit", args=[units["loket"].pk])).content.decode()
    assert "disembunyikan" in page  # 4 respondents < 5
    assert _answer(c, units["loket"].pk, 3, ip="10.8.1.9").status_code == 302
    # (4×4 + 3) / 5 = 3.8 per element → 95.00, A
    results = selectors.ikm_for_unit(units["loket"].pk)
    assert results[0].index == rules.ikm_from_means(dict.fromkeys(rules.element_codes(), 3.8))
    assert str(results[0].index) == "95.00" and results[0].mutu == "A"
    assert results[0].below_minimum
    page = c.get(reverse("portal:ikm_unit", args=[units["loket"].pk])).content.decode()
    assert "95,00" in page or "95.00" in page
    assert "belum mewakili" in page
    xlsx = c.get(reverse("portal:ikm_export", args=[units["loket"].pk]), {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')
    pdf = c.get(reverse("portal:ikm_export", args=[units["loket"].pk]), {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="portal.ikm_submit").count() == 5


def test_survey_incomplete_and_spam(units: dict[str, Any]) -> None:
    c = Client()
    resp = c.post(
        reverse("portal:ikm_survey"), {"unit": units["loket"].pk, "u1": 3}, REMOTE_ADDR="10.8.2.1"
    )
    assert resp.status_code == 400
    assert "Pilih nilai 1 sampai 4 untuk unsur Waktu Penyelesaian" in resp.content.decode()
    resp = _answer(c, units["loket"].pk, 5)
    assert resp.status_code == 400
    assert _answer(c, units["loket"].pk, situs_web="x").status_code == 400
    cfg = PortalSettings.current()
    cfg.survey_per_ip_hour = 1
    cfg.save()
    assert _answer(c, units["loket"].pk, ip="10.8.3.1").status_code == 302
    resp = _answer(c, units["loket"].pk, ip="10.8.3.1")
    assert resp.status_code == 429
    assert "Terlalu banyak jawaban survei" in resp.content.decode()
    assert IkmResponse.objects.count() == 1


def test_city_ikm_leaves_hidden_units_out(units: dict[str, Any]) -> None:
    c = Client()
    for i in range(6):
        _answer(c, units["loket"].pk, 4, ip=f"10.7.0.{i}")
    for i in range(2):
        _answer(c, units["other"].pk, 1, ip=f"10.7.1.{i}")
    period = rules.period_of(timezone.localdate())
    city = selectors.ikm_city(period)
    assert city.n == 6 and str(city.index) == "100.00"


# --- indicators -------------------------------------------------------------------------------


def test_indicators_suppress_small_groups(units: dict[str, Any]) -> None:
    for _ in range(12):
        EmployeeFactory(org_unit=units["loket"], gender=Gender.FEMALE)
    for _ in range(7):
        EmployeeFactory(org_unit=units["loket"], gender=Gender.MALE)
    for _ in range(2):
        EmployeeFactory(org_unit=units["other"], gender=Gender.MALE)
    data = selectors.city_indicators()
    t = data["opd_gender"]
    row = t.rows.index("Kecamatan Uji")
    assert t.cells[row] == [None, 0] or t.cells[row] == [None, None]
    assert t.row_totals[row] is None
    # The man column must not give the hidden 2 away: another male cell hides with it.
    col = t.cols.index(str(Gender.MALE.label))
    assert sum(1 for r in t.cells if r[col] is None) >= 2 or t.col_totals[col] is None
    resp = Client().get(reverse("portal:indicators"))
    html = resp.content.decode()
    assert 'data-suppressed="1"' in html
    csv = b"".join(
        Client().get(reverse("portal:indicators_export"), {"format": "csv"}).streaming_content
    ).decode("utf-8-sig")
    assert "Kecamatan Uji" in csv and "<5" in csv
    assert ",2\r\n" not in csv  # the hidden count is never written
    xlsx = Client().get(reverse("portal:indicators_export"), {"format": "xlsx"})
    assert xlsx.status_code == 200


def test_threshold_from_settings(units: dict[str, Any]) -> None:
    for _ in range(7):
        EmployeeFactory(org_unit=units["loket"])
    cfg = PortalSettings.current()
    cfg.min_cell = 10
    cfg.save()
    data = selectors.city_indicators()
    assert data["k"] == 10 and data["opd_gender"].total is None


# --- sections ---------------------------------------------------------------------------------


def test_section_registry_plugs_into_home() -> None:
    calls: list[int] = []

    def fetch(limit: int) -> list[dict[str, str]]:
        calls.append(limit)
        return [
            {"title": f"Konsultasi {i}", "url": "#", "opd": "", "topic": "", "summary": ""}
            for i in range(limit)
        ]

    def broken(limit: int) -> list[Any]:
        raise RuntimeError("boom")

    sources.register_section(
        "uji-konsultasi", "Konsultasi terbuka", "portal/sections/practices.html", fetch, order=5
    )
    sources.register_section("uji-rusak", "Rusak", "portal/sections/practices.html", broken)
    try:
        home = Client().get(reverse("portal:home"))
        assert home.status_code == 200
        html = home.content.decode()
        assert (
            "Konsultasi terbuka" in html and "Konsultasi 2" in html and "Konsultasi 3" not in html
        )
        assert "Rusak" not in html
        page = Client().get(reverse("portal:section", args=["uji-konsultasi"]))
        assert "Konsultasi 49" in page.content.decode()
        assert calls == [sources.HOME_LIMIT, sources.PAGE_LIMIT]
        assert Client().get(reverse("portal:section", args=["uji-rusak"])).status_code == 200
        assert Client().get(reverse("portal:section", args=["tidak-ada"])).status_code == 404
    finally:
        sources.unregister_section("uji-konsultasi")
        sources.unregister_section("uji-rusak")
    with pytest.raises(ValueError):
        sources.register_section("bad key!", "x", "t.html", fetch)
    keys = [s.key for s in sources.sections()]
    assert keys == ["indikator", "konsultasi", "praktik-baik", "riset", "seleksi-terbuka"]


def test_api_ikm_and_filters(
    units: dict[str, Any], users: dict[str, User], client_for: Callable[[str | None], Client]
) -> None:
    c = Client()
    for i in range(5):
        _answer(c, units["loket"].pk, 2, ip=f"10.6.0.{i}")
    _t, raw = api_token_create(user=users["bkpp"], name="uji")
    rows = Client().get("/api/v1/portal/ikm", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert rows[0]["index"] == 50.0 and rows[0]["mutu"] == "D" and rows[0]["respondents"] == 5


def test_public_pages_query_count_does_not_grow(units: dict[str, Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get(url).status_code == 200
        return len(ctx.captured_queries)

    for i in range(10):
        EmployeeFactory(org_unit=units["loket"] if i % 2 else units["other"])
        _answer(Client(), units["loket"].pk if i % 2 else units["other"].pk, 3, ip=f"10.4.0.{i}")
    urls = [reverse("portal:indicators"), reverse("portal:ikm_list"), reverse("portal:home")]
    before = [count(u) for u in urls]
    extra = OrgUnitFactory(name="Unit Tambahan", code="unit-tambahan")
    for i in range(30):
        EmployeeFactory(org_unit=extra)
        _answer(Client(), extra.pk, 2, ip=f"10.4.1.{i}")
    assert [count(u) for u in urls] == before
    assert max(before) <= 40
