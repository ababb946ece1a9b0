"""Celery tasks: thin adapters around worker.runner. Policy is declared on the task class."""

from __future__ import annotations

from functools import cache
from typing import Any

import structlog
from celery import Task, chain
from celery.exceptions import SoftTimeLimitExceeded

from worker.app import app, redis_url, settings
from worker.errors import Reason, TransientError
from worker.redisconn import client
from worker.runner import Runner, sweep

log = structlog.get_logger("worker.tasks")


@cache
def runner() -> Runner:
    """One per process (after fork): the stages are bound and models loaded once."""
    return Runner(settings, client(redis_url))


class HopTask(Task):
    """Transient errors (fetch) retry with exponential backoff and jitter, a bounded number of
    times; anything else that escapes the runner dead-letters the submission."""

    autoretry_for = (TransientError,)
    retry_backoff = True
    retry_backoff_max = settings.celery.retry_backoff_max
    retry_jitter = True
    max_retries = settings.celery.max_retries
    acks_late = True
    reject_on_worker_lost = True

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        _, hop_name, ingest_id, _ = args
        reason = (
            exc.reason
            if isinstance(exc, TransientError)
            else Reason.TIMEOUT
            if isinstance(exc, SoftTimeLimitExceeded)
            else Reason.INTERNAL
        )
        with structlog.contextvars.bound_contextvars(ingest_id=ingest_id, task_id=task_id):
            runner().dead_letter(
                ingest_id,
                hop_name,
                reason,
                f"{type(exc).__name__}: {exc}"[:300],
            )


@app.task(bind=True, base=HopTask, name="ingest.run_hop")
def run_hop(
    self: Task, message: dict[str, Any] | None, hop_name: str, ingest_id: str, last: bool
) -> dict[str, Any] | None:
    """Run one hop of the chain; returning None ends the chain (published or dead-lettered)."""
    with structlog.contextvars.bound_contextvars(
        ingest_id=ingest_id, task_id=self.request.id, hop=hop_name
    ):
        result = runner().run_hop(message, hop_name, ingest_id, last, self.request.retries)
    if result is None:
        self.request.chain = None  # nothing follows an ended submission
    return result


def send_chain(ingest_id: str, kind: str, producer: Any = None) -> None:
    """Send the chain of hops for one submission (the first hop loads the raw payload)."""
    hops = runner().pipeline.hops_for(kind)
    signatures = []
    for i, hop in enumerate(hops):
        last = i == len(hops) - 1
        sig = (
            run_hop.si(None, hop.name, ingest_id, last)
            if i == 0
            else run_hop.s(hop.name, ingest_id, last)
        )
        signatures.append(sig.set(queue=hop.queue))
    chain(*signatures).apply_async(producer=producer)


def send_chains(items: list[tuple[str, str]]) -> None:
    """Send many chains over one producer connection."""
    with app.producer_or_acquire() as producer:
        for ingest_id, kind in items:
            send_chain(ingest_id, kind, producer)


def sweep_now() -> None:
    try:
        moved = sweep(runner(), send_chain)
    except Exception:
        log.exception("sweep_failed")
        return
    if moved:
        log.info("sweep_done", moved=moved)
