"""Who a reporting verb belongs to: the speaker mention around a verb or in a matched phrase.

`speaker_of` takes the agent of a passive verb ("was asked by Ana Ruiz") first; else the
subject right before the verb ("Bolton said", "he also told", "Trump, 70, said", "he laughed
and said"), then the name right after it ("said Bolton"), then the subject of an earlier verb
of the sentence ("Spicer said, adding"), then the subject that opens the sentence. `mention_in`
picks the speaker inside a phrase: its last name (not a possessive), else a pronoun, else the
phrase itself as a noun phrase ("the senator").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from worker.stages.clean.lift import dateline as opening_dateline
from worker.stages.quotes.lexicon import Lexicon

_SUBJECT_REACH = 200  # characters searched back for the subject of a verb


@dataclass(frozen=True)
class Mention:
    """A speaker mention `[start, end)`: a name, a pronoun or a noun phrase."""

    start: int
    end: int
    kind: str  # name | pronoun | noun
    agent: bool = False  # after a passive verb's "by": speaks, but is not who "he" is next


@dataclass(frozen=True)
class Cue:
    """A reporting verb (None for "Name: “…”") at `at`, and the mention of its speaker."""

    verb: str | None
    at: int
    mention: Mention | None


def speaker_of(text: str, verb: re.Match[str], lex: Lexicon, span: tuple[int, int],
               earlier: list[re.Match[str]]) -> Mention | None:  # fmt: skip
    """The speaker of `verb`, a cue found in the sentence `span` after the cues `earlier`."""
    start, end = span
    word = verb.group()
    if lex.has("according", word):
        return _inverted(text, verb.end(), end, lex)
    marked = _marked_subject(text, verb, span, lex)
    if marked is not None:
        return marked
    if not lex.has("participles", word):
        own = _subject(text, verb.start(), start, lex) or _inverted(text, verb.end(), end, lex)
        if own and own.kind != "pronoun" and _coordinated(text, start, verb.start(), lex):
            # "Ana Ruiz put on a Scottish accent and joked": the sentence's subject, not a word of
            # the first predicate
            own = opening_subject(text, start, verb.start(), lex) or own
        if own:
            return own
    elif not text[start : verb.start()].rstrip().endswith(","):
        own = _subject(text, verb.start(), start, lex)  # "footage of Trump saying, “…”"
        if own and own.kind == "name":
            return own
    for previous in reversed(earlier):
        found = _subject(text, previous.start(), start, lex)
        if found:
            return found
    return opening_subject(text, start, verb.start(), lex)


def _marked_subject(
    text: str, verb: re.Match[str], span: tuple[int, int], lex: Lexicon
) -> Mention | None:
    """For a finite reporting verb: the agent after a passive one ("was asked by Ana Ruiz")."""
    if not lex.has("verbs", verb.group()):
        return None  # "was called by": no speech
    return _passive_agent(text, verb, span, lex)


def _passive_agent(
    text: str, verb: re.Match[str], span: tuple[int, int], lex: Lexicon
) -> Mention | None:
    """The agent of a passive reporting verb ("Varga was asked by host Ana Ruiz, “…”"): the
    one who spoke, not the subject."""
    before = text[span[0] : verb.start()].split()
    if not before or not lex.has("passive_auxiliaries", before[-1]):
        return None
    by = _BY.match(text, verb.end(), span[1])
    if by is None:
        return None
    clause = _CLAUSE.search(text, by.end(), span[1])  # "by a caller why …", "… that …"
    agent = _head(text, by.end(), clause.start() if clause else span[1], lex)
    if agent is None or agent.kind == "pronoun":
        return None
    return Mention(agent.start, agent.end, agent.kind, agent=True)


_BY = re.compile(r"[^\S\n]+by[^\S\n]+")
_CLAUSE = re.compile(r"[^\S\n]+(?:that|whether|why|how|what|when|where|if)\b")


def _coordinated(text: str, start: int, at: int, lex: Lexicon) -> bool:
    """Is the verb at `at` the second of two predicates ("… and joked", "… but then said")?"""
    words = text[start:at].split()
    if words and (lex.has("auxiliaries", words[-1]) or lex.is_adverb(words[-1])):
        words.pop()
    return len(words) > 2 and lex.has("conjunctions", words[-1])


def cue_from_match(text: str, match: re.Match[str], lex: Lexicon) -> Cue:
    """The cue of a match with optional `verb`, `speaker`, `appos` and `rest` groups."""
    groups = match.re.groupindex
    verb = match.group("verb") if "verb" in groups else None
    at = match.start("verb") if verb else match.start()
    if "rest" in groups:
        head = _head(text, *match.span("rest"), lex)
        if head is not None and head.kind == "noun":
            head = _named_after(text, head.end, lex) or head
        return Cue(verb, at, head)
    return Cue(verb, at, refined(text, match, lex))


def refined(text: str, match: re.Match[str], lex: Lexicon) -> Mention | None:
    """The `speaker` group's mention, or the name in its appositive when it has none."""
    groups = match.re.groupindex
    if "speaker" not in groups or not match.group("speaker"):
        return None
    mention = mention_in(text, *match.span("speaker"), lex)
    if (mention is None or mention.kind == "noun") and "appos" in groups and match.group("appos"):
        inner = mention_in(text, *match.span("appos"), lex)
        return inner if inner and inner.kind == "name" else mention
    if mention is not None and mention.kind == "noun":
        return _named_after(text, match.end("speaker"), lex) or mention
    return mention


