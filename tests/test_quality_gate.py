"""The quality gate's verdicts and its floors file, the story labels of the web pages and
the stories baseline (the evaluations themselves need the benchmark data: `make quality`)."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from types import ModuleType

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


quality = _script("quality")


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
        source = (SCRIPTS / script).read_text(encoding="utf-8")
        assert "write_figures(" in source, name
        for figure in floors[name]:
            assert f'"{figure}"' in source or f'_{figure.split("_", 1)[1]}"' in source, figure


def test_the_web_story_labels_name_each_page_once():
    marks = tomllib.loads((SCRIPTS / "aeb_stories.toml").read_text(encoding="utf-8"))
    pages = [page for ids in marks["stories"].values() for page in ids] + marks["unscored"]
    assert len(pages) == len(set(pages))
    assert all(len(page) == 64 and int(page, 16) >= 0 for page in pages)
    assert all(len(ids) >= 2 for ids in marks["stories"].values())  # a story of one: no label


def test_the_baseline_groups_reports_of_one_event_and_opens_a_story_for_another():
    eval_stories = _script("eval_stories")
    texts = [
        "Flood waters rose over the river banks in Lowtown; the mayor ordered evacuations.",
        "Striker Hal Berg scored twice as Rovers beat United three goals to one at home.",
        "Evacuations in Lowtown: the mayor acts as flood waters rise over the river banks.",
    ]
    assert eval_stories.baseline(texts) == [0, 1, 0]
    assert eval_stories.baseline(texts, threshold=1.01) == [0, 1, 2]
