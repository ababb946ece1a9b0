"""The stories stage: near-duplicates and story placement, through the pipeline (state in
memory, as `ingest run` keeps it) and against both stores (memory, and a real Redis)."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import redis

from tests.stories_articles import (
    CHINESE,
    CHINESE_OTHER,
    CHINESE_REPORT,
    COPY,
    EVENT,
    GERMAN,
    GERMAN_OTHER,
    GERMAN_REPORT,
    HINDI,
    HINDI_OTHER,
    HINDI_REPORT,
    JAPANESE,
    JAPANESE_OTHER,
    JAPANESE_REPORT,
    KOREAN,
    KOREAN_OTHER,
    KOREAN_REPORT,
    OTHER,
    POLISH,
    POLISH_OTHER,
    POLISH_REPORT,
    REPORT,
    RUSSIAN,
    RUSSIAN_FORMS,
    RUSSIAN_FORMS_REPORT,
    RUSSIAN_OTHER,
    RUSSIAN_REPORT,
    THAI,
    THAI_COPY,
    THAI_OTHER,
    THAI_REPORT,
    TURKISH,
    TURKISH_OTHER,
    TURKISH_REPORT,
    VIETNAMESE,
    VIETNAMESE_OTHER,
    VIETNAMESE_REPORT,
    reports,
)
from worker.article import Article
from worker.errors import ConfigError
from worker.pipeline import Pipeline
from worker.runtime.warmup import warm
from worker.settings import load_settings
from worker.stages.stories.features import (
    ANY,
    FIGURES_KEPT,
    SHORTEST,
    THAI_CHARACTERS,
    Signature,
    Terms,
    figures,
    lead,
    months,
    shingles,
    stem_for,
    stemmed,
    stop_words,
    weekdays,
    words,
    years,
)
from worker.stages.stories.redis_store import RedisStore, pack, unpack
from worker.stages.stories.stage import Choice, Placer, store_for
from worker.stages.stories.store import MemoryStore, Placement, Store, Story


def article(text: str, n: int = 0, published: str | None = None) -> Article:
    return Article(
        ingest_id=f"t{n}",
        received_at="2026-03-03T10:00:00Z",
        source={"kind": "text", "uri": f"text:{n}", "content_type": None},
        raw=text.encode(),
        published=published,
    )


@pytest.fixture
def pipeline() -> Pipeline:
    return Pipeline(load_settings())  # a fresh in-memory store per test


def place(
    pipeline: Pipeline, text: str, n: int = 0, published: str | None = None
) -> dict[str, Any]:
    return pipeline.run(article(text, n, published)).to_record()


# --- near-duplicates --------------------------------------------------------------------------


def test_signature_survives_the_changes_of_a_wire_copy_and_not_an_independent_report() -> None:
    original = Signature.of(EVENT)
    assert original.containment(Signature.of(COPY)) >= 0.7
    assert original.containment(Signature.of(REPORT)) < 0.1
    assert original.containment(Signature.of(OTHER)) < 0.1
    assert set(original.bands()) & set(Signature.of(COPY).bands())


def test_a_thai_shingle_spans_some_five_words_and_other_texts_keep_theirs() -> None:
    """A Thai character counts a quarter of a word (Thai writes some five a word); counted a
    word, as before, the independent Thai report held nearly half the first's shingles."""
    original = Signature.of(THAI)
    assert original.containment(Signature.of(THAI_COPY)) >= 0.6
    assert original.containment(Signature.of(THAI_REPORT)) < 0.1
    assert original.containment(Signature.of(THAI_OTHER)) < 0.1
    first, report = shingles(THAI, 1), shingles(THAI_REPORT, 1)  # a character a word
    assert len(first & report) / min(len(first), len(report)) > 0.4
    thai = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดต"  # 21 characters: two shingles of 20
    assert shingles(thai) == {" ".join(thai[:20]), " ".join(thai[1:])}
    assert shingles("กขฃค aaa bbb ccc ddd eee") == {  # a word among them counts a word
        "ก ข ฃ ค aaa bbb ccc ddd", "ข ฃ ค aaa bbb ccc ddd eee"
    }  # fmt: skip
    assert shingles("One two three four five six") == {  # as every earlier version made them
        "one two three four five", "two three four five six"
    }  # fmt: skip
    assert shingles("震度六弱の地震") == {"震 度 六 弱 の", "度 六 弱 の 地", "六 弱 の 地 震"}


def test_wire_copy_points_at_the_original_and_joins_its_story(pipeline: Pipeline) -> None:
    first = place(pipeline, EVENT, 1)
    copy = place(pipeline, COPY, 2)
    assert first["duplicate_of"] is None
    assert first["story"]["new"] is True
    assert copy["duplicate_of"]["article_id"] == first["article_id"]
    assert 0.5 <= copy["duplicate_of"]["similarity"] <= 1.0
    assert copy["story"] == {**copy["story"], "id": first["story"]["id"], "new": False}


def test_independent_report_joins_the_story_but_is_no_duplicate(pipeline: Pipeline) -> None:
    first = place(pipeline, EVENT, 1)
    report = place(pipeline, REPORT, 2)
    assert report["duplicate_of"] is None
    assert report["story"]["id"] == first["story"]["id"]
    assert report["story"]["new"] is False
    assert 0.2 <= report["story"]["score"] <= 1.0


def test_another_event_of_the_same_kind_opens_its_own_story(pipeline: Pipeline) -> None:
    first = place(pipeline, EVENT, 1)
    place(pipeline, REPORT, 2)
    other = place(pipeline, OTHER, 3)
    assert other["story"]["new"] is True
    assert other["story"]["id"] != first["story"]["id"]
    assert other["duplicate_of"] is None


