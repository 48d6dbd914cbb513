"""The funding settings row with the default expiry reminders (90, 30 and 7 days before an
agreement ends): an institutional choice, editable by an administrator."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    settings = apps.get_model("funding", "FundingSettings")
    settings.objects.get_or_create(pk=1, defaults={"reminder_days": [90, 30, 7]})


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
