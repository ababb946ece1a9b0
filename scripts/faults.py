#!/usr/bin/env python3
"""Run the fault suite (tests/faults) and print its figures as the README's Reliability table.

    scripts/faults.py            run the suite, then print the table
    scripts/faults.py --report F print the table of an earlier run's report (JSON lines)

Every scenario appends one line to the report: what it submitted, what the audit found lost
and duplicated, and the time to recover where it measures one (from the fault, or from the
end of the fault, to the last affected submission ending / the next record).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOWN = {"scenario", "submitted", "lost", "duplicated", "recover_s"}


def run_suite(report: Path) -> int:
    env = {**os.environ, "INGEST_FAULT_REPORT": str(report)}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/faults"]
    return subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode


def table(report: Path) -> str:
    rows = [json.loads(line) for line in report.read_text().splitlines() if line.strip()]
    lines = [
        "| scenario | submitted | lost | duplicated | time to recover (s) | also measured |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        recover = row.get("recover_s")
        notes = ", ".join(f"{k} {v}" for k, v in row.items() if k not in SHOWN)
        lines.append(
            f"| {row['scenario']} | {row.get('submitted', '')} | {row.get('lost', '')} | "
            f"{row.get('duplicated', '')} | {'' if recover is None else recover} | {notes} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--report", type=Path, help="an existing report to print (no run)")
    args = parser.parse_args()
    status = 0
    report = args.report
    if report is None:
        report = Path(tempfile.mkdtemp(prefix="ingest-faults-")) / "report.jsonl"
        status = run_suite(report)
        print(f"\nreport: {report}", file=sys.stderr)
    print(table(report))
    return status


if __name__ == "__main__":
    sys.exit(main())
