"""Stage `language`: langdetect on a bounded prefix of the clean text.

In: `text`, `language.declared`. Out: `language = {code, confidence, declared}` where `code`
is ISO 639-1, one of the configured `languages` (unless `other_prior` lets others answer),
or `und` when the prefix has fewer letters than `min_chars`, when no configured language is
written in its script, or when the best guess is below `min_confidence`. The declared
language (from the page or the submitter) weighs on the guess and is kept as it came.
Deterministic: the identifier's langdetect is seeded.

Inside this folder: `langid` (langdetect, seeded, told which languages to expect and what the
page declares) and `alphabets` (letters and scripts: which languages a text's writing system
allows).
"""

from worker.stages import StageSpec

STAGE = StageSpec(
    name="language",
    event="article_language_tagged",
    requires=("text",),
    uses=("language.declared",),
    assigns=("language.code", "language.confidence"),
)
