#!/usr/bin/env python3
"""Send files, directories (recursively), stdin (-) and URLs to the workers.

The same command as `ingest enqueue`; run `scripts/enqueue.py --help` for the options.
"""

from worker.cli import enqueue

if __name__ == "__main__":
    enqueue(prog_name="enqueue.py")
