from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "penata.talent"
    verbose_name = _("Manajemen talenta")
