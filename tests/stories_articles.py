"""Articles for the stories tests, written for them (the events, places and people are made up).

EVENT: the ferry Aurora and a cargo ship collide off Valmora; REPORT is an independent report
of it (other words, the same people and places); COPY is EVENT as another outlet runs it (a
new headline, a dateline, the last paragraph cut, an editor's note); OTHER is another event of
the same kind (a ferry runs aground elsewhere, other people); GERMAN tells EVENT in German;
other languages follow below.
`reports()` gives several independent reports of one new event (a dam that gave way).
"""

from __future__ import annotations

EVENT = """Ferry Aurora collides with cargo ship off Valmora

The passenger ferry Aurora collided with the cargo ship Meridian Star on Tuesday morning \
two miles off the port of Valmora, the coast guard said. All 214 passengers were brought \
ashore by lifeboats and fishing boats within three hours.

Captain Ilse Marend, who commands the Valmora coast guard station, said eleven people were \
treated in hospital for minor injuries and that nobody was missing.

The Aurora, operated by Northwind Ferries, was sailing from Valmora to the island of Tessel \
when it struck the side of the Meridian Star in thick fog. Images shared by passengers \
showed a deep gash in the ferry's bow.

Northwind Ferries suspended its Tessel service and said it would cooperate fully with the \
maritime safety board, which opened an investigation into the collision.

Harbour master Jon Edevane said the port would reopen to traffic on Wednesday once divers \
had checked the channel for debris.
"""

REPORT = """Fog blamed as Valmora ferry strikes freighter

Rescuers in lifeboats and dozens of fishing boats took 214 people off the Northwind Ferries \
vessel Aurora after it hit the freighter Meridian Star in dense fog off Valmora on Tuesday.

Coast guard captain Ilse Marend told reporters that eleven passengers suffered light \
injuries. "Everyone is accounted for," Marend said at the Valmora quay.

The maritime safety board has sent investigators to Valmora to examine the Aurora's damaged \
bow and the freighter's radar logs. Northwind Ferries halted sailings to Tessel.

Jon Edevane, the harbour master, expects the port of Valmora to reopen on Wednesday after \
divers clear the channel.
"""

_PARAGRAPHS = EVENT.split("\n\n")
# Another outlet's run of EVENT: its own headline, a dateline, the last paragraph cut, a note.
COPY = "\n\n".join(
    [
        "Eleven hurt as Aurora ferry and freighter collide | The Coastal Herald",
        "VALMORA, March 3 (Wire) - " + _PARAGRAPHS[1],
        *_PARAGRAPHS[2:-1],
        "Editor's note: an earlier version of this story gave the wrong number of passengers.",
    ]
)

OTHER = """Ferry Nordlys runs aground near Kessvik

The ferry Nordlys ran aground on a sandbank near the harbour of Kessvik late on Friday, and \
its 96 passengers spent the night on board before tugs pulled it free at high tide.

Skipper Arvid Holmstrand said the ship's steering failed as it entered the Kessvik channel. \
No one was hurt, according to the regional rescue centre.

Bayline Shipping, which runs the Nordlys, cancelled its weekend crossings to Orrholm and said \
engineers would inspect the hull in dry dock at Brenna.

Police in Kessvik said they had opened an inquiry into the grounding, as is routine.
"""

GERMAN = """Fähre Aurora kollidiert vor Valmora mit Frachter

Die Passagierfähre Aurora ist am Dienstagmorgen zwei Meilen vor dem Hafen von Valmora mit \
dem Frachtschiff Meridian Star zusammengestoßen, teilte die Küstenwache mit. Alle 214 \
Passagiere wurden binnen drei Stunden von Rettungsbooten und Fischerbooten an Land gebracht.

Kapitänin Ilse Marend, die die Küstenwache in Valmora leitet, sagte, elf Menschen seien mit \
leichten Verletzungen im Krankenhaus behandelt worden. Niemand werde vermisst.

Die Aurora der Reederei Northwind Ferries war bei dichtem Nebel von Valmora zur Insel Tessel \
unterwegs. Die Schiffssicherheitsbehörde hat eine Untersuchung eingeleitet.
"""

