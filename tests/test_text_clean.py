"""The plain-text path of `clean`: line classes, bylines, datelines, and whole scraped pages.

Every article below is fictional and written for these tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from worker.settings import load_settings
from worker.stages.clean.dates import DateReader
from worker.stages.clean.lift import byline_authors, dateline
from worker.stages.clean.phrases import Phrases
from worker.stages.clean.text import CleanText, classify, clean_text

_SETTINGS = load_settings()
PHRASES = Phrases.load(_SETTINGS.config_dir / _SETTINGS.clean.boilerplate)
# A footer after the copyright line may be taken as the tail of the related block.
FOOTER = frozenset({"navigation", "related"})


# --- classify(): one line on its own ------------------------------------------------------

CLASSIFIED = [
    # widgets, several languages
    ("Share this article", "widget"),
    ("Copy link", "widget"),
    ("Listen to this article", "widget"),
    ("Facebook Twitter Email", "widget"),
    ("Facebook | Twitter | WhatsApp", "widget"),
    ("Artikel teilen", "widget"),
    ("Link kopieren", "widget"),
    ("Partager sur Facebook", "widget"),
    ("Copier le lien", "widget"),
    ("Compartir", "widget"),
    ("Copiar enlace", "widget"),
    ("Condividi", "widget"),
    ("Partilhar", "widget"),
    ("Deel dit artikel", "widget"),
    ("Поделиться", "widget"),
    ("Скопировать ссылку", "widget"),
    ("Udostępnij", "widget"),
    ("分享", "widget"),
    ("复制链接", "widget"),
    ("リンクをコピー", "widget"),
    ("شارك", "widget"),
    # ads
    ("Advertisement", "ad"),
    ("ADVERTISEMENT", "ad"),
    ("Story continues below advertisement", "ad"),
    ("Anzeige", "ad"),
    ("Publicité", "ad"),
    ("Publicidad", "ad"),
    ("Pubblicità", "ad"),
    ("Реклама", "ad"),
    ("广告", "ad"),
    # image placeholders
    ("![]() |", "image"),
    ("![Ferry at dawn](img/ferry.jpg)", "image"),
    ("[image: the new pier]", "image"),
    # captions and credits
    ("Photo: AP | The new bridge at dusk.", "caption"),
    ("Photos: Lena Ortiz", "caption"),
    ("Foto: dpa | Der Stadtrat tagt im Rathaus.", "caption"),
    ("Crédit photo : Julie Marchand", "caption"),
    ("Фото: Олег Ким", "caption"),
    ("Фото: ТАСС | Пассажиры на платформе.", "caption"),
    # copyright
    ("© 2026 Riverside Gazette", "copyright"),
    ("Copyright 2026 Harbour Media Ltd", "copyright"),
    ("All rights reserved.", "copyright"),
    ("Neckarblick Verlag. Alle Rechte vorbehalten.", "copyright"),
    ("Tous droits réservés", "copyright"),
    ("Все права защищены", "copyright"),
    ("Riproduzione riservata", "copyright"),
    # inline pointers to other articles
    ("READ MORE: Council approves new tram line", "related"),
    ("Lesen Sie auch: Neue Brücke am Hafen eröffnet", "related"),
    ("Lire aussi : Les vendanges commencent tôt", "related"),
    ("Lee también: El mercado amplía su horario", "related"),
    ("Читайте также: Метро открыло три станции", "related"),
    # only punctuation
    ("* * *", "symbols"),
]

BODY = [
    "Share prices fell sharply on Monday after the report.",
    "Print media is in decline, the minister said.",
    "Photo finishes decided two races.",
    "Photography is a popular hobby among the town's retired teachers.",
    "Advertisement revenue fell by ten percent last year, the company said.",
    "Follow the money, the inspector told the committee.",
    "Read more books, the librarian urged the pupils.",
    "Related parties must disclose their interests, the regulator said.",
    "Die Anzeige wurde am Montag bei der Polizei erstattet.",
    "Partager les coûts reste difficile pour les petites communes.",
    "Поделиться опытом приехали специалисты из трёх регионов.",
    "Copyright law is changing across Europe, experts say.",  # source bug: dropped as copyright
]


@pytest.mark.parametrize(("line", "reason"), CLASSIFIED)
def test_classify_furniture(line: str, reason: str) -> None:
    assert classify(line, PHRASES) == reason


@pytest.mark.parametrize("line", BODY)
def test_classify_body_sentence_is_none(line: str) -> None:
    assert classify(line, PHRASES) is None


# --- byline_authors() ---------------------------------------------------------------------

BYLINES = [
    ("By Jane Doe", ["Jane Doe"]),
    ("By Jane Doe, Staff Writer", ["Jane Doe"]),
    ("Written by Sam O'Neil", ["Sam O'Neil"]),
    ("By Jean-Luc Moreau", ["Jean-Luc Moreau"]),
    ("By Olivia Brandt and Kwame Mensah", ["Olivia Brandt", "Kwame Mensah"]),
    ("By Tom Harris and Priya Nair, Environment correspondents", ["Tom Harris", "Priya Nair"]),
    ("By Jane Doe | Updated 3 March 2026", ["Jane Doe"]),
    ("Von Anna Schmidt", ["Anna Schmidt"]),
    ("Von Miriam Haas und Jonas Keller", ["Miriam Haas", "Jonas Keller"]),
    ("Par Claire Martin et Louis Bernard", ["Claire Martin", "Louis Bernard"]),
    ("Por Lucía Gómez", ["Lucía Gómez"]),
    ("Por Lucía Navarro y Andrés Molina", ["Lucía Navarro", "Andrés Molina"]),
    ("di Giulia Ferri e Paolo Conti", ["Giulia Ferri", "Paolo Conti"]),
    ("Автор: Ирина Петрова", ["Ирина Петрова"]),
    ("Автор: Мария Орлова и Денис Седов", ["Мария Орлова", "Денис Седов"]),
    # name particles are part of the name (source bug: these return None)
    ("Door Sanne de Vries", ["Sanne de Vries"]),
    ("Por María de la Cruz", ["María de la Cruz"]),
]

NOT_BYLINES = [
    "By the time the ferry arrived, the pier was empty.",
    "By Monday, the river had risen two metres.",
    "By Staff",
    "Von Montag an gilt der neue Fahrplan.",
    "Par ailleurs, la mairie a confirmé le projet.",
    "Por la tarde, el tren volvió a circular.",
    "Автор: Редакция",
    "Byline",
    "",
]


@pytest.mark.parametrize(("line", "names"), BYLINES, ids=[line for line, _ in BYLINES])
def test_byline_authors(line: str, names: list[str]) -> None:
    assert byline_authors(line, PHRASES) == names


@pytest.mark.parametrize("line", NOT_BYLINES)
def test_not_a_byline(line: str) -> None:
    assert byline_authors(line, PHRASES) is None


# --- dateline() ---------------------------------------------------------------------------

DATELINES = [
    ("LONDON (Agency) - The council voted.", "LONDON (Agency) - ", "Agency"),
    ("NEW YORK (Wire) -- Stocks rose.", "NEW YORK (Wire) -- ", "Wire"),
    ("(Site.vn) - Hà Nội mở tuyến xe buýt mới.", "(Site.vn) - ", "Site.vn"),
    (
        "PARIS, 3 mars (AFP) — Les vendanges ont commencé.",
        "PARIS, 3 mars (AFP) — ",
        "AFP",
    ),
    (
        "ROMA, 5 aprile (Agenzia) - Il treno è partito.",
        "ROMA, 5 aprile (Agenzia) - ",
        "Agenzia",
    ),
    (
        "МОСКВА, 12 марта — ТАСС. Новая линия метро открылась.",
        "МОСКВА, 12 марта — ТАСС. ",
        "ТАСС",
    ),
    (
        "ЗАРЕЧНЫЙ, 12 марта — РИА «Заречье». Каток открылся.",
        "ЗАРЕЧНЫЙ, 12 марта — РИА «Заречье». ",
        "РИА «Заречье»",
    ),
    ("WASHINGTON — The Senate voted.", "WASHINGTON — ", None),
    ("SÃO PAULO — A cidade amanheceu fria.", "SÃO PAULO — ", None),
]

NOT_DATELINES = [
    "The mayor (who arrived late) - spoke to reporters.",
    "I (the author) - said nothing.",
    "WASHINGTON — the Senate voted.",
    "The report (2026) - published today - found gaps.",
    "Share prices fell sharply on Monday after the report.",
]


@pytest.mark.parametrize(("paragraph", "prefix", "source"), DATELINES)
def test_dateline(paragraph: str, prefix: str, source: str | None) -> None:
    assert dateline(paragraph) == (prefix, source)


@pytest.mark.parametrize("paragraph", NOT_DATELINES)
def test_not_a_dateline(paragraph: str) -> None:
    assert dateline(paragraph) is None


# --- clean_text(): whole scraped pages ----------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A scraped page as (line, expected reason) pairs; reason None marks a body line."""

    title: str
    authors: tuple[str, ...]
    date_line: str
    source: str
    dateline: str
    paragraphs: tuple[str, ...]
    lines: tuple[tuple[str, str | frozenset[str] | None], ...]

    @property
    def text(self) -> str:
        return "\n".join(line for line, _ in self.lines) + "\n"

    @property
    def removed(self) -> dict[str, str | frozenset[str]]:
        found = {line: reason for line, reason in self.lines if reason is not None}
        return {**found, self.dateline: "dateline"}


