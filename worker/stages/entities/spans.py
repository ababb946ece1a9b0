"""Candidate name spans for the rule backend: runs of capitalized tokens.

`candidate_spans(text, tokens, lexicon)` yields `Candidate(i, j, initial)`: tokens[i:j] form
one run of capitalized words on one line, joined by connectors ("Bank of England",
"Ludwig van Beethoven"), initials ("John F. Kennedy"), apostrophes ("O'Brien") and "&";
`initial` says whether the run starts a sentence (so its first word may just be capitalized
as the first word). Runs are not classified here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from worker.stages.entities.lexicon import Lexicon
from worker.stages.entities.mentions import Token

_SENTENCE_END = frozenset('.!?:;"“”«»()[]—–-…•|')
_APOSTROPHES = frozenset("'’")


@dataclass(frozen=True, slots=True)
class Candidate:
    """tokens[i:j] as a possible name; `initial`: it starts a sentence or a line."""

    i: int
    j: int
    initial: bool


def is_name_word(token: Token) -> bool:
    """Capitalized word or acronym (letters first: "G7" yes, "1996" no)."""
    first = token.text[0]
    return first.isupper() and first.isalpha()


def candidate_spans(text: str, tokens: list[Token], lexicon: Lexicon) -> Iterator[Candidate]:
    """Every maximal run of name words, in text order (see the module docstring)."""
    i, n = 0, len(tokens)
    while i < n:
        if not is_name_word(tokens[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            step = _joins(text, tokens, j, lexicon)
            if not step:
                break
            j += step
        yield Candidate(i, j, _starts_sentence(text, tokens, i, lexicon))
        i = j


def _joins(text: str, tokens: list[Token], j: int, lexicon: Lexicon) -> int:
    """How many tokens from j extend the run (0: the run ends before j)."""
    prev, token = tokens[j - 1], tokens[j]
    gap = text[prev.end : token.start]
    if "\n" in gap:
        return 0
    if is_name_word(token):
        # "the U.K. But talks stalled": a function word after a period opens a sentence
        starts = (
            prev.text.endswith(".") and len(token.text) > 1 and token.key in lexicon.function_words
        )
        return 0 if starts else 1
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    if nxt is None or not is_name_word(nxt) or "\n" in text[token.end : nxt.start]:
        return 1 if token.text == "." and not gap and _abbreviation(prev, lexicon) else 0
    if token.key in lexicon.connectors:
        return 2
    if token.text in _APOSTROPHES and not gap and nxt.start == token.end:
        return 2
    return 1 if token.text == "." and not gap and _abbreviation(prev, lexicon) else 0


def _abbreviation(token: Token, lexicon: Lexicon) -> bool:
    """An initial ("F") or a cue word written with a period ("Mr", "Dr", "St")."""
    if len(token.text) == 1 and token.text.isupper():
        return True
    key = token.key
    return key in lexicon.abbreviations or key in lexicon.honorifics or (key,) in lexicon.titles


def _starts_sentence(text: str, tokens: list[Token], i: int, lexicon: Lexicon) -> bool:
    if i == 0 or "\n" in text[tokens[i - 1].end : tokens[i].start]:
        return True
    prev = tokens[i - 1]
    if prev.text not in _SENTENCE_END:
        return False
    return not (prev.text == "." and i >= 2 and _abbreviation(tokens[i - 2], lexicon))
