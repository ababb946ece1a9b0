"""The HTML path of `clean`: body, furniture, fallbacks, metadata (on pages written here)."""

from __future__ import annotations

import pytest
from lxml import etree
from trafilatura import load_html

from worker.errors import Reason, Rejected
from worker.settings import load_settings
from worker.stages.clean.authors import clean_authors
from worker.stages.clean.blocks import Block, blocks_of
from worker.stages.clean.candidates import Candidate, fuller, prefer
from worker.stages.clean.html import HtmlResult, extract_html
from worker.stages.clean.pagemeta import declared_language, iso_date
from worker.stages.clean.phrases import Phrases

SETTINGS = load_settings()
PHRASES = Phrases.load(SETTINGS.config_dir / SETTINGS.clean.boilerplate)

BODY = [
    "The harbour ferry company said on Friday that it would keep fares at their current level "
    "until next spring, despite rising fuel costs.",
    "Passenger numbers have grown by a third since the new terminal opened last year, the "
    "company said in a statement to shareholders.",
    "“We want the ferry to stay the cheapest way to cross the bay,” said the company's chief "
    "executive, Maria Olsen, at the annual meeting.",
    "The council welcomed the decision and said it would review the timetable for the winter "
    "months before the end of the year.",
]
HEAD = """<head><meta charset="utf-8">
<title>Harbour ferry fares frozen for another year | Harbour Times</title>
<meta property="og:title" content="Harbour ferry fares frozen for another year">
<meta property="og:site_name" content="Harbour Times">
<meta name="author" content="By Nadia Quinn, Staff Writer">
<meta name="description" content="Fares stay at their current level until next spring.">
<meta property="article:published_time" content="2024-03-04T08:30:00Z">
<link rel="canonical" href="https://harbour-times.example/news/ferry-fares-frozen">
</head>"""
PAGE = f"""<!DOCTYPE html><html lang="en-GB">{HEAD}<body>
<div class="cookie-banner"><p>We use cookies to improve your experience on our site.</p>
<button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Harbour ferry fares frozen for another year</h1>
<h2>The operator says passenger numbers have grown by a third</h2>
<div class="share"><a href="#">Share this article</a> <a href="#">Facebook</a>
<a href="#">Twitter</a> <a href="#">Email</a></div>
<p>{BODY[0]}</p>
<p><strong>Related:</strong>
<a href="/news/terminal">New ferry terminal opens on the east quay</a></p>
<p>{BODY[1]}</p>
<div class="ad"><span>Advertisement</span></div>
<p>{BODY[2]}</p>
<p>{BODY[3]}</p>
<ul><li><a href="/news/bridge"><h3>Bridge repairs to start in June</h3></a>
<h4>Works on the old bridge will take all summer</h4></li>
<li><a href="/news/market"><h3>Fish market moves to the old customs house</h3></a>
<h4>Traders get a new roof</h4></li></ul>
</article></main>
<footer><p>© 2024 Harbour Times. All rights reserved.</p><a href="/privacy">Privacy policy</a>
</footer></body></html>"""
FURNITURE = (
    "cookies",
    "Accept all",
    "Home",
    "Sport",
    "Share this article",
    "Facebook",
    "Advertisement",
    "New ferry terminal",
    "Bridge repairs",
    "Fish market",
    "old bridge",
    "new roof",
    "All rights reserved",
    "Privacy policy",
    "Harbour ferry fares frozen",
    "The operator says",
)
PROSE = BODY[0]


def extract(html: str) -> HtmlResult:
    return extract_html(html, None, PHRASES)


def test_body_is_the_article_paragraphs() -> None:
    result = extract(PAGE)
    assert list(result.paragraphs) == BODY
    assert result.extractor == "fast"


@pytest.mark.parametrize("furniture", FURNITURE)
def test_furniture_is_not_in_the_text(furniture: str) -> None:
    assert furniture not in "\n".join(extract(PAGE).paragraphs)


