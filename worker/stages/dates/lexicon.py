"""A language's date words: names from dateparser's language data, glue from config.

`build_lexicon(code, glue)` returns a `Lexicon`, or None when dateparser has no data for the
language. Names are keyed casefolded (a trailing dot dropped); a "full" form is one that is not
a strict prefix of another form of the same month or weekday ("sept" is short for "september").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from worker.calendar_names import MONTHS, WEEKDAYS, language_data, numbered, weekday_names
from worker.errors import ConfigError

UNITS = ("day", "week", "month", "year")
_MIN_NAME = 3  # shorter forms ("so", "mi", "we") are everyday words
_MIN_WEEKDAY = 4
_RELATIVE_KEY = re.compile(r"^(in )?(\d+) (day|week|month|year) ?(ago)?$")


@dataclass(frozen=True)
class Lexicon:
    """The words of one language; every key is casefolded."""

    code: str
    date_order: str  # "DMY" or "MDY": how to read 03/04/2018
    capitalized: bool  # names only with a capital letter
    months: dict[str, int]  # form -> 1..12
    full_months: frozenset[str]
    weekdays: dict[str, int]  # full form -> 0 (Monday) .. 6
    written_weekdays: tuple[str, ...]  # weekday names matched only as written (their keys
    # are in `weekdays`)
    fixed: dict[str, tuple[str, int]]  # "yesterday" -> ("day", -1), "last week" -> ("week", -1)
    units: dict[str, str]  # "weeks" -> "week"
    before: dict[str, int]  # modifier before a name or unit -> -1 | 0 | 1
    after: dict[str, int]  # modifier after it ("dernier") -> -1 | 1
    glue: Mapping[str, Any] = field(default_factory=dict)  # the raw config section

    def words(self, key: str) -> list[str]:
        """A word list of the config section (empty when the language has none)."""
        return list(self.glue.get(key, ()))

    def fragment(self, key: str) -> str:
        """A regex fragment of the config section ("" when the language has none)."""
        return str(self.glue.get(f"{key}_re", ""))


def build_lexicon(code: str, glue: Mapping[str, Any]) -> Lexicon | None:
    """The lexicon of `code` (ISO 639-1), or None when dateparser has no data for it."""
    data = language_data(code)
    if data is None:
        return None
    months = numbered(data, MONTHS, _MIN_NAME)
    weekdays = weekday_names(data, _MIN_WEEKDAY)
    every_weekday = numbered(data, WEEKDAYS, 1)
    drop = {w.casefold() for w in glue.get("drop", ())}
    written = tuple(glue.get("weekday_names", ()))
    return Lexicon(
        code=code,
        date_order=str(data.get("date_order", "DMY")),
        capitalized=bool(glue.get("capitalized", False)),
        months=months,
        full_months=_full_forms(months),
        weekdays={
            w: n
            for w, n in weekdays.items()
            if w in _full_forms(weekdays, every_weekday) and w not in drop
        }
        | _written_weekdays(code, data, written),
        written_weekdays=written,
        fixed=_fixed_phrases(data.get("relative-type", {}), drop),
        units={w.casefold(): unit for unit in UNITS for w in glue.get(unit, ())},
        before=_modifiers(glue, ("last", "this", "next")),
        after=_modifiers(glue, ("last_after", "this_after", "next_after")),
        glue=glue,
    )


def _written_weekdays(
    code: str, data: Mapping[str, Any], written: tuple[str, ...]
) -> dict[str, int]:
    """The keys of the weekday names the config writes out (`weekday_names`), each one of
    dateparser's forms of a weekday, in any case: its number."""
    forms = {name_key(f): n for n, k in enumerate(WEEKDAYS) for f in data.get(k, ())}
    unknown = [w for w in written if name_key(w) not in forms]
    if unknown:
        raise ConfigError(
            f"config/dates.toml [lang.{code}] weekday_names: {unknown} are no weekday names "
            f"in dateparser's data for {code!r}"
        )
    return {name_key(w): forms[name_key(w)] for w in written}


def name_key(name: str) -> str:
    """A name as the lexicon keys it: its spaces as one, casefolded."""
    return " ".join(name.split()).casefold()


def _full_forms(names: Mapping[str, int], every: Mapping[str, int] | None = None) -> frozenset[str]:
    """The forms that no longer form of the same name begins with ("sept" is short for
    "september"), and those that end with such a full form of it after a word (`every`: its
    forms of any length): Thai "วันพุธ" ("day" + "พุธ", Wednesday) is no abbreviation of
    "วันพุธที่" (Wednesday the ...)."""
    every = names if every is None else every

    def full(form: str, n: int, among: Mapping[str, int]) -> bool:
        return not any(o != form and o.startswith(form) and among[o] == n for o in among)

    def ends_with_full(form: str, n: int) -> bool:
        return any(
            o != form and every[o] == n and form.endswith(o) and full(o, n, every) for o in every
        )

    return frozenset(
        form for form, n in names.items() if full(form, n, names) or ends_with_full(form, n)
    )


def _fixed_phrases(relative: Mapping[str, list[str]], drop: set[str]) -> dict[str, tuple[str, int]]:
    """dateparser's fixed phrases for days, weeks, months and years, abbreviations left out."""
    fixed: dict[str, tuple[str, int]] = {}
    for key, phrases in relative.items():
        found = _RELATIVE_KEY.match(key)
        if not found:
            continue
        ahead, count, unit, _ = found.groups()
        offset = int(count) if ahead else -int(count)
        words = [p.casefold() for p in phrases if p.casefold() not in drop]
        for phrase in words:
            if not any(_abbreviates(phrase, other) for other in words):
                fixed.setdefault(phrase, (unit, offset))
    return fixed


def _abbreviates(short: str, long: str) -> bool:
    """ "в пр г" abbreviates "в прошлом году": as many words, each a prefix, not equal."""
    a, b = short.split(), long.split()
    return (
        short != long
        and len(a) == len(b)
        and all(y.startswith(x) for x, y in zip(a, b, strict=True))
    )


def _modifiers(glue: Mapping[str, Any], keys: tuple[str, str, str]) -> dict[str, int]:
    return {
        w.casefold(): offset
        for offset, key in zip((-1, 0, 1), keys, strict=True)
        for w in glue.get(key, ())
    }
