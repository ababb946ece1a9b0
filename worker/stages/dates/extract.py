"""Find and resolve the temporal expressions of a text in one language.

`DateExtractor(lexicon, window, years).extract(text, ref)` returns the record's `dates` items
in text order: `{"text", "value", "start", "end"}` with `text[start:end] == item["text"]`.
`value` is an ISO 8601 string (a date, `--MM-DD`, a month, an ISO week, a year, or an interval
`start/end`), or None for a relative expression when `ref` is None.

After matching, neighbours are joined: two dates of the same granularity with only a range
word or a dash between them become one interval ("June 27 – July 3"), and a weekday followed
by a date it names ("Thursday, June 27") becomes one item with the date's value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from worker.segment import boundaries
from worker.stages.dates.calendar import When, checked
from worker.stages.dates.grammar import (
    CJK_UNITS,
    DASH,
    compile_cjk,
    compile_grammar,
    compile_unspaced,
    words,
)
from worker.stages.dates.lexicon import Lexicon
from worker.stages.dates.resolve import RESOLVERS, Context

_FORM_NAME = re.compile(r"^f_([a-z]+)\d*$")
_WEEKDAY_GAP = re.compile(r"^,?\s+(?:\w{1,3}\s+)?$")  # "Thursday, June 27", "jeudi 27", "am"
_CJK = compile_cjk()
_WEEKDAYS = frozenset({"wd", "uw"})  # forms of a weekday, which make no range
_MOST_WORDS = 6  # of a weekday or a fixed phrase written without spaces ("上" "个" "星期")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    form: str
    first: When | None
    last: When | None = None  # the end of an interval

    def item(self, text: str) -> dict[str, Any]:
        value = None
        if self.first is not None:
            value = self.first.iso() + (f"/{self.last.iso()}" if self.last else "")
        return {
            "text": text[self.start : self.end],
            "value": value,
            "start": self.start,
            "end": self.end,
        }


class DateExtractor:
    """The compiled grammar of one language and the options to resolve it."""

    def __init__(self, lex: Lexicon, window: tuple[int, int], years: tuple[int, int]) -> None:
        self.lex = lex
        self.window = window
        self.years = years
        self.pattern = compile_grammar(lex)
        self.unspaced = compile_unspaced(lex)
        self.range_gap = re.compile(rf"^(?:{DASH}|\s+{words(lex.words('range'))}\s+)$")

    def extract(self, text: str, ref: date | None) -> list[dict[str, Any]]:
        context = Context(self.lex, ref, self.window, self.years)
        found = [f for m in self.pattern.finditer(text) if (f := _resolve(m, context))]
        if CJK_UNITS.search(text):  # "2026年3月5日", "2026년 3월 5일": the longer reading wins
            cjk = [f for m in _CJK.finditer(text) if (f := _resolve(m, context))]
            found = sorted(cjk + [f for f in found if not _overlaps(f, cjk)], key=_start)
        if self.unspaced is not None:  # "周五", "昨天", "어제는"; not over a date read above
            unspaced = [f for f in self._unspaced(text, context) if not _overlaps(f, found)]
            found = sorted(found + unspaced, key=_start)
        return [f.item(text) for f in self._joined(found, text)]

    def _unspaced(self, text: str, context: Context) -> list[Found]:
        """The weekdays and fixed phrases written without spaces, where they are words: in a
        language with a segmenter, the longest that begins and ends where its words do
        ("วันจันทร์" in "วันจันทร์ที่ผ่านมา", last Monday, whose "วันจันทร์ที่" ends inside
        a word), else wherever the pattern finds them."""
        assert self.unspaced is not None
        if self.unspaced.search(text) is None:
            return []
        cuts = boundaries(self.lex.code, text)
        if cuts is None:
            matches: Iterable[re.Match[str]] = self.unspaced.finditer(text)
        else:
            matches = _at_words(self.unspaced, text, sorted(cuts))
        return [f for m in matches if (f := _resolve(m, context))]

    def _joined(self, found: list[Found], text: str) -> list[Found]:
        joined: list[Found] = []
        for current in found:
            previous = joined[-1] if joined else None
            merged = previous and self._join(previous, current, text[previous.end : current.start])
            if merged:
                joined[-1] = merged
            else:
                joined.append(current)
        return joined

    def _join(self, a: Found, b: Found, gap: str) -> Found | None:
        if a.form == "wd" and _is_day(b) and _WEEKDAY_GAP.match(gap):
            return replace(b, start=a.start, form="wd+date")
        if _can_range(a, b) and self.range_gap.match(gap):
            assert a.first is not None and b.first is not None  # checked by _can_range
            return Found(a.start, b.end, "range", _year_from(a.first, b.first), b.first)
        return None


def _at_words(pattern: re.Pattern[str], text: str, cuts: list[int]) -> Iterator[re.Match[str]]:
    """The longest matches of `pattern` that begin and end at `cuts` (sorted word
    boundaries), spanning at most `_MOST_WORDS` words, left to right, not overlapping."""
    after = 0
    for i, start in enumerate(cuts):
        if start < after or pattern.match(text, start) is None:
            continue
        for end in reversed(cuts[i + 1 : i + 1 + _MOST_WORDS]):
            found = pattern.fullmatch(text, start, end)
            if found is not None:
                after = end
                yield found
                break


def _resolve(m: re.Match[str], context: Context) -> Found | None:
    form = m.lastgroup or ""
    name = _FORM_NAME.match(form)
    kind = name.group(1) if name else ""
    try:
        first, last = RESOLVERS[kind](m, form[2:], context)
    except (ValueError, KeyError):
        return None  # not a date after all (30 February), or a word we cannot read
    start = (
        m.start("bm_e")
        if kind == "bm" and m["bm_e"]
        else m.start("bm_m")
        if kind == "bm"
        else m.start()
    )
    return Found(start, m.end(), kind, first, last)


def _overlaps(found: Found, others: list[Found]) -> bool:
    return any(found.start < other.end and other.start < found.end for other in others)


def _start(found: Found) -> int:
    return found.start


def _year_from(first: When, last: When) -> When:
    """ "June 27 to July 3, 2019": the start takes the written year of the end."""
    if last.year is None or last.guessed or not (first.year is None or first.guessed):
        return first
    if first.month is None:
        return replace(first, year=last.year, guessed=False)
    return checked(last.year, first.month, first.day)


def _is_day(found: Found) -> bool:
    return found.first is not None and found.first.day is not None and found.last is None


def _granularity(when: When) -> tuple[bool, bool, bool]:
    return (when.month is not None, when.day is not None, when.week is not None)


def _can_range(a: Found, b: Found) -> bool:
    if a.first is None or b.first is None or a.last or b.last or {a.form, b.form} & _WEEKDAYS:
        return False
    if _granularity(a.first) != _granularity(b.first):
        return False
    return a.first.year is None or b.first.year is None or a.first.iso() < b.first.iso()
