"""Turning command-line arguments into Submissions: files, directories (recursive), `-`, URLs."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from worker.submission import Submission

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_SKIP_NAMES = {".DS_Store", "Thumbs.db"}


def expand(paths: Iterable[str]) -> Iterator[Path | str]:
    """Files in argument order; directories walked recursively in sorted order; `-` kept."""
    for arg in paths:
        if arg == "-":
            yield "-"
            continue
        path = Path(arg)
        if path.is_dir():
            yield from (
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and not _hidden(p, path) and p.name not in _SKIP_NAMES
            )
        else:
            yield path


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


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
