"""Person-name evidence: given names (with their usual gender) and surnames, from Faker.

Faker (MIT licence, maintained since 2012) ships, for about 70 locales, the given names
registries list by sex and the commonest surnames; the union over every locale is about
30,000 given names and as many surnames. They answer two questions the rules cannot:
- is this run of capitalized words a person? ("Tegla Loroupe" has no cue; "Manchester
  United" has a place and no name word, so it is not a person);
- which pronoun fits a person named without an honorific? ("Anna Berg ... she said").
Names shared by both sexes ("Jordan", "Andrea") have no gender. Words that name places
too ("Paris", "Kent") are still listed: callers weigh the evidence. Loaded once per
process (about 0.1 s), then set lookups on match keys (case-folded); the locale modules
read are let go, as only the names are kept.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from dataclasses import dataclass
from functools import cache

from faker.providers import person


@dataclass(frozen=True)
class People:
    """Given names and surnames as match keys."""

    male: frozenset[str]
    female: frozenset[str]
    surnames: frozenset[str]

    def is_given(self, key: str) -> bool:
        return key in self.male or key in self.female

    def is_surname(self, key: str) -> bool:
        return key in self.surnames

    def gender(self, key: str) -> str | None:
        """ "m" or "f" for a given name only one sex carries, else None."""
        male, female = key in self.male, key in self.female
        return "m" if male and not female else "f" if female and not male else None


@cache
def people() -> People:
    """The names of every Faker locale (cached per process)."""
    male: set[str] = set()
    female: set[str] = set()
    surnames: set[str] = set()
    before = set(sys.modules)
    for module in pkgutil.iter_modules(person.__path__):
        if not module.ispkg:
            continue
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attribute, into in (
            ("first_names_male", male),
            ("first_names_female", female),
            ("last_names", surnames),
        ):
            names = vars(provider).get(attribute)
            if isinstance(names, dict | list | tuple):  # some locales compute them
                into.update(_keys(names))
    # The locale modules hold their tables (some 10 MB over all locales): let them go.
    for name in set(sys.modules) - before:
        if name.startswith(f"{person.__name__}."):
            del sys.modules[name]
            vars(person).pop(name.rsplit(".", 1)[1], None)
    return People(frozenset(male), frozenset(female), frozenset(surnames))


def _keys(names: object) -> set[str]:
    return {n.casefold() for n in names if isinstance(n, str) and n[:1].isupper()}  # type: ignore[attr-defined]
