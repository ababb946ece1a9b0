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
    # The victim talks to Redis through a slow link, so it is caught holding entries it read
    # and has not acknowledged yet (on a fast one that lasts a few milliseconds).
    proxy.set("delay", 0.2)
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
            backlog.append(r.zcard("ingest:inflight"))
            time.sleep(0.1)

    producer = threading.Thread(target=produce)
    watcher = threading.Thread(target=watch, daemon=True)
    producer.start()
    watcher.start()
    wait_until(lambda: r.xlen("ingest:articles") >= 10, 60, "the bridges did not start")
    stats = json.loads(cluster.run("stats").stdout)
    victim_pending = kill_holding_entries(r, victim.pid)
    producer.join()
    wait_until(lambda: len(expected) == total, 10, "the producer did not finish")
    wait_ended(r, list(expected), 240)
    wait_until(
        lambda: r.xpending(INBOX, "bridge")["pending"] == 0, 60, "inbox entries left pending"
    )
    stop.set()
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


def kill_holding_entries(r, pid: int) -> int:
    """Freeze the bridge until it is caught holding read, unacknowledged entries, then
    SIGKILL it; returns how many it held."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        os.killpg(pid, signal.SIGSTOP)
        pending = sum(
            c["pending"]
            for c in r.xinfo_consumers(INBOX, "bridge")
            if c["name"].decode().endswith(f"-{pid}")
        )
        if pending:
            os.killpg(pid, signal.SIGKILL)
            return pending
        os.killpg(pid, signal.SIGCONT)
        time.sleep(0.01)
    raise AssertionError("the bridge was never caught holding entries")
