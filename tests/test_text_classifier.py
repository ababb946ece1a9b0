"""The plain-text classifier's decisions: line signals, line categories and the article region.

Every line and page below is fictional and written for these tests.
"""

from __future__ import annotations

import pytest

from worker.settings import load_settings
from worker.stages.clean.lift import byline_authors
from worker.stages.clean.lines import (
    date_like,
    end_marker,
    is_prose,
    related_header,
    stopword_share,
    title_like,
)
from worker.stages.clean.phrases import Phrases
from worker.stages.clean.text import CleanText, classify, clean_text

_SETTINGS = load_settings()
PHRASES = Phrases.load(_SETTINGS.config_dir / _SETTINGS.clean.boilerplate)


def reasons(result: CleanText) -> dict[str, str]:
    return {r["text"]: r["reason"] for r in result.removed}


# --- classify(): categories added for the plain-text path ----------------------------------

FURNITURE = [
    ("Sign up for our daily newsletter to get the morning headlines.", "promo"),
    ("Download the app for breaking news alerts.", "promo"),
    ("Abonnez-vous à notre newsletter pour ne rien manquer.", "promo"),
    ("Suscríbete a nuestro boletín semanal.", "promo"),
    ("Jetzt abonnieren und weiterlesen", "promo"),
    ("We use cookies to give you the best experience on our website.", "notice"),
    ("Wir verwenden Cookies, um unsere Website für Sie zu verbessern.", "notice"),
    ("Nous utilisons des cookies pour mesurer l'audience.", "notice"),
    ("Мы используем файлы cookie, чтобы сайт работал лучше.", "notice"),
    ("Getty Images", "caption"),
    ("Photo by Lena Ortiz/Reuters", "caption"),
    ("Crews clear the road near the pass on Monday. (AP Photo/Tom Reyes)", "caption"),
    ("Fans gather outside the stadium. (Photo: Ana Lima)", "caption"),
    ("The comet's tail in false colour, 1996. (Varnesk Observatory/Harbour Sky Survey)", "caption"),
    ("Ana Ruiz waits at the pier on Monday (Tom Reyes / Harbour Gazette)", "caption"),
    ("Share on Facebook (opens in new window)", "widget"),
    ("Condividi su Facebook", "widget"),
    ("Chia sẻ", "widget"),
    ("Quảng cáo", "ad"),
    ("Iklan", "ad"),
    ("Story continues below", "ad"),
    ("Copyright © 2026 Valley Courier Ltd", "copyright"),
    ("Lees ook: Nieuwe brug over de rivier geopend", "related"),
]

NOT_FURNITURE = [
    "Photo finish decides the sprint final",
    "Photographers waited outside the court for hours.",
    "By Reuters",
    "Reuters reported on Monday that the talks had collapsed.",
    "The company said it would use cookies left over from the festival for a charity sale.",
    "Subscribers to the local paper fell by a fifth last year.",
    "Share prices in Tokyo rose on Friday.",
    "The council will set the budget for the 2026/27 season (and/or the one after).",
    "Ferry crews voted to strike (Varnesk Ferries said it regretted the vote)",
]


@pytest.mark.parametrize(("line", "reason"), FURNITURE)
def test_classify_furniture(line: str, reason: str) -> None:
    assert classify(line, PHRASES) == reason


@pytest.mark.parametrize("line", NOT_FURNITURE)
def test_classify_keeps_body_and_bylines(line: str) -> None:
    assert classify(line, PHRASES) is None


# --- line signals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Published June 24, 2026",
        "Updated 6:42 PM EST, March 3, 2026",
        "Publicado el 5 de marzo de 2026",
        "Veröffentlicht am 15.04.2026, 07:15 Uhr",
        "Publié le 3 mars 2026 à 10h15",
        "12 марта 2026, 14:05",
        "2026年3月12日 09:30",
        # a two-digit year
        "05/14/26 09:20 AM ET",
        "Updated 14.05.26, 09:20",
        "8-2-26",
    ],
)
def test_date_lines(line: str) -> None:
    assert date_like(line, PHRASES)


@pytest.mark.parametrize(
    "line",
    [
        "Stadtrat beschließt autofreie Innenstadt ab Frühjahr 2027",
        "Council approves 2027 budget after marathon session",
        "Published by the city council",
        # figures that are no date: a version, a time span, a dated headline
        "Firefox 3.0.10 fixes a crash",
        "Open 24/7 from May 14",
        "Morning Briefing 11.18.26 - Harbour Desk",
    ],
)
def test_headlines_with_a_year_or_figures_are_not_date_lines(line: str) -> None:
    assert not date_like(line, PHRASES)


