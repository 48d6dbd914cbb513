"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def repeat(func: Callable[[], Any], n: int) -> dict[str, float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))] * 1000, 2),
        "runs": n,
    }
