"""Seed the planning settings, efficiency bands and DEMO pay tables; see ``reference``."""

from django.db import migrations

from penata.planning.reference import seed_reference_data


def seed(apps, schema_editor):
    seed_reference_data(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial"), ("workforce", "0002_reference_data")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
