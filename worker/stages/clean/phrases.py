"""Boilerplate phrase lists (config data) and the line normalization they are matched on."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from worker import stagefile
from worker.calendar_names import calendar_words

_NON_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=8192)  # each line is normalized by several rules
def normalize(line: str) -> str:
    """Lower case, every run of punctuation/symbols/space as one space, stripped."""
    return _NON_WORD.sub(" ", line.lower()).strip()


def _normalized(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in map(normalize, items) if n))


def _phrase_pattern(
    items: list[str], head: str = r"(?<!\S)", tail: str = r"(?!\S)"
) -> re.Pattern[str]:
    """One regex for "any of these normalized phrases, as whole words" (longest first)."""
    phrases = sorted(_normalized(items), key=len, reverse=True)
    return re.compile(head + "(?:" + "|".join(map(re.escape, phrases)) + ")" + tail)


class _Lines(stagefile.Section):
    lines: tuple[str, ...]
    prefixes: tuple[str, ...] = ()


class _Phrases(stagefile.Section):
    phrases: tuple[str, ...]


class _Caption(stagefile.Section):
    prefixes: tuple[str, ...]
    credits: tuple[str, ...]


class _Related(stagefile.Section):
    headers: tuple[str, ...]
    header_prefixes: tuple[str, ...]
    inline_prefixes: tuple[str, ...]


class _Headers(stagefile.Section):
    headers: tuple[str, ...]
    prefixes: tuple[str, ...] = ()


class _Byline(stagefile.Section):
    openers: tuple[str, ...]
    joiners: tuple[str, ...]
    name_particles: tuple[str, ...]
    role_words: tuple[str, ...]


class _Dates(stagefile.Section):
    languages: tuple[str, ...]
    words: str


class BoilerplateLanguage(stagefile.LanguageTable):
    stopwords: str


class BoilerplateFile(stagefile.StageFile):
    """config/boilerplate.toml."""

    widget: _Lines
    ad: _Lines
    promo: _Phrases
    notice: _Phrases
    caption: _Caption
    copyright: _Phrases
    related: _Related
    comments: _Headers
    bio: _Headers
    byline: _Byline
    dates: _Dates
    lang: dict[str, BoilerplateLanguage]


@dataclass(frozen=True)
class Phrases:
    """The phrase lists of config/boilerplate.toml, normalized once."""

    widget: frozenset[str]
    widget_prefixes: tuple[str, ...]
    ad: frozenset[str]
    promo: re.Pattern[str]
    notice: re.Pattern[str]
    caption: re.Pattern[str]
    credit: re.Pattern[str]
    copyright: re.Pattern[str]
    related_headers: frozenset[str]
    related_header_prefixes: tuple[str, ...]
    related_inline: tuple[str, ...]
    comment_headers: frozenset[str]
    comment_prefixes: tuple[str, ...]
    bio_headers: frozenset[str]
    byline_openers: tuple[str, ...]
    byline_prefixes: tuple[str, ...]
    joiners: frozenset[str]
    name_particles: frozenset[str]
    role_words: frozenset[str]
    stopwords: frozenset[str]
    date_words: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> Phrases:
        """Read, check (ConfigError naming the key) and normalize the lists."""
        return cls.from_dict(stagefile.load(path, BoilerplateFile).model_dump())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Phrases:
        """The same from an already parsed TOML document."""
        byline = data["byline"]
        return cls(
            widget=frozenset(_normalized(data["widget"]["lines"])),
            widget_prefixes=_normalized(data["widget"]["prefixes"]),
            ad=frozenset(_normalized(data["ad"]["lines"])),
            promo=_phrase_pattern(data["promo"]["phrases"]),
            notice=_phrase_pattern(data["notice"]["phrases"]),
            caption=_phrase_pattern(data["caption"]["prefixes"], "^", r"s?\s*[:|]"),
            credit=_phrase_pattern(data["caption"]["credits"]),
            copyright=_phrase_pattern(data["copyright"]["phrases"]),
            related_headers=frozenset(_normalized(data["related"]["headers"])),
            # with a space: "more in" must not match "more interesting"
            related_header_prefixes=tuple(
                f"{p} " for p in _normalized(data["related"]["header_prefixes"])
            ),
            related_inline=_normalized(data["related"]["inline_prefixes"]),
            comment_headers=frozenset(_normalized(data["comments"]["headers"])),
            comment_prefixes=_normalized(data["comments"]["prefixes"]),
            bio_headers=frozenset(_normalized(data["bio"]["headers"])),
            byline_openers=tuple(sorted(_normalized(byline["openers"]), key=len, reverse=True)),
            byline_prefixes=tuple(f"{o} " for o in _normalized(byline["openers"])),
            joiners=frozenset((*_normalized(byline["joiners"]), "&")),
            name_particles=frozenset(_normalized(byline["name_particles"])),
            role_words=frozenset(_normalized(byline["role_words"])),
            stopwords=frozenset(w for t in data["lang"].values() for w in t["stopwords"].split()),
            date_words=_date_words(data["dates"]),
        )


def _date_words(section: dict[str, Any]) -> frozenset[str]:
    """The labels listed, and the month and weekday names of the languages listed (from
    dateparser; forms shorter than 3 letters, such as "di" or "do", are left out: they are
    everyday words in other languages)."""
    names = (normalize(w) for w in calendar_words(section["languages"]))
    return frozenset(normalize(section["words"]).split()) | {n for n in names if len(n) >= 3}
