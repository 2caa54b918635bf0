"""Actor mentions over tokens (wirecoder.extract.mentions)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wirecoder.extract.knowledge import KnowledgeBase
from wirecoder.extract.mentions import Mention, find_mentions
from wirecoder.records import Token

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "shared" / "examples" / "paris-security-guarantees.de.txt"
)
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


def tokenize(text: str) -> list[Token]:
    """A plain word/punctuation tokenizer (stands in for wirecoder.nlp in these tests)."""
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def mentions(text: str, lang: str = "de", date: str | None = "2026-01-06") -> list[Mention]:
    return find_mentions(tokenize(text), KnowledgeBase.load(lang), date, text=text)


def find(ms: list[Mention], text: str) -> Mention:
    hits = [m for m in ms if m.text == text]
    assert hits, f"no mention {text!r} in {[m.text for m in ms]}"
    return hits[0]


def example_text() -> str:
    if not EXAMPLE.exists():
        pytest.skip("shared example article not available")
    raw = EXAMPLE.read_text(encoding="utf-8")
    return raw.split("\n", 2)[2]  # drop the " date ... Von: ..." header and the blank line


# -------------------------------------------------------------------- example article


@pytest.fixture(scope="module")
def example() -> tuple[str, list[Mention]]:
    text = example_text()
    return text, mentions(text)


def test_example_spans_match_text(example: tuple[str, list[Mention]]) -> None:
    text, ms = example
    for m in ms:
        assert text[m.start : m.end] == m.text
        assert m.kind in {"state", "person", "organisation", "group", "place"}
    # the rebuilt surface (no text given) is the same
    rebuilt = find_mentions(tokenize(text), KnowledgeBase.load("de"), "2026-01-06")
    assert [(m.start, m.end, m.text) for m in rebuilt] == [(m.start, m.end, m.text) for m in ms]


@pytest.mark.parametrize(
    "surface, kind, code, sector, role",
    [
        ("Steve Witkoff", "person", "USA", "GOV", "Sondergesandter"),
        ("Keir Starmer", "person", "GBR", "GOV", "Premierminister"),
        ("Friedrich Merz", "person", "DEU", "GOV", "Bundeskanzler"),
        ("Emmanuel Macron", "person", "FRA", "GOV", "Präsident"),
        ("Wolodymyr Selenskyj", "person", "UKR", "GOV", "Präsident"),
        ("Wladimir Putin", "person", "RUS", "GOV", "Präsident"),
        ("Donald Trump", "person", "USA", "GOV", "Präsident"),
        ("Jared Kushner", "person", "USA", None, None),
        ("Merz", "person", "DEU", "GOV", "Bundeskanzler"),
        ("Witkoff", "person", "USA", "GOV", "Sondergesandter"),
        ("Koalition der Willigen", "group", None, None, None),
        ("Verbündeten", "group", None, None, None),
        ("Europäer", "group", None, None, None),
        ("Amerikaner", "state", "USA", None, None),
        ("amerikanische", "state", "USA", None, None),
        ("Frankreich", "state", "FRA", None, None),
        ("Großbritannien", "state", "GBR", None, None),
        ("Russlands", "state", "RUS", None, None),
        ("Venezuela", "state", "VEN", None, None),
        ("USA", "state", "USA", None, None),
        ("britischen Soldaten", "state", "GBR", "MIL", None),
        ("französischen Streitkräften", "state", "FRA", "MIL", None),
        ("ukrainische Armee", "state", "UKR", "MIL", None),
        ("französischer Soldaten", "state", "FRA", "MIL", None),
        ("US-Vertreter", "state", "USA", "GOV", "Vertreter"),
        ("US-Unterhändlern", "state", "USA", "GOV", "Unterhändler"),
        ("Bundesregierung", "organisation", "DEU", "GOV", None),
        ("Bundestag", "organisation", "DEU", "LEG", None),
        ("Moskau", "state", "RUS", "GOV", None),
        ("Paris", "place", "FRA", None, None),
    ],
)
def test_example_actors(
    example: tuple[str, list[Mention]],
    surface: str,
    kind: str,
    code: str | None,
    sector: str | None,
    role: str | None,
) -> None:
    m = find(example[1], surface)
    assert (m.kind, m.code, m.sector, m.role) == (kind, code, sector, role)


def test_example_coordinated_adjectives(example: tuple[str, list[Mention]]) -> None:
    text, ms = example
    # "von britischen und französischen Streitkräften": both states get MIL
    start = text.index("britischen und französischen Streitkräften")
    m = next(m for m in ms if m.start == start)
    assert (m.text, m.code, m.sector) == ("britischen", "GBR", "MIL")


def test_example_compound_prefixes(example: tuple[str, list[Mention]]) -> None:
    text, ms = example
    by_start = {m.start: m for m in ms}
    for compound, prefix, code in [
        ("NATO-Gebiet", "NATO", "NATO"),
        ("Trump-Schwiegersohns", "Trump", "USA"),
        ("Ukraine-Konflikt", "Ukraine", "UKR"),
        ("US-Militärschlag", "US", "USA"),
        ("US-Engagement", "US", "USA"),
    ]:
        start = text.index(compound)
        m = by_start[start]
        assert (m.text, m.end, m.code) == (prefix, start + len(prefix), code), compound
    bw = by_start[text.index("Bundeswehrsoldaten")]
    assert (bw.code, bw.sector, bw.name) == ("DEU", "MIL", "Bundeswehr")


def test_example_role_phrase_resolves_office_holder(example: tuple[str, list[Mention]]) -> None:
    m = find(example[1], "britische Premierminister")
    assert (m.kind, m.code, m.name, m.key, m.via) == (
        "person",
        "GBR",
        "Keir Starmer",
        "person:starmer-keir",
        "institution",
    )


def test_example_person_codes(example: tuple[str, list[Mention]]) -> None:
    persons = {m.name: m.code for m in example[1] if m.kind == "person"}
    assert persons == {
        "Steve Witkoff": "USA",
        "Keir Starmer": "GBR",
        "Friedrich Merz": "DEU",
        "Emmanuel Macron": "FRA",
        "Wolodymyr Selenskyj": "UKR",
        "Wladimir Putin": "RUS",
        "Donald Trump": "USA",
        "Jared Kushner": "USA",
    }
    # the modifier of a role phrase belongs to the person, not to a separate state mention
    text, ms = example
    us = text.index("US-Sondergesandte")
    assert not any(m.start == us for m in ms)


# -------------------------------------------------------------------- German rules


def test_unknown_name_after_role_with_country() -> None:
    ms = mentions("Der ukrainische Präsident Taras Kowalenko reiste ab.")
    m = find(ms, "Taras Kowalenko")
    assert (m.kind, m.code, m.role, m.key) == ("person", "UKR", "Präsident", "name:Taras Kowalenko")


def test_genitive_and_compound_modifiers() -> None:
    ms = mentions("Frankreichs Präsidenten Emmanuel Macron und Kremlsprecher Dmitri Peskow.")
    assert find(ms, "Emmanuel Macron").code == "FRA"
    peskow = find(ms, "Dmitri Peskow")
    assert (peskow.code, peskow.role) == ("RUS", "Kremlsprecher")
    assert not any(m.text == "Frankreichs" for m in ms)


def test_role_of_state() -> None:
    ms = mentions("Die Regierung Russlands und der Präsident der Ukraine.", date=None)
    assert (find(ms, "Regierung Russlands").code, find(ms, "Regierung Russlands").sector) == (
        "RUS",
        "GOV",
    )
    m = find(ms, "Präsident der Ukraine")
    assert (m.kind, m.code, m.role) == ("state", "UKR", "Präsident")


def test_office_holder_depends_on_date() -> None:
    text = "Der britische Premierminister sagte nichts."
    assert (
        find(mentions(text, date="2026-01-06"), "britische Premierminister").name == "Keir Starmer"
    )
    assert (
        find(mentions(text, date="2020-06-01"), "britische Premierminister").name == "Boris Johnson"
    )
    undated = find(mentions(text, date=None), "britische Premierminister")
    assert (undated.kind, undated.code, undated.role) == ("state", "GBR", "Premierminister")


def test_person_code_depends_on_date() -> None:
    assert (
        find(mentions("Kanzler Scholz sprach.", date="2022-06-01"), "Scholz").role
        == "Bundeskanzler"
    )
    later = find(mentions("Scholz sprach.", date="2026-01-06"), "Scholz")
    assert (later.code, later.role) == ("DEU", None)


def test_hyphenated_adjectives_and_capital_as_place() -> None:
    ms = mentions("Deutsch-französische Soldaten übten in Berlin, Berlin widersprach.")
    assert find(ms, "Deutsch").code == "DEU"
    assert (find(ms, "französische Soldaten").code, find(ms, "französische Soldaten").sector) == (
        "FRA",
        "MIL",
    )
    berlins = [m for m in ms if m.text == "Berlin"]
    assert [(m.kind, m.code) for m in berlins] == [("place", "DEU"), ("state", "DEU")]


def test_weak_surname_needs_full_name() -> None:
    assert not any(m.kind == "person" for m in mentions("May sagte nichts.", date="2018-01-01"))
    ms = mentions("Theresa May kam. Dann sagte May nichts.", date="2018-01-01")
    assert [m.text for m in ms if m.kind == "person"] == ["Theresa May", "May"]
    # per-sentence calls share what was seen through `seen`
    kb, seen = KnowledgeBase.load("de"), set()
    first = find_mentions(tokenize("Theresa May kam."), kb, "2018-01-01", seen=seen)
    second = find_mentions(tokenize("Dann sagte May nichts."), kb, "2018-01-01", seen=seen)
    assert [m.name for m in first + second] == ["Theresa May", "Theresa May"]


# -------------------------------------------------------------------- English


def test_english_sentences() -> None:
    text = (
        "U.S. special envoy Steve Witkoff met British troops in Kyiv. Russia's President "
        "Vladimir Putin and Kremlin spokesman Dmitry Peskov said Washington was wrong. "
        "NATO Secretary-General Mark Rutte and the Ukrainian president spoke."
    )
    ms = mentions(text, "en", "2026-01-06")
    assert find(ms, "Steve Witkoff").code == "USA"
    troops = find(ms, "British troops")
    assert (troops.code, troops.sector) == ("GBR", "MIL")
    assert (find(ms, "Kyiv").kind, find(ms, "Kyiv").code) == ("place", "UKR")
    assert find(ms, "Vladimir Putin").code == "RUS"
    assert (find(ms, "Dmitry Peskov").code, find(ms, "Dmitry Peskov").role) == (
        "RUS",
        "Kremlin spokesman",
    )
    assert (find(ms, "Washington").kind, find(ms, "Washington").code) == ("state", "USA")
    assert (find(ms, "Mark Rutte").code, find(ms, "Mark Rutte").sector) == ("NATO", "IGO")
    assert find(ms, "Ukrainian president").name == "Volodymyr Zelenskyy"
    assert not any(m.text in {"U.S.", "Russia's", "NATO"} for m in ms)


def test_tokenizer_independence() -> None:
    """'U.S.' split into four tokens still matches; offsets come from the tokens."""
    text = "U.S. troops"
    tokens = [
        Token("U", 0, 1),
        Token(".", 1, 2),
        Token("S", 2, 3),
        Token(".", 3, 4),
        Token("troops", 5, 11),
    ]
    ms = find_mentions(tokens, KnowledgeBase.load("en"), None)
    assert [(m.text, m.code, m.sector, m.start, m.end) for m in ms] == [
        ("U.S. troops", "USA", "MIL", 0, 11)
    ]
    assert text[ms[0].start : ms[0].end] == "U.S. troops"


def test_possessive_split_token() -> None:
    tokens = [Token("Russia", 0, 6), Token("'s", 6, 8), Token("army", 9, 13)]
    ms = find_mentions(tokens, KnowledgeBase.load("en"), None)
    assert [(m.text, m.code, m.sector) for m in ms] == [("Russia's army", "RUS", "MIL")]


def test_many_mentions_in_a_long_text() -> None:
    text = example_text() * 10
    tokens = tokenize(text)
    kb = KnowledgeBase.load("de")
    ms = find_mentions(tokens, kb, "2026-01-06")
    assert len(ms) > 300


def test_example_with_text_analyzer(example: tuple[str, list[Mention]]) -> None:
    """With the real text layer (HanTa POS tags) the example gives the same mentions."""
    analyzer_mod = pytest.importorskip("wirecoder.nlp.analyzer")
    from wirecoder.records import Article

    text, expected = example
    analyzed = analyzer_mod.TextAnalyzer().analyze(
        Article(id="paris", text=text, date="2026-01-06", language="de")
    )
    tokens = [t for s in analyzed.sentences for t in s.tokens]
    got = find_mentions(tokens, KnowledgeBase.load("de"), "2026-01-06", text=text)
    assert [(m.start, m.end, m.kind, m.code, m.sector) for m in got] == [
        (m.start, m.end, m.kind, m.code, m.sector) for m in expected
    ]


def test_capital_metonym_place_and_organisation_seat() -> None:
    ms = mentions("Brüssel fordert mehr Geld. Das Treffen fand in Brüssel statt. Moskau lehnte ab.")
    assert [(m.kind, m.code) for m in ms] == [
        ("organisation", "EU"),
        ("place", "BEL"),
        ("state", "RUS"),
    ]
    ms = mentions("Er studierte an der Technischen Universität Berlin und im Land Berlin.")
    assert {(m.kind, m.code) for m in ms} == {("place", "DEU")}


def test_first_name_is_not_a_surname() -> None:
    ms = mentions(
        "Berlins Regierender Bürgermeister Klaus Wowereit (SPD) bedauerte das.", date="2008-02-09"
    )
    m = find(ms, "Klaus Wowereit")
    assert (m.kind, m.role, m.key) == ("person", "Bürgermeister", "name:Klaus Wowereit")
    assert not any(m.name == "Václav Klaus" for m in ms)


def test_unattached_institutions_on_request() -> None:
    text = "Die Regierung und die Polizei schwiegen."
    assert mentions(text) == []
    ms = find_mentions(tokenize(text), KnowledgeBase.load("de"), None, text=text, unattached=True)
    assert [(m.text, m.kind, m.code, m.sector) for m in ms] == [
        ("Regierung", "organisation", None, "GOV"),
        ("Polizei", "organisation", None, "GOV"),
    ]
