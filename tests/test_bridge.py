"""Inbox entries into submissions, or the reason they cannot be one, and the ids intake gives
submissions (no Redis needed)."""

from __future__ import annotations

import uuid

import pytest

from worker.errors import Reason
from worker.runtime.bridge import Refusal, entry_ingest_id, to_submission
from worker.submission import new_ids

STREAM = "ingest:inbox"


@pytest.mark.parametrize(
    ("fields", "reason", "says"),
    [
        ({b"source": b"feed"}, Reason.MALFORMED, "found none"),
        ({b"text": b"a", b"html": b"<p>b</p>"}, Reason.MALFORMED, "found text, html"),
        ({b"url": b"http://x.example/", b"text": b"a"}, Reason.MALFORMED, "found text, url"),
        ({b"text": b"caf\xe9"}, Reason.UNDECODABLE, "'text' is not UTF-8"),
        ({b"url": b"http://x.example/\xff"}, Reason.UNDECODABLE, "'url' is not UTF-8"),
        ({b"text": b"ok", b"source": b"\xff"}, Reason.MALFORMED, "'source' is not UTF-8"),
        ({b"text": b"ok", b"published": b"last tuesday"}, Reason.MALFORMED, "not an ISO 8601 date"),
    ],
)
def test_entries_that_are_not_submissions_say_why(fields, reason, says):
    outcome = to_submission(STREAM, "1-0", fields)
    assert isinstance(outcome, Refusal)
    assert outcome.reason is reason
    assert says in outcome.error


@pytest.mark.parametrize(
    "published", [b"2026-11-28", b"2026-11-28T07:30:00Z", b"2026-11-28 07:30+01:00"]
)
def test_a_text_entry_keeps_its_metadata_and_a_fixed_id(published):
    fields = {
        b"text": b"Body",
        b"source": b"wire",
        b"id": b"ext-9",
        b"published": published,
        b"language": b"en",
    }
    sub = to_submission(STREAM, "5-1", fields)
    assert not isinstance(sub, Refusal)
    assert (sub.kind, sub.uri, sub.raw, sub.content_type) == ("text", "wire", b"Body", "text/plain")
    assert sub.meta == {"published": published.decode(), "language": "en", "external_id": "ext-9"}
    assert sub.ingest_id == entry_ingest_id(STREAM, "5-1") != entry_ingest_id(STREAM, "5-2")


def test_html_bytes_are_kept_undecoded_and_a_url_is_its_own_uri():
    html = to_submission(
        STREAM, "7-0", {b"html": b"<p>caf\xe9</p>", b"uri": b"https://n.example/a"}
    )
    url = to_submission(STREAM, "8-0", {b"url": b"https://n.example/b"})
    assert not isinstance(html, Refusal) and not isinstance(url, Refusal)
    assert (html.kind, html.raw, html.uri) == ("html", b"<p>caf\xe9</p>", "https://n.example/a")
    assert (url.kind, url.uri, url.raw) == ("url", "https://n.example/b", b"")


def test_fresh_ids_are_distinct_random_version_4_uuids():
    ids = new_ids(1000) + new_ids(1000)
    assert len(set(ids)) == 2000
    assert {u.version for u in ids} == {4} and {u.variant for u in ids} == {uuid.RFC_4122}
    assert new_ids(0) == []
