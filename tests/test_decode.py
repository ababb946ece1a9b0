"""`decode()`: bytes to text, or a named rejection (a table, one row per input kind)."""

from __future__ import annotations

import codecs

import pytest

from worker.errors import Reason, Rejected
from worker.stages.clean.decode import decode

GERMAN = "Die Straßenbahn fährt über die Brücke – „pünktlich“, sagte die Sprecherin."
RUSSIAN = (
    "Новая линия метро откроется в марте, сообщили в городской администрации. "
    "Пассажиры смогут доехать до центра за двадцать минут."
)
GERMAN_PARAGRAPH = (
    "Der Stadtrat hat am Dienstag beschlossen, die Gebühren für die Müllabfuhr im kommenden "
    "Jahr um zehn Prozent zu senken. Die Entscheidung fiel einstimmig. Bürgermeisterin Petra "
    "Lang sprach von einem guten Tag für die Bürger. Die Grünen forderten zusätzlich eine "
    "Überprüfung der Straßenreinigung."
)
FRENCH_PARAGRAPH = (
    "Les élèves de l'école du lac ont visité mardi le musée régional, où une exposition "
    "présente l'histoire des pêcheurs. « C'était très intéressant », a précisé une "
    "enseignante. La mairie prévoit d'ouvrir une deuxième salle l'été prochain, près de la forêt."
)
SHORT_RUSSIAN = "Привет, мир"  # too short for a guess: only a declaration decodes it right

DECODED = [
    pytest.param("Grüße aus Köln".encode(), None, "Grüße aus Köln", id="utf-8"),
    pytest.param(b"Ferry fares frozen\n", None, "Ferry fares frozen\n", id="ascii"),
    pytest.param(codecs.BOM_UTF8 + "Café crème".encode(), None, "Café crème", id="utf-8-bom"),
    pytest.param("Привет, мир".encode("utf-16"), None, "Привет, мир", id="utf-16-bom"),
    pytest.param(
        codecs.BOM_UTF16_BE + "Grüße".encode("utf-16-be"), None, "Grüße", id="utf-16-be-bom"
    ),
    pytest.param(GERMAN.encode("cp1252"), None, GERMAN, id="cp1252-german"),
    pytest.param(
        GERMAN_PARAGRAPH.encode("latin-1"), None, GERMAN_PARAGRAPH, id="latin-1-german-paragraph"
    ),
    # Undeclared Latin-1 that charset-normalizer mistakes for another code page (source bug).
    pytest.param(
        "Grüße aus Köln, sagte die Bürgermeisterin.".encode("latin-1"),
        None,
        "Grüße aus Köln, sagte die Bürgermeisterin.",
        id="latin-1-german-sentence",
    ),
    pytest.param(
        FRENCH_PARAGRAPH.encode("latin-1"), None, FRENCH_PARAGRAPH, id="latin-1-french-paragraph"
    ),
    pytest.param(RUSSIAN.encode("cp1251"), None, RUSSIAN, id="cp1251-russian-guessed"),
    pytest.param(b"Caf\xe9 cr\xe8me", "iso-8859-1", "Café crème", id="declared-iso-8859-1"),
    pytest.param(
        SHORT_RUSSIAN.encode("cp1251"), "windows-1251", SHORT_RUSSIAN, id="declared-beats-guess"
    ),
    pytest.param(
        SHORT_RUSSIAN.encode("cp1251"), "iso-8859-1", "Ïðèâåò, ìèð", id="declared-is-trusted"
    ),
    pytest.param("Grüße".encode(), "iso-8859-1", "Grüße", id="strict-utf-8-before-declared"),
    pytest.param(
        GERMAN_PARAGRAPH.encode("latin-1"),
        "no-such-charset",
        GERMAN_PARAGRAPH,
        id="unknown-declared-ignored",
    ),
    pytest.param(
        b'<html><head><meta charset="windows-1251"></head><body>'
        + SHORT_RUSSIAN.encode("cp1251")
        + b"</body></html>",
        None,
        f'<html><head><meta charset="windows-1251"></head><body>{SHORT_RUSSIAN}</body></html>',
        id="meta-charset-sniffed",
    ),
    pytest.param(
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        b"</head><body>Gr\xfc\xdfe</body></html>",
        None,
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "</head><body>Grüße</body></html>",
        id="meta-http-equiv-sniffed",
    ),
]

REJECTED = [
    pytest.param(b"", Reason.EMPTY, id="empty"),
    pytest.param(b" \n\t\r\n  ", Reason.EMPTY, id="whitespace-only"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Reason.NOT_TEXT, id="png"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", Reason.NOT_TEXT, id="pdf"),
    pytest.param(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", Reason.NOT_TEXT, id="gzip"),
    pytest.param(b"PK\x03\x04\x14\x00\x06\x00", Reason.NOT_TEXT, id="zip"),
    pytest.param(b"Ferry fares\x00 frozen for a year", Reason.NOT_TEXT, id="nul-bytes"),
    pytest.param(b"abc\x01\x02\x03def\x04\x05" * 10, Reason.NOT_TEXT, id="control-chars"),
    pytest.param("Grüße".encode("utf-16-le"), Reason.NOT_TEXT, id="utf-16-without-bom"),
    pytest.param(bytes(range(0x80, 0x100)) * 8, Reason.UNDECODABLE, id="high-bytes-soup"),
    pytest.param(
        codecs.BOM_UTF16_LE + "Grüße".encode("utf-16-le") + b"\x00",
        Reason.UNDECODABLE,
        id="utf-16-bom-odd-length",
    ),
]


@pytest.mark.parametrize(("raw", "declared", "expected"), DECODED)
def test_decodes(raw: bytes, declared: str | None, expected: str) -> None:
    assert decode(raw, declared) == expected


@pytest.mark.parametrize(("raw", "reason"), REJECTED)
def test_rejects(raw: bytes, reason: Reason) -> None:
    with pytest.raises(Rejected) as caught:
        decode(raw)
    assert caught.value.reason is reason
    assert caught.value.detail


def test_a_few_tabs_and_form_feeds_are_still_text() -> None:
    raw = b"Column\tValue\nFerry\t3.50\n\x0cPage two of the timetable follows here.\n"
    assert decode(raw) == raw.decode("ascii")


def test_utf8_with_a_stray_latin1_byte_stays_utf8() -> None:
    # a page in UTF-8 with one byte pasted from a Latin-1 source: the umlauts stay umlauts
    # (cp1252 would turn each "ü" into "Ã¼"); the stray byte becomes U+FFFD
    page = " ".join([GERMAN_PARAGRAPH] * 3)  # 33 umlauts and sharp s: 20 or more are asked
    raw = page.encode() + b" Caf\xe9 am Markt."
    assert decode(raw) == page + " Caf\ufffd am Markt."
    # Latin-1 text is no damaged UTF-8: its bytes form no UTF-8 sequences
    assert decode(GERMAN_PARAGRAPH.encode("latin-1")) == GERMAN_PARAGRAPH
