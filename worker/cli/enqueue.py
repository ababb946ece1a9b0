"""`ingest enqueue` and `scripts/enqueue.py`: intake with a progress bar, a summary, --wait."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any, Protocol

import click
import redis

from worker import logs
from worker.cli.common import inputs
from worker.cli.context import runtime_context
from worker.cli.ops import wait_for
from worker.runtime.context import Context
from worker.runtime.intake import Intake, Receipt, Submission, replay_submission
from worker.settings import get_settings

INTERRUPTED = 130


@click.command()
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
    settings = get_settings()
    logs.configure(settings.log_format, "WARNING")
    items = inputs(paths, urls, settings, "enqueue")
    sys.exit(enqueue_items(runtime_context(), items, wait=wait, timeout=timeout, force=force))


def make_intake(ctx: Context) -> Intake:
    return Intake(ctx, ctx.dispatcher())


class Items(Protocol):
    """Submissions that can be counted before they are read (worker.cli.sources.Inputs)."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Submission]: ...


def enqueue_items(ctx: Context, items: Items, wait: bool, timeout: float, force: bool) -> int:
    """Submit `items`; print `ingest_id<TAB>source` per enqueued item. Returns the exit code.

    Ctrl-C finishes the batch being written (so nothing is left written but unsent), prints
    what was done and exits 130.
    """
    intake = make_intake(ctx)
    receipts: list[Receipt] = []
    with deferred_interrupt() as interrupted:
        failure = _submit_with_progress(intake, items, force, interrupted, receipts)
    counts = Counter(
        r.status if r.status != "skipped" else f"skipped ({r.detail})" for r in receipts
    )
    click.echo(_summary(counts, len(receipts)), err=True)
    if failure is not None:
        click.echo(f"{len(items) - len(receipts)} items were not accepted", err=True)
        raise failure
    if interrupted.is_set():
        click.echo(f"interrupted: {len(items) - len(receipts)} items were not sent", err=True)
        return INTERRUPTED
    dead = counts.get("dead", 0)
    if not wait:
        return 1 if dead else 0
    enqueued = [r.ingest_id for r in receipts if r.status == "enqueued"]
    with WaitProgress(len(enqueued)) as progress:
        outcome = wait_for(ctx.ledger, enqueued, timeout, progress=progress.update)
    return _report_wait(outcome, receipts) or (1 if dead else 0)


class WaitProgress:
    """What `enqueue --wait` shows while it waits: one line rewritten in place on a
    terminal, else a line every PLAIN_EVERY seconds (for logs)."""

    PLAIN_EVERY = 10.0

    def __init__(self, total: int) -> None:
        self.total = total
        self.tty = sys.stderr.isatty()
        self.started = self.last = time.monotonic()
        self.shown = False

    def __enter__(self) -> WaitProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.tty and self.shown:
            click.echo(err=True)

    def update(self, ended: Counter[str], waiting: int) -> None:
        now = time.monotonic()
        if not self.tty and now - self.last < self.PLAIN_EVERY:
            return
        self.last, self.shown = now, True
        line = (
            f"waiting: published {ended['published']}, duplicate {ended['duplicate']}, "
            f"dead {ended['dead']}, waiting {waiting} of {self.total} ({now - self.started:.0f} s)"
        )
        if self.tty:
            click.echo("\r" + line + "\x1b[K", err=True, nl=False)
        else:
            click.echo(line, err=True)


@contextlib.contextmanager
def deferred_interrupt() -> Iterator[threading.Event]:
    """While inside, a first Ctrl-C only sets the event (the caller stops at a safe point);
    a second one interrupts at once."""
    interrupted = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield interrupted
        return

    def handler(signum: int, frame: Any) -> None:
        if interrupted.is_set():
            raise KeyboardInterrupt
        interrupted.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, previous)


def _submit_with_progress(
    intake: Intake,
    items: Items,
    force: bool,
    interrupted: threading.Event,
    receipts: list[Receipt],
) -> redis.RedisError | None:
    """Submit batch by batch into `receipts`; stop at an interrupt or a Redis error (a batch
    is written whole or not at all), which is returned."""
    show = sys.stderr.isatty()
    # With the bar on the terminal, id lines bound for the same terminal wait until it ends.
    later = show and sys.stdout.isatty()
    failure = None
    with click.progressbar(
        length=len(items), label="enqueueing", file=sys.stderr, hidden=not show
    ) as bar:
        try:
            for batch in intake.submit(items, force=force):
                receipts += batch
                if not later:
                    _print_receipts(batch)
                bar.update(len(batch))
                if interrupted.is_set():
                    break
        except redis.RedisError as exc:
            failure = exc
    if later:
        _print_receipts(receipts)
    return failure


