"""Print the image's requirements, one per line, from pyproject.toml: the dependencies, the
`flower` extra, and the `nlp` extra when the first argument is "true" (WITH_SPACY)."""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
extras = project["optional-dependencies"]
wanted = [*project["dependencies"], *extras["flower"]]
if len(sys.argv) > 1 and sys.argv[1] == "true":
    wanted += extras["nlp"]
print(*wanted, sep="\n")
