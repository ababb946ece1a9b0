"""Scenario 5: Redis is SIGKILLed and restarted under load. With its append-only file
(`appendfsync everysec`) nothing is lost and the workers resume by themselves. With
persistence off, the audit must see the loss (a negative control), and a worker refuses such
a Redis unless told otherwise."""

from __future__ import annotations

import time

import pytest

from tests.faults.conftest import base_env
from tests.faults.harness import (
    Cluster,
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


def test_redis_killed_and_restarted_with_aof_loses_nothing(
    r, server: RedisServer, cluster: Cluster, tmp_path
):
    cluster.env["INGEST_CHAIN"] = paced_chain()
    ids = cluster.enqueue(str(write_articles(tmp_path / "in", 300)))
    for name in ("w1", "w2"):
        cluster.worker(name, concurrency=2)
    wait_until(lambda: r.xlen("ingest:articles") >= 60, 120, "the batch did not start")
    server.kill()
    killed_at = time.monotonic()
    time.sleep(1)
    server.start()
    at_restart = r.xlen("ingest:articles")
    wait_until(lambda: r.xlen("ingest:articles") > at_restart, 120, "no progress after the restart")
    resumed = time.monotonic() - killed_at
    wait_ended(r, ids, 300)
    result = audit(r, ids)
    record(
        "Redis SIGKILLed and restarted (AOF everysec)",
        result,
        recover_s=round(resumed, 1),
        submitted=len(ids),
    )
    assert result.clean and not drained(r), result.summary()
    assert all(w.alive() for w in cluster.workers)


def test_without_persistence_the_audit_sees_the_loss(tmp_path):
    volatile = RedisServer(tmp_path / "volatile", aof=False).start()
    try:
        group = Cluster(tmp_path / "procs", base_env(volatile.url(), tmp_path))
        group.env["INGEST_CHAIN"] = paced_chain()
        refused = group.worker("refused", concurrency=1, wait=False)
        assert refused.proc.wait(90) == 2
        assert "redis_can_lose_data" in refused.text()
        group.env["INGEST_REQUIRE_DURABLE_REDIS"] = "false"
        ids = group.enqueue(str(write_articles(tmp_path / "in", 100)))
        group.worker("w1", concurrency=2)
        r = volatile.client()
        wait_until(lambda: r.xlen("ingest:articles") >= 10, 120, "the batch did not start")
        volatile.kill()
        volatile.start()
        time.sleep(3)
        result = audit(volatile.client(), ids)
        record("negative control: Redis without persistence, SIGKILLed", result, submitted=len(ids))
        assert len(result.lost) == len(ids)  # the ledger and the streams are gone: all of it
        assert any(e["event"] == "redis_can_lose_data" for e in group.workers[1].events())
        assert not group.reap()
    finally:
        volatile.stop()
