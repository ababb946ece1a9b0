"""structlog set-up: one renderer for our events and for every stdlib logger (Celery's too).

JSON lines when not on a TTY (containers, CI), a readable console on a TTY. Context
(`ingest_id`, `task_id`, `hop`) is bound per task with contextvars and merged into every line.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

import structlog

# Libraries that are chatty at INFO about things that are not our events.
_QUIET = {
    "trafilatura": logging.ERROR,
    "htmldate": logging.ERROR,
    "charset_normalizer": logging.ERROR,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "courlan": logging.ERROR,
    "readability": logging.ERROR,
    "justext": logging.ERROR,
    # Celery's "Task ... received / succeeded" lines, two per hop: article_done says it once
    # per article. Its errors still show.
    "celery.app.trace": logging.WARNING,
    "celery.worker.strategy": logging.WARNING,
}


def configure(fmt: str = "auto", level: str = "INFO", stream: TextIO | None = None) -> None:
    """Route structlog and stdlib logging through one handler on `stream` (stderr)."""
    stream = stream or sys.stderr
    as_json = fmt == "json" or (fmt == "auto" and not stream.isatty())
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if as_json
        else structlog.dev.ConsoleRenderer(colors=stream.isatty())
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*shared, structlog.processors.format_exc_info],
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name, quiet in _QUIET.items():
        logging.getLogger(name).setLevel(quiet)
