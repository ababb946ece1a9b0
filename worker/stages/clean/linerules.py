"""`classify`: the furniture category of one line on its own, from shape and phrase lists.

Categories, checked in this order: image (a placeholder such as `![]() |`), symbols (no
letters or digits), widget (share/copy/print buttons, social networks), ad, caption (a credit
label such as "Photo: AP |", or a photo credit), copyright, related (an inline pointer such as
"READ MORE: <headline>"), promo (newsletter and app calls to action), notice (cookie consent,
paywall and browser warnings). None means the line may be body text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from worker.stages.clean.lines import is_sentence, words
from worker.stages.clean.phrases import Phrases, normalize

_IMAGE = re.compile(r"^(!\[[^\]]*\]\([^)]*\)|\[(image|img|photo|video)[^\]]*\])\s*\|?", re.I)
_COPYRIGHT_MARK = re.compile(r"^\s*(©|\(c\)|ⓒ)|^copyright\s*(©|\(c\)|\d{4})|©\s*\d{4}", re.I)
_INLINE_LABEL = re.compile(r"^([^:|]{1,40})[:|]")
_CREDIT_TAIL = re.compile(r"\(([^()]{2,80})\)\s*$")
# "Photographer / Agency", "NASA/JPL/Space Science Institute": capitalized names around slashes
_SLASHED_NAMES = re.compile(
    r"^[A-Z][\w'’.&-]*(?:\s[A-Z][\w'’.&-]*)*(?:\s?/\s?[A-Z][\w'’.&-]*(?:\s[A-Z][\w'’.&-]*)*)+$"
)
_WIDGET_MAX_WORDS = 8
_CREDIT_MAX_WORDS = 12
_CAPTION_MAX_WORDS = 60
_PROMO_MAX_WORDS = 35
_NOTICE_MAX_WORDS = 80


def classify(line: str, phrases: Phrases) -> str | None:
    """The furniture category of one line on its own, or None if it may be body."""
    norm = normalize(line)
    for reason, test in _RULES:
        if test(line, norm, phrases):
            return reason
    return None


def is_promo(line: str, phrases: Phrases) -> bool:
    """A call to action ("Sign up to get the harbour news", "Subscribe now and the weekend
    supplement comes to your door."): furniture even when it reads as a sentence."""
    return _is_promo(line, normalize(line), phrases)


def _is_widget(line: str, norm: str, phrases: Phrases) -> bool:
    """ "Share this article", "Facebook Twitter Email", "12 Comments", "Share on X (opens in
    new window)", "Font size: A A A"; counts and one-letter buttons are ignored."""
    bare = " ".join(t for t in norm.split() if not t.isdigit() and len(t) > 1)
    if bare in phrases.widget or _all_widget_words(bare, phrases):
        return True
    return (
        words(line) <= _WIDGET_MAX_WORDS
        and not is_sentence(line)
        and norm.startswith(phrases.widget_prefixes)
    )


def _all_widget_words(norm: str, phrases: Phrases) -> bool:
    """ "Facebook Twitter Email", "Condividi su WhatsApp": widget words at both ends."""
    tokens = norm.split()
    if not 1 < len(tokens) <= _WIDGET_MAX_WORDS:
        return False
    if len(tokens) <= 4 and tokens[0] in phrases.widget and tokens[-1] in phrases.widget:
        return True
    return all(t in phrases.widget for t in tokens)


def _is_caption(line: str, norm: str, phrases: Phrases) -> bool:
    """ "Photo: AP | ...", "Foto: dpa", "Crédit photo : ..." (a credit label, then ":" or "|")."""
    return bool(phrases.caption.match(line.lower()))


def _is_credit(line: str, norm: str, phrases: Phrases) -> bool:
    """ "Getty Images", "Photo by Jane Doe/Reuters", "... on Tuesday. (AP Photo/Jane Doe)",
    "... in false colour. (Varnesk Observatory/Harbour Sky Survey)"."""
    if (tail := _CREDIT_TAIL.search(line)) and _names_credit(tail[1], phrases):
        return words(line) <= _CAPTION_MAX_WORDS
    return (
        words(line) <= _CREDIT_MAX_WORDS
        and not is_sentence(line)
        and not f"{norm} ".startswith(phrases.byline_prefixes)
        and bool(phrases.credit.search(norm))
    )


def _names_credit(text: str, phrases: Phrases) -> bool:
    return bool(
        phrases.credit.search(normalize(text))
        or phrases.caption.match(text.lower())
        or _SLASHED_NAMES.match(text.strip())
    )


def _is_copyright(line: str, norm: str, phrases: Phrases) -> bool:
    return bool(_COPYRIGHT_MARK.search(line) or phrases.copyright.search(norm))


def _is_inline_related(line: str, norm: str, phrases: Phrases) -> bool:
    """ "READ MORE: <headline>", "Lesen Sie auch | <headline>" (a label, then the headline)."""
    label = _INLINE_LABEL.match(line)
    if label is None:
        return False
    head = normalize(label[1])
    return head in phrases.related_inline and norm != head


def _is_promo(line: str, norm: str, phrases: Phrases) -> bool:
    return words(line) <= _PROMO_MAX_WORDS and bool(phrases.promo.search(norm))


def _is_notice(line: str, norm: str, phrases: Phrases) -> bool:
    return words(line) <= _NOTICE_MAX_WORDS and bool(phrases.notice.search(norm))


# Checked in order; the first that matches names the line's category.
_RULES: tuple[tuple[str, Callable[[str, str, Phrases], bool]], ...] = (
    ("image", lambda line, norm, p: bool(_IMAGE.match(line))),
    ("symbols", lambda line, norm, p: not norm),
    ("widget", _is_widget),
    ("ad", lambda line, norm, p: norm in p.ad),
    ("caption", _is_caption),
    ("caption", _is_credit),
    ("copyright", _is_copyright),
    ("related", _is_inline_related),
    ("promo", _is_promo),
    ("notice", _is_notice),
)
