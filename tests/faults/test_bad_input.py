"""Scenario 12: a corpus of bad input, through real workers. Each item ends as a record or a
dead letter with a reason within the time limit, the worker keeps going, and no worker
process grows past a stated memory cap."""

from __future__ import annotations

import gzip
import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.faults.harness import Cluster, audit, drained, max_rss_mb, record, wait_ended

pytestmark = pytest.mark.faults

RSS_CAP_MB = 1200  # per worker process; a 10 MB one-line text peaks near 860 MB in-process
WORDS = [
    "the",
    "harbour",
    "authority",
    "said",
    "ships",
    "arrived",
    "late",
    "because",
    "of",
    "the",
    "weather",
    "on",
    "tuesday",
]


def corpus(folder: Path) -> dict[str, set[str]]:
    """Write the files; name -> the outcomes each may have."""
    folder.mkdir()
    rng = random.Random(3)
    files: dict[str, tuple[bytes, set[str]]] = {
        "empty.txt": (b"", {"dead:empty"}),
        "whitespace.txt": (b" \n\t\r\n   \n", {"dead:empty"}),
        "binary.txt": (
            b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4096)),
            {"dead:not_text"},
        ),
        "invalid-utf8.txt": (bytes(range(0x80, 0x100)) * 16, {"dead:undecodable"}),
        "huge.txt": (b"word " * 10_000_000, {"dead:too_large"}),
        "one-line.txt": (
            " ".join(rng.choice(WORDS) for _ in range(1_600_000)).encode()[:9_900_000],
            {"published"},
        ),
        "quote-marks.txt": (
            ('"' * 300_000 + "\n" + "\u201c" * 200_000).encode(),
            {"published", "dead:empty"},
        ),
        "dots.txt": (b"." * 500_000 + b" end.", {"published", "dead:empty"}),
        "capitals.txt": (" ".join(["ABCDEFG"] * 150_000).encode(), {"published", "dead:empty"}),
        "initials.txt": (
            ("Mr. A. B. C. Smith said \u201c" * 20_000).encode(),
            {"published", "dead:empty"},
        ),
        "deep.html": (
            b"<html><body>"
            + b"<div>" * 100_000
            + b"<p>Deep.</p>"
            + b"</div>" * 100_000
            + b"</body></html>",
            {"published", "dead:empty"},
        ),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {str(folder / name): outcomes for name, (_, outcomes) in files.items()}


class Hostile(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/bomb":
            body = gzip.compress(b"\0" * 200_000_000, compresslevel=9)
            self._send(200, body, "text/html", {"Content-Encoding": "gzip"})
        elif self.path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
        elif self.path == "/pdf":
            self._send(200, b"%PDF-1.4\n", "application/pdf")
        elif self.path.startswith("/loop"):
            self._send(302, b"", "text/html", {"Location": f"/loop{len(self.path)}"})
        else:
            self._send(404, b"gone", "text/plain")

    def _send(
        self, status: int, body: bytes, mime: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_bad_input_corpus_ends_as_records_and_dead_letters(r, cluster: Cluster, tmp_path):
    cluster.env["INGEST_FETCH__ALLOW_NETWORKS"] = '["127.0.0.0/8"]'
    expected_by_uri = corpus(tmp_path / "in")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    urls = {
        f"{base}/bomb": {"dead:too_large"},
        f"{base}/image": {"dead:not_text"},
        f"{base}/pdf": {"dead:not_text"},
        f"{base}/loop": {"dead:fetch_failed"},
    }
    expected_by_uri.update(urls)
    worker = cluster.worker("w1", concurrency=2)
    peak, stop = [0.0], threading.Event()

    def watch() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], max_rss_mb([worker.pid, *worker.children()]))
            time.sleep(0.1)

    threading.Thread(target=watch, daemon=True).start()
    try:
        done = cluster.run(
            "enqueue", str(tmp_path / "in"), *(a for u in urls for a in ("--url", u))
        )
        ids = {line.split("\t")[0]: line.split("\t")[1] for line in done.stdout.splitlines()}
        wait_ended(r, ids, 240)
    finally:
        stop.set()
        server.shutdown()
    letters = [json.loads(fields[b"record"]) for _, fields in r.xrange("ingest:dead")]
    [huge] = [d for d in letters if d["source"]["uri"].endswith("huge.txt")]
    assert "50000000 bytes, over the limit of 10000000 bytes" in huge["error"]
    expected = {i: expected_by_uri[uri] for i, uri in _all_sources(r).items()}
    result = audit(r, list(expected), expected)
    record(
        "bad input corpus (files and hostile HTTP)",
        result,
        submitted=len(expected),
        peak_rss_mb=round(peak[0]),
    )
    assert len(expected) == len(expected_by_uri)
    assert result.clean and not drained(r), result.summary()
    assert peak[0] < RSS_CAP_MB
    assert worker.alive()


def _all_sources(r) -> dict[str, str]:
    """ingest_id -> source uri of everything that reached the ledger."""
    out = {}
    for key in r.scan_iter("ingest:ledger:*"):
        uri = r.hget(key, "uri")
        out[key.decode().rsplit(":", 1)[1]] = uri.decode()
    return out
