"""The fetch stage against a real loopback HTTP server, and the address guard on its own."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from worker.article import Article
from worker.errors import ConfigError, Reason, Rejected, SourceUnavailable
from worker.pipeline import REGISTRY
from worker.settings import load_settings
from worker.stages.fetch import stage as fetch
from worker.stages.fetch.netguard import AddressGuard, BlockedAddress, is_public

PAGE = "<html><head><title>Hé</title></head><body>news</body></html>".encode()
LOOPBACK = ["127.0.0.0/8"]


class Handler(BaseHTTPRequestHandler):
    """Routes by path; `server.seen` records every request line and Host header."""

    server: Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.seen.append((self.path, self.headers.get("Host")))
        parts = urlsplit(self.path)
        route = ROUTES.get(parts.path)
        if route is None:
            self._send(404, "text/html", b"not here")
        else:
            route(self, parse_qs(parts.query))

    def _send(self, status: int, ctype: str | None, body: bytes, **headers: str) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _page(h: Handler, q: dict[str, list[str]]) -> None:
    h._send(200, "text/html; charset=utf-8", PAGE)


def _redirect(h: Handler, q: dict[str, list[str]]) -> None:
    h._send(302, "text/html", b"", Location=q.get("to", ["/page"])[0])


def _loop(h: Handler, q: dict[str, list[str]]) -> None:
    h._send(302, "text/html", b"", Location="/loop")


def _status(code: int) -> Callable[[Handler, dict[str, list[str]]], None]:
    return lambda h, q: h._send(code, "text/html", b"<p>status page body</p>")


def _big_declared(h: Handler, q: dict[str, list[str]]) -> None:
    h._send(200, "text/html", b"x" * 5000)


def _big_undeclared(h: Handler, q: dict[str, list[str]]) -> None:
    h.send_response(200)  # HTTP/1.0 and no Content-Length: the body ends at close
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    h.wfile.write(b"x" * 5000)


def _gzip_bomb(h: Handler, q: dict[str, list[str]]) -> None:
    h._send(200, "text/html", gzip.compress(b" " * 2_000_000), Content_Encoding="gzip")


def _gzip_small(h: Handler, q: dict[str, list[str]]) -> None:
    h._send(200, "text/plain", gzip.compress(b"hello " * 100), Content_Encoding="gzip")


def _drip(h: Handler, q: dict[str, list[str]]) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    try:
        for _ in range(40):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.05)
    except OSError:
        pass  # the client gave up, as it should


def _png(h: Handler, q: dict[str, list[str]]) -> None:
    h._send(200, "image/png", b"\x89PNG\r\n\x1a\n")


ROUTES: dict[str, Callable[[Handler, dict[str, list[str]]], None]] = {
    "/page": _page,
    "/redirect": _redirect,
    "/loop": _loop,
    "/gone": _status(404),
    "/down": _status(503),
    "/busy": _status(429),
    "/big-declared": _big_declared,
    "/big-undeclared": _big_undeclared,
    "/gzip-bomb": _gzip_bomb,
    "/gzip-small": _gzip_small,
    "/drip": _drip,
    "/png": _png,
}


class Server(ThreadingHTTPServer):
    seen: list[tuple[str, str | None]]
    host: str

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"


@pytest.fixture
def serve() -> Iterator[Callable[[str], Server]]:
    """Start loopback servers on demand (`serve("127.0.0.1")`); all stop at teardown."""
    servers: list[Server] = []

    def start(host: str = "127.0.0.1") -> Server:
        server = Server((host, 0), Handler)
        server.seen, server.host = [], host
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def stage(**fetch_opts: Any) -> Callable[[Article], Article]:
    return fetch.make(load_settings(fetch=fetch_opts))


def article(uri: str) -> Article:
    return Article(
        ingest_id="t1", received_at="2024-01-01T00:00:00Z", source={"kind": "url", "uri": uri}
    )


def rejected(run: Callable[[Article], Article], uri: str) -> Rejected:
    with pytest.raises(Rejected) as info:
        run(article(uri))
    return info.value


BLOCKED = [
    "127.0.0.1",
    "::1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::ffff:127.0.0.1",
    "64:ff9b::7f00:1",
    "2002:7f00:1::",
    "fe80::1",
    "fc00::1",
    "240.0.0.1",
    "::",
    "::7f00:1",
    "fec0::1",
    "255.255.255.255",
    "ff02::1",
    "64:ff9b::a01:203",
    "2002:a01:203::",
]


@pytest.mark.parametrize("ip", BLOCKED)
def test_guard_refuses_non_public(ip: str) -> None:
    assert not is_public(ipaddress.ip_address(ip))
    assert not AddressGuard().permits(ipaddress.ip_address(ip))


@pytest.mark.parametrize("ip", ["93.184.216.34", "2606:2800:220:1::", "64:ff9b::5db8:d822"])
def test_guard_accepts_public(ip: str) -> None:
    assert is_public(ipaddress.ip_address(ip))


def test_allow_networks_exempts_only_those() -> None:
    guard = AddressGuard(["127.0.0.2/32"])
    assert guard.permits(ipaddress.ip_address("127.0.0.2"))
    assert not guard.permits(ipaddress.ip_address("127.0.0.1"))


def test_bad_allow_network_is_config_error() -> None:
    with pytest.raises(ConfigError):
        stage(allow_networks=["not-a-cidr"])


def test_one_private_answer_refuses_the_name(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.1", 80)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: answers)
    with pytest.raises(BlockedAddress):
        AddressGuard().resolve("mixed.example", 80)


@pytest.mark.parametrize("uri", ["file:///etc/passwd", "ftp://example.com/", "gopher://x/"])
def test_schemes_refused(uri: str) -> None:
    assert rejected(stage(), uri).reason == Reason.BLOCKED_URL


@pytest.mark.parametrize("uri", ["http://", "http://exa mple.com/", 42])
def test_invalid_url_fails(uri: Any) -> None:
    assert rejected(stage(), uri).reason == Reason.FETCH_FAILED


def test_loopback_refused_before_any_request(serve: Callable[[str], Server]) -> None:
    server = serve("127.0.0.1")
    assert rejected(stage(), f"{server.base}/page").reason == Reason.BLOCKED_URL
    assert server.seen == []


def test_localhost_name_refused(serve: Callable[[str], Server]) -> None:
    server = serve("127.0.0.1")
    port = server.port
    assert rejected(stage(), f"http://localhost:{port}/page").reason == Reason.BLOCKED_URL
    assert server.seen == []


def test_page_fetched(serve: Callable[[str], Server]) -> None:
    server = serve("127.0.0.1")
    src = article(f"{server.base}/page")
    out = stage(allow_networks=LOOPBACK)(src)
    assert out.raw == PAGE
    assert out.declared_charset == "utf-8"
    assert out.url == f"{server.base}/page"
    assert out.source == {**src.source, "content_type": "text/html"}


def test_name_is_resolved_and_kept_as_host(
    serve: Callable[[str], Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = serve("127.0.0.1")
    port = server.port
    real = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: real("127.0.0.1", *a, **k))
    out = stage(allow_networks=LOOPBACK)(article(f"http://news.example:{port}/page"))
    assert out.raw == PAGE
    assert server.seen == [("/page", f"news.example:{port}")]


def test_gzip_decoded(serve: Callable[[str], Server]) -> None:
    server = serve("127.0.0.1")
    out = stage(allow_networks=LOOPBACK)(article(f"{server.base}/gzip-small"))
    assert out.raw == b"hello " * 100
    assert out.declared_charset is None
    assert out.source["content_type"] == "text/plain"


def test_redirect_followed(serve: Callable[[str], Server]) -> None:
    server = serve("127.0.0.1")
    out = stage(allow_networks=LOOPBACK)(article(f"{server.base}/redirect?to=/page"))
    assert out.url == f"{server.base}/page"
    assert out.raw == PAGE
    assert [path for path, _ in server.seen] == ["/redirect?to=/page", "/page"]


def test_redirect_to_disallowed_address_refused(serve: Callable[[str], Server]) -> None:
    first, other = serve("127.0.0.2"), serve("127.0.0.1")
    target = f"http://localhost:{other.port}/page"
    run = stage(allow_networks=["127.0.0.2/32"])
    assert rejected(run, f"{first.base}/redirect?to={target}").reason == Reason.BLOCKED_URL
    assert len(first.seen) == 1
    assert other.seen == []


def test_redirect_to_file_scheme_refused(serve: Callable[[str], Server]) -> None:
    server = serve("127.0.0.1")
    run = stage(allow_networks=LOOPBACK)
    assert rejected(run, f"{server.base}/redirect?to=file:///etc/passwd").reason == (
        Reason.BLOCKED_URL
    )


def test_too_many_redirects(serve: Callable[[str], Server]) -> None:
    server = serve("127.0.0.1")
    error = rejected(stage(allow_networks=LOOPBACK, max_redirects=3), f"{server.base}/loop")
    assert error.reason == Reason.FETCH_FAILED
    assert len(server.seen) == 4


def test_404_fails(serve: Callable[[str], Server]) -> None:
    server = serve("127.0.0.1")
    error = rejected(stage(allow_networks=LOOPBACK), f"{server.base}/gone")
    assert (error.reason, error.detail) == (Reason.FETCH_FAILED, "HTTP 404")


@pytest.mark.parametrize(("path", "detail"), [("/down", "HTTP 503"), ("/busy", "HTTP 429")])
def test_503_and_429_are_transient(serve: Callable[[str], Server], path: str, detail: str) -> None:
    server = serve("127.0.0.1")
    with pytest.raises(SourceUnavailable, match=detail):
        stage(allow_networks=LOOPBACK)(article(f"{server.base}{path}"))


def test_connection_refused_is_transient() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(SourceUnavailable):
        stage(allow_networks=LOOPBACK)(article(f"http://127.0.0.1:{port}/"))


@pytest.mark.parametrize("path", ["/big-declared", "/big-undeclared", "/gzip-bomb"])
def test_too_large(serve: Callable[[str], Server], path: str) -> None:
    server = serve("127.0.0.1")
    error = rejected(stage(allow_networks=LOOPBACK, max_bytes=1000), f"{server.base}{path}")
    assert error.reason == Reason.TOO_LARGE


def test_slow_drip_times_out(serve: Callable[[str], Server]) -> None:
    server = serve("127.0.0.1")
    started = time.monotonic()
    error = rejected(stage(allow_networks=LOOPBACK, timeout=0.5), f"{server.base}/drip")
    assert error.reason == Reason.TIMEOUT
    assert time.monotonic() - started < 1.5


def test_image_is_not_text(serve: Callable[[str], Server]) -> None:
    server = serve("127.0.0.1")
    error = rejected(stage(allow_networks=LOOPBACK), f"{server.base}/png")
    assert (error.reason, error.detail) == (Reason.NOT_TEXT, "image/png")


def test_kinds() -> None:
    assert REGISTRY["fetch"].kinds == {"url"}
    assert REGISTRY["clean"].kinds is None