def test_languages_are_never_merged(pipeline: Pipeline) -> None:
    first = place(pipeline, EVENT, 1)
    german = place(pipeline, GERMAN, 2)
    assert german["language"]["code"] == "de"
    assert german["duplicate_of"] is None
    assert german["story"]["id"] != first["story"]["id"]


def test_stories_are_told_apart_within_another_language(pipeline: Pipeline) -> None:
    english = place(pipeline, EVENT, 1)
    german = place(pipeline, GERMAN, 2)
    report = place(pipeline, GERMAN_REPORT, 3)
    other = place(pipeline, GERMAN_OTHER, 4)
    assert {german["language"]["code"], report["language"]["code"]} == {"de"}
    assert report["story"]["id"] == german["story"]["id"] != english["story"]["id"]
    assert report["duplicate_of"] is None  # an independent report, not a copy
    assert other["story"]["new"] is True
    assert other["story"]["id"] not in {german["story"]["id"], english["story"]["id"]}


INFLECTED = [
    ("ru", RUSSIAN, RUSSIAN_REPORT, RUSSIAN_OTHER),
    ("pl", POLISH, POLISH_REPORT, POLISH_OTHER),
    ("tr", TURKISH, TURKISH_REPORT, TURKISH_OTHER),
]


@pytest.mark.parametrize(
    ("code", "first", "report", "other"),
    [
        ("ja", JAPANESE, JAPANESE_REPORT, JAPANESE_OTHER),  # written without spaces
        ("zh", CHINESE, CHINESE_REPORT, CHINESE_OTHER),
        ("ko", KOREAN, KOREAN_REPORT, KOREAN_OTHER),  # particles written onto the words
        ("vi", VIETNAMESE, VIETNAMESE_REPORT, VIETNAMESE_OTHER),  # syllables of two letters
        ("hi", HINDI, HINDI_REPORT, HINDI_OTHER),  # vowel signs: marks inside words
        *INFLECTED,  # a name in many forms
    ],
)
def test_stories_are_told_apart_in_other_scripts_and_languages(
    pipeline: Pipeline, code: str, first: str, report: str, other: str
) -> None:
    told_apart(pipeline, code, first, report, other)


def test_thai_stories_are_told_apart_by_its_words() -> None:
    languages = [*load_settings().language.languages, "th"]  # not tagged by default
    pipeline = Pipeline(load_settings(language={"languages": languages}))
    report = told_apart(pipeline, "th", THAI, THAI_REPORT, THAI_OTHER)
    assert report["story"]["score"] > 0.4  # as runs between spaces: by its names and figures
    copy = place(pipeline, THAI_COPY, 5)  # of the first Thai article, which named the story
    assert "s" + copy["duplicate_of"]["article_id"][:16] == report["story"]["id"]
    assert copy["story"]["id"] == report["story"]["id"]


def test_thai_is_cut_into_words_and_other_scripts_keep_their_marks() -> None:
    thai = "เรือข้ามฟากชนเรือสินค้านอกชายฝั่ง"  # ferry, collide, ship, cargo, off, coast
    assert list(words(thai, frozenset())) == ["เรือข้ามฟาก", "ชน", "เรือ", "สินค้า", "นอก", "ชายฝั่ง"]
    assert list(words("ที่ท่าเรือและในเมือง", frozenset())) == ["ท่าเรือ", "เมือง"]  # Thai stops
    assert len(list(words("เรือ " * 1000, frozenset()))) == THAI_CHARACTERS // 4  # then no more
    unspaced = list(words("เรือ" * 50_000, frozenset()))  # one run of 200,000 characters
    assert unspaced and sum(map(len, unspaced)) <= THAI_CHARACTERS
    assert list(words("पुणे में भारी बारिश", stop_words("hi"))) == ["पुणे", "भारी", "बारिश"]
    assert list(words("باران در تهران ادامه می‌یابد", stop_words("fa"))) == [
        "باران", "تهران", "ادامه", "می‌یابد"  # one word, with its joiner
    ]  # fmt: skip


def told_apart(
    pipeline: Pipeline, code: str, first: str, report: str, other: str
) -> dict[str, Any]:
    """A report of the event joins the first; another event of its kind opens its own."""
    english = place(pipeline, EVENT, 1)
    opened = place(pipeline, first, 2)
    joined = place(pipeline, report, 3)
    apart = place(pipeline, other, 4)
    assert {opened["language"]["code"], joined["language"]["code"]} == {code}
    assert joined["story"]["id"] == opened["story"]["id"] != english["story"]["id"]
    assert joined["duplicate_of"] is None
    assert apart["story"]["new"] is True
    assert apart["story"]["id"] not in {opened["story"]["id"], english["story"]["id"]}
    return joined


@pytest.mark.parametrize(("code", "first", "report", "other"), INFLECTED)
def test_a_report_in_other_word_forms_is_nearer_by_its_stems(
    code: str, first: str, report: str, other: str
) -> None:
    scores = []
    for stems in ([code], []):
        pipeline = Pipeline(load_settings(stories={"stems": stems}))
        place(pipeline, first, 1)
        scores.append(place(pipeline, report, 2)["story"]["score"])
    assert scores[0] > scores[1] + 0.04  # 0.37-0.41 against 0.26-0.36 when written


def test_a_report_sharing_only_stems_with_a_story_joins_it_by_them() -> None:
    """With the rule backend's names, written as the text writes them: stems alone join."""
    rules = {"backends": {"ru": "rules"}}
    placed = []
    for stems in (["ru"], []):
        pipeline = Pipeline(load_settings(stories={"stems": stems}, entities=rules))
        placed.append([place(pipeline, RUSSIAN_FORMS, 1), place(pipeline, RUSSIAN_FORMS_REPORT, 2)])
    (first, report), (first_as_written, report_as_written) = placed
    assert report["story"]["id"] == first["story"]["id"] and report["story"]["new"] is False
    assert report_as_written["story"]["new"] is True  # as written, no story shares its terms
    assert report_as_written["story"]["id"] != first_as_written["story"]["id"]


