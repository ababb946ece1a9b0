"""What the stories stage compares: an article's terms, years, figures, leading person and
MinHash signature.

Terms are the first distinct words of the text (casefolded, stop words of its language out,
words under three letters out, two in Vietnamese, unless they are numbers: the lead, where
news tells the event) and the canonical names of its most mentioned entities, as `#name` (a
name counts `entity_weight` times a word, a person's `person_weight` times: two reports of
one event share their people and places, two events of one kind share their vocabulary, and
often their places and organisations too: one club, one city, one company).
`Terms.vector(df, n)` weighs each once by its IDF (from the document frequencies the index
has seen in the window), L2-normalized; `Terms.salient` ranks them by TF-IDF, for the
postings. `years`, `months`, `weekdays`, `figures` and `lead` are what tell two events of
one kind apart when the words do not: when, how many and who.

In a language that inflects much, two reports of one event seldom share a word form
("Вальморы", "Вальморой"): in the languages `stories.stems` names, words and names are
compared by their Snowball stems (worker/stems.py).

The signature is rensa's MinHash over the text's 5-word shingles (Chinese and Japanese
characters count a word each, Thai ones a quarter: scripts written without spaces), cut into
`BANDS` bands of `ROWS` rows for locality-sensitive hashing: two texts sharing a band are
candidates, and the signatures estimate their Jaccard similarity; `containment` turns that
into the share of the shorter text found in the longer, which is what stays high when a copy
is trimmed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import math
import operator
import re
import struct
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import regex
import stopwordsiso
from rensa import RMinHash

from worker import calendar_names, thai
from worker.article import Article
from worker.settings import Stories
from worker.stems import Stem, stemmer

BANDS, ROWS = 32, 2  # candidate probability 0.5 at Jaccard ~0.15, 0.9 at 0.27, 0.99 at 0.38
PERMUTATIONS = BANDS * ROWS
SEED = 20_261_129  # fixed: every worker must compute the same signature for the same text
SHINGLE = 5  # words per shingle (see `shingles` for scripts without spaces)
# Thai characters a shingle counts as one word: Thai writes some five a word (vowels and tones
# as marks), so a shingle of five characters held one word or two.
THAI_PER_WORD = 4
KEPT_BITS = 16  # of each MinHash value, stored and compared (the band keys use all 32)
KEPT = (1 << KEPT_BITS) - 1
# Words: `regex`'s \w holds the combining marks (the vowel signs of Hindi and the other Indic
# scripts, Thai's, Arabic's) and Persian's joiners, where `re`'s splits a word at each.
_WORD = regex.compile(r"\w+(?:['’-]\w+)*")
# Shingles' tokens: scripts written without spaces, each character; others, `re`'s \w runs
# (a word with combining marks is cut at them, the same in both texts of a copy, so a copy's
# shingles meet as the words would: kept so, as the index holds the signatures).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0e7f]")
_TOKEN = re.compile(_UNSPACED.pattern + r"|\w+")
# Chinese, Japanese (Han and kana) and Korean (Hangul syllables), read as character pairs
# for terms. Not Thai: a pair of its letters is less than a syllable (Thai is cut into words
# by a dictionary).
_PAIRED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_RUNS = regex.compile(_PAIRED.pattern + r"+|[^\W" + _PAIRED.pattern[1:-1] + r"]+")
_HIRAGANA = re.compile(r"[\u3040-\u309f]+")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# Thai is cut into words in a text's first this many Thai characters (some 2 µs each), where
# the lead and its `terms` are: a long text costs no more.
THAI_CHARACTERS = 1000
# A character pair counts this much of a word in the lead's `terms`: a Chinese or Japanese
# word is one to three characters, and no stop words are taken out between them; a Korean
# word, spaced, holds two or three pairs with its particle.
BIGRAM = 1 / 3
# The shortest word kept, by language (3 elsewhere: "of", "to" and the like say nothing of an
# event). Vietnamese writes each syllable apart, and many of two letters carry the event:
# "va chạm" (collide), "sương mù" (fog), "bờ" (shore), "lũ" (flood).
SHORTEST = {"vi": 2}
_POSSESSIVE = re.compile(r"['’]s$")  # "Bush's season": the title names Bush
_YEAR = re.compile(r"(?<![\w.,])(?:19|20)\d\d(?!\w|[.,]\d)")
_MONTH = re.compile(r"(?:\d{4}|-)-(\d\d)(?:-\d\d)?")  # 2018-06-27, 2018-06, --06-27, --06
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
# A number as written: digits, with thousands separators or a decimal point between them.
_FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\w)")
LEAD_CHARACTERS = 400  # where `figures` are read: the lead, some 60 words
FIGURES_KEPT = 32  # figures a story keeps; past that it names too many to tell (ANY)
ANY = "*"  # in a story's figures: too many to tell an article apart by


@cache
def stop_words(code: str) -> frozenset[str]:
    if not stopwordsiso.has_lang(code):
        return frozenset()
    return frozenset(w.casefold() for w in stopwordsiso.stopwords(code))


@dataclass(frozen=True)
class Terms:
    """Term -> (count, weight factor) of one article."""

    counts: dict[str, tuple[int, float]]

    @classmethod
    def of(cls, article: Article, options: Stories) -> Terms:
        """The first `options.terms` distinct words of the text (the lead, where news tells
        the event), each with its count in the whole text, and the `options.names` most
        mentioned entities, with their mentions; in the languages `options.stems` names,
        words and each word of a name by their stems (two forms of one name are one term)."""
        code = str(article.language.get("code") or "und")
        stem = stem_for(code, options)
        found = Counter(words(article.text, stop_words(code), SHORTEST.get(code, 3)))
        if stem is not None:
            found = stemmed(found, stem, options.terms)
        counts, read = {}, 0.0
        for w, n in found.items():  # in order of first use
            read += BIGRAM if _PAIRED.match(w) else 1.0
            if read > options.terms:
                break
            counts[w] = (n, 1.0)
        ranked = sorted(article.entities, key=lambda e: -len(e.get("mentions", ())))
        for entity in ranked[: options.names]:
            name = str(entity.get("name", "")).casefold()
            if stem is not None:
                name = " ".join(stem(name.split()))
            if name:
                person = entity.get("type") == "PERSON"
                weight = options.person_weight if person else options.entity_weight
                mentions, known = max(1, len(entity.get("mentions", ()))), counts.get("#" + name)
                if known is not None:
                    mentions, weight = mentions + known[0], max(weight, known[1])
                counts["#" + name] = (mentions, weight)
        return cls(counts)

    def vector(self, df: dict[str, int], n: int) -> dict[str, float]:
        """Each term once, weighed by its IDF (this article counted in `n` and in each `df`,
        so a term seen nowhere else weighs most), L2-normalized: how often an article
        repeats a word says little about which event it tells."""
        weights = {term: factor * _idf(df, n, term) for term, (_, factor) in self.counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {term: w / norm for term, w in sorted(weights.items())}

    def salient(self, df: dict[str, int], n: int, count: int) -> list[str]:
        """The `count` heaviest terms by TF-IDF (sublinear TF): what the article is about."""
        weights = {
            term: (1 + math.log(c)) * factor * _idf(df, n, term)
            for term, (c, factor) in self.counts.items()
        }
        return sorted(weights, key=lambda t: (-weights[t], t))[:count]


def stem_for(code: str, options: Stories) -> Stem | None:
    """How casefolded words of language `code` are reduced to their stems, where
    `options.stems` names the language (None: they are compared as written)."""
    return stemmer(code) if code in options.stems else None


def stemmed(found: Counter[str], stem: Stem, wanted: int) -> Counter[str]:
    """Word counts (in order of first use) as the counts of their stems, the forms of a stem
    added up, until `wanted` stems are read: the distinct words are stemmed a chunk at a
    time, from the first, as only the lead's are kept (a stem's count is that of the forms
    among them, each over the whole text)."""
    out: Counter[str] = Counter()
    distinct, at = list(found), 0
    while at < len(distinct) and len(out) < wanted:
        chunk = distinct[at : at + 2 * wanted]
        at += len(chunk)
        for word, root in zip(chunk, stem(chunk), strict=True):
            out[root] += found[word]
    return out


def words(text: str, stops: frozenset[str], shortest: int = 3) -> Iterator[str]:
    """The text's words, casefolded, without stop words and words under `shortest` letters
    (numbers stay). Chinese and Japanese, written without spaces, are read as overlapping
    character pairs, as search engines index them (a lone character as itself); pairs all
    in hiragana, Japanese grammar, are left out. Korean words, spaced, are read as their
    pairs too: Korean writes its particles and endings onto the word ("발모라항에서", at the
    port of Valmora), so two reports seldom write a name in one form, and its pairs meet
    ("발모", "모라") where the forms do not; a word or pair among the stop words is left out
    ("에서"). Thai, also written without spaces, is cut into words by a dictionary
    (`worker/thai.py`), in its first `THAI_CHARACTERS`."""
    has_thai, thai_left = _THAI.search(text) is not None, THAI_CHARACTERS
    for word in _WORD.findall(text.casefold()):
        if has_thai and _THAI.search(word):
            if thai_left > 0:  # a run past the limit is cut at it: one run may be the text
                run, thai_left = word[:thai_left], thai_left - len(word)
                yield from thai_words(run, stops)
            continue
        for run in _RUNS.findall(word) if _PAIRED.search(word) else (word,):
            if not _PAIRED.match(run):
                if run not in stops and (len(run) >= shortest or run.isdigit()):
                    yield run
            elif _HANGUL.match(run):
                korean = [run[i : i + 2] for i in range(len(run) - 1)] or [run]
                if run not in stops:
                    yield from (pair for pair in korean if pair not in stops)
            elif len(run) == 1:
                yield run
            else:
                pairs = (run[i : i + 2] for i in range(len(run) - 1))
                yield from (pair for pair in pairs if not _HIRAGANA.fullmatch(pair))


def thai_words(run: str, stops: frozenset[str]) -> Iterator[str]:
    """The words of a run of Thai letters, without Thai's stop words (whatever the language
    tag: a Thai run is Thai) and `stops`. Two letters make a word here ("ฝน", rain): a Thai
    letter is often a syllable's consonant alone, its vowel and tone written as marks."""
    thai_stops = stop_words("th")
    for word in thai.words(run):
        known = _WORD.fullmatch(word) and word not in thai_stops and word not in stops
        if known and (len(word) >= 2 or word.isdigit()):
            yield word


