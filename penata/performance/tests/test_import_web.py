"""e-Kinerja import through the web: upload → check → preview → confirm → import, with progress."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from penata.core.models import AuditEvent
from penata.performance.models import Appraisal, EkinerjaUpload
from penata.performance.tests.conftest import build_org

HEADER = "nip,tahun,periode,hasil_kerja,perilaku_kerja,predikat"


def _work() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_upload_check_confirm_import() -> None:
    org = build_org(n_staff=2)
    client = Client()
    client.force_login(org.u_bkpp)
    body = "\n".join([HEADER, *(f"{e.nip},2026,tahunan,Sesuai,Di Atas,Baik" for e in org.staff)])
    f = SimpleUploadedFile("ekinerja.csv", body.encode(), content_type="text/csv")
    resp = client.post(reverse("performance:ekinerja_upload"), {"file": f})
    upload = EkinerjaUpload.objects.get()
    assert resp["Location"] == reverse("performance:ekinerja_detail", args=[upload.pk])
    page = client.get(reverse("performance:ekinerja_detail", args=[upload.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    _work()
    upload.refresh_from_db()
    assert upload.status == EkinerjaUpload.Status.CHECKED and upload.preview["created"] == 2
    assert not Appraisal.objects.exists()
    page = client.get(reverse("performance:ekinerja_detail", args=[upload.pk])).content.decode()
    assert 'data-testid="ekinerja-confirm"' in page
    client.post(reverse("performance:ekinerja_confirm", args=[upload.pk]))
    _work()
    upload.refresh_from_db()
    assert upload.status == EkinerjaUpload.Status.DONE
    assert Appraisal.objects.filter(status="rated", predikat="baik").count() == 2
    assert AuditEvent.objects.filter(action="ekinerja.import").exists()


@pytest.mark.django_db(transaction=True)
def test_rejected_rows_block_confirmation_and_errors_download() -> None:
    org = build_org(n_staff=1)
    client = Client()
    client.force_login(org.u_bkpp)
    body = f"{HEADER}\n{org.staff[0].nip},2026,tahunan,Sesuai,Sesuai,Sangat Baik\n"
    f = SimpleUploadedFile("e.csv", body.encode(), content_type="text/csv")
    client.post(reverse("performance:ekinerja_upload"), {"file": f})
    _work()
    upload = EkinerjaUpload.objects.get()
    page = client.get(reverse("performance:ekinerja_detail", args=[upload.pk])).content.decode()
    assert "predikat_mismatch" in page and 'data-testid="ekinerja-confirm"' not in page
    resp = client.post(reverse("performance:ekinerja_confirm", args=[upload.pk]), follow=True)
    assert "baris ditolak" in resp.content.decode()
    csv_text = client.get(reverse("performance:ekinerja_errors", args=[upload.pk])).content
    assert b"predikat_mismatch" in csv_text
    assert not Appraisal.objects.exists()
