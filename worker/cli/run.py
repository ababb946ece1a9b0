"""`ingest run`: the whole pipeline in this process, no Redis, no Celery."""

from __future__ import annotations

import sys
import uuid

import click

from worker import logs
from worker.article import Article
from worker.cli.common import emit, inputs
from worker.clock import utc_iso
from worker.errors import Rejected, TransientError
from worker.pipeline import Pipeline
from worker.settings import get_settings


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--url", "urls", multiple=True, help="A URL to fetch and ingest (repeatable).")
@click.option("--log-level", default="ERROR", show_default=True, help="Log level on stderr.")
def run(paths: tuple[str, ...], urls: tuple[str, ...], log_level: str) -> None:
    """Run the whole pipeline in this process, no Redis needed.

    Prints one JSON record per article on stdout; dead letters go to stderr as JSON lines.
    Exits 1 if any item was dead-lettered.
    """
    settings = get_settings()
    logs.configure(settings.log_format, log_level)
    items = inputs(paths, urls, settings, "run")
    pipeline = Pipeline(settings)
    dead = 0
    for item in items:
        article = Article(
            ingest_id=uuid.uuid4().hex, received_at=utc_iso(), source=item.source(), raw=item.raw
        )
        try:
            emit(pipeline.run(article).to_record())
        except (Rejected, TransientError) as exc:
            dead += 1
            reason = getattr(exc, "reason", "internal")
            emit(
                {
                    "ingest_id": article.ingest_id,
                    "source": article.source,
                    "reason": str(reason),
                    "error": str(exc),
                },
                err=True,
            )
    sys.exit(1 if dead else 0)
