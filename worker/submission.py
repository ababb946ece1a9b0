"""A submission: one thing to ingest, as it arrives (before intake gives it a ledger entry)."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Submission:
    """One thing to ingest: a file's bytes, a text, an HTML page, or a URL."""

    kind: str  # file | text | html | url
    uri: str
    raw: bytes = b""
    content_type: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # title, published, language, external_id
    ingest_id: str | None = None  # fixed by the caller (the bridge), else a new uuid
    size: int | None = None  # the payload's full size when `raw` holds only its start

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


def new_ids(count: int) -> list[uuid.UUID]:
    """`count` random (version 4) UUIDs from one read of the OS's random source: one
    `uuid4()` each costs a system call, which is slow on some virtual machines."""
    raw = os.urandom(16 * count)
    return [uuid.UUID(bytes=raw[i : i + 16], version=4) for i in range(0, 16 * count, 16)]
