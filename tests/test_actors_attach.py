"""Article-level attachment of institution and role nouns (wirecoder.actors.attach)."""

from __future__ import annotations

import pytest

from wirecoder.actors.attach import (
    ArticleContext,
    attach_article,
    attach_institutions,
    dominant_state,
    is_role_only,
    is_unattached,
    resolve_roles,
)
from wirecoder.extract.knowledge import KnowledgeBase
from wirecoder.extract.mentions import Mention, find_mentions
from wirecoder.nlp import split_sentences, tokenize
from wirecoder.records import Sentence


def analyse(
    text: str, lang: str = "de", date: str | None = "2026-01-06"
) -> tuple[list[Mention], list[Sentence], KnowledgeBase]:
    kb = KnowledgeBase.load(lang)
    sentences = split_sentences(text, lang)
    mentions: list[Mention] = []
    seen: set[str] = set()
    for sent in sentences:
        sent.tokens = tokenize(text, sent.start, sent.end, lang)
        mentions.extend(find_mentions(sent.tokens, kb, date, text=text, unattached=True, seen=seen))
    return mentions, sentences, kb


def attached(
    text: str, lang: str = "de", date: str | None = "2026-01-06", **kw: object
) -> list[Mention]:
    mentions, sentences, kb = analyse(text, lang, date)
    return attach_article(mentions, sentences, kb, date, text, **kw)  # type: ignore[arg-type]


def at(ms: list[Mention], surface: str, nth: int = 0) -> Mention:
    hits = [m for m in ms if m.text == surface]
    assert len(hits) > nth, (surface, [(m.text, m.code) for m in ms])
    return hits[nth]


# --------------------------------------------------------------------------- matcher


def test_matcher_returns_role_only_nouns_when_asked() -> None:
    text = "Der Kanzler und die Regierung schwiegen."
    plain = find_mentions(
        tokenize(text, 0, len(text), "de"), KnowledgeBase.load("de"), None, text=text
    )
    assert plain == []
    ms, _, _ = analyse(text)
    kanzler = at(ms, "Kanzler")
    assert is_role_only(kanzler)
    assert (kanzler.kind, kanzler.code, kanzler.role, kanzler.key) == (
        "person",
        None,
        "Bundeskanzler",
        "role:Kanzler",
    )
    assert is_unattached(at(ms, "Regierung"))
    assert not is_unattached(kanzler)


# --------------------------------------------------------------------------- institutions


def test_institution_attaches_to_state_in_same_sentence() -> None:
    ms = attached("Russland griff an, das Außenministerium bestritt jede Beteiligung.")
    m = at(ms, "Außenministerium")
    assert (m.kind, m.code, m.sector, m.name, m.key) == (
        "state",
        "RUS",
        "GOV",
        "Russland",
        "state:RUS",
    )


def test_institution_takes_state_or_place_right_after_it() -> None:
    ms = attached("Deutschland und Frankreich beraten. Die Polizei in Kiew nahm zwei Männer fest.")
    assert at(ms, "Polizei").code == "UKR"
    ms = attached("The police in Kyiv arrested two men after Germany protested.", "en")
    assert at(ms, "police").code == "UKR"


def test_institution_falls_back_to_dominant_state() -> None:
    text = (
        "Thailand: Proteste gegen die Regierung\n\n"
        "In Thailand demonstrierten erneut Tausende. Auch in Bangkok blieb es unruhig.\n\n"
        "Die USA riefen zur Ruhe auf.\n\n"
        "Die Polizei setzte Wasserwerfer ein."
    )
    ms = attached(text)
    assert at(ms, "Regierung").code == "THA"
    assert at(ms, "Polizei").code == "THA"  # nearest state (USA) is in another sentence
    assert at(ms, "Polizei").sector == "GOV"


def test_sector_of_the_noun_is_kept() -> None:
    ms = attached("Großbritannien schickt Soldaten, das Parlament stimmte zu.")
    assert (at(ms, "Soldaten").code, at(ms, "Soldaten").sector) == ("GBR", "MIL")
    assert (at(ms, "Parlament").code, at(ms, "Parlament").sector) == ("GBR", "LEG")


