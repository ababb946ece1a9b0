"""One article's quotes: quoted spans and reported speech, attributed and resolved.

`extract(text, entities, lex)` returns the `quotes` items of the record, in text order:

- `direct`: a quotation that is a sentence or an utterance of its own (it opens a sentence,
  or follows a colon, a comma, a dash or a reporting verb);
- `partial`: a quotation inside a sentence ("called the deal “a disaster”"), kept only when
  the sentence has a cue, so scare quotes and titles are left out (as are direct ones
  shorter than four words with no cue at all);
- `indirect`: reported speech without quote marks (worker/stages/quotes/indirect.py).

A direct quotation without a cue of its own takes, in this order: the cue of the next
quotation when that cue stands later in the same sentence (“A” by then, Ruiz said, “B”);
the previous quotation's speaker when it is in the same paragraph, or opens the paragraph
right after it; the cue of the next quotation of its paragraph when it follows right after
it; the cue of the sentence right before it when that one reports what someone named says
(`cues.prior_cue`). The first and the last only serve quotes of four words or more, so that
no title or scare quote is kept for them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from worker.stages.quotes.cues import attribute, prior_cue
from worker.stages.quotes.indirect import indirect
from worker.stages.quotes.layout import Layout
from worker.stages.quotes.lexicon import Lexicon
from worker.stages.quotes.marks import Quoted, find_quotes
from worker.stages.quotes.speakers import Speakers
from worker.stages.quotes.subjects import Cue

_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_DIRECT_LEAD = ":,—–-"
_TITLE_WORDS = 6
_SPLIT_WORDS = 8  # words of an attribution that splits a quote in two
_LOWER_NEXT = re.compile(r"[^\S\n]+[^\W\d_A-Z]")
MIN_BARE_WORDS = 4  # shorter quotes without any cue are titles and scare quotes


@dataclass(frozen=True)
class Item:
    """A quote before its speaker is resolved; `first`/`last` are paragraph numbers."""

    kind: str
    start: int
    end: int
    cue: Cue | None
    first: int
    last: int
    opens_paragraph: bool = False
    inherited: bool = False
    prior: Cue | None = None  # the cue of the sentence before, for a quote without one


def extract(
    text: str, entities: Iterable[dict[str, Any]], lex: Lexicon
) -> tuple[dict[str, Any], ...]:
    """The record's `quotes` for one article (see the module docstring)."""
    breaks = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    layout = Layout(text, find_quotes(text), lex.abbreviations)
    quoted = _quoted_items(layout, lex, breaks)
    items = sorted([*quoted, *_indirect_items(layout, quoted, lex, breaks)], key=lambda i: i.start)
    speakers = Speakers(layout, entities, lex)
    kept = [i for i in _continued(items, layout) if i.cue or _long_enough(text, i)]
    return tuple(_records(text, kept, speakers))


def _quoted_items(layout: Layout, lex: Lexicon, breaks: list[int]) -> list[Item]:
    items, floor = [], 0
    for quote in layout.quotes:
        kind = _kind(layout, quote, lex, floor)
        cue = attribute(layout, quote, lex)
        floor = quote.close
        if kind == "partial" and cue is None:
            continue
        first, last = _paragraph(breaks, quote.start), _paragraph(breaks, quote.end)
        opens = breaks[first] == quote.open
        prior = prior_cue(layout, quote, lex) if kind == "direct" and cue is None else None
        items.append(Item(kind, quote.start, quote.end, cue, first, last, opens, prior=prior))
    return items


def _kind(layout: Layout, quote: Quoted, lex: Lexicon, floor: int) -> str:
    """Direct when the quote opens its sentence or follows a colon, comma, dash or verb, and
    reads like an utterance: not a lower-case fragment unless a cue comes right before it
    ("…,” he added, “but …”), not a name used in the sentence (“Harbour Lights” star)."""
    text = layout.text
    start = max(layout.sentence_start(quote.open), floor)
    lead = text[start : quote.open].rstrip()
    words = lead.split()
    after_cue = bool(words) and lex.has("verbs", words[-1].rstrip(",:"))
    if start == floor and lead.endswith(",") and len(words) <= _SPLIT_WORDS:
        # "“…,” říká trenér Hřebík, “ze strany …”": the same quote goes on
        after_cue = after_cue or lex.verb.search(text, start, quote.open) is not None
    if text[quote.start].islower() and not after_cue:
        return "partial"
    if _used_as_name(text, quote):
        return "partial"
    return "direct" if not lead or lead[-1] in _DIRECT_LEAD or after_cue else "partial"


def _used_as_name(text: str, quote: Quoted) -> bool:
    """A short title-case quote with no closing punctuation that the sentence goes on after
    with a lower-case word: a title or a name, not an utterance."""
    words = text[quote.start : quote.end].split()
    titled = len(words) <= _TITLE_WORDS and all(w[0].isupper() or len(w) <= 3 for w in words)
    return (
        titled
        and text[quote.end - 1].isalnum()
        and _LOWER_NEXT.match(text, quote.close) is not None
    )


