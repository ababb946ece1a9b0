"""The stages: pure functions `Article -> Article`, one module per stage.

Each module exposes `make(settings) -> Stage` (options are bound once, there). The source
kinds a stage applies to are declared in `worker.pipeline.REGISTRY` (fetch: `url` only).
"""
