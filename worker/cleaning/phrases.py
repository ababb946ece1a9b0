"""Boilerplate phrase lists (config data) and the line normalization they are matched on."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

_NON_WORD = re.compile(r"[\W_]+")


def normalize(line: str) -> str:
    """Lower case, every run of punctuation/symbols/space as one space, stripped."""
    return _NON_WORD.sub(" ", line.lower()).strip()


@dataclass(frozen=True)
class Phrases:
    """The phrase lists of config/boilerplate.toml, normalized once."""

    widget: frozenset[str]
    ad: frozenset[str]
    caption_prefixes: tuple[str, ...]
    copyright: tuple[str, ...]
    related_headers: frozenset[str]
    related_inline: tuple[str, ...]
    byline_openers: tuple[str, ...]
    joiners: frozenset[str]
    role_words: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> Phrases:
        data = tomllib.loads(path.read_text(encoding="utf-8"))

        def norm(items: list[str]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(n for n in map(normalize, items) if n))

        return cls(
            widget=frozenset(norm(data["widget"]["lines"])),
            ad=frozenset(norm(data["ad"]["lines"])),
            caption_prefixes=norm(data["caption"]["prefixes"]),
            copyright=norm(data["copyright"]["phrases"]),
            related_headers=frozenset(norm(data["related"]["headers"])),
            related_inline=norm(data["related"]["inline_prefixes"]),
            byline_openers=norm(data["byline"]["openers"]),
            joiners=frozenset((*norm(data["byline"]["joiners"]), "&")),
            role_words=frozenset(norm(data["byline"]["role_words"])),
        )
