"""The record (`Article`) and the settings loader: shapes, round trips, sources and errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from worker.article import SCHEMA_VERSION, Article
from worker.errors import ConfigError
from worker.pipeline import Chain, Pipeline
from worker.settings import load_settings

# The record keys of the contract (README, "The record (schema_version 1)"), in its order.
RECORD_KEYS = [
    "schema_version",
    "ingest_id",
    "article_id",
    "received_at",
    "source",
    "url",
    "canonical_url",
    "site",
    "title",
    "authors",
    "published",
    "description",
    "language",
    "text",
    "removed",
    "entities",
    "quotes",
    "dates",
    "keywords",
    "fingerprint",
    "duplicate_of",
    "story",
    "stages",
    "warnings",
]
IN_FLIGHT = ("raw", "force", "declared_charset")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No INGEST_* variable from the calling shell leaks into these tests."""
    for name in list(os.environ):
        if name.startswith("INGEST_"):
            monkeypatch.delenv(name)


def full_article() -> Article:
    return Article(
        ingest_id="ing-42",
        received_at="2026-03-04T10:00:00Z",
        source={"kind": "file", "uri": "inbox/ferry.txt", "content_type": "text/plain"},
        raw=b"\x00\xff\xfe caf\xe9 \x89PNG",
        declared_charset="iso-8859-1",
        force=True,
        article_id="a" * 64,
        url="https://www.harbour.example/news/ferry",
        canonical_url="https://harbour.example/news/ferry",
        site="Harbour Times",
        title="Ferry fares frozen",
        authors=("Nadia Quinn", "Ole Petersen"),
        published="2026-03-04",
        description="Fares stay put until spring.",
        language={"code": "en", "confidence": 0.99, "declared": "en"},
        text="The ferry company froze fares.\n\nPassengers welcomed it.",
        removed=({"text": "Share this article", "reason": "widget"},),
        entities=(
            {
                "name": "Nadia Quinn",
                "type": "PERSON",
                "mentions": [{"text": "Quinn", "start": 0, "end": 5}],
            },
        ),
        quotes=(),
        dates=({"text": "March 4", "value": "2026-03-04", "start": 0, "end": 7},),
        keywords=({"text": "ferry", "score": 0.8},),
        fingerprint={"sha256": "b" * 64, "simhash": "0123456789abcdef"},
        duplicate_of={"article_id": "c" * 64, "similarity": 0.91},
        story={"id": "s" + "c" * 16, "score": 0.42, "new": False},
        stages={"clean": {"ms": 1.2}, "language": {"ms": 0.4}},
        warnings=("short text",),
    )


# --- Article --------------------------------------------------------------------------------


def test_message_round_trip_through_json() -> None:
    original = full_article()
    message = json.loads(json.dumps(original.to_message()))
    assert Article.from_message(message) == original


def test_message_carries_raw_bytes_and_in_flight_fields() -> None:
    message = full_article().to_message()
    back = Article.from_message(message)
    assert back.raw == b"\x00\xff\xfe caf\xe9 \x89PNG"
    assert back.declared_charset == "iso-8859-1"
    assert back.force is True
    assert isinstance(message["raw"], str)


def test_from_message_accepts_a_published_record() -> None:
    record = json.loads(json.dumps(full_article().to_record()))
    back = Article.from_message({**record, "unknown_future_field": 1})
    assert back.raw == b""
    assert back.force is False
    assert back.to_record() == full_article().to_record()


def test_record_has_the_design_keys() -> None:
    record = full_article().to_record()
    assert set(record) == set(RECORD_KEYS)
    assert record["schema_version"] == SCHEMA_VERSION == 1
    for name in IN_FLIGHT:
        assert name not in record


def test_record_keys_are_in_design_order() -> None:
    """Source bug: `article_id` comes after `source`, the contract puts it after `ingest_id`."""
    assert list(full_article().to_record()) == RECORD_KEYS


def test_record_lists_are_json_lists() -> None:
    record = full_article().to_record()
    for name in ("authors", "removed", "entities", "quotes", "dates", "keywords", "warnings"):
        assert isinstance(record[name], list), name
    assert json.loads(json.dumps(record)) == record


def test_replace_returns_a_new_record() -> None:
    original = full_article()
    changed = original.replace(title="Ferry fares rise")
    assert changed.title == "Ferry fares rise"
    assert original.title == "Ferry fares frozen"
    with pytest.raises(AttributeError):
        original.title = "mutated"  # type: ignore[misc]


def test_default_language_is_undetermined() -> None:
    blank = Article(ingest_id="i", received_at="2026-03-04T10:00:00Z", source={"kind": "text"})
    assert blank.to_record()["language"] == {"code": "und", "confidence": 0.0, "declared": None}


# --- settings -------------------------------------------------------------------------------


