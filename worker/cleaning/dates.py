"""A publication date from a short date line ("Published June 24, 2026", "15.04.2026, 07:15")."""

from __future__ import annotations

import dateparser

# Absolute dates only: "3 hours ago" would depend on the clock, which stages never read.
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}
_MAX_LEADING_WORDS = 3  # "Veröffentlicht am", "Published", "Updated on"


def parse_date_line(line: str) -> str | None:
    """ISO date (YYYY-MM-DD) of the first full date in `line`, or None.

    Leading label words are dropped one at a time until dateparser reads a full date.
    """
    words = line.split()
    for skip in range(min(_MAX_LEADING_WORDS, len(words) - 1) + 1):
        found = dateparser.parse(" ".join(words[skip:]), settings=_SETTINGS)
        if found is not None:
            return found.date().isoformat()
    return None
