"""What operators watch: `ingest consume`, `ingest stats`, `ingest dead` (the figures and
readers themselves are in worker.cli.ops)."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import click

from worker.cli import ops
from worker.cli.common import emit
from worker.cli.context import runtime_context
from worker.cli.enqueue import replay_dead
from worker.errors import Reason
from worker.runtime.groups import ensure_group


@click.command()
@click.option("--group", default="cli", show_default=True, help="Consumer group name.")
@click.option(
    "--from-start", is_flag=True, help="Create the group at the oldest entry (a new group only)."
)
@click.option("--count", type=int, help="Stop after N records (and when the stream is drained).")
@click.option(
    "--claim-idle",
    default=60.0,
    show_default=True,
    help="Claim entries another consumer left unacked for this many seconds.",
)
def consume(group: str, from_start: bool, count: int | None, claim_idle: float) -> None:
    """Read ingest:articles with a consumer group; print JSON lines; ack after printing.

    Entries left pending by a consumer that died are claimed and printed first. A new group
    starts at the end of the stream (records published from now on) unless --from-start.
    """
    ctx = runtime_context()
    client, stream = ctx.redis, ctx.settings.streams.articles
    created = ensure_group(client, stream, group, "0" if from_start else "$")
    if from_start and not created:
        raise click.UsageError(
            f"group {group!r} exists already, so --from-start cannot place it at the oldest "
            f"entry; read with it as it is (drop --from-start) or name a new --group"
        )
    printed = 0
    for entry_id, record in ops.consume(
        client, stream, group, count, claim_idle_ms=int(claim_idle * 1000)
    ):
        emit(record)
        sys.stdout.flush()
        client.xack(stream, group, entry_id)
        printed += 1
    if not printed:
        _explain_nothing(client, stream, group, created)


def _explain_nothing(client: Any, stream: str, group: str, created: bool) -> None:
    total = client.xlen(stream)
    if created and total:
        click.echo(
            f"nothing to read: group {group!r} was created at the end of {stream}, so it gets "
            f"records published from now on, not the {total} already there; to read those: "
            f"ingest consume --group NEW-NAME --from-start",
            err=True,
        )
    else:
        click.echo(f"nothing to read: group {group!r} has had every record of {stream}", err=True)


@click.command()
@click.option("--minutes", default=5, show_default=True, help="Window for per-stage figures.")
@click.option(
    "--watch",
    type=float,
    metavar="SECONDS",
    help="Show a summary for people every SECONDS until Ctrl-C (JSON without it).",
)
def stats(minutes: int, watch: float | None) -> None:
    """Stream lengths, consumer lag, the inbox, dead letters by reason, work in flight,
    queue depths, throughput, per-stage count/mean/p50/p95."""
    ctx = runtime_context()
    if watch is None:
        figures = ops.stats(ctx.redis, ctx.settings, minutes)
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    try:
        while True:
            text = ops.render(ops.stats(ctx.redis, ctx.settings, minutes))
            if sys.stdout.isatty():
                click.clear()
            click.echo(f"{time.strftime('%H:%M:%S')}  every {watch:g} s, Ctrl-C to stop\n{text}\n")
            time.sleep(watch)
    except KeyboardInterrupt:
        return


@click.command()
@click.option(
    "--reason",
    type=click.Choice([str(r) for r in Reason]),
    help="Only dead letters with this reason.",
)
@click.option(
    "--replay",
    is_flag=True,
    help="Send them again from the kept raw payload (those whose reason can change).",
)
def dead(reason: str | None, replay: bool) -> None:
    """List dead letters (JSON lines); --replay sends them again.

    --replay skips letters replayed before, and letters whose input cannot change outcome
    (blocked_url, not_text, too_large, malformed) unless --reason names that reason.
    """
    ctx = runtime_context()
    letters = list(ops.dead_letters(ctx.redis, ctx.settings.streams.dead, reason))
    if replay:
        sys.exit(replay_dead(ctx, [r for _, r in letters], explicit=reason is not None))
    entries = ctx.ledger.entries((record["ingest_id"] for _, record in letters), "replayed_as")
    for (_, record), entry in zip(letters, entries, strict=True):
        replayed_as = entry.get("replayed_as")
        emit({**record, "replayed_as": replayed_as} if replayed_as else record)
