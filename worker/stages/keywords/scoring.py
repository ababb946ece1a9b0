"""Rank candidate phrases with the YAKE features (Campos et al., Information Sciences 2020).

Candidates are runs of 1..`max_units` units with no stop word and no break inside. Each term
(unit) gets YAKE's weight from its casing, position, frequency, context diversity and spread
over sentences (lower is better); a phrase's weight is the product of its terms' weights over
its frequency. What differs from YAKE: candidates are built from units, so names are never cut,
a name (several capitalized words, or an entity mention) joins only other capitalized units,
and instead of edit-distance deduplication a phrase is dropped when half the words of the
shorter one are in a better one. Deterministic: ties go to the phrase that comes first.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field

from worker.stages.keywords.tokens import Token

Occurrences = list[tuple[int, int]]  # (first unit index, last unit index)
_SENTENCE_START_VOTE = 0.001  # "Engineers" opening a sentence says little about its case


@dataclass(frozen=True)
class Ranked:
    text: str
    weight: float  # YAKE weight: lower is better
    start: int
    end: int


def rank(text: str, units: list[Token], max_units: int, max_words: int, top: int) -> list[Ranked]:
    """The `top` phrases of `text`, best first."""
    weights = term_weights(units)
    if not weights:
        return []
    phrases = _candidates(units, max_units, max_words)
    scored = sorted(
        (_phrase_weight(keys, len(occ), weights), occ[0][0], keys) for keys, occ in phrases.items()
    )
    chosen: list[tuple[frozenset[str], Ranked]] = []
    for weight, _, keys in scored:
        words = frozenset(" ".join(keys).split())
        if any(_overlap(words, other) for other, _ in chosen):
            continue
        chosen.append((words, _ranked(text, units, phrases[keys], weight)))
        if len(chosen) == top:
            break
    return [r for _, r in chosen]


def _overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    """Half the words of the shorter phrase in the other: "Herrera" after "Lucía Herrera"."""
    return len(a & b) * 2 >= min(len(a), len(b))


@dataclass
class _Counts:
    tf: Counter[str] = field(default_factory=Counter)
    cap: Counter[str] = field(default_factory=Counter)
    sentences: dict[str, list[int]] = field(default_factory=dict)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # (left, right) neighbours


def _count(units: list[Token]) -> _Counts:
    counts = _Counts()
    previous = None
    for unit in units:
        if previous is not None and not unit.broken:
            counts.pairs[(previous.key, unit.key)] += 1
        previous = unit
        if not unit.stop:
            counts.tf[unit.key] += 1
            counts.cap[unit.key] += unit.cap
            counts.sentences.setdefault(unit.key, []).append(unit.sentence)
    return counts


def term_weights(units: list[Token]) -> dict[str, float]:
    """YAKE's S(t) for every non-stop unit key."""
    counts = _count(units)
    if not counts.tf:
        return {}
    diversity = _diversity(counts.pairs)
    tfs = list(counts.tf.values())
    norm = statistics.fmean(tfs) + statistics.pstdev(tfs)
    most, total = max(tfs), units[-1].sentence + 1
    weights = {}
    for key, n in counts.tf.items():
        seen = counts.sentences[key]
        relatedness = 1 + diversity.get(key, 0.0) * n / most
        position = math.log(math.log(3 + seen[(len(seen) - 1) // 2]))
        casing = counts.cap[key] / (1 + math.log(n))
        spread = len(set(seen)) / total
        weights[key] = relatedness * position / (casing + (n / norm + spread) / relatedness)
    return weights


def _diversity(pairs: Counter[tuple[str, str]]) -> dict[str, float]:
    """DL + DR: distinct left (right) neighbours over left (right) co-occurrences."""
    distinct: Counter[tuple[str, int]] = Counter()
    totals: Counter[tuple[str, int]] = Counter()
    for (left, right), n in pairs.items():
        for key, side in ((right, 0), (left, 1)):
            distinct[(key, side)] += 1
            totals[(key, side)] += n
    result: dict[str, float] = {}
    for (key, side), n in distinct.items():
        result[key] = result.get(key, 0.0) + n / totals[(key, side)]
    return result


def _candidates(
    units: list[Token], max_units: int, max_words: int
) -> dict[tuple[str, ...], Occurrences]:
    phrases: dict[tuple[str, ...], Occurrences] = {}
    count = len(units)
    for i, unit in enumerate(units):
        if unit.stop:
            continue
        keys: tuple[str, ...] = ()
        words = 0
        for j in range(i, min(i + max_units, count)):
            end = units[j]
            words += end.words
            if end.stop or (j > i and (end.broken or _mixed(unit, end))) or words > max_words:
                break
            keys = (*keys, end.key)
            phrases.setdefault(keys, []).append((i, j))
    return phrases


def _mixed(first: Token, other: Token) -> bool:
    """A name joins only capitalized words: "President Trump", not "explique Étienne Marchal"."""
    return (first.words > 1 or other.words > 1) and not (first.cap and other.cap)


def _phrase_weight(keys: tuple[str, ...], count: int, weights: dict[str, float]) -> float:
    product, total = 1.0, 1.0
    for key in keys:
        product *= weights[key]
        total += weights[key]
    return product / (count * total)


def _ranked(text: str, units: list[Token], occurrences: Occurrences, weight: float) -> Ranked:
    """The phrase as the text writes it most often (not counting capitals of a sentence start)."""
    forms: dict[str, float] = {}
    spans: dict[str, tuple[int, int]] = {}
    for i, j in occurrences:
        start, end = units[i].start, units[j].end
        form = text[start:end]
        spans.setdefault(form, (start, end))
        plain = not units[i].initial or units[i].cap
        forms[form] = forms.get(form, 0.0) + (1.0 if plain else _SENTENCE_START_VOTE)
    best = max(forms, key=lambda form: (forms[form], -spans[form][0]))
    return Ranked(best, weight, *spans[best])