def test_dropped_lines_are_kept_with_a_reason() -> None:
    removed = extract(PAGE).removed
    assert {"text": "Harbour ferry fares frozen for another year", "reason": "title"} in removed
    assert {
        "text": "The operator says passenger numbers have grown by a third",
        "reason": "heading",
    } in removed
    assert {"text": "Related: New ferry terminal opens on the east quay", "reason": "related"} in (
        removed
    )
    # teasers after the article: link headlines and their summaries
    assert {"text": "Bridge repairs to start in June", "reason": "related"} in removed
    assert {"text": "Traders get a new roof", "reason": "related"} in removed


def test_metadata_of_the_page() -> None:
    result = extract(PAGE)
    assert result.title == "Harbour ferry fares frozen for another year"
    assert result.authors == ("Nadia Quinn",)
    assert result.published == "2024-03-04"
    assert result.site == "Harbour Times"
    assert result.description == "Fares stay at their current level until next spring."
    assert result.canonical_url == "https://harbour-times.example/news/ferry-fares-frozen"
    assert result.declared_language == "en"


def test_a_link_inside_a_paragraph_does_not_make_it_a_teaser() -> None:
    page = PAGE.replace(
        f"<p>{BODY[1]}</p>", f'<p><a href="/terminal">Passenger numbers</a>{BODY[1][17:]}</p>'
    )
    assert extract(page).paragraphs[1] == BODY[1]


@pytest.mark.parametrize(
    ("body", "extractor"),
    [
        # trafilatura prunes a comments section: its baseline finds the paragraph
        (f"<div id='comments' class='comments'><p>{PROSE}</p></div>", "baseline"),
        # text only in an <aside> or a <footer>: every extractor skips it but the page text
        (f"<aside><p>{PROSE}</p></aside>", "page"),
        (f"<footer><p>{PROSE}</p><p>© 2024 Harbour Times</p></footer>", "page"),
        # the main extractor returns a short line only: the prose elsewhere is found
        (f"<main><p>Ferry news.</p></main><aside><p>{PROSE}</p></aside>", "page"),
    ],
    ids=["comments-div", "aside", "footer", "short-main"],
)
def test_fallback_when_the_main_extractor_finds_little_or_nothing(
    body: str, extractor: str
) -> None:
    result = extract(f"<html><body>{body}</body></html>")
    assert result.extractor == extractor
    assert PROSE in result.paragraphs
    assert "© 2024 Harbour Times" not in result.paragraphs


def test_a_short_page_keeps_its_only_line() -> None:
    result = extract("<html><body><div>The meeting is moved to Friday.</div></body></html>")
    assert result.paragraphs == ("The meeting is moved to Friday.",)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Harbour Times</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<footer><p>© 2024 Harbour Times</p></footer></body></html>",
        "<html><body><ul><li><a href='/a'>Home</a></li><li><a href='/b'>World news</a></li>"
        "</ul></body></html>",
    ],
    ids=["no-body", "nav-and-footer", "link-list"],
)
def test_a_page_without_body_text_is_rejected_as_empty(html: str) -> None:
    with pytest.raises(Rejected) as caught:
        extract(html)
    assert caught.value.reason is Reason.EMPTY


def test_prefer_a_candidate_with_more_prose_that_keeps_the_article() -> None:
    article = [Block("p", PROSE), Block("p", BODY[1])]
    menu = [Block("p", f"Section {i}") for i in range(40)]
    noisy = Candidate("fast", [*menu, *article])
    assert prefer(Candidate("precision", article), noisy)
    assert not prefer(Candidate("precision", menu[:2]), noisy)
    assert not prefer(Candidate("precision", [Block("p", PROSE)]), Candidate("fast", article))


