"""The article record: one frozen dataclass, copied (never mutated) by each stage.

Two JSON shapes come out of it:

- `to_record()`: the public record (schema_version 1, the README's "The record"), what
  consumers read;
- `to_message()` / `from_message()`: the record plus the in-flight fields a later hop still
  needs (the raw payload, its content type, options), sent between Celery hops as JSON.
"""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1

# The record's fields in the contract's order (the README's "The record"), after
# schema_version; the dataclass also has in-flight fields (raw, declared_charset, force) that
# are not published.
RECORD_FIELDS = (
    "ingest_id",
    "article_id",
    "received_at",
    "source",
    "url",
    "canonical_url",
    "site",
    "title",
    "authors",
    "published",
    "description",
    "language",
    "text",
    "removed",
    "entities",
    "quotes",
    "dates",
    "keywords",
    "fingerprint",
    "duplicate_of",
    "story",
    "stages",
    "warnings",
)


@dataclass(frozen=True)
class Article:
    """One submission on its way through the stages.

    `raw` holds the undecoded payload until `clean` consumes it; `text` is the clean body.
    List-valued fields are tuples of plain dicts so the dataclass stays hashable-free but
    cheap to copy; `to_record()` turns them into JSON lists.
    """

    ingest_id: str
    received_at: str
    source: dict[str, Any]
    raw: bytes = b""
    declared_charset: str | None = None
    force: bool = False
    article_id: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    description: str | None = None
    language: dict[str, Any] = field(
        default_factory=lambda: {"code": "und", "confidence": 0.0, "declared": None}
    )
    text: str = ""
    removed: tuple[dict[str, str], ...] = ()
    entities: tuple[dict[str, Any], ...] = ()
    quotes: tuple[dict[str, Any], ...] = ()
    dates: tuple[dict[str, Any], ...] = ()
    keywords: tuple[dict[str, Any], ...] = ()
    fingerprint: dict[str, str] | None = None
    duplicate_of: dict[str, Any] | None = None
    story: dict[str, Any] | None = None
    stages: dict[str, dict[str, float]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def replace(self, **changes: Any) -> Article:
        """Return a copy with `changes` applied (the only way a stage produces output)."""
        return dataclasses.replace(self, **changes)

    def to_record(self) -> dict[str, Any]:
        """The published record, in the field order of the contract (README, "The record")."""
        record: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for name in RECORD_FIELDS:
            value = getattr(self, name)
            record[name] = list(value) if isinstance(value, tuple) else value
        return record

    def to_message(self) -> dict[str, Any]:
        """The record plus in-flight fields, JSON-safe (raw bytes as base64)."""
        message = self.to_record()
        message["raw"] = base64.b64encode(self.raw).decode("ascii")
        message["declared_charset"] = self.declared_charset
        message["force"] = self.force
        return message

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> Article:
        """Inverse of `to_message()` (also accepts a published record)."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: _from_json(k, v) for k, v in message.items() if k in names}
        return cls(**values)


def _from_json(key: str, value: Any) -> Any:
    if key == "raw":
        return base64.b64decode(value)
    return tuple(value) if isinstance(value, list) else value
