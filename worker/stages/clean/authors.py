"""Author names from an HTML page's author field, without the junk that comes with them.

`clean_authors(raw, site, particles)` splits trafilatura's author string ("A; B", "A and B",
"A, Staff Writer") into names and returns the ones that look like a person's or an agency's
name:

- byline openers are cut ("By Jane Doe", "Analysis by Jane Doe", "Текст Лида Буслаева");
- a job title, a date or an agency after the name is cut ("Tom Gillespie News reporter",
  "Jeff Foust Monday", "Jill Lawless Associated Press"; "Phil Helsel is a reporter");
- a part that is only a job title, a team ("Staff", "Editorial", "Admin", "Email the author"),
  a date, a handle, an address or a credential ("MS") is dropped, as is the site's own name;
- names written in capitals are title-cased ("DANICA KIRKA" -> "Danica Kirka").
"""

from __future__ import annotations

import re

from worker.calendar_names import full_names
from worker.stages.clean.phrases import normalize

# Joiner words are matched in lower case only: "Bruce Y Lee" is one name.
_SPLIT = re.compile(r"\s*(?:[;,|/&]|\s(?:and|und|et|y|e|и)\s)\s*")
_OPENER = re.compile(
    r"^(?:.{0,30}?\bby|written by|posted by|words by|story by|text|текст|автор|von|par|por)"
    r"\s*:?\s+",
    re.I,
)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_IS_A = re.compile(r"\s+(?:is|was)\s+(?:a|an|the)\s.*$", re.I)
_NOT_NAME = re.compile(r"\d|@|https?:|www\.|\.(?:com|org|net)\b|admin", re.I)
# A name holding any of these is not a person: the whole part is dropped.
_JUNK_WORDS = _wordset(
    "staff admin administrator editorial editors desk team newsroom bureau email author "
    "authors contributors reports redaktion redacción redazione rédaction редакция com www "
    "webmaster guest sponsored"
)
# The name ends where one of these starts (a job title, a date, a dateline word).
_TAIL_WORDS = full_names("en") | _wordset(
    "writer writers reporter reporters correspondent correspondents editor columnist "
    "contributor producer photographer analyst news sports sport national political "
    "security auto senior chief associate deputy managing executive international ap wire "
    "services published updated posted"
)
_AGENCIES = ("associated press", "reuters", "afp", "ap", "dpa", "efe", "ansa", "pti")
_MAX_WORDS = 5
_MIN_CAPS_LETTERS = 4


def clean_authors(raw: str | None, site: str | None, particles: frozenset[str]) -> tuple[str, ...]:
    """The names in `raw` (see the module docstring), de-duplicated, in order; `particles` are
    the lower-case words that may sit inside a name (config/boilerplate.toml, `name_particles`)."""
    if not raw:
        return ()
    names = (_clean_name(part, particles) for part in _SPLIT.split(raw))
    site_norm = normalize(site or "")
    kept = [n for n in names if n and not _is_site(normalize(n), site_norm)]
    return tuple(dict.fromkeys(kept))


def _clean_name(part: str, particles: frozenset[str]) -> str | None:
    part = _IS_A.sub("", _OPENER.sub("", part.strip(" .:-–—\t\n")))
    if not part or _NOT_NAME.search(part):
        return None
    tokens = part.split()
    if any(normalize(t) in _JUNK_WORDS for t in tokens):
        return None
    tokens = _cut_tail(tokens)
    if not tokens or len(tokens) > _MAX_WORDS or not _has_name_shape(tokens, particles):
        return None
    return _title_case(" ".join(tokens))


def _cut_tail(tokens: list[str]) -> list[str]:
    """Tokens before the first job-title/date word or agency name (none if the name is gone)."""
    for i, token in enumerate(tokens):
        if normalize(" ".join(tokens[i:])) in _AGENCIES:
            return tokens[:i] if i >= 2 else tokens
        if (normalize(token).split() or [""])[0] in _TAIL_WORDS:
            return tokens[:i] if i >= 2 else []
    return tokens


def _has_name_shape(tokens: list[str], particles: frozenset[str]) -> bool:
    """Capitalized words (or a non-cased script) bar particles; not a lone credential ("MS")."""
    if any(_lower_case(t) and t not in particles for t in tokens) or _lower_case(tokens[0]):
        return False
    first = tokens[0]
    return len(tokens) > 1 or not (first.isupper() and len(first) <= 3) or first in _CAPS_OK


def _lower_case(token: str) -> bool:
    return token[:1].islower()


_CAPS_OK = frozenset(a.upper() for a in _AGENCIES)


def _title_case(name: str) -> str:
    letters = [c for c in name if c.isalpha()]
    if len(letters) >= _MIN_CAPS_LETTERS and name.isupper() and " " in name:
        return " ".join(w.capitalize() for w in name.split())
    return name


def _is_site(name: str, site: str) -> bool:
    """The publication itself ("Business Insider" on "Business Insider Deutschland")."""
    if not site or not name:
        return False
    return name == site or site.startswith(f"{name} ") or name.startswith(f"{site} ")
