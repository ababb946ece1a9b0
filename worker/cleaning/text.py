"""Plain text to body text: a line classifier for page furniture left by scrapers.

`clean_text(text, phrases)` keeps the article's paragraphs and returns what it dropped, each
line with a reason: widget, ad, image, caption, copyright, related, navigation, repeated,
symbols; and what it lifted into metadata: title, byline, date, dateline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from worker.cleaning.lift import byline_authors, dateline
from worker.cleaning.phrases import Phrases, normalize

_IMAGE = re.compile(r"^(!\[[^\]]*\]\([^)]*\)|\[(image|img|photo|video)[^\]]*\])\s*\|?", re.I)
_TERMINAL = (".", "!", "?", "…", '"', "”", "»", "'", "’", "。", "！", "？", ":", ";", ")")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_NAV_SEPARATORS = re.compile(r"\s[|>›»/•·]\s")
_BODY_MIN_WORDS = 8
_LONG_WORDS = 25
_TITLE_WORDS = (3, 30)
_LINK_MAX_WORDS = 20
_CAPTION_WORDS = 50
_DATE_LINE_WORDS = 10
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_WRAP_WIDTH = 100  # a text whose lines are all this short may be hard-wrapped


@dataclass(frozen=True)
class CleanText:
    """What the plain-text path found."""

    paragraphs: tuple[str, ...]
    removed: tuple[dict[str, str], ...]
    title: str | None = None
    date_line: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    kept_lines: tuple[int, ...] = field(default=(), repr=False)


def words(line: str) -> int:
    """Word count, with CJK characters counted as half a word each."""
    return len(line.split()) + len(_CJK.findall(line)) // 2


def is_body_like(line: str) -> bool:
    """A line that reads as prose: long enough and ending like a sentence (or very long)."""
    n = words(line)
    return n >= _LONG_WORDS or (n >= _BODY_MIN_WORDS and line.rstrip().endswith(_TERMINAL))


def unwrap(text: str) -> list[str]:
    """Non-empty stripped lines, with hard-wrapped paragraph lines joined back together."""
    raw_lines = text.splitlines()
    wrapped = max((len(r) for r in raw_lines), default=0) <= _WRAP_WIDTH
    lines: list[str] = []
    for raw in raw_lines:
        line = " ".join(raw.split())
        if not line:
            lines.append("")
            continue
        prev = lines[-1] if lines else ""
        if wrapped and len(prev) > 40 and not prev.endswith(_TERMINAL) and line[0].islower():
            lines[-1] = f"{prev} {line}"
        else:
            lines.append(line)
    return [line for line in lines if line]


def classify(line: str, phrases: Phrases) -> str | None:
    """The furniture category of one line on its own, or None if it may be body."""
    norm = normalize(line)
    for reason, test in _RULES:
        if test(line, norm, phrases):
            return reason
    return None


def _is_copyright(line: str, norm: str, phrases: Phrases) -> bool:
    return line.startswith(("©", "(c)", "(C)", "Copyright")) or any(
        p in norm for p in phrases.copyright
    )


def _is_widget(line: str, norm: str, phrases: Phrases) -> bool:
    return norm in phrases.widget or _all_widget_words(norm, phrases)


def _all_widget_words(norm: str, phrases: Phrases) -> bool:
    """ "Facebook Twitter Email", "Condividi su WhatsApp": widget words at both ends."""
    tokens = norm.split()
    if not 1 < len(tokens) <= 8:
        return False
    if len(tokens) <= 4 and tokens[0] in phrases.widget and tokens[-1] in phrases.widget:
        return True
    return all(t in phrases.widget for t in tokens)


def _is_caption(line: str, norm: str, phrases: Phrases) -> bool:
    for prefix in phrases.caption_prefixes:
        if norm.startswith(prefix):
            rest = line[len(prefix) :].lstrip(" s")
            if line.lower().startswith(prefix) and rest[:1] in (":", "|"):
                return True
    return False


def _is_inline_related(line: str, norm: str, phrases: Phrases) -> bool:
    head = line.split(":", 1)[0] if ":" in line[:40] else ""
    return bool(head) and normalize(head) in phrases.related_inline and norm != normalize(head)


# Checked in order; the first that matches names the line's category.
_RULES: tuple[tuple[str, Callable[[str, str, Phrases], bool]], ...] = (
    ("image", lambda line, norm, p: bool(_IMAGE.match(line))),
    ("symbols", lambda line, norm, p: not norm),
    ("widget", _is_widget),
    ("ad", lambda line, norm, p: norm in p.ad),
    ("caption", _is_caption),
    ("copyright", _is_copyright),
    ("related", _is_inline_related),
)


def clean_text(text: str, phrases: Phrases) -> CleanText:
    """Split `text` into body paragraphs and removed lines (see the module docstring)."""
    lines = unwrap(text)
    labels = _label_lines(lines, phrases)
    body = [i for i, label in enumerate(labels) if label is None]
    prose = [i for i in body if is_body_like(lines[i])]
    first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
    title = _pick_title(lines, labels, first)
    for i in body:
        if i < first or (i > last and not _trailing_keeper(lines[i])):
            labels[i] = "title" if i == title else _lead_label(lines[i])
    authors = _lift_bylines(lines, labels, phrases)
    return _assemble(lines, labels, title, authors)


def _label_lines(lines: list[str], phrases: Phrases) -> list[str | None]:
    labels: list[str | None] = []
    seen: set[str] = set()
    in_related = False
    for line in lines:
        norm = normalize(line)
        label = classify(line, phrases)
        if label is None and labels and labels[-1] == "image" and words(line) <= _CAPTION_WORDS:
            label = "caption"
        if label == "caption":
            seen.add(normalize(re.split(r"[|:]", line, maxsplit=1)[-1]))
        if norm in phrases.related_headers:
            label, in_related = "related", True
        elif in_related and label is None and _link_like(line):
            label = "related"
        elif label is None:
            in_related = False
        if label is None and norm in seen:
            label = "repeated"
        if label is None and byline_authors(line, phrases):
            label = "byline"
        seen.add(norm)
        labels.append(label)
    return labels


def _lead_label(line: str) -> str:
    return "date" if words(line) <= _DATE_LINE_WORDS and _YEAR.search(line) else "navigation"


def _link_like(line: str) -> bool:
    return words(line) <= _LINK_MAX_WORDS and not line.endswith((".", "。"))


def _trailing_keeper(line: str) -> bool:
    """A short last paragraph ("The trial continues.") that is prose, not a link."""
    return words(line) >= 3 and line.endswith((".", "!", "。", '."', ".”", ".»"))


def _pick_title(lines: list[str], labels: list[str | None], first_body: int) -> int | None:
    candidates = [
        i for i in range(min(first_body, len(lines))) if labels[i] is None and _title_like(lines[i])
    ]
    return max(candidates, key=lambda i: words(lines[i]), default=None)


def _title_like(line: str) -> bool:
    low, high = _TITLE_WORDS
    return (
        low <= words(line) <= high and not line.endswith(".") and not _NAV_SEPARATORS.search(line)
    )


def _lift_bylines(lines: list[str], labels: list[str | None], phrases: Phrases) -> list[str]:
    names: list[str] = []
    for i, label in enumerate(labels):
        if label == "byline":
            names += [n for n in byline_authors(lines[i], phrases) or [] if n not in names]
    return names


def _assemble(
    lines: list[str], labels: list[str | None], title: int | None, authors: list[str]
) -> CleanText:
    removed = [{"text": lines[i], "reason": label} for i, label in enumerate(labels) if label]
    kept = [i for i, label in enumerate(labels) if label is None]
    paragraphs = [lines[i] for i in kept]
    source = None
    if paragraphs and (found := dateline(paragraphs[0])):
        prefix, source = found
        paragraphs[0] = paragraphs[0][len(prefix) :]
        removed.append({"text": prefix.strip(), "reason": "dateline"})
    return CleanText(
        paragraphs=tuple(paragraphs),
        removed=tuple(removed),
        title=lines[title] if title is not None else None,
        date_line=next((r["text"] for r in removed if r["reason"] == "date"), None),
        authors=tuple(authors),
        source=source,
        kept_lines=tuple(kept),
    )
