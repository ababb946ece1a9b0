"""Sending hop messages through Celery, then confirming them in the ledger.

A message is `ingest.run_hop` with keyword arguments only: the submission's `ingest_id`,
its `dispatch` number, the `hop` to run and, after the first hop, the `article` so far.
It is sent by task name on the hop's queue, in a lane (a kombu priority): new work in the
normal lane, recovered work (re-sent by the sweeper, due retries) in the urgent one, which
workers serve first. Only once a message is in the broker does its submission move from the
ledger's `unsent` index to `queued` (confirm.lua): the sweeper's test for lost messages
relies on that order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from celery import Celery

from worker.keys import NORMAL, Lane, broker_list
from worker.runtime.ledger import Ledger

TASK_NAME = "ingest.run_hop"


@dataclass(frozen=True)
class Message:
    """One hop message for one dispatch of one submission."""

    ingest_id: str
    dispatch: int
    hop: str
    queue: str
    lane: Lane = NORMAL
    article: dict[str, Any] | None = None

    def kwargs(self) -> dict[str, Any]:
        return {
            "ingest_id": self.ingest_id,
            "dispatch": self.dispatch,
            "hop": self.hop,
            "article": self.article,
        }

    @property
    def broker_list(self) -> str:
        return broker_list(self.queue, self.lane)


class Dispatcher:
    """Sends messages with a Celery app and confirms them in the ledger.

    `own_connection`: open a connection per call instead of using the app's producer pool
    (for a thread of the worker's main process, which must not share the pool's).
    """

    def __init__(self, app: Celery, ledger: Ledger, own_connection: bool = False) -> None:
        self.app = app
        self.ledger = ledger
        self.own_connection = own_connection

    def send(self, messages: Sequence[Message]) -> int:
        """Send and confirm `messages`; returns how many were sent.

        If sending fails part-way, the ones sent are confirmed and the error is raised; the
        rest stay `unsent` in the ledger, and the sweeper sends them after `send_grace`.
        """
        sent: list[Message] = []
        try:
            if self.own_connection:
                with self.app.connection_for_write() as conn:
                    self._publish(messages, sent, connection=conn)
            else:
                with self.app.producer_or_acquire() as producer:
                    self._publish(messages, sent, producer=producer)
        finally:
            if sent:
                self.confirm(sent)
        return len(sent)

    def _publish(self, messages: Sequence[Message], sent: list[Message], **route: Any) -> None:
        for message in messages:
            self.app.send_task(
                TASK_NAME,
                kwargs=message.kwargs(),
                queue=message.queue,
                priority=message.lane.priority,
                add_to_parent=False,
                **route,
            )
            sent.append(message)

    def confirm(self, messages: Sequence[Message]) -> int:
        keys = self.ledger.keys
        args: list[Any] = []
        for m in messages:
            args += [m.ingest_id, m.dispatch]
        args += [keys.queued(m.queue, m.lane) for m in messages]
        ledgers = [keys.ledger(m.ingest_id) for m in messages]
        return int(self.ledger.run("confirm", [keys.sequence, *ledgers], args))
