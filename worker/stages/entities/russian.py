"""The Natasha backend for Russian: slovnet's news NER, each name in its dictionary form.

Russian writes a name in six cases ("Макрон", "Макрона", "Макрону", "Макроном"), and the
rule backend, which reads capitals and cue words, joins a capitalized word at a sentence's
start to the name after it ("Переговоры Путина") and two names in a row into one
("Германии Олафом Шольцем"). Natasha's NER (slovnet, trained on Russian news, over navec's
embeddings; all shipped in the PyPI packages, nothing downloaded) finds the names; its
morphology tagger and pymorphy's dictionary put each in the nominative ("Эммануэля
Макрона" -> "Эммануэль Макрон"), which becomes the entity's name (an organisation's in
its first noun and the adjectives before it). Only the sentences that hold a name are
tagged for morphology. Two corrections to the normal form:
- "ё", which Natasha's dictionary writes "е", is kept where the text writes it;
- a person's name the dictionary does not know is inflected by a guess ("Шольцем" ->
  "Шолец"); where the text itself writes, as a person named in the nominative, a word the
  inflected one starts with ("Шольц"), that word is the name.
Loading takes about a second and some 200 MB (shared by a worker's forked children).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from worker.stages.entities.mentions import Mention
from worker.stages.entities.spacy_backend import CHUNK_CHARS, chunks

LABELS = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}
_WORD = re.compile(r"[^\W_]")


class RussianRecognizer:
    """Named-entity spans of a Russian text, each with its nominative form as `name`."""

    name = "natasha"

    def __init__(self) -> None:
        import natasha  # noqa: PLC0415  (some 150 MB: only where a Russian backend is built)

        self._natasha = natasha
        embedding = natasha.NewsEmbedding()
        self._segmenter = natasha.Segmenter()
        self._ner = natasha.NewsNERTagger(embedding)
        self._morph = natasha.NewsMorphTagger(embedding)
        self._vocab = _vocab(natasha)

    def __call__(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        for offset, piece in chunks(text, CHUNK_CHARS):
            found.extend(
                Mention(offset + start, offset + end, label, name=name)
                for start, end, label, name in self._spans(piece)
            )
        return found

    def _spans(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, label, nominative) of each name. The NER reads the whole text;
        only the sentences that hold a name are cut into words and tagged for morphology
        (Natasha's Doc would cut and tag them all: a fifth of the time, for nothing)."""
        natasha = self._natasha
        if not _WORD.search(text):  # slovnet fails on a text of marks only ("«»")
            return []
        found = [s for s in self._ner(text).spans if s.type in LABELS]
        if not found:
            return []
        starts = [s.start for s in found]
        named = [
            sent
            for sent in self._segmenter.sentenize(text)
            if bisect.bisect_left(starts, sent.start) < bisect.bisect_left(starts, sent.stop)
        ]
        tokens = [
            [
                natasha.doc.DocToken(sent.start + t.start, sent.start + t.stop, t.text)
                for t in self._segmenter.tokenize(sent.text)
            ]
            for sent in named
        ]
        words = [[token.text for token in sentence] for sentence in tokens]
        for sentence, markup in zip(tokens, self._morph.map(words), strict=True):
            for token, tagged in zip(sentence, markup.tokens, strict=True):
                token.pos, token.feats = tagged.pos, tagged.feats
        every = [t for sentence in tokens for t in sentence]  # in text order
        at = [t.start for t in every]
        spans = [(s, _inside(every, at, s.start, s.stop)) for s in found]
        nominative = _written_nominatives(text, spans)
        kept = []
        for span, inside in spans:
            surface = text[span.start : span.stop]
            written = nominative if span.type == "PER" else set()
            normal = self._normal(text, span, inside) or surface
            kept.append(
                (
                    span.start,
                    span.stop,
                    LABELS[span.type],
                    _as_written(surface, normal, written, self._known),
                )
            )
        return kept

    def _normal(self, text: str, span: Any, tokens: list[Any]) -> str:
        """The span in the nominative. An organisation's name is inflected in its first
        noun and the adjectives before it, the words after it staying as written
        ("Министерства иностранных дел" -> "Министерство иностранных дел", "Российской
        академии наук" -> "Российская академия наук"); Natasha would need its syntax parser
        (as costly again as its morphology) to tell those words apart."""
        if not tokens:
            return ""
        if span.type == "ORG":
            heads = [i for i, token in enumerate(tokens) if token.pos in ("NOUN", "PROPN")]
            if heads and heads[0] + 1 < len(tokens):
                head = tokens[: heads[0] + 1]
                rest = text[head[-1].stop : span.stop]
                return str(self._natasha.norm.normalize(self._vocab, head)) + rest
        return str(self._natasha.norm.normalize(self._vocab, tokens))

    def _known(self, word: str) -> bool:
        return bool(self._vocab.word_is_known(word.lower()))


def _vocab(natasha: Any) -> Any:
    """Natasha's MorphVocab, given its dictionary's path: pymorphy2, under it, finds its
    dictionary through `pkg_resources`, which an environment without setuptools lacks
    (the image's, and Python 3.12's venvs)."""
    import pymorphy2_dicts_ru  # noqa: PLC0415

    vocab = natasha.MorphVocab.__new__(natasha.MorphVocab)
    analyzer = natasha.morph.vocab.PymorphyAnalyzer
    analyzer.__init__(
        vocab, path=pymorphy2_dicts_ru.get_path(), result_type=natasha.morph.vocab.MorphForm
    )
    return vocab


def _inside(tokens: list[Any], starts: list[int], start: int, stop: int) -> list[Any]:
    """The tokens within [start, stop), from the sorted `tokens` and their `starts`."""
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, stop, first)
    return [t for t in tokens[first:last] if t.stop <= stop]


def _written_nominatives(text: str, spans: list[tuple[Any, list[Any]]]) -> set[str]:
    """Words the text writes as a one-word person's name in the nominative ("Шольц")."""
    return {
        text[span.start : span.stop]
        for span, tokens in spans
        if span.type == "PER"
        and len(tokens) == 1
        and all(token.feats and token.feats.get("Case") == "Nom" for token in tokens)
    }


def _as_written(
    surface: str, normal: str, nominative: set[str], known: Callable[[str], bool]
) -> str:
    """`normal` with the text's "ё" back, and, for a word the dictionary does not know,
    the longest word the text writes in the nominative that it starts with."""
    spoken, words = surface.split(), normal.split()
    if len(spoken) != len(words):
        return normal
    kept = []
    for said, normal_word in zip(spoken, words, strict=True):
        word = (
            "".join(
                s if s in "ёЁ" and w in "еЕ" else w for s, w in zip(said, normal_word, strict=False)
            )
            + normal_word[len(said) :]
        )
        if word not in nominative and not known(said):
            word = max((n for n in nominative if said.startswith(n)), key=len, default=word)
        kept.append(word)
    return " ".join(kept)
