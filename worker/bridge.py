"""`ingest bridge`: the inbox stream (any language can XADD to it) into the pipeline.

Each entry has one of `text`, `html` or `url`, and optionally `source`, `uri`, `published`,
`language`, `id` (kept as `source.external_id`). An entry is acknowledged only after its
submission is in the ledger, so a bridge that dies mid-batch loses nothing: a restarted one
claims what was pending.
"""

from __future__ import annotations

import os
import socket

import redis
import structlog

from worker.intake import Intake, Submission
from worker.settings import Settings

log = structlog.get_logger("worker.bridge")
_CLAIM_IDLE_MS = 60_000
_BLOCK_MS = 2000


def to_submission(entry_id: str, fields: dict[bytes, bytes]) -> Submission | None:
    """An inbox entry as a Submission; None when it has no text, html or url field."""
    data = {k.decode(): v for k, v in fields.items()}
    meta: dict[str, str] = {
        k: data[k].decode() for k in ("published", "language", "id") if k in data
    }
    if "id" in meta:
        meta["external_id"] = meta.pop("id")
    uri = (data.get("uri") or data.get("source") or f"inbox:{entry_id}".encode()).decode()
    if "url" in data:
        return Submission(kind="url", uri=data["url"].decode(), meta=meta)
    for kind in ("html", "text"):
        if kind in data:
            content_type = "text/html" if kind == "html" else "text/plain"
            return Submission(
                kind=kind, uri=uri, raw=data[kind], content_type=content_type, meta=meta
            )
    return None


def run_bridge(client: redis.Redis, settings: Settings, once: bool = False) -> None:
    from worker.tasks import send_chains

    stream, group = settings.streams.inbox, settings.streams.inbox_group
    try:
        client.xgroup_create(stream, group, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise
    intake = Intake(client, settings, send_chains)
    consumer = f"{socket.gethostname()}-{os.getpid()}"
    claimed = client.xautoclaim(stream, group, consumer, _CLAIM_IDLE_MS, "0-0", count=500)[1]
    _handle(client, intake, settings, claimed)
    while True:
        batch = client.xreadgroup(group, consumer, {stream: ">"}, count=500, block=_BLOCK_MS)
        if not batch:
            if once:
                return
            continue
        _handle(client, intake, settings, batch[0][1])


def _handle(
    client: redis.Redis,
    intake: Intake,
    settings: Settings,
    entries: list[tuple[bytes, dict[bytes, bytes]]],
) -> None:
    if not entries:
        return
    items, ids = [], []
    for entry_id, fields in entries:
        sub = to_submission(entry_id.decode(), fields)
        if sub is None:
            log.warning(
                "inbox_entry_invalid",
                entry_id=entry_id.decode(),
                fields=sorted(k.decode() for k in fields),
            )
        else:
            items.append(sub)
        ids.append(entry_id)
    for receipt in intake.submit(items):
        log.info("inbox_entry_accepted", status=receipt.status, ingest_id=receipt.ingest_id)
    client.xack(settings.streams.inbox, settings.streams.inbox_group, *ids)
