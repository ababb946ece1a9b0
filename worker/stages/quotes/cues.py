"""The reporting verb and speaker mention of one quotation.

`attribute(layout, quote, lex)` looks, in this order:

1. right after the closing mark, with the language's `after` templates ("…,” said Bolton",
   "…,” he added", "…», a-t-il dit", "…“, so Merkel", "…,” according to CNN");
2. at the end of the quote's sentence ("“…” than that, Zuckoff said.");
3. before the opening mark, in the same sentence (or in the paragraph before when that one
   ends with a colon): the last cue outside quotations ("Putin told reporters: “…”",
   "…, saying “…”", "said Bolton: “…”"), else a name and a colon ("Ryan: ‘…’").

It returns None when none finds a cue (the caller may then continue a previous speaker, or
take `prior_cue`: the cue of the sentence before, when that one reports speech).
"""

from __future__ import annotations

import re

from worker.stages.quotes.layout import Layout
from worker.stages.quotes.lexicon import Lexicon
from worker.stages.quotes.marks import Quoted
from worker.stages.quotes.subjects import (
    Cue,
    Mention,
    cue_from_match,
    opening_subject,
    refined,
    speaker_of,
)

_LEAD_PUNCT = re.compile(r"[^\S\n]*(?:[,—–-]|$)")
_COMMA = re.compile(r",")
_FINAL_COMMAS = 4  # last commas of a sentence tried for a final attribution
_FINAL_REACH = 40  # characters a sentence may go on after a final "X said"
_TAIL_WORDS = 4  # words a sentence may go on after a cue that introduces the next quote
_DASH_BEFORE = re.compile(r"[^\S\n]+(?:--|[—–])[^\S\n]*$")  # "Ana Ruiz -- “…”"
_NAME_REACH = 60
_DASH_LINE = re.compile(r"[^\S\n]*(?:\n\s*)?[-—–―]+[^\S\n]*")  # "” ― Jorge Falcon"


def attribute(layout: Layout, quote: Quoted, lex: Lexicon) -> Cue | None:
    """The cue of `quote`, or None."""
    return after_cue(layout, quote, lex) or before_cue(layout, quote, lex)


def after_cue(layout: Layout, quote: Quoted, lex: Lexicon) -> Cue | None:
    """An attribution right after the closing mark, else one that ends the sentence, else a
    dash and a name after it or on the next line ("” ― Jorge Falcon", "- Bernie Sanders").
    Neither is read in the next sentence: after “…,” the templates stop at the sentence's
    end, and a quote that ends its sentence has no attribution ending it."""
    if not quote.closed:
        return None
    text = layout.text
    last = text[quote.end - 1]
    if last != "." or _LEAD_PUNCT.match(text, quote.close):
        end = layout.line_end(quote.close)
        if last not in "?!":  # “…?” Ruiz asked.: the layout ends a sentence there, not he
            end = min(end, layout.sentence_end(quote.close))
        for pattern in lex.after_all:
            found = _template_cue(text, pattern, quote.close, end, lex)
            if found:
                return found[0]
    else:
        cue = _attribution_sentence(layout, quote, lex)
        if cue is not None:
            return cue
    if not layout.ends_at(quote.close):
        final = final_cue(layout, quote.close, layout.sentence_end(quote.close), lex)
        if final:
            return final[1]
    return _dash_line(text, quote.close, lex)


def _attribution_sentence(layout: Layout, quote: Quoted, lex: Lexicon) -> Cue | None:
    """A sentence that only attributes the quote before it, which ends with a period:
    "“… the ledgers that are missing.” Ruiz said." (a speaker, a verb, a few words); not
    one whose verb introduces a quote of its own ("“We lost.” The banners outside
    read “We won.”")."""
    text = layout.text
    end = layout.sentence_end(quote.close)
    if "\n" in text[quote.close : end]:
        return None
    for pattern in lex.after_all:
        found = _template_cue(text, pattern, quote.close, end, lex)
        if found is None or found[0].mention is None:
            continue
        if len(text[found[1] : end].split()) > _TAIL_WORDS:
            continue
        if not layout.opens_between(found[1], end):
            return found[0]
    return None


