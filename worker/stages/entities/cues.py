"""Labelling one candidate name span of the rule backend from its words and neighbours.

`Cues(lexicon, gazetteer).label(tokens, i, j, person_cue, lowered)` returns PERSON, ORG,
LOC or MISC for tokens[i:j], or None when the span is not a name. The order of the tests is
the order of their reliability: a title or honorific before the span, a place name, an
organisation word or suffix, a place word ("River", or lowercase after it: "Varnesk
province"), an event word ("Cup"), a nationality or language word, an acronym, a reporting
verb next to it (not after a preposition of place or "the town of"); then two to four
capitalized words
are a person (not in languages that capitalize nouns) unless they hold a place name and no
person name (worker.stages.entities.people: "Manchester United" is ORG), and a lone word is
MISC.
`lowered` is the set of lower-case words of the text, to tell a capitalized common word.
"""

from __future__ import annotations

import re

from worker.stages.entities.gazetteer import MAX_PLACE_TOKENS, Gazetteer
from worker.stages.entities.lexicon import Lexicon, bases
from worker.stages.entities.mentions import Token
from worker.stages.entities.people import People

_MAX_PERSON_TOKENS = 4
# "G7", "G20": a group of countries named by its size.
_GROUP_OF = re.compile(r"G\d{1,2}")
# Endings of adjectives made from names ("Yugoslav", "Korean", "Chinese", "Eastern").
_ADJECTIVE = ("an", "ese", "ish", "ic", "ern", "i", "av", "ch")


