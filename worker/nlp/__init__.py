"""Entity recognition behind the `entities` stage.

    backends.Extractor          language -> configured backend, loaded once per process
    ├── rules.RuleRecognizer    capitalized spans (spans) labelled by cue words (cues),
    │                           with place names from packages (gazetteer) and word lists
    │                           from config/entities.toml (lexicon)
    └── hybrid.Supplemented     spacy_backend.SpacyRecognizer corrected and completed by
                                the rule backend
    names.resolve               shared by both: trim titles (trim), canonical names,
                                variant merging, mentions the recognizer missed

A recognizer finds labelled spans (mentions.Mention); everything after that is shared.
"""
