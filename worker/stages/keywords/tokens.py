"""Words of a text, with sentence numbers and phrase breaks.

`tokenize(text, options, blocked)` returns `Token`s in text order. A token is `broken` when
anything but plain spaces separates it from the previous one (punctuation, quotes, a dash, a
line's end): a phrase never runs across a break. Sentences end at `.`, `!`, `?`, `…`, the other
scripts' full stops and line breaks; a dotted abbreviation ("U.S.") keeps its period, and the
word after it is `initial` (it may open a sentence) without a new sentence being counted.
Elided articles ("l'année") and possessive endings ("city's") are cut off the word, per
language.
Words inside a `blocked` span (a date the dates stage found) count as stop words.
In a language written without spaces (Chinese, Japanese, Thai), words are its segmenter's
(`worker/segment.py`); a word it does not call a content word counts as a stop word, and a word
of that script is broken from the one before by a space too (Thai parts its phrases with
spaces).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from worker.segment import Segmenter
from worker.stages.clean.lines import OTHER_STOPS

# A dotted abbreviation ("U.S.", "e.g.") is one word with its final period; otherwise letters
# and digits, with inner apostrophes and hyphens. `regex`'s \w, not `re`'s: it holds the
# combining marks (the vowel signs of Devanagari and the other Indic scripts, Thai's, Arabic's
# and Hebrew's vowel marks, accents typed as marks) and the joiners of Persian, which `re`
# splits a word at: Hindi "पुणे" was read as "प" and "ण".
_WORD = regex.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:['’-]\w+)*")
# Full stops: Latin's, CJK's, Arabic's question mark, and the other scripts' the clean stage
# ends a sentence at (`OTHER_STOPS`: the danda of Devanagari and Bengali, Urdu's, Armenian's,
# Ethiopic's, Myanmar's).
_STOPS = (".", "!", "?", "…", "。", "！", "？", "؟", *OTHER_STOPS)
_SENTENCE_END = re.compile("[" + re.escape("".join(_STOPS)) + "]|\n")
_APOSTROPHES = ("'", "’")
_LETTER = regex.compile(r"\w")
_SEGMENTED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")  # a segmenter's


@dataclass(frozen=True)
class TokenOptions:
    """What tokenizing needs to know about a language."""

    stops: frozenset[str]  # casefolded stop words
    elisions: frozenset[str] = frozenset()  # "l", "qu": cut "l'" off "l'année"
    possessives: tuple[str, ...] = ()  # "'s": cut off "city's"
    min_chars: int = 3  # shorter lower-case words count as stop words
    segment: Segmenter | None = None  # a language written without spaces: its words


class Token:
    """A word, or (built by `units`) the words of one name. Plain slots: made per word."""

    __slots__ = (
        "broken",
        "cap",
        "end",
        "initial",
        "key",
        "sentence",
        "start",
        "stop",
        "upper",
        "words",
    )

    def __init__(
        self,
        start: int,
        end: int,
        key: str,
        sentence: int,
        flags: tuple[bool, ...],
        *,
        words: int = 1,
    ) -> None:
        self.start, self.end, self.key, self.sentence, self.words = start, end, key, sentence, words
        # broken: a break before it; initial: opens a sentence; upper: starts with a capital;
        # cap: capitalized not because it opens a sentence (a name, an acronym)
        self.broken, self.initial, self.stop, self.upper, self.cap = flags


def tokenize(
    text: str, options: TokenOptions, blocked: Sequence[tuple[int, int]] = ()
) -> list[Token]:
    tokens: list[Token] = []
    sentence, previous_end, block = 0, 0, 0
    for found, until, content in _words(text, options.segment):
        start, end, word = found, until, text[found:until]
        if "'" in word or "’" in word:
            start, end = _trimmed(word, start, options)
            word = text[start:end]
        gap = text[previous_end:start]
        ends = gap != " " and bool(tokens) and _SENTENCE_END.search(gap) is not None
        sentence += ends
        while block < len(blocked) and blocked[block][1] <= start:
            block += 1
        dated = block < len(blocked) and blocked[block][0] <= start
        # a break: punctuation, or a line's end (a headline has no full stop)
        broken = gap != " " and (not gap.isspace() or "\n" in gap)
        if options.segment is not None and tokens and (gap == "" or not broken):
            # words written without spaces: none between two is no break; a space parts
            # phrases in Thai, and between the Latin words of a name such a text quotes
            # ("Kindle for PC") it is a space as in English
            segmented = _SEGMENTED.search(word) or _SEGMENTED.search(tokens[-1].key)
            broken = gap != "" and bool(segmented)
        after_abbreviation = bool(tokens) and text[previous_end - 1] == "."
        flags = _flags(word, options, broken, ends or not tokens or after_abbreviation, dated)
        if not content:
            flags = (*flags[:2], True, *flags[3:])
        tokens.append(Token(start, end, word.casefold(), sentence, flags))
        previous_end = end
    return tokens


def _words(text: str, segment: Segmenter | None) -> list[tuple[int, int, bool]]:
    """(start, end, content) of each word: `_WORD`'s matches, or the segmenter's words
    (its segments holding a letter or a digit)."""
    if segment is None:
        return [(m.start(), m.end(), True) for m in _WORD.finditer(text)]
    return [s for s in segment(text) if _LETTER.search(text, s.start, s.end)]


def _flags(
    word: str, options: TokenOptions, broken: bool, initial: bool, dated: bool
) -> tuple[bool, bool, bool, bool, bool]:
    """(broken, initial, stop, upper, cap) of a word; a date's "June" is no part of a name."""
    upper = word[0].isupper() and not dated
    stop = (
        dated
        or word.casefold() in options.stops
        or not word[0].isalpha()
        or (len(word) < options.min_chars and not word.isupper())
        or (word.endswith(".") and not word.isupper())  # "e.g.", "i.e."
    )
    cap = upper and (not initial or (len(word) > 1 and word.isupper()))
    return broken, initial, stop, upper, cap


def _trimmed(word: str, start: int, options: TokenOptions) -> tuple[int, int]:
    end = start + len(word)
    for suffix in options.possessives:
        if word.endswith(suffix) and len(word) > len(suffix):
            end -= len(suffix)
            break
    for mark in _APOSTROPHES:
        head, found, _ = word.partition(mark)
        if found and head.casefold() in options.elisions and len(head) + 1 < len(word):
            start += len(head) + 1
            break
    return start, end
