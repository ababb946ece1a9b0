"""The quotes stage on short articles written for these tests (several languages).

Each case gives a text, its language and the quotes expected as
(kind, text, speaker, mention text, verb); unlisted fields are not compared.
"""

from __future__ import annotations

from typing import Any

import pytest

from worker.article import Article
from worker.settings import CONFIG_DIR, load_settings
from worker.stages.entities.backends import Extractor
from worker.stages.entities.lexicon import EntityConfig
from worker.stages.quotes import stage as quotes_stage
from worker.stages.quotes.extract import extract
from worker.stages.quotes.marks import find_quotes
from worker.stages.quotes.subjects import mention_in
from worker.stages.quotes.tables import Lexicons

LEXICONS = Lexicons.load(CONFIG_DIR / "quotes.toml")
Expected = tuple[str, str, str | None, str | None, str | None]


def run(text: str, language: str, entities: tuple[dict[str, Any], ...] = ()) -> list[dict]:
    return list(extract(text, entities, LEXICONS.get(language)))


def summary(items: list[dict]) -> list[Expected]:
    return [
        (
            q["kind"],
            q["text"],
            q["speaker"],
            q["speaker_mention"]["text"] if q["speaker_mention"] else None,
            q["verb"],
        )
        for q in items
    ]


CASES: list[tuple[str, str, str, list[Expected]]] = [
    (
        "inverted verb, told, continuation in the same paragraph",
        "en",
        "John Bolton arrived late. “It is a disaster,” said Bolton, the adviser.\n\n"
        "“We will not back down,” Putin told reporters. “Never.”",
        [
            ("direct", "It is a disaster,", "John Bolton", "Bolton", "said"),
            ("direct", "We will not back down,", "Putin", "Putin", "told"),
            ("direct", "Never.", "Putin", "Putin", "told"),
        ],
    ),
    (
        "a role then its holder's name: the name speaks",
        "en",
        "“Rates will hold,” said the harbour authority's chief economist, Mara Lind.\n\n"
        "“The port reopens on Monday,” the authority's spokesman, Ivo Kranjc, said.",
        [
            ("direct", "Rates will hold,", "Mara Lind", "Mara Lind", "said"),
            ("direct", "The port reopens on Monday,", "Ivo Kranjc", "Ivo Kranjc", "said"),
        ],
    ),
    (
        "he said / she added go to the most recent fitting speaker",
        "en",
        "Mrs. Warren spoke first. Then Mr. Sanders took the stage.\n\n"
        "“We will win this fight,” he said.\n\n"
        "“And we will keep going,” she added.",
        [
            ("direct", "We will win this fight,", "Sanders", "he", "said"),
            ("direct", "And we will keep going,", "Warren", "she", "added"),
        ],
    ),
    (
        "a quote paragraph continues the previous speaker; multi-paragraph quote",
        "en",
        "“The plan is simple,” Mayor Ana Ruiz said.\n\n"
        "“We build the bridge first.”\n\n"
        "“Then we fix the roads. It will take years.\n\n"
        "“But it will be worth it.”",
        [
            ("direct", "The plan is simple,", "Ana Ruiz", "Mayor Ana Ruiz", "said"),
            ("direct", "We build the bridge first.", "Ana Ruiz", "Mayor Ana Ruiz", None),
            (
                "direct",
                "Then we fix the roads. It will take years.\n\n“But it will be worth it.",
                "Ana Ruiz",
                "Mayor Ana Ruiz",
                None,
            ),
        ],
    ),
    (
        "colon lead-in, partial quote, indirect speech, scare quotes dropped",
        "en",
        "The senator said: “The vote is set for Monday.” She called the bill "
        '“a total failure.” Critics call it a "reform" anyway.\n\n'
        "Ruiz said that the council would meet again in June.",
        [
            ("direct", "The vote is set for Monday.", "The senator", "The senator", "said"),
            ("partial", "a total failure.", "The senator", "She", "called"),
            ("indirect", "the council would meet again in June", "Ruiz", "Ruiz", "said"),
        ],
    ),
    (
        "sentence-final attribution without quote marks, according to",
        "en",
        "The economy is growing fast, Bolton said on Tuesday. According to the mayor, "
        "the bridge will open in May.",
        [
            ("indirect", "The economy is growing fast", "Bolton", "Bolton", "said"),
            ("indirect", "the bridge will open in May", "the mayor", "the mayor", "According to"),
        ],
    ),
    (
        "ASCII and doubled apostrophes, dash attribution",
        "en",
        "''We may at last see the harbour grow,'' Mr. Smith said.\n\n"
        '"Nobody expected this," he said.\n\n'
        "“Fine work. She is ready.” ― Ana Ruiz",
        [
            ("direct", "We may at last see the harbour grow,", "Smith", "Mr. Smith", "said"),
            ("direct", "Nobody expected this,", "Smith", "he", "said"),
            ("direct", "Fine work. She is ready.", "Ana Ruiz", "Ana Ruiz", None),
        ],
    ),
    (
        "German „…“, inverted verb, so, er sagte dass",
        "de",
        "„Wir schaffen das“, sagte Merkel am Montag. »Das ist falsch«, so Scholz.\n\n"
        "Er sagte, dass die Brücke im Mai fertig werde.",
        [
            ("direct", "Wir schaffen das", "Merkel", "Merkel", "sagte"),
            ("direct", "Das ist falsch", "Scholz", "Scholz", None),
            ("indirect", "die Brücke im Mai fertig werde", "Scholz", "Er", "sagte"),
        ],
    ),
    (
        "French guillemets, a déclaré, a-t-il ajouté, selon",
        "fr",
        "« Nous ne céderons pas », a déclaré Emmanuel Macron. « Jamais », a-t-il ajouté.\n\n"
        "Selon le ministre, la réforme entrera en vigueur en janvier.",
        [
            ("direct", "Nous ne céderons pas", "Emmanuel Macron", "Emmanuel Macron", "déclaré"),
            ("direct", "Jamais", "Emmanuel Macron", "il", "ajouté"),
            (
                "indirect",
                "la réforme entrera en vigueur en janvier",
                "le ministre",
                "le ministre",
                "Selon",
            ),
        ],
    ),
    (
        "Spanish: dijo X, pro-drop afirmó, según",
        "es",
        "“Vamos a ganar”, dijo Pedro Sánchez.\n\n«No hay marcha atrás», afirmó.",
        [
            ("direct", "Vamos a ganar", "Pedro Sánchez", "Pedro Sánchez", "dijo"),
            ("direct", "No hay marcha atrás", "Pedro Sánchez", None, "afirmó"),
        ],
    ),
    (
        "Italian «…», ha dichiarato X, pro-drop ha aggiunto",
        "it",
        "«Chiederemo un piano», ha dichiarato Paolo Gentile. «Con tempi certi», ha aggiunto.",
        [
            ("direct", "Chiederemo un piano", "Paolo Gentile", "Paolo Gentile", "dichiarato"),
            ("direct", "Con tempi certi", "Paolo Gentile", None, "aggiunto"),
        ],
    ),
    (
        "Russian «…», — заявил; она resolves by gender",
        "ru",
        "«Мы не отступим», — заявил Владимир Путин. Мария Захарова выступила позже.\n\n"
        "«Это провокация», — сказала она.",
        [
            ("direct", "Мы не отступим", "Владимир Путин", "Владимир Путин", "заявил"),
            ("direct", "Это провокация", "Мария Захарова", "она", "сказала"),
        ],
    ),
    (
        "Ukrainian «…», — заявив; вона resolves by gender; X журналістам",
        "uk",
        "«Ми не відступимо», — заявив Іван Мельник. Олена Бондар виступила пізніше.\n\n"
        "«Це провокація», — сказала вона. «Рішення за нами», — сказав Мельник журналістам.",
        [
            ("direct", "Ми не відступимо", "Іван Мельник", "Іван Мельник", "заявив"),
            ("direct", "Це провокація", "Олена Бондар", "вона", "сказала"),
            ("direct", "Рішення за нами", "Іван Мельник", "Мельник", "сказав"),
        ],
    ),
    (
        "Polish „…” – powiedział X; pro-drop powiedziała goes by gender; X dziennikarzom",
        "pl",
        "„Nie wycofamy się” – powiedział Jan Nowak. Anna Kowalska wystąpiła później.\n\n"
        "„To prowokacja” – powiedziała. „Decyzja należy do nas” – dodał Nowak dziennikarzom.",
        [
            ("direct", "Nie wycofamy się", "Jan Nowak", "Jan Nowak", "powiedział"),
            ("direct", "To prowokacja", "Anna Kowalska", None, "powiedziała"),
            ("direct", "Decyzja należy do nas", "Jan Nowak", "Nowak", "dodał"),
        ],
    ),
    (
        "Czech „…“, řekl X, pro-drop dodal, unmarked final attribution",
        "cs",
        "„Dohoda je hotová,“ řekl Václav Klaus. „Podepíšeme ji zítra,“ dodal.\n\n"
        "Ceny porostou i příští rok, uvedl ministr financí.",
        [
            ("direct", "Dohoda je hotová,", "Václav Klaus", "Václav Klaus", "řekl"),
            ("direct", "Podepíšeme ji zítra,", "Václav Klaus", None, "dodal"),
            (
                "indirect",
                "Ceny porostou i příští rok",
                "ministr financí",
                "ministr financí",
                "uvedl",
            ),
        ],
    ),
]

