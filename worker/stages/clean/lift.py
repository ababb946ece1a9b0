"""Metadata lifted out of plain text: the headline, bylines ("By Jane Doe") and datelines
("OSLO (NTB) -").

All functions are pure and return None when the text is not what they look for.
"""

from __future__ import annotations

import re

import regex

from worker.stages.clean.lines import date_like, title_like, words
from worker.stages.clean.phrases import Phrases, normalize

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄҐ"
# A capitalized word, or a name in a script without capitals (Chinese, Korean, Arabic).
_NAME_TOKEN = re.compile(
    rf"^(?:[{_UPPER}][\w'’.-]*|[\u4e00-\u9fff\uac00-\ud7af]{{2,4}}|[\u0600-\u06ff]{{2,}})$"
)
_OPENER_END = " :：\u00a0"
_BYLINE_MAX_WORDS = 16
_NAME_MAX_TOKENS = 5
_SPLIT_NAMES = re.compile(r"\s*[,;|/]\s*")
# "<names> | <roles>" or "<names> / <outlet>": one separator, no sentence end
_UNOPENED = re.compile(r"^([^|/.!?]+?)\s+([|/])\s+([^|/.!?]+)$")
_NAME_LIST = re.compile(r"\s+[-–—&]\s+|\s*,\s*|\s+and\s+")
_OUTLET_WORDS = 5
_SENTENCE_STOPS = (".", "!", "?")
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

_STANDFIRST_WORDS = 15  # a standfirst is longer than most headlines (the HTML path's dek length)
_LEAD_LINES = 5  # the body's first lines, which a headline echoes
_ECHO_SHARE = 0.5
_ECHO_MIN = 2
_UNECHOED_WORDS = 5  # a headline that echoes nothing is at least this long (widgets are shorter)
_STEM = 5
_HEADER_LINES = 4  # kicker, headline, comment count, standfirst: above a byline or date
# `regex`'s \w: a word keeps its combining marks (Hindi's vowel signs), where `re` cuts it
_LONG_WORD = regex.compile(r"\w{4,}")
_BULLETS = ("- ", "• ", "* ", "– ")
# "Headline - Site", "Headline | Site": a short tail after a dash, a bar or a colon
_SITE_TAIL = re.compile(r"^(.{15,}?)\s+[-–—|:]\s+([^-–—|:]{2,40})$")
_SITE_WORDS = 4


def byline_authors(line: str, phrases: Phrases) -> list[str] | None:
    """Names in a byline line ("By Tom Harris and Priya Nair, Environment correspondents").

    Also the forms without a byline word: "Jane Doe | Staff Reporter" (names, then only role
    words) and "Thao Nguyen - Duc Tri / Tuoi Tre News" (names, then the outlet).
    Returns None when the line is none of these, or is too long to be a byline.
    """
    tokens = line.split()
    if not tokens or len(tokens) > _BYLINE_MAX_WORDS:
        return None
    rest = _strip_opener(line, phrases)
    if rest is None:
        return _unopened_byline(line, phrases)
    names = [n for part in _SPLIT_NAMES.split(rest) for n in _split_joined(part, phrases)]
    names = [n for n in names if _is_name(n, phrases)]
    return names or None


def _unopened_byline(line: str, phrases: Phrases) -> list[str] | None:
    match = _UNOPENED.match(line)
    if not match:
        return _signed_byline(line, phrases)
    names_part, separator, tail = match.groups()
    tail_words = normalize(tail).split()
    if separator == "|" and not all(w in phrases.role_words for w in tail_words):
        return None
    if separator == "/" and not (len(tail_words) <= _OUTLET_WORDS and tail[:1].isupper()):
        return None
    names = [n.strip() for n in _NAME_LIST.split(names_part)]
    full = all(len(n.split()) >= 2 and _is_name(n, phrases) for n in names)
    return names if names and full else None


def _signed_byline(line: str, phrases: Phrases) -> list[str] | None:
    """ "Ana Ruiz, Senior Transport Writer", "Ana Ruiz, AP": one full name, a comma, then a
    role or an agency in capitalized words, one of them a role word (not "Varnesk, Texas")."""
    name, _, tail = line.partition(", ")
    tail_words = tail.split()
    if not name or not 1 <= len(tail_words) <= _OUTLET_WORDS or "," in tail:
        return None
    roles = [normalize(w) in phrases.role_words for w in tail_words]
    capitalized = any(roles) and all(
        w[:1].isupper() or r for w, r in zip(tail_words, roles, strict=True)
    )
    full = 2 <= len(name.split()) <= 3 and _is_name(name, phrases)
    return [name] if capitalized and full and not tail.endswith(_SENTENCE_STOPS) else None


def _strip_opener(line: str, phrases: Phrases) -> str | None:
    """What follows the byline word ("By", "Von", "作者："), if a name starts it."""
    lowered = line.lower()
    if not lowered.startswith(phrases.byline_openers):
        return None
    for opener in phrases.byline_openers:  # longest first
        if lowered.startswith(opener) and len(line) > len(opener):
            rest = line[len(opener) :]
            if rest[0] in _OPENER_END:
                rest = rest.lstrip(_OPENER_END)
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
    if not 1 <= len(tokens) <= _NAME_MAX_TOKENS:
        return False
    if any(normalize(t) in phrases.role_words for t in tokens):
        return False
    inner = tokens[1:-1]
    return (
        all(_NAME_TOKEN.match(t) for t in (tokens[0], tokens[-1]))
        and all(_NAME_TOKEN.match(t) or t in phrases.name_particles for t in inner)
        and any(c.isalpha() for c in candidate)
    )


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


