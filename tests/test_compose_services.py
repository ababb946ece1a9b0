"""Every docker-compose service's command, run here as a process with the compose file's own
environment (its variables filled in, `redis:6379` pointed at a real redis-server started
through the redis service's entrypoint with config/redis.conf and the rendered ACL users).
No Docker engine is needed: what compose would run in each container runs here.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from ruamel.yaml import YAML

from tests.faults.harness import free_port

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
INBOX_TEXT = (
    "Lighthouse keepers vote to keep the night watch\n\nThe keepers of the northern lighthouse "
    "voted on Friday to keep a person on watch every night, whatever the automatic lamp does. "
    "The vote was close, the union said, and the rota starts next month."
)
SECRETS = {
    "REDIS_PASSWORD": "worker-9f3a",
    "REDIS_PRODUCER_PASSWORD": "producer-51c2",
    "REDIS_CONSUMER_PASSWORD": "consumer-0d7e",
    "FLOWER_BASIC_AUTH": "admin:flower-77b1",
}


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?error}`; `$$` is a `$`."""

    def one(match: re.Match[str]) -> str:
        name, op, arg = match.group(1), match.group(2) or "", match.group(3) or ""
        if variables.get(name):
            return variables[name]
        if op == ":?":
            raise AssertionError(f"compose would refuse: {arg}")
        return arg

    return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", one, value).replace("$$", "$")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return YAML(typ="safe", pure=True).load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """redis-server through the redis service's entrypoint, its config and ACL file."""
    tmp = tmp_path_factory.mktemp("compose-redis")
    fake_bin = tmp / "bin"
    fake_bin.mkdir()
    (fake_bin / "docker-entrypoint.sh").write_text('#!/bin/sh\nexec "$@"\n')
    (fake_bin / "docker-entrypoint.sh").chmod(0o755)
    port, acl = free_port(), tmp / "users.acl"
    env = {
        **os.environ,
        **SECRETS,
        "PATH": f"{fake_bin}:{BIN}:{os.environ['PATH']}",
        "REDIS_ACL_TEMPLATE": str(ROOT / "config" / "users.acl.template"),
        "REDIS_ACL_FILE": str(acl),
    }
    args = ["--bind", "127.0.0.1", "--port", str(port), "--dir", str(tmp), "--aclfile", str(acl)]
    proc = subprocess.Popen(
        [
            "sh",
            str(ROOT / "docker" / "redis-entrypoint.sh"),
            "redis-server",
            str(ROOT / "config" / "redis.conf"),
            *args,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, username="ingest", password=SECRETS["REDIS_PASSWORD"])
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield port
    proc.terminate()
    proc.wait(10)


def service(
    compose: dict[str, Any], name: str, port: int, **extra: str
) -> tuple[list[str], dict[str, str]]:
    """(argv, environment) of a compose service as this machine runs it."""
    spec = compose["services"][name]
    variables = {**SECRETS, **extra}
    env = {k: interpolate(str(v), variables) for k, v in (spec.get("environment") or {}).items()}
    env = {k: v.replace("@redis:6379", f"@127.0.0.1:{port}") for k, v in env.items()}
    argv = [interpolate(str(a), variables) for a in spec["command"]]
    tools = {"ingest": str(BIN / "ingest"), "celery": str(BIN / "celery"), "python": sys.executable}
    argv[0] = tools.get(argv[0], argv[0])
    base = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    return argv, {**base, **env}


def start(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        argv,
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(what)


def test_every_compose_service_runs_as_compose_would_run_it(compose, redis_port, tmp_path):
    procs = []
    try:
        argv, env = service(compose, "worker", redis_port)
        assert argv[1:3] == ["worker", "--concurrency"]
        procs.append(worker := start(argv, env, tmp_path / "worker.log"))
        wait_for(
            lambda: b" ready." in (tmp_path / "worker.log").read_bytes(), 120, "worker not ready"
        )

        health = compose["services"]["worker"]["healthcheck"]["test"]
        command = interpolate(health[1], {}).replace("celery ", f"{BIN / 'celery'} ", 1)
        ping = subprocess.run(
            ["sh", "-c", command],
            env={**env, "HOSTNAME": socket.gethostname()},
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert ping.returncode == 0, ping.stdout + ping.stderr

        argv, env = service(compose, "bridge", redis_port)
        procs.append(start(argv, env, tmp_path / "bridge.log"))
        producer = redis.Redis(
            port=redis_port, username="producer", password=SECRETS["REDIS_PRODUCER_PASSWORD"]
        )
        producer.xadd("ingest:inbox", {"text": INBOX_TEXT, "id": "p-1"})

        argv, env = service(compose, "enqueue", redis_port)
        argv = [a.replace("/inbox", str(ROOT / "samples")) for a in argv]
        done = subprocess.run(
            argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stderr[-2000:]

        flower_port = free_port()
        argv, env = service(compose, "flower", redis_port)
        env.update({"FLOWER_PORT": str(flower_port), "FLOWER_ADDRESS": "127.0.0.1"})
        procs.append(start(argv, env, tmp_path / "flower.log"))
        wait_for(lambda: _healthy(flower_port), 60, "flower never answered /healthcheck")

        consumer = redis.Redis(
            port=redis_port, username="consumer", password=SECRETS["REDIS_CONSUMER_PASSWORD"]
        )
        consumer.xgroup_create("ingest:articles", "check", id="0")
        wait_for(lambda: consumer.xlen("ingest:articles") >= 8, 60, "not everything published")
        records = [
            json.loads(f[b"record"])
            for _, f in consumer.xreadgroup("check", "c", {"ingest:articles": ">"})[0][1]
        ]
        assert any(rec["source"].get("external_id") == "p-1" for rec in records)  # via the bridge
        assert worker.poll() is None
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(60)
    logs = "".join(p.read_text(errors="replace") for p in tmp_path.glob("*.log"))
    assert all(secret.split(":")[-1] not in logs for secret in SECRETS.values())


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthcheck", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


def test_interpolation_follows_compose() -> None:
    assert interpolate("${A:-x}/${B}/$$H", {"B": "b"}) == "x/b/$H"
    with pytest.raises(AssertionError, match="set it"):
        interpolate("${C:?set it}", {})
    assert shlex.split("a b") == ["a", "b"]
