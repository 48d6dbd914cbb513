"""Demo data for change management: a running campaign with announcements and materials,
three events with invitations and check-ins, an ADKAR survey with two closed waves and an open
one, champions and follow-ups for the hot spots. Set-based (bulk inserts), a few seconds for
15,000 employees; skipped when a campaign exists.

OPDs get a synthetic readiness level that rises from wave to wave; attendance follows
readiness loosely, so some OPDs come out as hot spots.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from penata.core.models import User
from penata.core.roles import Role
from penata.engagement import rules, selectors, services
from penata.engagement.models import (
    AnsweredMarker,
    Attendance,
    Campaign,
    Champion,
    FollowUpAction,
    FollowUpStatus,
    Material,
    SurveyResponse,
    SurveyWave,
    WaveStatus,
)
from penata.workforce.models import Employee, EmployeeStatus, OrgUnit

RESPONSE_SHARE = 0.25
DIM_OFFSET = {
    "awareness": 0.5,
    "desire": 0.1,
    "knowledge": 0.0,
    "ability": -0.3,
    "reinforcement": -0.4,
}


@dataclass
class EngagementSeedResult:
    skipped: bool = False
    events: int = 0
    invitations: int = 0
    attendances: int = 0
    responses: int = 0
    champions: int = 0
    hot_spots: int = 0
    seconds: float = 0.0


def _likert(rng: random.Random, centre: float) -> int:
    return max(1, min(5, round(rng.gauss(centre, 0.8))))


@transaction.atomic
def seed_engagement(*, seed: int, today: dt.date) -> EngagementSeedResult:
    started = time.perf_counter()
    result = EngagementSeedResult()
    owner = User.objects.filter(role=Role.BKPP).order_by("pk").first()
    if Campaign.objects.exists() or owner is None or not Employee.objects.exists():
        result.skipped = True
        return result
    rng = random.Random(f"engagement-{seed}")  # noqa: S311 (synthetic data, reproducible)
    opds = list(OrgUnit.objects.filter(opd_id=F("pk")).order_by("pk").values_list("pk", "name"))
    base = {pk: rng.uniform(2.8, 4.4) for pk, _n in opds}
    people = list(
        Employee.objects.filter(status=EmployeeStatus.AKTIF).values_list(
            "pk", "org_unit_id", "org_unit__opd_id"
        )
    )
    by_opd: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, unit_id, opd_id in people:
        by_opd[opd_id or unit_id].append((pk, unit_id))

    # --- campaign, announcements, materials ---------------------------------------------------
    campaign = services.campaign_create(
        actor=owner,
        topic="Penataan ASN Kota Semarang 2026",
        message=(
            "Penataan ASN menata kompetensi, sistem merit dan penempatan agar pelayanan kepada "
            "warga makin baik. Ikuti sosialisasi, baca materi, dan isi survei kesiapan."
        ),
        starts_on=today - dt.timedelta(days=200),
        ends_on=today + dt.timedelta(days=120),
    )
    services.announcement_publish(
        actor=owner,
        campaign=campaign,
        title="Town hall penataan ASN bersama Wali Kota",
        body="Saksikan rekaman town hall dan isi survei kesiapan gelombang ketiga minggu ini.",
    )
    services.announcement_publish(
        actor=owner,
        campaign=campaign,
        title="Agen perubahan di setiap OPD",
        body="Setiap OPD menunjuk agen perubahan sebagai tempat bertanya tentang cara kerja baru.",
    )
    Material.objects.bulk_create(
        [
            Material(
                campaign=campaign,
                kind="link",
                title="Ringkasan kebijakan penataan ASN",
                url="https://bkpp.semarangkota.go.id/",
            ),
            Material(
                campaign=campaign,
                kind="link",
                title="Tanya-jawab sistem merit",
                url="https://www.menpan.go.id/",
            ),
        ]
    )

    # --- events, invitations, attendance --------------------------------------------------
    now = timezone.now()
    opd_ids = [pk for pk, _n in opds]
    plans = [
        ("Town hall penataan ASN", "town_hall", "online", "Zoom Pemkot", [], 170),
        ("Sosialisasi sistem merit", "sosialisasi", "onsite", "Balai Kota", opd_ids[::2], 120),
        ("Lokakarya cara kerja baru", "workshop", "onsite", "BKPP", opd_ids[1::3], 60),
    ]
    for title, kind, mode, place, targets, days_ago in plans:
        start = now - dt.timedelta(days=days_ago)
        ev = services.event_create(
            actor=owner,
            campaign=campaign,
            title=title,
            kind=kind,
            mode=mode,
            location=place,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
            target_unit_ids=targets,
        )
        result.events += 1
        result.invitations += services.event_invite(actor=owner, event=ev)
        rows = []
        for opd_id, members in by_opd.items():
            if targets and opd_id not in targets:
                continue
            p = max(0.05, min(0.95, (base.get(opd_id, 3.0) - 2.0) / 2.2))
            for emp_id, unit_id in members:
                if rng.random() < p:
                    rows.append(
                        Attendance(
                            event=ev,
                            employee_id=emp_id,
                            org_unit_id=unit_id,
                            opd_id=opd_id,
                            checked_in_at=start + dt.timedelta(minutes=rng.randint(0, 40)),
                        )
                    )
        Attendance.objects.bulk_create(rows, batch_size=2000)
        result.attendances += len(rows)

    # --- survey and waves ---------------------------------------------------------------------
    survey = services.survey_create(
        actor=owner,
        title="Kesiapan penataan ASN",
        description="15 pernyataan, ±3 menit. Jawaban tanpa nama.",
        campaign=campaign,
    )
    items = list(survey.items.values_list("pk", "dimension"))
    windows = [(190, 176), (100, 86), (2, -12)]
    for number, (open_ago, close_ago) in enumerate(windows, start=1):
        wave = SurveyWave.objects.create(
            survey=survey,
            number=number,
            opens_on=today - dt.timedelta(days=open_ago),
            closes_on=today - dt.timedelta(days=close_ago),
            status=WaveStatus.CLOSED if close_ago > 0 else WaveStatus.OPEN,
        )
        if close_ago <= 0:
            continue
        responses, markers = [], []
        for opd_id, members in by_opd.items():
            centre = base.get(opd_id, 3.0) + 0.25 * (number - 1)
            for emp_id, _unit in members:
                if rng.random() >= RESPONSE_SHARE:
                    continue
                answers = {pk: _likert(rng, centre + DIM_OFFSET[dim]) for pk, dim in items}
                means = rules.dimension_means(answers, dict(items))
                responses.append(
                    SurveyResponse(
                        wave=wave,
                        opd_id=opd_id,
                        answers={str(k): v for k, v in answers.items()},
                        **means,
                    )
                )
                markers.append(AnsweredMarker(wave=wave, employee_id=emp_id))
        rng.shuffle(responses)
        SurveyResponse.objects.bulk_create(responses, batch_size=2000)
        AnsweredMarker.objects.bulk_create(markers, batch_size=2000)
        result.responses += len(responses)

    # --- champions and follow-ups -----------------------------------------------------------
    champions = []
    for opd_id, members in by_opd.items():
        if members and rng.random() < 0.7:
            for emp_id, _unit in rng.sample(members, min(len(members), rng.choice([1, 2]))):
                champions.append(
                    Champion(
                        opd_id=opd_id,
                        employee_id=emp_id,
                        appointed_on=today - dt.timedelta(days=150),
                    )
                )
    Champion.objects.bulk_create(champions)
    result.champions = len(champions)
    last = selectors.closed_waves().last()
    spots = [h for h in selectors.hot_spots(owner, last) if h.hot]
    result.hot_spots = len(spots)
    actions = []
    for n, h in enumerate(spots[:8]):
        kind = h.suggestions[0] if h.suggestions else "targeted_session"
        done = n % 2 == 1
        actions.append(
            FollowUpAction(
                opd_id=h.opd_id,
                wave=last,
                kind=kind,
                description=f"Tindak lanjut titik rawan {h.name}",
                due_on=today + dt.timedelta(days=30 - 10 * n),
                status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
                done_at=now if done else None,
                done_note="Sesi terarah sudah dilaksanakan." if done else "",
                created_by=owner,
            )
        )
    FollowUpAction.objects.bulk_create(actions)
    result.seconds = time.perf_counter() - started
    return result
