"""Load the default policy indicators (see :mod:`penata.policy.reference`)."""

from django.db import migrations

from penata.policy.reference import seed_reference_data


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    seed_reference_data(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
