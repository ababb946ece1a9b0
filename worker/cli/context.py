"""The runtime context of a command that talks to Redis, announced on stderr."""

from __future__ import annotations

import click

from worker.runtime.context import Context, context


def runtime_context() -> Context:
    """This process's runtime context; says on stderr which Redis it uses and why."""
    ctx = context()
    click.echo(ctx.redis_choice.describe(), err=True)
    return ctx
