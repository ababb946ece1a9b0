#!/usr/bin/env python3
"""Language-stage benchmark on lingua's test sentences (one sentence a line, `<iso639-1>.txt`).

Usage: python scripts/eval_language.py ../shared/bench/lingua-sentences [--show LANG]

For each of the 20 news languages, in one run: langdetect alone (the stage before: all 55
profiles, seeded, best guess, no minimum) and ours (`LanguageTagger` with the [language]
settings), each on every sentence and on the sentences with at least `min_chars` letters.
Ours says `und` below the minimum; in "ours" every `und` counts as wrong, and the `und` share
is printed apart. "ours no min" is ours with `min_chars = 0`, like for like with langdetect
alone. Then: ours with the right and with a wrong declared language, what ours answers on
the bench's other languages, ms per call (median) and a digest of our answers (the same
digest on every run: deterministic). `--show LANG` prints our misses in LANG.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from scoring import write_figures  # noqa: E402

from worker.settings import load_settings  # noqa: E402
from worker.stages.language.alphabets import count_letters  # noqa: E402
from worker.stages.language.langid import UNDETERMINED, code_of  # noqa: E402
from worker.stages.language.stage import LanguageTagger  # noqa: E402

NEWS = (
    "en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "pl",
    "tr", "ar", "fa", "zh", "ja", "ko", "vi", "id", "hi", "sv",
)  # fmt: skip
TARGET = 0.993
# A wrong declaration for each language: English, or a close neighbour when that is harder.
MISLEADING = {"es": "pt", "pt": "es", "ru": "uk", "uk": "ru", "nl": "de", "sv": "de", "en": "fr"}
Detect = Callable[[str, str | None], str]
NO_MIN = "ours no min"
VERDICT_NOTES = {
    "langdetect": "the baseline (the stage before), every sentence, no minimum",
    "ours": "every sentence, und below the minimum counted wrong: the stage as configured",
    NO_MIN: "every sentence, min_chars=0: like for like with the baseline",
    "langdetect >=min": "baseline on the sentences with at least min_chars letters",
    "ours >=min": "the stage as configured, on those same sentences",
}


@dataclass(frozen=True)
class Sentence:
    lang: str
    text: str
    long: bool  # at least min_chars letters


def langdetect_alone(text: str, _declared: str | None = None) -> str:
    """The stage before this change: seeded langdetect over every profile, best guess."""
    try:
        return code_of(detect_langs(text)[0].lang)
    except LangDetectException:
        return UNDETERMINED


def code_only(tagger: LanguageTagger) -> Detect:
    return lambda text, declared: tagger(text, declared)[0]


def load(folder: Path, langs: Sequence[str], min_chars: int) -> list[Sentence]:
    return [
        Sentence(lang, line, count_letters(line, min_chars) >= min_chars)
        for lang in langs
        for line in (folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def answers(
    detect: Detect, sentences: list[Sentence], declare: Callable[[str], str | None]
) -> tuple[list[str], list[float]]:
    """(answers, seconds per call) of `detect` on every sentence."""
    out: list[str] = []
    seconds: list[float] = []
    for s in sentences:
        start = time.perf_counter()
        out.append(detect(s.text, declare(s.lang)))
        seconds.append(time.perf_counter() - start)
    return out, seconds


def accuracy(sentences: list[Sentence], got: list[str], lang: str, long_only: bool) -> float:
    pairs = [(s, g) for s, g in zip(sentences, got, strict=True) if s.lang == lang]
    pairs = [(s, g) for s, g in pairs if s.long or not long_only]
    return sum(g == s.lang for s, g in pairs) / len(pairs) if pairs else 0.0


def print_table(sentences: list[Sentence], runs: dict[str, list[str]]) -> dict[str, float]:
    """Per-language accuracy of every run (all sentences and >= min); returns the averages."""
    columns = [(name, False) for name in runs] + [(n, True) for n in runs if n != NO_MIN]
    heads = [f"{name}{' >=min' if long else ''}" for name, long in columns]
    print(f"{'lang':5}{'n':>5}{'und':>7}" + "".join(f"{h:>17}" for h in heads))
    sums = dict.fromkeys(heads, 0.0)
    for lang in NEWS:
        mine = [g for s, g in zip(sentences, runs["ours"], strict=True) if s.lang == lang]
        cells = [accuracy(sentences, runs[name], lang, long) for name, long in columns]
        for head, value in zip(heads, cells, strict=True):
            sums[head] += value / len(NEWS)
        und = mine.count(UNDETERMINED) / len(mine)
        print(f"{lang:5}{len(mine):5}{und:7.1%}" + "".join(f"{c:17.2%}" for c in cells))
    print(f"{'avg':17}" + "".join(f"{sums[h]:17.2%}" for h in heads))
    return sums


def print_verdict(sums: dict[str, float], sentences: list[Sentence], ours: list[str]) -> None:
    und = [s for s, g in zip(sentences, ours, strict=True) if g == UNDETERMINED]
    short = sum(not s.long for s in sentences)
    print(
        f"\nours says und on {len(und) / len(sentences):.2%} of the sentences: "
        f"{short / len(sentences):.2%} under the minimum (all of them), "
        f"{sum(s.long for s in und) / len(sentences):.2%} above it (low confidence)"
    )
    print(f"against the {TARGET:.1%} target (langdetect alone, all sentences, is the baseline):")
    for head, value in sums.items():
        verdict = "meets" if value >= TARGET else "misses"
        print(f"  {head:<18} {value:.2%}  {verdict}  {VERDICT_NOTES[head]}")


def print_declared(tagger: LanguageTagger, sentences: list[Sentence]) -> None:
    print(f"\ndeclared-language prior ({NO_MIN}, average over the 20, all sentences):")
    for label, declare in [
        ("none declared", lambda _lang: None),
        ("right language declared", lambda lang: lang),
        ("wrong language declared", lambda lang: MISLEADING.get(lang, "en")),
    ]:
        got, _ = answers(code_only(replace(tagger, min_chars=0)), sentences, declare)
        mean = statistics.fmean(accuracy(sentences, got, lang, False) for lang in NEWS)
        print(f"  {label:<26} {mean:.2%}")


def print_others(tagger: LanguageTagger, folder: Path, min_chars: int) -> None:
    """What ours answers on the bench's languages that are not among the configured ones."""
    allowed = set(tagger.identifier.languages)
    others = sorted(p.stem for p in folder.glob("*.txt") if p.stem not in allowed)
    sentences = [s for s in load(folder, others, min_chars) if s.long]
    got, _ = answers(code_only(tagger), sentences, lambda _lang: None)
    wrong = sum(g in allowed for g in got) / len(got)
    und = got.count(UNDETERMINED) / len(got)
    print(
        f"\n{len(others)} other bench languages ({len(got)} sentences >= min): labelled with "
        f"a configured language {wrong:.1%}, und {und:.1%}, other {1 - wrong - und:.1%}"
    )


