"""Intake: every submission is written to Redis (raw payload + ledger) before its first task.

`Intake.submit(items)` takes `Submission`s in batches (one pipelined round trip per batch for
the duplicate check, one for the writes), then sends each chain. A submission whose exact
bytes (or URL) are already published or in flight is skipped as `duplicate` unless forced.
Oversized payloads are not stored: they go straight to the dead letters as `too_large`.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import redis

from worker.article import Article
from worker.errors import Reason
from worker.keys import Keys
from worker.publish import Publisher
from worker.settings import Settings


@dataclass(frozen=True)
class Submission:
    """One thing to ingest: a file's bytes, a text, an HTML page, or a URL."""

    kind: str  # file | text | html | url
    uri: str
    raw: bytes = b""
    content_type: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # title, published, language, external_id

    @property
    def identity(self) -> str:
        data = self.uri.encode() if self.kind == "url" else self.raw
        return hashlib.sha256(data).hexdigest()

    def source(self) -> dict[str, Any]:
        source: dict[str, Any] = {
            "kind": self.kind,
            "uri": self.uri,
            "content_type": self.content_type,
        }
        if self.meta.get("external_id"):
            source["external_id"] = self.meta["external_id"]
        return source


@dataclass(frozen=True)
class Receipt:
    """What happened to one submission at intake: enqueued, skipped or dead (too_large)."""

    uri: str
    status: str
    ingest_id: str
    detail: str = ""


Dispatch = Callable[[list[tuple[str, str]]], None]  # (ingest_id, kind)


class Intake:
    """Writes submissions to the ledger and hands their ids to `dispatch` (which sends chains)."""

    def __init__(self, client: redis.Redis, settings: Settings, dispatch: Dispatch) -> None:
        self.redis = client
        self.settings = settings
        self.keys = Keys(settings.key_prefix)
        self.dispatch = dispatch
        self.publisher = Publisher(client, settings)

    def submit(self, items: Iterable[Submission], force: bool = False) -> Iterator[Receipt]:
        """Yield one Receipt per item, in order, batch by batch."""
        iterator = iter(items)
        while batch := list(islice(iterator, self.settings.intake.batch_size)):
            yield from self._submit_batch(batch, force)

    def _submit_batch(self, batch: list[Submission], force: bool) -> list[Receipt]:
        prior = {} if force else self._in_flight_or_done(batch)
        receipts, accepted, seen = [], [], set()
        for item in batch:
            if item.identity in prior or item.identity in seen:
                dup = prior.get(item.identity, "this batch")
                receipts.append(Receipt(item.uri, "skipped", dup, "duplicate"))
                continue
            seen.add(item.identity)
            receipt = Receipt(item.uri, "enqueued", uuid.uuid4().hex)
            receipts.append(receipt)
            accepted.append((receipt.ingest_id, item))
        self._write(accepted, force)
        self.dispatch([(i, item.kind) for i, item in accepted if not self._too_large(item)])
        dead = {i for i, item in accepted if self._too_large(item)}
        return [
            Receipt(r.uri, "dead", r.ingest_id, str(Reason.TOO_LARGE)) if r.ingest_id in dead else r
            for r in receipts
        ]

    def _in_flight_or_done(self, batch: list[Submission]) -> dict[str, str]:
        """identity -> ingest_id for items already published or in flight (not dead)."""
        pipe = self.redis.pipeline(transaction=False)
        for item in batch:
            pipe.get(self.keys.seen(item.identity))
        ids = [_text(v) if v else None for v in pipe.execute()]
        for ingest_id in ids:
            if ingest_id:
                pipe.hget(self.keys.ledger(ingest_id), "state")
        states = iter(pipe.execute())
        found = {}
        for item, ingest_id in zip(batch, ids, strict=True):
            if ingest_id and (state := next(states)) and _text(state) != "dead":
                found[item.identity] = ingest_id
        return found

    def _write(self, accepted: list[tuple[str, Submission]], force: bool) -> None:
        now = time.time()
        deadline = now + self.settings.intake.redrive_after
        pipe = self.redis.pipeline(transaction=False)
        for ingest_id, item in accepted:
            if not self._too_large(item):
                pipe.set(self.keys.raw(ingest_id), item.raw)
                pipe.zadd(self.keys.inflight, {ingest_id: deadline})
            pipe.hset(
                self.keys.ledger(ingest_id),
                mapping={
                    "state": "queued",
                    "kind": item.kind,
                    "uri": item.uri,
                    "redrives": 0,
                    "source": json.dumps(item.source()),
                    "meta": json.dumps(item.meta),
                    "received_at": _iso(now),
                    "force": int(force),
                },
            )
            pipe.set(self.keys.seen(item.identity), ingest_id)
        pipe.execute()
        for ingest_id, item in accepted:
            if self._too_large(item):
                self.publisher.dead_letter(
                    ingest_id,
                    source=item.source(),
                    stage="intake",
                    reason=Reason.TOO_LARGE,
                    error=f"{len(item.raw)} bytes",
                    attempts=0,
                )

    def _too_large(self, item: Submission) -> bool:
        return len(item.raw) > self.settings.intake.max_bytes


def load_article(client: redis.Redis, keys: Keys, ingest_id: str) -> Article | None:
    """The Article as submitted (raw payload + ledger), or None if the ledger has no entry."""
    pipe = client.pipeline(transaction=False)
    pipe.hgetall(keys.ledger(ingest_id))
    pipe.get(keys.raw(ingest_id))
    ledger, raw = pipe.execute()
    if not ledger:
        return None
    entry = {_text(k): _text(v) for k, v in ledger.items()}
    meta = json.loads(entry.get("meta") or "{}")
    return Article(
        ingest_id=ingest_id,
        received_at=entry["received_at"],
        source=json.loads(entry["source"]),
        raw=raw or b"",
        declared_charset=meta.get("charset"),
        force=entry.get("force") == "1",
        title=meta.get("title"),
        published=meta.get("published"),
        language={"code": "und", "confidence": 0.0, "declared": meta.get("language")},
    )


def ledger_state(client: redis.Redis, keys: Keys, ingest_id: str) -> str | None:
    state = client.hget(keys.ledger(ingest_id), "state")
    return _text(state) if state else None


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def replay_submission(client: redis.Redis, keys: Keys, ingest_id: str) -> Submission | None:
    """A new Submission from a dead letter's kept raw payload (None if nothing was kept)."""
    ledger = {_text(k): _text(v) for k, v in client.hgetall(keys.ledger(ingest_id)).items()}
    raw = client.get(keys.raw(ingest_id))
    if not ledger or (raw is None and ledger.get("kind") != "url"):
        return None
    source = json.loads(ledger["source"])
    meta = {**json.loads(ledger.get("meta") or "{}"), "replay_of": ingest_id}
    return Submission(
        kind=ledger["kind"],
        uri=ledger["uri"],
        raw=raw or b"",
        content_type=source.get("content_type"),
        meta=meta,
    )
