"""Stage `extract_entities`: people, organisations, places (and MISC) with all their mentions.

In: `text` and `language.code`. Out: `entities`, a tuple of
`{"name", "type": PERSON|ORG|LOC|MISC, "mentions": [{"text", "start", "end"}]}` in order of
first mention, where `text[start:end] == mention["text"]` and `name` is the canonical name
without titles ("President Vladimir Putin", "Mr Putin", "Putin" -> "Vladimir Putin").
Deterministic for a given text, language and config.

Options: the backend per language ("spacy" or "rules") and the cue word lists come from
config/entities.toml; `settings.entities.backends` (a language -> backend table), when the
settings have it, overrides the file's `[backends]`. Backends configured as "spacy" load
their model here, once per process; without spaCy or its model they fall back to the rules
with one `entities_backend_unavailable` warning.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from worker.article import Article
from worker.nlp.backends import Extractor
from worker.nlp.lexicon import EntityConfig
from worker.settings import Settings

CONFIG_FILE = "entities.toml"


def make(settings: Settings) -> Callable[[Article], Article]:
    """Read the entity config; load the models and gazetteers of every language the language
    stage may answer with now, once per process, not on a worker's first articles."""
    options: Any = getattr(settings, "entities", None)
    config = EntityConfig.load(
        settings.config_dir / (getattr(options, "config", None) or CONFIG_FILE)
    )
    extractor = Extractor(config, dict(getattr(options, "backends", None) or {}))
    languages = {*_configured_languages(config, extractor.overrides), *settings.language.languages}
    for language in sorted(languages):
        extractor.recognizer(language)

    def extract_entities(article: Article) -> Article:
        language = str(article.language.get("code") or "und")
        return article.replace(entities=tuple(extractor(article.text, language)))

    return extract_entities


def _configured_languages(config: EntityConfig, overrides: dict[str, str]) -> list[str]:
    """Languages named in the backend tables (their backends are loaded at start)."""
    table = {**config.data.get("backends", {}), **overrides}
    return sorted(language for language in table if language != "default")
