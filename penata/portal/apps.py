from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "penata.portal"
    label = "portal"
    verbose_name = _("Portal publik")

    def ready(self) -> None:
        from penata.portal.sections import register_builtin_sections

        register_builtin_sections()
