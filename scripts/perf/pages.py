"""Benchmark pages: a folder of HTML pages (`*.html`, `*.html.gz`), repeated to a few
thousand with a distinct paragraph in each copy, so duplicate suppression skips none."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# The first sentence of the first paragraph of prose: where a copy gets a sentence of its
# own (a line of its own at the end of the page would be cleaned away as furniture).
_PROSE = re.compile(rb"(<p(?:\s[^>]*)?>\s*[^<]{60,}?[.!?])(\s)", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    name: str
    html: bytes


def load(folder: Path) -> list[Page]:
    pages = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".html.gz"):
            pages.append(
                Page(path.name.removesuffix(".html.gz"), gzip.decompress(path.read_bytes()))
            )
        elif path.suffix in (".html", ".htm"):
            pages.append(Page(path.stem, path.read_bytes()))
    if not pages:
        raise SystemExit(f"no .html or .html.gz pages in {folder}")
    return pages


def copies(pages: list[Page], total: int, tag: str = "") -> list[Page]:
    """`total` pages: the given ones again and again, each copy with a sentence of its own
    in its first paragraph of prose (so every copy has its own text and article_id)."""
    out = []
    for n in range(total):
        page = pages[n % len(pages)]
        sentence = f" This is copy {n}{tag} of the page.".encode()
        html, count = _PROSE.subn(_inserting(sentence), page.html, count=1)
        out.append(Page(f"{page.name}-{n}{tag}", html if count else page.html))
    return out


def write(pages: list[Page], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for page in pages:
        path = folder / f"{page.name}.html"
        path.write_bytes(page.html)
        paths.append(path)
    return paths


def _inserting(sentence: bytes) -> Callable[[re.Match[bytes]], bytes]:
    """A replacement that puts `sentence` between a paragraph's two groups."""
    return lambda m: m.group(1) + sentence + m.group(2)
