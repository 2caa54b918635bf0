"""Quote finding (direct, indirect, partial) and speakers, on sentences written for
these tests: German and English wire style."""

from __future__ import annotations

import pytest

from wirecoder.extract.grammar import is_konjunktiv_i, is_reportative_modal
from wirecoder.extract.lexicon import speech_lexicon
from wirecoder.extract.pipeline import Extractor
from wirecoder.extract.quotes import find_quote_marks
from wirecoder.records import Article, Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _doc(extractor: Extractor, text: str, language: str, date: str = "2024-05-20") -> Document:
    doc = extractor.extract(Article(id="q", text=text, date=date, language=language))
    for quote in doc.quotes:
        assert doc.article.text[quote.span[0] : quote.span[1]] == quote.text
        assert quote.speaker is None or doc.entity(quote.speaker) is not None
    return doc


def _quotes(doc: Document) -> list[tuple[str, str, str]]:
    """(kind, speaker name, text) of every quote."""
    out = []
    for q in doc.quotes:
        ent = doc.entity(q.speaker)
        out.append((q.kind, ent.name if ent else "", q.text))
    return out


def _find(doc: Document, fragment: str, kind: str | None = None) -> tuple[str, str, str]:
    found = [q for q in _quotes(doc) if fragment in q[2] and kind in {None, q[0]}]
    assert found, f"no quote with {fragment!r} in {_quotes(doc)}"
    return found[0]


# ---------------------------------------------------------------- German


def test_direct_quote_with_inverted_speech_clause(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "„Wir werden die Ukraine weiter unterstützen“, sagte Bundeskanzler Olaf Scholz "
        "am Montag in Berlin.",
        "de",
    )
    kind, speaker, text = _find(doc, "Ukraine weiter")
    assert kind == "direct" and "Scholz" in speaker
    assert text == "Wir werden die Ukraine weiter unterstützen"


def test_quote_split_by_speech_clause_and_colon(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "„Die Hilfe kommt“, sagte Olaf Scholz, „und zwar schneller als geplant.“ "
        "Die Ministerin Kerstin Lindqvist erklärte: „Wir liefern noch in diesem Monat.“",
        "de",
    )
    assert _find(doc, "Die Hilfe kommt")[:2] == ("direct", "Olaf Scholz")
    assert _find(doc, "schneller als geplant")[:2] == ("direct", "Olaf Scholz")
    kind, speaker, _ = _find(doc, "noch in diesem Monat")
    assert kind == "direct" and "Lindqvist" in speaker


def test_dass_clause_and_konjunktiv_clause_after_verb_of_saying(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "Die Polizei teilte mit, dass zwei Männer festgenommen worden seien. "
        "Olaf Scholz betonte am Dienstag, die Regierung stehe zu ihren Zusagen.",
        "de",
    )
    kind, speaker, text = _find(doc, "zwei Männer")
    assert kind == "indirect" and "Polizei" in speaker and text.startswith("dass")
    kind, speaker, text = _find(doc, "stehe zu ihren Zusagen")
    assert (kind, speaker) == ("indirect", "Olaf Scholz")
    assert text == "die Regierung stehe zu ihren Zusagen"


def test_inverted_clause_with_unknown_speaker_as_noun_phrase(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "Die Verhandlungen seien vorerst gescheitert, sagte ein Sprecher des Außenministeriums.",
        "de",
    )
    kind, speaker, text = _find(doc, "gescheitert")
    assert kind == "indirect"
    assert "Sprecher des Außenministeriums" in speaker
    assert text == "Die Verhandlungen seien vorerst gescheitert"


def test_konjunktiv_run_continues_and_ends_with_the_narrative_voice(
    extractor: Extractor,
) -> None:
    text = (
        "Olaf Scholz sagte nach dem Treffen, man sei auf einem guten Weg. "
        "Es gebe aber noch offene Fragen. Man werde die Gespräche im Juni fortsetzen.\n\n"
        "Am Abend kehrte die Delegation nach Berlin zurück."
    )
    doc = _doc(extractor, text, "de")
    for fragment in ("auf einem guten Weg", "offene Fragen", "im Juni fortsetzen"):
        kind, speaker, _ = _find(doc, fragment)
        assert (kind, speaker) == ("indirect", "Olaf Scholz")
    assert not any("Delegation" in q[2] for q in _quotes(doc))


def test_source_phrase_quotes_only_reported_mood(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "Nach Angaben der Polizei sei der Fahrer geflohen. "
        "Nach Angaben der Feuerwehr wurde niemand verletzt.",
        "de",
    )
    kind, speaker, text = _find(doc, "Fahrer geflohen")
    assert kind == "indirect" and "Polizei" in speaker
    assert text == "sei der Fahrer geflohen"
    assert not any("niemand verletzt" in q[2] for q in _quotes(doc))


