"""Bytes to text: the first thing `clean` does.

Order of trust: a byte-order mark, then strict UTF-8, then the declared charset (HTTP header,
`<meta charset>`, the inbox's field), then UTF-8 with a few stray bytes (many valid multi-byte
sequences, at most one stray byte in 20 of them: a Latin-1 byte pasted into a UTF-8 page; the
stray bytes become U+FFFD), then charset-normalizer's best guess if it is coherent.
Input that is binary (NUL bytes, control characters, known file signatures) raises
`Rejected(NOT_TEXT)`; text that no charset decodes cleanly raises `Rejected(UNDECODABLE)`.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from worker.errors import Reason, Rejected

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Signatures of common binary formats that sometimes arrive with a text name. Only ones no
# text starts with: other binaries (RIFF, ID3, ...) are caught by their NUL/control bytes.
_MAGIC = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"\xfd7zXZ",
    b"Rar!\x1a",
    b"7z\xbc\xaf",
    b"\x00asm",
)
# Legacy charsets in the order the web uses them: the tie-break between equally clean guesses.
_PREFERRED = (
    "cp1252",
    "cp1251",
    "cp1250",
    "iso8859_2",
    "gb18030",
    "gbk",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "cp1256",
    "cp1253",
    "cp1254",
    "cp1257",
    "koi8_r",
    "cp1255",
)
_EXTRA_PUNCT = set("’‘“”„–—…€«»°§·•")
_MAX_LATIN_SHARE = 0.3  # Western text: accented letters are a minority of the letters
_CHAOS_TIE = 0.05
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_SNIFF_BYTES = 4096
_MAX_CONTROL_RATIO = 0.02  # share of C0 control chars (not tab/newline) that makes it binary
_MAX_CHAOS = 0.2  # charset-normalizer "mess" above this is not text we trust
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_MAX_DAMAGE = 0.05  # stray bytes per valid multi-byte sequence in a UTF-8 page


def decode(raw: bytes, declared: str | None = None) -> str:
    """Decode `raw` to str, or raise Rejected(EMPTY | NOT_TEXT | UNDECODABLE)."""
    if not raw.strip():
        raise Rejected(Reason.EMPTY, "no bytes besides whitespace")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding) or _undecodable(encoding)
    _refuse_binary(raw)
    text = _strict(raw, "utf-8")
    if text is not None:
        return text
    for charset in (declared, _meta_charset(raw)):
        if charset and (text := _strict(raw, charset)) is not None:
            return text
    return _damaged_utf8(raw) or _western(raw) or _guess(raw)


def _refuse_binary(raw: bytes) -> None:
    head = raw[:_SNIFF_BYTES]
    if head.startswith(_MAGIC):
        raise Rejected(Reason.NOT_TEXT, "binary file signature")
    if b"\x00" in head:
        raise Rejected(Reason.NOT_TEXT, "NUL bytes")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > _MAX_CONTROL_RATIO * len(head):
        raise Rejected(Reason.NOT_TEXT, "control characters")


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _damaged_utf8(raw: bytes) -> str | None:
    """UTF-8 with a few stray bytes (a Latin-1 byte pasted into a UTF-8 page), the stray bytes
    as U+FFFD. Legacy text almost never forms valid multi-byte UTF-8 sequences: many of them
    and a handful of invalid bytes mean UTF-8, and cp1252 would turn every "ü" into "Ã¼"."""
    valid = len(_UTF8_SEQUENCE.findall(raw))
    if not valid:
        return None
    text = raw.decode("utf-8", "replace")
    return text if text.count("\ufffd") <= _MAX_DAMAGE * valid else None


def _meta_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _western(raw: bytes) -> str | None:
    """cp1252 text whose few non-ASCII characters are all letters or typographic marks.

    Charset detectors are unreliable on short text; cp1252 is the WHATWG default for
    unlabeled Western pages, and plausible only when accented letters are a minority.
    """
    text = _strict(raw, "cp1252")
    if text is None:
        return None
    letters = sum(1 for c in text if c.isalpha())
    odd = [c for c in text if ord(c) > 127]
    plausible = all(c.isalpha() or c in _EXTRA_PUNCT for c in odd)
    return text if plausible and len(odd) <= _MAX_LATIN_SHARE * max(1, letters) else None


def _guess(raw: bytes) -> str:
    matches = list(from_bytes(raw))
    if not matches or min(m.chaos for m in matches) > _MAX_CHAOS:
        _undecodable("no charset decodes it coherently")
    floor = min(m.chaos for m in matches) + _CHAOS_TIE
    clean = sorted(
        (m for m in matches if m.chaos <= floor), key=lambda m: (_rank(m.encoding), -m.coherence)
    )
    return str(clean[0])


def _rank(encoding: str) -> int:
    return _PREFERRED.index(encoding) if encoding in _PREFERRED else len(_PREFERRED)


def _undecodable(detail: str) -> str:
    raise Rejected(Reason.UNDECODABLE, detail)
