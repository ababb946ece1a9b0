"""Quotes in Japanese, attributed by Sudachi's morphemes (`worker/segment.py`).

Japanese writes a quotation, then the quoting particle "と" and the reporting verb:
`山田首相は記者団に「協力を深める」と述べた。`, `「問題はない」と鈴木氏は語った。`. A
quotation followed by "と" and one of `verbs` of [lang.ja] in config/quotes.toml (by its
dictionary form: "述べる", "話す"; or a verbal noun and "する": "強調した") is `direct`,
also when the speaker stands between them; a quotation in 「」 without such a verb is a
name or a term, and is left out.

The speaker is the entity mention (a person or an organisation) that a topic or subject
particle ("は", "が") follows, with the titles and suffixes the dictionary writes after a
name between ("佐藤社長は", "鈴木氏は"): between "と" and the verb, else the last one before
the quotation in its sentence; else the noun before that particle ("男は": the man); a
pronoun ("彼", "彼女") is the latest person who spoke.

Reported speech without marks, `indirect`: in a sentence without a quotation, the clause
before "と" and a reporting verb (`山田首相は記者団に対し、対策を急ぐと述べた。`), its speaker
the topic the sentence opens with ("は", else "が"), the clause after that particle or after
a comma after it. A "と" with another verb before the reporting one is "and" ("東京と大阪
を訪れたと話した" reports "東京と大阪を訪れた").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from worker.segment import Morpheme, japanese_morphemes
from worker.stages.quotes.bounds import Sentences, speaking_names
from worker.stages.quotes.extract import record
from worker.stages.quotes.lexicon import Lexicon
from worker.stages.quotes.marks import Quoted, find_quotes

_SUBJECT = frozenset({"は", "が", "も"})  # particles after a speaker
_SENTENCE_END = frozenset("。！？!?\n")
_TITLES = 2  # morphemes of titles and suffixes after a name ("社長", "氏")
_Found = tuple[str, tuple[int, int], str, "tuple[int, int, str] | None"]
_REACH = 8  # morphemes between "と" and its verb (a speaker, "記者団に", "改めて")


class JapaneseQuotes:
    """The quotes of one Japanese text (see the module docstring)."""

    def __init__(self, text: str, entities: Iterable[dict[str, Any]], lex: Lexicon) -> None:
        self.text = text
        self.morphemes = japanese_morphemes(text)
        self.starts = [m.start for m in self.morphemes]
        self.verbs = frozenset(lex.words["verbs"])
        self.pronouns = frozenset(
            lex.words["pronouns_male"] + lex.words["pronouns_female"] + lex.words["pronouns_other"]
        )
        self.names = speaking_names(entities)
        self.by_end = {end: start for start, end in sorted(self.names)}
        ends = [i + 1 for i, char in enumerate(text) if char in _SENTENCE_END]
        self.sentences = Sentences(ends, len(text))

    def records(self) -> tuple[dict[str, Any], ...]:
        quotes = find_quotes(self.text)
        found = [*self._quoted(quotes), *self._indirect(quotes)]
        said: list[str] = []  # the persons who spoke, in order
        out = []
        for kind, span, verb, mention in sorted(found, key=lambda f: f[1]):
            speaker, as_dict = self._resolve(mention, said)
            out.append(record(self.text, kind, span, (speaker, as_dict, verb)))
        return tuple(out)

    def _quoted(self, quotes: Sequence[Quoted]) -> Iterator[_Found]:
        for quote in quotes:
            verb = self._verb_after(quote.close) if quote.closed else None
            if verb is None:
                continue
            at, surface = verb
            mention = self._speaker(quote.close, at) or self._speaker(
                self.sentences.start(quote.open), quote.open
            )
            yield ("direct", (quote.start, quote.end), surface, mention)

    def _indirect(self, quotes: Sequence[Quoted]) -> Iterator[_Found]:
        """ "山田首相は記者団に対し、対策を急ぐと述べた。": in a sentence without a quotation,
        the clause before "と" and its verb; the speaker is the topic ("は", else "が") the
        sentence opens with, and the clause starts after it, or after a comma after it."""
        opens = [q.open for q in quotes]
        for k, m in enumerate(self.morphemes):
            if self._surface(m) != "と" or m.pos[:2] != ("助詞", "格助詞") or k == 0:
                continue
            start, end = self.sentences.start(m.start), self.sentences.end(m.start)
            i = bisect_left(opens, start)
            if i < len(opens) and opens[i] < end:
                continue
            verb = self._verb_after(m.start)
            topic = self._topic(start, m.start) if verb else None
            if verb is None or topic is None:
                continue
            mention, after = topic
            comma = self.text.rfind("、", after, m.start)
            clause = comma + 1 if comma >= after else after
            if clause < m.start:
                yield ("indirect", (clause, m.start), verb[1], mention)

    def _topic(self, start: int, end: int) -> tuple[tuple[int, int, str], int] | None:
        """The speaker a sentence's first "は" (else "が") follows in `[start, end)`, and
        where that particle ends."""
        ms = self._between(start, end)
        for particle in ("は", "が"):
            for k, m in enumerate(ms):
                if k and self._surface(m) == particle and m.pos[0] == "助詞":
                    found = self._subject_before(ms[:k])
                    if found is not None:
                        return found, m.end
                    break
        return None

    def _verb_after(self, at: int) -> tuple[int, str] | None:
        """The reporting verb after a quoting particle "と" at `at`: where it starts, as
        written."""
        i = bisect_left(self.starts, at)
        ms = self.morphemes
        if i >= len(ms) or self._surface(ms[i]) != "と":
            return None
        for j in range(i + 1, min(len(ms), i + 1 + _REACH)):
            m = ms[j]
            if self._surface(m) in _SENTENCE_END:
                return None
            if m.pos[0] == "動詞" and m.lemma in self.verbs:
                return m.start, self._surface(m)
            nxt = ms[j + 1] if j + 1 < len(ms) else None
            if m.pos[0] == "名詞" and m.lemma in self.verbs and nxt and nxt.lemma == "する":
                return m.start, self.text[m.start : nxt.end]  # "強調し"
            if m.pos[0] in ("動詞", "形容詞", "助動詞"):
                return None  # another verb first: "と" was "and" ("東京と大阪を訪れた")
        return None

    def _speaker(self, start: int, end: int) -> tuple[int, int, str] | None:
        """The last speaker in `[start, end)`: a name, a pronoun or a noun a particle follows."""
        ms = self._between(start, end)
        for k in range(len(ms) - 1, 0, -1):
            if self._surface(ms[k]) not in _SUBJECT or ms[k].pos[0] != "助詞":
                continue
            found = self._subject_before(ms[:k])
            if found is not None:
                return found
        return None

    def _subject_before(self, ms: Sequence[Morpheme]) -> tuple[int, int, str] | None:
        """The name (past the titles and suffixes after it), pronoun or noun ending `ms`."""
        for k in range(len(ms) - 1, max(-1, len(ms) - 2 - _TITLES), -1):
            start = self.by_end.get(ms[k].end)
            if start is not None and start >= ms[0].start:
                return (start, ms[k].end, "name")
            if not self._title_like(ms[k]):
                break
        last = ms[-1]
        if self._surface(last) in self.pronouns:
            return (last.start, last.end, "pronoun")
        if last.pos[0] == "名詞" and last.pos[1] != "数詞":
            return (last.start, last.end, "noun")
        return None

    def _title_like(self, m: Morpheme) -> bool:
        """A suffix or a common noun written after a name ("氏", "社長", "首相")."""
        return m.pos[0] == "接尾辞" or (m.pos[0] == "名詞" and m.pos[1] == "普通名詞")

    def _resolve(
        self, mention: tuple[int, int, str] | None, said: list[str]
    ) -> tuple[str | None, dict[str, Any] | None]:
        if mention is None:
            return None, None
        start, end, kind = mention
        as_dict = {"text": self.text[start:end], "start": start, "end": end}
        if kind == "pronoun":
            return (said[-1] if said else None), as_dict
        if kind == "noun":
            return self.text[start:end], as_dict
        name, label = self.names[start, end]
        if label == "PERSON":
            said.append(name)
        return name, as_dict

    def _between(self, start: int, end: int) -> Sequence[Morpheme]:
        return self.morphemes[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def _surface(self, m: Morpheme) -> str:
        return self.text[m.start : m.end]
