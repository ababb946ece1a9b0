"""Scenario 11: a consumer dies holding entries it read but did not acknowledge. `ingest
consume --claim-idle` takes them over, and trimming the stream never removes an entry a
group has not acknowledged."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from tests.faults.harness import (
    INGEST,
    ROOT,
    Cluster,
    audit,
    record,
    wait_ended,
    wait_until,
    write_articles,
)

pytestmark = pytest.mark.faults

STREAM = "ingest:articles"


def test_a_consumer_killed_mid_batch_is_taken_over_and_trimming_spares_its_entries(
    r, cluster: Cluster, tmp_path
):
    cluster.env.update(
        {"INGEST_STREAMS__ARTICLES_MAXLEN": "5", "INGEST_LIVENESS__SWEEP_INTERVAL": "1"}
    )
    total = 60
    ids = cluster.enqueue(str(write_articles(tmp_path / "in", total)))
    r.xgroup_create(STREAM, "readers", id="0", mkstream=True)
    cluster.worker("w1", concurrency=2)
    wait_ended(r, ids, 120)
    # A consumer whose output nobody reads: it blocks on a full pipe holding what it read.
    slow = subprocess.Popen(
        [INGEST, "consume", "--group", "readers", "--count", str(total)],
        env=cluster.env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert slow.stdout is not None
    first = [json.loads(slow.stdout.readline()) for _ in range(3)]  # it is reading
    wait_until(lambda: r.xpending(STREAM, "readers")["pending"] > 0, 30, "nothing pending")
    os.killpg(slow.pid, signal.SIGKILL)
    slow.wait(10)
    first += [json.loads(line) for line in slow.stdout.read().splitlines()]  # printed: delivered
    slow.stdout.close()
    pending = [e["message_id"] for e in r.xpending_range(STREAM, "readers", "-", "+", 1000)]
    time.sleep(3)  # the sweeper trims to 5 entries, but not past what "readers" still needs
    kept = {entry_id for entry_id, _ in r.xrange(STREAM)}
    assert pending and set(pending) <= kept
    taken = cluster.run("consume", "--group", "readers", "--count", str(total), "--claim-idle", "0")
    assert taken.returncode == 0, taken.stderr
    second = [json.loads(line) for line in taken.stdout.splitlines()]
    seen = {rec["ingest_id"] for rec in first + second}
    record(
        "a consumer SIGKILLed mid-batch; consume --claim-idle",
        lost=len(set(ids) - seen),
        duplicated=len(audit(r, ids).duplicated),  # in the stream; a consumer may see one twice:
        redelivered=len(first) + len(second) - len(seen),
        taken_over=len(pending),
        submitted=total,
    )
    assert seen == set(ids)
    assert r.xpending(STREAM, "readers")["pending"] == 0
