"""Quotes in Chinese, whose words have no spaces between them: attributed by jieba's words.

The cue finders of the other languages read words between spaces; Chinese writes its
speaker, its reporting verb and the quotation together, in a few set shapes:

- before: `周文涛说：“……。”`, `他对记者表示：“……”` (a speaker, words such as "也" or
  "对记者" between it and the verb: `auxiliaries` of [lang.zh] in config/quotes.toml, or
  jieba's times and adverbs, "周二"; the verb, a colon or a comma);
- after: `“……，”他说。`, `“……。”周文涛说。` (the second only where that sentence is the
  attribution alone), and split in two: `“……，”他说，“……。”`;
- indirect, without marks: `周文涛表示，维修工程……。`, `据新华社报道，……。`: the clause after
  the comma, to the sentence's end, is what was said.

A verb is one of `verbs` (or `belief_verbs`, which introduce indirect speech only), and a
whole word to jieba ("说" is no verb inside "说明"). The speaker is the entity mention that
ends where the verb's words begin (its canonical name), else a pronoun ("他", "她": the
latest person who spoke or was named before), else the run of nouns before the verb
("交警部门"). A quotation inside a sentence ("称这座桥为“生命线”") is `partial`, kept only
where its sentence has a cue; a direct one without a cue of its own takes the speaker of
the quote before it in its paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from worker.segment import Word, chinese_words
from worker.stages.quotes.bounds import Sentences, speaking_names
from worker.stages.quotes.extract import record
from worker.stages.quotes.lexicon import Lexicon
from worker.stages.quotes.marks import Quoted, find_quotes

_SENTENCE_END = re.compile(r"[。！？!?…]+[”」』\"]?|\n")
_CLAUSE_END = re.compile("[。！？，,；;：:“”「」\n]")
_LEAD = "：:，,"  # after a verb, before the quotation or the reported clause
_NOUN_RUN = 4  # words of a noun phrase that speaks ("市交通运输局")
_BETWEEN = frozenset({"t", "d"})  # jieba's times and adverbs, between a speaker and a verb
_ATTRIBUTION = 16  # characters of a sentence that only attributes the quote before it


@dataclass(frozen=True)
class _Cue:
    verb: str
    at: int  # where the verb starts
    speaker: tuple[int, int, str] | None  # mention span and kind: name | pronoun | noun


@dataclass(frozen=True)
class _Item:
    kind: str
    start: int
    end: int
    cue: _Cue | None
    paragraph: int
    inherited: bool = False


class ChineseQuotes:
    """The quotes of one Chinese text (see the module docstring)."""

    def __init__(self, text: str, entities: Iterable[dict[str, Any]], lex: Lexicon) -> None:
        self.text = text
        self.words = chinese_words(text)
        self.starts = [w.start for w in self.words]
        self.by_span = speaking_names(entities)
        self.by_end: dict[int, list[int]] = {}
        for start, end in self.by_span:
            self.by_end.setdefault(end, []).append(start)
        self.verbs = _folded(lex.words["verbs"])
        self.reported = self.verbs | _folded(lex.words["belief_verbs"])
        self.according = _folded(lex.words["according"])
        self.auxiliaries = tuple(sorted(lex.words["auxiliaries"], key=len, reverse=True))
        self.pronouns = frozenset(
            lex.words["pronouns_male"] + lex.words["pronouns_female"] + lex.words["pronouns_other"]
        )
        ends = sorted({m.end() for m in _SENTENCE_END.finditer(text)} | {len(text)})
        self.sentences = Sentences(ends, len(text))
        self.breaks = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.clauses = [m.start() for m in _CLAUSE_END.finditer(text)]

    def records(self) -> tuple[dict[str, Any], ...]:
        quotes = find_quotes(self.text)
        items = self._quoted(quotes)
        items += list(self._indirect(quotes))
        items.sort(key=lambda i: i.start)
        return tuple(self._records(_continued(items)))

    def _quoted(self, quotes: tuple[Quoted, ...]) -> list[_Item]:
        items = []
        for quote in quotes:
            lead = self.text[self.sentences.start(quote.open) : quote.open].rstrip()
            cue = self._after(quote) or self._before(quote.open)
            direct = not lead or lead[-1] in _LEAD or (cue is not None and cue.at < quote.open)
            if not direct and not (cue or self._cue_in(quote)):
                continue  # a name or a term in quotation marks ("称这座桥为“生命线”")
            kind = "direct" if direct else "partial"
            items.append(_Item(kind, quote.start, quote.end, cue, self._paragraph(quote.start)))
        return items

    def _before(self, at: int) -> _Cue | None:
        """The verb (and its speaker) right before `at`, a colon or comma between."""
        end = at
        while end > 0 and self.text[end - 1] in _LEAD + " ":
            end -= 1
        verb = self._word_ending(end)
        if verb is None or self._surface(verb) not in self.verbs:
            return None
        return _Cue(self._surface(verb), verb.start, self._speaker(verb.start))

    def _after(self, quote: Quoted) -> _Cue | None:
        """ "“……，”他说" (a speaker and a verb right after the closing mark), or "“……。”
        周文涛说。" (a short sentence that only attributes the quote)."""
        if not quote.closed:
            return None
        at = quote.close
        while at < len(self.text) and self.text[at] in "，, ":
            at += 1
        ended = self.text[quote.end - 1] in "。！？!?"
        limit = self.sentences.end(at)
        for word in self._words_between(at, min(limit, at + _ATTRIBUTION)):
            if self._surface(word) not in self.verbs:
                continue
            speaker = self._speaker(word.start, floor=at)
            rest = self.text[word.end : limit].strip("。！？!?，,： ")
            if speaker is not None and not (ended and rest):
                return _Cue(self._surface(word), word.start, speaker)
            return None
        return None

    def _cue_in(self, quote: Quoted) -> bool:
        """Does the quote's sentence hold a reporting verb with a speaker ("他称这座桥为“生命
        线”")?"""
        start, end = self.sentences.start(quote.open), self.sentences.end(quote.close)
        return any(
            self._surface(w) in self.verbs and self._speaker(w.start, floor=start)
            for w in self._words_between(start, end)
        )

    def _indirect(self, quotes: tuple[Quoted, ...]) -> Iterator[_Item]:
        """ "周文涛表示，……。", "据新华社报道，……。": the clause after the verb's comma."""
        opens = [q.open for q in quotes]
        start = 0
        for end in self.sentences.ends:
            i = bisect_left(opens, start)
            if not (i < len(opens) and opens[i] < end):
                found = self._reported(start, end)
                if found is not None:
                    yield found
            start = end

    def _reported(self, start: int, end: int) -> _Item | None:
        while start < end and self.text[start].isspace():
            start += 1
        for word in self._words_between(start, end):
            surface = self._surface(word)
            nxt = self.text[word.end : word.end + 1]
            if surface not in self.reported or nxt not in _LEAD:
                continue
            speaker = self._according(start, word) or self._speaker(word.start, floor=start)
            clause_end = end
            while clause_end > word.end + 1 and self.text[clause_end - 1] in "。！？!?…\n ":
                clause_end -= 1
            if speaker is None or clause_end <= word.end + 1:
                return None
            cue = _Cue(surface, word.start, speaker)
            return _Item("indirect", word.end + 1, clause_end, cue, self._paragraph(start))
        return None

    def _according(self, start: int, verb: Word) -> tuple[int, int, str] | None:
        """ "据新华社报道": the source between "据" and the verb."""
        for prefix in self.according:
            if self.text.startswith(prefix, start) and verb.start > start + len(prefix):
                return self._mention(start + len(prefix), verb.start)
        return None

    def _speaker(self, verb: int, floor: int = 0) -> tuple[int, int, str] | None:
        """The speaker of the verb at `verb`: a name, a pronoun or a run of nouns ending
        there, past the auxiliaries between them ("也", "对记者")."""
        end = verb
        while end > floor:
            aux = next((a for a in self.auxiliaries if self.text.endswith(a, floor, end)), None)
            word = self._word_ending(end)
            if aux is not None:
                end -= len(aux)
            elif word is not None and word.tag in _BETWEEN and word.start >= floor:
                end = word.start  # "周二", "昨天": when, between a speaker and the verb
            elif (place := self._preposition(floor, end)) is not None:
                end = place  # "在白宫": where, between a speaker and the verb
            else:
                break
        if end <= floor:
            return None
        start = max(floor, self._clause_start(end))
        return self._mention(start, end)

    def _preposition(self, floor: int, end: int) -> int | None:
        """Where a prepositional phrase ending at `end` starts ("在" "白宫", "在" "北京"
        "举行的" is none): a preposition and nouns only, with words before it."""
        run = self._words_between(max(floor, self._clause_start(end)), end)
        for i in range(len(run) - 2, 0, -1):
            if run[i].tag == "p":
                nouns = all(w.tag.startswith(("n", "r", "m", "q", "j")) for w in run[i + 1 :])
                return run[i].start if nouns else None
        return None

    def _mention(self, start: int, end: int) -> tuple[int, int, str] | None:
        """The speaker mention ending at `end`, not starting before `start`."""
        for name_start in self.by_end.get(end, ()):
            if name_start >= start:
                return (name_start, end, "name")
        last = self._word_ending(end)
        if last is None:
            return None
        if self._surface(last) in self.pronouns:
            return (last.start, last.end, "pronoun")
        run = [w for w in self._words_between(start, end) if w.start >= start]
        nouns = []
        for word in reversed(run):
            if not (word.tag.startswith("n") or word.tag in ("j", "eng", "vn")):
                break
            nouns.append(word)
        nouns = nouns[:_NOUN_RUN]
        if not nouns or not nouns[0].tag.startswith(("n", "j")):
            return None
        return (nouns[-1].start, nouns[0].end, "noun")

    def _records(self, items: list[_Item]) -> Iterator[dict[str, Any]]:
        said: list[tuple[int, str]] = []  # (where, name) of the persons who spoke
        for item in items:
            speaker, mention = self._resolve(item.cue, said)
            verb = item.cue.verb if item.cue and not item.inherited else None
            yield record(self.text, item.kind, (item.start, item.end), (speaker, mention, verb))

    def _resolve(
        self, cue: _Cue | None, said: list[tuple[int, str]]
    ) -> tuple[str | None, dict[str, Any] | None]:
        if cue is None or cue.speaker is None:
            return None, None
        start, end, kind = cue.speaker
        mention = {"text": self.text[start:end], "start": start, "end": end}
        if kind == "pronoun":
            return self._referent(start, said), mention
        name = self._entity_name(start, end) if kind == "name" else self.text[start:end]
        if kind == "name" and self._entity_type(start, end) == "PERSON":
            said.append((start, name))
        return name, mention

    def _referent(self, at: int, said: list[tuple[int, str]]) -> str | None:
        """The latest person who spoke before `at`, else the latest person named."""
        spoke = next((name for where, name in reversed(said) if where < at), None)
        if spoke is not None:
            return spoke
        named = (n for (_, e), n in reversed(self.by_span.items()) if e <= at and n[1] == "PERSON")
        return next((name for name, _ in named), None)

    def _entity_name(self, start: int, end: int) -> str:
        return self.by_span[start, end][0]

    def _entity_type(self, start: int, end: int) -> str:
        return self.by_span[start, end][1]

    def _word_ending(self, end: int) -> Word | None:
        i = bisect_right(self.starts, end - 1) - 1
        return self.words[i] if i >= 0 and self.words[i].end == end else None

    def _words_between(self, start: int, end: int) -> list[Word]:
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end, lo=first)
        return [w for w in self.words[first:last] if w.end <= end]

    def _surface(self, word: Word) -> str:
        return self.text[word.start : word.end]

    def _clause_start(self, at: int) -> int:
        """Where the clause holding `at` starts: after a sentence's end, a comma or a mark."""
        i = bisect_left(self.clauses, at) - 1
        return self.clauses[i] + 1 if i >= 0 else 0

    def _paragraph(self, at: int) -> int:
        return bisect_right(self.breaks, at) - 1


def _continued(items: list[_Item]) -> list[_Item]:
    """A direct quote without a cue takes the cue of the quote before it in its paragraph."""
    out: list[_Item] = []
    for item in items:
        before = next((i for i in reversed(out) if i.kind != "indirect"), None)
        inherits = item.kind == "direct" and item.cue is None and before and before.cue
        if inherits and before and before.paragraph == item.paragraph:
            out.append(_Item(item.kind, item.start, item.end, before.cue, item.paragraph, True))
        else:
            out.append(item)
    return out


def _folded(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.casefold() for w in words)
