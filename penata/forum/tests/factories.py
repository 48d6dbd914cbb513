"""factory_boy factories for the forum; posts go through the services where rendering matters.

cat = CategoryFactory()                      # a topic category
thread = make_thread(author=user, title="Antrean KTP", body="Bagaimana…")
"""

from __future__ import annotations

from typing import Any

import factory

from penata.core.roles import Role
from penata.core.tests.factories import UserFactory
from penata.forum import rules
from penata.forum.models import Category, CategoryKind, Post, Practice, Thread
from penata.workforce.tests.factories import EmployeeFactory, OrgUnitFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategori Uji {n}")
    slug = factory.Sequence(lambda n: f"kategori-uji-{n}")
    kind = CategoryKind.TOPIC


def asn(username: str, role: str = Role.EMPLOYEE, **kwargs: Any) -> Any:
    """An account linked to an employee record (so it can earn JP)."""
    emp = kwargs.pop("employee", None) or EmployeeFactory(**kwargs)
    return UserFactory(username=username, role=role, employee=emp)


def make_thread(
    *,
    author: Any,
    title: str = "Pertanyaan uji",
    body: str = "Isi pertanyaan.",
    category: Category | None = None,
    **extra: Any,
) -> Thread:
    """A thread with its first post, written directly (no rate limit, no audit)."""
    from django.utils import timezone

    category = category or CategoryFactory()
    thread = Thread.objects.create(
        category=category, title=title, author=author, last_post_at=timezone.now(), **extra
    )
    Post.objects.create(
        thread=thread,
        author=author,
        body=body,
        body_html=rules.render_markdown(body),
        search_text=rules.index_text(title, body),
        is_first=True,
    )
    return thread


def make_post(*, thread: Thread, author: Any, body: str = "Balasan uji.", **extra: Any) -> Post:
    return Post.objects.create(
        thread=thread,
        author=author,
        body=body,
        body_html=rules.render_markdown(body),
        search_text=rules.index_text(body),
        **extra,
    )


def practice_data(**overrides: Any) -> dict[str, Any]:
    topic = overrides.pop("topic", None) or Category.objects.get(slug="pelayanan-publik")
    opd = overrides.pop("opd", None) or OrgUnitFactory()
    data = {
        "title": "Antrean daring perekaman KTP-el",
        "topic": topic,
        "opd": opd,
        "problem": "Warga antre sejak subuh untuk perekaman KTP-el di kecamatan.",
        "practice": "Pelayanan antrean daring lewat WhatsApp dengan kuota per jam.",
        "result": "Waktu tunggu turun dari 3 jam menjadi 25 menit.",
        "evidence": "Rekap antrean Januari–Maret 2026; survei kepuasan 4,5 dari 5.",
        "contact_name": "Dewi Lestari",
        "contact_info": "dewi@semarangkota.go.id",
    }
    data.update(overrides)
    return data


def make_practice(*, submitted_by: Any, status: str = "submitted", **overrides: Any) -> Practice:
    data = practice_data(**overrides)
    p = Practice(submitted_by=submitted_by, status=status, **data)
    p.search_text = rules.index_text(p.title, p.problem, p.practice, p.result, p.evidence)
    p.save()
    return p
