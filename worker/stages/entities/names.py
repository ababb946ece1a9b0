"""From recognized spans to entities: one canonical name per entity, every mention found.

`resolve(text, mentions, trimmer)` is shared by every backend:
1. trim each span to the name (no titles, determiners, possessives) and drop overlaps;
2. group spans by surface form (or the dictionary form a backend gives); a short PERSON
   form ("Putin", "Mr Putin") joins the full name it ends or begins with ("Vladimir
   Putin"), the nearest one mentioned before it when two share it; an acronym joins the
   ORG whose initials it spells ("EU"); a name said of a place in one place and of its
   club in another ("in Leeds", "Leeds won") is two entities, LOC and ORG;
3. find further occurrences of every form (and of each person's surname) that the
   recognizer missed, so PERSON entities carry all their mentions;
4. label each entity by majority over its mentions, name it by its longest form.
Output: record dicts `{name, type, mentions: [{text, start, end}]}` in order of first
mention; deterministic for a given input.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from worker.calendar_names import unspaced
from worker.segment import boundaries
from worker.stages.entities.lexicon import Lexicon, bases, inflected
from worker.stages.entities.mentions import Mention, free
from worker.stages.entities.trim import Trimmer

_DOTS = "·•・"  # between the parts of a foreign name written in Chinese or Japanese


@dataclass
class _Entity:
    forms: list[str]  # surface forms, longest (the canonical name) first
    mentions: list[Mention] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The majority label of the mentions, weak ones counted only when all are weak."""
        strong = [m for m in self.mentions if not m.weak] or self.mentions
        counts = Counter(m.label for m in strong)
        return max(counts, key=lambda label: (counts[label], label == "PERSON"))


def resolve(text: str, mentions: list[Mention], trimmer: Trimmer) -> list[dict[str, Any]]:
    """Entities of `text` from a recognizer's spans (see the module docstring)."""
    spans = _non_overlapping(m for m in map(lambda m: trimmer.trim(text, m), mentions) if m)
    entities = _group(text, spans, trimmer.lexicon)
    _propagate(text, entities, trimmer)
    return [_record(text, e, trimmer) for e in sorted(entities, key=_first_start)]


def _non_overlapping(mentions: Any) -> list[Mention]:
    """Mentions in text order; of overlapping ones the longest (then earliest) wins."""
    kept: dict[tuple[int, int], Mention] = {}
    spans: list[tuple[int, int]] = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if free(spans, m.start, m.end):
            bisect.insort(spans, (m.start, m.end))
            kept[m.start, m.end] = m
    return [kept[span] for span in spans]


def _surface(text: str, m: Mention) -> str:
    return " ".join(text[m.start : m.end].split())


def _group(text: str, spans: list[Mention], lexicon: Lexicon) -> list[_Entity]:
    """One entity per long form; short forms attached to the entity they abbreviate."""
    by_form: dict[str, list[Mention]] = {}
    for m in spans:  # by the backend's dictionary form where it gives one
        by_form.setdefault(m.name or _surface(text, m), []).append(m)
    entities: list[_Entity] = []
    for form in sorted(
        by_form, key=lambda f: (-len(f.split()), _unspaced_length(f), by_form[f][0].start)
    ):
        candidates = _owners(form, by_form[form], entities, lexicon)
        if not candidates:
            entities.append(_Entity([form], list(by_form[form])))
            continue
        for m in by_form[form]:
            entity = _nearest(candidates, m.start)
            entity.mentions.append(Mention(m.start, m.end, entity.label, m.weak))
            if form not in entity.forms:
                entity.forms.append(form)
                _prefer_base(entity, form, lexicon)
    own = {(m.start, m.end): m.label for m in spans}
    return [part for e in entities if e.mentions for part in _place_and_club(e, own)]


def _place_and_club(entity: _Entity, own: dict[tuple[int, int], str]) -> list[_Entity]:
    """The entity, or two when the recognizer called its name a place in some mentions and
    an organisation in others (a city and its club); its other mentions go to the one
    mentioned last before them. `own`: the recognizer's label of each span."""
    labels = [own.get((m.start, m.end), m.label) for m in entity.mentions]
    if not {"LOC", "ORG"} <= set(labels):
        return [entity]
    parts = {"LOC": _Entity(list(entity.forms)), "ORG": _Entity(list(entity.forms))}
    rest = []
    for m, label in zip(entity.mentions, labels, strict=True):
        if label in parts:
            parts[label].mentions.append(Mention(m.start, m.end, label, m.weak))
        else:
            rest.append(m)
    for m in rest:
        part = _nearest(list(parts.values()), m.start)
        part.mentions.append(Mention(m.start, m.end, part.label, m.weak))
    for part in parts.values():
        part.mentions.sort(key=lambda m: m.start)
    return list(parts.values())


