"""scripts/bench_stories.py: it places articles with the stage against a private
redis-server and reports cost, memory and Redis CPU; `--spread` spreads their arrival."""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_stories.py"


def run(tmp_path: Path, *options: str) -> dict[str, object]:
    out = tmp_path / "figures.json"
    subprocess.run(
        [sys.executable, str(SCRIPT), "--articles", "240", "--sample", "10", "--json", str(out),
         *options],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    figures: dict[str, object] = json.loads(out.read_text())
    return figures


def test_it_reports_cost_memory_and_redis_cpu(tmp_path: Path) -> None:
    figures = run(tmp_path)
    assert figures["articles"] == 240 and figures["spread_s"] == 0
    assert isinstance(figures["open_stories"], int) and 0 < figures["open_stories"] < 240
    for key in ("ms_median", "redis_bytes_per_article", "redis_cpu_ms_per_article"):
        value = figures[key]
        assert isinstance(value, int | float) and value > 0, key
    shares = figures["redis_share_by_key"]
    assert isinstance(shares, dict) and "near" in shares


def test_spread_arrivals_fill_the_near_duplicate_slots_they_cover(tmp_path: Path) -> None:
    """Over 2.5 days the articles arrive in the five or six near-duplicate time slots (a
    quarter of the two-day window each) that span covers, not all in one."""
    spec = importlib.util.spec_from_file_location("bench_stories", SCRIPT)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    server, client = bench.start_redis(tmp_path)
    try:
        args = argparse.Namespace(articles=240, per_story=8, sample=10, spread=216_000.0)
        bench.run(client, args)
        assert 5 <= len(list(client.scan_iter("ingest:near:sig:*"))) <= 6
    finally:
        server.terminate()
        server.wait(10)
