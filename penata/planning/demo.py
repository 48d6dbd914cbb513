"""Demo data of workforce planning: a job analysis (qualification requirements and 5–15
tasks) for every position, sized so the city needs about 1.5 × its staff in post (Semarang:
~22,000 needed against ~15,000, ``docs/regulations.md``) with surplus and shortage spread
unevenly, then one ABK run. Set-based (bulk_create); skipped when tasks exist."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from penata.planning.models import JobProfile, JobTask
from penata.planning.services import active_employees, analysis_compute
from penata.workforce.models import EducationLevel, Position, Rank

OUTPUTS = ["dokumen", "laporan", "berkas", "kegiatan", "layanan", "rekaman data", "surat"]
VERBS = [
    "Menyusun",
    "Memverifikasi",
    "Mengolah",
    "Melayani",
    "Mengarsipkan",
    "Menganalisis",
    "Memantau",
    "Mengoordinasikan",
    "Menginput",
    "Mengevaluasi",
    "Menyiapkan",
    "Memeriksa",
]
OBJECTS = [
    "usulan kegiatan",
    "data kepegawaian",
    "permohonan layanan",
    "laporan keuangan",
    "surat masuk",
    "bahan rapat",
    "data aset",
    "pengaduan masyarakat",
    "dokumen perencanaan",
    "hasil pemeriksaan",
]
# Workload ÷ staff in post, drawn per position (mean ≈ 1.45).
FACTORS = [0.5, 0.7, 0.9, 1.0, 1.0, 1.2, 1.5, 1.8, 2.0, 2.5, 3.0]
MINUTES = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240]
EFFECTIVE = 75_000


@dataclass
class PlanningSeedResult:
    skipped: bool = False
    profiles: int = 0
    tasks: int = 0
    needed: int = 0
    in_post: int = 0
    seconds: float = 0.0


def seed_planning(*, seed: int, today: dt.date | None = None) -> PlanningSeedResult:
    started = time.perf_counter()
    result = PlanningSeedResult()
    if JobTask.objects.exists() or not Position.objects.exists():
        result.skipped = True
        return result
    rng = random.Random(f"planning-{seed}")  # noqa: S311 (synthetic data, reproducible)
    staff = dict(
        active_employees()
        .exclude(position_id=None)
        .values("position_id")
        .annotate(n=Count("id"))
        .values_list("position_id", "n")
    )
    pns = {r.code: r for r in Rank.objects.filter(kind="pns")}
    edu = {e.code: e for e in EducationLevel.objects.all()}
    min_rank = {"pengawas": pns.get("III/b"), "administrator": pns.get("III/d")}
    min_edu = {
        "fungsional": edu.get("s1"),
        "pengawas": edu.get("s1"),
        "administrator": edu.get("s1"),
    }
    profiles: list[JobProfile] = []
    tasks: list[JobTask] = []
    for pk, kind, formasi in Position.objects.values_list("pk", "kind", "formasi").order_by("pk"):
        profiles.append(
            JobProfile(
                position_id=pk,
                min_rank=min_rank.get(kind),
                min_education=min_edu.get(kind),
                qualification="Contoh (demo): syarat jabatan menurut peta jabatan.",
            )
        )
        n = staff.get(pk, 0)
        base = n if n else max(1, formasi)
        target = base * rng.choice(FACTORS) + rng.uniform(-0.3, 0.3)
        total = max(0.2, target) * EFFECTIVE
        k = rng.randint(5, 15)
        weights = [rng.random() + 0.2 for _ in range(k)]
        scale = total / sum(weights)
        names: set[str] = set()
        for w in weights:
            name = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            while name in names:
                name += " (lanjutan)"
            names.add(name)
            minutes = rng.choice(MINUTES)
            volume = max(1, round(w * scale / minutes))
            tasks.append(
                JobTask(
                    position_id=pk,
                    name=name,
                    output_unit=rng.choice(OUTPUTS),
                    volume=Decimal(volume),
                    minutes=Decimal(minutes),
                )
            )
    with transaction.atomic():
        JobProfile.objects.bulk_create(profiles, batch_size=2000)
        JobTask.objects.bulk_create(tasks, batch_size=5000)
    run = analysis_compute(actor=None)
    result.profiles = len(profiles)
    result.tasks = len(tasks)
    result.needed = run.needed
    result.in_post = run.in_post
    result.seconds = time.perf_counter() - started
    return result