def test_names_in_the_nominative_join_a_russian_report_without_stems() -> None:
    """Natasha names each entity in the nominative, whatever case the text writes it in:
    the two reports share their names' terms even with the words as written."""
    pipeline = Pipeline(load_settings(stories={"stems": []}))
    first = place(pipeline, RUSSIAN_FORMS, 1)
    report = place(pipeline, RUSSIAN_FORMS_REPORT, 2)
    assert {e["name"] for e in first["entities"]} & {e["name"] for e in report["entities"]}
    assert report["story"]["id"] == first["story"]["id"] and report["story"]["new"] is False


def test_words_and_names_are_compared_by_their_stems_where_stems_names_the_language() -> None:
    options = load_settings().stories
    assert "ru" in options.stems and "en" not in options.stems
    russian = stem_for("ru", options)
    assert russian is not None and stem_for("en", options) is None
    forms = "судно Вальморы, судном у Вальморой; капитан Соколова, капитана Соколовой"
    assert russian(list(words(forms, stop_words("ru")))) == [
        "судн", "вальмор", "судн", "вальмор", "капита", "соколов", "капита", "соколов"
    ]  # fmt: skip
    found = Counter(words(forms, stop_words("ru")))
    assert stemmed(found, russian, 60) == {"судн": 2, "вальмор": 2, "капита": 2, "соколов": 2}
    # stemmed a chunk of twice the stems wanted at a time, from the lead: here two words
    assert stemmed(found, russian, 1) == {"судн": 1, "вальмор": 1}
    names = (  # two forms of one name are one term, their mentions added
        {"name": "Ирина Соколова", "type": "PERSON", "mentions": [[0, 1]] * 2},
        {"name": "Ирины Соколовой", "type": "PERSON", "mentions": [[0, 1]]},
        {"name": "Вальморой", "type": "LOC", "mentions": [[0, 1]]},
    )
    text = "Паром прибыл в Вальмору. Капитан Ирина Соколова встретила его."
    russian_text = Article(
        ingest_id="t", received_at="", source={}, text=text, language={"code": "ru"},
        entities=names,
    )  # fmt: skip
    counts = Terms.of(russian_text, options).counts
    assert counts["#ирин соколов"] == (3, options.person_weight)
    assert counts["#вальмор"] == (1, options.entity_weight) and "вальмор" in counts
    title = "Катер Соколовой встретил паром"  # her name in another case than the text's
    assert lead(names, title, russian) == "соколов"
    assert lead(names, title) is None  # as written, the title names her form met once
    english = replace(russian_text, language={"code": "en"})
    assert "#ирина соколова" in Terms.of(english, options).counts  # as written


def test_stems_must_name_languages_snowball_stems() -> None:
    with pytest.raises(ConfigError, match="no stemmer for xx"):
        load_settings(stories={"stems": ["ru", "xx"]})


def test_chinese_japanese_and_korean_are_read_as_character_pairs() -> None:
    stops = stop_words("ja")
    assert list(words("台風が上陸した。Typhoon Nanmadol, 12 km", stops)) == [
        "台風",  # "した": grammar, all in hiragana, left out
        "風が",
        "が上",
        "上陸",
        "陸し",
        "typhoon",
        "nanmadol",
        "12",
    ]
    assert list(words("雨", stops)) == ["雨"]
    korean = words("발모라항에서 그리고 배가 좌초", stop_words("ko"))  # at Valmora port, and, ship
    assert list(korean) == ["발모", "모라", "라항", "항에", "배가", "좌초"]  # no "에서", "그리고"
    assert list(words("배", stop_words("ko"))) == ["배"]


def test_vietnamese_syllables_of_two_letters_are_words() -> None:
    """Vietnamese writes each syllable apart: "va chạm" (collide), "sương mù" (fog)."""
    ferry = "Phà va chạm trong sương mù gần bờ"  # the ferry collides in fog near the shore
    assert list(words(ferry, stop_words("vi"), SHORTEST["vi"])) == [
        "phà", "va", "chạm", "sương", "mù", "gần", "bờ"  # "trong" (in): a stop word
    ]  # fmt: skip
    article = Article(ingest_id="v", received_at="2026-03-03T10:00:00Z", text=ferry,
                      source={"kind": "text", "uri": "text:v", "content_type": None},
                      language={"code": "vi", "confidence": 1.0, "declared": None})  # fmt: skip
    assert {"va", "mù", "bờ"} <= set(Terms.of(article, load_settings().stories).counts)
    assert list(words("The ferry struck a sandbank near Kessvik", stop_words("en"))) == [
        "ferry",
        "struck",
        "sandbank",
        "kessvik",
    ]


def test_a_placement_is_made_once_however_often_the_article_comes(pipeline: Pipeline) -> None:
    first = place(pipeline, EVENT, 1)
    place(pipeline, REPORT, 2)
    again = place(pipeline, EVENT, 3)  # a redelivery, re-drive or repeat: same article_id
    assert again["story"] == first["story"]
    assert again["duplicate_of"] is None


def test_a_report_published_weeks_apart_weighs_apart_penalty_less() -> None:
    def later_score(published: str, **options: Any) -> dict[str, Any]:
        pipeline = Pipeline(load_settings(stories=options))
        place(pipeline, EVENT, 1, published="2026-03-03")
        return place(pipeline, REPORT, 2, published=published)["story"]

    near, apart = later_score("2026-03-04"), later_score("2026-04-20")
    assert near["new"] is apart["new"] is False  # a story weakens with time; it joins here
    penalty = load_settings().stories.apart_penalty
    assert apart["score"] == pytest.approx(penalty * near["score"], abs=0.002)
    assert later_score("2026-04-20", apart_penalty=0.0)["new"] is True  # a hard window
    assert later_score("2026-03-04", apart_penalty=0.0)["new"] is False