IDS = [case[0] for case in CASES]


@pytest.mark.parametrize(("language", "text", "expected"), [c[1:] for c in CASES], ids=IDS)
def test_quotes_speakers_and_verbs(language: str, text: str, expected: list[Expected]) -> None:
    assert summary(run(text, language)) == expected


@pytest.mark.parametrize(("language", "text"), [c[1:3] for c in CASES], ids=IDS)
def test_offsets_point_into_the_text(language: str, text: str) -> None:
    for quote in run(text, language):
        assert text[quote["start"] : quote["end"]] == quote["text"]
        mention = quote["speaker_mention"]
        if mention:
            assert text[mention["start"] : mention["end"]] == mention["text"]


@pytest.mark.parametrize(
    ("text", "contents"),
    [
        ("“Hello,” he said. “Bye.”", ["Hello,", "Bye."]),
        ("Er sagte: „Wir schaffen das“, so Merkel.", ["Wir schaffen das"]),
        ("« Nous verrons », a-t-il dit.", ["Nous verrons"]),
        ("He said 「分かりました」 quietly.", ["分かりました"]),
        # Chinese and Japanese marks open and close right beside the words
        ("周文涛说：“桥墩有裂缝。”他表示，维修需要两个月。", ["桥墩有裂缝。"]),
        ("居民们称这座桥为“生命线”。", ["生命线"]),
        ("山田首相は「協力を深める」と述べた。", ["協力を深める"]),
        ("Sanders’ surge and don't and ‘a scare quote’ here", ["a scare quote"]),
        ('“Curly opened, straight closed," she said.', ["Curly opened, straight closed,"]),
        ("“Runs to the paragraph's end\n\nNext paragraph.", ["Runs to the paragraph's end"]),
        ("It is 5' 11\" tall, 'no quote here.", []),
    ],
)
def test_quote_marks_pair_in_every_convention(text: str, contents: list[str]) -> None:
    assert [text[q.start : q.end] for q in find_quotes(text)] == contents


