"""The Celery app: configuration for at-least-once delivery, logging, and the liveness step.

`celery -A worker.runtime.app worker --without-gossip --without-mingle` and `ingest worker`
start the same thing. Importing this module connects to nothing: the broker URL is resolved
(and an embedded Redis started if need be) when Celery first reads its configuration. The
app never imports its tasks module; Celery imports it (`include`), and it registers
`ingest.run_hop` by name.
"""

from __future__ import annotations

import warnings
from typing import Any

from celery import Celery
from celery.exceptions import CPendingDeprecationWarning
from celery.signals import celeryd_after_setup, setup_logging

from worker import logs
from worker.runtime.connection import broker_url, transport_options
from worker.runtime.context import Context, context
from worker.runtime.liveness import LivenessStep
from worker.settings import get_settings

TASKS_MODULE = "worker.runtime.tasks"


def celery_config(ctx: Context) -> dict[str, Any]:
    """Celery settings from ours (see the comments for why each is set)."""
    limits = ctx.settings.celery
    return {
        "broker_url": broker_url(ctx.redis_url),
        # JSON only: a worker never unpickles what a producer sent.
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_serializer": "json",
        # Results are the records in ingest:articles; a result backend would only cost writes.
        "task_ignore_result": True,
        # Ack after the task ran, so a message whose worker vanished stays in the broker...
        "task_acks_late": True,
        # ...but a pool process that died is not redelivered by Celery: the sweeper sees its
        # pid gone from the instance's heartbeat and re-sends (or dead-letters) the
        # submission, one path for every kind of death, counted in the ledger.
        "task_reject_on_worker_lost": False,
        # One message reserved per process: a dying worker strands at most one per process.
        "worker_prefetch_multiplier": 1,
        # Per-hop limits, both below the visibility timeout (checked in settings).
        "task_soft_time_limit": limits.soft_time_limit,
        "task_time_limit": limits.time_limit,
        "broker_transport_options": transport_options(limits.visibility_timeout),
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": None,  # a worker waits for Redis to come back
        # ...also when Redis answers with an error, e.g. OOM at maxmemory (kombu counts that as
        # a channel error, fatal to the worker by default). The message it was receiving is
        # lost to the broker; the sweeper sends its submission again.
        "broker_channel_error_retry": True,
        # Task events (settings celery.task_events; Flower turns them on while it runs).
        "worker_send_task_events": limits.task_events,
        # A running hop whose broker connection drops is left to finish: the claim in the
        # ledger drops any second delivery of its message while it runs.
        "worker_cancel_long_running_tasks_on_connection_loss": False,
        "task_default_queue": limits.default_queue,
        "task_create_missing_queues": True,
        # A pool process starts warm (forked from the warmed-up main process); give a slow,
        # loaded machine time to report it up anyway.
        "worker_proc_alive_timeout": 60,
        # Our logging set-up (setup_logging below) owns the root logger.
        "worker_hijack_root_logger": False,
        "worker_redirect_stdouts": False,
    }


app = Celery("ingest", include=[TASKS_MODULE], amqp="worker.runtime.broker:AMQP")
app.add_defaults(lambda: celery_config(context()))
app.steps["worker"].add(LivenessStep)


@setup_logging.connect
def _configure_logging(**_: Any) -> None:
    settings = get_settings()
    logs.configure(settings.log_format, settings.log_level)


@celeryd_after_setup.connect
def _quiet_the_cancel_notice(**_: Any) -> None:
    """`worker_cancel_long_running_tasks_on_connection_loss` is chosen (celery_config), so
    Celery's notice of its coming default, six lines at every reconnection to the broker,
    tells an operator nothing. Set once Celery's logging set-up has turned its notices on."""
    warnings.filterwarnings(
        "ignore",
        message=r"\s*In Celery 5\.1 we introduced an optional breaking change",
        category=CPendingDeprecationWarning,
    )
