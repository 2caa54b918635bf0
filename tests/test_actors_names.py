"""Rule-based fallback for person names the knowledge base does not know."""

from __future__ import annotations

import pytest

from wirecoder.actors.names import find_unknown_names, given_names
from wirecoder.extract.knowledge import KnowledgeBase
from wirecoder.extract.mentions import Mention, find_mentions
from wirecoder.nlp import TextAnalyzer
from wirecoder.records import Article


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return TextAnalyzer()


def names(text: str, analyzer: TextAnalyzer, lang: str = "de") -> list[Mention]:
    kb = KnowledgeBase.load(lang)
    analyzed = analyzer.analyze(Article(id="t", text=text, language=lang, date="2010-01-01"))
    out: list[Mention] = []
    for sent in analyzed.sentences:
        ms = find_mentions(sent.tokens, kb, "2010-01-01", text=text)
        out.extend(find_unknown_names(sent.tokens, ms, kb, text=text))
    for m in out:
        assert text[m.start : m.end] == m.text
    return out


def texts(ms: list[Mention]) -> list[str]:
    return [m.text for m in ms]


def test_given_name_plus_surname(analyzer: TextAnalyzer) -> None:
    ms = names("Heinrich Schulte sagte, die Lage sei ernst.", analyzer)
    assert texts(ms) == ["Heinrich Schulte"]
    m = ms[0]
    assert (m.kind, m.code, m.key, m.via, m.role) == (
        "person",
        None,
        "name:Heinrich Schulte",
        "name",
        None,
    )


def test_particles_initials_and_hyphenated_given_names(analyzer: TextAnalyzer) -> None:
    ms = names(
        "Auch Hans-Dietrich Kuhlmann und Gisela von der Heide kamen, ebenso John F. Doyle.",
        analyzer,
    )
    assert texts(ms) == ["Hans-Dietrich Kuhlmann", "Gisela von der Heide", "John F. Doyle"]


def test_honorific(analyzer: TextAnalyzer) -> None:
    assert texts(names("Das sah Herr Kowalczyk anders.", analyzer)) == ["Kowalczyk"]


def test_known_persons_and_role_names_are_not_repeated(analyzer: TextAnalyzer) -> None:
    text = "Angela Merkel traf Präsident Taras Kowalenko."
    assert names(text, analyzer) == []


def test_things_named_after_people_are_not_persons(analyzer: TextAnalyzer) -> None:
    ms = names("Er wohnt in der Heinrich-Heine-Straße und arbeitet bei Carl Zeiss Jena.", analyzer)
    assert ms == []
    assert names("Sie studierte an der Heinrich Heine Universität.", analyzer) == []


def test_a_given_name_alone_is_not_a_mention(analyzer: TextAnalyzer) -> None:
    assert names("Peter sagte nichts. Die Art der Sache blieb offen.", analyzer) == []


def test_english(analyzer: TextAnalyzer) -> None:
    ms = names("Local official Margaret Thornbury said Mr. Okafor had left.", analyzer, "en")
    assert texts(ms) == ["Margaret Thornbury", "Okafor"]


def test_given_names_include_knowledge_base_first_names() -> None:
    de = given_names("de")
    assert {"Heinrich", "Wolodymyr", "Keir"} <= de
    assert "Art" not in de


def test_weak_surname_of_a_known_person_inside_an_unknown_name(analyzer: TextAnalyzer) -> None:
    """ "Pérez" is a weak surname in the knowledge base (it needs the full name first);
    inside "Alfredo Pérez Rubalcaba" after a role noun it must not cut the name short."""
    assert any("Pérez" in p.weak for p in KnowledgeBase.load("de").persons()), (
        "precondition: some person has the weak surname Pérez"
    )
    text = "Der spanische Innenminister Alfredo Pérez Rubalcaba sagte, man prüfe Schritte."
    kb = KnowledgeBase.load("de")
    analyzed = analyzer.analyze(Article(id="t", text=text, language="de", date="2011-06-01"))
    ms = find_mentions(analyzed.sentences[0].tokens, kb, "2011-06-01", text=text)
    persons = [(m.text, m.code, m.role) for m in ms if m.kind == "person"]
    assert persons == [("Alfredo Pérez Rubalcaba", "ESP", "Innenminister")]


def article_persons(
    text: str, analyzer: TextAnalyzer, date: str
) -> list[tuple[str, str | None, str]]:
    from wirecoder.actors import article_mentions

    analyzed = analyzer.analyze(Article(id="t", text=text, language="de", date=date))
    return [
        (m.text, m.code, m.key)
        for m in article_mentions(analyzed, KnowledgeBase.load("de"), names=True)
        if m.kind == "person"
    ]


def test_other_given_name_before_a_known_surname_is_a_namesake(analyzer: TextAnalyzer) -> None:
    persons = article_persons("Klaus Schröder sagte, die Lage sei ernst.", analyzer, "2005-06-01")
    assert persons == [("Klaus Schröder", None, "name:Klaus Schröder")]
    same = article_persons("Gerhard Schröder sagte, die Lage sei ernst.", analyzer, "2005-06-01")
    assert same == [("Gerhard Schröder", "DEU", "person:schroeder-gerhard")]


def test_spelling_variant_of_the_given_name_is_the_known_person(analyzer: TextAnalyzer) -> None:
    """The KB writes "Alpha Oumar Konaré"; "Alpha Omar Konaré" is the same man, not an
    unknown "Alpha Omar" beside "Konaré"."""
    text = "Der frühere Präsident Malis, Alpha Omar Konaré, nannte dies einen Erfolg."
    persons = article_persons(text, analyzer, "2005-06-01")
    assert ("Alpha Omar Konaré", "AU", "person:konare-alpha-oumar") in persons
    assert not any(p[0] in ("Alpha Omar", "Konaré") for p in persons)


def test_weak_surname_followed_by_particle_and_name_is_a_given_name(
    analyzer: TextAnalyzer,
) -> None:
    """ "Abdalla" is a weak surname of a Sudanese minister; in "Abdalla al Badri" after a
    role noun it is the given name of someone else."""
    text = "OPEC-Generalsekretär Abdalla al Badri sagte, man wolle abwarten."
    persons = article_persons(text, analyzer, "2008-06-01")
    assert [p[0] for p in persons] == ["Abdalla al Badri"]
    assert persons[0][2] == "name:Abdalla al Badri"
