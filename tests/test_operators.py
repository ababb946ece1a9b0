"""What an operator meets at the terminal: errors in one line, the Redis in use, consume's
groups, replay, Ctrl-C, the enqueue script, logs, stats. Real processes, a real Redis."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import INGEST, ROOT, SAMPLES, run_ingest

pytestmark = pytest.mark.integration


def test_version_and_errors_a_user_makes_are_one_line(env, tmp_path):
    version = run_ingest(env, "--version")
    assert version.returncode == 0 and version.stdout.startswith("ingest, version ")
    (tmp_path / "empty").mkdir()
    cases = [
        (("run",), "nothing to run"),
        (("run", str(tmp_path / "empty")), "hold no file"),
        (("enqueue", str(tmp_path / "empty")), "hold no file"),
        (("dead", "--reason", "nonsense"), "'nonsense' is not one of"),
    ]
    for args, says in cases:
        done = run_ingest(env, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert says in done.stderr and "Traceback" not in done.stderr
    unreachable = {**env, "INGEST_REDIS_URL": "redis://127.0.0.1:9/0"}
    for args in (("stats",), ("enqueue", str(SAMPLES / "it-treno.txt"))):
        done = run_ingest(unreachable, *args)
        assert done.returncode == 1
        assert "cannot reach Redis" in done.stderr and "Traceback" not in done.stderr


def test_every_redis_command_says_which_redis_and_why(r, env):
    done = run_ingest(env, "stats")
    assert done.returncode == 0
    assert (
        done.stderr.splitlines()[0] == f"redis: {env['INGEST_REDIS_URL']} (from INGEST_REDIS_URL)"
    )
    assert json.loads(done.stdout)["in_flight"] == 0


def test_consume_explains_an_empty_read_and_refuses_from_start_on_an_old_group(
    r, env, start_worker
):
    start_worker()
    run_ingest(env, "enqueue", str(SAMPLES / "it-treno.txt"), "--wait")
    fresh = run_ingest(env, "consume", "--count", "3")
    assert fresh.returncode == 0 and fresh.stdout == ""
    assert "created at the end of ingest:articles" in fresh.stderr
    assert "--from-start" in fresh.stderr
    refused = run_ingest(env, "consume", "--from-start", "--count", "3")
    assert refused.returncode == 2 and "exists already" in refused.stderr
    new = run_ingest(env, "consume", "--group", "new", "--from-start", "--count", "3")
    assert len(new.stdout.splitlines()) == 1


def test_replay_sends_again_only_what_can_change_and_marks_it(r, env, start_worker, tmp_path):
    start_worker()
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    run_ingest(env, "enqueue", str(tmp_path), "--wait", "--timeout", "60")
    first = run_ingest(env, "dead", "--replay")
    assert first.returncode == 0, first.stderr
    assert "skipped 1: not_text" in first.stderr
    assert "replayed 1 of 2" in first.stderr
    listed = [json.loads(line) for line in run_ingest(env, "dead").stdout.splitlines()]
    replayed = [d for d in listed if "replayed_as" in d]
    assert [d["reason"] for d in replayed] == ["empty"]
    again = run_ingest(env, "dead", "--replay", "--reason", "empty")
    assert "replayed before" in again.stderr
    forced = run_ingest(env, "dead", "--replay", "--reason", "not_text")
    assert "replayed 1 of 1" in forced.stderr


def test_ctrl_c_during_enqueue_leaves_nothing_half_done(r, env, tmp_path):
    for i in range(2000):
        (tmp_path / f"{i:05d}.txt").write_text(f"Short article number {i} about the harbour.\n")
    proc = subprocess.Popen(
        [INGEST, "enqueue", str(tmp_path)],
        env={**env, "INGEST_INTAKE__BATCH_SIZE": "20"},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the first batch is in
    proc.send_signal(signal.SIGINT)
    out = first + proc.stdout.read()  # (communicate() would miss what readline buffered)
    err = proc.stderr.read() if proc.stderr else ""
    assert proc.wait(120) == 130, err
    assert "interrupted" in err and "Traceback" not in err
    printed = len(out.splitlines())
    ledgers = sum(1 for _ in r.scan_iter("ingest:ledger:*"))
    assert printed == ledgers < 2000 and printed % 20 == 0  # whole batches, each sent
    assert r.zcard("ingest:unsent") == 0 and r.zcard("ingest:queued:ingest:normal") == ledgers


def test_the_enqueue_script_works_from_any_python(env):
    base = getattr(sys, "_base_executable", sys.executable)
    done = subprocess.run(
        [base, str(ROOT / "scripts" / "enqueue.py"), "--help"],
        env={k: v for k, v in env.items() if k != "PYTHONPATH"},
        cwd="/",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: enqueue.py")


def test_logs_one_line_per_article_and_stats_percentiles(r, env, start_worker, tmp_path):
    worker = start_worker()
    done = run_ingest(env, "enqueue", str(SAMPLES), "--wait", "--timeout", "90")
    assert done.returncode == 0, done.stderr
    log = (tmp_path / ".logs" / "w1.log").read_text()
    events = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    done_lines = [e for e in events if e["event"] == "article_done"]
    assert len(done_lines) == len([p for p in SAMPLES.iterdir() if p.is_file()])
    for line in done_lines:
        assert line["outcome"] == "published" and line["uri"] and line["ingest_id"]
        assert line["title"] and line["language"] and line["stages"]["clean"] > 0
    chatty = {"article_cleaned", "article_fingerprinted"} & {e["event"] for e in events}
    assert not chatty  # per-stage lines are debug
    assert "succeeded in" not in log and " received" not in log  # Celery's per-task lines
    assert worker.poll() is None
    stats = json.loads(run_ingest(env, "stats").stdout)
    clean = stats["stages_last_5_min"]["clean"]
    assert clean["count"] == len(done_lines) and 0 < clean["p50_ms"] <= clean["p95_ms"]
    assert stats["stages_last_5_min"]["latency"]["count"] == len(done_lines)
    assert stats["throughput_per_min"] > 0
    records = [json.loads(f[b"record"]) for _, f in r.xrange("ingest:articles")]
    stories = {rec["story"]["id"] for rec in records}
    merged = {s for rec in records for s in rec["story"]["merged"]}
    assert stats["stories_open"] == len(stories - merged) > 0
    watch = subprocess.Popen(
        [INGEST, "stats", "--watch", "0.5"], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    time.sleep(4)
    watch.send_signal(signal.SIGINT)
    shown, _ = watch.communicate(timeout=30)
    assert watch.returncode == 0 and "ms, last 5 min" in shown
    assert f"published {len(done_lines)}" in shown
    assert f"stories     {stats['stories_open']} open" in shown


def test_on_a_terminal_the_ids_come_after_the_progress_bar(r, env):
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [INGEST, "enqueue", str(SAMPLES)],
        env={**env, "TERM": "dumb"},
        cwd=ROOT,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(60)
    text = seen.decode(errors="replace")
    assert "enqueueing" in text
    last_bar = text.rindex("enqueueing")
    first_id = min(text.index(f"\t{p}") for p in map(str, sorted(Path(SAMPLES).iterdir())))
    assert first_id > last_bar  # no id line inside the bar's output
