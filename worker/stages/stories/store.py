"""Where the stories stage keeps its state: the `Store` protocol and the in-memory store.

A store holds, per language: the document frequencies of terms (over the current and the
previous window), the near-duplicate index (MinHash bands -> article ids, and each article's
signature), the open stories (centroid, size, first and last time, a title) with an
inverted index term -> stories, and for every article placed its placement, so a placement
is made once per article however often the article comes back (redelivery, re-drive, a
repeat). `place` is atomic: it refuses (returns None) to open a new story when another was
opened in the same language since the caller read `version`, so two workers never open two
stories for one event at the same moment; the caller reads and scores again. An article
near two open stories may merge them (`Placement.merged`): the younger ones are folded into
the one it joins, in the same atomic write, and the merge is announced.

`MemoryStore` is the store of `ingest run` (one process, state for that run only);
`RedisStore` (redis_store.py) is the workers' store, shared by all of them.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from worker.clock import utc_iso
from worker.stages.stories.features import ANY, FIGURES_KEPT, Signature, cosine

PER_TERM = 20  # stories read per term: the most recently joined (a common word finds many)
# articles kept a band key, the latest, as lua/near.lua keeps them in a slot: a key many
# texts share (boilerplate's) holds no more
NEAR_PER_KEY = 64


@dataclass(frozen=True)
class Story:
    """An open story found for an article, with the article's cosine to its centroid."""

    id: str
    score: float
    published: float | None  # the latest `published` of its articles (epoch s), if any had one
    opened: float  # arrival time of the article that opened it (epoch s)
    published_first: float | None = None  # the earliest `published` of its articles
    years: frozenset[int] = frozenset()  # the years its articles name (see features.years)
    months: frozenset[int] = frozenset()  # the months their dates name (see features.months)
    weekdays: frozenset[int] = frozenset()  # the weekdays they name (see features.weekdays)
    figures: frozenset[str] = frozenset()  # the figures their leads give (features.figures)
    leads: frozenset[str] = frozenset()  # their leading people (see features.lead)


@dataclass(frozen=True)
class Look:
    """What the stage reads before scoring: the earlier placement (then nothing else), or
    the language's version, document counts (this article counted in) and near articles."""

    placed: dict[str, Any] | None = None
    version: int = 0
    documents: int = 0
    df: dict[str, int] = field(default_factory=dict)
    near: dict[str, Signature] = field(default_factory=dict)


@dataclass(frozen=True)
class Placement:
    """What `place` is asked to record for one article."""

    article_id: str
    language: str
    story_id: str
    new: bool
    version: int  # the language's version read before scoring (checked when `new`; -1: not)
    published: float | None  # the article's `published` day, epoch seconds
    now: float  # arrival time, epoch seconds
    title: str
    vector: dict[str, float]
    postings: tuple[str, ...]  # the terms under which the story can be found
    signature: Signature
    result: dict[str, Any]  # {"story": {...}, "duplicate_of": ...}: what the record gets
    years: frozenset[int] = frozenset()  # the years the article names
    months: frozenset[int] = frozenset()  # the months its dates name
    weekdays: frozenset[int] = frozenset()  # the weekdays they name
    figures: frozenset[str] = frozenset()  # the figures its lead gives
    lead: str | None = None  # its leading person, if it has one
    merged: tuple[str, ...] = ()  # open stories that merge into `story_id` with this article


class Store(Protocol):
    def look(
        self, article_id: str, language: str, terms: list[str], bands: list[bytes], now: float
    ) -> Look:
        """The earlier placement of the article; else count its terms in and return the
        version, the document frequencies and the articles sharing a band with it."""
        ...

    def version(self, language: str) -> int: ...

    def candidates(
        self, language: str, vector: dict[str, float], postings: list[str], now: float, limit: int
    ) -> list[Story]:
        """Up to `limit` open stories sharing the most of the `postings` terms, each with the
        cosine of `vector` (normalized) to its centroid."""
        ...

    def story_of(self, article_id: str) -> str | None: ...

    def place(self, placement: Placement) -> dict[str, Any] | None:
        """Record it; the earlier result if the article was placed before; None to retry
        (the story to join, or one to merge into it, is no longer open). Stories in
        `merged` are folded into the one joined (centroid, counts, times, postings), closed,
        and announced: `{"merged": [into, *merged], "into": into, ...}`."""
        ...

    def top(self, count: int) -> list[dict[str, Any]]: ...


