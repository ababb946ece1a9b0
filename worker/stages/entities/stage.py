"""`make(settings)`: the `entities` stage with its options bound (its contract is the
package's docstring, in worker/stages/entities/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel import localedata

from worker.article import Article
from worker.settings import Settings
from worker.stages.entities.backends import Extractor
from worker.stages.entities.lexicon import EntityConfig

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
    # The cue words and place names are read from babel's locale data (CLDR) once, above;
    # babel keeps every locale it loaded (some 20 MB for 20 languages) unless told not to.
    localedata.clear_caches()

    def entities(article: Article) -> Article:
        language = str(article.language.get("code") or "und")
        return article.replace(entities=tuple(extractor(article.text, language)))

    return entities


def _configured_languages(config: EntityConfig, overrides: dict[str, str]) -> list[str]:
    """Languages named in the backend tables (their backends are loaded at start)."""
    table = {**config.data.get("backends", {}), **overrides}
    return sorted(language for language in table if language != "default")
