"""Signals about one line of plain text, each looking at that line alone.

Language-independent shape (length, final punctuation, dates, capitals) plus the configured
phrase lists (function words, month names, section headers). Context (position, neighbours,
repetition) is the business of text.py and region.py.
"""

from __future__ import annotations

import functools
import re

from worker.stages.clean.phrases import Phrases, normalize

# Ends a sentence; `is_body_like` (kept for the HTML path) also accepts ":", ";" and ")".
# Full stops of other scripts: the danda (Hindi, Marathi, Bengali, Nepali), Urdu's, Armenian's,
# Ethiopic's, Myanmar's, and the half-width ideographic one.
OTHER_STOPS = ("।", "॥", "۔", "։", "።", "။", "｡")
SENTENCE_END = (".", "!", "?", "…", '"', "”", "»", "'", "’", "。", "！", "？", "؟", *OTHER_STOPS)
_BODY_LIKE_END = (*SENTENCE_END, ":", ";", ")")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Thai, Lao, Myanmar and Khmer: words are written without spaces between them (spaces part
# phrases and sentences), three to five characters each.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_NAV_SEPARATORS = re.compile(r"\s[|>›»/•·]\s")
_PERIOD = re.compile(r"(\w\w)\.\s+(\w)")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")  # a four-digit year 1900-2099
# a date all in figures with a two-digit year, as many pages print it ("10/21/26", "8-3-26",
# "14.05.26"; with dots, two digits a part, as "3.0.10" is a version): see short_year_date
_SHORT_YEAR_DATE = re.compile(
    r"(?<![\d./-])(?:(\d\d?)([/-])(\d\d?)\2|(\d\d)\.(\d\d)\.)\d\d(?![\d./-])"
)
_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}[:h]\d\d|\d{4}年")
_BODY_MIN_WORDS = 8
_LONG_WORDS = 25
_SENTENCE_MIN_WORDS = 3
_TITLE_WORDS = (3, 30)
_LINK_MAX_WORDS = 20
_HEADER_MAX_WORDS = 8
_DATE_LINE_WORDS = 12
_DATE_OTHER_WORDS = 3  # words in a date line besides numbers, month names and function words


# "3 hours ago", "Updated 5 mins ago", "vor 2 Stunden", "il y a 3 heures", "hace 2 horas"
_RELATIVE_TIME = re.compile(
    r"\b\d{1,3}\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?)\s+ago\b"
    r"|\bvor\s+\d{1,3}\s+(Sekunden|Minuten|Stunden|Tagen|Wochen)\b"
    r"|\bil y a\s+\d{1,3}\s+(secondes?|minutes?|heures?|jours?)\b"
    r"|\bhace\s+\d{1,3}\s+(segundos?|minutos?|horas?|días?)\b",
    re.I,
)


@functools.lru_cache(maxsize=8192)  # asked of each line by several signals
def words(line: str) -> int:
    """Word count, with CJK characters counted as half a word each, and the characters of
    the other scripts written without spaces between words as a quarter."""
    return len(line.split()) + len(_CJK.findall(line)) // 2 + len(_UNSPACED.findall(line)) // 4


def is_body_like(line: str) -> bool:
    """A line that reads as prose: long enough and ending like a sentence (or very long)."""
    n = words(line)
    return n >= _LONG_WORDS or (n >= _BODY_MIN_WORDS and line.rstrip().endswith(_BODY_LIKE_END))


def is_prose(line: str, phrases: Phrases) -> bool:
    """A paragraph of running text: at least 8 words ending a sentence (or an introduction
    to a quote or list, "...the minister said:"), or at least 25 words; a date line never."""
    n = words(line)
    if n >= _LONG_WORDS:
        return True
    end = line.rstrip()
    if n < _BODY_MIN_WORDS or not end.endswith((*SENTENCE_END, ":", ";")):
        return False
    return end.endswith(SENTENCE_END) or not date_like(line, phrases)


def is_sentence(line: str) -> bool:
    """A short line that still ends like a sentence ("The trial continues.")."""
    return words(line) >= _SENTENCE_MIN_WORDS and line.rstrip().endswith(SENTENCE_END)


