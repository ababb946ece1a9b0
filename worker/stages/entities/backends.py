"""Choosing and loading a recognizer per language, once per process.

`Extractor(config)` maps a language code to an entity list: it picks the configured
backend ("spacy", "rules", "sudachi" for Japanese, "jieba" for Chinese, "natasha" for
Russian, "pymorphy" for Ukrainian, "morfeusz" for Polish), loads it on first use and keeps
it for the life of the process (recognizers are cached at module level, so every stage
instance in a worker shares one model). When "spacy" is configured but spaCy or its model
is missing, the rule backend is used instead and `entities_backend_unavailable` is logged
once per process and language.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import structlog

from worker.stages.entities.chinese import ChineseRecognizer
from worker.stages.entities.gazetteer import Gazetteer
from worker.stages.entities.hybrid import Supplemented
from worker.stages.entities.japanese import JapaneseRecognizer
from worker.stages.entities.lexicon import EntityConfig
from worker.stages.entities.mentions import Recognizer
from worker.stages.entities.morphology import Morfeusz, MorphologyRecognizer, Pymorphy
from worker.stages.entities.names import resolve
from worker.stages.entities.rules import RuleRecognizer
from worker.stages.entities.russian import RussianRecognizer
from worker.stages.entities.spacy_backend import BackendUnavailable
from worker.stages.entities.spacy_backend import load as load_spacy
from worker.stages.entities.trim import Trimmer

log = structlog.get_logger("worker.stages.entities")

BACKENDS = ("rules", "spacy", "sudachi", "jieba", "natasha", "pymorphy", "morfeusz")


class Extractor:
    """Entities of a text in a given language, with the configured backend."""

    def __init__(self, config: EntityConfig, overrides: dict[str, str] | None = None) -> None:
        self.config = config
        self.overrides = overrides or {}

    def recognizer(self, language: str) -> Recognizer:
        """The backend for `language`, loaded now if it is not yet (raises ValueError for an
        unknown backend name)."""
        backend = self.config.backend_for(language, self.overrides)
        if backend not in BACKENDS:
            raise ValueError(f"unknown entities backend {backend!r}; known: {BACKENDS}")
        if backend == "spacy":
            model = self.config.data.get("spacy", {}).get("models", {}).get(language)
            found = _spacy(model) if model else None
            if found is not None:
                return Supplemented(found, _rules(self.config, language))
            _warn_once(language, model)
        if backend == "sudachi":  # Japanese: the names by Sudachi's parts of speech
            return _japanese(self.config)
        if backend == "jieba":  # Chinese: the names by jieba's tags, confirmed by cues
            return _chinese(self.config)
        if backend == "natasha":  # Russian: Natasha's news NER, names in the nominative
            return Supplemented(_russian(), _rules(self.config, language))
        if backend in ("pymorphy", "morfeusz"):  # Ukrainian, Polish: the rules, corrected
            return _morphology(self.config, language, backend)  # by a dictionary
        return _rules(self.config, language)

    def __call__(self, text: str, language: str) -> list[dict[str, Any]]:
        """Record dicts for the entities of `text` (see worker.stages.entities.names.resolve)."""
        if not text.strip():
            return []
        return resolve(text, self.recognizer(language)(text), _trimmer(self.config, language))


def spacy_available(model: str) -> bool:
    """spaCy and the pipeline package `model` load (loads it, once per process)."""
    return _spacy(model) is not None


@cache
def _rules(config: EntityConfig, language: str) -> RuleRecognizer:
    return RuleRecognizer(config, language)


@cache
def _japanese(config: EntityConfig) -> JapaneseRecognizer:
    return JapaneseRecognizer(config.lexicon("ja"))


@cache
def _chinese(config: EntityConfig) -> ChineseRecognizer:
    return ChineseRecognizer(
        config.lexicon("zh"), Gazetteer.configured(config.data["gazetteer"], "zh")
    )


@cache
def _morphology(config: EntityConfig, language: str, backend: str) -> MorphologyRecognizer:
    analyzer = Morfeusz() if backend == "morfeusz" else Pymorphy(language)
    return MorphologyRecognizer(_rules(config, language), analyzer)


@cache
def _russian() -> RussianRecognizer:
    return RussianRecognizer()


@cache
def _trimmer(config: EntityConfig, language: str) -> Trimmer:
    return Trimmer(config.lexicon(language))


@cache
def _spacy(model: str) -> Recognizer | None:
    try:
        return load_spacy(model)
    except BackendUnavailable as exc:
        _failures[model] = str(exc)
        return None


_failures: dict[str, str] = {}


@cache
def _warn_once(language: str, model: str | None) -> None:
    log.warning(
        "entities_backend_unavailable",
        backend="spacy",
        language=language,
        model=model,
        error=_failures.get(model or "", "no model configured for this language"),
        fallback="rules",
    )
