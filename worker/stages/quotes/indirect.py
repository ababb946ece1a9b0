"""Reported speech without quote marks, one item per sentence at most.

Three shapes, tried in this order on each sentence that holds no direct quote:

- "According to X, <content>." / "Jak uvedl X, <content>." (the `according` words);
- "<content>, X said (on Tuesday)." / "<content>, — заявил он." (the `after` templates, or
  "according to X", right after the sentence's last commas, ending the sentence);
- "X said (that) <content>." / "Er sagte, dass ..." (a reporting or belief verb with a
  subject right before it or a complementizer right after it).

The content runs to the end of the sentence without its final punctuation.
"""

from __future__ import annotations

import re

from worker.stages.quotes.cues import final_cue
from worker.stages.quotes.layout import Layout
from worker.stages.quotes.lexicon import Lexicon
from worker.stages.quotes.subjects import Cue, cue_from_match, has_subject, speaker_of

_TRAIL = " \t.!?…;:,"
MIN_WORDS = 3
_ADJUNCT_WORDS = 5


def indirect(layout: Layout, start: int, end: int, lex: Lexicon) -> tuple[int, int, Cue] | None:
    """(content start, content end, cue) of the reported speech in one sentence, or None."""
    text = layout.text
    return (
        _according_first(text, start, end, lex)
        or _said_last(layout, start, end, lex)
        or _verb_clause(text, start, end, lex)
    )


def _according_first(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int, Cue] | None:
    match = lex.according_clause.match(text, start, end)
    if match is None:
        return None
    return _content(text, match.end(), end, cue_from_match(text, match, lex))


def _said_last(layout: Layout, start: int, end: int, lex: Lexicon) -> tuple[int, int, Cue] | None:
    final = final_cue(layout, start, end, lex)
    return _content(layout.text, start, final[0], final[1]) if final else None


def _verb_clause(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int, Cue] | None:
    earlier: list[re.Match[str]] = []
    for verb in lex.reported.finditer(text, start, end):
        comp = lex.complementizer.match(text, verb.end(), end)
        if comp is None and not has_subject(text, verb.start(), start, lex):
            earlier.append(verb)
            continue
        if comp is None and _opens_with_break(text, verb.end(), end, lex):
            continue  # "expected in the spring"
        cue = Cue(verb.group(), verb.start(), speaker_of(text, verb, lex, (start, end), earlier))
        found = _content(text, comp.end() if comp else verb.end(), end, cue)
        if found:
            return found
    return None


def _content(text: str, start: int, end: int, cue: Cue) -> tuple[int, int, Cue] | None:
    while start < end and text[start] in " \t,:":
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    if len(text[start:end].split()) < MIN_WORDS:
        return None
    return start, end, cue


def _opens_with_break(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A short adjunct, not a clause, follows the verb ("expected in the spring")."""
    words = text[start:end].split()
    return 0 < len(words) <= _ADJUNCT_WORDS and lex.has("breaks", words[0].strip(",:"))