def _idf(df: dict[str, int], n: int, term: str) -> float:
    return math.log((n + 1) / (df.get(term, 1) + 1)) + 1


def years(text: str, published: str | None) -> frozenset[int]:
    """The years an article names: four-digit numbers from 1900 to 2099 in its text, and
    the year of its `published` day. Two events of one kind are often years apart."""
    found = {int(y) for y in _YEAR.findall(text)}
    if published and published[:4].isdigit():
        found.add(int(published[:4]))
    return frozenset(found)


def months(dates: Sequence[dict[str, Any]]) -> frozenset[int]:
    """The months an article's dates name (1-12, from the dates stage's values: a day, a
    month, either end of a range; not a bare year or a week). Two events of one kind in one
    year are often months apart; an article's relative dates ("on Tuesday") are resolved
    against its `published` day, so they name the month of the event."""
    found = {int(m[1]) for part in _values(dates) if (m := _MONTH.fullmatch(part))}
    return frozenset(m for m in found if 1 <= m <= 12)


def weekdays(dates: Sequence[dict[str, Any]], code: str) -> frozenset[int]:
    """The days of the week an article's dates name (0 Monday .. 6 Sunday): by name, in the
    article's language ("on Tuesday", "Tuesday, March 3"), or as the weekday of a full date.
    News tells the day of its event by its weekday ("police said on Tuesday"): where no
    `published` day resolves it, that name is what is left of when."""
    names, spaced = weekday_names(code), spaced_weekday_names(code)
    found = set()
    for part in _values(dates):
        if _DAY.fullmatch(part):
            with contextlib.suppress(ValueError):  # a day the calendar lacks
                found.add(dt.date.fromisoformat(part).weekday())
    for date in dates:
        text = calendar_names.one_apostrophe(str(date.get("text", "")).casefold())
        found.update(names[w] for w in _WORD.findall(text) if w in names)
        words = " ".join(_WORD.findall(text))  # "thứ hai tới": the dates stage told it a day
        found.update(n for name, n in spaced.items() if f" {name} " in f" {words} ")
    return frozenset(found)


