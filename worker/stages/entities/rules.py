"""The rule backend: capitalized spans, labelled by cue words and a place gazetteer.

No model: works for any language written with capital letters. For each candidate run of
capitalized words (worker.stages.entities.spans) it
1. cuts leading function words, honorifics and titles, remembering a person cue
   ("Mr", "President", or a lowercase "le président" before the run);
2. at a sentence start, cuts a first word that the text also uses in lower case
   ("Analysts", "Results of ...");
3. splits at a title inside the run ("Berlin Mayor Klaus Wowereit" -> LOC + PERSON);
4. labels the rest with worker.stages.entities.cues; in a line written in capitals only place names
   are kept, since capitals no longer tell names there;
5. makes a name ORG where a team stands (worker.stages.entities.teams: "Leeds 2 Chelsea 1"),
   unless it is a country or a person's name; in a sports report, a place name that is no
   nation and is not where something happens ("Surrey were bowled out", not "the match in
   Milan") is its club.
A text in a script without capitals (Arabic, Hindi, Chinese) gets its place names only.
Later steps (worker.stages.entities.names) merge variants and find the mentions this missed.
"""

from __future__ import annotations

from worker.stages.entities.cues import Cues, keys_of, shouting
from worker.stages.entities.gazetteer import Gazetteer
from worker.stages.entities.lexicon import EntityConfig
from worker.stages.entities.mentions import Mention, Token, tokenize
from worker.stages.entities.people import people
from worker.stages.entities.spans import Candidate, candidate_spans
from worker.stages.entities.teams import ScoreLines, sports_text

_CAPITAL_WORDS = 3


