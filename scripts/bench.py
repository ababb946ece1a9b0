#!/usr/bin/env python3
"""Per-article cost of the extraction stages on the AEB pages' clean text.

    scripts/bench.py PATH_TO_AEB [--repeat 3] [--limit N] [--budget 15]

PATH_TO_AEB is the article-extraction-benchmark folder (`html/<id>.html.gz`). Each page is
cleaned (stage `clean`), tagged (`language`) and tidied (`metadata`) once, untimed, as the
chain does before extraction. Then the extraction stages run in chain order, entities ->
quotes -> dates -> keywords -> fingerprint -> stories (each fed the previous one's output),
with the rule backends, and each stage is timed per article. `stories` keeps state (in
memory here, as in `ingest run`): every run starts it afresh, so each article is placed
among the pages before it, never found placed already; its cost with a large index in
Redis is measured by scripts/bench_stories.py. Every article is timed `--repeat` times; its
time per stage is the median of those, and the report gives the median and p95 over articles,
per stage and for them all together, against `--budget` ms. A stage module not there yet is
skipped with a note. If spaCy is installed, the entities stage with the spaCy backend for
English is timed separately (its cost is not in the rule total). Exit status 1 when the total
median is over budget.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import importlib
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from worker.article import Article
from worker.settings import Settings, load_settings

Stage = Callable[[Article], Article]
EXTRACTION = ("entities", "quotes", "dates", "keywords", "fingerprint", "stories")
PREPARE = ("clean", "language", "metadata")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = load_settings()
    articles = prepare(Path(args.aeb), settings, args.limit)
    print(f"{len(articles)} pages from {args.aeb}; languages: {_languages(articles)}")
    stages = _stages(with_entities_backend(settings, "rules"))
    times = time_stages(articles, stages, args.repeat)
    total = [sum(per_stage) for per_stage in zip(*times.values(), strict=True)]
    print(f"\nrule backends, ms per article (median of {args.repeat} runs each):")
    for name, values in times.items():
        _report(name, values)
    _report("total", total)
    _spacy_report(articles, settings, args.repeat)
    median = statistics.median(total) if total else 0.0
    verdict = "within" if median <= args.budget else "OVER"
    print(f"\ntotal median {median:.2f} ms: {verdict} the {args.budget:g} ms budget")
    return 0 if median <= args.budget else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("aeb", help="folder of the article-extraction-benchmark (has html/)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per article")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--budget", type=float, default=15.0, help="total median budget, ms")
    return parser


def prepare(aeb: Path, settings: Settings, limit: int) -> list[Article]:
    """Clean, language-tag and tidy every page once, untimed."""
    steps = [_make(name, settings) for name in PREPARE]
    pages = sorted((aeb / "html").glob("*.html.gz"))[: limit or None]
    articles = []
    for page in pages:
        article = Article(
            ingest_id=page.name.removesuffix(".html.gz"),
            received_at="1970-01-01T00:00:00Z",
            raw=gzip.decompress(page.read_bytes()),
            source={"kind": "html", "uri": str(page), "content_type": "text/html"},
        )
        try:
            for step in steps:
                article = step(article)
        except Exception as exc:  # a page the cleaner rejects is not an extraction cost
            print(f"note: {page.name} skipped ({type(exc).__name__}: {exc})")
            continue
        articles.append(article)
    return articles


def with_entities_backend(settings: Settings, backend: str, language: str = "en") -> Settings:
    """The settings with `backend` for `language` and the rules for every other language."""
    entities = settings.entities.model_copy(
        update={"backends": {"default": "rules", language: backend}}
    )
    return settings.model_copy(update={"entities": entities})


def _make(name: str, settings: Any) -> Stage:
    """A stage as the pipeline builds it (the stories stage with its state in memory)."""
    stage: Stage = importlib.import_module(f"worker.stages.{name}.stage").make(settings)
    return stage


def _stages(settings: Any, names: Sequence[str] = EXTRACTION) -> dict[str, Callable[[], Stage]]:
    """Per stage, a factory: a stage with state is made afresh for every timed run."""
    stages: dict[str, Callable[[], Stage]] = {}
    for name in names:
        if importlib.util.find_spec(f"worker.stages.{name}") is None:
            print(f"note: worker/stages/{name}/ is not there yet: skipped")
            continue
        shared = importlib.import_module(f"worker.stages.{name}").STAGE.shared
        stages[name] = functools.partial(_make, name, settings)
        if not shared:
            stages[name] = functools.partial(_same, _make(name, settings))
    return stages


def _same(stage: Stage) -> Stage:
    return stage


def time_stages(
    articles: Sequence[Article], factories: dict[str, Callable[[], Stage]], repeat: int
) -> dict[str, list[float]]:
    """Per stage, each article's median time in ms over `repeat` runs of the whole chain."""
    runs: dict[str, list[list[float]]] = {name: [[] for _ in articles] for name in factories}
    for article in articles[:1]:  # first use: lazily built tables are not per-article cost
        stages = {name: make() for name, make in factories.items()}
        _run_chain(article, stages, {name: [] for name in stages})
    for _ in range(repeat):
        stages = {name: make() for name, make in factories.items()}
        for i, article in enumerate(articles):
            _run_chain(article, stages, {name: runs[name][i] for name in stages})
    return {name: [statistics.median(r) for r in per_article] for name, per_article in runs.items()}


def _run_chain(article: Article, stages: dict[str, Stage], sink: dict[str, list[float]]) -> None:
    for name, stage in stages.items():
        started = time.perf_counter()
        article = stage(article)
        sink[name].append((time.perf_counter() - started) * 1000)


def _spacy_report(articles: Sequence[Article], settings: Settings, repeat: int) -> None:
    if importlib.util.find_spec("spacy") is None or "entities" not in _stage_names():
        print("\nspaCy is not installed: no spaCy entities figures")
        return
    spacy = with_entities_backend(settings, "spacy")
    stage = {"entities (spaCy for en)": _stages(spacy, ["entities"])["entities"]}
    times = time_stages(articles, stage, repeat)
    print("\nentities with the spaCy backend (en; rules elsewhere), ms per article:")
    for name, values in times.items():
        _report(name, values)


def _stage_names() -> set[str]:
    return {n for n in EXTRACTION if importlib.util.find_spec(f"worker.stages.{n}") is not None}


def _report(name: str, values: Sequence[float]) -> None:
    if not values:
        return
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"  {name:30s} median {statistics.median(values):7.2f}   p95 {p95:7.2f}")


def _languages(articles: Sequence[Article]) -> str:
    counts: dict[str, int] = {}
    for article in articles:
        code = str(article.language.get("code"))
        counts[code] = counts.get(code, 0) + 1
    return ", ".join(f"{code} {n}" for code, n in sorted(counts.items(), key=lambda kv: -kv[1]))


if __name__ == "__main__":
    sys.exit(main())
