"""`make(settings)`: the `keywords` stage with its options bound (its contract is the
package's docstring, in worker/stages/keywords/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import stopwordsiso

from worker import stagefile
from worker.article import Article
from worker.segment import segmenter
from worker.settings import Settings
from worker.stages.keywords.scoring import Ranked, rank
from worker.stages.keywords.tokens import TokenOptions, tokenize
from worker.stages.keywords.units import make_units

CONFIG_FILE = "keywords.toml"
_DECIMALS = 4
_MIN_SCORE = 10**-_DECIMALS


class KeywordsLanguage(stagefile.LanguageTable):
    joiners: tuple[str, ...] = ()
    elisions: tuple[str, ...] = ()
    possessives: tuple[str, ...] = ()


class KeywordsFile(stagefile.StageFile):
    """config/keywords.toml."""

    top: int
    max_units: int
    max_words: int
    min_chars: int
    segmented_min_chars: int
    unsegmented: tuple[str, ...]
    lang: dict[str, KeywordsLanguage]


def make(settings: Settings) -> Callable[[Article], Article]:
    """Bind the options once; return the stage."""
    options = load_options(settings)
    languages = Languages(options)
    top, max_units, max_words = options.top, options.max_units, options.max_words

    def keywords(article: Article) -> Article:
        code = str(article.language.get("code") or "")
        tokens_options = languages.get(code)
        if tokens_options is None:
            return article.replace(keywords=())
        tokens = tokenize(article.text, tokens_options, date_spans(article))
        units = make_units(tokens, mention_ends(article), languages.joiners(code), max_words)
        ranked = rank(article.text, units, max_units, max_words, top)
        return article.replace(keywords=tuple(_items(ranked)))

    return keywords


def load_options(settings: Settings) -> KeywordsFile:
    return stagefile.load(settings.config_dir / CONFIG_FILE, KeywordsFile)


class Languages:
    """Tokenizer options per language, built on first use (stop word lists load in µs)."""

    def __init__(self, options: KeywordsFile) -> None:
        self.options = options
        self.unsegmented = frozenset(options.unsegmented)
        self.cache: dict[str, TokenOptions | None] = {}

    def get(self, code: str) -> TokenOptions | None:
        if code not in self.cache:
            self.cache[code] = self._build(code)
        return self.cache[code]

    def table(self, code: str) -> KeywordsLanguage:
        return self.options.lang.get(code) or KeywordsLanguage()

    def joiners(self, code: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in self.table(code).joiners)

    def _build(self, code: str) -> TokenOptions | None:
        segment = segmenter(code)
        if (segment is None and code in self.unsegmented) or not stopwordsiso.has_lang(code):
            return None
        options = self.options
        stops = set(stopwordsiso.stopwords(code))
        if segment is not None:  # the words in Latin letters such texts quote are English
            stops |= set(stopwordsiso.stopwords("en"))
        return TokenOptions(
            stops=frozenset(w.casefold() for w in stops),
            elisions=frozenset(self.table(code).elisions),
            possessives=self.table(code).possessives,
            min_chars=options.min_chars if segment is None else options.segmented_min_chars,
            segment=segment,
        )


def mention_ends(article: Article) -> dict[int, int]:
    """Start offset -> end offset of every entity mention (the longest, when two share a start)."""
    ends: dict[int, int] = {}
    for entity in article.entities:
        for mention in entity.get("mentions", ()):
            start, end = int(mention["start"]), int(mention["end"])
            ends[start] = max(end, ends.get(start, end))
    return ends


def date_spans(article: Article) -> list[tuple[int, int]]:
    """The spans of the dates found (if the dates stage ran): dates are not keywords."""
    return sorted((int(d["start"]), int(d["end"])) for d in article.dates)


def _items(ranked: list[Ranked]) -> list[dict[str, Any]]:
    if not ranked:
        return []
    best = ranked[0].weight
    return [
        {
            "text": r.text,
            "score": max(round(best / r.weight, _DECIMALS), _MIN_SCORE) if r.weight else 1.0,
            "start": r.start,
            "end": r.end,
        }
        for r in ranked
    ]