def test_title_like() -> None:
    assert title_like("Lifeboat crew rescues two kayakers off Gull Point", PHRASES)
    assert not title_like("Home | News | Sport", PHRASES)
    assert not title_like("Officials said the road would reopen on Friday.", PHRASES)
    assert not title_like("This post is sponsored. All opinions are mine", PHRASES)
    assert not title_like("Sport", PHRASES)


def test_prose() -> None:
    assert is_prose("Crews worked through the night to clear the snow from the road.", PHRASES)
    assert is_prose("The mayor told reporters outside the town hall on Tuesday:", PHRASES)
    assert not is_prose("harbourdad on 3 May 2026 at 10:02 said:", PHRASES)
    assert not is_prose("Bus timetable changes from June", PHRASES)


def test_function_words_tell_prose_from_lists() -> None:
    prose = "The council said that it would look at the plan again in the spring."
    menu = "Business Markets Technology Climate Opinion Video Podcasts"
    assert stopword_share(prose, PHRASES) > 0.3
    assert stopword_share(menu, PHRASES) == 0.0
    assert stopword_share("这是我们的图书馆，他们在周六都来了。", PHRASES) > 0.2


@pytest.mark.parametrize(
    "line",
    ["You might also like", "More from Business", "Related coverage", "Mehr zum Thema", "関連記事"],
)
def test_related_headers(line: str) -> None:
    assert related_header(line, PHRASES)


def test_a_sentence_starting_like_a_header_is_not_one() -> None:
    assert not related_header("More from the council meeting is expected on Friday.", PHRASES)
    assert not related_header("Recommended reading lists were published by the school.", PHRASES)


@pytest.mark.parametrize(
    ("line", "marker"),
    [
        ("Leave a reply", "comments"),
        ("34 responses to “Lifeboat crew rescues two kayakers”", "comments"),
        ("Kommentar schreiben", "comments"),
        ("Laisser un commentaire", "comments"),
        ("About the author", "bio"),
        ("Об авторе", "bio"),
        ("Comments", None),  # a button as often as a header
        ("12 Comments", None),
        ("Responses to the survey were mixed.", None),
        ("Readers left comments under the post for days.", None),
    ],
)
def test_end_markers(line: str, marker: str | None) -> None:
    assert end_marker(line, PHRASES) == marker


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("作者：李华", ["李华"]),
        ("بقلم: محمد علي", ["محمد علي"]),
        ("Posted by Dana Kim", ["Dana Kim"]),
    ],
)
def test_bylines_in_more_scripts(line: str, names: list[str]) -> None:
    assert byline_authors(line, PHRASES) == names


# --- clean_text(): the article region -------------------------------------------------------

EN_BODY = (
    "Two kayakers were rescued off Gull Point on Saturday afternoon after strong winds pushed "
    "them towards the rocks, the volunteer lifeboat crew said.",
    "The pair, both in their twenties, had set out from the harbour beach shortly after lunch "
    "and could not paddle back against the offshore breeze.",
    '"They did exactly the right thing by staying with their kayaks," said the helmsman, '
    "Owen Pryce.",
    "The crew has launched eleven times this year.",
)
EN_PAGE = [
    "We use cookies to improve your experience. By continuing to browse you agree to this.",
    "The Valley Courier",
    "Home",
    "News",
    "Lifeboat crew rescues two kayakers off Gull Point",
    "By Sam Whitaker",
    "Published 3 May 2026, 08:15",
    "Share on Facebook",
    EN_BODY[0],
    "Getty Images",
    EN_BODY[1],
    EN_BODY[2],
    "Advertisement",
    EN_BODY[3],
    "Sign up for our daily newsletter to get the latest local news delivered to your inbox.",
    "More from News",
    "Harbour car park to close for resurfacing",
    "School choir wins regional competition",
    "12 Comments",
    "Leave a reply",
    "harbourdad says:",
    "3 May 2026 at 10:02",
    "Well done to the crew, they are heroes every weekend and deserve far more support than "
    "they get from the council.",
    "© 2026 The Valley Courier. All rights reserved.",
]


def test_english_page_keeps_every_body_paragraph_and_nothing_else() -> None:
    result = clean_text("\n".join(EN_PAGE), PHRASES)
    assert result.paragraphs == EN_BODY
    assert result.title == "Lifeboat crew rescues two kayakers off Gull Point"
    assert result.authors == ("Sam Whitaker",)
    assert result.date_line == "Published 3 May 2026, 08:15"
    found = reasons(result)
    assert found[EN_PAGE[0]] == "notice"
    assert found["Getty Images"] == "caption"
    assert found[EN_PAGE[14]] == "promo"
    assert found["More from News"] == found["School choir wins regional competition"] == "related"
    assert found["Leave a reply"] == "comments"
    assert found[EN_PAGE[22]] == "aside"  # a reader's comment is prose, but not the article


