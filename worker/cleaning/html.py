"""HTML to body text and metadata, with trafilatura (and its own fallbacks).

`extract_html(html, url)` returns an `HtmlResult` or raises Rejected(EMPTY) when no extractor
finds a body. Paragraphs are separated by blank lines; a first line equal to the title is
dropped (trafilatura keeps the headline as the first line of the text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from trafilatura.settings import Document

from worker.errors import Reason, Rejected

_LANG_ATTR = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I)
_TITLE_SEARCH_LINES = 3
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&)\s*")


@dataclass(frozen=True)
class HtmlResult:
    paragraphs: tuple[str, ...]
    title: str | None
    authors: tuple[str, ...]
    published: str | None
    site: str | None
    description: str | None
    canonical_url: str | None
    declared_language: str | None
    removed: tuple[dict[str, str], ...]


def extract_html(html: str, url: str | None = None) -> HtmlResult:
    """Extract the article from one HTML page (see the module docstring)."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        raise Rejected(Reason.EMPTY, "no article body found in the HTML")
    paragraphs, removed = _paragraphs(doc.text or "", doc.title)
    return HtmlResult(
        paragraphs=paragraphs,
        title=doc.title or None,
        authors=split_authors(doc.author),
        published=doc.date or None,
        site=doc.sitename or None,
        description=doc.description or None,
        canonical_url=doc.url or None,
        declared_language=declared_language(html),
        removed=removed,
    )


def _paragraphs(text: str, title: str | None) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    removed: list[dict[str, str]] = []
    wanted = " ".join((title or "").split()).casefold()
    # trafilatura keeps the headline (sometimes after a kicker line) at the top of the text
    for i, line in enumerate(lines[:_TITLE_SEARCH_LINES]):
        if wanted and line.casefold() == wanted:
            removed.append({"text": lines.pop(i), "reason": "title"})
            break
    return tuple(lines), tuple(removed)


def split_authors(author: str | None) -> tuple[str, ...]:
    """trafilatura joins several authors with '; '; split and de-duplicate them."""
    if not author:
        return ()
    names = [n.strip() for n in _AUTHOR_SPLIT.split(author)]
    return tuple(dict.fromkeys(n for n in names if n))


def declared_language(html: str) -> str | None:
    """The page's `<html lang>` primary subtag, lower case, if any."""
    match = _LANG_ATTR.search(html[:5000])
    return match.group(1).lower() if match else None
