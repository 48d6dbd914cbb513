"""Demo accounts, one per role, for ``make demo`` and the README."""

from __future__ import annotations

from penata.core import services
from penata.core.models import User
from penata.core.roles import Role

DEMO_PASSWORD = "semarang-demo-2026"

DEMO_USERS: list[tuple[str, Role, str, str]] = [
    ("admin", Role.ADMINISTRATOR, "Admin", "Penata"),
    ("bkpp", Role.BKPP, "Sri", "Wahyuni"),
    ("operator", Role.OPD_OPERATOR, "Bagus", "Prasetyo"),
    ("atasan", Role.SUPERVISOR, "Hendra", "Kurniawan"),
    ("pegawai", Role.EMPLOYEE, "Dewi", "Lestari"),
    ("baperjakat", Role.TALENT_COMMITTEE, "Agus", "Santoso"),
    ("kebijakan", Role.POLICY_TEAM, "Rina", "Susanti"),
    ("peneliti", Role.RESEARCHER, "Andi", "Nugroho"),
    ("mitra", Role.PARTNER, "Yohanes", "Wibowo"),
]


def ensure_demo_users(*, password: str = DEMO_PASSWORD) -> list[User]:
    """Create the demo users that do not exist yet and reset every demo password."""
    users = []
    for username, role, first, last in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.user_create(
                actor=None,
                username=username,
                password=password,
                role=role,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.penata.local",
                validate=False,
            )
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        users.append(user)
    return users
