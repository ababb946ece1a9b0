"""Intake rates with no worker running: `ingest enqueue` of many small files, and entries
XADDed to the inbox taken in by `ingest bridge --once`."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import redis

from perf.distributed import INGEST, ROOT, Cluster


def enqueue_rate(run: Cluster, count: int) -> float:
    folder = run.folder / "small"
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:06d}.txt").write_text(f"Small item {i}: the council met on Tuesday.\n")
    started = time.perf_counter()
    subprocess.run([INGEST, "enqueue", str(folder)], env=run.env(), cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return count / (time.perf_counter() - started)


def bridge_rate(run: Cluster, count: int) -> float:
    client = redis.Redis.from_url(run.url)
    pipe = client.pipeline(transaction=False)
    for i in range(count):
        pipe.xadd(
            "ingest:inbox",
            {"text": f"Inbox item {i}: the harbour reopened on Monday.", "id": f"b{i}"},
        )
    pipe.execute()
    env = {**run.env(), "INGEST_BRIDGE__MAX_BACKLOG": str(10 * count)}
    started = time.perf_counter()
    subprocess.run([INGEST, "bridge", "--once"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return count / (time.perf_counter() - started)


__all__ = ["Path", "bridge_rate", "enqueue_rate"]
