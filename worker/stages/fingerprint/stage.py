"""`make(settings)`: the `fingerprint` stage with its options bound (its contract is the
package's docstring, in worker/stages/fingerprint/__init__.py)."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from courlan import normalize_url
from trafilatura.deduplication import sample_tokens

from worker.article import Article
from worker.settings import Settings


def make(settings: Settings) -> Callable[[Article], Article]:
    def fingerprint(article: Article) -> Article:
        normalized = normalize_text(article.text)
        text_sha = hashlib.sha256(normalized.encode()).hexdigest()
        article_id = url_id(article.url) if article.url else text_sha
        return article.replace(
            article_id=article_id,
            fingerprint={"sha256": text_sha, "simhash": f"{simhash(normalized):016x}"},
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


BITS = 64
LANE = 32  # bits a counter has in `_spread`: room for 4 billion tokens


def simhash(text: str) -> int:
    """trafilatura's `Simhash(text).hash`, bit for bit (tests/test_stages.py compares them):
    bit i is set when at least half of trafilatura's sample of the text's tokens have bit i
    set in their 64-bit hash. trafilatura adds a list of 64 +1/-1 per token; here each
    token is one addition of big integers holding 64 counters (`_spread`), which halves the
    stage's time."""
    tokens = sample_tokens(text, BITS)
    counts = sum(map(_spread, tokens))
    mask, half = (1 << LANE) - 1, len(tokens)
    return sum(1 << i for i in range(BITS) if 2 * ((counts >> (LANE * i)) & mask) >= half)


@lru_cache(maxsize=2**14)
def _spread(token: str) -> int:
    """The token's 64-bit hash (trafilatura's: blake2b, 8 bytes, big-endian), bit i moved to
    bit `LANE * i`, so that adding these counts each bit's tokens in its own counter."""
    value = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "big")
    return sum(_BYTES[(value >> (8 * k)) & 0xFF] << (LANE * 8 * k) for k in range(BITS // 8))


_BYTES = [sum(1 << (LANE * j) for j in range(8) if b >> j & 1) for b in range(256)]
