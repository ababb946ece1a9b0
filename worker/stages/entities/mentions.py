"""The span type every backend returns, and the tokenizer the rule code shares.

A `Mention` is a labelled character span `[start, end)` of the article text; its text is
always `text[start:end]`, so offsets stay true by construction.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple, Protocol

LABELS = ("PERSON", "ORG", "LOC", "MISC")

# A word character: \w plus the combining marks \w leaves out (accents, Arabic and Hebrew
# vowel marks, the vowel signs of Indic and Thai scripts), which belong inside words.
_W = (
    r"[\w\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    r"\u0900-\u0dff\u0e00-\u0eff]"
)
# Words (letters/digits, inner hyphens), dotted acronyms (U.S., U.N.), single punctuation.
TOKEN = re.compile(rf"(?:[^\W\d_]\.){{2,}}|{_W}+(?:[-‐]{_W}+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Mention:
    """A labelled span of the text; `label` is one of LABELS. `weak`: the label rests on
    the span's shape or a reporting verb beside it only, so an entity's other mentions
    labelled from a word list or a cue outvote it ("the Xinhua news agency ... Xinhua
    said"). `name`: the name in its dictionary form, where the backend gives it (Russian
    "Эммануэля Макрона" is "Эммануэль Макрон"); empty else, and the name is as written."""

    start: int
    end: int
    label: str
    weak: bool = False
    name: str = ""


class Token(NamedTuple):
    """One token of the text with its offsets; `text` is `source[start:end]`."""

    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """Case-folded form without a trailing period: how word lists are matched."""
        return self.text.casefold().rstrip(".")

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


class Recognizer(Protocol):
    """A backend: finds labelled name spans in a text, deterministically."""

    name: str

    def __call__(self, text: str) -> list[Mention]: ...


def tokenize(text: str) -> list[Token]:
    """Every token of `text` in order, with offsets into `text`."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """[start, end) overlaps none of the sorted, non-overlapping spans in `taken`."""
    at = bisect.bisect_right(taken, (start, end))
    before_ok = at == 0 or taken[at - 1][1] <= start
    return before_ok and (at == len(taken) or taken[at][0] >= end)
