"""What one hop does around the stages, and the sweeper. No Celery here: tasks.py adapts it.

    run_hop(message, hop, ingest_id, last, retries) -> next message | None

- a submission that already ended (redelivery, re-drive) is skipped;
- a hop delivered more than `max_attempts` times without finishing is dead-lettered `crashed`
  (a poison message that kills its worker must not loop forever);
- the first hop loads the raw payload from Redis, later hops get the article in the message;
- Rejected from a stage becomes a dead letter; the last hop publishes.
None means the chain ends here.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import redis
import structlog

from worker.article import Article
from worker.errors import Reason, Rejected
from worker.intake import ledger_state, load_article
from worker.keys import Keys
from worker.pipeline import Pipeline
from worker.publish import TERMINAL, Publisher
from worker.settings import Settings
from worker.trim import trim_articles

log = structlog.get_logger("worker.runner")
_STATS_TTL = 3600


class Runner:
    """Per-process state: settings, Redis client, bound pipeline, publisher."""

    def __init__(self, settings: Settings, client: redis.Redis) -> None:
        self.settings = settings
        self.redis = client
        self.keys = Keys(settings.key_prefix)
        self.pipeline = Pipeline(settings)
        self.publisher = Publisher(client, settings)

    def run_hop(
        self,
        message: dict[str, Any] | None,
        hop_name: str,
        ingest_id: str,
        last: bool,
        retries: int = 0,
    ) -> dict[str, Any] | None:
        if not self._should_run(hop_name, ingest_id, retries):
            return None
        article = Article.from_message(message) if message else self._load(ingest_id)
        if article is None:
            return None
        try:
            article = self.pipeline.run_hop(self.pipeline.hop(hop_name), article)
        except Rejected as exc:
            self.dead_letter(ingest_id, hop_name, exc.reason, exc.detail, article.source)
            return None
        if last:
            self._publish(article)
            return None
        return article.to_message()

    def dead_letter(
        self,
        ingest_id: str,
        stage: str,
        reason: Reason,
        error: str,
        source: dict[str, Any] | None = None,
    ) -> None:
        """Dead-letter a submission; its source is read from the ledger unless given."""
        redrives, stored = self.redis.hmget(self.keys.ledger(ingest_id), "redrives", "source")
        attempts = int(redrives or 0) + 1
        if source is None:
            source = json.loads(stored) if stored else {"kind": "unknown"}
        outcome = self.publisher.dead_letter(
            ingest_id, source=source, stage=stage, reason=reason, error=error, attempts=attempts
        )
        log.warning(
            "article_dead_lettered",
            reason=str(reason),
            stage=stage,
            error=error,
            outcome=outcome.status,
        )

    def _should_run(self, hop_name: str, ingest_id: str, retries: int) -> bool:
        state = ledger_state(self.redis, self.keys, ingest_id)
        if state in TERMINAL:
            log.info("article_already_done", state=state)
            return False
        ledger = self.keys.ledger(ingest_id)
        tries = self.redis.hincrby(ledger, f"tries:{hop_name}:{retries}", 1)
        if tries > self.settings.intake.max_attempts:
            self.dead_letter(
                ingest_id,
                hop_name,
                Reason.CRASHED,
                f"hop delivered {tries - 1} times without finishing",
            )
            return False
        deadline = time.time() + self.settings.intake.redrive_after
        self.redis.zadd(self.keys.inflight, {ingest_id: deadline}, xx=True)
        return True

    def _load(self, ingest_id: str) -> Article | None:
        article = load_article(self.redis, self.keys, ingest_id)
        if article is None:
            log.error("ledger_missing")
        return article

    def _publish(self, article: Article) -> None:
        outcome = self.publisher.publish(article)
        event = {"published": "article_published", "duplicate": "article_duplicate"}.get(
            outcome.status, "article_already_done"
        )
        log.info(
            event,
            article_id=article.article_id,
            outcome=outcome.status,
            detail=outcome.detail,
            title=(article.title or "")[:80],
        )
        self._record_stats(article)

    def _record_stats(self, article: Article) -> None:
        key = self.keys.stats(int(time.time() // 60))
        pipe = self.redis.pipeline(transaction=False)
        for stage, timing in article.stages.items():
            pipe.hincrby(key, f"{stage}:n", 1)
            pipe.hincrbyfloat(key, f"{stage}:ms", timing["ms"])
        pipe.expire(key, _STATS_TTL)
        pipe.execute()


def sweep(runner: Runner, send_chain: Callable[[str, str], None], batch: int = 500) -> int:
    """Re-drive submissions with no progress for `redrive_after`; dead-letter after
    `max_attempts` re-drives; trim ingest:articles (worker.trim). One worker sweeps at a
    time (a lock). Returns how many submissions were moved."""
    settings, keys, client = runner.settings, runner.keys, runner.redis
    lock_ttl = max(1, int(settings.intake.sweep_interval))
    if not client.set(keys.sweep_lock, "1", nx=True, ex=lock_ttl):
        return 0
    now = time.time()
    due = [_text(i) for i in client.zrangebyscore(keys.inflight, "-inf", now, 0, batch)]
    for ingest_id in due:
        _redrive(runner, send_chain, ingest_id, now)
    trimmed = trim_articles(client, settings.streams.articles, settings.streams.articles_maxlen)
    if trimmed:
        log.info("articles_trimmed", count=trimmed)
    return len(due)


def _redrive(
    runner: Runner, send_chain: Callable[[str, str], None], ingest_id: str, now: float
) -> None:
    keys, client, settings = runner.keys, runner.redis, runner.settings
    ledger = keys.ledger(ingest_id)
    kind = client.hget(ledger, "kind")
    if kind is None or ledger_state(client, keys, ingest_id) in TERMINAL:
        client.zrem(keys.inflight, ingest_id)
        return
    redrives = client.hincrby(ledger, "redrives", 1)
    with structlog.contextvars.bound_contextvars(ingest_id=ingest_id):
        if redrives > settings.intake.max_attempts:
            runner.dead_letter(
                ingest_id,
                "sweeper",
                Reason.TIMEOUT,
                f"no terminal state after {redrives - 1} re-drives",
            )
            return
        client.zadd(keys.inflight, {ingest_id: now + settings.intake.redrive_after})
        client.hincrby(keys.counters, "redriven", 1)
        send_chain(ingest_id, _text(kind))
        log.warning("article_redriven", redrives=redrives)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
