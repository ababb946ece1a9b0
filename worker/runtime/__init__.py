"""Delivery: how a submission travels from intake to one record (or one dead letter).

    intake.py      the raw payload and a ledger entry are written (state `sending`), then
    dispatch.py    the first hop's message is sent to the broker and confirmed (`queued`)
    tasks.py       a worker process takes the message: `ingest.run_hop`, an adapter for
    hop.py         claim (`running`) -> the hop's stages -> hand-off to the next hop, or
    terminal.py    publish: the last hop's atomic XADD to ingest:articles (lua/publish.lua),
                   or a dead letter on ingest:dead
    ledger.py      the ledger: its states (State), reads, and the Lua scripts (lua/*.lua,
                   each with its KEYS/ARGV documented) that move an entry
    liveness.py    every worker instance beats a short-lived key listing its live processes;
                   the worker's start-up step (warmup.py runs the stages once before fork)
    sweeper.py     one instance at a time: recovers hops whose process is gone, re-sends
                   messages that were never confirmed or went missing from the broker,
                   sends due retries, trims the output streams (trim.py)
    bridge.py      ingest:inbox (any producer, any language) into intake (groups.py: the
                   consumer groups)
    app.py         the Celery app (configured on first use)
    connection.py, choice.py   which Redis (given, or the embedded redis-server), the client
    context.py     what one process shares: settings, Redis client, ledger, chain
    timings.py     the per-minute stage figures `ingest stats` reads

Importing any of these connects to nothing and starts nothing.
"""