ZH_ENTITIES = Extractor(EntityConfig.load(CONFIG_DIR / "entities.toml"))


def unspaced(text: str, language: str = "zh") -> list[Expected]:
    stage = quotes_stage.make(load_settings())
    article = Article(
        f"t-{language}",
        "2026-01-01T00:00:00Z",
        {"kind": "text"},
        text=text,
        language={"code": language, "confidence": 1.0, "declared": None},
        entities=tuple(ZH_ENTITIES(text, language)),
    )
    found = stage(article).quotes
    for q in found:
        assert text[q["start"] : q["end"]] == q["text"]
    return summary(list(found))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a speaker and a verb before the quote, a colon between; a title before the name
        (
            "交通运输局局长周文涛说：“桥墩有裂缝，必须封闭。”",
            [("direct", "桥墩有裂缝，必须封闭。", "周文涛", "周文涛", "说")],
        ),
        # split in two by its attribution; "他" is the latest person who spoke
        (
            "“我们不会放弃，”主教练王立群说，“比赛还没有结束。”他还强调，球队会继续训练。",
            [
                ("direct", "我们不会放弃，", "王立群", "王立群", "说"),
                ("direct", "比赛还没有结束。", "王立群", "王立群", "说"),
                ("indirect", "球队会继续训练", "王立群", "他", "强调"),
            ],
        ),
        # a short sentence after the quote that only attributes it
        ("“这是我们的错。”王立群说。", [("direct", "这是我们的错。", "王立群", "王立群", "说")]),
        # when and where stand between the speaker and the verb
        (
            "美国总统特朗普周二在白宫对记者说：“我们会达成协议。”",
            [("direct", "我们会达成协议。", "特朗普", "特朗普", "说")],
        ),
        # reported speech: an organisation, "according to", a run of nouns
        (
            "临江市交通运输局周二宣布，青石大桥将禁止货车通行。",
            [
                (
                    "indirect",
                    "青石大桥将禁止货车通行",
                    "临江市交通运输局",
                    "临江市交通运输局",
                    "宣布",
                )
            ],
        ),
        (
            "据新华社报道，四川发生地震。",
            [("indirect", "四川发生地震", "新华社", "新华社", "报道")],
        ),
        (
            "交警部门提醒，货车司机可以绕行。",
            [("indirect", "货车司机可以绕行", "交警部门", "交警部门", "提醒")],
        ),
        # a term in quotation marks, with no one saying it; "说" inside "说明" is no verb
        ("居民们把这座桥叫作“生命线”。", []),
        ("王立群说明了情况。工程说明书已经发布。", []),
        # a pronoun with no person before it speaks for no one
        ("“这是我们的错，”他说。", [("direct", "这是我们的错，", None, "他", "说")]),
    ],
)
def test_chinese_quotes_by_their_set_shapes(text: str, expected: list[Expected]) -> None:
    assert unspaced(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the quoting particle and a verb after the quotation; the speaker before it, past
        # the titles and suffixes after a name, or between "と" and the verb
        (
            "山田首相は記者団に「協力を深める」と述べた。",
            [("direct", "協力を深める", "山田", "山田", "述べ")],
        ),
        ("「問題はない」と鈴木氏は語った。", [("direct", "問題はない", "鈴木", "鈴木", "語っ")]),
        # a verbal noun and "する"; a noun speaks when no name does; "彼女": who spoke last
        (
            "佐藤社長は「販売は好調だ」と強調した。男は「知らない」と話した。",
            [
                ("direct", "販売は好調だ", "佐藤", "佐藤", "強調し"),
                ("direct", "知らない", "男", "男", "話し"),
            ],
        ),
        (
            "鈴木花子さんは「大丈夫です」と話した。彼女は「また来たい」とも語った。",
            [
                ("direct", "大丈夫です", "鈴木花子", "鈴木花子", "話し"),
                ("direct", "また来たい", "鈴木花子", "彼女", "語っ"),
            ],
        ),
        # reported speech: the clause before "と" and its verb, after the sentence's topic
        # or a comma after it; "と" before another verb is "and"
        (
            "山田首相は記者団に対し、経済対策を急ぐと述べた。",
            [("indirect", "経済対策を急ぐ", "山田", "山田", "述べ")],
        ),
        (
            "警視庁によると、男は金が欲しかったと話しているという。",
            [("indirect", "金が欲しかった", "男", "男", "話し")],
        ),
        ("山田首相は東京と大阪を訪れた。", []),
        # a title in 「」, no one saying it
        ("映画「君の名は」が公開された。", []),
    ],
)
def test_japanese_quotes_by_the_quoting_particle_and_its_verb(
    text: str, expected: list[Expected]
) -> None:
    assert unspaced(text, "ja") == expected


