"""The stages: pure functions `Article -> Article`, one folder per stage.

A stage's folder declares it in `__init__.py` (its contract in the docstring, and `STAGE`:
name, log event, the source kinds it applies to, the record fields it `requires`, `uses` when
present and `assigns`) and builds it in `stage.py` (`make(settings) -> Stage`, options bound
once). The declaration imports nothing heavy, so intake and the sweeper can read the chain
without loading a stage. Internals of a stage live beside it in its folder.

    fetch/        url submissions only: download, with the address guard (netguard)
    clean/        raw bytes -> body text and page metadata (HTML and plain text)
    language/     langdetect on the clean text, with alphabets and the declared language
    metadata/     tidy the metadata clean and fetch found
    entities/     people, organisations, places, with canonical names (rules or spaCy)
    quotes/       direct, partial and indirect quotes with their speakers
    dates/        temporal expressions with ISO 8601 values
    keywords/     the most characteristic phrases (YAKE features)
    fingerprint/  article_id and the near-duplicate simhash
    stories/      near-duplicates and the story an article joins (state in Redis or memory)

A new stage is a new folder here with the same two files, and a line in
`worker.pipeline.BUILTIN` (or, outside this package, a module named in the chain as
"package.module:factory", see worker.pipeline).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StageSpec:
    """What a stage is: its name, the event it logs, where its factory is, and its contract
    with the record (checked against the chain's order when the chain is read)."""

    name: str
    event: str
    kinds: frozenset[str] | None = None  # the source kinds it applies to; None: every kind
    requires: tuple[str, ...] = ()  # fields it reads, set at intake or by an earlier stage
    uses: tuple[str, ...] = ()  # fields it reads when present: a stage setting them runs first
    assigns: tuple[str, ...] = ()  # fields it sets
    factory: str = ""  # "module:function"; default: worker.stages.<name>.stage:make
    shared: bool = False  # keeps state across articles: its factory takes (settings, redis)

    @property
    def factory_path(self) -> tuple[str, str]:
        path = self.factory or f"worker.stages.{self.name}.stage:make"
        module, _, function = path.partition(":")
        return module, function
