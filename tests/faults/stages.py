"""Stages that misbehave on purpose, for fault scenarios (named in a chain as
`tests.faults.stages:<name>`). Each acts only on an article whose text holds its marker.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded

from worker.article import Article
from worker.runtime.dispatch import Dispatcher
from worker.settings import Settings

Stage = Callable[[Article], Article]


def poison(settings: Settings) -> Stage:
    """POISON: the process running it dies at once, every time (as a segfault would)."""

    def run(article: Article) -> Article:
        if "POISON" in article.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return article

    return run


def hang(settings: Settings) -> Stage:
    """HANG: sleeps until the soft time limit interrupts it."""

    def run(article: Article) -> Article:
        if "HANG" in article.text:
            time.sleep(3600)
        return article

    return run


def stubborn(settings: Settings) -> Stage:
    """STUBBORN: ignores the soft time limit; only the hard limit (the pool kills the
    process) ends it."""

    def run(article: Article) -> Article:
        if "STUBBORN" in article.text:
            deadline = time.monotonic() + 3600
            while True:  # the limit may land between two sleeps, on a slow machine: all caught
                try:
                    while time.monotonic() < deadline:
                        time.sleep(1)
                    break
                except SoftTimeLimitExceeded:
                    continue
        return article

    return run


def break_next_send(settings: Settings) -> Stage:
    """BREAKSEND: the next message this process sends fails, as if Redis had dropped the
    connection (the dispatcher's send is replaced for one call). Once per test: a file in
    $FAULT_ONCE_DIR marks it done."""

    def run(article: Article) -> Article:
        marker = Path(os.environ.get("FAULT_ONCE_DIR", "/nonexistent")) / "send-broken"
        if "BREAKSEND" in article.text and not marker.exists():
            marker.touch()
            original = Dispatcher.send

            def fail_once(self: Dispatcher, messages: object) -> int:
                Dispatcher.send = original  # type: ignore[method-assign]
                raise ConnectionError("injected: the connection dropped while sending")

            Dispatcher.send = fail_once  # type: ignore[method-assign]
        return article

    return run


def slow(settings: Settings) -> Stage:
    """SLOW: takes three seconds (a hop still running when its worker is told to stop)."""

    def run(article: Article) -> Article:
        if "SLOW" in article.text:
            time.sleep(3)
        return article

    return run


def pace(settings: Settings) -> Stage:
    """Every article: a tenth of a second of waiting (a fault scenario's work takes long
    enough to be cut in the middle, without spending the machine's CPU)."""

    def run(article: Article) -> Article:
        time.sleep(0.1)
        return article

    return run
