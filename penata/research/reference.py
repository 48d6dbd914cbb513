"""Reference data: the policy topics research outputs link to.

A stand-in for the policy workspace's items (built separately): the topics follow the areas of
the city's penataan ASN policy; an administrator may add more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

POLICY_TOPICS: list[tuple[str, str]] = [
    ("pengembangan-kompetensi", "Pengembangan kompetensi ASN (20 JP per tahun)"),
    ("sistem-merit", "Sistem merit: manajemen talenta, promosi dan suksesi"),
    ("manajemen-kinerja", "Manajemen kinerja (SKP dan predikat)"),
    ("manajemen-perubahan", "Manajemen perubahan dan kesiapan ASN"),
    ("perencanaan-kebutuhan", "Perencanaan kebutuhan dan redistribusi ASN"),
    ("pendanaan-pelatihan", "Pendanaan dan kemitraan pelatihan"),
    ("pelayanan-publik", "Kualitas pelayanan publik (IKM)"),
]


def seed_reference_data(get_model: Callable[[str, str], Any]) -> None:
    topic = get_model("research", "PolicyTopic")
    for order, (code, title) in enumerate(POLICY_TOPICS):
        topic.objects.get_or_create(code=code, defaults={"title": title, "order": order})
