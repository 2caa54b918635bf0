"""Sentence splitting (wirecoder.nlp.split_sentences)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wirecoder.nlp import lang_data, paragraphs, split_sentences

SHARED = Path(os.environ.get("WIRECODER_SHARED", Path(__file__).resolve().parents[2] / "shared"))
EXAMPLE = SHARED / "examples" / "paris-security-guarantees.gold.json"


def texts(text: str, language: str = "de") -> list[str]:
    return [s.text for s in split_sentences(text, language)]


def check_offsets(text: str, language: str = "de") -> None:
    prev_end = 0
    for s in split_sentences(text, language):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert s.text
        assert s.start >= prev_end
        prev_end = s.end


# -- abbreviations ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Müller kam u.a. mit Prof. Schmidt nach Berlin.",
        "Er nannte z.B. Frankreich und z. B. Italien.",
        "Das kostet ca. 2,5 Mio. Euro bzw. 5.000 Dollar.",
        "Die Sitzung in St. Petersburg begann um 10 Uhr.",
        "Nach Art. 5 Abs. 1 des Vertrags gilt Nr. 3 der Liste.",
        "Der Vertrag vom 6. Jan. 2026 gilt weiter.",
        "Donald J. Trump und George W. Bush trafen sich.",
        "Der Dipl.-Ing. Meier kam, vgl. Seite 3.",
    ],
)
def test_german_abbreviations_do_not_split(text: str) -> None:
    assert texts(text) == [text]


def test_abbreviation_at_sentence_end_before_starter() -> None:
    text = "Er kaufte Äpfel, Birnen usw. Die Preise stiegen."
    assert texts(text) == ["Er kaufte Äpfel, Birnen usw.", "Die Preise stiegen."]


def test_capitalised_variant_of_lowercase_abbreviation() -> None:
    assert texts("Ca. 500 Menschen kamen. Vgl. dazu Seite 3.") == [
        "Ca. 500 Menschen kamen.",
        "Vgl. dazu Seite 3.",
    ]


def test_abbreviation_lists_have_same_shape() -> None:
    import yaml

    root = Path(__file__).resolve().parents[1] / "src" / "wirecoder" / "lang"
    keys = []
    for code in ("de", "en"):
        with (root / code / "abbreviations.yaml").open(encoding="utf-8") as fh:
            keys.append(set(yaml.safe_load(fh)))
    assert keys[0] == keys[1]
    de = lang_data("de")
    assert "Dr." in de.titles and "usw." in de.abbreviations and "Januar" in de.months


# -- ordinals, dates, numbers --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Das Treffen ist am 6. Januar 2026 in Paris.",
        "Im 2. Weltkrieg starben Millionen Menschen.",
        "Der Vertrag vom 6. 1. 2026 gilt.",
        "Er feierte zum 3. Mal seinen Sieg.",
        "Es geschah im frühen 16. Jahrhundert in Rom.",
        "Papst Benedikt XVI. sagte nichts.",
        "Das Spiel Hertha BSC - 1. FC Köln endete 2:1.",
        "Die Inflation lag bei 2.5 Prozent und 3,7 Prozent.",
        "Zwischen dem 50. und 70. Lebensjahr steigt das Risiko.",
    ],
)
def test_ordinals_and_dates_do_not_split(text: str) -> None:
    assert texts(text) == [text]


def test_number_at_sentence_end() -> None:
    assert texts("Er landete auf Platz 3. Die Siegerin kam aus Kenia.") == [
        "Er landete auf Platz 3.",
        "Die Siegerin kam aus Kenia.",
    ]
    assert texts("Er landete auf Platz 3. Weltmeister wurde ein Kenianer.") == [
        "Er landete auf Platz 3.",
        "Weltmeister wurde ein Kenianer.",
    ]
    assert texts("Das war im Jahr 2025. Dann kam 2026.") == [
        "Das war im Jahr 2025.",
        "Dann kam 2026.",
    ]


def test_urls_and_lowercase_continuation() -> None:
    text = "Details unter www.spd.de. Die Partei tagt. Siehe https://example.org/a.b?c=1. Ende."
    assert texts(text) == [
        "Details unter www.spd.de.",
        "Die Partei tagt.",
        "Siehe https://example.org/a.b?c=1.",
        "Ende.",
    ]
    assert texts("Wer kommt? fragte er. Keiner.") == ["Wer kommt? fragte er.", "Keiner."]


# -- quotation marks -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("„", "“"),
        ("“", "”"),
        ('"', '"'),
        ("«", "»"),
        ("»", "«"),
        ("‚", "‘"),
        ("'", "'"),
        ("‘", "’"),
    ],
)
def test_quote_styles(opening: str, closing: str) -> None:
    text = (
        f"{opening}Wir schließen nichts aus.{closing} Dann ging er. "
        f"Sie sagte: {opening}Ja!{closing} Er lachte."
    )
    assert texts(text) == [
        f"{opening}Wir schließen nichts aus.{closing}",
        "Dann ging er.",
        f"Sie sagte: {opening}Ja!{closing}",
        "Er lachte.",
    ]
    text = f"{opening}Nein{closing}, sagte sie. {opening}Warum?{closing} fragte er."
    assert texts(text) == [
        f"{opening}Nein{closing}, sagte sie.",
        f"{opening}Warum?{closing} fragte er.",
    ]


def test_closing_mark_never_starts_a_sentence() -> None:
    for text in [
        "Er sagte: „Das ist gut.“ Dann ging er.",
        "Er sagte: „Das ist gut. “ Dann ging er.",
    ]:
        got = split_sentences(text, "de")
        assert [s.text[0] for s in got] == ["E", "D"]
        assert got[0].text.endswith("“")


def test_quote_spanning_sentences() -> None:
    text = "Er sagte: „Das ist gut. Wir werden helfen. Aber nicht sofort“, und ging. Dann kam sie."
    assert texts(text) == [
        "Er sagte: „Das ist gut.",
        "Wir werden helfen.",
        "Aber nicht sofort“, und ging.",
        "Dann kam sie.",
    ]


def test_bracketed_ellipsis_is_not_an_end() -> None:
    assert texts("Er sagte: „[...] Ich war dort.“") == ["Er sagte: „[...] Ich war dort.“"]


# -- layout: paragraphs and headings -------------------------------------------------


def test_blank_lines_end_sentences_and_count_paragraphs() -> None:
    text = "Erster Absatz ohne Punkt\n\nZweiter Absatz. Noch ein Satz.\r\n\r\nDritter Absatz."
    got = split_sentences(text, "de")
    assert [(s.text, s.paragraph, s.is_heading) for s in got] == [
        ("Erster Absatz ohne Punkt", 0, True),
        ("Zweiter Absatz.", 1, False),
        ("Noch ein Satz.", 1, False),
        ("Dritter Absatz.", 2, False),
    ]


def test_one_paragraph_a_line() -> None:
    text = (
        "Die Regierung hat am Montag ein neues Gesetz beschlossen.\n"
        "Mehrheit wird dem Kanzler das Vertrauen nicht aussprechen\n"
        "Es wird mit hoher Wahrscheinlichkeit eine klare Mehrheit geben, sagen Beobachter.\n"
    )
    got = split_sentences(text, "de")
    assert [(s.paragraph, s.is_heading) for s in got] == [(0, False), (1, True), (2, False)]


def test_wrapped_paragraph_is_joined() -> None:
    text = (
        "Die Verbündeten der Ukraine haben dem Land erstmals umfassende und\n"
        "verbindliche Sicherheitsgarantien gegeben. Bei einem Treffen in Paris\n"
        "unterzeichneten Frankreich und Großbritannien eine Absichtserklärung.\n"
    )
    got = split_sentences(text, "de")
    assert len(got) == 2
    assert got[0].text.startswith("Die Verbündeten") and got[0].text.endswith("gegeben.")
    assert not any(s.is_heading for s in got)


def test_not_headings() -> None:
    text = "Er sagte:\n\n„Wir kommen.“\n\nund dann nichts\n\n“\n\nEnde."
    assert not any(s.is_heading for s in split_sentences(text, "de"))


def test_paragraphs_helper() -> None:
    assert paragraphs("\ufeff  A.\n\n\n B \n") == [(3, 5, True), (9, 10, True)]


@pytest.mark.skipif(not EXAMPLE.exists(), reason=f"{EXAMPLE} absent (needs ../shared)")
def test_example_article() -> None:
    gold = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    got = split_sentences(gold["text"], "de")
    headings = [s.text for s in got if s.is_heading]
    assert headings == [
        "Großbritannien stellt Entsendung von Truppen in Aussicht",
        "Selenskyj sieht gutes Ergebnis",
    ]
    have = {s.text for s in got}
    wanted = {e["sentence"] for e in gold["events"]} | {q["sentence"] for q in gold["quotes"]}
    assert wanted <= have
    check_offsets(gold["text"])
    assert [s.paragraph for s in got] == sorted(s.paragraph for s in got)
    assert max(s.paragraph for s in got) == 9


# -- English -------------------------------------------------------------------------


def test_english() -> None:
    text = (
        "Mr. Smith went to Washington. The U.S. President met Gov. Newsom in St. Louis on "
        "Jan. 6. He said the deal was signed in the U.S. The talks continue. Prices rose 2.5 "
        "percent at 3 p.m. Friday. “We're ready,” she said. Donald J. Trump agreed."
    )
    assert texts(text, "en") == [
        "Mr. Smith went to Washington.",
        "The U.S. President met Gov. Newsom in St. Louis on Jan. 6.",
        "He said the deal was signed in the U.S.",
        "The talks continue.",
        "Prices rose 2.5 percent at 3 p.m. Friday.",
        "“We're ready,” she said.",
        "Donald J. Trump agreed.",
    ]


def test_english_street_and_saint() -> None:
    assert texts("He lives on Main St. The house is old. He went to St. Louis.", "en") == [
        "He lives on Main St.",
        "The house is old.",
        "He went to St. Louis.",
    ]


def test_empty_and_whitespace() -> None:
    assert split_sentences("", "de") == []
    assert split_sentences(" \n\n\t ", "de") == []
    assert texts("Kein Punkt am Ende") == ["Kein Punkt am Ende"]
