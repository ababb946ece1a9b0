"""Scenario 6: Redis stops answering (SIGSTOP for 30 s, then SIGCONT), and the network between
workers and Redis misbehaves (connections reset, then a blackhole), through a TCP proxy. The
workers recover by themselves; the time from the end of the fault to the next record is
measured."""

from __future__ import annotations

import time

import pytest

from tests.faults.harness import (
    Cluster,
    FaultProxy,
    RedisServer,
    audit,
    drained,
    paced_chain,
    record,
    wait_ended,
    wait_until,
    write_articles,
)

pytestmark = pytest.mark.faults

RESUME_BOUND_S = 90


def progress_after(r, since: float) -> float:
    before = r.xlen("ingest:articles")
    wait_until(
        lambda: r.xlen("ingest:articles") > before, RESUME_BOUND_S, "no progress after the fault"
    )
    return time.monotonic() - since


def test_redis_paused_for_30_seconds(r, server: RedisServer, cluster: Cluster, tmp_path):
    cluster.env["INGEST_CHAIN"] = paced_chain()
    ids = cluster.enqueue(str(write_articles(tmp_path / "in", 300)))
    for name in ("w1", "w2"):
        cluster.worker(name, concurrency=2)
    wait_until(lambda: r.xlen("ingest:articles") >= 40, 120, "the batch did not start")
    server.pause()
    time.sleep(30)
    server.resume()
    took = progress_after(r, time.monotonic())
    wait_ended(r, ids, 300)
    result = audit(r, ids)
    record(
        "Redis paused 30 s (SIGSTOP, SIGCONT)", result, recover_s=round(took, 1), submitted=len(ids)
    )
    assert result.clean and not drained(r), result.summary()


def test_connections_reset_and_blackholed(r, proxy: FaultProxy, cluster: Cluster, tmp_path):
    cluster.env["INGEST_CHAIN"] = paced_chain()
    ids = cluster.enqueue(str(write_articles(tmp_path / "in", 800)))
    cluster.env["INGEST_REDIS_URL"] = proxy.url()
    for name in ("w1", "w2"):
        cluster.worker(name, concurrency=2)
    wait_until(lambda: r.xlen("ingest:articles") >= 30, 120, "the batch did not start")
    for _ in range(3):
        proxy.reset()
        time.sleep(2)
    after_reset = progress_after(r, time.monotonic())
    assert r.xlen("ingest:articles") < len(ids), "the batch ended before the blackhole"
    proxy.set("blackhole")
    time.sleep(15)
    proxy.set("pass")
    after_blackhole = progress_after(r, time.monotonic())
    wait_ended(r, ids, 300)
    result = audit(r, ids)
    record(
        "connections reset (x3), then a 15 s blackhole",
        result,
        recover_s=round(max(after_reset, after_blackhole), 1),
        submitted=len(ids),
    )
    assert result.clean and not drained(r), result.summary()
