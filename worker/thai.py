"""Thai words. Thai is written without spaces between words (a space parts phrases and
sentences), so a run of Thai letters is cut into words by a dictionary: PyThaiNLP's `newmm`
(maximal matching within Thai character clusters) over PyThaiNLP's Thai word list (62,000
words). A word the list lacks, such as a foreign name, is cut the same way in every text.

PyThaiNLP keeps its list as a tree of Python dicts, many times the memory of a marisa-trie,
in each process that reads Thai; here the list is a marisa-trie, which `newmm` reads through
the one lookup it makes of its dictionary (`prefixes`). Built on first use, once per process.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache, partial
from typing import Any


class _Dictionary:
    """PyThaiNLP's Trie, as `newmm` reads it, over a marisa-trie."""

    def __init__(self, trie: Any, longest: int) -> None:
        self._trie, self._longest = trie, longest

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words of the list that `text` holds at `start`."""
        found: list[str] = self._trie.prefixes(text[start : start + self._longest])
        return found

    def __contains__(self, word: str) -> bool:
        return word in self._trie

    def __len__(self) -> int:
        return len(self._trie)


def words(text: str) -> list[str]:
    """`text` (Thai, or Thai among other letters and spaces) cut into its words and the
    spaces and other characters between them, in order: their concatenation is `text`."""
    return _segment()(text)


def tags(words: list[str]) -> list[str]:
    """The part of speech of each of `words` (as `words()` cut them), by PyThaiNLP's
    perceptron tagger trained on the ORCHID corpus, in Universal Dependencies' tags
    (NOUN, PROPN, VERB, ADP, ...; a space is PUNCT). Its model is in the package."""
    _offline()
    from pythainlp.tag import pos_tag  # noqa: PLC0415  (only a process reading Thai)

    return [tag for _, tag in pos_tag(words, engine="perceptron", corpus="orchid_ud")]


def vocabulary() -> frozenset[str]:
    """PyThaiNLP's Thai word list, read from the package."""
    _offline()
    from pythainlp.corpus import get_corpus  # noqa: PLC0415  (only a process reading Thai)

    found: frozenset[str] = get_corpus("words_th.txt")
    return found


def _offline() -> None:
    """PyThaiNLP must neither download nor make a data folder in the home directory (which
    is read-only in a container): everything read here is in the package."""
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


@cache
def _segment() -> Callable[[str], list[str]]:
    """newmm over the list in a marisa-trie, made at the first call in a process."""
    import marisa_trie  # noqa: PLC0415  (here: only a process that reads Thai needs it)

    listed = vocabulary()
    dictionary = _Dictionary(marisa_trie.Trie(listed), max(map(len, listed)))
    from pythainlp.tokenize.newmm import segment  # noqa: PLC0415  (after vocabulary())

    # typed as PyThaiNLP's Trie: newmm calls only its `prefixes`, which _Dictionary has
    return partial(segment, custom_dict=dictionary, safe_mode=True)  # type: ignore[arg-type]