EN_BODY = (
    (
        "Overnight passenger trains will run again on the valley line from April, the regional "
        "rail company announced on Wednesday. The service was suspended five years ago when the "
        "old sleeper carriages failed a safety inspection."
    ),
    (
        "The company has bought eight refurbished carriages from a neighbouring operator and "
        "will run three return journeys a week at first. Tickets go on sale next Monday, with a "
        "seat costing less than a single night in most of the hotels along the route."
    ),
    (
        '"People have asked us for this every single year," said the company\'s director, Hannah '
        'Velde. "We think the demand is there, and we want to prove it by the end of the '
        'summer."'
    ),
    (
        "Tourism groups in the valley welcomed the decision and said the trains would bring "
        "visitors who do not own a car. Some residents near the depot, however, worry about "
        "noise from late-night shunting."
    ),
)
EN = Page(
    title="Night trains return to the valley line after a five-year pause",
    authors=("Olivia Brandt", "Kwame Mensah"),
    date_line="Published 4 March 2026",
    source="Riverside Gazette",
    dateline="FERNDALE (Riverside Gazette) -",
    paragraphs=EN_BODY,
    lines=(
        ("Riverside Gazette", "navigation"),
        ("Home | World | Sport | Culture", "navigation"),
        ("Night trains return to the valley line after a five-year pause", "title"),
        ("By Olivia Brandt and Kwame Mensah, Transport correspondents", "byline"),
        ("Published 4 March 2026", "date"),
        ("Share this article", "widget"),
        ("Facebook Twitter Email", "widget"),
        ("Copy link", "widget"),
        (f"FERNDALE (Riverside Gazette) - {EN_BODY[0]}", None),
        ("![]() |", "image"),
        ("Photo: Lena Ortiz | A sleeper carriage waits at Ferndale station.", "caption"),
        (EN_BODY[1], None),
        ("Advertisement", "ad"),
        ("READ MORE: Sleeper carriages get a second life in the north", "related"),
        (EN_BODY[2], None),
        (EN_BODY[3], None),
        ("Related stories", "related"),
        ("Valley bus fares to rise in May", "related"),
        ("New cycle path opens along the river", "related"),
        ("Why regional rail is booming again", "related"),
        ("© 2026 Riverside Gazette. All rights reserved.", "copyright"),
        ("About us | Contact | Privacy", FOOTER),
    ),
)

