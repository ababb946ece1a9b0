"""Stage `metadata`: tidy what clean and fetch found; fill the site from the URL if missing.

In: title, authors, published, site, url, canonical_url. Out: the same, normalized: titles
and names with single spaces, authors without junk (roles, e-mail addresses, "Staff"),
`published` as an ISO 8601 date, `site` falling back to the URL's host name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from worker.article import Article
from worker.settings import Settings

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_JUNK_AUTHOR = re.compile(
    r"@|https?://|^(staff|admin|editor|editorial|redaktion|rédaction|redacción|newsroom|"
    r"unknown|anonymous|email the author|correspondent|reporter)$",
    re.I,
)
_MAX_AUTHOR_WORDS = 5


def make(settings: Settings) -> Callable[[Article], Article]:
    def metadata(article: Article) -> Article:
        return article.replace(
            title=_tidy(article.title),
            authors=tuple(dict.fromkeys(a for a in map(_tidy, article.authors) if _is_author(a))),
            published=_iso_date(article.published),
            site=_tidy(article.site) or _host(article.canonical_url or article.url),
            description=_tidy(article.description),
        )

    return metadata


def _tidy(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _is_author(name: str | None) -> bool:
    return (
        bool(name)
        and not _JUNK_AUTHOR.search(name or "")
        and (len((name or "").split()) <= _MAX_AUTHOR_WORDS)
    )


def _iso_date(value: str | None) -> str | None:
    match = _ISO_DATE.match(value or "")
    return match.group(0) if match else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