def _named_after(text: str, at: int, lex: Lexicon) -> Mention | None:
    """The name set after a role by a comma, ending the clause ("said the central bank's
    governor, Li Wen."): the role's holder, who is the speaker."""
    comma = re.compile(r",\s+").match(text, at)
    name = lex.names.match(text, comma.end()) if comma else None
    if name is None or not _plain(text, name):
        return None
    after = re.match(r"\s*(?:[.;!?]|$|,\s+(\w+))", text[name.end() : name.end() + 30])
    if after is None or (after.group(1) and not lex.has("relatives", after.group(1))):
        return None  # the name must end the clause, or be followed by "who …"
    return Mention(name.start(), name.end(), "name")


def mention_in(text: str, start: int, end: int, lex: Lexicon) -> Mention | None:
    """The speaker inside a matched phrase: its last name (not a possessive, not in brackets,
    not a modifier of a common noun: "the Florida senator", "Labor Department officials"),
    else a pronoun, else the phrase as a noun phrase. None when only function words are
    left, or when a noun phrase starts with neither a determiner nor a capital ("who took
    the same boat")."""
    trimmed, end = _trimmed(text, start, end, lex)
    if trimmed >= end:
        return None
    phrase = text[trimmed:end]
    if lex.pronouns.fullmatch(phrase):
        return Mention(trimmed, end, "pronoun")
    names = [
        m for m in lex.names.finditer(text, trimmed, end) if _plain(text, m) and not _shouted(m)
    ]
    modifier = names and names[-1].end() < end and phrase.split()[-1][0].islower()
    if names and not modifier and strip_titles(names[-1].group(), lex):
        return Mention(names[-1].start(), names[-1].end(), "name")
    pronoun = lex.pronouns.search(text, trimmed, end)
    if pronoun:
        return Mention(pronoun.start(), pronoun.end(), "pronoun")
    if trimmed > start and not (phrase[0].isupper() or lex.has("determiners", phrase.split()[0])):
        return None
    end = trimmed + _before_participle(phrase, lex)
    return Mention(trimmed, end, "noun") if _headed(text[trimmed:end], lex) else None


def _past_form(word: str) -> bool:
    """A lower-case verb form in "-ed" ("published", "filed"), not "red", "speed", "hundred"."""
    return (
        word.islower()
        and len(word) >= _PAST_MIN
        and word.endswith("ed")
        and not word.endswith(_NOT_PAST)
    )


_PAST_MIN = 5
_NOT_PAST = ("eed", "hundred")


def _before_participle(phrase: str, lex: Lexicon) -> int:
    """Where a noun phrase ends before a verb it swallowed ("A news report published
    Tuesday", "The council issued a notice"): at a lower-case word in "-ed" after a noun
    (not after a determiner or an adverb: "a retired teacher", "the newly elected mayor")."""
    words = list(re.finditer(r"\S+", phrase))
    for before, word in itertools.pairwise(words):
        if _past_form(word.group()) and before.start() > 0:
            previous = before.group()
            if not (lex.has("determiners", previous) or lex.is_adverb(previous)):
                return before.end()
    return len(phrase)


