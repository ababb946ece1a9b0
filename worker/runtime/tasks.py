"""The one Celery task, `ingest.run_hop`: an adapter around worker.runtime.hop.

Policy is declared on the task class: acknowledged after it ran; its retries, failures and
time limits are handled inside the hop runner and the ledger, never by Celery re-sending it.
"""

from __future__ import annotations

from typing import Any

import structlog
from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded

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
        """A hop past its hard time limit (called in the main process, whose pool ended the
        hop's process) is dead-lettered here. Anything else reaching this (Redis unreachable
        before the claim) leaves the hop queued or held in the ledger: the sweeper has it."""
        kwargs = kwargs or {}
        if isinstance(exc, TimeLimitExceeded) and {"ingest_id", "dispatch", "hop"} <= set(kwargs):
            message = HopMessage(kwargs["ingest_id"], kwargs["dispatch"], kwargs["hop"])
            runner().timed_out(message, self.app.conf.task_time_limit)
            return
        log.warning(
            "hop_not_finished",
            ingest_id=kwargs.get("ingest_id"),
            hop=kwargs.get("hop"),
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
