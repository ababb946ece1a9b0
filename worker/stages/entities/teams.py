"""Sports results: a name in a score line is a team, not the place it is named after.

Results and tables are their own lines in sports news: "Halifax 2 Carlisle 1",
"Lincoln 5 3 1 1 9 4 10", "Somerset 288, Essex 241-6", "Bolton v Gillingham". There a
club, county or franchise named after a place ("Leeds", "Surrey", "KANSAS CITY") is an
organisation. `ScoreLines(text, tokens).team_slot(i, j)` says whether tokens[i:j] stands
where a team stands: followed by a score on a line made of names and numbers (at least two
numbers, at most a third of its words in lower case), or on either side of "v"/"vs".
The caller decides which names may be teams (a country is not: national sides keep LOC,
as in CoNLL-2003; a person's name in a golf table is not).

Sports reports also name clubs by their home in running text ("Surrey were bowled out",
"Kent reached 180 for four"): `sports_text(tokens, words)` says whether a text is one (its
sports words, listed per language, are at least 2% of its words, and two or more).
`ScoreLines.dateline(i, calendar)` says whether tokens[i] opens a dateline ("LEEDS,
England 2026-06-14", "LEEDS (Reuters) -"), whose place is a place.
"""

from __future__ import annotations

import re

from worker.stages.entities.mentions import Token

_VERSUS = frozenset({"v", "vs", "versus"})
_SPORTS_SHARE = 0.02  # of a text's words, sports words make it a sports report
_SPORTS_HITS = 2
_DATELINE_WORDS = 8  # a dateline's date or agency comes within this many tokens
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def sports_text(tokens: list[Token], words: frozenset[str], nouns_capitalized: bool) -> bool:
    """A sports report: its sports words (in any case: "SOCCER - ...") are at least
    `_SPORTS_SHARE` of its common words (those in lower case, or all where nouns are
    capitalized, with the sports words), and `_SPORTS_HITS` or more."""
    hits = common = 0
    for token in tokens:
        if not token.text[0].isalpha():
            continue
        hit = token.key in words
        hits += hit
        common += hit or nouns_capitalized or token.text.islower()
    return hits >= _SPORTS_HITS and hits >= _SPORTS_SHARE * common


class ScoreLines:
    """Which lines of a text are results lines, for team-slot tests."""

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.tokens = tokens
        self._line_of: list[int] = []
        results: list[bool] = []
        line, start = 0, 0
        for k, token in enumerate(tokens):
            if k and "\n" in text[tokens[k - 1].end : token.start]:
                results.append(_results(tokens[start:k]))
                line, start = line + 1, k
            self._line_of.append(line)
        results.append(_results(tokens[start:]))
        self._results = results

    def team_slot(self, i: int, j: int) -> bool:
        """tokens[i:j] is followed by a score on a results line, or faces another name
        across "v"/"vs"."""
        tokens = self.tokens
        if j < len(tokens) and _number(tokens[j]) and self._same_line(i, j):
            return self._results[self._line_of[i]]
        after = j + 1 < len(tokens) and tokens[j].key in _VERSUS and _named(tokens[j + 1])
        before = i >= 2 and tokens[i - 1].key in _VERSUS and _named(tokens[i - 2])
        return after or before

    def dateline(self, i: int, calendar: frozenset[str]) -> bool:
        """tokens[i] opens its line, and a date ("1996-08-29", "Aug 29") or an agency in
        brackets ("(Reuters)") follows within a few tokens on it."""
        tokens = self.tokens
        if i and self._same_line(i - 1, i):
            return False
        end = min(len(tokens), i + _DATELINE_WORDS)
        for k in range(i + 1, end):
            if not self._same_line(i, k):
                return False
            token = tokens[k]
            if _ISO_DATE.fullmatch(token.text):
                return True
            if token.key in calendar and k + 1 < end and tokens[k + 1].text.isdigit():
                return True
            agency = k + 2 < end and tokens[k + 2].text == ")" and _named(tokens[k + 1])
            if token.text == "(" and agency:
                return True
        return False

    def _same_line(self, i: int, j: int) -> bool:
        return self._line_of[i] == self._line_of[j]


def _number(token: Token) -> bool:
    """A score or a table figure: "3", "429-7", "1-0"."""
    return token.text[0].isdigit()


def _named(token: Token) -> bool:
    return token.text[0].isupper()


def _results(line: list[Token]) -> bool:
    words = [t for t in line if t.is_word]
    numbers = sum(_number(t) for t in words)
    lower = sum(t.text[0].islower() for t in words)
    return numbers >= 2 and lower * 3 <= len(words)
