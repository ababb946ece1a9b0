"""Plain-text benchmark: AEB pages rendered to visible text, cleaned by the plain-text path.

Usage: python scripts/eval_clean_text.py --aeb ../shared/bench/aeb [--misses] [--worst N]

Each page (`html/<id>.html.gz`) is rendered to its visible text with html-text (one block per
line, nothing removed but scripts and styles), then scored against the true body
(`ground-truth.json`) twice: the rendering as is ("naive") and after `clean_text` ("ours").
Scoring is the benchmark's own: token 4-gram shingles, per-page precision and recall averaged
over pages, F1 from those means. "first%" / "last%": the share of pages whose true first /
last paragraph (first / last line of the true body with a word in it) has at least 80% of its
token 4-grams (all its tokens, in order, when it has fewer than 4) in the output. A dateline
prefix of the true first paragraph ("LOS ANGELES (AP) — ") is not asked for: the clean stage
lifts it into `site` on purpose. "first sent%" / "last sent%": the same for the first / last
true paragraph that is a sentence (at least 8 word tokens, ending in . ! ? … a closing quote,
。！？ or :), since true bodies sometimes start or end with a credit, a rule, a list item or a
heading. ms/page: median time of the method alone (rendering excluded).

Titles: on the pages with a headline the page itself confirms (an `<h1>` of three words or
more, 80% of whose words are in the page's `<title>` or `og:title`/`twitter:title`), the
share whose plain-text `title` is that headline (the same words, case aside), wrong (another
line) and none; once on the rendering as is, whose first line is the page's `<title>`, and
once without that line, as a scraper that keeps only the page's body text gives it.

Standfirsts: on the pages whose meta description (`description`/`og:description`) is a line
of the rendering (a visible standfirst), the share where it is kept: in the text, or as the
plain-text path's `description`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import html_text
from trafilatura import load_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from scoring import (  # noqa: E402
    SHINGLE_SIZE,
    Scores,
    confirmed_headline,
    page_counts,
    same_words,
    token_shingles,
    tokens,
    write_figures,
)

from worker.stages.clean.decode import decode  # noqa: E402
from worker.stages.clean.lift import dateline  # noqa: E402
from worker.stages.clean.phrases import Phrases, normalize  # noqa: E402
from worker.stages.clean.text import clean_text, unwrap  # noqa: E402

_CONTAINED = 0.8
_SENTENCE_TOKENS = 8
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "»", "'", "’", "。", "！", "？", ":")
_EDGES = ("first%", "last%", "first sent%", "last sent%")


@dataclass(frozen=True)
class Result:
    precision: float
    recall: float
    f1: float
    edges: tuple[float, ...]  # percentages, in the order of _EDGES
    ms: float


def contained(paragraph: str, output_tokens: list[str]) -> bool:
    """At least 80% of the paragraph's token 4-grams occur in the output (see module doc)."""
    toks = tokens(paragraph)
    if not toks:
        return True
    n = min(SHINGLE_SIZE, len(toks))
    wanted = set(token_shingles(toks, n))
    return len(wanted & set(token_shingles(output_tokens, n))) >= _CONTAINED * len(wanted)


def edge_paragraphs(body: str, sentences: bool = False) -> tuple[str, str]:
    """The true first paragraph (less a dateline prefix) and the true last paragraph; with
    `sentences`, the first and last that are sentences (see the module docstring)."""
    lines = [line for line in body.splitlines() if tokens(line)]
    if sentences:
        lines = [x for x in lines if len(tokens(x)) >= _SENTENCE_TOKENS and _ends(x)]
    if not lines:
        return "", ""
    first = lines[0]
    if found := dateline(first):
        first = first[len(found[0]) :]
    return first, lines[-1]


def _ends(line: str) -> bool:
    return line.rstrip().endswith(_SENTENCE_END)


def edges_kept(body: str, out: str) -> list[bool]:
    """[first kept, last kept, first sentence kept, last sentence kept] for one page."""
    out_tokens = tokens(out)
    edges = (*edge_paragraphs(body), *edge_paragraphs(body, sentences=True))
    return [contained(paragraph, out_tokens) for paragraph in edges]


def page_html(path: Path) -> str:
    return decode(gzip.decompress(path.read_bytes()))


def summary(html: str) -> str | None:
    """The page's meta description (or og:description), normalized."""
    tree = load_html(html)
    if tree is None:
        return None
    found = tree.xpath('//meta[@name="description" or @property="og:description"]/@content')
    texts = [normalize(str(t)) for t in found]
    return next((t for t in texts if t), None)


def standfirst_figures(pages: dict[str, tuple[str, str]], phrases: Phrases) -> tuple[int, int, int]:
    """(visible standfirsts, kept in text or description, kept as description)."""
    visible = kept = lifted = 0
    for standfirst, text in pages.values():
        if standfirst not in {normalize(line) for line in text.splitlines()[1:]}:
            continue
        found = clean_text(text, phrases)
        in_text = standfirst in normalize(" ".join(found.paragraphs))
        described = normalize(found.description or "") == standfirst
        visible, kept, lifted = visible + 1, kept + (in_text or described), lifted + described
    return visible, kept, lifted


def title_figures(
    pages: dict[str, tuple[str, str]], phrases: Phrases
) -> dict[str, tuple[float, float, float]]:
    """(right %, wrong %, none %) of the plain-text title, with and without the first line."""
    out = {}
    for name, drop in (("as rendered", False), ("without its <title> line", True)):
        right = wrong = 0
        for truth, rendered in pages.values():
            text = rendered.split("\n", 1)[-1] if drop else rendered
            title = clean_text(text, phrases).title
            if title is None:
                continue
            same = same_words(title, truth)
            right, wrong = right + same, wrong + (not same)
        n = len(pages) or 1
        out[name] = (100 * right / n, 100 * wrong / n, 100 * (n - right - wrong) / n)
    return out


