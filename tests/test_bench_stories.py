"""scripts/bench_stories.py: it places articles with the stage against a private
redis-server and reports cost, memory and Redis CPU; `--spread` spreads their arrival;
`--in-process` uses the store of `ingest run` instead."""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from worker import thai

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


def test_in_process_it_reports_cost_and_the_process_memory_without_redis(tmp_path: Path) -> None:
    # enough articles that what they keep outgrows the memory their making freed
    figures = run(tmp_path, "--in-process", "--articles", "2000")
    assert figures["articles"] == 2000 and figures["in_process"] is True
    for key in ("ms_median", "process_bytes_per_article"):
        value = figures[key]
        assert isinstance(value, int | float) and value > 0, key
    assert isinstance(figures["stage_tables_mb"], int | float)  # measured apart, before
    assert "redis_bytes_per_article" not in figures


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[tuple[Any, redis.Redis]]:
    """The script as a module, and a client of the private redis-server it starts."""
    spec = importlib.util.spec_from_file_location("bench_stories", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    server, client = module.start_redis(tmp_path)
    try:
        yield module, client
    finally:
        server.terminate()
        server.wait(10)


def test_spread_arrivals_fill_the_near_duplicate_slots_they_cover(
    bench: tuple[Any, redis.Redis],
) -> None:
    """Over 2.5 days the articles arrive in the five or six near-duplicate time slots (a
    quarter of the two-day window each) that span covers, not all in one."""
    module, client = bench
    args = argparse.Namespace(articles=240, per_story=8, sample=10, spread=216_000.0, language="en")
    module.run(client, args)
    assert 5 <= len(list(client.scan_iter("ingest:near:sig:*"))) <= 6


def test_articles_carry_the_language_asked_for_and_its_stems(
    bench: tuple[Any, redis.Redis],
) -> None:
    """With `--language de` the stage indexes the articles' stems under German (the bench
    then times the stemming too)."""
    module, client = bench
    args = argparse.Namespace(articles=120, per_story=8, sample=10, spread=0.0, language="de")
    assert module.run(client, args)["language"] == "de"
    keys = client.scan_iter("ingest:story:post:de:*")
    terms = {k.decode().split(":", 4)[4] for k in keys} - {""}
    terms = {t for t in terms if not t.startswith("#")}  # words, not names
    corpus = module.Corpus(15, language="de")
    written = {  # the words of the 120 articles and the 10 timed after them
        w.casefold() for n in range(130) for w in re.findall(r"\w+", corpus.article(n).text)
    }
    assert terms and not list(client.scan_iter("ingest:story:post:en:*"))
    assert terms - written  # stems the text never writes ("kalomar" for "kalomaren")


def test_thai_articles_are_written_without_spaces_and_indexed_by_their_words(
    bench: tuple[Any, redis.Redis],
) -> None:
    """With `--language th` the articles are Thai words written without spaces within a
    sentence; the stage cuts them into words again and indexes those."""
    module, client = bench
    args = argparse.Namespace(articles=120, per_story=8, sample=10, spread=0.0, language="th")
    assert module.run(client, args)["language"] == "th"
    sentence = module.Corpus(15, language="th").article(0).text.split(". ")[0]
    assert len(sentence) > 60 and " " not in sentence
    keys = client.scan_iter("ingest:story:post:th:*")
    terms = {k.decode().split(":", 4)[4] for k in keys} - {""}
    terms = {t for t in terms if not t.startswith("#")}  # words, not names
    vocabulary = thai.vocabulary()
    assert len(terms) > 100 and len(terms & vocabulary) >= 0.9 * len(terms)
