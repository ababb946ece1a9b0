"""Every Redis key this project writes, in one place (streams are named in settings)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Keys:
    """Key names under one prefix (`key_prefix` in settings)."""

    prefix: str

    def ledger(self, ingest_id: str) -> str:
        """Hash: state, attempts, source, kind, enqueued_at, force (one per submission)."""
        return f"{self.prefix}:ledger:{ingest_id}"

    def raw(self, ingest_id: str) -> str:
        """String: the raw payload as submitted (kept for replay of dead letters)."""
        return f"{self.prefix}:raw:{ingest_id}"

    @property
    def inflight(self) -> str:
        """Sorted set: ingest_id scored by the time after which the sweeper re-drives it."""
        return f"{self.prefix}:inflight"

    def seen(self, content_sha: str) -> str:
        """String: ingest_id of the submission that brought these exact bytes or this URL."""
        return f"{self.prefix}:seen:{content_sha}"

    def article(self, article_id: str) -> str:
        """String: ingest_id that published this article_id."""
        return f"{self.prefix}:article:{article_id}"

    def stats(self, minute: int) -> str:
        """Hash: per-stage counters and total ms for one minute (expires after an hour)."""
        return f"{self.prefix}:stats:{minute}"

    @property
    def counters(self) -> str:
        """Hash: all-time counters (published, dead:<reason>, duplicate, redriven)."""
        return f"{self.prefix}:counters"

    @property
    def sweep_lock(self) -> str:
        return f"{self.prefix}:lock:sweep"
