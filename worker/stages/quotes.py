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
"""

from __future__ import annotations

from collections.abc import Callable

from worker.article import Article
from worker.quoting.extract import extract
from worker.quoting.tables import Lexicons
from worker.settings import Settings

CONFIG_FILE = "quotes.toml"


def make(settings: Settings) -> Callable[[Article], Article]:
    """Read config/quotes.toml and compile every language's patterns (about 1 s, once)."""
    lexicons = Lexicons.load(settings.config_dir / CONFIG_FILE)
    lexicons.warm()

    def quotes(article: Article) -> Article:
        lex = lexicons.get(article.language.get("code"))
        return article.replace(quotes=extract(article.text, article.entities, lex))

    return quotes