@dataclass
class _Open:
    id: str
    language: str
    title: str
    published: float | None  # the latest and the earliest `published` of its articles
    seen_first: float
    seen_last: float
    count: int = 0
    centroid: dict[str, float] = field(default_factory=dict)  # term -> summed weight
    published_first: float | None = None
    years: set[int] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    weekdays: set[int] = field(default_factory=set)
    figures: frozenset[str] = frozenset()
    leads: set[str] = field(default_factory=set)


class MemoryStore:
    """The store of one process (`ingest run`): dicts; closed stories and articles out of
    the near-duplicate window are passed over, not dropped (the state lives as long as the
    run). What it keeps an article is kept small, as a run may place hundreds of thousands:
    its signature packed as the workers keep it in Redis (132 bytes, where the object with
    its cached values took some 5 KB), its placement as JSON, its id under each of its 32
    band keys in a dict of the language (the id alone while it is the key's only article, a
    list after, where a set under a (language, band) pair took some 9 KB an article), and
    its terms interned, so that the stories' centroids and the term counts share one string
    a term: 5.2 KB an article in all, against 19.4 (`scripts/bench_stories.py
    --in-process`)."""

    def __init__(self, window: float, near_window: float, centroid_terms: int) -> None:
        self.window = window
        self.near_window = near_window
        self.centroid_terms = centroid_terms
        self.results: dict[str, str] = {}  # article id -> its placement, JSON
        self.buckets: dict[str, dict[bytes, str | list[str]]] = defaultdict(dict)
        self.signatures: dict[str, tuple[bytes, float]] = {}  # packed, with its arrival time
        self.df: dict[str, Counter[str]] = defaultdict(Counter)
        self.documents: Counter[str] = Counter()
        self.versions: Counter[str] = Counter()
        self.stories: dict[str, _Open] = {}
        self.postings: dict[str, dict[str, float]] = defaultdict(dict)
        self.events: list[dict[str, Any]] = []  # merges announced, in order

    def look(
        self, article_id: str, language: str, terms: list[str], bands: list[bytes], now: float
    ) -> Look:
        if article_id in self.results:
            return Look(placed=json.loads(self.results[article_id]))
        self.documents[language] += 1
        df = self.df[language]
        df.update(map(sys.intern, terms))
        since, near = now - self.near_window, {}
        for i in self._sharing(language, bands):
            packed, at = self.signatures[i]
            if at >= since:
                near[i] = Signature.unpack(packed)
        return Look(
            version=self.versions[language],
            documents=self.documents[language],
            df={t: df[t] for t in terms},
            near=near,
        )

    def _sharing(self, language: str, bands: list[bytes]) -> set[str]:
        """The articles with one of `bands` (band keys) in `language`."""
        index, ids = self.buckets[language], set[str]()
        for band in bands:
            found = index.get(band)
            if isinstance(found, str):
                ids.add(found)
            elif found is not None:
                ids.update(found)
        return ids

    def _index(self, language: str, bands: list[bytes], article_id: str) -> None:
        index = self.buckets[language]
        for band in bands:
            found = index.get(band)
            if found is None:
                index[band] = article_id
            elif isinstance(found, str):
                index[band] = [found, article_id]
            else:
                found.append(article_id)
                if len(found) > NEAR_PER_KEY:
                    del found[0]

    def version(self, language: str) -> int:
        return self.versions[language]

    def candidates(
        self, language: str, vector: dict[str, float], postings: list[str], now: float, limit: int
    ) -> list[Story]:
        shared: Counter[str] = Counter()
        for term in postings:
            posted = self.postings.get(f"{language}:{term}", {})
            recent = sorted(posted, key=lambda s: -posted[s])[:PER_TERM]
            for story_id in recent:
                if self._open(story_id, now):
                    shared[story_id] += 1
        picked = sorted(shared, key=lambda s: (-shared[s], s))[:limit]
        return [_scored(self.stories[s], vector) for s in picked]

    def _open(self, story_id: str, now: float) -> bool:
        story = self.stories.get(story_id)  # merged stories are gone
        return story is not None and story.seen_last >= now - self.window

    def story_of(self, article_id: str) -> str | None:
        result = self.results.get(article_id)
        return None if result is None else str(json.loads(result)["story"]["id"])

    def place(self, placement: Placement) -> dict[str, Any] | None:
        p = placement
        if p.article_id in self.results:
            return dict(json.loads(self.results[p.article_id]))
        if p.new and not self._opened(p):
            return None
        if not all(self._open(s, p.now) for s in (p.story_id, *p.merged)):
            return None  # closed, merged or never opened: read and score again
        story = self.stories[p.story_id]
        story.count += 1
        story.seen_last = p.now
        if p.published is not None:
            story.published = max(story.published or p.published, p.published)
            story.published_first = min(story.published_first or p.published, p.published)
        add(story.centroid, {sys.intern(term): weight for term, weight in p.vector.items()})
        story.years |= p.years
        story.months |= p.months
        story.weekdays |= p.weekdays
        story.figures = kept(story.figures | p.figures)
        story.leads |= {p.lead} if p.lead else set()
        for term in p.postings:
            self.postings[f"{p.language}:{term}"][p.story_id] = p.now
        for other_id in p.merged:
            self._merge(story, self.stories.pop(other_id), len(p.postings), p.now)
        if p.merged:
            self.events.append(merge_event(p))
        story.centroid = pruned(story.centroid, self.centroid_terms)
        self._index(p.language, p.signature.bands(), p.article_id)
        self.signatures[p.article_id] = (p.signature.pack(), p.now)
        self.results[p.article_id] = json.dumps(p.result)
        return p.result

    def _opened(self, p: Placement) -> bool:
        """Open the placement's new story, unless one opened since it read the version."""
        if p.version >= 0 and self.versions[p.language] != p.version:
            return False
        self.versions[p.language] += 1
        known = self.stories.get(p.story_id)
        if known is None or known.seen_last < p.now - self.window:  # else its opener is back
            self.stories[p.story_id] = _Open(p.story_id, p.language, p.title, None, p.now, p.now)
        return True

    def _merge(self, story: _Open, other: _Open, postings: int, now: float) -> None:
        """Fold `other` into `story`; `story` is posted under `other`'s heaviest terms."""
        add(story.centroid, other.centroid)
        story.count += other.count
        story.years |= other.years
        story.months |= other.months
        story.weekdays |= other.weekdays
        story.figures = kept(story.figures | other.figures)
        story.leads |= other.leads
        story.seen_first = min(story.seen_first, other.seen_first)
        if other.published is not None:
            story.published = max(story.published or other.published, other.published)
        if other.published_first is not None:
            first = story.published_first or other.published_first
            story.published_first = min(first, other.published_first)
        for term in heaviest(other.centroid, postings):
            self.postings[f"{story.language}:{term}"][story.id] = now

    def top(self, count: int) -> list[dict[str, Any]]:
        ranked = sorted(self.stories.values(), key=lambda s: (-s.count, s.seen_first))[:count]
        return [
            summary(s.id, s.count, (s.seen_first, s.seen_last), s.language, s.title) for s in ranked
        ]


