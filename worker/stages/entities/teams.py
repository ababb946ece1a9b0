"""Sports results: a name in a score line is a team, not the place it is named after.

Results and tables are their own lines in sports news: "Doncaster 3 Darlington 2",
"Burnley 4 2 0 2 6 7 6", "Warwickshire 195, Surrey 429-7", "Walsall v Wrexham". There a
club, county or franchise named after a place ("Leeds", "Surrey", "KANSAS CITY") is an
organisation. `ScoreLines(text, tokens).team_slot(i, j)` says whether tokens[i:j] stands
where a team stands: followed by a score on a line made of names and numbers (at least two
numbers, at most a third of its words in lower case), or on either side of "v"/"vs".
The caller decides which names may be teams (a country is not: national sides keep LOC,
as in CoNLL-2003; a person's name in a golf table is not).
"""

from __future__ import annotations

from worker.stages.entities.mentions import Token

_VERSUS = frozenset({"v", "vs", "versus"})


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
