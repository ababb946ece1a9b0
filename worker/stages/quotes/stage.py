"""`make(settings)`: the `quotes` stage with its options bound (its contract is the
package's docstring, in worker/stages/quotes/__init__.py)."""

from __future__ import annotations

from collections.abc import Callable

from worker.article import Article
from worker.settings import Settings
from worker.stages.quotes.chinese import ChineseQuotes
from worker.stages.quotes.extract import extract
from worker.stages.quotes.japanese import JapaneseQuotes
from worker.stages.quotes.tables import Lexicons

CONFIG_FILE = "quotes.toml"
_OWN: dict[str, type[ChineseQuotes | JapaneseQuotes]] = {"zh": ChineseQuotes, "ja": JapaneseQuotes}


def make(settings: Settings) -> Callable[[Article], Article]:
    """Read config/quotes.toml and compile every language's patterns (about 1 s, once)."""
    lexicons = Lexicons.load(settings.config_dir / CONFIG_FILE)
    lexicons.warm()

    def quotes(article: Article) -> Article:
        code = article.language.get("code")
        lex = lexicons.get(code)
        if code in _OWN:  # no spaces between words: cue finders of its own, on its words
            found = _OWN[code](article.text, article.entities, lex).records()
            return article.replace(quotes=found)
        return article.replace(quotes=extract(article.text, article.entities, lex))

    return quotes
