"""Stage `quotes`: direct, partial and indirect quotes with their speakers.

In: `text`, `language.code`, `entities` (run after the `entities` stage; works without it).
Out: `quotes`, in text order, each
`{"text", "kind": "direct|partial|indirect", "start", "end", "speaker", "speaker_mention",
"verb"}`:

- `text == article.text[start:end]` is the quoted content *without* its quote marks (and
  without the whitespace just inside them; punctuation inside the marks is kept). A quote
  that runs over several paragraphs is one item whose text holds the paragraph breaks and
  the opening marks of the continued paragraphs. For `indirect`, it is the reported clause
  (after "that"/"dass"/"que", without the sentence's final punctuation).
- `speaker_mention` is the span that names the speaker where this quote is attributed ("he",
  "Bolton", "the senator"), or null (no speaker found, or a pro-drop verb such as "dijo").
  A quote that continues the previous speaker carries that quote's mention.
- `speaker` is the canonical name: the PERSON/ORG entity whose mention overlaps the speaker
  mention, else the mention's own text without titles (widened to the article's fullest form
  of a surname); a pronoun or a bare verb resolves to the most recent fitting speaker.
- `verb` is the reporting verb as written ("said", "a-t-il dit" gives "dit"), or null for a
  bare "Name: “…”" and for quotes that continue a previous speaker.

Reporting verbs, pronouns and patterns are config data: config/quotes.toml, one table per
language (a language without a table uses the union of all). Pure and deterministic.

Inside this folder:

    tables.Lexicons / lexicon.Lexicon   config/quotes.toml, compiled once per language
    marks.find_quotes(text)             quoted spans from paired quote marks (any convention)
    layout.Layout                       sentences and quotations of one text, by offset
    cues.attribute(layout, quote, lex)  reporting verb and speaker mention of one quotation
    subjects                            the speaker phrase around a verb or in a match
    indirect.indirect(layout, ...)      reported speech without quote marks ("X said that …")
    speakers.Speakers                   speaker mention -> canonical name (entities, pronouns)
    extract.extract(text, entities, lex) the record's `quotes` for one article
    chinese.ChineseQuotes               the same for Chinese, on jieba's words (no spaces)
    japanese.JapaneseQuotes             the same for Japanese, on Sudachi's morphemes
"""

from worker.stages import StageSpec

STAGE = StageSpec(
    name="quotes",
    event="article_quotes_extracted",
    requires=("text",),
    uses=("language.code", "entities"),
    assigns=("quotes",),
)
