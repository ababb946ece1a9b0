"""The stage registry and the chain, read from config in one place.

`Pipeline(settings)` binds every stage's options once. `hops_for(kind)` is the chain for one
submission (hops with no stage that applies to its source kind are left out). `run_hop()`
runs one hop's stages, timing and logging each; `run()` runs them all in this process, which
is what `ingest run`, the tests and the benchmarks use. Celery tasks call `run_hop()` too, so
both paths give the same record.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import structlog

from worker.article import Article
from worker.errors import ConfigError, Rejected
from worker.settings import Settings

log = structlog.get_logger("worker.pipeline")

# name -> (module, log event); the order of execution comes from config, never from here.
REGISTRY: dict[str, tuple[str, str]] = {
    "fetch": ("worker.stages.fetch", "article_fetched"),
    "clean": ("worker.stages.clean", "article_cleaned"),
    "language": ("worker.stages.language", "article_language_tagged"),
    "metadata": ("worker.stages.metadata", "article_metadata_extracted"),
    "entities": ("worker.stages.entities", "article_entities_extracted"),
    "quotes": ("worker.stages.quotes", "article_quotes_extracted"),
    "dates": ("worker.stages.dates", "article_dates_extracted"),
    "keywords": ("worker.stages.keywords", "article_keywords_extracted"),
    "fingerprint": ("worker.stages.fingerprint", "article_fingerprinted"),
}


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Article], Article]
    event: str
    kinds: frozenset[str] | None  # None: every source kind

    def applies(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


@dataclass(frozen=True)
class Hop:
    name: str
    queue: str
    stages: tuple[Stage, ...]


class Pipeline:
    """The configured chain of hops, with every stage's options bound."""

    def __init__(self, settings: Settings) -> None:
        self.hops = tuple(
            Hop(hop.hop, hop.queue, tuple(_load_stage(name, settings) for name in hop.stages))
            for hop in settings.chain
        )
        names = [hop.name for hop in self.hops]
        if len(set(names)) != len(names):
            raise ConfigError(f"hop names must be unique: {names}")

    def hop(self, name: str) -> Hop:
        for hop in self.hops:
            if hop.name == name:
                return hop
        raise ConfigError(f"no hop named {name!r} in the chain")

    def hops_for(self, kind: str) -> list[Hop]:
        """The hops a submission of this source kind goes through, in order."""
        return [h for h in self.hops if any(s.applies(kind) for s in h.stages)]

    def run_hop(self, hop: Hop, article: Article) -> Article:
        """Run one hop's applicable stages; Rejected propagates after being logged."""
        kind = article.source.get("kind", "")
        for stage in hop.stages:
            if stage.applies(kind):
                article = _run_stage(stage, article)
        return article

    def run(self, article: Article) -> Article:
        for hop in self.hops_for(article.source.get("kind", "")):
            article = self.run_hop(hop, article)
        return article


def _load_stage(name: str, settings: Settings) -> Stage:
    if name not in REGISTRY:
        raise ConfigError(f"unknown stage {name!r} in the chain; known: {sorted(REGISTRY)}")
    module_name, event = REGISTRY[name]
    module = importlib.import_module(module_name)
    kinds = getattr(module, "KINDS", None)
    return Stage(name, module.make(settings), event, frozenset(kinds) if kinds else None)


def _run_stage(stage: Stage, article: Article) -> Article:
    started = time.perf_counter()
    try:
        result = stage.run(article)
    except Rejected as exc:
        log.warning(
            "stage_rejected",
            stage=stage.name,
            outcome="rejected",
            reason=str(exc.reason),
            detail=exc.detail,
            ms=_ms(started),
        )
        raise
    ms = _ms(started)
    result = result.replace(stages={**result.stages, stage.name: {"ms": ms}})
    log.info(stage.event, stage=stage.name, outcome="ok", ms=ms, article_id=result.article_id)
    return result


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
