"""The audit log: written in the change's transaction, immutable, browsable by administrators."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from penata.core import services
from penata.core.audit import audit_record, diff, snapshot
from penata.core.models import AuditEvent, User
from penata.core.roles import Role


def test_audit_outside_a_transaction_is_refused(users: dict[str, User]) -> None:
    # pytest-django wraps each test in a transaction; step outside it with a durable check.
    conn = transaction.get_connection()
    was = conn.in_atomic_block
    conn.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError):
            audit_record(actor=users["administrator"], action="x.y")
    finally:
        conn.in_atomic_block = was


@pytest.mark.django_db(transaction=True)
def test_failing_change_leaves_no_audit_row() -> None:
    admin = User.objects.create(username="root", role=Role.ADMINISTRATOR)
    before = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the validation error of the second step
        services.user_create(actor=admin, username="bad name!", password=None, role="nope")
    assert AuditEvent.objects.count() == before
    assert not User.objects.filter(username="bad name!").exists()


@pytest.mark.django_db(transaction=True)
def test_change_and_audit_land_together() -> None:
    admin = User.objects.create(username="root", role=Role.ADMINISTRATOR)
    user = services.user_create(actor=admin, username="sri", password=None, role=Role.BKPP)
    updated = services.user_update(actor=admin, user=user, role=Role.OPD_OPERATOR, first_name="Sri")
    event = AuditEvent.objects.filter(action="user.update").get()
    assert event.actor == admin and event.actor_label == "root"
    assert event.object_type == "core.user" and event.object_id == str(user.pk)
    assert event.before["role"] == "bkpp" and event.after["role"] == "opd_operator"
    assert event.after["first_name"] == "Sri"
    assert "password" not in event.after
    assert updated.role == Role.OPD_OPERATOR


@pytest.mark.django_db(transaction=True)
def test_rollback_after_audit_removes_both() -> None:
    admin = User.objects.create(username="root", role=Role.ADMINISTRATOR)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        services.user_update(actor=admin, user=admin, first_name="X")
        1 / 0  # noqa: B018
    assert not AuditEvent.objects.filter(action="user.update").exists()
    admin.refresh_from_db()
    assert admin.first_name == ""


def test_audit_rows_are_immutable(users: dict[str, User]) -> None:
    with transaction.atomic():
        event = audit_record(
            actor=users["bkpp"], action="demo.act", before={"a": 1}, after={"a": 2}
        )
    event.note = "edited"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_admin_cannot_edit_or_delete_audit_rows(client_for: Any, users: dict[str, User]) -> None:
    with transaction.atomic():
        event = audit_record(actor=users["bkpp"], action="demo.act")
    client = client_for("administrator")
    assert client.get(f"/admin/core/auditevent/{event.pk}/change/").status_code in (200, 403)
    resp = client.post(f"/admin/core/auditevent/{event.pk}/change/", {"note": "x"})
    assert resp.status_code == 403
    assert (
        client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk, note="").exists()


def test_snapshot_and_diff(users: dict[str, User]) -> None:
    snap = snapshot(users["bkpp"])
    assert snap["username"] == "u_bkpp" and "password" not in snap
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {"b": [2, 3], "c": [None, 4]}


def test_request_id_and_ip_are_recorded(client_for: Any, users: dict[str, User]) -> None:
    client = client_for("administrator")
    resp = client.post(
        reverse("core:profile"), {"name": "skrip"}, HTTP_X_REQUEST_ID="abcdef12-3456"
    )
    assert resp.status_code == 200
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.request_id == "abcdef12-3456" == resp["X-Request-ID"]
    assert event.ip_address == "127.0.0.1"


def test_audit_page_filters_and_detail(client_for: Any, users: dict[str, User]) -> None:
    with transaction.atomic():
        audit_record(
            actor=users["bkpp"],
            action="employee.update",
            object_type="workforce.employee",
            object_id="7",
            object_repr="Sri",
            before={"unit": "A"},
            after={"unit": "B"},
        )
        audit_record(actor=users["administrator"], action="user.create", object_repr="budi")
    client = client_for("administrator")
    page = client.get(reverse("core:audit_list"), {"action": "employee"}).content.decode()
    assert "employee.update" in page and "user.create" not in page
    page = client.get(reverse("core:audit_list"), {"actor": "u_administrator"}).content.decode()
    assert "user.create" in page and "employee.update" not in page
    event = AuditEvent.objects.get(action="employee.update")
    detail = client.get(reverse("core:audit_detail", args=[event.pk])).content.decode()
    assert "table-warning" in detail and "unit" in detail
    bad = client.get(reverse("core:audit_list"), {"since": "kemarin"})
    assert bad.status_code == 200