def test_blocks_split_line_breaks_and_keep_list_bullets() -> None:
    body = etree.fromstring(
        "<body><head rend='h2'>Timetable</head><p>June 9: Oslo<lb/>June 10: Bergen</p>"
        "<list><item>Ferry</item><item>Bus</item></list>tail text</body>"
    )
    blocks = blocks_of(body)
    assert [(b.kind, b.text) for b in blocks] == [
        ("head", "Timetable"),
        ("p", "June 9: Oslo"),
        ("p", "June 10: Bergen"),
        ("item", "Ferry"),
        ("item", "Bus"),
        ("text", "tail text"),
    ]
    assert blocks[0].level == 2
    assert blocks[3].rendered() == "- Ferry"


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Nadia Quinn, Staff Writer", ("Nadia Quinn",)),
        ("Jane Doe; John Roe", ("Jane Doe", "John Roe")),
        ("Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("Analysis by Chris Lane; Editor-at-large", ("Chris Lane",)),
        ("Staff", ()),
        ("HNN Staff", ()),
        ("Email the author", ()),
        ("Editorial", ()),
        ("Admin", ()),
        ("Senior Reporter", ()),
        ("November 3, 2019", ()),
        ("@janedoe", ()),
        ("Jeff Fox Monday; November", ("Jeff Fox",)),
        ("Tom Gill News reporter", ("Tom Gill",)),
        ("Phil Hess is a reporter", ("Phil Hess",)),
        ("DANA KIRK; JILL LAW Associated Press", ("Dana Kirk", "Jill Law")),
        ("Meg Kind; Associated Press", ("Meg Kind", "Associated Press")),
        ("Ilana Muhl; MS; RDN", ("Ilana Muhl",)),
        ("Bruce Y Lee", ("Bruce Y Lee",)),
        ("Ludwig van Beethoven", ("Ludwig van Beethoven",)),
        ("Текст Лида Буслаева", ("Лида Буслаева",)),
        ("Carl Wood; Business Insider", ("Carl Wood",)),
    ],
)
def test_junk_authors_are_filtered(raw: str, names: tuple[str, ...]) -> None:
    assert clean_authors(raw, "Business Insider Deutschland", PHRASES.name_particles) == names


def test_junk_author_meta_gives_no_author() -> None:
    page = PAGE.replace("By Nadia Quinn, Staff Writer", "Staff")
    assert extract(page).authors == ()


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-03-04", "2024-03-04"),
        ("2024-03-04T08:30:00+01:00", "2024-03-04"),
        (" 2024-03-04 ", "2024-03-04"),
        ("2024-02-30", None),
        ("March 4, 2024", None),
        (None, None),
    ],
)
def test_published_date_is_iso_8601(value: str | None, iso: str | None) -> None:
    assert iso_date(value) == iso


@pytest.mark.parametrize(
    "meta",
    [
        '<meta property="article:published_time" content="2024-03-04T23:30:00-05:00">',
        '<meta name="date" content="2024/03/04">',
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2024-03-04T10:00:00Z"}</script>',
    ],
    ids=["published_time", "slashes", "json-ld"],
)
def test_published_date_from_the_page_is_normalized(meta: str) -> None:
    page = f"<html><head>{meta}</head><body><article><p>{PROSE}</p></article></body></html>"
    assert extract(page).published == "2024-03-04"


@pytest.mark.parametrize(
    ("head", "code"),
    [
        ('<html lang="pt-BR"><head>', "pt"),
        ('<html lang="de"><head><meta http-equiv="content-language" content="fr">', "de"),
        ('<html><head><meta http-equiv="Content-Language" content="fr-FR">', "fr"),
        ('<html><head><meta property="og:locale" content="es_ES">', "es"),
        ('<html><head><meta name="language" content="it">', "it"),
        ('<html lang="und"><head><meta property="og:locale" content="nl_NL">', "nl"),
        ("<html><head>", None),
    ],
)
def test_declared_language(head: str, code: str | None) -> None:
    html = f"{head}</head><body><p>{PROSE}</p></body></html>"
    tree = load_html(html)
    assert declared_language(tree) == code
    assert extract(html).declared_language == code


