"""What one hop does in a worker process. No Celery here: tasks.py adapts it.

    HopRunner.run(HopMessage(ingest_id, dispatch, hop, article)) -> None

1. claim (claim.lua): only the submission's current dispatch runs, and never beside a live
   process running the same one; a hop whose holder died `max_attempts` times is
   dead-lettered `crashed`, one that died past the hard time limit `timeout`;
2. the first hop loads the raw payload from Redis, later hops get the article in the message;
3. the hop's stages run; a Rejected becomes a dead letter naming the stage, a transient
   error waits for a retry (wait.lua; the sweeper sends it when due) until `max_retries`,
   the soft time limit becomes `timeout`, anything else `internal`;
4. the last hop publishes, any other hands off to the next (handoff.lua, then a message).
Every write after the claim names this process as holder: if the sweeper has recovered the
submission meanwhile, the write is refused and the result dropped.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from typing import Any

import redis
import structlog
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval

from worker.article import Article
from worker.clock import epoch_of
from worker.errors import Reason, Rejected, TransientError
from worker.pipeline import Pipeline
from worker.runtime import timings
from worker.runtime.context import Context
from worker.runtime.dispatch import Dispatcher, Message
from worker.runtime.ledger import Verdict, submitted_article
from worker.runtime.terminal import Terminal

log = structlog.get_logger("worker.hop")
RELEASE_PATIENCE = 60.0


@dataclass(frozen=True)
class HopMessage:
    """The keyword arguments of an `ingest.run_hop` message."""

    ingest_id: str
    dispatch: int
    hop: str
    article: dict[str, Any] | None = None


@dataclass(frozen=True)
class Claim:
    """A claimed hop: the message, the holder that claimed it, how often the hop was claimed,
    and (first hop) the article as submitted, which the claim brings back with it."""

    message: HopMessage
    holder: str
    runs: int
    submitted: tuple[Any, ...] = ()  # first hop: what the article is built from


class HopRunner:
    """Per-process: the bound pipeline, the ledger, the dispatcher, this process's holder id."""

    def __init__(self, ctx: Context, pipeline: Pipeline, dispatcher: Dispatcher, instance: str):
        self.ctx = ctx
        self.settings = ctx.settings
        self.keys = ctx.keys
        self.pipeline = pipeline
        self.dispatcher = dispatcher
        self.instance = instance
        self.terminal = Terminal(ctx)

    @property
    def holder(self) -> str:
        """`<instance>/<pid>`: the pid is read at call time (pool processes are forked)."""
        return f"{self.instance}/{os.getpid()}"

    def run(self, message: HopMessage) -> None:
        claim = self._claim(message)
        if claim is None:
            return
        try:
            article = self._input(claim)
            if article is None:
                return
            with structlog.contextvars.bound_contextvars(uri=article.source.get("uri")):
                result = self._stages(claim, article)
                if result is not None:
                    self._forward(claim, result)
        except Exception as exc:  # its result could not be written: hand it back, logged
            self._release(claim, exc)
        # A BaseException (the pool ending the process at the hard time limit, a shutdown)
        # leaves the hop held: `timed_out` or the sweeper ends it, knowing why.

    def timed_out(self, message: HopMessage, limit: float) -> None:
        """The pool ended this hop's process at the hard time limit (called in the worker's
        main process): dead-letter it `timeout`, unless it has moved on meanwhile."""
        with structlog.contextvars.bound_contextvars(ingest_id=message.ingest_id, hop=message.hop):
            runs = self.ctx.ledger.field(message.ingest_id, f"runs:{message.hop}")
            self._dead(
                message.ingest_id,
                message.dispatch,
                "",
                stage=message.hop,
                reason=Reason.TIMEOUT,
                error=f"hop {message.hop!r} passed its hard time limit of {limit} s",
                attempts=int(runs or 1),
            )

    def _release(self, claim: Claim, exc: BaseException) -> None:
        """The hop could not finish (its result could not be written): hand the submission
        back to the sweeper, trying for `RELEASE_PATIENCE` s while Redis is unavailable."""
        message = claim.message
        log.warning("hop_released", error=f"{type(exc).__name__}: {exc}"[:200])
        keys = [self.keys.ledger(message.ingest_id), self.keys.unsent]
        args = [message.ingest_id, message.dispatch, claim.holder]
        deadline = time.monotonic() + RELEASE_PATIENCE
        while True:
            try:
                self.ctx.ledger.verdict("release", keys, args)
                return
            except redis.RedisError:
                if time.monotonic() > deadline:
                    log.error("hop_release_failed")  # the sweeper finds it past its time limit
                    return
                time.sleep(1)

    def _claim(self, message: HopMessage) -> Claim | None:
        holder, liveness = self.holder, self.settings.liveness
        verdict = self.ctx.ledger.verdict(
            "claim",
            [self.keys.ledger(message.ingest_id), self.keys.held(self.instance)],
            [
                message.ingest_id,
                message.dispatch,
                message.hop,
                holder,
                self.settings.celery.time_limit,
                liveness.max_attempts,
                self.keys.alive(""),
                liveness.heartbeat_interval * 2 + 1,
                "" if message.article is not None else self.keys.raw(message.ingest_id),
            ],
        )
        if verdict.status == "run":
            return Claim(message, holder, verdict.number, verdict.rest)
        uri = self.ctx.ledger.field(message.ingest_id, "uri")
        with structlog.contextvars.bound_contextvars(uri=uri):
            if verdict.status in ("crashed", "timeout"):
                self._end_unclaimable(message, verdict)
            else:
                log.info("hop_skipped", outcome=verdict.status, detail=verdict.detail)
        return None

    def _end_unclaimable(self, message: HopMessage, verdict: Verdict) -> None:
        crashed = verdict.status == "crashed"
        self._dead(
            message.ingest_id,
            message.dispatch,
            "",
            stage=message.hop,
            reason=Reason.CRASHED if crashed else Reason.TIMEOUT,
            error=(
                f"the process running hop {message.hop!r} died {verdict.detail} times"
                if crashed
                else f"hop {message.hop!r} passed its hard time limit"
            ),
            attempts=verdict.number if crashed else 1,
        )

    def _input(self, claim: Claim) -> Article | None:
        message = claim.message
        if message.article is not None:
            return Article.from_message(message.article)
        if claim.submitted:
            return submitted_article(message.ingest_id, claim.submitted)
        article = self.ctx.ledger.load_article(message.ingest_id)
        if article is None:
            log.error("ledger_missing")
        return article

    def _stages(self, claim: Claim, article: Article) -> Article | None:
        """The hop's stages; None when the submission ended (or waits for a retry) here."""
        message, hop = claim.message, self.pipeline.hop(claim.message.hop)
        try:
            return self.pipeline.run_hop(hop, article)
        except Rejected as exc:
            self._fail(claim, exc.stage or hop.name, exc.reason, exc.detail)
        except TransientError as exc:
            self._transient(claim, getattr(exc, "stage", hop.name), exc)
        except SoftTimeLimitExceeded as exc:
            limit, stage = self.settings.celery.soft_time_limit, getattr(exc, "stage", hop.name)
            error = f"stage {stage!r} still ran when hop {hop.name!r} reached its {limit} s limit"
            self._fail(claim, stage, Reason.TIMEOUT, error)
        except Exception as exc:
            log.exception("hop_failed", hop=message.hop)
            stage = getattr(exc, "stage", hop.name)
            self._fail(claim, stage, Reason.INTERNAL, f"{type(exc).__name__}: {exc}"[:300])
        return None

    def _transient(self, claim: Claim, stage: str, exc: TransientError) -> None:
        message, opts = claim.message, self.settings.celery
        delay = get_exponential_backoff_interval(
            factor=1, retries=claim.runs, maximum=opts.retry_backoff_max, full_jitter=True
        )
        verdict = self.ctx.ledger.verdict(
            "wait",
            [self.keys.ledger(message.ingest_id), self.keys.waiting],
            [message.ingest_id, message.dispatch, claim.holder, delay, opts.max_retries],
        )
        if verdict.status == "waiting":
            log.warning(
                "hop_retry_scheduled",
                stage=stage,
                error=str(exc)[:200],
                retry=verdict.number,
                delay_s=delay,
            )
        elif verdict.status == "exhausted":
            self._fail(claim, stage, exc.reason, f"{exc} (after {claim.runs} attempts)"[:300])
        else:
            log.info("hop_result_dropped", outcome=verdict.status, detail=verdict.detail)

    def _fail(self, claim: Claim, stage: str, reason: Reason, error: str) -> None:
        message = claim.message
        self._dead(
            message.ingest_id,
            message.dispatch,
            claim.holder,
            stage=stage,
            reason=reason,
            error=error,
            attempts=claim.runs,
        )

    def _dead(self, ingest_id: str, dispatch: int, holder: str, **letter: Any) -> None:
        verdict = self.terminal.dead_letter(ingest_id, dispatch=dispatch, holder=holder, **letter)
        if verdict.status == "dead":
            log.warning(
                "article_done",
                outcome="dead",
                reason=str(letter["reason"]),
                stage=letter["stage"],
                error=letter["error"],
                attempts=letter["attempts"],
            )
        else:
            log.info("hop_result_dropped", outcome=verdict.status, detail=verdict.detail)

    def _forward(self, claim: Claim, article: Article) -> None:
        message = claim.message
        kind = article.source.get("kind", "")
        following = self.ctx.chain.after(kind, message.hop)
        if following is None:
            self._publish(claim, article)
            return
        verdict = self.ctx.ledger.verdict(
            "handoff",
            [self.keys.ledger(message.ingest_id), self.keys.unsent],
            [
                message.ingest_id,
                message.dispatch,
                claim.holder,
                following.name,
                self.settings.intake.send_grace,
            ],
        )
        if verdict.status != "sending":
            log.info("hop_result_dropped", outcome=verdict.status, detail=verdict.detail)
            return
        sent = Message(
            message.ingest_id,
            verdict.number,
            following.name,
            following.queue,
            article=article.to_message(),
        )
        try:
            self.dispatcher.send([sent])
        except Exception as exc:
            # The ledger says `sending`: the sweeper sends the submission again (from its first
            # hop); ask it to do so at its next sweep rather than after send_grace.
            log.warning(
                "hop_send_failed",
                next_hop=following.name,
                error=f"{type(exc).__name__}: {exc}"[:200],
            )
            with contextlib.suppress(Exception):
                self.ctx.redis.zadd(self.keys.unsent, {message.ingest_id: 0}, xx=True)

    def _publish(self, claim: Claim, article: Article) -> None:
        now = time.time()
        latency_ms = round(max(0.0, (now - (epoch_of(article.received_at) or now)) * 1000), 1)
        verdict = self.terminal.publish(
            article,
            claim.message.dispatch,
            claim.holder,
            stats=(self.keys.stats(int(now // 60)), _amounts(article, latency_ms)),
        )
        if verdict.status in ("published", "duplicate"):
            log.info(
                "article_done",
                outcome=verdict.status,
                article_id=article.article_id,
                title=(article.title or "")[:80],
                language=article.language.get("code"),
                entities=len(article.entities),
                quotes=len(article.quotes),
                ms=round(sum(t["ms"] for t in article.stages.values()), 2),
                latency_ms=latency_ms,
                stages={name: t["ms"] for name, t in article.stages.items()},
                **({"duplicate_of": verdict.detail} if verdict.status == "duplicate" else {}),
            )
        elif verdict.status == "already":  # our own write, repeated after a lost reply
            log.info("article_already_ended", article_id=article.article_id, state=verdict.detail)
        else:
            log.info("hop_result_dropped", outcome=verdict.status, detail=verdict.detail)


def _amounts(article: Article, latency_ms: float) -> list[tuple[str, float]]:
    """What one published article adds to the minute's stats: its stages' times, their total
    and its latency (receipt to record; receipt times have whole seconds)."""
    amounts = []
    for stage, timing in article.stages.items():
        amounts += timings.increments(stage, timing["ms"])
    amounts += timings.increments("total", sum(t["ms"] for t in article.stages.values()))
    return amounts + timings.increments("latency", latency_ms)


_runner: HopRunner | None = None


def install(runner: HopRunner) -> None:
    """Make `runner` this process's hop runner (the worker's main process does it before it
    forks its pool, so every pool process starts with the stages already built)."""
    global _runner  # noqa: PLW0603 - one runner per process, inherited by forked children
    _runner = runner


def current() -> HopRunner | None:
    return _runner
