"""The roster import through the web: upload → check → preview → confirm → import, with progress."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from penata.conftest import browser_login
from penata.core.models import AuditEvent, TaskProgress, User
from penata.core.roles import Role
from penata.workforce.models import Employee, RosterUpload
from penata.workforce.services import org_units_load_tree
from penata.workforce.tests.test_roster import GOOD, PPPK, SECOND, TREE, to_csv


def _registry() -> None:
    from django.db import transaction

    with transaction.atomic():
        org_units_load_tree(actor=None, units=TREE)


def _work() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1, verbosity=0)


def _bkpp_client() -> tuple[Client, User]:
    user = User.objects.create(username="bkpp1", role=Role.BKPP)
    client = Client()
    client.force_login(user)
    return client, user


@pytest.mark.django_db(transaction=True)
def test_upload_check_confirm_import() -> None:
    _registry()
    client, user = _bkpp_client()
    upload_file = SimpleUploadedFile(
        "roster.csv", to_csv([GOOD, SECOND, PPPK]), content_type="text/csv"
    )
    resp = client.post(reverse("workforce:roster_upload"), {"file": upload_file})
    upload = RosterUpload.objects.get()
    assert resp["Location"] == reverse("workforce:roster_detail", args=[upload.pk])
    assert upload.status == RosterUpload.Status.CHECKING
    page = client.get(reverse("workforce:roster_detail", args=[upload.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "progress-bar" in page

    _work()  # the check
    upload.refresh_from_db()
    assert upload.status == RosterUpload.Status.CHECKED
    assert upload.preview["created"] == 3 and Employee.objects.count() == 0
    partial = client.get(
        reverse("workforce:roster_detail", args=[upload.pk]), HTTP_HX_REQUEST="true"
    )
    assert partial["HX-Refresh"] == "true"
    page = client.get(reverse("workforce:roster_detail", args=[upload.pk])).content.decode()
    assert 'data-testid="roster-confirm"' in page

    client.post(reverse("workforce:roster_confirm", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == RosterUpload.Status.IMPORTING
    _work()  # the import
    upload.refresh_from_db()
    assert upload.status == RosterUpload.Status.DONE and upload.result["created"] == 3
    assert Employee.objects.count() == 3
    assert TaskProgress.objects.get(pk=upload.import_progress_id).status == "succeeded"
    assert AuditEvent.objects.filter(action="roster.confirm", actor=user).exists()
    # A second confirm is refused with a message, nothing imported twice.
    resp = client.post(reverse("workforce:roster_confirm", args=[upload.pk]), follow=True)
    assert "tidak menunggu konfirmasi" in resp.content.decode()


@pytest.mark.django_db(transaction=True)
def test_rejected_rows_block_confirm_and_errors_download() -> None:
    _registry()
    client, _user = _bkpp_client()
    data = to_csv([GOOD, {**SECOND, "nip": "1.99003E+17"}])
    client.post(reverse("workforce:roster_upload"), {"file": SimpleUploadedFile("r.csv", data)})
    upload = RosterUpload.objects.get()
    _work()
    page = client.get(reverse("workforce:roster_detail", args=[upload.pk])).content.decode()
    assert 'data-testid="roster-confirm"' not in page
    assert "nip_scientific" in page and ">3<" in page  # row 3 named in the error table
    resp = client.post(reverse("workforce:roster_confirm", args=[upload.pk]), follow=True)
    assert "baris ditolak" in resp.content.decode()
    assert Employee.objects.count() == 0
    errors = client.get(reverse("workforce:roster_errors", args=[upload.pk])).content.decode(
        "utf-8-sig"
    )
    assert errors.splitlines()[0] == "baris,kolom,nilai,kode,pesan"
    assert "nip_scientific" in errors


@pytest.mark.django_db(transaction=True)
def test_skip_invalid_upload_imports_valid_rows() -> None:
    _registry()
    client, _user = _bkpp_client()
    data = to_csv([GOOD, {**SECOND, "nip": "1.99003E+17"}])
    client.post(
        reverse("workforce:roster_upload"),
        {"file": SimpleUploadedFile("r.csv", data), "skip_invalid": "on"},
    )
    upload = RosterUpload.objects.get()
    _work()
    client.post(reverse("workforce:roster_confirm", args=[upload.pk]))
    _work()
    upload.refresh_from_db()
    assert upload.status == RosterUpload.Status.DONE, (upload.status, upload.result, upload.preview)
    assert list(Employee.objects.values_list("nip", flat=True)) == [GOOD["nip"]], upload.result[
        "errors"
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("roster.exe", b"MZ...", "Jenis berkas tidak didukung"),
        ("roster.csv", b"", "kosong"),
    ],
)
def test_upload_refuses_bad_files(client_for: Any, name: str, content: bytes, message: str) -> None:
    resp = client_for("bkpp").post(
        reverse("workforce:roster_upload"), {"file": SimpleUploadedFile(name, content)}
    )
    assert resp.status_code == 200 and message in resp.content.decode()
    assert not RosterUpload.objects.exists()


def test_upload_refuses_oversize(client_for: Any, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 100
    resp = client_for("bkpp").post(
        reverse("workforce:roster_upload"), {"file": SimpleUploadedFile("r.csv", b"x" * 500)}
    )
    assert "terlalu besar" in resp.content.decode()


def test_template_download(client_for: Any) -> None:
    resp = client_for("bkpp").get(reverse("workforce:roster_template"))
    assert resp.content.decode("utf-8-sig").splitlines()[0].startswith("nip,nama,")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_import(page: Any, users: dict[str, User], tmp_path: Any) -> None:
    _registry()
    path = tmp_path / "roster.csv"
    path.write_bytes(to_csv([GOOD, SECOND, PPPK]))
    browser_login(page, "u_bkpp")
    page.goto(page.base_url + reverse("workforce:roster_upload"))
    page.set_input_files("input[name=file]", str(path))
    page.click("[data-testid=roster-upload-form] button[type=submit]")
    # Queued: the progress bar is on the page and polls.
    page.wait_for_selector(
        "[data-testid=roster-status][data-status=checking] .progress", state="visible"
    )
    _work()
    page.wait_for_selector("[data-testid=roster-confirm]", timeout=15000)
    assert page.inner_text("[data-testid=count-created]") == "3"
    page.click("[data-testid=roster-confirm]")
    page.wait_for_selector(
        "[data-testid=roster-status][data-status=importing] .progress", state="visible"
    )
    _work()
    page.wait_for_selector("[data-testid=roster-status][data-status=done]", timeout=15000)
    assert page.inner_text("[data-testid=count-created]") == "3"
    assert Employee.objects.count() == 3
