"""Operator reads over Redis: waiting on submissions, consuming the stream, stats, dead letters."""

from __future__ import annotations

import json
import os
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import redis

from worker.keys import LANES, Keys, broker_list
from worker.pipeline import Chain
from worker.replies import text
from worker.runtime import timings
from worker.runtime.ledger import TERMINAL, Ledger
from worker.settings import Settings

_POLL = 0.3


Progress = Callable[[Counter[str], int], None]  # (ended so far by state, still waiting)


def wait_for(
    ledger: Ledger,
    ingest_ids: list[str],
    timeout: float,
    progress: Progress | None = None,
) -> dict[str, dict[str, str]]:
    """Poll the ledger until every id is terminal or `timeout` passes; id -> ledger fields
    (state is `timeout` for ids that did not finish). `progress` is called after each poll."""
    pending, done = set(ingest_ids), {}
    deadline = time.monotonic() + timeout
    wanted = ("state", "reason", "duplicate_of")
    while pending and time.monotonic() < deadline:
        ids = sorted(pending)
        for ingest_id, entry in zip(ids, ledger.entries(ids, *wanted), strict=True):
            if entry.get("state") in TERMINAL:
                done[ingest_id] = {name: entry.get(name, "") for name in wanted}
                pending.discard(ingest_id)
        if progress is not None:
            progress(Counter(d["state"] for d in done.values()), len(pending))
        if pending:
            time.sleep(_POLL)
    done.update({i: {"state": "timeout", "reason": "", "duplicate_of": ""} for i in pending})
    return done


def consume(
    client: redis.Redis,
    stream: str,
    group: str,
    count: int | None,
    *,
    claim_idle_ms: int = 60_000,
    block_ms: int = 2000,
) -> Iterator[tuple[bytes, dict[str, Any]]]:
    """Yield (entry id, record) from `stream` via an existing consumer group; the caller acks.

    Entries left pending by a consumer that died (idle > `claim_idle_ms`) are claimed first.
    Never reads more entries than `count`: what it has read, it yields.
    """
    consumer = f"{socket.gethostname()}-{os.getpid()}"
    seen = 0

    def room(batch: int) -> int:
        return batch if count is None else min(batch, count - seen)

    cursor = "0-0"
    while room(100) > 0:
        cursor, claimed = _claim(
            client,
            stream,
            group,
            consumer=consumer,
            idle_ms=claim_idle_ms,
            cursor=cursor,
            count=room(100),
        )
        for entry_id, record in claimed:
            yield entry_id, record
            seen += 1
        if cursor == "0-0" or not claimed:
            break
    while room(10) > 0:
        batch = client.xreadgroup(group, consumer, {stream: ">"}, count=room(10), block=block_ms)
        if not batch:
            if count is not None:
                return  # with --count, stop once the stream is drained
            continue
        for entry_id, fields in batch[0][1]:
            yield entry_id, json.loads(fields[b"record"])
            seen += 1


def _claim(
    client: redis.Redis,
    stream: str,
    group: str,
    *,
    consumer: str,
    idle_ms: int,
    cursor: str,
    count: int,
) -> tuple[str, list[tuple[bytes, dict[str, Any]]]]:
    """One XAUTOCLAIM step: (next cursor, claimed entries). Entries deleted from the stream
    while pending are acknowledged and left out."""
    reply = client.xautoclaim(stream, group, consumer, idle_ms, cursor, count=count)
    entries = []
    for entry_id, fields in reply[1]:
        if fields is None:
            client.xack(stream, group, entry_id)
        else:
            entries.append((entry_id, json.loads(fields[b"record"])))
    return text(reply[0]), entries


def stats(client: redis.Redis, settings: Settings, minutes: int = 5) -> dict[str, Any]:
    """Stream lengths, group lag and pending, the inbox, dead letters by reason, work in
    flight by where it is, broker queue depths, per-stage timings."""
    keys, streams = Keys(settings.key_prefix), settings.streams
    counters = {text(k): int(v) for k, v in client.hgetall(keys.counters).items()}
    return {
        "streams": {
            name: client.xlen(name)
            for name in (streams.inbox, streams.articles, streams.dead, streams.stories)
        },
        "groups": _groups(client, streams.articles),
        "inbox": _inbox(client, settings),
        "published": counters.get("published", 0),
        "duplicates": counters.get("duplicate", 0),
        "redriven": counters.get("redriven", 0),
        "dead_by_reason": {
            k.removeprefix("dead:"): v for k, v in counters.items() if k.startswith("dead:")
        },
        "in_flight": client.zcard(keys.inflight),
        "in_flight_by_state": _in_flight(client, keys, settings),
        "queues": _queue_depths(client, settings),
        "throughput_per_min": _throughput(client, keys, minutes),
        "stories_open": _stories_open(client, settings),
        f"stages_last_{minutes}_min": _stage_stats(client, keys, minutes),
    }


def _stories_open(client: redis.Redis, settings: Settings) -> int:
    """The stories open: those with an article within `stories.window` (the stories stage
    keeps them by latest arrival in `<prefix>:story:open`; worker/stages/stories/
    redis_store.py, not imported here: `stats` loads no stage code)."""
    since = time.time() - settings.stories.window
    return int(client.zcount(f"{settings.key_prefix}:story:open", f"({since}", "+inf"))


