"""`ingest worker`: a Celery worker with the project's settings."""

from __future__ import annotations

import click

from worker.cli.context import runtime_context
from worker.runtime.app import app


@click.command()
@click.option("--concurrency", "-c", type=int, help="Worker processes (default: settings).")
@click.option("--queues", "-Q", help="Comma-separated queues (default: every chain queue).")
@click.option("--loglevel", "-l", default=None, help="Log level (default: settings).")
@click.option("--hostname", "-n", default=None, help="Worker node name, e.g. w1@%h.")
def worker(
    concurrency: int | None, queues: str | None, loglevel: str | None, hostname: str | None
) -> None:
    """Start a Celery worker with the project's settings (= celery -A worker.app worker
    --without-gossip --without-mingle)."""
    settings = runtime_context().settings
    all_queues = ",".join(dict.fromkeys(h.queue for h in settings.chain))
    argv = [
        "worker",
        "--concurrency",
        str(concurrency or settings.celery.concurrency),
        "--queues",
        queues or all_queues,
        "--loglevel",
        loglevel or settings.log_level,
        # Worker-to-worker chatter nothing here uses: gossip has every worker consume every
        # other worker's events (all task events too, while Flower has them on), and mingle
        # asks the others for their revoked tasks at every connection, a second of waiting
        # each time the broker comes back. Neither may be set in Celery's configuration.
        "--without-gossip",
        "--without-mingle",
    ]
    if hostname:
        argv += ["--hostname", hostname]
    app.worker_main(argv)
