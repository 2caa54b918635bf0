"""A small hand-coded sample corpus for demos, screenshots and the web tests.

The documents are written the way the extractor would write them (SPEC §2), but
their annotations are given by hand as strings: offsets are computed from them, so
the sample does not depend on the extractor. ``sample_documents()`` returns fresh
``Document`` objects; ``fill_store(store)`` saves them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wirecoder.records import Article, Commitment, Content, Document, Entity, Event, Quote

if TYPE_CHECKING:
    from wirecoder.store import Store

SAMPLE_VERSION = "sample-1"

_SENTENCE_END = re.compile(r"(?<=[.!?“”\"])\s+(?=[A-ZÄÖÜ„“\"])|\n+")


@dataclass
class E:
    """An entity: its mentions are every whole-word occurrence of the given strings."""

    id: str
    name: str
    kind: str
    code: str | None
    mentions: Sequence[str]
    sector: str | None = None
    role: str | None = None


@dataclass
class Q:
    id: str
    speaker: str | None
    kind: str
    text: str
    cue: str | None = None


@dataclass
class V:
    """An event: ``sentence`` is a fragment of its evidence sentence, ``trigger`` a word
    in that sentence."""

    id: str
    type: str
    actor: list[str]
    recipient: list[str]
    trigger: str
    sentence: str
    aux: str | None = None
    condition: str | None = None
    content: tuple[str, str | None, str] | None = None
    source: str | None = None
    location: str | None = None
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    confidence: float = 0.8
    stage: str | None = None
    date: str | None = None


@dataclass
class C:
    id: str
    givers: list[str]
    recipient: list[str]
    what: str
    text: str
    stage: str
    events: list[str]
    condition: str | None = None
    amount: float | None = None
    unit: str | None = None


@dataclass
class Spec:
    id: str
    date: str
    language: str
    sources: list[str]
    title: str
    body: str
    entities: list[E]
    quotes: list[Q] = field(default_factory=list)
    events: list[V] = field(default_factory=list)
    commitments: list[C] = field(default_factory=list)
    url: str | None = None


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text.rstrip())))
    return spans


def _find(text: str, needle: str, start: int = 0, end: int | None = None) -> tuple[int, int]:
    pos = text.find(needle, start, len(text) if end is None else end)
    if pos < 0:
        raise ValueError(f"{needle!r} not found in sample text")
    return pos, pos + len(needle)


def build_document(spec: Spec) -> Document:
    """The ``Document`` a spec describes (offsets computed from its strings)."""
    text = spec.body
    sentences = _sentences(text)
    entities = []
    for ent in spec.entities:
        mentions: list[tuple[int, int]] = []
        for needle in ent.mentions:
            pattern = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
            mentions.extend((m.start(), m.end()) for m in re.finditer(pattern, text))
        if not mentions:
            raise ValueError(f"no mention of {ent.name!r} in {spec.id}")
        # Drop mentions inside a longer one ("Zelensky" in "Volodymyr Zelensky").
        mentions.sort(key=lambda m: (m[0], -m[1]))
        kept: list[tuple[int, int]] = []
        for m in mentions:
            if not kept or m[0] >= kept[-1][1]:
                kept.append(m)
        mentions = kept
        entities.append(
            Entity(
                ent.id,
                ent.name,
                ent.kind,
                ent.code,
                ent.sector,
                ent.role,
                mentions,
            )
        )
    quotes = [
        Quote(q.id, q.speaker, q.kind, q.text, _find(text, q.text), q.cue) for q in spec.quotes
    ]
    events = []
    for v in spec.events:
        at = _find(text, v.sentence)[0]
        span = next(((s, e) for s, e in sentences if s <= at < e), (at, at + len(v.sentence)))
        trigger = _find(text, v.trigger, span[0], span[1])
        if v.condition is not None:
            _find(text, v.condition)
        events.append(
            Event(
                id=v.id,
                type=v.type,
                actor=list(v.actor),
                recipient=list(v.recipient),
                trigger=trigger,
                span=span,
                mode=v.mode,
                contexts=list(v.contexts),
                aux=v.aux,
                condition=v.condition,
                content=Content(*v.content) if v.content else None,
                source=v.source,
                date=v.date or spec.date,
                location=v.location,
                confidence=v.confidence,
                rule="sample",
                stage=v.stage,
            )
        )
    commitments = [
        Commitment(
            id=c.id,
            givers=list(c.givers),
            recipient=list(c.recipient),
            what=c.what,
            text=c.text,
            stage=c.stage,
            condition=c.condition,
            events=list(c.events),
            amount=c.amount,
            unit=c.unit,
        )
        for c in spec.commitments
    ]
    article = Article(
        id=spec.id,
        text=text,
        date=spec.date,
        sources=list(spec.sources),
        language=spec.language,
        title=spec.title,
        url=spec.url,
        origin=f"sample:{spec.id}",
    )
    return Document(article, entities, quotes, events, commitments, SAMPLE_VERSION)


# -- the corpus ------------------------------------------------------------------------


def _ukraine(entity_id: str) -> E:
    return E(entity_id, "Ukraine", "state", "UKR", ["Ukraine", "Kiew"])


def _specs() -> list[Spec]:
    return [
        Spec(
            id="2026-01-06-paris-guarantees",
            date="2026-01-06",
            language="de",
            sources=["APA", "Reuters", "dpa"],
            title="Koalition der Willigen sagt Sicherheitsgarantien zu",
            url="https://example.org/news/2026-01-06-paris",
            body=(
                "Koalition der Willigen sagt Sicherheitsgarantien zu\n\n"
                "Frankreich und Großbritannien haben der Ukraine bei einem Gipfel in Paris "
                "Sicherheitsgarantien zugesagt. Beide Länder unterzeichneten mit Kiew eine "
                "Absichtserklärung. Nach einem Waffenstillstand wollen sie Soldaten in dem "
                "Land stationieren.\n\n"
                "Bundeskanzler Friedrich Merz sagte, Deutschland werde sich an der Absicherung "
                "beteiligen. „Wir schließen dabei grundsätzlich nichts aus“, sagte Merz.\n\n"
                "Moskau lehnte eine Stationierung westlicher Truppen in der Ukraine strikt ab."
            ),
            entities=[
                E("e1", "Frankreich", "state", "FRA", ["Frankreich"]),
                E("e2", "Großbritannien", "state", "GBR", ["Großbritannien"]),
                _ukraine("e3"),
                E(
                    "e4",
                    "Friedrich Merz",
                    "person",
                    "DEU",
                    ["Friedrich Merz", "Merz"],
                    "GOV",
                    "Bundeskanzler",
                ),
                E("e5", "Russland", "state", "RUS", ["Moskau"]),
                E("e6", "Deutschland", "state", "DEU", ["Deutschland"]),
                E("e7", "Paris", "place", None, ["Paris"]),
            ],
            quotes=[
                Q(
                    "q1",
                    "e4",
                    "indirect",
                    "Deutschland werde sich an der Absicherung beteiligen",
                    "sagte",
                ),
                Q("q2", "e4", "direct", "Wir schließen dabei grundsätzlich nichts aus", "sagte"),
            ],
            events=[
                V(
                    "v1",
                    "AGREE",
                    ["e1", "e2"],
                    ["e3"],
                    "zugesagt",
                    "Frankreich und Großbritannien",
                    content=("AID", "security_guarantee", "Sicherheitsgarantien"),
                    location="Paris",
                    stage="promised",
                    contexts=["military"],
                ),
                V(
                    "v2",
                    "SUPPORT",
                    ["e1", "e2", "e3"],
                    [],
                    "unterzeichneten",
                    "Beide Länder unterzeichneten",
                ),
                V(
                    "v3",
                    "AGREE",
                    ["e1", "e2"],
                    ["e3"],
                    "stationieren",
                    "Nach einem Waffenstillstand",
                    aux="future",
                    condition="Nach einem Waffenstillstand",
                    content=("MOBILIZE", "troops", "Soldaten in dem Land stationieren"),
                    stage="intent_signed",
                    contexts=["military"],
                ),
                V(
                    "v4",
                    "AGREE",
                    ["e6"],
                    ["e3"],
                    "beteiligen",
                    "Deutschland werde sich",
                    aux="future",
                    source="e4",
                    stage="considered",
                ),
                V(
                    "v5",
                    "REJECT",
                    ["e5"],
                    ["e1", "e2"],
                    "lehnte",
                    "Moskau lehnte",
                    content=("MOBILIZE", "troops", "Stationierung westlicher Truppen"),
                ),
            ],
            commitments=[
                C(
                    "c1",
                    ["e1", "e2"],
                    ["e3"],
                    "troops",
                    "Soldaten in dem Land stationieren",
                    "intent_signed",
                    ["v3"],
                    condition="Nach einem Waffenstillstand",
                ),
                C(
                    "c2",
                    ["e1", "e2"],
                    ["e3"],
                    "security_guarantee",
                    "Sicherheitsgarantien",
                    "promised",
                    ["v1"],
                ),
            ],
        ),
        Spec(
            id="2026-01-12-norway-offers",
            date="2026-01-12",
            language="de",
            sources=["NTB", "dpa"],
            title="Norwegen bietet Flugabwehr an",
            body=(
                "Norwegen bietet Flugabwehr an\n\n"
                "Norwegen hat der Ukraine die Lieferung eines weiteren NASAMS-Systems angeboten. "
                "Verteidigungsminister Tore Sandvik sagte in Oslo, man prüfe die Finanzierung "
                "gemeinsam mit Partnern. Die Entscheidung solle bis zum Frühjahr fallen."
            ),
            entities=[
                E("e1", "Norwegen", "state", "NOR", ["Norwegen", "Oslo"]),
                _ukraine("e2"),
                E(
                    "e3",
                    "Tore Sandvik",
                    "person",
                    "NOR",
                    ["Tore Sandvik"],
                    "GOV",
                    "Verteidigungsminister",
                ),
            ],
            quotes=[
                Q(
                    "q1",
                    "e3",
                    "indirect",
                    "man prüfe die Finanzierung gemeinsam mit Partnern",
                    "sagte",
                ),
            ],
            events=[
                V(
                    "v1",
                    "AGREE",
                    ["e1"],
                    ["e2"],
                    "angeboten",
                    "Norwegen hat der Ukraine",
                    content=("AID", "military", "Lieferung eines weiteren NASAMS-Systems"),
                    stage="offered",
                    contexts=["military"],
                ),
            ],
            commitments=[
                C(
                    "c1",
                    ["e1"],
                    ["e2"],
                    "military_aid",
                    "Lieferung eines weiteren NASAMS-Systems",
                    "offered",
                    ["v1"],
                ),
            ],
        ),
        Spec(
            id="2026-01-26-germany-dutch-pledge",
            date="2026-01-26",
            language="en",
            sources=["Reuters"],
            title="Germany and the Netherlands pledge troops for Ukraine mission",
            url="https://example.org/news/2026-01-26-pledge",
            body=(
                "Germany and the Netherlands pledge troops for Ukraine mission\n\n"
                "Germany promised Ukraine further air defence systems on Monday, and the "
                "Netherlands pledged 200 soldiers for a future reassurance force. "
                '"We will not leave Ukraine alone", Defence Minister Boris Pistorius said in '
                "Berlin.\n\n"
                "Russia accused Berlin of prolonging the war."
            ),
            entities=[
                E("e1", "Germany", "state", "DEU", ["Germany", "Berlin"]),
                E("e2", "Ukraine", "state", "UKR", ["Ukraine"]),
                E("e3", "Netherlands", "state", "NLD", ["Netherlands"]),
                E(
                    "e4",
                    "Boris Pistorius",
                    "person",
                    "DEU",
                    ["Boris Pistorius"],
                    "GOV",
                    "Defence Minister",
                ),
                E("e5", "Russia", "state", "RUS", ["Russia"]),
            ],
            quotes=[Q("q1", "e4", "direct", "We will not leave Ukraine alone", "said")],
            events=[
                V(
                    "v1",
                    "AGREE",
                    ["e1"],
                    ["e2"],
                    "promised",
                    "Germany promised Ukraine",
                    content=("AID", "military", "further air defence systems"),
                    stage="promised",
                ),
                V(
                    "v2",
                    "AGREE",
                    ["e3"],
                    ["e2"],
                    "pledged",
                    "Germany promised Ukraine",
                    content=("MOBILIZE", "troops", "200 soldiers"),
                    aux="future",
                    stage="promised",
                ),
                V("v3", "ACCUSE", ["e5"], ["e1"], "accused", "Russia accused Berlin"),
            ],
            commitments=[
                C(
                    "c1",
                    ["e1"],
                    ["e2"],
                    "military_aid",
                    "further air defence systems",
                    "promised",
                    ["v1"],
                ),
                C(
                    "c2",
                    ["e3"],
                    ["e2"],
                    "troops",
                    "200 soldiers for a future reassurance force",
                    "promised",
                    ["v2"],
                    amount=200,
                    unit="soldiers",
                ),
            ],
        ),
        Spec(
            id="2026-02-09-norway-promises-nasams",
            date="2026-02-09",
            language="de",
            sources=["NTB"],
            title="Norwegen sagt NASAMS zu",
            body=(
                "Norwegen sagt NASAMS zu\n\n"
                "Die norwegische Regierung hat der Ukraine ein NASAMS-System fest zugesagt. "
                "Ministerpräsident Jonas Gahr Støre sagte: „Wir halten Wort.“ Das Parlament "
                "muss der Finanzierung noch zustimmen."
            ),
            entities=[
                E("e1", "Norwegen", "state", "NOR", ["norwegische Regierung"], "GOV"),
                _ukraine("e2"),
                E(
                    "e3",
                    "Jonas Gahr Støre",
                    "person",
                    "NOR",
                    ["Jonas Gahr Støre"],
                    "GOV",
                    "Ministerpräsident",
                ),
            ],
            quotes=[Q("q1", "e3", "direct", "Wir halten Wort.", "sagte")],
            events=[
                V(
                    "v1",
                    "AGREE",
                    ["e1"],
                    ["e2"],
                    "zugesagt",
                    "Die norwegische Regierung",
                    content=("AID", "military", "ein NASAMS-System"),
                    stage="promised",
                ),
            ],
            commitments=[
                C("c1", ["e1"], ["e2"], "military_aid", "ein NASAMS-System", "promised", ["v1"]),
            ],
        ),
        Spec(
            id="2026-02-14-munich-summit",
            date="2026-02-14",
            language="en",
            sources=["AP", "Reuters"],
            title="Zelensky urges NATO to speed up air defence at Munich conference",
            url="https://example.org/news/2026-02-14-munich",
            body=(
                "Zelensky urges NATO to speed up air defence at Munich conference\n\n"
                "Ukrainian President Volodymyr Zelensky called on NATO to deliver air defence "
                "faster. He met US Secretary of State Marco Rubio on the sidelines of the "
                'Munich Security Conference. "Every week of delay costs lives", Zelensky '
                "said.\n\n"
                "Rubio said Washington would keep supporting Kyiv."
            ),
            entities=[
                E(
                    "e1",
                    "Volodymyr Zelensky",
                    "person",
                    "UKR",
                    ["Volodymyr Zelensky", "Zelensky", "He"],
                    "GOV",
                    "President",
                ),
                E("e2", "NATO", "organisation", "NATO", ["NATO"], "IGO"),
                E(
                    "e3",
                    "Marco Rubio",
                    "person",
                    "USA",
                    ["Marco Rubio", "Rubio", "Washington"],
                    "GOV",
                    "Secretary of State",
                ),
                E("e4", "Ukraine", "state", "UKR", ["Kyiv"]),
            ],
            quotes=[
                Q("q1", "e1", "direct", "Every week of delay costs lives", "said"),
                Q("q2", "e3", "indirect", "Washington would keep supporting Kyiv", "said"),
            ],
            events=[
                V(
                    "v1",
                    "REQUEST",
                    ["e1"],
                    ["e2"],
                    "called on",
                    "called on NATO",
                    content=("AID", "military", "deliver air defence faster"),
                ),
                V("v2", "CONSULT", ["e1"], ["e3"], "met", "He met US", location="Munich"),
                V(
                    "v3",
                    "SUPPORT",
                    ["e3"],
                    ["e4"],
                    "supporting",
                    "Washington would keep",
                    aux="future",
                    source="e3",
                ),
            ],
        ),
        Spec(
            id="2026-02-23-eu-sanctions",
            date="2026-02-23",
            language="de",
            sources=["dpa", "AFP"],
            title="EU beschließt 20. Sanktionspaket gegen Russland",
            body=(
                "EU beschließt 20. Sanktionspaket gegen Russland\n\n"
                "Die Europäische Union hat ein weiteres Sanktionspaket gegen Russland "
                "beschlossen. Die Maßnahmen richten sich gegen die russische Schattenflotte. "
                "Der Kreml drohte mit Gegenmaßnahmen.\n\n"
                "Deutschland erhöhte zugleich seine Hilfe für die Ukraine auf elf Milliarden Euro."
            ),
            entities=[
                E("e1", "Europäische Union", "organisation", "EU", ["Europäische Union"], "IGO"),
                E("e2", "Russland", "state", "RUS", ["Russland", "russische", "Kreml"]),
                E("e3", "Deutschland", "state", "DEU", ["Deutschland"]),
                _ukraine("e4"),
            ],
            events=[
                V("v1", "SANCTION", ["e1"], ["e2"], "beschlossen", "Die Europäische Union hat"),
                V(
                    "v2",
                    "THREATEN",
                    ["e2"],
                    ["e1"],
                    "drohte",
                    "Der Kreml drohte",
                    content=("SANCTION", None, "Gegenmaßnahmen"),
                ),
                V(
                    "v3",
                    "AID",
                    ["e3"],
                    ["e4"],
                    "erhöhte",
                    "Deutschland erhöhte",
                    stage="approved",
                    contexts=["economic"],
                ),
            ],
            commitments=[
                C(
                    "c1",
                    ["e1"],
                    ["e2"],
                    "sanctions",
                    "ein weiteres Sanktionspaket",
                    "approved",
                    ["v1"],
                ),
                C(
                    "c2",
                    ["e3"],
                    ["e4"],
                    "financial_aid",
                    "elf Milliarden Euro",
                    "approved",
                    ["v3"],
                    amount=11e9,
                    unit="EUR",
                ),
            ],
        ),
        Spec(
            id="2026-03-04-kharkiv-attack",
            date="2026-03-04",
            language="de",
            sources=["dpa"],
            title="Tote bei russischem Angriff auf Charkiw",
            body=(
                "Tote bei russischem Angriff auf Charkiw\n\n"
                "Russland hat die ostukrainische Stadt Charkiw in der Nacht mit Drohnen und "
                "Raketen angegriffen. Mindestens sieben Menschen wurden getötet. Die Ukraine "
                "warf Moskau vor, gezielt Wohnhäuser zu beschießen.\n\n"
                "Außenminister Andrij Sybiha forderte mehr Flugabwehr von den Verbündeten."
            ),
            entities=[
                E("e1", "Russland", "state", "RUS", ["Russland", "Moskau"]),
                E("e2", "Ukraine", "state", "UKR", ["Ukraine"]),
                E("e3", "Charkiw", "place", None, ["Charkiw"]),
                E(
                    "e4",
                    "Andrij Sybiha",
                    "person",
                    "UKR",
                    ["Andrij Sybiha"],
                    "GOV",
                    "Außenminister",
                ),
                E("e5", "Verbündete", "group", None, ["Verbündeten"]),
            ],
            events=[
                V(
                    "v1",
                    "ASSAULT",
                    ["e1"],
                    ["e2"],
                    "angegriffen",
                    "Russland hat die",
                    location="Charkiw",
                    mode="aerial",
                    contexts=["military"],
                    confidence=0.9,
                ),
                V("v2", "ACCUSE", ["e2"], ["e1"], "warf", "Die Ukraine warf"),
                V(
                    "v3",
                    "REQUEST",
                    ["e4"],
                    ["e5"],
                    "forderte",
                    "Außenminister Andrij Sybiha",
                    content=("AID", "military", "mehr Flugabwehr"),
                ),
            ],
        ),
        Spec(
            id="2026-03-09-norway-ukraine-sign",
            date="2026-03-09",
            language="en",
            sources=["Reuters", "NTB"],
            title="Norway and Ukraine sign air defence agreement",
            body=(
                "Norway and Ukraine sign air defence agreement\n\n"
                "Norway and Ukraine signed an agreement on the delivery of a NASAMS system in "
                "Oslo on Monday. Under the deal, Norway commits to deliver the system before "
                "the summer."
            ),
            entities=[
                E("e1", "Norway", "state", "NOR", ["Norway", "Oslo"]),
                E("e2", "Ukraine", "state", "UKR", ["Ukraine"]),
            ],
            events=[
                V(
                    "v1",
                    "SUPPORT",
                    ["e1", "e2"],
                    [],
                    "signed",
                    "Norway and Ukraine signed",
                    location="Oslo",
                ),
                V(
                    "v2",
                    "AGREE",
                    ["e1"],
                    ["e2"],
                    "commits",
                    "Under the deal",
                    content=("AID", "military", "deliver the system before the summer"),
                    stage="agreed",
                ),
            ],
            commitments=[
                C(
                    "c1",
                    ["e1"],
                    ["e2"],
                    "military_aid",
                    "deliver the system before the summer",
                    "agreed",
                    ["v2"],
                ),
            ],
        ),
        Spec(
            id="2026-03-18-berlin-talks",
            date="2026-03-18",
            language="de",
            sources=["dpa", "Reuters"],
            title="Selenskyj bittet in Berlin um mehr Flugabwehr",
            url="https://example.org/news/2026-03-18-berlin",
            body=(
                "Selenskyj bittet in Berlin um mehr Flugabwehr\n\n"
                "Der ukrainische Präsident Wolodymyr Selenskyj hat bei einem Besuch in Berlin "
                "um zusätzliche Flugabwehrsysteme gebeten. Bundeskanzler Friedrich Merz "
                "empfing ihn im Kanzleramt.\n\n"
                "Merz sicherte der Ukraine weitere Unterstützung zu. Deutschland werde "
                "zusätzlich 300 Millionen Euro für die Energieversorgung bereitstellen. "
                "„Wir lassen die Ukraine nicht allein“, sagte der Kanzler.\n\n"
                "Einen Zeitplan für Taurus-Marschflugkörper lehnte Merz ab.\n\n"
                "Der Kreml kritisierte den Besuch. Deutschland beteilige sich immer direkter "
                "an dem Konflikt, sagte Sprecher Dmitri Peskow in Moskau."
            ),
            entities=[
                E(
                    "e1",
                    "Wolodymyr Selenskyj",
                    "person",
                    "UKR",
                    ["Wolodymyr Selenskyj"],
                    "GOV",
                    "Präsident",
                ),
                E(
                    "e2",
                    "Friedrich Merz",
                    "person",
                    "DEU",
                    ["Friedrich Merz", "Merz", "Kanzler"],
                    "GOV",
                    "Bundeskanzler",
                ),
                E("e3", "Ukraine", "state", "UKR", ["Ukraine"]),
                E("e4", "Deutschland", "state", "DEU", ["Deutschland", "Berlin"]),
                E(
                    "e5",
                    "Dmitri Peskow",
                    "person",
                    "RUS",
                    ["Dmitri Peskow", "Kreml"],
                    "GOV",
                    "Sprecher",
                ),
            ],
            quotes=[
                Q(
                    "q1",
                    "e2",
                    "indirect",
                    "Deutschland werde zusätzlich 300 Millionen Euro für die Energieversorgung "
                    "bereitstellen",
                    None,
                ),
                Q("q2", "e2", "direct", "Wir lassen die Ukraine nicht allein", "sagte"),
                Q(
                    "q3",
                    "e5",
                    "indirect",
                    "Deutschland beteilige sich immer direkter an dem Konflikt",
                    "sagte",
                ),
            ],
            events=[
                V(
                    "v1",
                    "REQUEST",
                    ["e1"],
                    ["e4"],
                    "gebeten",
                    "Der ukrainische Präsident",
                    content=("AID", "military", "zusätzliche Flugabwehrsysteme"),
                    location="Berlin",
                ),
                V("v2", "CONSULT", ["e2"], ["e1"], "empfing", "empfing ihn", location="Berlin"),
                V(
                    "v3",
                    "AGREE",
                    ["e4"],
                    ["e3"],
                    "bereitstellen",
                    "300 Millionen Euro",
                    aux="future",
                    source="e2",
                    content=("AID", "economic", "300 Millionen Euro"),
                    stage="promised",
                ),
                V(
                    "v4",
                    "REJECT",
                    ["e2"],
                    ["e3"],
                    "lehnte",
                    "Einen Zeitplan",
                    content=("AID", "military", "Zeitplan für Taurus-Marschflugkörper"),
                ),
                V("v5", "ACCUSE", ["e5"], ["e4"], "kritisierte", "Der Kreml kritisierte"),
            ],
            commitments=[
                C(
                    "c1",
                    ["e4"],
                    ["e3"],
                    "financial_aid",
                    "300 Millionen Euro",
                    "promised",
                    ["v3"],
                    amount=300e6,
                    unit="EUR",
                ),
            ],
        ),
        Spec(
            id="2026-03-30-storting-approves",
            date="2026-03-30",
            language="de",
            sources=["NTB"],
            title="Storting billigt Finanzierung",
            body=(
                "Storting billigt Finanzierung\n\n"
                "Das norwegische Parlament hat die Finanzierung des NASAMS-Systems für die "
                "Ukraine gebilligt. Die Lieferung soll im April erfolgen."
            ),
            entities=[
                E("e1", "Storting", "organisation", "NOR", ["norwegische Parlament"], "LEG"),
                _ukraine("e2"),
            ],
            events=[
                V(
                    "v1",
                    "AGREE",
                    ["e1"],
                    ["e2"],
                    "gebilligt",
                    "Das norwegische Parlament",
                    content=("AID", "military", "Finanzierung des NASAMS-Systems"),
                    stage="approved",
                ),
            ],
            commitments=[
                C(
                    "c1",
                    ["e1"],
                    ["e2"],
                    "military_aid",
                    "Finanzierung des NASAMS-Systems",
                    "approved",
                    ["v1"],
                ),
            ],
        ),
        Spec(
            id="2026-04-13-dutch-withdraw",
            date="2026-04-13",
            language="en",
            sources=["ANP", "Reuters"],
            title="Netherlands withdraws troop pledge",
            body=(
                "Netherlands withdraws troop pledge\n\n"
                "The Dutch government withdrew its pledge of 200 soldiers for a reassurance "
                "force in Ukraine, citing the lack of a ceasefire. Prime Minister Dick Schoof "
                "said the offer could be renewed if the fighting stops."
            ),
            entities=[
                E("e1", "Netherlands", "state", "NLD", ["Dutch government"], "GOV"),
                E("e2", "Ukraine", "state", "UKR", ["Ukraine"]),
                E("e3", "Dick Schoof", "person", "NLD", ["Dick Schoof"], "GOV", "Prime Minister"),
            ],
            quotes=[
                Q(
                    "q1",
                    "e3",
                    "indirect",
                    "the offer could be renewed if the fighting stops",
                    "said",
                ),
            ],
            events=[
                V(
                    "v1",
                    "RETREAT",
                    ["e1"],
                    ["e2"],
                    "withdrew",
                    "The Dutch government withdrew",
                    stage="withdrawn",
                ),
            ],
            commitments=[
                C(
                    "c1",
                    ["e1"],
                    ["e2"],
                    "troops",
                    "200 soldiers for a reassurance force",
                    "withdrawn",
                    ["v1"],
                    amount=200,
                    unit="soldiers",
                ),
            ],
        ),
        Spec(
            id="2026-04-27-nasams-delivered",
            date="2026-04-27",
            language="de",
            sources=["NTB", "dpa"],
            title="NASAMS in der Ukraine eingetroffen",
            body=(
                "NASAMS in der Ukraine eingetroffen\n\n"
                "Das von Norwegen zugesagte NASAMS-System ist in der Ukraine eingetroffen. "
                "Das teilte das Verteidigungsministerium in Oslo mit. Russland verurteilte die "
                "Lieferung als Provokation."
            ),
            entities=[
                E("e1", "Norwegen", "state", "NOR", ["Norwegen", "Oslo"]),
                _ukraine("e2"),
                E("e3", "Russland", "state", "RUS", ["Russland"]),
            ],
            events=[
                V(
                    "v1",
                    "AID",
                    ["e1"],
                    ["e2"],
                    "eingetroffen",
                    "Das von Norwegen",
                    stage="delivered",
                    contexts=["military"],
                ),
                V("v2", "ACCUSE", ["e3"], ["e1"], "verurteilte", "Russland verurteilte"),
            ],
            commitments=[
                C("c1", ["e1"], ["e2"], "military_aid", "NASAMS-System", "delivered", ["v1"]),
            ],
        ),
    ]


def sample_documents() -> list[Document]:
    """The sample corpus: twelve short German and English wire articles, coded by hand."""
    return [build_document(spec) for spec in _specs()]


def fill_store(
    store: Store, documents: Sequence[Document] | None = None, *, ledger: bool = True
) -> int:
    """Save the sample documents (or the given ones) and, as ``wirecoder ingest`` does,
    bring the commitment ledger up to date (unless ``ledger`` is false); returns how
    many documents were saved."""
    docs = list(documents) if documents is not None else sample_documents()
    for doc in docs:
        store.save_document(doc)
    if ledger:
        from wirecoder.ledger import refresh_after_ingest

        refresh_after_ingest(store)
    return len(docs)