class Cues:
    """The cue tests of one language."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, people: People) -> None:
        self.lex = lexicon
        self.gazetteer = gazetteer
        self.people = people

    def label(
        self, tokens: list[Token], i: int, j: int, person_cue: bool, lowered: set[str]
    ) -> str | None:
        """The label of tokens[i:j] (see the module docstring)."""
        return self.weighed(tokens, i, j, person_cue, lowered)[0]

    def weighed(
        self, tokens: list[Token], i: int, j: int, person_cue: bool, lowered: set[str]
    ) -> tuple[str | None, bool]:
        """The label of tokens[i:j] and whether it is weak: told by a reporting verb beside
        the span or by its shape alone, not by a word list, a title or a noun beside it."""
        keys = keys_of(tokens[i:j])
        if not keys or all(k in self.lex.lone_words or k in self.lex.function_words for k in keys):
            return None, False
        if person_cue:
            return "PERSON", False
        found = self._by_names(keys) or self._by_kind(keys, tokens[i].text)
        if found is None and (
            self.org_noun_near(tokens, i, j) or self.plural_after_the(tokens, i, j)
        ):
            found = "ORG"
        if found is None and self.place_noun_after(tokens, i, j):
            found = "LOC"
        weak = found is None
        placed = self.territory_before(tokens, i) or self.after_place_preposition(tokens, i)
        if found is None and not placed and self.verb_near(tokens, i, j):
            found = "PERSON"  # not "a police official in Varnesk said": the official did
        if found in (None, "MISC") and self.territory_before(tokens, i):
            found, weak = "LOC", False
        found = found or self._by_shape(keys, lowered)
        if found in (None, "MISC") and self.where(tokens, i, j, keys):
            found, weak = "LOC", False
        return found, weak

    def _by_names(self, keys: list[str]) -> str | None:
        """LOC or ORG from a place name, an organisation word or suffix, a place word."""
        lex = self.lex
        if len(keys) <= MAX_PLACE_TOKENS and self.is_place(keys):
            return "LOC"
        if self.is_org(keys):
            return "ORG"
        if len(keys) > 1 and any(k in lex.loc_words for k in keys):
            return "LOC"
        if len(keys) > 1 and "." in keys[-1] and self.is_place(keys[:-1]):
            return "LOC"  # "Washington D.C.", "Portland Ore."
        return None

    def _by_kind(self, keys: list[str], first: str) -> str | None:
        """MISC for events and nationality or language words, ORG for an acronym."""
        if keys[-1] in self.lex.event_words:
            return "MISC"
        if len(keys) <= 2 and (
            keys[0] in self.lex.misc_words
            or any(map(self.gazetteer.is_demonym, (keys[0], keys[-1])))
        ):
            return "MISC"
        if len(keys) == 1 and (acronym(first) or _GROUP_OF.fullmatch(first)):
            return "ORG"
        return None

    def _by_shape(self, keys: list[str], lowered: set[str]) -> str | None:
        """No cue: two to four capitalized words are a person, a lone word is MISC (neither
        where nouns are capitalized, nor a word the text also writes in lower case)."""
        if self.lex.nouns_capitalized:
            return None
        if len(keys) > 1:
            if len(keys) > _MAX_PERSON_TOKENS:
                return None
            return "ORG" if self.named_after_place(keys) else "PERSON"
        return None if keys[0] in lowered else "MISC"

    def named_after_place(self, keys: list[str]) -> bool:
        """A place name among the words and no given name or surname: a club, a firm or a
        body named after its home ("Manchester United", "Air France", "Dynamo Moscow")."""
        if self.person_named(keys) or (_adjective(keys[-1]) and not self.is_place(keys[-1:])):
            return False  # "South Korean" is an adjective, "Inter Milan" a club
        return any(self.is_place([k]) for k in keys)

    def person_named(self, keys: list[str]) -> bool:
        """Shaped like a person's name: an initial or a given name first ("S. Watkin",
        "Anna Berg"), or a surname last that is no place name ("Tegla Loroupe" is not
        known, "Real Madrid" ends with a city that is a surname too)."""
        people = self.people
        if (len(keys) > 1 and len(keys[0]) == 1) or people.is_given(keys[0]):
            return True
        return people.is_surname(keys[-1]) and not self.is_place(keys[-1:])

    def is_org(self, keys: list[str]) -> bool:
        """The words end with an organisation suffix or contain an organisation word."""
        return keys[-1] in self.lex.org_suffixes or any(k in self.lex.org_words for k in keys)

    def is_place(self, keys: list[str]) -> bool:
        """The words (match keys) name a place, also inflected ("в Москве")."""
        if not keys:
            return False
        head = " ".join(keys[:-1])
        for last in bases(keys[-1], self.lex):
            if f"{head} {last}".lstrip() in self.gazetteer.places:
                return True
        return False

    def verb_near(self, tokens: list[Token], i: int, j: int) -> bool:
        """A reporting verb right after the span (or right before it: "sagte Merkel")."""
        after = tokens[j].key if j < len(tokens) else ""
        before = tokens[i - 1].key if i > 0 else ""
        return after in self.lex.person_verbs or before in self.lex.person_verbs

    def org_noun_near(self, tokens: list[Token], i: int, j: int) -> bool:
        """A lowercase noun of an organisation's kind right before the span ("the daily Le
        Monde", "club Standard Liege"; a name shaped like a person's only if it is one word:
        "the newspaper Heraldo") or after it, one word between allowed ("the Xinhua news
        agency"), unless the span there reads as an adjective ("the Yugoslav news agency")
        or a person's name ("the Anna Berg group")."""
        nouns, keys = self.lex.org_nouns, keys_of(tokens[i:j])
        k = i - 1  # before the article the name starts with: "le quotidien Le Soir"
        while k >= 0 and tokens[k].text[0].isupper() and tokens[k].key in self.lex.function_words:
            k -= 1
        if k >= 0 and tokens[k].text.islower() and tokens[k].key in nouns:
            return len(keys) == 1 or not self.person_named(keys)
        after = tokens[j : j + 2]
        if not after or not after[0].text.islower() or _adjective(tokens[j - 1].key):
            return False
        if self.person_named(keys):
            return False
        if after[0].key in nouns:
            return True
        return len(after) == 2 and after[1].text.islower() and after[1].key in nouns

    def plural_after_the(self, tokens: list[Token], i: int, j: int) -> bool:
        """A capitalized plural after a lowercase "the" names a team or a group ("the Braves",
        "the Springboks"); not a people ("the Koreans", "the Iraqis"); places are told before
        this."""
        if j - i != 1 or i == 0 or tokens[i - 1].text != "the":
            return False
        word = tokens[i].text
        people = word.endswith(("ans", "is")) or self.gazetteer.is_demonym(word)  # "Koreans"
        return word.endswith("s") and not word.endswith("ss") and word[1:].islower() and not people

    def place_noun_after(self, tokens: list[Token], i: int, j: int) -> bool:
        """A lowercase place word right after the name says what it is: "Varnesk
        province", "the Oltamir mountains", "the Ana Ruiz airport"; not after an adjective
        or a nationality ("the Yugoslav border region")."""
        if j >= len(tokens) or not tokens[j].text.islower():
            return False
        if tokens[j].key not in self.lex.loc_words or _adjective(tokens[j - 1].key):
            return False
        return not self.gazetteer.is_demonym(tokens[j - 1].text)

    def after_place_preposition(self, tokens: list[Token], i: int) -> bool:
        """A lowercase preposition of place right before the name ("in", "near")."""
        return i > 0 and tokens[i - 1].text in self.lex.place_prepositions

    def territory_before(self, tokens: list[Token], i: int) -> bool:
        """A noun that takes a territory before "of" ("the annexation of Varnesk", "the
        invasion of Norland"): what follows is a place."""
        if i < 2 or tokens[i - 1].key not in self.lex.connectors:
            return False
        return tokens[i - 2].key in self.lex.territory_nouns

    def where(self, tokens: list[Token], i: int, j: int, keys: list[str]) -> bool:
        """A name no list knows, right after a lowercase preposition of place ("fighting in
        Chechnya", "near Varnesk"), is a place; not before a number ("in Week 12"), not a
        nationality, language, adjective or event, not shaped like a person's full name."""
        after = i > 0 and tokens[i - 1].text in self.lex.place_prepositions
        if self.lex.nouns_capitalized or not after:  # "im Stadion": a capital tells nothing
            return False
        if j < len(tokens) and tokens[j].text[0].isdigit():
            return False
        if keys[0] in self.lex.misc_words or self.gazetteer.is_demonym(tokens[i].text):
            return False
        if len(keys) == 1 and _adjective(keys[0]):  # "in Scottish pubs"
            return False
        if keys[-1] in self.lex.event_words or any(k in self.lex.lone_words for k in keys):
            return False
        people = self.people
        full_name = len(keys) > 1 and (
            len(keys[0]) == 1 or (people.is_given(keys[0]) and people.is_surname(keys[-1]))
        )
        return not full_name

    def places_in(self, tokens: list[Token], i: int, j: int) -> list[tuple[int, int]]:
        """Token ranges of place names inside tokens[i:j], longest first, left to right."""
        found, k = [], i
        while k < j:
            for size in range(min(MAX_PLACE_TOKENS, j - k), 0, -1):
                if self.is_place(keys_of(tokens[k : k + size])):
                    found.append((k, k + size))
                    k += size - 1
                    break
            k += 1
        return found


def _adjective(word: str) -> bool:
    return word.endswith(_ADJECTIVE)


def keys_of(tokens: list[Token]) -> list[str]:
    """Match keys of the words (periods after initials and abbreviations left out)."""
    return [t.key for t in tokens if t.text != "."]


def acronym(word: str) -> bool:
    """Two to six capital letters, dots allowed ("NATO", "U.N.")."""
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


def shouting(tokens: list[Token], i: int, j: int) -> bool:
    """All words of tokens[i:j] and of its neighbours are in capitals (a headline in caps)."""
    words = [t for t in tokens[max(0, i - 2) : j + 2] if t.is_word and len(t.text) > 1]
    return len(words) > 1 and all(t.text.isupper() for t in words)