def test_speaker_takes_the_entity_name_whose_mention_overlaps_it() -> None:
    text = "“We are ready,” Mr Putin said."
    entities = (
        {
            "name": "Vladimir Putin",
            "type": "PERSON",
            "mentions": [{"text": "Mr Putin", "start": 16, "end": 24}],
        },
    )
    [quote] = run(text, "en", entities)
    assert (quote["speaker"], quote["speaker_mention"]["text"]) == ("Vladimir Putin", "Putin")


def test_pronoun_prefers_the_last_person_entity_when_no_speaker_is_near() -> None:
    text = "Angela Merkel met the press on Monday.\n\n“We will manage,” she said."
    entities = (
        {
            "name": "Angela Merkel",
            "type": "PERSON",
            "mentions": [{"text": "Angela Merkel", "start": 0, "end": 13}],
        },
    )
    [quote] = run(text, "en", entities)
    assert quote["speaker"] == "Angela Merkel"


def test_unknown_language_uses_every_table() -> None:
    text = "„Wir schaffen das“, sagte Merkel. “We will,” said Bolton."
    assert [q["speaker"] for q in run(text, "und")] == ["Merkel", "Bolton"]


def test_no_quotes_in_plain_text() -> None:
    assert run("The bridge opened on Monday. Traffic was light.", "en") == []


def test_stage_fills_quotes_and_is_deterministic() -> None:
    stage = quotes_stage.make(load_settings())
    article = Article(
        "t-1",
        "2026-01-01T00:00:00Z",
        {"kind": "text"},
        text="“It is done,” Ruiz said. Ruiz said that the bridge would open in May.",
        language={"code": "en", "confidence": 0.99, "declared": None},
    )
    first, second = stage(article), stage(article)
    assert first.quotes == second.quotes
    assert [q["kind"] for q in first.quotes] == ["direct", "indirect"]
    assert article.quotes == ()


