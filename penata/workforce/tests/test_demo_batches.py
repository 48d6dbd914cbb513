"""A national-size seed (``seed_demo`` above ``demo.BATCH``): the first batch generated in full,
the rest resampled from it in chunks with fresh identities; the same invariants as the city
(unique NIP/NIK/e-mail, NIPs that agree with the record, one holder per structural post).
Tested with small batch sizes."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command

from penata.core.models import User
from penata.performance.models import AppraisalPeriod
from penata.workforce import demo, rules
from penata.workforce.models import Employee, PositionHistory, RankHistory

TODAY = dt.date(2026, 6, 15)

pytestmark = pytest.mark.django_db


def test_batches_write_every_person_once_with_unique_identities(monkeypatch) -> None:
    monkeypatch.setattr(demo, "BATCH", 250)
    monkeypatch.setattr(demo, "RESAMPLE_CHUNK", 200)
    seen: list[tuple[int, int]] = []
    result = demo.seed_demo(
        employees=700, seed=5, today=TODAY, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(250, 700), (450, 700), (650, 700), (700, 700)]
    assert result.employees == Employee.objects.count() == 700
    nips = list(Employee.objects.values_list("nip", flat=True))
    assert len(set(nips)) == 700
    emails = [e for e in Employee.objects.values_list("email", flat=True) if e]
    assert len(set(emails)) == len(emails)
    niks = [n for n in Employee.objects.values_list("nik", flat=True) if n]
    assert len(set(niks)) == len(niks)
    # every NIP still agrees with the record (birth date, gender) in the resampled rows too
    for e in Employee.objects.filter(employment_type="pns").order_by("-pk")[:100]:
        parsed = rules.parse_nip(e.nip, e.employment_type, today=TODAY)
        assert parsed.birth_date == e.birth_date
        assert str(parsed.gender) == e.gender
    # everyone has a position and history; resampled people are staff (no second Kepala Dinas)
    assert not Employee.objects.filter(position=None).exists()
    assert RankHistory.objects.count() == result.rank_history
    assert PositionHistory.objects.values("employee").distinct().count() == 700
    heads = Counter(
        Employee.objects.filter(position__kind="jpt_pratama").values_list("position", flat=True)
    )
    assert all(n == 1 for n in heads.values())
    assert sum(result.counts["employment_type"].values()) == 700
    assert User.objects.filter(username="pegawai").exclude(employee=None).exists()


def test_large_seed_command_loads_the_workforce_only(monkeypatch) -> None:
    monkeypatch.setattr(demo, "BATCH", 200)
    monkeypatch.setattr(demo, "RESAMPLE_CHUNK", 200)
    out, err = io.StringIO(), io.StringIO()
    call_command("seed-demo", employees=450, seed=3, today=TODAY, stdout=out, stderr=err)
    assert "450 pegawai dibuat" in out.getvalue()
    assert "450 / 450 pegawai ditulis" in err.getvalue()
    assert not AppraisalPeriod.objects.exists()  # the domain demo data is skipped
    assert "operator" in out.getvalue()  # the demo logins are still printed


def test_workforce_only_flag_at_city_size() -> None:
    out = io.StringIO()
    call_command("seed-demo", employees=120, seed=3, today=TODAY, workforce_only=True, stdout=out)
    assert "120 pegawai dibuat" in out.getvalue()
    assert not AppraisalPeriod.objects.exists()


def test_email_numbering_matches_counting_up() -> None:
    """The remembered next number gives the same addresses as counting up from 2."""
    gen = demo.Generator.__new__(demo.Generator)
    gen.emails = set()
    gen._email_next = {}
    birth = dt.date(1985, 3, 1)
    got = [gen._email("Sri", "Wahyuni", birth) for _ in range(5)]
    local = "sri.wahyuni"
    dom = demo.EMAIL_DOMAIN
    assert got == [
        f"{local}@{dom}",
        f"{local}85@{dom}",
        f"{local}2@{dom}",
        f"{local}3@{dom}",
        f"{local}4@{dom}",
    ]