_DAM = (
    "The Corvan dam above the town of Lisk gave way before dawn on Sunday",
    "floodwater swept through the lower streets of Lisk",
    "mayor Petra Solvang ordered the evacuation of 3,000 residents",
    "the Corvan reservoir had risen after a week of heavy rain",
    "engineer Tobias Rennick had warned the council about cracks in the Corvan dam",
    "rescue teams in boats searched flooded houses in Lisk",
    "two people were reported missing near the old mill in Lisk",
    "the regional government sent army engineers to the Corvan valley",
    "Solvang said schools in Lisk would stay closed until Friday",
)


def reports(count: int) -> list[str]:
    """`count` independent reports of the dam failure: each its own headline, and the
    facts in its own order and words."""
    out = []
    for n in range(count):
        facts = [_DAM[(n + i) % len(_DAM)] for i in range(6)]
        lead = ("Reports say", "Officials confirmed", "Witnesses said", "It emerged that")
        body = [f"{lead[(n + i) % len(lead)]} {fact}." for i, fact in enumerate(facts)]
        out.append(f"Lisk flood update {n}: Corvan dam failure\n\n" + "\n\n".join(body) + "\n")
    return out


# An independent German report of EVENT (its own words and order), and OTHER told in German.
GERMAN_REPORT = """Nebel: Fähre rammt Frachtschiff vor Valmora

Nach dem Zusammenstoß der Fähre Aurora mit der Meridian Star im dichten Nebel vor Valmora \
haben Rettungsboote und zahlreiche Fischer am Dienstag alle 214 Menschen an Bord in \
Sicherheit gebracht.

Elf Passagiere erlitten nach Angaben von Küstenwache-Kapitänin Ilse Marend leichte \
Verletzungen. „Alle sind gefunden“, sagte Marend am Kai von Valmora.

Die Reederei Northwind Ferries stellte ihre Fahrten nach Tessel ein. Ermittler der \
Schiffssicherheitsbehörde untersuchen den beschädigten Bug der Aurora.

Hafenmeister Jon Edevane rechnet damit, dass der Hafen von Valmora am Mittwoch wieder öffnet, \
sobald Taucher die Fahrrinne geprüft haben.
"""

GERMAN_OTHER = """Fähre Nordlys vor Kessvik auf Grund gelaufen

Die Fähre Nordlys ist am späten Freitagabend vor dem Hafen von Kessvik auf eine Sandbank \
gelaufen. Die 96 Passagiere verbrachten die Nacht an Bord, bevor Schlepper das Schiff bei \
Flut freizogen.

Nach Angaben von Kapitän Arvid Holmstrand versagte die Steuerung bei der Einfahrt in den \
Kanal von Kessvik. Verletzt wurde niemand, teilte die regionale Rettungsleitstelle mit.

Die Reederei Bayline Shipping sagte die Überfahrten nach Orrholm am Wochenende ab. Der Rumpf \
soll in Brenna im Trockendock untersucht werden.
"""


# EVENT, REPORT and OTHER told in Japanese and in Chinese (written without spaces: the
# stage reads them as character pairs).
JAPANESE = """フェリー「オーロラ」、ヴァルモラ沖で貨物船と衝突

沿岸警備隊によると、旅客フェリー「オーロラ」が火曜日の朝、ヴァルモラ港の沖合約3キロで貨物船\
「メリディアン・スター」と衝突した。乗客214人は全員、3時間以内に救命艇と漁船で陸に運ばれた。

ヴァルモラの沿岸警備隊を率いるイルゼ・マレンド隊長は、11人が軽いけがで病院で手当てを受けたと\
述べた。行方不明者はいない。

ノースウインド・フェリー社の「オーロラ」は濃い霧の中、ヴァルモラからテッセル島へ向かっていた。\
海上安全当局が調査を始めた。
"""

