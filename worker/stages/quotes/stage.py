"""`make(settings)`: the `quotes` stage with its options bound (its contract is the
package's docstring, in worker/stages/quotes/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable

from worker.article import Article
from worker.settings import Settings
from worker.stages.quotes.chinese import ChineseQuotes
from worker.stages.quotes.extract import extract
from worker.stages.quotes.tables import Lexicons

CONFIG_FILE = "quotes.toml"


def make(settings: Settings) -> Callable[[Article], Article]:
    """Read config/quotes.toml and compile every language's patterns (about 1 s, once)."""
    lexicons = Lexicons.load(settings.config_dir / CONFIG_FILE)
    lexicons.warm()

    def quotes(article: Article) -> Article:
        code = article.language.get("code")
        lex = lexicons.get(code)
        if code == "zh":  # no spaces between words: its own cue finders, on jieba's words
            return article.replace(
                quotes=ChineseQuotes(article.text, article.entities, lex).records()
            )
        return article.replace(quotes=extract(article.text, article.entities, lex))

    return quotes
