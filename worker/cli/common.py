"""What several commands share: the inputs they name, JSON lines out (nothing of the runtime:
`ingest run` uses this too; commands that talk to Redis get their context from cli.context)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import click

from worker.cli.sources import Inputs
from worker.settings import Settings

_STREAM_JSON: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}


def emit(record: dict[str, Any], err: bool = False) -> None:
    """One JSON line (stdout, or stderr with `err`)."""
    click.echo(json.dumps(record, **_STREAM_JSON), err=err)


def inputs(paths: Iterable[str], urls: Iterable[str], settings: Settings, verb: str) -> Inputs:
    """The submissions the arguments name; a usage error when they name none."""
    try:
        items = Inputs(paths, urls, settings.intake.max_bytes)
    except FileNotFoundError as exc:
        raise click.BadParameter(str(exc), param_hint="PATH") from None
    if not len(items):
        given = "the paths given hold no file" if paths else "give files, directories, - or --url"
        raise click.UsageError(f"nothing to {verb}: {given}")
    return items
