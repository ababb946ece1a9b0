"""`ingest enqueue` and `scripts/enqueue.py`: intake with a progress bar, a summary, --wait."""

from __future__ import annotations

import sys
from collections import Counter

import click
import redis

from worker.intake import Intake, Receipt, Submission, replay_submission
from worker.keys import Keys
from worker.ops import wait_for
from worker.settings import Settings


def enqueue_items(
    items: list[Submission], settings: Settings, wait: bool, timeout: float, force: bool
) -> int:
    """Submit `items`; print `ingest_id<TAB>source` per enqueued item. Returns the exit code."""
    from worker.redisconn import client as make_client
    from worker.tasks import redis_url, send_chains

    client = make_client(redis_url)
    intake = Intake(client, settings, send_chains)
    receipts = _submit_with_progress(intake, items, force)
    counts = Counter(
        r.status if r.status != "skipped" else f"skipped ({r.detail})" for r in receipts
    )
    click.echo(_summary(counts, len(receipts)), err=True)
    dead = counts.get("dead", 0)
    if not wait:
        return 1 if dead else 0
    enqueued = [r.ingest_id for r in receipts if r.status == "enqueued"]
    outcome = wait_for(client, Keys(settings.key_prefix), enqueued, timeout)
    return _report_wait(outcome, receipts) or (1 if dead else 0)


def _submit_with_progress(intake: Intake, items: list[Submission], force: bool) -> list[Receipt]:
    receipts: list[Receipt] = []
    show = sys.stderr.isatty()
    with click.progressbar(
        length=len(items), label="enqueueing", file=sys.stderr, hidden=not show
    ) as bar:
        for receipt in intake.submit(items, force=force):
            receipts.append(receipt)
            _print_receipt(receipt)
            bar.update(1)
    return receipts


def _print_receipt(receipt: Receipt) -> None:
    if receipt.status == "enqueued":
        click.echo(f"{receipt.ingest_id}\t{receipt.uri}")
    elif receipt.status == "skipped":
        click.echo(f"skipped\t{receipt.uri}\t{receipt.detail} of {receipt.ingest_id}", err=True)
    else:
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


def replay_dead(client: redis.Redis, settings: Settings, ingest_ids: list[str]) -> int:
    """Re-enqueue dead letters from their kept raw payloads; returns the exit code."""
    keys = Keys(settings.key_prefix)
    items = [s for s in (replay_submission(client, keys, i) for i in ingest_ids) if s]
    missing = len(ingest_ids) - len(items)
    if missing:
        click.echo(f"{missing} dead letters have no kept payload (too_large?)", err=True)
    if not items:
        click.echo("nothing to replay", err=True)
        return 0
    return enqueue_items(items, settings, wait=False, timeout=0, force=False)
