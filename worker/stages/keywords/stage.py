"""`make(settings)`: the `keywords` stage with its options bound (its contract is the
package's docstring, in worker/stages/keywords/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import stopwordsiso

from worker.article import Article
from worker.settings import Settings, read_config
from worker.stages.keywords.scoring import Ranked, rank
from worker.stages.keywords.tokens import TokenOptions, tokenize
from worker.stages.keywords.units import make_units

CONFIG_FILE = "keywords.toml"
_DECIMALS = 4
_MIN_SCORE = 10**-_DECIMALS


def make(settings: Settings) -> Callable[[Article], Article]:
    """Bind the options once; return the stage."""
    options = load_options(settings)
    languages = Languages(options)
    top, max_units = int(options["top"]), int(options["max_units"])
    max_words = int(options["max_words"])

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


def load_options(settings: Settings) -> dict[str, Any]:
    return read_config(settings.config_dir / CONFIG_FILE)


class Languages:
    """Tokenizer options per language, built on first use (stop word lists load in µs)."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = options
        self.unsegmented = frozenset(options.get("unsegmented", ()))
        self.cache: dict[str, TokenOptions | None] = {}

    def get(self, code: str) -> TokenOptions | None:
        if code not in self.cache:
            self.cache[code] = self._build(code)
        return self.cache[code]

    def joiners(self, code: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in self.options.get("joiners", {}).get(code, ()))

    def _build(self, code: str) -> TokenOptions | None:
        if code in self.unsegmented or not stopwordsiso.has_lang(code):
            return None
        return TokenOptions(
            stops=frozenset(w.casefold() for w in stopwordsiso.stopwords(code)),
            elisions=frozenset(self.options.get("elisions", {}).get(code, ())),
            possessives=tuple(self.options.get("possessives", {}).get(code, ())),
            min_chars=int(self.options.get("min_chars", 3)),
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