def pick_title(
    lines: list[str], labels: list[str | None], body_start: int, phrases: Phrases
) -> int | None:
    """Index of the headline among the lines before the body, or None.

    Candidates are the title-like lines before the body (and the page's first line repeated
    further down: an HTML `<title>` that is also the `<h1>`, and a line of a run of links right
    above the byline/date block that echoes the article: `_in_header`). A candidate repeated in
    the page's first line ("Headline - Site") is preferred, when it is at least half of that
    line or echoes the article (not the site's name alone). Otherwise the headline is one that
    echoes the article: half its words (at least two) are in the body's first lines or in the
    page's first line, which a widget ("Share all sharing options"), a menu entry or a byline
    does not; the nearest such line above the byline/date block that precedes the body (or above
    the body when there is none; above the last byline or date line before the body, when there
    is one, whatever stands between them: a video's title, "Watch", a photo caption). With no
    echo, the nearest candidate of five words or more above that block, or none. Then the line
    just above the chosen one when that is title-like and shorter, the chosen one has 15 words
    or more and the line above echoes the article if the chosen one does (a headline over a
    standfirst, not a video link or a teaser over a long headline).
    """
    first = normalize(lines[0]) if lines else ""
    lead = _stems(" ".join(lines[body_start : body_start + _LEAD_LINES]))
    anchor = _header_block_top(lines, labels, body_start, phrases)
    meta = [i for i in range(body_start) if labels[i] == "byline" or date_like(lines[i], phrases)]
    if meta:  # the headline is above the byline or date, whatever sits between it and the body
        anchor = min(anchor, _header_block_top(lines, labels, meta[-1] + 1, phrases))
    candidates = [
        i
        for i in range(body_start)
        if (
            labels[i] is None
            or (i > 0 and labels[i] == "repeated" and normalize(lines[i]) == first)
            or (labels[i] == "related" and _in_header(i, anchor, body_start, lines[i], lead))
        )
        and title_like(lines[i], phrases)
        and _strip_opener(lines[i], phrases) is None  # "By Ana Ruiz, Transport Writer"
    ]
    in_first = [
        i
        for i in candidates
        if i > 0
        and normalize(lines[i]) in first
        and (2 * words(lines[i]) >= words(lines[0]) or _echoes(lines[i], lead, set()))
    ]
    if in_first:
        return in_first[-1]
    page_title = _stems(lines[0]) if lines else set()
    echoed = [i for i in candidates if _echoes(lines[i], lead, page_title if i else set())]
    above = [i for i in echoed if i < anchor] or echoed
    if not above:
        above = [i for i in candidates if i < anchor and words(lines[i]) >= _UNECHOED_WORDS]
    if not above:
        return None
    # a headline right over a long standfirst with no final period: the headline (not a
    # menu line further up, with an ad or a widget between)
    prev = above[-1] - 1
    standfirst = words(lines[above[-1]]) >= _STANDFIRST_WORDS
    shorter = prev in candidates and words(lines[prev]) < words(lines[above[-1]])
    if standfirst and shorter and (prev in echoed or above[-1] not in echoed):
        return prev
    return above[-1]


def _in_header(i: int, anchor: int, body_start: int, line: str, lead: set[str]) -> bool:
    """A line taken for a link in a run of them (a menu, "More from ...") that is the
    headline: one of the few lines right above the byline/date block, echoing the article."""
    header = anchor < body_start and anchor - _HEADER_LINES <= i < anchor
    return header and _echoes(line, lead, set())


def _stems(text: str) -> set[str]:
    """The first five letters of each word of four letters or more, casefolded: enough to
    match "glitch" with "glitches" in any language written with spaces."""
    return {w[:_STEM] for w in _LONG_WORD.findall(text.casefold())}


def _echoes(line: str, lead: set[str], page_title: set[str]) -> bool:
    """Whether a headline candidate shares half its words, and at least two, with the
    article's first lines or with the page's first line (not a list item)."""
    stems = _stems(line)
    if len(stems) <= _ECHO_MIN or line.startswith(_BULLETS):
        return False
    shared = max(len(stems & lead), len(stems & page_title))
    return shared >= _ECHO_MIN and shared >= _ECHO_SHARE * len(stems)


def site_less(title: str, lines: list[str], rights: list[str]) -> str:
    """The headline less a site name after it ("Storm closes port - Harbour Gazette"), when
    that name is short and is a line of the page on its own (a masthead, a footer link) or
    is named in one of its copyright lines (`rights`: "© 2026 Harbour Gazette Ltd")."""
    match = _SITE_TAIL.match(title)
    if not match:
        return title
    head, tail = match.groups()
    if len(tail.split()) > _SITE_WORDS or not (tail[:1].isupper() or "." in tail):
        return title
    name = normalize(tail)
    alone = any(normalize(line) == name for line in lines)
    return head if alone or any(name in normalize(line) for line in rights) else title


def _header_block_top(
    lines: list[str], labels: list[str | None], body_start: int, phrases: Phrases
) -> int:
    """First line of the byline/date block nearest above the body (body_start if none)."""
    top = body_start
    seen_meta = False
    for i in range(body_start - 1, -1, -1):
        meta = labels[i] == "byline" or date_like(lines[i], phrases)
        if meta:
            top, seen_meta = i, True
        elif labels[i] is None and (seen_meta or title_like(lines[i], phrases)):
            break
    return top
