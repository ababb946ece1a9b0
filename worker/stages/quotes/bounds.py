"""What the cue finders of Chinese and Japanese share: a text's sentences by their ends, and
the spans of the names that may speak."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Sentences:
    """`ends`: the sorted offsets right after each sentence's final mark."""

    ends: list[int]
    length: int  # of the text

    def start(self, at: int) -> int:
        """Where the sentence holding `at` starts."""
        i = bisect_right(self.ends, at) - 1
        return self.ends[i] if i >= 0 else 0

    def end(self, at: int) -> int:
        """Where the sentence holding `at` ends (after its final mark), else the text's end."""
        i = bisect_right(self.ends, at)
        return self.ends[i] if i < len(self.ends) else self.length


def speaking_names(entities: Iterable[dict[str, Any]]) -> dict[tuple[int, int], tuple[str, str]]:
    """The mention spans of the persons and organisations, in text order, with their
    (name, type)."""
    found = {
        (m["start"], m["end"]): (str(e["name"]), str(e["type"]))
        for e in entities
        if e.get("type") in ("PERSON", "ORG")
        for m in e.get("mentions", ())
    }
    return dict(sorted(found.items()))
