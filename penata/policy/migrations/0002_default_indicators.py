"""The policy indicators of the penataan ASN policy, with their source: computed from Penata's
data where it exists, entered by the team where it does not (the IKM until the public portal
collects it; Permenpan-RB 14/2017 on the community satisfaction survey)."""

from django.db import migrations

INDICATORS = [
    ("asn-20jp", "Persentase ASN mencapai 20 JP per tahun", "%", "learning_20jp",
     "PP 17/2020 Pasal 203 ayat (4): hak pengembangan kompetensi paling sedikit 20 JP setahun", 1),
    ("talent-pool", "Jumlah ASN dalam talent pool (kotak 7-9)", "orang", "talent_pool",
     "Permenpan-RB 3/2020 tentang manajemen talenta", 2),
    ("praktik-baik", "Praktik baik inovasi pelayanan yang dikurasi", "praktik", "forum_practices",
     "Perpustakaan praktik baik forum ASN", 3),
    ("indeks-kesiapan", "Indeks kesiapan perubahan ASN", "indeks", "engagement_readiness",
     "Survei kesiapan manajemen perubahan (0-100)", 4),
    ("dana-mitra", "Persentase biaya pelatihan yang didanai mitra", "%", "funding_partner_share",
     "Sponsor terealisasi / (realisasi APBD + sponsor terealisasi)", 5),
    ("ikm", "Indeks Kepuasan Masyarakat (IKM) layanan kepegawaian", "nilai", "manual",
     "Permenpan-RB 14/2017; diisi manual sampai portal publik mengumpulkannya", 6),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Indicator = apps.get_model("policy", "Indicator")
    for code, name, unit, source, note, order in INDICATORS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={"name": name, "unit": unit, "source": source, "source_note": note,
                      "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
