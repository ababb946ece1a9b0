"""The `pymorphy` and `morfeusz` backends: the rule backend's names, corrected by a
morphological dictionary.

For a language written with capitals that inflects its names and has no news NER model at
hand offline (Ukrainian, Polish), the rule backend finds names by capitals and cue words,
and names each entity as written ("Емманюеля Макрона", "Donaldem Tuskiem"). A dictionary
knows each word's readings: a given name, a surname, a place, a common word, its case, its
nominative. pymorphy3's (VESUM for Ukrainian, in the `pymorphy3-dicts-uk` wheel) and
Morfeusz 2's (SGJP for Polish, in the `morfeusz2` wheel) are read alike, as `Reading`s in
pymorphy's grammemes. With one, each rule span is
1. cut of the common words before a person's name ("Переговори Зеленського": talks; at a
   sentence's start, also a word that is a common one in lower case: "Posłowie Sejmu",
   MPs), unless an organisation's word ("Ministerstwie Spraw Zagranicznych");
2. split where a given name follows a word that is none (a place or another person's
   surname before a person: "Польщі Дональдом Туском", "Зеленського Сергій Никифоров");
3. relabelled where the dictionary is sure: a lone word whose nominative is a place is LOC
   ("Києві"), one that is only a given name or a surname PERSON; a word after a place
   preposition that the dictionary knows only as a surname is no place ("у Зеленського",
   at Zelensky's office); a "person" holding a common word or an organisation's word is
   ORG ("Верховної Ради") or MISC;
4. completed with the capitalized words the rules passed over that the dictionary reads as
   a person's name and nothing else ("У Шмигаля заявили": at Shmyhal's office), weak;
5. named in the nominative (`Mention.name`): a person's words in the case and gender they
   agree in ("Олександра Усика" -> "Олександр Усик", "Ковальської" -> "Ковальська"); a
   place or an organisation up to its first word that is no adjective, the words after it
   as written ("Верховної Ради" -> "Верховна Рада", "Polskiej Akademii Nauk" -> "Polska
   Akademia Nauk").
A word the dictionary does not know is kept as written. Readings are cached per process.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Protocol

from worker.stages.entities.lexicon import key
from worker.stages.entities.mentions import Mention, free, tokenize
from worker.stages.entities.people import People, people
from worker.stages.entities.rules import RuleRecognizer

_WORD = re.compile(r"\S+")
_PERSONAL = frozenset({"Name", "Surn", "Patr"})
_CACHE = 65_536


class Reading(NamedTuple):
    """One reading of a word, in pymorphy's (OpenCorpora's) grammemes whatever the
    dictionary: part of speech (NOUN, ADJF, PRTF), name class (Name, Surn, Patr, Geox),
    case, gender, number; `source` is what the dictionary needs to put the word in the
    nominative in that reading (`Analyzer.nominative`), asked only of the reading chosen."""

    grammemes: frozenset[str]
    normal_form: str
    case: str | None
    gender: str | None
    source: object


class Analyzer(Protocol):
    """A morphological dictionary: the readings of a word as written (Morfeusz reads a
    capital: "Kowalska" is a surname, "kowalska" an adjective), and whether it knows the
    word (else its readings are guesses)."""

    name: str

    def readings(self, word: str) -> tuple[Reading, ...]: ...

    def known(self, word: str) -> bool: ...

    def nominative(self, reading: Reading) -> str | None:
        """The reading's word in the nominative, in lower case; None when it has none."""


