"""Plain text to body text: page furniture left by scrapers is dropped line by line.

`clean_text(text, phrases)` keeps the article's paragraphs and returns what it dropped, each
line with a reason, and what it lifted into metadata. In three passes:

1. each line on its own (linerules.py `classify`): image, symbols, widget, ad, caption,
   copyright, related, promo, notice; in context: a caption after an image, a repeated line
   ("repeated"), the link-like lines after a related header ("related"), a byline ("byline");
2. the article is the run of lines with the most prose in it (region.py `body_region`); a
   comments or author-bio header after it is "comments" / "bio";
3. outside that run, the headline becomes "title", a date line before the article "date",
   the first prose line between the headline and the article "description" (a standfirst,
   lifted into `description`), other prose "aside" (teasers, notices, comments) and anything
   else "navigation"; a dateline prefix ("OSLO (NTB) -") on the first paragraph is cut off
   as "dateline".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from worker.stages.clean.lift import byline_authors, dateline, pick_title, site_less
from worker.stages.clean.linerules import classify
from worker.stages.clean.lines import (
    OTHER_STOPS,
    SENTENCE_END,
    date_like,
    is_body_like,
    is_prose,
    link_like,
    nav_separated,
    related_header,
    words,
)
from worker.stages.clean.phrases import Phrases, normalize
from worker.stages.clean.region import body_region, lead_after, list_after

__all__ = ["CleanText", "classify", "clean_text", "is_body_like", "unwrap"]

_WRAP_WIDTH = 100  # a text whose lines are all this short may be hard-wrapped
_WRAP_MIN = 40  # a line this short ends its paragraph
_WRAP_FULL = 0.6  # a wrapped line at least this share of the width continues on the next
_CAPTION_WORDS = 50
_STANDFIRST_MAX_WORDS = 60
_FULL_STOPS = (".", "!", "?", "…", "。", "！", "？", "؟", *OTHER_STOPS)
_CLOSING_QUOTES = "\"'”’»"
_CREDIT_SPLIT = re.compile(r"[|:]")


@dataclass(frozen=True)
class CleanText:
    """What the plain-text path found."""

    paragraphs: tuple[str, ...]
    removed: tuple[dict[str, str], ...]
    title: str | None = None
    date_line: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    description: str | None = None  # the standfirst under the headline


_CAPTION_ABOVE_WORDS = 16  # a caption is one short sentence; body paragraphs run longer
_CREDIT_WORDS = 4


def clean_text(text: str, phrases: Phrases) -> CleanText:
    """Split `text` into body paragraphs and removed lines (see the module docstring)."""
    lines = unwrap(text, phrases)
    labels = _label_lines(lines, phrases)
    start, end = body_region(lines, labels, phrases)
    start = lead_after(lines, labels, start, end, phrases)
    end = list_after(lines, labels, end, phrases)
    title = pick_title(lines, labels, start, phrases)
    for i, label in enumerate(labels):
        if i == title:
            labels[i] = "title"  # also the page's first line repeated as its headline
        elif label is None and not start <= i <= end:
            labels[i] = _outside_label(lines[i], i < start, phrases)
    description = _standfirst(lines, labels, title, start)
    if description is not None:
        labels[description] = "description"
    authors = _lift_bylines(lines, labels, phrases)
    return _assemble(lines, labels, title, authors, description)


def unwrap(text: str, phrases: Phrases) -> list[str]:
    """Non-empty stripped lines, with hard-wrapped paragraph lines joined back together."""
    raw = [" ".join(r.split()) for r in text.splitlines()]
    width = max((len(r) for r in raw), default=0)
    # paragraphs set apart by blank lines: a line inside one may start with a capital
    blocks = "" in raw
    lines: list[str] = []
    after_blank = True
    for line in raw:
        if not line:
            after_blank = True
            continue
        wrapped = width <= _WRAP_WIDTH and not after_blank
        if wrapped and _continues(lines[-1], line, width if blocks else 0, phrases):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
        after_blank = False
    return lines


def _continues(prev: str, line: str, width: int, phrases: Phrases) -> bool:
    """Whether `line` is the wrapped rest of `prev`'s paragraph: it starts with a lower-case
    word, or (`width` > 0: blank lines set paragraphs apart) `prev` fills the width."""
    if len(prev) <= _WRAP_MIN or prev.endswith(SENTENCE_END):
        return False
    if line[0].islower():
        return True
    full = width > 0 and len(prev) >= _WRAP_FULL * width
    fits = len(line) >= _WRAP_FULL * width or line.endswith(SENTENCE_END)
    plain = classify(line, phrases) is None and not byline_authors(line, phrases)
    # a date line under a wrapped headline stays apart; "1960s." ending a sentence does not
    dated = date_like(line, phrases) and not line.endswith(SENTENCE_END)
    return full and fits and plain and not dated


def _label_lines(lines: list[str], phrases: Phrases) -> list[str | None]:
    """Each line's furniture category, on its own or from the lines before it; None: maybe body."""
    labels: list[str | None] = []
    seen: set[str] = set()
    in_related = False
    lines_before: list[str] = []
    for line in lines:
        norm = normalize(line)
        label = classify(line, phrases)
        if label is None and labels and labels[-1] == "image" and words(line) <= _CAPTION_WORDS:
            label = "caption"
        if label == "caption":
            seen.add(normalize(_CREDIT_SPLIT.split(line)[-1]))
            if (
                _credit_only(line)
                and labels
                and labels[-1] is None
                and (words(lines_before[-1]) <= _CAPTION_ABOVE_WORDS)
            ):
                labels[-1] = "caption"  # the caption sits above its bare credit line
        if related_header(line, phrases):
            label, in_related = "related", True
        elif in_related and label is None and link_like(line, phrases):
            label = "related"
        elif label is None:
            in_related = False
        if label is None and norm in seen:
            label = "repeated"
        if label is None and byline_authors(line, phrases):
            label = "byline"
        seen.add(norm)
        labels.append(label)
        lines_before.append(line)
    return labels


