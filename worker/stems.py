"""Word stems by language, from Snowball's stemmers (PyStemmer, in C).

The stories stage compares two reports by the words and names they share. In a language that
inflects much, two reports of one event seldom share a form: Russian writes the port
"Вальмора", "Вальморы", "Вальморой" and the officer "Ирина Соколова", "Ирины Соколовой"
(by case), Turkish "feribot", "feribotun", "feribotla", Arabic "الرئيس", "للرئيس". Their
stems are one ("вальмор", "соколов", "feribot", "رييس"). `stories.stems` names the
languages whose words are compared by their stems (README "Stories" says why English is not
among them).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

# ISO 639-1 code (as the language stage tags articles) -> Snowball's name for its stemmer.
SNOWBALL = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "eo": "esperanto",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

# A Stemmer object is not safe to share between threads (PyStemmer's documentation): each
# thread makes its own, once per language. Each keeps PyStemmer's cache of recent words.
_local = threading.local()


Stem = Callable[[list[str]], list[str]]


def stemmer(code: str) -> Stem | None:
    """The stems of casefolded words of language `code`, in one call for many words (a call
    costs more than a word; None: Snowball has no stemmer for it)."""
    made: dict[str, Stem | None] = _local.__dict__.setdefault("made", {})
    if code not in made:
        import Stemmer  # noqa: PLC0415  (here: the settings, in every command, read SNOWBALL)

        name = SNOWBALL.get(code)
        made[code] = Stemmer.Stemmer(name).stemWords if name else None
    return made[code]
