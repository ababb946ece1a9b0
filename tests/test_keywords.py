"""The `keywords` stage on short articles written for these tests, in several languages."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import pytest
import stopwordsiso

from worker.article import Article
from worker.segment import Segment, segmenter
from worker.settings import load_settings
from worker.stages.dates import stage as dates
from worker.stages.keywords import stage as keywords
from worker.stages.keywords.tokens import TokenOptions, tokenize

Stage = Callable[[Article], Article]

EN = (
    "The Wexford Harbour Bridge will close for six weeks after engineers found corrosion in "
    "its suspension cables. The Wexford Harbour Bridge carries 42,000 vehicles a day.\n\n"
    "Engineers said the suspension cables had lost strength. The city's ferry service will "
    "add sailings while the suspension cables are replaced. Ferry tickets will be free.\n\n"
    "Maria Lopez, the chief engineer, said the bridge was safe. Maria Lopez expects the "
    "repair to cost 18 million dollars."
)
DE = (
    "Der Stadtrat von Lindenburg hat die autofreie Innenstadt beschlossen. Die autofreie "
    "Innenstadt soll ab dem Frühjahr gelten. Anwohner und Lieferdienste dürfen weiter in "
    "die Innenstadt fahren.\n\nDer Einzelhandelsverband kritisiert die autofreie Innenstadt. "
    "Oberbürgermeisterin Claudia Wendt verteidigt den Beschluss."
)
FR = (
    "Les vendanges ont commencé dans le Val-de-Sorel. L'année a été chaude et la récolte "
    "précoce inquiète les vignerons.\n\nLes vignerons du Val-de-Sorel craignent pour la "
    "récolte. « La récolte sera faible », dit Étienne Marchal. L'année prochaine, la "
    "coopérative locale embauchera des étudiants."
)
RU = (
    "На Заречной линии метро открылись три новые станции. Новые станции соединили район "
    "Озёрный с центром города.\n\nСтроительство новых станций продолжалось пять лет. "
    "Жители района Озёрный ждали открытия станций."
)

# Hindi: its vowel signs are combining marks, inside every word ("पुणे", "बारिश").
HI = (
    "पुणे जिले में लगातार तीसरे दिन भारी बारिश के बाद मुठा नदी खतरे के निशान से ऊपर बह रही है। "
    "जिला प्रशासन ने बताया कि निचले इलाकों से चार हजार लोगों को राहत शिविरों में पहुंचाया गया।\n\n"
    "जिलाधिकारी सुनीता देशमुख ने कहा कि भारी बारिश के कारण स्कूल दो दिन बंद रहेंगे। मौसम विभाग ने "
    "अगले दो दिनों के लिए भारी बारिश की चेतावनी दी है और मुठा नदी के किनारे रहने वालों से सतर्क "
    "रहने को कहा है।"
)

# Written without spaces between words: cut by a segmenter, keywords are its nouns.
JA = (
    "警視庁によると、火曜日の午後、東京都港区の交差点で大型トラックが歩道に突っ込み、"
    "通行人3人が重傷を負った。大型トラックの運転手は現行犯逮捕された。\n\n"
    "警視庁は事故の原因を調べている。港区では今年、大型トラックによる事故が相次いでおり、"
    "区は交差点の安全対策を急ぐ方針だ。"
)
ZH = (
    "上海港务局周二宣布，一艘货轮在长江口与一艘渔船相撞，三名渔民失踪。\n\n"
    "海事部门已派出救援船只搜寻失踪渔民。货轮船长表示，事发时长江口能见度很低。"
    "上海港务局称，长江口航道暂时关闭，货轮已被扣留调查。"
)
TH = (
    "ฝนตกหนักในกรุงเทพมหานครเมื่อคืนนี้ ทำให้น้ำท่วมถนนสุขุมวิทและถนนพระราม 4 "
    "การจราจรติดขัดอย่างหนัก\n\nกรุงเทพมหานครเตรียมเครื่องสูบน้ำเพิ่มเติม "
    "กรมอุตุนิยมวิทยาเตือนว่าฝนตกหนักจะต่อเนื่องอีกสองวัน"
)


@pytest.fixture(scope="module")
def stage() -> Stage:
    return keywords.make(load_settings())


def article(text: str, lang: str, **fields: Any) -> Article:
    return Article(
        ingest_id="t",
        received_at="2026-06-24T00:00:00Z",
        source={"kind": "text"},
        text=text,
        language={"code": lang, "confidence": 1.0, "declared": None},
        **fields,
    )


def segments(lang: str, text: str) -> Sequence[Segment]:
    segment = segmenter(lang)
    assert segment is not None
    return segment(text)


def texts(result: Article) -> list[str]:
    return [k["text"] for k in result.keywords]


@pytest.mark.parametrize(
    ("text", "lang"), [(EN, "en"), (DE, "de"), (FR, "fr"), (RU, "ru"), (HI, "hi")]
)
def test_shape_scores_offsets_and_stop_words(stage: Stage, text: str, lang: str) -> None:
    result = stage(article(text, lang)).keywords
    assert 0 < len(result) <= 10
    scores = [k["score"] for k in result]
    assert scores[0] == 1.0
    assert all(0 < s <= 1 for s in scores)
    assert scores == sorted(scores, reverse=True)
    stops = {w.casefold() for w in stopwordsiso.stopwords(lang)}
    for item in result:
        assert text[item["start"] : item["end"]] == item["text"]
        for edge in (item["start"] - 1, item["end"]):  # whole words: no letter or mark beside
            assert not unicodedata.category(text[edge : edge + 1] or " ").startswith(("L", "M"))
        words = item["text"].casefold().split()
        assert words[0] not in stops
        assert words[-1] not in stops
    assert stage(article(text, lang)).keywords == result  # deterministic


@pytest.mark.parametrize(
    ("text", "lang", "wanted", "fragments"),
    [
        (
            EN,
            "en",
            ["Wexford Harbour Bridge", "Maria Lopez", "suspension cables"],
            ["Harbour Bridge", "Wexford Harbour", "Lopez", "Wexford"],
        ),
        (DE, "de", ["autofreie Innenstadt", "Stadtrat von Lindenburg"], ["Lindenburg", "Wendt"]),
        (FR, "fr", ["Val-de-Sorel", "récolte", "vignerons"], ["Sorel"]),
        (RU, "ru", ["новые станции", "Озёрный"], []),
        (HI, "hi", ["भारी बारिश", "मुठा नदी"], ["पुण", "बार"]),  # words cut at a vowel sign
    ],
)
def test_characteristic_phrases_and_whole_names(
    stage: Stage, text: str, lang: str, wanted: list[str], fragments: list[str]
) -> None:
    found = texts(stage(article(text, lang)))
    for phrase in wanted:  # whole, maybe inside a longer phrase ("autofreie Innenstadt ...")
        assert any(f" {phrase} " in f" {k} " for k in found), found
    for fragment in fragments:  # never alone
        assert fragment not in found, found


def test_entity_mentions_keep_names_whole(stage: Stage) -> None:
    text = "Ivan the Terrible ruled Russia. Historians still debate Ivan the Terrible today."
    mentions = [{"text": "Ivan the Terrible", "start": s, "end": s + 17} for s in (0, 56)]
    entities = ({"name": "Ivan the Terrible", "type": "PERSON", "mentions": mentions},)
    found = texts(stage(article(text, "en", entities=entities)))
    assert "Ivan the Terrible" in found
    assert "Ivan" not in found and "Terrible" not in found
    without = texts(stage(article(text, "en")))
    assert "Ivan the Terrible" not in without  # the stop word "the" cuts it without the entity


def test_elisions_and_possessives_are_cut(stage: Stage) -> None:
    assert "année" in texts(stage(article(FR, "fr")))
    en = texts(stage(article(EN, "en")))
    assert not any("'s" in k for k in en)


def test_dates_found_earlier_are_not_keywords(stage: Stage) -> None:
    text = "The bridge closes on June 27. The bridge reopens in August. Bridge works cost more."
    dated = dates.make(load_settings())(article(text, "en", published="2026-06-24"))
    assert {d["text"] for d in dated.dates} == {"June 27", "August"}
    found = texts(stage(dated))
    assert not any("June" in k or "August" in k for k in found), found


@pytest.mark.parametrize("lang", ["und", "lo", "xx"])
def test_no_keywords_without_stop_words_or_word_spaces(stage: Stage, lang: str) -> None:
    assert stage(article(EN, lang)).keywords == ()


@pytest.mark.parametrize(
    ("text", "lang", "wanted", "never"),
    [
        # a compound noun whole ("大型トラック": large truck), a suffix on its noun
        # ("警視庁"); never a particle, a verb, a weekday used as an adverb, a counted number
        (JA, "ja", ["警視庁", "大型トラック", "東京都港区", "交差点"],
         ["は", "が", "突っ込み", "火曜日", "3人", "トラック", "警視"]),
        (ZH, "zh", ["上海港务局", "货轮", "长江口", "渔民"],
         ["周二", "宣布", "相撞", "三名", "表示"]),
        (TH, "th", ["ฝนตกหนัก", "กรุงเทพมหานคร", "สุขุมวิท", "การจราจรติดขัด"],
         ["ทำให้", "ใน", "เมื่อคืนนี้", "น้ำท่วม"]),
    ],
)  # fmt: skip
def test_languages_written_without_spaces_give_their_nouns(
    stage: Stage, text: str, lang: str, wanted: list[str], never: list[str]
) -> None:
    result = stage(article(text, lang)).keywords
    found = [k["text"] for k in result]
    assert 0 < len(result) <= 10
    for phrase in wanted:  # whole, maybe inside a longer phrase ("ถนนพระราม")
        assert any(phrase in k for k in found), found
    for word in never:
        assert word not in found, found
    cuts = {cut for s in segments(lang, text) for cut in (s.start, s.end)}
    for item in result:  # at word boundaries, as the text writes the phrase
        assert text[item["start"] : item["end"]] == item["text"]
        assert item["start"] in cuts and item["end"] in cuts
        assert "\n" not in item["text"] and " " not in item["text"]
    assert stage(article(text, lang)).keywords == result  # deterministic


def test_latin_words_quoted_in_a_text_without_spaces(stage: Stage) -> None:
    # a name in Latin letters stays whole across its space; English stop words are stop words
    zh = "苹果公司发布了新版Apple Watch。Apple Watch的电池续航更长，Apple Watch售价不变。"
    assert "Apple Watch" in texts(stage(article(zh, "zh")))
    ja = "新しいKindle for PCが公開された。Kindle for PCでは書籍の検索が速くなった。"
    found = texts(stage(article(ja, "ja")))
    assert "Kindle" in found and not any("for" in k.split() for k in found), found


def test_segments_cover_the_text_and_bind_affixes_to_their_noun() -> None:
    for lang, text in (("ja", JA), ("zh", ZH), ("th", TH)):
        cut = segments(lang, text)
        assert cut[0].start == 0 and cut[-1].end == len(text)
        assert all(a.end == b.start for a, b in itertools.pairwise(cut))
    words = {JA[s.start : s.end]: s.content for s in segments("ja", JA)}
    assert words["警視庁"] and not words["3人"] and not words["火曜日"]
    assert segmenter("en") is None and segmenter("ko") is None  # Korean is spaced


def test_a_japanese_text_longer_than_sudachi_takes_is_cut_in_parts() -> None:
    # Sudachi refuses more than 49,149 bytes at once: these 21,002 characters are 63,002
    text = ("大型トラックの事故が相次いだ。" * 700 + "\n") * 2
    assert len(text.encode()) > 49_149
    cut = segments("ja", text)
    assert cut[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(cut))
    assert sum(text[s.start : s.end] == "大型" for s in cut) == 1400


def test_empty_text(stage: Stage) -> None:
    assert stage(article("", "en")).keywords == ()


def test_dotted_abbreviations_keep_their_final_period(stage: Stage) -> None:
    text = (
        "The U.S. and the E.U. agreed on tariffs. Trade between the U.S. and the E.U. grew, "
        "e.g. in steel. Officials in the U.S. The talks resume in May, U.S. envoys said. "
        "Tariffs on steel from the E.U. fell."
    )
    result = stage(article(text, "en")).keywords
    found = [k["text"] for k in result]
    for name in ("U.S.", "E.U."):  # whole, maybe inside a phrase ("E.U. agreed")
        assert any(f" {name} " in f" {k} " for k in found), found
    words = {w for k in found for w in k.split()}
    assert not words & {"U.S", "E.U", "U", "S", "E"}, found
    assert not any("e.g." in k for k in found), found
    assert not any("U.S. The" in k for k in found), found  # "The" opens the next sentence
    assert all(text[k["start"] : k["end"]] == k["text"] for k in result)


def test_sentences_end_at_a_danda_as_at_a_period() -> None:
    tokens = tokenize("नदी उफान पर है। लोग सुरक्षित हैं। Done.", TokenOptions(stops=frozenset()))
    assert [t.key for t in tokens] == ["नदी", "उफान", "पर", "है", "लोग", "सुरक्षित", "हैं", "done"]
    assert [t.sentence for t in tokens] == [0, 0, 0, 0, 1, 1, 1, 2]


def test_a_phrase_never_runs_across_a_line_end(stage: Stage) -> None:
    # a headline ends without a full stop: its last word and the body's first are two phrases
    text = (
        "Harbour bridge closes in Wexford\n\nEngineers found corrosion in the cables of the "
        "harbour bridge. Engineers said the cables had lost strength.\n\nWexford\n\n"
        "Engineers expect the repair to last weeks."
    )
    found = texts(stage(article(text, "en")))
    assert "Wexford" in found and "Engineers" in found, found
    assert not any("\n" in k for k in found), found
