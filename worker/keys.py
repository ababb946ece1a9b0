"""Every Redis key this project writes, in one place (streams are named in settings).

The Celery broker's own keys (the queue lists, `unacked`, `_kombu.*`) are kombu's; the
broker list that holds a queue's messages of one lane is named by `broker_list()`.
"""

from __future__ import annotations

from dataclasses import dataclass

# kombu's Redis transport keeps one list per queue and priority step: `queue` for step 0
# and `queue` + SEP + step for the others (kombu.transport.redis.Channel._q_for_pri).
# BRPOP takes from the lists in step order, so step 0 is served first.
KOMBU_PRIORITY_SEP = "\x06\x16"
PRIORITY_STEPS = (0, 3, 6, 9)


@dataclass(frozen=True)
class Lane:
    """A queue's lane: the Celery message priority and the broker list it lands in."""

    name: str
    priority: int


NORMAL = Lane("normal", 3)
URGENT = Lane("urgent", 0)  # recovered work (re-drives, retries) goes before new work
LANES = (NORMAL, URGENT)


def broker_list(queue: str, lane: Lane) -> str:
    """The Redis list kombu puts `queue`'s messages of `lane` in."""
    step = max(s for s in PRIORITY_STEPS if s <= lane.priority)
    return queue if step == 0 else f"{queue}{KOMBU_PRIORITY_SEP}{step}"


@dataclass(frozen=True)
class Keys:
    """Key names under one prefix (`key_prefix` in settings)."""

    prefix: str

    def ledger(self, ingest_id: str) -> str:
        """Hash: one submission's state, dispatch, hop, holder, counters (runtime/ledger.py)."""
        return f"{self.prefix}:ledger:{ingest_id}"

    def raw(self, ingest_id: str) -> str:
        """String: the raw payload as submitted (kept for replay of dead letters)."""
        return f"{self.prefix}:raw:{ingest_id}"

    @property
    def inflight(self) -> str:
        """Sorted set: every accepted, not yet terminal ingest_id, scored by accept time."""
        return f"{self.prefix}:inflight"

    @property
    def unsent(self) -> str:
        """Sorted set: ids whose next message is being sent, scored by the send deadline."""
        return f"{self.prefix}:unsent"

    def queued(self, queue: str, lane: Lane) -> str:
        """Sorted set: ids whose message sits in `broker_list(queue, lane)`, in send order."""
        return f"{self.prefix}:queued:{queue}:{lane.name}"

    @property
    def sequence(self) -> str:
        """Counter: numbers messages in the order they were confirmed sent."""
        return f"{self.prefix}:sequence"

    def suspects(self, queue: str, lane: Lane) -> str:
        """Hash: id -> when it was first seen missing from its broker list."""
        return f"{self.prefix}:suspects:{queue}:{lane.name}"

    @property
    def waiting(self) -> str:
        """Sorted set: ids waiting to retry a transient failure, scored by when it is due."""
        return f"{self.prefix}:waiting"

    def held(self, instance: str) -> str:
        """Sorted set: ids a worker instance's processes are running, scored by claim time."""
        return f"{self.prefix}:held:{instance}"

    @property
    def instances(self) -> str:
        """Set: every worker instance that has started and not yet been cleaned up."""
        return f"{self.prefix}:instances"

    def alive(self, instance: str) -> str:
        """String with a short TTL: `,pid,pid,` of a live instance's processes."""
        return f"{self.prefix}:alive:{instance}"

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
        """Hash: all-time counters (published, dead:<reason>, duplicate, redriven, ...)."""
        return f"{self.prefix}:counters"

    @property
    def sweep_lock(self) -> str:
        """String: held by the one worker instance sweeping right now."""
        return f"{self.prefix}:lock:sweep"