DE_BODY = (
    (
        "Schülerinnen und Schüler in Lindenau fahren vom kommenden Schuljahr an kostenlos mit "
        "Bus und Straßenbahn. Der Stadtrat hat den Plan am Dienstagabend mit großer Mehrheit "
        "angenommen."
    ),
    (
        "Die Stadt rechnet mit Kosten von rund zwei Millionen Euro pro Jahr. Ein Teil des Geldes "
        "soll aus einem Förderprogramm des Landes kommen, den Rest übernimmt der städtische "
        "Haushalt."
    ),
    (
        "„Wir wollen, dass Familien nicht mehr über jede Fahrkarte nachdenken müssen“, sagte "
        "Bürgermeisterin Petra Lang nach der Sitzung. Die Opposition kritisierte dagegen, dass "
        "die Busse schon heute zu den Stoßzeiten überfüllt seien."
    ),
    (
        "Die Verkehrsbetriebe wollen bis zum Sommer zusätzliche Fahrer einstellen und auf zwei "
        "Linien dichtere Takte anbieten."
    ),
)
DE = Page(
    title="Stadtrat beschließt kostenlosen Nahverkehr für Schüler",
    authors=("Miriam Haas", "Jonas Keller"),
    date_line="Veröffentlicht am 12.03.2026, 09:30 Uhr",
    source="Neckarblick",
    dateline="LINDENAU (Neckarblick) -",
    paragraphs=DE_BODY,
    lines=(
        ("Neckarblick Online", "navigation"),
        ("Startseite | Politik | Sport | Kultur", "navigation"),
        ("Stadtrat beschließt kostenlosen Nahverkehr für Schüler", "title"),
        ("Von Miriam Haas und Jonas Keller", "byline"),
        ("Veröffentlicht am 12.03.2026, 09:30 Uhr", "date"),
        ("Artikel teilen", "widget"),
        ("Link kopieren", "widget"),
        ("Drucken", "widget"),
        (f"LINDENAU (Neckarblick) - {DE_BODY[0]}", None),
        ("![]() |", "image"),
        ("Foto: dpa | Eine Straßenbahn am Marktplatz von Lindenau.", "caption"),
        (DE_BODY[1], None),
        ("Anzeige", "ad"),
        (DE_BODY[2], None),
        (DE_BODY[3], None),
        ("Mehr zum Thema", "related"),
        ("Neue Radwege am Flussufer geplant", "related"),
        ("Bäderbetriebe erhöhen die Eintrittspreise", "related"),
        ("Wie sicher sind unsere Schulwege?", "related"),
        ("© 2026 Neckarblick. Alle Rechte vorbehalten.", "copyright"),
        ("Impressum | Datenschutz | Kontakt", FOOTER),
    ),
)

FR_BODY = (
    (
        "Les apiculteurs du plateau ont récolté cette année près de quarante tonnes de miel, un "
        "niveau jamais atteint depuis la création de leur coopérative."
    ),
    (
        "Selon la coopérative, la douceur de l'hiver et un printemps humide ont favorisé la "
        "floraison des prairies. Les prix de vente devraient pourtant rester stables cette "
        "saison."
    ),
    (
        "« Nous n'avions jamais vu autant de cadres pleins en une seule visite », a expliqué "
        "Sophie Garnier, apicultrice depuis vingt ans. Elle reste prudente face aux maladies qui "
        "menacent encore les colonies."
    ),
    "La coopérative prévoit d'ouvrir une boutique dans le centre du village avant l'été.",
)
FR = Page(
    title="Les apiculteurs du plateau annoncent une récolte record",
    authors=("Camille Durand", "Hugo Lefèvre"),
    date_line="Publié le 3 mars 2026 à 10h15",
    source="Courrier du Lac",
    dateline="SAINT-AUBIN, 3 mars (Courrier du Lac) —",
    paragraphs=FR_BODY,
    lines=(
        ("Le Courrier du Lac", "navigation"),
        ("Accueil | Monde | Sport | Culture", "navigation"),
        ("Les apiculteurs du plateau annoncent une récolte record", "title"),
        ("Par Camille Durand et Hugo Lefèvre", "byline"),
        ("Publié le 3 mars 2026 à 10h15", "date"),
        ("Partager", "widget"),
        ("Partager sur Facebook", "widget"),
        ("Copier le lien", "widget"),
        (f"SAINT-AUBIN, 3 mars (Courrier du Lac) — {FR_BODY[0]}", None),
        ("![]() |", "image"),
        ("Photo : Julie Marchand | Des ruches au bord d'un champ de colza.", "caption"),
        (FR_BODY[1], None),
        ("Publicité", "ad"),
        (FR_BODY[2], None),
        (FR_BODY[3], None),
        ("Lire aussi", "related"),
        ("Le marché de producteurs s'agrandit", "related"),
        ("Une nouvelle piste cyclable autour du lac", "related"),
        ("Pourquoi les abeilles sauvages disparaissent", "related"),
        ("© 2026 Le Courrier du Lac. Tous droits réservés.", "copyright"),
        ("Mentions légales | Contact | Cookies", FOOTER),
    ),
)