def test_headline_above_a_standfirst_and_byline_and_the_article_after_the_byline() -> None:
    text = "\n".join(
        [
            "Home",
            "Council approves new budget after marathon session",
            "Officials agreed to raise property taxes by two percent to fund schools.",
            "By Maria Gonzalez",
            EN_BODY[0],
            EN_BODY[1],
        ]
    )
    result = clean_text(text, PHRASES)
    assert result.title == "Council approves new budget after marathon session"
    assert result.paragraphs == EN_BODY[:2]


def test_headline_repeated_in_the_page_title_line_wins() -> None:
    text = "\n".join(
        [
            "Kayakers rescued off Gull Point | The Valley Courier",
            "Harbour car park to close for resurfacing",
            "Kayakers rescued off Gull Point",
            "Watch the rescue in full",
            EN_BODY[0],
            EN_BODY[1],
        ]
    )
    assert clean_text(text, PHRASES).title == "Kayakers rescued off Gull Point"


def test_teasers_after_the_article_are_not_body() -> None:
    teaser = (
        "The council says the work will take three weeks and that drivers should use the "
        "station car park instead while it is closed."
    )
    text = "\n".join(
        [
            *EN_BODY,
            "Harbour car park to close for resurfacing",
            "Sam Whitaker",
            "2 May 2026",
            teaser,
            "School choir wins regional competition",
            "Ella Marsh",
            "1 May 2026",
            teaser.replace("three", "four"),
        ]
    )
    result = clean_text(text, PHRASES)
    assert result.paragraphs == EN_BODY
    assert reasons(result)[teaser] == "aside"


def test_a_comments_button_inside_the_article_does_not_end_it() -> None:
    text = "\n".join([EN_BODY[0], EN_BODY[1], "12 Comments", EN_BODY[2], EN_BODY[3]])
    result = clean_text(text, PHRASES)
    assert result.paragraphs == EN_BODY
    assert reasons(result) == {"12 Comments": "widget"}


def test_a_list_the_article_ends_with_is_kept() -> None:
    intro = "The band will play these dates on its summer tour across the valley:"
    dates = ["June 9 – Ferndale, Riverside Hall", "June 12 – Lindenau, Old Market"]
    text = "\n".join([EN_BODY[0], EN_BODY[1], intro, *dates, "Share on Facebook"])
    assert clean_text(text, PHRASES).paragraphs == (EN_BODY[0], EN_BODY[1], intro, *dates)


def test_prose_of_an_author_bio_is_dropped() -> None:
    bio = "Sam Whitaker covers the coast and its communities for the Valley Courier."
    text = "\n".join([*EN_BODY, "About the author", bio])
    result = clean_text(text, PHRASES)
    assert result.paragraphs == EN_BODY
    assert reasons(result) == {"About the author": "bio", bio: "aside"}


def test_german_page_with_bio_and_promo() -> None:
    body = (
        "Die Stadtbibliothek von Lindenau öffnet ab Montag auch am Sonntagnachmittag. Der "
        "Stadtrat hat die längeren Öffnungszeiten am Dienstag beschlossen.",
        "Für den zusätzlichen Dienst werden zwei neue Stellen geschaffen, die aus dem "
        "Kulturetat bezahlt werden.",
    )
    text = "\n".join(
        [
            "Startseite",
            "Bibliothek öffnet künftig auch sonntags",
            "Von Jonas Keller",
            *body,
            "Jetzt den Newsletter abonnieren und nichts verpassen",
            "Über den Autor",
            "Jonas Keller schreibt seit 2019 über Kultur und Bildung in der Region Lindenau.",
        ]
    )
    result = clean_text(text, PHRASES)
    assert result.paragraphs == body
    assert result.title == "Bibliothek öffnet künftig auch sonntags"
    assert result.authors == ("Jonas Keller",)


def test_chinese_page() -> None:
    body = (
        "新建的市图书馆周六上午正式向公众开放，首日接待读者超过三千人次。图书馆共有六层。",
        "馆长王敏表示，图书馆将延长周末开放时间，并为中小学生开设免费的阅读课程。",
    )
    text = "\n".join(
        ["首页", "市中心新建图书馆周六正式开放", "作者：李华", "分享", body[0], "广告", body[1]]
    )
    result = clean_text(text, PHRASES)
    assert result.paragraphs == body
    assert result.title == "市中心新建图书馆周六正式开放"
    assert result.authors == ("李华",)
    assert reasons(result)["广告"] == "ad"


