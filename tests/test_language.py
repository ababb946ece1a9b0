"""The language stage: langdetect within the configured languages, scripts, alphabets, priors.

Every sentence here was written for these tests (news-style, one per configured language).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import langdetect.detector
import langdetect.lang_detect_exception
import pytest
from langdetect import DetectorFactory

from worker.article import Article
from worker.errors import ConfigError
from worker.settings import load_settings
from worker.stages.language import alphabets, langid
from worker.stages.language.stage import LanguageTagger, make

NEWS = ["en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "pl"]
NEWS += ["tr", "ar", "fa", "zh", "ja", "ko", "vi", "id", "hi", "sv"]
# Pinned here so that tuning config/default.toml does not silently change what is tested.
OPTIONS: dict[str, Any] = {
    "min_chars": 30,
    "sample_chars": 2000,
    "min_confidence": 0.5,
    "languages": NEWS,
    "other_prior": 0.0,
    "declared_prior": 30.0,
}

SENTENCES = {
    "en": "The city council approved a new budget for public transport on Tuesday evening.",
    "de": "Der Stadtrat hat am Dienstagabend einen neuen Haushalt für den Nahverkehr beschlossen.",
    "fr": "Le conseil municipal a adopté mardi soir un nouveau budget pour les transports publics.",
    "es": "El ayuntamiento aprobó el martes por la noche un nuevo presupuesto para el transporte.",
    "it": "Il consiglio comunale ha approvato martedì sera un nuovo bilancio per i trasporti.",
    "pt": "A câmara municipal aprovou na terça-feira à noite um novo orçamento para os "
    "transportes.",
    "nl": "De gemeenteraad heeft dinsdagavond een nieuwe begroting voor het openbaar vervoer "
    "goedgekeurd.",
    "ru": "Городской совет во вторник вечером утвердил новый бюджет на общественный транспорт.",
    "uk": "Міська рада у вівторок увечері ухвалила новий бюджет на громадський транспорт.",
    "pl": "Rada miasta przyjęła we wtorek wieczorem nowy budżet na transport publiczny.",
    "tr": "Belediye meclisi salı akşamı toplu taşıma için yeni bir bütçeyi onayladı.",
    "ar": "وافق مجلس المدينة مساء الثلاثاء على ميزانية جديدة للنقل العام في المدينة.",
    "fa": "شورای شهر سه‌شنبه شب بودجه جدیدی برای حمل و نقل عمومی شهر تصویب کرد.",
    "zh": "市议会周二晚间批准了一项新的公共交通预算，明年将增加十条公交线路和两条地铁线路。",
    "ja": "市議会は火曜日の夜、公共交通機関のための新しい予算を承認し、"
    "バス路線を増やすと発表しました。",
    "ko": "시의회는 화요일 저녁 대중교통을 위한 새 예산안을 승인했으며 "
    "내년에 버스 노선을 늘릴 계획이다.",
    "vi": "Hội đồng thành phố đã thông qua ngân sách mới cho giao thông công cộng vào tối thứ Ba.",
    "id": "Dewan kota menyetujui anggaran baru untuk transportasi umum pada Selasa malam.",
    "hi": "नगर परिषद ने मंगलवार शाम सार्वजनिक परिवहन के लिए नया बजट मंजूर किया।",
    "sv": "Kommunfullmäktige godkände på tisdagskvällen en ny budget för kollektivtrafiken.",
}
GREEK = "Ο δήμαρχος ανακοίνωσε νέο πρόγραμμα για τις δημόσιες συγκοινωνίες της πόλης."
DANISH = "Byrådet godkendte tirsdag aften et nyt budget for den kollektive trafik i byen."
# Words every Romance language shares: langdetect hesitates, so the declared language decides.
AMBIGUOUS = "Video Audio Radio Piano Opera Studio Tempo Porto Casa"


def tagger(**overrides: Any) -> LanguageTagger:
    return LanguageTagger.from_settings(load_settings(language={**OPTIONS, **overrides}).language)


@pytest.fixture(scope="module")
def news() -> LanguageTagger:
    return tagger()


@pytest.mark.parametrize("code", NEWS)
def test_each_configured_language_is_detected(news: LanguageTagger, code: str) -> None:
    assert news(SENTENCES[code]) == (code, 1.0)


@pytest.mark.parametrize(
    "text",
    ["Bridge closed today", "서울 날씨 맑음, 오후 비", "Пожар потушен", "", "2026-03-04 12:00 +++"],
)
def test_under_the_minimum_is_undetermined_even_in_a_telling_script(
    news: LanguageTagger, text: str
) -> None:
    assert news(text) == ("und", 0.0)


def test_the_minimum_counts_only_the_sample(news: LanguageTagger) -> None:
    short_sample = LanguageTagger(news.identifier, 10, 30, 0.5)
    assert short_sample(SENTENCES["en"]) == ("und", 0.0)


def test_devanagari_vowel_signs_count_as_letters(news: LanguageTagger) -> None:
    text = "नगर परिषद ने मंगलवार को नया बजट मंजूर किया।"
    assert sum(ch.isalpha() for ch in text) < 30 <= alphabets.count_letters(text, 99)
    assert news(text) == ("hi", 1.0)


def test_low_confidence_is_undetermined_with_its_confidence() -> None:
    code, confidence = tagger(min_confidence=0.99)(AMBIGUOUS)
    assert code == "und"
    assert 0.0 < confidence < 0.99


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Samsung Galaxy S24 Ultra 출시 앞두고 사전 예약 시작, 가격은 그대로 유지", "ko"),
        ("The word 서울 means capital, and the city hosted the Olympic Games in 1988.", "en"),
        ("東京都知事選挙の投票率は前回を上回り、午後八時に投票が締め切られた。", "ja"),
        ("上海市政府今天宣布，新的地铁线路和公交线路将于明年年底前全部建成通车。", "zh"),
        ("ABC News: मुंबई में भारी बारिश के बाद कई इलाकों में पानी भर गया है।", "hi"),
    ],
)
def test_the_dominant_script_narrows_the_candidates(
    news: LanguageTagger, text: str, code: str
) -> None:
    assert news(text)[0] == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Вчера в городе прошёл съезд учителей и директоров школ.", "ru"),
        ("Учора в місті відбувся з'їзд учителів і директорів шкіл.", "uk"),
        ("Вiн прийшов додому пiзно ввечерi i одразу лiг спати.", "uk"),  # Latin "i"
    ],
)
def test_cyrillic_alphabets_rule_out_ru_or_uk(news: LanguageTagger, text: str, code: str) -> None:
    assert news(text) == (code, 1.0)


def test_mixed_cyrillic_alphabets_leave_the_choice_to_langdetect() -> None:
    mixed = "Він сказав: «Мы этого не ожидали», і пішов геть з кімнати."
    assert alphabets.ruled_out(mixed, ("ru", "uk")) == frozenset()
    assert alphabets.ruled_out("съезд", ("ru", "uk")) == {"uk"}


def test_declared_language_decides_between_close_guesses(news: LanguageTagger) -> None:
    assert news(AMBIGUOUS)[0] == "it"
    assert news(AMBIGUOUS, "pt-BR")[0] == "pt"
    assert news(AMBIGUOUS, "PT_pt")[0] == "pt"


@pytest.mark.parametrize("declared", ["en", "ru", "ja", "xx-YY", ""])
def test_declared_language_does_not_override_clear_text(
    news: LanguageTagger, declared: str
) -> None:
    assert news(SENTENCES["de"], declared) == ("de", 1.0)


def test_only_configured_languages_answer(news: LanguageTagger) -> None:
    assert news(GREEK) == ("und", 0.0)  # no configured language is written in Greek
    assert news(DANISH)[0] in NEWS  # the price of a closed set: Danish reads as a neighbour
    assert tagger(languages=[*NEWS, "el", "da"])(GREEK) == ("el", 1.0)
    assert tagger(languages=[*NEWS, "el", "da"])(DANISH)[0] == "da"


def test_other_prior_lets_other_languages_answer() -> None:
    open_set = tagger(other_prior=0.01)
    assert open_set(GREEK) == ("el", 1.0)
    assert open_set(DANISH)[0] == "da"
    assert open_set(SENTENCES["sv"])[0] == "sv"


def test_empty_language_list_means_every_langdetect_language() -> None:
    assert tagger(languages=[])(DANISH)[0] == "da"


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"languages": ["en", "xx"]}, "no profile"),
        ({"other_prior": -1.0}, "other_prior"),
        ({"declared_prior": 0.0}, "declared_prior"),
    ],
)
def test_unusable_options_are_config_errors(overrides: dict[str, Any], error: str) -> None:
    with pytest.raises(ConfigError, match=error):
        tagger(**overrides)


def test_answers_are_the_same_on_every_call_and_ignore_the_global_seed(
    news: LanguageTagger, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = [news(text) for text in [*SENTENCES.values(), AMBIGUOUS]]
    monkeypatch.setattr(DetectorFactory, "seed", None)
    for _ in range(3):
        assert [tagger()(text) for text in [*SENTENCES.values(), AMBIGUOUS]] == first


_IN_A_FRESH_PROCESS = """
import json, sys
from tests.test_language import AMBIGUOUS, SENTENCES, tagger
t = tagger()
print(json.dumps([t(s) for s in [*SENTENCES.values(), AMBIGUOUS]]))
"""


@pytest.mark.integration
def test_answers_are_the_same_in_other_processes(news: LanguageTagger) -> None:
    expected = [list(news(text)) for text in [*SENTENCES.values(), AMBIGUOUS]]
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run(
            [sys.executable, "-c", _IN_A_FRESH_PROCESS],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        assert json.loads(run.stdout) == expected


def test_stage_sets_code_and_confidence_and_keeps_declared() -> None:
    stage = make(load_settings(language=OPTIONS))
    given = Article(
        ingest_id="ing-1",
        received_at="2026-03-04T10:00:00Z",
        source={"kind": "text"},
        text=SENTENCES["fr"],
        language={"code": "und", "confidence": 0.0, "declared": "fr-CA"},
    )
    assert stage(given).language == {"code": "fr", "confidence": 1.0, "declared": "fr-CA"}
    assert given.language["code"] == "und"  # a new record, the old one untouched


def test_detector_answers_as_langdetects() -> None:
    """langid.Detector is langdetect's detector doing less work: the same n-grams, in the
    same order, and the same probabilities, bit for bit, for texts in every configured
    language, mixed ones, the project's samples and odd ones, under several priors."""
    factory = langid._load_factory(tuple(p for p in langid.PROFILES if langid.code_of(p) in NEWS))
    samples = Path(__file__).parent.parent / "samples"
    texts = [*SENTENCES.values(), " ".join(SENTENCES.values())]
    texts += [p.read_text(encoding="utf-8")[:3000] for p in sorted(samples.iterdir())]
    texts += ["NASA and the USA  said   so.\nSee https://example.org/a?b=1 or a.b@example.org ",
              "  ÀÉÎ Ñandú ÕÜ ABCdef GHi jKL  ", "Tiếng Việt có dấu", "x", "!!! 123"]  # fmt: skip
    first = factory.langlist[:3]
    priors = [
        None,
        {p: 1.0 for p in first},
        {p: 30.0 if p == "fr" else 1.0 for p in factory.langlist},
    ]
    for text in texts:
        for prior in priors:
            ours, theirs = langid.Detector(factory), langdetect.detector.Detector(factory)
            for detector in (ours, theirs):
                detector.append(text)
                if prior is not None:
                    detector.set_prior_map(prior)
            assert ours.text == theirs.text
            assert _answer(ours) == _answer(theirs), (text[:40], prior)
            assert ours._extract_ngrams() == theirs._extract_ngrams()


def _answer(detector: Any) -> Any:
    try:
        return [(found.lang, found.prob) for found in detector.get_probabilities()]
    except langdetect.lang_detect_exception.LangDetectException as error:
        return str(error)
