#!/usr/bin/env python3
"""The whole worker's cost, side by side in one run: `make bench DATA=PATH`.

    scripts/bench_worker.py PATH [--copies 2000] [--passes 3] [--rounds 3]
                            [--steady-seconds 30] [--enqueue-items 10000]
                            [--json bench.json] [--no-peers]

PATH is a folder of pages (`*.html`, `*.html.gz`; `../shared/bench/aeb/html` is the standard
set). The same pages, in one run:
- floor: plain `trafilatura.extract` per page, one process (the work we cannot avoid);
- in-process: the pipeline per page as `ingest run` runs it, per stage (median, p95), its
  core (decode, clean, language, metadata, fingerprint, serialization) and the whole chain;
- throughput, in `--rounds` turns over `--copies` pages (each copy with a paragraph of its
  own): a share of the pages in process on 2 processes, then the same share through a real
  redis-server and a real `ingest worker -c 2` as one burst (latency from submit to record);
  the ratio is taken within each round (the machine's speed drifts over minutes);
- latency through the worker at a steady half of the burst throughput;
- intake: `ingest enqueue` of `--enqueue-items` small files and `ingest bridge --once` of as
  many inbox entries, no worker running;
- peers: newspaper4k and news-please (in .venv-peers, network refused), when installed;
- peak RSS of each worker process; Redis memory per article retained.
Per-page times are medians over `--passes`. Prints a table and writes JSON (`--json`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from perf import distributed, inprocess, intake_rates, pages, peer
from perf.report import report
from perf.stats import median, pct, ratio

from worker import logs
from worker.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logs.configure("console", "WARNING")
    sample = pages.load(Path(args.data))
    settings = load_settings()
    figures: dict[str, Any] = {
        "pages": len(sample),
        "copies": args.copies,
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }
    print(
        f"{len(sample)} pages from {args.data}; floor and in-process, {args.passes} passes...",
        flush=True,
    )
    floor, per_page = inprocess.side_by_side(sample, args.passes, settings)
    figures["in_process"] = in_process_figures(floor, per_page)
    copies = pages.copies(sample, args.copies)
    print(f"in process and distributed, {args.rounds} rounds in turn...", flush=True)
    figures["distributed"] = distributed_figures(
        copies, per_page, args.steady_seconds, settings, args.rounds
    )
    figures["in_process"]["throughput_2p"] = figures["distributed"].pop("in_process_throughput")
    print("intake...", flush=True)
    figures["intake"] = intake_figures(args.enqueue_items)
    if not args.no_peers:
        print("peers...", flush=True)
        figures["peers"] = peer_figures(sample, args.passes, floor)
    figures["targets"] = targets(figures)
    Path(args.json).write_text(json.dumps(figures, indent=2))
    print(report(figures))
    print(f"\nJSON: {args.json}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("data", help="a folder of pages (*.html, *.html.gz)")
    p.add_argument("--copies", type=int, default=2000)
    p.add_argument("--passes", type=int, default=3)
    p.add_argument("--rounds", type=int, default=3, help="in-process/distributed turns")
    p.add_argument("--steady-seconds", type=float, default=30.0)
    p.add_argument("--enqueue-items", type=int, default=10_000)
    p.add_argument("--json", default="bench.json")
    p.add_argument("--no-peers", action="store_true")
    return p


def in_process_figures(
    floor: dict[str, float], per_page: dict[str, dict[str, float]]
) -> dict[str, Any]:
    """Per stage, core and whole chain, with their cost against the floor two ways: the
    median of per-page ratios, and the ratio of totals (what a stream of these pages costs)."""
    names = [n for n in per_page if per_page[n].get("core") and floor.get(n)]
    stages = sorted({k for row in per_page.values() for k in row} - {"core", "whole", "refused"})
    figures: dict[str, Any] = {
        "floor_ms": _spread(list(floor.values())),
        "stages_ms": {s: inprocess.summary(per_page, s) for s in stages},
        "refused_pages": sum(1 for row in per_page.values() if row.get("refused")),
    }
    total_floor = sum(floor[n] for n in names)
    for key in ("core", "whole"):
        figures[f"{key}_ms"] = inprocess.summary(per_page, key)
        figures[f"{key}_vs_floor"] = round(median([per_page[n][key] / floor[n] for n in names]), 3)
        figures[f"{key}_vs_floor_total"] = ratio(sum(per_page[n][key] for n in names), total_floor)
    return figures


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": round(median(values), 2), "p95": round(pct(values, 95), 2)}


def distributed_figures(
    copies: list[pages.Page],
    per_page: dict[str, dict[str, float]],
    steady_s: float,
    settings: Any,
    rounds: int,
) -> dict[str, Any]:
    """The worker against the in-process pipeline on the same 2 cores, in turns: each round
    runs a share of the pages in process (2 processes), then sends the same share to the
    worker as one burst. The machine's speed drifts over minutes; a ratio taken within a
    round does not. Then latency at a steady half of the burst throughput."""
    with distributed.cluster(processes=2) as run:
        warm = copies[:20]
        distributed.finished(run, distributed.submit(run, warm, rate=None), 120)
        before = distributed.memory_used(run)
        sent: dict[str, float] = {}
        done: dict[str, float] = {}
        cpu: dict[str, float] = {}
        turns = []
        for share in (copies[20 + i :: rounds] for i in range(rounds)):
            local = inprocess.throughput(share, 2, settings)
            turn = _burst(run, share)
            sent.update(turn.pop("sent"))
            done.update(turn.pop("done"))
            for name, ms in turn.pop("cpu_ms").items():
                cpu[name] = cpu.get(name, 0.0) + ms
            turns.append({**turn, "in_process": local})
        retained = (distributed.memory_used(run) - before) / max(1, len(done))
        rate = median([t["throughput"] for t in turns])
        steady = pages.copies(_originals(copies), max(1, int(rate / 2 * steady_s)), tag="s")
        sent_steady = distributed.submit(run, steady, rate=rate / 2)
        done_steady = distributed.finished(run, sent_steady, 600)
        extra = _over_in_process(sent_steady, done_steady, steady, per_page)
        largest = sorted(run.rss, key=lambda pid: -run.rss[pid])  # the processes, by peak RSS
    return {
        "rounds": [{k: round(v, 2) for k, v in t.items()} for t in turns],
        "in_process_throughput": round(median([t["in_process"] for t in turns]), 1),
        "throughput": round(rate, 1),
        "vs_in_process": round(median([t["throughput"] / t["in_process"] for t in turns]), 3),
        "throughput_queued": round(median([t["queued"] for t in turns]), 1),
        "queued_vs_in_process": round(median([t["queued"] / t["in_process"] for t in turns]), 3),
        "intake_s": round(median([t["intake_s"] for t in turns]), 2),
        "burst_size": len(copies[20::rounds]),
        "burst_latency_ms": distributed.latency(sent, done),
        "steady_rate": round(rate / 2, 1),
        "steady_latency_ms": distributed.latency(sent_steady, done_steady),
        "steady_over_in_process_ms": extra,
        "peak_rss_mb": [round(run.rss[pid]) for pid in largest],
        "peak_private_mb": [round(run.private[pid]) for pid in largest],
        "redis_bytes_per_article": round(retained),
        "cpu_ms_per_article": {k: round(v / max(1, len(done)), 2) for k, v in cpu.items()},
        "lost": len(sent) + len(sent_steady) - len(done) - len(done_steady),
    }


def _burst(run: distributed.Cluster, share: list[pages.Page]) -> dict[str, Any]:
    """One burst: submit everything at once, wait for it all to end. Throughput end to end
    (intake included: it runs here, on the same cores) and once everything was queued."""
    cpu_before = distributed.cpu_seconds(_processes(run))
    sent = distributed.submit(run, share, rate=None)
    queued_at = time.time() * 1000
    done = distributed.finished(run, sent, 1800)
    cpu_after = distributed.cpu_seconds(_processes(run))
    after = [t for t in done.values() if t >= queued_at]
    return {
        "sent": sent,
        "done": done,
        "cpu_ms": _cpu_used(cpu_before, cpu_after, run),
        "throughput": len(done) / ((max(done.values()) - min(sent.values())) / 1000),
        "queued": len(after) / max(1e-3, (max(after, default=queued_at) - queued_at) / 1000),
        "intake_s": (queued_at - min(sent.values())) / 1000,
    }


def _processes(run: distributed.Cluster) -> list[int]:
    assert run.worker is not None and run.redis is not None
    return [run.worker.pid, *distributed._children(run.worker.pid), run.redis.pid]


def _cpu_used(
    before: dict[int, float], after: dict[int, float], run: distributed.Cluster
) -> dict[str, float]:
    """CPU ms used between two readings: the pool processes, the worker's main process, Redis."""
    assert run.worker is not None and run.redis is not None

    def used(pid: int) -> float:
        return (after.get(pid, 0.0) - before.get(pid, 0.0)) * 1000

    pool = [pid for pid in after if pid not in (run.worker.pid, run.redis.pid)]
    return {
        "pool": sum(used(pid) for pid in pool),
        "main": used(run.worker.pid),
        "redis": used(run.redis.pid),
    }