def evaluate(
    renders: dict[str, str], truth: dict[str, str], method: Callable[[str], str]
) -> Result:
    """Score one method over all pages."""
    pages, edges, times = [], [], []
    for key, text in renders.items():
        start = time.perf_counter()
        out = method(text)
        times.append((time.perf_counter() - start) * 1000)
        pages.append(page_counts(truth[key], out))
        edges.append(edges_kept(truth[key], out))
    kept = tuple(100 * statistics.mean(column) for column in zip(*edges, strict=True))
    scores = Scores.of(pages)
    return Result(scores.precision, scores.recall, scores.f1, kept, statistics.median(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aeb", type=Path, required=True, help="the AEB data folder")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages by F1")
    parser.add_argument("--misses", action="store_true", help="why edge paragraphs are missing")
    parser.add_argument("--json", type=Path, help="write the headline figures here (JSON)")
    args = parser.parse_args()
    truth = {
        key: item.get("articleBody", "")
        for key, item in json.loads((args.aeb / "ground-truth.json").read_text()).items()
    }
    phrases = Phrases.load(ROOT / "config" / "boilerplate.toml")
    htmls = {key: page_html(args.aeb / "html" / f"{key}.html.gz") for key in sorted(truth)}
    renders = {key: html_text.extract_text(html, guess_layout=True) for key, html in htmls.items()}

    def ours(text: str) -> str:
        return "\n\n".join(clean_text(text, phrases).paragraphs)

    results = table(renders, truth, {"naive": lambda text: text, "ours": ours})
    mine = results["ours"]
    figures = {"text_f1": mine.f1, "text_first_pct": mine.edges[0], "text_last_pct": mine.edges[1]}
    headlines = {key: confirmed_headline(html) for key, html in htmls.items()}
    titled = {key: (h, renders[key]) for key, h in headlines.items() if h}
    print(f"\nTitles: {len(titled)} pages whose <h1> headline the page's <title> confirms")
    print(f"{'rendering':26} {'right%':>7} {'wrong%':>7} {'none%':>7}")
    for name, (right, wrong, none) in title_figures(titled, phrases).items():
        print(f"{name:26} {right:7.1f} {wrong:7.1f} {none:7.1f}")
        key = "text_title_pct" if name == "as rendered" else "text_title_bodyonly_pct"
        figures[key] = right
    summaries = {key: (sf, renders[key]) for key, html in htmls.items() if (sf := summary(html))}
    visible, kept, lifted = standfirst_figures(summaries, phrases)
    share = 100 * kept / (visible or 1)
    print(f"\nStandfirsts: {visible} pages show their meta description as a line; kept on")
    print(f"{kept} ({share:.1f}%): {kept - lifted} in the text, {lifted} as the description")
    figures["text_standfirst_kept_pct"] = share
    write_figures(args.json, figures)
    if args.worst:
        worst(renders, truth, ours, args.worst)
    if args.misses:
        misses(renders, truth, phrases)


def table(
    renders: dict[str, str], truth: dict[str, str], methods: dict[str, Callable[[str], str]]
) -> dict[str, Result]:
    results = {}
    print(f"AEB plain-text rendering (html-text {html_text.__version__}), {len(renders)} pages")
    heads = (*_EDGES, "ms/page")
    print(f"{'method':<6} {'P':>6} {'R':>6} {'F1':>6} " + " ".join(f"{h:>11}" for h in heads))
    for name, method in methods.items():
        s = results[name] = evaluate(renders, truth, method)
        edges = " ".join(f"{e:11.1f}" for e in s.edges)
        print(f"{name:<6} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {edges} {s.ms:11.2f}")
    return results


def worst(
    renders: dict[str, str], truth: dict[str, str], ours: Callable[[str], str], n: int
) -> None:
    """The N pages with the lowest F1: F1, FP and FN shares, F/L when first/last is missed."""
    rows = []
    for key, text in renders.items():
        out = ours(text)
        tp, fp, fn = page_counts(truth[key], out)
        first, last = edges_kept(truth[key], out)[:2]
        flags = ("-" if first else "F") + ("-" if last else "L")
        rows.append((2 * tp / (2 * tp + fp + fn) if tp else 0.0, fp, fn, flags, key))
    for f1, fp, fn, flags, key in sorted(rows)[:n]:
        print(f"{f1:.3f} fp={fp:.2f} fn={fn:.2f} {flags} {key}")


def misses(renders: dict[str, str], truth: dict[str, str], phrases: Phrases) -> None:
    """Why true first/last paragraphs are missing: our reason for the line that holds one."""
    for edge, name in enumerate(("first", "last")):
        why: Counter[str] = Counter()
        for key, text in renders.items():
            found = clean_text(text, phrases)
            paragraph = edge_paragraphs(truth[key])[edge]
            if contained(paragraph, tokens("\n".join(found.paragraphs))):
                continue
            reasons = {r["text"]: r["reason"] for r in found.removed}
            lines = unwrap(text, phrases)
            line = next((x for x in lines if contained(paragraph, tokens(x))), None)
            why[reasons.get(line, "kept in part") if line else "not one line"] += 1
        print(f"{name} paragraph missed on {why.total()} pages, by our reason for its line:")
        print("  " + ", ".join(f"{reason} {n}" for reason, n in why.most_common()))


if __name__ == "__main__":
    main()
