"""`make(settings, redis)`: the `stories` stage with its options bound (its contract is the
package's docstring, in worker/stages/stories/__init__.py). With a Redis client (workers) its
state is in that Redis, shared by every worker; without one (`ingest run`) it is in memory
for the life of the stage."""

from __future__ import annotations

import calendar
import dataclasses
import time
from collections.abc import Callable
from typing import Any

import structlog
from redis import Redis

from worker.article import Article
from worker.clock import date_of
from worker.settings import Settings, Stories
from worker.stages.stories.features import (
    ANY,
    Signature,
    Terms,
    figures,
    lead,
    months,
    stem_for,
    surname,
    weekdays,
    years,
)
from worker.stages.stories.redis_store import RedisStore
from worker.stages.stories.store import MemoryStore, Placement, Store, Story

log = structlog.get_logger("worker.stages.stories")
ATTEMPTS = 5  # reads and scores before opening a story without the version check


def make(settings: Settings, redis: Redis | None = None) -> Callable[[Article], Article]:
    placer = Placer(settings.stories, store_for(settings, redis))

    def stories(article: Article) -> Article:
        result = placer.place(article)
        return article.replace(story=result["story"], duplicate_of=result["duplicate_of"])

    return stories


def store_for(settings: Settings, redis: Redis | None) -> Store:
    options = settings.stories
    if redis is None:
        return MemoryStore(options.window, options.near_window, options.centroid_terms)
    return RedisStore(
        redis,
        settings.key_prefix,
        window=options.window,
        near_window=options.near_window,
        centroid_terms=options.centroid_terms,
        events=settings.streams.stories,
    )


class Placer:
    def __init__(
        self, options: Stories, store: Store, clock: Callable[[], float] = time.time
    ) -> None:
        self.options = options
        self.store = store
        self.clock = clock  # arrival time (scripts/bench_stories.py spreads it over days)

    def place(self, article: Article) -> dict[str, Any]:
        article_id = article.article_id or article.ingest_id
        language = str(article.language.get("code") or "und")
        terms = Terms.of(article, self.options)
        signature = Signature.of(article.text)
        now = self.clock()
        look = self.store.look(article_id, language, sorted(terms.counts), signature.bands(), now)
        if look.placed is not None:
            return look.placed
        vector = terms.vector(look.df, look.documents)
        title = title_of(article)
        draft = Placement(
            article_id=article_id,
            language=language,
            story_id=new_story_id(article_id),
            new=True,
            version=look.version,
            published=event_time(article.published),
            now=now,
            title=title,
            vector=vector,
            postings=tuple(terms.salient(look.df, look.documents, self.options.postings)),
            signature=signature,
            years=years(article.text, article.published),
            months=months(article.dates),
            weekdays=weekdays(article.dates, language),
            figures=figures(article.text),
            lead=lead(article.entities, title, stem_for(language, self.options)),
            result={"duplicate_of": self.duplicate(article_id, signature, look.near)},
        )
        for attempt in range(ATTEMPTS):
            version = look.version if attempt == 0 else self.store.version(language)
            choice = self.choose(draft, self.candidates(draft))
            placed = self.store.place(draft_for(draft, choice, version))
            if placed is not None:
                if choice.merged:
                    log.info("stories_merged", into=choice.story_id, merged=list(choice.merged),
                             article_id=article_id, language=language)  # fmt: skip
                return placed
        # Still contended after ATTEMPTS reads: open a story without the version check.
        placed = self.store.place(draft_for(draft, Choice(None, 1.0), -1))
        if placed is None:
            raise RuntimeError(f"the stories store refused to open a story for {article_id}")
        return placed

    def candidates(self, draft: Placement) -> list[Story]:
        """Open stories sharing the draft's terms, each with the draft's cosine to it, times
        `apart_penalty` for each way the two are apart (see `apart`)."""
        found = self.store.candidates(
            draft.language, draft.vector, list(draft.postings), draft.now, self.options.candidates
        )
        named = {surname(term[1:]) for term in draft.vector if term.startswith("#")}
        penalty, window = self.options.apart_penalty, self.options.window
        return [
            dataclasses.replace(s, score=s.score * penalty ** apart(draft, s, window, named))
            for s in found
        ]

    def duplicate(
        self, article_id: str, signature: Signature, near: dict[str, Signature]
    ) -> dict[str, Any] | None:
        """The nearest earlier article holding enough of this one's shingles, or the reverse;
        of two as near (copies of one text), the first by id, so that every run and every
        store names the same one."""
        best: tuple[float, str] | None = None
        for other_id, other in near.items():
            if other_id == article_id:
                continue
            similarity = signature.containment(other)
            if similarity >= self.options.near_threshold and (
                best is None or (-similarity, other_id) < (-best[0], best[1])
            ):
                best = (similarity, other_id)
        return None if best is None else {"article_id": best[1], "similarity": round(best[0], 3)}

    def choose(self, draft: Placement, candidates: list[Story]) -> Choice:
        """The story to join (None: open one), the article's similarity to it, and the
        stories it shows to be one with it: every other candidate at least `merge_threshold`
        near, when the best one is too. The oldest of those is joined; the others merge."""
        scores = {story.id: story.score for story in candidates}
        duplicate = draft.result["duplicate_of"]
        if duplicate is not None:
            original = self.store.story_of(duplicate["article_id"])
            if original is not None and original in scores:
                return Choice(original, max(scores[original], duplicate["similarity"]))
        best = max(scores, key=lambda s: (scores[s], s), default=None)
        if best is None or scores[best] < self.options.threshold:
            return Choice(None, 1.0)
        merging = self.options.merge_threshold
        if scores[best] < merging or merging >= 1:
            return Choice(best, scores[best])
        group = sorted((s for s in candidates if s.score >= merging), key=_age)
        into = group[0].id
        return Choice(into, scores[best], tuple(s.id for s in group[1:]))


