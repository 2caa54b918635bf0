"""The extraction pipeline end to end on short German and English texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirecoder.extract.pipeline import Extractor
from wirecoder.ingest import parse_wire_text
from wirecoder.records import Article, Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "paris-security-guarantees.de.txt"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _check_offsets(doc: Document) -> None:
    text = doc.article.text
    for ent in doc.entities:
        for start, end in ent.mentions:
            assert 0 <= start < end <= len(text)
    for quote in doc.quotes:
        assert text[quote.span[0] : quote.span[1]] == quote.text
    for ev in doc.events:
        assert ev.span[0] <= ev.trigger[0] < ev.trigger[1] <= ev.span[1] <= len(text)
        assert set(ev.actor) <= {e.id for e in doc.entities}
        assert set(ev.recipient) <= {e.id for e in doc.entities}


def _speaker_name(doc: Document, quote_text: str) -> str:
    quote = next(q for q in doc.quotes if quote_text in q.text)
    ent = doc.entity(quote.speaker)
    return ent.name if ent else ""


def test_german_direct_and_reported_speech(extractor: Extractor) -> None:
    text = (
        "Die Außenministerin Annalena Baerbock reiste am Montag nach Kiew. "
        "„Wir stehen an Ihrer Seite“, sagte Baerbock bei ihrer Ankunft.\n\n"
        "Der ukrainische Präsident Wolodymyr Selenskyj sagte, die Lage an der Front sei schwierig. "
        "Man brauche dringend weitere Luftabwehrsysteme. Die Angriffe hätten zugenommen.\n\n"
        "Die Gespräche dauerten bis zum Abend."
    )
    doc = extractor.extract(Article(id="t1", text=text, date="2024-05-20", language="de"))
    _check_offsets(doc)
    kinds = {(q.kind, q.text) for q in doc.quotes}
    assert ("direct", "Wir stehen an Ihrer Seite") in kinds
    assert "Baerbock" in _speaker_name(doc, "Wir stehen an Ihrer Seite")
    assert "Selenskyj" in _speaker_name(doc, "Man brauche dringend")
    assert "Selenskyj" in _speaker_name(doc, "Die Angriffe hätten zugenommen")
    # The narrative voice returns: the last sentence is nobody's quote.
    assert not any("Gespräche dauerten" in q.text for q in doc.quotes)
    speaker = next(e for e in doc.entities if "Selenskyj" in e.name)
    assert speaker.code == "UKR"


def test_german_promise_with_condition(extractor: Extractor) -> None:
    text = (
        "Frankreich sicherte der Ukraine nach einem Waffenstillstand Soldaten zu. "
        "Russland hatte die Ukraine im Februar 2022 überfallen."
    )
    doc = extractor.extract(Article(id="t2", text=text, date="2026-01-06", language="de"))
    _check_offsets(doc)
    codes = {e.id: e.code for e in doc.entities}
    agree = next(ev for ev in doc.events if ev.type == "AGREE")
    assert [codes[a] for a in agree.actor] == ["FRA"]
    assert [codes[r] for r in agree.recipient] == ["UKR"]
    assert agree.condition and "Waffenstillstand" in agree.condition
    assert agree.content is not None and agree.content.type == "MOBILIZE"
    assault = next(ev for ev in doc.events if ev.type == "ASSAULT")
    assert [codes[a] for a in assault.actor] == ["RUS"]
    assert assault.aux == "historical"
    com = next(c for c in doc.commitments if c.what == "troops")
    assert com.stage == "promised"


def test_english_said_and_according_to(extractor: Extractor) -> None:
    text = (
        "British Prime Minister Keir Starmer pledged new air defence systems to Ukraine on "
        'Tuesday. "We will stand by Ukraine for as long as it takes," Starmer said. '
        "Russia attacked Kyiv overnight, according to Ukrainian officials."
    )
    doc = extractor.extract(Article(id="t3", text=text, date="2025-03-04", language="en"))
    _check_offsets(doc)
    assert "Starmer" in _speaker_name(doc, "We will stand by Ukraine")
    codes = {e.id: e.code for e in doc.entities}
    pledge = next(ev for ev in doc.events if ev.type == "AGREE")
    assert [codes[a] for a in pledge.actor] == ["GBR"]
    assert "UKR" in [codes[r] for r in pledge.recipient]


def test_document_follows_spec_shape(extractor: Extractor) -> None:
    if not EXAMPLE.exists():
        pytest.skip("../shared is absent: the example article is not available")
    article = parse_wire_text(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    doc = extractor.extract(article)
    data = json.loads(json.dumps(doc.to_dict()))
    assert set(data) >= {"article", "entities", "quotes", "events", "commitments"}
    assert set(data["article"]) >= {"id", "date", "sources", "language", "title", "text"}
    for ev in data["events"]:
        assert set(ev) >= {
            "id",
            "type",
            "mode",
            "contexts",
            "actor",
            "recipient",
            "aux",
            "condition",
            "content",
            "source",
            "date",
            "location",
            "trigger",
            "span",
            "confidence",
        }
    _check_offsets(doc)
    # Round trip through the JSON form keeps everything.
    assert Document.from_dict(data).to_dict() == data