def test_years_apart_weigh_apart_penalty_less() -> None:
    def dated(text: str, year: str) -> str:
        return text.replace("Tuesday", f"Tuesday, March 3, {year},", 1)

    def later(event: str, report: str) -> dict[str, Any]:
        pipeline = Pipeline(load_settings(stories={"apart_penalty": 0.0}))
        place(pipeline, event, 1)
        return place(pipeline, report, 2)["story"]

    assert later(dated(EVENT, "2026"), dated(REPORT, "2026"))["new"] is False
    assert later(dated(EVENT, "2026"), dated(REPORT, "2019"))["new"] is True  # another event
    assert later(EVENT, dated(REPORT, "2019"))["new"] is False  # no year to tell them apart


def test_months_apart_weigh_apart_penalty_less() -> None:
    def dated(text: str, day: str) -> str:
        return text.replace("Tuesday", f"Tuesday, {day},", 1)  # no year: the years say nothing

    def later(event: str, report: str, published: str | None = None) -> dict[str, Any]:
        pipeline = Pipeline(load_settings(stories={"apart_penalty": 0.0}))
        place(pipeline, event, 1, published)
        return place(pipeline, report, 2, published)["story"]

    assert later(dated(EVENT, "March 3"), dated(REPORT, "March 3"))["new"] is False
    assert later(dated(EVENT, "March 3"), dated(REPORT, "June 9"))["new"] is True
    assert later(EVENT, dated(REPORT, "June 9"))["new"] is False  # no month to tell them apart
    # published the same day: the days say when, not the months the texts name
    assert later(dated(EVENT, "March 3"), dated(REPORT, "June 9"), "2026-03-04")["new"] is False


def test_months_are_those_the_dates_name() -> None:
    values = ["2018-06-27", "--07", "--08-01/2018-09-02", "2018", "2018-W26", "2018-11", None]
    assert months([{"text": "", "value": v} for v in values]) == {6, 7, 8, 9, 11}
    assert months([]) == frozenset()


def test_weekdays_apart_weigh_apart_penalty_less() -> None:
    def later(report: str, published: str | None = None) -> dict[str, Any]:
        pipeline = Pipeline(load_settings(stories={"apart_penalty": 0.0}))
        place(pipeline, EVENT, 1, published)  # on Tuesday, said on Wednesday
        return place(pipeline, report, 2, published)["story"]

    other_days = REPORT.replace("Tuesday", "Friday").replace("Wednesday", "Saturday")
    assert later(REPORT)["new"] is False
    assert later(other_days)["new"] is True
    assert later(other_days, "2026-03-04")["new"] is False  # published: the days say when


def test_weekdays_are_named_in_the_articles_language_or_those_of_full_dates() -> None:
    def dates(*found: tuple[str, str | None]) -> list[dict[str, Any]]:
        return [{"text": text, "value": value} for text, value in found]

    assert weekdays(dates(("Tuesday", None), ("Friday, March 3", "--03-03")), "en") == {1, 4}
    assert weekdays(dates(("March 4, 2026", "2026-03-04"), ("2026", "2026")), "en") == {2}
    assert weekdays(dates(("am Dienstag", None), ("Sonntag", "2026-03-08")), "de") == {1, 6}
    assert weekdays(dates(("Dienstag", None)), "en") == frozenset()  # not an English name
    # names of two or three letters in Chinese, Japanese and Korean
    assert weekdays(dates(("周二", None), ("星期五", None)), "zh") == {1, 4}
    assert weekdays(dates(("火曜日", None)), "ja") == {1}
    assert weekdays(dates(("월요일", None)), "ko") == {0}
    assert weekdays(dates(("у п’ятницю", None)), "uk") == {4}  # an apostrophe inside
    # names of two words (the dates stage read them as weekdays: "thứ Hai", not "thứ hai",
    # the second); Thai's inside a run without spaces
    assert weekdays(dates(("thứ Hai", None), ("Chủ nhật tới", None)), "vi") == {0, 6}
    assert weekdays(dates(("tháng 5", "2026-05")), "vi") == frozenset()
    assert weekdays(dates(("วันจันทร์", None)), "th") == {0}


def test_figures_apart_weigh_apart_penalty_less() -> None:
    def later(report: str, published: str | None = None) -> dict[str, Any]:
        pipeline = Pipeline(load_settings(stories={"apart_penalty": 0.0}))
        place(pipeline, EVENT, 1, published)  # 214 passengers
        return place(pipeline, report, 2, published)["story"]

    assert later(REPORT)["new"] is False
    assert later(REPORT.replace("214 people", "186 people"))["new"] is True
    assert later(REPORT.replace("214 people", "many people"))["new"] is False  # no figure
    # published the same day: the days say when (a toll grows from one report to the next)
    assert later(REPORT.replace("214", "186"), "2026-03-04")["new"] is False


def test_each_way_apart_weighs_apart_penalty_again() -> None:
    def score(report: str, penalty: float) -> float:
        pipeline = Pipeline(load_settings(stories={"apart_penalty": penalty, "threshold": 0.01}))
        place(pipeline, EVENT, 1)  # 214 passengers, on Tuesday
        return float(place(pipeline, report, 2)["story"]["score"])

    other_figure = REPORT.replace("214 people", "186 people")
    two_ways = other_figure.replace("Tuesday", "Friday").replace("Wednesday", "Saturday")
    assert score(REPORT, 0.5) == score(REPORT, 1.0)
    assert score(other_figure, 0.5) == pytest.approx(0.5 * score(other_figure, 1.0), abs=0.001)
    assert score(two_ways, 0.5) == pytest.approx(0.25 * score(two_ways, 1.0), abs=0.001)


