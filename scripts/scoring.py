"""Shingle scoring of extracted text against a true body, as the article-extraction-benchmark does.

Same semantics as scrapinghub/article-extraction-benchmark `evaluate.py`:
- tokens are `\\w+` runs (case kept); shingles are 4-token tuples, counted as a multiset; a
  text with fewer than 4 tokens (but at least one) is a single shorter shingle;
- per page, TP/FP/FN over shingle counts, normalized by their sum so that every page weighs
  the same;
- precision is averaged over the pages that predicted something (TP + FP > 0), recall over
  the pages whose truth has something (TP + FN > 0): an empty output costs recall only;
- F1 is computed from the two means; the ± is 1.96 standard deviations of a page bootstrap.

`prf` and `f1` score counted matches (entities, quotes) the usual way; every evaluation script
scores with this module.

`metadata_verdicts` checks a record's metadata against what the page shows of the truth: the
date in the URL, the URL slug's words in the title, the benchmark's URL as canonical URL, the
language of the true body (langdetect, seeded) as declared language, the authors and the site
name as text of the page, and no junk in the authors (digits, "by", job titles, dates).
"""

from __future__ import annotations

import json
import random
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import langdetect
from trafilatura import load_html

from worker.stages.clean.phrases import normalize

langdetect.DetectorFactory.seed = 0  # the language check gives the same answer every run

TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4

PageCounts = tuple[float, float, float]
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d)(?:[/-](\d\d))?(?=[/-]|$)")
_WORD = re.compile(r"\w+")
_H1_MIN_WORDS = 3
_H1_IN_TITLE = 0.8
_SLUG_WORD = re.compile(r"^[a-z]{2,}$")
_SLUG_MIN_WORDS = 4
_SLUG_SHARE = 0.5
# The metadata checks, each with the record field it checks.
METADATA_CHECKS = {
    "published == date in URL": "published",
    "title holds half the URL slug words": "title",
    "canonical == benchmark URL (when in page)": "canonical_url",
    "declared == language of true body": "declared_language",
    "authors visible on page, none junk": "authors",
    "site visible on page": "site",
    "description (found only)": "description",
}
_JUNK_AUTHOR = re.compile(
    r"\d|@|\b(?:by|staff|editor|reporter|writer|email|admin|published|updated|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|"
    r"august|september|october|november|december)\b",
    re.I,
)


def tokens(text: str | None) -> list[str]:
    return TOKEN.findall(text or "")


def token_shingles(toks: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of `size`-token shingles of a token list (a shorter list is one shingle)."""
    grams = (tuple(toks[i : i + size]) for i in range(max(1, len(toks) - size + 1)))
    return Counter(g for g in grams if g)


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of `size`-token shingles of `text`."""
    return token_shingles(tokens(text), size)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of counts (entity or quote matches); 0.0 where undefined."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, f1(p, r)


def page_counts(true: str, pred: str) -> PageCounts:
    """Normalized (TP, FP, FN) of one page; all zero when both texts are empty."""
    want, got = shingles(true), shingles(pred)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fn)


