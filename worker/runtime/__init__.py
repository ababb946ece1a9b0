"""Delivery: how a submission travels from intake to one record (or one dead letter).

    intake.py      the raw payload and a ledger entry are written (state `sending`), then
                   the first hop's message is sent (dispatch.py) and confirmed (`queued`)
    tasks.py       a worker process takes the message: `ingest.run_hop`, an adapter for
    hop.py         claim (`running`) -> the hop's stages -> hand-off to the next hop, or
    publish        the last hop's atomic XADD to ingest:articles (ledger.py: publish.lua)
    liveness.py    every worker instance beats a short-lived key listing its live processes
    sweeper.py     one instance at a time: recovers hops whose process is gone, re-sends
                   messages that were never confirmed or went missing from the broker,
                   sends due retries, trims the output streams
    bridge.py      ingest:inbox (any producer, any language) into intake
    app.py         the Celery app (built on first use) and the worker's liveness step
    connection.py  which Redis, the client, the embedded redis-server
    ledger.py      the ledger's states and its Lua scripts (lua/*.lua)
    context.py     what one process shares: settings, Redis client, ledger, chain

Importing any of these connects to nothing and starts nothing.
"""
