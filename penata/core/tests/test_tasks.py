"""Background tasks: one end to end through the real worker, and the progress page."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from penata.core.audit import audit_record
from penata.core.models import TaskProgress, User
from penata.core.roles import Role


@pytest.mark.django_db(transaction=True)
def test_audit_export_runs_through_the_worker() -> None:
    admin = User.objects.create(username="root", role=Role.ADMINISTRATOR)
    with transaction.atomic():
        for i in range(1205):
            audit_record(actor=admin, action="demo.row", object_repr=f"baris {i}")
        audit_record(actor=admin, action="demo.formula", object_repr='=HYPERLINK("http://x")')
    client = Client()
    client.force_login(admin)
    resp = client.post(reverse("core:audit_export"), {"fmt": "csv", "query": "action=demo"})
    progress = TaskProgress.objects.get()
    assert resp["Location"] == reverse("core:task_detail", args=[progress.pk])
    assert progress.status == TaskProgress.Status.QUEUED and progress.task_result_id
    # Queued, not yet run: the page polls.
    page = client.get(
        reverse("core:task_detail", args=[progress.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 1s"' in page

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0.1)

    progress.refresh_from_db()
    assert progress.status == TaskProgress.Status.SUCCEEDED, progress.message
    assert progress.total == progress.done == 1206 and progress.percent == 100
    assert DBTaskResult.objects.get(id=progress.task_result_id).status == "SUCCESSFUL"
    page = client.get(
        reverse("core:task_detail", args=[progress.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" not in page and 'data-width="100"' in page
    download = client.get(reverse("core:task_download", args=[progress.pk]))
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0][0] == "waktu" and len(rows) == 1207
    formula_row = next(r for r in rows if r[2] == "demo.formula")
    assert formula_row[5].startswith("'=")  # formula injection neutralised


@pytest.mark.django_db(transaction=True)
def test_progress_of_others_is_not_visible() -> None:
    owner = User.objects.create(username="a", role=Role.ADMINISTRATOR)
    other = User.objects.create(username="b", role=Role.ADMINISTRATOR)
    progress = TaskProgress.objects.create(owner=owner, kind="x", label="x")
    client = Client()
    client.force_login(other)
    assert client.get(reverse("core:task_detail", args=[progress.pk])).status_code == 404
    assert client.get(reverse("core:task_download", args=[progress.pk])).status_code == 404


def test_failed_task_shows_message(client_for: Any, users: dict[str, User]) -> None:
    progress = TaskProgress.objects.create(
        owner=users["employee"],
        kind="x",
        label="Uji",
        status=TaskProgress.Status.FAILED,
        message="Ekspor gagal: disk penuh",
    )
    page = (
        client_for("employee").get(reverse("core:task_detail", args=[progress.pk])).content.decode()
    )
    assert "Ekspor gagal: disk penuh" in page and "bg-danger" in page


def test_bad_export_format_is_refused(client_for: Any) -> None:
    resp = client_for("administrator").post(
        reverse("core:audit_export"), {"fmt": "exe"}, follow=True
    )
    assert "Pilih format ekspor" in resp.content.decode()
    assert not TaskProgress.objects.exists()