ES_BODY = (
    (
        "El ayuntamiento convertirá la antigua estación de tren en una biblioteca pública con "
        "sala de estudio, según anunció este jueves la alcaldesa."
    ),
    (
        "Las obras comenzarán en otoño y costarán unos tres millones de euros. El edificio "
        "conservará el reloj original y parte de los bancos de madera del vestíbulo."
    ),
    (
        '"Queremos que los jóvenes tengan un lugar tranquilo para estudiar cerca de casa", dijo '
        "la alcaldesa, Carmen Ruiz. Los vecinos llevaban años pidiendo un uso para el edificio "
        "abandonado."
    ),
    "La biblioteca abrirá sus puertas, si no hay retrasos, a principios de 2028.",
)
ES = Page(
    title="El ayuntamiento abrirá una biblioteca en la antigua estación",
    authors=("Lucía Navarro", "Andrés Molina"),
    date_line="Publicado el 5 de marzo de 2026",
    source="Diario del Valle",
    dateline="VILLAREAL (Diario del Valle) -",
    paragraphs=ES_BODY,
    lines=(
        ("Diario del Valle", "navigation"),
        ("Inicio | Nacional | Deportes | Cultura", "navigation"),
        ("El ayuntamiento abrirá una biblioteca en la antigua estación", "title"),
        ("Por Lucía Navarro y Andrés Molina", "byline"),
        ("Publicado el 5 de marzo de 2026", "date"),
        ("Compartir", "widget"),
        ("Copiar enlace", "widget"),
        ("Imprimir", "widget"),
        (f"VILLAREAL (Diario del Valle) - {ES_BODY[0]}", None),
        ("![]() |", "image"),
        (
            "Foto: Pedro Ibáñez | La fachada de la antigua estación, cerrada desde hace diez años.",
            "caption",
        ),
        (ES_BODY[1], None),
        ("Publicidad", "ad"),
        (ES_BODY[2], None),
        (ES_BODY[3], None),
        ("Noticias relacionadas", "related"),
        ("El mercado municipal amplía su horario", "related"),
        ("Nuevas rutas de autobús para el barrio norte", "related"),
        ("Cómo será la plaza mayor tras la reforma", "related"),
        ("© 2026 Diario del Valle. Todos los derechos reservados.", "copyright"),
        ("Aviso legal | Contacto | Privacidad", FOOTER),
    ),
)

RU_BODY = (
    (
        "В субботу в Заречном открылся первый крытый каток, построенный на месте старого рынка. "
        "В первый день на лёд вышли больше пятисот человек."
    ),
    (
        "Строительство обошлось городу в четыреста миллионов рублей и заняло два года. Каток "
        "будет работать круглый год, а по утрам лёд отдадут детским спортивным школам."
    ),
    (
        "«Раньше нашим хоккеистам приходилось ездить на тренировки в соседний город», — сказал "
        "директор спортивной школы Павел Лебедев. По его словам, теперь секция сможет принять "
        "вдвое больше детей."
    ),
    "Вход для пенсионеров в будние дни будет бесплатным.",
)
RU = Page(
    title="В Заречном открылся первый городской каток под крышей",
    authors=("Мария Орлова", "Денис Седов"),
    date_line="12 марта 2026, 11:20",
    source="ЗВ",
    dateline="ЗАРЕЧНЫЙ, 12 марта — ЗВ.",
    paragraphs=RU_BODY,
    lines=(
        ("Вечерний Заречный", "navigation"),
        ("Главная | Город | Спорт | Культура", "navigation"),
        ("В Заречном открылся первый городской каток под крышей", "title"),
        ("Автор: Мария Орлова и Денис Седов", "byline"),
        ("12 марта 2026, 11:20", "date"),
        ("Поделиться", "widget"),
        ("Скопировать ссылку", "widget"),
        ("Печать", "widget"),
        (f"ЗАРЕЧНЫЙ, 12 марта — ЗВ. {RU_BODY[0]}", None),
        ("![]() |", "image"),
        ("Фото: Олег Ким | Посетители на открытии катка в субботу.", "caption"),
        (RU_BODY[1], None),
        ("Реклама", "ad"),
        (RU_BODY[2], None),
        (RU_BODY[3], None),
        ("Читайте также", "related"),
        ("В парке Победы появятся новые фонари", "related"),
        ("Автобус номер семь изменит маршрут", "related"),
        ("Как будет работать поликлиника в праздники", "related"),
        ("© 2026 Вечерний Заречный. Все права защищены.", "copyright"),
        ("О нас | Контакты | Реклама на сайте", FOOTER),
    ),
)