def test_international_organisation_as_context() -> None:
    text = (
        "Die EU will Soldaten in den Kongo schicken. Die EU-Kommission und die EU "
        "beraten. Das Parlament stimmte zu."
    )
    ms = attached(text)
    m = at(ms, "Parlament")
    assert (m.kind, m.code, m.name, m.sector) == ("organisation", "EU", "EU", "LEG")
    # states only, when asked
    mentions, sentences, kb = analyse(text)
    ctx = ArticleContext.from_sentences(sentences, text)
    only_states = attach_institutions(
        mentions, ArticleContext(ctx.sentences, 0, ctx.lead_end, text, igo=False), kb
    )
    assert at(only_states, "Parlament").code == "COD"


def test_unresolved_institutions_are_dropped_or_kept() -> None:
    text = "Die Regierung schwieg."
    mentions, sentences, kb = analyse(text)
    assert attach_article(mentions, sentences, kb, None, text) == []
    kept = attach_article(mentions, sentences, kb, None, text, keep_unresolved=True)
    assert [(m.text, m.code) for m in kept] == [("Regierung", None)]


def test_unknown_named_role_holder_gets_the_context_code() -> None:
    ms = attached("Griechenland spart. Regierungssprecher Nikos Dimou sagte, man verhandle.")
    m = at(ms, "Nikos Dimou")
    assert (m.kind, m.code, m.role) == ("person", "GRC", "Sprecher")


def test_other_mentions_are_untouched() -> None:
    mentions, sentences, kb = analyse("Die britische Regierung und Frankreich einigten sich.")
    out = attach_article(mentions, sentences, kb, "2026-01-06")
    assert out == sorted(mentions, key=lambda m: (m.start, -m.end))


def test_pure_function_without_sentences() -> None:
    """Only mentions: the nearest state within a character window, then the dominant."""
    mentions, _, kb = analyse("Frankreich lehnt ab. Die Regierung in Paris schweigt.")
    out = attach_institutions(mentions, None, kb)
    assert at(out, "Regierung").code == "FRA"


def test_english_attachment() -> None:
    ms = attached(
        "Russia rejected the plan on Monday. The foreign ministry said talks were over.", "en"
    )
    m = at(ms, "foreign ministry")
    assert (m.code, m.sector) == ("RUS", "GOV")


# --------------------------------------------------------------------------- roles


def test_role_resolves_to_office_holder_on_the_date() -> None:
    text = "Deutschland liefert Waffen. Der Kanzler sagte, man stehe zur Ukraine."
    m = at(attached(text), "Kanzler")
    assert (m.kind, m.code, m.name, m.key, m.role, m.sector) == (
        "person",
        "DEU",
        "Friedrich Merz",
        "person:merz-friedrich",
        "Bundeskanzler",
        "GOV",
    )
    assert at(attached(text, date="2022-06-01"), "Kanzler").name == "Olaf Scholz"


def test_role_without_single_holder_becomes_state_with_role() -> None:
    ms = attached("Die Ukraine verhandelt. Ein Sprecher wollte sich nicht äußern.")
    m = at(ms, "Sprecher")
    assert (m.kind, m.code, m.role, m.key) == ("state", "UKR", "Sprecher", "state:UKR")


def test_plural_and_former_roles_are_not_the_office_holder() -> None:
    ms = attached(
        "In Frankreich wird gewählt. Die beiden Minister reisten ab. "
        "Der frühere Präsident kritisierte das. Der Ex-Präsident schwieg."
    )
    assert (at(ms, "Minister").kind, at(ms, "Minister").code) == ("state", "FRA")
    assert (at(ms, "Präsident").kind, at(ms, "Präsident").code) == ("state", "FRA")
    assert (at(ms, "Präsident", 1).kind, at(ms, "Präsident", 1).code) == ("state", "FRA")


def test_role_without_date_keeps_state_and_role() -> None:
    ms = attached("Italien protestiert. Der Ministerpräsident sagte ab.", date=None)
    m = at(ms, "Ministerpräsident")
    assert (m.kind, m.code, m.role) == ("state", "ITA", "Regierungschef")


