"""One compiled pattern per language: every form of temporal expression as a named branch.

Each branch is `(?P<f_NAME>...)` and its parts are groups prefixed `NAME_`, so
`match.lastgroup` tells the form and the resolver reads its parts. Branches are tried in the
order of `FORMS` at each position (the regex engine takes the first that matches), so longer
forms come first: "July 11-12" before "July 11", "June 2018" before "2018".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from string import Template
from typing import Any

from worker.stages.dates.lexicon import Lexicon

DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
YEAR = r"\d{4}(?!\d)"
DASH = r"\s*[-–—]\s*"

FORMS: tuple[tuple[str, str], ...] = (
    ("iso", r"(?P<iso_y>\d{4})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)(?!\d)"),
    ("num", r"(?P<num_a>\d\d?)(?P<num_s>[./])(?P<num_b>\d\d?)(?P=num_s)(?P<num_y>$Y)"),
    ("dr", r"(?P<dr_a>$D)$DS$R(?P<dr_b>$D)$DS\s+(?:$OF\s+)?(?P<dr_m>$M)$YT"),
    ("mr", r"(?P<mr_m>$M)\s+(?P<mr_a>$D)$DS$R(?P<mr_b>$D)$DS(?:,?\s+(?P<mr_y>$Y))?"),
    ("dmy", r"(?P<dmy_d>$D)$DS\s+(?:$OF\s+)?(?P<dmy_m>$M)$YT"),
    ("mdy", r"(?P<mdy_m>$M)\s+(?P<mdy_d>$D)$DS(?:,?\s+(?P<mdy_y>$Y))?"),
    ("my", r"(?:$EDGE)?(?P<my_m>$M),?\s+(?:$OF\s+)?(?P<my_y>$Y)$YS"),
    ("yr", r"(?P<yr_a>$Y)[-–](?P<yr_b>$Y|\d\d(?!\d))"),
    ("pp", r"(?:$EDGE)?(?P<pp_o>$BEFORE)\s+(?P<pp_u>$PERIOD)$US"),
    ("pq", r"(?P<pq_u>$PERIOD)$US\s+(?P<pq_o>$AFTER)"),
    ("rm", r"(?P<rm_o>$BEFORE)\s+(?P<rm_m>$MF)"),
    ("rn", r"(?P<rn_m>$MF)\s+(?P<rn_o>$AFTER)"),
    ("fx", r"(?P<fx_p>$FIXED)"),
    ("wd", r"(?:(?P<wd_o>$BEFORE)\s+)?(?P<wd_w>$W)$WS(?:\s+(?P<wd_p>$AFTER))?(?:\s+$DAYPART)?"),
    # a bare month, after an edge or a preposition, unless a later form reads more of it
    ("bm", r"(?:(?P<bm_e>$EDGEW)(?:\s+|-)|$PREP\s+)(?P<bm_m>$MF)(?!,?\s+(?:\d|$AFTER))"),
    ("yy", r"(?<![$$€£#])(?<!\d[.,])(?P<yy_y>$Y)(?![.,]\d|\s?%)$YS"),
)
_NEVER = r"(?!x)x"
_SUFFIXES = (
    ("DS", "day"),
    ("YS", "year"),
    ("WS", "weekday"),
    ("US", "unit"),
)  # an alternation of nothing


def compile_grammar(lex: Lexicon) -> re.Pattern[str]:
    """The pattern of every form for `lex`, wrapped in word boundaries."""
    parts = _fragments(lex)
    branches = [
        f"(?P<f_{name}>{Template(body).substitute(parts, YT=_year_tail(lex, name))})"
        for name, body in FORMS
    ]
    branches += _offset_branches(lex, parts["UNIT"])
    return re.compile(r"(?<!\w)(?:" + "|".join(branches) + r")(?!\w)")


def _fragments(lex: Lexicon) -> dict[str, str]:
    months = sorted(lex.months)
    full = [m for m in months if m in lex.full_months]
    short = [m for m in months if m not in lex.full_months]
    edge = words(lex.words("edge"))
    return {
        "D": DAY,
        "Y": YEAR,
        **{k: lex.fragment(f"{unit}_suffix") for k, unit in _SUFFIXES},
        "R": f"(?:{DASH}|\\s+{words(lex.words('range'))}\\s+)",
        "OF": words(lex.words("of")),
        "M": f"(?:{names(full, lex.capitalized)}|{names(short, lex.capitalized)}\\.?)",
        "MF": names(full, lex.capitalized),
        "W": names(sorted(lex.weekdays), lex.capitalized),
        "EDGE": f"{edge}(?:\\s+|-)",
        "EDGEW": edge,
        "PREP": words(lex.words("prep")),
        "DAYPART": words(lex.words("daypart")),
        "BEFORE": words(lex.before),
        "AFTER": words(lex.after),
        "UNIT": words(lex.units),
        "PERIOD": words(lex.words("period")),
        "FIXED": words(lex.fixed),
    }


def _year_tail(lex: Lexicon, form: str) -> str:
    """ ", 2018", " de 2018", " 2018 года": the optional year after a day and month."""
    of = words(lex.words("of"))
    return rf"(?:,?\s+(?:{of}\s+)?(?P<{form}_y>{YEAR}){lex.fragment('year_suffix')})?"


def _offset_branches(lex: Lexicon, unit: str) -> list[str]:
    """ "{n} {unit} ago" and "in {n} {unit}" templates, one branch each: ago0, ahead0, ..."""
    branches = []
    for kind in ("ago", "ahead"):
        for i, template in enumerate(lex.words(kind)):
            name = f"{kind}{i}"
            body = words([template]).removeprefix("(?i:").removesuffix(")")
            body = body.replace(r"\{n\}", rf"(?P<{name}_n>\d{{1,3}})(?!\d)")
            body = body.replace(r"\{unit\}", f"(?P<{name}_u>{unit})")
            branches.append(f"(?P<f_{name}>(?i:{body}))")
    return branches


def words(items: Iterable[str]) -> str:
    """Literal words, case-insensitive, longest first; inner spaces match any whitespace."""
    found = {w.lower() for w in items if w}
    return f"(?i:{trie(found)})" if found else _NEVER


def names(forms: Iterable[str], capitalized: bool) -> str:
    """Names, case-sensitive: Capitalized, and as written too unless `capitalized`."""
    variants = set()
    for form in forms:
        variants.add(form[:1].upper() + form[1:])
        if not capitalized:
            variants.add(form)
    return trie(variants) if variants else _NEVER


def trie(items: Iterable[str]) -> str:
    """An alternation of `items` as a prefix tree: the engine drops a branch at its first
    wrong letter instead of trying every word; longer words are tried first."""
    root: dict[str, Any] = {}
    for item in items:
        node = root
        for char in item:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(root)


def _branch(node: dict[str, Any]) -> str:
    parts = [_char(c) + _branch(child) for c, child in sorted(node.items()) if c]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(parts) == 1 else f"{body}?"


def _char(char: str) -> str:
    return r"\s+" if char == " " else re.escape(char)