def _headed(phrase: str, lex: Lexicon) -> bool:
    """A noun phrase that ends in a noun, as far as word shapes tell: not in a function word
    or determiner ("The"), an adverb ("forcefully") or a number; not a line in capitals."""
    if len(phrase.split()) >= _SHOUTED_WORDS and phrase.isupper():
        return False  # a kicker line in capitals
    last = phrase.rsplit(maxsplit=1)[-1].strip(",.;:!?’'\"”“")
    if not last or lex.has("determiners", last) or lex.has("function_words", last):
        return False
    return not (_NUMBER.fullmatch(last) or lex.is_adverb(last))  # "the 43-year-old" is a noun


_SHOUTED_WORDS = 3
_NUMBER = re.compile(r"[\d.,:%/-]+")


def _trimmed(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int]:
    """Without trailing commas and spaces, nor leading function words ("Yet another")."""
    while end > start and text[end - 1] in " ,":
        end -= 1
    for word in re.finditer(r"\S+", text[start:end]):
        if not _filler(word.group(), lex):
            return start + word.start(), end
    return end, end


def _filler(token: str, lex: Lexicon) -> bool:
    """A word that cannot start a speaker mention ("Yet", "And", "also")."""
    if lex.has("determiners", token) or lex.pronouns.fullmatch(token):
        return False
    return lex.has("function_words", token) or lex.has("auxiliaries", token)


def strip_titles(name: str, lex: Lexicon) -> str:
    """The name without leading titles and honorifics ("Sen. Ana Ruiz" -> "Ana Ruiz")."""
    words = name.split()
    while words and words[0].casefold() in lex.prefixes:
        words.pop(0)
    return " ".join(words)


def has_subject(text: str, at: int, start: int, lex: Lexicon) -> bool:
    """Does a speaker phrase end right before `at`?"""
    return lex.subject.search(text, max(start, at - _SUBJECT_REACH), at) is not None


def _subject(text: str, at: int, start: int, lex: Lexicon) -> Mention | None:
    """The subject ending right before `at`: the longest phrase the subject pattern takes,
    else a shorter one when that is the object of a preposition ("In a statement to the
    Harbour Gazette, her deputy, Ana Ruiz, said": not "Gazette"); the phrase before a
    relative clause that ends at `at` ("an aide who keeps the council's diary said")."""
    low = max(start, at - _SUBJECT_REACH)
    while low < at:
        match = lex.subject.search(text, low, at)
        mention = refined(text, match, lex) if match else None
        if match is None or mention is None:
            return None
        if not (_after_preposition(text, mention, lex, start) or _temporal(text, mention, lex)):
            reach = max(start, at - _SUBJECT_REACH)
            return _relative_head(text, mention, at, reach, lex) or mention
        low = match.start() + 1
    return None


def _relative_head(text: str, mention: Mention, at: int, low: int, lex: Lexicon) -> Mention | None:
    """The subject of a verb whose subject phrase was found inside a relative clause without
    commas ("an aide who covers the Varnesk office said": the aide, not "office")."""
    if mention.kind == "pronoun":
        return None  # "who said": the verb is the relative clause's own
    relatives = [
        w
        for w in re.finditer(r"\S+", text[low : mention.start])
        if lex.has("relatives", w.group()) and text[low : low + w.start()].rstrip()[-1:] != ","
    ]
    if not relatives or re.search(r"[,;:()—–]", text[low + relatives[-1].end() : at]):
        return None
    inside = text[low + relatives[-1].end() : mention.start].split()
    first = text[mention.start : mention.end].split(maxsplit=1)[0]
    named = mention.kind != "noun" or first[0].isupper() or _role_led(first, lex)
    if (named and not inside) or any(_clause_word(w, lex) for w in inside):
        return None  # "clerks who the mayor says", "a week when traders wrote": their own verb
    head = low + relatives[-1].start()
    found = lex.subject.search(text, max(low, head - _SUBJECT_REACH), head)
    return refined(text, found, lex) if found else None