def link_like(line: str, phrases: Phrases) -> bool:
    """A headline as in a list of links: short, not prose, no final period."""
    return (
        words(line) <= _LINK_MAX_WORDS
        and not line.rstrip().endswith((".", "。", *OTHER_STOPS))
        # a question is a common headline ("Why are farmers leaving?"), prose or not
        and (line.rstrip().endswith(("?", "？")) or not is_prose(line, phrases))
    )


def title_like(line: str, phrases: Phrases) -> bool:
    """A headline candidate: a few words, one sentence at most, no final period, no menu
    separators, not a date line."""
    low, high = _TITLE_WORDS
    return (
        low <= words(line) <= high
        and not line.endswith(".")
        and not _two_sentences(line)
        and not nav_separated(line)
        and not date_like(line, phrases)
    )


def nav_separated(line: str) -> bool:
    """Menu separators between words: "World | Business", "Home › News"."""
    return bool(_NAV_SEPARATORS.search(line))


def _two_sentences(line: str) -> bool:
    """A period between a lower-case word and a capital: "advertiser. All", not "U.S. Senate"."""
    return any(m[1].islower() and m[2].isupper() for m in _PERIOD.finditer(line))


def _not_date_words(line: str, phrases: Phrases) -> list[str]:
    """The words of a line that tell no date or time: not figures, labels ("Updated"),
    function words or abbreviations in capitals (AM, PM, a time zone)."""
    out = []
    for token in line.split():
        if any(c.isdigit() for c in token) or (token.isupper() and len(token) <= 4):
            continue
        word = normalize(token)
        if word and word not in phrases.date_words and word not in phrases.stopwords:
            out.append(word)
    return out


def relative_time(line: str) -> bool:
    """Whether the line dates by the clock: "3 hours ago", "vor 2 Stunden"."""
    return _RELATIVE_TIME.search(line) is not None


def short_year_date(text: str) -> bool:
    """Whether `text` holds a date all in figures with a two-digit year ("10/21/26", day and
    month in either order; "14.05.26"), not a version ("3.0.10") or a score."""
    for match in _SHORT_YEAR_DATE.finditer(text):
        first, second = (int(match[1] or match[4]), int(match[3] or match[5]))
        if 1 <= min(first, second) <= 12 and max(first, second) <= 31:
            return True
    return False


def date_like(line: str, phrases: Phrases) -> bool:
    """A short line that is mostly a date: "Published June 24, 2026", "15.04.2026, 07:15 Uhr",
    "Publicado el 5 de marzo de 2026"."""
    if words(line) <= _DATE_LINE_WORDS and relative_time(line):
        return True
    if words(line) > _DATE_LINE_WORDS:
        return False
    if not YEAR.search(line):  # a date with a two-digit year, and little else
        return short_year_date(line) and len(_not_date_words(line, phrases)) <= 1
    if _NUMERIC_DATE.search(line):
        return True
    other = [
        t
        for t in normalize(line).split()
        if not t.isdigit() and t not in phrases.date_words and t not in phrases.stopwords
    ]
    return len(other) <= _DATE_OTHER_WORDS


def stopword_share(line: str, phrases: Phrases) -> float:
    """Share of the line's words (CJK: characters) that are configured function words."""
    cjk = _CJK.findall(line)
    tokens = cjk if len(cjk) * 3 > len(line) else normalize(line).split()
    if not tokens:
        return 0.0
    return sum(t in phrases.stopwords for t in tokens) / len(tokens)


def related_header(line: str, phrases: Phrases) -> bool:
    """A header over a block of links to other articles ("You might also like", "More from X")."""
    norm = normalize(line)
    if norm in phrases.related_headers:
        return True
    return (
        words(line) <= _HEADER_MAX_WORDS
        and not line.rstrip().endswith(SENTENCE_END)
        and f"{norm} ".startswith(phrases.related_header_prefixes)
    )


def end_marker(line: str, phrases: Phrases) -> str | None:
    """ "comments" or "bio" for a header that opens a section which is never the article:
    "Leave a reply", "34 responses to <headline>", "About the author"."""
    norm = " ".join(t for t in normalize(line).split() if not t.isdigit())
    if norm in phrases.bio_headers:
        return "bio"
    if norm in phrases.comment_headers:
        return "comments"
    header = words(line) <= _LINK_MAX_WORDS and not line.rstrip().endswith((".", "!", "?"))
    return "comments" if header and norm.startswith(phrases.comment_prefixes) else None
