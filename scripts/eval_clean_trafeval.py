#!/usr/bin/env python3
"""Clean-stage benchmark on trafilatura's own evaluation set (with/without snippets).

Usage: python scripts/eval_clean_trafeval.py ../shared/bench/trafilatura-eval [--limit N]
       [--json PATH] [--losses N]

Every page of `evaldata.json` (`html/<file>.gz`) goes, in the same run and alternating which
goes first, through our clean stage's HTML path as scripts/eval_clean.py runs it (decode, then
`extract_html` with the configured phrase lists, no URL; scored: the paragraphs joined by blank
lines, i.e. the article's `text`, no title) and through plain `trafilatura.extract(html,
include_comments=False, include_tables=True)` on the raw bytes, as trafilatura's own
tests/evaluate.py passes them. Scored as there: a `with` snippet in the whitespace-normalized
output is a true positive (else a false negative), a `without` snippet in it a false positive
(else a true negative); precision, recall, F1, accuracy over all snippets, ms per page (median)
and F1 ours - trafilatura; then the share of pages whose extracted `title` is the `<h1>`
the page's `<title>` confirms (scripts/scoring.py `confirmed_headline`). `--losses N`: the
N pages where ours gets the most snippets wrong that trafilatura gets right. Data:
adbar/trafilatura tests (see the folder's README.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
from pathlib import Path
from typing import Any

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_clean import Extractor, run_all  # noqa: E402
from scoring import confirmed_headline, prf, same_words, write_figures  # noqa: E402

from worker.errors import Rejected  # noqa: E402
from worker.settings import load_settings  # noqa: E402
from worker.stages.clean.decode import decode  # noqa: E402
from worker.stages.clean.html import extract_html  # noqa: E402
from worker.stages.clean.phrases import Phrases  # noqa: E402

Counts = tuple[int, int, int, int]  # tp, fp, fn, tn
OURS, TRAF = "ours (clean stage)", "trafilatura"


def norm(text: str) -> str:
    """Whitespace collapsed, case kept: `norm` of trafilatura's tests/eval_common.py
    (Apache-2.0, adbar/trafilatura), copied as is."""
    return re.sub(r"\s+", " ", text).strip()


def count_item(item: dict[str, Any], result: str) -> Counts:
    """(tp, fp, fn, tn) of one page: `count_item` of tests/eval_common.py, same licence."""
    resn = norm(result)
    tp = sum(1 for w in item["with"] if norm(w) in resn)
    fp = sum(1 for w in item["without"] if norm(w) in resn)
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def extractors(titles: dict[str, str]) -> dict[str, Extractor]:
    """Ours (keeping each page's extracted `title` in `titles`) and plain trafilatura."""
    settings = load_settings()
    phrases = Phrases.load(settings.config_dir / settings.clean.boilerplate)

    def ours(url: str, raw: bytes) -> str:
        try:
            result = extract_html(decode(raw, None), None, phrases)
        except Rejected:
            return ""
        titles[url] = result.title or ""
        return "\n\n".join(result.paragraphs)

    def traf(_url: str, raw: bytes) -> str:
        return trafilatura.extract(raw, include_comments=False, include_tables=True) or ""

    return {OURS: ours, TRAF: traf}


def title_check(pages: dict[str, bytes], titles: dict[str, str]) -> tuple[int, int]:
    """(pages whose `<title>` confirms an `<h1>`, pages whose extracted `title` is it)."""
    titled = right = 0
    for url, raw in pages.items():
        truth = confirmed_headline(decode(raw, None))
        if truth:
            titled, right = titled + 1, right + same_words(titles.get(url, ""), truth)
    return titled, right


def print_losses(data: dict[str, Any], outputs: dict[str, dict[str, str]], count: int) -> None:
    """Pages where ours misses `with` / keeps `without` snippets that trafilatura gets right."""
    rows = []
    for url, item in data.items():
        ours, traf = norm(outputs[OURS][url]), norm(outputs[TRAF][url])
        want, avoid = [norm(w) for w in item["with"]], [norm(w) for w in item["without"]]
        lost = [("missed with", w) for w in want if w in traf and w not in ours]
        lost += [("kept without", w) for w in avoid if w in ours and w not in traf]
        rows.append((len(lost), url, lost))
    print(f"== {count} pages where ours loses most snippets to trafilatura")
    for n, url, lost in sorted(rows, key=lambda r: -r[0])[:count]:
        print(f"{n} {url} ({data[url]['file']})")
        for label, snippet in lost:
            print(f"   {label}: {snippet[:100]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the trafilatura-eval data folder")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--json", type=Path, help="write the headline figures here (JSON)")
    parser.add_argument("--losses", type=int, default=0, help="list the N pages ours loses most")
    args = parser.parse_args()
    data = json.loads((args.folder / "evaldata.json").read_text(encoding="utf-8"))
    data = dict(list(data.items())[: args.limit])
    pages = {
        url: gzip.decompress((args.folder / "html" / f"{item['file']}.gz").read_bytes())
        for url, item in data.items()
    }
    titles: dict[str, str] = {}
    outputs, seconds = run_all(extractors(titles), pages)
    print(f"== {len(pages)} pages of {args.folder}")
    print(f"{'method':20} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'ms med':>7}")
    f1s: dict[str, float] = {}
    for name, output in outputs.items():
        counts = [count_item(item, output[url]) for url, item in data.items()]
        tp, fp, fn, tn = (sum(c[i] for c in counts) for i in range(4))
        p, r, f1s[name] = prf(tp, fp, fn)
        acc = (tp + tn) / (tp + fp + fn + tn)
        ms = statistics.median(seconds[name]) * 1000
        print(f"{name:20} {p:6.3f} {r:6.3f} {f1s[name]:6.3f} {acc:6.3f} {ms:7.1f}")
    print(f"F1 ours - trafilatura: {f1s[OURS] - f1s[TRAF]:+.3f}")
    figures = {"trafeval_f1": f1s[OURS], "trafeval_f1_over_trafilatura": f1s[OURS] - f1s[TRAF]}
    titled, right = title_check(pages, titles)
    print(f"title == the <h1> its <title> confirms: {right}/{titled} ({100 * right / titled:.1f}%)")
    figures["trafeval_title_pct"] = 100 * right / titled
    write_figures(args.json, figures)
    if args.losses:
        print_losses(data, outputs, args.losses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
