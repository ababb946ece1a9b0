"""The quality gate's verdicts and its floors file, the story labels of the web pages and
the stories baseline (the evaluations themselves need the benchmark data: `make quality`)."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from tests.stories_articles import EVENT, OTHER, REPORT
from worker.article import Article
from worker.pipeline import Pipeline
from worker.settings import load_settings

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


def test_the_stories_ceiling_places_the_records_again_and_undoes_each_kind_of_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    eval_stories = _script("eval_stories")
    texts = {"event": EVENT, "report": REPORT, "other": OTHER}
    pipeline = Pipeline(load_settings())
    records = {
        name: pipeline.run(Article(
            ingest_id=f"t{n}", received_at="2026-03-03T10:00:00Z",
            source={"kind": "text", "uri": f"text:{n}", "content_type": None}, raw=text.encode(),
        )).to_record()
        for n, (name, text) in enumerate(texts.items())
    }  # fmt: skip
    joined = records["report"]["story"]["id"] == records["event"]["story"]["id"]
    assert joined and records["other"]["story"]["new"]  # what the stage does with them

    def stream(gold: dict[str, str]) -> list[dict[str, object]]:
        return [{"name": n, "cluster": gold[n], "of": None, "scored": True} for n in texts]

    def stories(gold: dict[str, str], undo: set[str]) -> list[str]:
        placed = eval_stories.place_again(stream(gold), records, undo)
        first = {story: i for i, story in enumerate(dict.fromkeys(placed.values()))}
        return [f"s{first[placed[n]]}" for n in texts]

    right = {"event": "a", "report": "a", "other": "b"}
    assert stories(right, set()) == ["s0", "s0", "s1"]  # as the records have them
    assert stories(right, {"joins", "misses"}) == ["s0", "s0", "s1"]  # no error to undo
    wrong = {"event": "a", "report": "b", "other": "c"}  # the report told another event
    assert stories(wrong, set()) == ["s0", "s0", "s1"]
    assert stories(wrong, {"joins"}) == ["s0", "s1", "s2"]
    monkeypatch.setenv("INGEST_STORIES__THRESHOLD", "0.99")  # the stage opens a story each
    monkeypatch.setenv("INGEST_STORIES__MERGE_THRESHOLD", "1.0")
    assert stories(right, set()) == ["s0", "s1", "s2"]
    assert stories(right, {"misses"}) == ["s0", "s0", "s1"]
    assert stories(right, {"joins"}) == ["s0", "s1", "s2"]
