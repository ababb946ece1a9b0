"""Scenarios 7 and 8: the hand-off between hops and the final write.

7. Sending the next hop's message fails once (the connection drops as it is sent): the
   submission is sent again by the sweeper and publishes once.
8. The reply to the publishing script is lost after Redis ran it (the proxy resets the
   connection as the command goes through): the worker's client sends it again, which finds
   the record written: exactly one record each.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.faults.conftest import FAST
from tests.faults.harness import (
    DEFAULT_STAGES,
    Cluster,
    FaultProxy,
    audit,
    drained,
    paced_chain,
    record,
    wait_ended,
    wait_until,
    write_articles,
)
from worker.runtime.ledger import script_source

pytestmark = pytest.mark.faults


def test_the_next_hops_send_fails_once(r, cluster: Cluster, tmp_path):
    chain = [
        {
            "hop": "prepare",
            "queue": "ingest",
            "stages": ["clean", "tests.faults.stages:break_next_send"],
        },
        {"hop": "process", "queue": "ingest", "stages": DEFAULT_STAGES[1:]},
    ]
    cluster.env.update({"INGEST_CHAIN": json.dumps(chain), **FAST})
    folder = write_articles(tmp_path / "in", 20)
    write_articles(folder, 1, start=500, marker="BREAKSEND")
    ids = cluster.enqueue(str(folder))
    worker = cluster.worker("w1", concurrency=2, FAULT_ONCE_DIR=str(tmp_path))
    wait_ended(r, ids, 120)
    result = audit(r, ids)
    events = [e["event"] for e in worker.events()]
    redriven = int(r.hget("ingest:counters", "redriven") or 0)
    record("the next hop's send fails once", result, redriven=redriven, submitted=len(ids))
    assert result.clean and not drained(r), result.summary()
    assert "hop_send_failed" in events
    assert redriven == 1


def test_a_lost_reply_after_publishing_writes_one_record(
    r, proxy: FaultProxy, cluster: Cluster, tmp_path
):
    cluster.env["INGEST_CHAIN"] = paced_chain()
    ids = cluster.enqueue(str(write_articles(tmp_path / "in", 60)))
    cluster.env["INGEST_REDIS_URL"] = proxy.url()
    worker = cluster.worker("w1", concurrency=2)
    wait_until(lambda: r.xlen("ingest:articles") >= 1, 60, "nothing published")
    # Once the script is loaded (a first EVALSHA gets NOSCRIPT), lose three replies to it.
    publish_sha = hashlib.sha1(script_source("publish").encode()).hexdigest().encode()
    proxy.reset_after(publish_sha, times=3)
    wait_ended(r, ids, 120)
    result = audit(r, ids)
    repeats = sum(e["event"] == "article_already_ended" for e in worker.events())
    record("the reply to the publishing XADD is lost (x3)", result, submitted=len(ids))
    assert proxy.tripped == 3
    assert result.clean and not drained(r), result.summary()
    assert r.xlen("ingest:articles") == len(ids)
    assert 1 <= repeats <= 3  # a repeat can itself lose its reply: fewer repeats than trips