def test_a_standfirst_heading_is_article_text_unless_the_description_holds_it() -> None:
    standfirst = "The operator says passenger numbers have grown by a third since last year."
    kept = extract(
        PAGE.replace(
            "<h2>The operator says passenger numbers have grown by a third</h2>",
            f"<h2>{standfirst}</h2>",
        )
    )
    assert kept.paragraphs[0] == standfirst
    told = HEAD.replace("Fares stay at their current level until next spring.", standfirst)
    dropped = extract(
        PAGE.replace(HEAD, told).replace(
            "<h2>The operator says passenger numbers have grown by a third</h2>",
            f"<h2>{standfirst}</h2>",
        )
    )
    assert dropped.description == standfirst
    assert {"text": standfirst, "reason": "heading"} in dropped.removed
    assert standfirst not in dropped.paragraphs


def test_soft_hyphens_are_not_text() -> None:
    page = PAGE.replace("ferry company", "fer&shy;ry com\u00adpany")
    assert extract(page).paragraphs[0] == BODY[0]


def test_a_short_fast_result_gives_way_to_the_fuller_article() -> None:
    lead = Candidate("fast", [Block("p", PROSE)])
    article = Candidate("full", [Block("p", text) for text in BODY])
    assert fuller(article, lead)
    assert not fuller(lead, lead)  # no more prose
    teasers = [Block("p", f"{text[:80]} …") for text in BODY[1:]]
    assert not fuller(Candidate("full", [Block("p", PROSE), *teasers]), lead)


def test_a_section_heading_under_the_subtitle_opens_the_article() -> None:
    subtitle = "<h2>The operator says passenger numbers have grown by a third</h2>"
    page = PAGE.replace(subtitle, f"{subtitle}<h3>What changes for passengers</h3>")
    result = extract(page)
    assert result.paragraphs[0] == "What changes for passengers"
    assert "The operator says passenger numbers have grown by a third" not in result.paragraphs


def test_the_headline_is_known_without_the_site_name_and_a_long_dek_is_text() -> None:
    # <title> says "Headline | Site"; the page's headline is only the first part of it
    dek = (
        "Passenger numbers have grown by a third since the new terminal opened, and the council "
        "wants a winter timetable before the end of the year"
    )
    page = (
        PAGE.replace("<h1>Harbour ferry fares frozen for another year</h1>",
                     "<h1>Harbour ferry fares frozen</h1>")
        .replace("<meta property=\"og:title\" content=\"Harbour ferry fares frozen for another "
                 "year\">", "")
        .replace("<title>Harbour ferry fares frozen for another year | Harbour Times</title>",
                 "<title>Harbour ferry fares frozen | Harbour Times</title>")
        .replace("<h2>The operator says passenger numbers have grown by a third</h2>",
                 f"<h2>{dek}</h2>")
    )  # fmt: skip
    result = extract(page)
    assert result.paragraphs[0] == dek  # a subtitle of 15 words or more, right above the body
    assert "Harbour ferry fares frozen" not in result.paragraphs


def test_a_sentence_heading_after_the_body_stays_and_a_read_on_line_goes() -> None:
    quote = "The ferry will stay the cheapest way to cross the bay, the company says."
    page = PAGE.replace(f"<p>{BODY[3]}</p>", f"<p>{BODY[3]}</p><h3>{quote}</h3>")
    assert extract(page).paragraphs[-1] == quote
    more = "Read on for what the new timetable means for you..."
    page = PAGE.replace(f"<p>{BODY[3]}</p>", f"<p>{BODY[3]}</p><h3>{more}</h3>")
    assert more not in extract(page).paragraphs


def test_a_stock_photo_credit_under_the_body_is_not_text() -> None:
    credit = "Die neue Fähre im Hafen (Symbolbild: Hafenamt/AdobeStock)"
    page = PAGE.replace(f"<p>{BODY[1]}</p>", f"<p>{BODY[1]}</p><p>{credit}</p>")
    assert credit not in extract(page).paragraphs


def _titled(title: str, h1: str | None, site: str | None = "Harbour Times") -> str | None:
    named = f'<meta property="og:site_name" content="{site}">' if site else ""
    named += f'<meta property="og:title" content="{title}">'
    heading = f"<h1>{h1}</h1>" if h1 else ""
    html = (
        f"<html><head><title>{title}</title>{named}</head><body><article>{heading}"
        + "".join(f"<p>{p}</p>" for p in BODY)
        + "</article></body></html>"
    )
    return extract_html(html, None, PHRASES).title


