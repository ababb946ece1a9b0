"""End to end with a real Redis and real `ingest worker` processes (no eager mode, no mocks)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import redis

from tests.conftest import SAMPLES, run_ingest

pytestmark = pytest.mark.integration

VOLATILE = ("ingest_id", "received_at", "stages")


def published(r: redis.Redis) -> list[dict]:
    return [json.loads(f[b"record"]) for _, f in r.xrange("ingest:articles")]


def dead(r: redis.Redis) -> list[dict]:
    return [json.loads(f[b"record"]) for _, f in r.xrange("ingest:dead")]


def stable(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in VOLATILE}


def test_samples_are_published_once_with_the_same_record_as_ingest_run(r, env, start_worker):
    start_worker()
    done = run_ingest(env, "enqueue", str(SAMPLES), "--wait", "--timeout", "90")
    assert done.returncode == 0, done.stderr
    samples = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    assert f"enqueued {len(samples)}, skipped 0" in done.stderr
    assert len(done.stdout.splitlines()) == len(samples)  # ingest_id<TAB>source per item

    local = run_ingest(env, "run", *map(str, samples))
    assert local.returncode == 0, local.stderr
    expected = {
        rec["source"]["uri"]: stable(rec) for rec in map(json.loads, local.stdout.splitlines())
    }
    records = published(r)
    assert len(records) == len(samples)
    assert len({rec["ingest_id"] for rec in records}) == len(samples)
    for record in records:
        assert stable(record) == expected[record["source"]["uri"]]

    again = run_ingest(env, "enqueue", str(SAMPLES), "--wait", "--timeout", "30")
    assert again.returncode == 0, again.stderr
    assert f"enqueued 0, skipped {len(samples)} (duplicate: {len(samples)})" in again.stderr
    time.sleep(1)
    assert len(published(r)) == len(samples)


def test_same_text_under_another_name_is_not_published_twice(r, env, start_worker, tmp_path):
    start_worker()
    body = (SAMPLES / "en-harbour-bridge.txt").read_text()
    (tmp_path / "a.txt").write_text(body)
    (tmp_path / "b.txt").write_text(body + "\n\n")  # other bytes, same clean text
    done = run_ingest(
        env,
        "enqueue",
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        "--wait",
        "--timeout",
        "60",
    )
    assert done.returncode == 0, done.stderr
    assert "published 1, duplicate 1" in done.stderr
    assert len(published(r)) == 1
    assert json.loads(run_ingest(env, "stats").stdout)["duplicates"] == 1


def test_bad_inputs_end_as_dead_letters_while_good_ones_publish(r, env, start_worker, tmp_path):
    start_worker()
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 8)
    (tmp_path / "good.txt").write_bytes((SAMPLES / "de-stadtrat.txt").read_bytes())
    done = run_ingest(env, "enqueue", str(tmp_path), "--wait", "--timeout", "60")
    assert done.returncode == 1  # some were dead-lettered
    assert "published 1" in done.stderr
    reasons = {Path(d["source"]["uri"]).name: d["reason"] for d in dead(r)}
    assert reasons == {"empty.txt": "empty", "image.txt": "not_text", "garbled.txt": "undecodable"}
    assert [rec["title"] for rec in published(r)] == [
        "Stadtrat beschließt autofreie Innenstadt ab Frühjahr 2027"
    ]

    listed = run_ingest(env, "dead", "--reason", "empty")
    assert [json.loads(line)["reason"] for line in listed.stdout.splitlines()] == ["empty"]
    stats = json.loads(run_ingest(env, "stats").stdout)
    assert stats["dead_by_reason"] == {"empty": 1, "not_text": 1, "undecodable": 1}
    assert stats["published"] == 1
    assert stats["in_flight"] == 0


def test_dead_letters_replay_from_the_kept_payload(r, env, start_worker, tmp_path):
    start_worker()
    (tmp_path / "empty.txt").write_bytes(b"   \n")
    run_ingest(env, "enqueue", str(tmp_path), "--wait", "--timeout", "30")
    first = dead(r)
    assert [d["reason"] for d in first] == ["empty"]
    replay = run_ingest(env, "dead", "--replay")
    assert replay.returncode == 0, replay.stderr
    assert "replayed 1 of 1" in replay.stderr
    deadline = time.monotonic() + 30
    while len(dead(r)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    second = dead(r)[1]
    assert second["reason"] == "empty"
    assert second["ingest_id"] != first[0]["ingest_id"]


def test_sigkill_mid_batch_loses_nothing(r, env, start_worker, tmp_path):
    total = 150
    for i in range(total):
        (tmp_path / f"{i:03d}.txt").write_text(_article(i))
    victim = start_worker("victim", concurrency=1)
    sent = run_ingest(env, "enqueue", str(tmp_path))
    assert sent.returncode == 0, sent.stderr
    deadline = time.monotonic() + 60
    while len(published(r)) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(10)
    assert len(published(r)) < total, "the batch finished before the kill; make it bigger"

    start_worker("rescuer", concurrency=2)
    ids = [line.split("\t")[0] for line in sent.stdout.splitlines()]
    deadline = time.monotonic() + 120
    while len(published(r)) < total and time.monotonic() < deadline:
        time.sleep(0.5)
    records = published(r)
    assert sorted(rec["ingest_id"] for rec in records) == sorted(ids)  # all, once each
    assert dead(r) == []


def test_consume_prints_acks_and_claims_what_a_dead_consumer_left(r, env, start_worker):
    start_worker()
    run_ingest(
        env, "enqueue", str(SAMPLES / "it-treno.txt"), str(SAMPLES / "ru-metro.txt"), "--wait"
    )
    r.xgroup_create("ingest:articles", "readers", id="0")
    r.xreadgroup("readers", "crashed-consumer", {"ingest:articles": ">"}, count=1)  # no ack

    out = run_ingest(env, "consume", "--group", "readers", "--count", "2", "--claim-idle", "0")
    assert out.returncode == 0, out.stderr
    titles = [json.loads(line)["title"] for line in out.stdout.splitlines()]
    assert len(titles) == 2 and len(set(titles)) == 2
    assert r.xpending("ingest:articles", "readers")["pending"] == 0

    fresh = run_ingest(env, "consume", "--group", "new", "--from-start", "--count", "5")
    assert len(fresh.stdout.splitlines()) == 2


def test_bridge_turns_inbox_entries_into_records(r, env, start_worker):
    start_worker()
    text = (SAMPLES / "en-harbour-bridge.txt").read_bytes()
    r.xadd("ingest:inbox", {"text": text, "source": "wire-feed", "id": "ext-42"})
    r.xadd("ingest:inbox", {"nothing": "useful"})
    out = run_ingest(env, "bridge", "--once")
    assert out.returncode == 0, out.stderr
    deadline = time.monotonic() + 30
    while not published(r) and time.monotonic() < deadline:
        time.sleep(0.2)
    [record] = published(r)
    assert record["source"]["external_id"] == "ext-42"
    assert record["source"]["kind"] == "text"
    [letter] = dead(r)
    assert (letter["reason"], letter["stage"], letter["source"]["kind"]) == (
        "malformed",
        "bridge",
        "inbox",
    )
    assert r.xpending("ingest:inbox", "bridge")["pending"] == 0


def _article(i: int) -> str:
    return (
        f"Harbour report number {i} from the coast\n"
        "Share this article\n"
        f"The harbour authority counted {i} ships entering the port this week, a figure "
        "that officials described as steady for the season.\n"
        f"Dock workers said the queue of container vessels stretched {i % 7 + 1} miles on "
        "the busiest morning, and that the weather had stayed calm.\n"
        "ADVERTISEMENT\n"
    )


def test_urls_are_fetched_by_the_worker_and_failures_dead_letter(r, env, start_worker, tmp_path):
    pages = {
        "/story": (200, (SAMPLES / "en-wildfire.html").read_bytes()),
        "/gone": (404, b"not here"),
        "/busy": (503, b"try later"),
    }
    hits: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits[self.path] = hits.get(self.path, 0) + 1
            status, body = pages[self.path]
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    env.update(
        {
            "INGEST_FETCH__ALLOW_NETWORKS": '["127.0.0.0/8"]',
            "INGEST_CELERY__MAX_RETRIES": "1",
            "INGEST_CELERY__RETRY_BACKOFF_MAX": "1",
        }
    )
    try:
        start_worker()
        done = run_ingest(
            env,
            "enqueue",
            "--url",
            f"{base}/story",
            "--url",
            f"{base}/gone",
            "--url",
            f"{base}/busy",
            "--wait",
            "--timeout",
            "60",
        )
    finally:
        server.shutdown()
    assert done.returncode == 1, done.stderr
    [record] = published(r)
    assert record["url"] == f"{base}/story"
    assert record["title"] == "Moorland wildfire forces evacuation of two villages"
    assert record["source"]["kind"] == "url"
    letters = {d["source"]["uri"].rsplit("/", 1)[-1]: d for d in dead(r)}
    assert {k: d["reason"] for k, d in letters.items()} == {
        "gone": "fetch_failed",
        "busy": "fetch_failed",
    }
    assert hits["/busy"] == 2  # the first try and one retry
    assert hits["/gone"] == 1  # a 404 is not retried
    assert (letters["busy"]["attempts"], letters["gone"]["attempts"]) == (2, 1)
    assert {d["stage"] for d in letters.values()} == {"fetch"}
    assert "after 2 attempts" in letters["busy"]["error"]
    log = (tmp_path / ".logs" / "w1.log").read_text()
    events = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    [retry] = [e for e in events if e["event"] == "hop_retry_scheduled"]
    assert (retry["level"], retry["retry"], retry["stage"]) == ("warning", 1, "fetch")
    assert retry["uri"].endswith("/busy")
    assert "Traceback" not in log  # an expected failure is a warning, not an exception
