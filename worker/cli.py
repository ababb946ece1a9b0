"""The `ingest` command. Run `ingest --help`, or `ingest COMMAND --help`."""

from __future__ import annotations

import json
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
import redis

from worker import logs
from worker.errors import ConfigError, Reason
from worker.settings import Settings, get_settings

_STREAM_JSON = {"ensure_ascii": False, "separators": (",", ":")}


def _emit(record: dict[str, Any], err: bool = False) -> None:
    click.echo(json.dumps(record, **_STREAM_JSON), err=err)  # type: ignore[arg-type]


class _Commands(click.Group):
    """Errors a user can meet (no Redis, Redis out of memory, bad settings) are one line and
    exit 1, never a traceback."""

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


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="news-ingest", prog_name="ingest")
def main() -> None:
    """News ingestion: clean, tag and extract articles, publish them to Redis Streams.

    Settings: config/default.toml, then the TOML file in INGEST_CONFIG, then INGEST_*
    variables (INGEST_REDIS_URL, INGEST_LOG_FORMAT=json|console, ...).
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--url", "urls", multiple=True, help="A URL to fetch and ingest (repeatable).")
@click.option("--log-level", default="ERROR", show_default=True, help="Log level on stderr.")
def run(paths: tuple[str, ...], urls: tuple[str, ...], log_level: str) -> None:
    """Run the whole pipeline in this process, no Redis needed.

    Prints one JSON record per article on stdout; dead letters go to stderr as JSON lines.
    Exits 1 if any item was dead-lettered.
    """
    from worker.article import Article
    from worker.errors import Rejected, TransientError
    from worker.pipeline import Pipeline

    settings = get_settings()
    logs.configure(settings.log_format, log_level)
    items = _inputs(paths, urls, settings, "run")
    pipeline = Pipeline(settings)
    dead = 0
    for item in items:
        article = Article(
            ingest_id=uuid.uuid4().hex, received_at=_now(), source=item.source(), raw=item.raw
        )
        try:
            _emit(pipeline.run(article).to_record())
        except (Rejected, TransientError) as exc:
            dead += 1
            reason = getattr(exc, "reason", "internal")
            _emit(
                {
                    "ingest_id": article.ingest_id,
                    "source": article.source,
                    "reason": str(reason),
                    "error": str(exc),
                },
                err=True,
            )
    sys.exit(1 if dead else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--url", "urls", multiple=True, help="A URL to fetch and ingest (repeatable).")
@click.option("--wait", is_flag=True, help="Block until each item is published or dead.")
@click.option("--timeout", default=600.0, show_default=True, help="Seconds --wait waits.")
@click.option("--force", is_flag=True, help="Reprocess and republish items already seen.")
def enqueue(
    paths: tuple[str, ...], urls: tuple[str, ...], wait: bool, timeout: float, force: bool
) -> None:
    """Send files (directories recursively, - for stdin) and URLs to the workers.

    Prints `ingest_id<TAB>source` per enqueued item and a summary on stderr. With --wait,
    exits 1 if any item was dead-lettered or did not finish in time.
    """
    from worker.enqueue import enqueue_items

    settings = get_settings()
    logs.configure(settings.log_format, "WARNING")
    items = _inputs(paths, urls, settings, "enqueue")
    sys.exit(enqueue_items(_context(), items, wait=wait, timeout=timeout, force=force))


@main.command()
@click.option("--concurrency", "-c", type=int, help="Worker processes (default: settings).")
@click.option("--queues", "-Q", help="Comma-separated queues (default: every chain queue).")
@click.option("--loglevel", "-l", default=None, help="Log level (default: settings).")
@click.option("--hostname", "-n", default=None, help="Worker node name, e.g. w1@%h.")
def worker(
    concurrency: int | None, queues: str | None, loglevel: str | None, hostname: str | None
) -> None:
    """Start a Celery worker with the project's settings (= celery -A worker.runtime.app worker)."""
    from worker.runtime.app import app

    settings = _context().settings
    all_queues = ",".join(dict.fromkeys(h.queue for h in settings.chain))
    argv = [
        "worker",
        "--concurrency",
        str(concurrency or settings.celery.concurrency),
        "--queues",
        queues or all_queues,
        "--loglevel",
        loglevel or settings.log_level,
    ]
    if hostname:
        argv += ["--hostname", hostname]
    app.worker_main(argv)


