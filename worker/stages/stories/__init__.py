"""Stage `stories`: the earlier article this one nearly copies, and the story it joins.

In: `text`, `article_id`, and when present `language.code`, `entities`, `title`, `published`,
`dates`.
Out: `duplicate_of = {"article_id", "similarity"}` or null: an earlier article (same
language, within `near_window`) whose text holds at least `near_threshold` of this one's
5-word shingles or the reverse (MinHash, estimated; `similarity` is that share); and
`story = {"id", "score", "new", "merged"}`: the open story (same language, an article
within `window` of arrival) whose centroid is nearest by cosine over IDF-weighed words of
the lead and entity names (times `apart_penalty` for each way the story is apart from it:
years, months, weekdays, figures, leading person, `published` days), when at least
`threshold`, else a new story (`new` true, `score` 1.0). A near-duplicate joins its
original's story. When the article is at least `merge_threshold` near two or more open
stories, it joins the oldest and the others merge into that one: `story.merged` lists
them, and an entry on `streams.stories` announces it (`{"merged": [into, ...], "into",
...}`). Once placed, an article keeps its placement: a redelivered, re-driven or repeated
article gets the same answer.

The one stage with state: in Redis for workers (shared, atomic, every key expiring), in
memory for `ingest run`. Options: `[stories]` in the settings.

Inside this folder: `features` (terms, TF-IDF vectors, MinHash signatures with rensa),
`store` (the Store protocol and the in-memory store), `redis_store` and `lua/` (the Redis
store: its keys and scripts), `stage` (the placement: near-duplicate, candidates, choice).
"""

from worker.stages import StageSpec

STAGE = StageSpec(
    name="stories",
    event="article_placed",
    requires=("text", "article_id"),
    uses=("language.code", "entities", "title", "published", "dates"),
    assigns=("duplicate_of", "story"),
    shared=True,
)
