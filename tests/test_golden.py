"""Every bundled sample gives exactly its golden record (tests/golden, see golden_records.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.golden_records import golden_path, sample_record, samples
from worker.pipeline import Pipeline
from worker.settings import load_settings


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(load_settings())


@pytest.mark.parametrize("sample", samples(), ids=lambda p: p.name)
def test_sample_matches_its_golden_record(pipeline: Pipeline, sample: Path) -> None:
    expected = json.loads(golden_path(sample).read_text())
    assert sample_record(pipeline, sample) == expected


def test_every_sample_has_a_golden_record_and_no_golden_is_orphaned() -> None:
    names = {golden_path(s).name for s in samples()}
    assert names == {p.name for p in golden_path(samples()[0]).parent.glob("*.json")}
    assert len(names) >= 6
