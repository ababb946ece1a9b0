"""Quoted spans from paired quote marks, in any of the common conventions.

`find_quotes(text)` pairs opening and closing marks: “…” „…“ "…" ''…'' «…» »…« ‹…› ‘…’
'…' 「…」 『…』. A mark opens where its neighbours say so (after a space or an opening
bracket, before a letter), closes where they say so (after a non-space, before a non-letter;
in Chinese and Japanese text, right beside the words: “安全。”他说) and only with a closer
of its own kind, so apostrophes ("don't", "Sanders’") and nested quotes of the other kind
stay inside the content; a curly “ that opens inside a “…”
quotation, mid-sentence, nests in it (“… said “no” to …”). A double quote left open at the
end of a paragraph continues into the next paragraph when that one starts with an opening
mark (the English convention for multi-paragraph quotes); otherwise it ends with its
paragraph. A single quote left open is dropped (it was most likely an apostrophe).

Offsets: `start`/`end` delimit the content without the marks and without surrounding
whitespace; `open`/`close` delimit the whole quotation, marks included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from worker.calendar_names import unspaced

_MARK = re.compile(r"'''(?!')|''|``|[“”\"«»„‟‘’‚「」『』‹›']")
_TRIPLE = "'''"  # "''…'…'''": a nested single quote that ends with the double one
# opener -> the closers it accepts
_DOUBLE_CLOSERS = ("”", "“", '"', "''")  # mixed typography ("“…"") is common in scraped text
_CLOSERS: dict[str, tuple[str, ...]] = {
    "“": _DOUBLE_CLOSERS, "„": _DOUBLE_CLOSERS, "‟": _DOUBLE_CLOSERS, '"': _DOUBLE_CLOSERS,
    "''": _DOUBLE_CLOSERS, "``": _DOUBLE_CLOSERS, "”": ("”",), "«": ("»",), "»": ("«", "»"),
    "‹": ("›",), "›": ("‹",), "「": ("」",), "『": ("』",), "‘": ("’",), "'": ("'",),
    "‚": ("‘", "’"),
}  # fmt: skip
_ALWAYS_OPENING = frozenset("„«「『‚‹")
_SINGLE = frozenset("‘'‚‹›")
_SPACED = frozenset("«»‹›")
_END_PUNCT = frozenset(",.!?…")  # French typography puts a space inside these
_SENTENCE_ENDS = frozenset(".!?…:")
_OPEN_BEFORE = frozenset("([{—–-/:,") | frozenset('“”"«»„‟‘’‚「」『』‹›')
_CJK_PUNCT = re.compile("[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]")  # 。、「 ：，！？


@dataclass(frozen=True)
class Quoted:
    """One quotation: content `[start, end)`, whole quotation with marks `[open, close)`."""

    open: int
    start: int
    end: int
    close: int
    closed: bool  # False: ran to the end of its paragraph without a closing mark
    mark: str


@dataclass
class _Open:
    mark: str
    at: int  # offset of the opening mark
    last: int  # end of the last mark that opened or continued it
    nested: int = 0  # curly double quotes opened inside it and not closed yet


def find_quotes(text: str) -> tuple[Quoted, ...]:
    """Every top-level quotation of `text`, in order."""
    found: list[Quoted] = []
    current: _Open | None = None
    for match in _MARK.finditer(text):
        mark, i, j = match.group(), match.start(), match.end()
        if mark == _TRIPLE:  # it closes as "'" + "''" and opens as "''" + "'"
            mark, i, j = ("''", i + 1, j) if current is not None else ("''", i, j - 1)
        if current is not None and text.find("\n", current.last, i) != -1:
            if _continues(text, current, mark, i):
                current.last = j
                continue
            found.extend(_unclosed(text, current))
            current = None
        if current is None:
            if mark in _CLOSERS and _opens(text, mark, i, j):
                current = _Open(mark, i, j)
        elif _closing(text, current, mark, i, j):
            found.extend(_quoted(text, current, i, j, closed=True))
            current = None
    if current is not None:
        found.extend(_unclosed(text, current))
    return tuple(found)


def _closing(text: str, current: _Open, mark: str, i: int, j: int) -> bool:
    """Does the mark at `i` close `current`? A curly “ that opens inside it nests (“… said
    “no” to …”), and the ” that closes the nested one does not close `current`."""
    if mark == current.mark == "“" and _opens(text, mark, i, j) and _inside(text, i):
        current.nested += 1
        return False
    if mark not in _CLOSERS[current.mark] or not _closes(text, mark, i, j):
        return False
    if current.nested and mark == "”":
        current.nested -= 1
        return False
    return True


def _inside(text: str, i: int) -> bool:
    """Does the mark at `i` open inside a sentence (a nested quotation), not a new one after
    a sentence's end (“… shocked. “And then …”: the first was left open)?"""
    before = text[:i].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_ENDS


def _opens(text: str, mark: str, i: int, j: int) -> bool:
    nxt = text[j] if j < len(text) else "\n"
    prev = text[i - 1] if i else "\n"
    if mark in _SINGLE and mark not in _SPACED:
        return (prev.isspace() or prev in _OPEN_BEFORE) and nxt.isalpha()
    if nxt.isspace() and (mark not in _SPACED or nxt == "\n") and prev != "\n":
        return False  # a mark that opens a line may be followed by a space ("\" Souhlasem")
    return mark in _ALWAYS_OPENING or prev.isspace() or prev in _OPEN_BEFORE or _cjk(prev)


def _closes(text: str, mark: str, i: int, j: int) -> bool:
    prev = text[i - 1] if i else " "
    nxt = text[j] if j < len(text) else " "
    if prev.isspace() and mark not in _SPACED:
        return text[i - 2 : i - 1] in ("'", "’")  # "… 'nested,' " closes after a space
    return not nxt.isalnum() or (prev in _END_PUNCT and mark not in _SINGLE) or _cjk(nxt)


def _cjk(char: str) -> bool:
    """A letter of a script written without spaces, or Chinese and Japanese punctuation:
    there a quotation opens and closes right beside the words (“安全。”他表示; 为“生命线”)."""
    return unspaced(char) or _CJK_PUNCT.match(char) is not None


def _continues(text: str, current: _Open, mark: str, i: int) -> bool:
    """Does the mark at `i` reopen `current` at the start of the very next paragraph?"""
    if current.mark in _SINGLE or mark not in _CLOSERS or mark in _SINGLE:
        return False
    gap = text[current.last : i]
    line_start = text.rfind("\n", 0, i) + 1
    breaks = gap[gap.find("\n") :].strip()  # text between the first break and the mark
    return not breaks and not text[line_start:i].strip()


def _unclosed(text: str, current: _Open) -> list[Quoted]:
    if current.mark in _SINGLE:
        return []
    end = text.find("\n", current.last)
    end = len(text) if end == -1 else end
    return _quoted(text, current, end, end, closed=False)


def _quoted(text: str, current: _Open, i: int, j: int, *, closed: bool) -> list[Quoted]:
    start = current.at + len(current.mark)
    while start < i and text[start].isspace():
        start += 1
    end = i
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return []
    return [Quoted(current.at, start, end, j, closed, current.mark)]
