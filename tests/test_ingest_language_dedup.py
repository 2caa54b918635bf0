"""Stable ids, language detection and near-duplicate detection."""

from __future__ import annotations

import pytest

from wirecoder.ingest import (
    NearDuplicateIndex,
    content_hash,
    detect_language,
    minhash_signature,
    normalise_text,
    read_bytes,
    signature_similarity,
    stable_id,
)
from wirecoder.ingest.language import _detect_with_lingua

# --- ids ------------------------------------------------------------------------------------


def test_normalise_text() -> None:
    decomposed = "Gru\u0308ße  aus\tKöln\r\n\u00a0 und  Wien "
    assert normalise_text(decomposed) == "Grüße aus Köln und Wien"


def test_stable_id_ignores_whitespace_and_unicode_form() -> None:
    a = stable_id("Merz sagte: „Wir schließen nichts aus.“\n\nZweiter Absatz.")
    b = stable_id("  Merz sagte: „Wir schließen nichts aus.“ Zweiter Absatz.\r\n")
    c = stable_id("Merz sagte: „Wir schließen nichts aus.“ Zweiter Absatz!")
    assert a == b != c
    assert a.startswith("a") and len(a) == 17
    assert a == "a" + content_hash("Merz sagte: „Wir schließen nichts aus.“ Zweiter Absatz.")[:16]
    assert len(content_hash("x")) == 40


def test_stable_id_is_a_fixed_function() -> None:
    # Ids are stored in databases: they must never change between versions.
    assert stable_id("Hallo Welt") == "a28cbbc72d6a52617"  # "a" + sha1("Hallo Welt")[:16]
    assert stable_id("x", "given-id") == "given-id"
    assert stable_id("x", 42) == "42"
    assert stable_id("x", "  ") == stable_id("x")


def test_same_article_same_id_across_formats() -> None:
    text = "Die Regierung hat neue Hilfen beschlossen.\n\nDer Kanzler begrüßte das."
    wire = next(iter(read_bytes((" date 2026-01-06 Von: dpa\r\n\r\n" + text).encode(), "w")))
    jsonl = next(
        iter(read_bytes(('{"text": "' + text.replace("\n", "\\n") + '"}\n').encode(), "j"))
    )
    assert wire.id == jsonl.id  # type: ignore[union-attr]


# --- language -------------------------------------------------------------------------------

GERMAN = (
    "Auch der deutsche Kanzler Friedrich Merz war zu dem von Frankreichs Präsidenten Emmanuel "
    "Macron organisierten Treffen in Paris gekommen. Zur Absicherung eines Waffenstillstands "
    "bietet Deutschland nach Angaben von Merz an, Bundeswehrsoldaten auf benachbartem "
    "NATO-Gebiet in Osteuropa zu stationieren."
)
ENGLISH = (
    "German Chancellor Friedrich Merz also attended the meeting in Paris, which was organised "
    "by French President Emmanuel Macron. To secure a ceasefire, Germany is offering to station "
    "troops on neighbouring NATO territory in Eastern Europe, according to Merz."
)


def test_detect_language_news_text() -> None:
    assert detect_language(GERMAN) == "de"
    assert detect_language(ENGLISH) == "en"


def test_detect_language_short_texts_use_lingua() -> None:
    assert detect_language("Die Regierung hat beschlossen.") == "de"
    assert detect_language("The government has decided.") == "en"
    assert _detect_with_lingua(GERMAN) == "de"
    assert _detect_with_lingua(ENGLISH) == "en"


@pytest.mark.parametrize("text", ["", "   ", "OK", "12345 67890", "Merz Macron Starmer", "+++"])
def test_detect_language_too_little_signal(text: str) -> None:
    assert detect_language(text) is None


def test_detect_language_reads_only_the_start() -> None:
    # An English article with a long German appendix: the start decides.
    text = ENGLISH * 4 + " " + GERMAN * 2000
    assert detect_language(text) == "en"


def test_german_text_quoting_english() -> None:
    text = GERMAN + ' Trump sagte: "We will see what happens."'
    assert detect_language(text) == "de"


# --- near duplicates ------------------------------------------------------------------------

