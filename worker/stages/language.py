"""Stage `tag_language`: langdetect on a bounded prefix of the clean text.

In: `text`. Out: `language = {code, confidence, declared}` where `code` is ISO 639-1 (or
`und` when the text has fewer letters than `min_chars` or the best guess is below
`min_confidence`); `declared` (from the page) is kept as it came. Deterministic: langdetect
is seeded once at import.
"""

from __future__ import annotations

from collections.abc import Callable

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from worker.article import Article
from worker.settings import Settings

DetectorFactory.seed = 0
UNDETERMINED = "und"


def make(settings: Settings) -> Callable[[Article], Article]:
    """Bind the limits once; load langdetect's profiles now rather than on the first article."""
    options = settings.language
    detect_langs("warm up the profiles")

    def tag_language(article: Article) -> Article:
        code, confidence = detect(
            article.text, options.sample_chars, options.min_chars, options.min_confidence
        )
        return article.replace(
            language={**article.language, "code": code, "confidence": confidence}
        )

    return tag_language


def detect(
    text: str, sample_chars: int, min_chars: int, min_confidence: float
) -> tuple[str, float]:
    """(code, confidence) for `text`; (`und`, best confidence or 0.0) when unsure."""
    sample = text[:sample_chars]
    if sum(ch.isalpha() for ch in sample) < min_chars:
        return UNDETERMINED, 0.0
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return UNDETERMINED, 0.0
    confidence = round(best.prob, 4)
    if confidence < min_confidence:
        return UNDETERMINED, confidence
    return best.lang.split("-")[0], confidence