def _values(dates: Sequence[dict[str, Any]]) -> Iterator[str]:
    """The dates' ISO 8601 values, a range as its two ends."""
    for date in dates:
        yield from str(date.get("value") or "").split("/")


def figures(text: str) -> frozenset[str]:
    """The figures an article's lead gives (its first `LEAD_CHARACTERS`): numbers of two
    digits or more as written, thousands separators (",") out, years (1900-2099) out. Two
    reports of one event give its figures where they tell it (the toll, an age, the score,
    the sum); two events of one kind give others."""
    found = set()
    for match in _FIGURE.finditer(text, 0, LEAD_CHARACTERS + 32):  # what starts in the lead
        if match.start() >= LEAD_CHARACTERS:
            break
        figure = match[0].replace(",", "")
        if sum(c.isdigit() for c in figure) >= 2 and not _YEAR.fullmatch(match[0]):
            found.add(figure)
    return frozenset(found)


@cache
def weekday_names(code: str) -> dict[str, int]:
    """Weekday name -> 0 (Monday) .. 6 in the language `code` (dateparser's forms of four
    letters and more, of two in Chinese, Japanese and Korean: as the dates stage reads them)."""
    return calendar_names.weekday_names(calendar_names.language_data(code) or {}, 4)


@cache
def spaced_weekday_names(code: str) -> dict[str, int]:
    """Weekday names of several words -> 0 (Monday) .. 6 in the language `code` (Vietnamese
    "thứ hai", Monday, and the second; found in a date the dates stage read, a weekday)."""
    data = calendar_names.language_data(code) or {}
    return {
        " ".join(form.casefold().split()): n
        for n, key in enumerate(calendar_names.WEEKDAYS)
        for form in data.get(key, ())
        if len(form.split()) > 1
        and all(_WORD.fullmatch(w) for w in form.casefold().split())
        and not any(c.isdigit() for c in form)  # "thứ 2": a figure, told by no name
    }