IT_BODY = (
    (
        "Il vecchio mulino sul fiume riaprirà al pubblico sabato prossimo, dopo vent'anni di "
        "lavori di restauro finanziati dal comune e da una fondazione locale."
    ),
    (
        "All'interno i visitatori potranno vedere le macine originali e un piccolo museo "
        "dedicato alla storia della farina nella valle. L'ingresso sarà gratuito per i "
        "residenti."
    ),
    (
        '"È un pezzo della nostra memoria che torna a vivere", ha detto la sindaca Elena Greco '
        "durante la presentazione. I volontari dell'associazione guideranno le visite ogni fine "
        "settimana."
    ),
    "Il comune spera di attirare le scuole della provincia già dal prossimo autunno.",
)
IT = Page(
    title="Riapre il vecchio mulino sul fiume dopo vent'anni di restauri",
    authors=("Giulia Ferri", "Paolo Conti"),
    date_line="Pubblicato il 6 marzo 2026",
    source="La Voce del Borgo",
    dateline="MONTEVERDE (La Voce del Borgo) -",
    paragraphs=IT_BODY,
    lines=(
        ("La Voce del Borgo", "navigation"),
        ("Home | Cronaca | Sport | Cultura", "navigation"),
        ("Riapre il vecchio mulino sul fiume dopo vent'anni di restauri", "title"),
        ("di Giulia Ferri e Paolo Conti", "byline"),
        ("Pubblicato il 6 marzo 2026", "date"),
        ("Condividi", "widget"),
        ("Copia link", "widget"),
        ("Stampa", "widget"),
        (f"MONTEVERDE (La Voce del Borgo) - {IT_BODY[0]}", None),
        ("![]() |", "image"),
        ("Foto: Marco Bassi | La ruota del mulino restaurata.", "caption"),
        (IT_BODY[1], None),
        ("Pubblicità", "ad"),
        (IT_BODY[2], None),
        (IT_BODY[3], None),
        ("Leggi anche", "related"),
        ("Nuovo orario per la biblioteca civica", "related"),
        ("Al via i lavori sulla strada provinciale", "related"),
        ("Perché il fiume è così basso quest'anno", "related"),
        ("© 2026 La Voce del Borgo. Riproduzione riservata.", "copyright"),
        ("Chi siamo | Contatti | Privacy", FOOTER),
    ),
)


PAGES = [
    pytest.param(EN, id="en"),
    pytest.param(DE, id="de"),
    pytest.param(FR, id="fr"),
    pytest.param(ES, id="es"),
    pytest.param(RU, id="ru"),
    pytest.param(IT, id="it"),
]


def _reasons(result: CleanText) -> dict[str, str]:
    return {r["text"]: r["reason"] for r in result.removed}


@pytest.mark.parametrize("page", PAGES)
def test_page_metadata_is_lifted(page: Page) -> None:
    result = clean_text(page.text, PHRASES)
    assert result.title == page.title
    assert result.authors == page.authors
    assert result.date_line == page.date_line
    assert result.source == page.source


@pytest.mark.parametrize("page", PAGES)
def test_page_body_paragraphs_in_order(page: Page) -> None:
    assert clean_text(page.text, PHRASES).paragraphs == page.paragraphs


@pytest.mark.parametrize("page", PAGES)
def test_page_removed_lines_and_reasons(page: Page) -> None:
    reasons = _reasons(clean_text(page.text, PHRASES))
    assert reasons.keys() == page.removed.keys()
    for text, expected in page.removed.items():
        allowed = expected if isinstance(expected, frozenset) else {expected}
        assert reasons[text] in allowed, text


@pytest.mark.parametrize("page", PAGES)
def test_page_every_line_is_kept_or_explained(page: Page) -> None:
    result = clean_text(page.text, PHRASES)
    removed = {r["text"] for r in result.removed}
    first = f"{page.dateline} {result.paragraphs[0]}"
    for line in filter(None, page.text.splitlines()):
        assert (line in removed) != (line in result.paragraphs or line == first), line
    assert not removed & set(result.paragraphs)


# --- clean_text(): layout cases -------------------------------------------------------------

WRAPPED = """Harbour ferry fares frozen for another year

By Nadia Quinn

The harbour ferry company said on Friday that it would keep fares at their
current level until next spring, despite a sharp rise in the price of fuel
over the winter months.

Passenger numbers have grown by a third since the new terminal opened, and
the company said the extra income had covered most of its higher costs.

What happens next

Ticket machines on both piers will be replaced in the summer, and a new
mobile app is expected to launch before the autumn timetable begins.
"""


def test_hard_wrapped_text_is_unwrapped_into_paragraphs() -> None:
    result = clean_text(WRAPPED, PHRASES)
    assert result.title == "Harbour ferry fares frozen for another year"
    assert result.authors == ("Nadia Quinn",)
    assert result.paragraphs == (
        "The harbour ferry company said on Friday that it would keep fares at their current "
        "level until next spring, despite a sharp rise in the price of fuel over the winter "
        "months.",
        "Passenger numbers have grown by a third since the new terminal opened, and the "
        "company said the extra income had covered most of its higher costs.",
        "What happens next",
        "Ticket machines on both piers will be replaced in the summer, and a new mobile app is "
        "expected to launch before the autumn timetable begins.",
    )


