"""Builders for the policy tests: a document with versions and an open consultation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from penata.policy import services
from penata.policy.models import Consultation, PolicyDocument

DRAFT_V1 = """# Ketentuan umum

ASN wajib mengikuti pengembangan kompetensi 20 JP setahun.

## Pelaksanaan

BKPP menyusun rencana pelatihan tahunan.
"""

DRAFT_V2 = """# Ketentuan umum

ASN wajib mengikuti pengembangan kompetensi 24 JP setahun.

## Pelaksanaan

BKPP menyusun rencana pelatihan tahunan.
OPD melaporkan capaian setiap triwulan.
"""


def document(
    actor: Any, *, title: str = "Rancangan Perwal Pengembangan Kompetensi"
) -> PolicyDocument:
    doc = services.document_create(actor=actor, title=title, body=DRAFT_V1)
    services.version_create(actor=actor, document=doc, body=DRAFT_V2, note="JP dinaikkan")
    return doc


def consultation(actor: Any, doc: PolicyDocument | None = None, **kw: Any) -> Consultation:
    doc = doc or document(actor)
    today = timezone.localdate()
    return services.consultation_open(
        actor=actor,
        version=doc.versions.order_by("-number").first(),  # type: ignore[arg-type]
        title=kw.pop("title", "Konsultasi rancangan Perwal"),
        opens_on=kw.pop("opens_on", today - dt.timedelta(days=1)),
        closes_on=kw.pop("closes_on", today + dt.timedelta(days=14)),
    )
