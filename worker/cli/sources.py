"""Turning command-line arguments into Submissions: files, directories (recursive), `-`, URLs."""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from worker.submission import Submission

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_SKIP_NAMES = {".DS_Store", "Thumbs.db"}


def expand(paths: Iterable[str]) -> Iterator[Path | str]:
    """Files in argument order; directories walked recursively in sorted order (hidden files
    and folders skipped); `-` kept."""
    for arg in paths:
        if arg == "-":
            yield "-"
            continue
        path = Path(arg)
        if path.is_dir():
            yield from (Path(name) for name in sorted(_walk(arg)))
        else:
            yield path


def _walk(root: str) -> Iterator[str]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and name not in _SKIP_NAMES:
                yield os.path.join(folder, name)


def submission(item: Path | str, max_bytes: int) -> Submission:
    """Read one file (at most max_bytes + 1 bytes: more is too_large anyway) or stdin."""
    if item == "-":
        raw = sys.stdin.buffer.read(max_bytes + 1)
        size = len(raw) + _rest_size(sys.stdin.buffer) if len(raw) > max_bytes else len(raw)
        return Submission(kind="text", uri="-", raw=raw, size=size)
    path = Path(item)
    with path.open("rb") as handle:
        raw = handle.read(max_bytes + 1)
        size = os.fstat(handle.fileno()).st_size
    content_type = "text/html" if path.suffix.lower() in _HTML_SUFFIXES else None
    return Submission(kind="file", uri=str(path), raw=raw, content_type=content_type, size=size)


def url_submission(url: str) -> Submission:
    return Submission(kind="url", uri=url)


def _rest_size(stream: BinaryIO) -> int:
    """How many bytes are left in `stream` (read and dropped, a chunk at a time)."""
    total = 0
    while chunk := stream.read(1 << 20):
        total += len(chunk)
    return total


class Inputs:
    """The submissions a command's arguments name, read on demand: a thread reads files a
    little ahead while the caller sends earlier ones, and never more than READ_AHEAD of them
    are held at once (so a large folder is not loaded into memory)."""

    READ_AHEAD = 1000

    def __init__(self, paths: Iterable[str], urls: Iterable[str], max_bytes: int) -> None:
        self.items: list[Path | str] = list(expand(paths))
        missing = [p for p in self.items if isinstance(p, Path) and not p.is_file()]
        if missing:
            raise FileNotFoundError(f"{missing[0]}: no such file or directory")
        self.urls = list(urls)
        self.max_bytes = max_bytes

    def __len__(self) -> int:
        return len(self.items) + len(self.urls)

    def __iter__(self) -> Iterator[Submission]:
        ready: queue.Queue[Submission | BaseException | None] = queue.Queue(self.READ_AHEAD)
        reader = threading.Thread(target=self._read, args=(ready,), daemon=True)
        reader.start()
        while (item := ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
        yield from (url_submission(u) for u in self.urls)

    def _read(self, ready: queue.Queue[Submission | BaseException | None]) -> None:
        try:
            for item in self.items:
                ready.put(submission(item, self.max_bytes))
        except BaseException as exc:  # handed to the consuming thread, raised there
            ready.put(exc)
        ready.put(None)