def _clause_word(word: str, lex: Lexicon) -> bool:
    """A word that opens a clause of its own ("that", "when", "and"): a break word that is
    neither a preposition nor a verb, or a complementizer."""
    if lex.has("complementizers", word) or lex.has("relatives", word):
        return True
    return word.islower() and lex.has("breaks", word) and not lex.has("prepositions", word)


_PREPOSITION_REACH = 40  # characters looked back for the preposition before a phrase


def _after_preposition(text: str, mention: Mention, lex: Lexicon, start: int) -> bool:
    """Is the phrase the object of a preposition right before it, a determiner or a
    possessive between ("to the Harbour Gazette", "on Oct. 2", "along the quay")? A name
    may follow a head preposition ("X of Y said", "with Ana Ruiz nodding"); a noun phrase
    only follows a preposition in lower case, or one that opens the sentence at `start`
    ("In her reply, the deputy said": not "her reply")."""
    before = text[max(0, mention.start - _PREPOSITION_REACH) : mention.start].split()
    if mention.kind == "name":  # "to the Harbour Gazette": the mention may be the name's end
        while before and before[-1][:1].isupper() and before[-1][-1:].isalpha():
            if lex.has("prepositions", before[-1]) or lex.has("determiners", before[-1]):
                break
            before.pop()
    if before and (lex.has("determiners", before[-1]) or before[-1].endswith(("’s", "'s"))):
        before = before[:-1]
    word = before[-1].strip("(—-") if before else ""
    if not word or not lex.has("prepositions", word):
        return False
    if mention.kind == "noun":  # "Traders walking along the quay shouted"
        return word.islower() or _opens_with(text, start, mention.start, word)
    return not lex.has("head_prepositions", word)


def _opens_with(text: str, start: int, end: int, word: str) -> bool:
    """Is `word` the first word of `text[start:end]`?"""
    return text[start:end].split(maxsplit=1)[:1] == [word]


def _inverted(text: str, start: int, end: int, lex: Lexicon) -> Mention | None:
    """The speaker after an inverted verb: "said Bolton: “…”", "said the Florida senator, “…”";
    none when a complementizer opens the reported clause ("showed that some of ...")."""
    first = text[start:end].split(maxsplit=1)
    if first and lex.has("complementizers", first[0].strip(",")):
        return None
    match = lex.inverted.match(text, start, end)
    return _head(text, *match.span("rest"), lex) if match else None


def opening_subject(text: str, start: int, end: int, lex: Lexicon) -> Mention | None:
    """The subject that opens the sentence ("And then Trump …"); past a dateline
    ("VARNESK, May 2 (Harbour Gazette) — "), a participle's phrase ("Speaking to reporters
    in Varnesk, Ana Ruiz …") or an opening phrase with a preposition ("On Oct. 2, Ana
    Ruiz …", "In a statement to the Harbour Gazette, her deputy …"), up to three."""
    dateline = opening_dateline(text[start:end])
    start += len(dateline[0]) if dateline else 0
    for _ in range(_OPENING_TRIES):
        participle = _PARTICIPLE_PHRASE.match(text, start, end)
        start = participle.end() if participle else start
        mention = _opening(text, start, end, lex)
        if mention is not None and (dateline or participle) and mention.kind == "noun":
            return None  # past a dateline or a participle's phrase, only a name is sure
        if mention is None or not (
            _after_preposition(text, mention, lex, start) or _temporal(text, mention, lex)
        ):
            return mention
        comma = text.find(",", mention.end, end)
        if comma < 0:
            return None
        start = comma + 1
        while start < end and text[start].isspace():
            start += 1
    return None


def _temporal(text: str, mention: Mention, lex: Lexicon) -> bool:
    """A noun phrase of time set off by a comma ("That morning, …", "Earlier this week,
    …"): an adverbial before the subject."""
    words = text[mention.start : mention.end].split()
    return (
        mention.kind == "noun"
        and lex.has("times", words[-1])
        and text[mention.end : mention.end + 1] == ","
    )


_OPENING_TRIES = 3
# A participle that opens the sentence, and its phrase up to a comma
_PARTICIPLE_PHRASE = re.compile(r"[A-Z][a-z]{2,}ing[^\S\n]+[a-z][^\n,;:!?]{0,100},[^\S\n]*")


