"""Stage `entities`: people, organisations, places (and MISC) with all their mentions.

In: `text` and `language.code`. Out: `entities`, a tuple of
`{"name", "type": PERSON|ORG|LOC|MISC, "mentions": [{"text", "start", "end"}]}` in order of
first mention, where `text[start:end] == mention["text"]` and `name` is the canonical name
without titles ("President Vladimir Putin", "Mr Putin", "Putin" -> "Vladimir Putin").
Deterministic for a given text, language and config.

Options: the backend per language ("spacy", "rules", "sudachi" for Japanese, "jieba" for
Chinese) and the cue word lists come from config/entities.toml; `settings.entities.backends`
(a language -> backend table), when the settings have it, overrides the file's `[backends]`.
Backends configured as "spacy" load their model here, once per process; without spaCy or
its model they fall back to the rules with one `entities_backend_unavailable` warning.

Inside this folder:

    backends.Extractor          language -> configured backend, loaded once per process
    ├── rules.RuleRecognizer    capitalized spans (spans) labelled by cue words (cues),
    │                           with place names from packages (gazetteer) and word lists
    │                           from config/entities.toml (lexicon)
    ├── japanese.JapaneseRecognizer   the rules for Japanese: Sudachi's proper nouns
    ├── chinese.ChineseRecognizer     the rules for Chinese: jieba's name tags, confirmed
    └── hybrid.Supplemented     spacy_backend.SpacyRecognizer corrected and completed by
                                the rule backend
    names.resolve               shared by all: trim titles (trim), canonical names,
                                variant merging, mentions the recognizer missed

A recognizer finds labelled spans (mentions.Mention); everything after that is shared.
"""

from worker.stages import StageSpec

STAGE = StageSpec(
    name="entities",
    event="article_entities_extracted",
    requires=("text",),
    uses=("language.code",),
    assigns=("entities",),
)
