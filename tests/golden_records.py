"""Golden records for the bundled samples: what `Pipeline.run` gives, minus volatile fields.

`python -m tests.golden_records` rewrites tests/golden/*.json; commit such a change only
with a message that says why the records changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from worker.article import Article
from worker.pipeline import Pipeline
from worker.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
VOLATILE = ("ingest_id", "received_at", "stages")


def sample_record(pipeline: Pipeline, path: Path) -> dict[str, Any]:
    article = Article(
        ingest_id="golden",
        received_at="2026-01-01T00:00:00Z",
        source={"kind": "file", "uri": f"samples/{path.name}", "content_type": None},
        raw=path.read_bytes(),
    )
    record = pipeline.run(article).to_record()
    return {k: v for k, v in record.items() if k not in VOLATILE}


def samples() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file())


def golden_path(sample: Path) -> Path:
    return GOLDEN / f"{sample.name}.json"


def main() -> None:
    pipeline = Pipeline(load_settings())
    GOLDEN.mkdir(exist_ok=True)
    for sample in samples():
        record = sample_record(pipeline, sample)
        golden_path(sample).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        print(f"wrote {golden_path(sample).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
