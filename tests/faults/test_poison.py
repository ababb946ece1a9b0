"""Scenario 3: a poison article kills the process that runs it, every time. It ends as a
`crashed` dead letter after `max_attempts`; the other articles flow around it."""

from __future__ import annotations

import json

import pytest

from tests.faults.conftest import FAST
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


def test_a_poison_article_is_dead_lettered_crashed_and_the_rest_publish(
    r, cluster: Cluster, tmp_path
):
    cluster.env.update({"INGEST_CHAIN": paced_chain("poison"), **FAST})
    folder = write_articles(tmp_path / "in", 30)
    write_articles(folder, 1, start=900, marker="POISON")
    ids = cluster.enqueue(str(folder))
    cluster.worker("w1", concurrency=2)
    wait_ended(r, ids, 240)
    letters = [json.loads(f[b"record"]) for _, f in r.xrange("ingest:dead")]
    [poison] = [d["ingest_id"] for d in letters]
    result = audit(r, ids, expected={poison: {"dead:crashed"}})
    record("poison article kills its process every time", result, submitted=len(ids))
    assert result.clean and not drained(r), result.summary()
    assert letters[0]["source"]["uri"].endswith("00900.txt")
    assert letters[0]["attempts"] == 3  # liveness.max_attempts
    assert result.outcomes["published"] == 30
