"""Score the entity backends on CoNLL-2003 (PER/ORG/LOC exact spans) and time them.

Usage:
    python scripts/eval_entities.py PATH/eng.testa [--backend rules|spacy|all]
                                    [--articles DIR] [--limit N] [--through-run]

Each CoNLL document is detokenized into plain text (one sentence per line, no space before
punctuation) so the backends see text shaped like an article; gold spans are mapped to
character offsets of that text. A predicted mention counts when its span and type match a
gold entity exactly (PERSON->PER; MISC is not scored, as in the reference figure). Prints
precision, recall and F1 per type and overall (micro), and tokens per second of the whole
extraction (recognizer + name resolution). With --articles, also the median and 90th
percentile milliseconds per article (wall and CPU) over the *.txt files of DIR (clean news
text).
With --through-run, each document goes through the whole pipeline as `ingest run` runs it
(as a plain-text file; clean, language, entities with the configured backend, ...), and only
the sentences the clean stage keeps are scored, with the record's entities.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import prf, write_figures

from worker import logs
from worker.article import Article
from worker.errors import Rejected
from worker.pipeline import Pipeline
from worker.settings import CONFIG_DIR, load_settings
from worker.stages.entities.backends import BACKENDS, Extractor
from worker.stages.entities.lexicon import EntityConfig
from worker.submission import Submission

TYPES = ("PER", "ORG", "LOC")
TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "LOC": "LOC"}
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}

Span = tuple[int, int, str]
Doc = tuple[str, set[Span], int]


def read_conll(path: Path) -> Iterator[list[list[tuple[str, str]]]]:
    """Documents as lists of sentences of (token, IOB1 tag)."""
    doc: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if parts and parts[0] == "-DOCSTART-":
            if doc:
                yield doc
            doc = []
        elif parts:
            sentence.append((parts[0], parts[-1]))
        elif sentence:
            doc.append(sentence)
            sentence = []
    if doc:
        yield doc


def detokenize(doc: list[list[tuple[str, str]]]) -> Doc:
    """(text, gold spans, token count) of one document."""
    pieces: list[str] = []
    gold: set[Span] = set()
    length = count = 0
    for sentence in doc:
        if pieces:
            pieces.append("\n")
            length += 1
        open_span: list[int | str] | None = None
        quote_open = False
        for index, (token, tag) in enumerate(sentence):
            glue = _glue(sentence, index, quote_open)
            quote_open ^= token == '"'
            pieces.append(glue + token)
            start = length + len(glue)
            length = start + len(token)
            count += 1
            open_span = _track(gold, open_span, tag, start, length)
        _close(gold, open_span)
    return "".join(pieces), gold, count


def _glue(sentence: list[tuple[str, str]], index: int, quote_open: bool) -> str:
    if index == 0:
        return ""
    token, previous = sentence[index][0], sentence[index - 1][0]
    if token in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER:
        return ""
    if token == '"' and quote_open:
        return ""
    if previous == '"' and (quote_open ^ (token == '"')):
        return ""
    return " "


def _track(gold: set[Span], span: list | None, tag: str, start: int, end: int) -> list | None:
    """Extend or close the open gold span for one token's IOB1 tag."""
    kind = tag[2:] if tag != "O" else ""
    if span and kind == span[2] and not tag.startswith("B-"):
        span[1] = end
        return span
    _close(gold, span)
    return [start, end, kind] if kind in TYPES else None


def _close(gold: set[Span], span: list | None) -> None:
    if span:
        gold.add((int(span[0]), int(span[1]), str(span[2])))


def predicted(entities: list[dict]) -> set[Span]:
    return {
        (m["start"], m["end"], TO_CONLL[e["type"]])
        for e in entities
        if e["type"] in TO_CONLL
        for m in e["mentions"]
    }


def evaluate(extractor: Extractor, docs: list[Doc]) -> tuple[Counter[str], float, int]:
    """Counts tp/fp/fn per type, seconds spent extracting, tokens seen."""
    counts: Counter[str] = Counter()
    seconds, tokens = 0.0, 0
    for text, gold, size in docs:
        started = time.perf_counter()
        pred = predicted(extractor(text, "en"))
        seconds += time.perf_counter() - started
        tokens += size
        tally(counts, gold, pred)
    return counts, seconds, tokens


def tally(counts: Counter[str], gold: set[Span], pred: set[Span]) -> None:
    """Add one document's tp/fp/fn per type."""
    for kind in TYPES:
        want = {s for s in gold if s[2] == kind}
        got = {s for s in pred if s[2] == kind}
        counts[f"{kind}.tp"] += len(want & got)
        counts[f"{kind}.fp"] += len(got - want)
        counts[f"{kind}.fn"] += len(want - got)