def _print_receipts(receipts: list[Receipt]) -> None:
    """`ingest_id<TAB>uri` on stdout for each item enqueued, what was skipped or dead on
    stderr; one write per stream and batch (click checks the terminal on every call)."""
    out, err = [], []
    for receipt in receipts:
        if receipt.status == "enqueued":
            out.append(f"{receipt.ingest_id}\t{receipt.uri}\n")
        elif receipt.status == "skipped":
            err.append(f"skipped\t{receipt.uri}\t{receipt.detail} of {receipt.ingest_id}\n")
        elif receipt.status == "dead":
            err.append(f"dead\t{receipt.uri}\t{receipt.detail}\n")
    if out:
        click.echo("".join(out), nl=False)
    if err:
        click.echo("".join(err), err=True, nl=False)


def _summary(counts: Counter[str], total: int) -> str:
    enqueued = counts.pop("enqueued", 0)
    skipped = {k: v for k, v in counts.items() if k.startswith("skipped")}
    parts = [
        f"enqueued {enqueued}",
        f"skipped {sum(skipped.values())}"
        + (
            " (" + ", ".join(f"{k[9:-1]}: {v}" for k, v in skipped.items()) + ")" if skipped else ""
        ),
    ]
    if counts.get("dead"):
        parts.append(f"dead {counts['dead']} (too_large)")
    return ", ".join(parts) + f" of {total}"


def _report_wait(outcome: dict[str, dict[str, str]], receipts: list[Receipt]) -> int:
    uris = {r.ingest_id: r.uri for r in receipts}
    states: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for ingest_id, entry in outcome.items():
        states[entry["state"]] += 1
        if entry["state"] == "dead":
            reasons[entry["reason"]] += 1
            click.echo(f"dead\t{uris[ingest_id]}\t{entry['reason']}", err=True)
        elif entry["state"] == "timeout":
            click.echo(f"timeout\t{uris[ingest_id]}", err=True)
    line = (
        f"published {states['published']}, duplicate {states['duplicate']}, dead {states['dead']}"
    )
    if reasons:
        line += " (" + ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items())) + ")"
    click.echo(line + f", timed out {states['timeout']}", err=True)
    return 1 if states["dead"] or states["timeout"] else 0


# Reasons that come from the input itself: sending the same bytes again ends the same way.
PERMANENT = frozenset({"blocked_url", "not_text", "too_large", "malformed"})


def replay_dead(ctx: Context, letters: list[dict[str, Any]], explicit: bool) -> int:
    """Send dead letters again from their kept raw payloads; returns the exit code.

    Skips letters replayed before and, unless `explicit` (the user named the reason),
    letters whose reason cannot change; says what it skipped and why. A replayed letter's
    ledger entry records the new submission (`replayed_as`).
    """
    skipped: Counter[str] = Counter()
    chosen: list[tuple[str, Submission]] = []
    for letter in letters:
        ingest_id, reason = letter["ingest_id"], letter["reason"]
        entry = ctx.ledger.entry(ingest_id)
        submission = replay_submission(ctx, ingest_id)
        if entry.get("replayed_as"):
            skipped[f"replayed before (as {entry['replayed_as']})"] += 1
        elif reason in PERMANENT and not explicit:
            skipped[
                f"{reason}: the same input would end the same way (--reason {reason} forces it)"
            ] += 1
        elif submission is None:
            skipped["no payload kept (it expired, or was never stored)"] += 1
        else:
            chosen.append((ingest_id, submission))
    for why, n in sorted(skipped.items()):
        click.echo(f"skipped {n}: {why}", err=True)
    if not chosen:
        click.echo("nothing to replay", err=True)
        return 0
    receipts: list[Receipt] = []
    intake = make_intake(ctx)
    for batch in intake.submit([s for _, s in chosen]):
        receipts += batch
    _print_receipts(receipts)
    ctx.ledger.mark_replayed(
        (old_id, receipt.ingest_id)
        for (old_id, _), receipt in zip(chosen, receipts, strict=True)
        if receipt.status == "enqueued"
    )
    counts = Counter(r.status for r in receipts)
    click.echo(f"replayed {counts['enqueued']} of {len(letters)} dead letters", err=True)
    return 0