def final_cue(layout: Layout, start: int, end: int, lex: Lexicon) -> tuple[int, Cue] | None:
    """(comma offset, cue) of an attribution ending the sentence ("…, Bolton said today.",
    "…, he said, rather than …", "…, said X, a senator from Ohio.")."""
    text = layout.text
    commas = [m.start() for m in _COMMA.finditer(text, start, end)]
    for comma in reversed(commas[-_FINAL_COMMAS:]):
        if layout.in_quote(comma):
            continue
        for pattern in lex.after_all:
            found = _template_cue(text, pattern, comma, end, lex)
            if found is None or lex.complementizer.match(text, found[1]):
                continue  # "…, R. Salzmann uvedl, že …" reports what follows
            cue, match_end = found
            last = max(cue.mention.end if cue.mention else 0, cue.at + len(cue.verb or ""))
            if end - last <= _FINAL_REACH or text[match_end : match_end + 1] == ",":
                return comma, cue
    return None


def _template_cue(
    text: str, pattern: re.Pattern[str], start: int, end: int, lex: Lexicon
) -> tuple[Cue, int] | None:
    """(cue, end of the match) of an `after` template at `start`; a template whose speaker
    phrase matched but names nobody ("…,” and said") gives None."""
    match = pattern.match(text, start, end)
    if match is None:
        return None
    cue = cue_from_match(text, match, lex)
    named = "speaker" in match.re.groupindex and match.group("speaker") is not None
    return (cue, match.end()) if cue.mention or not named else None


def _dash_line(text: str, close: int, lex: Lexicon) -> Cue | None:
    dash = _DASH_LINE.match(text, close)
    if dash is None:
        return None
    at = dash.end()  # the names pattern looks behind: "-President Ruiz" has a name too
    name = lex.names.match(text[at : at + _NAME_REACH])
    return Cue(None, at, Mention(at + name.start(), at + name.end(), "name")) if name else None


def before_cue(layout: Layout, quote: Quoted, lex: Lexicon) -> Cue | None:
    """The last cue before the opening mark and outside quotations, in its sentence."""
    start, end = _lead_in(layout, quote, lex)
    text = layout.text
    verbs = _unquoted_cues(layout, start, end, lex)
    named = _name_before_dash(text, start, end, lex) or _topic(text, start, end, verbs, lex)
    if named:
        return Cue(None, named.start, named)
    colon = _colon(text, start, end, verbs, lex)
    if colon and (not verbs or (colon.group("verb") and verbs[-1].start() < colon.start())):
        return Cue(colon.group("verb"), colon.start(), refined(text, colon, lex))
    if not verbs:
        source = lex.sourced.search(text, start, end)
        if source:  # "From the report: “…”"
            return Cue(None, source.start("speaker"), refined(text, source, lex))
        return _colon_sentence(text, start, end, lex)
    verb = verbs[-1]
    for earlier in layout.quotes:  # "“A,” X, an adviser, said. “B.”": B goes on with A's cue
        if start <= earlier.open and earlier.close <= verb.start():
            cue = after_cue(layout, earlier, lex)
            if cue is not None and cue.at == verb.start():
                return cue
    mention = speaker_of(text, verb, lex, (start, end), verbs[:-1])
    if mention is not None and layout.in_quote(mention.start):
        mention = None  # words of a quotation never name its speaker
    return Cue(verb.group(), verb.start(), mention)


def _topic(
    text: str, start: int, end: int, verbs: list[re.Match[str]], lex: Lexicon
) -> Mention | None:
    """The speaker of a headline "Ana Ruiz on the Varnesk budget: ‘…’" (no verb)."""
    topic = None if verbs else lex.topic.match(text, start, end)
    return refined(text, topic, lex) if topic else None


def _colon(
    text: str, start: int, end: int, verbs: list[re.Match[str]], lex: Lexicon
) -> re.Match[str] | None:
    """A name (and a verb) and the colon that ends the lead-in ("Ana Ruiz: “…”", "Ana Ruiz
    replied: “…”"); not the object of a break word ("sent a short note to Ruiz:"),
    nor a name and a word that is no verb of speech ("…, said Ruiz, who handles the county
    file: “…”", "Ana Ruiz scolds the ferry board: “…”": the sentence's subject speaks)."""
    if not text[start:end].rstrip().endswith(":"):
        return None
    colon = lex.colon.search(text, start, end)
    if colon is None or _after_break(text, start, colon.start(), lex):
        return None
    word = colon.group("verb")
    return None if word and not lex.has("verbs", word) else colon


