"""The broker connection Celery opens, with one kombu fault contained.

When a worker's broker connection breaks, Celery's consumer calls `connection.collect()` and
then `connection.close()`. `collect()` closes the connection's channels one by one, and the
first whose close fails on the dead socket ends that loop: the channels after it stay open.
`collect()` then lets go of the transport all the same. The `close()` that follows closes the
default channel (the one consuming tasks) a second time. kombu's Redis channel, restoring its
unacknowledged messages, then reads the server's address from the transport it no longer
has: an AttributeError (kombu 5.7), which Celery takes for an unrecoverable error, and the
worker stops instead of reconnecting.

`Connection` contains that one case. Closing a connection whose transport is gone
(`collect()` ran) cannot reach the server, so an AttributeError from it is logged and the
close goes on. By then the channel has released its sockets; only the restore of its
unacknowledged messages is skipped, as it is whenever the server is down: kombu puts them back
on the queue after the visibility timeout, and the sweeper sends their submissions again
first.
"""

from __future__ import annotations

import kombu
import structlog
from celery.app.amqp import AMQP as CeleryAMQP

log = structlog.get_logger("worker.broker")


class Connection(kombu.Connection):
    """kombu's connection, whose close survives a transport that `collect()` let go."""

    def _do_close_self(self) -> None:
        released = self._transport is None  # collect() let go of it
        try:
            super()._do_close_self()
        except AttributeError as exc:
            if not released:
                raise
            log.warning("broker_channel_closed_without_transport", error=repr(exc))
            self._default_channel = None


class AMQP(CeleryAMQP):
    """Celery's messaging set-up, opening our `Connection` (the app's `amqp` class)."""

    Connection = Connection
    BrokerConnection = Connection
