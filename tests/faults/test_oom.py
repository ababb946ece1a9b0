"""Scenario 9: Redis reaches `maxmemory` (noeviction). A producer gets one clear line and a
non-zero exit, the batches it had sent are whole and the one refused left nothing behind;
once memory is raised, everything accepted ends: lost 0."""

from __future__ import annotations

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


def test_out_of_memory_refuses_whole_batches_and_loses_nothing(r, cluster: Cluster, tmp_path):
    cluster.env.update({"INGEST_CHAIN": paced_chain(), "INGEST_INTAKE__BATCH_SIZE": "40"})
    cluster.worker("w1", concurrency=2)
    first = cluster.enqueue(str(write_articles(tmp_path / "first", 20)))
    wait_ended(r, first, 120)
    folder = tmp_path / "big"
    folder.mkdir()
    for i in range(300):
        (folder / f"{i:04d}.txt").write_text(
            f"Article {i} on the harbour.\n" + f"Line {i} of the story. " * 800
        )
    used = int(r.info("memory")["used_memory"])
    r.config_set("maxmemory", used + 3_000_000)
    done = cluster.run("enqueue", str(folder))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Redis is out of memory" in done.stderr
    accepted = [line.split("\t")[0] for line in done.stdout.splitlines()]
    assert 0 < len(accepted) < 300 and len(accepted) % 40 == 0  # whole batches only
    ledgers = {k.decode().rsplit(":", 1)[1] for k in r.scan_iter("ingest:ledger:*")}
    assert ledgers == set(first) | set(accepted)  # the refused batch wrote nothing
    time.sleep(5)  # the worker meets the limit too: its results cannot be written
    r.config_set("maxmemory", 0)
    wait_ended(r, accepted, 180)
    result = audit(r, first + accepted)
    record(
        "Redis out of memory (noeviction), then raised",
        result,
        submitted=len(first) + len(accepted),
    )
    assert result.clean and not drained(r), result.summary()
