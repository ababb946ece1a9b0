"""The quality gate's verdicts and its floors file (the evaluations themselves need the
benchmark data: `make quality`)."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "quality.py"
_spec = importlib.util.spec_from_file_location("quality", SCRIPT)
assert _spec is not None and _spec.loader is not None
quality = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(quality)


def test_a_figure_below_its_floor_or_missing_fails_and_one_at_it_passes():
    floors = {"f1": 0.9, "recall": 0.5, "gone": 0.1}
    got = quality.verdicts({"f1": 0.9, "recall": 0.4999}, floors)
    assert got == [
        ("f1", 0.9, 0.9, True),
        ("recall", 0.4999, 0.5, False),
        ("gone", None, 0.1, False),
    ]


def test_every_evaluation_has_floors_and_every_floor_an_evaluation():
    floors = tomllib.loads(quality.FLOORS.read_text(encoding="utf-8"))
    assert set(floors) == set(quality.EVALUATIONS)
    assert all(floors[name] for name in floors)
    for name, (script, _) in quality.EVALUATIONS.items():
        source = (SCRIPT.parent / script).read_text(encoding="utf-8")
        assert "write_figures(" in source, name
        for figure in floors[name]:
            assert f'"{figure}"' in source or f'_{figure.split("_", 1)[1]}"' in source, figure
