"""Stage `keywords`: the article's most characteristic phrases, with scores.

In: `text`, `language.code`, and `entities` and `dates` if those stages ran (mention spans
keep names whole; the words of a date are never keywords). Out: `keywords`, at most `top`
items `{"text", "score", "start", "end"}`, best first; `score` in (0, 1] (the best phrase
scores 1.0, the others by their YAKE weight relative to it); `text[start:end]` is the phrase
at its first occurrence in the form the text uses most. Stop words per language come from
stopwordsiso; languages it lacks, `und`, and scripts written without spaces that no
segmenter here cuts get no keywords. Chinese, Japanese and Thai are cut into words by their
segmenter, and their keywords are nouns and runs of nouns (`worker/segment.py`). Options:
config/keywords.toml. Pure and deterministic.

Inside this folder: `tokens` cuts a text into words with sentence and phrase breaks (by
`worker/segment.py` in a language written without spaces); `units`
joins the words of one name (an entity mention, or capitalized words in a row) into a single
unit, so a name is never split; `scoring` ranks phrases of units with the YAKE features
(Campos et al., 2020).
"""

from worker.stages import StageSpec

STAGE = StageSpec(
    name="keywords",
    event="article_keywords_extracted",
    requires=("text",),
    uses=("language.code", "entities", "dates"),
    assigns=("keywords",),
)