def test_the_title_is_the_headline_without_the_site_name() -> None:
    """Issue 11: "Headline | Site" in `<title>` gives the `<h1>` headline, or the title less
    a last part that names the site; a dash inside a headline stays."""
    headline = "Harbour ferry fares frozen for another year"
    assert _titled(f"{headline} | Harbour Times", headline) == headline
    assert _titled(f"Opinion | {headline}", headline) == headline
    assert _titled(f"{headline} - Harbour Times", None) == headline
    assert _titled(f"{headline} – harbourtimes.com", None) == headline
    kept = "Ferry strike - what happens next"
    assert _titled(kept, None) == kept
    # a logo `<h1>` naming the site is no headline
    assert _titled(f"Harbour Times | {headline}", "Harbour Times") == f"Harbour Times | {headline}"


def test_a_call_to_action_is_not_text_even_when_it_reads_as_a_sentence() -> None:
    promo = "Subscribe now and the weekend supplement comes to your door every Saturday."
    result = extract(PAGE.replace(f"<p>{BODY[3]}</p>", f"<p>{BODY[3]}</p><p>{promo}</p>"))
    assert promo not in result.paragraphs
    assert {"text": promo, "reason": "promo"} in result.removed


LEAD_DE = (
    "Die Fähre über die Bucht bleibt ein weiteres Jahr so billig wie bisher: Die Reederei "
    "verzichtet bis zum Frühjahr auf jede Preiserhöhung."
)
BODY_DE = [
    "Trotz steigender Treibstoffkosten will die Reederei ihre Tarife bis zum nächsten Frühjahr "
    "nicht anheben, teilte sie am Freitag mit.",
    "Seit der Eröffnung des neuen Terminals im vergangenen Jahr ist die Zahl der Fahrgäste um "
    "ein Drittel gestiegen, heißt es in einem Schreiben an die Aktionäre.",
    "„Die Fähre soll der günstigste Weg über die Bucht bleiben“, sagte die Geschäftsführerin "
    "Maria Olsen auf der Jahresversammlung.",
    "Der Stadtrat begrüßte die Entscheidung und will den Winterfahrplan noch vor Jahresende "
    "überprüfen.",
]


def _page_with_lead(lang: str, lead_markup: str) -> str:
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>Fährpreise bleiben ein weiteres Jahr stabil | Hafenblatt</title>
<meta property="og:site_name" content="Hafenblatt">
<meta name="description" content="{LEAD_DE}"></head><body>
<nav><a href="/">Start</a> <a href="/lokales">Lokales</a></nav>
<div class="article-header"><h1>Fährpreise bleiben ein weiteres Jahr stabil</h1>
{lead_markup}<span class="date">4. März 2024</span></div>
<article>{"".join(f"<p>{p}</p>" for p in BODY_DE)}</article>
<footer><p>© 2024 Hafenblatt</p></footer></body></html>"""


@pytest.mark.parametrize("lead_markup", [f'<p class="teaser">{LEAD_DE}</p>', f"<h2>{LEAD_DE}</h2>"])
def test_the_lead_above_the_body_is_text_where_news_opens_with_one(lead_markup: str) -> None:
    german = extract(_page_with_lead("de", lead_markup))
    assert list(german.paragraphs) == [LEAD_DE, *BODY_DE]
    assert all(r["text"] != LEAD_DE for r in german.removed)
    # English-language news puts a dek there, not the article's first paragraph
    english = extract(_page_with_lead("en", lead_markup))
    assert list(english.paragraphs) == BODY_DE
    assert english.description == LEAD_DE


def test_a_lead_is_not_taken_from_a_link_or_the_headline() -> None:
    teaser = f'<p><a href="/lokales/faehre">{LEAD_DE}</a></p>'
    assert list(extract(_page_with_lead("de", teaser)).paragraphs) == BODY_DE
