"""The benchmark's table, from its figures (the same dict as the JSON it writes)."""

from __future__ import annotations

from typing import Any


def _row(label: str, value: object) -> str:
    return f"{label:<34}{value}"


def _ms(figure: dict[str, float]) -> str:
    return f"{figure['median']} / {figure['p95']}"


def _latency(figure: dict[str, float]) -> str:
    return f"p50 {figure['p50']} ms, p99 {figure['p99']} ms"


def report(f: dict[str, Any]) -> str:
    return "\n".join([*_in_process(f), *_distributed(f), *_intake(f), *_peers(f), *_targets(f)])


def _in_process(f: dict[str, Any]) -> list[str]:
    ip = f["in_process"]
    lines = [f"\n## in one process ({f['pages']} pages; ms per page, median / p95)"]
    lines.append(_row("floor (trafilatura.extract)", _ms(ip["floor_ms"])))
    lines += [_row(f"  {name}", _ms(row)) for name, row in ip["stages_ms"].items()]
    for key, label in (("core", "core"), ("whole", "whole chain")):
        vs = f"{ip[key + '_vs_floor']}x floor per page ({ip[key + '_vs_floor_total']}x in total)"
        lines.append(_row(label, f"{_ms(ip[key + '_ms'])}   {vs}"))
    return lines


def _distributed(f: dict[str, Any]) -> list[str]:
    d, ip = f["distributed"], f["in_process"]
    turns = len(d["rounds"])
    return [
        f"\n## distributed ({f['copies']} copies, redis-server + ingest worker -c 2)",
        f"{turns} rounds, each: {d['burst_size']} pages in process on 2 processes, then the "
        "same pages to the worker at once; medians of the rounds",
        _row("in process, 2 processes", f"{ip['throughput_2p']} pages/s"),
        _row("throughput (burst)", f"{d['throughput']} pages/s = {d['vs_in_process']}x in-process"),
        _row(
            "  once all is queued",
            f"{d['throughput_queued']} pages/s = {d['queued_vs_in_process']}x"
            f" (intake took the first {d['intake_s']} s)",
        ),
        _row("latency, burst", _latency(d["burst_latency_ms"])),
        _row(f"latency at {d['steady_rate']}/s (half)", _latency(d["steady_latency_ms"])),
        _row("  over the in-process time", _latency(d["steady_over_in_process_ms"])),
        _row(
            "CPU ms per article", ", ".join(f"{k} {v}" for k, v in d["cpu_ms_per_article"].items())
        ),
        _row("peak RSS per process", f"{d['peak_rss_mb']} MB"),
        _row("  of which private (not shared)", f"{d.get('peak_private_mb', '-')} MB"),
        _row("Redis per article retained", f"{d['redis_bytes_per_article']} bytes"),
        _row("lost", d["lost"]),
    ]


def _intake(f: dict[str, Any]) -> list[str]:
    i = f["intake"]
    return [
        "\n## intake, no worker running",
        _row("ingest enqueue", f"{i['enqueue_items_per_s']} items/s"),
        _row("ingest bridge --once", f"{i['bridge_items_per_s']} items/s"),
    ]


def _peers(f: dict[str, Any]) -> list[str]:
    lines = []
    for name, row in f.get("peers", {}).items():
        if "median_ms" in row:
            text = f"{row['median_ms']} / {row['p95_ms']} ms, {row['vs_floor']}x floor"
        else:
            text = str(row.get("error", ""))[:80]
        lines.append(_row(f"peer {name}", text))
    return ["\n## peers (ms per page, median / p95)", *lines] if lines else []


def _targets(f: dict[str, Any]) -> list[str]:
    rows = [f"{'met ' if t['met'] else 'MISS'}  {k}: {t['value']}" for k, t in f["targets"].items()]
    return ["\n## targets", *rows]
