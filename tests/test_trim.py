"""Trimming ingest:articles never drops an entry a consumer group has not acknowledged."""

from __future__ import annotations

from worker.runtime.trim import trim_stream

STREAM = "ingest:articles"


def _fill(r, n: int) -> list[bytes]:
    return [r.xadd(STREAM, {"record": f"{i}"}) for i in range(n)]


def test_no_group_caps_the_stream_at_maxlen(r):
    ids = _fill(r, 10)
    assert trim_stream(r, STREAM, 4) == 6
    assert [e[0] for e in r.xrange(STREAM)] == ids[6:]


def test_unacknowledged_entries_survive_trimming(r):
    ids = _fill(r, 10)
    r.xgroup_create(STREAM, "slow", id="0")
    r.xreadgroup("slow", "c1", {STREAM: ">"}, count=3)  # delivered 3, acked none
    r.xack(STREAM, "slow", ids[0])
    trim_stream(r, STREAM, 2)
    assert [e[0] for e in r.xrange(STREAM)] == ids[1:]  # ids[1] is still pending


def test_acknowledged_entries_are_trimmed_down_to_maxlen(r):
    ids = _fill(r, 10)
    r.xgroup_create(STREAM, "fast", id="0")
    delivered = r.xreadgroup("fast", "c1", {STREAM: ">"}, count=10)[0][1]
    r.xack(STREAM, "fast", *[entry_id for entry_id, _ in delivered])
    r.xgroup_create(STREAM, "lagging", id=ids[4])  # has not read past ids[4]
    trim_stream(r, STREAM, 2)
    assert [e[0] for e in r.xrange(STREAM)] == ids[5:]


def test_zero_maxlen_never_trims(r):
    _fill(r, 5)
    assert trim_stream(r, STREAM, 0) == 0
    assert r.xlen(STREAM) == 5
