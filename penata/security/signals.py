"""At each sign-in, note in the session whether the account has an authenticator to verify."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from penata.security.middleware import SESSION_KEY, device_state


@receiver(user_logged_in, dispatch_uid="penata_security_2fa_state")
def _two_factor_state(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = device_state(user)