def _scored(story: _Open, vector: dict[str, float]) -> Story:
    score = cosine(vector, story.centroid)
    return Story(
        story.id,
        score,
        story.published,
        story.seen_first,
        story.published_first,
        years=frozenset(story.years),
        months=frozenset(story.months),
        weekdays=frozenset(story.weekdays),
        figures=story.figures,
        leads=frozenset(story.leads),
    )


def heaviest(centroid: Mapping[str, float], count: int) -> list[str]:
    """The `count` heaviest terms of a centroid (on a tie, the first by term)."""
    return [t for t, _ in sorted(centroid.items(), key=lambda item: (-item[1], item[0]))[:count]]


def pruned(centroid: dict[str, float], cap: int) -> dict[str, float]:
    """A centroid holding more than twice `cap` terms keeps its `cap` heaviest, else it is
    returned as it is."""
    if len(centroid) <= 2 * cap:
        return centroid
    return {term: centroid[term] for term in heaviest(centroid, cap)}


def add(centroid: dict[str, float], vector: Mapping[str, float]) -> None:
    """Add a vector (or a centroid) to a centroid, term by term."""
    for term, weight in vector.items():
        centroid[term] = centroid.get(term, 0.0) + weight


def kept(figures: frozenset[str]) -> frozenset[str]:
    """A story's figures: up to `FIGURES_KEPT`, then `ANY` (too many to tell by)."""
    return frozenset({ANY}) if ANY in figures or len(figures) > FIGURES_KEPT else figures


def merge_event(placement: Placement) -> dict[str, Any]:
    """The `ingest:stories` entry announcing the merge a placement makes."""
    p = placement
    return {
        "merged": [p.story_id, *p.merged],
        "into": p.story_id,
        "language": p.language,
        "article_id": p.article_id,
        "at": utc_iso(p.now),
    }


def summary(
    story_id: str, count: int, seen: tuple[float, float], language: str, title: str
) -> dict[str, Any]:
    """One line of `ingest stories` (`seen`: arrival of its first and latest article)."""
    return {
        "id": story_id,
        "articles": count,
        "first_seen": utc_iso(seen[0]),
        "last_seen": utc_iso(seen[1]),
        "languages": [language],
        "title": title,
    }
