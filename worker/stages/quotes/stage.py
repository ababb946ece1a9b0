"""`make(settings)`: the `quotes` stage with its options bound (its contract is the
package's docstring, in worker/stages/quotes/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable

from worker.article import Article
from worker.settings import Settings
from worker.stages.quotes.extract import extract
from worker.stages.quotes.tables import Lexicons

CONFIG_FILE = "quotes.toml"


def make(settings: Settings) -> Callable[[Article], Article]:
    """Read config/quotes.toml and compile every language's patterns (about 1 s, once)."""
    lexicons = Lexicons.load(settings.config_dir / CONFIG_FILE)
    lexicons.warm()

    def quotes(article: Article) -> Article:
        lex = lexicons.get(article.language.get("code"))
        return article.replace(quotes=extract(article.text, article.entities, lex))

    return quotes
