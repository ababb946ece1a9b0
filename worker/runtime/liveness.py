"""Liveness: every worker instance says, every few seconds, which of its processes are alive.

An instance is one `ingest worker` (its main process and its pool). Its id,
`<host>:<main pid>:<random>`, is new at every start, so a restarted container never passes
for the instance that died. Every `heartbeat_interval` its main process sets
`alive:<instance>` to `,<pid>,<pid>,...,` (itself and its live pool processes) with a TTL of
`dead_after`. A hop's holder is `<instance>/<pid>`: it is gone when the key has expired or no
longer lists the pid. The sweeper (sweeper.py) acts on that; nothing else waits on a clock.

`LivenessStep` is the worker bootstep that ties it together: it builds the stages in the
main process before the pool forks (so no task pays any set-up), checks that the Redis keeps
what it is given, then runs two threads: the heartbeat, and the sweeper.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

import redis
import structlog
from celery import bootsteps

from worker.keys import Keys
from worker.pipeline import Pipeline
from worker.runtime import hop
from worker.runtime.choice import redact
from worker.runtime.connection import durability_problems, version_problem
from worker.runtime.context import Context, context
from worker.runtime.sweeper import Sweeper
from worker.runtime.warmup import freeze, warm
from worker.settings import Settings

log = structlog.get_logger("worker.liveness")


def new_instance_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Heartbeat:
    """Beats `alive:<instance>`; knows how long its own beats have gone through unbroken."""

    def __init__(
        self,
        conn: redis.Redis,
        settings: Settings,
        instance: str,
        pids: Callable[[], Iterable[int]],
    ) -> None:
        self.redis = conn
        self.keys = Keys(settings.key_prefix)
        self.instance = instance
        self.interval = settings.liveness.heartbeat_interval
        self.ttl_ms = int(settings.liveness.dead_after * 1000)
        self.pids = pids
        self.last_ok: float | None = None
        self.resumed_at = time.monotonic()
        self.failing = False

    def beat(self) -> bool:
        live = sorted({os.getpid(), *self.pids()})
        value = "," + ",".join(map(str, live)) + ","
        try:
            pipe = self.redis.pipeline(transaction=False)
            pipe.set(self.keys.alive(self.instance), value, px=self.ttl_ms)
            pipe.sadd(self.keys.instances, self.instance)
            pipe.execute()
        except redis.RedisError as exc:
            if not self.failing:
                log.warning("heartbeat_failed", error=f"{type(exc).__name__}: {exc}"[:200])
            self.failing = True
            return False
        now = time.monotonic()
        if self.last_ok is None or now - self.last_ok > 2 * self.interval:
            self.resumed_at = now  # first beat, or the first after a gap: Redis was away
        if self.failing:
            log.info("heartbeat_resumed")
        self.last_ok, self.failing = now, False
        return True

    def steady_for(self) -> float:
        """Seconds this instance's beats have gone through without a gap (0 if failing)."""
        if self.failing or self.last_ok is None:
            return 0.0
        if time.monotonic() - self.last_ok > 2 * self.interval:
            return 0.0
        return time.monotonic() - self.resumed_at


def pool_pids(pool: Any) -> list[int]:
    """The pids of a Celery pool's processes that are running (not exited, not zombies)."""
    try:
        pids = list((pool.info or {}).get("processes", []))
    except Exception:  # a pool not started yet, or stopping
        return []
    return [pid for pid in pids if isinstance(pid, int) and running(pid)]


def running(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:  # no /proc here: ask the kernel whether the pid exists
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True
    return state not in ("Z", "X")


class Repeat(threading.Thread):
    """Calls `action` every `interval` seconds on a daemon thread until stopped."""

    def __init__(self, name: str, interval: float, action: Callable[[], object]) -> None:
        super().__init__(name=name, daemon=True)
        self.interval = interval
        self.action = action
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                self.action()
            except Exception:
                log.exception("repeat_failed", thread=self.name)

    def stop(self) -> None:
        self.stopped.set()


class LivenessStep(bootsteps.StartStopStep):
    """Worker bootstep: warm the stages, refuse a Redis that loses data or is too old, beat,
    sweep."""

    requires: ClassVar[set[str]] = {"celery.worker.components:Pool"}

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.ctx = context()
        log.info("redis_chosen", redis=redact(self.ctx.redis_url), why=self.ctx.redis_choice.why)
        _check_durability(self.ctx)
        _check_version(self.ctx)
        self.instance = new_instance_id()
        started = time.monotonic()
        # Built before the pool forks: every child inherits it (redis-py's pool reconnects
        # in a child, so the stories stage's client is each process's own).
        pipeline = Pipeline(self.ctx.settings, self.ctx.redis)
        warm(pipeline)
        dispatcher = self.ctx.dispatcher()
        hop.install(hop.HopRunner(self.ctx, pipeline, dispatcher, self.instance))
        frozen = freeze()  # the pool forks next (its step starts after every step is made)
        log.info(
            "worker_warmed",
            instance=self.instance,
            ms=round((time.monotonic() - started) * 1000),
            frozen=frozen,
        )
        self.threads: list[Repeat] = []

    def start(self, parent: Any) -> None:
        settings = self.ctx.settings.liveness
        heartbeat = Heartbeat(
            self.ctx.redis, self.ctx.settings, self.instance, lambda: pool_pids(parent.pool)
        )
        heartbeat.beat()  # before the first task can be claimed
        sweeper = Sweeper(self.ctx, self.ctx.dispatcher(), heartbeat)
        self.threads = [
            Repeat("ingest-heartbeat", settings.heartbeat_interval, heartbeat.beat),
            Repeat("ingest-sweeper", settings.sweep_interval, sweeper.sweep),
        ]
        for thread in self.threads:
            thread.start()

    def stop(self, parent: Any) -> None:
        # Only the sweeper stops: the heartbeat goes on (a daemon thread, it ends with the
        # process) while a warm shutdown lets the running hops finish.
        for thread in self.threads:
            if thread.name == "ingest-sweeper":
                thread.stop()


def _check_durability(ctx: Context) -> None:
    problems = durability_problems(ctx.redis)
    if not problems:
        return
    if ctx.settings.require_durable_redis:
        log.critical("redis_can_lose_data", problems=problems, fix=REFUSAL_FIX)
        raise SystemExit(2)
    log.warning("redis_can_lose_data", problems=problems)


def _check_version(ctx: Context) -> None:
    problem = version_problem(ctx.redis)
    if problem:
        log.critical("redis_too_old", problem=problem, fix="run Redis 6.2 or newer")
        raise SystemExit(2)


REFUSAL_FIX = (
    "run Redis with appendonly yes and maxmemory-policy noeviction (config/redis.conf), "
    "or set INGEST_REQUIRE_DURABLE_REDIS=false to accept the risk"
)
