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

`Detector` is langdetect's, with three of its loops written to do less work for the same
answer, bit for bit (tests/test_language.py compares the two): the n-grams of each word are
found once and remembered, characters are normalized by one `str.translate`, and the trials
update only the languages whose prior is not 0 (langdetect multiplies every loaded profile's
probability, the dropped ones' included, for each n-gram it draws). In `make bench` the
stage went from 0.12x to 0.09x trafilatura's time per page (README, Performance).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import langdetect.detector
from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.lang_profile import LangProfile
from langdetect.utils.ngram import NGram

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
    factory = Factory()
    factory.seed = SEED
    for index, name in enumerate(profiles):
        data = json.loads(Path(PROFILES_DIRECTORY, name).read_text(encoding="utf-8"))
        factory.add_profile(LangProfile(**data), index, len(profiles))
    return factory


class Factory(DetectorFactory):
    """langdetect's factory, making `Detector`s, and remembering the n-grams of the words
    they read (the profiles' n-grams are loaded before the first)."""

    def __init__(self) -> None:
        super().__init__()
        known = self.word_lang_prob_map
        self.word_ngrams = lru_cache(maxsize=WORDS_KEPT)(
            lambda word, spaced: _word_ngrams(word, spaced, known)
        )
        self.rows: dict[tuple[int, ...], dict[str, list[float]]] = {}  # live languages -> rows

    def _create_detector(self) -> Detector:
        if not self.langlist:
            raise LangDetectException(ErrorCode.NeedLoadProfileError, "Need to load profiles.")
        return Detector(self)


class Detector(langdetect.detector.Detector):
    """langdetect's detector, giving its answers with less work (see the module's docstring).
    What it does not override (cleaning, the prior, sorting) is langdetect's own."""

    def __init__(self, factory: Factory) -> None:
        super().__init__(factory)
        self.word_ngrams, self.rows = factory.word_ngrams, factory.rows

    def append(self, text: str) -> None:
        """As langdetect's: URLs and e-mail addresses out, Vietnamese marks normalized, the
        first `max_text_length` characters kept, each run of spaces one space."""
        text = self.MAIL_RE.sub(" ", self.URL_RE.sub(" ", text))
        text = NGram.normalize_vi(text)[: self.max_text_length]
        self.text += _SPACES.sub(" ", text)

    def _extract_ngrams(self) -> list[str]:
        """The 1- to 3-grams langdetect's `NGram` yields, in its order, that some profile
        knows. It reads the text a character at a time, starting afresh after each space;
        so a word's n-grams depend on the word alone (and whether a space ends it), and
        are found once (`_word_ngrams`)."""
        parts = self.text.translate(_NORMALIZED).split(" ")
        last, ngrams = len(parts) - 1, self.word_ngrams
        result: list[str] = []
        for index, word in enumerate(parts):
            if word:
                result += ngrams(word, index < last)
        return result

    def _detect_block(self) -> None:
        """langdetect's trials, bit for bit: the same draws, the same products and sums. A
        language whose prior is 0 stays at 0 in every product and adds 0 to every sum, so
        only the others are multiplied."""
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        start = self._init_probability()
        live = tuple(i for i, p in enumerate(start) if p != 0.0)
        known = self.word_lang_prob_map
        rows = self.rows.get(live)
        if rows is None or len(rows) > ROWS_KEPT:
            rows = self.rows[live] = {}
        self.langprob = [0.0] * len(self.langlist)
        draw, trials = self.random, self.n_trial
        draw.seed(self.seed)
        # random.choice(ngrams), as Python 3.11-3.13 draw it: bits until one is below the count
        count, bits, getrandbits = len(ngrams), len(ngrams).bit_length(), draw.getrandbits
        for _ in range(trials):
            prob = [start[i] for i in live]
            weight = (self.alpha + draw.gauss(0.0, 1.0) * self.ALPHA_WIDTH) / self.BASE_FREQ
            i = 0
            while True:
                pick = getrandbits(bits)
                while pick >= count:
                    pick = getrandbits(bits)
                word = ngrams[pick]
                row = rows.get(word)
                if row is None:
                    row = rows[word] = [known[word][j] for j in live]
                prob = [p * (weight + q) for p, q in zip(prob, row, strict=True)]
                if i % 5 == 0:
                    total = sum(prob)
                    prob = [p / total for p in prob]
                    if max(prob) > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                        break
                i += 1
            for j, p in zip(live, prob, strict=True):
                self.langprob[j] += p / trials


_SPACES = re.compile(" {2,}")
WORDS_KEPT = 8_192  # words whose n-grams a factory keeps (the most recently read)
ROWS_KEPT = 50_000  # n-grams whose live languages' probabilities a factory keeps, per set
CHARACTERS_KEPT = 20_000  # characters whose normalized form is kept


class _Normalizer(dict[int, str]):
    """`str.translate`'s table for langdetect's character normalization, filled as read."""

    def __missing__(self, code: int) -> str:
        if len(self) >= CHARACTERS_KEPT:  # a text of every script there is
            self.clear()
        self[code] = normal = NGram.normalize(chr(code))
        return normal


_NORMALIZED = _Normalizer()


def _word_ngrams(word: str, spaced: bool, known: Any) -> tuple[str, ...]:
    """The n-grams langdetect's `NGram` yields for one word (normalized, after a space,
    followed by one when `spaced`) that `known` holds: at each of its characters, the 1-,
    2- and 3-grams ending there, except where the character and the one before are both
    capitals; the space alone is not one."""
    padded = " " + word + (" " if spaced else "")
    found = []
    for i in range(1, len(padded)):
        ch = padded[i]
        if ch.isupper() and padded[i - 1].isupper():
            continue
        for gram in (ch, padded[i - 1 : i + 1], padded[i - 2 : i + 1] if i >= 2 else ""):
            if gram and gram != " " and gram in known:
                found.append(sys.intern(gram))  # one copy of each, however many words hold it
    return tuple(found)
