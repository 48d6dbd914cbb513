from django.db import migrations

from penata.talent.reference import seed_reference_data


def seed(apps, schema_editor):
    seed_reference_data(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
