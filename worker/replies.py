"""Redis replies as Python values: the one place that turns them into text."""

from __future__ import annotations


def text(value: bytes | str | int | None) -> str:
    """A Redis reply as str ('' for nil)."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode()
    return str(value)
