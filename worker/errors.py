"""The project's errors. Library exceptions are translated into these once, at the edge.

    IngestError
    ├── Rejected(reason, detail)        permanent: the submission ends as a dead letter
    │   (reason is a Reason: empty, not_text, too_large, undecodable, blocked_url,
    │    fetch_failed, timeout, crashed, internal, malformed)
    └── TransientError                  worth retrying (bounded, with backoff)
        └── SourceUnavailable           the fetch target did not answer or answered 5xx/429

    ConfigError                         settings or chain config that cannot work (raised at start)

A stage never returns None to say "drop this": it raises `Rejected(Reason.X, "why")`.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """The closed set of dead-letter reasons (the `reason` field of `ingest:dead`)."""

    EMPTY = "empty"
    NOT_TEXT = "not_text"
    TOO_LARGE = "too_large"
    UNDECODABLE = "undecodable"
    BLOCKED_URL = "blocked_url"
    FETCH_FAILED = "fetch_failed"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    INTERNAL = "internal"
    MALFORMED = "malformed"  # an inbox entry that is not a submission (no body, bad field)


class IngestError(Exception):
    """Base of every error this project raises on purpose."""


class Rejected(IngestError):
    """A permanent refusal: retrying the same input gives the same answer."""

    def __init__(self, reason: Reason, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = reason
        self.detail = detail
        self.stage = ""  # the stage that refused, set by the pipeline


class TransientError(IngestError):
    """A failure that may pass: the task retries it with backoff, a bounded number of times."""

    reason = Reason.FETCH_FAILED


class SourceUnavailable(TransientError):
    """The fetch target timed out, refused, or answered 429/5xx."""


class ConfigError(IngestError):
    """The settings or the chain config cannot work; raised when they are loaded."""
