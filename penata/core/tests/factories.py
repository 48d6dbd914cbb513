from __future__ import annotations

from typing import Any

import factory

from penata.core.models import User
from penata.core.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    role = Role.EMPLOYEE

    @factory.post_generation
    def password(obj: Any, create: bool, extracted: str | None, **kwargs: Any) -> None:
        obj.set_password(extracted or "uji-kata-sandi-2026")
        if create:
            obj.save()
