"""The sweeper: what makes "nothing accepted is lost" true when processes, messages or Redis fail.

Every `sweep_interval`, one worker instance at a time (a lock) looks at the ledger's indexes:

- held:<instance>: a hop whose holder is gone (its instance's heartbeat expired, or no
  longer lists its pid) is recovered (recover.lua): sent again from its first hop, or
  dead-lettered `timeout` (the holder died past the hard time limit: a hang) or `crashed`
  (the holder died `max_attempts` times: a poison submission). A hop whose holder lives on
  past the hard time limit was abandoned (its process failed to write its result): sent again.
- unsent: a message nobody confirmed within `send_grace` (its sender died, or sending
  failed) is sent again.
- queued:<queue>:<lane>: a message missing from its broker list for `lost_after` (see
  lua/suspects.lua) is sent again.
- waiting: a retry that is due is sent.
Everything sent again goes in the urgent lane, before new work. Queued work that merely
waits is never touched, however long the queue. The sweeper also trims the output streams.

It issues "instance gone" verdicts only once its own heartbeat has gone through unbroken for
`dead_after`: after Redis was unreachable (paused, restarting) every heartbeat key may have
expired, and live instances get that long to beat again.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import structlog

from worker.errors import Reason
from worker.keys import LANES, URGENT, broker_list
from worker.replies import text
from worker.runtime.context import Context
from worker.runtime.dispatch import Dispatcher, Message
from worker.runtime.ledger import Verdict
from worker.runtime.terminal import Terminal
from worker.runtime.trim import trim_stream


class Steady(Protocol):
    """The instance's heartbeat (worker.runtime.liveness.Heartbeat), as the sweeper sees it."""

    def steady_for(self) -> float:
        """Seconds the heartbeat has gone through without a break."""
        ...


log = structlog.get_logger("worker.sweeper")
BATCH = 500
_LOCK_TTL_MS = 30_000
REDRIVE_CAUSES = ("holder_gone", "abandoned", "unsent", "lost")
_ABANDON_MARGIN = (
    30.0  # seconds past the hard time limit before a live holder's hop counts as abandoned
)


@dataclass
class SweepReport:
    """What one sweep did (counts), and the messages it has to send."""

    counts: dict[str, int] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


