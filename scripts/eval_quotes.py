"""Score the `quotes` stage on an attribution corpus.

Usage:
    python scripts/eval_quotes.py PATH [--json FIGURES.json]

PATH is a PolNeAR split (`text/*.txt` + brat `attributions/*.ann`: `T` lines are Source,
Cue and Content spans, `E` lines tie them into one attribution; e.g.
../shared/bench/polnear/dev; an article annotated more than once is scored against its
first .ann in name order), or the quotes-cs folder (`cs_sentences.tsv` + `cs_tokens.tsv`:
each sentence is one article, each run of `content` tokens one attribution, the sentence's
runs of `source` tokens its sources). Articles are English (PolNeAR) or Czech (quotes-cs);
the language stage is not run. They go through the `entities` stage first when the project
has one, so speakers get canonical names.

Gold *direct* quotes are the attributions whose content starts with a quote mark. Spans are
compared on their letters and digits only (quote marks, spaces and punctuation ignored):

- direct-quote F1, overlap: a gold direct quote is found when one of our `direct` quotes
  shares a character with its content; one of ours is right when it shares one with some
  gold direct content. P = right / ours, R = found / gold.
- direct-quote F1, exact: a gold direct quote is exactly found when the union of our
  `direct` quotes that overlap it covers exactly its content ("“A,” he said, “B.”" is two
  quotes of ours and one gold attribution); ours are exactly right when they overlap an
  exactly found one.
- speaker accuracy: over found gold direct quotes that have a Source, our quote with the
  largest overlap is right when its speaker mention overlaps the Source span, or the last
  word of its speaker is a word of the Source, or the Source overlaps a mention of the
  entity its speaker names ("end to end": unfound gold quotes count as wrong). A gold
  pronoun Source ("he") is matched by our mention of it, whatever we resolved it to.
- indirect-speech recall: over gold attributions whose content does not start with a quote
  mark, the share that one of our `indirect` items overlaps ("any kind": any of our items);
  indirect precision: the share of our `indirect` items that overlap some gold content.
- partial quotes are reported as a count and the share inside some gold content.
- time: the quotes stage alone (entities computed before the clock starts), per article.
"""

from __future__ import annotations

import csv
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import f1, write_figures

from worker.article import Article
from worker.settings import load_settings
from worker.stages.entities import stage as entities
from worker.stages.quotes import stage as quotes_stage

QUOTE_MARKS = "“”\"«»„‟‘’‚「」『』‹›'`"
Span = tuple[int, int]


@dataclass
class Gold:
    content: list[Span]
    sources: list[Span]
    direct: bool


@dataclass
class Doc:
    text: str
    golds: list[Gold] = field(default_factory=list)


def load_polnear(path: Path) -> list[Doc]:
    docs, seen = [], set()
    for ann in sorted((path / "attributions").glob("*.ann")):
        stem = re.sub(r"_[0-9a-f]+$", "", ann.stem)
        if stem not in seen:
            seen.add(stem)
            text = (path / "text" / f"{stem}.txt").read_text(encoding="utf-8")
            docs.append(Doc(text, list(_brat(ann.read_text(encoding="utf-8"), text))))
    return docs


def _brat(ann: str, text: str) -> list[Gold]:
    spans: dict[str, list[Span]] = {}
    golds = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            frags = parts[1].split(" ", 1)[1].split(";")
            spans[parts[0]] = [(int(a), int(b)) for a, b in (f.split() for f in frags)]
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(p.split(":", 1) for p in parts[1].split())
            content = spans.get(roles.get("Content", ""), [])
            if content:
                lead = text[content[0][0] : content[0][1]].lstrip()[:1]
                golds.append(
                    Gold(content, spans.get(roles.get("Source", ""), []), lead in QUOTE_MARKS)
                )
    return golds


