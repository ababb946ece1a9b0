"""The one settings object.

Sources, lowest to highest priority: `config/default.toml`, the TOML file named in
`INGEST_CONFIG`, `INGEST_*` environment variables (nested with `__`), then the keyword
arguments given to `load_settings()` (what tests use instead of patching the environment).
Nothing else in the project reads the environment.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from worker.errors import ConfigError
from worker.stems import SNOWBALL

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
DEFAULT_FILE = CONFIG_DIR / "default.toml"


class Streams(BaseModel):
    inbox: str
    articles: str
    dead: str
    stories: str
    articles_maxlen: int
    dead_maxlen: int
    stories_maxlen: int
    inbox_group: str


class Intake(BaseModel):
    max_bytes: int
    batch_size: int
    batch_bytes: int
    send_grace: float


class Liveness(BaseModel):
    heartbeat_interval: float
    dead_after: float
    sweep_interval: float
    lost_after: float
    max_attempts: int
    max_redrives: int

    @model_validator(mode="after")
    def _beats_outlive_gaps(self) -> Liveness:
        if not 0 < self.heartbeat_interval * 2 <= self.dead_after:
            raise ValueError("need 0 < 2 * heartbeat_interval <= dead_after")
        if self.max_attempts < 1 or self.max_redrives < 1:
            raise ValueError("need max_attempts >= 1 and max_redrives >= 1")
        return self


class Retention(BaseModel):
    ledger: int
    raw: int
    dead: int
    dedup: int


class Bridge(BaseModel):
    claim_idle: float
    max_backlog: int
    batch_size: int


class CelerySettings(BaseModel):
    default_queue: str
    visibility_timeout: int
    soft_time_limit: float
    time_limit: float
    max_retries: int
    retry_backoff_max: int
    concurrency: int
    task_events: bool

    @model_validator(mode="after")
    def _limits_below_visibility(self) -> CelerySettings:
        if not self.soft_time_limit < self.time_limit < self.visibility_timeout:
            raise ValueError("need soft_time_limit < time_limit < visibility_timeout")
        return self


class Fetch(BaseModel):
    timeout: float
    max_bytes: int
    max_redirects: int
    user_agent: str
    allow_networks: list[str]


class Language(BaseModel):
    min_chars: int
    sample_chars: int
    min_confidence: float
    languages: list[str]
    other_prior: float
    declared_prior: float

    @model_validator(mode="after")
    def _priors_usable(self) -> Language:
        if self.other_prior < 0 or self.declared_prior <= 0:
            raise ValueError("need other_prior >= 0 and declared_prior > 0")
        return self


class Clean(BaseModel):
    boilerplate: str
    min_text_chars: int


class Entities(BaseModel):
    config: str
    backends: dict[str, str]


class Stories(BaseModel):
    threshold: float
    merge_threshold: float
    window: float
    near_threshold: float
    near_window: float
    entity_weight: float
    person_weight: float
    terms: int
    names: int
    apart_penalty: float
    postings: int
    candidates: int
    centroid_terms: int
    stems: list[str]

    @model_validator(mode="after")
    def _usable(self) -> Stories:
        unknown = sorted(set(self.stems) - SNOWBALL.keys())
        if unknown:
            raise ValueError(
                f"stems: Snowball has no stemmer for {', '.join(unknown)} "
                f"(it has: {', '.join(sorted(SNOWBALL))})"
            )
        if not (0 < self.threshold <= 1 and 0 < self.near_threshold <= 1):
            raise ValueError("need 0 < threshold <= 1 and 0 < near_threshold <= 1")
        if not self.threshold <= self.merge_threshold <= 1:
            raise ValueError("need threshold <= merge_threshold <= 1")
        if min(self.window, self.near_window) <= 0 or min(self.terms, self.postings) < 1:
            raise ValueError("need positive windows and at least one term and posting")
        if self.candidates < 1 or self.centroid_terms < self.terms:
            raise ValueError("need candidates >= 1 and centroid_terms >= terms")
        if not (0 <= self.apart_penalty <= 1 and self.names >= 0):
            raise ValueError("need 0 <= apart_penalty <= 1 and names >= 0")
        if min(self.entity_weight, self.person_weight) < 0:
            raise ValueError("need entity_weight >= 0 and person_weight >= 0")
        return self


class Hop(BaseModel):
    hop: str
    stages: list[str]
    queue: str


class Settings(BaseSettings):
    """Every default lives in config/default.toml; this class only types and validates them."""

    model_config = SettingsConfigDict(env_prefix="INGEST_", env_nested_delimiter="__")

    redis_url: str
    local_redis_url: str
    embedded_dir: str
    key_prefix: str
    log_format: str
    log_level: str
    require_durable_redis: bool
    streams: Streams
    intake: Intake
    liveness: Liveness
    retention: Retention
    bridge: Bridge
    celery: CelerySettings
    fetch: Fetch
    language: Language
    clean: Clean
    entities: Entities
    stories: Stories
    chain: list[Hop]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        files = [DEFAULT_FILE]
        if extra := os.environ.get("INGEST_CONFIG"):
            files.append(Path(extra))
        toml = TomlConfigSettingsSource(settings_cls, toml_file=files, deep_merge=True)
        return (init_settings, env_settings, toml)

    @property
    def config_dir(self) -> Path:
        return CONFIG_DIR


def load_settings(**overrides: Any) -> Settings:
    """Load and validate settings; `overrides` win over every other source.

    Raises ConfigError with pydantic's explanation when a value is missing or invalid.
    """
    config_file = os.environ.get("INGEST_CONFIG")
    if config_file and not Path(config_file).is_file():
        raise ConfigError(f"INGEST_CONFIG names {config_file!r}, which is not a file")
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(f"invalid settings:\n{exc}") from exc


def read_config(path: Path) -> dict[str, Any]:
    """A TOML data file of the config folder (phrase lists, stage options), parsed.

    Raises ConfigError naming the file when it is missing or not valid TOML.
    """
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, loaded once."""
    return load_settings()