def _indirect_items(
    layout: Layout, quoted: list[Item], lex: Lexicon, breaks: list[int]
) -> Iterator[Item]:
    direct = sorted((i.start, i.end) for i in quoted if i.kind == "direct")
    starts = [s for s, _ in direct]
    for start, end in layout.sentences():
        i = bisect_right(starts, end) - 1  # the last direct quote starting before `end`
        if i >= 0 and direct[i][1] > start:
            continue
        found = indirect(layout, start, end, lex)
        if found:
            paragraph = _paragraph(breaks, found[0])
            yield Item("indirect", found[0], found[1], found[2], paragraph, paragraph)


def _continued(items: list[Item], layout: Layout) -> list[Item]:
    """Give cue-less direct quotes the cue of the quote before (or right after) them."""
    quoted = [i for i in items if i.kind != "indirect"]
    for index, item in enumerate(quoted):
        if item.kind == "direct" and item.cue is None:
            quoted[index] = _inherit(index, quoted, layout)
    by_start = {i.start: i for i in quoted}
    return [by_start.get(i.start, i) if i.kind != "indirect" else i for i in items]


def _inherit(index: int, quoted: list[Item], layout: Layout) -> Item:
    item = quoted[index]
    after = quoted[index + 1] if index + 1 < len(quoted) else None
    if after and _attributes(layout, item, after) and _long_enough(layout.text, item):
        return replace(item, cue=after.cue, inherited=True)
    before = quoted[index - 1] if index else None
    if before and before.cue and _follows(before, item):
        return replace(item, cue=before.cue, inherited=True)
    if after and after.cue and after.first == item.last and _adjacent(layout.text, item, after):
        return replace(item, cue=after.cue, inherited=True)
    if item.prior is not None and _long_enough(layout.text, item):
        return replace(item, cue=item.prior, inherited=True)
    return item


def _attributes(layout: Layout, item: Item, after: Item) -> bool:
    """Is the cue of the next quote an attribution later in this quote's sentence ("“A”
    for the ferries, Ruiz said on Monday, “B”", "“A” was to be a “B,” said Ruiz"): one
    that reports the whole sentence, this quote included?"""
    cue = after.cue
    return (
        cue is not None
        and not after.inherited
        and cue.at > item.end
        and layout.sentence_start(after.start) <= layout.sentence_start(item.start)
    )


def _follows(before: Item, item: Item) -> bool:
    """Same paragraph, or `item` opens the paragraph right after `before` ends."""
    return before.last == item.first or (item.opens_paragraph and before.last == item.first - 1)


def _adjacent(text: str, item: Item, after: Item) -> bool:
    return not text[item.end : after.start].strip(" ”\"’»“„«'")


def _records(text: str, items: list[Item], speakers: Speakers) -> Iterator[dict[str, Any]]:
    for item in items:
        speaker, mention = _speaker(text, item, speakers)
        verb = item.cue.verb if item.cue and not item.inherited else None
        yield record(text, item.kind, (item.start, item.end), (speaker, mention, verb))


def record(
    text: str,
    kind: str,
    span: tuple[int, int],
    said: tuple[str | None, dict[str, Any] | None, str | None],
) -> dict[str, Any]:
    """One item of the record's `quotes` (see the module docstring); `said` is the speaker,
    the speaker's mention and the verb."""
    start, end = span
    speaker, mention, verb = said
    return {
        "text": text[start:end],
        "kind": kind,
        "start": start,
        "end": end,
        "speaker": speaker,
        "speaker_mention": mention,
        "verb": verb,
    }


def _speaker(text: str, item: Item, speakers: Speakers) -> tuple[str | None, dict[str, Any] | None]:
    cue = item.cue
    if cue is None:
        return None, None
    mention = cue.mention
    if mention is None:
        return speakers.refer(cue.at, speakers.verb_gender(cue.verb)), None
    surface = text[mention.start : mention.end]
    as_dict = {"text": surface, "start": mention.start, "end": mention.end}
    if mention.kind != "pronoun":
        verb = None if item.inherited else cue.verb
        return speakers.name(mention, verb, remember=not mention.agent), as_dict
    if speakers.lex.has("relatives", surface):
        antecedent = speakers.antecedent(mention)
        return (speakers.name(antecedent) if antecedent else None), as_dict
    gender = speakers.pronoun_gender(surface)
    return (speakers.refer(mention.start, gender) if gender else None), as_dict


def _long_enough(text: str, item: Item) -> bool:
    """A quote nobody is said to have said must at least look like a statement."""
    return len(text[item.start : item.end].split()) >= MIN_BARE_WORDS


def _paragraph(breaks: list[int], pos: int) -> int:
    return bisect_right(breaks, pos) - 1