def load_czech(path: Path) -> list[Doc]:
    rows = csv.reader((path / "cs_tokens.tsv").open(encoding="utf-8"), delimiter="\t")
    next(rows)
    tokens: dict[str, list[tuple[str, str]]] = {}
    for _lemma, word, sentence, _index, tag in rows:
        tokens.setdefault(sentence, []).append((word, tag))
    sents = csv.reader((path / "cs_sentences.tsv").open(encoding="utf-8"), delimiter="\t")
    next(sents)
    return [_czech_doc(text, tokens.get(sid, [])) for text, sid in sents]


def _czech_doc(text: str, tokens: list[tuple[str, str]]) -> Doc:
    runs: list[tuple[str, int, int]] = []
    pos = 0
    for word, tag in tokens:
        start = text.find(word, pos)
        if start < 0:
            continue
        pos = start + len(word)
        if runs and runs[-1][0] == tag:
            runs[-1] = (tag, runs[-1][1], pos)
        else:
            runs.append((tag, start, pos))
    sources = [(s, e) for tag, s, e in runs if tag == "source"]
    golds = [
        Gold([(s, e)], sources, text[s] in QUOTE_MARKS) for tag, s, e in runs if tag == "content"
    ]
    return Doc(text, golds)


def alnum(text: str, spans: list[Span]) -> set[int]:
    return {i for s, e in spans for i in range(s, e) if text[i].isalnum()}


def run(docs: list[Doc], language: str) -> tuple[list[Article], list[float]]:
    settings = load_settings()
    stage = quotes_stage.make(settings)
    find_entities = entities.make(settings)
    results, times = [], []
    for n, doc in enumerate(docs):
        language_field = {"code": language, "confidence": 1.0, "declared": None}
        article = Article(f"eval-{n}", "2000-01-01T00:00:00Z", {"kind": "text"},
                          text=doc.text, language=language_field)  # fmt: skip
        article = find_entities(article)
        started = time.perf_counter()
        article = stage(article)
        times.append((time.perf_counter() - started) * 1000)
        results.append(article)
    return results, times


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, value: bool | int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + int(value)

    def ratio(self, num: str, den: str) -> float:
        return self.counts.get(num, 0) / self.counts[den] if self.counts.get(den) else 0.0


def score(doc: Doc, article: Article, tally: Tally) -> None:
    """Add one article's counts to `tally` (see the module docstring for the metrics)."""
    text = doc.text
    ours = [(q, alnum(text, [(q["start"], q["end"])])) for q in article.quotes]
    golds = [(g, alnum(text, g.content)) for g in doc.golds]
    _score_direct(ours, golds, article, tally)
    all_gold = set().union(*(c for _, c in golds)) if golds else set()
    for q, c in ours:
        if q["kind"] == "partial":
            tally.add("ours_partial")
            tally.add("ours_partial_right", bool(c & all_gold))
    _score_indirect(ours, golds, tally)


Ours = list[tuple[dict[str, Any], set[int]]]
Golds = list[tuple[Gold, set[int]]]


def _score_direct(ours: Ours, golds: Golds, article: Article, tally: Tally) -> None:
    quoted = [(q, c) for q, c in ours if q["kind"] == "direct"]
    direct = [(g, c) for g, c in golds if g.direct]
    exact_ids: set[int] = set()
    for gold, chars in direct:
        hits = [(q, c) for q, c in quoted if c & chars]
        tally.add("gold_direct")
        tally.add("found", bool(hits))
        if hits and set().union(*(c for _, c in hits)) == chars:
            tally.add("exact_found")
            exact_ids.update(id(q) for q, _ in hits)
        tally.add("with_source", bool(gold.sources))
        if gold.sources and hits:
            best = max(hits, key=lambda h: len(h[1] & chars))[0]
            tally.add("found_with_source")
            tally.add("speaker_right", speaker_right(best, gold, article))
    direct_chars = set().union(*(c for _, c in direct)) if direct else set()
    for q, c in quoted:
        tally.add("ours_quoted")
        tally.add("ours_right", bool(c & direct_chars))
        tally.add("ours_exact", id(q) in exact_ids)