# Source bug: a wrapped line that starts with a capital (a name) or a digit is not joined.
WRAPPED_AT_CAPITALS = """Harbour ferry fares frozen for another year

The harbour ferry company said on Friday that it would keep fares at their
current level until next spring, according to its director, Hannah
Velde, who spoke to reporters at the terminal on a windy afternoon.

Passenger numbers have grown by a third since the new terminal opened in
2024, and the company said the extra income had covered most of its costs.
"""


def test_hard_wrapped_lines_starting_with_a_capital_or_digit_are_joined() -> None:
    result = clean_text(WRAPPED_AT_CAPITALS, PHRASES)
    assert result.title == "Harbour ferry fares frozen for another year"
    assert result.paragraphs == (
        "The harbour ferry company said on Friday that it would keep fares at their current "
        "level until next spring, according to its director, Hannah Velde, who spoke to "
        "reporters at the terminal on a windy afternoon.",
        "Passenger numbers have grown by a third since the new terminal opened in 2024, and the "
        "company said the extra income had covered most of its costs.",
    )


BODY_1 = (
    "Firefighters brought a blaze at the northern tram depot under control early on Monday, "
    "the city fire service said. No one was injured, but four trams were badly damaged."
)
BODY_2 = (
    "The cause of the fire is not yet known, and investigators are expected at the site later "
    "today."
)
CAPTION = "Firefighters outside the tram depot on Sunday night."


def test_caption_after_image_and_its_repeat_are_dropped() -> None:
    lines = [
        "Tram depot fire under control",
        "![](img/depot.jpg)",
        CAPTION,
        BODY_1,
        CAPTION,
        BODY_2,
    ]
    text = "\n".join(lines)
    result = clean_text(text, PHRASES)
    assert result.paragraphs == (BODY_1, BODY_2)
    assert [r["reason"] for r in result.removed] == ["title", "image", "caption", "repeated"]


def test_repeat_of_a_credited_caption_is_dropped() -> None:
    """Source bug: only the text after the first ':' is remembered ("AP | <caption>")."""
    text = f"Tram depot fire under control\nPhoto: AP | {CAPTION}\n{BODY_1}\n{CAPTION}\n{BODY_2}\n"
    result = clean_text(text, PHRASES)
    assert result.paragraphs == (BODY_1, BODY_2)
    assert _reasons(result)[CAPTION] == "repeated"


def test_subheading_between_body_paragraphs_is_kept() -> None:
    text = f"Tram depot fire under control\n{BODY_1}\nWhat investigators know\n{BODY_2}\n"
    result = clean_text(text, PHRASES)
    assert result.paragraphs == (BODY_1, "What investigators know", BODY_2)


def test_inline_related_pointer_mid_body_is_dropped() -> None:
    text = (
        f"Tram depot fire under control\n{BODY_1}\n"
        f"READ MORE: City orders twelve new low-floor trams\n{BODY_2}\n"
    )
    result = clean_text(text, PHRASES)
    assert result.paragraphs == (BODY_1, BODY_2)
    assert _reasons(result)["READ MORE: City orders twelve new low-floor trams"] == "related"


def test_short_headline_wins_over_a_longer_date_line() -> None:
    """Source bug: the longest pre-body line is taken as the title, even a date line."""
    text = (
        "Lindenauer Tagblatt\n"
        "Stadtrat senkt Gebühren\n"
        "Veröffentlicht am 12.03.2026, 09:30 Uhr\n"
        "Der Stadtrat hat am Dienstag beschlossen, die Gebühren für die Müllabfuhr im "
        "kommenden Jahr um zehn Prozent zu senken.\n"
    )
    result = clean_text(text, PHRASES)
    assert result.title == "Stadtrat senkt Gebühren"
    assert result.date_line == "Veröffentlicht am 12.03.2026, 09:30 Uhr"


def test_quote_after_a_mid_body_related_block_is_kept() -> None:
    """Source bug: a paragraph ending in a closing quote reads as one more related link."""
    quote = '"We had no choice," the director said. "Fuel is expensive, but so is an empty boat."'
    text = (
        f"Tram depot fire under control\n{BODY_1}\nRead more\n"
        "City orders twelve new low-floor trams\nNight buses replace line 4 this week\n"
        f"{quote}\n{BODY_2}\n"
    )
    result = clean_text(text, PHRASES)
    assert result.paragraphs == (BODY_1, quote, BODY_2)


# Issue 11: the headline of a scraped page is the line that echoes the article, not the
# widget, byline or menu line nearest the body.
FERRY_PAGE = """Harbour Gazette
News
Ferry crews vote to strike over the new winter rota
Crews on the island ferries will walk out for two days next month.
By Ana Ruiz Transport Writer
March 3, 2026
Share all sharing options
Support local reporting
Crews on the island ferries voted by a large majority to walk out on two days next month, \
the seafarers' union said, after talks over the new winter rota broke down on Monday.
The ferry company said it regretted the strike vote and would keep talking to the crews \
before the first day of the walkout.
"""


def test_the_headline_is_the_line_that_echoes_the_article_not_a_widget() -> None:
    result = clean_text(FERRY_PAGE, PHRASES)
    assert result.title == "Ferry crews vote to strike over the new winter rota"
    assert result.paragraphs[0].startswith("Crews on the island ferries voted")


