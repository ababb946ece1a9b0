"""`make(settings)`: the `fetch` stage with its options bound (its contract is the
package's docstring, in worker/stages/fetch/__init__.py)."""

from __future__ import annotations

import ssl
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager

import httpcore
import httpx

from worker.article import Article
from worker.errors import ConfigError, Reason, Rejected, SourceUnavailable
from worker.settings import Settings
from worker.stages.fetch.netguard import AddressGuard, BlockedAddress, GuardedBackend, ResolveError

Stage = Callable[[Article], Article]
Decoder = Callable[[bytes, int], bytes]

_SCHEMES = frozenset({"http", "https"})
_TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"


def make(settings: Settings) -> Stage:
    """Bind the `[fetch]` options; raises ConfigError for an invalid `allow_networks`."""
    opts = settings.fetch
    try:
        guard = AddressGuard(opts.allow_networks)
    except ValueError as exc:
        raise ConfigError(f"fetch.allow_networks: {exc}") from exc
    ssl_context = httpx.create_ssl_context(trust_env=False)
    headers = {"User-Agent": opts.user_agent, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"}

    def fetch(article: Article) -> Article:
        url = _checked_url(article.source.get("uri"))
        deadline = time.monotonic() + opts.timeout
        client = _client(GuardedBackend(guard, deadline), ssl_context, headers, opts.timeout)
        with _translated(), client, closing(_open(client, url, opts.max_redirects)) as response:
            content_type = _check_response(response, opts.max_bytes)
            raw = _read_body(response, opts.max_bytes, deadline)
        return article.replace(
            raw=raw,
            declared_charset=response.charset_encoding,
            url=str(response.url),
            source={**article.source, "content_type": content_type},
        )

    return fetch


def _client(
    backend: GuardedBackend, ssl_context: ssl.SSLContext, headers: dict[str, str], timeout: float
) -> httpx.Client:
    """An httpx client whose only transport dials through `backend` (no env proxies)."""
    transport = httpx.HTTPTransport(verify=ssl_context, trust_env=False)
    # HTTPTransport takes no network backend, so swap in a pool that has one; fail closed
    # if a future httpx stops keeping its pool there.
    if not isinstance(getattr(transport, "_pool", None), httpcore.ConnectionPool):
        raise RuntimeError("httpx internals changed: cannot install the address guard")
    transport._pool = httpcore.ConnectionPool(ssl_context=ssl_context, network_backend=backend)
    return httpx.Client(
        transport=transport,
        trust_env=False,
        headers=headers,
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
    )


def _check_scheme(url: httpx.URL) -> None:
    if url.scheme not in _SCHEMES:
        raise Rejected(Reason.BLOCKED_URL, f"scheme not allowed: {url.scheme[:20]!r}")


def _checked_url(uri: object) -> httpx.URL:
    """The submitted URL, parsed; only absolute http(s) URLs with a host pass."""
    if not isinstance(uri, str):
        raise Rejected(Reason.FETCH_FAILED, "invalid URL: not a string")
    try:
        url = httpx.URL(uri)
    except httpx.InvalidURL:
        raise Rejected(Reason.FETCH_FAILED, "invalid URL") from None
    _check_scheme(url)
    if not url.host:
        raise Rejected(Reason.FETCH_FAILED, "invalid URL: no host")
    return url


def _open(client: httpx.Client, url: httpx.URL, max_redirects: int) -> httpx.Response:
    """Send GET, following at most `max_redirects` redirects; the final response, unread."""
    request = client.build_request("GET", url)
    for _ in range(max_redirects + 1):
        response = client.send(request, stream=True)
        if response.next_request is None:
            return response
        response.close()
        request = response.next_request
        _check_scheme(request.url)
    raise Rejected(Reason.FETCH_FAILED, f"more than {max_redirects} redirects")


def _mime(content_type: str | None) -> str | None:
    """`text/html; charset=utf-8` -> `text/html`; missing or empty -> None."""
    return (content_type or "").split(";", 1)[0].strip().lower() or None


def _check_response(response: httpx.Response, max_bytes: int) -> str | None:
    """Raise for a status, type or declared size we will not read; returns the mime type."""
    status = response.status_code
    if status == 429 or status >= 500:
        raise SourceUnavailable(f"HTTP {status}")
    if not 200 <= status < 300:
        raise Rejected(Reason.FETCH_FAILED, f"HTTP {status}")
    mime = _mime(response.headers.get("content-type"))
    if mime is not None and mime not in _TEXT_TYPES:
        raise Rejected(Reason.NOT_TEXT, mime[:100])
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise Rejected(Reason.TOO_LARGE, f"Content-Length over {max_bytes} bytes")
    return mime


def _decoder(content_encoding: str) -> Decoder:
    """A `(chunk, max_out) -> bytes` decoder for identity, gzip or deflate."""
    codings = [c.strip().lower() for c in content_encoding.split(",")]
    codings = [c for c in codings if c not in ("", "identity")]
    if not codings:
        return lambda data, _limit: data
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise Rejected(Reason.FETCH_FAILED, "unsupported content-encoding")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, auto-detected

    def inflate(data: bytes, limit: int) -> bytes:
        try:
            return inflater.decompress(data, limit)  # never more than `limit` bytes out
        except zlib.error:
            raise Rejected(Reason.FETCH_FAILED, "corrupt content-encoding") from None

    return inflate


def _read_body(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    """Stream and decode the body, stopping past `max_bytes` or the deadline."""
    decode = _decoder(response.headers.get("content-encoding", ""))
    body = bytearray()
    try:
        for chunk in response.iter_raw():
            body += decode(chunk, max_bytes + 1 - len(body))
            if len(body) > max_bytes:
                raise Rejected(Reason.TOO_LARGE, f"body over {max_bytes} bytes")
            if time.monotonic() > deadline:
                raise Rejected(Reason.TIMEOUT, "total deadline passed while reading the body")
    except httpx.TimeoutException:
        if time.monotonic() < deadline:
            raise  # a stalled read before the deadline: transient
        raise Rejected(Reason.TIMEOUT, "total deadline passed while reading the body") from None
    return bytes(body)


@contextmanager
def _translated() -> Iterator[None]:
    """Turn guard and httpx errors into the project's errors (short details, never a body)."""
    try:
        yield
    except BlockedAddress as exc:
        raise Rejected(Reason.BLOCKED_URL, str(exc)[:200]) from None
    except ResolveError as exc:
        if exc.temporary:
            raise SourceUnavailable(str(exc)[:200]) from exc
        raise Rejected(Reason.FETCH_FAILED, str(exc)[:200]) from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        raise Rejected(Reason.FETCH_FAILED, "invalid URL") from None
    except httpx.TransportError as exc:
        raise SourceUnavailable(f"{type(exc).__name__}: {exc}"[:200]) from exc
