"""Where the article is in a page of lines: the contiguous run with the most prose in it.

`body_region(lines, labels, phrases)` weighs every line in words of prose (prose counts for
its length, everything else against it) and returns the maximum-sum run (Kadane). The run
never crosses a comments or author-bio header or a comment count; once a run has some prose,
a comments or bio header ends the article (what follows is comments, a biography, more site).
A run whose last line introduces a list ("Tour dates:") takes the list in (`list_after`).
"""

from __future__ import annotations

from worker.stages.clean.lines import (
    date_like,
    end_marker,
    is_prose,
    is_sentence,
    link_like,
    stopword_share,
    words,
)
from worker.stages.clean.phrases import Phrases

# What one line of each kind adds to a run, in words of prose.
NAV_COST = 4.0  # a menu item, a headline in a list: four of them cancel a short sentence
DATE_COST = 8.0  # a date line inside a run: a list of teasers, each with its date
FURNITURE_COST = 1.0  # a line already explained (widget, ad, caption): articles have them
BREAK_COST = 30.0  # a copyright line: the page footer
SENTENCE_GAIN = 1.0  # a short line that ends like a sentence
ALONE = 0.5  # prose between two non-prose lines (a teaser, a comment under a name)
MIN_STOPWORDS = 0.12  # prose with fewer function words than this (known language) counts less
ARTICLE_BEFORE_END = 50.0  # a run worth this much is an article a comments header can end
LEAD_LINES = 3  # a byline or date line this close to the run's start opens the article
LIST_MAX_LINES = 50  # items of a list the article ends with
_END_LABELS = ("comments", "bio")
_LABEL_COSTS = {"related": NAV_COST, "repeated": NAV_COST, "copyright": BREAK_COST}
_DOC_SAMPLE_LINES = 200  # lines sampled to tell whether the text is in a language we know


def body_region(lines: list[str], labels: list[str | None], phrases: Phrases) -> tuple[int, int]:
    """(first, last) index of the article's run of lines; (len(lines), -1) if there is none.

    Sets the label of comments and bio headers ("comments", "bio") in `labels`.
    """
    weights = line_weights(lines, labels, phrases)
    best, span = 0.0, (len(lines), -1)
    total, begin = 0.0, 0
    for i, weight in enumerate(weights):
        if weight is None:
            if labels[i] in _END_LABELS and best >= ARTICLE_BEFORE_END:
                break
            total, begin = 0.0, i + 1
            continue
        if total <= 0:
            total, begin = 0.0, i
        total += weight
        if total > best:
            best, span = total, (begin, i)
    return span


def lead_after(
    lines: list[str], labels: list[str | None], start: int, end: int, phrases: Phrases
) -> int:
    """The article's first line once a byline or date line among its first lines is passed:
    what comes before it (a standfirst, a teaser) is the page's, not the article's."""
    for i in range(start, min(end, start + LEAD_LINES)):
        if labels[i] == "byline" or (labels[i] is None and date_like(lines[i], phrases)):
            return i + 1
    return start


def list_after(lines: list[str], labels: list[str | None], end: int, phrases: Phrases) -> int:
    """The article's last line once a list its last line introduces ("Tour dates:") is in."""
    if end < 0 or not lines[end].endswith(":"):
        return end
    last = end
    for i in range(end + 1, min(len(lines), end + 1 + LIST_MAX_LINES)):
        if labels[i] is not None or not link_like(lines[i], phrases):
            break
        last = i
    return last


def line_weights(
    lines: list[str], labels: list[str | None], phrases: Phrases
) -> list[float | None]:
    """What each line adds to a candidate article run, in words of prose (None: a wall).

    Prose counts its words, less when it has few function words (in a language we know) or
    stands alone between non-prose lines.
    """
    known = stopword_share(" ".join(lines[:_DOC_SAMPLE_LINES]), phrases) >= MIN_STOPWORDS
    prose = [
        label is None and is_prose(line, phrases) for line, label in zip(lines, labels, strict=True)
    ]
    weights: list[float | None] = []
    for i, line in enumerate(lines):
        if marker := end_marker(line, phrases):
            labels[i] = marker
            weights.append(None)
        elif (label := labels[i]) is not None:
            weights.append(-_LABEL_COSTS.get(label, FURNITURE_COST))
        elif prose[i]:
            alone = _alone(i, prose, labels)
            weights.append(_prose_weight(line, phrases, known=known, alone=alone))
        else:
            weights.append(_other_weight(line, phrases))
    return weights


def _prose_weight(line: str, phrases: Phrases, *, known: bool, alone: bool) -> float:
    factor = ALONE if alone else 1.0
    if known:
        factor *= min(1.0, stopword_share(line, phrases) / MIN_STOPWORDS)
    return words(line) * factor


def _other_weight(line: str, phrases: Phrases) -> float:
    """A line that is neither furniture nor prose: a short sentence, a date, a menu item."""
    if date_like(line, phrases):
        return -DATE_COST
    return SENTENCE_GAIN if is_sentence(line) else -NAV_COST


def _alone(i: int, prose: list[bool], labels: list[str | None]) -> bool:
    """Whether the nearest unexplained lines above and below line i are both not prose."""
    above = next((j for j in range(i - 1, -1, -1) if labels[j] is None), None)
    below = next((j for j in range(i + 1, len(prose)) if labels[j] is None), None)
    return not any(j is not None and prose[j] for j in (above, below))
