"""Metadata lifted out of plain text: bylines ("By Jane Doe") and datelines ("OSLO (NTB) -").

Both functions are pure and return None when the line is not what they look for.
"""

from __future__ import annotations

import re

from worker.cleaning.phrases import Phrases, normalize

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄҐ"
_NAME_TOKEN = re.compile(rf"^[{_UPPER}][\w'’.-]*$")
_BYLINE_MAX_WORDS = 16
_SPLIT_NAMES = re.compile(r"\s*[,;|/]\s*")
_DASH = r"\s*[-–—]{1,2}\s*"
# An agency after a dateline dash is an acronym or a quoted name: "РИА «Новости».", "AFP."
_AGENCY_WORD = rf"[{_UPPER}]{{2,}}[\w-]*|[«\"“„][^»\"”“\n]{{1,30}}[»\"”“]"
# "(Site.com) - ", "LONDON (Reuters) - ", "PARIS, 3 mars (AFP) — "
_PAREN_DATELINE = re.compile(
    rf"^(?:[{_UPPER}]{{2,}}(?:[\s.'’-]+[{_UPPER}]+)*(?:,\s*[^()\n]{{1,30}}?)?\s*)?"
    rf"\(([^()\n]{{2,40}})\){_DASH}(?=\S)"
)
# "МОСКВА, 12 марта — РИА Вести. ", "WASHINGTON — "
_CAPS_DATELINE = re.compile(
    rf"^[{_UPPER}][{_UPPER}\s.'’-]{{2,40}}(?:,\s*[^—–\n]{{1,30}}?)?{_DASH}"
    rf"(?:((?:{_AGENCY_WORD})(?:\s(?:{_AGENCY_WORD})){{0,3}})\.\s+)?(?=[{_UPPER}\"“«„])"
)


def byline_authors(line: str, phrases: Phrases) -> list[str] | None:
    """Names in a byline line ("By Tom Harris and Priya Nair, Environment correspondents").

    Returns None when the line does not open with a byline word followed by a capitalized
    name, or is too long to be a byline.
    """
    words = line.split()
    if not words or len(words) > _BYLINE_MAX_WORDS:
        return None
    rest = _strip_opener(line, phrases)
    if rest is None:
        return None
    names = [n for part in _SPLIT_NAMES.split(rest) for n in _split_joined(part, phrases)]
    names = [n for n in names if _is_name(n, phrases)]
    return names or None


def _strip_opener(line: str, phrases: Phrases) -> str | None:
    lowered = line.lower()
    for opener in sorted(phrases.byline_openers, key=len, reverse=True):
        if lowered.startswith(opener) and len(line) > len(opener):
            rest = line[len(opener) :]
            if rest[0] in " :\u00a0":
                rest = rest.lstrip(" :\u00a0")
                first = rest.split(" ", 1)[0]
                return rest if _NAME_TOKEN.match(first) else None
    return None


def _split_joined(part: str, phrases: Phrases) -> list[str]:
    names: list[str] = []
    current: list[str] = []
    for word in part.split():
        if normalize(word) in phrases.joiners:
            names.append(" ".join(current))
            current = []
        else:
            current.append(word)
    names.append(" ".join(current))
    return [n.strip(" .:") for n in names if n.strip(" .:")]


def _is_name(candidate: str, phrases: Phrases) -> bool:
    tokens = candidate.split()
    if not 1 <= len(tokens) <= 5:
        return False
    if any(normalize(t) in phrases.role_words for t in tokens):
        return False
    return all(_NAME_TOKEN.match(t) for t in tokens) and any(c.isalpha() for c in candidate)


def dateline(paragraph: str) -> tuple[str, str | None] | None:
    """Split a leading dateline off a paragraph: (the prefix, the source named in it or None)."""
    for pattern in (_PAREN_DATELINE, _CAPS_DATELINE):
        match = pattern.match(paragraph)
        if match and _has_caps_word(match.group(0), pattern is _CAPS_DATELINE):
            source = match.group(1)
            return match.group(0), source.strip() if source else None
    return None


def _has_caps_word(prefix: str, need_city: bool) -> bool:
    if not need_city:
        return True
    head = re.split(r"[,—–-]", prefix, maxsplit=1)[0].strip()
    letters = [c for c in head if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)
