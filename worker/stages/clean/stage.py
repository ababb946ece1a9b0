"""`make(settings)`: the `clean` stage with its options bound (its contract is the
package's docstring, in worker/stages/clean/__init__.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from worker.article import Article
from worker.errors import Reason, Rejected
from worker.settings import Settings
from worker.stages.clean.blocks import SOFT_HYPHEN
from worker.stages.clean.dates import DateReader
from worker.stages.clean.decode import decode
from worker.stages.clean.html import extract_html
from worker.stages.clean.phrases import Phrases
from worker.stages.clean.text import CleanText, clean_text

_HTML_SNIFF = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def make(settings: Settings) -> Callable[[Article], Article]:
    """Bind the phrase lists and limits once; return the stage."""
    phrases = Phrases.load(settings.config_dir / settings.clean.boilerplate)
    read_date = DateReader(settings.language.languages)
    max_bytes = settings.intake.max_bytes
    min_chars = settings.clean.min_text_chars

    def clean(article: Article) -> Article:
        if len(article.raw) > max_bytes:
            raise Rejected(Reason.TOO_LARGE, f"{len(article.raw)} bytes > {max_bytes}")
        content = decode(article.raw, article.declared_charset)
        if is_html(content, article.source):
            changes = _from_html(content, article, phrases)
        else:
            changes = _from_text(content, phrases, read_date)
        if len(changes["text"]) < min_chars:
            raise Rejected(Reason.EMPTY, "no body text left after cleaning")
        return article.replace(raw=b"", **_keep_known(article, changes))

    return clean


def is_html(content: str, source: dict[str, Any]) -> bool:
    """HTML by declared type, by file name, or by sniffing the first bytes."""
    kind = source.get("content_type") or ""
    uri = str(source.get("uri") or "").lower()
    if kind.startswith(_HTML_TYPES) or uri.endswith(_HTML_SUFFIXES):
        return True
    if kind.startswith("text/plain"):
        return False
    return bool(_HTML_SNIFF.match(content[:1000]))


def _from_html(content: str, article: Article, phrases: Phrases) -> dict[str, Any]:
    page = extract_html(content, article.url, phrases)
    return {
        "text": "\n\n".join(page.paragraphs),
        "removed": page.removed,
        "title": page.title,
        "authors": page.authors,
        "published": page.published,
        "site": page.site,
        "description": page.description,
        "canonical_url": page.canonical_url,
        "language": {**article.language, "declared": page.declared_language},
        "source": {**article.source, "content_type": "text/html"},
    }


def _from_text(content: str, phrases: Phrases, read_date: DateReader) -> dict[str, Any]:
    found = clean_text(content.replace(SOFT_HYPHEN, ""), phrases)
    return {
        "text": "\n\n".join(found.paragraphs),
        "removed": found.removed,
        "title": found.title,
        "authors": found.authors,
        "published": _first_date(found, read_date),
        "site": found.source,
        "description": found.description,
    }


def _first_date(found: CleanText, read_date: DateReader) -> str | None:
    """The day the first date line that reads as one gives (a line may look like a date
    line and give no day: "Spring edition 2026")."""
    lines = (r["text"] for r in found.removed if r["reason"] == "date")
    return next((day for line in lines if (day := read_date(line))), None)


def _keep_known(article: Article, changes: dict[str, Any]) -> dict[str, Any]:
    """Metadata given with the submission (inbox fields, fetch) wins over what we found."""
    kept = dict(changes)
    for name in ("title", "published", "site"):
        if getattr(article, name):
            kept.pop(name, None)
    if article.authors:
        kept.pop("authors", None)
    kept.setdefault("source", {**article.source, "content_type": "text/plain"})
    return kept
