from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from penata.planning import services
from penata.planning.demo import seed_planning
from penata.planning.models import AnalysisRun, JobTask

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_planning_once() -> None:
    out = io.StringIO()
    call_command("seed-demo", employees=300, seed=3, today=dt.date(2026, 6, 1), stdout=out)
    assert "Perencanaan:" in out.getvalue()
    run = AnalysisRun.objects.get()
    assert run.needed > run.in_post > 0  # the city needs more than it has
    tasks = JobTask.objects.count()
    assert seed_planning(seed=3).skipped
    assert JobTask.objects.count() == tasks
    proposal = services.proposal_generate(actor=None, title="Demo")
    assert proposal.stats["optimal"]["covered"] >= proposal.stats["greedy"]["covered"]
