"""Passwords: Django's validators plus the Indonesian common-password list; the demo password
and the test password stay valid."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from penata.conftest import PASSWORD
from penata.core.demo import DEMO_PASSWORD
from penata.security.passwords import IndonesianCommonPasswordValidator, is_common


@pytest.mark.parametrize(
    "password",
    [
        "semarang123",
        "Semarang2026!",
        "bismillah",
        "bismillah123",
        "sayang",
        "sayangku2026",
        "123sayang",
        "indonesia1",
        "Indonesia45",
        "kata-sandi-2026",
        "PemkotSemarang1",
        "persib1933",
    ],
)
def test_common_indonesian_passwords_are_refused(password: str) -> None:
    assert is_common(password)
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    codes = {e.code for e in exc.value.error_list}
    assert codes & {"password_too_common", "password_too_common_id"}, codes


@pytest.mark.parametrize(
    "password",
    [DEMO_PASSWORD, PASSWORD, "Lumpia-Semarang-77", "Wingko-Babat-2026", "lumpia-payung-kenari"],
)
def test_good_passwords_pass(password: str) -> None:
    validate_password(password)  # raises when refused


def test_message_is_indonesian_and_names_a_fix() -> None:
    with pytest.raises(ValidationError) as exc:
        IndonesianCommonPasswordValidator().validate("indonesia1")
    assert exc.value.code == "password_too_common_id"
    assert (
        "terlalu umum" in exc.value.messages[0] and "lumpia-payung-kenari" in exc.value.messages[0]
    )


def test_minimum_length_still_applies() -> None:
    with pytest.raises(ValidationError):
        validate_password("Xq7#pL2")


def test_demo_accounts_keep_the_demo_password(db: None) -> None:
    from penata.core.demo import ensure_demo_users

    users = ensure_demo_users()
    assert all(u.check_password(DEMO_PASSWORD) for u in users)
