"""Month and weekday names per language, read from dateparser's language data (never typed
by hand): the `dates` stage builds its grammar from them, the `clean` stage recognizes date
lines with them."""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def language_data(code: str) -> Mapping[str, Any] | None:
    """dateparser's data for the language `code` (ISO 639-1), or None when it has none."""
    try:
        return importlib.import_module(f"dateparser.data.date_translation_data.{code}").info
    except ImportError:
        return None


def numbered(data: Mapping[str, Any], keys: Iterable[str], min_len: int) -> dict[str, int]:
    """Each form of the names `keys` (MONTHS or WEEKDAYS) in a language's `data`, casefolded,
    a trailing dot dropped, of at least `min_len` letters (marks counted) -> its number: a
    month's 1..12, a weekday's 0 (Monday) .. 6. A form two names share keeps the first."""
    names: dict[str, int] = {}
    for number, key in enumerate(keys):
        for written in data.get(key, ()):
            form = written.rstrip(".").casefold()
            if len(form) >= min_len and _word(form):
                names.setdefault(form, number + 1 if key in MONTHS else number)
    return names


APOSTROPHES = "'’ʼ"  # one apostrophe, as texts write it (dateparser's names write "'")
INNER = APOSTROPHES + "\u200c\u200d"  # ...and the joiners, inside a name
_APOSTROPHE = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
# Scripts written without spaces between words (Han, the kana, Hangul's syllables: Korean
# writes its particles onto the word): a weekday's name there is two or three letters
UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3"
_UNSPACED = re.compile(f"[{UNSPACED}]")
SHORTEST_UNSPACED = 2


def weekday_names(data: Mapping[str, Any], min_len: int) -> dict[str, int]:
    """Each weekday's forms (see `numbered`) of at least `min_len` letters, or of at least
    `SHORTEST_UNSPACED` in a script written without spaces ("周五", "月曜日", "월요일": the
    names are short there, and one letter alone is a word of its own: "月", moon, month)."""
    names = numbered(data, WEEKDAYS, SHORTEST_UNSPACED)
    return {form: n for form, n in names.items() if len(form) >= min_len or unspaced(form)}


def one_apostrophe(text: str) -> str:
    """`text` with its apostrophes written as dateparser's names write them ("'")."""
    return text.translate(_APOSTROPHE)


def unspaced(text: str) -> bool:
    """Whether `text` holds a letter of a script written without spaces (see UNSPACED)."""
    return _UNSPACED.search(text) is not None


def _word(form: str) -> bool:
    """Letters only, with their combining marks: Hindi "मार्च" and "सोमवार" write vowels
    and the virama as marks, which `str.isalpha` refuses (their names were left out); and
    with an apostrophe or a joiner between two letters: Ukrainian "п'ятниця" (Friday),
    Persian "سه‌شنبه" (Tuesday, with a zero-width non-joiner), left out too until
    2026-12-07."""
    return (
        form[:1].isalpha()
        and form[-1:] not in INNER
        and all(unicodedata.category(c)[0] in "LM" or c in INNER for c in form)
    )


def calendar_words(codes: Iterable[str]) -> frozenset[str]:
    """Every word of every month and weekday name (full and abbreviated, casefolded, trailing
    dots dropped) in the languages `codes`: "sept", "septembre", "segunda", "feira", ..."""
    words: set[str] = set()
    for code in codes:
        data = language_data(code) or {}
        for key in (*MONTHS, *WEEKDAYS):
            for written in data.get(key, ()):
                words.update(w.rstrip(".") for w in written.casefold().replace("-", " ").split())
    return frozenset(w for w in words if w and not w.isdigit())


def full_names(code: str) -> frozenset[str]:
    """The full name of each month and weekday in the language `code`, casefolded ("may",
    "september", "sunday"): the longest form dateparser gives."""
    data = language_data(code) or {}
    return frozenset(
        max((w.casefold() for w in data.get(key, ())), key=len, default="")
        for key in (*MONTHS, *WEEKDAYS)
    ) - {""}
