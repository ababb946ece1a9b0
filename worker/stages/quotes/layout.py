"""Lines, sentences and quotations of one article, for the cue finders.

A sentence ends at `.`, `!`, `?` or `…` (with any closing marks or brackets after it) that
is followed by a space and no lower-case letter, or at the end of a line; not inside a
quotation (but at its end: “… a failure.” Critics), nor after an abbreviation (config
`abbreviations`, or one capital: "J. Smith").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from worker.stages.quotes.marks import Quoted

_END = re.compile(r"[.!?…]+(?:''|[\"”’»)\]])*(?=[^\S\n])")  # '' closes a ''…'' quotation
_LOWER_NEXT = re.compile(r"[^\S\n]+[^\W\d_A-ZÀ-ÞА-Я]")  # "(I-Vt.) said": no new sentence
_TOKEN_START = re.compile(r"[^\s\"“„«(‘']*\Z")


class Layout:
    """Sentence ends and quotation spans of one text, with lookups by offset."""

    def __init__(
        self, text: str, quotes: tuple[Quoted, ...], abbreviations: frozenset[str]
    ) -> None:
        self.text = text
        self.quotes = quotes
        self._opens = [q.open for q in quotes]
        self._abbreviations = abbreviations
        self.ends = [m.end() for m in _END.finditer(text) if self._ends_sentence(m)]

    def in_quote(self, pos: int) -> bool:
        """Is `pos` inside a quotation (marks included)?"""
        return self._quote_at(pos) is not None

    def opens_between(self, start: int, end: int) -> bool:
        """Does a quotation open in `[start, end)`?"""
        i = bisect_left(self._opens, start)
        return i < len(self._opens) and self._opens[i] < end

    def _quote_at(self, pos: int) -> Quoted | None:
        i = bisect_right(self._opens, pos) - 1
        return self.quotes[i] if i >= 0 and pos < self.quotes[i].close else None

    def line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def line_end(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return len(self.text) if end == -1 else end

    def sentence_start(self, pos: int) -> int:
        """Start of the sentence holding `pos` (never before the start of its line)."""
        start = self.line_start(pos)
        i = bisect_right(self.ends, pos) - 1
        if i >= 0 and self.ends[i] > start:
            start = self.ends[i]
        while start < pos and self.text[start].isspace():
            start += 1
        return start

    def sentence_end(self, pos: int) -> int:
        """End of the sentence holding `pos` (after its final punctuation)."""
        i = bisect_right(self.ends, pos)
        line_end = self.line_end(pos)
        return min(self.ends[i], line_end) if i < len(self.ends) else line_end

    def ends_at(self, pos: int) -> bool:
        """Does a sentence end right at `pos`?"""
        i = bisect_left(self.ends, pos)
        return i < len(self.ends) and self.ends[i] == pos

    def sentences(self) -> Iterator[tuple[int, int]]:
        """(start, end) of every sentence, without surrounding spaces."""
        pos, size = 0, len(self.text)
        while pos < size:
            start = pos
            while start < size and self.text[start].isspace():
                start += 1
            if start >= size:
                return
            end = self.sentence_end(start)
            yield start, end
            pos = max(end, start + 1)

    def _ends_sentence(self, match: re.Match[str]) -> bool:
        quote = self._quote_at(match.start())
        if quote and quote.close != match.end():  # “… a failure.” Critics …: it does end
            return False
        if _LOWER_NEXT.match(self.text, match.end()):
            return False
        if match.group() != ".":
            return True
        word = _TOKEN_START.search(self.text, max(0, match.start() - 20), match.start())
        token = word.group() if word else ""
        return not (token in self._abbreviations or (len(token) == 1 and token.isupper()))
