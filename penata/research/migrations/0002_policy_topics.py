from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from penata.research.reference import seed_reference_data

    seed_reference_data(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
