"""The IKM indicator is computed from the public portal's survey (source ``portal_ikm``) instead
of being entered by hand; hand values already entered stay and are shown for the years in which
the portal has no data (see :mod:`penata.policy.indicators`)."""

from django.db import migrations

IKM_NOTE = (
    "Permenpan-RB 14/2017; dihitung dari survei IKM portal publik, "
    "isian manual untuk tahun sebelum portal"
)
OLD_NOTE = "Permenpan-RB 14/2017; diisi manual sampai portal publik mengumpulkannya"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Indicator = apps.get_model("policy", "Indicator")
    Indicator.objects.filter(code="ikm", source="manual").update(
        source="portal_ikm", source_note=IKM_NOTE
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Indicator = apps.get_model("policy", "Indicator")
    Indicator.objects.filter(code="ikm", source="portal_ikm").update(
        source="manual", source_note=OLD_NOTE
    )


class Migration(migrations.Migration):
    dependencies = [("policy", "0002_default_indicators")]
    operations = [migrations.RunPython(forwards, backwards)]
