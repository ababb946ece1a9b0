"""`make(settings)`: the `fingerprint` stage with its options bound (its contract is the
package's docstring, in worker/stages/fingerprint/__init__.py)."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable

from courlan import normalize_url
from trafilatura.deduplication import Simhash

from worker.article import Article
from worker.settings import Settings


def make(settings: Settings) -> Callable[[Article], Article]:
    def fingerprint(article: Article) -> Article:
        normalized = normalize_text(article.text)
        text_sha = hashlib.sha256(normalized.encode()).hexdigest()
        article_id = url_id(article.url) if article.url else text_sha
        return article.replace(
            article_id=article_id,
            fingerprint={"sha256": text_sha, "simhash": f"{Simhash(normalized).hash:016x}"},
        )

    return fingerprint


def normalize_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def url_id(url: str) -> str:
    """sha256 of the URL without tracking parameters, fragment, default port, case of host."""
    try:
        normalized = normalize_url(url, strict=True)
    except ValueError:
        normalized = url
    return hashlib.sha256(normalized.encode()).hexdigest()