class Sweeper:
    """One instance's sweeper; `heartbeat` is that instance's (None: trust every verdict)."""

    def __init__(self, ctx: Context, dispatcher: Dispatcher, heartbeat: Steady | None = None):
        self.ctx = ctx
        self.redis = ctx.redis
        self.keys = ctx.keys
        self.settings = ctx.settings
        self.dispatcher = dispatcher
        self.heartbeat = heartbeat
        self.terminal = Terminal(ctx)

    def sweep(self) -> dict[str, int]:
        """One sweep, if no other instance is sweeping; returns what it did."""
        token = secrets.token_hex(8)
        if not self.redis.set(self.keys.sweep_lock, token, nx=True, px=_LOCK_TTL_MS):
            return {}
        try:
            report = self._sweep()
        finally:
            if text(self.redis.get(self.keys.sweep_lock)) == token:
                self.redis.delete(self.keys.sweep_lock)
        if report.counts:
            log.info("sweep_done", **report.counts)
        return report.counts

    def _sweep(self) -> SweepReport:
        report = SweepReport()
        now = self._now()
        self._holders(now, report)
        self._unsent(now, report)
        self._lost(report)
        self._due(now, report)
        if report.messages:
            report.add("sent", self.dispatcher.send(report.messages))
        redriven = sum(report.counts.get(why, 0) for why in REDRIVE_CAUSES)
        if redriven:
            self.redis.hincrby(self.keys.counters, "redriven", redriven)
        self._trim(report)
        return report

    def _now(self) -> float:
        seconds, micros = self.redis.time()
        return seconds + micros / 1e6

    def _verdicts_allowed(self) -> bool:
        if self.heartbeat is None:
            return True
        return self.heartbeat.steady_for() >= self.settings.liveness.dead_after

    # Holders that are gone.

    def _holders(self, now: float, report: SweepReport) -> None:
        instances = sorted(text(i) for i in self.redis.smembers(self.keys.instances))
        pipe = self.redis.pipeline(transaction=False)
        for instance in instances:
            pipe.get(self.keys.alive(instance))
            pipe.zrange(self.keys.held(instance), 0, BATCH - 1, withscores=True)
        replies = pipe.execute()
        for i, instance in enumerate(instances):
            alive, held = replies[2 * i], [(text(m), s) for m, s in replies[2 * i + 1]]
            if alive is None:
                self._instance_gone(instance, [m for m, _ in held], report)
            else:
                self._check_pids(instance, text(alive), held, now, report)

    def _instance_gone(self, instance: str, held: list[str], report: SweepReport) -> None:
        if not self._verdicts_allowed():
            return
        if not held:
            self.redis.srem(self.keys.instances, instance)
            return
        for ingest_id, entry in zip(held, self._entries(held), strict=True):
            if entry["holder"].startswith(instance + "/"):
                self._recover(ingest_id, entry, report)

    def _check_pids(
        self,
        instance: str,
        alive: str,
        held: list[tuple[str, float]],
        now: float,
        report: SweepReport,
    ) -> None:
        young = 2 * self.settings.liveness.heartbeat_interval + 1
        ids = [ingest_id for ingest_id, claimed in held if now - claimed > young]
        for ingest_id, entry in zip(ids, self._entries(ids), strict=True):
            holder = entry["holder"]
            if not holder.startswith(instance + "/"):
                continue
            if f",{holder.rsplit('/', 1)[1]}," not in alive:
                self._recover(ingest_id, entry, report)
            elif now > float(entry["deadline"] or now) + _ABANDON_MARGIN:
                verdict = self._redispatch(ingest_id, entry, "running", dispatch=entry["dispatch"])
                self._resent(ingest_id, entry, verdict, "abandoned", report)

    def _recover(self, ingest_id: str, entry: dict[str, str], report: SweepReport) -> None:
        first = self.ctx.chain.first(entry["kind"])
        verdict = self.ctx.ledger.verdict(
            "recover",
            [self.keys.ledger(ingest_id), self.keys.unsent],
            [
                ingest_id,
                entry["holder"],
                first.name,
                self.settings.intake.send_grace,
                self.settings.liveness.max_attempts,
            ],
        )
        if verdict.status in ("timeout", "crashed"):
            crashed = verdict.status == "crashed"
            self._dead(
                ingest_id,
                entry,
                verdict,
                Reason.CRASHED if crashed else Reason.TIMEOUT,
                f"the process running hop {entry['hop']!r} died"
                + (
                    f" {self.settings.liveness.max_attempts} times"
                    if crashed
                    else " past its hard time limit"
                ),
            )
            report.add(verdict.status)
        else:
            self._resent(ingest_id, entry, verdict, "holder_gone", report)

    # Messages never confirmed, missing from the broker, or due.

    def _unsent(self, now: float, report: SweepReport) -> None:
        ids = [text(i) for i in self.redis.zrangebyscore(self.keys.unsent, "-inf", now, 0, BATCH)]
        for ingest_id, entry in zip(ids, self._entries(ids), strict=True):
            verdict = self._redispatch(ingest_id, entry, "sending", due=now)
            self._resent(ingest_id, entry, verdict, "unsent", report)

    def _lost(self, report: SweepReport) -> None:
        opts, prefix = self.settings.liveness, self.keys.ledger("")
        for queue in self.ctx.chain.queues:
            for lane in LANES:
                found = self.ctx.ledger.run(
                    "suspects",
                    [
                        self.keys.queued(queue, lane),
                        broker_list(queue, lane),
                        self.keys.suspects(queue, lane),
                    ],
                    [opts.lost_after, BATCH, prefix],
                )
                pairs = [(text(found[i]), text(found[i + 1])) for i in range(0, len(found), 2)]
                ids = [ingest_id for ingest_id, _ in pairs]
                for (ingest_id, dispatch), entry in zip(pairs, self._entries(ids), strict=True):
                    verdict = self._redispatch(ingest_id, entry, "queued", dispatch=dispatch)
                    self._resent(ingest_id, entry, verdict, "lost", report)

    def _due(self, now: float, report: SweepReport) -> None:
        ids = [text(i) for i in self.redis.zrangebyscore(self.keys.waiting, "-inf", now, 0, BATCH)]
        for ingest_id, entry in zip(ids, self._entries(ids), strict=True):
            verdict = self._redispatch(ingest_id, entry, "waiting", due=now, counter="")
            if verdict.status == "sending":
                report.messages.append(self._message(ingest_id, entry, verdict.number))
                report.add("retried")

    def _redispatch(
        self,
        ingest_id: str,
        entry: dict[str, str],
        state: str,
        *,
        dispatch: str = "",
        due: float | None = None,
        counter: str = "redrives",
    ) -> Verdict:
        return self.ctx.ledger.verdict(
            "redispatch",
            [self.keys.ledger(ingest_id), self.keys.unsent],
            [
                ingest_id,
                state,
                dispatch,
                "" if due is None else repr(due),
                self.ctx.chain.first(entry["kind"]).name,
                counter,
                self.settings.liveness.max_redrives if counter else 0,
                self.settings.intake.send_grace,
            ],
        )

    def _resent(
        self, ingest_id: str, entry: dict[str, str], verdict: Verdict, why: str, report: SweepReport
    ) -> None:
        if verdict.status == "sending":
            report.messages.append(self._message(ingest_id, entry, verdict.number))
            report.add(why)
            log.warning(
                "article_redriven", ingest_id=ingest_id, why=why, hop=entry["hop"], uri=entry["uri"]
            )
        elif verdict.status == "exhausted":
            redrives = self.settings.liveness.max_redrives
            self._dead(
                ingest_id,
                entry,
                None,
                Reason.TIMEOUT,
                f"sent again {redrives} times without ending",
            )
            report.add("exhausted")

    def _message(self, ingest_id: str, entry: dict[str, str], dispatch: int) -> Message:
        first = self.ctx.chain.first(entry["kind"])
        return Message(ingest_id, dispatch, first.name, first.queue, lane=URGENT)

    def _dead(
        self,
        ingest_id: str,
        entry: dict[str, str],
        verdict: Verdict | None,
        reason: Reason,
        error: str,
    ) -> None:
        outcome = self.terminal.dead_letter(
            ingest_id,
            stage=entry["hop"] or "sweeper",
            reason=reason,
            error=error,
            attempts=(
                self.settings.liveness.max_attempts
                if reason is Reason.CRASHED
                else int(entry.get(f"runs:{entry['hop']}") or 1)
            ),
            dispatch=int(verdict.detail) if verdict and verdict.detail else None,
        )
        if outcome.status == "dead":
            log.warning(
                "article_done",
                outcome="dead",
                ingest_id=ingest_id,
                uri=entry["uri"],
                reason=str(reason),
                stage=entry["hop"],
                error=error,
            )

    def _entries(self, ids: Iterable[str]) -> list[dict[str, str]]:
        """Each id's ledger fields; the ones the sweeper reads are '' when missing."""
        blank = dict.fromkeys(("holder", "deadline", "dispatch", "kind", "hop", "uri"), "")
        return [{**blank, **entry} for entry in self.ctx.ledger.entries(ids)]

    def _trim(self, report: SweepReport) -> None:
        streams = self.settings.streams
        for stream, maxlen in (
            (streams.articles, streams.articles_maxlen),
            (streams.dead, streams.dead_maxlen),
            (streams.stories, streams.stories_maxlen),
        ):
            trimmed = trim_stream(self.redis, stream, maxlen)
            if trimmed:
                report.add("trimmed", trimmed)
