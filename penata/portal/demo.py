"""Demo data for the public portal: complaints to a spread of service units (the demo operator's
OPD among them) in every status, some past their deadline; survey answers (IKM) for a dozen
units over two semesters, units of different quality, and one unit with too few respondents to
publish. Synthetic text only, no person's data. Skipped when a complaint exists.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from penata.core.models import User
from penata.portal import rules
from penata.portal.models import (
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    IkmResponse,
    PortalSettings,
)
from penata.workforce.models import OPD_KINDS, OrgUnit

SUBJECTS = [
    (
        "Antrean layanan terlalu lama",
        "Saya menunggu lebih dari tiga jam di loket pelayanan tanpa kepastian nomor antrean.",
    ),
    (
        "Persyaratan berubah-ubah",
        "Petugas meminta dokumen yang tidak tercantum dalam standar pelayanan di papan informasi.",
    ),
    (
        "Jalan berlubang belum diperbaiki",
        "Laporan jalan berlubang di dekat kantor kelurahan belum ditindaklanjuti sejak bulan lalu.",
    ),
    (
        "Petugas ramah dan cepat",
        "Terima kasih, pengurusan surat keterangan selesai dalam satu hari.",
    ),
    (
        "Situs layanan daring sering galat",
        "Formulir pendaftaran daring gagal dikirim berulang kali pada jam kerja.",
    ),
    (
        "Informasi biaya tidak jelas",
        "Tidak ada informasi tarif retribusi yang terpampang di ruang pelayanan.",
    ),
    ("Ruang tunggu kurang kursi", "Ruang tunggu penuh dan banyak warga lanjut usia harus berdiri."),
    ("Saran jam layanan Sabtu", "Mohon dibuka layanan pada hari Sabtu untuk warga yang bekerja."),
]
RESPONSES = {
    ComplaintStatus.DIPROSES: "Aduan sedang kami periksa bersama unit pelayanan terkait.",
    ComplaintStatus.SELESAI: "Sudah kami tindak lanjuti; petugas loket ditambah pada jam sibuk.",
    ComplaintStatus.DITOLAK: (
        "Aduan di luar kewenangan unit ini; silakan sampaikan ke instansi vertikal terkait."
    ),
}


@dataclass
class PortalSeedResult:
    skipped: bool = False
    complaints: int = 0
    overdue: int = 0
    ikm_responses: int = 0
    units_with_ikm: int = 0
    seconds: float = 0.0


def _service_units() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(kind__in=OPD_KINDS, is_active=True).order_by("path"))


@transaction.atomic
def seed_portal(*, seed: int, today: dt.date | None = None) -> PortalSeedResult:
    started = time.perf_counter()
    result = PortalSeedResult()
    if Complaint.objects.exists():
        result.skipped = True
        return result
    rng = random.Random(seed + 1101)  # noqa: S311 (synthetic data, reproducible)
    units = _service_units()
    if not units:
        result.skipped = True
        return result
    cfg = PortalSettings.current()
    now = (
        timezone.now()
        if today is None
        else timezone.make_aware(dt.datetime.combine(today, dt.time(10, 0)))
    )
    operator = User.objects.filter(username="operator").select_related("org_unit").first()
    own_units = (
        list(OrgUnit.objects.filter(path__startswith=operator.org_unit.path))
        if operator is not None and operator.org_unit is not None
        else []
    )
    complaints: list[Complaint] = []
    created: list[dt.datetime] = []
    for i in range(60):
        unit = rng.choice(own_units) if own_units and i % 5 == 0 else rng.choice(units)
        subject, body = rng.choice(SUBJECTS)
        age_days = rng.randint(0, 60)
        at = now - dt.timedelta(days=age_days, hours=rng.randint(0, 8))
        status = rng.choices(list(ComplaintStatus), weights=[3, 3, 5, 1])[0]
        c = Complaint(
            tracking_code=rules.new_tracking_code(),
            kind=ComplaintKind.APRESIASI
            if "Terima kasih" in body
            else rng.choice(
                [ComplaintKind.PENGADUAN, ComplaintKind.PENGADUAN, ComplaintKind.SARAN]
            ),
            org_unit=unit,
            opd_id=unit.opd_id or unit.pk,
            subject=subject,
            body=body,
            status=status,
            due_at=at + dt.timedelta(days=cfg.complaint_sla_days),
            response=RESPONSES.get(status, ""),
        )
        if status in (ComplaintStatus.SELESAI, ComplaintStatus.DITOLAK):
            c.closed_at = min(now, at + dt.timedelta(days=rng.randint(1, 20)))
            c.first_response_at = c.closed_at
        elif status == ComplaintStatus.DIPROSES:
            c.first_response_at = min(now, at + dt.timedelta(days=rng.randint(0, 5)))
        complaints.append(c)
        created.append(at)
    Complaint.objects.bulk_create(complaints)
    for c, at in zip(complaints, created, strict=True):
        c.created_at = at
    Complaint.objects.bulk_update(complaints, ["created_at"])
    result.complaints = len(complaints)
    result.overdue = sum(
        1
        for c in complaints
        if rules.is_overdue(status=c.status, due_at=c.due_at, closed_at=c.closed_at, now=now)
    )

    # IKM: a dozen units, two semesters; each unit has its own quality level.
    today = now.date()
    this = rules.period_of(today)
    prev = rules.period_of(today - dt.timedelta(days=183))
    ikm_units = rng.sample(units, min(12, len(units)))
    if own_units and own_units[0] not in ikm_units:
        ikm_units[0] = own_units[0]
    responses: list[IkmResponse] = []
    codes = rules.element_codes()
    for idx, unit in enumerate(ikm_units):
        level = rng.uniform(2.4, 3.8)
        for period, size in ((prev, rng.randint(25, 60)), (this, rng.randint(20, 70))):
            if idx == len(ikm_units) - 1 and period == this:
                size = 3  # too few to publish: shown as "<5"
            for _n in range(size):
                scores = {
                    c: max(1, min(4, round(rng.gauss(level + (0.3 if c == "u7" else 0), 0.6))))
                    for c in codes
                }
                responses.append(
                    IkmResponse(
                        org_unit=unit,
                        opd_id=unit.opd_id or unit.pk,
                        period=period,
                        suggestion=rng.choice(
                            [
                                "",
                                "",
                                "",
                                "Mohon tambah loket.",
                                "Pelayanan sudah baik.",
                                "Perjelas informasi persyaratan.",
                            ]
                        ),
                        **scores,
                    )
                )
    IkmResponse.objects.bulk_create(responses, batch_size=500)
    result.ikm_responses = len(responses)
    result.units_with_ikm = len(ikm_units)
    result.seconds = time.perf_counter() - started
    return result


def describe(result: PortalSeedResult) -> str:
    return (
        f"Portal publik: {result.complaints} aduan ({result.overdue} melewati batas waktu), "
        f"{result.ikm_responses} jawaban survei IKM untuk {result.units_with_ikm} unit "
        f"({result.seconds:.1f} detik)."
    )
