"""Seed the competency dictionary and activity types; see ``penata.learning.reference``."""

from django.db import migrations

from penata.learning.reference import seed_reference_data


def seed(apps, schema_editor):
    seed_reference_data(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
