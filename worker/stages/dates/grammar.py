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

from worker.calendar_names import APOSTROPHES, unspaced
from worker.segment import segmenter
from worker.stages.dates.lexicon import Lexicon, name_key

DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
YEAR = r"\d{4}(?!\d)"
DASH = r"\s*[-–—]\s*"

FORMS: tuple[tuple[str, str], ...] = (
    ("iso", r"(?P<iso_y>\d{4})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)(?!\d)"),
    ("num", r"(?P<num_a>\d\d?)(?P<num_s>[./])(?P<num_b>\d\d?)(?P=num_s)(?P<num_y>$Y)"),
    ("dr", r"(?P<dr_a>$D)$DS$R(?P<dr_b>$D)$DS\s+(?:$OF\s+)?(?P<dr_m>$M)$YT"),
    ("mr", r"(?P<mr_m>$M)\s+(?P<mr_a>$D)$DS$R(?P<mr_b>$D)$DS(?:,?\s+(?P<mr_y>$Y))?"),
    # a month by its number after a word for it: Vietnamese "ngày 5 tháng 3 năm 2026",
    # "tháng 3/2026" (`numbered_day`, `numbered_month`, `numbered_year` in the config)
    (
        "nd",
        r"(?:$NDAY\s+)?(?P<nd_d>$D)\s+$NMONTH\s+(?P<nd_m>\d\d?)(?!\d)"
        r"(?:(?:\s+$NYEAR\s+|/)(?P<nd_y>$Y))?",
    ),
    ("nm", r"$NMONTH\s+(?P<nm_m>\d\d?)(?:\s+$NYEAR\s+|/)(?P<nm_y>$Y)"),
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
# Chinese, Japanese and Korean write a date's numbers each with its unit, in any language
# and without spaces around them ("于2026年3月5日", "2026년 3월 5일에"): these forms match
# between figures, not between words (a Han or Hangul letter is a word character).
CJK_FORMS: tuple[tuple[str, str], ...] = (
    ("cy", r"(?P<cy_y>\d{4})\s*[年년]\s*(?P<cy_m>\d\d?)\s*[月월](?:\s*(?P<cy_d>$D)\s*[日일])?"),
    ("cm", r"(?P<cm_m>\d\d?)\s*[月월]\s*(?P<cm_d>$D)\s*[日일]"),
    ("cj", r"(?P<cj_y>\d{4})\s*[年년]"),  # a year alone: "2026年の計画", "2026년에"
)
_NEVER = r"(?!x)x"
_SUFFIXES = (
    ("DS", "day"),
    ("YS", "year"),
    ("WS", "weekday"),
    ("US", "unit"),
)  # an alternation of nothing


def compile_grammar(lex: Lexicon) -> re.Pattern[str]:
    """The pattern of every form for `lex` but the CJK ones, wrapped in word boundaries."""
    parts = _fragments(lex)
    branches = [
        f"(?P<f_{name}>{Template(body).substitute(parts, YT=_year_tail(lex, name))})"
        for name, body in FORMS
    ]
    branches += _offset_branches(lex, parts["UNIT"])
    return re.compile(r"(?<!\w)(?:" + "|".join(branches) + r")(?!\w)")


def compile_cjk() -> re.Pattern[str]:
    """The pattern of the Chinese, Japanese and Korean forms (see CJK_FORMS), between figures."""
    parts = {"D": DAY}
    numbered = [f"(?P<f_{name}>{Template(body).substitute(parts)})" for name, body in CJK_FORMS]
    return re.compile(r"(?<![\d.])(?:" + "|".join(numbered) + ")")


CJK_UNITS = re.compile("[年년月월]")  # a text without these has no CJK date: not searched


def compile_unspaced(lex: Lexicon) -> re.Pattern[str] | None:
    """The pattern of the language's weekday names and fixed phrases ("yesterday") written in
    a script without spaces between words ("周五", "昨天", "月曜日", "어제"), which the
    grammar's word boundaries never find inside a sentence (a Han or Hangul letter is a word
    character): they match anywhere but after a Hangul letter (Korean spaces its words and
    writes particles after them, "어제는"), with the part of the day written onto them
    (`daypart`: "昨天下午", yesterday afternoon, is one word to jieba); the caller checks the
    words' boundaries where a segmenter can tell them. None when the language has none."""
    cut = segmenter(lex.code) is not None  # Thai: written without spaces, cut by a segmenter
    weekdays = sorted(w for w in lex.weekdays if cut or unspaced(w))
    fixed = sorted(p for p in lex.fixed if cut or unspaced(p))
    if not weekdays and not fixed:
        return None
    daypart = f"(?:{words(p for p in lex.words('daypart') if cut or unspaced(p))})?"
    branches = (  # with the part of the day written onto it: "周二下午", "昨天下午"
        f"(?P<f_uw>(?P<uw_w>{names(weekdays, capitalized=False)}){daypart})",
        f"(?P<f_uf>(?P<uf_p>{words(fixed)}){daypart})",
    )
    return re.compile(r"(?<![\uac00-\ud7a3])(?:" + "|".join(branches) + ")")


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
        "W": _weekdays(lex),
        "EDGE": f"{edge}(?:\\s+|-)",
        "EDGEW": edge,
        "PREP": words(lex.words("prep")),
        "DAYPART": words(lex.words("daypart")),
        "BEFORE": words(lex.before),
        "AFTER": words(lex.after),
        "UNIT": words(lex.units),
        "PERIOD": words(lex.words("period")),
        "FIXED": words(lex.fixed),
        "NDAY": words(lex.words("numbered_day")),
        "NMONTH": words(lex.words("numbered_month")),
        "NYEAR": words(lex.words("numbered_year")),
    }


def _weekdays(lex: Lexicon) -> str:
    """dateparser's weekday names, and those the config writes out, matched as written or
    with a capital first letter only ("thứ Hai", "Thứ Hai": Monday; "thứ hai", the second)."""
    written = set(map(name_key, lex.written_weekdays))
    other = names(sorted(w for w in lex.weekdays if w not in written), lex.capitalized)
    if not written:
        return other
    return f"(?:{names(lex.written_weekdays, capitalized=False)}|{other})"


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
    if char in APOSTROPHES:  # "п'ятницю", "п’ятницю"
        return f"[{APOSTROPHES}]"
    return r"\s+" if char == " " else re.escape(char)
