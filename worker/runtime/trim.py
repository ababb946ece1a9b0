"""Trimming an output stream (`ingest:articles`, `ingest:dead`) to `maxlen` entries, safely.

An entry is trimmed only if every consumer group has acknowledged it: the floor is the
oldest of (each group's oldest pending entry, or the entry after its last-delivered one when
nothing is pending). With no group, the stream is capped at `maxlen`. The cut itself runs in
Redis (lua/trim.lua), so no entry travels to the sweeper.
"""

from __future__ import annotations

import redis

from worker.replies import text
from worker.runtime.ledger import script_source

PER_CALL = 10_000  # entries trimmed per call at most (a sweep runs every few seconds)


def trim_stream(client: redis.Redis, stream: str, maxlen: int) -> int:
    """Trim what is both beyond `maxlen` and acknowledged by all groups; returns how many."""
    if maxlen <= 0 or client.xlen(stream) <= maxlen:
        return 0
    floors = _unacked_floors(client, stream)
    floor = min(floors, key=_id_key) if floors else ""
    script = client.register_script(script_source("trim"))
    return int(script(keys=[stream], args=[maxlen, floor, PER_CALL]))


def _unacked_floors(client: redis.Redis, stream: str) -> list[str]:
    """Per group, the first entry it may still need."""
    floors = []
    for group in client.xinfo_groups(stream):
        pending = client.xpending(stream, group["name"])
        if pending["pending"]:
            floors.append(text(pending["min"]))
        else:
            ms, seq = _id_key(text(group["last-delivered-id"]))
            floors.append(f"{ms}-{seq + 1}")
    return floors


def _id_key(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)
