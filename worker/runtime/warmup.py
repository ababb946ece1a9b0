"""Warm-up: run a short text and two short pages through the pipeline once, in the worker's
main process before it forks its pool, so the lazy set-up of the libraries behind the stages
(parsers, compiled patterns, language profiles; dateparser's locales, compiled the first
time a date line makes it weigh them: hence the German one; jusText's stop lists) is done
once, shared by the pool processes, and no article's stage timings pay for it. The documents
are ours, and the results are thrown away."""

from __future__ import annotations

import gc
import time

import structlog

from worker.article import Article
from worker.errors import IngestError
from worker.pipeline import Pipeline

log = structlog.get_logger("worker.warmup")

_TEXT = """Harbour ferry returns after the winter repairs
By Mara Lind, Coast Reporter
Veröffentlicht am 2. März 2026, 07:15
Share this article
The ferry between the two harbour towns sailed again on Monday morning after six weeks in
the repair yard, the port authority said. “We are glad to have her back,” said captain
Jonas Berg — who has run the crossing to Skärhamn since 2019 — at the café on the quay.
Passengers told the Coast Herald that the timetable would stay the same until the end of
March, when the summer sailings begin.
"""

_HTML = (
    "<html lang='en'><head><title>Harbour ferry returns | Coast Herald</title>"
    "<meta name='author' content='Mara Lind'><meta property='article:published_time'"
    " content='2026-03-02'></head><body><nav>Home | News | Sport</nav><article>"
    "<h1>Harbour ferry returns after the winter repairs</h1>"
    + "".join(f"<p>{line}</p>" for line in _TEXT.splitlines()[3:] if line)
    + "</article><footer>Copyright 2026 Coast Herald</footer></body></html>"
)

# A page with one short paragraph: trafilatura's whole cascade, finding so little, reaches its
# jusText rescue, which builds a stop list of every language jusText knows (about 27 MB).
# Built here, before the fork, the pool processes share it instead of each building its own
# at its first such page (and that page waiting for it).
_BRIEF = (
    "<html lang='en'><head><title>Ferry notice | Coast Herald</title></head><body>"
    "<nav>Home | News</nav><div><p>The harbour ferry sails at seven on Monday, the port"
    " authority said.</p></div><footer>Copyright 2026 Coast Herald</footer></body></html>"
)

DOCUMENTS = (
    ("warmup.txt", None, _TEXT.encode()),
    ("warmup.html", "text/html", _HTML.encode()),
    ("warmup-brief.html", "text/html", _BRIEF.encode()),
)


def warm(pipeline: Pipeline) -> float:
    """Run the warm-up documents through `pipeline`'s stages, but those with shared state
    (their state is real articles' only); returns the seconds it took."""
    started = time.monotonic()
    for uri, content_type, raw in DOCUMENTS:
        source = {"kind": "file", "uri": uri, "content_type": content_type}
        article = Article(
            ingest_id="warmup", received_at="2026-03-02T08:00:00Z", source=source, raw=raw
        )
        try:
            for hop in pipeline.hops_for("file"):
                for stage in hop.stages:
                    if stage.applies("file") and not stage.shared:
                        article = stage.run(article)
        except IngestError as exc:  # a chain that refuses the sample still warmed what ran
            log.info("warmup_refused", uri=uri, error=str(exc)[:200])
    return time.monotonic() - started


def freeze() -> int:
    """Just before the pool forks: collect, then put every object left (the stages' tables,
    the libraries' set-up, the warm-up's caches) out of the garbage collector's reach
    (`gc.freeze`, made for this). A pool process's collections then never write to those
    objects, so their memory stays shared with the main process instead of being copied
    into every pool process. Returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
