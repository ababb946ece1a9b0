"""Writing-system evidence for language identification: letters, scripts, alphabets.

Pure functions over a text sample. `count_letters` is what the language minimum counts;
`dominant_script` names the script that decides which language profiles may answer;
`SCRIPT_PROFILES` says which langdetect profiles are written in each script (a profile in
none of them is written in Latin); `ruled_out` drops Cyrillic candidates whose alphabet lacks
a letter the sample has.
"""

from __future__ import annotations

import re
import unicodedata

LATIN = "latin"
UNKNOWN = "unknown"  # letters, but in no script a langdetect profile is written in

# script -> (its characters, the langdetect profiles written in it)
SCRIPT_PROFILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "hangul": ("\uac00-\ud7af\u1100-\u11ff\u3130-\u318f", ("ko",)),
    "kana": ("\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f", ("ja",)),
    "han": ("\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff", ("zh-cn", "zh-tw", "ja")),
    "cyrillic": ("\u0400-\u04ff", ("ru", "uk", "bg", "mk")),
    "arabic": ("\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff", ("ar", "fa", "ur")),
    "devanagari": ("\u0900-\u097f", ("hi", "mr", "ne")),
    "bengali": ("\u0980-\u09ff", ("bn",)),
    "gurmukhi": ("\u0a00-\u0a7f", ("pa",)),
    "gujarati": ("\u0a80-\u0aff", ("gu",)),
    "tamil": ("\u0b80-\u0bff", ("ta",)),
    "telugu": ("\u0c00-\u0c7f", ("te",)),
    "kannada": ("\u0c80-\u0cff", ("kn",)),
    "malayalam": ("\u0d00-\u0d7f", ("ml",)),
    "thai": ("\u0e00-\u0e7f", ("th",)),
    "greek": ("\u0370-\u03ff\u1f00-\u1fff", ("el",)),
    "hebrew": ("\u0590-\u05ff", ("he",)),
}
_SCRIPT_PATTERNS = {name: re.compile(f"[{chars}]") for name, (chars, _) in SCRIPT_PROFILES.items()}
_ANY_SCRIPT_PATTERN = re.compile(f"[{''.join(chars for chars, _ in SCRIPT_PROFILES.values())}]")
_LATIN_PATTERN = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_CJK = ("hangul", "kana", "han")
# A non-Latin script decides when it has at least this share of the letters: news in Korean,
# Hindi or Arabic is full of Latin brand names and URLs; a Latin text quoting a word in
# another script stays Latin.
SCRIPT_SHARE = 0.3

# Letters each Cyrillic-script profile never writes (its alphabet lacks them).
NOT_IN_ALPHABET: dict[str, frozenset[str]] = {
    "ru": frozenset("іїєґўјљњџѓќѕ"),
    "uk": frozenset("ыэъёўјљњџѓќѕ"),
    "bg": frozenset("ыэёіїєґўјљњџѓќѕ"),
    "mk": frozenset("ыэъёщйьюяіїєґў"),
}
# Ukrainian typed with a Latin "i" inside Cyrillic words ("вiн"): read it as "і".
_LATIN_I_IN_CYRILLIC = re.compile("(?<=[\u0400-\u04ff])[iI]|[iI](?=[\u0400-\u04ff])")


_SYLLABIC_WEIGHT = 3


def count_letters(text: str, enough: int) -> int:
    """Letters in `text` (combining marks count: Devanagari vowel signs are letters too).

    A Han, kana or Hangul character counts as `_SYLLABIC_WEIGHT` letters: it carries about
    as much as a short word, so "too short to tell" means the same in every script.
    Stops counting at `enough`, so a long text costs no more than a short one.
    """
    count = 0
    for ch in text:
        if unicodedata.category(ch)[0] in "LM":
            count += _SYLLABIC_WEIGHT if _is_syllabic(ch) else 1
            if count >= enough:
                break
    return count


def _is_syllabic(ch: str) -> bool:
    code = ord(ch)
    return 0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF


def dominant_script(sample: str) -> str:
    """The script whose profiles may answer for `sample`: a SCRIPT_PROFILES key, LATIN or UNKNOWN.

    Hangul, kana and Han count as one script, named by the most telling of its parts: any
    Hangul (more than kana) is Korean, any kana is Japanese, Han alone is Chinese or Japanese.
    """
    if not _ANY_SCRIPT_PATTERN.search(sample):  # the common case, in one scan
        return LATIN if _LATIN_PATTERN.search(sample) else UNKNOWN
    counts = {name: len(p.findall(sample)) for name, p in _SCRIPT_PATTERNS.items()}
    cjk = sum(counts.pop(name) for name in _CJK)
    if cjk:
        counts[_cjk_part(sample)] = cjk
    latin = len(_LATIN_PATTERN.findall(sample))
    best = max(counts, key=counts.__getitem__)
    total = latin + sum(counts.values())
    if counts[best] and counts[best] >= SCRIPT_SHARE * total:
        return best
    return LATIN if latin else UNKNOWN


def _cjk_part(sample: str) -> str:
    hangul = len(_SCRIPT_PATTERNS["hangul"].findall(sample))
    kana = len(_SCRIPT_PATTERNS["kana"].findall(sample))
    if hangul and hangul >= kana:
        return "hangul"
    return "kana" if kana else "han"


def normalize_cyrillic(sample: str) -> str:
    """`sample` with Latin "i" inside Cyrillic words replaced by Cyrillic "і"."""
    return _LATIN_I_IN_CYRILLIC.sub("і", sample)


def ruled_out(sample: str, profiles: tuple[str, ...]) -> frozenset[str]:
    """The `profiles` whose alphabet lacks a letter of `sample`; none when that is all of them.

    Mixed text (a Russian quote in a Ukrainian article) has letters every candidate lacks:
    then the alphabets say nothing and langdetect decides alone.
    """
    letters = frozenset(sample.lower())
    out = frozenset(p for p in profiles if letters & NOT_IN_ALPHABET.get(p, frozenset()))
    return frozenset() if out == frozenset(profiles) else out
