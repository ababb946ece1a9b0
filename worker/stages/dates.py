"""Stage `dates`: temporal expressions in `text`, with ISO 8601 values.

In: `text`, `language.code`, `published` (ISO date or None). Out: `dates`, a tuple of
`{"text", "value", "start", "end"}` in text order, `text[start:end] == text`. Values:
`2018-06-27`; `--06-27` or `--06` when the year is unknown (no year written, no `published`);
`2018-06`, `2018-W26`, `2018`; ranges as ISO 8601 intervals `2018-07-11/2018-07-12`.
Expressions relative to the publication date ("yesterday", "on Thursday", "next July",
"earlier this month", "3 days ago") are resolved against `published`; without it they are kept
with `value: null`, so the mention is still visible. Dates without a year take the year that
puts them nearest `published`. Options and per-language words: config/dates.toml. Pure and
deterministic: the only reference time is `published`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from worker.article import Article
from worker.errors import ConfigError
from worker.settings import Settings, read_config
from worker.temporal.extract import DateExtractor
from worker.temporal.lexicon import build_lexicon

CONFIG_FILE = "dates.toml"


def make(settings: Settings) -> Callable[[Article], Article]:
    """Build the configured languages' grammars once; return the stage."""
    options = load_options(settings)
    extractors = Extractors(options)

    def find_dates(article: Article) -> Article:
        extractor = extractors.get(str(article.language.get("code") or ""))
        found = extractor.extract(article.text, published_date(article.published))
        return article.replace(dates=tuple(found))

    return find_dates


def load_options(settings: Settings) -> dict[str, Any]:
    return read_config(settings.config_dir / CONFIG_FILE)


class Extractors:
    """One DateExtractor per language: the configured ones built now, others on first use."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.glue: Mapping[str, Any] = options.get("lang", {})
        self.window = _pair(options.get("weekday_window", (-4, 2)))
        self.years = (int(options.get("min_year", 1900)), int(options.get("max_year", 2099)))
        self.cache: dict[str, DateExtractor | None] = {}
        fallback = self._build(str(options.get("fallback", "en")))
        if fallback is None:
            raise ConfigError("dates.fallback names a language without date data")
        self.fallback: DateExtractor = fallback
        for code in options.get("languages", ()):
            self.get(code)

    def get(self, code: str) -> DateExtractor:
        if code not in self.cache:
            self.cache[code] = self._build(code) if code.isalpha() else None
        return self.cache[code] or self.fallback

    def _build(self, code: str) -> DateExtractor | None:
        lexicon = build_lexicon(code, self.glue.get(code, {}))
        return DateExtractor(lexicon, self.window, self.years) if lexicon else None


def published_date(published: str | None) -> date | None:
    """The date part of an ISO `published` value; None when missing or unreadable."""
    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


def _pair(value: Any) -> tuple[int, int]:
    low, high = (int(v) for v in value)
    if high - low < 6:
        raise ConfigError("dates.weekday_window must span at least 7 days")
    return low, high
