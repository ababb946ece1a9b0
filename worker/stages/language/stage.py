"""`make(settings)`: the `language` stage with its options bound (its contract is the
package's docstring, in worker/stages/language/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from worker.article import Article
from worker.settings import Language, Settings
from worker.stages.language.alphabets import count_letters
from worker.stages.language.langid import UNDETERMINED, LanguageIdentifier


@dataclass(frozen=True)
class LanguageTagger:
    """The language options bound once: `tagger(text, declared) -> (code, confidence)`."""

    identifier: LanguageIdentifier
    sample_chars: int
    min_chars: int
    min_confidence: float

    @classmethod
    def from_settings(cls, options: Language) -> LanguageTagger:
        identifier = LanguageIdentifier(
            options.languages, options.other_prior, options.declared_prior
        )
        return cls(identifier, options.sample_chars, options.min_chars, options.min_confidence)

    def __call__(self, text: str, declared: str | None = None) -> tuple[str, float]:
        """(code, confidence) for `text`; (`und`, best confidence or 0.0) when unsure."""
        sample = text[: self.sample_chars]
        if count_letters(sample, self.min_chars) < self.min_chars:
            return UNDETERMINED, 0.0
        code, confidence = self.identifier.identify(sample, declared)
        if confidence < self.min_confidence:
            return UNDETERMINED, confidence
        return code, confidence


def make(settings: Settings) -> Callable[[Article], Article]:
    """Bind the options and load langdetect's profiles now rather than on the first article."""
    tagger = LanguageTagger.from_settings(settings.language)

    def language(article: Article) -> Article:
        code, confidence = tagger(article.text, article.language.get("declared"))
        return article.replace(
            language={**article.language, "code": code, "confidence": confidence}
        )

    return language
