"""`make(settings)`: the `metadata` stage with its options bound (its contract is the
package's docstring, in worker/stages/metadata/__init__.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from worker.article import Article
from worker.clock import date_of
from worker.settings import Settings
from worker.stages.clean.dates import DateReader
from worker.stages.clean.phrases import Phrases, normalize

_JUNK_AUTHOR = re.compile(r"@|https?://|\d")
# Words that make up non-names ("Staff Writer", "News Desk") besides the byline role words.
_NOT_NAMES = frozenset(
    {
        "staff",
        "admin",
        "editorial",
        "newsroom",
        "unknown",
        "anonymous",
        "writer",
        "by",
        "the",
        "and",
        "author",
        "email",
        "online",
    }
)
_MAX_AUTHOR_WORDS = 5


def make(settings: Settings) -> Callable[[Article], Article]:
    """Bind the role words (config/boilerplate.toml) once; return the stage."""
    phrases = Phrases.load(settings.config_dir / settings.clean.boilerplate)
    not_names = _NOT_NAMES | phrases.role_words
    read_date = DateReader(settings.language.languages)

    def metadata(article: Article) -> Article:
        authors = (a for a in map(_tidy, article.authors) if a and _is_author(a, not_names))
        return article.replace(
            title=_tidy(article.title),
            authors=tuple(dict.fromkeys(authors)),
            published=_iso_date(article.published, read_date),
            site=_tidy(article.site) or _host(article.canonical_url or article.url),
            description=_tidy(article.description),
        )

    return metadata


def _tidy(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _is_author(name: str, not_names: frozenset[str]) -> bool:
    """A person's name: no e-mail, URL or digits, not only role words, not too long."""
    words = normalize(name).split()
    return (
        bool(words)
        and len(words) <= _MAX_AUTHOR_WORDS
        and not _JUNK_AUTHOR.search(name)
        and not all(w in not_names for w in words)
    )


def _iso_date(value: str | None, read_date: DateReader) -> str | None:
    """YYYY-MM-DD from an ISO timestamp, or from a written date ("4 March 2026")."""
    if not value:
        return None
    found = date_of(value)
    return found.isoformat() if found else read_date(value)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
