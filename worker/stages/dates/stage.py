"""`make(settings)`: the `dates` stage with its options bound (its contract is the
package's docstring, in worker/stages/dates/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from worker.article import Article
from worker.clock import date_of
from worker.errors import ConfigError
from worker.settings import Settings, read_config
from worker.stages.dates.extract import DateExtractor
from worker.stages.dates.lexicon import build_lexicon

CONFIG_FILE = "dates.toml"


def make(settings: Settings) -> Callable[[Article], Article]:
    """Build the configured languages' grammars once; return the stage."""
    options = load_options(settings)
    extractors = Extractors(options)

    def dates(article: Article) -> Article:
        extractor = extractors.get(str(article.language.get("code") or ""))
        found = extractor.extract(article.text, date_of(article.published))
        return article.replace(dates=tuple(found))

    return dates


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


def _pair(value: Any) -> tuple[int, int]:
    low, high = (int(v) for v in value)
    if high - low < 6:
        raise ConfigError("dates.weekday_window must span at least 7 days")
    return low, high
