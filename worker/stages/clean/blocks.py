"""trafilatura's extracted body (its XML tree) as a flat list of text blocks.

`blocks_of(body)` walks the `<body>` element that `trafilatura.bare_extraction` returns and
yields one `Block` per rendered line: a paragraph, a heading, a list item, a quote, a table
row, or loose text between them. A `<lb/>` inside an element starts a new block of the same
kind, so a block is exactly one line of trafilatura's own text output (whitespace collapsed,
soft hyphens dropped).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml.etree import _Element

from worker.stages.clean.text import is_body_like

# Elements whose children are blocks themselves; their own loose text is a block too.
_CONTAINERS = frozenset({"list", "table", "div", "body"})
# Elements whose boundaries break a line when they sit inside another block.
_BREAKS = frozenset({"lb", "p", "item", "head", "quote", "row", "list", "table", "cell", "code"})
_SKIPPED = frozenset({"lb", "graphic"})
# A table row is not prose even when long: a page held in a layout table is suspicious and
# gets a second extractor (candidates.best_body).
_PROSE_KINDS = frozenset({"p", "quote", "item", "text", "code"})
# A hyphenation hint (U+00AD, `&shy;`), invisible unless a line breaks there: not text.
SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class Block:
    """One line of extracted text: `kind` is the trafilatura tag (`p`, `head`, `item`, `quote`,
    `row`, `code`, `cell`) or `text` for loose text; `level` is a heading's rank (1-6, else 0)."""

    kind: str
    text: str
    level: int = 0

    @property
    def prose(self) -> bool:
        """A paragraph-like block that reads as running text."""
        return self.kind in _PROSE_KINDS and is_body_like(self.text)

    def rendered(self) -> str:
        """The block as a paragraph of the clean text (list items keep their bullet)."""
        return f"- {self.text}" if self.kind == "item" else self.text


def blocks_of(body: _Element) -> list[Block]:
    """The blocks of one extracted body, in document order (see the module docstring)."""
    return list(_walk(body))


def _walk(element: _Element) -> Iterator[Block]:
    yield from _lines("text", element.text)
    for child in element:
        tag = str(child.tag)
        if tag in _CONTAINERS:
            yield from _walk(child)
        elif tag == "row":
            cells = (" ".join(_raw_text(cell).split()) for cell in child)
            yield from _lines("row", " | ".join(c for c in cells if c))
        elif tag not in _SKIPPED:
            yield from _lines(tag, _raw_text(child), _level(child))
        yield from _lines("text", child.tail)


def _lines(kind: str, text: str | None, level: int = 0) -> Iterator[Block]:
    for line in (text or "").split("\n"):
        collapsed = " ".join(line.replace(SOFT_HYPHEN, "").split())
        if collapsed:
            yield Block(kind, collapsed, level)


def _raw_text(element: _Element) -> str:
    """The element's text with a newline wherever a nested block or line break starts."""
    parts = [element.text or ""]
    for child in element:
        inner = _raw_text(child)
        parts.append(f"\n{inner}\n" if child.tag in _BREAKS else inner)
        parts.append(child.tail or "")
    return "".join(parts)


def _level(element: _Element) -> int:
    rend = str(element.get("rend") or "")
    return int(rend[1]) if element.tag == "head" and rend[:1] == "h" and rend[1:2].isdigit() else 0
