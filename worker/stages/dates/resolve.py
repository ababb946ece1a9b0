"""Resolvers: one per grammar form, from a match to calendar values.

Each takes the match, the form name and a `Context` and returns `(first, last)`: the value
(`last` is set for ranges), or `(None, None)` when the expression is relative and there is no
reference date. ValueError means the match is not a date after all (30 February, year 1234).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from worker.calendar_names import one_apostrophe
from worker.stages.dates.calendar import (
    When,
    checked,
    month_step,
    nearest,
    shifted,
    weekday_near,
)
from worker.stages.dates.lexicon import Lexicon, name_key

Values = tuple[When | None, When | None]
NOTHING: Values = (None, None)
_MAX_MONTH = 12
BUDDHIST_ERA = 543  # years the Buddhist era counts ahead of the common era
BUDDHIST_FROM = 2400  # a Thai year from this one is of the Buddhist era (1857 CE)


@dataclass(frozen=True)
class Context:
    lex: Lexicon
    ref: date | None  # the article's publication date
    window: tuple[int, int]  # days around `ref` for a bare weekday
    years: tuple[int, int]  # bounds of a bare year


def key(text: str) -> str:
    """A name as the lexicon keys it: spaces as one, casefolded, one apostrophe."""
    return one_apostrophe(name_key(text))


def _month(m: re.Match[str], name: str, c: Context) -> int:
    return c.lex.months[key(m[name]).rstrip(".")]


def _iso(m: re.Match[str], form: str, c: Context) -> Values:
    return checked(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])), None


def _numeric(m: re.Match[str], form: str, c: Context) -> Values:
    """03/04/2018 in the language's order; the other order when that one is impossible."""
    a, b, year = int(m["num_a"]), int(m["num_b"]), written(m["num_y"], c)
    day, month = (b, a) if c.lex.date_order.startswith("M") else (a, b)
    if month > _MAX_MONTH:
        day, month = month, day
    return checked(year, month, day), None


def _day_month(m: re.Match[str], form: str, c: Context) -> Values:
    """27 June [2018], June 27 [2018]: the year written, else the one nearest `ref`."""
    month, day = _month(m, f"{form}_m", c), int(m[f"{form}_d"])
    year = m[f"{form}_y"]
    return (checked(written(year, c), month, day) if year else nearest(month, day, c.ref)), None


def _day_range(m: re.Match[str], form: str, c: Context) -> Values:
    """11-12 July, July 11-12 [2018]: both ends in one month."""
    month, first, last = _month(m, f"{form}_m", c), int(m[f"{form}_a"]), int(m[f"{form}_b"])
    if first >= last:
        raise ValueError("not a range of days")
    year = m[f"{form}_y"]
    start = checked(written(year, c), month, first) if year else nearest(month, first, c.ref)
    return start, checked(start.year, month, last)


def _month_year(m: re.Match[str], form: str, c: Context) -> Values:
    return checked(_year(m["my_y"], c), _month(m, "my_m", c)), None


def _numbered(m: re.Match[str], form: str, c: Context) -> Values:
    """A month by its number: "ngày 5 tháng 3 năm 2026", "tháng 3/2026", "2026年3月5日",
    "2026년 3월", "3月5日" (the year nearest `ref` when none is written)."""
    parts = m.groupdict()
    month, day, year = int(parts[f"{form}_m"]), parts.get(f"{form}_d"), parts.get(f"{form}_y")
    if day is None:  # a month of a year (every form without a day writes its year)
        if year is None:
            raise ValueError("a month's number alone")
        return checked(_year(year, c), month), None
    if year is None:
        return nearest(month, int(day), c.ref), None
    return checked(written(year, c), month, int(day)), None


def written(text: str, c: Context) -> int:
    """A year as written, in the common era: Thai news counts years in the Buddhist era, 543
    ahead (2569 is 2026)."""
    year = int(text)
    return year - BUDDHIST_ERA if c.lex.code == "th" and year >= BUDDHIST_FROM else year


def _year(text: str, c: Context) -> int:
    year = written(text, c)
    if not c.years[0] <= year <= c.years[1]:
        raise ValueError("year out of bounds")
    return year


def _year_range(m: re.Match[str], form: str, c: Context) -> Values:
    first, last = _year(m["yr_a"], c), m["yr_b"]
    end = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    if end <= first:
        raise ValueError("not a range of years")
    return When(first), When(_year(str(end), c))


def _bare_year(m: re.Match[str], form: str, c: Context) -> Values:
    return When(_year(m[f"{form}_y"], c)), None


def _bare_month(m: re.Match[str], form: str, c: Context) -> Values:
    return nearest(_month(m, "bm_m", c), None, c.ref), None


def _relative_month(m: re.Match[str], form: str, c: Context) -> Values:
    offset = {**c.lex.after, **c.lex.before}[key(m[f"{form}_o"])]
    month = _month(m, f"{form}_m", c)
    return (month_step(month, offset, c.ref), None) if c.ref else NOTHING


def _period(m: re.Match[str], form: str, c: Context) -> Values:
    words = c.lex.before if form == "pp" else c.lex.after
    unit, offset = c.lex.units[key(m[f"{form}_u"])], words[key(m[f"{form}_o"])]
    return (shifted(unit, offset, c.ref), None) if c.ref else NOTHING


def _fixed(m: re.Match[str], form: str, c: Context) -> Values:
    """ "yesterday", "next week": `fx_p` in the grammar, `uf_p` written without spaces."""
    unit, offset = c.lex.fixed[key(m[f"{form}_p"])]
    return (shifted(unit, offset, c.ref), None) if c.ref else NOTHING


def _count(m: re.Match[str], form: str, c: Context) -> Values:
    """ "3 days ago", "in 2 weeks": the day, week, month or year that far from `ref`."""
    count = int(m[f"{form}_n"]) * (-1 if form.startswith("ago") else 1)
    unit = c.lex.units[key(m[f"{form}_u"])]
    return (shifted(unit, count, c.ref), None) if c.ref else NOTHING


def _weekday(m: re.Match[str], form: str, c: Context) -> Values:
    """ "Tuesday", "last Tuesday"; written without spaces (`uw`: "周二"), with no modifier."""
    modifier = m["wd_o"] or m["wd_p"] if form == "wd" else None
    offset = {**c.lex.after, **c.lex.before}[key(modifier)] if modifier else 0
    weekday = c.lex.weekdays[key(m[f"{form}_w"])]
    return (weekday_near(weekday, offset, c.ref, c.window), None) if c.ref else NOTHING


Resolver = Callable[[re.Match[str], str, Context], Values]
RESOLVERS: dict[str, Resolver] = {
    "iso": _iso,
    "num": _numeric,
    "dr": _day_range,
    "mr": _day_range,
    "dmy": _day_month,
    "mdy": _day_month,
    "my": _month_year,
    "nd": _numbered,
    "nm": _numbered,
    "cy": _numbered,
    "cm": _numbered,
    "cj": _bare_year,
    "yr": _year_range,
    "pp": _period,
    "pq": _period,
    "rm": _relative_month,
    "rn": _relative_month,
    "fx": _fixed,
    "uf": _fixed,
    "wd": _weekday,
    "uw": _weekday,
    "bm": _bare_month,
    "yy": _bare_year,
    "ago": _count,
    "ahead": _count,
}