def through_run(docs: list[Doc]) -> tuple[Counter[str], int, int]:
    """Counts tp/fp/fn per type over the kept sentences of each document's record, the
    number of sentences kept and the number in all."""
    settings = load_settings()
    logs.configure(settings.log_format, "ERROR")
    pipeline = Pipeline(settings)
    counts: Counter[str] = Counter()
    kept = total = 0
    for n, (text, gold, _size) in enumerate(docs):
        submission = Submission(kind="file", uri=f"conll-{n}.txt", raw=text.encode())
        article = Article(
            f"eval-{n}", "2000-01-01T00:00:00Z", submission.source(), raw=text.encode()
        )
        lines = text.split("\n")
        total += len(lines)
        try:
            record = pipeline.run(article).to_record()
        except Rejected:
            continue
        want, got, found = _kept_spans(lines, record["text"], gold, predicted(record["entities"]))
        kept += found
        tally(counts, want, got)
    return counts, kept, total


def _kept_spans(
    lines: list[str], out: str, gold: set[Span], pred: set[Span]
) -> tuple[set[Span], set[Span], int]:
    """Gold spans moved to the record's text, for the sentences found there in order, the
    predicted spans that fall inside those sentences, and how many sentences were found."""
    want: set[Span] = set()
    ranges: list[tuple[int, int]] = []
    at = offset = 0
    for line in lines:
        found = out.find(line, at) if line.strip() else -1
        if found >= 0:
            shift = found - offset
            ranges.append((found, found + len(line)))
            want |= {
                (s + shift, e + shift, k) for s, e, k in gold if offset <= s < offset + len(line)
            }
            at = found + len(line)
        offset += len(line) + 1
    got = {p for p in pred if any(a <= p[0] and p[1] <= b for a, b in ranges)}
    return want, got, len(ranges)


def report(backend: str, counts: Counter[str], seconds: float, tokens: int) -> None:
    print(
        f"\nbackend {backend}: {tokens} tokens in {seconds:.2f} s = {tokens / seconds:,.0f} tok/s"
    )
    print(f"  {'type':<8}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}")
    for kind in (*TYPES, "ALL"):
        kinds = TYPES if kind == "ALL" else (kind,)
        tp, fp, fn = (sum(counts[f"{k}.{c}"] for k in kinds) for c in ("tp", "fp", "fn"))
        p, r, f = prf(tp, fp, fn)
        print(f"  {kind:<8}{tp + fn:>6}{tp + fp:>6}{p:>8.3f}{r:>8.3f}{f:>8.3f}")


def time_articles(extractor: Extractor, folder: Path) -> None:
    """Median and p90 ms per article (language "en") over folder/*.txt, wall and CPU time
    (CPU time is what other processes on the machine cannot inflate)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    wall, cpu = [], []
    for text in texts:
        started, cpu_started = time.perf_counter(), time.process_time()
        extractor(text, "en")
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    words = statistics.median(len(t.split()) for t in texts)
    print(f"  {len(texts)} articles (median {words:.0f} words), ms per article:")
    for name, values in (("wall", wall), ("cpu", cpu)):
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"    {name}: median {statistics.median(values):.2f}, p90 {p90:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("conll", type=Path, help="CoNLL-2003 file (e.g. eng.testa)")
    parser.add_argument("--backend", choices=(*BACKENDS, "all"), default="all")
    parser.add_argument("--articles", type=Path, help="folder of *.txt news articles to time")
    parser.add_argument("--limit", type=int, default=0, help="first N documents only")
    parser.add_argument("--json", type=Path, help="write the headline figures here (JSON)")
    parser.add_argument(
        "--through-run", action="store_true", help="score the records of the whole pipeline"
    )
    args = parser.parse_args()
    docs = [detokenize(d) for d in read_conll(args.conll)]
    docs = docs[: args.limit] if args.limit else docs
    print(f"{args.conll}: {len(docs)} documents, {sum(len(g) for _, g, _ in docs)} gold spans")
    config = EntityConfig.load(CONFIG_DIR / "entities.toml")
    figures: dict[str, float] = {}
    if args.through_run:
        started = time.perf_counter()
        counts, kept, total = through_run(docs)
        print(f"\nthrough the pipeline: {kept} of {total} sentences kept by the clean stage")
        tokens = sum(size for _, _, size in docs)
        report("of the pipeline (as configured)", counts, time.perf_counter() - started, tokens)
        totals = (sum(counts[f"{k}.{c}"] for k in TYPES) for c in ("tp", "fp", "fn"))
        write_figures(args.json, {"run_f1": prf(*totals)[2], "run_kept": kept / total})
        return 0
    for backend in BACKENDS if args.backend == "all" else (args.backend,):
        extractor = Extractor(config, {"en": backend})
        if extractor.recognizer("en").name != backend:
            print(f"\nbackend {backend}: not installed, skipped")
            continue
        extractor("Warm up the caches in Paris.", "en")
        counts, seconds, tokens = evaluate(extractor, docs)
        report(backend, counts, seconds, tokens)
        totals = (sum(counts[f"{k}.{c}"] for k in TYPES) for c in ("tp", "fp", "fn"))
        figures[f"{backend}_f1"] = prf(*totals)[2]
        figures[f"{backend}_org_recall"] = prf(
            counts["ORG.tp"], counts["ORG.fp"], counts["ORG.fn"]
        )[1]
        if args.articles:
            time_articles(extractor, args.articles)
    write_figures(args.json, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