def _owners(
    form: str, mentions: list[Mention], entities: list[_Entity], lexicon: Lexicon
) -> list[_Entity]:
    """Entities with a longer form that `form` abbreviates (inflected forms included)."""
    words = form.split()
    person = any(m.label == "PERSON" for m in mentions)
    if unspaced(form):  # no spaces: a family name alone is the start of the full name, and
        # a company's short name the start of its full one ("トヨタ" of "トヨタ自動車")
        # "日本" of "日本銀行" is no bank, nor a person named before a company of that name;
        # a weak person (only a reporting verb said so: a company "said" too) may be
        kept = any(m.label == "LOC" or (m.label == "PERSON" and not m.weak) for m in mentions)
        labels = {"PERSON"} if person else set()
        labels |= set() if kept else {"ORG"}
        return [e for e in entities if e.label in labels and _starts(e, form)]
    endings = set(bases(words[-1], lexicon))
    found = []
    for entity in entities:
        full = entity.forms[0].split()
        if len(full) < len(words):
            continue
        same_end = full[-len(words) : -1] == words[:-1] and not endings.isdisjoint(
            bases(full[-1], lexicon)
        )
        if len(full) == len(words):
            found.extend([entity] if same_end else [])  # inflected: "России", "Россия"
            continue
        surname = same_end and (person or len(words) == 1)
        named = (surname or (person and full[: len(words)] == words)) and "PERSON"
        spelled = words[0].isupper() and _spells(words, full) and "ORG"
        if entity.label in (named, spelled):
            found.append(entity)
    return found


def _unspaced_length(form: str) -> int:
    """Longer names first in a script without spaces ("岸田文雄" before "岸田"); 0 else."""
    return -len(form) if unspaced(form) else 0


def _starts(entity: _Entity, form: str) -> bool:
    """`form` begins the entity's name ("岸田" of "岸田文雄"), or ends a name in parts joined
    by a middle dot, a foreign name whose family name comes last ("穆勒" of "汉斯·穆勒")."""
    name = entity.forms[0]
    return (name.startswith(form) and len(name) > len(form)) or name.endswith(
        tuple(dot + form for dot in _DOTS)
    )


def _prefer_base(entity: _Entity, form: str, lexicon: Lexicon) -> None:
    """Name the entity by the base form when `form` is the base of its current name."""
    name = entity.forms[0]
    if len(form.split()) == len(name.split()) and form in bases(name, lexicon)[1:]:
        entity.forms.remove(form)
        entity.forms.insert(0, form)


def _spells(short: list[str], words: list[str]) -> bool:
    """`short` is one word made of the capitals starting `words` ("EU", "European Union")."""
    initials = "".join(w[0] for w in words if w[0].isupper())
    return len(short) == 1 and len(short[0]) > 1 and short[0].replace(".", "") == initials


def _nearest(candidates: list[_Entity], start: int) -> _Entity:
    """The candidate mentioned last before `start`, else the first mentioned after it."""

    def rank(entity: _Entity) -> tuple[int, int]:
        before = [m.start for m in entity.mentions if m.start < start]
        return (0, -max(before)) if before else (1, _first_start(entity))

    return min(candidates, key=rank)


def _first_start(entity: _Entity) -> int:
    return min(m.start for m in entity.mentions)


def _propagate(text: str, entities: list[_Entity], trimmer: Trimmer) -> None:
    """Add unrecognized occurrences of each entity's forms (persons: surname too)."""
    taken = sorted((m.start, m.end) for e in entities for m in e.mentions)
    forms: dict[str, list[_Entity]] = {}
    for entity in entities:
        for form in _variants(entity, trimmer):
            forms.setdefault(form, []).append(entity)
    if not forms:
        return
    for found in _occurrences(text, list(forms), trimmer.lexicon.language):
        if free(taken, found.start(), found.end()):
            entity = _nearest(forms[found.group()], found.start())
            entity.mentions.append(Mention(found.start(), found.end(), entity.label, weak=True))
    for entity in entities:
        entity.mentions.sort(key=lambda m: m.start)


def _occurrences(text: str, forms: list[str], language: str) -> Iterator[re.Match[str]]:
    """Where the forms stand in `text` as whole words: between non-word characters, or, in
    a language written without spaces that `worker.segment` cuts ("马克龙" inside "同马克龙
    举行"), where its segmenter says words begin and end."""
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    cuts = boundaries(language, text) if any(map(unspaced, forms)) else None
    if cuts is None:
        yield from re.finditer(rf"(?<!\w)(?:{alternation})(?!\w)", text)
        return
    for found in re.finditer(alternation, text):
        spaced = not unspaced(found.group())
        edges = (found.start(), found.end())
        if all(cut in cuts or (spaced and _edge(text, cut)) for cut in edges):
            yield found


def _edge(text: str, at: int) -> bool:
    """No word character on both sides of offset `at` (a spaced word's edge)."""
    return not (0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum())


def _variants(entity: _Entity, trimmer: Trimmer) -> list[str]:
    lex = trimmer.lexicon
    forms = [f for form in entity.forms for f in inflected(form, lex)]
    surname = entity.forms[0].split()[-1]
    if entity.label == "PERSON" and len(entity.forms[0].split()) > 1 and len(surname) > 2:
        forms.extend(inflected(surname, lex))
    last = re.split(f"[{_DOTS}]", entity.forms[0])[-1]
    if entity.label == "PERSON" and unspaced(last) and last != entity.forms[0] and len(last) > 1:
        forms.append(last)  # "汉斯·穆勒": "穆勒"
    return [f for f in forms if f.casefold() not in lex.not_names and not f.islower()]


def _record(text: str, entity: _Entity, trimmer: Trimmer) -> dict[str, Any]:
    label = entity.label
    mentions = []
    for m in entity.mentions:
        start = trimmer.honorific_before(text, m.start) if label == "PERSON" else m.start
        mentions.append({"text": text[start : m.end], "start": start, "end": m.end})
    return {"name": entity.forms[0], "type": label, "mentions": mentions}