def _persons(text: str, *names: str) -> tuple[dict[str, Any], ...]:
    return tuple(
        {
            "name": name,
            "type": "PERSON",
            "mentions": [
                {"text": name, "start": text.index(name), "end": text.index(name) + len(name)}
            ],
        }
        for name in names
    )


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        # no honorific: the given name tells whom "she" can be
        (
            "en",
            "Tomas Varga met Anna Berg in Vienna.\n\n“We are close to a deal,” she said.",
            "Anna Berg",
        ),
        (
            "en",
            "Anna Berg met Tomas Varga in Vienna.\n\n“We are close to a deal,” he said.",
            "Tomas Varga",
        ),
        (
            "de",
            "Karl Lenz traf Maria Schmidt in Bonn.\n\n„Wir sind bereit“, sagte sie.",
            "Maria Schmidt",
        ),
        (
            "fr",
            "Pierre Morel a reçu Claire Dupuis à Lyon.\n\n« Nous sommes prêts », a-t-elle dit.",
            "Claire Dupuis",
        ),
    ],
)
def test_a_pronoun_skips_the_person_whose_given_name_says_otherwise(
    language: str, text: str, speaker: str
) -> None:
    names = [
        n
        for n in (
            "Tomas Varga",
            "Anna Berg",
            "Karl Lenz",
            "Maria Schmidt",
            "Pierre Morel",
            "Claire Dupuis",
        )
        if n in text
    ]
    [quote] = run(text, language, _persons(text, *names))
    assert quote["speaker"] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the honorific names the speaker of the next "she said", not the other person
        (
            "Anna Berg met Tomas Varga in Vienna on Tuesday. Ms Berg said the talks had gone "
            "well. “We are close to a deal,” she said.",
            "Anna Berg",
        ),
        # an adjective after the verb is not a speaker
        (
            "“The country stands united,” the president said in a televised address.",
            "the president",
        ),
        # a place before a role before a name: the name speaks
        (
            "“Europe must act,” Elysée foreign policy adviser Marc Dubois told reporters.",
            "Marc Dubois",
        ),
        # "he" after a paragraph break: the man who opened the last paragraph
        (
            "Karl Lenz arrived in Berlin on Monday.\n\nPeter Holm, his rival, stayed home.\n\n"
            "“I am ready,” he said.",
            "Peter Holm",
        ),
    ],
)
def test_speakers_of_the_reported_error_patterns(text: str, speaker: str) -> None:
    entities = Extractor(EntityConfig.load(CONFIG_DIR / "entities.toml"))(text, "en")
    assert [q["speaker"] for q in run(text, "en", tuple(entities)) if q["kind"] == "direct"] == [
        speaker
    ]


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("the senator", "noun"),
        ("The harbour authority", "noun"),
        ("two officials", "noun"),
        # what is left of a cut phrase is no speaker: a determiner, an adverb, a gerund, a year
        ("The", None),
        ("his", None),
        ("a widely", None),
        ("forcefully", None),
        ("the family", "noun"),
        ("a close ally", "noun"),
        ("further testing", "noun"),
        ("2010", None),
        ("CONGRESS HAS INVESTIGATED HIM", None),  # a kicker line in capitals
    ],
)
def test_a_noun_phrase_speaker_ends_in_a_noun(phrase: str, kind: str | None) -> None:
    mention = mention_in(phrase, 0, len(phrase), LEXICONS.get("en"))
    assert (mention.kind if mention else None) == kind


def test_a_quote_after_a_bare_determiner_goes_to_the_person_named() -> None:
    text = "The video shows Ana Ruiz asking, “Who pays for the bridge?”"
    entities = _persons(text, "Ana Ruiz")
    assert [q["speaker"] for q in run(text, "en", entities)] == ["Ana Ruiz"]


def test_no_speaker_is_sought_inside_a_that_clause() -> None:
    text = "Checks in 2010 showed that some of the steel wires had lost a fifth of their strength."
    mentions = [q["speaker_mention"] for q in run(text, "en")]
    assert all(m is None or m["end"] <= text.index(" that ") for m in mentions)


@pytest.mark.parametrize(
    "text",
    [
        # a participle right after a name (no comma): that name speaks, not the subject
        "The advert concludes with footage of Ana Ruiz saying during the debate, “That is my "
        "plan,” before the music fades.",
        # after a comma the participle's subject is the sentence's
        "Ana Ruiz spoke to the crowd on the quay, saying, “We will rebuild the bridge.”",
    ],
)
def test_a_participle_speaks_for_the_name_it_follows(text: str) -> None:
    [quote] = run(text, "en", _persons(text, "Ana Ruiz"))
    assert quote["speaker"] == "Ana Ruiz"


def test_a_name_after_a_title_and_its_modifier_opens_the_sentence() -> None:
    text = (
        "Maria Lenz left the hearing early.\n\nDemocratic Sen. Anna Berg scolded the minister: "
        "“You are wrong about the bridge,” she said."
    )
    entities = Extractor(EntityConfig.load(CONFIG_DIR / "entities.toml"))(text, "en")
    assert [q["speaker"] for q in run(text, "en", tuple(entities))] == ["Anna Berg"]


def test_a_name_right_before_a_dash_into_the_quote_speaks() -> None:
    text = (
        "Several council members have said the same, including the former mayor Ana Ruiz -- "
        "“Closing the bridge for six weeks is a mistake.”"
    )
    [quote] = run(text, "en", _persons(text, "Ana Ruiz"))
    assert (quote["speaker"], quote["speaker_mention"]["text"]) == ("Ana Ruiz", "Ana Ruiz")


