"""`ingest enqueue` and `scripts/enqueue.py`: intake with a progress bar, a summary, --wait."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import click
import redis

from worker.keys import Keys
from worker.ops import wait_for
from worker.runtime.app import app
from worker.runtime.context import Context
from worker.runtime.dispatch import Dispatcher
from worker.runtime.intake import Intake, Receipt, Submission, replay_submission

INTERRUPTED = 130


def make_intake(ctx: Context) -> Intake:
    return Intake(ctx, Dispatcher(app, ctx.ledger))


def enqueue_items(
    ctx: Context, items: list[Submission], wait: bool, timeout: float, force: bool
) -> int:
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
    outcome = wait_for(ctx.redis, Keys(ctx.settings.key_prefix), enqueued, timeout)
    return _report_wait(outcome, receipts) or (1 if dead else 0)


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
    items: list[Submission],
    force: bool,
    interrupted: threading.Event,
    receipts: list[Receipt],
) -> redis.RedisError | None:
    """Submit batch by batch into `receipts`; stop at an interrupt or a Redis error (a batch
    is written whole or not at all), which is returned."""
    show = sys.stderr.isatty()
    with click.progressbar(
        length=len(items), label="enqueueing", file=sys.stderr, hidden=not show
    ) as bar:
        try:
            for batch in intake.submit(items, force=force):
                for receipt in batch:
                    receipts.append(receipt)
                    _print_receipt(receipt)
                bar.update(len(batch))
                if interrupted.is_set():
                    break
        except redis.RedisError as exc:
            return exc
    return None


def _print_receipt(receipt: Receipt) -> None:
    if receipt.status == "enqueued":
        click.echo(f"{receipt.ingest_id}\t{receipt.uri}")
    elif receipt.status == "skipped":
        click.echo(f"skipped\t{receipt.uri}\t{receipt.detail} of {receipt.ingest_id}", err=True)
    elif receipt.status == "dead":
        click.echo(f"dead\t{receipt.uri}\t{receipt.detail}", err=True)


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


def replay_dead(ctx: Context, ingest_ids: list[str]) -> int:
    """Re-enqueue dead letters from their kept raw payloads; returns the exit code."""
    items = [s for s in (replay_submission(ctx, i) for i in ingest_ids) if s]
    missing = len(ingest_ids) - len(items)
    if missing:
        click.echo(f"{missing} dead letters have no kept payload (too_large?)", err=True)
    if not items:
        click.echo("nothing to replay", err=True)
        return 0
    return enqueue_items(ctx, items, wait=False, timeout=0, force=False)
