"""The ledger's scripts and the sweeper, against a real redis-server (no worker processes).

A "process" here is a holder string `<instance>/<pid>` whose liveness the test sets by hand
(`alive:<instance>`), as a worker instance's heartbeat would.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
import redis

from worker.article import Article
from worker.errors import Reason
from worker.keys import NORMAL, URGENT, Lane, broker_list
from worker.runtime.context import Context, make_context
from worker.runtime.intake import Intake, Submission
from worker.runtime.ledger import State, submitted_article
from worker.runtime.sweeper import Sweeper
from worker.runtime.terminal import Terminal
from worker.settings import load_settings

HOLDER = "inst-a/101"


@pytest.fixture
def ctx(r: redis.Redis, redis_url: str) -> Context:
    settings = load_settings(
        redis_url=redis_url,
        liveness={"lost_after": 0, "max_attempts": 3, "max_redrives": 2},
        intake={"send_grace": 30},
    )
    return make_context(settings, redis_url)


@pytest.fixture
def intake(ctx: Context) -> Intake:
    return Intake(ctx, ctx.dispatcher())


@pytest.fixture
def sweeper(ctx: Context) -> Sweeper:
    return Sweeper(ctx, ctx.dispatcher())


def text_item(body: str, **kw: Any) -> Submission:
    return Submission(kind="text", uri=f"mem:{body[:10]}", raw=body.encode(), **kw)


def submit(intake: Intake, *items: Submission, force: bool = False) -> list[Any]:
    return [r for batch in intake.submit(list(items), force=force) for r in batch]


def messages(r: redis.Redis, lane: Lane = NORMAL, queue: str = "ingest") -> list[dict[str, Any]]:
    """The kwargs of the hop messages in a broker list, oldest first."""
    out = []
    for raw in reversed(r.lrange(broker_list(queue, lane), 0, -1)):
        envelope = json.loads(raw)
        _, kwargs, _ = json.loads(base64.b64decode(envelope["body"]))
        out.append(kwargs)
    return out


def claim(
    ctx: Context, ingest_id: str, dispatch: int, hop: str = "process", holder: str = HOLDER
) -> Any:
    instance = holder.split("/", maxsplit=1)[0]
    return ctx.ledger.verdict(
        "claim",
        [ctx.keys.ledger(ingest_id), ctx.keys.held(instance)],
        [
            ingest_id,
            dispatch,
            hop,
            holder,
            180,
            ctx.settings.liveness.max_attempts,
            ctx.keys.alive(""),
            0,
            "",  # the message carries its article: no entry back
        ],
    )


def alive(r: redis.Redis, ctx: Context, holder: str = HOLDER) -> None:
    instance, pid = holder.split("/")
    r.set(ctx.keys.alive(instance), f",{pid},", px=60_000)
    r.sadd(ctx.keys.instances, instance)


def publish(
    ctx: Context,
    ingest_id: str,
    dispatch: int,
    holder: str = HOLDER,
    *,
    article_id: str = "a1",
    force: bool = False,
) -> Any:
    article = Article(
        ingest_id=ingest_id,
        received_at="x",
        source={"kind": "text"},
        article_id=article_id,
        force=force,
    )
    return Terminal(ctx).publish(article, dispatch, holder)


# --- intake ----------------------------------------------------------------------------------


def test_intake_writes_the_ledger_then_sends_and_confirms(r, ctx, intake):
    [receipt] = submit(intake, text_item("first article"))
    assert receipt.status == "enqueued"
    entry = ctx.ledger.entry(receipt.ingest_id)
    assert entry["state"] == State.QUEUED
    assert entry["dispatch"] == "1"
    assert entry["index"] == ctx.keys.queued("ingest", NORMAL)
    assert r.zcard(ctx.keys.unsent) == 0
    assert r.get(ctx.keys.raw(receipt.ingest_id)) == b"first article"
    assert messages(r) == [
        {"ingest_id": receipt.ingest_id, "dispatch": 1, "hop": "process", "article": None}
    ]


def test_same_bytes_are_skipped_unless_forced_and_an_id_is_accepted_once(r, ctx, intake):
    [first] = submit(intake, text_item("same"))
    [again] = submit(intake, text_item("same"))
    assert (again.status, again.ingest_id, again.detail) == (
        "skipped",
        first.ingest_id,
        "duplicate",
    )
    [forced] = submit(intake, text_item("same"), force=True)
    assert forced.status == "enqueued" and forced.ingest_id != first.ingest_id
    fixed = text_item("bridge entry", ingest_id="b" * 32)
    assert [x.status for x in submit(intake, fixed)] == ["enqueued"]
    assert [x.status for x in submit(intake, fixed)] == ["exists"]
    assert len(messages(r)) == 3


def test_too_large_is_a_dead_letter_stating_size_and_limit(r, ctx, intake):
    item = Submission(
        kind="file", uri="big.txt", raw=b"x" * 10, size=ctx.settings.intake.max_bytes + 5
    )
    [receipt] = submit(intake, item)
    assert receipt.status == "dead"
    [(_, fields)] = r.xrange("ingest:dead")
    letter = json.loads(fields[b"record"])
    assert letter["reason"] == "too_large" and letter["source"]["uri"] == "big.txt"
    assert f"{ctx.settings.intake.max_bytes + 5} bytes" in letter["error"]
    assert messages(r) == []


def test_an_intake_that_fails_writes_nothing(r, ctx, intake):
    r.config_set("maxmemory", 1)  # every write that grows memory is refused (noeviction)
    try:
        with pytest.raises(redis.ResponseError, match="OOM"):
            submit(intake, text_item("one"), text_item("two"))
    finally:
        r.config_set("maxmemory", 0)
    assert list(r.scan_iter("ingest:*")) == []
    assert messages(r) == []


# --- claim, hand-off, publish ----------------------------------------------------------------


def test_a_first_hop_claim_brings_the_submitted_article_back(r, ctx, intake):
    [receipt] = submit(intake, text_item("brought back", meta={"published": "2026-03-01"}))
    i = receipt.ingest_id
    alive(r, ctx)
    verdict = ctx.ledger.verdict(
        "claim",
        [ctx.keys.ledger(i), ctx.keys.held("inst-a")],
        [i, 1, "process", HOLDER, 180, 3, ctx.keys.alive(""), 0, ctx.keys.raw(i)],
    )
    article = submitted_article(i, verdict.rest)
    assert verdict.status == "run" and article.raw == b"brought back"
    assert (article.published, article.source["kind"]) == ("2026-03-01", "text")


def test_only_the_current_dispatch_runs_and_a_live_copy_is_never_run_twice(r, ctx, intake):
    [receipt] = submit(intake, text_item("article"))
    i = receipt.ingest_id
    assert claim(ctx, i, 2).status == "stale"
    alive(r, ctx)
    assert claim(ctx, i, 1).status == "run"
    assert ctx.ledger.state(i) == State.RUNNING
    assert claim(ctx, i, 1, holder="inst-b/202").status == "busy"  # the first holder lives
    assert claim(ctx, i, 1).status == "run"  # the holder itself again: a lost reply, repeated
    assert ctx.ledger.entry(i)["runs:process"] == "1"
    assert publish(ctx, i, 1).status == "published"
    assert claim(ctx, i, 1).status == "done"


def test_a_holder_that_keeps_dying_ends_the_submission_as_crashed(r, ctx, intake):
    [receipt] = submit(intake, text_item("poison"))
    i = receipt.ingest_id
    for pid in range(3):  # no alive key: each holder is dead when the next copy arrives
        verdict = claim(ctx, i, 1, holder=f"inst-x/{pid}")
    assert verdict.status == "run"
    assert claim(ctx, i, 1, holder="inst-x/9").status == "crashed"


def test_handoff_makes_older_messages_stale_and_only_the_holder_can_end_it(r, ctx, intake):
    [receipt] = submit(intake, text_item("two hops"))
    i = receipt.ingest_id
    alive(r, ctx)
    claim(ctx, i, 1)
    verdict = ctx.ledger.verdict(
        "handoff", [ctx.keys.ledger(i), ctx.keys.unsent], [i, 1, HOLDER, "second", 30]
    )
    assert (verdict.status, verdict.number) == ("sending", 2)
    assert claim(ctx, i, 1).status == "stale"
    assert claim(ctx, i, 2, hop="second").status == "run"
    assert publish(ctx, i, 2, holder="inst-z/1").status == "stale"  # not the holder
    assert publish(ctx, i, 1).status == "stale"  # an old dispatch
    assert publish(ctx, i, 2).status == "published"
    assert publish(ctx, i, 2).status == "already"  # a repeat after a lost reply
    assert r.xlen("ingest:articles") == 1


def test_a_second_submission_of_the_same_article_is_a_duplicate(r, ctx, intake):
    alive(r, ctx)
    ids = [x.ingest_id for x in submit(intake, text_item("copy one"), text_item("copy two"))]
    for i in ids:
        claim(ctx, i, 1)
    assert publish(ctx, ids[0], 1, article_id="same").status == "published"
    verdict = publish(ctx, ids[1], 1, article_id="same")
    assert (verdict.status, verdict.detail) == ("duplicate", ids[0])
    assert r.xlen("ingest:articles") == 1


def test_a_forced_submission_of_a_published_article_is_published_again(r, ctx, intake):
    alive(r, ctx)
    [first] = submit(intake, text_item("the council met"))
    [again] = submit(intake, text_item("the council met"), force=True)
    assert again.status == "enqueued"
    for receipt in (first, again):
        claim(ctx, receipt.ingest_id, 1)
    assert publish(ctx, first.ingest_id, 1, article_id="same").status == "published"
    assert publish(ctx, again.ingest_id, 1, article_id="same", force=True).status == "published"
    assert r.xlen("ingest:articles") == 2
    assert ctx.ledger.state(again.ingest_id) == State.PUBLISHED


def test_ending_sets_the_retention_of_everything_left_behind(r, ctx, intake):
    alive(r, ctx)
    [a, b] = [x.ingest_id for x in submit(intake, text_item("kept a while"), text_item("dies"))]
    seen_b = ctx.ledger.entry(b)["seen_key"]
    claim(ctx, a, 1)
    publish(ctx, a, 1)
    retention = ctx.settings.retention
    assert 0 < r.ttl(ctx.keys.ledger(a)) <= retention.ledger
    assert retention.raw == 0 and not r.exists(ctx.keys.raw(a))  # dropped once published
    assert 0 < r.ttl(ctx.keys.article("a1")) <= retention.dedup
    assert 0 < r.ttl(ctx.ledger.entry(a)["seen_key"]) <= retention.dedup
    Terminal(ctx).dead_letter(b, stage="clean", reason=Reason.EMPTY, error="", attempts=1)
    assert 0 < r.ttl(ctx.keys.ledger(b)) <= retention.dead
    assert 0 < r.ttl(ctx.keys.raw(b)) <= retention.dead
    assert not r.exists(seen_b)  # the same bytes may be sent again
    assert r.zcard(ctx.keys.inflight) == 0
    assert [x.status for x in submit(intake, text_item("dies"))] == ["enqueued"]


# --- the sweeper -----------------------------------------------------------------------------


def test_work_that_merely_waits_in_the_queue_is_never_touched(r, ctx, intake, sweeper):
    submit(intake, *[text_item(f"backlog {n}") for n in range(50)])
    for _ in range(3):
        assert sweeper.sweep() == {}
    assert len(messages(r)) == 50 and messages(r, URGENT) == []


def test_a_message_missing_from_the_broker_is_sent_again_first(r, ctx, intake, sweeper):
    [lost, kept] = [x.ingest_id for x in submit(intake, text_item("lost"), text_item("kept"))]
    r.rpop(broker_list("ingest", NORMAL))  # a worker took `lost` and died before claiming it
    assert sweeper.sweep() == {}  # first seen missing: a worker may be about to claim it
    assert sweeper.sweep()["lost"] == 1
    assert [m["ingest_id"] for m in messages(r)] == [kept]
    assert messages(r, URGENT) == [
        {"ingest_id": lost, "dispatch": 2, "hop": "process", "article": None}
    ]
    assert ctx.ledger.state(lost) == State.QUEUED


def test_a_message_never_confirmed_is_sent_after_send_grace(r, ctx, intake, sweeper):
    [receipt] = submit(intake, text_item("sender died"))
    i = receipt.ingest_id
    r.delete(broker_list("ingest", NORMAL))
    r.hset(ctx.keys.ledger(i), "state", "sending")  # as if the sender died before confirming
    r.zadd(ctx.keys.unsent, {i: 0})
    r.zrem(ctx.keys.queued("ingest", NORMAL), i)
    r.hset(ctx.keys.ledger(i), "index", ctx.keys.unsent)
    assert sweeper.sweep()["unsent"] == 1
    assert [m["dispatch"] for m in messages(r, URGENT)] == [2]


def test_a_hop_whose_instance_is_gone_is_recovered_and_its_old_message_goes_stale(
    r, ctx, intake, sweeper
):
    [receipt] = submit(intake, text_item("held by a dead worker"))
    i = receipt.ingest_id
    r.sadd(ctx.keys.instances, "inst-a")  # registered, but its alive key has expired
    assert claim(ctx, i, 1).status == "run"
    counts = sweeper.sweep()
    assert counts["holder_gone"] == 1
    assert [m["dispatch"] for m in messages(r, URGENT)] == [2]
    assert claim(ctx, i, 1, holder="inst-b/1").status == "stale"
    assert ctx.ledger.entry(i)["crashes"] == "1"
    assert sweeper.sweep() == {}  # the instance held nothing more: forgotten
    assert not r.sismember(ctx.keys.instances, "inst-a")


def test_a_pid_missing_from_a_live_instance_is_recovered(r, ctx, intake, sweeper):
    [receipt] = submit(intake, text_item("pool process killed"))
    i = receipt.ingest_id
    alive(r, ctx, "inst-a/999")  # the instance lives, but lists another pid
    claim(ctx, i, 1)
    r.zadd(ctx.keys.held("inst-a"), {i: 1.0})  # claimed long ago
    assert sweeper.sweep()["holder_gone"] == 1


def test_a_holder_gone_past_the_hard_limit_is_a_timeout(r, ctx, intake, sweeper):
    [receipt] = submit(intake, text_item("hangs"))
    i = receipt.ingest_id
    r.sadd(ctx.keys.instances, "inst-a")
    claim(ctx, i, 1)
    r.hset(ctx.keys.ledger(i), "deadline", 1)  # the hard time limit passed long ago
    assert sweeper.sweep()["timeout"] == 1
    [(_, fields)] = r.xrange("ingest:dead")
    assert json.loads(fields[b"record"])["reason"] == "timeout"


def test_a_live_holder_past_the_hard_limit_abandoned_its_hop(r, ctx, intake, sweeper):
    [receipt] = submit(intake, text_item("abandoned"))
    i = receipt.ingest_id
    alive(r, ctx)
    claim(ctx, i, 1)
    r.zadd(ctx.keys.held("inst-a"), {i: 1.0})
    r.hset(ctx.keys.ledger(i), "deadline", 1)
    assert sweeper.sweep()["abandoned"] == 1


def test_a_due_retry_is_sent_and_retries_are_bounded(r, ctx, intake, sweeper):
    [receipt] = submit(intake, text_item("flaky source"))
    i = receipt.ingest_id
    alive(r, ctx)
    claim(ctx, i, 1)
    keys = [ctx.keys.ledger(i), ctx.keys.waiting]
    verdict = ctx.ledger.verdict("wait", keys, [i, 1, HOLDER, 0, 1])
    assert (verdict.status, verdict.number) == ("waiting", 1)
    assert sweeper.sweep()["retried"] == 1
    assert claim(ctx, i, 2).status == "run"
    assert ctx.ledger.verdict("wait", keys, [i, 2, HOLDER, 0, 1]).status == "exhausted"


def test_lost_messages_are_sent_again_a_bounded_number_of_times(r, ctx, intake, sweeper):
    submit(intake, text_item("always lost"))
    for _ in range(3):  # max_redrives = 2
        r.delete(broker_list("ingest", NORMAL), broker_list("ingest", URGENT))
        sweeper.sweep()
        sweeper.sweep()
    [(_, fields)] = r.xrange("ingest:dead")
    assert json.loads(fields[b"record"])["reason"] == "timeout"


def test_no_instance_is_judged_gone_until_our_own_heartbeat_is_steady(r, ctx, intake):
    class Unsteady:
        def steady_for(self) -> float:
            return 0.0

    cautious = Sweeper(ctx, ctx.dispatcher(), Unsteady())
    [receipt] = submit(intake, text_item("held"))
    r.sadd(ctx.keys.instances, "inst-a")
    claim(ctx, receipt.ingest_id, 1)
    assert cautious.sweep() == {}
    assert ctx.ledger.state(receipt.ingest_id) == State.RUNNING
