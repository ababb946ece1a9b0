"""`ingest bridge` (ingest:inbox into intake) and `ingest redis` (which Redis, and why)."""

from __future__ import annotations

from pathlib import Path

import click

from worker import logs
from worker.cli.context import runtime_context
from worker.cli.enqueue import make_intake
from worker.errors import ConfigError
from worker.runtime.bridge import Bridge
from worker.runtime.choice import choose, forget, stop_embedded
from worker.runtime.connection import version_problem
from worker.settings import get_settings


@click.command()
@click.option("--once", is_flag=True, help="Drain what is in the inbox now, then exit.")
def bridge(once: bool) -> None:
    """Read ingest:inbox with a consumer group and start the pipeline for each entry."""
    ctx = runtime_context()
    logs.configure(ctx.settings.log_format, ctx.settings.log_level)
    problem = version_problem(ctx.redis)
    if problem:
        raise ConfigError(problem)
    Bridge(ctx, make_intake(ctx)).run(once=once)


@click.command(name="redis")
@click.option("--stop", is_flag=True, help="Stop the embedded Redis (its data is kept).")
def redis_cmd(stop: bool) -> None:
    """Say which Redis this folder uses and why (starting the embedded one if it is the
    choice), or stop the embedded one and forget the choice."""
    settings = get_settings()
    if stop:
        folder = Path(settings.embedded_dir)
        stopped = stop_embedded(folder)
        forget(folder)
        click.echo("stopped the embedded Redis" if stopped else "no embedded Redis was running")
        return
    click.echo(choose(settings).describe())
