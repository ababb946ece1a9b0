"""config/quotes.toml: one table of word lists per language, read once.

`Lexicons.load(path)` reads the file; `lexicons.get(code)` gives the `Lexicon` of one
language (`[lang.common]` merged into `[lang.<code>]`); a language without a table gets the union of
every table (with the generic English `after` templates), so "said" and "sagte" are both
known when the language is undetermined.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from worker import stagefile
from worker.stages.quotes.lexicon import Lexicon

UNION = "*"
LIST_KEYS = (
    "verbs", "participles", "quote_verbs", "belief_verbs", "according", "auxiliaries",
    "conjunctions", "complementizers", "pronouns_male", "pronouns_female", "pronouns_other",
    "honorifics_male", "honorifics_female", "titles", "determiners", "function_words",
    "relatives", "passive_auxiliaries", "breaks", "particles",
    "abbreviations", "female_suffixes", "female_verb_suffixes", "male_verb_suffixes",
    "adverb_endings", "prepositions", "head_prepositions", "sources", "topics", "times",
    "time_modifiers", "after",
)  # fmt: skip


class QuotesLanguage(stagefile.LanguageTable):
    """One language's word lists (LIST_KEYS) and flags; see config/quotes.toml."""

    verbs: tuple[str, ...] = ()
    participles: tuple[str, ...] = ()
    quote_verbs: tuple[str, ...] = ()
    belief_verbs: tuple[str, ...] = ()
    according: tuple[str, ...] = ()
    auxiliaries: tuple[str, ...] = ()
    conjunctions: tuple[str, ...] = ()
    complementizers: tuple[str, ...] = ()
    pronouns_male: tuple[str, ...] = ()
    pronouns_female: tuple[str, ...] = ()
    pronouns_other: tuple[str, ...] = ()
    honorifics_male: tuple[str, ...] = ()
    honorifics_female: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    determiners: tuple[str, ...] = ()
    function_words: tuple[str, ...] = ()
    relatives: tuple[str, ...] = ()
    passive_auxiliaries: tuple[str, ...] = ()
    breaks: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    female_suffixes: tuple[str, ...] = ()
    female_verb_suffixes: tuple[str, ...] = ()
    male_verb_suffixes: tuple[str, ...] = ()
    adverb_endings: tuple[str, ...] = ()
    prepositions: tuple[str, ...] = ()
    head_prepositions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    time_modifiers: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


class QuotesFile(stagefile.StageFile):
    """config/quotes.toml: language tables only."""

    lang: dict[str, QuotesLanguage]


@dataclass(frozen=True)
class Lexicons:
    """Every language table of config/quotes.toml; `get(code)` gives one."""

    tables: dict[str, Lexicon]

    @classmethod
    def load(cls, path: Path) -> Lexicons:
        file = stagefile.load(path, QuotesFile)
        return cls.from_dict({code: t.model_dump() for code, t in file.lang.items()})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexicons:
        """From the language tables (code -> lists), "common" merged into each."""
        common = data.get("common", {})
        tables = {
            code: Lexicon(_merge(common, t), frozenset(t.get("flags", ())))
            for code, t in data.items()
            if code != "common"
        }
        union = _merge(common, *data.values())
        union["after"] = tuple(data.get("en", {}).get("after", ()))  # generic templates only
        tables[UNION] = Lexicon(union)
        return cls(tables)

    def warm(self) -> None:
        """Compile every language's patterns now (about 1 s in all)."""
        for lexicon in self.tables.values():
            lexicon.warm()

    def get(self, code: str | None) -> Lexicon:
        return self.tables.get((code or "").split("-")[0].lower(), self.tables[UNION])


def _merge(*tables: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {k: tuple(dict.fromkeys(w for t in tables for w in t.get(k, ()))) for k in LIST_KEYS}
