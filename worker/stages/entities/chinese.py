"""Names in Chinese text, from jieba's tags (`worker/segment.py`), each checked by a cue.

Chinese has no capitals and no spaces between words, so the rule backend's spans find
nothing in it. jieba's dictionary tags persons (`nr`; `nrfg`, `nrt` for foreign names),
places (`ns`) and organisations (`nt`), and its model tags the words it does not know; but
a tag alone is a weak witness: common words carry name tags ("城市", a city, as a place;
"上市公司", a listed company, as an organisation), a foreign name is cut in two ("鲁"
"比奥") and a leader can be tagged as a place. So a name is kept where something else
says it is one ([lang.zh] of config/entities.toml):

- PERSON: a run of person-tagged words, next to each other or joined by a middle dot
  ("萨姆·奥尔特曼"), after a title ("总统", `titles`) or with one written onto it
  ("德国总理": the title is cut, and a place is left), before a reporting verb ("说",
  `person_verbs`), or holding a middle dot; words of other kinds joined by a middle dot
  ("汉斯·穆勒") are a person too, and the last part alone later is that person. After a
  title, a word tagged as another kind of name that is no known place is a person too;
- LOC: a place the gazetteer knows ("柏林", however jieba tags it), or a word tagged as a
  place that has a place's ending (`loc_words`: 省, 市, 县, ...) after at least two
  characters ("凉山州", not "城市"), that follows a place preposition ("在", "从"), or
  that is written right before another place ("湖南" "益阳市");
- ORG: a word tagged as an organisation that ends as one does (`org_words`: "新华社",
  "国务院"; not "公共场所", a public place), and a run of nouns ending
  with an organisation's word (`org_suffixes`: "公司", "集团") that holds a name, a word in
  Latin letters or an abbreviation ("OpenAI公司", "阿里巴巴集团").

`lone_words` are never names ("上市公司"). names.resolve then finds every other mention of
a name found once, and takes a family name alone for the person named in full before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from worker.calendar_names import unspaced
from worker.segment import Word, chinese_words
from worker.stages.entities.gazetteer import Gazetteer
from worker.stages.entities.lexicon import Lexicon
from worker.stages.entities.mentions import Mention

_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
_NAME_TAGS = _PERSON_TAGS | {"ns", "nt", "nz"}
_RUN_NAMES = _NAME_TAGS | {"eng", "j"}  # what makes a run ending with an org's word a name
_RUN_WORDS = _RUN_NAMES | {"vn"}  # and what else ("建设", last but one, in "路桥建设集团")
_DOTS = frozenset("·•・")
_PLACE_STEM = 2  # characters before a place's ending ("深圳" + "市"); of any place or org
_BETWEEN = 2  # times and adverbs between a name and its reporting verb ("周二", "也")
_LONGEST_NAME = 6  # characters of a name after a title ("内塔尼亚胡", "伊万科维奇")
# jieba's tags of the words a name never holds: verbs, prepositions, conjunctions, particles,
# adverbs, numbers, measure words, times, directions, pronouns, idioms, punctuation
_NOT_IN_NAMES = tuple("vpcudmqtfrlixye")


class ChineseRecognizer:
    """Labelled name spans of a Chinese text (the "jieba" backend, configured for `zh`)."""

    name = "jieba"

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.titles = _longest_first("".join(t) for t in lexicon.titles)
        self.org_suffixes = _longest_first(lexicon.org_suffixes)
        self.org_endings = _longest_first(lexicon.org_words | lexicon.org_suffixes)
        self.place_endings = _longest_first(lexicon.loc_words)
        self.verbs = frozenset(w for w in lexicon.person_verbs if unspaced(w))
        self.prepositions = frozenset(w for w in lexicon.place_prepositions if unspaced(w))
        self.not_names = frozenset(w for w in lexicon.lone_words if unspaced(w))
        # day and month names (babel's): no name holds one ("上周二", last Tuesday, is tagged
        # as a person)
        self.calendar = tuple(w for w in lexicon.calendar_words if unspaced(w) and len(w) > 1)

    def __call__(self, text: str) -> list[Mention]:
        words = chinese_words(text)
        names = self._names(text, words)
        return [*names, *_places_before_places(words, names), *self._organisations(text, words)]

    def _names(self, text: str, words: Sequence[Word]) -> list[Mention]:
        found: list[Mention] = []
        i = 0
        while i < len(words):
            after_title = i > 0 and self._titled(text, words[i - 1])
            titled_last = self._name_after_title(text, words, i) if after_title else None
            dotted = words[i].tag in _NAME_TAGS and self._dot_after(text, words, i)
            if titled_last is not None or dotted or words[i].tag in _PERSON_TAGS:
                last = max(titled_last or i, self._person_run(text, words, i))
                mention = self._person(text, words, i, last, after_title)
                found.extend([mention] if mention else [])
                i = last + 1
                continue
            label = self._label(text, words, i)
            found.extend([Mention(words[i].start, words[i].end, label)] if label else [])
            i += 1
        return found

    def _label(self, text: str, words: Sequence[Word], i: int) -> str | None:
        """LOC or ORG for a word that is no person's name, or None."""
        word, surface = words[i], _text(text, words[i])
        if surface in self.not_names or len(surface) < _PLACE_STEM:
            return None
        if self._place(surface):
            return "LOC"
        if word.tag == "ns" and (
            self._place_ending(surface) or self._after_preposition(text, words, i)
        ):
            return "LOC"
        if word.tag == "nt" and surface.endswith(self.org_endings):
            return "ORG"
        return None

    def _person(
        self, text: str, words: Sequence[Word], first: int, last: int, after_title: bool
    ) -> Mention | None:
        """The person named by words[first:last + 1], if a cue says it is one (else a
        place, if the gazetteer knows it, or nothing)."""
        start, end = words[first].start, words[last].end
        surface = text[start:end]
        untitled = self._untitled(surface)
        # "德国总理": a title written onto a place or a name; cut, it is cue enough
        titled = after_title or untitled != surface
        verb = self._verb_after(text, words, last)
        end = start + len(untitled)
        if surface in self.not_names or len(untitled) < _PLACE_STEM:
            return None
        if any(day in untitled for day in self.calendar):
            return None
        if self._place(untitled):
            return Mention(start, end, "LOC")
        if titled or any(ch in _DOTS for ch in untitled):
            return Mention(start, end, "PERSON")
        # a company speaks too ("华为称"): its other mentions outvote a weak one
        return Mention(start, end, "PERSON", weak=True) if verb else None

    def _verb_after(self, text: str, words: Sequence[Word], last: int) -> bool:
        """A reporting verb follows words[last], maybe after a time or an adverb ("李宁"
        "周二" "表示")."""
        for word in words[last + 1 : last + 2 + _BETWEEN]:
            if _text(text, word) in self.verbs:
                return True
            if word.tag not in ("t", "d"):
                return False
        return False

    def _organisations(self, text: str, words: Sequence[Word]) -> list[Mention]:
        """Runs of nouns ending with an organisation's word and holding a name."""
        found, first = [], None
        for i, word in enumerate(words):
            if not (word.tag.startswith("n") or word.tag in _RUN_WORDS):
                first = None
                continue
            first = i if first is None or words[i - 1].end != word.start else first
            if first == i or not any(w.tag in _RUN_NAMES for w in words[first:i]):
                continue
            # a verbal noun only right before the org's word ("建设" "集团"; not "经营",
            # runs, in "滨湖区经营物流公司", a company run in Binhu)
            verbal = any(w.tag == "vn" for w in words[first : i - 1])
            surface = _text(text, word)
            if not verbal and any(_ends_with(surface, s) for s in self.org_suffixes):
                found.append(Mention(words[first].start, word.end, "ORG"))
        return found

    def _person_run(self, text: str, words: Sequence[Word], first: int) -> int:
        """The last word of the person's name starting at words[first]: person-tagged words
        next to each other ("鲁" "比奥"), or any parts of a name joined by a middle dot
        ("汉斯" "·" "穆勒"); a word ending with a title ends the run ("德国总理" "默茨")."""
        last = first
        while not self._titled(text, words[last]) and last + 1 < len(words):
            nxt = words[last + 1]
            if nxt.start != words[last].end:
                break
            if nxt.tag in _PERSON_TAGS and not self._titled(text, nxt):
                last += 1
            elif self._dot_after(text, words, last):
                last += 2
            else:
                break
        return last

    def _name_after_title(self, text: str, words: Sequence[Word], first: int) -> int | None:
        """The last word of a name right after a title, or None: words jieba tags as names,
        and single characters its model left out of the name ("总统" "马克" "龙", "总理"
        "朔" "尔茨"), up to a verb, a particle or punctuation; one at least tagged as a name
        and no known place."""
        last, size, named = first - 1, 0, False
        while last + 1 < len(words):
            word = words[last + 1]
            surface = _text(text, word)
            single = len(surface) == 1 and not word.tag.startswith(_NOT_IN_NAMES)
            if not (word.tag in _NAME_TAGS or single) or surface in self.verbs:
                break
            if (last >= first and word.start != words[last].end) or self._titled(text, word):
                break
            if size + len(surface) > _LONGEST_NAME or self._place(surface):
                break
            last, size, named = last + 1, size + len(surface), named or word.tag in _NAME_TAGS
        return last if named and last >= first else None

    def _dot_after(self, text: str, words: Sequence[Word], i: int) -> bool:
        """words[i] is followed by a middle dot and a part of a name ("汉斯" "·" "穆勒")."""
        if i + 2 >= len(words) or _text(text, words[i + 1]) not in _DOTS:
            return False
        dot, part = words[i + 1], words[i + 2]
        return (
            dot.start == words[i].end
            and part.start == dot.end
            and not part.tag.startswith(_NOT_IN_NAMES)
            and not self._titled(text, part)
        )

    def _titled(self, text: str, word: Word) -> bool:
        """The word is a title or ends with one ("总统", "日本首相")."""
        return _text(text, word).endswith(self.titles)

    def _untitled(self, surface: str) -> str:
        for title in self.titles:
            if surface.endswith(title) and len(surface) > len(title):
                return surface[: -len(title)]
        return surface

    def _place(self, surface: str) -> bool:
        return len(surface) >= _PLACE_STEM and surface.casefold() in self.gazetteer.places

    def _place_ending(self, surface: str) -> bool:
        return any(
            surface.endswith(e) and len(surface) >= len(e) + _PLACE_STEM for e in self.place_endings
        )

    def _after_preposition(self, text: str, words: Sequence[Word], i: int) -> bool:
        return i > 0 and _text(text, words[i - 1]) in self.prepositions


def _places_before_places(words: Sequence[Word], names: list[Mention]) -> list[Mention]:
    """Words tagged as places written right before a place found ("湖南" "益阳市")."""
    starts = {m.start for m in names if m.label == "LOC"}
    found = []
    for word in reversed(words):
        if word.tag == "ns" and word.end in starts and word.end - word.start >= _PLACE_STEM:
            found.append(Mention(word.start, word.end, "LOC"))
            starts.add(word.start)
    return found[::-1]


def _ends_with(word: str, suffix: str) -> bool:
    """`word` ends with the organisation's word `suffix`: a word of one character only as a
    word of its own ("局"; "西部", the west, is no "部"), a longer one also at the end of a
    word ("苹果公司")."""
    return word == suffix or (len(suffix) > 1 and word.endswith(suffix))


def _text(text: str, word: Word) -> str:
    return text[word.start : word.end]


def _longest_first(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({w for w in words if unspaced(w)}, key=len, reverse=True))
