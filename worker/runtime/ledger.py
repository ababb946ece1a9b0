"""The intake ledger: one hash per submission, its state machine, and the indexes around it.

    accepted ─► SENDING ─confirm─► QUEUED ─claim─► RUNNING ─handoff─► SENDING (next hop) ...
                   ▲                  │               │ ├─wait─► WAITING ─(due)─┐
                   └──── redispatch ──┴───────────────┘ │                        │
                   (lost message, gone holder, due retry)└─publish─► PUBLISHED | DUPLICATE
                                                          any state ─dead─► DEAD

Every transition is one Lua script (`lua/*.lua`, each opening with what its KEYS and ARGV
hold), so it is atomic, and a repeated call (after a lost reply) finds the work done.
A submission sits in exactly one index while it is open: `unsent` (a message being sent,
scored by its deadline), `queued:<queue>:<lane>` (a message in that broker list),
`held:<instance>` (a process of that worker instance runs it) or `waiting` (a retry not yet
due). Each message carries the submission's `dispatch` number; only the current one may be
claimed, so a re-sent submission's old messages are dropped as stale and two chains of one
submission never both get past a claim.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import redis

from worker.article import Article
from worker.keys import Keys
from worker.replies import text
from worker.settings import Settings

LUA_DIR = Path(__file__).resolve().parent / "lua"


class State(StrEnum):
    """The `state` field of a ledger entry."""

    SENDING = "sending"
    QUEUED = "queued"
    RUNNING = "running"
    WAITING = "waiting"
    PUBLISHED = "published"
    DUPLICATE = "duplicate"
    DEAD = "dead"


TERMINAL = frozenset({State.PUBLISHED, State.DUPLICATE, State.DEAD})


@dataclass(frozen=True)
class Verdict:
    """What a ledger script decided: a status word and a detail (number, id or state)."""

    status: str
    detail: str = ""
    rest: tuple[Any, ...] = ()  # what a script returned beyond status and detail

    @property
    def number(self) -> int:
        return int(self.detail)


@cache
def script_source(name: str) -> str:
    """The text of `lua/<name>.lua` with the shared helpers (`lua/common.lua`) before it."""
    common = (LUA_DIR / "common.lua").read_text(encoding="utf-8")
    return common + "\n" + (LUA_DIR / f"{name}.lua").read_text(encoding="utf-8")


SCRIPTS = (
    "intake",
    "confirm",
    "claim",
    "handoff",
    "wait",
    "redispatch",
    "recover",
    "release",
    "publish",
    "dead",
    "suspects",
)


class Ledger:
    """The ledger scripts bound to one Redis client, plus the reads that go with them."""

    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self.redis = client
        self.settings = settings
        self.keys = Keys(settings.key_prefix)
        self._scripts = {name: client.register_script(script_source(name)) for name in SCRIPTS}

    def run(self, name: str, keys: list[str], args: list[Any]) -> Any:
        """Run one ledger script (see its header for what `keys` and `args` hold)."""
        return self._scripts[name](keys=keys, args=args)

    def verdict(self, name: str, keys: list[str], args: list[Any]) -> Verdict:
        status, detail, *rest = self.run(name, keys, args)
        return Verdict(text(status), text(detail), tuple(rest))

    # Reads.

    def entry(self, ingest_id: str) -> dict[str, str]:
        """Every field of one ledger entry, decoded ({} if there is none)."""
        return {
            text(k): text(v) for k, v in self.redis.hgetall(self.keys.ledger(ingest_id)).items()
        }

    def entries(self, ids: Iterable[str], *fields: str) -> list[dict[str, str]]:
        """Each id's ledger fields (only `fields` when given), decoded, in one round trip;
        a field an entry lacks is left out ({} for an id with no entry)."""
        ids = list(ids)
        if not ids:
            return []
        pipe = self.redis.pipeline(transaction=False)
        for ingest_id in ids:
            if fields:
                pipe.hmget(self.keys.ledger(ingest_id), *fields)
            else:
                pipe.hgetall(self.keys.ledger(ingest_id))
        replies = pipe.execute()
        if fields:
            replies = [dict(zip(fields, values, strict=True)) for values in replies]
        return [{text(k): text(v) for k, v in r.items() if v is not None} for r in replies]

    def field(self, ingest_id: str, name: str) -> str:
        """One field of an entry ('' when missing)."""
        return text(self.redis.hget(self.keys.ledger(ingest_id), name))

    def mark_replayed(self, replays: Iterable[tuple[str, str]]) -> None:
        """Record on each dead entry the submission that replays it: (old id, new id)."""
        pipe = self.redis.pipeline(transaction=False)
        for old_id, new_id in replays:
            pipe.hset(self.keys.ledger(old_id), "replayed_as", new_id)
        pipe.execute()

    def state(self, ingest_id: str) -> State | None:
        value = self.redis.hget(self.keys.ledger(ingest_id), "state")
        return State(text(value)) if value else None

    def source(self, ingest_id: str) -> dict[str, Any]:
        stored = self.redis.hget(self.keys.ledger(ingest_id), "source")
        return json.loads(stored) if stored else {"kind": "unknown"}

    def load_article(self, ingest_id: str) -> Article | None:
        """The Article as submitted (raw payload + ledger), or None if there is no entry."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.hmget(self.keys.ledger(ingest_id), "received_at", "source", "meta", "force")
        pipe.get(self.keys.raw(ingest_id))
        (received_at, source, meta, force), raw = pipe.execute()
        if received_at is None:
            return None
        return submitted_article(ingest_id, (received_at, source, meta, force, raw))


def submitted_article(ingest_id: str, fields: tuple[Any, ...]) -> Article:
    """The Article a submission starts as, from (received_at, source, meta, force, raw) as
    Redis gives them (bytes, or None for what is missing)."""
    received_at, source, meta, force, raw = fields
    extra = json.loads(text(meta) or "{}")
    return Article(
        ingest_id=ingest_id,
        received_at=text(received_at),
        source=json.loads(text(source) or "{}"),
        raw=raw or b"",
        declared_charset=extra.get("charset"),
        force=text(force) == "1",
        title=extra.get("title"),
        published=extra.get("published"),
        language={"code": "und", "confidence": 0.0, "declared": extra.get("language")},
    )
