"""Temporal expressions: per-language lexicons, one compiled grammar, calendar resolution.

`lexicon` builds a language's words (month and weekday names from dateparser's data, the glue
from config/dates.toml); `grammar` compiles them into one pattern; `calendar` turns what was
found into ISO 8601 values against a reference date; `extract` runs it over a text.
"""