JAPANESE_REPORT = """濃霧の中でフェリーが貨物船に衝突　ヴァルモラ沖、214人救助

ヴァルモラ沖で濃い霧の中、フェリー「オーロラ」と貨物船「メリディアン・スター」が衝突した事故で、\
救命艇と多くの漁船が火曜日、乗っていた214人全員を救助した。

マレンド隊長によると、乗客11人が軽傷を負った。マレンド隊長はヴァルモラの岸壁で「全員の無事が\
確認された」と語った。

ノースウインド・フェリー社はテッセル島への運航を取りやめた。海上安全当局の調査官が「オーロラ」の\
損傷した船首を調べている。

港湾長のヨン・エデヴァン氏は、潜水士が航路を確認し次第、ヴァルモラ港は水曜日に再開する見通しだと\
話した。
"""

JAPANESE_OTHER = """フェリー「ノルドリス」、ケスヴィク沖で座礁

フェリー「ノルドリス」が金曜日の深夜、ケスヴィク港近くの砂州に乗り上げた。乗客96人は船内で一夜を\
過ごし、満潮時にタグボートが船を引き出した。

アルヴィド・ホルムストランド船長によると、ケスヴィク水道に入る際に操舵装置が故障した。地域の\
救難センターによると、けが人はいない。

運航するベイライン海運は、週末のオルホルム行きの便を欠航とし、ブレンナの乾ドックで船体を点検すると\
発表した。
"""

CHINESE = """“奥罗拉”号渡轮在瓦尔莫拉附近与货轮相撞

海岸警卫队称，客运渡轮“奥罗拉”号周二早上在距瓦尔莫拉港约两海里处与货轮“子午之星”号相撞。船上\
214名乘客在三小时内全部由救生艇和渔船送上岸。

负责瓦尔莫拉海岸警卫队的伊尔莎·马伦德队长说，11人受轻伤，在医院接受了治疗，无人失踪。

北风渡轮公司的“奥罗拉”号当时在浓雾中从瓦尔莫拉驶往泰瑟尔岛。海事安全局已展开调查。
"""

CHINESE_REPORT = """浓雾中渡轮撞上货轮　瓦尔莫拉外海214人获救

渡轮“奥罗拉”号与货轮“子午之星”号在瓦尔莫拉外海的浓雾中相撞后，救生艇和众多渔民周二把船上214人\
全部救到安全地带。

据马伦德队长介绍，11名乘客受了轻伤。马伦德在瓦尔莫拉码头说：“所有人都找到了。”

北风渡轮公司已停开前往泰瑟尔岛的航班。海事安全局的调查人员正在检查“奥罗拉”号受损的船头。

港务长约恩·埃德万说，潜水员检查航道后，瓦尔莫拉港预计周三重新开放。
"""

CHINESE_OTHER = """“诺德利斯”号渡轮在凯斯维克附近搁浅

渡轮“诺德利斯”号周五深夜在凯斯维克港附近的沙洲搁浅，96名乘客在船上过了一夜，涨潮时拖船把船拉了\
出来。

船长阿尔维德·霍尔姆斯特兰德说，船在驶入凯斯维克水道时舵机失灵。地区救援中心称无人受伤。

运营该船的贝莱恩航运公司取消了周末前往奥尔霍尔姆的航班，并表示将在布伦纳的干船坞检查船体。
"""


# EVENT, REPORT and OTHER told in Russian, Polish and Turkish, languages that inflect much: the
# report names the port, the ship and the people in other forms ("Вальморы", "Вальморой";
# "Valmorze", "Valmorą"; "Valmora'da"), which the stage compares by their stems.

RUSSIAN = """Паром «Аврора» столкнулся с сухогрузом у берегов Вальморы

Пассажирский паром «Аврора» во вторник утром столкнулся с сухогрузом «Меридиан Стар» в двух \
милях от порта Вальморы, сообщила береговая охрана. Все 214 пассажиров за три часа доставили на \
берег спасательные катера и рыбацкие лодки.

Капитан Ильза Маренд, возглавляющая береговую охрану Вальморы, сообщила, что одиннадцать \
человек получили в больнице помощь с лёгкими травмами. Пропавших без вести нет.

«Аврора» компании Northwind Ferries шла в густом тумане из Вальморы на остров Тессел. \
Управление морской безопасности начало расследование.
"""

