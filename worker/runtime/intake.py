"""Intake: every submission is written to Redis (raw payload + ledger) before its first message.

`Intake.submit(items)` takes `Submission`s in batches (by count and by bytes): one atomic
ledger script per batch (intake.lua: duplicate check, ledger entry, raw payload, seen key),
then the first hop's messages, then their confirmation. A submission whose exact bytes (or
URL) were already accepted within the duplicate window, and did not end dead, is skipped as
`duplicate` unless forced. An oversized payload is not stored: it ends at once as a
`too_large` dead letter. A submission with a given `ingest_id` is accepted once, however
often it is submitted (the bridge relies on this).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import structlog

from worker.clock import utc_iso
from worker.errors import Reason
from worker.replies import text
from worker.runtime.context import Context
from worker.runtime.dispatch import Dispatcher, Message
from worker.runtime.terminal import Terminal
from worker.submission import Submission, new_ids

__all__ = ["Intake", "Receipt", "Submission", "replay_submission"]
log = structlog.get_logger("worker.intake")
FIELDS = ("kind", "uri", "source", "meta", "received_at", "force", "hop")  # _fields() gives them


@dataclass(frozen=True)
class Receipt:
    """What happened to one submission at intake.

    status: `enqueued`, `skipped` (detail `duplicate`, ingest_id = the earlier one), `exists`
    (this ingest_id was accepted before), or `dead` (detail = the reason).
    """

    uri: str
    status: str
    ingest_id: str
    detail: str = ""


class Intake:
    """Writes submissions to the ledger and sends their first hop."""

    def __init__(self, ctx: Context, dispatcher: Dispatcher) -> None:
        self.ctx = ctx
        self.settings = ctx.settings
        self.keys = ctx.keys
        self.dispatcher = dispatcher
        self.terminal = Terminal(ctx)

    def submit(self, items: Iterable[Submission], force: bool = False) -> Iterator[list[Receipt]]:
        """Yield the receipts of each batch, in order; a batch is written and sent whole
        before it is yielded (so stopping between batches leaves nothing half-done)."""
        batch: list[Submission] = []
        size = 0
        for item in items:
            if batch and (
                len(batch) >= self.settings.intake.batch_size
                or size + len(item.raw) > self.settings.intake.batch_bytes
            ):
                yield self._submit_batch(batch, force)
                batch, size = [], 0
            batch.append(item)
            size += len(item.raw)
        if batch:
            yield self._submit_batch(batch, force)

    def _submit_batch(self, batch: list[Submission], force: bool) -> list[Receipt]:
        fresh = iter(new_ids(len(batch)))
        ids = [item.ingest_id or next(fresh).hex for item in batch]
        fits = [(i, item) for i, item in zip(ids, batch, strict=True) if not self._too_large(item)]
        statuses = dict(zip([i for i, _ in fits], self._write(fits, force), strict=True))
        messages = [
            Message(
                i, 1, self.ctx.chain.first(item.kind).name, self.ctx.chain.first(item.kind).queue
            )
            for i, item in fits
            if statuses[i] == "accepted"
        ]
        if messages:
            self._send(messages)
        return [self._receipt(i, item, statuses.get(i)) for i, item in zip(ids, batch, strict=True)]

    def _send(self, messages: list[Message]) -> None:
        """Send the first hops. Once the ledger holds a submission it is accepted: if sending
        fails, the sweeper of any running worker sends what is left at its next sweep."""
        try:
            self.dispatcher.send(messages)
        except Exception as exc:
            log.warning(
                "intake_send_failed",
                count=len(messages),
                error=f"{type(exc).__name__}: {exc}"[:200],
            )
            with contextlib.suppress(Exception):
                self.ctx.redis.zadd(self.keys.unsent, {m.ingest_id: 0 for m in messages}, xx=True)

    def _write(self, fits: list[tuple[str, Submission]], force: bool) -> list[str]:
        if not fits:
            return []
        keys, received = [self.keys.inflight, self.keys.unsent], utc_iso()
        args: list[Any] = [self.settings.intake.send_grace, self.settings.retention.dedup]
        args += [len(FIELDS), *FIELDS]
        for ingest_id, item in fits:
            keys += [
                self.keys.ledger(ingest_id),
                self.keys.raw(ingest_id),
                self.keys.seen(item.identity),
            ]
            fields = self._fields(item, received, force)
            args += [ingest_id, "1" if force else "0", *(fields[name] for name in FIELDS)]
        args += [item.raw for _, item in fits]
        return [text(s) for s in self.ctx.ledger.run("intake", keys, args)]

    def _fields(self, item: Submission, received_at: str, force: bool) -> dict[str, str]:
        return {
            "kind": item.kind,
            "uri": item.uri,
            "source": json.dumps(item.source()),
            "meta": json.dumps(item.meta),
            "received_at": received_at,
            "force": "1" if force else "0",
            "hop": self.ctx.chain.first(item.kind).name,
        }

    def _receipt(self, ingest_id: str, item: Submission, status: str | None) -> Receipt:
        if status is None:  # too large: never stored
            size = item.size if item.size is not None else len(item.raw)
            limit = self.settings.intake.max_bytes
            self.terminal.dead_letter(
                ingest_id,
                stage="intake",
                reason=Reason.TOO_LARGE,
                error=f"{size} bytes, over the limit of {limit} bytes",
                attempts=0,
                create=self._fields(item, utc_iso(), False),
            )
            return Receipt(item.uri, "dead", ingest_id, str(Reason.TOO_LARGE))
        if status == "accepted":
            return Receipt(item.uri, "enqueued", ingest_id)
        if status == "exists":
            return Receipt(item.uri, "exists", ingest_id)
        return Receipt(item.uri, "skipped", status.removeprefix("skipped:"), "duplicate")

    def _too_large(self, item: Submission) -> bool:
        size = item.size if item.size is not None else len(item.raw)
        return size > self.settings.intake.max_bytes


def replay_submission(ctx: Context, ingest_id: str) -> Submission | None:
    """A new Submission from a dead letter's kept raw payload (None if nothing was kept)."""
    ledger = ctx.ledger.entry(ingest_id)
    raw = ctx.redis.get(ctx.keys.raw(ingest_id))
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
