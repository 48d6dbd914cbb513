"""Reference data of the policy workspace: the default indicators of the penataan ASN policy,
each with its source — computed from Penata's data where it exists (the IKM from the public
portal's survey, Permenpan-RB 14/2017, with the team's hand value for years before the portal),
entered by the team where it does not. Loaded by migrations ``policy/0002`` and ``0003`` and put
back after transactional tests flush the tables (see ``penata/conftest.py``)."""

from __future__ import annotations

from typing import Any

IKM_NOTE = (
    "Permenpan-RB 14/2017; dihitung dari survei IKM portal publik, "
    "isian manual untuk tahun sebelum portal"
)

INDICATORS = [
    (
        "asn-20jp",
        "Persentase ASN mencapai 20 JP per tahun",
        "%",
        "learning_20jp",
        "PP 11/2017 Pasal 203 ayat (4) jo. PP 17/2020: paling sedikit 20 JP setahun",
        1,
    ),
    (
        "talent-pool",
        "Jumlah ASN dalam talent pool (kotak 7-9)",
        "orang",
        "talent_pool",
        "PermenPANRB 3/2020 tentang manajemen talenta: kotak 7-9",
        2,
    ),
    (
        "praktik-baik",
        "Praktik baik inovasi pelayanan yang dikurasi",
        "praktik",
        "forum_practices",
        "Perpustakaan praktik baik forum ASN",
        3,
    ),
    (
        "indeks-kesiapan",
        "Indeks kesiapan perubahan ASN",
        "indeks",
        "engagement_readiness",
        "Survei kesiapan manajemen perubahan (0-100)",
        4,
    ),
    (
        "dana-mitra",
        "Persentase biaya pelatihan yang didanai mitra",
        "%",
        "funding_partner_share",
        "Sponsor terealisasi / (realisasi APBD + sponsor terealisasi)",
        5,
    ),
    (
        "ikm",
        "Indeks Kepuasan Masyarakat (IKM) layanan kepegawaian",
        "nilai",
        "portal_ikm",
        IKM_NOTE,
        6,
    ),
]


def seed_reference_data(get_model: Any) -> None:
    Indicator = get_model("policy", "Indicator")
    for code, name, unit, source, note, order in INDICATORS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "source": source,
                "source_note": note,
                "order": order,
            },
        )
