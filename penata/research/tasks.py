"""Background tasks of research partnerships (``django.tasks``)."""

from __future__ import annotations

import logging
from typing import Any

from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def release_task(release_id: int) -> dict[str, Any]:
    """Build a data release (:func:`penata.research.services.release_build`)."""
    from penata.research import services

    try:
        rel = services.release_build(release_id)
    except Exception as exc:
        logger.exception("research release %s failed", release_id)
        services.release_fail(release_id, str(exc))
        raise
    return {"release": rel.pk, "rows": rel.rows, "suppressed": rel.suppressed}
