"""Speaker mentions to canonical names, and the speaker a pronoun or a bare verb refers to.

A name mention takes the name of the PERSON or ORG entity whose mention overlaps it (from
the `entities` stage); without one, the mention's own text without titles, widened to the
article's fullest form of the same surname ("Bolton" -> "John Bolton"). A noun phrase ("the
senator") keeps its own text. A pronoun ("he", "sie") or a verb without a subject ("dijo",
"řekla") goes to the most recent fitting speaker: the later of the last speaker and the last
person (PERSON entities; without entities, names of two words or after an honorific) who
opens a sentence outside quotations, else the last person mentioned. Where the pronoun, the
verb ending, an honorific or a surname ending gives a gender, a person known to have the
other is skipped.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from worker.stages.entities.people import people
from worker.stages.quotes.layout import Layout
from worker.stages.quotes.lexicon import Lexicon
from worker.stages.quotes.subjects import Mention, mention_in, strip_titles

_GIVEN_REACH = 40  # characters before a surname searched for its given name
_SPEAKING_TYPES = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True)
class Said:
    """A speaker (name or noun phrase) resolved at offset `at`."""

    at: int
    name: str
    gender: str | None


class Speakers:
    """Resolution state for one article: entity index, named speakers so far, genders."""

    def __init__(self, layout: Layout, entities: Iterable[dict[str, Any]], lex: Lexicon) -> None:
        self.layout, self.text, self.lex = layout, layout.text, lex
        self.history: list[Said] = []
        self.genders: dict[str, str] = {}
        self._full: dict[str, str] = {}
        spans = sorted(
            (m["start"], m["end"], e["name"], e.get("type"))
            for e in entities
            if e.get("type") in _SPEAKING_TYPES
            for m in e.get("mentions", ())
        )
        self._spans = spans or self._names_in_text()
        self._starts = [s[0] for s in self._spans]
        for start, end, name, kind in self._spans:
            gender = self._name_gender(self.text[start:end], name) if kind == "PERSON" else None
            if gender:
                self.genders.setdefault(name, gender)

    def _names_in_text(self) -> list[tuple[int, int, str, str]]:
        """Without entities: names of two words or more, or after an honorific, as persons."""
        spans = []
        for match in self.lex.names.finditer(self.text):
            bare = strip_titles(match.group(), self.lex)
            if " " in bare or (bare and bare != match.group()):
                spans.append((match.start(), match.end(), self._fullest(bare), "PERSON"))
        return spans

    def name(self, mention: Mention, verb: str | None = None, *, remember: bool = True) -> str:
        """The canonical name of a name or noun-phrase mention; remembers the speaker, and
        its gender when an honorific, a surname or the verb's ending ("řekla") gives one."""
        hit = self._entity(mention.start, mention.end)
        surface = self.text[mention.start : mention.end]
        if mention.kind == "name":
            name = hit or self._fullest(strip_titles(surface, self.lex) or surface)
        else:
            name = hit or surface
        gender = self._name_gender(surface, name) or self.verb_gender(verb)
        if gender and mention.kind == "name":
            self.genders.setdefault(name, gender)
        if remember:  # the agent of "was asked by": not whom the next "he" refers to
            self.history.append(Said(mention.start, name, self.genders.get(name)))
        return name

    def refer(self, at: int, gender: str | None) -> str | None:
        """The most recent fitting speaker before `at` for a pronoun or a bare verb: the
        later of the last speaker and the last person who opens a sentence outside quotes
        ("Chuck Todd was shocked. “…?” he asked"); else the last person mentioned. The
        speaker found counts as the last speaker from `at` on."""
        said = next(
            (s for s in reversed(self.history) if s.at < at and self._fits(s.name, gender)), None
        )
        person = self._last_person(at, gender, opening=True)
        if person and (said is None or person.at > said.at):
            said = person
        said = said or self._last_person(at, gender, opening=False)
        if said is None:
            return None
        if gender:
            self.genders.setdefault(said.name, gender)
        self.history.append(Said(at, said.name, self.genders.get(said.name)))
        return said.name

    def antecedent(self, relative: Mention) -> Mention | None:
        """The name right before a relative pronoun ("Mike Lee, who …")."""
        match = self.lex.antecedent.search(self.text, max(0, relative.start - 120), relative.start)
        return mention_in(self.text, *match.span("speaker"), self.lex) if match else None

    def pronoun_gender(self, word: str) -> str | None:
        if self.lex.has("pronouns_male", word):
            return "m"
        return "f" if self.lex.has("pronouns_female", word) else None

    def verb_gender(self, verb: str | None) -> str | None:
        """Gender from a past-tense ending (Russian, Czech): "сказала" -> f."""
        if not verb:
            return None
        lower = verb.casefold()
        if any(lower.endswith(s) for s in self.lex.words["female_verb_suffixes"]):
            return "f"
        return "m" if any(lower.endswith(s) for s in self.lex.words["male_verb_suffixes"]) else None

    def _fits(self, name: str, gender: str | None) -> bool:
        known = self.genders.get(name)
        return gender is None or known is None or known == gender

    def _last_person(self, at: int, gender: str | None, *, opening: bool) -> Said | None:
        for start, _end, name, kind in reversed(self._spans[: bisect_left(self._starts, at)]):
            if kind != "PERSON" or not self._fits(name, gender):
                continue
            if not opening or self._opens_sentence(start):
                return Said(start, str(name), self.genders.get(name))
        return None

    def _opens_sentence(self, start: int) -> bool:
        """Is this mention the subject-like start of a sentence (or of the clause after its
        introduction: "At a market in Varnesk, 58-year-old Ana Ruiz …"; or after a title
        and its modifiers: "Democratic Sen. Claire McCaskill …") outside quotes?"""
        if self.layout.in_quote(start):
            return False
        lead = self.text[self.layout.sentence_start(start) : start].rsplit(",", 1)[-1].split()
        if any(self.lex.has("verbs", w) for w in lead):
            return False
        openers, titled = self.lex.openers, any(w.casefold() in self.lex.prefixes for w in lead)
        return titled or all(w in openers or not w[0].isupper() for w in lead)

    def _entity(self, start: int, end: int) -> str | None:
        i = bisect_left(self._starts, end)
        for s_start, s_end, name, _kind in reversed(self._spans[max(0, i - 8) : i]):
            if s_start < end and s_end > start:
                return str(name)
        return None

    def _name_gender(self, surface: str, name: str) -> str | None:
        """From an honorific ("Mrs.", "Herr"), a surname ending ("-ová", "-ова") or a given
        name only one sex carries ("Anna Berg")."""
        first, last = surface.split(maxsplit=1)[0], name.rsplit(maxsplit=1)[-1].casefold()
        if self.lex.has("honorifics_female", first):
            return "f"
        if self.lex.has("honorifics_male", first):
            return "m"
        female = self.lex.words["female_suffixes"]
        if any(last.endswith(s) for s in female):
            return "f"
        given = name.split(maxsplit=1)[0].casefold()
        known = people()
        if " " not in name and known.is_surname(given):
            return None  # "Jordan" alone: maybe a surname
        return known.gender(given)

    def _fullest(self, name: str) -> str:
        """The first two- or three-word name in the article that ends with this one-word
        name ("Bolton" -> "John Bolton", "Trump" -> "Donald J. Trump")."""
        if " " in name or not name:
            return name
        if name not in self._full:
            self._full[name] = self._widened(name)
        return self._full[name]

    def _widened(self, name: str) -> str:
        at = self.text.find(name)
        while at != -1:
            end = at + len(name)
            if not (self.text[end : end + 1].isalnum() or self.text[end : end + 1] == "-"):
                given = self.lex.given.search(self.text, max(0, at - _GIVEN_REACH), at)
                if given:
                    return " ".join(self.text[given.start() : end].split())
            at = self.text.find(name, end)
        return name
