"""The stage registry and the chain, read from config in one place.

`Chain(settings)` is the chain as configured (hop names, queues, the source kinds each hop
serves) without building any stage: intake and the sweeper use it. It refuses, when it is
read, a chain whose order breaks a stage's declared contract (`check_order`).
`Pipeline(settings, redis)` binds every stage's options once; a stage with shared state
(`StageSpec.shared`: stories) keeps it in that Redis, or in memory without one.
`hops_for(kind)` is the chain for one submission (hops with no stage that applies to its
source kind are left out).
`run_hop()` runs one hop's stages, timing and logging each; `run()` runs them all in this
process, which is what `ingest run`, the tests and the benchmarks use. Celery tasks call
`run_hop()` too, so both paths give the same record.
"""

from __future__ import annotations

import contextlib
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import structlog
from redis import Redis

from worker.article import Article
from worker.errors import ConfigError, Rejected
from worker.settings import Settings
from worker.stages import (
    StageSpec,
    clean,
    dates,
    entities,
    fetch,
    fingerprint,
    keywords,
    language,
    metadata,
    quotes,
    stories,
)

log = structlog.get_logger("worker.pipeline")


# The built-in stages, declared in their folders; the order of execution comes from config,
# never from here. A chain may also name a stage of its own as "package.module:factory"
# (factory(settings) -> Stage; the module may set KINDS, REQUIRES, USES and ASSIGNS).
BUILTIN = (
    fetch, clean, language, metadata, entities, quotes, dates, keywords, fingerprint, stories
)  # fmt: skip
REGISTRY: dict[str, StageSpec] = {package.STAGE.name: package.STAGE for package in BUILTIN}
# What a submission carries before any stage runs (worker.runtime.ledger.submitted_article).
AT_INTAKE = frozenset(
    {"ingest_id", "received_at", "source", "raw", "declared_charset", "force", "title",
     "published", "language.declared"}
)  # fmt: skip


