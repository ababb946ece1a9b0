"""Small figures: median, percentiles, a ratio."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def pct(values: Sequence[float], q: float) -> float:
    """The q-th percentile (nearest rank), 0 <= q <= 100."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))
    return ordered[rank]


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else 0.0
