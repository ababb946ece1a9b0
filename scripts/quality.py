#!/usr/bin/env python3
"""The quality gate: every evaluation on the benchmark data, against pinned floors.

Usage: python scripts/quality.py [--bench ../shared/bench] [--only NAME]   (make quality)

Runs each evaluation script with `--json`, compares its headline figures with the floors in
scripts/quality_floors.toml, prints one line per figure and exits 1 when any falls below its
floor (or an evaluation fails). Raise a floor in the commit that raises the figure; lower one
only in a commit that says why.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "scripts" / "quality_floors.toml"

# evaluation -> (script, its arguments with {bench} for the data folder)
EVALUATIONS = {
    "clean_html": ("eval_clean.py", ["--aeb", "{bench}/aeb", "--mode", "html"]),
    "clean_text": ("eval_clean_text.py", ["--aeb", "{bench}/aeb"]),
    "clean_trafeval": ("eval_clean_trafeval.py", ["{bench}/trafilatura-eval"]),
    "language": ("eval_language.py", ["{bench}/lingua-sentences"]),
    "entities": ("eval_entities.py", ["{bench}/conll2003-dev/eng.testa", "--backend", "rules"]),
    "entities_run": ("eval_entities.py", ["{bench}/conll2003-dev/eng.testa", "--through-run"]),
    "quotes": ("eval_quotes.py", ["{bench}/polnear/dev"]),
    "stories": ("eval_stories.py", ["{bench}/stories/ecbplus-traindev.jsonl", "--orders", "3"]),
    "stories_web": ("eval_stories.py", ["{bench}/aeb", "--order", "published", "--orders", "3"]),
}


def run(name: str, bench: Path, folder: Path) -> dict[str, float]:
    script, args = EVALUATIONS[name]
    out = folder / f"{name}.json"
    command = [sys.executable, str(ROOT / "scripts" / script)]
    command += [a.format(bench=bench) for a in args] + ["--json", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"{script} failed ({done.returncode}): {done.stderr[-1500:]}")
    figures: dict[str, float] = json.loads(out.read_text(encoding="utf-8"))
    return figures


def verdicts(
    figures: dict[str, float], floors: dict[str, float]
) -> list[tuple[str, float | None, float, bool]]:
    """(figure, value, floor, ok) for every pinned figure; a figure missing is not ok."""
    found = [(name, figures.get(name), floor) for name, floor in floors.items()]
    return [
        (name, value, floor, value is not None and value >= floor) for name, value, floor in found
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--only", choices=sorted(EVALUATIONS), action="append")
    args = parser.parse_args()
    floors = tomllib.loads(FLOORS.read_text(encoding="utf-8"))
    failed = 0
    print(f"{'figure':<42}{'value':>9}{'floor':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only or EVALUATIONS:
            started = time.monotonic()
            try:
                figures = run(name, args.bench.resolve(), Path(tmp))
            except RuntimeError as exc:
                print(f"{name}: {exc}")
                failed += 1
                continue
            for figure, value, floor, ok in verdicts(figures, floors[name]):
                failed += not ok
                shown = "missing" if value is None else f"{value:.4f}"
                verdict = "ok" if ok else "BELOW"
                print(f"{name + '.' + figure:<42}{shown:>9}{floor:>9.4f}  {verdict}")
            print(f"  ({name}: {time.monotonic() - started:.0f} s)")
    print("quality gate: " + ("passed" if not failed else f"{failed} figure(s) below the floor"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