def _throughput(client: redis.Redis, keys: Keys, minutes: int) -> float:
    """Articles published (or found duplicate) per minute over the last `minutes`, counting
    the current minute by the part of it that has passed."""
    now = time.time()
    pipe = client.pipeline(transaction=False)
    for minute in range(int(now // 60) - minutes + 1, int(now // 60) + 1):
        pipe.hget(keys.stats(minute), "total:n")
    done = sum(int(n or 0) for n in pipe.execute())
    span = minutes - 1 + (now % 60) / 60
    return round(done / max(span, 1 / 60), 1)


def _inbox(client: redis.Redis, settings: Settings) -> dict[str, Any]:
    """The bridge group's view of the inbox: entries not yet read (lag) and not yet acked."""
    streams = settings.streams
    for group in _groups(client, streams.inbox):
        if group["name"] == streams.inbox_group:
            return {
                "pending": group["pending"],
                "lag": group["lag"],
                "consumers": group["consumers"],
            }
    return {"pending": 0, "lag": client.xlen(streams.inbox), "consumers": 0}


def _in_flight(client: redis.Redis, keys: Keys, settings: Settings) -> dict[str, int]:
    chain = Chain(settings)
    pipe = client.pipeline(transaction=False)
    pipe.zcard(keys.unsent)
    for queue in chain.queues:
        for lane in LANES:
            pipe.zcard(keys.queued(queue, lane))
    pipe.zcard(keys.waiting)
    counts = pipe.execute()
    running = sum(client.zcard(keys.held(text(i))) for i in client.smembers(keys.instances))
    return {
        "sending": counts[0],
        "queued": sum(counts[1:-1]),
        "running": running,
        "waiting_retry": counts[-1],
    }


def _queue_depths(client: redis.Redis, settings: Settings) -> dict[str, int]:
    """Messages in each broker queue (every lane), as kombu keeps them."""
    depths = {}
    for queue in Chain(settings).queues:
        depths[queue] = sum(client.llen(broker_list(queue, lane)) for lane in LANES)
    return depths


def _groups(client: redis.Redis, stream: str) -> list[dict[str, Any]]:
    try:
        groups = client.xinfo_groups(stream)
    except redis.ResponseError:
        return []
    return [
        {
            "name": text(g["name"]),
            "consumers": g["consumers"],
            "pending": g["pending"],
            "lag": g.get("lag"),
        }
        for g in groups
    ]


def _stage_stats(client: redis.Redis, keys: Keys, minutes: int) -> dict[str, dict[str, float]]:
    """Per stage, and for `total` (all stages) and `latency` (receipt to record): count,
    mean, p50 and p95 in ms over the last `minutes`."""
    now = int(time.time() // 60)
    pipe = client.pipeline(transaction=False)
    for minute in range(now - minutes + 1, now + 1):
        pipe.hgetall(keys.stats(minute))
    totals: dict[str, float] = {}
    for bucket in pipe.execute():
        for field, value in bucket.items():
            totals[text(field)] = totals.get(text(field), 0.0) + float(value)
    return timings.summarize(totals)


def dead_letters(
    client: redis.Redis, stream: str, reason: str | None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(entry id, dead-letter record), oldest first, optionally only one reason."""
    last = "-"
    while True:
        entries = client.xrange(stream, min=last, max="+", count=500)
        if last != "-":
            entries = entries[1:]
        if not entries:
            return
        for entry_id, fields in entries:
            record = json.loads(fields[b"record"])
            if reason is None or record.get("reason") == reason:
                yield text(entry_id), record
        last = text(entries[-1][0])


def render(figures: dict[str, Any]) -> str:
    """`stats` output for people: a screenful of aligned lines."""
    streams, flight = figures["streams"], figures["in_flight_by_state"]
    lines = [
        "streams     " + " · ".join(f"{k} {v:,}" for k, v in streams.items()),
        f"in flight   {figures['in_flight']:,} ("
        + ", ".join(f"{k} {v:,}" for k, v in flight.items())
        + ") · queues "
        + ", ".join(f"{k} {v:,}" for k, v in figures["queues"].items()),
        f"ended       published {figures['published']:,} · duplicates {figures['duplicates']:,}"
        f" · re-driven {figures['redriven']:,} · {figures['throughput_per_min']}/min",
        "dead        "
        + (", ".join(f"{k} {v:,}" for k, v in figures["dead_by_reason"].items()) or "none"),
        "inbox       " + ", ".join(f"{k} {v}" for k, v in figures["inbox"].items()),
        f"stories     {figures['stories_open']:,} open",
    ]
    lines += [
        f"group       {g['name']}: pending {g['pending']:,}, lag {g['lag']}"
        for g in figures["groups"]
    ]
    window = next(k for k in figures if k.startswith("stages_last_"))
    title = "ms, " + window.removeprefix("stages_").replace("_", " ")
    lines.append(f"{title:<16}" + "".join(f"{h:>9}" for h in ("count", "mean", "p50", "p95")))
    for name, row in figures[window].items():
        cells = [f"{row['count']:>9,}"]
        cells += [f"{row[k]:>9.1f}" for k in ("mean_ms", "p50_ms", "p95_ms")]
        lines.append(f"  {name:<14}" + "".join(cells))
    return "\n".join(lines)