def test_vietnamese_page_with_a_site_dateline() -> None:
    first = (
        "Từ ngày 1/4, thành phố sẽ đưa vào vận hành thêm ba tuyến xe buýt điện nối trung tâm "
        "với các khu đô thị mới."
    )
    second = "Giá vé vẫn giữ nguyên như các tuyến xe buýt thông thường."
    text = "\n".join(
        [
            "Trang chủ",
            "Thành phố mở thêm ba tuyến xe buýt điện",
            "Chia sẻ",
            f"(Site.vn) - {first}",
            "Quảng cáo",
            second,
            "Tin liên quan",
            "Giá xăng giảm lần thứ ba liên tiếp",
        ]
    )
    result = clean_text(text, PHRASES)
    assert result.paragraphs == (first, second)
    assert result.source == "Site.vn"
    assert reasons(result)["Giá xăng giảm lần thứ ba liên tiếp"] == "related"


def test_wrapped_headline_is_not_joined_to_the_byline() -> None:
    text = (
        "Coastline News\n\n"
        "Harbour bridge to close for six weeks as engineers find corroded cables\n"
        "By Jane Doe\n\n"
        "The Wexford Harbour Bridge will close to all traffic for six weeks starting in June\n"
        "after engineers found serious corrosion in several of its main cables, officials\n"
        "said on Tuesday.\n"
    )
    result = clean_text(text, PHRASES)
    assert result.title == "Harbour bridge to close for six weeks as engineers find corroded cables"
    assert result.authors == ("Jane Doe",)
    assert len(result.paragraphs) == 1


def test_headline_over_a_standfirst_without_a_period() -> None:
    text = "\n".join(
        [
            "Council approves new budget after marathon session",
            "Officials agree to raise property taxes by two percent to pay for new schools and "
            "the harbour",
            EN_BODY[0],
            EN_BODY[1],
        ]
    )
    assert clean_text(text, PHRASES).title == "Council approves new budget after marathon session"


def test_a_long_headline_is_no_standfirst_under_a_line_that_does_not_echo_the_article() -> None:
    headline = (
        "Two kayakers rescued off Gull Point after strong winds push them towards the rocks on "
        "a stormy Saturday"
    )
    text = "\n".join(["Watch our evening bulletin live", headline, "By Jane Doe", *EN_BODY])
    assert clean_text(text, PHRASES).title == headline
    # a headline of under 15 words is never taken for a standfirst
    shorter = "Two kayakers rescued off Gull Point as winds push them towards the rocks"
    text = "\n".join(["Weather warnings", shorter, "By Jane Doe", *EN_BODY])
    assert clean_text(text, PHRASES).title == shorter


def test_short_lines_without_blank_lines_are_joined_only_on_lower_case() -> None:
    text = (
        "Ferry fares frozen for another year as fuel prices ease\n"
        "The harbour ferry company said on Friday that it would keep fares at their\n"
        "current level until next spring.\n"
        "Passenger numbers have grown by a third since the new terminal opened.\n"
    )
    result = clean_text(text, PHRASES)
    assert result.title == "Ferry fares frozen for another year as fuel prices ease"
    assert result.paragraphs == (
        "The harbour ferry company said on Friday that it would keep fares at their current "
        "level until next spring.",
        "Passenger numbers have grown by a third since the new terminal opened.",
    )


def test_a_menu_line_above_the_headline_is_not_taken_for_it() -> None:
    text = "\n".join(
        [
            "Home  News  Business  Sport  Opinion",
            "Advertisement",
            "Farmers count losses after late frost hits orchards",
            "By Sarah Mitchell, Agriculture Correspondent",
            EN_BODY[0],
            EN_BODY[1],
        ]
    )
    result = clean_text(text, PHRASES)
    assert result.title == "Farmers count losses after late frost hits orchards"
    assert result.authors == ("Sarah Mitchell",)
    assert "Home" not in " ".join(result.paragraphs)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Marta Quinn | Staff Reporter", ["Marta Quinn"]),
        ("Linh Pham - Quoc Bao / Saigon Daily News", ["Linh Pham", "Quoc Bao"]),
        ("Marta Quinn / Harbour Times", ["Marta Quinn"]),
        ("By Marta Quinn, Reuters", ["Marta Quinn"]),
        ("Marta Quinn, Senior Transport Writer", ["Marta Quinn"]),
        ("Marta Quinn, AP", ["Marta Quinn"]),
        ("Varnesk Heights, Texas", None),
        ("Marta Quinn, the harbour master", None),
        ("World | Business", None),
        ("Home / World / Asia", None),
        ("Marta Quinn | Opinion", None),
    ],
)
def test_bylines_without_a_byline_word(line: str, names: list[str] | None) -> None:
    assert byline_authors(line, PHRASES) == names


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Font size: A A A", "widget"),
        ("Purchase Licensing Rights", "widget"),
        ("Report This Ad", "ad"),
        ("Get the best of our reporting in your inbox every morning.", "promo"),
    ],
)
def test_more_page_controls(line: str, reason: str) -> None:
    assert classify(line, PHRASES) == reason