def test_archive_double_apostrophes_close_after_a_nested_single_quote() -> None:
    text = "''Voters will not settle for 'We will fix it later,''' said Senator Ana Ruiz of Ohio."
    assert [text[q.start : q.end] for q in find_quotes(text)] == [
        "Voters will not settle for 'We will fix it later,'"
    ]
    [quote] = run(text, "en", _persons(text, "Ana Ruiz"))
    assert quote["speaker"] == "Ana Ruiz"


def test_a_quote_after_an_attributed_quote_keeps_its_speaker_past_an_appositive() -> None:
    # the words inside the first quote ("the flooding") never name the second one's speaker
    text = (
        "''Fences are not the cure for the flooding,'' Tomas Varga, the deputy adviser, said "
        "Sunday. ''More fences would make it worse.''"
    )
    quotes = run(text, "en", _persons(text, "Tomas Varga"))
    assert [q["speaker"] for q in quotes] == ["Tomas Varga", "Tomas Varga"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a sentence that only attributes the quote before it, which ended with a period
        ("“We will find the missing files.” Ana Ruiz said. The hall fell silent.", "Ana Ruiz"),
        # a dash line under the quote, with a title and no space after the dash
        ("“She is ready. She never quits.”\n\n-President Ana Ruiz, writing online.", "Ana Ruiz"),
        # a noun phrase with an age for its head
        ("“What if the bridge had been built?” the 58-year-old asked in a video.",
         "the 58-year-old"),
        # an adverbial opening the sentence is not its subject
        ("Back in 2004, Mr. Ruiz praised Mr. Varga's boat, telling the crowd on the quay: "
         "“I wish mine sailed like that.”",
         "Ruiz"),
        # a given name that is also a word ("Will") starts the name after an inverted verb
        ("“It is a costly pier,” said Will Harper, a lecturer at the college.",
         "Will Harper"),
        # a possessive role, then the holder's name and a relative clause
        ("“We are counting every crate twice this spring,” said the mayor’s deputy, Ana Ruiz, "
         "who ran the market in 2012.", "Ana Ruiz"),
        # an adverb between the speaker and the verb
        ("Ana Ruiz pointed at the trawler as she angrily said, “Enough noise for one day.”",
         "Ana Ruiz"),
        # a reporting verb of two words, after another person's verb in the same sentence
        ("When Tomas Varga said the port would close, Ana Ruiz fired back forcefully: “Then the "
         "town will take them to court.”", "Ana Ruiz"),
        # a participle of speech ("asserting") after an aside: the sentence's subject speaks
        ("Ana Ruiz hardly settled the matter -- and, when pressed after the meeting, kept "
         "asserting, “Of course the ferry pays its way.”", "Ana Ruiz"),
        # the object of a preposition is not the subject of the verb after it
        ("The curfew began at ten. Traders walking along the quay shouted “What "
         "curfew?” until two in the morning.", "Traders"),
        # ... nor is a name in it, nor the place or date of an opening phrase
        ("In a statement to the Harbour Gazette, the mayor's deputy, Ana Ruiz, said: “The "
         "port stays open.”", "Ana Ruiz"),
        ("On Oct. 2, Ana Ruiz told the council: “The port stays open.”", "Ana Ruiz"),
        # more verbs of speech
        ("Ana Ruiz confessed, “I never read the report.”", "Ana Ruiz"),
        ("“Not again,” Ana Ruiz yells from the back of the hall.", "Ana Ruiz"),
        # a possessive determiner starts a noun-phrase speaker; a source before a colon
        ("“We will rebuild the pier,” my father often said.", "my father"),
        ("The council met late. More from Ana Ruiz: “The pier is unsafe.”", "Ana Ruiz"),
        # a second predicate shares the sentence's subject, not a word of the first
        ("Ana Ruiz put on a thick Scottish accent and joked, “Mind the gulls, now.”",
         "Ana Ruiz"),
    ],
)  # fmt: skip
def test_speakers_of_attributions_set_apart(text: str, speaker: str) -> None:
    [quote] = run(text, "en", _persons(text, *[n for n in ("Ana Ruiz",) if n in text]))
    assert quote["speaker"] == speaker
    mention = quote["speaker_mention"]["text"]
    last = speaker.rsplit(maxsplit=1)[-1]
    assert mention in ("he", "she") or mention.rsplit(maxsplit=1)[-1] == last


