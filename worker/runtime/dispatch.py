"""Sending hop messages to the broker, then confirming them in the ledger.

A message is a Celery task message (protocol 2, as Celery's documentation specifies it) for
`ingest.run_hop`, with keyword arguments only: the submission's `ingest_id`, its `dispatch`
number, the `hop` to run and, after the first hop, the `article` so far. It goes to the
hop's queue in a lane (a kombu priority): new work in the normal lane, recovered work
(re-sent by the sweeper, due retries) in the urgent one, which workers serve first.

Messages are built here and published with kombu directly, a batch per round trip (one
Redis pipeline), through the anonymous exchange straight to the queue's list: Celery's
`send_task` spends more on routing, reprs and events than the rest of a hand-off. Only once
a message is in the broker does its submission move from the ledger's `unsent` index to
`queued` (confirm.lua): the sweeper's test for lost messages relies on that order.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from kombu import Connection

from worker.keys import NORMAL, Lane, broker_list
from worker.runtime.ledger import Ledger
from worker.submission import new_ids

TASK_NAME = "ingest.run_hop"
BATCH = 500  # messages per pipelined round trip
_EMBED = {"callbacks": None, "errbacks": None, "chain": None, "chord": None}


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

    def label(self) -> str:
        """What Flower and Celery's logs show of a message: its ids, never the article."""
        return f"{{ingest_id: {self.ingest_id}, dispatch: {self.dispatch}, hop: {self.hop}}}"

    @property
    def broker_list(self) -> str:
        return broker_list(self.queue, self.lane)


def headers(task_id: str, label: str, origin: str) -> dict[str, Any]:
    """Celery's protocol 2 headers for a plain `ingest.run_hop` message."""
    return {
        "lang": "py",
        "task": TASK_NAME,
        "id": task_id,
        "shadow": None,
        "eta": None,
        "expires": None,
        "group": None,
        "group_index": None,
        "retries": 0,
        "timelimit": [None, None],
        "root_id": task_id,
        "parent_id": None,
        "argsrepr": "()",
        "kwargsrepr": label,
        "origin": origin,
        "ignore_result": True,
        "replaced_task_nesting": 0,
        "stamped_headers": None,
        "stamps": {},
    }


class Dispatcher:
    """Publishes messages on its own broker connection (one per process and thread: make one
    for each) and confirms them in the ledger."""

    def __init__(self, broker_url: str, ledger: Ledger, transport_options: dict[str, Any]):
        self.broker_url = broker_url
        self.ledger = ledger
        self.transport_options = transport_options
        self._connection: Connection | None = None
        self._pid = 0

    def send(self, messages: Sequence[Message]) -> int:
        """Send and confirm `messages`; returns how many were sent.

        If sending fails part-way, the batches sent are confirmed and the error is raised;
        the rest stay `unsent` in the ledger, and the sweeper sends them after `send_grace`.
        """
        sent: list[Message] = []
        try:
            producer = self.connection().Producer(auto_declare=False)
            for start in range(0, len(messages), BATCH):
                chunk = messages[start : start + BATCH]
                with producer.batch(max_size=BATCH + 1):
                    for message, task_id in zip(chunk, new_ids(len(chunk)), strict=True):
                        self._publish(producer, message, str(task_id))
                sent.extend(chunk)
        except Exception:
            self.close()  # a broken connection is dialled again next time
            raise
        finally:
            if sent:
                self.confirm(sent)
        return len(sent)

    def _publish(self, producer: Any, message: Message, task_id: str) -> None:
        producer.publish(
            json.dumps(((), message.kwargs(), _EMBED), separators=(",", ":")).encode(),
            content_type="application/json",
            content_encoding="utf-8",
            exchange="",
            routing_key=message.queue,
            priority=message.lane.priority,
            delivery_mode=2,
            headers=headers(task_id, message.label(), _origin(os.getpid())),
            correlation_id=task_id,
        )

    def connection(self) -> Connection:
        """This process's connection (a forked child makes its own)."""
        if self._connection is None or self._pid != os.getpid():
            self._connection = Connection(self.broker_url, transport_options=self.transport_options)
            self._pid = os.getpid()
        return self._connection

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            with contextlib.suppress(Exception):  # already broken: nothing more to release
                self._connection.release()
        self._connection = None

    def confirm(self, messages: Sequence[Message]) -> int:
        keys = self.ledger.keys
        args: list[Any] = []
        for m in messages:
            args += [m.ingest_id, m.dispatch]
        args += [keys.queued(m.queue, m.lane) for m in messages]
        ledgers = [keys.ledger(m.ingest_id) for m in messages]
        return int(self.ledger.run("confirm", [keys.sequence, keys.unsent, *ledgers], args))


@cache
def _origin(pid: int) -> str:
    return f"gen{pid}@{socket.gethostname()}"
