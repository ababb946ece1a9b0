"""The workers' store: the stories stage's state in Redis, shared by every worker.

Keys (all under the settings' `key_prefix`, `ingest` by default):

    story:of:<article_id>           the article's placement (JSON), for story + near windows
    story:version:<lang>            bumped when a story opens in that language
    story:open, story:sizes         open stories by latest arrival, and by size
    story:<id>, story:<id>:centroid the story, and its centroid (term -> summed weight)
    story:post:<lang>:<term>        stories under a term, scored by arrival time
    story:df:<lang>:<n>, story:docs:<lang>:<n>   term and document counts of window n
    near:<lang>:<band>:<hash>       articles with this MinHash band
    near:sig:<article_id>           the article's signature

Every key expires: stories `window` seconds after their latest article, near-duplicate
entries `near_window` seconds after they were written, counts after two windows, so
memory stays bounded by what arrives in a window. Reads are one round trip each (a Lua
script or a pipeline); the one write, `place`, is a Lua script (lua/place.lua).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import redis

from worker.stages.stories.features import Signature
from worker.stages.stories.store import Placement, Story, summary

LUA_DIR = Path(__file__).resolve().parent / "lua"


@cache
def _source(name: str) -> str:
    return (LUA_DIR / f"{name}.lua").read_text(encoding="utf-8")


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class RedisStore:
    def __init__(
        self,
        client: redis.Redis,
        prefix: str,
        window: float,
        near_window: float,
        centroid_terms: int,
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.window = window
        self.near_window = near_window
        self.centroid_terms = centroid_terms
        self.scripts = {
            n: client.register_script(_source(n)) for n in ("near", "frequencies", "place")
        }

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def placed(self, article_id: str) -> dict[str, Any] | None:
        found = self.client.get(self.key("story", "of", article_id))
        return json.loads(found) if found else None

    def story_of(self, article_id: str) -> str | None:
        found = self.placed(article_id)
        return found["story"]["id"] if found else None

    def near(self, language: str, bands: list[str]) -> dict[str, Signature]:
        keys = [self.key("near", language, band) for band in bands]
        flat = self.scripts["near"](keys=keys, args=[self.key("near", "sig", "")])
        return {_text(flat[i]): Signature.unpack(flat[i + 1]) for i in range(0, len(flat), 2)}

    def frequencies(
        self, language: str, terms: list[str], now: float
    ) -> tuple[int, dict[str, int]]:
        window = int(now // self.window)
        keys = [
            self.key("story", "df", language, str(window)),
            self.key("story", "df", language, str(window - 1)),
            self.key("story", "docs", language, str(window)),
            self.key("story", "docs", language, str(window - 1)),
        ]
        counts = self.scripts["frequencies"](keys=keys, args=[int(2 * self.window), *terms])
        return int(counts[0]), {t: int(c) for t, c in zip(terms, counts[1:], strict=True)}

    def version(self, language: str) -> int:
        return int(self.client.get(self.key("story", "version", language)) or 0)

    def candidates(self, language: str, terms: list[str], now: float, limit: int) -> list[Story]:
        pipe = self.client.pipeline(transaction=False)
        for term in terms:
            pipe.zrangebyscore(self.key("story", "post", language, term), now - self.window, "+inf")
        shared: dict[str, int] = {}
        for found in pipe.execute():
            for story_id in map(_text, found):
                shared[story_id] = shared.get(story_id, 0) + 1
        picked = sorted(shared, key=lambda s: (-shared[s], s))[:limit]
        for story_id in picked:
            pipe.hgetall(self.key("story", story_id, "centroid"))
            pipe.hmget(self.key("story", story_id), "count", "published")
        replies = pipe.execute()
        stories = []
        for story_id, centroid, (count, published) in zip(
            picked, replies[::2], replies[1::2], strict=True
        ):
            if centroid and count is not None:  # else closed since the postings were read
                weights = {_text(t): float(w) for t, w in centroid.items()}
                stories.append(Story(story_id, weights, float(published) if published else None))
        return stories

    def place(self, placement: Placement) -> dict[str, Any] | None:
        p = placement
        story = self.key("story", p.story_id)
        keys = [
            self.key("story", "of", p.article_id),
            self.key("story", "version", p.language),
            self.key("story", "open"),
            self.key("story", "sizes"),
            story,
            story + ":centroid",
            self.key("near", "sig", p.article_id),
            *(self.key("story", "post", p.language, term) for term in p.postings),
            *(self.key("near", p.language, band) for band in p.signature.bands()),
        ]
        args: list[Any] = [
            p.story_id,
            "1" if p.new else "0",
            "" if p.version < 0 else p.version,
            "" if p.published is None else p.published,
            p.now,
            int(self.window),
            int(self.near_window),
            json.dumps(p.result, separators=(",", ":")),
            p.title,
            p.language,
            p.article_id,
            p.signature.pack(),
            len(p.postings),
            self.centroid_terms,
        ]
        for term, weight in p.vector.items():
            args += [term, repr(weight)]
        reply = self.scripts["place"](keys=keys, args=args)
        if _text(reply[0]) == "retry":
            return None
        result: dict[str, Any] = json.loads(reply[1])
        return result

    def top(self, count: int) -> list[dict[str, Any]]:
        ids = [_text(i) for i in self.client.zrevrange(self.key("story", "sizes"), 0, count * 2)]
        pipe = self.client.pipeline(transaction=False)
        for story_id in ids:
            pipe.hgetall(self.key("story", story_id))
        out = []
        for story_id, fields in zip(ids, pipe.execute(), strict=True):
            if not fields:  # closed since the sizes were read
                continue
            f = {_text(k): _text(v) for k, v in fields.items()}
            out.append(
                summary(
                    story_id,
                    int(f["count"]),
                    (float(f["seen_first"]), float(f["seen_last"])),
                    f["language"],
                    f["title"],
                )
            )
        return sorted(out, key=lambda s: (-s["articles"], s["first_seen"]))[:count]
