"""Articles for the stories tests, written for them (the events, places and people are made up).

EVENT: the ferry Aurora and a cargo ship collide off Valmora; REPORT is an independent report
of it (other words, the same people and places); COPY is EVENT as another outlet runs it (a
new headline, a dateline, the last paragraph cut, an editor's note); OTHER is another event of
the same kind (a ferry runs aground elsewhere, other people); GERMAN tells EVENT in German.
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
