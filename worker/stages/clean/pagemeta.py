"""Metadata of an HTML page: title, authors, published date, site, description, canonical URL,
declared language.

`page_meta(tree, url, particles)` reads them with trafilatura's metadata readers (meta tags,
JSON-LD, `<title>`/`<h1>`, htmldate for the date; the steps of
`trafilatura.extract_metadata` without categories, tags and licence, which cost a third of
its time and are not in the record) and cleans them: authors through
`authors.clean_authors`, the date as ISO 8601 (`YYYY-MM-DD`), the declared language as a
lower-case primary subtag taken from `<html lang>`, then
`<meta http-equiv="content-language">`, then `og:locale` or a `language` meta tag. A field
the page does not give is None (authors: empty).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document, set_date_params

from worker.clock import date_of
from worker.stages.clean.authors import clean_authors

_LANG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")
_LANG_META = (
    "//meta[translate(@http-equiv, 'CONTENTLAGU', 'contentlagu')='content-language']/@content",
    "//meta[@property='og:locale' or @name='og:locale']/@content",
    "//meta[translate(@name, 'LANGUEDC.', 'languedc.')='language' "
    "or translate(@name, 'LANGUEDC.', 'languedc.')='dc.language']/@content",
)
_NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "xx"})
# What follows a headline in a page title: a separator, then anything ("| Harbour Gazette")
_SEPARATED = re.compile(r"^\s+[-–—|·•»:]\s+\S")
# What comes before a headline in a page title: anything, then a separator ("Opinion | ")
_PRECEDED = re.compile(r"\S\s+[-–—|·•»:]\s+$")
# "Headline - Site": the last part after a spaced separator
_LAST_PART = re.compile(r"^(.+?)\s+[-–—|·•»]\s+([^-–—|·•»]+)$")


@dataclass(frozen=True)
class PageMeta:
    """What the page says about itself (see the module docstring)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    site: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    declared_language: str | None = None


def page_meta(tree: HtmlElement, url: str | None, particles: frozenset[str]) -> PageMeta:
    """The page's metadata; never raises on odd markup (fields are None instead)."""
    doc = _trafilatura_metadata(tree, url)
    return PageMeta(
        title=headline(doc.title, tree, doc.sitename),
        authors=clean_authors(doc.author, doc.sitename, particles),
        published=iso_date(doc.date),
        site=doc.sitename or None,
        description=doc.description or None,
        canonical_url=doc.url or None,
        declared_language=declared_language(tree),
    )


def _trafilatura_metadata(tree: HtmlElement, url: str | None) -> Document:
    doc = examine_meta(tree)
    if doc.author and " " not in doc.author:
        doc.author = None  # a lone word in an author meta tag is a handle or a site name
    # trafilatura's own JSON-LD reader raises on odd JSON; it skips the JSON-LD then, as do we
    with contextlib.suppress(Exception):
        doc = extract_meta_json(tree, doc)
    doc.title = doc.title or extract_title(tree)
    doc.author = doc.author or extract_author(tree)
    doc.url = doc.url or extract_url(tree, url)
    doc.date = find_date(tree, **{**set_date_params(True), "url": doc.url})
    doc.sitename = _site_name(doc.sitename or extract_sitename(tree), doc.url)
    doc.clean_and_trim()
    return doc


def headline(title: str | None, tree: HtmlElement, site: str | None) -> str | None:
    """The page's title less a site name: the `<h1>` when the title is it plus a part before
    or after a separator ("Storm closes port | Harbour Gazette", "Opinion | Storm closes
    port" with `<h1>Storm closes port</h1>`; not a logo `<h1>` that names the site), else
    the title less a last part that names the site ("... - Harbour Gazette", "... |
    harbourgazette.com")."""
    if not title:
        return None
    for h1 in tree.iter("h1"):
        text = " ".join(h1.text_content().split())
        before = title[len(text) :] if title.startswith(text) else ""
        after = title[: -len(text)] if text and title.endswith(text) else ""
        named = bool(site) and _names_site(text, site or "")  # a logo: "<h1>Site</h1>"
        separated = _SEPARATED.match(before) or _PRECEDED.search(after)
        if text and separated and not named:
            return text
    match = _LAST_PART.match(title)
    if match and site and _names_site(match[2], site):
        return match[1]
    return title


def _names_site(part: str, site: str) -> bool:
    """Whether a title's last part is the site's name ("Harbour Gazette", "harbourgazette.com")."""
    part, site = _squeeze(part), _squeeze(site)
    return bool(part) and part == site


def _squeeze(text: str) -> str:
    """Letters and digits only, casefolded, less a "www." and a top-level domain."""
    text = re.sub(r"^www\.|\.[a-z]{2,6}$", "", text.strip().casefold())
    return "".join(c for c in text if c.isalnum())


def _site_name(name: str | None, url: str | None) -> str | None:
    """trafilatura's clean-up: no Twitter "@", capitalized, else the URL's host."""
    name = (name or "").lstrip("@")
    if name and "." not in name and not name[0].isupper():
        name = name.title()
    match = META_URL.match(url or "")
    return name or (match[1] if match else None)


def iso_date(value: str | None) -> str | None:
    """`YYYY-MM-DD` for a date or an ISO date-time string; None if it is not a valid date."""
    found = date_of(value)
    return found.isoformat() if found else None


def declared_language(tree: HtmlElement) -> str | None:
    """The language the page declares (see the module docstring), or None."""
    root = tree.getroottree().getroot()
    candidates = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for query in _LANG_META:
        candidates += [str(v) for v in tree.xpath(query)]
    for value in candidates:
        code = _primary_subtag(value)
        if code:
            return code
    return None


def _primary_subtag(value: str | None) -> str | None:
    match = _LANG.match(value or "")
    code = match.group(1).lower() if match else None
    return code if code and code not in _NOT_LANGUAGES else None
