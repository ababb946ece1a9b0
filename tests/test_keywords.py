"""The `keywords` stage on short articles written for these tests, in several languages."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
import stopwordsiso

from worker.article import Article
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


@pytest.mark.parametrize("lang", ["und", "ja", "xx"])
def test_no_keywords_without_stop_words_or_word_spaces(stage: Stage, lang: str) -> None:
    assert stage(article(EN, lang)).keywords == ()


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