def test_defaults_load() -> None:
    settings = load_settings()
    assert settings.redis_url == ""
    assert settings.key_prefix == "ingest"
    assert settings.streams.articles == "ingest:articles"
    assert settings.intake.max_bytes == 10_000_000
    assert settings.fetch.timeout == 20
    assert settings.language.min_chars == 20
    assert [(h.hop, h.stages) for h in settings.chain] == [
        ("fetch", ["fetch"]),
        (
            "process",
            [
                "clean",
                "language",
                "metadata",
                "entities",
                "quotes",
                "dates",
                "keywords",
                "fingerprint",
                "stories",
            ],
        ),
    ]


def test_keyword_overrides_win_and_merge_with_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INGEST_FETCH__TIMEOUT", "7")
    settings = load_settings(fetch={"timeout": 3}, redis_url="redis://kw:6379/0")
    assert settings.fetch.timeout == 3
    assert settings.fetch.max_redirects == 5  # the rest of [fetch] still comes from defaults
    assert settings.redis_url == "redis://kw:6379/0"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INGEST_FETCH__TIMEOUT", "7.5")
    monkeypatch.setenv("INGEST_REDIS_URL", "redis://cache:6379/1")
    settings = load_settings()
    assert settings.fetch.timeout == 7.5
    assert settings.fetch.max_bytes == 10_000_000
    assert settings.redis_url == "redis://cache:6379/1"


def test_config_file_overrides_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    extra = tmp_path / "site.toml"
    extra.write_text(
        'log_level = "DEBUG"\n'
        "[fetch]\ntimeout = 4\n"
        '[[chain]]\nhop = "solo"\nstages = ["clean", "fingerprint"]\nqueue = "light"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("INGEST_CONFIG", str(extra))
    settings = load_settings()
    assert settings.log_level == "DEBUG"
    assert settings.fetch.timeout == 4
    assert settings.fetch.user_agent.startswith("news-ingest/")
    assert [(h.hop, h.stages, h.queue) for h in settings.chain] == [
        ("solo", ["clean", "fingerprint"], "light")
    ]


def test_environment_beats_config_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    extra = tmp_path / "site.toml"
    extra.write_text("[fetch]\ntimeout = 4\n", encoding="utf-8")
    monkeypatch.setenv("INGEST_CONFIG", str(extra))
    monkeypatch.setenv("INGEST_FETCH__TIMEOUT", "9")
    assert load_settings().fetch.timeout == 9


def test_missing_config_file_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INGEST_CONFIG", str(tmp_path / "absent.toml"))
    with pytest.raises(ConfigError, match=r"absent\.toml"):
        load_settings()


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"celery": {"time_limit": 5000}}, id="time-limit-above-visibility"),
        pytest.param({"celery": {"soft_time_limit": 200}}, id="soft-limit-above-hard"),
        pytest.param({"fetch": {"timeout": "soon"}}, id="not-a-number"),
        pytest.param({"chain": [{"hop": "p", "stages": ["clean"]}]}, id="hop-without-queue"),
    ],
)
def test_invalid_values_are_config_errors(overrides: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match="invalid settings"):
        load_settings(**overrides)


def test_invalid_environment_value_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INGEST_CELERY__TIME_LIMIT", "99999")
    with pytest.raises(ConfigError, match="visibility_timeout"):
        load_settings()


def test_unknown_stage_in_chain_is_a_config_error_from_pipeline() -> None:
    settings = load_settings(chain=[{"hop": "p", "stages": ["clean", "summarize"], "queue": "q"}])
    with pytest.raises(ConfigError, match="summarize"):
        Pipeline(settings)


@pytest.mark.parametrize(
    ("hops", "message"),
    [
        # a stage before the one that sets what it reads, within a hop or across hops
        ([["clean", "entities", "language"]], "'entities' reads 'language.code'.*'language'"),
        ([["clean", "language"], ["keywords", "entities"]], "'keywords' reads 'entities'"),
        ([["metadata", "clean"]], "'metadata' reads 'title'.*put 'clean' earlier"),
        # a required field nobody sets
        ([["language", "entities"]], "'language' needs 'text'.*add clean"),
    ],
)
def test_a_chain_that_breaks_a_stage_contract_is_refused_when_read(
    hops: list[list[str]], message: str
) -> None:
    chain = [{"hop": f"h{i}", "stages": stages, "queue": "q"} for i, stages in enumerate(hops)]
    settings = load_settings(chain=chain)
    with pytest.raises(ConfigError, match=message):
        Chain(settings)


@pytest.mark.parametrize(
    "stages",
    [
        ["fetch", "clean", "language", "metadata", "entities", "quotes", "dates", "keywords",
         "fingerprint"],
        ["clean", "fingerprint"],  # optional readers may go without their setters
        ["clean", "dates", "metadata", "keywords"],  # published is known at intake already
    ],
)  # fmt: skip
def test_chains_that_keep_every_stage_contract_are_accepted(stages: list[str]) -> None:
    Chain(load_settings(chain=[{"hop": "p", "stages": stages, "queue": "q"}]))


def test_duplicate_hop_names_are_a_config_error() -> None:
    settings = load_settings(
        chain=[
            {"hop": "p", "stages": ["clean"], "queue": "q"},
            {"hop": "p", "stages": ["fingerprint"], "queue": "q"},
        ]
    )
    with pytest.raises(ConfigError, match="unique"):
        Pipeline(settings)