RUSSIAN_REPORT = """Туман: паром протаранил грузовое судно под Вальморой

После столкновения парома «Аврора» с грузовым судном «Меридиан Стар» в густом тумане у Вальморы \
спасатели и рыбаки во вторник эвакуировали всех 214 человек, находившихся на борту.

По словам капитана береговой охраны Ильзы Маренд, одиннадцать пассажиров получили лёгкие \
травмы. «Все найдены», — сказала Маренд на причале в Вальморе.

Компания Northwind Ferries приостановила рейсы на Тессел. Следователи управления морской \
безопасности осматривают повреждённый нос «Авроры».

Начальник порта Йон Эдевейн рассчитывает, что порт Вальморы откроется в среду, когда водолазы \
проверят фарватер.
"""

RUSSIAN_OTHER = """Паром «Нордлис» сел на мель у Кессвика

Паром «Нордлис» поздно вечером в пятницу сел на песчаную отмель у входа в порт Кессвика. 96 \
пассажиров провели ночь на борту, пока буксиры во время прилива не сняли судно с мели.

По словам капитана Арвида Холмстранда, при входе в канал Кессвика отказало рулевое управление. \
Никто не пострадал, сообщил региональный спасательный центр.

Компания Bayline Shipping отменила рейсы на Оррхольм на выходные. Корпус судна осмотрят в сухом \
доке в Бренне.
"""

POLISH = """Prom Aurora zderzył się z frachtowcem u wybrzeży Valmory

Prom pasażerski Aurora zderzył się we wtorek rano z frachtowcem Meridian Star dwie mile od \
portu w Valmorze, poinformowała straż przybrzeżna. Wszystkich 214 pasażerów w ciągu trzech \
godzin przewieziono na ląd łodziami ratunkowymi i kutrami rybackimi.

Kapitan Ilse Marend, która kieruje strażą przybrzeżną w Valmorze, powiedziała, że jedenaście \
osób z lekkimi obrażeniami trafiło do szpitala. Nikt nie jest zaginiony.

Aurora armatora Northwind Ferries płynęła we mgle z Valmory na wyspę Tessel. Urząd \
Bezpieczeństwa Morskiego wszczął dochodzenie.
"""

POLISH_REPORT = """Mgła: prom staranował statek towarowy pod Valmorą

Po zderzeniu promu Aurora ze statkiem Meridian Star w gęstej mgle pod Valmorą ratownicy i \
rybacy we wtorek ewakuowali wszystkich 214 ludzi z pokładu.

Według kapitan straży przybrzeżnej Ilse Marend jedenastu pasażerów odniosło lekkie obrażenia. \
„Wszyscy zostali odnalezieni”, powiedziała Marend na nabrzeżu w Valmorze.

Armator Northwind Ferries wstrzymał rejsy na Tessel. Śledczy urzędu bezpieczeństwa morskiego \
oglądają uszkodzony dziób Aurory.

Kapitanat portu spodziewa się, że port w Valmorze zostanie otwarty w środę, gdy nurkowie \
sprawdzą tor wodny.
"""

POLISH_OTHER = """Prom Nordlys osiadł na mieliźnie przed Kessvikiem

Prom Nordlys w piątek późnym wieczorem wszedł na mieliznę przed portem w Kessviku. 96 pasażerów \
spędziło noc na pokładzie, zanim holowniki ściągnęły statek podczas przypływu.

Według kapitana Arvida Holmstranda przy wejściu do kanału Kessviku zawiódł układ sterowania. \
Nikt nie został ranny, poinformowało regionalne centrum ratownictwa.

Armator Bayline Shipping odwołał weekendowe rejsy na Orrholm. Kadłub zostanie zbadany w suchym \
doku w Brennie.
"""

TURKISH = """Aurora feribotu Valmora açıklarında yük gemisiyle çarpıştı

Aurora yolcu feribotu salı sabahı Valmora limanının iki mil açığında Meridian Star yük \
gemisiyle çarpıştı, sahil güvenlik açıkladı. 214 yolcunun tamamı üç saat içinde kurtarma \
botları ve balıkçı tekneleriyle karaya çıkarıldı.

Valmora sahil güvenlik komutanı Kaptan Ilse Marend, on bir kişinin hafif yaralarla hastanede \
tedavi edildiğini söyledi. Kayıp kimse yok.

Northwind Ferries şirketine ait Aurora, yoğun siste Valmora'dan Tessel adasına gidiyordu. \
Denizcilik güvenlik kurumu soruşturma başlattı.
"""