@dataclass(frozen=True)
class Scores:
    """Mean precision and recall over pages, and F1 from the means."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, pages: Sequence[PageCounts]) -> Scores:
        """Scores of a set of pages (see the module docstring for which pages count where)."""
        p = statistics.mean([_precision(*c) for c in pages if c[0] + c[1] > 0] or [0.0])
        r = statistics.mean([_recall(*c) for c in pages if c[0] + c[2] > 0] or [0.0])
        return cls(p, r, f1(p, r))


def bootstrap(pages: Sequence[PageCounts], rounds: int = 1000, seed: int = 0) -> Scores:
    """Half-widths (1.96 standard deviations) of precision, recall and F1 over page resamples."""
    rng = random.Random(seed)
    n = len(pages)
    samples = [Scores.of([pages[rng.randrange(n)] for _ in range(n)]) for _ in range(rounds)]
    return Scores(
        1.96 * statistics.stdev(s.precision for s in samples),
        1.96 * statistics.stdev(s.recall for s in samples),
        1.96 * statistics.stdev(s.f1 for s in samples),
    )


def metadata_verdicts(
    fields: dict[str, Any], url: str, body: str, page_text: str
) -> dict[str, bool | None]:
    """True/False per check of METADATA_CHECKS, None where the page shows no truth for it.

    `fields`: the record's metadata by name (title, authors, published, site, canonical_url,
    declared_language, description); `url`: the page's URL in the benchmark; `body`: its true
    article body; `page_text`: the raw page, `normalize`d.
    """
    return {
        "published == date in URL": _date_verdict(fields["published"], url),
        "title holds half the URL slug words": _title_verdict(fields["title"], url),
        "canonical == benchmark URL (when in page)": _canonical_verdict(
            fields["canonical_url"], url, page_text
        ),
        "declared == language of true body": _language_verdict(fields["declared_language"], body),
        "authors visible on page, none junk": _authors_verdict(fields["authors"], page_text),
        "site visible on page": normalize(fields["site"]) in page_text if fields["site"] else None,
        "description (found only)": None,
    }


def _date_verdict(published: str | None, url: str) -> bool | None:
    date = _URL_DATE.search(url)
    return (published or "").startswith("-".join(g for g in date.groups() if g)) if date else None


def _title_verdict(title: str | None, url: str) -> bool | None:
    slug = re.split(r"[-_]", url.rstrip("/").rsplit("/", 1)[-1].split(".")[0])
    words = [w for w in slug if _SLUG_WORD.match(w)]
    if len(words) < _SLUG_MIN_WORDS or len(words) != len(slug):
        return None
    return _share_in(words, normalize(title or "").split()) >= _SLUG_SHARE


def _canonical_verdict(canonical: str | None, url: str, page_text: str) -> bool | None:
    bare = _bare_url(url)
    return _bare_url(canonical or "") == bare if normalize(bare) in page_text else None


def _language_verdict(declared: str | None, body: str) -> bool | None:
    return declared == langdetect.detect(body) if declared else None


def _authors_verdict(authors: tuple[str, ...], page_text: str) -> bool | None:
    if not authors:
        return None
    return all(normalize(a) in page_text and not _JUNK_AUTHOR.search(a) for a in authors)


def _share_in(words: list[str], among: list[str]) -> float:
    return sum(1 for w in words if w in among) / len(words) if words else 0.0


def _bare_url(url: str) -> str:
    """Lower case, no scheme, no www., no query or fragment, no trailing slash."""
    url = re.sub(r"^https?://(www\.)?", "", url.casefold())
    return re.split(r"[?#]", url)[0].rstrip("/")


def write_figures(path: Path | None, figures: dict[str, float]) -> None:
    """The headline figures of an evaluation as JSON (what scripts/quality.py compares with
    its floors); nothing when no path was asked for."""
    if path is not None:
        rounded = {name: round(value, 4) for name, value in figures.items()}
        path.write_text(json.dumps(rounded, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def confirmed_headline(html: str) -> str | None:
    """The page's `<h1>` that its `<title>` or social title confirms (three words or more,
    80% of them in those titles): the page's own headline, the truth a title is checked against."""
    tree = load_html(html)
    if tree is None:
        return None
    titles = tree.xpath(
        '//title/text() | //meta[@property="og:title" or @name="twitter:title"]/@content'
    )
    known = set(_WORD.findall(" ".join(str(t) for t in titles).casefold()))
    best = None
    for h1 in tree.iter("h1"):
        text = " ".join(h1.text_content().split())
        found = _WORD.findall(text.casefold())
        confirmed = sum(w in known for w in found) >= _H1_IN_TITLE * len(found)
        if len(found) >= _H1_MIN_WORDS and confirmed and (best is None or len(text) > len(best)):
            best = text
    return best


def same_words(one: str, other: str) -> bool:
    """The same words in the same order, case and punctuation aside."""
    return _WORD.findall(one.casefold()) == _WORD.findall(other.casefold())
