"""What every part of the runtime in one process shares, built once on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import redis

from worker.keys import Keys
from worker.pipeline import Chain
from worker.runtime.choice import Choice, choose
from worker.runtime.connection import broker_url, client, transport_options
from worker.runtime.dispatch import Dispatcher
from worker.runtime.ledger import Ledger
from worker.settings import Settings, get_settings


@dataclass(frozen=True)
class Context:
    """Settings, the Redis chosen (and why) and a client for it, the ledger, the chain."""

    settings: Settings
    redis_choice: Choice
    redis: redis.Redis
    ledger: Ledger
    chain: Chain

    @property
    def redis_url(self) -> str:
        return self.redis_choice.url

    @property
    def keys(self) -> Keys:
        return self.ledger.keys

    def dispatcher(self) -> Dispatcher:
        """A new dispatcher (its own broker connection: one per thread that sends)."""
        options = transport_options(self.settings.celery.visibility_timeout)
        return Dispatcher(broker_url(self.redis_url), self.ledger, options)


def make_context(settings: Settings, redis_url: str, why: str = "given") -> Context:
    conn = client(redis_url)
    return Context(settings, Choice(redis_url, why), conn, Ledger(conn, settings), Chain(settings))


@cache
def context() -> Context:
    """This process's context: the settings from the environment, the Redis they name."""
    settings = get_settings()
    choice = choose(settings)
    return make_context(settings, choice.url, choice.why)
