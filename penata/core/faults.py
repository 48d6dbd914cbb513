"""Fault points: named places inside long jobs where a crash test can stop the process.

A long job (the roster import, the talent map, the ABK analysis …) calls
``fault_point("roster.write")`` at the riskiest moment: inside its transaction, after part of the
work is written and before the commit. In production this is a dictionary lookup and nothing
else. When the environment variable ``PENATA_FAULT_POINT`` names that point (the crash tests in
``penata/core/tests/test_faults.py`` set it on a child process), the process writes the file named
by ``PENATA_FAULT_MARKER`` and sleeps, so the test can ``SIGKILL`` it exactly there and check that
the database holds either everything or nothing of the job.

To cover a new job, call ``fault_point("<app>.<job>")`` inside its transaction and add one case to
``FAULT_CASES`` in the crash tests.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

ENV_POINT = "PENATA_FAULT_POINT"
ENV_MARKER = "PENATA_FAULT_MARKER"
ENV_SECONDS = "PENATA_FAULT_SLEEP_SECONDS"


def fault_point(name: str) -> None:
    """Stop here (write the marker file, then sleep) when ``PENATA_FAULT_POINT`` is ``name``."""
    if os.environ.get(ENV_POINT) != name:
        return
    marker = os.environ.get(ENV_MARKER)
    if marker:
        Path(marker).write_text(f"{name} {os.getpid()}\n", encoding="utf-8")
    time.sleep(float(os.environ.get(ENV_SECONDS, "600")))
