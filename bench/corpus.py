"""Generate realistic German and English news wire articles (for benchmarks and tests).

The articles follow SPEC §1 and read like the agency copy the extractor is built for: a
dated header with agencies, a headline, a lead with a promise or decision, direct
quotes with a speech verb, German reported speech in Konjunktiv I, conditions
("für den Fall eines Waffenstillstands", "once a ceasefire is in place"), subheadings,
attacks, sanctions, meetings, demands and criticism, with real office holders, states
and organisations. Every article is unique (its wire reference number is), the output
is fully determined by the seed, and about 65% of the articles are German.

    .venv/bin/python bench/corpus.py OUT --articles 20000 --layout jsonl
    .venv/bin/python bench/corpus.py OUT --articles 500 --layout wire

Library use: ``records(n, seed)`` yields SPEC §1 dicts; ``wire_text(record)`` renders
one as a wire file; ``write_jsonl``, ``write_wire_dir`` and ``write_corpus`` write them.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Person:
    name: str
    short: str
    role: str  # role noun placed before the name ("Bundeskanzler")
    state: str  # the state or organisation they speak for, as subject
    party: str = ""  # "der SPD-Politiker" style anaphor (German) / "the minister"


DE_PEOPLE = [
    Person("Friedrich Merz", "Merz", "Bundeskanzler", "Deutschland", "der CDU-Vorsitzende"),
    Person(
        "Boris Pistorius", "Pistorius", "Verteidigungsminister", "Deutschland", "der SPD-Politiker"
    ),
    Person("Johann Wadephul", "Wadephul", "Außenminister", "Deutschland", "der CDU-Politiker"),
    Person("Lars Klingbeil", "Klingbeil", "Finanzminister", "Deutschland", "der Vizekanzler"),
    Person(
        "Emmanuel Macron", "Macron", "der französische Präsident", "Frankreich", "der Präsident"
    ),
    Person(
        "Keir Starmer", "Starmer", "der britische Premierminister", "Großbritannien", "der Premier"
    ),
    Person(
        "John Healey",
        "Healey",
        "der britische Verteidigungsminister",
        "Großbritannien",
        "der Minister",
    ),
    Person(
        "Wolodymyr Selenskyj",
        "Selenskyj",
        "der ukrainische Präsident",
        "die Ukraine",
        "der Staatschef",
    ),
    Person(
        "Andrij Sybiha", "Sybiha", "der ukrainische Außenminister", "die Ukraine", "der Minister"
    ),
    Person("Dmitri Peskow", "Peskow", "Kremlsprecher", "Russland", "der Sprecher"),
    Person("Sergej Lawrow", "Lawrow", "der russische Außenminister", "Russland", "der Minister"),
    Person("Mark Rutte", "Rutte", "Nato-Generalsekretär", "die Nato", "der Niederländer"),
    Person(
        "Ursula von der Leyen",
        "von der Leyen",
        "EU-Kommissionspräsidentin",
        "die EU",
        "die Kommissionschefin",
    ),
    Person("Marco Rubio", "Rubio", "US-Außenminister", "die USA", "der Minister"),
    Person(
        "Giorgia Meloni",
        "Meloni",
        "die italienische Ministerpräsidentin",
        "Italien",
        "die Regierungschefin",
    ),
    Person("Karol Nawrocki", "Nawrocki", "der polnische Präsident", "Polen", "der Präsident"),
]
EN_PEOPLE = [
    Person("Friedrich Merz", "Merz", "German Chancellor", "Germany", "the chancellor"),
    Person("Boris Pistorius", "Pistorius", "German Defence Minister", "Germany", "the minister"),
    Person("Emmanuel Macron", "Macron", "French President", "France", "the president"),
    Person("Keir Starmer", "Starmer", "British Prime Minister", "Britain", "the prime minister"),
    Person("John Healey", "Healey", "British Defence Secretary", "Britain", "the minister"),
    Person("Volodymyr Zelenskiy", "Zelenskiy", "Ukrainian President", "Ukraine", "the president"),
    Person("Andrii Sybiha", "Sybiha", "Ukrainian Foreign Minister", "Ukraine", "the minister"),
    Person("Dmitry Peskov", "Peskov", "Kremlin spokesman", "Russia", "the spokesman"),
    Person("Sergei Lavrov", "Lavrov", "Russian Foreign Minister", "Russia", "the minister"),
    Person("Mark Rutte", "Rutte", "NATO Secretary General", "NATO", "the secretary general"),
    Person("Ursula von der Leyen", "von der Leyen", "Commission President", "the EU", "she"),
    Person("Marco Rubio", "Rubio", "U.S. Secretary of State", "the United States", "the secretary"),
    Person("Giorgia Meloni", "Meloni", "Italian Prime Minister", "Italy", "the prime minister"),
    Person("Viktor Orban", "Orban", "Hungarian Prime Minister", "Hungary", "the prime minister"),
]
DE_GIVERS = [
    "Deutschland",
    "Frankreich",
    "Großbritannien",
    "Polen",
    "Schweden",
    "Dänemark",
    "die Niederlande",
    "Italien",
    "Norwegen",
    "Kanada",
    "die USA",
    "die EU",
]
EN_GIVERS = [
    "Germany",
    "France",
    "Britain",
    "Poland",
    "Sweden",
    "Denmark",
    "the Netherlands",
    "Italy",
    "Norway",
    "Canada",
    "the United States",
    "the European Union",
]
DE_CITIES = [
    "Brüssel",
    "Berlin",
    "Paris",
    "London",
    "Warschau",
    "Rom",
    "Den Haag",
    "Genf",
    "München",
    "Kiew",
    "Helsinki",
    "Wien",
]
EN_CITIES = [
    "Brussels",
    "Berlin",
    "Paris",
    "London",
    "Warsaw",
    "Rome",
    "The Hague",
    "Geneva",
    "Munich",
    "Kyiv",
    "Helsinki",
    "Vienna",
]
DE_TARGETS = ["Charkiw", "Odessa", "Saporischschja", "Dnipro", "Sumy", "Cherson", "Lwiw"]
EN_TARGETS = ["Kharkiv", "Odesa", "Zaporizhzhia", "Dnipro", "Sumy", "Kherson", "Lviv"]
DE_AID = [
    "weitere Militärhilfe in Milliardenhöhe",
    "zusätzliche Flugabwehrsysteme",
    "humanitäre Hilfe im Umfang von {n} Millionen Euro",
    "Artilleriemunition",
    "finanzielle Unterstützung für den Wiederaufbau",
    "Kampfpanzer vom Typ Leopard",
]
EN_AID = [
    "further military aid worth billions",
    "additional air defence systems",
    "humanitarian aid worth {n} million euros",
    "artillery ammunition",
    "financial support for reconstruction",
    "Leopard battle tanks",
]
DE_CONDITIONS = [
    "allerdings nur für den Fall eines dauerhaften Waffenstillstands",
    "sobald die Bedingungen dafür geklärt seien",
    "wenn der Bundestag zustimmt",
    "nach einem Ende der Kämpfe",
]
EN_CONDITIONS = [
    "but only once a lasting ceasefire is in place",
    "if parliament approves",
    "after the fighting ends",
    "provided the conditions are met",
]
DE_QUOTES = [
    "Wir schließen dabei grundsätzlich nichts aus",
    "Die Ukraine verteidigt sich jeden Tag gegen einen Gegner, der keinerlei Bereitschaft "
    "zum Einlenken zeigt",
    "Deshalb dürfen wir in unserer Unterstützung nicht nachlassen",
    "Wir stehen bereit, sobald die Waffen schweigen",
    "Versprechen allein schützen keine einzige Stadt vor Raketen",
    "Europa muss mit am Tisch sitzen, wenn über den Frieden verhandelt wird",
    "Das ist ein wichtiges Signal an Moskau",
]
EN_QUOTES = [
    "We rule nothing out",
    "Today we are showing that Europe keeps its word",
    "Europe must be at the table when the peace is negotiated",
    "We will keep up the pressure until Moscow comes to the table",
    "Ukraine has done its homework",
    "Promises alone do not protect a single city from missiles",
    "This is an important signal to Moscow",
]
DE_REPORTED = [
    "Man habe die Mittel für die Lieferungen bereits im Haushalt eingeplant.",
    "Man arbeite eng mit der Industrie zusammen, um die Produktion zu beschleunigen.",
    "Es gebe allerdings keine Pläne, eigene Kampftruppen in die Ukraine zu schicken.",
    "Über eine Beteiligung an einer Absicherungsmission werde erst entschieden, wenn ein "
    "Waffenstillstand vereinbart sei.",
    "Die Gespräche seien konstruktiv gewesen und würden in der kommenden Woche fortgesetzt.",
    "Man habe in den vergangenen Monaten viel erreicht, es gebe aber noch offene Fragen.",
]
DE_HEADINGS = [
    "Truppen nur nach einer Waffenruhe",
    "Kritik aus Moskau",
    "Druck auf Russland",
    "Neue Angriffe in der Nacht",
    "Streit um die Finanzierung",
    "Wie es weitergeht",
]
EN_HEADINGS = [
    "Troops only after a ceasefire",
    "Criticism from Moscow",
    "Pressure on Moscow",
    "New attacks overnight",
    "Row over funding",
    "What happens next",
]
DE_WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DE_AGENCIES = [["dpa"], ["dpa", "AFP"], ["APA", "Reuters", "dpa"], ["AFP", "dpa"], ["KNA", "dpa"]]
EN_AGENCIES = [["Reuters"], ["Reuters", "AP"], ["AP"], ["AFP", "Reuters"]]
EDITORS = ["ju", "mt", "ab", "sk", "lw", "hn", "pf", "rt"]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _german(rng: random.Random, n: int, day: date) -> tuple[str, list[str]]:
    """Title and paragraphs of one German article."""
    speaker = rng.choice([p for p in DE_PEOPLE if p.state not in ("Russland", "die Ukraine")])
    other = rng.choice([p for p in DE_PEOPLE if p is not speaker])
    givers = rng.sample(DE_GIVERS, 3)
    city = rng.choice(DE_CITIES)
    weekday = DE_WEEKDAYS[day.weekday()]
    aid = rng.choice(DE_AID).format(n=rng.randint(20, 900))
    paragraphs: list[str] = []
    title = rng.choice(
        [
            f"{_cap(givers[0])} sagt Ukraine {aid.split(' im ')[0]} zu",
            f"{speaker.short} kündigt neue Unterstützung für Kiew an",
            f"Treffen in {city}: Verbündete beraten über Sicherheitsgarantien",
            "EU verschärft Sanktionen gegen Russland",
        ]
    )
    paragraphs.append(title)
    paragraphs.append(
        f"{_cap(speaker.role)} {speaker.name} hat der Ukraine bei einem Treffen in {city} "
        f"{aid} zugesagt. {_cap(givers[1])} und {givers[2]} stellten zudem die Entsendung "
        f"von Soldaten in Aussicht, {rng.choice(DE_CONDITIONS)}."
    )
    body: list[str] = []
    for kind in rng.sample(range(8), rng.randint(5, 8)):
        if kind == 0:
            quote = rng.choice(DE_QUOTES)
            body.append(
                f"„{quote}“, sagte {speaker.party} am {weekday} in {city}. "
                f"{_cap(givers[0])} werde in diesem Jahr zusätzliche Mittel bereitstellen."
            )
        elif kind == 1:
            lines = rng.sample(DE_REPORTED, rng.randint(2, 3))
            body.append(
                f"{speaker.short} sagte, {lines[0][0].lower()}{lines[0][1:]} " + " ".join(lines[1:])
            )
        elif kind == 2:
            target = rng.choice(DE_TARGETS)
            body.append(
                f"Russland griff in der Nacht zum {weekday} die Stadt {target} mit "
                f"{rng.randint(12, 180)} Drohnen und mehreren Raketen an. Dabei wurden nach "
                f"Angaben der Behörden {rng.randint(2, 40)} Menschen verletzt. Die Ukraine "
                f"warf Moskau vor, gezielt die Energieversorgung zu zerstören."
            )
        elif kind == 3:
            body.append(
                f"Die EU verhängte am {weekday} ein weiteres Sanktionspaket gegen Russland. "
                f"Es richtet sich nach Angaben aus {city} gegen {rng.randint(20, 120)} Personen "
                f"und Unternehmen sowie gegen Schiffe der sogenannten Schattenflotte."
            )
        elif kind == 4:
            body.append(
                f"{_cap(other.role)} {other.name} traf sich am {weekday} in {city} mit "
                f"{speaker.name}. Beide berieten über Sicherheitsgarantien für die Ukraine."
            )
        elif kind == 5:
            body.append(
                f"{_cap(other.role)} {other.name} forderte die Verbündeten auf, ihre Zusagen "
                f"rasch umzusetzen. „{rng.choice(DE_QUOTES)}“, sagte {other.short}."
            )
        elif kind == 6:
            body.append(
                "Moskau reagierte mit scharfer Kritik. Kremlsprecher Dmitri Peskow warf der "
                "Nato vor, den Krieg künstlich zu verlängern. Jede Stationierung westlicher "
                "Soldaten in der Ukraine sei für Russland inakzeptabel, sagte Peskow."
            )
        else:
            body.append(rng.choice(DE_HEADINGS))
            body.append(
                f"{_cap(givers[2])} und {givers[1]} kündigten an, gemeinsam ein weiteres Paket "
                f"mit Artilleriemunition im Wert von {rng.randint(100, 950)} Millionen Euro zu "
                f"finanzieren. Die Lieferungen sollen bis Ende {day.year} abgeschlossen sein."
            )
    paragraphs.extend(body)
    paragraphs.append(f"{rng.choice(EDITORS)}/{rng.choice(EDITORS)} dpa-Meldung {n:07d}.")
    return title, paragraphs


def _english(rng: random.Random, n: int, day: date) -> tuple[str, list[str]]:
    """Title and paragraphs of one English article."""
    speaker = rng.choice([p for p in EN_PEOPLE if p.state not in ("Russia", "Ukraine")])
    other = rng.choice([p for p in EN_PEOPLE if p is not speaker])
    givers = rng.sample(EN_GIVERS, 3)
    city = rng.choice(EN_CITIES)
    weekday = EN_WEEKDAYS[day.weekday()]
    aid = rng.choice(EN_AID).format(n=rng.randint(20, 900))
    title = rng.choice(
        [
            f"{_cap(givers[0])} pledges {aid.split(' worth ')[0]} to Ukraine",
            f"{speaker.short} announces new support for Kyiv",
            f"Allies meet in {city} to discuss security guarantees",
            "EU tightens sanctions on Russia",
        ]
    )
    paragraphs = [title]
    paragraphs.append(
        f"{speaker.role} {speaker.name} pledged {aid} to Ukraine at a meeting in {city} on "
        f"{weekday}. {_cap(givers[1])} and {givers[2]} offered to send troops, "
        f"{rng.choice(EN_CONDITIONS)}."
    )
    for kind in rng.sample(range(7), rng.randint(5, 7)):
        if kind == 0:
            paragraphs.append(
                f'"{rng.choice(EN_QUOTES)}," {speaker.short} told reporters in {city}. '
                f"{_cap(givers[0])} will provide additional funds this year, "
                f"{speaker.party} said."
            )
        elif kind == 1:
            target = rng.choice(EN_TARGETS)
            paragraphs.append(
                f"Russia attacked {target} overnight with {rng.randint(12, 180)} drones and "
                f"several missiles, injuring {rng.randint(2, 40)} people, according to local "
                f"officials. Ukraine accused Moscow of deliberately targeting the power grid."
            )
        elif kind == 2:
            paragraphs.append(
                f"The European Union imposed a new package of sanctions on Russia on "
                f"{weekday}, targeting {rng.randint(20, 120)} people and companies as well as "
                f"vessels of the so-called shadow fleet."
            )
        elif kind == 3:
            paragraphs.append(
                f"{other.role} {other.name} met {speaker.name} in {city} on {weekday} to "
                f"discuss security guarantees for Ukraine."
            )
        elif kind == 4:
            paragraphs.append(
                f"{other.role} {other.name} urged the allies to deliver on their promises "
                f'quickly. "{rng.choice(EN_QUOTES)}," {other.short} said.'
            )
        elif kind == 5:
            paragraphs.append(
                "Moscow reacted angrily. Kremlin spokesman Dmitry Peskov accused NATO of "
                "prolonging the war and said any deployment of Western troops in Ukraine "
                "would be unacceptable to Russia."
            )
        else:
            paragraphs.append(rng.choice(EN_HEADINGS))
            paragraphs.append(
                f"{_cap(givers[2])} and {givers[1]} said they would jointly fund another "
                f"package of artillery ammunition worth {rng.randint(100, 950)} million euros, "
                f"with deliveries due by the end of {day.year}."
            )
    paragraphs.append(f"(Reporting by the Reuters bureau in {city}; story no. {n:07d}.)")
    return title, paragraphs


def record(n: int, seed: int = 7) -> dict[str, Any]:
    """Article number ``n`` of the corpus for ``seed``, as a SPEC §1 record."""
    rng = random.Random(seed * 1_000_003 + n)
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(540))
    german = rng.random() < 0.65
    title, paragraphs = (_german if german else _english)(rng, n, day)
    sources = rng.choice(DE_AGENCIES if german else EN_AGENCIES)
    return {
        "id": f"{'de' if german else 'en'}-{seed}-{n:07d}",
        "date": day.isoformat(),
        "sources": list(sources),
        "language": "de" if german else "en",
        "title": title,
        "text": "\n\n".join(paragraphs) + "\n",
    }


def records(count: int, seed: int = 7, start: int = 0) -> Iterator[dict[str, Any]]:
    """Articles ``start`` .. ``start + count - 1`` (any range gives the same articles)."""
    for n in range(start, start + count):
        yield record(n, seed)


def wire_text(rec: dict[str, Any]) -> str:
    """The record as a plain-text wire file (SPEC §1 header, blank line, body)."""
    label = "Von:" if rec["language"] == "de" else "From:"
    return f" date {rec['date']} {label} {'/'.join(rec['sources'])}\n\n{rec['text']}"


def write_jsonl(path: Path, count: int, seed: int = 7, start: int = 0) -> Path:
    """``count`` articles, one JSON object a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for rec in records(count, seed, start):
            handle.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def write_wire_dir(
    folder: Path, count: int, seed: int = 7, start: int = 0, per_dir: int = 1000
) -> Path:
    """``count`` wire text files, ``per_dir`` to a sub-folder (as agencies deliver them)."""
    for rec in records(count, seed, start):
        n = int(rec["id"].rsplit("-", 1)[1])
        sub = folder / f"{n // per_dir:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{rec['id']}.txt").write_text(wire_text(rec), encoding="utf-8")
    return folder


def write_corpus(
    folder: Path, count: int, seed: int = 7, layout: str = "jsonl", lines_per_file: int = 5000
) -> list[Path]:
    """Write a corpus; ``layout``: ``jsonl`` (files of ``lines_per_file`` lines), ``wire``
    (one file per article) or ``mixed`` (a quarter as wire files, the rest JSON Lines).
    Returns the paths to give to ``wirecoder batch``."""
    folder.mkdir(parents=True, exist_ok=True)
    if layout == "wire":
        return [write_wire_dir(folder / "wire", count, seed)]
    wire_count = count // 4 if layout == "mixed" else 0
    paths: list[Path] = []
    if wire_count:
        paths.append(write_wire_dir(folder / "wire", wire_count, seed))
    start = wire_count
    part = 0
    while start < count:
        chunk = min(lines_per_file, count - start)
        paths.append(write_jsonl(folder / f"articles-{part:04d}.jsonl", chunk, seed, start))
        start += chunk
        part += 1
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--layout", choices=["jsonl", "wire", "mixed"], default="jsonl")
    parser.add_argument("--lines-per-file", type=int, default=5000)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.articles, args.seed, args.layout, args.lines_per_file)
    for path in paths:
        print(path)


if __name__ == "__main__":
    main()
