"""Scenario 14: access. Redis runs with the compose file's ACL users (rendered by the redis
service's own entrypoint): each role can do its job and is denied the rest; the workers
recover a killed worker's hops under their own user; a pickle-serialized message is refused
and never run; no log line carries a password or an article's body.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import time
from pathlib import Path

import pytest
import redis
from kombu import Connection

from tests.faults.conftest import base_env
from tests.faults.harness import (
    ROOT,
    Cluster,
    RedisServer,
    audit,
    drained,
    paced_chain,
    record,
    wait_ended,
    wait_until,
    write_articles,
)

pytestmark = pytest.mark.faults

PASSWORDS = {
    "ingest": "worker-pw-5d1c",
    "producer": "producer-pw-77aa",
    "consumer": "consumer-pw-e3f0",
}
SECRET_BODY = "The lighthouse keeper wrote the tide tables in violet ink every single evening."


def render_acl(folder: Path) -> Path:
    """users.acl from config/users.acl.template, rendered by docker/redis-entrypoint.sh."""
    fake = folder / "bin"
    fake.mkdir(parents=True)
    (fake / "docker-entrypoint.sh").write_text('#!/bin/sh\nexec "$@"\n')
    (fake / "docker-entrypoint.sh").chmod(0o755)
    acl = folder / "users.acl"
    env = {
        "PATH": f"{fake}:{os.environ['PATH']}",
        "REDIS_ACL_TEMPLATE": str(ROOT / "config" / "users.acl.template"),
        "REDIS_ACL_FILE": str(acl),
        "REDIS_PASSWORD": PASSWORDS["ingest"],
        "REDIS_PRODUCER_PASSWORD": PASSWORDS["producer"],
        "REDIS_CONSUMER_PASSWORD": PASSWORDS["consumer"],
    }
    subprocess.run(
        ["sh", str(ROOT / "docker" / "redis-entrypoint.sh"), "true"], env=env, check=True
    )
    return acl


def as_role(server: RedisServer, role: str) -> redis.Redis:
    return redis.Redis(port=server.port, username=role, password=PASSWORDS[role], socket_timeout=10)


def denied(call) -> bool:
    try:
        call()
    except redis.exceptions.NoPermissionError:
        return True
    return False


class Trap:
    """Unpickling this writes a marker file: proof that a worker ran what it was sent."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.fixture
def acl_server(tmp_path: Path):
    server = RedisServer(tmp_path / "redis", aclfile=render_acl(tmp_path / "acl")).start()
    yield server
    server.stop()


def test_roles_pickle_recovery_and_logs_under_acl(acl_server: RedisServer, tmp_path: Path):
    worker_url = acl_server.url("ingest", PASSWORDS["ingest"])
    cluster = Cluster(tmp_path / "procs", base_env(worker_url, tmp_path))
    cluster.env["INGEST_CHAIN"] = paced_chain()
    r = as_role(acl_server, "ingest")
    try:
        folder = write_articles(tmp_path / "in", 200)
        (folder / "secret.txt").write_text(f"Harbour diary\n\n{SECRET_BODY}\n\n{SECRET_BODY}\n")
        victim = cluster.worker("victim", concurrency=2)
        cluster.worker("other", concurrency=2)
        ids = cluster.enqueue(str(folder))
        wait_until(lambda: r.xlen("ingest:articles") >= 30, 120, "nothing published")
        victim.kill(signal.SIGKILL)
        victim.proc.wait(10)

        marker = tmp_path / "unpickled"
        with Connection(worker_url) as conn:
            conn.Producer(serializer="pickle").publish(
                ((Trap(marker),), {}, {}),
                routing_key="ingest",
                headers={"task": "ingest.run_hop", "id": "evil-1"},
            )
        wait_ended(r, ids, 300)

        producer, consumer = as_role(acl_server, "producer"), as_role(acl_server, "consumer")
        assert producer.xadd("ingest:inbox", {"text": "from a producer"})
        assert all(
            denied(call)
            for call in (
                lambda: producer.xadd("ingest:articles", {"record": "{}"}),
                lambda: producer.xrange("ingest:articles", count=1),
                lambda: producer.hgetall(f"ingest:ledger:{ids[0]}"),
                lambda: producer.lpush("ingest", "x"),
                lambda: producer.keys("*"),
            )
        )
        consumer_env = {"INGEST_REDIS_URL": acl_server.url("consumer", PASSWORDS["consumer"])}
        read = cluster.run(
            "consume", "--group", "audit", "--from-start", "--count", "500", env=consumer_env
        )
        assert read.returncode == 0, read.stderr
        assert len(read.stdout.splitlines()) == len(ids)
        assert all(
            denied(call)
            for call in (
                lambda: consumer.xadd("ingest:articles", {"record": "{}"}),
                lambda: consumer.xtrim("ingest:articles", maxlen=0),
                lambda: consumer.xadd("ingest:inbox", {"text": "x"}),
                lambda: consumer.get(f"ingest:raw:{ids[0]}"),
                lambda: consumer.xgroup_destroy("ingest:articles", "audit"),
            )
        )
        time.sleep(2)  # let the worker log the refused message
        result = audit(r, ids)
        logs = "".join(w.text() for w in cluster.workers)
        record(
            "access: ACL roles, worker killed under ACL, pickle refused", result, submitted=len(ids)
        )
        assert result.clean and not drained(r), result.summary()
        assert not marker.exists()
        assert "untrusted content" in logs or "ContentDisallowed" in logs
        assert all(password not in logs for password in PASSWORDS.values())
        assert SECRET_BODY not in logs
        assert all(w.alive() for w in cluster.workers if w is not victim)
        assert pickle.dumps(1)  # pickle itself works here: the refusal is the worker's
    finally:
        assert not cluster.reap()
