"""Scenario 10: a bridge is SIGKILLed while producers keep adding to the inbox. Another
bridge, already running, takes over the entries it left pending; every entry ends once, as a
record or a dead letter (malformed entries included); the bridges hold back while the
pipeline's backlog is over its bound; `ingest stats` shows the inbox."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest
import redis

from tests.faults.conftest import FAST
from tests.faults.harness import (
    Cluster,
    FaultProxy,
    article,
    audit,
    drained,
    paced_chain,
    record,
    wait_ended,
    wait_until,
)
from worker.runtime.bridge import entry_ingest_id

pytestmark = pytest.mark.faults

INBOX = "ingest:inbox"


def entry(i: int) -> tuple[dict[str, bytes | str], str]:
    """The i-th inbox entry and the outcome it must have."""
    if i % 40 == 7:
        return {"source": "feed", "note": "no body"}, "dead:malformed"
    if i % 40 == 17:
        return {"text": article(i), "html": "<p>two bodies</p>"}, "dead:malformed"
    if i % 40 == 27:
        return {"text": b"\xff\xfe not utf-8 " + article(i).encode("latin-1")}, "dead:undecodable"
    if i % 40 == 37:
        return {"text": article(i), "published": "last tuesday"}, "dead:malformed"
    if i % 40 == 39:
        return {"text": "x" * 30_000}, "dead:too_large"
    return {
        "text": article(i),
        "source": "wire",
        "id": f"ext-{i}",
        "published": "2026-11-28",
    }, "published"


def test_a_bridge_dies_mid_stream_and_another_takes_over(
    r, proxy: FaultProxy, cluster: Cluster, tmp_path
):
    cluster.env.update(
        {
            "INGEST_CHAIN": paced_chain(),
            "INGEST_BRIDGE__CLAIM_IDLE": "3",
            "INGEST_BRIDGE__MAX_BACKLOG": "60",
            "INGEST_BRIDGE__BATCH_SIZE": "10",
            "INGEST_INTAKE__MAX_BYTES": "20000",
            **FAST,
        }
    )
    cluster.worker("w1", concurrency=2)
    # The victim's acknowledgements never reach Redis, so the first entries it reads stay
    # pending on it, whatever the machine's speed, until it is killed.
    proxy.swallow(b"XACK")
    victim = cluster.spawn("bridge", log="bridge-victim", INGEST_REDIS_URL=proxy.url())
    survivor = cluster.spawn("bridge", log="bridge-survivor")
    total, expected, backlog = 240, {}, []
    stop = threading.Event()

    def produce() -> None:
        for i in range(total):
            fields, outcome = entry(i)
            entry_id = r.xadd(INBOX, fields).decode()
            expected[entry_ingest_id(INBOX, entry_id)] = {outcome}
            time.sleep(0.02)

    def watch() -> None:
        while not stop.is_set():
            try:
                backlog.append(r.zcard("ingest:inflight"))
            except redis.RedisError:  # the test is over and its Redis stopped
                return
            time.sleep(0.1)

    producer = threading.Thread(target=produce)
    watcher = threading.Thread(target=watch, daemon=True)
    producer.start()
    watcher.start()
    try:
        wait_until(lambda: r.xlen("ingest:articles") >= 10, 60, "the bridges did not start")
        stats = json.loads(cluster.run("stats").stdout)
        victim_pending = kill_holding_entries(r, victim.pid, proxy)
        producer.join()
        wait_until(lambda: len(expected) == total, 10, "the producer did not finish")
        wait_ended(r, list(expected), 240)
        wait_until(
            lambda: r.xpending(INBOX, "bridge")["pending"] == 0, 60, "inbox entries left pending"
        )
    finally:
        stop.set()
        producer.join()
    result = audit(r, list(expected), expected)
    survivor_log = (cluster.folder / "bridge-survivor.log").read_text()
    record(
        "a bridge SIGKILLed mid-stream, producers still adding",
        result,
        submitted=total,
        taken_over=victim_pending,
    )
    assert result.clean and not drained(r), result.summary()
    assert victim_pending > 0
    assert survivor.poll() is None
    assert "inbox_entries_claimed" in survivor_log
    assert set(stats["inbox"]) == {"pending", "lag", "consumers"} and stats["streams"][INBOX] > 0
    assert max(backlog) <= 60 + 2 * 10  # the bound, plus one batch per bridge
    assert "bridge_paused" in survivor_log


def kill_holding_entries(r, pid: int, proxy: FaultProxy) -> int:
    """Wait until the bridge holds entries it read and could not acknowledge, then SIGKILL
    it; returns how many it held."""

    def held() -> int:
        return sum(
            c["pending"]
            for c in r.xinfo_consumers(INBOX, "bridge")
            if c["name"].decode().endswith(f"-{pid}")
        )

    caught: list[int] = []

    def holding() -> bool:
        caught.append(held() if proxy.swallowed else 0)
        if caught[-1]:
            os.killpg(pid, signal.SIGKILL)
        return bool(caught[-1])

    wait_until(holding, 120, "the victim bridge never read entries", every=0.05)
    return caught[-1]