TURKISH_REPORT = """Sis nedeniyle feribot Valmora'da yük gemisine çarptı

Aurora feribotunun yoğun siste Meridian Star gemisine çarpmasının ardından kurtarma ekipleri ve \
balıkçılar salı günü gemideki 214 kişinin hepsini tahliye etti.

Sahil güvenlik kaptanı Ilse Marend'e göre on bir yolcu hafif yaralandı. Marend, Valmora \
rıhtımında "Herkes bulundu" dedi.

Northwind Ferries, Tessel seferlerini durdurdu. Denizcilik güvenlik kurumunun müfettişleri \
Aurora'nın hasarlı pruvasını inceliyor.

Liman başkanı Jon Edevane, dalgıçlar kanalı kontrol ettikten sonra Valmora limanının çarşamba \
günü yeniden açılmasını bekliyor.
"""

TURKISH_OTHER = """Nordlys feribotu Kessvik açıklarında karaya oturdu

Nordlys feribotu cuma gecesi geç saatte Kessvik limanının girişinde bir kum yığınına oturdu. 96 \
yolcu, römorkörler gemiyi gelgitte kurtarana kadar geceyi gemide geçirdi.

Kaptan Arvid Holmstrand'a göre Kessvik kanalına girerken dümen sistemi arızalandı. Yaralanan \
olmadı, bölgesel kurtarma merkezi açıkladı.

Bayline Shipping şirketi hafta sonu Orrholm seferlerini iptal etti. Geminin gövdesi Brenna'da \
kuru havuzda incelenecek.
"""


# EVENT, REPORT and OTHER told in Thai, written without spaces between words (spaces part
# phrases and sentences): the stage cuts it into words with PyThaiNLP's dictionary. The made-up
# names ("วัลโมรา", "มาเรนด์") are in no dictionary.
THAI = """เรือข้ามฟาก "ออโรรา" ชนเรือสินค้านอกชายฝั่งวัลโมรา

หน่วยยามฝั่งเปิดเผยว่า เรือข้ามฟากโดยสาร "ออโรรา" ชนกับเรือสินค้า "เมริเดียนสตาร์" เมื่อเช้าวันอังคาร \
ห่างจากท่าเรือวัลโมราราว 3 กิโลเมตร ผู้โดยสารทั้ง 214 คนถูกนำขึ้นฝั่งด้วยเรือชูชีพและเรือประมงภายใน\
สามชั่วโมง

ผู้บังคับการอิลเซ มาเรนด์ หัวหน้าหน่วยยามฝั่งวัลโมรา กล่าวว่า มีผู้บาดเจ็บเล็กน้อย 11 คน ได้รับการรักษา\
ที่โรงพยาบาลแล้ว และไม่มีผู้สูญหาย

เรือ "ออโรรา" ของบริษัทนอร์ทวินด์เฟอร์รีส์ กำลังแล่นจากวัลโมราไปยังเกาะเทสเซลท่ามกลางหมอกหนา \
หน่วยงานความปลอดภัยทางทะเลได้เริ่มการสอบสวนแล้ว
"""

THAI_REPORT = """หมอกหนาทำเรือข้ามฟากชนเรือสินค้า ช่วยผู้โดยสาร 214 คนนอกวัลโมรา

เรือชูชีพและเรือประมงจำนวนมากช่วยผู้โดยสารทั้ง 214 คนขึ้นฝั่งได้อย่างปลอดภัยเมื่อวันอังคาร หลังเรือข้ามฟาก \
"ออโรรา" ชนกับเรือสินค้า "เมริเดียนสตาร์" ท่ามกลางหมอกหนาทึบนอกชายฝั่งวัลโมรา

ผู้บังคับการมาเรนด์ระบุว่า ผู้โดยสาร 11 คนได้รับบาดเจ็บเล็กน้อย "เราพบทุกคนแล้ว" มาเรนด์กล่าวที่\
ท่าเรือวัลโมรา

บริษัทนอร์ทวินด์เฟอร์รีส์ยกเลิกเที่ยวเรือไปเกาะเทสเซล ขณะที่เจ้าหน้าที่สอบสวนด้านความปลอดภัยทางทะเล\
กำลังตรวจสอบหัวเรือที่เสียหายของ "ออโรรา"

ยอน เอเดวาน นายท่าเรือ กล่าวว่า ท่าเรือวัลโมราคาดว่าจะเปิดอีกครั้งในวันพุธ หลังนักประดาน้ำตรวจ\
ร่องน้ำเสร็จ
"""

