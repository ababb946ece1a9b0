"""Words of the languages written without spaces between words, for the keywords and dates
stages.

`segmenter(code)` gives, for Chinese, Japanese and Thai, a function that cuts a text into
`Segment`s, in order, whose spans cover every character (punctuation and spaces are segments
too); None for any other language. A segment says whether it is a content word, one a
keyword may hold: in these languages a keyword is a noun or a run of nouns ("営業利益",
operating profit; "长江口", the Yangtze's mouth), and the segmenter's part of speech tells
nouns from the verbs, particles and numbers around them, which a stop word list cannot
(Chinese and Japanese lists are short, and a verb is no stop word).

- Chinese: jieba's dictionary and tags (rjieba, jieba-rs): content words are the nouns
  (`n`, `nr` a person, `ns` a place, `nt` an organisation, `nz` other names, ...), verbal
  and adjectival nouns (`vn`, `an`), abbreviations (`j`) and words in Latin letters (`eng`).
- Japanese: Sudachi with its core dictionary, in mode C, its longest units ("東京都港区"
  is one word): content words are the nouns (名詞) but numerals and nouns used as adverbs
  ("今日", "昨年": dates, not topics). A suffix or prefix (接尾辞, 接頭辞) is written onto
  its noun ("警視" + "庁", "3" + "人") and makes one segment with it, a content word if the
  noun is.
- Thai: PyThaiNLP's newmm over its word list, and its perceptron tagger (trained on the
  ORCHID corpus; `worker/thai.py`): content words are the nouns (NOUN, PROPN).

`boundaries(code, text)` gives the offsets where the words of `text` begin and end: the
dates stage reads a weekday or "yesterday" inside a Chinese or Japanese sentence only where
it is a word ("周一" is Monday, but not inside "一周一次", once a week).

Each is made at its first use in a process (Sudachi maps its dictionary, jieba reads its
own): only a worker that reads these languages loads them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache
from typing import Any, NamedTuple

from worker import thai


class Segment(NamedTuple):
    start: int
    end: int
    content: bool  # a word a keyword may hold


Segmenter = Callable[[str], Sequence[Segment]]

# jieba's tags of content words, besides the nouns (`n...`)
_JIEBA_CONTENT = frozenset({"vn", "an", "j", "eng"})
_THAI_CONTENT = frozenset({"NOUN", "PROPN"})
# Sudachi refuses a longer input (49,149 bytes); texts are cut at line ends, then at full
# stops, then every `_SUDACHI_CHARACTERS` (three bytes a character in UTF-8, at most)
_SUDACHI_CHARACTERS = 12_000


def segmenter(code: str) -> Segmenter | None:
    """How a text in the language `code` is cut into words (None: not here)."""
    return _SEGMENTERS.get(code)


def boundaries(code: str, text: str) -> frozenset[int] | None:
    """The offsets where the words of `text` (in the language `code`) begin and end; None
    for a language with no segmenter here."""
    if code == "th":  # its words only: tagging them would be wasted here
        return frozenset(itertools.accumulate(map(len, _thai_words(text)), initial=0))
    segment = segmenter(code)
    if segment is None:
        return None
    return frozenset(cut for s in segment(text) for cut in (s.start, s.end))


class Word(NamedTuple):
    start: int
    end: int
    tag: str  # jieba's part of speech: "n" a noun, "nr" a person, "ns" a place, "nt" an org...


@lru_cache(maxsize=1)  # the keywords, dates and entities stages ask for one text's in turn
def chinese_words(text: str) -> tuple[Word, ...]:
    """jieba's words of `text`, with their spans and tags."""
    import rjieba  # noqa: PLC0415  (only a process reading Chinese loads its dictionary)

    out, at = [], 0
    for word, tag in rjieba.tag(text):
        end = at + len(word)
        out.append(Word(at, end, tag))
        at = end
    return tuple(out)


def chinese(text: str) -> list[Segment]:
    return [
        Segment(w.start, w.end, w.tag.startswith("n") or w.tag in _JIEBA_CONTENT)
        for w in chinese_words(text)
    ]


def japanese(text: str) -> list[Segment]:
    out: list[Segment] = []
    bound_before = False  # a prefix waits for the word it is written onto
    for morpheme in japanese_morphemes(text):
        start, end, pos = morpheme.start, morpheme.end, morpheme.pos
        if pos[0] == "接尾辞" and out and out[-1].end == start:
            out[-1] = out[-1]._replace(end=end)
            continue
        content = pos[0] == "名詞" and pos[1] != "数詞" and pos[2] != "副詞可能"
        if bound_before and out[-1].end == start:
            out[-1] = Segment(out[-1].start, end, content)
        else:
            out.append(Segment(start, end, content))
        bound_before = pos[0] == "接頭辞"
    return out


class Morpheme(NamedTuple):
    start: int
    end: int
    pos: tuple[str, ...]  # Sudachi's part of speech: ("名詞", "固有名詞", "人名", "姓", ...)
    lemma: str = ""  # its dictionary form ("述べる" of "述べ")


@lru_cache(maxsize=1)  # the keywords, dates and entities stages ask for one text's in turn
def japanese_morphemes(text: str) -> tuple[Morpheme, ...]:
    """Sudachi's morphemes of `text` (mode C), with their spans and parts of speech."""
    tokenize = _sudachi()
    return tuple(
        Morpheme(
            offset + m.begin(), offset + m.end(), tuple(m.part_of_speech()), m.dictionary_form()
        )
        for offset, part in _parts(text, _SUDACHI_CHARACTERS)
        for m in tokenize(part)
    )


@lru_cache(maxsize=1)  # the keywords and dates stages ask for one text's in turn
def _thai_words(text: str) -> tuple[str, ...]:
    return tuple(thai.words(text))


def thai_segments(text: str) -> list[Segment]:
    words = list(_thai_words(text))
    out, at = [], 0
    for word, tag in zip(words, thai.tags(words), strict=True):
        end = at + len(word)
        out.append(Segment(at, end, tag in _THAI_CONTENT))
        at = end
    return out


def _parts(text: str, longest: int) -> Iterator[tuple[int, str]]:
    """`text` in parts of at most `longest` characters, with their offsets: whole lines
    together where they fit, a longer line cut after a full stop, or anywhere."""
    at = 0
    while at < len(text):
        end = min(len(text), at + longest)
        if end < len(text):
            cut = max(text.rfind("\n", at, end), text.rfind("。", at, end))
            end = cut + 1 if cut > at else end
        yield at, text[at:end]
        at = end


@cache
def _sudachi() -> Callable[[str], Any]:
    from sudachipy import Dictionary, SplitMode  # noqa: PLC0415  (only a process reading Japanese)

    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    return tokenizer.tokenize


_SEGMENTERS: dict[str, Segmenter] = {"zh": chinese, "ja": japanese, "th": thai_segments}
