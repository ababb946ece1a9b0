"""Talking to Redis: the client every process uses, kombu's spelling of its URL, and whether
the server keeps what it is given. Which Redis to use is decided in choice.py."""

from __future__ import annotations

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from worker.replies import text

_SOCKET_TIMEOUT = 10  # every command we send is short: a silent server is noticed in seconds
_RETRIES = 6  # about 6 s of back-off: a restarting Redis, a reset connection


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


OLDEST = (6, 2)  # XAUTOCLAIM and XTRIM MINID (bridge, sweeper)


def version_problem(conn: redis.Redis) -> str | None:
    """Why this server is too old for this project (None when it is not, or when its
    version cannot be read: a compatible server is let try)."""
    version = str(conn.info("server").get("redis_version", ""))
    if not too_old(version):
        return None
    return (
        f"Redis {version} is older than {'.'.join(map(str, OLDEST))}, which ingest needs "
        "(XAUTOCLAIM, XTRIM MINID)"
    )


def too_old(version: str) -> bool:
    try:
        major_minor = tuple(int(part) for part in version.split(".")[:2])
    except ValueError:
        return False
    return len(major_minor) == 2 and major_minor < OLDEST


def transport_options(visibility_timeout: int) -> dict[str, object]:
    """kombu's Redis transport options, for the workers and for every sender."""
    return {
        # Unacked messages go back to the queue after this (their ledger dispatch is long
        # stale by then: the sweeper recovered them in seconds).
        "visibility_timeout": visibility_timeout,
        # Socket timeouts and health checks: a dead broker connection is noticed and rebuilt
        # instead of hanging a worker forever.
        "socket_timeout": 30,
        "socket_connect_timeout": 10,
        "health_check_interval": 25,
        # No retry_on_timeout: kombu then pipelines a batch of messages in one round trip (it
        # refuses to when a timed-out pipeline could be replayed). A lost send is found by the
        # sweeper; a replayed one is a stale copy the claim drops.
    }


def broker_url(url: str) -> str:
    """kombu spells a unix-socket Redis `redis+socket://`."""
    if url.startswith("unix://"):
        return "redis+socket://" + url.removeprefix("unix://")
    return url
