"""The `ingest` command. Run `ingest --help`, or `ingest COMMAND --help`.

One module per group of commands, each loaded only when its command runs (so `ingest run`
never imports Celery, and `ingest enqueue` never imports the stages):

    run.py       run         the whole pipeline in this process, no Redis
    enqueue.py   enqueue     files, folders, stdin, URLs -> intake (sources.py reads them)
    worker.py    worker      a Celery worker with the project's settings
    services.py  bridge      ingest:inbox -> intake;  redis: which Redis, and why
    watch.py     consume     ingest:articles with a consumer group
                 stats       what is in flight, queued, dead, and how fast (ops.py)
                 dead        dead letters, and --replay
    stories.py   stories     the largest open stories (the stories stage's index)
    common.py    what several commands share: inputs, JSON lines out
    context.py   the runtime context (settings, Redis, ledger) of a command that talks to Redis
"""

from __future__ import annotations

import importlib
from typing import Any

import click
import redis

from worker.errors import ConfigError

# command name -> "module:attribute" of its click command
COMMANDS = {
    "run": "worker.cli.run:run",
    "enqueue": "worker.cli.enqueue:enqueue",
    "worker": "worker.cli.worker:worker",
    "bridge": "worker.cli.services:bridge",
    "redis": "worker.cli.services:redis_cmd",
    "consume": "worker.cli.watch:consume",
    "stats": "worker.cli.watch:stats",
    "dead": "worker.cli.watch:dead",
    "stories": "worker.cli.stories:stories",
}


class Commands(click.Group):
    """Commands loaded on first use (click's documented lazy-loading group). Errors a user
    can meet (no Redis, Redis out of memory, bad settings) are one line and exit 1, never a
    traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, _, attribute = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{COMMANDS[cmd_name]} is not a click command")
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None
        except redis.RedisError as exc:
            raise click.ClickException(redis_problem(exc)) from None


def redis_problem(exc: Exception) -> str:
    """One line saying what went wrong with Redis, and what to do."""
    message = str(exc).split("\n", 1)[0][:300]
    if isinstance(exc, redis.ConnectionError | redis.TimeoutError):
        return f"cannot reach Redis ({message}); check INGEST_REDIS_URL or run `ingest redis`"
    if "OOM" in message:
        return (
            "Redis is out of memory (maxmemory reached, and it evicts nothing): raise its "
            "maxmemory or let consumers trim the streams, then send the rest again"
        )
    if isinstance(exc, redis.AuthenticationError) or "NOAUTH" in message or "WRONGPASS" in message:
        return f"Redis refused our credentials ({message}); check INGEST_REDIS_URL"
    if "NOPERM" in message:
        return f"Redis refused the command for this user ({message}); check its ACL"
    return f"Redis answered with an error: {message}"


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="news-ingest", prog_name="ingest")
def main() -> None:
    """News ingestion: clean, tag and extract articles, publish them to Redis Streams.

    Settings: config/default.toml, then the TOML file in INGEST_CONFIG, then INGEST_*
    variables (INGEST_REDIS_URL, INGEST_LOG_FORMAT=json|console, ...).
    """
