"""The one Celery task, `ingest.run_hop`: an adapter around worker.runtime.hop.

Policy is declared on the task class: acknowledged after it ran; its retries, failures and
time limits are handled inside the hop runner and the ledger, never by Celery re-sending it.
"""

from __future__ import annotations

from typing import Any

import structlog
from celery import Task, shared_task

from worker.runtime.dispatch import TASK_NAME
from worker.runtime.hop import HopMessage, HopRunner, current

log = structlog.get_logger("worker.tasks")


class HopTask(Task):
    """Late ack; no Celery retries (a transient error waits in the ledger); a lost process is
    not redelivered by Celery: the sweeper recovers its hop."""

    acks_late = True
    reject_on_worker_lost = False
    max_retries = 0

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        # Reached only when the hop runner itself could not run (Redis unreachable past the
        # client's retries) or the pool killed the process (hard time limit): the ledger
        # still shows the hop queued or held, and the sweeper recovers it.
        log.warning(
            "hop_not_finished",
            ingest_id=(kwargs or {}).get("ingest_id"),
            hop=(kwargs or {}).get("hop"),
            error=f"{type(exc).__name__}: {exc}"[:300],
        )


@shared_task(bind=True, base=HopTask, name=TASK_NAME)
def run_hop(
    self: Task,
    *,
    ingest_id: str,
    dispatch: int,
    hop: str,
    article: dict[str, Any] | None = None,
) -> None:
    """Run one hop of one submission (see worker.runtime.hop)."""
    with structlog.contextvars.bound_contextvars(
        ingest_id=ingest_id, hop=hop, dispatch=dispatch, task_id=self.request.id
    ):
        runner().run(HopMessage(ingest_id, dispatch, hop, article))


def runner() -> HopRunner:
    """This process's hop runner, installed warm by the worker's liveness step."""
    installed = current()
    if installed is None:
        raise RuntimeError(
            "no hop runner: run tasks in `ingest worker` (its liveness step installs one)"
        )
    return installed
