#!/usr/bin/env python3
"""Clean-stage benchmark on the article-extraction-benchmark pages (scrapinghub AEB).

Usage: python scripts/eval_clean.py --aeb ../shared/bench/aeb [--mode html|all] [--worst N]
       [--show ID]

`html` section: every page (`html/<id>.html.gz`) goes through the clean stage's HTML path
(decode, then `extract_html` with the configured phrase lists; no URL, as for a submitted
file) and, in the same run and alternating which goes first, through plain
`trafilatura.extract` twice: with the options the benchmark itself used
(`include_comments=False`) and with all defaults. Each is scored against
the true body (`ground-truth.json`) with the benchmark's method (scripts/scoring.py). Printed:
precision, recall, F1 (± 1.96 sd of a page bootstrap), pages with empty output, ms per page
(median, p95) and our time over trafilatura's. Then a metadata check on the pages where the
truth can be seen: the date in the URL, the title words in the URL slug, the benchmark's URL
as canonical URL, the language of the true body as declared language, authors and site name
as text visible on the page (and no junk author), and the title against the page's `<h1>`
where its `<title>` confirms it (scripts/scoring.py `confirmed_headline`). A new section is
one function in SECTIONS.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from scoring import (  # noqa: E402
    METADATA_CHECKS,
    PageCounts,
    Scores,
    bootstrap,
    confirmed_headline,
    metadata_verdicts,
    page_counts,
    same_words,
    write_figures,
)

from worker.errors import Rejected  # noqa: E402
from worker.settings import load_settings  # noqa: E402
from worker.stages.clean.decode import decode  # noqa: E402
from worker.stages.clean.html import HtmlResult, extract_html  # noqa: E402
from worker.stages.clean.phrases import Phrases, normalize  # noqa: E402

Extractor = Callable[[str, bytes], str]
_WARMUP_PAGES = 3


def load_pages(aeb: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    """The true bodies and the raw pages, by page id."""
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    raw = {key: gzip.decompress((aeb / "html" / f"{key}.html.gz").read_bytes()) for key in truth}
    return {key: item.get("articleBody") or "" for key, item in truth.items()}, raw


def html_extractors(phrases: Phrases, results: dict[str, HtmlResult]) -> dict[str, Extractor]:
    """Ours (keeping each HtmlResult for the metadata check) and the two trafilatura runs."""

    def ours(key: str, raw: bytes) -> str:
        try:
            result = extract_html(decode(raw, None), None, phrases)
        except Rejected:
            return ""
        results[key] = result
        return "\n\n".join(result.paragraphs)

    return {
        "ours (clean stage)": ours,
        "trafilatura (benchmark call)": lambda _, raw: _plain(raw, comments=False),
        "trafilatura (all defaults)": lambda _, raw: _plain(raw),
    }


def _plain(raw: bytes, comments: bool = True) -> str:
    return trafilatura.extract(raw.decode("utf-8", "replace"), include_comments=comments) or ""


def run_all(
    extractors: dict[str, Extractor], pages: dict[str, bytes]
) -> tuple[dict[str, dict[str, str]], dict[str, list[float]]]:
    """Outputs and per-page seconds of every extractor; the order rotates from page to page."""
    for key, raw in list(pages.items())[:_WARMUP_PAGES]:
        for extract in extractors.values():
            extract(key, raw)
    names = list(extractors)
    outputs: dict[str, dict[str, str]] = {name: {} for name in names}
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for i, (key, raw) in enumerate(pages.items()):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            start = time.perf_counter()
            outputs[name][key] = extractors[name](key, raw)
            seconds[name].append(time.perf_counter() - start)
    return outputs, seconds


def print_scores(
    truth: dict[str, str], outputs: dict[str, dict[str, str]], seconds: dict[str, list[float]]
) -> dict[str, Scores]:
    """One line per extractor, then our time over each trafilatura run's."""
    print(
        f"{'':30} {'precision':>15} {'recall':>15} {'F1':>15} {'empty':>5} {'ms med':>7} {'p95':>6}"
    )
    for name, output in outputs.items():
        pages: list[PageCounts] = [page_counts(truth[k], output[k]) for k in truth]
        s, ci = Scores.of(pages), bootstrap(pages)
        empty = sum(1 for k in truth if not output[k].strip())
        med, p95 = _ms(seconds[name])
        print(
            f"{name:30} {s.precision:.3f} ± {ci.precision:.3f} {s.recall:.3f} ± {ci.recall:.3f}"
            f" {s.f1:.3f} ± {ci.f1:.3f} {empty:>5} {med:>7.1f} {p95:>6.1f}"
        )
    ours, *others = seconds
    for other in others:
        ratio = statistics.median(seconds[ours]) / statistics.median(seconds[other])
        total = sum(seconds[ours]) / sum(seconds[other])
        print(f"time ours / {other}: median {ratio:.2f}x, total {total:.2f}x")
    return {name: Scores.of([page_counts(truth[k], output[k]) for k in truth])
            for name, output in outputs.items()}  # fmt: skip


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