def _credit_only(line: str) -> bool:
    """ "Photo: Harbour City FC", "PHOTO: ST READER": a credit with no caption text."""
    parts = _CREDIT_SPLIT.split(line)
    return len(parts) == 2 and words(parts[1]) <= _CREDIT_WORDS


def _standfirst(
    lines: list[str], labels: list[str | None], title: int | None, start: int
) -> int | None:
    """The standfirst: the first prose line outside the article between the headline and the
    article's first line ("aside" so far), if it ends as a sentence and is no list of links
    ("... | ... Read more »"). None without a headline."""
    if title is None:
        return None
    for i in range(title + 1, start):
        if labels[i] == "aside":
            line = lines[i]
            ends = line.rstrip(_CLOSING_QUOTES).endswith(_FULL_STOPS)  # not "Watch: ‘Title’"
            sentence = ends and not nav_separated(line)
            return i if sentence and words(line) <= _STANDFIRST_MAX_WORDS else None
    return None


def _outside_label(line: str, before: bool, phrases: Phrases) -> str:
    if before and date_like(line, phrases):
        return "date"
    return "aside" if is_prose(line, phrases) else "navigation"


def _lift_bylines(lines: list[str], labels: list[str | None], phrases: Phrases) -> list[str]:
    names: list[str] = []
    for i, label in enumerate(labels):
        if label == "byline":
            names += [n for n in byline_authors(lines[i], phrases) or [] if n not in names]
    return names


def _assemble(
    lines: list[str],
    labels: list[str | None],
    title: int | None,
    authors: list[str],
    description: int | None,
) -> CleanText:
    removed = [{"text": lines[i], "reason": label} for i, label in enumerate(labels) if label]
    rights = [lines[i] for i, label in enumerate(labels) if label == "copyright"]
    kept = [i for i, label in enumerate(labels) if label is None]
    paragraphs = [lines[i] for i in kept]
    source = None
    if paragraphs and (found := dateline(paragraphs[0])):
        prefix, source = found
        paragraphs[0] = paragraphs[0][len(prefix) :]
        removed.append({"text": prefix.strip(), "reason": "dateline"})
    return CleanText(
        paragraphs=tuple(paragraphs),
        removed=tuple(removed),
        title=None if title is None else site_less(lines[title], lines, rights),
        date_line=next((r["text"] for r in removed if r["reason"] == "date"), None),
        authors=tuple(authors),
        source=source,
        description=lines[description] if description is not None else None,
    )
