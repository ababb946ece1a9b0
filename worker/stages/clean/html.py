"""HTML to body text and metadata: trafilatura, furniture pruning, and a fallback cascade.

`extract_html(html, url, phrases)` parses the page once, reads its metadata
(`pagemeta.page_meta`), extracts the body (`candidates.best_body`: trafilatura in fast mode,
then more extractors only when that result is suspicious or empty), and drops the furniture
left in it (`furniture.prune`: headline and kicker headings, link teasers, and the lines the
plain-text classifier rejects when `phrases` is given). On a page in a language whose news
opens with a lead paragraph, a lead the extractor left out goes first (`lead.visible_lead`).
It returns an `HtmlResult`, or raises Rejected(EMPTY) when the page has no text at all.
Paragraphs are the extracted lines (list items keep a "- " bullet); everything dropped is in
`removed` with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement
from trafilatura import load_html

from worker.errors import Reason, Rejected
from worker.stages.clean.blocks import Block
from worker.stages.clean.candidates import best_body
from worker.stages.clean.furniture import Page
from worker.stages.clean.lead import visible_lead
from worker.stages.clean.pagemeta import PageMeta, page_meta
from worker.stages.clean.phrases import Phrases, normalize


@dataclass(frozen=True)
class HtmlResult:
    """The article found in one page; `extractor` names the candidate that gave the body."""

    paragraphs: tuple[str, ...]
    title: str | None
    authors: tuple[str, ...]
    published: str | None
    site: str | None
    description: str | None
    canonical_url: str | None
    declared_language: str | None
    removed: tuple[dict[str, str], ...]
    extractor: str = "fast"


def extract_html(html: str, url: str | None = None, phrases: Phrases | None = None) -> HtmlResult:
    """Extract the article from one HTML page (see the module docstring)."""
    tree = load_html(html)
    if tree is None:
        raise Rejected(Reason.EMPTY, "the HTML has no document tree")
    meta = page_meta(tree, url, phrases.name_particles if phrases else frozenset())
    page = Page(title=meta.title, anchors=link_texts(tree), description=meta.description)
    body = best_body(tree, url or meta.canonical_url, page, phrases)
    if not body.blocks:
        raise Rejected(Reason.EMPTY, "no article body found in the HTML")
    blocks, removed = body.blocks, body.removed
    lead = visible_lead(tree, blocks, page, meta.declared_language)
    if lead is not None:
        blocks = [Block("p", lead), *blocks]
        removed = [r for r in removed if normalize(r["text"]) != normalize(lead)]
    return _result(meta, tuple(b.rendered() for b in blocks), removed, body.extractor)


def link_texts(tree: HtmlElement) -> frozenset[str]:
    """The normalized text of every link on the page."""
    texts = (normalize(a.text_content()) for a in tree.iter("a"))
    return frozenset(t for t in texts if t)


def _result(
    meta: PageMeta, paragraphs: tuple[str, ...], removed: list[dict[str, str]], extractor: str
) -> HtmlResult:
    return HtmlResult(
        paragraphs=paragraphs,
        title=meta.title,
        authors=meta.authors,
        published=meta.published,
        site=meta.site,
        description=meta.description,
        canonical_url=meta.canonical_url,
        declared_language=meta.declared_language,
        removed=tuple(removed),
        extractor=extractor,
    )
