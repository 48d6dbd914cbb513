"""Background tasks of planning (``django.tasks``)."""

from __future__ import annotations

import logging
from typing import Any

from django.tasks import task

from penata.core import services as core_services

logger = logging.getLogger(__name__)


@task()
def analysis_run(actor_id: int, progress_id: str) -> dict[str, Any]:
    """Compute the city's ABK (:func:`penata.planning.services.analysis_compute`)."""
    from penata.core.models import User
    from penata.planning.services import analysis_compute

    actor = User.objects.filter(pk=actor_id).first()
    try:
        run = analysis_compute(actor=actor, progress_id=progress_id)
    except Exception as exc:
        logger.exception("ABK run failed")
        core_services.progress_fail(progress_id, message=f"Gagal: {type(exc).__name__}: {exc}")
        raise
    return {"run": run.pk}
