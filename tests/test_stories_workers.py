"""The stories stage in real `ingest worker` processes sharing one Redis: concurrent articles
of a new event open one story, and articles that come again are not placed twice."""

from __future__ import annotations

import json

import pytest
import redis

from tests.conftest import run_ingest
from tests.stories_articles import reports

pytestmark = pytest.mark.integration

COUNT = 8


def published(r: redis.Redis) -> list[dict]:
    return [json.loads(f[b"record"]) for _, f in r.xrange("ingest:articles")]


def test_workers_racing_on_a_new_event_open_one_story(r, env, start_worker, tmp_path):
    folder = tmp_path / "dam"
    folder.mkdir()
    for n, text in enumerate(reports(COUNT)):
        (folder / f"report-{n}.txt").write_text(text, encoding="utf-8")
    start_worker("w1", concurrency=2)
    start_worker("w2", concurrency=2)  # four processes take the eight reports at once

    done = run_ingest(env, "enqueue", str(folder), "--wait", "--timeout", "120")
    assert done.returncode == 0, done.stderr
    records = published(r)
    assert len(records) == COUNT
    assert len({rec["story"]["id"] for rec in records}) == 1
    assert sum(rec["story"]["new"] for rec in records) == 1
    listed = run_ingest(env, "stories", "--top", "3")
    assert listed.returncode == 0, listed.stderr
    stories = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(s["id"], s["articles"], s["languages"]) for s in stories] == [
        (records[0]["story"]["id"], COUNT, ["en"])
    ]

    # Submitted again (forced: published again): the same placements, counted once.
    again = run_ingest(env, "enqueue", str(folder), "--force", "--wait", "--timeout", "120")
    assert again.returncode == 0, again.stderr
    records_again = published(r)[COUNT:]
    assert len(records_again) == COUNT
    first = {rec["article_id"]: (rec["story"], rec["duplicate_of"]) for rec in records}
    assert {
        rec["article_id"]: (rec["story"], rec["duplicate_of"]) for rec in records_again
    } == first
    listed = run_ingest(env, "stories")
    assert json.loads(listed.stdout.splitlines()[0])["articles"] == COUNT