_THAI_PARAGRAPHS = THAI.split("\n\n")
# Another outlet's run of THAI: its own headline, a dateline, the last paragraph cut, a note.
THAI_COPY = "\n\n".join(
    [
        "ผู้โดยสาร 11 คนบาดเจ็บ เรือข้ามฟากชนเรือสินค้ากลางหมอก | ข่าวชายฝั่งรายวัน",
        "วัลโมรา 3 มี.ค. (สำนักข่าวทะเล) - " + _THAI_PARAGRAPHS[1],
        *_THAI_PARAGRAPHS[2:-1],
        "หมายเหตุบรรณาธิการ: ข่าวฉบับก่อนหน้านี้ระบุจำนวนผู้โดยสารไม่ถูกต้อง",
    ]
)

THAI_OTHER = """เรือข้ามฟาก "นอร์ดลีส" เกยตื้นใกล้เคสวิก

เรือข้ามฟาก "นอร์ดลีส" เกยสันดอนทรายใกล้ท่าเรือเคสวิกเมื่อคืนวันศุกร์ ผู้โดยสาร 96 คนต้องค้างคืนบนเรือ \
ก่อนที่เรือลากจูงจะดึงเรือออกมาได้ขณะน้ำขึ้น

กัปตันอาร์วิด โฮล์มสตรันด์ กล่าวว่า ระบบบังคับเลี้ยวขัดข้องขณะเรือแล่นเข้าร่องน้ำเคสวิก \
ศูนย์กู้ภัยประจำภูมิภาคระบุว่าไม่มีผู้ได้รับบาดเจ็บ

บริษัทเบย์ไลน์ชิปปิงซึ่งเป็นผู้ให้บริการ ยกเลิกเที่ยวเรือไปออลโฮล์มในสุดสัปดาห์ และจะตรวจสอบตัวเรือ\
ที่อู่แห้งในเบรนนา
"""

# EVENT, REPORT and OTHER told in Hindi: its vowel signs are combining marks, inside words.
HINDI = """वालमोरा के पास फेरी ऑरोरा मालवाहक जहाज से टकराई

तटरक्षक बल के अनुसार यात्री फेरी ऑरोरा मंगलवार सुबह वालमोरा बंदरगाह से करीब तीन किलोमीटर दूर \
मालवाहक जहाज मेरिडियन स्टार से टकरा गई। सभी 214 यात्रियों को तीन घंटे के भीतर जीवनरक्षक नौकाओं \
और मछली पकड़ने वाली नावों से किनारे पहुंचाया गया।

वालमोरा तटरक्षक बल की प्रमुख कैप्टन इल्से मारेंड ने बताया कि 11 लोगों को मामूली चोटों के लिए \
अस्पताल में इलाज मिला। कोई लापता नहीं है।

नॉर्थविंड फेरीज़ की ऑरोरा घने कोहरे में वालमोरा से टेसल द्वीप जा रही थी। समुद्री सुरक्षा प्राधिकरण \
ने जांच शुरू कर दी है।
"""

HINDI_REPORT = """घने कोहरे में फेरी और मालवाहक जहाज की टक्कर, वालमोरा के पास 214 लोग बचाए गए

वालमोरा के समुद्र में घने कोहरे के बीच फेरी ऑरोरा और मालवाहक जहाज मेरिडियन स्टार की टक्कर के बाद \
जीवनरक्षक नौकाओं और कई मछुआरों ने मंगलवार को सवार सभी 214 लोगों को सुरक्षित निकाल लिया।

कैप्टन मारेंड के मुताबिक 11 यात्रियों को हल्की चोटें आईं। मारेंड ने वालमोरा के घाट पर कहा, \
"हमने सभी को ढूंढ लिया है।"

नॉर्थविंड फेरीज़ ने टेसल द्वीप की सेवा रोक दी है। समुद्री सुरक्षा प्राधिकरण के जांचकर्ता ऑरोरा के \
क्षतिग्रस्त अगले हिस्से की जांच कर रहे हैं।

बंदरगाह मास्टर योन एडेवान ने कहा कि गोताखोरों द्वारा जलमार्ग की जांच के बाद वालमोरा बंदरगाह \
बुधवार को फिर खुलने की उम्मीद है।
"""

