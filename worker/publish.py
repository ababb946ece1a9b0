"""The two terminal writes: a record to `ingest:articles`, or a dead letter to `ingest:dead`.

Both are one Lua script each, so the check ("has this submission already ended?") and the
write happen atomically: a redelivered or re-driven task can never publish twice. A record
whose `article_id` another submission already published is not published again (unless the
submission was forced); the ledger says `duplicate` and names the first one.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import redis

from worker.article import SCHEMA_VERSION, Article
from worker.errors import Reason
from worker.keys import Keys
from worker.settings import Settings

TERMINAL = ("published", "duplicate", "dead")

_PUBLISH = """
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'published' or state == 'duplicate' or state == 'dead' then
  return {'already', state}
end
if ARGV[3] ~= '1' then
  local prior = redis.call('GET', KEYS[3])
  if prior and prior ~= ARGV[2] then
    redis.call('HSET', KEYS[1], 'state', 'duplicate', 'duplicate_of', prior,
               'article_id', ARGV[6], 'finished_at', ARGV[4])
    redis.call('ZREM', KEYS[4], ARGV[2])
    redis.call('HINCRBY', KEYS[5], 'duplicate', 1)
    redis.call('EXPIRE', KEYS[6], ARGV[5])
    return {'duplicate', prior}
  end
end
local id = redis.call('XADD', KEYS[2], '*', 'record', ARGV[1])
redis.call('SET', KEYS[3], ARGV[2])
redis.call('HSET', KEYS[1], 'state', 'published', 'entry_id', id, 'article_id', ARGV[6],
           'finished_at', ARGV[4])
redis.call('ZREM', KEYS[4], ARGV[2])
redis.call('HINCRBY', KEYS[5], 'published', 1)
redis.call('EXPIRE', KEYS[6], ARGV[5])
return {'published', id}
"""

_DEAD = """
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'published' or state == 'duplicate' or state == 'dead' then
  return {'already', state}
end
local id = redis.call('XADD', KEYS[2], '*', 'record', ARGV[1])
redis.call('HSET', KEYS[1], 'state', 'dead', 'reason', ARGV[2], 'entry_id', id,
           'finished_at', ARGV[3])
redis.call('ZREM', KEYS[3], ARGV[4])
redis.call('HINCRBY', KEYS[4], 'dead:' .. ARGV[2], 1)
return {'dead', id}
"""


@dataclass(frozen=True)
class Outcome:
    """What a terminal write did: published | duplicate | dead | already (+ entry or prior)."""

    status: str
    detail: str


class Publisher:
    """The terminal writes, bound to one Redis client and the settings."""

    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self.redis = client
        self.settings = settings
        self.keys = Keys(settings.key_prefix)
        self._publish = client.register_script(_PUBLISH)
        self._dead = client.register_script(_DEAD)

    def publish(self, article: Article) -> Outcome:
        """Add the record once per ingest_id; see the module docstring for duplicates."""
        k, ingest_id = self.keys, article.ingest_id
        record = json.dumps(article.to_record(), ensure_ascii=False, separators=(",", ":"))
        args = [
            record,
            ingest_id,
            "1" if article.force else "0",
            _now(),
            self.settings.intake.raw_retention,
            article.article_id or "",
        ]
        keys = [
            k.ledger(ingest_id),
            self.settings.streams.articles,
            k.article(article.article_id or ""),
            k.inflight,
            k.counters,
            k.raw(ingest_id),
        ]
        status, detail = self._publish(keys=keys, args=args)
        return Outcome(_text(status), _text(detail))

    def dead_letter(
        self,
        ingest_id: str,
        *,
        source: dict[str, Any],
        stage: str,
        reason: Reason,
        error: str,
        attempts: int,
    ) -> Outcome:
        """Add a dead letter once per ingest_id; the raw payload stays for replay."""
        k = self.keys
        record = json.dumps(
            {
                "schema_version": SCHEMA_VERSION,
                "ingest_id": ingest_id,
                "source": source,
                "stage": stage,
                "reason": str(reason),
                "error": error[:500],
                "attempts": attempts,
                "failed_at": _now(),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        keys = [k.ledger(ingest_id), self.settings.streams.dead, k.inflight, k.counters]
        status, detail = self._dead(keys=keys, args=[record, str(reason), _now(), ingest_id])
        return Outcome(_text(status), _text(detail))


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
