"""Trimming `ingest:articles` to about `streams.articles_maxlen` entries, safely.

An entry is trimmed only if every consumer group has acknowledged it: the cut-off is the
oldest of (each group's oldest pending entry, or its last-delivered entry when nothing is
pending). With no group, the stream is capped at `articles_maxlen` like XADD MAXLEN would.
"""

from __future__ import annotations

import redis

_EXCLUSIVE_NEXT = 1


def trim_articles(client: redis.Redis, stream: str, maxlen: int) -> int:
    """Trim what is both beyond `maxlen` and acknowledged by all groups; returns how many."""
    if maxlen <= 0:
        return 0
    excess = client.xlen(stream) - maxlen
    if excess <= 0:
        return 0
    oldest_kept = client.xrange(stream, count=excess + 1)[-1][0]  # first entry to keep
    cutoff = min([oldest_kept, *_unacked_floor(client, stream)], key=_id_key)
    return int(client.xtrim(stream, minid=cutoff, approximate=False))


def _unacked_floor(client: redis.Redis, stream: str) -> list[bytes]:
    """Per group, the first entry it may still need."""
    floors = []
    for group in client.xinfo_groups(stream):
        pending = client.xpending(stream, group["name"])
        if pending["pending"]:
            floors.append(_as_bytes(pending["min"]))
        else:
            floors.append(_next_id(_as_bytes(group["last-delivered-id"])))
    return floors


def _next_id(entry_id: bytes) -> bytes:
    ms, seq = _id_key(entry_id)
    return f"{ms}-{seq + _EXCLUSIVE_NEXT}".encode()


def _id_key(entry_id: bytes) -> tuple[int, int]:
    ms, _, seq = entry_id.decode().partition("-")
    return int(ms), int(seq or 0)


def _as_bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode()
