"""The spaCy backend: a pipeline package's NER, mapped to PERSON/ORG/LOC/MISC.

spaCy is an optional extra (`pip install .[nlp]`): it is imported only when a recognizer is
built, and `load(model)` raises BackendUnavailable (never ImportError/OSError) when spaCy or
the model package is missing, so the caller can fall back to the rule backend. Only the
components NER needs are loaded (tok2vec, ner); the parser and tagger would triple the cost.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from worker.stages.entities.mentions import Mention

# OntoNotes labels -> record types; numbers, dates and amounts are not entities here.
LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
CHUNK_CHARS = 100_000
_UNNEEDED = ("tagger", "parser", "senter", "attribute_ruler", "lemmatizer")


class BackendUnavailable(RuntimeError):
    """spaCy or the configured model package is not installed (or does not load)."""


class SpacyRecognizer:
    """Named-entity spans from one loaded spaCy pipeline."""

    name = "spacy"

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp

    def __call__(self, text: str) -> list[Mention]:
        """Mentions in text order, labels mapped with LABELS (unmapped ones dropped).

        Long texts go through the model in paragraph-aligned chunks (spaCy refuses texts
        past its `max_length` and its memory grows with the text)."""
        found: list[Mention] = []
        pieces = list(chunks(text, CHUNK_CHARS))
        docs = self._nlp.pipe(piece for _, piece in pieces)
        for (offset, _), doc in zip(pieces, docs, strict=True):
            found.extend(
                Mention(offset + ent.start_char, offset + ent.end_char, LABELS[ent.label_])
                for ent in doc.ents
                if ent.label_ in LABELS
            )
        return found


def chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most about `size` characters, cut after a blank line
    (else a newline, else anywhere) so that names are rarely split."""
    start = 0
    while len(text) - start > size:
        cut = max(text.rfind("\n\n", start, start + size), text.rfind("\n", start, start + size))
        end = cut + 1 if cut > start else start + size
        yield start, text[start:end]
        start = end
    yield start, text[start:]


def load(model: str) -> SpacyRecognizer:
    """Load the pipeline package `model` with only the NER components; slow (about 1 s)."""
    try:
        import spacy  # noqa: PLC0415  (an optional extra: the rules serve without it)
    except ImportError as exc:
        raise BackendUnavailable(f"spaCy is not installed ({exc})") from exc
    try:
        nlp = spacy.load(model, exclude=list(_UNNEEDED))
    except (OSError, ImportError, ValueError) as exc:
        raise BackendUnavailable(f"spaCy model {model!r} is not installed ({exc})") from exc
    return SpacyRecognizer(nlp)
