"""Two replies sent at the same moment by one author cannot both slip under the rate limit: the
author's row is locked while counting (PostgreSQL; SQLite serialises writers anyway)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from penata.core.tests.factories import UserFactory
from penata.forum import services
from penata.forum.models import ForumSettings, Post
from penata.forum.services import ForumError
from penata.forum.tests.factories import CategoryFactory, asn, make_thread

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_replies_respect_the_rate_limit() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers (IMMEDIATE)")
    ForumSettings.objects.update_or_create(pk=1, defaults={"rate_limit_posts": 1})
    ani = asn("ani_race")
    t = make_thread(author=UserFactory(), category=CategoryFactory())
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def reply(i: int) -> None:
        try:
            barrier.wait()
            services.post_reply(actor=ani, thread=t, body=f"Balasan serentak {i}")
            outcomes.append("ok")
        except ForumError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    workers: list[Any] = [threading.Thread(target=reply, args=(i,)) for i in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sorted(outcomes) == ["ok", "rate_limited", "rate_limited", "rate_limited"]
    assert Post.objects.filter(author=ani).count() == 1
