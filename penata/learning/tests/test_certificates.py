"""Certificates: the PDF and who may download it, the public verification page (valid, wrong,
normalised, masked NIP, rate limit), and the external certificate upload limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from penata.core.tests.factories import UserFactory
from penata.learning import certificates, services
from penata.learning.models import (
    CertificateStatus,
    EnrolmentStatus,
    ExternalCertificate,
    LedgerEntry,
)
from penata.learning.services import LearningError
from penata.learning.tests.factories import (
    EnrolmentFactory,
    TrainingProgramFactory,
    TrainingSessionFactory,
    activity_type,
)
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db
NIP = "198601012010011001"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def completed(users: Any) -> Any:
    emp = EmployeeFactory(nip=NIP, name="Sri Wahyuni")
    program = TrainingProgramFactory(title="Literasi Data untuk ASN", jp=16)
    session = TrainingSessionFactory(
        program=program, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 4)
    )
    e = EnrolmentFactory(session=session, employee=emp, status=EnrolmentStatus.ATTENDED)
    return services.enrolment_complete(
        actor=users["bkpp"], enrolment=e, score=90, completed_on=dt.date(2026, 3, 4)
    )


def _verify(client: Client, code: str, ip: str = "10.0.0.1") -> Any:
    return client.get(reverse("learning:certificate_verify"), {"kode": code}, REMOTE_ADDR=ip)


def test_valid_code_shows_only_what_the_certificate_shows(completed: Any) -> None:
    resp = _verify(Client(), completed.certificate_code)
    body = resp.content.decode()
    assert resp.status_code == 200 and 'data-testid="verify-valid"' in body
    assert "Literasi Data untuk ASN" in body and "Sri Wahyuni" in body
    assert "1986******1001" in body
    assert NIP not in body
    assert completed.employee.org_unit.name not in body


def test_wrong_code_is_invalid(completed: Any) -> None:
    resp = _verify(Client(), "PNT-AAAA-BBBB-CCCC")
    assert 'data-testid="verify-invalid"' in resp.content.decode()
    assert "Sri Wahyuni" not in resp.content.decode()


def test_code_is_normalised(completed: Any) -> None:
    messy = " " + completed.certificate_code.lower().replace("-", " ") + " "
    resp = _verify(Client(), messy)
    assert 'data-testid="verify-valid"' in resp.content.decode()
    bare = completed.certificate_code.replace("-", "").removeprefix("PNT")
    assert 'data-testid="verify-valid"' in _verify(Client(), bare).content.decode()


def test_a_not_completed_enrolment_has_no_valid_certificate(completed: Any) -> None:
    code = completed.certificate_code
    completed.status = EnrolmentStatus.NOT_COMPLETED
    completed.save()
    assert certificates.lookup_certificate(code) is None


def test_mask_nip() -> None:
    assert certificates.mask_nip(NIP) == "1986******1001"
    assert certificates.mask_nip("1234") == "****"


def test_lookups_are_rate_limited_per_address(completed: Any) -> None:
    client = Client()
    for _ in range(certificates.VERIFY_LIMIT):
        assert _verify(client, "PNT-AAAA-BBBB-CCCC").status_code == 200
    resp = _verify(client, completed.certificate_code)
    assert resp.status_code == 429
    body = resp.content.decode()
    assert "Terlalu banyak pemeriksaan" in body and "Sri Wahyuni" not in body
    # another address is not affected
    assert _verify(client, completed.certificate_code, ip="10.0.0.2").status_code == 200
    # opening the page without a code does not count
    assert client.get(reverse("learning:certificate_verify")).status_code == 200


def test_certificate_pdf(completed: Any) -> None:
    data = certificates.certificate_pdf(completed, base_url="https://penata.example")
    assert data.startswith(b"%PDF") and len(data) > 1000


def test_certificate_download_only_owner_hr_and_opd_operator(completed: Any, users: Any) -> None:
    url = reverse("learning:certificate_download", args=[completed.pk])
    owner = UserFactory(role="employee", employee=completed.employee)
    operator = UserFactory(role="opd_operator", org_unit=completed.employee.org_unit)
    other_operator = UserFactory(role="opd_operator", org_unit=OrgUnitFactory())
    stranger = UserFactory(role="employee", employee=EmployeeFactory())
    for user, ok in [
        (owner, True),
        (users["bkpp"], True),
        (operator, True),
        (other_operator, False),
        (stranger, False),
        (users["supervisor"], False),
    ]:
        c = Client()
        c.force_login(user)
        resp = c.get(url)
        assert (resp.status_code == 200) is ok, user.username
        if ok:
            assert resp["Content-Type"] == "application/pdf"
            assert resp["Content-Disposition"].startswith("attachment;")


# --- external certificates -----------------------------------------------------------------


def _submit(user: Any, name: str, content: bytes, **kw: Any) -> Any:
    return services.external_certificate_submit(
        actor=user,
        title=kw.get("title", "Kursus Analisis Data"),
        issuer="Universitas Diponegoro",
        activity_type=activity_type("kursus"),
        jp=kw.get("jp", 10),
        completed_on=dt.date.today() - dt.timedelta(days=3),
        file=SimpleUploadedFile(name, content),
    )


@pytest.fixture
def asn() -> Any:
    return UserFactory(role="employee", employee=EmployeeFactory())


@pytest.mark.parametrize("name,content", [("a.pdf", PDF), ("b.PNG", PNG), ("c.jpeg", JPEG)])
def test_external_accepts_pdf_png_jpeg(asn: Any, name: str, content: bytes) -> None:
    cert = _submit(asn, name, content)
    assert cert.status == CertificateStatus.SUBMITTED
    assert cert.employee_id == asn.employee_id
    # stored under a random name (a random hex stem may end in the same letter as "a.pdf")
    assert cert.file.name.rsplit("/", 1)[-1] != name


@pytest.mark.parametrize(
    "name,content",
    [
        ("evil.pdf", b"MZ\x90\x00 not a pdf"),  # spoofed extension
        ("photo.pdf", PNG),  # real PNG calling itself PDF
        ("script.html", b"<html><script>alert(1)</script>"),
        ("doc.docx", b"PK\x03\x04"),
        ("noext", PDF),
        ("empty.pdf", b""),
    ],
)
def test_external_refuses_wrong_types(asn: Any, name: str, content: bytes) -> None:
    with pytest.raises(LearningError) as exc:
        _submit(asn, name, content)
    assert exc.value.code == "bad_file"
    assert not ExternalCertificate.objects.exists()


def test_external_refuses_over_5_mb(asn: Any) -> None:
    big = PDF + b"0" * (5 * 1024 * 1024)
    with pytest.raises(LearningError) as exc:
        _submit(asn, "besar.pdf", big)
    assert "5 MB" in exc.value.message


def test_external_upload_page_and_file_access(asn: Any, users: Any) -> None:
    c = Client()
    c.force_login(asn)
    resp = c.post(
        reverse("learning:external_own"),
        {
            "title": "Seminar Keamanan Informasi",
            "issuer": "BSSN",
            "activity_type": activity_type("seminar").pk,
            "jp": 2,
            "completed_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
            "file": SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert resp.status_code == 302
    cert = ExternalCertificate.objects.get()
    url = reverse("learning:external_file", args=[cert.pk])
    resp = c.get(url)
    assert resp.status_code == 200
    assert resp["Content-Disposition"].startswith("attachment;")
    assert resp["Content-Type"] == "application/pdf"
    assert b"".join(resp.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    hr = Client()
    hr.force_login(users["bkpp"])
    assert hr.get(url).status_code == 200
    for role in ("opd_operator", "employee", "supervisor"):
        assert Client().get(url).status_code == 302  # anonymous: sign in
        other = Client()
        other.force_login(users[role])
        assert other.get(url).status_code == 404


def test_spoofed_upload_through_the_page_is_refused(asn: Any) -> None:
    c = Client()
    c.force_login(asn)
    resp = c.post(
        reverse("learning:external_own"),
        {
            "title": "Palsu",
            "issuer": "X",
            "activity_type": activity_type("seminar").pk,
            "jp": 2,
            "completed_on": dt.date.today().isoformat(),
            "file": SimpleUploadedFile("x.pdf", b"<svg onload=alert(1)>", "application/pdf"),
        },
    )
    assert resp.status_code == 200
    assert "tidak sesuai dengan ekstensi" in resp.content.decode()
    assert not ExternalCertificate.objects.exists()


def test_verify_adds_ledger_and_reject_needs_reason(asn: Any, users: Any) -> None:
    cert = _submit(asn, "a.pdf", PDF, jp=12)
    with pytest.raises(LearningError):
        services.external_certificate_verify(actor=asn, certificate=cert)
    services.external_certificate_verify(actor=users["bkpp"], certificate=cert)
    entry = LedgerEntry.objects.get()
    assert (entry.source, entry.source_id, entry.jp) == ("external", cert.pk, 12)
    with pytest.raises(LearningError) as exc:
        services.external_certificate_verify(actor=users["bkpp"], certificate=cert)
    assert exc.value.code == "already_decided"
    other = _submit(asn, "b.pdf", PDF)
    with pytest.raises(LearningError) as exc:
        services.external_certificate_reject(actor=users["bkpp"], certificate=other, reason="")
    assert exc.value.code == "reason_required"
    services.external_certificate_reject(
        actor=users["bkpp"], certificate=other, reason="Sertifikat tidak terbaca"
    )
    other.refresh_from_db()
    assert other.status == CertificateStatus.REJECTED and other.reason
    assert LedgerEntry.objects.count() == 1


def test_verification_queue_page(asn: Any, users: Any) -> None:
    cert = _submit(asn, "a.pdf", PDF)
    c = Client()
    c.force_login(users["bkpp"])
    resp = c.get(reverse("learning:external_queue"))
    assert cert.title in resp.content.decode()
    resp = c.post(reverse("learning:external_decide", args=[cert.pk]), {"action": "verify"})
    assert resp.status_code == 302
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VERIFIED


@given(st.integers(min_value=0, max_value=2**32), st.sampled_from(["", " ", "-", "  -"]))
@settings(max_examples=60)
def test_normalise_accepts_any_typing_of_a_code(seed: int, sep: str) -> None:
    import random

    rng = random.Random(seed)
    code = "PNT-" + "-".join(
        "".join(rng.choice(services.CODE_ALPHABET) for _ in range(4)) for _ in range(3)
    )
    typed = code.replace("-", sep)
    if rng.random() < 0.5:
        typed = typed.lower()
    if rng.random() < 0.3:
        typed = typed.removeprefix("PNT").removeprefix("pnt")
    assert services.normalise_certificate_code(typed) == code
    assert services.normalise_certificate_code(typed[:-1]) == ""
