"""In one process: the floor (plain trafilatura), the pipeline per page and per stage, and
the pipeline's throughput on N processes (the in-process figure the workers are held to)."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import time
from typing import Any

import trafilatura

from perf.pages import Page
from perf.stats import median, pct
from worker.article import Article
from worker.pipeline import Pipeline
from worker.runtime.warmup import warm
from worker.settings import Settings

CORE = ("clean", "language", "metadata", "fingerprint")  # decode is part of clean


def side_by_side(
    pages: list[Page], passes: int, settings: Settings
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """The floor (trafilatura.extract, its defaults) and the pipeline, page by page in turn so
    both meet the same machine: (page -> floor ms, page -> the pipeline's figures), each the
    median over `passes`. The pipeline's figures: each stage's ms, `serialize` (record to
    JSON), `core` and `whole` (all stages + serialize). Each pass has a pipeline of its own,
    so the stories stage places every page anew (its state is in memory, as in `ingest run`)
    instead of finding it placed by the pass before."""
    chains = [Pipeline(settings) for _ in range(passes)]
    warm(chains[0])
    trafilatura.extract(pages[0].html)
    floors: dict[str, list[float]] = {}
    runs: dict[str, list[dict[str, float]]] = {}
    for chain in chains:
        for page in pages:
            started = time.perf_counter()
            trafilatura.extract(page.html)
            floors.setdefault(page.name, []).append((time.perf_counter() - started) * 1000)
            runs.setdefault(page.name, []).append(_one(chain, page))
    floor = {name: median(ms) for name, ms in floors.items()}
    per_page = {
        name: {k: median([r.get(k, 0.0) for r in rs]) for k in rs[0]} for name, rs in runs.items()
    }
    return floor, per_page


def article(page: Page) -> Article:
    source = {"kind": "file", "uri": f"{page.name}.html", "content_type": "text/html"}
    return Article(
        ingest_id="bench", received_at="2026-01-01T00:00:00Z", source=source, raw=page.html
    )


def _one(chain: Pipeline, page: Page) -> dict[str, float]:
    started = time.perf_counter()
    try:
        done = chain.run(article(page))
    except Exception:  # a page the pipeline refuses still cost what it cost
        return {"whole": (time.perf_counter() - started) * 1000, "core": 0.0, "refused": 1.0}
    mid = time.perf_counter()
    json.dumps(done.to_record(), ensure_ascii=False)
    serialize = (time.perf_counter() - mid) * 1000
    row = {name: t["ms"] for name, t in done.stages.items()}
    row["serialize"] = serialize
    row["core"] = sum(row.get(s, 0.0) for s in CORE) + serialize
    row["whole"] = (time.perf_counter() - started) * 1000
    return row


def summary(per_page: dict[str, dict[str, float]], key: str) -> dict[str, float]:
    values = [row[key] for row in per_page.values() if key in row]
    return {"median": round(median(values), 2), "p95": round(pct(values, 95), 2)}


def throughput(pages: list[Page], processes: int, settings: Settings) -> float:
    """Pages per second for the whole pipeline on `processes` processes, the pages split
    between them, counted from when every process has built and warmed its pipeline."""
    ctx = multiprocessing.get_context("fork")
    ready, go = ctx.Barrier(processes + 1), ctx.Event()
    done = ctx.Queue()
    workers = [
        ctx.Process(target=_share, args=(pages[i::processes], settings, ready, go, done))
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    ready.wait()
    started = time.perf_counter()
    go.set()
    finished = [done.get() for _ in workers]
    for worker in workers:
        worker.join()
    return len(pages) / (max(finished) - started)


def _share(pages: list[Page], settings: Settings, ready: Any, go: Any, done: Any) -> None:
    chain = Pipeline(settings)
    warm(chain)
    ready.wait()
    go.wait()
    for page in pages:
        with contextlib.suppress(Exception):  # a refused page cost what it cost
            json.dumps(chain.run(article(page)).to_record(), ensure_ascii=False)
    done.put(time.perf_counter())
