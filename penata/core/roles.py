"""Roles and what each may do: the one place that decides access (deny by default).

A role grants a set of :class:`Perm` capabilities. Views declare the capability they need with
:func:`penata.core.access.require`; querysets narrow rows with the ``*_visible_to(user)``
selectors. A capability that no role lists is granted to nobody.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    BKPP = "bkpp", _("Petugas BKPP")
    OPD_OPERATOR = "opd_operator", _("Operator OPD")
    SUPERVISOR = "supervisor", _("Atasan langsung")
    EMPLOYEE = "employee", _("Pegawai (ASN)")
    TALENT_COMMITTEE = "talent_committee", _("Tim penilai kinerja (Baperjakat)")
    POLICY_TEAM = "policy_team", _("Tim kebijakan")
    RESEARCHER = "researcher", _("Peneliti")
    PARTNER = "partner", _("Mitra")


class Perm(models.TextChoices):
    """Capabilities. Named ``<area>.<verb>``; the interface label is for the role page."""

    DASHBOARD_VIEW = "dashboard.view", _("Melihat dasbor")
    PROFILE_MANAGE = "profile.manage", _("Mengelola profil dan token API sendiri")
    TASK_VIEW_OWN = "task.view_own", _("Melihat kemajuan tugas latar sendiri")
    AUDIT_VIEW = "audit.view", _("Melihat log audit")
    AUDIT_EXPORT = "audit.export", _("Mengekspor log audit")
    ADMIN_SITE = "admin.site", _("Membuka admin Django")
    USER_MANAGE = "user.manage", _("Mengelola akun pengguna")


_EVERY_ACCOUNT = {Perm.DASHBOARD_VIEW, Perm.PROFILE_MANAGE, Perm.TASK_VIEW_OWN}

ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset(
        _EVERY_ACCOUNT | {Perm.AUDIT_VIEW, Perm.AUDIT_EXPORT, Perm.ADMIN_SITE, Perm.USER_MANAGE}
    ),
    Role.BKPP: frozenset(_EVERY_ACCOUNT),
    Role.OPD_OPERATOR: frozenset(_EVERY_ACCOUNT),
    Role.SUPERVISOR: frozenset(_EVERY_ACCOUNT),
    Role.EMPLOYEE: frozenset(_EVERY_ACCOUNT),
    Role.TALENT_COMMITTEE: frozenset(_EVERY_ACCOUNT),
    Role.POLICY_TEAM: frozenset(_EVERY_ACCOUNT),
    Role.RESEARCHER: frozenset(_EVERY_ACCOUNT),
    Role.PARTNER: frozenset(_EVERY_ACCOUNT),
}
