"""The `dates` stage: a table of short articles, one pattern per row, several languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from worker.article import Article
from worker.errors import ConfigError
from worker.settings import load_settings
from worker.stages.dates import stage as dates
from worker.stages.dates.lexicon import build_lexicon

Stage = Callable[[Article], Article]
PUBLISHED = "2018-06-20"  # a Wednesday, ISO week 25


@pytest.fixture(scope="module")
def stage() -> Stage:
    return dates.make(load_settings())


def found(stage: Stage, text: str, lang: str, published: str | None = PUBLISHED) -> list[tuple]:
    article = Article(
        ingest_id="t",
        received_at="2018-06-20T00:00:00Z",
        source={"kind": "text"},
        text=text,
        published=published,
        language={"code": lang, "confidence": 1.0, "declared": None},
    )
    result = stage(article).dates
    for item in result:
        assert text[item["start"] : item["end"]] == item["text"]
    return [(item["text"], item["value"]) for item in result]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # absolute dates, with and without a year
        ("en", "The bridge closes on June 27.", [("June 27", "2018-06-27")]),
        ("en", "It opened on Nov. 6, 2019, at noon.", [("Nov. 6, 2019", "2019-11-06")]),
        ("en", "Signed on the 27th of June 2016.", [("27th of June 2016", "2016-06-27")]),
        ("en", "Published 2017-03-01 in print.", [("2017-03-01", "2017-03-01")]),
        ("en", "Due 6/27/2018.", [("6/27/2018", "2018-06-27")]),
        ("en", "A meeting on March 10.", [("March 10", "2018-03-10")]),
        ("en", "Expected in January.", [("January", "2018-01")]),  # the nearest January
        ("de", "Der Rat tagt am 27. Juni 2018.", [("27. Juni 2018", "2018-06-27")]),
        ("de", "Gültig ab 01.01.2019.", [("01.01.2019", "2019-01-01")]),
        ("de", "Das soll bis Ende Juli fertig sein.", [("Ende Juli", "2018-07")]),
        ("fr", "Le 1er juillet 2018, tout change.", [("1er juillet 2018", "2018-07-01")]),
        ("fr", "Jusqu'à la mi-septembre.", [("mi-septembre", "2018-09")]),
        ("es", "Previsto para el 13 de junio de 2018.", [("13 de junio de 2018", "2018-06-13")]),
        ("es", "A mediados de julio.", [("mediados de julio", "2018-07")]),
        ("ru", "Это было 12 марта 2018 года.", [("12 марта 2018 года", "2018-03-12")]),
        # names written with combining marks (Hindi's vowel signs and virama)
        ("hi", "बैठक 5 मार्च 2018 को होगी।", [("5 मार्च 2018", "2018-03-05")]),
        ("hi", "यह सोमवार को हुआ।", [("सोमवार", "2018-06-18")]),
        ("hi", "बैठक 5 जनवरी 2018 को होगी।", [("5 जनवरी 2018", "2018-01-05")]),  # a mark last
        ("th", "ประชุม พฤหัสบดี ที่ศาลากลาง", [("พฤหัสบดี", "2018-06-21")]),  # a mark last
        # names with an apostrophe (as typed, or the typographic ones) or a joiner inside
        ("uk", "Рада збереться у п'ятницю.", [("п'ятницю", "2018-06-22")]),
        ("uk", "Рада збереться у пʼятницю.", [("пʼятницю", "2018-06-22")]),
        ("fa", "جلسه روز سه\u200cشنبه برگزار شد.", [("سه\u200cشنبه", "2018-06-19")]),
        # a month by its number: Chinese, Japanese and Korean units; Vietnamese words
        ("zh", "渡轮于2018年3月5日恢复运营。", [("2018年3月5日", "2018-03-05")]),
        ("ja", "工事は3月5日に始まる。", [("3月5日", "2018-03-05")]),
        ("ko", "항구는 2018년 3월 5일에 다시 열렸다.", [("2018년 3월 5일", "2018-03-05")]),
        ("ko", "2018년 3월 통계", [("2018년 3월", "2018-03")]),
        ("ja", "2018年の計画", [("2018年", "2018")]),
        (
            "vi",
            "Bến cảng mở lại ngày 5 tháng 3 năm 2018.",
            [("ngày 5 tháng 3 năm 2018", "2018-03-05")],
        ),
        ("vi", "Trong tháng 3/2018 trời mưa nhiều.", [("tháng 3/2018", "2018-03")]),
        # weekdays and "yesterday" inside a sentence written without spaces, where they are
        # words (a segmenter tells them in Chinese and Japanese; a Korean word starts after
        # a space); never inside another word: "一周一次" (once a week) holds no Monday
        (
            "zh",
            "港务局周二宣布，昨天的航班取消。",
            [("周二", "2018-06-19"), ("昨天", "2018-06-19")],
        ),
        ("zh", "渔船一周一次出海。", []),
        # with the part of the day written onto it, one word to the segmenter
        (
            "zh",
            "昨天下午渡轮停航，周二晚上恢复。",
            [("昨天下午", "2018-06-19"), ("周二晚上", "2018-06-19")],
        ),
        (
            "ja",
            "警視庁は火曜日、昨日の事故を発表した。",
            [("火曜日", "2018-06-19"), ("昨日", "2018-06-19")],
        ),
        ("ja", "先週の雨", [("先週", "2018-W24")]),
        (
            "ko",
            "경찰은 월요일에 발표했다. 어제는 비가 왔다.",
            [("월요일", "2018-06-18"), ("어제", "2018-06-19")],
        ),
        ("ko", "특허의 발명일", []),
        # Vietnamese relative dates: the modifier after the unit
        ("vi", "Cây cầu đóng cửa 3 ngày trước.", [("3 ngày trước", "2018-06-17")]),
        ("vi", "Dự án xong vào tháng trước.", [("tháng trước", "2018-05")]),
        ("vi", "Tuần tới sẽ có mưa.", [("Tuần tới", "2018-W26")]),
        ("vi", "Năm người bị thương nhẹ.", []),  # "năm" is also five
        # Vietnamese weekdays as written ("thứ Hai", Monday), not the ordinal ("lần thứ
        # hai", the second time); Sunday in any case, and a weekday with its date
        (
            "vi",
            "Cuộc họp diễn ra hôm thứ Hai, lần thứ hai trong tháng.",
            [("thứ Hai", "2018-06-18")],
        ),
        (
            "vi",
            "Chủ nhật tới trời mưa, chủ nhật trước trời nắng.",
            [("Chủ nhật tới", "2018-06-24"), ("chủ nhật trước", "2018-06-17")],
        ),
        (
            "vi",
            "Thứ Năm, ngày 21 tháng 6 năm 2018",
            [("Thứ Năm, ngày 21 tháng 6 năm 2018", "2018-06-21")],
        ),
        ("vi", "Thứ hai, giá xăng tăng.", []),  # "Second, ..."
        # Thai years of the Buddhist era, 543 ahead
        ("th", "ประชุม 5 มีนาคม 2561 ที่ศาลากลาง", [("5 มีนาคม 2561", "2018-03-05")]),
        ("th", "กำหนดเสร็จ 30/9/2561", [("30/9/2561", "2018-09-30")]),
        # Thai weekdays and day words inside a run without spaces, where its words begin and
        # end: "วันจันทร์" in "last Monday" (dateparser also lists "วันจันทร์ที่", Monday
        # the ..., which ends inside a word here); not the moon of "พระจันทร์", nor
        # "อาทิตย์", which is also the week ("อาทิตย์ที่แล้ว", last week)
        ("th", "เมื่อวันจันทร์ที่ผ่านมา ตำรวจแถลงข่าว", [("วันจันทร์", "2018-06-18")]),
        ("th", "ฝนตกหนักเมื่อวานนี้", [("เมื่อวาน", "2018-06-19")]),
        ("th", "ตลาดปิดวันอาทิตย์", [("วันอาทิตย์", "2018-06-17")]),
        ("th", "คืนนี้พระจันทร์เต็มดวง", []),
        ("th", "อาทิตย์ที่แล้วฝนตก", []),
        # ranges (ISO 8601 intervals)
        (
            "en",
            "Talks are set for July 11-12 in Geneva.",
            [("July 11-12", "2018-07-11/2018-07-12")],
        ),
        (
            "en",
            "The fair runs June 27 to July 3, 2019.",
            [("June 27 to July 3, 2019", "2019-06-27/2019-07-03")],
        ),
        ("en", "From 2014-2016 sales fell.", [("2014-2016", "2014/2016")]),
        (
            "de",
            "Die Messe findet vom 11.–12. Juli statt.",
            [("11.–12. Juli", "2018-07-11/2018-07-12")],
        ),
        ("fr", "Du 11 au 12 juillet à Lyon.", [("11 au 12 juillet", "2018-07-11/2018-07-12")]),
        ("es", "Del 11 al 12 de julio.", [("11 al 12 de julio", "2018-07-11/2018-07-12")]),
        ("ru", "С 11 по 12 июля.", [("11 по 12 июля", "2018-07-11/2018-07-12")]),
        # relative to `published`
        ("en", "The summit will be held next March.", [("next March", "2019-03")]),
        ("en", "The summit will be held next July.", [("next July", "2018-07")]),
        ("en", "He resigned last June.", [("last June", "2017-06")]),
        ("en", "He resigned earlier this month.", [("earlier this month", "2018-06")]),
        ("en", "Officials met on Thursday.", [("Thursday", "2018-06-21")]),
        ("en", "Officials met last Thursday.", [("last Thursday", "2018-06-14")]),
        ("en", "It began on Monday afternoon.", [("Monday afternoon", "2018-06-18")]),
        ("fr", "Coupées lundi matin.", [("lundi matin", "2018-06-18")]),
        ("en", "It was signed yesterday.", [("yesterday", "2018-06-19")]),
        ("en", "It was signed 2 weeks ago.", [("2 weeks ago", "2018-W23")]),
        (
            "en",
            "On Thursday, June 21, 2018, it rained.",
            [("Thursday, June 21, 2018", "2018-06-21")],
        ),
        ("de", "Der Stadtrat hat am Dienstagabend beschlossen.", [("Dienstagabend", "2018-06-19")]),
        ("de", "Im nächsten Jahr wird gebaut.", [("nächsten Jahr", "2019")]),
        ("de", "Das war vor 3 Tagen.", [("vor 3 Tagen", "2018-06-17")]),
        ("fr", "Il est parti jeudi dernier.", [("jeudi dernier", "2018-06-14")]),
        ("fr", "Le mois dernier, les prix ont baissé.", [("Le mois dernier", "2018-05")]),
        ("fr", "Plus tard ce mois-ci.", [("ce mois-ci", "2018-06")]),
        ("fr", "Rendez-vous en mars prochain.", [("mars prochain", "2019-03")]),
        ("fr", "Il a plu hier.", [("hier", "2018-06-19")]),
        ("es", "Ganó este domingo.", [("este domingo", "2018-06-17")]),
        ("es", "Se reunirán el próximo mes.", [("el próximo mes", "2018-07")]),
        ("es", "La semana pasada llovió.", [("La semana pasada", "2018-W24")]),
        ("ru", "В четверг открылись станции.", [("четверг", "2018-06-21")]),
        ("ru", "В прошлом году цены выросли.", [("В прошлом году", "2017")]),
        ("ru", "Это случилось 3 дня назад.", [("3 дня назад", "2018-06-17")]),
        # years, and numbers that are not years
        ("en", "The plant opened in 2014.", [("2014", "2014")]),
        ("en", "Expected in January 2019.", [("January 2019", "2019-01")]),
        ("ru", "Работы завершатся в 2028 году.", [("2028 году", "2028")]),
        ("en", "About 2,014 people and $2015 and 2016% and 1750 ships.", []),
        ("en", "Officials may 2 decide. The river may flood.", []),
    ],
)
def test_patterns(stage: Stage, lang: str, text: str, expected: list[tuple]) -> None:
    assert found(stage, text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "The bridge closes on June 27.", [("June 27", "--06-27")]),
        ("en", "Expected in January.", [("January", "--01")]),
        ("en", "July 11-12 in Geneva.", [("July 11-12", "--07-11/--07-12")]),
        (
            "en",
            "The fair runs June 27 to July 3, 2019.",
            [("June 27 to July 3, 2019", "2019-06-27/2019-07-03")],
        ),
        ("en", "It was signed yesterday, on Thursday.", [("yesterday", None), ("Thursday", None)]),
        ("fr", "Le mois dernier.", [("Le mois dernier", None)]),
        ("zh", "周二宣布", [("周二", None)]),
        ("en", "Opened in 2014.", [("2014", "2014")]),
    ],
)
def test_without_published_relative_values_are_null(
    stage: Stage, lang: str, text: str, expected: list[tuple]
) -> None:
    assert found(stage, text, lang, published=None) == expected


def test_unknown_language_falls_back_to_english_and_numbers(stage: Stage) -> None:
    assert found(stage, "Signed on June 27, 2018 (2018-06-27).", "und") == [
        ("June 27, 2018", "2018-06-27"),
        ("2018-06-27", "2018-06-27"),
    ]


def test_a_weekday_name_the_config_writes_out_must_be_one_of_dateparser() -> None:
    assert build_lexicon("vi", {"weekday_names": ["thứ Hai"]}) is not None
    with pytest.raises(ConfigError, match="thứ Mười"):
        build_lexicon("vi", {"weekday_names": ["thứ Hai", "thứ Mười"]})


def test_impossible_dates_are_not_dates(stage: Stage) -> None:
    assert found(stage, "On February 30, 2018 and 31.04.2018.", "en") == []


def test_deterministic_and_offsets_across_a_longer_text(stage: Stage) -> None:
    text = (
        "Officials announced on Tuesday that the bridge will close on June 27 for six weeks. "
        "It opened in 1971 and was last repaired in early May 2009. Crews hope to reopen a "
        "lane by mid-August; a report is due next week."
    )
    first = found(stage, text, "en")
    assert first == found(stage, text, "en")
    assert first == [
        ("Tuesday", "2018-06-19"),
        ("June 27", "2018-06-27"),
        ("1971", "1971"),
        ("early May 2009", "2009-05"),
        ("mid-August", "2018-08"),
        ("next week", "2018-W26"),
    ]
