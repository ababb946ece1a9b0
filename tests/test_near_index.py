"""The near-duplicate band index in Redis (lua/near.lua): buckets grown by linear hashing
find every article's band keys however many splits the slot went through, read what an
earlier version wrote in the slot (one field per band key), and keep the latest 64 ids a
band key (as `ingest run`'s store does); a slot's signatures are kept short (16-bit
values) and read as an earlier version kept them."""

from __future__ import annotations

import hashlib
import random
import struct
from collections.abc import Iterator

import pytest
import redis

from worker.settings import load_settings
from worker.stages.stories.features import PERMUTATIONS, Signature
from worker.stages.stories.redis_store import RedisStore, short_id
from worker.stages.stories.stage import store_for
from worker.stages.stories.store import MemoryStore, Placement

NOW = 1_800_000_000.0
WORDS = ["harbour", "ferry", "council", "storm", "bridge", "school", "river", "vote", "market"]


@pytest.fixture
def store(redis_url: str) -> Iterator[RedisStore]:
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    made = store_for(load_settings(), client)
    assert isinstance(made, RedisStore)
    yield made
    client.close()


def placement(article_id: str, text: str) -> Placement:
    return Placement(
        article_id=article_id,
        language="en",
        story_id=f"s{article_id}",
        new=True,
        version=-1,  # no check: each opens its own story
        published=None,
        now=NOW,
        title=article_id,
        vector={"ferry": 1.0},
        postings=("ferry",),
        signature=Signature.of(text),
        result={"story": {"id": f"s{article_id}", "score": 1.0, "new": True}},
    )


def index_key(store: RedisStore) -> str:
    return store.slot_keys("en", int(NOW // store.slot))[0]


def test_every_article_is_found_by_its_bands_after_the_buckets_split(store: RedisStore) -> None:
    rng = random.Random(7)
    placed = []
    for n in range(300):
        p = placement(f"a{n}", " ".join(rng.choice(WORDS) for _ in range(40)))
        assert store.place(p) is not None
        placed.append(p)
    for p in placed:
        assert p.article_id in store.look("x", "en", [], p.signature.bands(), NOW).near
    fields = store.client.hgetall(index_key(store))
    level, split, entries, buckets = (int(v) for v in fields.pop(b"#").split())
    assert entries == 300 * 32  # 32 band keys an article, none past the cap
    assert buckets == len(fields) == 2**level + split  # random texts fill every bucket
    assert 300 * 32 / 32 < buckets < 300 * 32 / 8  # about 16 entries a bucket, not one a key
    assert all(len(v) % 13 == 0 for v in fields.values())


def test_fields_an_earlier_version_wrote_are_read(store: RedisStore) -> None:
    old = Signature.of("the ferry left the harbour in fog before the council vote on tolls")
    index, sigs = store.slot_keys("en", int(NOW // store.slot))
    store.client.hset(index, mapping={key: short_id("old") for key in old.bands()})
    store.client.hset(sigs, short_id("old"), b"old".ljust(64) + wide(old))
    assert set(store.look("x", "en", [], old.bands(), NOW).near) == {"old"}
    store.place(placement("new", "a storm closed the river bridge and the school near the market"))
    new = placement("y", "a storm closed the river bridge and the school near the market")
    assert set(store.look("x", "en", [], new.signature.bands(), NOW).near) == {"new"}
    assert set(store.look("x", "en", [], old.bands(), NOW).near) == {"old"}


def wide(signature: Signature) -> bytes:
    """A signature as an earlier version packed it: 32-bit values."""
    return struct.pack(f"<I{PERMUTATIONS}I", signature.size, *signature.values)


def test_signatures_are_kept_short_and_read_as_an_earlier_version_kept_them(
    store: RedisStore,
) -> None:
    text = "the ferry left the harbour in fog before the council vote on tolls and fares"
    copy = text.replace("fog", "thick fog")
    hex_id = hashlib.sha256(b"one").hexdigest()  # as the fingerprint names articles
    store.place(placement(hex_id, text))
    store.place(placement("ingest-2", text))  # an id that is not 64 hex digits
    sigs = store.slot_keys("en", int(NOW // store.slot))[1]
    assert len(store.client.hget(sigs, short_id(hex_id))) == 1 + 32 + 4 + 2 * PERMUTATIONS
    mine = Signature.of(copy)
    near = store.look("x", "en", [], mine.bands(), NOW).near
    assert set(near) == {hex_id, "ingest-2"}
    # 16 bits of each value estimate what all 32 did (a chance agreement is 1 in 65,536)
    assert near[hex_id].containment(mine) == Signature.of(text).containment(mine) > 0.5
    store.client.hset(sigs, short_id("old"), b"old".ljust(64) + wide(Signature.of(text)))
    store.client.hset(store.slot_keys("en", int(NOW // store.slot))[0], mine.bands()[0],
                      short_id("old"))  # fmt: skip
    near = store.look("x", "en", [], mine.bands(), NOW).near
    assert near["old"].containment(mine) == near[hex_id].containment(mine)


@pytest.mark.parametrize("kind", ["redis", "memory"])
def test_a_band_key_keeps_its_latest_64_articles(kind: str, request: pytest.FixtureRequest) -> None:
    """In Redis and in `ingest run`'s memory alike."""
    store = request.getfixturevalue("store") if kind == "redis" else MemoryStore(1e6, 1e6, 120)
    text = "the ferry left the harbour in fog before the council vote on tolls"
    for n in range(70):
        store.place(placement(f"a{n}", text))
    found = store.look("x", "en", [], Signature.of(text).bands(), NOW).near
    assert set(found) == {f"a{n}" for n in range(6, 70)}
    if isinstance(store, RedisStore):
        entries = int(store.client.hget(index_key(store), "#").split()[2])
        assert entries == 64 * len(set(Signature.of(text).bands()))