def _originals(copies: list[pages.Page]) -> list[pages.Page]:
    seen: dict[str, pages.Page] = {}
    for page in copies:
        seen.setdefault(page.name.rsplit("-", 1)[0], page)
    return [pages.Page(name, page.html) for name, page in seen.items()]


def _over_in_process(
    sent: dict[str, float],
    done: dict[str, float],
    steady: list[pages.Page],
    per_page: dict[str, dict[str, float]],
) -> dict[str, float]:
    """Latency minus the in-process time of the same page (by the page it copies)."""
    order = list(sent)
    extra = []
    for ingest_id, page in zip(order, steady, strict=False):
        base = page.name.rsplit("-", 1)[0]
        if ingest_id in done and base in per_page:
            extra.append(done[ingest_id] - sent[ingest_id] - per_page[base]["whole"])
    return {"p50": round(median(extra), 1), "p99": round(pct(extra, 99), 1)}


def intake_figures(count: int) -> dict[str, float]:
    with distributed.cluster(processes=0) as run:
        enqueue = intake_rates.enqueue_rate(run, count)
        bridge = intake_rates.bridge_rate(run, count)
    return {"enqueue_items_per_s": round(enqueue), "bridge_items_per_s": round(bridge)}


def peer_figures(sample: list[pages.Page], passes: int, floor: dict[str, float]) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="ingest-peers-"))
    pages.write(sample, folder)
    out = {}
    for name, times in peer.measure(folder, passes).items():
        if "error" in times:
            out[name] = times
            continue
        values = list(times.values())
        vs = [times[n] / floor[n] for n in times if floor.get(n)]
        out[name] = {
            "median_ms": round(median(values), 2),
            "p95_ms": round(pct(values, 95), 2),
            "vs_floor": round(median(vs), 3),
        }
    return out


def targets(f: dict[str, Any]) -> dict[str, dict[str, Any]]:
    ip, d, i = f["in_process"], f["distributed"], f["intake"]
    rows = {
        "core <= 1.25x floor": (ip["core_vs_floor"], ip["core_vs_floor"] <= 1.25),
        "whole <= 2.4x floor": (ip["whole_vs_floor"], ip["whole_vs_floor"] <= 2.4),
        "distributed >= 0.85x in-process (2 cores)": (
            d["vs_in_process"],
            d["vs_in_process"] >= 0.85,
        ),
        "p99 at half capacity <= 100 ms over in-process": (
            d["steady_over_in_process_ms"]["p99"],
            d["steady_over_in_process_ms"]["p99"] <= 100,
        ),
        "enqueue >= 5,000 items/s": (i["enqueue_items_per_s"], i["enqueue_items_per_s"] >= 5000),
        "worker RSS <= 250 MB": (max(d["peak_rss_mb"] or [0]), max(d["peak_rss_mb"] or [0]) <= 250),
    }
    return {k: {"value": v, "met": met} for k, (v, met) in rows.items()}


if __name__ == "__main__":
    sys.exit(main())
