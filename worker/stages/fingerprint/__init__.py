"""Stage `fingerprint`: the article's identity and near-duplicate hash.

In: `text`, `url`. Out: `fingerprint = {sha256, simhash}` over the normalized text (NFKC,
case-folded, single spaces) and `article_id`: sha256 of the normalized URL when the article
came from a URL, else the text's sha256.
"""

from worker.stages import StageSpec

STAGE = StageSpec(
    name="fingerprint",
    event="article_fingerprinted",
    requires=("text",),
    uses=("url",),
    assigns=("article_id", "fingerprint"),
)
