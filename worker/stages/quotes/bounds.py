"""The sentences of a text by their ends, for the cue finders of Chinese and Japanese."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


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
