"""config/quotes.toml: one table of word lists per language, read once.

`Lexicons.load(path)` reads the file; `lexicons.get(code)` gives the `Lexicon` of one
language (`[common]` merged into `[<code>]`); a language without a table gets the union of
every table (with the generic English `after` templates), so "said" and "sagte" are both
known when the language is undetermined.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from worker.settings import read_config
from worker.stages.quotes.lexicon import Lexicon

UNION = "*"
LIST_KEYS = (
    "verbs", "participles", "quote_verbs", "belief_verbs", "according", "auxiliaries",
    "conjunctions", "complementizers", "pronouns_male", "pronouns_female", "pronouns_other",
    "honorifics_male", "honorifics_female", "titles", "determiners", "function_words",
    "relatives", "breaks", "particles", "abbreviations", "female_suffixes", "female_verb_suffixes",
    "male_verb_suffixes", "after",
)  # fmt: skip


@dataclass(frozen=True)
class Lexicons:
    """Every language table of config/quotes.toml; `get(code)` gives one."""

    tables: dict[str, Lexicon]

    @classmethod
    def load(cls, path: Path) -> Lexicons:
        return cls.from_dict(read_config(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexicons:
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
