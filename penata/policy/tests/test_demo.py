"""The policy demo data: written through the services, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from penata.core.demo import ensure_demo_users
from penata.core.models import AuditEvent
from penata.policy import demo, selectors
from penata.policy.models import Comment, CommentStatus, PolicyDocument


@pytest.mark.django_db
def test_seed_policy_populates_and_is_idempotent() -> None:
    ensure_demo_users()
    today = dt.date.today()
    result = demo.seed_policy(seed=1, today=today)
    assert not result.skipped
    assert (result.documents, result.versions, result.comments, result.activities) == (2, 4, 9, 10)
    assert result.targets == 24
    statuses = dict(PolicyDocument.objects.values_list("slug", "status"))
    assert sorted(statuses.values()) == ["adopted", "consultation"]
    assert Comment.objects.filter(status=CommentStatus.UNCONFIRMED).count() == 1
    assert Comment.objects.filter(status=CommentStatus.REJECTED).count() == 1
    assert len(selectors.open_consultations(today)) == 1
    assert AuditEvent.objects.filter(action__startswith="policy.").count() > 50
    assert demo.seed_policy(seed=1, today=today).skipped
    assert PolicyDocument.objects.count() == 2


@pytest.mark.django_db
def test_seed_policy_with_a_reference_date_in_the_past() -> None:
    ensure_demo_users()
    result = demo.seed_policy(seed=7, today=dt.date(2026, 6, 15))
    assert result.comments == 9
    assert len(selectors.open_consultations(dt.date(2026, 6, 15))) == 1