def run_all(
    tagger: LanguageTagger, sentences: list[Sentence]
) -> tuple[dict[str, list[str]], dict[str, list[float]]]:
    """Answers and per-call seconds of langdetect alone, ours, and ours without the minimum."""
    runs, timing = {}, {}
    for name, detect in [
        ("langdetect", langdetect_alone),
        ("ours", code_only(tagger)),
        (NO_MIN, code_only(replace(tagger, min_chars=0))),
    ]:
        runs[name], timing[name] = answers(detect, sentences, lambda _lang: None)
    return runs, timing


def print_timing(sentences: list[Sentence], timing: dict[str, list[float]]) -> None:
    print("\nms/call, median: all sentences | sentences >= min")
    for name, seconds in timing.items():
        long = [t for s, t in zip(sentences, seconds, strict=True) if s.long]
        print(
            f"  {name:<12} {statistics.median(seconds) * 1e3:.3f} | "
            f"{statistics.median(long) * 1e3:.3f}"
        )


def print_misses(sentences: list[Sentence], got: list[str], lang: str) -> None:
    print(f"\nour misses in {lang}:")
    for s, g in zip(sentences, got, strict=True):
        if s.lang == lang and g != s.lang:
            print(f"  {g:4} {s.text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="lingua-sentences folder")
    parser.add_argument("--show", metavar="LANG", help="print our misses in this language")
    parser.add_argument("--json", type=Path, help="write the headline figures here (JSON)")
    args = parser.parse_args()
    options = load_settings().language
    DetectorFactory.seed = 0
    tagger = LanguageTagger.from_settings(options)
    sentences = load(args.folder, NEWS, options.min_chars)
    runs, timing = run_all(tagger, sentences)
    print(f"== {len(sentences)} sentences of {args.folder}, min_chars={options.min_chars}")
    sums = print_table(sentences, runs)
    print_verdict(sums, sentences, runs["ours"])
    write_figures(args.json, {"accuracy": sums["ours"]})
    print_declared(tagger, sentences)
    print_others(tagger, args.folder, options.min_chars)
    print_timing(sentences, timing)
    digest = hashlib.sha256("\n".join(runs["ours"]).encode()).hexdigest()[:16]
    print(f"\nanswers digest (ours): {digest}  (equal across runs: deterministic)")
    if args.show:
        print_misses(sentences, runs["ours"], args.show)


if __name__ == "__main__":
    main()