def test_figures_are_the_numbers_of_the_lead_not_years() -> None:
    lead_ = (
        "At least 1,250 homes and 3 schools were hit, 12.5 km from Orla, in 2026; the 41-year-old"
    )
    assert figures(lead_ + " mayor said 07 times.") == {"1250", "12.5", "41", "07"}
    assert figures(lead_.ljust(400) + " 99 more") == {"1250", "12.5", "41"}  # past the lead
    assert figures("Room 4B, 5G, $20M and No. 7") == frozenset()


def test_a_report_led_by_another_person_weighs_apart_penalty_less() -> None:
    def headed(text: str, headline: str) -> str:
        return headline + "\n\n" + text.split("\n\n", 1)[1]

    def later(report: str) -> dict[str, Any]:
        pipeline = Pipeline(load_settings(stories={"apart_penalty": 0.0}))
        thanks = "missing. Marend thanked the fishing crews, and Marend praised the volunteers."
        event = EVENT.replace("missing.", thanks)
        placed = place(pipeline, headed(event, "Captain Marend leads Valmora ferry rescue"), 1)
        assert lead(placed["entities"], placed["title"]) == "marend"
        return place(pipeline, report, 2)["story"]

    report = headed(REPORT, "Marend: fog blamed as Valmora ferry strikes freighter")
    assert later(report)["new"] is False  # led by Marend too
    other = report.replace("Ilse Marend", "Petra Lund").replace("Marend", "Lund")
    assert later(other)["new"] is True  # led by someone the story's reports do not name
    named = other.replace("the Valmora quay.", "the Valmora quay, where Ilse Marend also spoke.")
    assert later(named)["new"] is False  # led by another, but naming the story's lead
    assert (
        later(REPORT.replace("Ilse Marend", "Petra Lund").replace("Marend", "Lund"))["new"] is False
    )  # a person the headline does not name leads nothing


def test_the_leading_person_is_the_one_the_title_and_the_text_name_most() -> None:
    def person(name: str, mentions: int, kind: str = "PERSON") -> dict[str, Any]:
        return {"name": name, "type": kind, "mentions": [[0, 1]] * mentions}

    people = [person("Ana Ruiz", 2), person("Tomas Varga", 3), person("Ines Varga", 4)]
    assert lead(people[:2], "Ruiz and Varga sign the deal") == "varga"
    assert lead(people[:1], "Ruiz signs the deal") == "ruiz"
    assert lead(people, "Minister Varga signs") == "varga"  # the family name
    assert lead(people[:2], "A deal is signed") is None  # the title names no one
    assert lead([person("Ana Ruiz", 1), person("Varnesk", 5, "LOC")], "Ruiz in Varnesk") is None
    assert lead(people[:1], "Ruiz's deal is signed") == "ruiz"  # a possessive names her too
    assert lead(people[:1], "Ruiz’s deal is signed") == "ruiz"


def test_a_persons_name_weighs_person_weight_words_and_other_names_entity_weight() -> None:
    def entity(name: str, kind: str) -> dict[str, Any]:
        return {"name": name, "type": kind, "mentions": [[0, 1]] * 2}

    names = (entity("Ana Ruiz", "PERSON"), entity("Varnesk", "LOC"), entity("Orvel", "ORG"))
    text = Article(ingest_id="t", received_at="", source={}, text="Harbour crews met at dawn.")
    options = load_settings(stories={"entity_weight": 1.5, "person_weight": 3.0}).stories
    vector = Terms.of(replace(text, entities=names), options).vector({}, 1)
    assert vector["#ana ruiz"] == pytest.approx(2 * vector["#varnesk"])
    assert vector["#varnesk"] == pytest.approx(1.5 * vector["harbour"])
    assert vector["#orvel"] == vector["#varnesk"]


def test_years_are_four_digit_numbers_of_the_text_and_the_published_year() -> None:
    text = "In 2008, 1,999 people; the 2012-2013 season; 3.2019 km, x2020, 2019.5, 2009’s, 1850."
    assert years(text, "2014-01-02") == {2008, 2012, 2013, 2009, 2014}
    assert years("No year here, 12 or 12345.", None) == frozenset()


def test_a_report_published_before_the_story_began_joins_it(pipeline: Pipeline) -> None:
    # a backfill or a late crawl: within the window of the story's first article, though
    # not of its latest
    first = place(pipeline, EVENT, 1, published="2026-03-10")
    later = place(pipeline, REPORT, 2, published="2026-03-16")
    early = place(pipeline, REPORT.replace("Tuesday", "Tuesday morning"), 3, "2026-03-05")
    assert later["story"]["id"] == early["story"]["id"] == first["story"]["id"]


def test_reports_of_one_event_make_one_story_in_arrival_order(pipeline: Pipeline) -> None:
    records = [place(pipeline, text, n) for n, text in enumerate(reports(6))]
    assert len({r["story"]["id"] for r in records}) == 1
    assert [r["story"]["new"] for r in records] == [True] + [False] * 5


# --- both stores: the atomic placement ------------------------------------------------------


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    settings = load_settings()
    if request.param == "memory":
        yield store_for(settings, None)
        return
    client = redis.Redis.from_url(request.getfixturevalue("redis_url"))
    client.flushdb()
    yield store_for(settings, client)
    client.close()


def placement(article_id: str, story_id: str, *, new: bool, version: int) -> Placement:
    return Placement(
        article_id=article_id,
        language="en",
        story_id=story_id,
        new=new,
        version=version,
        published=None,
        now=1_800_000_000.0,
        title=f"title of {article_id}",
        vector={"ferry": 0.8, "#valmora": 0.6},
        postings=("ferry", "#valmora"),
        signature=Signature.of(f"text of {article_id} about a ferry in Valmora"),
        result={"story": {"id": story_id, "score": 1.0, "new": new}, "duplicate_of": None},
    )


