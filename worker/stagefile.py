"""Stage files (config/<stage>.toml): one shape, validated when the stage is built.

Every stage file holds the stage's options at the top level and its per-language word lists
in tables `[lang.<code>]` (an ISO 639 code), with `[lang.common]` for what every language
shares:

    top = 10                 # an option
    [lang.common]
    particles = ["de", "van"]
    [lang.de]
    joiners = ["von", "der"]

A stage declares its file as a pydantic model (a `StageFile` whose `lang` maps codes to its
own `LanguageTable`); `load(path, Model)` refuses, as a ConfigError naming the file and the
key, a missing option, a key the stage does not know, a value of the wrong type or a table
under a name that is not a language code. Options have no defaults in code: the file says.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from worker.errors import ConfigError
from worker.settings import read_config

COMMON = "common"
_CODE = re.compile(r"^[a-z]{2,3}$")


class Section(BaseModel):
    """A table of a stage file: only the keys it declares, read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LanguageTable(Section):
    """The word lists of one language (fields: the stage's list names)."""


class StageFile(BaseModel):
    """A stage file: its options (fields) and `lang`, its language tables."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("lang", mode="before", check_fields=False)
    @classmethod
    def _language_codes(cls, value: Any) -> Any:
        if isinstance(value, dict):
            wrong = [k for k in value if k != COMMON and not _CODE.match(k)]
            if wrong:
                raise ValueError(f"[lang.{wrong[0]}]: not a language code (ISO 639) or 'common'")
        return value


M = TypeVar("M", bound=StageFile)


def load(path: Path, model: type[M]) -> M:
    """The stage file at `path`, validated as `model`."""
    return validate(read_config(path), model, str(path))


def validate(data: dict[str, Any], model: type[M], source: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(f"{source}: {where}: {first['msg']}{more}") from None
