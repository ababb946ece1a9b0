"""Regular-expression pieces built from word lists (config data), shared by the lexicon.

A word list becomes one alternation, longest entry first, with spaces matching any run of
spaces and a word boundary after entries that end in a letter. Names are runs of
capitalized tokens in any cased script (Latin, Greek, Cyrillic), built without the `regex`
package by listing the upper-case letters once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def _ranges(codes: list[int]) -> str:
    """A character-class body for these code points, consecutive runs as ranges."""
    out, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(chr(codes[i]) + ("-" + chr(codes[j]) if j > i else ""))
        i = j + 1
    return "".join(out)


# Upper-case letters of Latin (Basic, Latin-1, Extended-A), Greek and Cyrillic.
_BLOCKS = (range(0x41, 0x180), range(0x386, 0x3B0), range(0x400, 0x430))
UPPER = _ranges([c for block in _BLOCKS for c in block if chr(c).isupper()])
SP = r"[^\S\n]+"  # spaces within one paragraph
WORD = r"[\w’'-]+"
# Double quote marks end a phrase; single ones are mostly apostrophes ("Commentary’s").
QUOTE_CHARS = '“”"«»„‟「」『』'
# An appositive between a speaker and its verb: ", a senator from Ohio,", ", 81, of Boston, Mass.,".
APPOSITIVE = rf"(?:,[^\n,;:!?{QUOTE_CHARS}]{{1,120}}){{1,3}},"
# Any short phrase without clause punctuation: "state Sen. Ana Ruiz (D)".
PHRASE = rf"[^\n,;:!?{QUOTE_CHARS}]{{1,80}}?"
# What follows an inverted verb up to the clause's end: "said Tomas Varga of Varnesk".
REST = rf"[^\n,;:!?(){QUOTE_CHARS}]{{1,120}}"
# Separator between a closing quote mark and the attribution that follows it.
AFTER_SEP = r"[^\S\n]*(?:[,;:]|[—–―-]{1,2})?[^\S\n]*(?:[—–―-]{1,2}[^\S\n]*)?"


def alternation(words: Iterable[str], *, ignore_case: bool = True, bounded: bool = True) -> str:
    """One group matching any entry (as a trie, so it stays fast with hundreds of entries).

    Entries that start or end with a letter only match as whole words (with `bounded=False`
    a hyphen may stand before one: "a-t-il"); a space in an entry matches any run of spaces.
    Never matches the empty string.
    """
    fold = str.lower if ignore_case else str
    entries = {fold(" ".join(w.split())) for w in words if w.strip()}
    if not entries:
        return r"(?!x)x"
    worded = sorted(w for w in entries if w[0].isalnum())
    others = sorted(w for w in entries if not w[0].isalnum())
    lead = r"(?<![\w’'-])" if bounded else r"(?<!\w)"
    parts = [lead + _trie(worded)] if worded else []
    parts += [_trie(others)] if others else []
    body = "|".join(parts)
    return rf"(?i:{body})" if ignore_case else rf"(?:{body})"


def verb_alternation(words: Iterable[str]) -> str:
    """Like `alternation`, but case-sensitive: entries as written, or capitalized only where
    a sentence starts (so "States" in "the United States" is no verb, "Uvedl, že" is one)."""
    entries = [" ".join(w.split()) for w in words if w.strip()]
    capital = [w[0].upper() + w[1:] for w in entries if w[0].islower()]
    start = r"(?:(?<![\s\S])|(?<=\n)|(?<=[.!?:\"”»“„] )|(?<=[.!?] [\"”“„«]))"
    lower = alternation(entries, ignore_case=False)
    return rf"(?:{lower}|{start}{alternation(capital, ignore_case=False)})" if capital else lower


def _trie(words: list[str]) -> str:
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = word
    return _branch(root)


def _branch(node: dict[str, Any]) -> str:
    alts = [(SP if ch == " " else re.escape(ch)) + _branch(child) for ch, child in
            sorted((k, v) for k, v in node.items() if k)]  # fmt: skip
    if "" in node:  # the longer entries are tried first
        alts.append(r"(?!\w)" if node[""][-1].isalnum() else "")
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def name_pattern(function_words: str, particles: str, prefixes: str, dotted: str) -> str:
    """A person or organisation name: optional titles, then 1-5 capitalized tokens that are
    not function words ("The", "But"); `dotted` abbreviations ("Col.") may stand inside.
    Pass `function_words=""` for a looser, much smaller
    pattern (for composite patterns whose matches are refined with the strict one)."""
    guard = rf"(?!{function_words})" if function_words else ""
    token = rf"{guard}(?:{dotted}|[{UPPER}]\.(?!\w)|[{UPPER}][\w-]*(?:[’'][{UPPER}][\w-]*)?)"
    tail = rf"(?:{SP}(?:{particles}{SP})?{token}){{0,4}}"
    return rf"(?<![\w’'.-])(?:{prefixes}{SP})*{token}{tail}"


def noun_phrase(determiners: str, function_words: str) -> str:
    """A common-noun speaker led by a determiner: "the senator", "a spokesman for X"."""
    return rf"(?<![\w’'-]){determiners}(?:{SP}(?!{function_words}){WORD}){{1,4}}?"
