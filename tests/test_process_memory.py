"""scripts/process_memory.py: it builds the pipeline, runs pages, and says which packages
hold the memory at each step (on the bundled samples)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "process_memory.py"


def test_it_reports_each_step_with_the_packages_that_hold_the_memory() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--top", "40"],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    found = r"^## (.+): RSS (\d+) MB, private (\d+) MB; Python memory held ([\d.]+) MB$"
    steps = re.findall(found, done.stdout, re.MULTILINE)
    names = [name for name, *_ in steps]
    assert names[:3] == ["start (imports)", "stages built",
                         "warmed up (the main process forks here)"]  # fmt: skip
    assert re.fullmatch(r"\d+ pages run \(a pool process\)", names[3])
    assert all(0 < int(private) <= int(rss) for _, rss, private, _ in steps)
    # The pool process is forked: most of what it holds it shares with the main process.
    assert int(steps[3][2]) < int(steps[3][1]) / 2
    held = [float(mb) for *_, mb in steps]
    assert held[1] > held[0]  # building the stages loads their tables
    built = done.stdout.split("## stages built")[1].split("##")[0]
    assert "worker (this project)" in built and "langdetect" in built