def test_so_and_wie_name_the_source(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "„Wir sind zu Gesprächen bereit“, so Olaf Scholz. "
        "Die Lage sei ernst, so der Minister. "
        "Wie die Feuerwehr mitteilte, brannte das Lager völlig aus.",
        "de",
    )
    assert _find(doc, "Gesprächen bereit")[:2] == ("direct", "Olaf Scholz")
    assert _find(doc, "Die Lage sei ernst")[0] == "indirect"
    kind, speaker, text = _find(doc, "Lager")
    assert kind == "indirect" and "Feuerwehr" in speaker
    assert text == "brannte das Lager völlig aus"


def test_partial_quote_inside_reported_speech(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "Olaf Scholz sagte, die Pläne der Opposition seien „völlig unrealistisch“.",
        "de",
    )
    assert _find(doc, "Pläne der Opposition")[:2] == ("indirect", "Olaf Scholz")
    assert _find(doc, "völlig unrealistisch", "partial") == (
        "partial",
        "Olaf Scholz",
        "völlig unrealistisch",
    )


def test_titles_and_scare_quotes_are_not_quotes(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "Die Zeitung „Berliner Morgenpost“ berichtete ausführlich über den Streik. "
        "Die sogenannte „Koalition der Entschlossenen“ traf sich am Abend in Rom.",
        "de",
    )
    texts = [q[2] for q in _quotes(doc)]
    assert "Berliner Morgenpost" not in texts
    assert "Koalition der Entschlossenen" not in texts


def test_role_noun_and_pronoun_refer_to_the_subject_named_before(
    extractor: Extractor,
) -> None:
    doc = _doc(
        extractor,
        "Bundeskanzler Olaf Scholz traf sich mit dem französischen Präsidenten Emmanuel "
        "Macron. Man sei sich in allen Punkten einig, sagte er. "
        "Deutschland werde weitere Hilfe leisten, sagte der SPD-Politiker.",
        "de",
    )
    assert _find(doc, "in allen Punkten einig")[1] == "Olaf Scholz"
    assert _find(doc, "weitere Hilfe leisten")[1] == "Olaf Scholz"


def test_announcement_infinitive_is_reported_but_a_demand_is_not(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "Olaf Scholz kündigte an, weitere Hilfen bereitzustellen. "
        "Olaf Scholz forderte die Partner auf, mehr Luftabwehr zu liefern.",
        "de",
    )
    assert _find(doc, "weitere Hilfen bereitzustellen")[:2] == ("indirect", "Olaf Scholz")
    assert not any("Luftabwehr" in q[2] for q in _quotes(doc))


def test_konjunktiv_i_and_reportative_modal_from_morphology(extractor: Extractor) -> None:
    assert is_konjunktiv_i("handle", "handeln")
    assert is_konjunktiv_i("ändere", "ändern")
    assert is_konjunktiv_i("gebe", "geben")
    assert not is_konjunktiv_i("gibt", "geben")
    analyzed = extractor.analyze(
        Article(id="m", text="Der Mann soll das Geld genommen haben.", language="de")
    )
    tokens = analyzed.sentences[0].tokens
    modals = speech_lexicon("de").reportative_modals
    assert is_reportative_modal(tokens, 2, modals)
    doc = _doc(extractor, "Der Mann soll das Geld genommen haben.", "de")
    assert _find(doc, "Geld genommen")[0] == "indirect"


def test_opinion_noun_passive_agent_and_apposition(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "Der Verband ist der Ansicht, dass die Reform zu spät komme. "
        "Die Pläne wurden von Kritikern als „völlig überzogen“ bezeichnet. "
        "Anna Berger, die Leiterin des Instituts für Verkehrsforschung, sagte, die Zahlen "
        "seien vorläufig.",
        "de",
    )
    kind, speaker, _ = _find(doc, "Reform zu spät")
    assert kind == "indirect" and "Verband" in speaker
    kind, speaker, _ = _find(doc, "völlig überzogen", "partial")
    assert "Kritiker" in speaker
    kind, speaker, text = _find(doc, "Zahlen seien vorläufig")
    assert (kind, text) == ("indirect", "die Zahlen seien vorläufig")
    assert "Berger" in speaker


def test_unknown_speaker_is_taken_up_by_a_definite_noun_phrase(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "Ein Sprecher der Feuerwehr sagte, der Brand sei unter Kontrolle. "
        "Am Abend ergänzte der Sprecher, es gebe keine Verletzten. "
        "Wie die Polizei, die mit Hubschraubern im Einsatz war, mitteilte, wurde niemand "
        "vermisst.",
        "de",
    )
    first = _find(doc, "Brand sei unter Kontrolle")[1]
    assert "Sprecher der Feuerwehr" in first
    assert _find(doc, "keine Verletzten")[1] == first
    kind, speaker, text = _find(doc, "niemand")
    assert kind == "indirect" and "Polizei" in speaker and text == "wurde niemand vermisst"


