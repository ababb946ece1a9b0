"""The Celery app: configuration for at-least-once delivery, logging, and the sweeper step.

`celery -A worker.app worker` and `ingest worker` start the same thing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from celery import Celery, bootsteps
from celery.signals import setup_logging

from worker import logs
from worker.redisconn import broker_url, resolve_url
from worker.settings import get_settings

settings = get_settings()
redis_url = resolve_url(settings)
limits = settings.celery

app = Celery("ingest", include=["worker.tasks"])
app.conf.update(
    broker_url=broker_url(redis_url),
    # JSON only: a worker never unpickles what a producer sent.
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    # Results are the records in ingest:articles; a result backend would only cost writes.
    task_ignore_result=True,
    # Ack after the task ran, so a worker lost mid-task leaves the message to be redelivered...
    task_acks_late=True,
    # ...also when the pool process is killed (OOM, SIGKILL); runner bounds the redeliveries.
    task_reject_on_worker_lost=True,
    # One message reserved per process: a dying worker strands at most one per process.
    worker_prefetch_multiplier=1,
    # Per-hop limits, both below the visibility timeout (checked in settings), so a slow task
    # is stopped before the broker would hand its message to a second worker.
    task_soft_time_limit=limits.soft_time_limit,
    task_time_limit=limits.time_limit,
    broker_transport_options={
        # Unacked messages go back to the queue after this (worker lost without warning).
        "visibility_timeout": limits.visibility_timeout,
        # Socket timeouts and health checks: a dead broker connection is noticed and rebuilt
        # instead of hanging a worker forever.
        "socket_timeout": 30,
        "socket_connect_timeout": 10,
        "health_check_interval": 25,
        "retry_on_timeout": True,
    },
    broker_connection_retry_on_startup=True,
    # Task events let Flower (docker-compose) show tasks, not only workers.
    worker_send_task_events=True,
    task_send_sent_event=True,
    # With acks_late, a task still running when the broker connection drops would be redone
    # by another worker anyway: cancel it rather than finish it twice.
    worker_cancel_long_running_tasks_on_connection_loss=True,
    task_default_queue=limits.default_queue,
    # Queues are declared from the chain config; a worker consumes all of them by default.
    task_create_missing_queues=True,
    # Our logging set-up (setup_logging below) owns the root logger.
    worker_hijack_root_logger=False,
    worker_redirect_stdouts=False,
)


@setup_logging.connect
def _configure_logging(**_: Any) -> None:
    logs.configure(settings.log_format, settings.log_level)


class Sweeper(bootsteps.StartStopStep):
    """Every `sweep_interval` seconds, re-drive stalled submissions (one worker at a time)."""

    requires: ClassVar[set[str]] = {"celery.worker.components:Timer"}

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.tref: Any = None

    def start(self, parent: Any) -> None:
        from worker.tasks import sweep_now

        self.tref = parent.timer.call_repeatedly(settings.intake.sweep_interval, sweep_now)

    def stop(self, parent: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()


app.steps["worker"].add(Sweeper)
