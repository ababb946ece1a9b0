#!/usr/bin/env python3
"""Send files, directories (recursively), stdin (-) and URLs to the workers.

The same command as `ingest enqueue`; run `scripts/enqueue.py --help` for the options. Run
with any Python: when the one running it lacks the project's packages, it hands over to the
project's virtual environment (.venv, which `make install` creates).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"

try:
    from worker.cli.enqueue import enqueue
except ImportError:
    if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])
    sys.exit(f"{sys.argv[0]}: the project is not installed here; run `make install` first")

if __name__ == "__main__":
    enqueue(prog_name="enqueue.py")
