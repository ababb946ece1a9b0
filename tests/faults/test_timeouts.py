"""Scenario 4: a hanging stage, one that ignores the soft time limit, and an HTTP server that
trickles its body. Each ends as a `timeout` dead letter; the worker's slot comes back and
the articles queued behind them publish."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.faults.conftest import FAST
from tests.faults.harness import Cluster, audit, drained, record, wait_ended, write_articles

pytestmark = pytest.mark.faults


class Trickle(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(120):
            self.wfile.write(b"<p>x</p>")
            self.wfile.flush()
            time.sleep(0.5)

    def log_message(self, *args: object) -> None:
        pass


def test_hangs_and_trickles_end_as_timeouts_and_the_slot_comes_back(r, cluster: Cluster, tmp_path):
    stages = [
        "clean",
        "tests.faults.stages:hang",
        "tests.faults.stages:stubborn",
        "language",
        "fingerprint",
    ]
    chain = [
        {"hop": "fetch", "queue": "ingest", "stages": ["fetch"]},
        {"hop": "process", "queue": "ingest", "stages": stages},
    ]
    cluster.env.update(
        {
            "INGEST_CHAIN": json.dumps(chain),
            "INGEST_CELERY__SOFT_TIME_LIMIT": "3",
            "INGEST_CELERY__TIME_LIMIT": "5",
            "INGEST_FETCH__TIMEOUT": "1.5",
            "INGEST_FETCH__ALLOW_NETWORKS": '["127.0.0.0/8"]',
            **FAST,
        }
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        folder = tmp_path / "in"
        write_articles(folder, 1, start=1, marker="HANG")
        write_articles(folder, 1, start=2, marker="STUBBORN")
        write_articles(folder, 3, start=10)
        ids = cluster.enqueue(str(folder), "--url", f"http://127.0.0.1:{server.server_port}/slow")
        cluster.worker("w1", concurrency=1)
        wait_ended(r, ids, 240)
    finally:
        server.shutdown()
    letters = {
        json.loads(f[b"record"])["source"]["uri"]: json.loads(f[b"record"])
        for _, f in r.xrange("ingest:dead")
    }
    expected = {i: {"published", "dead:timeout"} for i in ids}
    result = audit(r, ids, expected)
    record(
        "hanging stage, stage ignoring the soft limit, trickling server", result, submitted=len(ids)
    )
    assert result.clean and not drained(r), result.summary()
    assert sorted(uri.rsplit("/", 1)[-1] for uri in letters) == ["00001.txt", "00002.txt", "slow"]
    assert {d["reason"] for d in letters.values()} == {"timeout"}
    stage_of = {uri.rsplit("/", 1)[-1]: d["stage"] for uri, d in letters.items()}
    assert stage_of == {
        "00001.txt": "tests.faults.stages:hang",
        "00002.txt": "process",
        "slow": "fetch",
    }
    assert "deadline" in letters[f"http://127.0.0.1:{server.server_port}/slow"]["error"]
    assert result.outcomes["published"] == 3
    assert all(d["attempts"] == 1 for d in letters.values())  # each ended on its first run
    assert int(r.hget("ingest:counters", "redriven") or 0) == 0