class MorphologyRecognizer:
    """The rule backend's mentions, cut, split, relabelled and named by a dictionary."""

    def __init__(self, rules: RuleRecognizer, analyzer: Analyzer) -> None:
        self.name = analyzer.name
        self.rules = rules
        self.people: People = people()
        self._parse = lru_cache(maxsize=_CACHE)(analyzer.readings)
        self._known = lru_cache(maxsize=_CACHE)(analyzer.known)
        self._inflect = lru_cache(maxsize=_CACHE)(analyzer.nominative)

    def __call__(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        for mention in self.rules(text):
            found.extend(self._refined(text, mention))
        taken = sorted((m.start, m.end) for m in found)
        for token in tokenize(text):  # "У Шмигаля заявили": a name the rules passed over
            word = token.text
            passed = word[:1].isupper() and free(taken, token.start, token.end)
            if passed and self._only_a_name(word):
                name = self._name(text, [(token.start, token.end, word)], "PERSON")
                found.append(Mention(token.start, token.end, "PERSON", True, name))
        return sorted(found, key=lambda m: (m.start, m.end))

    def _only_a_name(self, word: str) -> bool:
        """The dictionary reads the word as a person's name and as nothing else (not
        "Надія", hope and a given name; not "Коваль", a smith and a surname)."""
        parses = self._parse(word)
        nouns = [_grammemes(p) for p in parses if "NOUN" in _grammemes(p)]
        return bool(nouns) and all(g & _PERSONAL for g in nouns) and len(nouns) == len(parses)

    def _refined(self, text: str, mention: Mention) -> list[Mention]:
        words = [
            (mention.start + w.start(), mention.start + w.end(), w.group())
            for w in _WORD.finditer(text[mention.start : mention.end])
        ]
        kinds = [self._kind(word) for _, _, word in words]
        label = mention.label
        if label == "PERSON":  # "Переговори Зеленського", "Напередодні Макрон": a common
            # word is no name's (an adjective may be an organisation's: "Верховної Ради",
            # and so may an organisation's word: "Ministerstwie Spraw Zagranicznych")
            while len(kinds) > 1 and not self._adjective(words[0][2]):
                first = words[0][2]
                lowered = kinds[0] == "other" and _initial(text, words[0][0])
                if kinds[0] != "common" and not (lowered and self._common(first.lower())):
                    break
                if self._organisation([first]):
                    break
                words, kinds = words[1:], kinds[1:]
            if self._organisation([w for _, _, w in words]):
                label = "ORG"
        parts = []
        start = 0
        for at in range(1, len(words)):
            new_person = kinds[at] == "given" and kinds[at - 1] not in ("given", "common")
            if new_person and (label != "ORG" or kinds[at - 1] == "place"):
                parts.append((words[start:at], kinds[start:at]))
                start = at
        parts.append((words[start:], kinds[start:]))
        found = []
        for index, (part, part_kinds) in enumerate(parts):
            last = index == len(parts) - 1
            part_label = self._label(
                part_kinds, label if last else "PERSON", len(parts) > 1, [w for _, _, w in part]
            )
            name = self._name(text, part, part_label)
            weak = mention.weak if last else False
            found.append(Mention(part[0][0], part[-1][1], part_label, weak, name))
        return found

    def _kind(self, word: str) -> str:
        """The word's kind: "given" or "surname" (every noun the dictionary reads it
        as is a person's name), "place" (its nominative is a place the gazetteer knows),
        "common" (a known word that is never a name) or "other" (unknown, or a name and
        a thing: "Львові" is Lviv and the surname Lvov)."""
        folded = key(word)
        if self.people.is_given(folded):
            return "given"
        parses = self._parse(word)
        nouns = [_grammemes(p) for p in parses if "NOUN" in _grammemes(p)]
        personal = [g for g in nouns if g & _PERSONAL]
        gazetteer = self.rules.gazetteer.places
        if any(p.normal_form in gazetteer for p in parses if "NOUN" in _grammemes(p)):
            return "place"
        if not personal and any(self._place(p) for p in parses):
            return "place"  # the dictionary's place, where it knows no person of that name
        if nouns and len(personal) == len(nouns):
            given = all("Name" in g for g in personal)
            return "given" if given else "surname"
        if not personal and self._known(word) and not self.people.is_surname(folded):
            return "common"
        return "other"

    def _common(self, word: str) -> bool:
        """Written in lower case, a known word with no reading as a person's name: at a
        sentence's start, "Posłowie" (MPs) is no name, though Polish's dictionary also
        knows a surname "Posłowie"."""
        parses = self._parse(word)
        return self._known(word) and not any(_grammemes(p) & _PERSONAL for p in parses)

    def _place(self, parse: Reading) -> bool:
        """A noun whose nominative the gazetteer knows as a place, or the dictionary does
        (and not as a person's name too)."""
        grammemes = parse.grammemes
        if "NOUN" not in grammemes:
            return False
        named = "Geox" in grammemes and not grammemes & _PERSONAL
        return named or parse.normal_form in self.rules.gazetteer.places

    def _label(self, kinds: list[str], label: str, split: bool, words: list[str]) -> str:
        """The part's label: the rule backend's, unless the dictionary is sure: only
        places, or only persons' names (split from a run, or a lone word the rules took
        for a thing or a place: "у Зеленського", at Zelensky's office); no person's name
        holds a common word ("Верховної Ради": an organisation's word, else a thing)."""
        if all(k == "place" for k in kinds) and (split or label in ("MISC", "PERSON")):
            return "LOC"
        personal = all(k in ("given", "surname") for k in kinds)
        if personal and (split or label == "MISC" or (label == "LOC" and "given" not in kinds)):
            return "PERSON"  # "у Софії" (in Sofia) stays a place: a given name is one too
        if label == "PERSON" and "common" in kinds:
            return "ORG" if self._organisation(words) else "MISC"
        return label

    def _organisation(self, words: list[str]) -> bool:
        """A word of the name is, in its nominative, an organisation's word ("Ради")."""
        lemmas = {p.normal_form for word in words for p in self._parse(word)}
        return bool(lemmas & self.rules.lex.org_words)

    def _name(self, text: str, words: list[tuple[int, int, str]], label: str) -> str:
        """The part in the nominative ("" when a word cannot be put in it); a place or an
        organisation up to its first word that is no adjective, the rest as written."""
        case = self._case([word for _, _, word in words], label)
        named: list[str] = []
        head_seen = False
        for index, (_, _, word) in enumerate(words):
            if head_seen:  # the words after an organisation's or a place's first noun
                return " ".join(named) + text[words[index - 1][1] : words[-1][1]]
            nominative = self._nominative(word, label, case)
            if nominative is None:
                return ""
            named.append(nominative)
            head_seen = label != "PERSON" and not self._adjective(word)
        return " ".join(named)

    def _case(self, words: list[str], label: str) -> str | None:
        """The case and gender the words agree in ("Олександра Усика" is Oleksandr Usyk's
        accusative, "Олександра Коваль" Oleksandra in the nominative: "Коваль" is written
        alike in every case; "Верховної Ради", of the Rada, not "councils"), as "case
        gender"; the nominative first; None when they agree in none. A person's name by
        its readings as a name; another's words up to its first noun, by every reading."""
        readings = []
        for word in words:
            if not self._known(word):
                continue
            found = {
                (str(p.case), str(p.gender))
                for p in self._parse(word)
                if (_grammemes(p) & _PERSONAL or label != "PERSON") and p.case != "voct"
            }
            if found:
                readings.append(found)
            if label != "PERSON" and not self._adjective(word):
                break
        if len(readings) < 2:  # one word agrees with nothing: its singular is read
            return None
        genders = {"masc", "femn", "neut"}
        cases = {"nomn", "gent", "datv", "accs", "ablt", "loct"}
        for found in readings:
            of_word = {g for _, g in found}
            genders &= of_word | (genders if "None" in of_word else set())  # None: either
            cases &= {c for c, _ in found}
        if not genders or not cases:
            return None
        case = "nomn" if "nomn" in cases else sorted(cases)[0]
        return f"{case} {sorted(genders)[0]}" if len(genders) == 1 else case

    def _adjective(self, word: str) -> bool:
        """Read as an adjective or a participle: it agrees with the noun after it."""
        return any(_grammemes(p) & {"ADJF", "PRTF"} for p in self._parse(word))

    def _nominative(self, word: str, label: str, case: str | None = None) -> str | None:
        """The word in the nominative, written in its shape, by the parse that fits the
        label (and a person's name's case and gender) best; the word itself when the
        dictionary does not know it or reads it as a vocative (news writes few)."""
        if not self._known(word):
            return word
        parses = self._parse(word)
        chosen = max(parses, key=lambda p: self._fit(p, label, case))
        grammemes = _grammemes(chosen)
        if "nomn" in grammemes or "voct" in grammemes:
            return word
        nominative = self._inflect(chosen)
        return _shaped(nominative, word) if nominative is not None else None

    def _fit(self, parse: Reading, label: str, case: str | None = None) -> int:
        grammemes = _grammemes(parse)
        agrees = case is not None and set(case.split()) <= grammemes
        if label == "PERSON":
            return 4 * agrees + 2 * bool(grammemes & _PERSONAL) + ("NOUN" in grammemes)
        single = "plur" not in grammemes
        if label == "LOC":
            return 8 * self._place(parse) + 4 * agrees + 2 * single + ("inan" in grammemes)
        return 4 * agrees + 2 * single + ("inan" in grammemes)


def _initial(text: str, at: int) -> bool:
    """`at` opens a sentence: only spaces, after a sentence's end or a line's, before it."""
    before = text[:at].rstrip(" \t")
    return not before or before[-1] in ".!?\n"


def _grammemes(parse: Reading) -> frozenset[str]:
    return parse.grammemes


class Pymorphy:
    """pymorphy3's dictionary of a language ("ru", "uk")."""

    name = "pymorphy"

    def __init__(self, language: str) -> None:
        import pymorphy3  # noqa: PLC0415  (its dictionary is loaded where the language is read)

        self._analyzer = pymorphy3.MorphAnalyzer(lang=language)

    def readings(self, word: str) -> tuple[Reading, ...]:
        return tuple(
            Reading(frozenset(p.tag.grammemes), p.normal_form, p.tag.case, p.tag.gender, p)
            for p in self._analyzer.parse(key(word))
        )

    def nominative(self, reading: Reading) -> str | None:
        inflected = reading.source.inflect({"nomn"})  # type: ignore[attr-defined]
        return str(inflected.word) if inflected is not None else None

    def known(self, word: str) -> bool:
        return bool(self._analyzer.word_is_known(key(word)))


# Morfeusz's tags (NKJP's tagset) in pymorphy's grammemes
_POS = {"subst": "NOUN", "depr": "NOUN", "adj": "ADJF", "ppas": "PRTF", "pact": "PRTF"}
_CASES = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "inst": "ablt",
          "loc": "loct", "voc": "voct"}  # fmt: skip