# ---------------------------------------------------------------- English


def test_english_said_with_and_without_that(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "Prime Minister Keir Starmer said Britain would send more engineers to Estonia. "
        "Kremlin spokesman Dmitry Peskov told reporters that Moscow would respond.",
        "en",
        date="2025-03-04",
    )
    kind, speaker, text = _find(doc, "Britain would send")
    assert (kind, text) == ("indirect", "Britain would send more engineers to Estonia")
    assert "Starmer" in speaker
    kind, speaker, text = _find(doc, "Moscow would respond")
    assert kind == "indirect" and "Peskov" in speaker and text == "Moscow would respond"


def test_english_inverted_report_and_relative_clause_subject(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "The talks will resume next week, a hospital spokeswoman said. "
        "U.S. envoy Steve Witkoff, who led the delegation, said the meeting had been useful.",
        "en",
        date="2025-03-04",
    )
    kind, speaker, text = _find(doc, "resume next week")
    assert kind == "indirect" and "spokeswoman" in speaker
    assert text == "The talks will resume next week"
    assert "Witkoff" in _find(doc, "meeting had been useful")[1]


def test_english_direct_quotes_and_standalone_continuation(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        '"We are ready to talk," Keir Starmer said on Tuesday. "We will not wait forever."',
        "en",
        date="2025-03-04",
    )
    assert _find(doc, "We are ready to talk")[0] == "direct"
    assert "Starmer" in _find(doc, "We are ready to talk")[1]
    assert "Starmer" in _find(doc, "We will not wait")[1]


def test_english_according_to_and_demands_are_not_quotes(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        "Two ships were damaged overnight, according to the coast guard. "
        "Estonia demanded that the tanker leave its waters.",
        "en",
        date="2025-03-04",
    )
    assert doc.quotes == []


def test_english_partial_quote_after_naming_verb(extractor: Extractor) -> None:
    doc = _doc(
        extractor,
        'Kremlin spokesman Dmitry Peskov dismissed the report as "pure fiction" and said '
        "Russia had nothing to do with the incident.",
        "en",
        date="2025-03-04",
    )
    kind, speaker, _ = _find(doc, "pure fiction", "partial")
    assert kind == "partial" and "Peskov" in speaker
    kind, speaker, text = _find(doc, "nothing to do")
    assert kind == "indirect" and "Peskov" in speaker
    assert text == "Russia had nothing to do with the incident"


def test_english_possessive_spokesman_speaks_for_the_subject_before(
    extractor: Extractor,
) -> None:
    doc = _doc(
        extractor,
        "The Moldovan government rejected the report. "
        "Its spokesman said the figures were out of date.",
        "en",
        date="2025-03-04",
    )
    kind, speaker, text = _find(doc, "figures were out of date")
    assert (kind, text) == ("indirect", "the figures were out of date")
    assert speaker and "spokesman" not in speaker


# ---------------------------------------------------------------- quotation marks


def test_quote_marks_pair_across_styles() -> None:
    text = '„Ja“, sagte sie. «Non», dit-il. "Yes," he said. Es ist ‚gut‘.'
    inner = [text[m.inner[0] : m.inner[1]] for m in find_quote_marks(text)]
    assert inner == ["Ja", "Non", "Yes,", "gut"]


def test_genitive_owner_is_not_the_speaker(extractor: Extractor) -> None:
    """ "Trumps Anwalt sagte": the lawyer speaks (an unnamed person coded USA), not
    Trump; "laut Atmar neun Zivilisten" keeps Atmar (no genitive before a head noun)."""
    doc = _doc(extractor, "Trumps Anwalt sagte, sein Mandant sei unschuldig.", "de", "2019-06-01")
    quote = doc.quotes[0]
    speaker = doc.entity(quote.speaker)
    assert speaker is not None
    assert (speaker.name, speaker.kind, speaker.code) == ("Trumps Anwalt", "person", "USA")
    doc = _doc(
        extractor,
        "Der afghanische Innenminister Mohammad Hanif Atmar kam nach Kabul. "
        "Unter den Toten sollen laut Atmar neun Zivilisten gewesen sein.",
        "de",
        "2010-02-16",
    )
    _kind, name, _text = _find(doc, "neun Zivilisten")
    assert "Atmar" in name
    # The surname matches without its genitive s ("Rezai" in "Rezais").
    doc = _doc(
        extractor,
        "Der Kandidat Mohsen Rezai legte Beschwerde ein. "
        "Rezais Anwälte erklärten, die Zählung sei fehlerhaft.",
        "de",
        "2009-06-20",
    )
    _kind, name, _text = _find(doc, "Zählung")
    assert name == "Rezais Anwälte"
