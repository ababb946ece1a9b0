"""Quote finding and attribution behind the `quotes` stage.

    tables.Lexicons / lexicon.Lexicon   config/quotes.toml, compiled once per language
    marks.find_quotes(text)             quoted spans from paired quote marks (any convention)
    layout.Layout                       sentences and quotations of one text, by offset
    cues.attribute(layout, quote, lex)  reporting verb and speaker mention of one quotation
    subjects                            the speaker phrase around a verb or in a match
    indirect.indirect(layout, ...)      reported speech without quote marks ("X said that …")
    speakers.Speakers                   speaker mention -> canonical name (entities, pronouns)
    extract.extract(text, entities, lex) the record's `quotes` for one article

Everything here is pure and deterministic: text and compiled patterns in, offsets out.
"""
