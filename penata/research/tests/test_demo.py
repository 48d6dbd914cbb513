"""The demo seeding of research partnerships: institutions, requests, a release, outputs."""

from __future__ import annotations

import datetime as dt

import pytest

from penata.core.demo import ensure_demo_users
from penata.research import demo
from penata.research.models import DataRequest, Output, Release
from penata.research.tests import world


@pytest.mark.django_db
def test_seed_research_is_populated_and_idempotent() -> None:
    ensure_demo_users()
    units = world.opds(2)
    emps = world.people(40, units, seed=2)
    world.rate(emps, 2024, lambda e: "baik")
    world.rate(emps, 2025, lambda e: "baik")
    result = demo.seed_research(seed=1, today=dt.date(2026, 3, 1))
    assert not result.skipped and result.requests == 3 and result.outputs == 2
    assert Release.objects.get().status == "ready"
    statuses = sorted(DataRequest.objects.values_list("status", flat=True))
    assert statuses == ["approved", "approved", "submitted"]
    assert Output.objects.filter(status="published").count() == 1
    assert "lembaga mitra" in demo.describe(result)
    assert demo.seed_research(seed=1, today=dt.date(2026, 3, 1)).skipped


@pytest.mark.django_db
def test_seed_research_links_the_policy_demo_documents() -> None:
    """``seed-demo`` runs the policy demo first; the outputs then inform its documents."""
    from penata.policy import demo as policy_demo

    ensure_demo_users()
    today = dt.date(2026, 3, 1)
    assert not policy_demo.seed_policy(seed=1, today=today).skipped
    assert not demo.seed_research(seed=1, today=today).skipped
    links = {
        o.title: [d.title for d in o.policy_documents.all()]
        for o in Output.objects.prefetch_related("policy_documents")
    }
    assert links == {
        "Pelatihan dan kinerja ASN Kota Semarang: temuan awal": [policy_demo.PERWAL_TITLE],
        "Catatan metodologi rilis data berpseudonim": [policy_demo.TALENT_TITLE],
    }
