"""Scenario 2: a backlog, no fault. Twenty times more work is queued than the worker finishes
within `lost_after` (the longest any timer waits on queued work): nothing is re-driven,
nothing dead-lettered, and the broker queues never hold more messages than were submitted.
"""

from __future__ import annotations

import threading
import time

import pytest

from tests.faults.harness import (
    Cluster,
    audit,
    drained,
    paced_chain,
    record,
    wait_ended,
    write_articles,
)

pytestmark = pytest.mark.faults

BROKER_LISTS = ("ingest", "ingest\x06\x163")


def test_a_long_queue_is_waited_on_never_redriven(r, cluster: Cluster, tmp_path):
    cluster.env.update(
        {
            "INGEST_CHAIN": paced_chain(),  # 0.1 s an article: one process does 10 a second
            "INGEST_LIVENESS__LOST_AFTER": "1",
            "INGEST_LIVENESS__SWEEP_INTERVAL": "0.5",
            "INGEST_INTAKE__SEND_GRACE": "1",
        }
    )
    total = 200  # 20 x what one process finishes within lost_after
    ids = cluster.enqueue(str(write_articles(tmp_path / "in", total)))
    depths: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            depths.append(sum(r.llen(name) for name in BROKER_LISTS))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    worker = cluster.worker("only", concurrency=1)
    wait_ended(r, ids, 300)
    stop.set()
    watcher.join()
    result = audit(r, ids)
    redriven = int(r.hget("ingest:counters", "redriven") or 0)
    record(
        "backlog: 20x the work done within lost_after, no fault",
        result,
        redriven=redriven,
        max_queue=max(depths),
        submitted=total,
    )
    assert result.clean and not drained(r), result.summary()
    assert redriven == 0
    assert r.xlen("ingest:dead") == 0
    assert max(depths) <= total
    assert not [e for e in worker.events() if e["event"] == "article_redriven"]
