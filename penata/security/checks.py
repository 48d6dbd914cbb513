"""Deploy checks (``penata check --deploy``) for Penata's own security settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_two_factor(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.DEBUG or settings.PENATA_REQUIRE_2FA:
        return []
    return [
        Warning(
            "PENATA_REQUIRE_2FA is off: administrators and BKPP officers can sign in with a "
            "password alone.",
            hint="Unset PENATA_REQUIRE_2FA (it defaults to on when PENATA_DEBUG is off).",
            id="penata.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_personal_data_log_filter(app_configs: Any, **kwargs: Any) -> list[Warning]:
    logging_config: dict[str, Any] = settings.LOGGING
    handlers: dict[str, Any] = logging_config.get("handlers", {})
    missing = [
        name
        for name, handler in handlers.items()
        if "personal_data" not in handler.get("filters", [])
    ]
    if not missing:
        return []
    return [
        Warning(
            f"Log handlers without the personal-data filter: {', '.join(sorted(missing))}.",
            hint="Add 'personal_data' to their 'filters' (penata.security.logging).",
            id="penata.W002",
        )
    ]