def apart(draft: Placement, story: Story, window: float, named: set[str]) -> int:
    """In how many ways an article and a story are apart, as two events of one kind (two
    earthquakes, two title fights) are, by when, how many and who. Each way is evidence of
    its own, and multiplies the cosine by `apart_penalty`. The ways: the article names
    years and the story's articles name others only; its dates name months, or weekdays,
    or its lead gives figures, and theirs others only, where the article or the story has
    no `published` day (where both have one, the days tell when; a text also names the days
    of its background, and a toll grows from day to day); its leading person (see
    features.lead) leads none of the story's articles, and it names none of those who do
    (`named`: the family names of the names in its vector); its `published` day is not
    within `window` of theirs."""
    undated = draft.published is None or story.published is None
    ways = (
        _others_only(draft.years, story.years),
        undated and _others_only(draft.months, story.months),
        undated and _others_only(draft.weekdays, story.weekdays),
        undated and _others_only(draft.figures, story.figures),
        bool(draft.lead and story.leads and draft.lead not in story.leads)
        and not named & story.leads,
        draft.published is not None and not within(draft.published, story, window),
    )
    return sum(ways)


def _others_only(mine: frozenset[Any], theirs: frozenset[Any]) -> bool:
    """Both name some, and none in common (a story's figures may be `ANY`: too many to
    tell by)."""
    return bool(mine and theirs and ANY not in theirs and not mine & theirs)


def within(published: float, story: Story, window: float) -> bool:
    """Whether a `published` day is within `window` of the story's articles that carry one
    (of the span from the earliest to the latest: articles arrive out of publication order
    in a backfill or a late crawl), or the story has none."""
    if story.published is None:
        return True
    first = story.published if story.published_first is None else story.published_first
    return first - window <= published <= story.published + window


def _age(story: Story) -> tuple[float, str]:
    return story.opened, story.id


@dataclasses.dataclass(frozen=True)
class Choice:
    story_id: str | None  # None: open a new story
    score: float
    merged: tuple[str, ...] = ()


def draft_for(draft: Placement, choice: Choice, version: int) -> Placement:
    """The draft placement, in the story chosen (None: a new one named after the article)."""
    new = choice.story_id is None
    chosen = draft.story_id if choice.story_id is None else choice.story_id
    merged = list(choice.merged)
    story = {"id": chosen, "score": round(choice.score, 3), "new": new, "merged": merged}
    result = {"story": story, "duplicate_of": draft.result["duplicate_of"]}
    return dataclasses.replace(
        draft, story_id=chosen, new=new, version=version, result=result, merged=choice.merged
    )


def event_time(published: str | None) -> float | None:
    """Epoch seconds of the day an article says it was published (None if it does not)."""
    day = date_of(published)
    return None if day is None else float(calendar.timegm(day.timetuple()))


def title_of(article: Article) -> str:
    """The title, or the text's first line (for plain text without a headline)."""
    lines = (article.title or article.text[:200]).strip().splitlines()
    return lines[0] if lines else ""


def new_story_id(article_id: str) -> str:
    """A story is named after the article that opened it (so `ingest run` is repeatable)."""
    return "s" + article_id[:16]
