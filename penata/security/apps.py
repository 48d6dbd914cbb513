from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "penata.security"
    label = "security"
    verbose_name = _("Keamanan akun")

    def ready(self) -> None:
        from penata.security import checks, signals  # noqa: F401