def test_the_page_title_repeated_as_the_headline_is_the_title() -> None:
    """The `<title>` line first, then the same headline as the `<h1>`: the second one is not
    a repeat to drop but the headline."""
    text = (
        "Stadtwerke Lindenau erhöhen den Strompreis ab Juli\n"
        "Startseite\nWirtschaft\nRegion\n"
        "Stadtwerke Lindenau erhöhen den Strompreis ab Juli\n"
        "Diesen Artikel jetzt kostenlos anhören\n"
        "Die Stadtwerke Lindenau erhöhen zum ersten Juli den Strompreis für Haushalte um "
        "acht Prozent, wie das Unternehmen am Montag mitteilte.\n"
        "Als Grund nannten die Stadtwerke die gestiegenen Kosten im Einkauf und für das "
        "Netz, das in den kommenden Jahren erneuert werden soll.\n"
    )
    result = clean_text(text, PHRASES)
    assert result.title == "Stadtwerke Lindenau erhöhen den Strompreis ab Juli"
    assert [r["reason"] for r in result.removed].count("title") == 1


def test_the_site_name_after_the_headline_is_cut_when_the_page_names_it() -> None:
    text = (
        "El puerto de Varnesk cierra por el temporal - Diario del Faro\n"
        "Diario del Faro\n"
        "El puerto de Varnesk permanecerá cerrado hasta el jueves por el temporal, según "
        "informó la capitanía marítima en un comunicado.\n"
        "Los barcos de pesca se refugiaron en la bahía y los transbordadores a las islas "
        "quedaron suspendidos hasta nuevo aviso.\n"
    )
    assert clean_text(text, PHRASES).title == "El puerto de Varnesk cierra por el temporal"
    rights = text.replace("Diario del Faro\n", "", 1) + (
        "© 2026 Diario del Faro. Todos los derechos reservados.\n"
    )
    assert clean_text(rights, PHRASES).title == "El puerto de Varnesk cierra por el temporal"
    # without the name on a line of its own or in the rights line, a dash in the headline is
    # not a site name
    unnamed = text.replace("Diario del Faro\n", "", 1)
    assert clean_text(unnamed, PHRASES).title == (
        "El puerto de Varnesk cierra por el temporal - Diario del Faro"
    )


def test_a_page_with_only_widget_lines_above_the_body_has_no_title() -> None:
    text = (
        "Support local reporting\nEdit your profile\n"
        "Crews on the island ferries voted by a large majority to walk out on two days next "
        "month, the seafarers' union said on Tuesday.\n"
        "The ferry company said it regretted the vote and would keep talking to the crews.\n"
    )
    assert clean_text(text, PHRASES).title is None


def test_the_standfirst_under_the_headline_is_the_description() -> None:
    """Issue 11: the standfirst is the article's (its `description`), not navigation."""
    result = clean_text(FERRY_PAGE, PHRASES)
    standfirst = "Crews on the island ferries will walk out for two days next month."
    assert result.description == standfirst
    assert {"text": standfirst, "reason": "description"} in result.removed
    spanish = (
        "Inicio\nSociedad\n"
        "Varnesk abrirá una biblioteca en la antigua estación de tren\n"
        "El edificio, cerrado desde hace diez años, tendrá sala infantil y un archivo local.\n"
        "Por Ana Ruiz\n"
        "El ayuntamiento de Varnesk aprobó el martes el proyecto para convertir la antigua "
        "estación de tren en una biblioteca pública, que abrirá sus puertas el próximo otoño.\n"
        "Las obras costarán dos millones de euros y comenzarán en enero, según el alcalde.\n"
    )
    found = clean_text(spanish, PHRASES)
    assert found.title == "Varnesk abrirá una biblioteca en la antigua estación de tren"
    assert found.description == (
        "El edificio, cerrado desde hace diez años, tendrá sala infantil y un archivo local."
    )
    assert found.authors == ("Ana Ruiz",)


@pytest.mark.parametrize(
    "teaser",
    [
        "The company said its boats would keep running on the other routes, ‘We are ready’",
        "Island news | Crews on the island ferries will walk out for two days next month.",
    ],
)
def test_a_teaser_between_headline_and_article_is_no_description(teaser: str) -> None:
    """Prose that does not end as a sentence, or a line of links, is left as an aside."""
    text = FERRY_PAGE.replace(
        "Crews on the island ferries will walk out for two days next month.\n", f"{teaser}\n"
    )
    result = clean_text(text, PHRASES)
    assert result.description is None
    assert {"text": teaser, "reason": "aside"} in result.removed


# Thai writes no spaces between words, only between phrases and sentences, and ends a
# sentence without a stop: its paragraphs are long lines of few space-separated "words".
THAI = """เรือเฟอร์รี่ชนเรือสินค้าใกล้ท่าเรือวัลโมรา

หน่วยยามฝั่งระบุว่า เรือเฟอร์รี่ออโรราชนกับเรือสินค้าเมอริเดียนสตาร์ เมื่อเช้าวันอังคาร \
ห่างจากท่าเรือวัลโมราประมาณสองไมล์ ผู้โดยสารทั้ง 214 คนได้รับการช่วยเหลือขึ้นฝั่งภายในสามชั่วโมง

กัปตันอิลเซ มาเรนด์ หัวหน้าหน่วยยามฝั่งวัลโมรา กล่าวว่า มีผู้บาดเจ็บเล็กน้อย 11 คน ไม่มีผู้สูญหาย
"""