def test_of_copies_as_near_the_first_by_id_is_named_in_every_store(store: Store) -> None:
    """Earlier copies of one text are all as near a later one: `duplicate_of` names the
    first of them by id, whichever arrived first and whatever the store, so that every run
    of the same files gives the same records."""
    placer = Placer(load_settings().stories, store)

    def copy(letter: str) -> dict[str, Any]:
        return placer.place(
            Article(
                ingest_id=letter,
                received_at="2026-03-03T10:00:00Z",
                source={"kind": "text", "uri": f"text:{letter}", "content_type": None},
                article_id=letter * 64,
                language={"code": "en", "confidence": 1.0, "declared": None},
                title=EVENT.split(".")[0],
                text=EVENT,
            )
        )

    assert copy("c")["duplicate_of"] is None
    assert copy("e")["duplicate_of"] == {"article_id": "c" * 64, "similarity": 1.0}
    assert copy("b")["duplicate_of"] == {"article_id": "c" * 64, "similarity": 1.0}
    assert copy("a")["duplicate_of"] == {"article_id": "b" * 64, "similarity": 1.0}
    assert copy("d")["duplicate_of"] == {"article_id": "a" * 64, "similarity": 1.0}


def test_a_new_story_is_refused_when_another_opened_meanwhile(store: Store) -> None:
    seen = store.version("en")
    assert store.place(placement("a1", "s1", new=True, version=seen)) is not None
    # a second worker read the same version before the first placed: it must read again
    assert store.place(placement("a2", "s2", new=True, version=seen)) is None
    assert store.story_of("a2") is None
    found = store.candidates("en", {"ferry": 1.0}, ["ferry"], 1_800_000_001.0, 5)
    assert [s.id for s in found] == ["s1"]
    joined = store.place(placement("a2", "s1", new=False, version=store.version("en")))
    assert joined is not None and joined["story"]["id"] == "s1"
    assert [(s["id"], s["articles"]) for s in store.top(5)] == [("s1", 2)]


def test_placing_an_article_twice_gives_the_first_answer(store: Store) -> None:
    first = store.place(placement("a1", "s1", new=True, version=store.version("en")))
    second = store.place(placement("a1", "s9", new=True, version=store.version("en")))
    assert first == second
    assert store.story_of("a1") == "s1"
    assert [s["articles"] for s in store.top(5)] == [1]


def test_a_closed_story_cannot_be_joined(store: Store) -> None:
    assert store.place(placement("a1", "gone", new=False, version=store.version("en"))) is None


def test_look_finds_an_article_sharing_bands_in_its_language_only(store: Store) -> None:
    p = placement("a1", "s1", new=True, version=store.version("en"))
    store.place(p)
    bands = p.signature.bands()
    assert set(store.look("b1", "en", [], bands, p.now).near) == {"a1"}
    assert store.look("b1", "de", [], bands, p.now).near == {}
    assert store.look("a1", "en", [], bands, p.now).placed == p.result  # nothing else read
    later = p.now + 1.5 * load_settings().stories.near_window  # out of the window
    assert store.look("b2", "en", [], bands, later).near == {}


def test_look_counts_each_document_once_and_tells_the_version(store: Store) -> None:
    now = 1_800_000_000.0
    first = store.look("a1", "en", ["ferry", "fog"], [], now)
    assert (first.documents, first.df, first.version) == (1, {"ferry": 1, "fog": 1}, 0)
    assert store.look("a2", "en", ["ferry"], [], now).df == {"ferry": 2}
    assert store.look("a3", "de", ["ferry"], [], now).df == {"ferry": 1}
    store.place(placement("a1", "s1", new=True, version=0))
    assert store.look("a4", "en", [], [], now).version == 1
    assert store.look("a1", "en", ["ferry"], [], now).placed is not None
    assert store.look("a5", "en", ["ferry"], [], now).df == {"ferry": 3}  # a1 not counted again


def test_a_merge_folds_the_younger_story_into_the_joined_one_and_is_announced(
    store: Store,
) -> None:
    store.place(placement("a1", "s1", new=True, version=store.version("en")))
    store.place(placement("a2", "s2", new=True, version=store.version("en")))
    bridge = placement("a3", "s1", new=False, version=store.version("en"))
    story = {"id": "s1", "score": 0.5, "new": False, "merged": ["s2"]}
    bridge = replace(bridge, merged=("s2",), result={"story": story, "duplicate_of": None})
    assert store.place(bridge) == bridge.result
    assert [(s["id"], s["articles"]) for s in store.top(5)] == [("s1", 3)]
    found = store.candidates("en", {"ferry": 1.0}, ["ferry", "#valmora"], bridge.now, 5)
    assert [s.id for s in found] == ["s1"]
    assert store.story_of("a2") == "s2"  # a published placement never changes
    assert _events(store) == [
        {"merged": ["s1", "s2"], "into": "s1", "language": "en", "article_id": "a3",
         "at": "2027-01-15T08:00:00Z"}
    ]  # fmt: skip
    # a story merged (or closed) meanwhile cannot be merged again: read and score again
    again = replace(placement("a4", "s1", new=False, version=0), merged=("s2",))
    assert store.place(again) is None
    assert store.story_of("a4") is None
    assert len(_events(store)) == 1


