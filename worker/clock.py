"""Time as the record and the ledger write it: timestamps in UTC, whole seconds, ISO 8601 with
Z; dates read from ISO 8601 values."""

from __future__ import annotations

import calendar
import time
from datetime import date

FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_iso(epoch: float | None = None) -> str:
    """`epoch` (default: now) as e.g. 2026-11-29T19:09:27Z."""
    return time.strftime(FORMAT, time.gmtime(time.time() if epoch is None else epoch))


def epoch_of(iso: str) -> float | None:
    """The epoch seconds of a timestamp utc_iso() wrote (None if it is not one)."""
    try:
        return float(calendar.timegm(time.strptime(iso, FORMAT)))
    except ValueError:
        return None


def date_of(value: str | None) -> date | None:
    """The date an ISO 8601 date or date-time starts with (2026-11-29, 2026-11-29T19:09Z);
    None when it does not start with a valid date."""
    try:
        return date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None