def test_thai_paragraphs_are_body_text() -> None:
    result = clean_text(THAI, PHRASES)
    assert result.title == "เรือเฟอร์รี่ชนเรือสินค้าใกล้ท่าเรือวัลโมรา"
    assert result.paragraphs == tuple(p.strip() for p in THAI.split("\n\n")[1:])


# Hindi ends its sentences with a danda ("।"), not a period.
HINDI = """वालमोरा के पास यात्री नौका मालवाहक जहाज़ से टकराई

तटरक्षक बल ने बताया कि यात्री नौका ऑरोरा मंगलवार सुबह वालमोरा बंदरगाह से दो मील दूर मालवाहक जहाज़ \
मेरिडियन स्टार से टकरा गई। सभी 214 यात्रियों को तीन घंटे के भीतर सुरक्षित किनारे पर लाया गया।

कप्तान इल्से मारेंड ने कहा कि ग्यारह लोगों का मामूली चोटों के लिए अस्पताल में इलाज किया गया।
"""


def test_a_paragraph_ending_with_a_danda_is_a_sentence() -> None:
    result = clean_text(HINDI, PHRASES)
    assert result.title == "वालमोरा के पास यात्री नौका मालवाहक जहाज़ से टकराई"
    assert result.paragraphs == tuple(p.strip() for p in HINDI.split("\n\n")[1:])


def test_a_hindi_headline_is_found_by_its_words_echoing_the_article() -> None:
    # Hindi's vowel signs are combining marks inside its words: read whole, the headline's
    # words echo the first paragraph's; cut at the marks, they did not, and the teaser
    # nearer the body ("watch the latest videos and subscribe to our channel") was taken
    page = "\n".join(
        [
            "समाचार पोर्टल",
            "पुणे में भारी बारिश से मुठा नदी उफान पर",
            "ताज़ा वीडियो देखें और हमारे चैनल को सब्सक्राइब करें",
            "पुणे जिले में लगातार तीसरे दिन भारी बारिश के बाद मुठा नदी खतरे के निशान से ऊपर बह रही "
            "है। जिला प्रशासन ने बताया कि निचले इलाकों से चार हजार लोगों को राहत शिविरों में "
            "पहुंचाया गया।",
            "जिलाधिकारी सुनीता देशमुख ने कहा कि भारी बारिश के कारण स्कूल दो दिन बंद रहेंगे। मौसम "
            "विभाग ने अगले दो दिनों के लिए भारी बारिश की चेतावनी दी है।",
        ]
    )
    result = clean_text(page, PHRASES)
    assert result.title == "पुणे में भारी बारिश से मुठा नदी उफान पर"
    assert len(result.paragraphs) == 2
    assert {"text": "ताज़ा वीडियो देखें और हमारे चैनल को सब्सक्राइब करें", "reason": "navigation"} in (
        result.removed
    )


# --- DateReader: the day a date line gives -------------------------------------------------

READ_DATES = [
    ("Published 4 March 2026", "2026-03-04"),
    ("Veröffentlicht am 12.03.2026, 09:30 Uhr", "2026-03-12"),
    ("Publicado el 5 de marzo de 2026", "2026-03-05"),
    ("12 марта 2026, 11:20", "2026-03-12"),
    # more than a date on the line: a time, a zone, an update, a second date
    ("14 May 2026 Last updated at 09:20 GMT", "2026-05-14"),
    ("POSTED: 0920 GMT (1720 HKT), May 14, 2026", "2026-05-14"),
    ("Thursday, May 14, 2026 | Updated 4:10 PM EDT", "2026-05-14"),
    ("on May 14 2026, 9:20a", "2026-05-14"),
    ("Posted: 05/14/2026 9:20 am Updated: 05/15/2026 7:02 am", "2026-05-14"),
    ("Aktualisiert: 04.05.2026 09:20 Uhr, erstellt am 03.05.2026", "2026-05-04"),
    # a two-digit year
    ("05/14/26 09:20 AM ET", "2026-05-14"),
    ("First Posted: 05/14/26 09:20 AM ET Updated: 05/15/26 07:02 AM ET", "2026-05-14"),
    ("14.05.26, 09:20", "2026-05-14"),
    # dated by the clock: the other date on the line is not the day it was posted
    ("Posted 3 days ago [seen on 2 June 2026]", None),
]


@pytest.mark.parametrize(("line", "day"), READ_DATES, ids=[line for line, _ in READ_DATES])
def test_the_day_a_date_line_gives(line: str, day: str | None) -> None:
    assert DateReader(_SETTINGS.language.languages)(line) == day


def test_a_date_line_with_an_update_time_gives_the_published_day() -> None:
    text = (
        "14 May 2026 Last updated at 09:20 GMT\n"
        "Harbour ferry timetable changes from June\n"
        "The harbour ferry company said on Thursday that boats will leave every forty minutes "
        "from the first of June, instead of every hour.\n"
        "The change follows a year in which passenger numbers grew by a fifth, it said.\n"
    )
    found = clean_text(text, PHRASES)
    assert found.title == "Harbour ferry timetable changes from June"
    assert found.date_line == "14 May 2026 Last updated at 09:20 GMT"
    assert DateReader(_SETTINGS.language.languages)(found.date_line) == "2026-05-14"
