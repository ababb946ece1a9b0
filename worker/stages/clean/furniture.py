"""Page furniture that survives trafilatura, found block by block.

`prune(blocks, page, phrases)` splits extracted blocks into the kept ones and the dropped ones,
each dropped block with a reason:

- `title`, `heading`: the title line (the page's title, also less its site name or reworded)
  and the headings before the first prose block (headline, kicker, the subtitle right under
  the title line; not a standfirst, which ends with a period, nor a dek of 15 words or more
  right above the body, nor a section heading further down), and the headings after the last
  one that do not read as a sentence (a pull quote stays, "Read on..." goes);
- `related`: lines that are the text of a link on the page (teasers, "Related: <link>") when
  they come two or more in a run (teaser summaries may sit between them), carry a "Label:"
  prefix, are in capitals, or come after the last prose block; a bare URL is not a teaser.
  On a page with no prose block at all, every link line (it is navigation);
- `related`: a related-stories header of the phrase lists ("You may also like", "Don't
  miss") and the short lines after it;
- `date`: a short line with a date or a time before the first prose block;
- the plain-text path's line categories (`worker.stages.clean.text.classify`: widget, ad, caption,
  copyright, ...) for any line that does not read as prose;
- `promo`: a call to action of the phrase lists ("Subscribe now and the weekend supplement
  comes to your door."), even when it reads as a sentence.

No other prose block (`Block.prose`) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from worker.stages.clean.blocks import Block
from worker.stages.clean.linerules import is_promo
from worker.stages.clean.lines import OTHER_STOPS, YEAR
from worker.stages.clean.phrases import Phrases, normalize
from worker.stages.clean.text import classify

_LABEL_PREFIX = re.compile(r"^[^:]{1,25}:\s*")
_ADDRESS = re.compile(r"^\S*(?:https?://|www\.|@)\S*$")
_LINK_MIN_WORDS = 2
_PREFIXED_LINK_MIN_WORDS = 3
_LINK_RUN = 2
# A time, a numeric date, or a year with a day number: "20:13", "11/19/2019", "Nov. 19, 2019".
_TIME_OR_NUMERIC_DATE = re.compile(r"\b\d{1,2}:\d\d\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
_DAY = re.compile(r"(?<![\d:./-])\d{1,2}(?![\d:./-])")
_DATE_LINE_WORDS = 12
_SENTENCE_END = (".", "!", "?", "。", "！", "？", *OTHER_STOPS)
_TEASER_WORDS = 20
_HEADER_WORDS = 6
_STANDFIRST_WORDS = 4
_SAME_START = 40  # characters: a standfirst and a description that start alike are one text
_DEK_WORDS = 15  # a heading this long right above the body is a dek (subtitle), not a headline
_TITLE_SHARE = 0.8  # of the shorter line's words in the other: the same headline, reworded
_TITLE_MIN_WORDS = 3
_ELLIPSES = ("...", "…")

Label = str | None


@dataclass(frozen=True)
class Page:
    """What the furniture rules know about the page besides the blocks."""

    title: str | None
    anchors: frozenset[str]  # normalized text of every link on the page
    description: str | None = None  # the page's own summary (meta description)


def prune(
    blocks: list[Block], page: Page, phrases: Phrases | None
) -> tuple[list[Block], list[dict[str, str]]]:
    """Kept blocks, and the dropped ones as `{"text", "reason"}` (see the module docstring)."""
    labels: list[Label] = [None] * len(blocks)
    first, last = body_span(blocks)
    _label_headings(blocks, labels, page, first, last)
    _label_links(blocks, labels, page.anchors, first, last)
    _label_dates(blocks, labels, first)
    if phrases is not None:
        _label_related_blocks(blocks, labels, phrases)
        _label_lines(blocks, labels, phrases)
    kept = [b for b, label in zip(blocks, labels, strict=True) if label is None]
    removed = [
        {"text": b.text, "reason": label}
        for b, label in zip(blocks, labels, strict=True)
        if label is not None
    ]
    return kept, removed


def body_span(blocks: list[Block]) -> tuple[int, int]:
    """Indices of the first and last prose blocks; (len, -1) when there is none."""
    prose = [i for i, b in enumerate(blocks) if b.prose]
    return (prose[0], prose[-1]) if prose else (len(blocks), -1)


def _label_headings(
    blocks: list[Block], labels: list[Label], page: Page, first: int, last: int
) -> None:
    title = normalize(page.title or "")
    summary = normalize(page.description or "")
    titled = -1  # the title line's index: a heading two blocks below it opens a section
    for i, block in enumerate(blocks[:first]):
        exact = bool(title) and normalize(block.text) == title
        # the headline as <title> gives it less the site name, or reworded: the first one only
        if exact or (titled < 0 and block.kind == "head" and _title_line(block.text, title)):
            labels[i] = "title"
            titled = i
        elif block.kind == "head" and not _standfirst(block.text, summary):
            section = 0 <= titled < i - 1
            labels[i] = None if section or _dek(block.text, summary, i == first - 1) else "heading"
    for i in range(last + 1, len(blocks)):
        text = blocks[i].text
        # a sentence (a pull quote, a closing line) is not a section label; "Read on..." is
        sentence = _standfirst(text, "") and not text.rstrip().endswith(_ELLIPSES)
        if blocks[i].kind == "head" and not sentence:
            labels[i] = "heading"


def is_title_line(text: str, title: str | None) -> bool:
    """Whether `text` is the page's headline: its `<title>`, also less a site name or
    reworded (see `_title_line`)."""
    norm = normalize(title or "")
    return bool(norm) and (normalize(text) == norm or _title_line(text, norm))


def _title_line(text: str, title: str) -> bool:
    """The page's headline besides the exact title: the title less a site name ("Headline -
    Site", "Site | Headline": a prefix or suffix of it with at least half its words), or the
    same headline reworded (80% of the shorter one's words in the other, at most twice as
    long)."""
    line = normalize(text)
    if not title or not line:
        return False
    words, title_words = line.split(), title.split()
    part = title.startswith(f"{line} ") or title.endswith(f" {line}")
    if part and 2 * len(words) >= len(title_words):
        return True
    if line.startswith(f"{title} ") and len(words) <= 2 * len(title_words):
        return True
    short, other = sorted((words, title_words), key=len)
    known = set(other)
    return (
        len(short) >= _TITLE_MIN_WORDS
        and len(other) <= 2 * len(short)
        and sum(w in known for w in short) >= _TITLE_SHARE * len(short)
    )


def _dek(text: str, summary: str, above_body: bool) -> bool:
    """A subtitle right above the body, too long for a headline or a kicker ("Passenger
    numbers have grown by a third since the terminal opened, and the council wants a winter
    timetable"): article text, unless the page's description holds it (as a standfirst)."""
    if not above_body or len(text.split()) < _DEK_WORDS:
        return False
    return not summary or normalize(text)[:_SAME_START] != summary[:_SAME_START]


def _standfirst(text: str, summary: str) -> bool:
    """A heading that reads as a sentence of the article ("The council voted on Monday to
    close the bridge."), not a headline or a kicker: it ends with a period. Not kept when the
    page's description says the same (it is the record's `description` then)."""
    sentence = text.rstrip("”\"'»)").endswith((".", "。", *OTHER_STOPS))
    if not sentence or len(text.split()) < _STANDFIRST_WORDS:
        return False
    words = normalize(text)
    return not summary or words[:_SAME_START] != summary[:_SAME_START]


def _label_links(
    blocks: list[Block], labels: list[Label], anchors: frozenset[str], first: int, last: int
) -> None:
    # before the body, link lines are the page's own (menus, breadcrumbs, tags): kept unless
    # there is no body at all, when a page of links (one-word ones too) is navigation
    no_body = first == len(blocks)
    skip_to = 0 if no_body else first
    min_words = 1 if no_body else _LINK_MIN_WORDS
    kinds = [_link_kind(b, anchors, min_words) for b in blocks]
    for start, end, links in _runs(blocks, kinds):
        for i in range(max(start, skip_to), end):
            alone = kinds[i] == "whole" and links < _LINK_RUN
            if labels[i] is None and (i > last or not alone):
                labels[i] = "related"


def _link_kind(block: Block, anchors: frozenset[str], min_words: int) -> str | None:
    """`whole` / `caps` when the line is a link's text, `prefix` for "Label: <link>"."""
    if block.prose or not anchors or _ADDRESS.match(block.text):
        return None
    norm = normalize(block.text)
    if len(norm.split()) >= min_words and norm in anchors:
        return "caps" if block.text.isupper() else "whole"
    prefix = _LABEL_PREFIX.match(block.text)
    if prefix:
        rest = normalize(block.text[prefix.end() :])
        if len(rest.split()) >= _PREFIXED_LINK_MIN_WORDS and rest in anchors:
            return "prefix"
    return None


def _runs(blocks: list[Block], kinds: list[str | None]) -> list[tuple[int, int, int]]:
    """(start, end, link count) of each run of link lines. A teaser's own line (a list item, a
    heading or a short line: its summary) may sit between two links, or after the last link
    of a run of two or more."""
    runs: list[tuple[int, int, int]] = []
    i = 0
    while i < len(blocks):
        if not kinds[i]:
            i += 1
            continue
        start, links, i = i, 1, i + 1
        while i < len(blocks):
            if kinds[i]:
                links, i = links + 1, i + 1
            elif i + 1 < len(blocks) and kinds[i + 1] and _teaser_line(blocks[i]):
                links, i = links + 1, i + 2
            else:
                break
        if links >= _LINK_RUN and i < len(blocks) and _teaser_line(blocks[i]):
            i += 1
        runs.append((start, i, links))
    return runs


def _teaser_line(block: Block) -> bool:
    return block.kind in ("item", "head") or not block.prose


def _label_dates(blocks: list[Block], labels: list[Label], first: int) -> None:
    for i, block in enumerate(blocks[:first]):
        text = block.text
        if (
            labels[i] is None
            and len(text.split()) <= _DATE_LINE_WORDS
            and not text.endswith(_SENTENCE_END)
            and _dated(text)
        ):
            labels[i] = "date"


def _dated(text: str) -> bool:
    return bool(_TIME_OR_NUMERIC_DATE.search(text) or (YEAR.search(text) and _DAY.search(text)))


def _label_related_blocks(blocks: list[Block], labels: list[Label], phrases: Phrases) -> None:
    in_block = False
    for i, block in enumerate(blocks):
        if block.prose:
            in_block = False
        elif _is_related_header(block.text, phrases):
            in_block = True
            labels[i] = labels[i] or "related"
        elif in_block and _teaser_like(block.text):
            labels[i] = labels[i] or "related"
        else:
            in_block = False


def _is_related_header(text: str, phrases: Phrases) -> bool:
    norm = normalize(text)
    if norm in phrases.related_headers:
        return True
    short = len(norm.split()) <= _HEADER_WORDS
    return short and any(norm.startswith(f"{h} ") for h in phrases.related_headers)


def _teaser_like(text: str) -> bool:
    return len(text.split()) <= _TEASER_WORDS and not text.endswith(".")


def _label_lines(blocks: list[Block], labels: list[Label], phrases: Phrases) -> None:
    for i, block in enumerate(blocks):
        if labels[i] is None and not block.prose:
            labels[i] = classify(block.text, phrases)
        elif labels[i] is None and is_promo(block.text, phrases):
            labels[i] = "promo"