def _opening(text: str, start: int, end: int, lex: Lexicon) -> Mention | None:
    match = lex.opening.match(text, start, end)
    if match is None or match.group("speaker").endswith("ing"):
        return None
    mention = refined(text, match, lex)
    intro = _INTRO.match(text, match.start("speaker"), end)
    if mention and intro and len(match.group("speaker").split()) == 1:
        # "Back in 2004, Mr. Ruiz …", "Eight years ago, he …": the subject follows the intro
        after = lex.opening.match(text, intro.end(), end)
        inner = refined(text, after, lex) if after else None
        if inner and inner.kind in ("name", "pronoun"):
            return inner
    return mention


# A capitalized word and an adverbial phrase with a lowercase word or a number, to a comma
_INTRO = re.compile(
    r"\w+[^\S\n]+(?=[^\n,;:!?]{0,60},)[^\n,;:!?]*?(?:\b[^\W\d_A-Z]|\d)[^\n,;:!?]*,\s*"
)


def _head(text: str, start: int, end: int, lex: Lexicon) -> Mention | None:
    """The speaker in the phrase after an inverted verb: the phrase cut at its first break
    word or sentence end ("said Tomas Varga of Varnesk"), when that names someone or is a
    determiner- or title-led noun phrase ("said the senator", "řekl předseda svazu"); else
    the last name of the whole phrase ("označil výsledek za úspěch starosta Jan Novák").
    When a break word opens the phrase, None ("said in a statement"), or in a language
    flagged `late_speaker` its last name ("řekl po závodě Jan Novák")."""
    words = list(re.finditer(r"\S+", text[start:end]))
    first = words[0].group() if words else ""
    if not words or (_break(first, lex) and not lex.has("determiners", first)):
        return _last_name(text, start, end, lex) if "late_speaker" in lex.flags else None
    cut = end - start
    for index, word in enumerate(words):
        token = word.group()
        if index and (_break(token, lex) or _aside(words, index, lex)):
            cut = word.start()
            break
        if token.endswith(".") and not _abbreviation(token[:-1], lex):
            cut = word.end() - 1
            break
    mention = mention_in(text, start, start + cut, lex) if cut > 0 else None
    if mention and (mention.kind != "noun" or _role_led(first.rstrip(".,"), lex)):
        return mention
    return _last_name(text, start, end, lex)


def _break(token: str, lex: Lexicon) -> bool:
    """A break word in lower case: after the verb a capital starts a name ("said Will Doyle")."""
    return not token[:1].isupper() and lex.has("breaks", token)


def _aside(words: list[re.Match[str]], index: int, lex: Lexicon) -> bool:
    """Words that may stand beside the verb ("сказал журналистам Путин", "заявил ТАСС
    Песков") start here: after the speaker they end it ("сказал Путин журналистам"). A
    capitalized one only as the list writes it ("ТАСС", "РИА Новости"), not a name's word."""
    word = words[index].group().rstrip(".,")
    pair = f"{word} {words[index + 1].group().rstrip('.,')}" if index + 1 < len(words) else ""
    if word[:1].islower():
        return lex.has("auxiliaries", word) or lex.has("auxiliaries", pair)
    return word in lex.words["auxiliaries"] or pair in lex.words["auxiliaries"]


def _last_name(text: str, start: int, end: int, lex: Lexicon) -> Mention | None:
    whole = mention_in(text, start, end, lex)
    return whole if whole and whole.kind == "name" else None


def _role_led(word: str, lex: Lexicon) -> bool:
    """A determiner, a title or a possessive ("the mayor’s deputy campaign manager")."""
    possessive = word.endswith(("’s", "'s")) and len(word) > 2
    return possessive or lex.has("determiners", word) or lex.has("titles", word)


def _abbreviation(token: str, lex: Lexicon) -> bool:
    return token in lex.abbreviations or (len(token) == 1 and token.isupper())


def _shouted(name: re.Match[str]) -> bool:
    """Three words or more in capitals: a headline or a kicker line, not a name."""
    words = name.group().split()
    return len(words) >= _SHOUTED_WORDS and all(w.isupper() for w in words)


def _plain(text: str, name: re.Match[str]) -> bool:
    """Not a possessive ("Trump’s") and not in brackets ("(D-Ill.)")."""
    return (
        not text.startswith(("’s", "'s", "’", "'"), name.end())
        and text[name.start() - 1 : name.start()] != "("
    )
