"""A model recognizer corrected and completed by the rule backend's gazetteer and cues.

`Supplemented(model, rules)` returns the model's spans, with
- a country name always LOC ("Belarus" tagged ORG by the model, a national team);
- a nationality or language word ("Rwandan", "German") MISC, whatever the model said;
- the rule backend's spans that overlap no model span added ("BELGRADE" in a capitalized
  dateline, which small models miss), except its guesses (a lone unknown word).
Costs one rule pass (about 3 ms per article) on top of the model.
"""

from __future__ import annotations

import bisect

from worker.stages.entities.cues import shouting
from worker.stages.entities.lexicon import key
from worker.stages.entities.mentions import Mention, Recognizer, Token, tokenize
from worker.stages.entities.rules import RuleRecognizer


class Supplemented:
    """A model's mentions, corrected and completed with the rule backend's."""

    def __init__(self, model: Recognizer, rules: RuleRecognizer) -> None:
        self.name = model.name
        self.model = model
        self.rules = rules

    def __call__(self, text: str) -> list[Mention]:
        """Model mentions (relabelled where the gazetteer is sure) plus rule mentions that
        overlap none of them, in text order."""
        tokens = tokenize(text)
        lowered = {t.text for t in tokens if t.text.islower()}
        found = [
            self._relabel(text, m)
            for m in self.model(text)
            if self._plausible(text, tokens, m, lowered)
        ]
        taken = sorted((m.start, m.end) for m in found)
        for mention in self.rules(text):
            if mention.label != "MISC" and _free(taken, mention.start, mention.end):
                found.append(mention)
        return sorted(found, key=lambda m: (m.start, m.end))

    def _plausible(
        self, text: str, tokens: list[Token], mention: Mention, lowered: set[str]
    ) -> bool:
        """Not across lines or a spaced dash, not a common word, not in a line in capitals
        (unless a place name: the rule pass judges those)."""
        surface = text[mention.start : mention.end]
        if "\n" in surface or " - " in surface or surface.lower() in lowered:
            return False
        at = bisect.bisect_left(tokens, mention.start, key=lambda t: t.start)
        end = max(at + 1, bisect.bisect_left(tokens, mention.end, key=lambda t: t.start))
        return not shouting(tokens, at, end) and not self._in_title(tokens, at, end)

    def _in_title(self, tokens: list[Token], i: int, j: int) -> bool:
        """The span and the next word are a title: "National Security" (Adviser)."""
        words = tuple(t.key for t in tokens[i : j + 1])
        return len(words) > j - i and words in self.rules.lex.titles

    def _relabel(self, text: str, mention: Mention) -> Mention:
        surface = text[mention.start : mention.end]
        words = [key(w) for w in surface.split()]
        gazetteer = self.rules.gazetteer
        if " ".join(words) in gazetteer.countries:
            return Mention(mention.start, mention.end, "LOC")
        if len(words) == 1 and (
            words[0] in self.rules.lex.misc_words or gazetteer.is_demonym(surface)
        ):
            return Mention(mention.start, mention.end, "MISC")
        return mention


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in taken)
