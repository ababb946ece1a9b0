"""The stages: pure functions `Article -> Article`, one module per stage.

Each module exposes `make(settings) -> Stage` (options are bound once, there) and may set
`KINDS`, the source kinds it applies to (default: every kind).
"""
