#!/usr/bin/env python3
"""What a worker process holds in memory, and which packages hold it.

    scripts/process_memory.py [PAGES] [--top 12]

Builds the pipeline as a worker's main process does before it forks its pool (every stage
of the chain, the warm-up, the freeze), then forks a process that runs the pages of the
folder PAGES (`*.html`, `*.html.gz`; e.g. ../shared/bench/aeb/html; default: the project's
samples) through the chain's stages as a pool process does (all but `stories`, whose state
a worker keeps in Redis). It prints, after each step, the resident memory (RSS) of a run
without tracing, and the part of it that is private (not shared with another process: for
the pool process, what each more process costs), and the Python memory held by the package
that allocated it (tracemalloc, in a second run: tracing slows the run and inflates its
RSS, so the two are measured apart). `make bench` gives the peak RSS of real worker
processes; this says where it goes.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import re
import subprocess
import sys
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

from perf.procfs import memory_mb

ROOT = Path(__file__).resolve().parent.parent
_INSTALLED = re.compile(r"site-packages/(\w+)")
_STANDARD = re.compile(r"/python3\.\d+/(\w+)")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("pages", nargs="?", type=Path, default=ROOT / "samples")
    p.add_argument("--top", type=int, default=12, help="packages listed per step")
    p.add_argument("--measure", choices=("rss", "trace"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.measure:
        print(json.dumps(measure(args.pages, args.measure == "trace")))
        return 0
    runs = {
        mode: json.loads(
            subprocess.run(
                [sys.executable, __file__, str(args.pages), "--measure", mode],
                capture_output=True, text=True, check=True,
            ).stdout.splitlines()[-1]
        )
        for mode in ("rss", "trace")
    }  # fmt: skip
    before: Counter[str] = Counter()
    for step, rss in runs["rss"].items():
        held = Counter(runs["trace"][step])
        print(f"\n## {step}: RSS {rss['rss']} MB, private {rss['private']} MB; "
              f"Python memory held {sum(held.values()) / 2**20:.1f} MB")  # fmt: skip
        for package, size in (held - before).most_common(args.top):
            print(f"  {package:<36} {size / 2**20:+7.1f} MB (now {held[package] / 2**20:.1f})")
        before = held
    return 0


def measure(folder: Path, trace: bool) -> dict[str, object]:
    """Per step, RSS in MB (untraced) or bytes held per package (traced)."""
    if trace:
        tracemalloc.start()

    def taken() -> object:
        gc.collect()
        return by_package() if trace else resident()

    # Imported here, once tracing has started, so that what they hold is counted.
    from worker import logs  # noqa: PLC0415
    from worker.pipeline import Pipeline  # noqa: PLC0415
    from worker.runtime.warmup import freeze, warm  # noqa: PLC0415
    from worker.settings import load_settings  # noqa: PLC0415

    logs.configure("console", "WARNING")
    out = {"start (imports)": taken()}
    pipeline = Pipeline(load_settings())
    out["stages built"] = taken()
    warm(pipeline)
    out["warmed up (the main process forks here)"] = taken()
    paths = sorted([*folder.glob("*.html"), *folder.glob("*.html.gz")])
    read, write = os.pipe()
    freeze()  # as the worker does before its pool forks
    child = os.fork()  # a pool process, forked from the warmed-up main process as Celery's are
    if child == 0:
        os.close(read)
        try:
            run_pages(pipeline, paths)
            with os.fdopen(write, "w") as pipe:
                pipe.write(json.dumps(taken()))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        out[f"{len(paths)} pages run (a pool process)"] = json.loads(pipe.read())
    os.waitpid(child, 0)
    return out


def run_pages(pipeline: Any, paths: list[Path]) -> None:
    """The pages through the chain's stages, but `stories`, as a pool process runs them."""
    from worker.article import Article  # noqa: PLC0415  (loaded already, with the pipeline)
    from worker.errors import IngestError  # noqa: PLC0415

    for i, path in enumerate(paths):
        raw = path.read_bytes()
        raw = gzip.decompress(raw) if path.suffix == ".gz" else raw
        source = {"kind": "file", "uri": path.name, "content_type": "text/html"}
        article = Article(ingest_id=f"p{i}", received_at="2026-01-05T08:00:00Z", source=source,
                          raw=raw)  # fmt: skip
        try:
            for hop in pipeline.hops_for("file"):
                for stage in hop.stages:
                    if stage.applies("file") and stage.name != "stories":
                        article = stage.run(article)
        except IngestError:  # a refused page (a dead letter in a worker) used memory too
            continue


def resident() -> dict[str, int]:
    rss, private = memory_mb()
    return {"rss": int(rss), "private": int(private)}


def by_package() -> dict[str, int]:
    """Bytes held, by the package whose code allocated them (`worker` for ours)."""
    held: Counter[str] = Counter()
    for stat in tracemalloc.take_snapshot().statistics("filename"):
        name = stat.traceback[0].filename
        found = _INSTALLED.search(name) or _STANDARD.search(name)
        if found:
            package = found[1]
        elif name.startswith(str(ROOT / "worker")):
            package = "worker (this project)"
        elif name.startswith("<frozen"):
            package = "module code (imports)"
        else:
            package = name
        held[package] += stat.size
    return dict(held)


if __name__ == "__main__":
    sys.exit(main())
