"""The package's shape: no import cycle between modules, and each command imports only what
it needs (`ingest run` never loads Celery or a Redis client's runtime; `ingest enqueue`
never loads the stages)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from worker.cli import COMMANDS, main
from worker.pipeline import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "worker"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The worker modules `path` imports when it is imported (top-level statements, typing-only
    blocks included: a cycle there is a cycle for the type checker)."""
    deps = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                deps.add(sub if sub in modules else node.module)
        elif isinstance(node, ast.Import):
            deps.update(alias.name for alias in node.names)
    return {d for d in deps if d in modules}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of `graph` (module -> modules it imports), or [] when it has none."""
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        return list(exc.args[1])
    return []


def test_no_import_cycle_between_modules():
    modules = _modules()
    graph = {name: _imports(path, modules) for name, path in modules.items()}
    assert _cycle(graph) == []


# Imports run one way: cli -> runtime -> pipeline -> stages -> core (worker/*.py); the
# `worker.app` alias of the Celery app belongs with the runtime.
LAYERS = (
    ("worker.cli",),
    ("worker.runtime", "worker.app"),
    ("worker.pipeline",),
    ("worker.stages",),
)


def _layer(module: str) -> int:
    """Higher imports lower: cli 4, runtime 3, pipeline 2, stages 1, core 0."""
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return len(LAYERS) - rank
    return 0


def test_imports_run_one_way_from_the_commands_down_to_the_core():
    order = ["worker.cli.run", "worker.runtime.hop", "worker.pipeline", "worker.stages.clean.html"]
    assert [_layer(m) for m in [*order, "worker.article"]] == [4, 3, 2, 1, 0]
    modules = _modules()
    upward = [
        f"{name} imports {dep}"
        for name, path in modules.items()
        for dep in _imports(path, modules)
        if _layer(dep) > _layer(name)
    ]
    assert upward == []


def test_the_cycle_finder_finds_a_cycle():
    assert sorted(set(_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}))) == ["a", "b", "c"]


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(out.stdout))


# Stage declarations (worker.stages.<name>) are light and read by every command that reads
# the chain; a stage's code and internals are not.
STAGE_CODE = tuple(f"worker.stages.{name}." for name in REGISTRY)


@pytest.mark.parametrize(
    ("command", "never"),
    [
        ("run", ("celery", "kombu", "worker.runtime")),
        ("enqueue", ("celery", "trafilatura", "langdetect", "Stemmer", *STAGE_CODE)),
        ("stats", ("celery", "trafilatura", "langdetect", "Stemmer", *STAGE_CODE)),
    ],
)
def test_a_command_loads_only_what_it_needs(command, never):
    statement = f"from worker.cli import main; main.get_command(None, {command!r})"
    loaded = _loaded_after(statement)
    unwanted = sorted(m for m in loaded if m.startswith(never) or m in never)
    assert unwanted == []
    assert f"worker.cli.{'watch' if command == 'stats' else command}" in loaded


def test_every_command_is_listed_and_loads():
    assert main.list_commands(None) == sorted(COMMANDS)  # type: ignore[arg-type]
    for name in COMMANDS:
        assert main.get_command(None, name).name == name  # type: ignore[arg-type,union-attr]
