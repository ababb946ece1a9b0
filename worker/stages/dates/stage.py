"""`make(settings)`: the `dates` stage with its options bound (its contract is the
package's docstring, in worker/stages/dates/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import field_validator

from worker import stagefile
from worker.article import Article
from worker.clock import date_of
from worker.errors import ConfigError
from worker.settings import Settings
from worker.stages.dates.extract import DateExtractor
from worker.stages.dates.lexicon import build_lexicon

CONFIG_FILE = "dates.toml"


class DatesLanguage(stagefile.LanguageTable):
    """The glue around dateparser's names for one language (see config/dates.toml)."""

    capitalized: bool = False
    day_suffix_re: str = ""
    weekday_suffix_re: str = ""
    unit_suffix_re: str = ""
    year_suffix_re: str = ""
    of: tuple[str, ...] = ()
    range: tuple[str, ...] = ()
    next: tuple[str, ...] = ()
    last: tuple[str, ...] = ()
    this: tuple[str, ...] = ()
    next_after: tuple[str, ...] = ()
    last_after: tuple[str, ...] = ()
    this_after: tuple[str, ...] = ()
    edge: tuple[str, ...] = ()
    prep: tuple[str, ...] = ()
    daypart: tuple[str, ...] = ()
    day: tuple[str, ...] = ()
    week: tuple[str, ...] = ()
    month: tuple[str, ...] = ()
    year: tuple[str, ...] = ()
    period: tuple[str, ...] = ()
    ago: tuple[str, ...] = ()
    ahead: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    weekday_names: tuple[str, ...] = ()
    numbered_day: tuple[str, ...] = ()
    numbered_month: tuple[str, ...] = ()
    numbered_year: tuple[str, ...] = ()


class DatesFile(stagefile.StageFile):
    """config/dates.toml."""

    languages: tuple[str, ...]
    fallback: str
    min_year: int
    max_year: int
    weekday_window: tuple[int, int]
    lang: dict[str, DatesLanguage]

    @field_validator("weekday_window")
    @classmethod
    def _a_week_at_least(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[1] - value[0] < 6:
            raise ValueError("must span at least 7 days")
        return value


def make(settings: Settings) -> Callable[[Article], Article]:
    """Build the configured languages' grammars once; return the stage."""
    options = load_options(settings)
    extractors = Extractors(options)

    def dates(article: Article) -> Article:
        extractor = extractors.get(str(article.language.get("code") or ""))
        found = extractor.extract(article.text, date_of(article.published))
        return article.replace(dates=tuple(found))

    return dates


def load_options(settings: Settings) -> DatesFile:
    return stagefile.load(settings.config_dir / CONFIG_FILE, DatesFile)


class Extractors:
    """One DateExtractor per language: the configured ones and those with a table built now
    (so a table's error stops the worker at start), others on first use."""

    def __init__(self, options: DatesFile) -> None:
        self.glue = options.lang
        self.window = options.weekday_window
        self.years = (options.min_year, options.max_year)
        self.cache: dict[str, DateExtractor | None] = {}
        fallback = self._build(options.fallback)
        if fallback is None:
            raise ConfigError(f"{CONFIG_FILE}: fallback names a language without date data")
        self.fallback: DateExtractor = fallback
        for code in sorted({*options.languages, *options.lang}):
            self.get(code)

    def get(self, code: str) -> DateExtractor:
        if code not in self.cache:
            self.cache[code] = self._build(code) if code.isalpha() else None
        return self.cache[code] or self.fallback

    def _build(self, code: str) -> DateExtractor | None:
        table = self.glue.get(code) or DatesLanguage()
        lexicon = build_lexicon(code, table.model_dump())
        return DateExtractor(lexicon, self.window, self.years) if lexicon else None