class RuleRecognizer:
    """Labelled name spans from capitalization and cue words, for one language."""

    name = "rules"

    def __init__(self, config: EntityConfig, language: str) -> None:
        self.lex = config.lexicon(language)
        self.gazetteer = Gazetteer.configured(config.data["gazetteer"], language)
        self.cues = Cues(self.lex, self.gazetteer, people())
        self._max_title = max((len(t) for t in self.lex.titles), default=0)

    def __call__(self, text: str) -> list[Mention]:
        """Mentions in text order; deterministic."""
        tokens = tokenize(text)
        if _caseless(text):
            return [
                _span(tokens, a, b, "LOC") for a, b in self.cues.places_in(tokens, 0, len(tokens))
            ]
        lowered = {t.text for t in tokens if t.text.islower()}
        scores = ScoreLines(text, tokens)
        sports = sports_text(tokens, self.lex.sports_words, self.lex.nouns_capitalized)
        found: list[Mention] = []
        for cand in candidate_spans(text, tokens, self.lex):
            found.extend(self._mentions(tokens, cand, lowered, scores, sports))
        return found

    def _mentions(
        self,
        tokens: list[Token],
        cand: Candidate,
        lowered: set[str],
        scores: ScoreLines,
        sports: bool,
    ) -> list[Mention]:
        """The mentions in one candidate run: none, one, or two split at a title."""
        i, cue = self._cut_head(tokens, cand.i, cand.j)
        cue = cue or self._title_before(tokens, cand.i)
        j = cand.j
        while j > i and (tokens[j - 1].key in self.lex.connectors or tokens[j - 1].text == "."):
            j -= 1
        i, j = self._cut_edges(tokens, i, j)
        if cand.initial and i == cand.i and j - i > 1 and tokens[i].text.lower() in lowered:
            i += 1
        if i >= j:
            return []
        # "will miss England's opener", "a former U.S. champion", "Former England captain X":
        # a place after a lowercase title, or before a lowercase title of its own, is no person
        role = (
            j < len(tokens) and tokens[j].text.islower() and tokens[j].key in self.lex.title_words
        )
        if (
            cue
            and (tokens[i - 1].text[:1].islower() or role)
            and self.cues.is_place(keys_of(tokens[i:j]))
        ):
            cue = False
        # "General Motors", not a general; "Leeds 2 Chelsea 1", not the city
        general = cue and i > cand.i and self.cues.is_org(keys_of(tokens[cand.i : j]))
        team = not cue and scores.team_slot(i, j) and self._team_name(keys_of(tokens[i:j]))
        if general or team:  # a team's slot in a score line is told by layout alone: weak
            return [_span(tokens, cand.i if general else i, j, "ORG", weak=not general)]
        placed = None if cue else self._placed(tokens, (i, j), scores, sports, lowered)
        if placed is not None:
            return [placed]
        club = sports and not cue
        if shouting(tokens, i, j) or _in_capitals(tokens, i, j):
            return [
                _span(tokens, a, b, "ORG" if club and self._club(tokens, a, b, scores) else "LOC")
                for a, b in self.cues.places_in(tokens, i, j)
            ]
        split = self._split(tokens, i, j, lowered, cue=cue, initial=cand.initial)
        if split is not None:
            return split
        return self._labelled(tokens, i, j, lowered, cue=cue, initial=cand.initial)

    def _split(
        self, tokens: list[Token], i: int, j: int, lowered: set[str], *, cue: bool, initial: bool
    ) -> list[Mention] | None:
        """A run that holds two names: a person of a place ("John Tate of Ohio"), a
        nationality before a person ("Australian Tom Moody"), a place before a person
        ("Президент России Владимир Путин"), a body before a person's title ("Berlin Mayor
        Klaus Wowereit"); None when it holds one."""
        of = self._person_of_place(tokens, i, j)
        if of:
            return [_span(tokens, i, of[0], "PERSON"), _span(tokens, of[1], j, "LOC")]
        nationality = j - i >= 3 and self.gazetteer.is_demonym(tokens[i].text)
        if nationality and self.cues.person_named(keys_of(tokens[i + 1 : j])):
            return [_span(tokens, i, i + 1, "MISC"), _span(tokens, i + 1, j, "PERSON")]
        if self._place_first(tokens, i, j, cue, lowered):
            rest = self._labelled(tokens, i + 1, j, lowered, cue=cue, initial=False)
            return [_span(tokens, i, i + 1, "LOC"), *rest]
        title = self._title_inside(tokens, i, j)
        if title and not self.cues.is_org(keys_of(tokens[title[0] : j])):
            left = self._labelled(tokens, i, title[0], lowered, cue=False, initial=initial)
            return [*left, _span(tokens, title[1], j, "PERSON")]
        return None

    def _person_of_place(self, tokens: list[Token], i: int, j: int) -> tuple[int, int] | None:
        """ "Senator Anna Berg of Arizona": a person's name, a connector and a place name
        are two names (the place says where the person is from), not one."""
        for k in range(i + 2, j - 1):
            if tokens[k].key not in self.lex.connectors:
                continue
            left, right = keys_of(tokens[i:k]), keys_of(tokens[k + 1 : j])
            if self.cues.person_named(left) and not self.cues.is_org(left):
                return (k, k + 1) if self.cues.is_place(right) else None
        return None

    def _cut_edges(self, tokens: list[Token], i: int, j: int) -> tuple[int, int]:
        """A day or month name at either end of a run, or a hyphenated modifier at its head,
        is no part of the name ("Cleveland Friday", "October Rally", "Ontario-based Magna");
        a month that is also a given name or a surname stays ("April Ryan", "Theresa May")."""
        calendar, people = self.lex.calendar_words, self.cues.people
        while j - i > 1 and (
            _modifier(tokens[i].text, self.lex.modifier_endings)
            or (tokens[i].key in calendar and not people.is_given(tokens[i].key))
        ):
            i += 1
        while j - i > 1 and tokens[j - 1].key in calendar:
            if people.is_surname(tokens[j - 1].key):
                break
            j -= 1
        return i, j

    def _club(self, tokens: list[Token], i: int, j: int, scores: ScoreLines) -> bool:
        """In a sports report, a place name standing for its club: not a nation (national
        sides keep LOC, as in CoNLL-2003), not after a preposition of place or "of" ("the
        match in Milan", "the mayor of Leeds"), not before a place word or a noun of
        an organisation's kind ("the Moscow club": that noun tells), not a heading
        ("Leicester:") or a dateline's place."""
        keys = keys_of(tokens[i:j])
        if not self.cues.is_place(keys) or " ".join(keys) in self.gazetteer.nations:
            return False
        if i and (
            tokens[i - 1].key in self.lex.place_prepositions
            or tokens[i - 1].key in self.lex.genitive_prepositions
            or tokens[i - 1].text == "("
        ):
            return False
        after = tokens[j] if j < len(tokens) else None
        if after is not None and (
            after.text == ":"
            or (
                after.text.islower()
                and (after.key in self.lex.loc_words or after.key in self.lex.org_nouns)
            )
        ):
            return False
        return not scores.dateline(i, self.lex.calendar_words)

    def _team_name(self, keys: list[str]) -> bool:
        """A name that can be a team's: a place other than a country ("Leeds"), a word that
        is no person's name ("Saracens") or a lone given name that is no surname ("Clyde
        3": a golfer's card gives full names), not a word list's common word."""
        cues = self.cues
        if " ".join(keys) in self.gazetteer.countries or all(k in self.lex.not_names for k in keys):
            return False
        if cues.is_place(keys) or cues.named_after_place(keys):
            return True
        if len(keys) == 1 and not cues.people.is_surname(keys[0]):
            return True
        return not cues.person_named(keys)

    def _placed(
        self,
        tokens: list[Token],
        span: tuple[int, int],
        scores: ScoreLines,
        sports: bool,
        lowered: set[str],
    ) -> Mention | None:
        """A dateline's place (LOC), or in a sports report a place standing for its club."""
        i, j = span
        if self._dateline_place(tokens, i, j, scores, lowered):
            return _span(tokens, i, j, "LOC")
        if sports and self._club(tokens, i, j, scores):
            return _span(tokens, i, j, "ORG")
        return None

    def _dateline_place(
        self, tokens: list[Token], i: int, j: int, scores: ScoreLines, lowered: set[str]
    ) -> bool:
        """The name that opens a dateline ("TAVRIDA, Crimea 2026-06-14", "Aldgate (Reuters)
        -") is where the report was filed: in capitals or a known place, up to three words,
        not a word the text writes in lower case."""
        if j - i > 3 or not scores.dateline(i, self.lex.calendar_words):
            return False
        if tokens[i].key in self.lex.calendar_words or tokens[i].text.lower() in lowered:
            return False
        shouted = all(t.text.isupper() for t in tokens[i:j] if t.is_word)
        return shouted or self.cues.is_place(keys_of(tokens[i:j]))

    def _place_first(
        self, tokens: list[Token], i: int, j: int, cue: bool, lowered: set[str]
    ) -> bool:
        """A place name glued before a person's name: "Президент России Владимир Путин"."""
        if j - i < 3 or not self.cues.is_place([tokens[i].key]):
            return False
        return self.cues.label(tokens, i, j, cue, lowered) == "PERSON"

    def _labelled(
        self, tokens: list[Token], i: int, j: int, lowered: set[str], *, cue: bool, initial: bool
    ) -> list[Mention]:
        while j > i and tokens[j - 1].key in self.lex.connectors:
            j -= 1
        if i >= j:
            return []
        label, weak = self.cues.weighed(tokens, i, j, cue, lowered)
        if label is None or (label == "MISC" and initial):
            return []
        return [_span(tokens, i, j, label, weak)]

    def _cut_head(self, tokens: list[Token], i: int, j: int) -> tuple[int, bool]:
        """Skip leading function words, honorifics and titles: (new i, saw a person cue)."""
        cue = False
        while i < j:
            size = self._title_at(tokens, i, j)
            if size:
                i, cue = i + size, True
            elif tokens[i].key in self.lex.honorifics:
                i, cue = i + 1, True
            elif tokens[i].key in self.lex.function_words or tokens[i].text == ".":
                i += 1
            else:
                break
        return i, cue

    def _title_at(self, tokens: list[Token], i: int, j: int) -> int:
        """Length of the longest title starting at token i (0: none)."""
        for size in range(min(self._max_title, j - i), 0, -1):
            if tuple(t.key for t in tokens[i : i + size]) in self.lex.titles:
                return size
        return 0

    def _title_before(self, tokens: list[Token], i: int) -> bool:
        """A title or honorific (any case) right before token i: "le président Macron"."""
        words = [t.key for t in tokens[max(0, i - self._max_title - 1) : i] if t.text != "."]
        if words and words[-1] in self.lex.honorifics:
            return True
        return any(tuple(words[-size:]) in self.lex.titles for size in range(1, len(words) + 1))

    def _title_inside(self, tokens: list[Token], i: int, j: int) -> tuple[int, int] | None:
        """(title start, name start) of a title inside tokens[i:j] with a name after it (the
        period of an abbreviated title is not the name's: "Democratic Sen. Claire McCaskill")."""
        for k in range(i + 1, j - 1):
            size = self._title_at(tokens, k, j - 1)
            if size:
                name = k + size
                while name < j - 1 and tokens[name].text == ".":
                    name += 1
                return k, name
        return None


def _modifier(word: str, endings: frozenset[str]) -> bool:
    """ "Ontario-based", "Kremlin-backed": a hyphenated word ending in a modifier's end."""
    head, dash, end = word.rpartition("-")
    return bool(head and dash) and end.casefold() in endings


def _in_capitals(tokens: list[Token], i: int, j: int) -> bool:
    """Three words or more in capitals: a kicker or a shouted line ("CONGRESS HAS
    INVESTIGATED HIM — ..."), where capitals tell no names; places are still found."""
    words = [t for t in tokens[i:j] if t.is_word]
    return len(words) >= _CAPITAL_WORDS and all(t.text.isupper() and len(t.text) > 1 for t in words)


def _span(tokens: list[Token], i: int, j: int, label: str, weak: bool = False) -> Mention:
    return Mention(tokens[i].start, tokens[j - 1].end, label, weak)


def _caseless(text: str, sample: int = 1000) -> bool:
    """Mostly written in a script without capitals: only place names can be found."""
    letters = [c for c in text[: sample * 2] if c.isalpha()][:sample]
    cased = sum(c.lower() != c.upper() for c in letters)
    return bool(letters) and cased < len(letters) / 10
