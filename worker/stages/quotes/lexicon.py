"""The word lists of one language (config/quotes.toml) and the patterns built from them.

Each pattern compiles on first use (0.05-0.15 s per language, 0.4 s for the union of all);
`warm()` compiles them all at once, which the stage does when it is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from worker.stages.quotes.patterns import (
    AFTER_SEP,
    APPOSITIVE,
    PHRASE,
    REST,
    SP,
    UPPER,
    WORD,
    alternation,
    name_pattern,
    noun_phrase,
    verb_alternation,
)


@dataclass(frozen=True)
class Lexicon:
    """The word lists of one language and the patterns built from them."""

    words: dict[str, tuple[str, ...]]
    flags: frozenset[str] = frozenset()

    def warm(self) -> None:
        """Compile every pattern now rather than on the first article."""
        for name in _PATTERNS:
            getattr(self, name)

    def alt(self, *keys: str, ignore_case: bool = True, bounded: bool = True) -> str:
        words = (w for k in keys for w in self.words[k])
        return alternation(words, ignore_case=ignore_case, bounded=bounded)

    def verbs(self, *keys: str) -> str:
        return verb_alternation(w for k in keys for w in self.words[k])

    def has(self, key: str, word: str) -> bool:
        return word.casefold() in folded(self.words[key])

    @cached_property
    def prefixes(self) -> frozenset[str]:
        """Titles and honorifics, case-folded: dropped from the front of a name."""
        return folded(
            self.words["titles"] + self.words["honorifics_male"] + self.words["honorifics_female"]
        )

    @cached_property
    def openers(self) -> frozenset[str]:
        """Capitalized words that may open a sentence before its subject ("But", "Sen.")."""
        return frozenset(self.words["function_words"] + self.words["titles"])

    @cached_property
    def abbreviations(self) -> frozenset[str]:
        """Words a period does not end a sentence after ("Mr", "Sen", "U.S")."""
        dotted = (w.rstrip(".") for w in self.words["titles"] + self.words["honorifics_male"]
                  + self.words["honorifics_female"] if w.endswith("."))  # fmt: skip
        return frozenset((*self.words["abbreviations"], *dotted))

    def _name(self, strict: bool) -> str:
        func = self.alt("function_words", ignore_case=False) if strict else ""
        prefixes = self.alt("titles", "honorifics_male", "honorifics_female", ignore_case=False)
        dotted = alternation(
            (w + "." for w in self.abbreviations if w[:1].isupper()), ignore_case=False
        )
        return name_pattern(func, self.alt("particles", ignore_case=False), prefixes, dotted)

    @cached_property
    def name(self) -> str:
        """Capitalized tokens, function words included ("But Trump"): `names` refines it."""
        return self._name(strict=False)

    @cached_property
    def pronoun(self) -> str:
        return self.alt(*_PRONOUNS)

    @cached_property
    def speaker(self) -> str:
        """A name, a pronoun, a determiner-led noun phrase or a possessive one ("Ryan’s
        campaign")."""
        func = self.alt("complementizers", "conjunctions", "auxiliaries", "breaks")
        nominal = noun_phrase(self.alt("determiners"), func)
        possessive = rf"{self.name}[’']s?(?:{SP}(?!{func}){WORD}){{1,2}}?"
        bracketed = rf"{self.name}(?:{SP}\([^()\n]{{1,20}}\))?"  # "Sen. Dick Durbin (D-Ill.)"
        return rf"(?:{possessive}|{bracketed}|{self.pronoun}|{nominal})"

    @cached_property
    def verb(self) -> re.Pattern[str]:
        """Reporting verbs that introduce quotes and reported speech."""
        return re.compile(self.verbs("verbs"))

    @cached_property
    def cue(self) -> re.Pattern[str]:
        """Every cue a quote can hang on, partial quotes included."""
        return re.compile(self.verbs("verbs", "participles", "quote_verbs", "according"))

    @cached_property
    def reported(self) -> re.Pattern[str]:
        """Verbs that introduce reported content (speech and belief) without quote marks."""
        return re.compile(self.verbs("verbs", "belief_verbs"))

    @cached_property
    def after_all(self) -> tuple[re.Pattern[str], ...]:
        """The `after` templates and "according to X", anchored after a closing mark."""
        according = rf"(?P<verb>{self.verbs('according')}){SP}(?P<speaker>{self.speaker})"
        templates = [AFTER_SEP + self.expand(t) for t in self.words["after"]]
        return tuple(re.compile(p) for p in (*templates, AFTER_SEP + according))

    def expand(self, template: str) -> str:
        pieces = {
            "{VERB}": rf"{self.aux}(?P<verb>{self.alt('verbs', ignore_case=False)})",
            "{SPEAKER}": rf"(?P<speaker>{self.speaker})(?P<appos>{APPOSITIVE})?",
            "{PRONOUN}": rf"(?P<speaker>{self.alt(*_PRONOUNS, bounded=False)})",
            "{ANY}": rf"(?P<speaker>(?<![\w’'-]){PHRASE}(?![\w’'-]))(?P<appos>{APPOSITIVE})?",
            "{REST}": rf"(?P<rest>{REST})",
        }
        out = re.escape(template).replace(r"\ ", SP)
        for key, value in pieces.items():
            out = out.replace(re.escape(key), value)
        return out

    @cached_property
    def aux(self) -> str:
        """Up to two auxiliaries or adverbs before a verb ("has also", "angrily")."""
        return rf"(?:(?:{self.alt('auxiliaries')}|{self.adverb}|{self.time_phrase}){SP}){{0,2}}"

    @cached_property
    def time_phrase(self) -> str:
        """An adverbial of time before a verb: "last week", "earlier this year"
        (`time_modifiers`, then one of `times`)."""
        if not self.words["times"] or not self.words["time_modifiers"]:
            return "(?!)"
        times, modifiers = self.alt("times"), self.alt("time_modifiers")
        return rf"(?:{modifiers}{SP}){{1,2}}{times}"

    @cached_property
    def adverb(self) -> str:
        """A lowercase word with an adverb's ending (`adverb_endings`), at least 6 letters."""
        endings = "|".join(re.escape(e) for e in sorted(self.words["adverb_endings"], key=len))
        if not endings:
            return "(?!)"
        return rf"(?<![\w’'-])(?=[^\W\d_]{{6}})[^\W\d_{UPPER}]+(?:{endings})(?![\w’'-])"

    @cached_property
    def adverbs(self) -> re.Pattern[str]:
        return re.compile(self.adverb)

    def is_adverb(self, word: str) -> bool:
        return self.adverbs.fullmatch(word) is not None

    @cached_property
    def subject(self) -> re.Pattern[str]:
        """A speaker that ends right before a verb (search with endpos = the verb's start):
        "Bolton ", "he also ", "Trump, 70, ", "he laughed and "."""
        lower = rf"(?![{UPPER}]|{self.pronoun}){WORD}"
        chained = rf"(?:(?:{lower}{SP}){{1,3}}{self.alt('conjunctions')}{SP})?"
        common = rf"(?!{self.stop}){lower}"  # "Labor Department officials", "federal prosecutors"
        bare = rf"(?<![\w’'-])(?:{self.name}{SP})?(?:{common}{SP}){{0,2}}{common}"
        speaker = rf"(?P<speaker>{self.speaker}|{bare})(?P<appos>{APPOSITIVE})?"
        return re.compile(rf"{speaker}{SP}{self.aux}{chained}\Z")

    @cached_property
    def stop(self) -> str:
        """Words that are never part of a speaker phrase."""
        return self.alt("function_words", "complementizers", "conjunctions", "auxiliaries",
                        "breaks", "determiners", "verbs", "belief_verbs")  # fmt: skip

    @cached_property
    def inverted(self) -> re.Pattern[str]:
        """The rest of the clause after a verb: "said Bolton", "sagte Merkel"."""
        return re.compile(rf"{SP}(?P<rest>{REST})")

    @cached_property
    def opening(self) -> re.Pattern[str]:
        """A sentence-initial speaker: the subject of "saying", "adding"."""
        lead = self.alt("function_words", "auxiliaries", "conjunctions")
        intro = rf"(?:{self.alt('breaks')}[^\n,;:!?]{{0,60}},{SP})?"  # "At the time, she …"
        skip = rf"(?:{lead}[^\S\n]*,?{SP}){{0,3}}"
        return re.compile(rf"{intro}{skip}(?P<speaker>{self.speaker})(?P<appos>{APPOSITIVE})?{SP}")

    @cached_property
    def according_clause(self) -> re.Pattern[str]:
        """ "According to X, …": a sentence that opens with its source."""
        source = rf"(?P<speaker>{self.speaker})(?P<appos>{APPOSITIVE})?"
        return re.compile(rf"(?P<verb>{self.verbs('according')}){SP}{source}[^\S\n]*,")

    @cached_property
    def antecedent(self) -> re.Pattern[str]:
        """The name a relative pronoun refers to: "Mike Lee, " before "who declared"."""
        return re.compile(
            rf"(?P<speaker>{self.name})(?:{SP}\([^()\n]{{1,20}}\))?[^\S\n]*,[^\S\n]*\Z"
        )

    @cached_property
    def colon(self) -> re.Pattern[str]:
        """ "Ana Ruiz and Tomas Varga: “…”", "And Mr. Varga gloated: “…”"."""
        verb = rf"(?:{SP}(?P<verb>(?![{UPPER}])[^\W\d_][\w-]*))?"
        return re.compile(rf"(?P<speaker>{self.name}|{self.pronoun}){verb}[^\S\n]*:[^\S\n]*\Z")

    @cached_property
    def sourced(self) -> re.Pattern[str]:
        """ "From the report: “…”", "More from Ana Ruiz: “…”": a source and a colon."""
        if not self.words["sources"]:
            return re.compile(r"(?!)")
        source = self.alt("sources")
        return re.compile(
            rf"(?<![\w’'-]){source}{SP}(?P<speaker>{self.speaker})[^\S\n]*:[^\S\n]*\Z"
        )

    @cached_property
    def topic(self) -> re.Pattern[str]:
        """ "Ana Ruiz on the Varnesk budget: ‘…’": a headline's speaker, a topic word, what
        they speak about and a colon (match at the start of the lead-in)."""
        if not self.words["topics"]:
            return re.compile(r"(?!)")
        return re.compile(
            rf"(?P<speaker>{self.name}){SP}{self.alt('topics')}{SP}[^\n:]{{1,120}}:[^\S\n]*\Z"
        )

    @cached_property
    def given(self) -> re.Pattern[str]:
        """A given name (and initial) right before a surname (search with endpos there)."""
        func = self.alt("function_words", ignore_case=False)
        initial = rf"(?:[{UPPER}]\.{SP})?"
        return re.compile(rf"(?<![\w’'.-])(?!{func})[{UPPER}][\w’'-]*{SP}{initial}\Z")

    @cached_property
    def names(self) -> re.Pattern[str]:
        return re.compile(self._name(strict=True))

    @cached_property
    def pronouns(self) -> re.Pattern[str]:
        return re.compile(self.pronoun)

    @cached_property
    def complementizer(self) -> re.Pattern[str]:
        words = rf"(?:{WORD}{SP}){{0,3}}?"
        return re.compile(rf"[^\S\n]*,?[^\S\n]*{words}{self.alt('complementizers')}")


_PRONOUNS = ("pronouns_male", "pronouns_female", "pronouns_other", "relatives")
_PATTERNS = (
    "verb", "cue", "reported", "after_all", "subject", "inverted", "opening",
    "according_clause", "antecedent", "colon", "topic", "given", "names", "pronouns",
    "complementizer", "adverbs",
)  # fmt: skip


@cache
def folded(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.casefold() for w in words)
