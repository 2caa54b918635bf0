"""Article-level entities: coreference of surnames and pronouns, headlines, spellings."""

from __future__ import annotations

import pytest

from wirecoder.extract.pipeline import Extractor
from wirecoder.records import Article, Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _entity(doc: Document, name_part: str):  # type: ignore[no-untyped-def]
    return next(e for e in doc.entities if name_part in e.name)


def _surfaces(doc: Document, name_part: str) -> list[str]:
    ent = _entity(doc, name_part)
    return [doc.article.text[a:b] for a, b in ent.mentions]


def test_surname_and_pronoun_corefer_with_full_name(extractor: Extractor) -> None:
    text = (
        "Die Außenministerin Annalena Baerbock traf in Kiew ein. Baerbock sagte, die Hilfe "
        "gehe weiter. Später warf sie Russland Kriegsverbrechen vor."
    )
    doc = extractor.extract(Article(id="c1", text=text, date="2023-02-01", language="de"))
    surfaces = _surfaces(doc, "Baerbock")
    assert surfaces[:2] == ["Annalena Baerbock", "Baerbock"]
    assert "sie" in surfaces
    assert _entity(doc, "Baerbock").code == "DEU"


def test_pronoun_skips_a_person_inside_a_prepositional_phrase(extractor: Extractor) -> None:
    text = (
        "Der britische Premierminister Keir Starmer reiste nach Paris. Gemeinsam mit dem "
        "französischen Präsidenten Emmanuel Macron habe er eine Erklärung unterzeichnet, "
        "sagte er am Abend."
    )
    doc = extractor.extract(Article(id="c2", text=text, date="2026-01-06", language="de"))
    assert _surfaces(doc, "Starmer").count("er") == 2
    assert "er" not in _surfaces(doc, "Macron")


def test_same_person_two_dates_two_roles(extractor: Extractor) -> None:
    # Role-only mentions resolve to the office holder on the article's date.
    text = "Der Bundeskanzler sagte der Ukraine weitere Hilfe zu."
    before = extractor.extract(Article(id="c3", text=text, date="2022-06-01", language="de"))
    after = extractor.extract(Article(id="c4", text=text, date="2026-01-06", language="de"))
    assert any("Scholz" in e.name for e in before.entities)
    assert any("Merz" in e.name for e in after.entities)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("SELENSKYJ TRIFFT MERZ IN BERLIN\n\nDer Besuch dauerte zwei Tage.", "de", {"UKR", "DEU"}),
        ("ZELENSKYY MEETS STARMER IN LONDON\n\nThe talks lasted an hour.", "en", {"UKR", "GBR"}),
        ("Präsident Erdogan sprach mit Lukaschenko.", "de", {"TUR", "BLR"}),
        ("President Erdoğan spoke to Lukashenko.", "en", {"TUR", "BLR"}),
    ],
)
def test_all_caps_headlines_and_missing_diacritics(
    extractor: Extractor, text: str, language: str, expected: set[str]
) -> None:
    doc = extractor.extract(Article(id="c5", text=text, date="2025-06-01", language=language))
    assert expected <= {e.code for e in doc.entities if e.kind == "person"}


def test_unknown_person_with_role_keeps_role_and_null_code(extractor: Extractor) -> None:
    text = "Der Sprecher der Bürgerinitiative, Hannes Wollgarten, sagte, man sei enttäuscht."
    doc = extractor.extract(Article(id="c6", text=text, date="2025-06-01", language="de"))
    quote = next(q for q in doc.quotes if "enttäuscht" in q.text)
    speaker = doc.entity(quote.speaker)
    assert speaker is not None and "Wollgarten" in speaker.name
    assert speaker.code is None
