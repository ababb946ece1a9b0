"""The image's install steps (docker/install.sh, which the Dockerfile runs) build a working
environment: run here, in a fresh virtual environment, since CI has no Docker engine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALL = ["sh", "docker/install.sh"]

pytestmark = pytest.mark.integration


def test_the_images_install_steps_give_a_working_lean_environment(tmp_path: Path) -> None:
    wheels, venv = tmp_path / "wheels", tmp_path / "venv"
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": path, "PIP": f"{sys.executable} -m pip --quiet"}
    subprocess.run([*INSTALL, "wheels", str(wheels)], cwd=ROOT, env=env, check=True, timeout=900)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    image_env = {**env, "PIP": f"{python} -m pip --quiet"}
    subprocess.run(
        [*INSTALL, "install", str(wheels)], cwd=ROOT, env=image_env, check=True, timeout=900
    )
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(ROOT)], check=True
    )
    probe = (
        "import importlib.util as u, flower, worker.runtime.app\n"
        "from worker.pipeline import Pipeline\n"
        "from worker.settings import load_settings\n"
        "Pipeline(load_settings())\n"
        "print('spacy' if u.find_spec('spacy') else 'lean')\n"
    )
    done = subprocess.run(
        [python, "-c", probe], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "lean"  # spaCy only with WITH_SPACY=true
    version = subprocess.run(
        [str(venv / "bin" / "ingest"), "--version"], capture_output=True, text=True, check=False
    )
    assert version.returncode == 0 and "ingest, version" in version.stdout