def stage_spec(name: str) -> StageSpec:
    """The spec of a built-in stage or of a custom "package.module:factory" one."""
    if name in REGISTRY:
        return REGISTRY[name]
    module_name, sep, factory = name.partition(":")
    if not sep or not module_name or not factory.isidentifier():
        raise ConfigError(
            f"unknown stage {name!r} in the chain; known: {sorted(REGISTRY)}, "
            "or a custom one as 'package.module:factory'"
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigError(f"custom stage {name!r}: {exc}") from exc
    kinds = getattr(module, "KINDS", None)
    return StageSpec(
        name=name,
        event=f"article_{factory}_done",
        kinds=frozenset(kinds) if kinds else None,
        requires=tuple(getattr(module, "REQUIRES", ())),
        uses=tuple(getattr(module, "USES", ())),
        assigns=tuple(getattr(module, "ASSIGNS", ())),
        factory=name,
    )


def check_order(specs: list[StageSpec]) -> None:
    """Refuse a chain (ConfigError, saying what to move or add) where a stage reads a field
    that only later stages set, or requires one that neither intake nor an earlier stage sets.
    Fields are the record's (`language.code` for a part of one)."""
    for position, spec in enumerate(specs):
        for field in (*spec.requires, *spec.uses):
            setters = [i for i, s in enumerate(specs) if field in s.assigns and i != position]
            if setters and min(setters) > position:
                setter = specs[min(setters)].name
                raise ConfigError(
                    f"stage {spec.name!r} reads {field!r}, which stage {setter!r} sets, but "
                    f"runs before it: put {setter!r} earlier in the chain"
                )
            if not setters and field in spec.requires and field not in AT_INTAKE:
                known = sorted(s.name for s in REGISTRY.values() if field in s.assigns)
                raise ConfigError(
                    f"stage {spec.name!r} needs {field!r}, which no stage of the chain sets; "
                    f"add {' or '.join(known) or 'a stage that sets it'} before it"
                )


@dataclass(frozen=True)
class HopPlan:
    """One hop of the chain as configured: its stages by name, its queue, the kinds it serves."""

    name: str
    queue: str
    stages: tuple[str, ...]
    kinds: frozenset[str] | None  # None: every source kind

    def applies(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


class Chain:
    """The configured hops, read from settings without building a stage (intake, sweeper)."""

    def __init__(self, settings: Settings) -> None:
        self.hops = tuple(_plan_hop(hop.hop, hop.queue, hop.stages) for hop in settings.chain)
        check_order([stage_spec(name) for hop in self.hops for name in hop.stages])
        names = [hop.name for hop in self.hops]
        if len(set(names)) != len(names):
            raise ConfigError(f"hop names must be unique: {names}")
        if not self.hops:
            raise ConfigError("the chain has no hop")

    @property
    def queues(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(hop.queue for hop in self.hops))

    def hop(self, name: str) -> HopPlan:
        for hop in self.hops:
            if hop.name == name:
                return hop
        raise ConfigError(f"no hop named {name!r} in the chain")

    def hops_for(self, kind: str) -> list[HopPlan]:
        """The hops a submission of this source kind goes through, in order."""
        return [hop for hop in self.hops if hop.applies(kind)]

    def first(self, kind: str) -> HopPlan:
        hops = self.hops_for(kind)
        if not hops:
            raise ConfigError(f"no hop of the chain applies to a {kind!r} submission")
        return hops[0]

    def after(self, kind: str, name: str) -> HopPlan | None:
        """The hop after `name` for this kind, or None when `name` is the last."""
        hops = [hop.name for hop in self.hops_for(kind)]
        index = hops.index(name) + 1
        return self.hop(hops[index]) if index < len(hops) else None


def _plan_hop(name: str, queue: str, stage_names: list[str]) -> HopPlan:
    specs = [stage_spec(stage) for stage in stage_names]
    if any(spec.kinds is None for spec in specs):
        kinds = None
    else:
        kinds = frozenset().union(*(spec.kinds or () for spec in specs))
    return HopPlan(name, queue, tuple(stage_names), kinds)


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Article], Article]
    event: str
    kinds: frozenset[str] | None  # None: every source kind
    shared: bool = False  # keeps state across articles (StageSpec.shared)

    def applies(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


@dataclass(frozen=True)
class Hop:
    name: str
    queue: str
    stages: tuple[Stage, ...]


class Pipeline:
    """The configured chain of hops, with every stage's options bound."""

    def __init__(self, settings: Settings, redis: Redis | None = None) -> None:
        self.chain = Chain(settings)
        self.hops = tuple(
            Hop(
                plan.name,
                plan.queue,
                tuple(_load_stage(name, settings, redis) for name in plan.stages),
            )
            for plan in self.chain.hops
        )

    def hop(self, name: str) -> Hop:
        return self.hops[self.chain.hops.index(self.chain.hop(name))]

    def hops_for(self, kind: str) -> list[Hop]:
        """The hops a submission of this source kind goes through, in order."""
        return [self.hop(plan.name) for plan in self.chain.hops_for(kind)]

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


def _load_stage(name: str, settings: Settings, redis: Redis | None) -> Stage:
    spec = stage_spec(name)
    module_name, function = spec.factory_path
    make = getattr(importlib.import_module(module_name), function, None)
    if make is None:
        raise ConfigError(f"stage {name!r}: {module_name} has no {function}()")
    run = make(settings, redis) if spec.shared else make(settings)
    return Stage(name, run, spec.event, spec.kinds, spec.shared)


def _run_stage(stage: Stage, article: Article) -> Article:
    """Run one stage, timed. An exception leaves with the stage's name in `exc.stage`."""
    started = time.perf_counter()
    try:
        result = stage.run(article)
    except Rejected as exc:
        exc.stage = stage.name
        log.debug(
            "stage_rejected",
            stage=stage.name,
            outcome="rejected",
            reason=str(exc.reason),
            detail=exc.detail,
            ms=_ms(started),
        )
        raise
    except Exception as exc:
        with contextlib.suppress(AttributeError, TypeError):
            exc.stage = stage.name  # type: ignore[attr-defined]
        raise
    ms = _ms(started)
    result = result.replace(stages={**result.stages, stage.name: {"ms": ms}})
    log.debug(stage.event, stage=stage.name, outcome="ok", ms=ms, article_id=result.article_id)
    return result


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
