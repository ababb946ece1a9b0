"""news-ingest: a stream-processing ingestion worker for news.

Imports run one way, from the commands down to the core:

    cli/        the `ingest` command, one module per group of commands
    runtime/    delivery: intake, the Celery hops, the ledger, publish, the sweeper, the bridge
    pipeline.py the stage registry and the chain (checked against each stage's contract)
    stages/     one folder per stage, its contract in __init__.py, its code and internals beside
    core        article.py (the record), submission.py, errors.py, settings.py, stagefile.py,
                keys.py, replies.py, clock.py, calendar_names.py, logs.py; app.py is
                `celery -A worker.app`

A submission goes cli/enqueue.py -> runtime/intake.py (ledger + raw payload) ->
runtime/dispatch.py (first hop's message) -> runtime/tasks.py and hop.py (claim, the hop's
stages from stages/, hand-off) -> runtime/terminal.py (XADD ingest:articles, or ingest:dead).
"""
