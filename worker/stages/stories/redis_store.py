"""The workers' store: the stories stage's state in Redis, shared by every worker.

Keys (all under the settings' `key_prefix`, `ingest` by default):

    story:of:<article_id>           the article's placement (JSON), for story + near windows
    story:version:<lang>            bumped when a story opens in that language
    story:open, story:sizes         open stories by latest arrival, and by size
    story:<id>, story:<id>:vec      the story, and its centroid (term -> summed weight) as
                                    one string of packed chunks (see `pack`); centroids an
                                    earlier version kept, as the sorted set story:<id>:terms
                                    or the hash story:<id>:centroid, are read beside it and
                                    folded in
    story:post:<lang>:<term>        stories under a term, scored by arrival time
    story:df:<lang>:<n>, story:docs:<lang>:<n>   term and document counts of window n
    near:<lang>:<slot>              MinHash band keys and the 8-byte ids of the articles
                                    with them, in buckets grown by linear hashing
                                    (lua/near.lua; one field per band key before)
    near:sig:<lang>:<slot>          8-byte id -> article id and signature (`near_entry`)

Near-duplicate entries go to the time slot (a quarter of `near_window`) they arrive in, and
lookups read the slots covering the window; a slot's two hashes expire together. Every key
expires: stories `window` seconds after their latest article, a slot when the window has
passed over it, counts after two windows, so memory stays bounded by what arrives in a
window (scripts/bench_stories.py measures how much). An article costs three round trips,
each a Lua script: lua/look.lua (an earlier placement, else the version, the document
counts and the near articles), lua/candidates.lua (the stories found, with their centroids,
which the worker scores) and lua/place.lua (the one write, which also folds the stories
merged into the one joined and adds the merge to the story events stream,
`streams.stories`).

A centroid is summed and pruned here, by the worker, and written whole when no other worker
wrote to the story since this one read it (each write bumps the story's `rev`); when one
did, place appends the article's terms as a chunk instead (and the centroids of stories it
merges), so no write waits or is lost, and the next article to find the story sums the
chunks. A term costs its letters and 9 bytes in the string, a fraction of what it cost in
the sorted set an earlier version kept (README "Stories" gives the figures).
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import redis

from worker.replies import text
from worker.stages.stories.features import FIGURES_KEPT, Signature, cosine
from worker.stages.stories.store import (
    PER_TERM,
    Look,
    Placement,
    Story,
    add,
    heaviest,
    merge_event,
    pruned,
    summary,
)

LUA_DIR = Path(__file__).resolve().parent / "lua"
SLOTS = 4  # near-duplicate time slots per window (lookups read one more: the current one)


@cache
def _source(name: str) -> str:
    """The script's text, after the band index's helpers (lua/near.lua) where it uses them."""
    own = (LUA_DIR / f"{name}.lua").read_text(encoding="utf-8")
    if name in ("look", "place"):
        return (LUA_DIR / "near.lua").read_text(encoding="utf-8") + "\n" + own
    return own


class RedisStore:
    def __init__(
        self,
        client: redis.Redis,
        prefix: str,
        *,
        window: float,
        near_window: float,
        centroid_terms: int,
        events: str,
    ) -> None:
        self.client = client
        self.events = events
        self.prefix = prefix
        self.window = window
        self.near_window = near_window
        self.slot = near_window / SLOTS
        self.centroid_terms = centroid_terms
        self.read: dict[str, tuple[str, dict[str, float]]] = {}  # story id -> rev, centroid
        self.scripts = {
            n: client.register_script(_source(n)) for n in ("look", "candidates", "place")
        }

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def story_of(self, article_id: str) -> str | None:
        found = self.client.get(self.key("story", "of", article_id))
        return str(json.loads(found)["story"]["id"]) if found else None

    def slot_keys(self, language: str, slot: int) -> list[str]:
        return [self.key("near", language, str(slot)), self.key("near", "sig", language, str(slot))]

    def look(
        self, article_id: str, language: str, terms: list[str], bands: list[bytes], now: float
    ) -> Look:
        window, slot = int(now // self.window), int(now // self.slot)
        keys = [
            self.key("story", "of", article_id),
            self.key("story", "version", language),
            self.key("story", "df", language, str(window)),
            self.key("story", "df", language, str(window - 1)),
            self.key("story", "docs", language, str(window)),
            self.key("story", "docs", language, str(window - 1)),
            *(k for s in range(slot - SLOTS, slot + 1) for k in self.slot_keys(language, s)),
        ]
        reply = self.scripts["look"](keys=keys, args=[int(2 * self.window), _json(terms), *bands])
        if text(reply[0]) == "placed":
            return Look(placed=json.loads(reply[1]))
        counts, flat = reply[3 : 3 + len(terms)], reply[3 + len(terms) :]
        return Look(
            version=int(reply[1]),
            documents=int(reply[2]),
            df={t: int(c) for t, c in zip(terms, counts, strict=True)},
            near=dict(map(read_entry, flat)),
        )

    def version(self, language: str) -> int:
        return int(self.client.get(self.key("story", "version", language)) or 0)

    def candidates(
        self, language: str, vector: dict[str, float], postings: list[str], now: float, limit: int
    ) -> list[Story]:
        keys = [self.key("story", "post", language, term) for term in postings]
        args = [now - self.window, PER_TERM, limit, self.key("story", "")]
        flat = self.scripts["candidates"](keys=keys, args=args)
        self.read = {}  # what place sums onto (a process places one article at a time)
        found = []
        for i in range(0, len(flat), 12):
            story_id, centroid = text(flat[i]), unpack(flat[i + 10], flat[i + 11])
            self.read[story_id] = (text(flat[i + 1]), centroid)
            found.append(
                Story(
                    story_id,
                    cosine(vector, centroid),
                    _epoch(flat[i + 2]),
                    float(flat[i + 4]),
                    published_first=_epoch(flat[i + 3]),
                    years=frozenset(int(y) for y in text(flat[i + 5]).split()),
                    leads=frozenset(text(flat[i + 6]).split("\n")) - {""},
                    months=frozenset(int(m) for m in text(flat[i + 7]).split()),
                    weekdays=frozenset(int(d) for d in text(flat[i + 8]).split()),
                    figures=frozenset(text(flat[i + 9]).split("\n")) - {""},
                )
            )
        return found

    def centroids(self, ids: list[str]) -> dict[str, tuple[str, dict[str, float]]]:
        """The revision and centroid of each story, as the last `candidates` read them, else
        read now."""
        missing = [i for i in ids if i not in self.read]
        if missing:
            pipe = self.client.pipeline(transaction=True)
            for story_id in missing:
                story = self.key("story", story_id)
                pipe.hget(story, "rev")
                pipe.get(story + ":vec")
                pipe.zrange(story + ":terms", 0, -1, withscores=True)
                pipe.hgetall(story + ":centroid")
            replies = pipe.execute()
            for n, story_id in enumerate(missing):
                rev, blob, ranked, legacy = replies[4 * n : 4 * n + 4]
                flat = [x for pair in [*ranked, *legacy.items()] for x in pair]
                self.read[story_id] = (text(rev or b"0"), unpack(blob or b"", flat))
        return {i: self.read[i] for i in ids}

    def place(self, placement: Placement) -> dict[str, Any] | None:
        p = placement
        story = self.key("story", p.story_id)
        if p.new:  # nothing to read (if it is there after all, its rev tells: not "0")
            self.read.setdefault(p.story_id, ("0", {}))
        read = self.centroids([p.story_id, *p.merged])
        summed = dict(read[p.story_id][1])
        add(summed, p.vector)
        postings = list(p.postings)
        for other in p.merged:
            add(summed, read[other][1])
            postings += [t for t in heaviest(read[other][1], len(p.postings)) if t not in postings]
        keys = [
            self.key("story", "of", p.article_id),
            self.key("story", "version", p.language),
            self.key("story", "open"),
            self.key("story", "sizes"),
            story,
            story + ":vec",
            *self.slot_keys(p.language, int(p.now // self.slot)),
            self.events,
            *(self.key("story", "post", p.language, term) for term in postings),
            *(k for m in p.merged for k in (self.key("story", m), self.key("story", m) + ":vec")),
        ]
        bands = p.signature.bands()
        args: list[Any] = [
            p.story_id,
            "1" if p.new else "0",
            "" if p.version < 0 else p.version,
            "" if p.published is None else p.published,
            p.now,
            int(self.window),
            int(self.slot * (SLOTS + 1)) + 1,
            json.dumps(p.result, separators=(",", ":")),
            p.title,
            p.language,
            short_id(p.article_id),
            near_entry(p.article_id, p.signature),
            len(postings),
            _json([read[i][0] for i in (p.story_id, *p.merged)]),
            len(p.merged),
            json.dumps(merge_event(p), separators=(",", ":")) if p.merged else "",
            pack(pruned(summed, self.centroid_terms)),
            "\n".join(str(y) for y in sorted(p.years)),
            p.lead or "",
            "\n".join(str(m) for m in sorted(p.months)),
            "\n".join(str(d) for d in sorted(p.weekdays)),
            "\n".join(sorted(p.figures)),
            FIGURES_KEPT,
            len(bands),
            *bands,
            *p.merged,
            pack(p.vector),
        ]
        reply = self.scripts["place"](keys=keys, args=args)
        self.read = {}
        if text(reply[0]) == "retry":
            return None
        result: dict[str, Any] = json.loads(reply[1])
        return result

    def top(self, count: int) -> list[dict[str, Any]]:
        ids = [text(i) for i in self.client.zrevrange(self.key("story", "sizes"), 0, count * 2)]
        pipe = self.client.pipeline(transaction=False)
        for story_id in ids:
            pipe.hgetall(self.key("story", story_id))
        out = []
        for story_id, fields in zip(ids, pipe.execute(), strict=True):
            if not fields:  # closed since the sizes were read
                continue
            f = {text(k): text(v) for k, v in fields.items()}
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


def pack(centroid: Mapping[str, float]) -> bytes:
    """A centroid as one chunk: its size n and the length of its terms (two 4-byte integers),
    n weights (8-byte floats), then the n terms, UTF-8, each ended by a NUL byte. A story's
    string is one chunk or more, their terms summed."""
    terms = b"".join(t.replace("\x00", "").encode() + b"\x00" for t in centroid)
    n = len(centroid)
    return struct.pack(f"<II{n}d", n, len(terms), *centroid.values()) + terms


def unpack(blob: bytes, legacy: list[Any] | None = None) -> dict[str, float]:
    """A story's centroid: its chunks summed, and the term, weight pairs (flat) of a centroid
    an earlier version kept."""
    summed: dict[str, float] = {}
    at = 0
    while at < len(blob):
        n, size = struct.unpack_from("<II", blob, at)
        weights = struct.unpack_from(f"<{n}d", blob, at + 8)
        at += 8 + 8 * n
        chunk = dict(zip(blob[at : at + size].decode().split("\x00")[:n], weights, strict=True))
        at += size
        if summed:
            add(summed, chunk)
        else:
            summed = chunk
    pairs = legacy or []
    for i in range(0, len(pairs), 2):  # a term may be in both of them
        term = text(pairs[i])
        summed[term] = summed.get(term, 0.0) + float(pairs[i + 1])
    return summed


def _json(values: list[Any]) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _epoch(value: bytes | str) -> float | None:
    return float(value) if value else None


def near_entry(article_id: str, signature: Signature) -> bytes:
    """What a slot's signatures hash holds for an article: its id (32 bytes after a 0 when it
    is 64 hex digits, as the fingerprint's ids are; else a 1, its length in 2 bytes and its
    UTF-8) and its packed signature."""
    if _HEX_ID.fullmatch(article_id):
        return b"\0" + bytes.fromhex(article_id) + signature.pack()
    raw = article_id.encode()
    return b"\1" + struct.pack("<H", len(raw)) + raw + signature.pack()


def read_entry(entry: bytes) -> tuple[str, Signature]:
    """(article id, signature) of a `near_entry`, or of an earlier version's (the id padded
    to 64 bytes, then the signature with 32-bit values)."""
    if entry[0] == 0:
        return entry[1:33].hex(), Signature.unpack(entry[33:])
    if entry[0] == 1:
        (length,) = struct.unpack_from("<H", entry, 1)
        return entry[3 : 3 + length].decode(), Signature.unpack(entry[3 + length :])
    return entry[:64].decode().strip(), Signature.unpack(entry[64:])


_HEX_ID = re.compile(r"[0-9a-f]{64}")


def short_id(article_id: str) -> bytes:
    """The 8 bytes that stand for an article in the band index."""
    return hashlib.blake2b(article_id.encode(), digest_size=8).digest()
