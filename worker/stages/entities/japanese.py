"""Names in Japanese text, from Sudachi's parts of speech (`worker/segment.py`).

Japanese has no capitals and no spaces between words, so the rule backend's spans (words in
capitals) find nothing in it. Sudachi's core dictionary tells proper nouns and their kind:

- a person's name (固有名詞-人名: a family name 姓, a given name 名, or a name as one word);
  a family name and a given name written one after the other are one name ("岸田" "文雄"),
  as are two names joined by a middle dot ("ドナルド・トランプ"); a title the dictionary
  writes onto the name ("トランプ大統領") is cut off (`titles` of [lang.ja] in
  config/entities.toml, the ones written after a name);
- a place (固有名詞-地名): LOC;
- any other proper noun (固有名詞-一般: companies, parties, agencies, universities, airports:
  "日本銀行", "自民党", "国連"): ORG;
- a run of nouns ending with an organisation's word (`org_suffixes`: 省, 庁, 党, 新聞, ...)
  and holding at least two characters more ("反省", reflection, is none) is an ORG too,
  whatever its parts are ("国土交通省", "警視庁", "読売新聞"), and longer than the names
  inside it ("東京地方裁判所" over "東京").

A family name alone later ("岸田首相") is the person named in full before (see names.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from worker.calendar_names import unspaced
from worker.segment import Morpheme, japanese_morphemes
from worker.stages.entities.lexicon import Lexicon
from worker.stages.entities.mentions import Mention

_KINDS = {"人名": "PERSON", "地名": "LOC", "一般": "ORG"}
_JOINERS = ("・", "＝", "=")  # between a given name and a family name in katakana
_NOUN = "名詞"


class JapaneseRecognizer:
    """Labelled name spans of a Japanese text (the "sudachi" backend, configured for `ja`)."""

    name = "sudachi"

    def __init__(self, lexicon: Lexicon) -> None:
        # the Japanese ones: the lexicon holds the common section's Latin ones too ("Inc")
        titles = {"".join(t) for t in lexicon.titles if unspaced("".join(t))}
        self.titles = tuple(sorted(titles, key=len, reverse=True))
        suffixes = {s for s in lexicon.org_suffixes if unspaced(s)}
        self.org_suffixes = tuple(sorted(suffixes, key=len, reverse=True))

    def __call__(self, text: str) -> list[Mention]:
        morphemes = japanese_morphemes(text)
        return [*self._names(text, morphemes), *self._organisations(text, morphemes)]

    def _names(self, text: str, morphemes: Sequence[Morpheme]) -> list[Mention]:
        found, i = [], 0
        while i < len(morphemes):
            label = _kind(morphemes[i])
            if label is None:
                i += 1
                continue
            last = i
            while last + 1 < len(morphemes):
                nxt = morphemes[last + 1]
                if _kind(nxt) == label and nxt.start == morphemes[last].end:
                    last += 1
                elif label == "PERSON" and _joined_name(text, morphemes, last):
                    last += 2
                else:
                    break
            start, end = morphemes[i].start, morphemes[last].end
            if label == "PERSON":
                end = self._untitled(text, start, end)
            found.append(Mention(start, end, label))
            i = last + 1
        return found

    def _untitled(self, text: str, start: int, end: int) -> int:
        """The end of a person's name without a title written onto it ("トランプ大統領")."""
        span = text[start:end]
        for title in self.titles:
            if span.endswith(title) and len(span) > len(title):
                return end - len(title)
        return end

    def _organisations(self, text: str, morphemes: Sequence[Morpheme]) -> list[Mention]:
        """Runs of nouns (and the suffixes written onto them) ending with an org suffix."""
        found, first = [], None
        for i, morpheme in enumerate(morphemes):
            noun = morpheme.pos[0] == _NOUN or (morpheme.pos[0] == "接尾辞" and first is not None)
            if noun and morpheme.pos[1] != "数詞":
                first = i if first is None or morphemes[i - 1].end != morpheme.start else first
                end = morpheme.end
                span = text[morphemes[first].start : end]
                if any(span.endswith(s) and len(span) >= len(s) + 2 for s in self.org_suffixes):
                    found.append(Mention(morphemes[first].start, end, "ORG"))
            else:
                first = None
        return found


def _kind(morpheme: Morpheme) -> str | None:
    pos = morpheme.pos
    if pos[0] != _NOUN or pos[1] != "固有名詞":
        return None
    return _KINDS.get(pos[2])


def _joined_name(text: str, morphemes: Sequence[Morpheme], last: int) -> bool:
    """A middle dot between two parts of a person's name ("ドナルド・トランプ")."""
    if last + 2 >= len(morphemes):
        return False
    dot, after = morphemes[last + 1], morphemes[last + 2]
    return (
        text[dot.start : dot.end] in _JOINERS
        and dot.start == morphemes[last].end
        and after.start == dot.end
        and _kind(after) == "PERSON"
    )