_GENDERS = {"m1": "masc", "m2": "masc", "m3": "masc", "f": "femn", "n": "neut"}
_NUMBERS = {"sg": "sing", "pl": "plur"}
_CLASSES = {"imię": "Name", "nazwisko": "Surn", "nazwa_geograficzna": "Geox"}


class Morfeusz:
    """Morfeusz 2 with the SGJP dictionary of Polish (in the `morfeusz2` wheel): its tags
    read as pymorphy's grammemes, each case and gender of a tag a reading of its own."""

    name = "morfeusz"

    def __init__(self) -> None:
        import morfeusz2  # noqa: PLC0415

        self._morfeusz = morfeusz2.Morfeusz(expand_tags=True)

    def readings(self, word: str) -> tuple[Reading, ...]:
        found = []
        for _, _, (_, lemma, tag, classes, _) in self._morfeusz.analyse(word):
            parts = tag.split(":")
            if parts[0] == "ign":
                continue
            base = lemma.split(":")[0].lower()
            case = next((_CASES[p] for p in parts if p in _CASES), None)
            code = next((p for p in parts if p in _GENDERS), None)
            gender = _GENDERS.get(code or "")
            grammemes = {_POS.get(parts[0], parts[0].upper())}
            grammemes |= {_CLASSES[c] for c in classes if c in _CLASSES}
            grammemes |= {_NUMBERS[p] for p in parts if p in _NUMBERS}
            grammemes |= {g for g in (case, gender) if g} | ({"inan"} if code != "m1" else set())
            source = (lemma, tuple(parts), code)
            found.append(Reading(frozenset(grammemes), base, case, gender, source))
        return tuple(found)

    def nominative(self, reading: Reading) -> str | None:
        """A noun's lemma; an adjective's form in the nominative of its number and gender,
        from the dictionary's forms of its lemma."""
        source: tuple[str, tuple[str, ...], str | None] = reading.source  # type: ignore[assignment]
        lemma, parts, code = source
        if parts[0] in ("subst", "depr"):
            return lemma.split(":", 1)[0].lower()
        if parts[0] not in ("adj", "ppas", "pact"):
            return None
        number = "pl" if "pl" in parts else "sg"
        for orth, _, tag, _, _ in self._morfeusz.generate(lemma):
            form = tag.split(":")
            if form[0] == parts[0] and number in form and "nom" in form and code in form:
                return str(orth).lower()
        return None

    def known(self, word: str) -> bool:
        return any(tag[2][2] != "ign" for tag in self._morfeusz.analyse(word))


def _shaped(word: str, written: str) -> str:
    """`word` (lower case) in the letter case of `written`, part by part between hyphens
    ("нью-йорк" as "Нью-Йорку": "Нью-Йорк"), with its apostrophe."""
    parts, shapes = word.split("-"), written.split("-")
    if len(parts) != len(shapes):
        parts, shapes = [word], [written]
    shaped = []
    for part, shape in zip(parts, shapes, strict=True):
        if shape.isupper() and len(shape) > 1:
            shaped.append(part.upper())
        elif shape[:1].isupper():
            shaped.append(part[:1].upper() + part[1:])
        else:
            shaped.append(part)
    apostrophe = next((c for c in written if c in "'’ʼ"), None)
    result = "-".join(shaped)
    return re.sub("['’ʼ]", apostrophe, result) if apostrophe else result
