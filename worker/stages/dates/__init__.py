"""Stage `dates`: temporal expressions in `text`, with ISO 8601 values.

In: `text`, `language.code`, `published` (ISO date or None). Out: `dates`, a tuple of
`{"text", "value", "start", "end"}` in text order, `text[start:end] == text`. Values:
`2018-06-27`; `--06-27` or `--06` when the year is unknown (no year written, no `published`);
`2018-06`, `2018-W26`, `2018`; ranges as ISO 8601 intervals `2018-07-11/2018-07-12`.
Expressions relative to the publication date ("yesterday", "on Thursday", "next July",
"earlier this month", "3 days ago") are resolved against `published`; without it they are kept
with `value: null`, so the mention is still visible. Dates without a year take the year that
puts them nearest `published`. Options and per-language words: config/dates.toml. Pure and
deterministic: the only reference time is `published`.

Inside this folder: `lexicon` builds a language's words (month and weekday names from
dateparser's data, the glue from config/dates.toml); `grammar` compiles them into one pattern
(with two more for Chinese, Japanese and Korean, whose words have no spaces around them:
dates by numbers and units, and weekdays and relative dates, checked against the words of
`worker/segment.py`);
`resolve` turns each matched form into calendar values and `calendar` into ISO 8601 against
the reference date; `extract` runs it over a text.
"""

from worker.stages import StageSpec

STAGE = StageSpec(
    name="dates",
    event="article_dates_extracted",
    requires=("text",),
    uses=("language.code", "published"),
    assigns=("dates",),
)
