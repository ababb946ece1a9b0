"""Calendar arithmetic and ISO 8601 values for what the grammar found.

A `When` is a calendar point at some granularity: a day, an ISO week, a month or a year, with
or without a known year. Its `iso()` is the record's value: `2018-06-27`, `--06-27` (year
unknown), `2018-06`, `--06`, `2018-W26`, `2018`. Everything is relative to a reference date
passed in (the article's `published`); nothing reads the clock. Impossible dates (30 February)
raise ValueError, which the extractor takes as "not a date".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

_MONTHS_IN_YEAR = 12


@dataclass(frozen=True)
class When:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    week: int | None = None
    guessed: bool = False  # the year was not written but taken from the reference date

    def iso(self) -> str:
        year = f"{self.year:04d}" if self.year is not None else "-"
        if self.week is not None:
            return f"{year}-W{self.week:02d}"
        if self.month is None:
            return year
        if self.day is None:
            return f"{year}-{self.month:02d}"
        return f"{year}-{self.month:02d}-{self.day:02d}"


def day_of(day: date) -> When:
    return When(day.year, day.month, day.day)


def checked(year: int | None, month: int, day: int | None = None) -> When:
    """A When for a date as written; ValueError for an impossible one (a leap year assumed)."""
    date(2000 if year is None else year, month, day or 1)
    return When(year, month, day)


def nearest(month: int, day: int | None, ref: date | None) -> When:
    """`June 27` read as the June 27 closest to `ref`; without `ref`, year unknown."""
    if ref is None:
        return checked(None, month, day)
    best: tuple[int, When] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            when = replace(checked(year, month, day), guessed=True)
        except ValueError:
            continue  # 29 February outside a leap year
        if day is None:
            distance = abs((year - ref.year) * _MONTHS_IN_YEAR + month - ref.month)
        else:
            distance = abs((date(year, month, day) - ref).days)
        if best is None or distance < best[0]:
            best = (distance, when)
    if best is None:
        raise ValueError("no such date near the reference")
    return best[1]


def month_step(month: int, offset: int, ref: date) -> When:
    """`next July` (+1): the first July after ref's month; `last July` (-1): the last before."""
    year = ref.year
    if offset > 0:
        year += month <= ref.month
    elif offset < 0:
        year -= month >= ref.month
    return When(year, month)


def shifted(unit: str, offset: int, ref: date) -> When:
    """The day, ISO week, month or year `offset` units from `ref`."""
    if unit == "day":
        return day_of(ref + timedelta(days=offset))
    if unit == "week":
        iso = (ref + timedelta(weeks=offset)).isocalendar()
        return When(iso.year, week=iso.week)
    if unit == "month":
        index = ref.year * _MONTHS_IN_YEAR + ref.month - 1 + offset
        return When(index // _MONTHS_IN_YEAR, index % _MONTHS_IN_YEAR + 1)
    return When(ref.year + offset)


def weekday_near(weekday: int, offset: int, ref: date, window: tuple[int, int]) -> When:
    """A weekday: within `window` days of ref, or in the 7 days after (+1) or before (-1)."""
    low, high = window if offset == 0 else ((1, 7) if offset > 0 else (-7, -1))
    for delta in range(low, high + 1):
        day = ref + timedelta(days=delta)
        if day.weekday() == weekday:
            return day_of(day)
    raise ValueError("weekday window shorter than a week")
