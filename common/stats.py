"""Percentiles by the nearest-rank method (no interpolation, no smoothing).

Every figure Kezek reports about a spread of timings (the benchmark's
latencies and loop lags, a ticket's render time) comes from here, so a p50
or a p99 means the same everywhere: a value that was really measured.
"""

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The smallest value with at least ``fraction`` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summary_ms(latencies_ms: Sequence[float]) -> dict:
    """Count, p50, p99 and max of a list of timings in milliseconds, to 0.01 ms."""
    if not latencies_ms:
        return {"count": 0, "p50": None, "p99": None, "max": None}
    return {
        "count": len(latencies_ms),
        "p50": round(percentile(latencies_ms, 0.50), 2),
        "p99": round(percentile(latencies_ms, 0.99), 2),
        "max": round(max(latencies_ms), 2),
    }
