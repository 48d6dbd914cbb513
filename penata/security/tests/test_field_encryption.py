"""TOTP secrets are encrypted at rest (penata.security.crypto): the column never holds the
base32 secret, an old key still decrypts after a rotation, the data migration round-trips, and
a wrong key is a clear error rather than a silently wrong code."""

from __future__ import annotations

import io
from typing import Any

import pyotp
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from penata.core.models import AuditEvent, User
from penata.security import services
from penata.security.crypto import FieldDecryptionError, decrypt, encrypt
from penata.security.models import TwoFactorDevice

OLD_KEY = "kunci-lama-" + "a1B2c3D4e5" * 4
NEW_KEY = "kunci-baru-" + "z9Y8x7W6v5" * 4
TABLE = TwoFactorDevice._meta.db_table


def _raw_secret(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret FROM {TABLE} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def _set_raw_secret(pk: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET secret = %s WHERE id = %s", [value, pk])


def test_the_column_never_holds_the_base32_secret(users: dict[str, User]) -> None:
    device = services.enrolment_start(user=users["administrator"])
    secret = device.secret
    assert len(secret) == 32 and set(secret) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    raw = _raw_secret(device.pk)
    assert raw.startswith("gAAAAA") and secret not in raw and secret.lower() not in raw.lower()
    # the service layer still sees the plain secret: a code from the app confirms enrolment
    reloaded = TwoFactorDevice.objects.get(pk=device.pk)
    assert reloaded.secret == secret
    codes = services.enrolment_confirm(user=users["administrator"], code=pyotp.TOTP(secret).now())
    assert codes and len(codes) == services.RECOVERY_CODE_COUNT
    # saving it unchanged writes back the same token; a new secret gets a new token
    reloaded.save()
    assert _raw_secret(device.pk) == raw
    reloaded.secret = pyotp.random_base32(32)
    reloaded.save()
    raw2 = _raw_secret(device.pk)
    assert raw2 != raw and raw2.startswith("gAAAAA") and reloaded.secret not in raw2


def test_serialisation_carries_the_token_and_loading_decrypts_it(
    users: dict[str, User],
) -> None:
    """``dumpdata`` and ``penata backup --format json`` must not write the secret in clear,
    and a load must store the very same token (the backup's checksums compare columns)."""
    from django.core import serializers

    device = services.enrolment_start(user=users["administrator"])
    secret, raw = device.secret, _raw_secret(device.pk)
    dumped = serializers.serialize("json", TwoFactorDevice.objects.filter(pk=device.pk))
    assert secret not in dumped and raw in dumped
    TwoFactorDevice.objects.filter(pk=device.pk).delete()
    for obj in serializers.deserialize("json", dumped):
        assert obj.object.secret == secret
        obj.object.save_base(raw=True)
    assert _raw_secret(device.pk) == raw
    assert TwoFactorDevice.objects.get(pk=device.pk).secret == secret


def test_key_defaults_to_one_derived_from_the_secret_key(users: dict[str, User]) -> None:
    device = services.enrolment_start(user=users["administrator"])
    token = _raw_secret(device.pk)
    with (
        override_settings(PENATA_FIELD_KEY="", SECRET_KEY="x" * 60),
        pytest.raises(FieldDecryptionError),
    ):
        decrypt(token)
    assert decrypt(token) == device.secret


def test_a_secret_saved_under_an_old_key_decrypts_after_rotation(users: dict[str, User]) -> None:
    user = users["bkpp"]
    with override_settings(PENATA_FIELD_KEY=OLD_KEY):
        device = services.enrolment_start(user=user)
        secret = device.secret
    with override_settings(PENATA_FIELD_KEY=NEW_KEY, PENATA_FIELD_KEYS_OLD=[OLD_KEY]):
        assert TwoFactorDevice.objects.get(pk=device.pk).secret == secret
        # the service works unchanged under the new key
        assert services.enrolment_confirm(user=user, code=pyotp.TOTP(secret).now())
        out = io.StringIO()
        call_command("rotate-field-key", stdout=out)
        assert out.getvalue().startswith("1 rahasia TOTP")
    event = AuditEvent.objects.filter(action="security.field_key_rotate").get()
    assert event.after == {"reencrypted": 1}
    # after the rotation the old key is no longer needed
    with override_settings(PENATA_FIELD_KEY=NEW_KEY, PENATA_FIELD_KEYS_OLD=[]):
        assert TwoFactorDevice.objects.get(pk=device.pk).secret == secret
    with (
        override_settings(PENATA_FIELD_KEY=OLD_KEY, PENATA_FIELD_KEYS_OLD=[]),
        pytest.raises(FieldDecryptionError),
    ):
        TwoFactorDevice.objects.get(pk=device.pk)


def test_setting_a_field_key_for_the_first_time_keeps_the_secret_key_as_old(
    users: dict[str, User],
) -> None:
    from django.conf import settings

    device = services.enrolment_start(user=users["administrator"])
    with override_settings(PENATA_FIELD_KEY=NEW_KEY, PENATA_FIELD_KEYS_OLD=[settings.SECRET_KEY]):
        assert TwoFactorDevice.objects.get(pk=device.pk).secret == device.secret


def test_a_wrong_key_is_a_clear_error_not_a_wrong_code(users: dict[str, User]) -> None:
    user = users["administrator"]
    with override_settings(PENATA_FIELD_KEY=OLD_KEY):
        device = services.enrolment_start(user=user)
        services.enrolment_confirm(user=user, code=pyotp.TOTP(device.secret).now())
        before = _raw_secret(device.pk)
    with override_settings(PENATA_FIELD_KEY=NEW_KEY):
        with pytest.raises(FieldDecryptionError, match="PENATA_FIELD_KEYS_OLD"):
            services.verify(user=user, code=pyotp.TOTP(device.secret).now())
        with pytest.raises(CommandError, match="PENATA_FIELD_KEYS_OLD"):
            call_command("rotate-field-key")
    assert _raw_secret(device.pk) == before  # the failed rotation changed nothing
    with pytest.raises(FieldDecryptionError):
        decrypt("gAAAAABnot-a-token")


def test_encrypt_round_trips_text_and_never_repeats() -> None:
    assert decrypt(encrypt("JBSWY3DPEHPK3PXP")) == "JBSWY3DPEHPK3PXP"
    assert encrypt("JBSWY3DPEHPK3PXP") != encrypt("JBSWY3DPEHPK3PXP")


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_secrets_and_its_reverse_decrypts(
    users: dict[str, User],
) -> None:
    device = services.enrolment_start(user=users["administrator"])
    secret = device.secret
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("security", "0001_initial")])
        # before: the secret in clear, as the reverse left it
        assert _raw_secret(device.pk) == secret
        executor = MigrationExecutor(connection)
        executor.migrate([("security", "0002_encrypt_totp_secret")])
        raw = _raw_secret(device.pk)
        assert raw.startswith("gAAAAA") and secret not in raw
        assert TwoFactorDevice.objects.get(pk=device.pk).secret == secret
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_leaves_already_encrypted_rows_alone(users: dict[str, User]) -> None:
    import importlib

    migration: Any = importlib.import_module("penata.security.migrations.0002_encrypt_totp_secret")
    state = MigrationExecutor(connection).loader.project_state(("security", "0001_initial"))
    editor: Any = type("Editor", (), {"connection": connection})()
    device = services.enrolment_start(user=users["administrator"])
    secret = device.secret
    token = _raw_secret(device.pk)
    migration.forwards(state.apps, editor)  # run twice: the token is not encrypted again
    assert _raw_secret(device.pk) == token
    migration.backwards(state.apps, editor)
    assert _raw_secret(device.pk) == secret
    migration.backwards(state.apps, editor)
    assert _raw_secret(device.pk) == secret
    migration.forwards(state.apps, editor)
    assert decrypt(_raw_secret(device.pk)) == secret
    _set_raw_secret(device.pk, secret)
    migration.forwards(state.apps, editor)
    assert TwoFactorDevice.objects.get(pk=device.pk).secret == secret