def test_a_story_keeps_its_days_and_marks_through_a_merge(store: Store) -> None:
    day = 86_400.0
    first = replace(placement("a1", "s1", new=True, version=0), published=20 * day)
    first = replace(
        first, months=frozenset({3}), weekdays=frozenset({1}), figures=frozenset({"214"})
    )
    store.place(replace(first, years=frozenset({2024}), lead="ana ruiz"))
    second = replace(placement("a2", "s1", new=False, version=1), published=30 * day)
    store.place(replace(second, years=frozenset({2025, 2024})))
    third = replace(placement("a3", "s2", new=True, version=1), published=12 * day)
    store.place(replace(third, lead="tomas varga de la cruz", months=frozenset({11, 12})))
    seventh = replace(placement("a7", "s2", new=False, version=2), figures=frozenset({"11", "2.5"}))
    store.place(replace(seventh, weekdays=frozenset({6})))
    found = store.candidates("en", {"ferry": 1.0}, ["ferry"], first.now, 5)
    assert {(s.id, s.published_first, s.published, s.years, s.leads) for s in found} == {
        ("s1", 20 * day, 30 * day, frozenset({2024, 2025}), frozenset({"ana ruiz"})),
        ("s2", 12 * day, 12 * day, frozenset(), frozenset({"tomas varga de la cruz"})),
    }
    assert {s.id: (s.months, s.weekdays, s.figures) for s in found} == {
        "s1": ({3}, {1}, {"214"}),
        "s2": ({11, 12}, {6}, {"11", "2.5"}),
    }
    bridge = replace(placement("a4", "s1", new=False, version=2), merged=("s2",))
    store.place(replace(bridge, years=frozenset({1999}), lead="ana ruiz"))
    found = store.candidates("en", {"ferry": 1.0}, ["ferry"], first.now, 5)
    assert [(s.id, s.published_first, s.published, s.years, s.leads) for s in found] == [
        ("s1", 12 * day, 30 * day, frozenset({1999, 2024, 2025}),
         frozenset({"ana ruiz", "tomas varga de la cruz"}))
    ]  # fmt: skip
    assert [(s.months, s.weekdays, s.figures) for s in found] == [
        ({3, 11, 12}, {1, 6}, {"11", "2.5", "214"})
    ]
    opening = placement("a5", "s3", new=True, version=store.version("en"))
    assert store.place(replace(opening, years=frozenset({2001}))) is not None
    bridge = replace(placement("a6", "s1", new=False, version=0), merged=("s3",))
    # no year of its own: the merged story's years still come along
    assert store.place(bridge) is not None
    found = store.candidates("en", {"ferry": 1.0}, ["ferry"], first.now, 5)
    assert [s.years for s in found] == [frozenset({1999, 2001, 2024, 2025})]


def test_a_story_keeps_so_many_figures_then_any(store: Store) -> None:
    some = frozenset(str(n) for n in range(10, 10 + FIGURES_KEPT))
    store.place(replace(placement("a1", "s1", new=True, version=0), figures=some))
    found = store.candidates("en", {"ferry": 1.0}, ["ferry"], 1_800_000_000.0, 5)
    assert [s.figures for s in found] == [some]
    store.place(replace(placement("a2", "s1", new=False, version=1), figures=frozenset({"99"})))
    found = store.candidates("en", {"ferry": 1.0}, ["ferry"], 1_800_000_000.0, 5)
    assert [s.figures for s in found] == [{ANY}]
    store.place(replace(placement("a3", "s1", new=False, version=1), figures=frozenset({"98"})))
    found = store.candidates("en", {"ferry": 1.0}, ["ferry"], 1_800_000_000.0, 5)
    assert [s.figures for s in found] == [{ANY}]


def test_a_centroid_past_twice_its_cap_keeps_its_heaviest_terms(store: Store) -> None:
    assert isinstance(store, MemoryStore | RedisStore)
    store.centroid_terms = 2  # pruned to the 2 heaviest when it holds more than 4
    opening = replace(placement("a1", "s1", new=True, version=0), vector={"a": 0.8, "b": 0.6})
    store.place(opening)
    light = dict.fromkeys("cdef", 0.5)
    store.place(replace(placement("a2", "s1", new=False, version=1), vector=light))
    now = opening.now

    def score(term: str) -> float:
        [found] = store.candidates("en", {term: 1.0}, ["ferry"], now, 5)
        return found.score

    assert score("a") == pytest.approx(0.8)  # over the kept terms' norm (0.8² + 0.6² = 1)
    assert score("c") == 0.0
    store.place(replace(placement("a3", "s1", new=False, version=1), vector={"c": 1.0}))
    assert score("c") == pytest.approx(1.0 / math.sqrt(1.0 + 1.0))  # 3 terms: not pruned


