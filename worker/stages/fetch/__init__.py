"""Stage `fetch`: download a `url` submission (the only stage that does network I/O).

Input: an Article whose `source` is `{"kind": "url", "uri": "<http(s) URL>", ...}`.
Output: `article.replace(raw=<decoded body bytes>, declared_charset=<Content-Type charset or
None>, url=<final URL after redirects>, source={**source, "content_type": <mime or None>})`.

Safety: only http and https; every connection, each redirect hop included, is dialled by
`netguard.GuardedBackend`, which refuses non-public addresses (except the CIDRs in
`fetch.allow_networks`) after resolving and connects to the checked IP; no proxy settings
are read from the environment; at most `max_redirects` redirects; the decoded body is capped
at `max_bytes` (bounded decompression); connect + headers + body share one `timeout` deadline.

Errors, translated here once:
- Rejected(blocked_url): scheme other than http(s), or a destination that is not public
- Rejected(fetch_failed): invalid URL, unknown host, HTTP 4xx except 429, too many
  redirects, other non-2xx status, unsupported or corrupt Content-Encoding
- Rejected(not_text): a Content-Type other than text/html, application/xhtml+xml, text/plain
- Rejected(too_large): Content-Length or decoded body past `max_bytes`
- Rejected(timeout): the total deadline passed while the body was streaming
- SourceUnavailable: connection refused/reset, temporary DNS failure, timeouts before the
  body, HTTP 429 and 5xx (the task retries these with backoff)

Inside this folder: `netguard` (the address guard: resolve, refuse non-public addresses,
connect to the checked IP).
"""

from worker.stages import StageSpec

STAGE = StageSpec(
    name="fetch",
    event="article_fetched",
    kinds=frozenset(("url",)),
    requires=("source",),
    assigns=("raw", "declared_charset", "url", "source.content_type"),
)
