"""Stage `metadata`: tidy what clean and fetch found; fill the site from the URL if missing.

In: title, authors, published, site, url, canonical_url. Out: the same, normalized: titles
and names with single spaces, authors without junk (roles, e-mail addresses, "Staff"),
`published` as an ISO 8601 date, `site` falling back to the URL's host name.
"""

from worker.stages import StageSpec

STAGE = StageSpec(
    name="metadata",
    event="article_metadata_extracted",
    uses=("title", "authors", "published", "site", "description", "url", "canonical_url"),
    assigns=("title", "authors", "published", "site", "description"),
)