def test_a_centroid_an_earlier_version_kept_is_read_then_folded_in(redis_url: str) -> None:
    """Workers of earlier versions kept a centroid as a sorted set (<story>:terms) or, before
    that, a hash (<story>:centroid); during an upgrade they share Redis with these."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    store = store_for(load_settings(), client)
    assert isinstance(store, RedisStore)
    first = placement("a1", "s1", new=True, version=0)  # ferry 0.8, #valmora 0.6
    store.place(first)
    s1 = store.key("story", "s1")
    # earlier workers place articles in s1: one adds to a sorted set, one to a hash
    client.zincrby(s1 + ":terms", 1.0, "ferry")
    client.hincrbyfloat(s1 + ":centroid", "pier", 0.5)
    client.zincrby(s1 + ":terms", 0.25, "pier")  # one term in both

    def score(term: str) -> float:
        [found] = store.candidates("en", {term: 1.0}, ["ferry"], first.now, 5)
        return found.score

    assert score("ferry") == pytest.approx(1.8 / math.sqrt(1.8**2 + 0.6**2 + 0.75**2))
    # s1's next article folds them in: one string, the old keys gone
    store.place(replace(placement("a3", "s1", new=False, version=1), vector={"#valmora": 1.0}))
    assert not client.exists(s1 + ":centroid", s1 + ":terms")
    assert score("ferry") == pytest.approx(1.8 / math.sqrt(1.8**2 + 1.6**2 + 0.75**2))
    # a story an earlier worker opened, merged: its centroid comes along, and is gone
    s2 = store.key("story", "s2")
    client.hset(s2, mapping={"language": "en", "count": 1, "norm2": 1})
    client.zadd(s2 + ":terms", {"pier": 1.0})
    store.place(replace(placement("a4", "s1", new=False, version=1), merged=("s2",)))
    assert not client.exists(s2, s2 + ":terms", s1 + ":terms")
    assert score("pier") == pytest.approx(1.75 / math.sqrt(2.6**2 + 2.2**2 + 1.75**2))
    client.close()


def test_a_story_two_workers_write_at_once_keeps_both_articles_terms(redis_url: str) -> None:
    """A worker sums a centroid and writes it whole; when another wrote to the story since it
    read it, it appends the article's terms instead, and the next reader sums them."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    one, two = (store_for(load_settings(), client) for _ in range(2))
    assert isinstance(one, RedisStore) and isinstance(two, RedisStore)
    first = placement("a1", "s1", new=True, version=0)  # ferry 0.8, #valmora 0.6
    one.place(first)
    one.place(replace(placement("a9", "s9", new=True, version=1), vector={"pier": 1.0}))

    def score(term: str) -> float:
        found = one.candidates("en", {term: 1.0}, ["ferry"], first.now, 5)
        return {s.id: s.score for s in found}["s1"]

    # both read s1 (and s9), then each places an article in it
    for store in (one, two):
        store.candidates("en", {"ferry": 1.0}, ["ferry", "pier"], first.now, 5)
    two.place(replace(placement("a2", "s1", new=False, version=2), vector={"dock": 1.0}))
    merging = replace(placement("a3", "s1", new=False, version=2), merged=("s9",))
    one.place(replace(merging, vector={"harbour": 1.0}))
    vec = client.get(one.key("story", "s1") + ":vec")
    assert vec is not None and len(vec) > len(pack(unpack(vec)))  # chunks, not yet summed
    norm = math.sqrt(0.8**2 + 0.6**2 + 3 * 1.0)
    assert [score(t) for t in ("ferry", "dock", "harbour", "pier")] == pytest.approx(
        [0.8 / norm, 1 / norm, 1 / norm, 1 / norm]
    )
    # the next article, with no other worker writing, writes the sum: one chunk
    one.candidates("en", {"ferry": 1.0}, ["ferry"], first.now, 5)
    one.place(placement("a4", "s1", new=False, version=2))
    vec = client.get(one.key("story", "s1") + ":vec")
    assert vec is not None and vec == pack(unpack(vec))
    norm = math.sqrt(1.6**2 + 1.2**2 + 3 * 1.0)
    assert score("dock") == pytest.approx(1 / norm)
    client.close()


def _events(store: Store) -> list[dict[str, Any]]:
    if isinstance(store, MemoryStore):
        return store.events
    assert isinstance(store, RedisStore)
    entries = store.client.xrange(load_settings().streams.stories)
    return [json.loads(fields[b"record"]) for _, fields in entries]


def test_an_article_near_two_stories_joins_the_older_and_merges_the_other() -> None:
    options = load_settings().stories
    placer = Placer(options, store_for(load_settings(), None))
    draft = placement("a9", "sa9", new=True, version=0)
    near = options.merge_threshold + 0.1
    older, younger = Story("s1", near, None, 1.0), Story("s2", near + 0.05, None, 2.0)
    assert placer.choose(draft, [younger, older]) == Choice("s1", near + 0.05, ("s2",))
    # the best one under merge_threshold: it is joined, nothing merges
    low = options.merge_threshold - 0.01
    weak = [Story("s2", low, None, 2.0), Story("s1", options.threshold, None, 1.0)]
    assert placer.choose(draft, weak) == Choice("s2", low)


def test_every_redis_key_of_the_stage_expires_but_the_version(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    settings = load_settings()
    pipeline = Pipeline(settings, client)
    for n, text in enumerate([EVENT, REPORT, COPY, OTHER, GERMAN]):
        pipeline.run(article(text, n))
    keys = [k.decode() for k in client.scan_iter("ingest:*")]
    assert any(k.startswith("ingest:near:") for k in keys)
    assert any(k.startswith("ingest:story:post:") for k in keys)
    for key in keys:
        if key.startswith("ingest:story:version:"):
            continue
        assert (
            0 < client.ttl(key) <= max(settings.stories.window, settings.stories.near_window) * 2
        ), key
    stories = store_for(settings, client).top(10)
    assert [s["articles"] for s in stories] == [3, 1, 1]
    assert stories[0]["languages"] == ["en"]
    assert stories[0]["title"] == "Ferry Aurora collides with cargo ship off Valmora"
    client.close()


def test_options_are_checked() -> None:
    settings = load_settings()
    bad = settings.stories.model_dump() | {"threshold": 0}
    with pytest.raises(ValueError, match="threshold"):
        type(settings.stories).model_validate(bad)
    below = settings.stories.model_dump() | {"threshold": 0.3, "merge_threshold": 0.2}
    with pytest.raises(ValueError, match="merge_threshold"):
        type(settings.stories).model_validate(below)
    for wrong in ({"apart_penalty": 1.5}, {"apart_penalty": -0.1}, {"names": -1}):
        with pytest.raises(ValueError, match="apart_penalty"):
            type(settings.stories).model_validate(settings.stories.model_dump() | wrong)
    for wrong in ({"person_weight": -1}, {"entity_weight": -0.5}):
        with pytest.raises(ValueError, match="person_weight"):
            type(settings.stories).model_validate(settings.stories.model_dump() | wrong)
    assert type(settings.stories).model_validate(settings.stories.model_dump() | {"names": 0})


def test_worker_warm_up_leaves_no_story_behind(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    warm(Pipeline(load_settings(), client))
    assert not list(client.scan_iter("ingest:story*"))
    assert not list(client.scan_iter("ingest:near*"))
    client.close()
