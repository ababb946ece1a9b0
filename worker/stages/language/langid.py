"""Language identification: langdetect, told which languages to expect and what the page says.

`LanguageIdentifier(languages, other_prior, declared_prior)` loads langdetect's profiles once
(only the expected languages' when `other_prior` is 0). `identify(sample, declared)` returns
`(code, probability)`:

1. the sample's dominant script narrows the profiles (Hangul: ko; kana: ja; Han alone: zh or
   ja; Cyrillic: ru, uk, ...; a Latin text is never Korean);
2. a Cyrillic profile whose alphabet lacks a letter of the sample is dropped (ы: not uk);
3. langdetect runs over what is left, with a prior: 1 for an expected language,
   `other_prior` for the others, times `declared_prior` for the declared one.

One profile left: it is the answer, with probability 1.0. None left (a script no expected
language is written in): `und`, 0.0. Deterministic: each identifier's langdetect is seeded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.lang_profile import LangProfile

from worker.errors import ConfigError
from worker.stages.language import alphabets

UNDETERMINED = "und"
SEED = 0
PROFILES = tuple(sorted(p.name for p in Path(PROFILES_DIRECTORY).iterdir()))
# Declared codes langdetect spells differently ("nb-NO" is Norwegian Bokmål: profile "no").
_DECLARED_ALIASES = {"nb": "no", "nn": "no", "iw": "he", "in": "id"}


def code_of(profile: str) -> str:
    """The ISO 639-1 code of a langdetect profile ("zh-cn" -> "zh")."""
    return profile.split("-", maxsplit=1)[0]


class LanguageIdentifier:
    """langdetect over the profiles the script allows, with expected and declared priors."""

    def __init__(self, languages: Iterable[str], other_prior: float, declared_prior: float):
        expected = set(languages) or {code_of(p) for p in PROFILES}
        if unknown := expected - {code_of(p) for p in PROFILES}:
            raise ConfigError(f"language.languages: langdetect has no profile for {unknown}")
        self.languages = frozenset(expected)
        self._weights = {
            p: 1.0 if code_of(p) in expected else other_prior
            for p in PROFILES
            if code_of(p) in expected or other_prior > 0
        }
        self._declared_prior = declared_prior
        self._factory = _load_factory(tuple(self._weights))

    def identify(self, sample: str, declared: str | None = None) -> tuple[str, float]:
        """(ISO 639-1 code, probability) of `sample`; (`und`, 0.0) when no profile may answer."""
        script = alphabets.dominant_script(sample)
        if script == "cyrillic":
            sample = alphabets.normalize_cyrillic(sample)
        prior = self._prior(self._candidates(script, sample), _declared_code(declared))
        if not prior:
            return UNDETERMINED, 0.0
        if len(prior) == 1:
            return code_of(next(iter(prior))), 1.0
        return self._detect(sample, prior)

    def _candidates(self, script: str, sample: str) -> tuple[str, ...]:
        if script == alphabets.UNKNOWN:
            return ()
        if script == alphabets.LATIN:
            written = _LATIN_PROFILES
        else:
            written = alphabets.SCRIPT_PROFILES[script][1]
        profiles = tuple(p for p in written if p in self._weights)
        out = alphabets.ruled_out(sample, profiles)
        return tuple(p for p in profiles if p not in out)

    def _prior(self, profiles: tuple[str, ...], declared: str | None) -> dict[str, float]:
        boost = self._declared_prior
        return {p: self._weights[p] * (boost if code_of(p) == declared else 1.0) for p in profiles}

    def _detect(self, sample: str, prior: dict[str, float]) -> tuple[str, float]:
        detector = self._factory.create()
        detector.append(sample)
        detector.set_prior_map(prior)
        try:
            best = detector.get_probabilities()
        except LangDetectException:  # no letter n-gram langdetect knows
            return UNDETERMINED, 0.0
        if not best:
            return UNDETERMINED, 0.0
        return code_of(best[0].lang), round(best[0].prob, 4)


_NON_LATIN = {p for _, profiles in alphabets.SCRIPT_PROFILES.values() for p in profiles}
_LATIN_PROFILES = tuple(p for p in PROFILES if p not in _NON_LATIN)


def _declared_code(declared: str | None) -> str | None:
    """The primary subtag of a declared tag ("pt-BR", "de_DE", "EN") as langdetect spells it."""
    if not declared:
        return None
    primary = declared.replace("_", "-").split("-")[0].strip().lower()
    return _DECLARED_ALIASES.get(primary, primary)


def _load_factory(profiles: tuple[str, ...]) -> DetectorFactory:
    """A langdetect factory with only `profiles` loaded, seeded (its own, not the global one)."""
    factory = DetectorFactory()
    factory.seed = SEED
    for index, name in enumerate(profiles):
        data = json.loads(Path(PROFILES_DIRECTORY, name).read_text(encoding="utf-8"))
        factory.add_profile(LangProfile(**data), index, len(profiles))
    return factory
