"""Units: single words, or the words of one name joined so that no phrase splits a name.

A name is an entity mention (when the entities stage gave spans that start on a word), or
capitalized words in a row, with at most two lower-case joiners between them ("Bank of
England"). A capitalized stop word may open a name mid-sentence ("New York"), not at the
start of one ("The Bridge"); a sentence's first word opens a name only if the text never
writes it in lower case ("Yesterday Maria Lopez" is not a name).
"""

from __future__ import annotations

from collections.abc import Mapping

from worker.stages.keywords.tokens import Token

_MAX_JOINERS = 2


def make_units(
    tokens: list[Token], mentions: Mapping[int, int], joiners: frozenset[str], max_words: int
) -> list[Token]:
    """Group `tokens` into units; `mentions` maps a mention's start offset to its end."""
    lower_keys = {t.key for t in tokens if not t.upper}
    units: list[Token] = []
    i, count = 0, len(tokens)
    while i < count:
        token = tokens[i]
        last = i
        if token.start in mentions:
            last = _mention_end(tokens, i, mentions[token.start])
        if last == i and token.upper:
            last = _name_end(tokens, i, joiners, lower_keys, max_words)
        units.append(token if last == i else _joined(tokens[i : last + 1]))
        i = last + 1
    return units


def _mention_end(tokens: list[Token], i: int, end: int) -> int:
    last = i
    while last + 1 < len(tokens) and tokens[last + 1].end <= end:
        last += 1
    return last


def _name_end(
    tokens: list[Token], i: int, joiners: frozenset[str], lower_keys: set[str], max_words: int
) -> int:
    """Index of the last token of the name opened at `i` (`i` itself when none is)."""
    first = tokens[i]
    if first.initial and (first.stop or first.key in lower_keys):
        return i
    last, j = i, i + 1
    while j < len(tokens) and j - i < max_words and not tokens[j].broken:
        if tokens[j].initial and (tokens[j].stop or tokens[j].key in lower_keys):
            break  # a sentence opens after an abbreviation: "in the U.S. The talks"
        if tokens[j].upper:
            last, j = j, j + 1
        elif tokens[j].key in joiners and j - last <= _MAX_JOINERS:
            j += 1
        else:
            break
    while last > i and tokens[last].stop:
        last -= 1  # "The" after a name is not part of it
    return last


def _joined(tokens: list[Token]) -> Token:
    first = tokens[0]
    flags = (first.broken, first.initial, False, True, True)
    key = " ".join(t.key for t in tokens)
    return Token(first.start, tokens[-1].end, key, first.sentence, flags, words=len(tokens))
