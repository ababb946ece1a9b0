"""The entities stage: canonical names, merged variants, offsets, backends and fallback.

Short articles written for these tests, in several languages. The rule backend needs no
model; the spaCy tests need the `nlp` extra and its model (CI installs both, so they never
skip there: without them they fail when CI is set, and skip on a developer's machine).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from structlog.testing import capture_logs

from tests.conftest import python
from worker.article import Article
from worker.settings import CONFIG_DIR, load_settings
from worker.stages.entities.backends import Extractor, spacy_available
from worker.stages.entities.gazetteer import Gazetteer
from worker.stages.entities.lexicon import EntityConfig
from worker.stages.entities.mentions import Mention
from worker.stages.entities.spacy_backend import chunks
from worker.stages.entities.stage import make
from worker.stages.entities.trim import Trimmer

CONFIG = EntityConfig.load(CONFIG_DIR / "entities.toml")
RULES = Extractor(
    CONFIG, {"default": "rules", "en": "rules", "ru": "rules", "uk": "rules", "pl": "rules"}
)

EN = (
    "President Vladimir Putin met National Security Adviser Tom Harlan in Moscow on "
    "Wednesday. Mr Putin said the talks were useful. Harlan, who flew in from Washington, "
    "said Putin wanted a summit with the European Union (EU) and NATO."
)
DE = (
    "Bundeskanzlerin Angela Merkel hat am Dienstag in Berlin den Präsidenten Emmanuel Macron "
    "empfangen. Merkel sagte, die Gespräche seien gut gewesen. Die Deutsche Bank AG war nicht "
    "beteiligt. Frau Merkel reist am Freitag nach Paris."
)
FR = (
    "Le président Emmanuel Macron a reçu mardi à Lyon la chancelière Angela Merkel. "
    "M. Macron a déclaré que la Banque de France était prête. Selon Macron, tout va bien."
)
ES = (
    "El presidente Pedro Sánchez viajó el lunes a Bruselas. Sánchez dijo que España apoyará "
    "a la Comisión Europea. La ministra María Jesús Montero acompañó al Sr. Sánchez."
)
RU = (
    "Президент Владимир Путин провел в среду встречу в Москве. Путин заявил, что переговоры "
    "прошли успешно. Министр Сергей Лавров сказал, что Россия готова к диалогу с Путиным."
)
IT = "Il presidente Sergio Mattarella ha incontrato a Roma Mario Draghi. Draghi ha parlato."
AR = "التقى الرئيس في القاهرة مع وزير خارجية مصر."
# Japanese: no capitals, no spaces; names by their parts of speech (Sudachi)
JA = (
    "山田太郎首相は火曜日、東京でドイツのハンス・ミュラー首相と会談した。山田首相は会談後、"
    "記者団に「協力を深める」と述べた。国土交通省と警視庁によると、大阪府の鈴木花子さんが"
    "事故に遭った。鈴木さんは反省を求めた。読売新聞が報じた。"
)

# Chinese: names by jieba's tags, each confirmed by a cue (a title, a reporting verb, a dot)
ZH = (
    "德国总理汉斯·穆勒周二抵达上海，与国务院总理王立群举行会谈。穆勒说，两国将扩大在新能源"
    "领域的合作。王立群表示，欢迎更多德国企业来华投资。浙江省宁波市和Nordwind公司签署了协议。"
    "据新华社报道，多个城市的上市公司代表出席了在西部地区举行的论坛。汉斯·穆勒随后前往北京。"
)

ZH_PAPER = "据临江晚报报道，工程由临江路桥建设集团负责。临江晚报记者在现场看到，大桥已经封闭。"


def entity(entities: list[dict[str, Any]], name: str) -> dict[str, Any]:
    found = [e for e in entities if e["name"] == name]
    assert found, f"no entity {name!r} in {[e['name'] for e in entities]}"
    return found[0]


def texts(e: dict[str, Any]) -> list[str]:
    return [m["text"] for m in e["mentions"]]


@pytest.mark.parametrize(
    ("language", "text", "name", "kind", "mentions"),
    [
        ("en", EN, "Vladimir Putin", "PERSON", ["Vladimir Putin", "Mr Putin", "Putin"]),
        ("en", EN, "Tom Harlan", "PERSON", ["Tom Harlan", "Harlan"]),
        ("en", EN, "Moscow", "LOC", ["Moscow"]),
        ("en", EN, "European Union", "ORG", ["European Union", "EU"]),
        ("en", EN, "NATO", "ORG", ["NATO"]),
        ("de", DE, "Angela Merkel", "PERSON", ["Angela Merkel", "Merkel", "Frau Merkel"]),
        ("de", DE, "Berlin", "LOC", ["Berlin"]),
        ("de", DE, "Deutsche Bank AG", "ORG", ["Deutsche Bank AG"]),
        ("fr", FR, "Emmanuel Macron", "PERSON", ["Emmanuel Macron", "M. Macron", "Macron"]),
        ("fr", FR, "Lyon", "LOC", ["Lyon"]),
        ("fr", FR, "Banque de France", "ORG", ["Banque de France"]),
        ("es", ES, "Pedro Sánchez", "PERSON", ["Pedro Sánchez", "Sánchez", "Sr. Sánchez"]),
        ("es", ES, "María Jesús Montero", "PERSON", ["María Jesús Montero"]),
        ("es", ES, "Comisión Europea", "ORG", ["Comisión Europea"]),
        ("ru", RU, "Владимир Путин", "PERSON", ["Владимир Путин", "Путин", "Путиным"]),
        ("ru", RU, "Москве", "LOC", ["Москве"]),
        ("ru", RU, "Россия", "LOC", ["Россия"]),
        ("it", IT, "Mario Draghi", "PERSON", ["Mario Draghi", "Draghi"]),
        ("it", IT, "Roma", "LOC", ["Roma"]),
        ("ar", AR, "القاهرة", "LOC", ["القاهرة"]),
        ("ar", AR, "مصر", "LOC", ["مصر"]),
        # a family name alone later is the person named in full; a middle dot joins a name
        ("ja", JA, "山田太郎", "PERSON", ["山田太郎", "山田"]),
        ("ja", JA, "鈴木花子", "PERSON", ["鈴木花子", "鈴木"]),
        ("ja", JA, "ハンス・ミュラー", "PERSON", ["ハンス・ミュラー"]),
        ("ja", JA, "東京", "LOC", ["東京"]),
        ("ja", JA, "大阪府", "LOC", ["大阪府"]),
        ("ja", JA, "ドイツ", "LOC", ["ドイツ"]),
        # a run of nouns ending with an organisation's word
        ("ja", JA, "国土交通省", "ORG", ["国土交通省"]),
        ("ja", JA, "警視庁", "ORG", ["警視庁"]),
        ("ja", JA, "読売新聞", "ORG", ["読売新聞"]),
        # a title written onto a place ("德国总理"), parts joined by a middle dot, the last
        # part alone later; a name after a title, found again where jieba's words end
        ("zh", ZH, "汉斯·穆勒", "PERSON", ["汉斯·穆勒", "穆勒", "汉斯·穆勒"]),
        ("zh", ZH, "王立群", "PERSON", ["王立群", "王立群"]),
        ("zh", ZH, "德国", "LOC", ["德国", "德国"]),
        ("zh", ZH, "上海", "LOC", ["上海"]),
        ("zh", ZH, "浙江省", "LOC", ["浙江省"]),
        ("zh", ZH, "宁波市", "LOC", ["宁波市"]),
        ("zh", ZH, "国务院", "ORG", ["国务院"]),
        ("zh", ZH, "新华社", "ORG", ["新华社"]),
        ("zh", ZH, "Nordwind公司", "ORG", ["Nordwind公司"]),
        ("zh", ZH_PAPER, "临江晚报", "ORG", ["临江晚报", "临江晚报"]),  # a newspaper
        ("zh", ZH_PAPER, "临江路桥建设集团", "ORG", ["临江路桥建设集团"]),  # a verbal noun inside
    ],
)
def test_rule_backend_names_and_mentions(
    language: str, text: str, name: str, kind: str, mentions: list[str]
) -> None:
    found = entity(RULES(text, language), name)
    assert (found["type"], texts(found)) == (kind, mentions)


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # a dotted country abbreviation at a sentence's end does not run into the next one
        ("Exports fell in the U.K. But prices held.", "U.K.", "LOC"),
        ("Talks with the U.A.E. resumed.", "U.A.E.", "LOC"),
        # a newspaper is named by its last word
        ("The Evening Courier reported the fire first.", "Evening Courier", "ORG"),
        ("Readers of the Harbour Gazette wrote in.", "Harbour Gazette", "ORG"),
        # a territory named only after "annexation of", "the north of", ...
        ("They protested the annexation of Transnistria.", "Transnistria", "LOC"),
        ("Floods hit the north of Calabria.", "Calabria", "LOC"),
    ],
)
def test_countries_newspapers_and_territories_are_typed_by_their_cues(
    text: str, name: str, kind: str
) -> None:
    found = entity(RULES(text, "en"), name)
    assert found["type"] == kind
    assert all(e["type"] != "PERSON" for e in RULES(text, "en"))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Former England captain Tom Harlan retired.", "England"),
        ("Former U.S. president Tom Harlan spoke.", "U.S."),
    ],
)
def test_a_country_between_a_title_and_a_title_of_its_own_is_no_person(
    text: str, name: str
) -> None:
    found = RULES(text, "en")
    assert (entity(found, name)["type"], entity(found, "Tom Harlan")["type"]) == ("LOC", "PERSON")
    # with no title of its own after it, a title still makes a person
    assert entity(RULES("President Jordan said it was done.", "en"), "Jordan")["type"] == "PERSON"


@pytest.mark.parametrize(
    ("language", "text", "title"),
    [
        ("en", EN, "President"),
        ("en", EN, "Security"),
        ("en", EN, "Mr"),
        ("de", DE, "Bundeskanzlerin"),
        ("de", DE, "Frau"),
        ("fr", FR, "président"),
        ("es", ES, "ministra"),
        ("ru", RU, "Министр"),
    ],
)
def test_titles_are_not_part_of_names(language: str, text: str, title: str) -> None:
    assert not any(title in e["name"] for e in RULES(text, language))


def test_japanese_names_come_from_the_backend_configured_for_japanese() -> None:
    assert CONFIG.backend_for("ja") == "sudachi"
    assert "山田太郎" in {e["name"] for e in RULES(JA, "ja")}
    # the capitalized-word rules, switched back on, find no person in Japanese
    found = Extractor(CONFIG, {"ja": "rules"})(JA, "ja")
    assert not [e for e in found if e["type"] == "PERSON"]


def test_japanese_titles_days_and_common_nouns_are_no_names() -> None:
    # "反省" (reflection) ends with 省 (ministry); "首相" (prime minister) is a title
    text = JA + "トランプ大統領も声明を出した。"
    found = RULES(text, "ja")
    names = {e["name"] for e in found}
    assert not names & {"反省", "首相", "火曜日", "記者団", "山田太郎首相", "トランプ大統領"}
    assert entity(found, "トランプ")["type"] == "PERSON"  # the title the dictionary wrote on
    for e in found:
        assert all(text[m["start"] : m["end"]] == m["text"] for m in e["mentions"])


def test_chinese_names_come_from_the_backend_configured_for_chinese() -> None:
    assert CONFIG.backend_for("zh") == "jieba"
    # the rule backend finds nothing in a text without capitals but places between spaces
    assert not Extractor(CONFIG, {"zh": "rules"})(ZH, "zh")


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # common words jieba tags as names: a city, a listed company, a public place
        (ZH, {"城市", "上市公司", "西部", "德国总理", "总理", "两国"}),
        ("附近的公共场所和公立学校周五关闭。", {"公共场所"}),
        # a person's tag with no cue beside it (no title, no reporting verb, no dot)
        ("当地出现强降雨，多家餐厅被淹。", {"强降雨"}),
        # a title alone, a weekday, a one-letter place
        ("总统周一前往南方视察。", {"总统", "周一", "南"}),
        # "上周二" (last Tuesday) is tagged as a person; no name holds a day's name
        ("总统上周二表示，谈判仍在继续。", {"上周二"}),
        # a place, a verb's noun and a company: "a logistics company run in Binhu"
        ("在滨湖区经营物流公司的刘建国表示，成本增加。", {"滨湖区经营物流公司"}),
    ],
)
def test_chinese_common_words_tagged_as_names_are_no_entities(text: str, absent: set[str]) -> None:
    found = RULES(text, "zh")
    assert not absent & {e["name"] for e in found}
    assert not absent & {m["text"] for e in found for m in e["mentions"]}


@pytest.mark.parametrize(
    ("language", "text", "name", "short", "place"),
    [
        (
            "ja",
            "トヨタ自動車は決算を発表した。トヨタの社長が説明した。日本銀行は日本の景気を見る。",
            "トヨタ自動車",
            "トヨタ",
            "日本",
        ),
        # "阿里巴巴表示": a company before a reporting verb is still the company
        (
            "zh",
            "阿里巴巴集团周二公布财报。阿里巴巴表示，中国的云业务增长强劲。中国银行也关注。",
            "阿里巴巴集团",
            "阿里巴巴",
            "中国",
        ),
    ],
)
def test_a_company_named_by_the_start_of_its_name_is_that_company(
    language: str, text: str, name: str, short: str, place: str
) -> None:
    found = RULES(text, language)
    assert (entity(found, name)["type"], texts(entity(found, name))) == ("ORG", [name, short])
    # a country that begins a bank's name stays the country
    assert entity(found, place)["type"] == "LOC"


def test_a_person_named_by_a_title_stays_a_person_beside_a_company_named_after_them() -> None:
    text = "董事长王立群周二表示，王立群体育用品有限公司将扩大生产。"
    found = RULES(text, "zh")
    assert texts(entity(found, "王立群")) == ["王立群"]
    assert entity(found, "王立群")["type"] == "PERSON"
    assert entity(found, "王立群体育用品有限公司")["type"] == "ORG"


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "ru", "it", "ar", "ja", "zh", "und"])
def test_offsets_point_at_the_mention_text(language: str) -> None:
    texts = {
        "en": EN,
        "de": DE,
        "fr": FR,
        "es": ES,
        "ru": RU,
        "it": IT,
        "ar": AR,
        "ja": JA,
        "zh": ZH,
    }
    text = texts.get(language, EN)
    for e in RULES(text, language):
        assert all(text[m["start"] : m["end"]] == m["text"] for m in e["mentions"])


def test_entities_come_in_order_of_first_mention_and_are_deterministic() -> None:
    first = RULES(EN, "en")
    starts = [e["mentions"][0]["start"] for e in first]
    assert starts == sorted(starts)
    assert RULES(EN, "en") == first


@pytest.mark.parametrize(
    "text",
    ["", "   ", "the quick brown fox", "The End.", "On Monday, In March."],
)
def test_no_names_no_entities(text: str) -> None:
    assert RULES(text, "en") == []


def test_ambiguous_surname_goes_to_the_person_mentioned_last() -> None:
    text = "Hillary Clinton met Bill Clinton. Later, Clinton spoke."
    clintons = {e["name"]: texts(e) for e in RULES(text, "en")}
    assert clintons["Bill Clinton"] == ["Bill Clinton", "Clinton"]
    assert clintons["Hillary Clinton"] == ["Hillary Clinton"]


def test_missing_spacy_model_falls_back_to_rules_with_one_warning() -> None:
    config = EntityConfig({**CONFIG.data, "spacy": {"models": {"xx": "no_such_model_pkg"}}})
    extractor = Extractor(config, {"xx": "spacy"})
    with capture_logs() as logs:
        first = extractor(EN, "xx")
        extractor(EN, "xx")
    warnings = [e for e in logs if e["event"] == "entities_backend_unavailable"]
    assert len(warnings) == 1
    assert warnings[0]["fallback"] == "rules"
    assert entity(first, "Vladimir Putin")["type"] == "PERSON"


def test_unknown_backend_name_is_a_config_error() -> None:
    with pytest.raises(ValueError, match="unknown entities backend"):
        Extractor(CONFIG, {"en": "magic"}).recognizer("en")


def test_stage_returns_a_new_article_with_entity_dicts() -> None:
    stage = make(load_settings())
    article = Article(
        ingest_id="t",
        received_at="2026-01-01T00:00:00Z",
        source={"kind": "text"},
        text=DE,
        language={"code": "de", "confidence": 0.99, "declared": None},
    )
    result = stage(article)
    assert article.entities == ()
    assert isinstance(result.entities, tuple)
    assert entity(list(result.entities), "Angela Merkel")["type"] == "PERSON"


@pytest.fixture(scope="session")
def spacy_extractor() -> Extractor:
    """The spaCy backend, loaded once per test session (the model cache is per process)."""
    model = CONFIG.data["spacy"]["models"]["en"]
    if not spacy_available(model):
        if os.environ.get("CI"):
            pytest.fail(f"CI must install the nlp extra and {model} (requirements-nlp.txt)")
        pytest.skip(f"{model} is not installed (pip install -e .[nlp])")
    return Extractor(CONFIG, {"en": "spacy"})


def test_spacy_backend_merges_variants_and_cuts_titles(spacy_extractor: Extractor) -> None:
    assert spacy_extractor.recognizer("en").name == "spacy"
    found = spacy_extractor(EN, "en")
    assert texts(entity(found, "Vladimir Putin")) == ["Vladimir Putin", "Mr Putin", "Putin"]
    assert texts(entity(found, "Tom Harlan")) == ["Tom Harlan", "Harlan"]
    assert entity(found, "Moscow")["type"] == "LOC"
    assert not any("Security" in e["name"] for e in found)


def test_spacy_backend_offsets_and_determinism(spacy_extractor: Extractor) -> None:
    found = spacy_extractor(EN, "en")
    for e in found:
        assert all(EN[m["start"] : m["end"]] == m["text"] for m in e["mentions"])
    assert spacy_extractor(EN, "en") == found


@pytest.mark.parametrize(
    "text", ["short", "one\n\ntwo\n\nthree four five\n\nsix", "no breaks at all in here"]
)
def test_long_texts_go_to_the_model_in_pieces_that_add_up(text: str) -> None:
    pieces = list(chunks(text, 8))
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Traffic on the Golden Gate Bridge was halted on Monday.", "Golden Gate Bridge"),
        ("Crews closed the Lincoln Tunnel overnight for repairs.", "Lincoln Tunnel"),
        ("Fans filled Riverside Stadium before the final.", "Riverside Stadium"),
    ],
)
def test_a_name_ending_in_a_facility_word_is_a_place_not_a_person(text: str, name: str) -> None:
    assert entity(RULES(text, "en"), name)["type"] == "LOC"


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # a club named after its town, in a results line or a table row, is a team
        (
            "en",
            "Second division:\nHalifax 2 Carlisle 1\nStockport 0 Preston 1",
            {"Halifax": "ORG", "Carlisle": "ORG", "Stockport": "ORG", "Preston": "ORG"},
        ),
        ("en", "Table:\nLincoln 5 3 1 1 9 4 10\nSwindon 5 2 2 1 7 5 8", {"Lincoln": "ORG"}),
        ("en", "At Taunton: Somerset 288 and 95-2, Essex 241-6.", {"Somerset": "ORG"}),
        ("en", "Postponed: Bolton v Gillingham.", {"Bolton": "ORG", "Gillingham": "ORG"}),
        # a lone given name that is no surname, where a team stands, is the team
        ("en", "Third division:\nClyde 3 Stranraer 1", {"Clyde": "ORG"}),
        # the place that opens a dateline, in capitals, is a place
        ("en", "VARNESK, Tajikistan 2026-06-14\nGovernment troops arrived.", {"VARNESK": "LOC"}),
        ("de", "Ergebnisse:\nBielefeld 2 Rostock 0\nMainz 1 Kiel 1", {"Rostock": "ORG"}),
        ("fr", "Résultats :\nToulouse 2 Nantes 1\nLille 0 Rennes 0", {"Nantes": "ORG"}),
        ("es", "Resultados:\nSevilla 2 Valencia 1", {"Sevilla": "ORG", "Valencia": "ORG"}),
        # national sides keep their country's type; a golfer's card keeps the golfer
        ("en", "Group 4:\nFrance 2 Norway 1", {"France": "LOC", "Norway": "LOC"}),
        ("en", "Leaders:\nTiger Woods 70 68 72\nErnie Els 71 70 69", {"Tiger Woods": "PERSON"}),
        # figures in prose are not scores
        ("en", "Boeing sold 737 jets in Qatar in 2019.", {"Qatar": "LOC"}),
        # a place and no person's name: named after its home, not a person
        ("en", "Manchester United beat Dynamo Kyiv.", {"Manchester United": "ORG"}),
        ("en", "Air France cancelled flights to Lagos.", {"Air France": "ORG"}),
        ("es", "El Real Madrid fichó a un delantero.", {"Real Madrid": "ORG"}),
        ("en", "Paris Hilton flew to Boston.", {"Paris Hilton": "PERSON", "Boston": "LOC"}),
        # a given name is person evidence even for names no list has
        ("en", "Tegla Loroupe won the race.", {"Tegla Loroupe": "PERSON"}),
        # a capitalized plural after "the": a team or a group, not a people
        ("en", "Fans saw the Mariners beat the Tigers in Seattle.", {"Tigers": "ORG"}),
        ("en", "Talks between the Koreans resumed in Seoul.", {"Koreans": "MISC"}),
        # a noun of an organisation's kind beside the name
        ("en", "The Xinhua news agency reported that the ferry sank.", {"Xinhua": "ORG"}),
        ("en", "Fans cheered the Belgian club Standard Liege.", {"Standard Liege": "ORG"}),
        ("fr", "Selon l'agence Belga, le groupe Solvay a vendu une usine.", {"Solvay": "ORG"}),
        ("fr", "Le quotidien Le Soir a interrogé le club Olympique Lyonnais.", {"Soir": "ORG"}),
        ("es", "El diario El Heraldo publicó la noticia.", {"Heraldo": "ORG"}),
        # a body and the person after its title; a newspaper and country abbreviations
        (
            "en",
            "The National Security Council chair Anna Berg spoke.",
            {"National Security Council": "ORG", "Anna Berg": "PERSON"},
        ),
        (
            "en",
            "The Morning Ledger reported that the UK and the U.S. disagreed.",
            {"Morning Ledger": "ORG", "UK": "LOC", "U.S.": "LOC"},
        ),
        # the period of an abbreviated title is not part of the name after it
        ("en", "Democratic Sen. Claire Holm scolded him.", {"Claire Holm": "PERSON"}),
        # a kicker in capitals is no name, though a place in it still is
        (
            "en",
            "BRIDGE TO CLOSE IN PARIS — the works will last six weeks.",
            {"BRIDGE TO CLOSE IN PARIS": None, "PARIS": "LOC"},
        ),
        # international bodies and a city with its district's abbreviation
        ("en", "Leaders of the G20 met in Osaka.", {"G20": "ORG", "Osaka": "LOC"}),
        ("en", "Officials in Washington D.C. stayed silent.", {"Washington D.C.": "LOC"}),
        # a person "of" a place is two names; a body "of" a place stays one
        (
            "en",
            "Senator Anna Berg of Arizona met the Bank of England.",
            {"Anna Berg": "PERSON", "Arizona": "LOC", "Bank of England": "ORG"},
        ),
        ("es", "Lo dijo Ana Ruiz de Sevilla.", {"Ana Ruiz": "PERSON", "Sevilla": "LOC"}),
        # a nationality before a person's name is no part of it
        ("en", "Australian Jane Harlow took five wickets.", {"Jane Harlow": "PERSON"}),
        # a lowercase word that can be a title ("miss", "former") makes no place a person;
        # a capitalized honorific still makes a person of a name that is also a place
        (
            "en",
            "Jane Harlow will miss England's opener, a former U.S. champion said. Mr. Washington "
            "agreed.",
            {"England": "LOC", "U.S.": "LOC", "Washington": "PERSON"},
        ),
    ],
)
def test_teams_clubs_outlets_and_people_are_told_apart(
    language: str, text: str, expected: dict[str, str]
) -> None:
    found = {e["name"]: e["type"] for e in RULES(text, language)}
    assert {name: found.get(name) for name in expected} == expected


SPORTS = (
    "CRICKET - SURREY BOWLED OUT FOR 212\n"
    "LEEDS 2026-06-14\n"
    "Surrey were bowled out for 212 on the second day at Headingley, and Kent reached "
    "180 for four by the close. Kent's captain said the pitch helped the bowlers. The "
    "match in Leeds drew a crowd of 6,000, and the county plays Essex next season. "
    "England's selectors watched from the pavilion; the batsman was ruled out of the "
    "tournament after two wickets in the last over."
)


def test_in_a_sports_report_a_place_where_a_club_stands_is_the_club() -> None:
    found = RULES(SPORTS, "en")
    types = {(e["name"], e["type"]) for e in found}
    assert {("Surrey", "ORG"), ("Kent", "ORG"), ("Essex", "ORG")} <= types
    # the dateline's place, a place after "in", a nation: places still
    leeds = [e for e in found if e["name"].casefold() == "leeds"]
    assert leeds and all(e["type"] == "LOC" for e in leeds)
    assert entity(found, "England")["type"] == "LOC"
    # the capitals of the kicker are no cue, but the club in it is found
    assert entity(found, "SURREY")["type"] == "ORG"


@pytest.mark.parametrize(
    ("language", "text", "club", "city"),
    [
        (
            "de",
            "Dortmund gewann das Spiel gegen Mainz mit 3:1. Der Trainer lobte die Mannschaft, "
            "im Stadion in Dortmund jubelten die Fans. Der Torwart hielt einen Elfmeter.",
            "Mainz",
            "Dortmund",
        ),
        (
            "fr",
            "Lyon a battu Nantes 2-1 samedi. L'entraîneur a salué le match de son équipe, et "
            "le gardien a arrêté un penalty devant les supporters du stade à Lyon.",
            "Nantes",
            "Lyon",
        ),
        (
            "es",
            "El Sevilla venció al Valencia en el partido del domingo. El entrenador elogió al "
            "equipo; el portero paró un penalti. Los aficionados en Sevilla celebraron el gol.",
            "Valencia",
            "Sevilla",
        ),
    ],
)
def test_clubs_in_sports_reports_of_other_languages(
    language: str, text: str, club: str, city: str
) -> None:
    found = RULES(text, language)
    assert entity(found, club)["type"] == "ORG"
    assert {e["type"] for e in found if e["name"] == city} == {"ORG", "LOC"}
    assert all(e["type"] != "LOC" or e["name"] in (club, city) for e in found)  # "im Stadion"


def test_outside_sports_a_place_in_a_clubs_position_stays_a_place() -> None:
    text = (
        "Kent approved a new budget for its schools on Tuesday, and Essex is expected to "
        "follow. The councils said the money would pay for 40 teachers."
    )
    found = RULES(text, "en")
    assert entity(found, "Kent")["type"] == "LOC" and entity(found, "Essex")["type"] == "LOC"


def test_a_city_and_its_club_in_one_text_are_two_entities() -> None:
    text = (
        "Leeds beat Fulham 2-1 in the league, the coach said after the match. The striker "
        "scored twice. Fans in Leeds celebrated until midnight; the goalkeeper stayed home."
    )
    leeds = [(e["type"], texts(e)) for e in RULES(text, "en") if e["name"] == "Leeds"]
    assert sorted(leeds) == [("LOC", ["Leeds"]), ("ORG", ["Leeds"])]


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # a day or month at the edge of a run, a hyphenated modifier at its head: not the name
        ("Police in Cleveland Friday arrested two men.", "Cleveland", "LOC"),
        ("The Ontario-based Magna Corp said profits rose.", "Magna Corp", "ORG"),
        ("Analysts at the firm met Anna Berg Monday to talk.", "Anna Berg", "PERSON"),
        # a month that is also a given name or a surname stays in the name
        ("Prime Minister Theresa May spoke on Friday.", "Theresa May", "PERSON"),
        ("Then Ms April Lindqvist asked a question.", "April Lindqvist", "PERSON"),
        # a name no list knows, after a preposition of place, is a place
        ("Fighting resumed near Varnesk and in Oltamir overnight.", "Oltamir", "LOC"),
        ("Fighting resumed near Varnesk and in Oltamir overnight.", "Varnesk", "LOC"),
    ],
)
def test_run_edges_and_places_after_a_preposition(text: str, name: str, label: str) -> None:
    assert entity(RULES(text, "en"), name)["type"] == label


def test_a_number_after_the_name_or_a_nationality_makes_no_place() -> None:
    found = RULES("The play-offs start in Week 12, and fans in Scottish pubs cheered.", "en")
    assert all(e["type"] != "LOC" for e in found)


def test_an_adjective_before_a_kind_of_organisation_is_not_one() -> None:
    found = RULES("The Yugoslav news agency and the South Korean ministry spoke.", "en")
    assert all(e["type"] != "ORG" for e in found)


def test_a_city_written_without_its_diacritics_is_a_place() -> None:
    found = RULES("Talks opened in Malmo and Bogota, and delegates flew on to Zurich.", "en")
    assert {entity(found, n)["type"] for n in ("Malmo", "Bogota", "Zurich")} == {"LOC"}


def test_a_plain_spelling_that_is_a_persons_name_is_no_city() -> None:
    # "Būsh" is a city; its plain spelling is only a surname
    found = RULES("Officials said Bush would visit the region next week.", "en")
    assert all(e["type"] != "LOC" for e in found)


def test_a_verb_or_a_names_shape_does_not_outvote_a_kind_of_organisation() -> None:
    text = (
        "The talks ended late, the Varnesk Harbour Gazette newspaper reported. Harbour "
        "Gazette said the two sides would meet again. The Novalis news agency confirmed "
        "it. Novalis said the ministers had agreed, and Novalis added that a deal was near."
    )
    found = RULES(text, "en")
    assert entity(found, "Novalis")["type"] == "ORG"
    assert all(e["type"] != "PERSON" for e in found)


def test_shape_and_verb_alone_still_make_a_person() -> None:
    found = RULES("Ana Ruiz met the board. Ruiz said the plan was sound.", "en")
    assert entity(found, "Ana Ruiz")["type"] == "PERSON"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a lowercase place word after the name says what it is
        ("Rebels still hold the hills of Varnesk province.", "Varnesk"),
        ("The flight landed at the Ana Ruiz airport at dawn.", "Ana Ruiz"),
        # a territory noun before "of" ("the province of ...")
        ("Floods hit the eastern province of Oltamir this week.", "Oltamir"),
        # after a preposition of place, a reporting verb does not make the name a person
        ('"Nobody was hurt," a police official in Kestrany said.', "Kestrany"),
        ("A guard in the northern town of Brelsk told reporters it was calm.", "Brelsk"),
    ],
)
def test_place_cues_around_a_name_no_list_knows(text: str, name: str) -> None:
    assert entity(RULES(text, "en"), name)["type"] == "LOC"


def test_a_reporting_verb_after_a_name_still_makes_a_person() -> None:
    found = RULES("The talks were useful, Ana Ruiz said on Tuesday.", "en")
    assert entity(found, "Ana Ruiz")["type"] == "PERSON"


def test_the_world_places_are_one_set_that_every_language_shares() -> None:
    """Some 130,000 place keys: a copy per language cost a worker process about 20 MB."""
    english = Gazetteer.build("en", 15_000, 100_000)
    german = Gazetteer.build("de", 15_000, 100_000)
    assert english.places.world is german.places.world
    assert "zurich" in english.places and "zürich" in german.places  # a city, in both
    assert "deutschland" in german.places and "deutschland" not in english.places


def test_the_person_names_are_read_and_fakers_locale_modules_let_go() -> None:
    """The names stay; the ~70 modules they came from (some 10 MB) do not."""
    code = (
        "import sys\n"
        "from worker.stages.entities.people import people\n"
        "found = people()\n"
        "kept = [m for m in sys.modules if m.startswith('faker.providers.person.')]\n"
        "print(found.gender('anna'), found.gender('john'), found.is_surname('smith'), kept)\n"
    )
    assert python(code).split() == ["f", "m", "True", "[]"]


def test_the_stage_lets_babels_locale_data_go_once_it_has_read_its_names() -> None:
    """babel keeps every locale it loads: some 20 MB for the configured languages."""
    code = (
        "import gc, tracemalloc\n"
        "tracemalloc.start()\n"
        "from worker.settings import load_settings\n"
        "from worker.stages.entities.stage import make\n"
        "found = make(load_settings())\n"
        "gc.collect()\n"
        "stats = tracemalloc.take_snapshot().statistics('filename')\n"
        "held = sum(s.size for s in stats if '/babel/' in s.traceback[0].filename)\n"
        "print(round(held / 2**20, 1))\n"
    )
    assert float(python(code).split()[-1]) < 5.0  # MB; 22 before


# Russian: Natasha's news NER, each name in the nominative (worker/stages/entities/russian.py)
RU_TALKS = (
    "Переговоры Путина и Макрона в Кремле продолжались четыре часа. Пресс-секретарь Путина "
    "Дмитрий Песков назвал их полезными. Накануне Макрон встретился в Берлине с канцлером "
    "Германии Олафом Шольцем. Шольц обещал Макрону поддержку. Музей Сергея Королёва в Калуге "
    "открылся после ремонта. Депутаты Государственной думы и сотрудники Министерства "
    "иностранных дел обсудили закон."
)


def test_russian_names_come_from_natasha_in_the_nominative() -> None:
    assert CONFIG.backend_for("ru") == "natasha"
    found = Extractor(CONFIG)(RU_TALKS, "ru")
    names = {e["name"]: e["type"] for e in found}
    assert names == {
        "Путин": "PERSON",
        "Макрон": "PERSON",
        "Кремль": "LOC",
        "Дмитрий Песков": "PERSON",
        "Берлин": "LOC",
        "Германия": "LOC",
        # the dictionary guesses "Шолец" for "Шольцем"; the text writes "Шольц"
        "Олаф Шольц": "PERSON",
        "Сергей Королёв": "PERSON",  # the "ё" as written ("Королев" in the dictionary)
        "Калуга": "LOC",
        # an organisation is inflected up to its first noun, the words after it as written
        "Государственная дума": "ORG",
        "Министерство иностранных дел": "ORG",
    }
    macron = entity(found, "Макрон")["mentions"]
    assert [m["text"] for m in macron] == ["Макрона", "Макрон", "Макрону"]
    for e in found:
        assert all(RU_TALKS[m["start"] : m["end"]] == m["text"] for m in e["mentions"])


def test_russian_rules_join_what_natasha_tells_apart() -> None:
    """Why Russian has a model: the rule backend reads a capital at a sentence's start and
    two names in a row as one name, and names each as written."""
    ruled = {e["name"] for e in RULES(RU_TALKS, "ru")}
    assert {"Переговоры Путина", "Германии Олафом Шольцем"} & ruled
    assert "Олаф Шольц" not in ruled


def test_a_trimmed_span_keeps_the_words_of_its_dictionary_form_it_kept() -> None:
    trimmer = Trimmer(CONFIG.lexicon("ru"))
    text = "Президент Владимир Путин"
    named = Mention(0, len(text), "PERSON", name="Президент Владимир Путин")
    assert trimmer.trim(text, named) == Mention(10, len(text), "PERSON", name="Владимир Путин")
    text = "«Газпрома»"
    named = Mention(0, len(text), "ORG", name="«Газпром»")
    assert trimmer.trim(text, named) == Mention(1, len(text) - 1, "ORG", name="Газпром")
    # a dictionary form whose words do not match the span's is left out
    assert trimmer.trim(text, Mention(0, len(text), "ORG", name="a b")).name == ""  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["«» — «»", "__ ** …", "\x00\x00", "12 34"])
def test_russian_text_without_names_or_words_has_no_entities(text: str) -> None:
    """slovnet raises on a text of marks only; such a text has no names to find."""
    assert Extractor(CONFIG)(text, "ru") == []


# Ukrainian: the rule backend's names, cut, split, relabelled and named in the nominative by
# pymorphy3's dictionary (worker/stages/entities/morphology.py)
UK_TALKS = (
    "Президент України Володимир Зеленський у вівторок прийняв у Києві президента Франції "
    "Емманюеля Макрона. Переговори Зеленського і Макрона тривали чотири години. Речник "
    "Зеленського Сергій Никифоров назвав їх корисними. Напередодні Макрон зустрівся у Варшаві "
    "з прем'єр-міністром Польщі Дональдом Туском. Перемогу Олександра Усика відзначили "
    "депутати Верховної Ради. Олена Ковальська з Одеси подякувала Усику. Олександра Коваль "
    "живе у Софії."
)


def test_ukrainian_names_are_cut_split_and_named_in_the_nominative() -> None:
    assert CONFIG.backend_for("uk") == "pymorphy"
    found = Extractor(CONFIG)(UK_TALKS, "uk")
    assert {e["name"]: e["type"] for e in found} == {
        "Україна": "LOC",
        "Володимир Зеленський": "PERSON",
        "Київ": "LOC",  # "Києві" is also a dative of the given name "Кий"
        "Франція": "LOC",
        "Емманюель Макрон": "PERSON",
        "Сергій Никифоров": "PERSON",  # split from "Речник Зеленського"
        "Варшава": "LOC",
        "Польща": "LOC",
        "Дональд Туск": "PERSON",  # split from "Польщі"
        # the case the two words agree in: Oleksandr's genitive, not Oleksandra
        "Олександр Усик": "PERSON",
        "Верховна Рада": "ORG",  # an adjective and an organisation's word: no person
        "Олена Ковальська": "PERSON",
        "Одеса": "LOC",
        # "Коваль" is written alike in every case: Oleksandra, in the nominative
        "Олександра Коваль": "PERSON",
        "Софія": "LOC",  # a given name too, after a place preposition: the city
    }
    mentions = entity(found, "Володимир Зеленський")["mentions"]
    assert [m["text"] for m in mentions] == ["Володимир Зеленський", "Зеленського", "Зеленського"]
    # "Напередодні Макрон": "Напередодні" (the day before) is cut, and he is Macron
    mentions = entity(found, "Емманюель Макрон")["mentions"]
    assert [m["text"] for m in mentions] == ["Емманюеля Макрона", "Макрона", "Макрон"]
    for e in found:
        assert all(UK_TALKS[m["start"] : m["end"]] == m["text"] for m in e["mentions"])


def test_ukrainian_rules_alone_join_names_and_name_them_as_written() -> None:
    ruled = {e["name"] for e in RULES(UK_TALKS, "uk")}
    assert {"Переговори Зеленського", "Емманюеля Макрона"} & ruled
    assert "Дональд Туск" not in ruled


def test_a_ukrainian_word_read_only_as_a_persons_name_is_a_person_the_rules_passed_over() -> None:
    text = "У Шмигаля заявили, що все гаразд. Надія є. Коваль прийшов."
    found = Extractor(CONFIG)(text, "uk")
    # "Шмигаля": only a surname to the dictionary; "Надія" is hope too, "Коваль" a smith
    assert [(e["name"], e["type"], [m["text"] for m in e["mentions"]]) for e in found] == [
        ("Шмигаль", "PERSON", ["Шмигаля"])
    ]


# Polish: the same corrections, by Morfeusz's SGJP dictionary (the `morfeusz` backend)
PL_TALKS = (
    "Prezydent Francji Emmanuel Macron spotkał się we wtorek w Warszawie z premierem "
    "Donaldem Tuskiem. Rozmowy Tuska i Macrona trwały cztery godziny. Wcześniej Macron "
    "odwiedził Kraków. Posłowie Sejmu i naukowcy Polskiej Akademii Nauk dyskutowali o ustawie "
    "w Ministerstwie Spraw Zagranicznych. Anna Kowalska z Gdańska podziękowała Andrzejowi "
    "Dudzie. Marii Nowak pogratulował Jan Nowak."
)


def test_polish_names_are_cut_and_named_in_the_nominative() -> None:
    assert CONFIG.backend_for("pl") == "morfeusz"
    found = Extractor(CONFIG)(PL_TALKS, "pl")
    assert {e["name"]: e["type"] for e in found} == {
        "Francja": "LOC",
        "Emmanuel Macron": "PERSON",
        "Warszawa": "LOC",
        "Donald Tusk": "PERSON",
        "Kraków": "LOC",
        # "Posłowie" (MPs) opens the sentence: a surname too to the dictionary, no name here
        "Sejm": "ORG",
        "Polska Akademia Nauk": "ORG",  # the adjective agrees with its noun
        "Ministerstwo Spraw Zagranicznych": "ORG",  # an organisation's word: nothing cut
        "Anna Kowalska": "PERSON",
        "Gdańsk": "LOC",  # "Gdańska" is also a surname and an adjective
        "Andrzej Duda": "PERSON",
        "Maria Nowak": "PERSON",  # "Nowak" is written alike for a woman in every case
        "Jan Nowak": "PERSON",
    }
    mentions = entity(found, "Emmanuel Macron")["mentions"]
    assert [m["text"] for m in mentions] == ["Emmanuel Macron", "Macrona", "Macron"]
    for e in found:
        assert all(PL_TALKS[m["start"] : m["end"]] == m["text"] for m in e["mentions"])
    ruled = {e["name"] for e in RULES(PL_TALKS, "pl")}
    assert {"Rozmowy Tuska", "Posłowie Sejmu", "Andrzejowi Dudzie"} <= ruled
