"""The peers, in their own environment (.venv-peers, which `make bench` creates): newspaper4k's
`Article` parse and news-please's `from_html`, on the same pages, with the network refused
(a page they would fetch anything for fails instead of waiting), each page bounded in time."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PEERS_PYTHON = ROOT / ".venv-peers" / "bin" / "python"

_SCRIPT = r"""
import json, signal, socket, sys, time
from pathlib import Path

def refuse(*args, **kwargs):
    raise OSError("the benchmark refuses network access")

socket.socket.connect = refuse
socket.create_connection = refuse

def bounded(seconds):
    def expire(*_):
        raise TimeoutError
    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)

def timed(fn, html):
    started = time.perf_counter()
    bounded(PAGE_LIMIT)
    try:
        fn(html)
    except Exception:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return (time.perf_counter() - started) * 1000

def newspaper4k(html):
    from newspaper import Article
    article = Article("http://bench.invalid/page", fetch_images=False)
    article.download(input_html=html)
    article.parse()

def newsplease(html):
    from newsplease import NewsPlease
    NewsPlease.from_html(html, url=None, fetch_images=False)

PAGE_LIMIT = float(sys.argv[2])
passes = int(sys.argv[3])
pages = sorted(Path(sys.argv[1]).glob("*.html"))
out = {}
for name, fn in (("newspaper4k", newspaper4k), ("news-please", newsplease)):
    try:
        fn("<html><body><p>warm up</p></body></html>")
    except ImportError as exc:
        out[name] = {"error": str(exc)}
        continue
    except Exception:
        pass
    times = {}
    for _ in range(passes):
        for page in pages:
            html = page.read_text("utf-8", "replace")
            times.setdefault(page.stem, []).append(timed(fn, html))
    out[name] = {k: sorted(v)[len(v) // 2] for k, v in times.items()}
print(json.dumps(out))
"""


def measure(folder: Path, passes: int, page_limit: float = 10.0) -> dict[str, dict[str, Any]]:
    """peer -> page name -> median ms, or {"error": why} ({} when the peers' environment is
    missing)."""
    if not PEERS_PYTHON.exists():
        return {}
    done = subprocess.run(
        [str(PEERS_PYTHON), "-c", _SCRIPT, str(folder), str(page_limit), str(passes)],
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    if done.returncode != 0:
        return {"newspaper4k": {"error": done.stderr[-300:]}}
    return json.loads(done.stdout.splitlines()[-1])