@main.command()
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
    from worker.ops import consume as read
    from worker.runtime.groups import ensure_group

    ctx = _context()
    client, stream = ctx.redis, ctx.settings.streams.articles
    created = ensure_group(client, stream, group, "0" if from_start else "$")
    if from_start and not created:
        raise click.UsageError(
            f"group {group!r} exists already, so --from-start cannot place it at the oldest "
            f"entry; read with it as it is (drop --from-start) or name a new --group"
        )
    printed = 0
    for entry_id, record in read(
        client, stream, group, count, claim_idle_ms=int(claim_idle * 1000)
    ):
        _emit(record)
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


@main.command()
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
    from worker.ops import render
    from worker.ops import stats as read

    ctx = _context()
    if watch is None:
        click.echo(json.dumps(read(ctx.redis, ctx.settings, minutes), indent=2, ensure_ascii=False))
        return
    try:
        while True:
            text = render(read(ctx.redis, ctx.settings, minutes))
            if sys.stdout.isatty():
                click.clear()
            click.echo(f"{time.strftime('%H:%M:%S')}  every {watch:g} s, Ctrl-C to stop\n{text}\n")
            time.sleep(watch)
    except KeyboardInterrupt:
        return


@main.command()
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
    from worker.enqueue import replay_dead
    from worker.ops import dead_letters

    ctx = _context()
    letters = list(dead_letters(ctx.redis, ctx.settings.streams.dead, reason))
    if replay:
        sys.exit(replay_dead(ctx, [r for _, r in letters], explicit=reason is not None))
    pipe = ctx.redis.pipeline(transaction=False)
    for _, record in letters:
        pipe.hget(ctx.keys.ledger(record["ingest_id"]), "replayed_as")
    for (_, record), replayed_as in zip(letters, pipe.execute(), strict=True):
        _emit({**record, "replayed_as": replayed_as.decode()} if replayed_as else record)


@main.command()
@click.option("--once", is_flag=True, help="Drain what is in the inbox now, then exit.")
def bridge(once: bool) -> None:
    """Read ingest:inbox with a consumer group and start the pipeline for each entry."""
    from worker.enqueue import make_intake
    from worker.runtime.bridge import Bridge

    ctx = _context()
    logs.configure(ctx.settings.log_format, ctx.settings.log_level)
    Bridge(ctx, make_intake(ctx)).run(once=once)


@main.command(name="redis")
@click.option("--stop", is_flag=True, help="Stop the embedded Redis (its data is kept).")
def redis_cmd(stop: bool) -> None:
    """Say which Redis this folder uses and why (starting the embedded one if it is the
    choice), or stop the embedded one and forget the choice."""
    from worker.runtime.choice import choose, forget, stop_embedded

    settings = get_settings()
    if stop:
        folder = Path(settings.embedded_dir)
        stopped = stop_embedded(folder)
        forget(folder)
        click.echo("stopped the embedded Redis" if stopped else "no embedded Redis was running")
        return
    click.echo(choose(settings).describe())


def _context() -> Any:
    """This process's runtime context; says on stderr which Redis it uses and why."""
    from worker.runtime.context import context

    ctx = context()
    click.echo(ctx.redis_choice.describe(), err=True)
    return ctx


def _inputs(paths: Iterable[str], urls: Iterable[str], settings: Settings, verb: str) -> Any:
    from worker.sources import Inputs

    try:
        items = Inputs(paths, urls, settings.intake.max_bytes)
    except FileNotFoundError as exc:
        raise click.BadParameter(str(exc), param_hint="PATH") from None
    if not len(items):
        given = "the paths given hold no file" if paths else "give files, directories, - or --url"
        raise click.UsageError(f"nothing to {verb}: {given}")
    return items


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def summarize(counts: Counter[str]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
