"""Stage `clean`: raw bytes to body text, with metadata lifted and removals explained.

In: an Article with `raw` (bytes) and `source.content_type` (or a file name) telling HTML from
plain text. Out: `text` (paragraphs separated by a blank line), `removed`, and whatever
metadata the page or text gave (title, authors, published, site, description, canonical URL,
declared language); `raw` is emptied. Raises Rejected(EMPTY | NOT_TEXT | UNDECODABLE |
TOO_LARGE).

Inside this folder, in the order a page goes through them:

    decode.py      bytes to text (BOM, declared charset, detection)
    html.py        HTML: candidates.py (trafilatura once, a fallback cascade when it looks
                   wrong) -> blocks.py (its tree as text blocks) -> furniture.py (pruning),
                   with pagemeta.py and authors.py for the page's metadata
    text.py        plain text: lines.py (signals of one line), linerules.py (its category),
                   region.py (where the article is), lift.py (headline, byline, dateline)
    phrases.py     boilerplate phrase lists (config/boilerplate.toml), shared by both paths
    dates.py       a publication date from a short date line (also used by `metadata`)
"""

from worker.stages import StageSpec

STAGE = StageSpec(
    name="clean",
    event="article_cleaned",
    requires=("raw",),
    uses=("declared_charset", "url", "source.content_type"),
    assigns=(
        "raw",
        "text",
        "removed",
        "title",
        "authors",
        "published",
        "site",
        "description",
        "canonical_url",
        "language.declared",
        "source.content_type",
    ),
)
