"""The body of an HTML page: trafilatura once, then a fallback cascade only when it looks wrong.

`best_body(tree, url, page, phrases)` runs trafilatura in its fast mode (no readability/jusText
comparison), splits its output into blocks and prunes the furniture (`furniture.prune`). Only
when that candidate is suspicious does it run more extractors, cheapest first:

1. `fast`: trafilatura, fast mode, balanced settings;
2. `precision`: trafilatura with `favor_precision`, when less than `PROSE_SHARE` of the text
   reads as prose (a navigation dump, a link list); it wins if it keeps at least half the prose
   and more of its text is prose;
3. `full`: trafilatura's whole cascade (its readability and jusText comparison, baseline
   rescue, recall retry), when what is left has no prose at all (nothing, or a few short
   lines), and beside a short fast result (under `SHORT_PROSE` characters of prose: a lead,
   a teaser or one paragraph of a long page), taken when it holds half as much prose again;
4. `baseline`: trafilatura's baseline (JSON-LD `articleBody`, `<article>`, all `<p>`);
5. `page`: every text line of the page (scripts and styles aside, footers and asides
   included), pruned like the others.

A fallback is taken only if some of its text reads as prose (`Block.prose`): a page whose only
text is navigation, a footer or a cookie notice comes back empty, and any page with a
paragraph of running text anywhere comes back with a body.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction, baseline
from trafilatura.settings import Document

from worker.stages.clean.blocks import Block, blocks_of
from worker.stages.clean.furniture import Page, prune
from worker.stages.clean.phrases import Phrases

PROSE_SHARE = 0.6
SHORT_PROSE = 1000  # characters of prose under which a fast result is checked against `full`
_FULLER = 1.5
_ELLIPSES = ("…", "...")
_EXCERPTS = 4  # a quarter of the added blocks cut short with an ellipsis: teasers
_KEEP_PROSE = 0.5
_NOT_TEXT = ("script", "style", "noscript", "template", "svg")
# Elements that start a new line in the last-resort page text.
_LINE_TAGS = (
    *("p", "div", "li", "td", "th", "tr", "br", "dd", "dt", "pre", "blockquote", "figcaption"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "aside", "header", "footer"),
    *("nav", "main", "form", "table", "ul", "ol", "dl"),
)


@dataclass(frozen=True)
class Candidate:
    """One extractor's body after pruning: kept blocks and the dropped ones with reasons."""

    extractor: str
    blocks: list[Block]
    removed: list[dict[str, str]] = field(default_factory=list)

    @property
    def prose_chars(self) -> int:
        return sum(len(b.text) for b in self.blocks if b.prose)

    @property
    def prose_share(self) -> float:
        total = sum(len(b.text) for b in self.blocks)
        return self.prose_chars / total if total else 0.0


def best_body(tree: HtmlElement, url: str | None, page: Page, phrases: Phrases | None) -> Candidate:
    """The body of the page (see the module docstring); empty only if the page has no text."""
    first = _trafilatura(tree, url, page, phrases, "fast", fast=True)
    if first.prose_share >= PROSE_SHARE:
        if first.prose_chars < SHORT_PROSE:
            other = _full(tree, url, page, phrases)
            if fuller(other, first):
                return other
        return first
    if first.blocks:
        other = _trafilatura(tree, url, page, phrases, "precision", favor_precision=True)
        if prefer(other, first):
            return other
    if first.prose_chars:
        return first
    for fallback in _FALLBACKS:
        candidate = fallback(tree, url, page, phrases)
        if candidate.prose_chars:
            return candidate
    return first


def fuller(other: Candidate, first: Candidate) -> bool:
    """Whether trafilatura's whole cascade found the article its fast mode cut short or missed
    (a lead or a teaser): half as much prose again, still mostly prose, and not a list of
    other posts' excerpts (a quarter of its new blocks cut short with an ellipsis)."""
    if other.prose_chars < _FULLER * first.prose_chars or other.prose_share < PROSE_SHARE:
        return False
    known = {b.text for b in first.blocks}
    added = [b.text for b in other.blocks if b.text not in known]
    cut = sum(t.rstrip(" ]").endswith(_ELLIPSES) for t in added)
    return cut * _EXCERPTS < len(added)  # not a list of excerpts of other posts ("... …")


def prefer(other: Candidate, first: Candidate) -> bool:
    """Whether `other` beats `first`: at least half its prose, and more of its text is prose."""
    return (
        other.prose_chars >= _KEEP_PROSE * first.prose_chars
        and other.prose_share > first.prose_share
    )


def _trafilatura(
    tree: HtmlElement,
    url: str | None,
    page: Page,
    phrases: Phrases | None,
    name: str,
    *,
    fast: bool = False,
    favor_precision: bool = False,
) -> Candidate:
    doc = bare_extraction(
        tree,
        url=url,
        fast=fast,
        favor_precision=favor_precision,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    if not isinstance(doc, Document) or doc.body is None:
        return Candidate(name, [])
    kept, removed = prune(blocks_of(doc.body), page, phrases)
    return Candidate(name, kept, removed)


def _full(tree: HtmlElement, url: str | None, page: Page, phrases: Phrases | None) -> Candidate:
    return _trafilatura(tree, url, page, phrases, "full")


def _baseline(tree: HtmlElement, url: str | None, page: Page, phrases: Phrases | None) -> Candidate:
    body, _text, _length = baseline(tree)
    kept, removed = prune(blocks_of(body), page, phrases)
    return Candidate("baseline", kept, removed)


def _page_lines(
    tree: HtmlElement, url: str | None, page: Page, phrases: Phrases | None
) -> Candidate:
    kept, removed = prune([Block("p", line) for line in page_text_lines(tree)], page, phrases)
    return Candidate("page", kept, removed)


def page_text_lines(tree: HtmlElement) -> list[str]:
    """Every visible text line of the page body, one per block-level element."""
    body = deepcopy(tree.find(".//body") if tree.find(".//body") is not None else tree)
    etree.strip_elements(body, *_NOT_TEXT, with_tail=False)
    for element in body.iter(*_LINE_TAGS):
        element.text = f"\n{element.text or ''}"
        element.tail = f"\n{element.tail or ''}"
    lines = (" ".join(line.split()) for line in body.text_content().split("\n"))
    return [line for line in lines if line]


_FALLBACKS: tuple[Callable[[HtmlElement, str | None, Page, Phrases | None], Candidate], ...] = (
    _full,
    _baseline,
    _page_lines,
)