def _name_before_dash(text: str, start: int, end: int, lex: Lexicon) -> Mention | None:
    """A name right before a dash that leads into the quote: "..., including the former
    candidate Ana Ruiz -- “It is out of the question ...”": the name speaks."""
    dash = _DASH_BEFORE.search(text, start, end)
    if dash is None:
        return None
    for name in lex.names.finditer(text, max(start, dash.start() - _NAME_REACH), dash.start()):
        if name.end() == dash.start() and text[name.start() - 1 : name.start()] != "(":
            return Mention(name.start(), name.end(), "name")
    return None


def _after_break(text: str, start: int, pos: int, lex: Lexicon) -> bool:
    """Does a break word stand right before the colon's speaker ("a message to Ruiz:")? Not
    a conjunction between two names ("Ana Ruiz and Li Wen: “…”"): both speak."""
    words = text[start:pos].split()
    if len(words) >= 2 and lex.has("conjunctions", words[-1]) and words[-2][:1].isupper():
        return False
    return bool(words) and lex.has("breaks", words[-1])


def _colon_sentence(text: str, start: int, end: int, lex: Lexicon) -> Cue | None:
    """ "She then turned to the traders again: “…”": the subject of a sentence that ends
    with a colon right before the quote, when it has no cue."""
    if not text[start:end].rstrip().endswith(":"):
        return None
    mention = opening_subject(text, start, end, lex)
    return Cue(None, mention.start, mention) if mention else None


def _lead_in(layout: Layout, quote: Quoted, lex: Lexicon) -> tuple[int, int]:
    """The quote's sentence up to its opening mark; for a quote that opens its sentence, the
    sentence before when that one ends with a cue ("Dianne Bystrom agreed. “…”") or, for a
    quote that opens its paragraph, the paragraph before when it ends with a colon."""
    text = layout.text
    start = layout.sentence_start(quote.open)
    if text[start : quote.open].strip():
        return start, quote.open
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if start != layout.line_start(quote.open):
        before = layout.sentence_start(end - 1)
        return (before, end) if _ends_with_cue(layout, before, end, lex) else (start, quote.open)
    if end and text[end - 1] == ":":
        return layout.sentence_start(end - 1), end
    return start, quote.open


def prior_cue(layout: Layout, quote: Quoted, lex: Lexicon) -> Cue | None:
    """For a quote that opens its sentence: the cue of the sentence right before it (in
    its paragraph, or ending the paragraph before) when that one reports, without quoting,
    what someone named or a pronoun says ("Ana Ruiz told the council the ferry would stay.
    “We owe the islands that much.”"): the quote goes on in that voice. Not when its
    speaker is a bare noun phrase ("The report said …"), nor when it holds a quotation."""
    text = layout.text
    start = layout.sentence_start(quote.open)
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if text[start : quote.open].strip() or end == 0 or layout.in_quote(end - 1):
        return None
    before = layout.sentence_start(end - 1)
    if layout.opens_between(before, end):
        return None
    verbs = _unquoted_cues(layout, before, end, lex)
    if not verbs:
        return None
    mention = speaker_of(text, verbs[-1], lex, (before, end), verbs[:-1])
    if mention is None or mention.kind == "noun":
        return None
    return Cue(verbs[-1].group(), verbs[-1].start(), mention)


def _ends_with_cue(layout: Layout, start: int, end: int, lex: Lexicon) -> bool:
    """Does the sentence end with a cue and at most a few words ("said in a statement.")?"""
    verbs = _unquoted_cues(layout, start, end, lex)
    return bool(verbs) and len(layout.text[verbs[-1].end() : end].split()) <= _TAIL_WORDS


def _unquoted_cues(layout: Layout, start: int, end: int, lex: Lexicon) -> list[re.Match[str]]:
    """The reporting verbs in `[start, end)` that stand outside every quotation."""
    return [m for m in lex.cue.finditer(layout.text, start, end) if not layout.in_quote(m.start())]
