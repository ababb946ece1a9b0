"""Scenario 13: server-side request forgery through the fetch stage.

Loopback in its many spellings, a redirect from an allowed host to a forbidden one, names
whose DNS answer is private, other schemes, and all of it again with proxy variables set:
every one ends `blocked_url`, and the forbidden servers and the proxy see no request.

In this process a resolver stub answers private addresses for test names, and a connect spy
replaces the socket's connect: it records every call and refuses anything that is not
loopback, so no packet could leave for 10.x, 169.254.169.254 or 100.64.x even if the guard
were broken. The worker run uses loopback targets only.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.faults.harness import Cluster, audit, free_port, record, wait_ended
from worker.article import Article
from worker.errors import Reason, Rejected
from worker.settings import load_settings
from worker.stages.fetch import stage as fetch

pytestmark = pytest.mark.faults

ALLOWED_IP = "127.0.0.3"  # the one fixture fetch may reach (fetch.allow_networks)
STUB_DNS = {
    "intranet.test": ["10.1.2.3"],
    "metadata.test": ["169.254.169.254"],
    "cgnat.test": ["100.64.0.7"],
    "mixed.test": ["93.184.216.34", "10.0.0.1"],  # one public answer does not excuse the other
    "localhost": ["127.0.0.1", "::1"],
}
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


class Counting(BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        if self.path.startswith("/to-forbidden"):
            self.send_response(302)
            self.send_header("Location", self.path.split("=", 1)[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"<html><body><p>secret</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self) -> None:
        self.hits.append(f"CONNECT {self.path}")
        self.send_response(502)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(hosts: list[str], port: int, hits: list[str]) -> Iterator[None]:
    handler = type("Handler", (Counting,), {"hits": hits})
    servers = []
    for host in hosts:
        server_cls = type(
            "Server",
            (ThreadingHTTPServer,),
            {"address_family": socket.AF_INET6 if ":" in host else socket.AF_INET},
        )
        server = server_cls((host, port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def targets() -> Iterator[dict[str, Any]]:
    """Forbidden servers on 127.0.0.1, 127.0.0.2 and ::1 (one port), the allowed fixture on
    127.0.0.3, and a proxy on 127.0.0.1; each counts the requests it gets."""
    forbidden_port, allowed_port, proxy_port = free_port(), free_port(), free_port()
    forbidden: list[str] = []
    allowed: list[str] = []
    proxied: list[str] = []
    with (
        serve(["127.0.0.1", "127.0.0.2", "::1"], forbidden_port, forbidden),
        serve([ALLOWED_IP], allowed_port, allowed),
        serve(["127.0.0.1"], proxy_port, proxied),
    ):
        f = forbidden_port
        urls = [
            f"http://127.0.0.1:{f}/",
            f"http://127.0.0.2:{f}/",
            f"http://[::1]:{f}/",
            f"http://localhost:{f}/",
            f"http://0.0.0.0:{f}/",
            f"http://2130706433:{f}/",
            f"http://127.1:{f}/",
            f"http://[::ffff:127.0.0.1]:{f}/",
            f"http://{ALLOWED_IP}:{allowed_port}/to-forbidden?to=http://127.0.0.2:{f}/secret",
            f"http://{ALLOWED_IP}:{allowed_port}/to-forbidden?to=http://[::1]:{f}/secret",
            "file:///etc/passwd",
            f"gopher://127.0.0.1:{f}/_INFO",
        ]
        yield {
            "urls": urls,
            "named": [
                "http://intranet.test/",
                "http://metadata.test/latest/meta-data/",
                "http://cgnat.test/",
                "http://mixed.test/",
            ],
            "forbidden": forbidden,
            "allowed": allowed,
            "proxied": proxied,
            "proxy": f"http://127.0.0.1:{proxy_port}",
        }


def test_the_fetch_stage_blocks_every_way_in(targets, monkeypatch):
    connects: list[Any] = []
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def spy_connect(sock: socket.socket, address: Any) -> None:
        connects.append(address)
        if not str(address[0]).startswith(("127.", "::1")):
            raise ConnectionRefusedError(f"connect spy: refused {address[0]}")
        real_connect(sock, address)

    def stub_getaddrinfo(host: Any, port: Any, *args: Any, **kw: Any) -> Any:
        if isinstance(host, str) and host in STUB_DNS:
            return [
                (
                    socket.AF_INET6 if ":" in ip else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (ip, port),
                )
                for ip in STUB_DNS[host]
            ]
        return real_getaddrinfo(host, port, *args, **kw)

    monkeypatch.setattr(socket.socket, "connect", spy_connect)
    monkeypatch.setattr(socket, "getaddrinfo", stub_getaddrinfo)
    stage = fetch.make(load_settings(fetch={"allow_networks": [f"{ALLOWED_IP}/32"], "timeout": 5}))
    outcomes = {}
    for with_proxy in (False, True):
        for name in PROXY_VARS:
            if with_proxy:
                monkeypatch.setenv(name, targets["proxy"])
            else:
                monkeypatch.delenv(name, raising=False)
        for url in targets["urls"] + targets["named"]:
            article = Article(ingest_id="x", received_at="", source={"kind": "url", "uri": url})
            with pytest.raises(Rejected) as refused:
                stage(article)
            outcomes[(url, with_proxy)] = refused.value.reason
    record(
        "SSRF: fetch stage in-process (connect spy, resolver stub)",
        lost=0,
        duplicated=0,
        cases=len(outcomes),
        forbidden_hits=len(targets["forbidden"]),
    )
    assert {k: v for k, v in outcomes.items() if v is not Reason.BLOCKED_URL} == {}
    assert targets["forbidden"] == [] and targets["proxied"] == []
    assert len(targets["allowed"]) == 4  # the two redirects, with and without proxy variables
    assert not [a for a in connects if not str(a[0]).startswith(("127.", "::1"))]


def test_a_worker_blocks_them_too(r, cluster: Cluster, targets):
    cluster.env["INGEST_FETCH__ALLOW_NETWORKS"] = json.dumps([f"{ALLOWED_IP}/32"])
    for name in PROXY_VARS:
        cluster.env[name] = targets["proxy"]
    cluster.worker("w1", concurrency=2)
    ids = cluster.enqueue(*(a for url in targets["urls"] for a in ("--url", url)))
    wait_ended(r, ids, 120)
    result = audit(r, ids, expected={i: {"dead:blocked_url"} for i in ids})
    record(
        "SSRF: through a worker, proxy variables set",
        result,
        submitted=len(ids),
        forbidden_hits=len(targets["forbidden"]),
        proxy_hits=len(targets["proxied"]),
    )
    assert len(ids) == len(targets["urls"])
    assert result.clean, result.summary()
    assert targets["forbidden"] == [] and targets["proxied"] == []
