"""Encrypt the TOTP secrets at rest (penata.security.crypto); the reverse decrypts them.

The column is widened first (a Fernet token of a 32-character secret has 140 characters), the
rows are rewritten while the field is still a plain CharField in this migration's state, and
only then does the field become an EncryptedCharField (no change in the database).
"""

from django.db import migrations, models

import penata.security.fields


def forwards(apps, schema_editor):
    from penata.security.crypto import encrypt

    Device = apps.get_model("security", "TwoFactorDevice")
    db = schema_editor.connection.alias
    for pk, secret in Device.objects.using(db).values_list("pk", "secret").iterator():
        if secret and not secret.startswith("gAAAAA"):  # base32 never holds lower case
            Device.objects.using(db).filter(pk=pk).update(secret=encrypt(secret))


def backwards(apps, schema_editor):
    from penata.security.crypto import decrypt

    Device = apps.get_model("security", "TwoFactorDevice")
    db = schema_editor.connection.alias
    for pk, secret in Device.objects.using(db).values_list("pk", "secret").iterator():
        if secret and secret.startswith("gAAAAA"):
            Device.objects.using(db).filter(pk=pk).update(secret=decrypt(secret))


class Migration(migrations.Migration):

    dependencies = [
        ("security", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="twofactordevice",
            name="secret",
            field=models.CharField(max_length=255),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="twofactordevice",
            name="secret",
            field=penata.security.fields.EncryptedCharField(max_length=255),
        ),
    ]