def test_english_roles() -> None:
    text = "Britain said on Monday the prime minister would travel. Ministers met later."
    ms = attached(text, "en")
    assert (at(ms, "prime minister").name, at(ms, "prime minister").code) == (
        "Keir Starmer",
        "GBR",
    )
    assert (at(ms, "Ministers").kind, at(ms, "Ministers").code) == ("state", "GBR")


def test_resolve_roles_alone_leaves_institutions() -> None:
    mentions, sentences, kb = analyse("Polen protestiert. Der Präsident und die Regierung.")
    ctx = ArticleContext.from_sentences(sentences)
    out = resolve_roles(mentions, kb, "2026-01-06", ctx)
    assert at(out, "Präsident").code == "POL"
    assert at(out, "Regierung").code is None


# --------------------------------------------------------------------------- dominant


def test_dominant_state_counts_lead_double_and_breaks_ties_by_order() -> None:
    def m(start: int, code: str | None, kind: str = "state") -> Mention:
        return Mention(start, start + 1, "x", kind, code, None, None, "x", f"state:{code}", "alias")

    assert dominant_state([m(0, "FRA"), m(10, "DEU"), m(20, "DEU")]) == "DEU"
    assert dominant_state([m(0, "FRA"), m(10, "DEU"), m(20, "DEU")], lead_end=5) == "FRA"
    assert dominant_state([m(0, "FRA"), m(10, "DEU")]) == "FRA"
    assert dominant_state([m(0, None), m(5, "NATO", "organisation")]) is None
    kb = KnowledgeBase.load("de")
    assert dominant_state([m(0, "NATO", "organisation")], kb, igo=True) == "NATO"
    assert dominant_state([], kb) is None


@pytest.mark.parametrize("lang", ["de", "en"])
def test_spans_stay_in_the_text(lang: str) -> None:
    text = {
        "de": "Die Regierung in Moskau und der Präsident schwiegen. Die Armee rückte vor.",
        "en": "The government in Moscow and the president said nothing. The army advanced.",
    }[lang]
    for m in attached(text, lang):
        assert text[m.start : m.end] == m.text
        assert m.code == "RUS"


def test_compound_roles_and_institutions() -> None:
    text = (
        "Afghanistan wählt. Die Provinzregierung meldete Angriffe, ein Polizeisprecher "
        "bestätigte das. Der Vize-Außenminister schwieg."
    )
    ms = attached(text, date="2010-02-16")
    m = at(ms, "Provinzregierung")
    assert (m.kind, m.code, m.sector) == ("state", "AFG", "GOV")
    m = at(ms, "Polizeisprecher")
    assert (m.kind, m.code, m.role) == ("state", "AFG", "Polizeisprecher")
    m = at(ms, "Außenminister")  # a deputy, not the foreign minister
    assert (m.kind, m.code) == ("state", "AFG")


def test_article_mentions_end_to_end() -> None:
    from wirecoder.actors import article_mentions
    from wirecoder.nlp import TextAnalyzer
    from wirecoder.records import Article

    text = (
        "Thailand: Regierung unter Druck\n\n"
        "In Bangkok demonstrierten Tausende gegen die Regierung. Der Ministerpräsident "
        "lehnte Neuwahlen ab. Heinrich Schulte von der Universität sagte, die Lage sei ernst."
    )
    analyzed = TextAnalyzer().analyze(Article(id="a", text=text, date="2010-04-01", language="de"))
    kb = KnowledgeBase.load("de")
    plain = article_mentions(analyzed, kb, attach=False)
    assert all(m.code is not None or m.kind == "person" for m in plain)
    ms = article_mentions(analyzed, kb, names=True)
    assert {(m.text, m.code) for m in ms if m.text == "Regierung"} == {("Regierung", "THA")}
    pm = at(ms, "Ministerpräsident")
    assert (pm.kind, pm.code, pm.name) == ("person", "THA", "Abhisit Vejjajiva")
    assert at(ms, "Heinrich Schulte").kind == "person"
    assert ms == sorted(ms, key=lambda m: (m.start, -m.end))
