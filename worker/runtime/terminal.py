"""The two ways a submission ends: a record on `ingest:articles`, or a dead letter on `ingest:dead`.

Both are one ledger script each (publish.lua, dead.lua): the check ("has this submission
ended? does this holder still own it?") and the write happen atomically, so a repeated call
after a lost reply, a stale message or a second chain can never publish twice. A record
whose `article_id` another submission already published is not published again (unless the
submission was forced); the ledger says `duplicate` and names the first one. Ending sets the
retention of what the submission leaves in Redis (settings `[retention]`).
"""

from __future__ import annotations

import json
from typing import Any

from worker.article import SCHEMA_VERSION, Article
from worker.clock import utc_iso
from worker.errors import Reason
from worker.runtime import timings
from worker.runtime.context import Context
from worker.runtime.ledger import Verdict


class Terminal:
    """The terminal writes, bound to one process's context."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.keys = ctx.keys
        self.settings = ctx.settings

    def publish(
        self,
        article: Article,
        dispatch: int,
        holder: str,
        stats: tuple[str, list[tuple[str, float]]] = ("", []),
    ) -> Verdict:
        """Add the record once per ingest_id; `holder` must still own the submission.
        `stats`: a minute's stats hash and the amounts to add to it if it is published (or
        found a duplicate)."""
        k, ingest_id, retention = self.keys, article.ingest_id, self.settings.retention
        stats_key, amounts = stats
        record = json.dumps(article.to_record(), ensure_ascii=False, separators=(",", ":"))
        keys = [
            k.ledger(ingest_id),
            self.settings.streams.articles,
            k.article(article.article_id or ""),
            k.inflight,
            k.counters,
            k.raw(ingest_id),
            stats_key or k.stats(0),
        ]
        args: list[object] = [
            record,
            ingest_id,
            "1" if article.force else "0",
            utc_iso(),
            article.article_id or "",
            dispatch,
            holder,
            retention.ledger,
            retention.raw,
            retention.dedup,
            timings.TTL_S,
        ]
        for field, amount in amounts:
            args += [field, amount]
        return self.ctx.ledger.verdict("publish", keys, args)

    def dead_letter(
        self,
        ingest_id: str,
        *,
        stage: str,
        reason: Reason,
        error: str,
        attempts: int,
        dispatch: int | None = None,
        holder: str = "",
        source: dict[str, Any] | None = None,
        create: dict[str, str] | None = None,
    ) -> Verdict:
        """Add a dead letter once per ingest_id; the raw payload stays for replay.

        `dispatch`/`holder`: only if the submission is still at that dispatch, with that
        holder. `create`: ledger fields for a submission that has no entry yet.
        """
        k = self.keys
        if source is None:
            source = json.loads(create["source"]) if create else self.ctx.ledger.source(ingest_id)
        record = {
            "schema_version": SCHEMA_VERSION,
            "ingest_id": ingest_id,
            "source": source,
            "stage": stage,
            "reason": str(reason),
            "error": error[:500],
            "attempts": attempts,
            "failed_at": utc_iso(),
        }
        keys = [
            k.ledger(ingest_id),
            self.settings.streams.dead,
            k.inflight,
            k.counters,
            k.raw(ingest_id),
        ]
        args: list[object] = [
            json.dumps(record, ensure_ascii=False, separators=(",", ":")),
            str(reason),
            record["failed_at"],
            ingest_id,
            "" if dispatch is None else dispatch,
            holder,
            self.settings.retention.dead,
            json.dumps(create) if create else "",
            stage,
        ]
        return self.ctx.ledger.verdict("dead", keys, args)