def test_a_relative_time_line_under_the_byline_is_not_the_headline() -> None:
    text = "\n".join(
        [
            "Council scraps plan to close the central library",
            "By Marta Quinn",
            "3 hours ago",
            EN_BODY[0],
            EN_BODY[1],
        ]
    )
    result = clean_text(text, PHRASES)
    assert result.title == "Council scraps plan to close the central library"
    assert "3 hours ago" not in result.paragraphs


def test_a_question_headline_in_a_trailing_related_block_is_dropped() -> None:
    text = "\n".join(
        [
            "Council scraps plan to close the central library",
            EN_BODY[0],
            EN_BODY[1],
            "Most Popular",
            "Why are so many libraries cutting their opening hours?",
            "Storm brings heavy rain to the west",
            "Mayor opens new swimming pool",
        ]
    )
    result = clean_text(text, PHRASES)
    assert result.paragraphs == tuple(EN_BODY[:2])


def test_a_wrapped_paragraph_whose_last_line_is_a_year_stays_whole() -> None:
    text = (
        "Cod quotas cut\n\n"
        "Catch limits for cod in the northern fishery will be cut by a quarter\n"
        "next year after scientists warned that the number of breeding fish had\n"
        "fallen to its lowest level since counts began in the\n"
        "1970s.\n\n"
        "Fishing crews said the decision would cost jobs in every harbour town on\n"
        "the coast, and their union asked the ministry for emergency support.\n"
    )
    paragraphs = clean_text(text, PHRASES).paragraphs
    assert paragraphs[0].endswith("since counts began in the 1970s.")
    assert len(paragraphs) == 2


def test_a_caption_above_its_bare_credit_line_is_dropped() -> None:
    text = "\n".join(
        [
            "Council scraps plan to close the central library",
            EN_BODY[0],
            "Readers queue outside the library on Monday morning",
            "Photo: City Herald",
            EN_BODY[1],
        ]
    )
    result = clean_text(text, PHRASES)
    assert result.paragraphs == tuple(EN_BODY[:2])
    assert {
        "text": "Readers queue outside the library on Monday morning",
        "reason": "caption",
    } in result.removed


def test_a_headline_in_a_run_of_links_right_above_the_byline_is_the_title() -> None:
    headline = "Two kayakers rescued off Gull Point after strong winds"
    text = "\n".join(
        [
            "More from the Valley Courier",
            "Ferry timetable changes for the winter",
            "Weather",
            "Sport",
            headline,
            "By Jane Doe",
            "November 19, 2019",
            *EN_BODY,
        ]
    )
    result = clean_text(text, PHRASES)
    assert result.title == headline
    assert "Ferry timetable changes for the winter" not in result.paragraphs


def test_the_headline_is_above_the_byline_not_a_video_title_before_the_body() -> None:
    headline = "Two kayakers rescued off Gull Point after strong winds"
    video = "Watch the lifeboat crew rescue the kayakers off Gull Point"
    text = "\n".join([headline, "By Jane Doe", "November 19, 2019", "Watch", video, *EN_BODY])
    assert clean_text(text, PHRASES).title == headline


def test_the_headline_is_above_the_date_not_a_photo_caption_before_the_body() -> None:
    headline = "Two kayakers rescued off Gull Point after strong winds"
    caption = "The lifeboat crew brings the two kayakers back to Gull Point"
    text = "\n".join([headline, "Published 7:45 PM, Nov 19, 2019", caption, *EN_BODY])
    assert clean_text(text, PHRASES).title == headline


def test_a_date_far_above_the_header_does_not_move_it() -> None:
    headline = "Two kayakers rescued off Gull Point after strong winds"
    text = "\n".join(
        [
            "Kayakers and the lifeboat crew: a year at Gull Point",  # an older story's teaser
            "Tides for November 19, 2019",
            "Weather",
            headline,
            "By Jane Doe",
            "November 19, 2019",
            *EN_BODY,
        ]
    )
    assert clean_text(text, PHRASES).title == headline
