"""Cue words per language: config/entities.toml plus calendar and language names from babel.

`EntityConfig.load(path)` reads the file once; `config.lexicon(lang)` gives the merged word
lists of one language (`[lang.common]` + `[lang.<code>]`; a language with no section
gets the union of every section, so the rule backend still knows "Mr" and "Herr").
Every word is stored as a match key: case-folded, trailing period removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from worker import stagefile

_FIELDS = (
    "honorifics", "org_words", "org_suffixes", "loc_words", "person_verbs", "function_words",
    "lone_words", "connectors", "event_words", "abbreviations", "territory_nouns", "org_nouns",
    "sports_words", "place_prepositions", "genitive_prepositions", "modifier_endings",
)  # fmt: skip


def key(word: str) -> str:
    """The match key of a word: case-folded, without a trailing period."""
    return word.casefold().rstrip(".")


@dataclass(frozen=True)
class Lexicon:
    """The cue words of one language, as match keys."""

    language: str
    honorifics: frozenset[str] = frozenset()
    titles: frozenset[tuple[str, ...]] = frozenset()
    org_words: frozenset[str] = frozenset()
    org_suffixes: frozenset[str] = frozenset()
    loc_words: frozenset[str] = frozenset()
    person_verbs: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    lone_words: frozenset[str] = frozenset()
    connectors: frozenset[str] = frozenset()
    event_words: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()
    territory_nouns: frozenset[str] = frozenset()
    org_nouns: frozenset[str] = frozenset()
    sports_words: frozenset[str] = frozenset()
    place_prepositions: frozenset[str] = frozenset()
    genitive_prepositions: frozenset[str] = frozenset()
    modifier_endings: frozenset[str] = frozenset()
    misc_words: frozenset[str] = frozenset()
    calendar_words: frozenset[str] = frozenset()  # day and month names (babel)
    inflections: tuple[tuple[str, str], ...] = ()
    nouns_capitalized: bool = False
    title_words: frozenset[str] = field(init=False)
    not_names: frozenset[str] = field(init=False)  # never a name alone

    def __post_init__(self) -> None:
        title_words = frozenset(w for t in self.titles for w in t)
        object.__setattr__(self, "title_words", title_words)
        not_names = self.lone_words | self.function_words | title_words
        object.__setattr__(self, "not_names", not_names)


class EntitiesLanguage(stagefile.LanguageTable):
    """One language's cue words (see config/entities.toml)."""

    honorifics: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    org_words: tuple[str, ...] = ()
    org_suffixes: tuple[str, ...] = ()
    loc_words: tuple[str, ...] = ()
    person_verbs: tuple[str, ...] = ()
    function_words: tuple[str, ...] = ()
    lone_words: tuple[str, ...] = ()
    connectors: tuple[str, ...] = ()
    not_connectors: tuple[str, ...] = ()
    event_words: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    territory_nouns: tuple[str, ...] = ()
    org_nouns: tuple[str, ...] = ()
    sports_words: tuple[str, ...] = ()
    place_prepositions: tuple[str, ...] = ()
    genitive_prepositions: tuple[str, ...] = ()
    modifier_endings: tuple[str, ...] = ()
    inflections: tuple[str, ...] = ()
    nouns_capitalized: bool = False


class Spacy(stagefile.Section):
    models: dict[str, str]


class Gazetteer(stagefile.Section):
    min_city_population: int
    min_alias_population: int
    aliases: tuple[str, ...]
    nations: tuple[str, ...] = ()


class EntitiesFile(stagefile.StageFile):
    """config/entities.toml."""

    backends: dict[str, str]
    spacy: Spacy
    gazetteer: Gazetteer
    lang: dict[str, EntitiesLanguage]


@dataclass(frozen=True)
class EntityConfig:
    """The parsed config/entities.toml."""

    data: dict[str, Any]

    @classmethod
    def load(cls, path: Path) -> EntityConfig:
        """Parse and check the file; raises ConfigError if it is missing, not valid TOML, or
        not the shape EntitiesFile gives."""
        return cls(stagefile.load(path, EntitiesFile).model_dump(exclude_unset=True))

    def backend_for(self, language: str, overrides: dict[str, str] | None = None) -> str:
        """The backend name configured for `language` (else the default, else "rules")."""
        table = {**self.data.get("backends", {}), **(overrides or {})}
        return str(table.get(language, table.get("default", "rules")))

    def lexicon(self, language: str) -> Lexicon:
        return _lexicon(self, language)

    def __hash__(self) -> int:
        return id(self)


@cache
def _lexicon(config: EntityConfig, language: str) -> Lexicon:
    sections = config.data.get("lang", {})
    chosen = [sections.get("common", {})]
    chosen += [sections[language]] if language in sections else list(sections.values())
    words = {name: _keys(s.get(name, ()) for s in chosen) for name in _FIELDS}
    calendar = _calendar_words(language)
    words["lone_words"] |= calendar
    words["connectors"] -= _keys(s.get("not_connectors", ()) for s in chosen[1:])
    titles = frozenset(
        tuple(key(w) for w in t.split()) for s in chosen for t in s.get("titles", ())
    )
    return Lexicon(
        language=language,
        titles=titles,
        misc_words=_language_names(language),
        calendar_words=calendar,
        inflections=_inflections(sections.get(language, {}).get("inflections", ())),
        nouns_capitalized=bool(sections.get(language, {}).get("nouns_capitalized", False)),
        **words,
    )


def _inflections(rules: Any) -> tuple[tuple[str, str], ...]:
    pairs = (str(rule).split(">", 1) for rule in rules)
    return tuple((suffix, base) for suffix, base in pairs if suffix)


def bases(word: str, lexicon: Lexicon) -> list[str]:
    """`word` and the base forms its inflection rules give ("Москве" -> "Москва", "Москв")."""
    found = [word]
    for suffix, base in lexicon.inflections:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            found.append(word[: -len(suffix)] + base)
    return found


def inflected(word: str, lexicon: Lexicon) -> list[str]:
    """`word` and the forms the inflection rules derive from it as a base ("Путин" ->
    "Путина", "Путину", ...), for finding every mention of a name."""
    found = [word]
    for suffix, base in lexicon.inflections:
        if word.endswith(base) and len(word) > len(base) + 2:
            found.append(word[: len(word) - len(base)] + suffix)
    return found


def _keys(lists: Any) -> frozenset[str]:
    return frozenset(key(word) for words in lists for word in words)


def locales(language: str) -> list[Locale]:
    """babel locales for the language and English (news quotes English names everywhere)."""
    found = []
    for code in dict.fromkeys((language, "en")):
        try:
            found.append(Locale.parse(code))
        except (UnknownLocaleError, ValueError):
            continue
    return found


def _calendar_words(language: str) -> frozenset[str]:
    """Day and month names: capitalized, never entities."""
    words: set[str] = set()
    for locale in locales(language):
        for table in (locale.days, locale.months):
            for width in ("wide", "abbreviated"):
                words.update(key(w) for w in table["format"][width].values())
    return frozenset(words)


def _language_names(language: str) -> frozenset[str]:
    """Language names ("German", "Russian"), which in news are mostly nationality adjectives."""
    names: set[str] = set()
    for locale in locales(language):
        names.update(key(n) for code, n in locale.languages.items() if len(code) <= 3)
    return frozenset(names)
