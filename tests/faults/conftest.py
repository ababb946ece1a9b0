"""Fixtures of the fault suite: a fresh redis-server per test, and the workers it starts.

Every test ends by reaping every process it started; a process that did not stop on SIGTERM
within its grace fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.faults.harness import ROOT, Cluster, FaultProxy, RedisServer

# Liveness fast enough for short scenarios; the recovery-time scenarios use the defaults.
FAST = {
    "INGEST_LIVENESS__HEARTBEAT_INTERVAL": "1",
    "INGEST_LIVENESS__DEAD_AFTER": "4",
    "INGEST_LIVENESS__SWEEP_INTERVAL": "1",
    "INGEST_LIVENESS__LOST_AFTER": "5",
    "INGEST_INTAKE__SEND_GRACE": "5",
}


def base_env(url: str, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    return {
        **env,
        "INGEST_REDIS_URL": url,
        "INGEST_LOG_FORMAT": "json",
        "INGEST_EMBEDDED_DIR": str(folder / "embedded"),
        "PYTHONPATH": str(ROOT),  # workers import tests.faults.stages for chains that use them
    }


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    srv = RedisServer(tmp_path / "redis").start()
    yield srv
    srv.stop()


@pytest.fixture
def r(server: RedisServer) -> Iterator[redis.Redis]:
    client = server.client()
    yield client
    client.close()


@pytest.fixture
def proxy(server: RedisServer) -> Iterator[FaultProxy]:
    """A fault proxy in front of the server (closed after the cluster's processes are reaped,
    when the test asks for it before `cluster`)."""
    fault_proxy = FaultProxy(server.port)
    yield fault_proxy
    fault_proxy.close()


@pytest.fixture
def cluster(server: RedisServer, tmp_path: Path) -> Iterator[Cluster]:
    group = Cluster(tmp_path / "procs", base_env(server.url(), tmp_path))
    yield group
    stubborn = group.reap()
    assert not stubborn, f"did not stop on SIGTERM: {stubborn}"