def _score_indirect(ours: Ours, golds: Golds, tally: Tally) -> None:
    indirect = [c for q, c in ours if q["kind"] == "indirect"]
    for gold, chars in golds:
        if not gold.direct:
            tally.add("gold_indirect")
            tally.add("indirect_found", any(c & chars for c in indirect))
            tally.add("any_found", any(c & chars for _, c in ours))
    all_gold = set().union(*(c for _, c in golds)) if golds else set()
    for c in indirect:
        tally.add("ours_indirect")
        tally.add("ours_indirect_right", bool(c & all_gold))


def speaker_right(quote: dict[str, Any], gold: Gold, article: Article) -> bool:
    mention = quote.get("speaker_mention")
    if mention and any(mention["start"] < e and mention["end"] > s for s, e in gold.sources):
        return True
    speaker = quote.get("speaker") or ""
    source_words = {
        w.casefold() for s, e in gold.sources for w in re.findall(r"\w+", article.text[s:e])
    }
    if speaker and speaker.split()[-1].casefold().strip(".,") in source_words:
        return True
    return any(
        e["name"] == speaker
        and any(m["start"] < se and m["end"] > ss for m in e["mentions"] for ss, se in gold.sources)
        for e in article.entities
    )


def report(
    name: str, docs: list[Doc], articles: list[Article], times: list[float], t: Tally
) -> str:
    p, r = t.ratio("ours_right", "ours_quoted"), t.ratio("found", "gold_direct")
    pe, re_ = t.ratio("ours_exact", "ours_quoted"), t.ratio("exact_found", "gold_direct")
    words = statistics.median(len(d.text.split()) for d in docs)
    ms = sorted(times)
    c = t.counts
    return "\n".join([
        f"quotes on {name}: {len(docs)} articles (median {words:.0f} words), "
        f"entities stage: {'yes' if any(a.entities for a in articles) else 'no'}",
        f"direct quotes: {c.get('gold_direct', 0)} gold (content starts with a quote mark), "
        f"{c.get('ours_quoted', 0)} ours",
        f"  overlap  P {p:.3f}  R {r:.3f}  F1 {f1(p, r):.3f}",
        f"  exact    P {pe:.3f}  R {re_:.3f}  F1 {f1(pe, re_):.3f}",
        f"speaker accuracy: {t.ratio('speaker_right', 'found_with_source'):.3f} of "
        f"{c.get('found_with_source', 0)} found gold direct quotes with a source "
        f"(end to end {t.ratio('speaker_right', 'with_source'):.3f} of {c.get('with_source', 0)})",
        f"indirect speech: recall {t.ratio('indirect_found', 'gold_indirect'):.3f} of "
        f"{c.get('gold_indirect', 0)} other gold attributions (by any kind of ours: "
        f"{t.ratio('any_found', 'gold_indirect'):.3f}); precision "
        f"{t.ratio('ours_indirect_right', 'ours_indirect'):.3f} "
        f"of {c.get('ours_indirect', 0)} ours",
        f"partial quotes: {c.get('ours_partial', 0)} ours, "
        f"{t.ratio('ours_partial_right', 'ours_partial'):.3f} inside some gold content",
        f"time (quotes stage only): median {statistics.median(ms):.2f} ms, "
        f"p90 {ms[int(0.9 * (len(ms) - 1))]:.2f} ms, max {ms[-1]:.2f} ms per article",
    ])  # fmt: skip


def main(argv: list[str]) -> int:
    json_path = None
    if len(argv) == 3 and argv[1] == "--json":
        json_path, argv = Path(argv[2]), argv[:1]
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    path = Path(argv[0])
    czech = (path / "cs_tokens.tsv").is_file()
    docs = load_czech(path) if czech else load_polnear(path)
    articles, times = run(docs, "cs" if czech else "en")
    tally = Tally()
    for doc, article in zip(docs, articles, strict=True):
        score(doc, article, tally)
    print(report(f"{path.parent.name}/{path.name}", docs, articles, times, tally))
    p, r = tally.ratio("ours_right", "ours_quoted"), tally.ratio("found", "gold_direct")
    figures = {"speaker_accuracy": tally.ratio("speaker_right", "found_with_source")}
    write_figures(json_path, {**figures, "direct_f1": f1(p, r)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
