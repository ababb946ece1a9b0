"""Memory figures from Linux's /proc, for `make bench` and `scripts/process_memory.py`."""

from __future__ import annotations

from pathlib import Path


def memory_mb(pid: int | str = "self") -> tuple[float, float]:
    """A process's resident memory and the part of it no other process shares (private:
    what a forked process has written to or made since the fork, or all of it before any
    fork), in MB, from its smaps_rollup."""
    lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]
    kb = {name: int(value.split()[0]) for name, value in (line.split(":", 1) for line in lines)}
    return kb["Rss"] / 1024, (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024