HINDI_OTHER = """फेरी नॉर्डलिस केसविक के पास रेत में फंसी

फेरी नॉर्डलिस शुक्रवार देर रात केसविक बंदरगाह के पास रेत के टीले पर फंस गई। 96 यात्रियों ने रात \
जहाज पर ही बिताई और ज्वार आने पर टगबोटों ने जहाज को बाहर खींचा।

कप्तान आर्विड होल्मस्ट्रांड के अनुसार केसविक चैनल में प्रवेश करते समय स्टीयरिंग प्रणाली खराब हो \
गई। क्षेत्रीय बचाव केंद्र ने बताया कि कोई घायल नहीं हुआ।

संचालक बेलाइन शिपिंग ने सप्ताहांत की ओरहोम सेवाएं रद्द कर दीं और कहा कि जहाज के ढांचे की जांच \
ब्रेना की सूखी गोदी में की जाएगी।
"""

# EVENT, REPORT and OTHER told in Korean: words are spaced, but particles and endings are
# written onto them ("발모라항에서", at the port of Valmora), and quoted names onto their
# nouns ("'오로라'호가").
KOREAN = """여객선 '오로라'호, 발모라 앞바다서 화물선과 충돌

해안경비대에 따르면 여객선 '오로라'호가 화요일 아침 발모라항에서 약 3킬로미터 떨어진 해상에서 \
화물선 '메리디안 스타'호와 충돌했다. 승객 214명은 모두 세 시간 안에 구명정과 어선에 의해 육지로 \
옮겨졌다.

발모라 해안경비대를 지휘하는 일제 마렌드 대장은 11명이 가벼운 부상으로 병원에서 치료를 받았으며 \
실종자는 없다고 말했다.

노스윈드 페리스가 운항하는 '오로라'호는 짙은 안개 속에서 발모라를 떠나 테셀섬으로 향하던 중이었다. \
해양안전위원회는 충돌 원인에 대한 조사에 착수했다.
"""

KOREAN_REPORT = """짙은 안개 속 여객선·화물선 충돌… 발모라 인근 해상서 214명 구조

화요일 발모라 인근 해상에서 짙은 안개 속에 여객선 '오로라'호가 화물선 '메리디안 스타'호를 \
들이받았으나 승객 214명 전원이 구조됐다. 구명정과 어선 수십 척이 구조 작업에 나섰다.

마렌드 대장은 "모든 승객의 안전을 확인했다"며 부상자 11명은 경상이라고 밝혔다.

노스윈드 페리스는 테셀섬 노선 운항을 중단했고, 해양안전 당국은 '오로라'호 선수의 파손 부위를 \
조사하고 있다. 에데바네 항만장은 잠수부들이 항로 점검을 마치면 수요일에 발모라항이 다시 문을 열 \
것이라고 말했다.
"""

KOREAN_OTHER = """여객선 '노르들리스'호, 케스비크 인근서 좌초

여객선 '노르들리스'호가 금요일 밤 케스비크항 인근 모래톱에 좌초해 승객 96명이 배 안에서 밤을 \
보냈다. 예인선들이 밀물 때 배를 끌어냈다.

아르비드 홀름스트란드 선장은 케스비크 수로에 진입하던 중 조타 장치가 고장 났다고 말했다. 지역 \
구조센터는 부상자가 없다고 밝혔다.

운항사인 베이라인 시핑은 주말 올홀름 노선 운항을 취소했으며 브렌나의 건선거에서 선체를 점검할 \
예정이다.
"""