def lead(entities: Sequence[dict[str, Any]], title: str, stem: Stem | None = None) -> str | None:
    """The article's leading person: the family name (last word, casefolded, reduced to its
    `stem` where one is given, as the names of `Terms` are) of the person its title names
    and its text names most, at least twice (the first such on a tie), or None. The family
    name alone, so that "Maurice Cheeks", "Mo Cheeks" and "coach Cheeks" are one person;
    named in the title, so that a person the article only quotes at length does not lead
    it."""
    spell = stem or (lambda words: words)
    heading = set(spell([_POSSESSIVE.sub("", w) for w in _WORD.findall(title.casefold())]))
    people = [e for e in entities if e.get("type") == "PERSON"]
    family = spell([surname(str(e.get("name", ""))) for e in people])
    titled = [(e, name) for e, name in zip(people, family, strict=True) if name in heading]
    ranked = sorted(titled, key=lambda pair: -len(pair[0].get("mentions", ())))
    if not ranked or len(ranked[0][0].get("mentions", ())) < 2:
        return None
    return ranked[0][1]


def surname(name: str) -> str:
    """The last word of a name, casefolded ("" for none)."""
    words = name.casefold().split()
    return words[-1] if words else ""


def shingles(text: str, thai_per_word: int = THAI_PER_WORD) -> set[str]:
    """The text's shingles: `SHINGLE` words from each token on (all of them in a shorter
    text), casefolded. A Chinese or Japanese character is a token and counts as a word (a
    shingle of five is two or three words); a Thai character is a token too, and counts as
    `1 / thai_per_word` of one: as one word, a shingle held one Thai word or two, and two
    independent Thai reports of one event shared nearly half their shingles, near what a
    trimmed copy shares. Texts without Thai keep the shingles of every earlier version, and
    so the signatures the index holds."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())
    if _THAI.search(text) is None:
        count = max(1, len(tokens) - SHINGLE + 1)
        return {" ".join(tokens[i : i + SHINGLE]) for i in range(count)}
    units = [1 if _THAI.match(token) else thai_per_word for token in tokens]
    found, end, held, wanted = set(), 0, 0, SHINGLE * thai_per_word
    for start in range(len(tokens)):
        while end < len(tokens) and held < wanted:
            held, end = held + units[end], end + 1
        found.add(" ".join(tokens[start:end]))
        if end == len(tokens):
            break
        held -= units[start]
    return found


def cosine(vector: dict[str, float], centroid: dict[str, float]) -> float:
    """Cosine of a normalized vector with a centroid (a sum of normalized vectors)."""
    norm = math.sqrt(sum(w * w for w in centroid.values()))
    if not norm:
        return 0.0
    return sum(w * centroid.get(term, 0.0) for term, w in vector.items()) / norm


@dataclass(frozen=True)
class Signature:
    """A MinHash signature and the number of distinct shingles it was made from."""

    values: tuple[int, ...]
    size: int

    @classmethod
    def of(cls, text: str) -> Signature:
        found = shingles(text)
        minhash = RMinHash(num_perm=PERMUTATIONS, seed=SEED)
        minhash.update(sorted(found))
        return cls(tuple(minhash.digest()), len(found))

    def bands(self) -> list[bytes]:
        """One key per band: its number (a byte) and a 4-byte hash of its rows."""
        return list(self._bands)

    @cached_property
    def _bands(self) -> tuple[bytes, ...]:  # made once: the look and the write both need them
        out = []
        for band in range(BANDS):
            rows = struct.pack(f"<{ROWS}I", *self.values[band * ROWS : (band + 1) * ROWS])
            out.append(bytes([band]) + hashlib.blake2b(rows, digest_size=4).digest())
        return tuple(out)

    def pack(self) -> bytes:
        """The shingle count and the values' low `KEPT_BITS` bits (b-bit MinHash: two texts'
        values agree by chance once in 65,536, against their Jaccard similarity)."""
        return struct.pack(f"<I{PERMUTATIONS}H", self.size, *self.kept)

    @classmethod
    def unpack(cls, data: bytes) -> Signature:
        """A packed signature: 16-bit values, or 32-bit ones as an earlier version packed."""
        wide = len(data) == 4 + 4 * PERMUTATIONS
        size, *values = struct.unpack(f"<I{PERMUTATIONS}{'I' if wide else 'H'}", data)
        return cls(tuple(values), size)

    @cached_property
    def kept(self) -> tuple[int, ...]:
        """The values' low `KEPT_BITS` bits: what is stored and compared."""
        return tuple(v & KEPT for v in self.values)

    def jaccard(self, other: Signature) -> float:
        """The share of the values that agree (on their kept bits)."""
        return sum(map(operator.eq, self.kept, other.kept)) / PERMUTATIONS

    def containment(self, other: Signature) -> float:
        """Estimated share of the smaller shingle set found in the other."""
        j = self.jaccard(other)
        shared = j * (self.size + other.size) / (1 + j)
        return min(1.0, shared / max(1, min(self.size, other.size)))
