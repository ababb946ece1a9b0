#!/usr/bin/env python3
"""The entities stage's cost per article in one language, backend against backend.

    scripts/bench_entities.py SENTENCES --language ru [--backends rules,natasha]
                              [--sentences 20] [--articles 50] [--rounds 3]

SENTENCES is a text file of one sentence per line (such as the lingua-sentences files of
the evaluation data, `ru.txt`); every `--sentences` lines make one article (20 Russian
sentences are some 2,000 characters, a short news article). Each backend is loaded first,
untimed (a worker loads them at start). Then, for `--rounds` rounds, the backends take turns
over all the articles, each article timed once per round, so the machine's drift falls on
both alike. The report gives, per backend, the median and p95 ms per article over all
rounds, the median per round, and the ratio of each backend's median to the first one's in
each round, with the names each found per article (a count, not a score: there are no
labels here).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from worker.settings import CONFIG_DIR
from worker.stages.entities.backends import Extractor
from worker.stages.entities.lexicon import EntityConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sentences", type=Path)
    parser.add_argument("--language", required=True)
    parser.add_argument("--backends", default="rules,natasha")
    parser.add_argument("--sentences", dest="per_article", type=int, default=20)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    lines = [line.strip() for line in args.sentences.read_text("utf-8").splitlines()]
    lines = [line for line in lines if line]
    size = args.per_article
    articles = [" ".join(lines[i : i + size]) for i in range(0, len(lines), size)]
    articles = [a for a in articles if a][: args.articles]
    if not articles:
        print(f"no sentences in {args.sentences}", file=sys.stderr)
        return 2
    config = EntityConfig.load(CONFIG_DIR / "entities.toml")
    backends = args.backends.split(",")
    extractors = {b: Extractor(config, {args.language: b}) for b in backends}
    for extractor in extractors.values():
        extractor.recognizer(args.language)  # loaded before timing, as a worker does
        extractor(articles[0], args.language)
    times: dict[str, list[list[float]]] = {b: [] for b in backends}
    names: dict[str, int] = dict.fromkeys(backends, 0)
    for _ in range(args.rounds):
        for backend, extractor in extractors.items():
            round_times = []
            names[backend] = 0
            for article in articles:
                started = time.perf_counter()
                found = extractor(article, args.language)
                round_times.append((time.perf_counter() - started) * 1000)
                names[backend] += len(found)
            times[backend].append(round_times)
    chars = statistics.median(len(a) for a in articles)
    print(
        f"{len(articles)} articles of {size} sentences (median {chars:.0f} characters), "
        f"language {args.language}, {args.rounds} rounds, backends taking turns"
    )
    first = backends[0]
    for backend in backends:
        every = [t for round_times in times[backend] for t in round_times]
        rounds = [statistics.median(r) for r in times[backend]]
        ratios = [
            statistics.median(r) / statistics.median(base)
            for r, base in zip(times[backend], times[first], strict=True)
        ]
        p95 = statistics.quantiles(every, n=20)[-1] if len(every) > 1 else every[0]
        print(
            f"{backend:>8}: median {statistics.median(every):.2f} ms, p95 {p95:.2f}; "
            f"per round {', '.join(f'{r:.2f}' for r in rounds)}; "
            f"ratio to {first} {', '.join(f'{r:.2f}' for r in ratios)}; "
            f"{names[backend] / len(articles):.1f} entities an article"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
