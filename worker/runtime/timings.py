"""Per-minute timing histograms in Redis, for `ingest stats` (count, mean, p50, p95).

Every published article adds its per-stage times, its total stage time and its latency
(receipt to record) to the hash of the current minute: a count, a sum, and a count per
bucket. Buckets grow by a factor of sqrt(2) from 0.25 ms, so a percentile read off them is
within about 20% of the true value; the hash expires after an hour.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

_BASE_MS = 0.25
_STEP = math.sqrt(2)
_BUCKETS = 60  # 0.25 ms * sqrt(2)**59: about 70 minutes
TTL_S = 3600


def bucket(ms: float) -> int:
    if ms <= _BASE_MS:
        return 0
    return min(_BUCKETS - 1, math.ceil(math.log(ms / _BASE_MS, _STEP)))


def midpoint_ms(index: int) -> float:
    """A bucket's geometric middle (its upper edge is 0.25 ms * sqrt(2)**index)."""
    if index == 0:
        return _BASE_MS
    return _BASE_MS * _STEP ** (index - 0.5)


def increments(name: str, ms: float) -> list[tuple[str, float]]:
    """The (field, amount) pairs that count one `ms` for `name` in a minute's hash."""
    return [(f"{name}:n", 1), (f"{name}:ms", round(ms, 3)), (f"{name}:b{bucket(ms)}", 1)]


def summarize(totals: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """From summed hash fields ("<name>:n", ":ms", ":b<i>") to per-name figures."""
    names = sorted({field.rsplit(":", 1)[0] for field in totals})
    out = {}
    for name in names:
        count = int(totals.get(f"{name}:n", 0))
        if not count:
            continue
        histogram = {
            int(field.rsplit(":b", 1)[1]): int(value)
            for field, value in totals.items()
            if field.startswith(f"{name}:b")
        }
        out[name] = {
            "count": count,
            "mean_ms": round(totals.get(f"{name}:ms", 0.0) / count, 2),
            "p50_ms": _percentile(histogram, count, 0.50),
            "p95_ms": _percentile(histogram, count, 0.95),
        }
    return out


def _percentile(histogram: Mapping[int, int], count: int, q: float) -> float:
    rank, seen = q * count, 0
    for index in sorted(histogram):
        seen += histogram[index]
        if seen >= rank:
            return round(midpoint_ms(index), 2)
    return 0.0