def html_section(args: argparse.Namespace) -> None:
    """The HTML path against plain trafilatura, then the metadata check."""
    truth, pages = load_pages(args.aeb)
    settings = load_settings()
    phrases = Phrases.load(settings.config_dir / settings.clean.boilerplate)
    results: dict[str, HtmlResult] = {}
    outputs, seconds = run_all(html_extractors(phrases, results), pages)
    print(f"== html: {len(truth)} pages of {args.aeb}")
    scores = print_scores(truth, outputs, seconds)
    titled, right = title_check(pages, results)
    write_figures(
        args.json,
        {
            "html_f1": scores["ours (clean stage)"].f1,
            "html_f1_over_trafilatura": scores["ours (clean stage)"].f1
            - scores["trafilatura (benchmark call)"].f1,
            "html_title_pct": 100 * right / (titled or 1),
        },
    )
    print_metadata_check(args.aeb, pages, results)
    print(f"{'title == the <h1> its <title> confirms':44} {right:>4}/{titled:<4}")
    if args.worst:
        _print_worst(truth, outputs[next(iter(outputs))], args.worst)


def print_metadata_check(
    aeb: Path, pages: dict[str, bytes], results: dict[str, HtmlResult]
) -> None:
    """For each field: pages where the truth can be seen, how many we got right, how many found."""
    urls = {k: v["url"] for k, v in json.loads((aeb / "ground-truth.json").read_text()).items()}
    truth, _ = load_pages(aeb)
    rows: dict[str, list[int]] = {}
    for key, result in results.items():
        text = normalize(pages[key].decode("utf-8", "replace"))
        fields = {name: getattr(result, name) for name in set(METADATA_CHECKS.values())}
        for check, verdict in metadata_verdicts(fields, urls[key], truth[key], text).items():
            counts = rows.setdefault(check, [0, 0, 0])
            counts[0] += verdict is not None
            counts[1] += bool(verdict)
            counts[2] += bool(fields[METADATA_CHECKS[check]])
    print(f"== metadata on {len(results)} pages: field, checkable pages, right, found anywhere")
    for check, (checked, right, found) in rows.items():
        print(f"{check:44} {right:>4}/{checked:<4} found {found}/{len(results)}")


def title_check(pages: dict[str, bytes], results: dict[str, HtmlResult]) -> tuple[int, int]:
    """(pages with a headline the page confirms, pages whose `title` is that headline)."""
    titled = right = 0
    for key, result in results.items():
        truth = confirmed_headline(decode(pages[key], None))
        if truth:
            titled, right = titled + 1, right + same_words(result.title or "", truth)
    return titled, right


def _print_worst(truth: dict[str, str], output: dict[str, str], count: int) -> None:
    rows = sorted((Scores.of([page_counts(truth[k], output[k])]).f1, k) for k in truth)
    print(f"== worst {count} pages (ours): F1 id")
    for f1, key in rows[:count]:
        print(f"{f1:.3f} {key}")


def show_page(args: argparse.Namespace) -> None:
    """Our text, what we removed and the true body for one page (id or id prefix)."""
    truth, pages = load_pages(args.aeb)
    key = next(k for k in pages if k.startswith(args.show))
    settings = load_settings()
    phrases = Phrases.load(settings.config_dir / settings.clean.boilerplate)
    result = extract_html(decode(pages[key], None), None, phrases)
    print(f"== {key} extractor={result.extractor}")
    print("\n\n".join(result.paragraphs))
    print("== removed")
    for item in result.removed:
        print(f"[{item['reason']}] {item['text'][:150]}")
    print("== truth")
    print(truth[key])


SECTIONS: dict[str, Callable[[argparse.Namespace], None]] = {"html": html_section}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aeb", type=Path, required=True, help="the AEB data folder")
    parser.add_argument("--mode", choices=[*SECTIONS, "all"], default="all")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages (ours)")
    parser.add_argument("--show", help="print one page (id prefix) and exit")
    parser.add_argument("--json", type=Path, help="write the headline figures here (JSON)")
    args = parser.parse_args()
    if args.show:
        show_page(args)
        return 0
    for name, section in SECTIONS.items():
        if args.mode in (name, "all"):
            section(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