def test_a_quote_that_ends_its_sentence_takes_no_attribution_from_the_next() -> None:
    text = (
        "Ana Ruiz spoke first. “We will not pay those fees.” Asked about the vote an hour "
        "later, Tomas Varga replied in kind."
    )
    quotes = run(text, "en", _persons(text, "Ana Ruiz", "Tomas Varga"))
    [quote] = [q for q in quotes if q["text"] == "We will not pay those fees."]
    assert quote["speaker"] != "Tomas Varga"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # ''…'' ends its sentence: the next one's verb does not attribute it
        ("Ana Ruiz sent the ferry board a note on Friday saying, ''The fees stay where they "
         "are.'' She wanted only a month, something many traders had urged.", "Ana Ruiz"),
        # a modal perfect, or a day, between the subject and its verb
        ("The traders met on the quay. Ana Ruiz must have told the ferry board: “The pier "
         "is older than the town.”", "Ana Ruiz"),
        ("Ana Ruiz on Friday told the Harbour Gazette: “The ferry leaves at six.”", "Ana Ruiz"),
        # a capitalized preposition that opens the sentence heads a phrase, not a subject
        ("In her reply, Ana Ruiz, the harbour master, said: “The ferry leaves at six.”",
         "Ana Ruiz"),
        # a dateline, or a participle's phrase, before the subject of "saying", "added"
        ("VARNESK, May 2 (Harbour Gazette) — After the council vote, Ana Ruiz thanked the "
         "ferry crews, saying: “Nobody missed a shift.”", "Ana Ruiz"),
        ("Standing on the old pier, Ana Ruiz, 52, praised the ferry crews but added, “Nobody "
         "missed a shift.”", "Ana Ruiz"),
        # two names joined by "and" before the colon: the colon still names the speakers
        ("FERRY FARES HOLD STEADY - Tomas Varga and Ana Ruiz: “Our count shows the ferry "
         "covers its own costs.”", "Ana Ruiz"),
        # the subject before a relative clause, not a phrase inside it
        ("A harbour clerk who keeps the ledgers for the eastern docks said on Friday, “The "
         "ferry leaves at six.”", "A harbour clerk"),
        # a name and a word that is no verb of speech before the colon: the subject speaks
        ("Ana Ruiz scolds Varnesk bakers: “Nobody reads your minutes.”", "Ana Ruiz"),
        # a headline: who speaks, "on" and the topic, a colon
        ("Ana Ruiz on the Varnesk Ferry Fares: ‘Nobody Pays More.’", "Ana Ruiz"),
        ("Harbour Gazette Editor On Ruiz: ‘Our Pages Stay Open To Every Trader.’",
         "Harbour Gazette Editor"),
    ],
)  # fmt: skip
def test_speakers_past_intros_relative_clauses_and_headlines(text: str, speaker: str) -> None:
    quotes = run(text, "en", _persons(text, *[n for n in ("Ana Ruiz",) if n in text]))
    quoted = [q for q in quotes if q["kind"] != "indirect"]
    assert quoted[-1]["speaker"] == speaker


def test_an_adverbial_that_opens_the_sentence_is_no_speaker() -> None:
    text = (
        "Ana Ruiz spoke at the quay. The evening before, at the fish market, Tomas Varga "
        "unrolled a banner that read “Keep the ferry.”"
    )
    quotes = run(text, "en", _persons(text, "Ana Ruiz", "Tomas Varga"))
    assert all(q["speaker"] != "The evening" for q in quotes)


def test_a_noun_speaker_ends_before_the_verb_it_swallowed() -> None:
    """ "A harbour report published on Tuesday said …": the report, not "A harbour report
    published"; "The town council released a statement: “…”": the council. An adjective in
    "-ed" after the determiner stays ("The retired skipper")."""
    cases = [
        ("A harbour report published on Tuesday said the ferry would stop running in the "
         "winter.", "A harbour report"),
        ("The town council released a statement: “The ferry leaves at six.”", "The town council"),
        ("The retired skipper told the crowd: “Six, not seven.”", "The retired skipper"),
    ]  # fmt: skip
    for text, speaker in cases:
        assert [q["speaker"] for q in run(text, "en", ())] == [speaker]


def test_a_curly_quote_nested_in_a_curly_quote_does_not_close_it() -> None:
    """“… said “no” to …”: the inner pair nests; a “ after a sentence's end is no nesting
    (the quote before it was left open)."""
    text = "“The board said “no” to the new pier, and we will ask again,” Ana Ruiz said."
    [quote] = run(text, "en", _persons(text, "Ana Ruiz"))
    assert quote["text"] == "The board said “no” to the new pier, and we will ask again,"
    assert quote["speaker"] == "Ana Ruiz"
    restart = "“We waited all day. “Then the ferry came,” Ana Ruiz said."
    assert [q["text"] for q in run(restart, "en", ())] == [
        "We waited all day. “Then the ferry came,"
    ]