DPA = (
    "Die Verbündeten der Ukraine haben dem Land erstmals umfassende und verbindliche "
    "Sicherheitsgarantien für den Fall eines Waffenstillstands gegeben. Bei einem Treffen der "
    "sogenannten Koalition der Willigen in Paris, an dem auch führende US-Vertreter teilnahmen, "
    "unterzeichneten etwa Frankreich und Großbritannien mit der Ukraine eine Absichtserklärung, "
    "nach der nach einem Waffenstillstand Soldaten in dem Land stationiert werden sollen. Der "
    "US-Sondergesandte Steve Witkoff sicherte der Ukraine verbindliche amerikanische Hilfe zu. "
    "Allerdings verwies der britische Premierminister Keir Starmer darauf, dass völlig unklar "
    "sei, ob Russland angesichts der fortgesetzten Angriffe überhaupt ein Kriegsende wolle. "
    "Auch der deutsche Kanzler Friedrich Merz war zu dem von Frankreichs Präsidenten Emmanuel "
    "Macron organisierten Treffen in Paris gekommen. Zur Absicherung eines Waffenstillstands "
    "bietet Deutschland nach Angaben von Merz an, Bundeswehrsoldaten auf benachbartem "
    "NATO-Gebiet in Osteuropa zu stationieren."
)
# The APA version of the same story: other dateline, one sentence changed, wrapped differently.
APA = (
    "PARIS (APA) - "
    + DPA.replace("Keir Starmer", "Keir  Starmer\n").replace(
        "verbindliche amerikanische Hilfe zu.", "amerikanische Unterstützung zu."
    )
    + "\n\nDas Treffen dauerte mehrere Stunden."
)
UNRELATED = (
    "Der Deutsche Wetterdienst erwartet für das Wochenende in weiten Teilen des Landes Schnee "
    "und Glätte. In den Mittelgebirgen könnten bis zu 30 Zentimeter Neuschnee fallen, teilte "
    "der DWD am Freitag in Offenbach mit. Autofahrer sollten mit Behinderungen rechnen, auch "
    "im Bahnverkehr seien Verspätungen möglich."
)


def test_near_duplicate_agency_versions() -> None:
    index = NearDuplicateIndex()
    index.add("dpa-1", DPA)
    index.add("weather", UNRELATED)
    hits = index.query(APA)
    assert [hit[0] for hit in hits] == ["dpa-1"]
    assert 0.8 <= hits[0][1] <= 1.0
    # One word changed in a short text: below 0.8, found with a lower floor.
    variant = UNRELATED.replace("Freitag", "Samstag")
    assert index.query(variant) == []
    assert [hit[0] for hit in index.query(variant, min_similarity=0.5)] == ["weather"]
    assert (
        index.query(
            "Ein völlig anderer Text über Fußball und die Bundesliga am Samstag in München."
        )
        == []
    )


def test_exact_duplicate_and_case_or_whitespace_variant_score_one() -> None:
    index = NearDuplicateIndex()
    index.add("a", DPA)
    assert index.query(DPA) == [("a", 1.0)]
    assert index.query(DPA.upper().replace(" ", "\n  ")) == [("a", 1.0)]


def test_check_and_add_streaming() -> None:
    index = NearDuplicateIndex()
    assert index.check_and_add("dpa", DPA) == []
    assert [h[0] for h in index.check_and_add("apa", APA)] == ["dpa"]
    assert index.check_and_add("weather", UNRELATED) == []
    assert len(index) == 3 and "apa" in index
    index.remove("dpa")
    assert [h[0] for h in index.query(DPA)] == ["apa"]


def test_signatures_round_trip_through_storage() -> None:
    signature = minhash_signature(DPA)
    assert len(signature) == 64
    assert all(isinstance(v, int) and 0 <= v < 2**32 for v in signature)
    assert signature == minhash_signature(DPA)
    assert signature_similarity(signature, minhash_signature(APA)) >= 0.8
    assert signature_similarity(signature, minhash_signature(UNRELATED)) < 0.2
    index = NearDuplicateIndex()
    index.add_signature("stored", signature)
    assert [h[0] for h in index.query(APA)] == ["stored"]
    assert index.signature("stored") == signature


def test_signature_is_a_fixed_function() -> None:
    # Signatures are stored in databases: the hashing must never change silently.
    assert minhash_signature("eins zwei drei vier fünf sechs")[:4] == [
        1684619025,
        1726838856,
        1264546181,
        592880247,
    ]


def test_empty_text_is_near_nothing() -> None:
    index = NearDuplicateIndex()
    index.add("empty", "")
    assert index.query("") == []
    assert index.query(DPA) == []


def test_wrong_signature_length() -> None:
    index = NearDuplicateIndex()
    with pytest.raises(ValueError):
        index.add_signature("x", [1, 2, 3])
    with pytest.raises(ValueError):
        index.query_signature([1, 2, 3])


def test_index_holds_many_distinct_articles() -> None:
    words = [f"wort{n}" for n in range(5000)]
    texts = [" ".join(words[(i * 37 + k * 11) % 5000] for k in range(300)) for i in range(2000)]
    index = NearDuplicateIndex()
    for number, text in enumerate(texts):
        index.check_and_add(str(number), text)
    # Speed is measured in bench/, not here.
    assert len(index) == len(texts)
