"""Personal data (NIK, telephone, e-mail, address) stays out of the logs; the reusable
``assert_no_personal_data`` helper catches it in any text."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from penata.core.tests.personal_data import assert_no_personal_data, personal_values
from penata.security.logging import REDACTED, PersonalDataFilter, redact
from penata.workforce.models import Employee


def test_redact_masks_nik_phone_email_and_keyed_values() -> None:
    text = (
        "nik=3374012609860001 telp 0812-3456-7891 hp +62 812 3456 7891 kantor (024) 3513366 "
        "mail budi@semarangkota.go.id alamat='Jl. Pemuda 148' nip 198609262010011001 ok"
    )
    out = redact(text)
    for secret in (
        "3374012609860001",
        "0812-3456-7891",
        "812 3456 7891",
        "3513366",
        "budi@semarangkota.go.id",
        "Pemuda",
    ):
        assert secret not in out, (secret, out)
    assert "198609262010011001" in out  # NIP: an identifier, not personal data
    assert out.endswith(" ok") and REDACTED in out


def test_filter_applies_to_args_and_exceptions() -> None:
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger("penata.test.redact")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("row %s phone %s", {"nik": "3374012609860001"}, "081234567891")
        try:
            raise ValueError("NIK 3374015503900002 tidak cocok")
        except ValueError:
            logger.exception("import failed")
    finally:
        logger.removeHandler(handler)
    out = buf.getvalue()
    assert "3374012609860001" not in out and "081234567891" not in out
    assert "3374015503900002" not in out and "ValueError" in out


def test_every_configured_handler_has_the_filter() -> None:
    for name, handler in settings.LOGGING["handlers"].items():
        assert "personal_data" in handler.get("filters", []), name


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """Everything logged at DEBUG, SQL with its parameters included, through the filter."""
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setLevel(logging.DEBUG)
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    old = (root.level, logging.getLogger("django.db.backends").level)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("django.db.backends").setLevel(logging.DEBUG)
    connection.force_debug_cursor = True
    try:
        yield buf
    finally:
        connection.force_debug_cursor = False
        root.removeHandler(handler)
        root.setLevel(old[0])
        logging.getLogger("django.db.backends").setLevel(old[1])


def test_import_and_pages_log_no_personal_data(debug_log: io.StringIO, client_for: Any) -> None:
    from penata.workforce.services import org_units_load_tree
    from penata.workforce.tests.test_roster import GOOD, PPPK, SECOND, TREE, run, to_csv

    with transaction.atomic():
        org_units_load_tree(actor=None, units=TREE)
    bad = {**GOOD, "nip": "199001012015031001", "nik": "3374019999990009", "telepon": "12ab"}
    report = run(to_csv([GOOD, SECOND, PPPK, bad]), skip_invalid=True)
    assert report["created"] == 3
    employees = list(Employee.objects.all())
    assert any(e.nik for e in employees) and any(e.phone for e in employees)
    admin = client_for("administrator")
    emp = employees[0]
    assert admin.get(reverse("workforce:employee_list")).status_code == 200
    assert admin.get(reverse("workforce:employee_detail", args=[emp.pk])).status_code == 200
    admin.post(reverse("workforce:employee_reveal", args=[emp.pk]))
    admin.get(reverse("workforce:employee_detail", args=[emp.pk]), {"q": emp.nik})
    admin.get("/api/v1/employees", {"q": emp.phone})
    logging.getLogger("penata.test").info("employee %s", emp.personal_fields())

    out = debug_log.getvalue()
    assert "SELECT" in out and "INSERT" in out  # the SQL really was captured
    assert_no_personal_data(out, employees)
    assert "3374019999990009" not in out  # the rejected row's NIK too


def test_helper_finds_each_field_in_any_form(db: None) -> None:
    emp = Employee(nip="198609262010011001", nik="3374012609860001", phone="0812-3456-7891")
    emp.email = "budi@semarangkota.go.id"
    assert_no_personal_data("NIP 198609262010011001, 3374********0001", [emp])
    for leak in ("3374012609860001", "081234567891", "+6281234567891", "BUDI@semarangkota.go.id"):
        with pytest.raises(AssertionError, match="personal data found"):
            assert_no_personal_data(f"x {leak} y", [emp])
    assert set(personal_values([emp]).values()) >= {
        "nik of 198609262010011001",
        "phone of 198609262010011001",
    }