def test_the_one_who_spoke_is_the_speaker_when_a_source_relays_the_words() -> None:
    """ "“…,” X said, according to <source>": X said the words; the source only reports
    them (PolNeAR marks the source, a reader would not)."""
    text = (
        "“The ferry will run on Sundays,” Ana Ruiz said on Monday, according to the Harbour "
        "Gazette. “It is settled,” she added."
    )
    quotes = run(text, "en", _persons(text, "Ana Ruiz"))
    assert [(q["speaker"], q["verb"]) for q in quotes] == [
        ("Ana Ruiz", "said"),
        ("Ana Ruiz", "added"),
    ]


def test_a_sentence_whose_verb_introduces_its_own_quote_attributes_no_earlier_one() -> None:
    text = "Tomas Varga told reporters simply, “We lost.” Banners soon appeared that said “We won.”"
    quotes = run(text, "en", _persons(text, "Tomas Varga"))
    assert quotes[0]["speaker"] == "Tomas Varga"


@pytest.mark.parametrize(
    "text",
    [
        # between the subject and its verb, like an auxiliary
        "Mayor Ana Ruiz last week said the ferry “will run on Sundays from now on.”",
        # before the subject, set off by a comma
        "Earlier this week, Ana Ruiz, who runs the harbour board, conceded the plan was “a "
        "serious mistake for the islands.”",
    ],
)
def test_a_phrase_of_time_is_no_speaker(text: str) -> None:
    quotes = run(text, "en", _persons(text, "Ana Ruiz"))
    assert quotes and all(q["speaker"] == "Ana Ruiz" for q in quotes)


def test_a_quote_takes_the_attribution_later_in_its_sentence_before_an_earlier_one() -> None:
    text = (
        "Tomas Varga called the plan “a waste of money.”\n\n"
        "“If the council had not stepped in” by the spring, Ana Ruiz said on Monday, “the "
        "ferry would have stopped.”"
    )
    quotes = run(text, "en", _persons(text, "Tomas Varga", "Ana Ruiz"))
    assert [q["speaker"] for q in quotes if q["kind"] == "direct"] == ["Ana Ruiz", "Ana Ruiz"]


def test_a_quote_without_a_cue_goes_on_in_the_voice_of_the_sentence_before() -> None:
    """A quote of its own sentence, no verb: the sentence before reports what Tomas Varga
    says; not when that sentence's speaker is only a noun phrase."""
    text = (
        "Tomas Varga told the council on Monday the ferry would stay. “We owe the islands "
        "that much, and we will keep it running.”\n\n"
        "The harbour report said the old pier was sound and would need no repairs this "
        "year. “Nobody has checked the pilings since the war.”"
    )
    quotes = run(text, "en", _persons(text, "Tomas Varga"))
    direct = [q for q in quotes if q["kind"] == "direct"]
    assert [q["speaker"] for q in direct] == ["Tomas Varga", None]


def test_the_agent_of_a_passive_reporting_verb_speaks() -> None:
    """ "Varga was asked by Ana Ruiz": Ana Ruiz asks; the "he" after it is still Varga."""
    text = (
        "Tomas Varga was asked by host Ana Ruiz, who backs the ferry plan, “Now, you said "
        "the ferries would run. Did they?”\n\n"
        "“They will run by the spring, and on time,” he said."
    )
    quotes = run(text, "en", _persons(text, "Tomas Varga", "Ana Ruiz"))
    assert [q["speaker"] for q in quotes if q["kind"] == "direct"] == ["Ana Ruiz", "Tomas Varga"]


def test_a_thing_that_carries_the_words_is_no_speaker() -> None:
    """ "a notice that said “…”": a notice is no name, role or person; who put it up is not
    named as saying it either, so the quote has no speaker."""
    text = (
        "The ferry office put up a notice that said, “The boats will not sail on Sunday until "
        "further notice.”"
    )
    assert [q["speaker"] for q in run(text, "en", ())] == [None]


def test_a_word_that_may_stand_beside_the_verb_ends_the_speaker_after_it() -> None:
    """Russian names whom the words were said to without a preposition: "сказал журналистам
    Соколов" and "сказал Соколов журналистам" (the speaker was the whole phrase, no name)."""
    text = (
        "«Мы продолжим диалог», — сказал Игорь Соколов журналистам. "
        "«Решение за нами», — заявил Соколов ТАСС. «Сроки прежние», — добавил Соколов РИА Новости."
    )
    entities = tuple(Extractor(EntityConfig.load(CONFIG_DIR / "entities.toml"))(text, "ru"))
    assert summary(run(text, "ru", entities)) == [
        ("direct", "Мы продолжим диалог", "Игорь Соколов", "Игорь Соколов", "сказал"),
        ("direct", "Решение за нами", "Игорь Соколов", "Соколов", "заявил"),
        ("direct", "Сроки прежние", "Игорь Соколов", "Соколов", "добавил"),
    ]