# EVENT, REPORT and OTHER told in Vietnamese: words of one or more syllables, each syllable
# spaced, many of two letters ("va chạm", collide).
VIETNAMESE = """Phà Aurora va chạm với tàu chở hàng ngoài khơi Valmora

Theo lực lượng bảo vệ bờ biển, phà chở khách Aurora đã va chạm với tàu chở hàng Meridian Star \
vào sáng thứ Ba, cách cảng Valmora khoảng ba km. Toàn bộ 214 hành khách đã được xuồng cứu sinh và \
tàu cá đưa vào bờ trong vòng ba giờ.

Đại úy Ilse Marend, chỉ huy trạm bảo vệ bờ biển Valmora, cho biết 11 người bị thương nhẹ đã được \
điều trị tại bệnh viện và không có ai mất tích.

Phà Aurora của hãng Northwind Ferries đang đi từ Valmora đến đảo Tessel trong sương mù dày đặc. \
Cơ quan an toàn hàng hải đã mở cuộc điều tra về vụ va chạm.
"""

VIETNAMESE_REPORT = """Sương mù dày khiến phà đâm tàu hàng, 214 người được cứu gần Valmora

Hàng chục xuồng cứu sinh và tàu cá đã đưa tất cả 214 hành khách lên bờ an toàn hôm thứ Ba, sau khi \
phà Aurora đâm vào tàu hàng Meridian Star giữa màn sương mù dày đặc ngoài khơi Valmora.

"Chúng tôi đã tìm thấy tất cả mọi người", chỉ huy Marend nói tại cảng Valmora. Bà cho biết 11 hành \
khách bị thương nhẹ.

Hãng Northwind Ferries đã tạm ngừng tuyến đi đảo Tessel, trong khi các nhà điều tra an toàn hàng \
hải kiểm tra phần mũi phà bị hư hại. Trưởng cảng Jon Edevane cho biết cảng sẽ mở cửa trở lại vào \
thứ Tư sau khi thợ lặn kiểm tra luồng tàu.
"""

VIETNAMESE_OTHER = """Phà Nordlys mắc cạn gần Kessvik

Phà Nordlys đã mắc cạn trên một bãi cát gần cảng Kessvik vào tối thứ Sáu, khiến 96 hành khách phải \
ngủ qua đêm trên tàu trước khi tàu kéo đưa phà ra lúc thủy triều lên.

Thuyền trưởng Arvid Holmstrand cho biết hệ thống lái bị hỏng khi phà đi vào luồng Kessvik. Trung \
tâm cứu hộ khu vực cho biết không ai bị thương.

Hãng vận hành Bayline Shipping đã hủy các chuyến đi Ålholm vào cuối tuần và sẽ kiểm tra thân tàu \
tại ụ khô ở Brenna.
"""

# Another Russian telling of a collision off Valmora and a report of it that writes nearly every
# name and word in another form than the first: only their stems meet.
RUSSIAN_FORMS = """Паром «Аврора» столкнулся с грузовым судном у берегов Вальморы

Пассажирский паром «Аврора» во вторник вечером столкнулся с грузовым судном «Кестрел» в густом \
тумане у побережья Вальморы, сообщила береговая охрана.

На борту парома находились 214 пассажиров и 31 член экипажа. Все они были эвакуированы \
спасательными катерами, шесть человек доставлены в больницу Вальморы с лёгкими травмами.

По словам капитана порта Ирины Соколовой, паром следовал из Вальморы в Трегаст, когда в его \
правый борт врезалось грузовое судно. «Видимость была меньше ста метров», — сказала Соколова.

Транспортная прокуратура возбудила уголовное дело о нарушении правил безопасности движения. \
Движение паромов между Вальморой и Трегастом приостановлено до пятницы.
"""

RUSSIAN_FORMS_REPORT = """Туман стал причиной столкновения парома и сухогруза под Вальморой

Спасатели эвакуировали 214 пассажиров с парома «Аврора», который протаранил сухогруз «Кестрел» \
недалеко от Вальморы. Шестеро пострадавших находятся в больнице.

Капитан порта Ирина Соколова заявила журналистам, что из-за тумана видимость не превышала ста \
метров. Экипаж сухогруза задержан для допроса.

Паромное сообщение с Трегастом будет закрыто как минимум до пятницы, пока следователи \
осматривают повреждённый паром. Против капитана сухогруза возбуждено уголовное дело.
"""
