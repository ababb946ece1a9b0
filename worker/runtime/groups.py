"""Consumer groups on our streams (the bridge's on the inbox, readers' on the output)."""

from __future__ import annotations

import redis


def ensure_group(client: redis.Redis, stream: str, group: str, start: str) -> bool:
    """Create `group` on `stream` (and the stream) at `start` ("0": from the oldest entry,
    "$": from now on) unless it exists; True when this call created it."""
    try:
        client.xgroup_create(stream, group, id=start, mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise
        return False
    return True
