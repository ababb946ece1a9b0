"""`ingest bridge`: the inbox stream (any language can XADD to it) into intake.

Each entry carries exactly one body field, `text`, `html` or `url`, and optionally `source`,
`uri`, `published` (an ISO 8601 date or time), `language`, `id` (kept as
`source.external_id`). An entry becomes a submission whose ingest_id is derived from the
stream and entry id, so taking the same entry twice (a bridge died between intake and its
acknowledgement) accepts it once. An entry that is not a submission (no body, two bodies, a
field that is not UTF-8, a `published` that is not a date) ends as a `malformed` or
`undecodable` dead letter; an oversized body as `too_large`. Every entry is acknowledged
only once it is in the ledger or the dead letters.

Several bridges may run: each takes over the entries another left pending for `claim_idle`
seconds, every few seconds, not only when it starts. A bridge holds back while more than
`max_backlog` submissions are in flight, so a burst on the inbox waits there, not in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
import time
from dataclasses import dataclass

import structlog

from worker.clock import date_of, utc_iso
from worker.errors import Reason
from worker.replies import text
from worker.runtime.context import Context
from worker.runtime.groups import ensure_group
from worker.runtime.intake import Intake, Submission
from worker.runtime.terminal import Terminal

log = structlog.get_logger("worker.bridge")
BODIES = ("text", "html", "url")
_TEXT_FIELDS = ("source", "uri", "published", "language", "id", "text", "url")
_BLOCK_MS = 2000
_PAUSE_S = 1.0
_RESUME_AT = 0.8

Entry = tuple[bytes, dict[bytes, bytes] | None]


@dataclass(frozen=True)
class Refusal:
    """Why an inbox entry is not a submission."""

    reason: Reason
    error: str


def entry_ingest_id(stream: str, entry_id: str) -> str:
    return hashlib.sha256(f"{stream}\n{entry_id}".encode()).hexdigest()[:32]


def to_submission(stream: str, entry_id: str, fields: dict[bytes, bytes]) -> Submission | Refusal:
    """An inbox entry as a Submission, or the reason it cannot be one."""
    data = {k.decode("utf-8", "replace"): v for k, v in fields.items()}
    bodies = [name for name in BODIES if name in data]
    if len(bodies) != 1:
        found = ", ".join(bodies) or "none"
        return Refusal(Reason.MALFORMED, f"needs exactly one of text, html, url; found {found}")
    values: dict[str, str] = {}
    for name in _TEXT_FIELDS:
        if name in data:
            try:
                values[name] = data[name].decode("utf-8")
            except UnicodeDecodeError:
                reason = Reason.UNDECODABLE if name in ("text", "url") else Reason.MALFORMED
                return Refusal(reason, f"field {name!r} is not UTF-8")
    if "published" in values and not _is_date(values["published"]):
        return Refusal(
            Reason.MALFORMED, f"published is not an ISO 8601 date: {values['published'][:40]!r}"
        )
    meta: dict[str, str] = {k: values[k] for k in ("published", "language") if k in values}
    if "id" in values:
        meta["external_id"] = values["id"]
    ingest_id = entry_ingest_id(stream, entry_id)
    if bodies == ["url"]:
        return Submission(kind="url", uri=values["url"], meta=meta, ingest_id=ingest_id)
    kind = bodies[0]
    uri = values.get("uri") or values.get("source") or f"inbox:{entry_id}"
    return Submission(
        kind=kind,
        uri=uri,
        raw=data[kind],
        content_type="text/html" if kind == "html" else "text/plain",
        meta=meta,
        ingest_id=ingest_id,
    )


def _is_date(value: str) -> bool:
    return date_of(value) is not None


class Bridge:
    """One bridge consumer of the inbox group."""

    def __init__(self, ctx: Context, intake: Intake, stop: threading.Event | None = None):
        self.ctx = ctx
        self.redis = ctx.redis
        self.intake = intake
        self.terminal = Terminal(ctx)
        self.stream = ctx.settings.streams.inbox
        self.group = ctx.settings.streams.inbox_group
        self.opts = ctx.settings.bridge
        self.consumer = f"{socket.gethostname()}-{os.getpid()}"
        self.stop = stop or threading.Event()
        self.paused = False
        self.last_claim = 0.0

    def run(self, once: bool = False) -> int:
        """Bridge entries until stopped (or, with `once`, until the inbox has nothing for
        us); returns how many entries were handled."""
        ensure_group(self.redis, self.stream, self.group, "0")
        handled = self._claim()
        while not self.stop.is_set():
            if self._backlogged():
                if once:
                    break
                time.sleep(_PAUSE_S)
                continue
            if time.monotonic() - self.last_claim > self.opts.claim_idle / 2:
                handled += self._claim()
            got = self._read(block_ms=0 if once else _BLOCK_MS)
            handled += got
            if once and not got:
                break
        return handled

    def _backlogged(self) -> bool:
        """Over `max_backlog` in flight: pause; resume once it is down to 80% of it (so a
        backlog hovering at the bound does not flap)."""
        backlog = self.redis.zcard(self.ctx.keys.inflight)
        bound = self.opts.max_backlog
        over = backlog >= bound if not self.paused else backlog > bound * _RESUME_AT
        if over != self.paused:
            log.info(
                "bridge_paused" if over else "bridge_resumed",
                in_flight=backlog,
                bound=self.opts.max_backlog,
            )
            self.paused = over
        return over

    def _claim(self) -> int:
        """Take over entries another bridge left pending for `claim_idle`."""
        self.last_claim = time.monotonic()
        idle_ms = int(self.opts.claim_idle * 1000)
        handled, cursor = 0, "0-0"
        while True:
            reply = self.redis.xautoclaim(
                self.stream, self.group, self.consumer, idle_ms, cursor, count=self.opts.batch_size
            )
            cursor, entries = text(reply[0]), reply[1]
            if entries:
                log.info("inbox_entries_claimed", count=len(entries))
                handled += self.handle(entries)
            if cursor == "0-0" or not entries:
                return handled

    def _read(self, block_ms: int) -> int:
        reply = self.redis.xreadgroup(
            self.group,
            self.consumer,
            {self.stream: ">"},
            count=self.opts.batch_size,
            block=block_ms or None,
        )
        if not reply:
            return 0
        return self.handle(reply[0][1])

    def handle(self, entries: list[Entry]) -> int:
        """Intake (or dead-letter) `entries`, then acknowledge them."""
        items, ids = [], []
        for raw_id, fields in entries:
            entry_id = text(raw_id)
            ids.append(raw_id)
            if fields is None:  # deleted from the stream while pending: nothing to take
                continue
            outcome = to_submission(self.stream, entry_id, fields)
            if isinstance(outcome, Refusal):
                self._refuse(entry_id, fields, outcome)
            else:
                items.append(outcome)
        for receipts in self.intake.submit(items):
            for receipt in receipts:
                log.info("inbox_entry_accepted", status=receipt.status, ingest_id=receipt.ingest_id)
        if ids:
            self.redis.xack(self.stream, self.group, *ids)
        return len(ids)

    def _refuse(self, entry_id: str, fields: dict[bytes, bytes], refusal: Refusal) -> None:
        ingest_id = entry_ingest_id(self.stream, entry_id)
        uri = f"inbox:{entry_id}"
        source = {"kind": "inbox", "uri": uri, "content_type": None, "entry_id": entry_id}
        create = {
            "kind": "inbox",
            "uri": uri,
            "source": json.dumps(source),
            "meta": "{}",
            "received_at": utc_iso(),
            "force": "0",
        }
        verdict = self.terminal.dead_letter(
            ingest_id,
            stage="bridge",
            reason=refusal.reason,
            error=f"{refusal.error} (fields: {', '.join(sorted(_name(k) for k in fields))})",
            attempts=0,
            create=create,
        )
        log.warning(
            "inbox_entry_refused",
            entry_id=entry_id,
            reason=str(refusal.reason),
            error=refusal.error,
            outcome=verdict.status,
        )


def _name(field: bytes) -> str:
    return field.decode("utf-8", "replace")[:40]
