"""Trim a recognized span to the name itself: no titles, determiners or possessive endings.

`Trimmer(lexicon).trim(text, mention)` returns the mention narrowed to the name ("President
Vladimir Putin's" -> "Vladimir Putin"), or None when nothing of a name is left ("The").
Titles and roles are cut from PERSON spans only ("Prime Minister's Office" stays an ORG);
leading function words and honorifics from every span. `honorific_before(text, start)` is
where an honorific directly before a name begins, so a mention can include it ("Mr Putin").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from worker.stages.entities.lexicon import Lexicon
from worker.stages.entities.mentions import Mention

_TAIL = re.compile(r"(?:['’]s?|[\s.,;:!?\"'’”»)\]-]|(?<=\s)\d[\d.,:/-]*)+$")
_INITIAL_END = re.compile(r"(?:^|[.\s])\w\.$")  # "U.S.", "John F.": the period belongs
_HEAD = re.compile(r"^[\s\"'“„«(\[]+")


def _alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of phrases (longest first), words joined by any whitespace."""
    words = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in words)


def _prefix(phrases: Iterable[str]) -> re.Pattern[str] | None:
    body = _alternation(phrases)
    return re.compile(rf"^(?:(?:{body})\.?(?:\s+|$))+", re.I) if body else None


class Trimmer:
    """Narrows spans to names, with the cue words of one language."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._function = _prefix(lexicon.function_words | lexicon.honorifics)
        self._title = _prefix({" ".join(t) for t in lexicon.titles} | lexicon.honorifics)
        honorifics = _alternation(lexicon.honorifics)
        self._honorific_before = (
            re.compile(rf"(?<!\w)(?:{honorifics})\.?\s+$", re.I) if honorifics else None
        )

    def trim(self, text: str, mention: Mention) -> Mention | None:
        """The mention without leading cue words and trailing punctuation, or None."""
        start, end = mention.start, mention.end
        while True:
            span = text[start:end]
            cut = self._cut(span, mention.label)
            new_end = end - _tail_length(span)
            if cut == 0 and new_end == end:
                break
            start, end = start + cut, max(start + cut, new_end)
        if end <= start or not any(ch.isalpha() for ch in text[start:end]):
            return None
        name = _trimmed_name(text, mention, start, end)
        return Mention(start, end, mention.label, mention.weak, name)

    def _cut(self, span: str, label: str) -> int:
        """How many leading characters are not part of the name."""
        head = _HEAD.match(span)
        if head:
            return head.end()
        for pattern in (self._function, self._title if label == "PERSON" else None):
            found = pattern.match(span) if pattern else None
            if found:
                return found.end()
        return 0

    def honorific_before(self, text: str, start: int) -> int:
        """Start of an honorific ("Mr ", "Frau ") directly before `start`, else `start`."""
        if self._honorific_before is None:
            return start
        found = self._honorific_before.search(text, max(0, start - 12), start)
        return found.start() if found else start


def _trimmed_name(text: str, mention: Mention, start: int, end: int) -> str:
    """The mention's dictionary form cut as its span was cut to [start, end): the words
    kept, without trailing punctuation; empty when its words do not match the span's."""
    if not mention.name or (start, end) == (mention.start, mention.end):
        return mention.name
    words = mention.name.split()
    if len(words) != len(text[mention.start : mention.end].split()):
        return ""
    cut = text[mention.start : start]
    front = len(cut.split()) - (1 if cut and not cut[-1].isspace() else 0)
    name = _HEAD.sub("", " ".join(words[front : front + len(text[start:end].split())]))
    return name[: len(name) - _tail_length(name)]


def _tail_length(span: str) -> int:
    """Length of trailing punctuation and possessive endings, keeping an initial's period."""
    tail = _TAIL.search(span)
    if not tail:
        return 0
    if tail.group() == "." and _INITIAL_END.search(span):
        return 0
    return len(span) - tail.start()
