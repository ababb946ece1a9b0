"""The lead paragraph above the body, where the page's language makes it article text.

In most European newsrooms the paragraph between the headline and the body (German
"Vorspann" or "Teaser", French "chapô", Spanish "entradilla", Polish "lead", Norwegian
"ingress") is the article's first paragraph: the body goes on from it. English-language news
puts a dek there instead (a second headline that the body does not need), and the benchmark
truth for English pages leaves it out. Extractors often miss the lead: it sits in the page's
header block, apart from the body, or is dropped as a heading.

`visible_lead(tree, blocks, page, language)` finds it: a line of the page above the body's
first block that the page's own summary (meta description) opens with, or that opens the
summary, at least `MIN_WORDS` words long and read as prose; not the headline, a link's text
(a teaser of another article) or a caption. Only on pages that declare a language other than
English; None otherwise, or when the body already has it.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from worker.stages.clean.blocks import Block
from worker.stages.clean.candidates import page_text_lines
from worker.stages.clean.furniture import Page, is_title_line
from worker.stages.clean.phrases import normalize

MIN_WORDS = 8
DEK_LANGUAGES = frozenset({"en"})  # where the line under the headline is a dek, not a lead
_SAME_START = 60  # characters: a line and the summary that start alike are one text
_NOT_LEAD = ("h1", "figcaption")


def visible_lead(
    tree: HtmlElement, blocks: list[Block], page: Page, language: str | None
) -> str | None:
    """The lead line to put before `blocks`, or None (see the module docstring)."""
    summary = normalize(page.description or "")
    language = (language or "").split("-")[0].lower()
    if not blocks or not language or language in DEK_LANGUAGES:
        return None
    if len(summary.split()) < MIN_WORDS:
        return None
    opening = summary[:_SAME_START]
    if any(opening in normalize(b.text) for b in blocks):
        return None
    body_start = normalize(blocks[0].text)[:_SAME_START]
    excluded = page.anchors | {normalize(e.text_content()) for e in tree.iter(*_NOT_LEAD)}
    lead = None
    for line in page_text_lines(tree):
        norm = normalize(line)
        if body_start and body_start in norm:
            break
        if norm in excluded or is_title_line(line, page.title):
            continue
        opens = norm.startswith(opening) or summary.startswith(norm[:_SAME_START])
        if opens and len(norm.split()) >= MIN_WORDS and Block("p", line).prose:
            lead = line
    return lead
