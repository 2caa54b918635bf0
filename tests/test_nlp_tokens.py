"""Tokenizer (wirecoder.nlp.tokenize) and offset properties of the whole text layer."""

from __future__ import annotations

import random

import pytest

from wirecoder.nlp import split_sentences, tokenize
from wirecoder.nlp.sentences import is_space


def toks(text: str, language: str = "de") -> list[str]:
    out: list[str] = []
    for s in split_sentences(text, language):
        out.extend(t.text for t in tokenize(text, s.start, s.end, language))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Der US-Sondergesandte traf den Trump-Schwiegersohn auf NATO-Gebiet.",
            [
                "Der",
                "US-Sondergesandte",
                "traf",
                "den",
                "Trump-Schwiegersohn",
                "auf",
                "NATO-Gebiet",
                ".",
            ],
        ),
        (
            "Es kostet 5.000 Euro, also 2,5 Prozent.",
            ["Es", "kostet", "5.000", "Euro", ",", "also", "2,5", "Prozent", "."],
        ),
        ("Am 6. Januar um 10:30 Uhr.", ["Am", "6.", "Januar", "um", "10:30", "Uhr", "."]),
        ("Der 2. Weltkrieg endete 1945.", ["Der", "2.", "Weltkrieg", "endete", "1945", "."]),
        ("Er landete auf Platz 3.", ["Er", "landete", "auf", "Platz", "3", "."]),
        ("Vom 6. 1. 2026 an.", ["Vom", "6.", "1.", "2026", "an", "."]),
        (
            "Dr. Müller kam u.a. mit Prof. Schmidt.",
            ["Dr.", "Müller", "kam", "u.a.", "mit", "Prof.", "Schmidt", "."],
        ),
        ("Äpfel, Birnen usw.", ["Äpfel", ",", "Birnen", "usw."]),
        ("Donald J. Trump kam.", ["Donald", "J.", "Trump", "kam", "."]),
        ("Die Ein- und Ausreise.", ["Die", "Ein-", "und", "Ausreise", "."]),
        ("Ost-, West- und Südeuropa.", ["Ost-", ",", "West-", "und", "Südeuropa", "."]),
        (
            "„Wir schließen nichts aus“, sagte er.",
            ["„", "Wir", "schließen", "nichts", "aus", "“", ",", "sagte", "er", "."],
        ),
        ("»Ja!« ‚Gut.‘ «Nein»", ["»", "Ja", "!", "«", "‚", "Gut", ".", "‘", "«", "Nein", "»"]),
        (
            "Siehe www.spd.de oder https://x.org/a?b=1.",
            ["Siehe", "www.spd.de", "oder", "https://x.org/a?b=1", "."],
        ),
        ("Mail an presse@example.com senden.", ["Mail", "an", "presse@example.com", "senden", "."]),
        (
            "Warte... so ``nicht'' -- gut…",
            ["Warte", "...", "so", "``", "nicht", "''", "--", "gut", "…"],
        ),
        ("Papst Benedikt XVI. sagte", ["Papst", "Benedikt", "XVI.", "sagte"]),
        ("Geht's noch? Merz' Rede.", ["Geht's", "noch", "?", "Merz", "'", "Rede", "."]),
        ("Der Dipl.-Ing. kam.", ["Der", "Dipl.-Ing.", "kam", "."]),
        ("Die Bundes\u00adregierung.", ["Die", "Bundes\u00adregierung", "."]),
    ],
)
def test_german_tokens(text: str, expected: list[str]) -> None:
    assert toks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith didn't go.", ["Mr.", "Smith", "did", "n't", "go", "."]),
        (
            "The U.S.-led talks in St. Louis.",
            ["The", "U.S.-led", "talks", "in", "St.", "Louis", "."],
        ),
        ("Putin's plan won't work.", ["Putin", "'s", "plan", "wo", "n't", "work", "."]),
        ("“We’re ready,” she said.", ["“", "We", "’re", "ready", ",", "”", "she", "said", "."]),
        ("It rose 6. The end.", ["It", "rose", "6", ".", "The", "end", "."]),
        ("Signed in the U.S.", ["Signed", "in", "the", "U.S."]),
    ],
)
def test_english_tokens(text: str, expected: list[str]) -> None:
    assert toks(text, "en") == expected


def test_token_offsets_inside_range() -> None:
    text = "xx Der Satz. yy"
    got = tokenize(text, 3, 12, "de")
    assert [(t.text, t.start, t.end) for t in got] == [
        ("Der", 3, 6),
        ("Satz", 7, 11),
        (".", 11, 12),
    ]


# -- offsets on random text ----------------------------------------------------------

_FRAGMENTS = [
    "Die", "Regierung", "sagte", "US-Sondergesandte", "NATO-Gebiet", "Dr.", "Prof.", "u.a.",
    "z.B.", "z. B.", "bzw.", "ca.", "Nr.", "Jan.", "St.", "Mr.", "U.S.", "etc.", "usw.",
    "6.", "2.", "Januar", "Weltkrieg", "2026", "5.000", "2,5", "10:30", "J.", "Trump",
    "„", "“", "”", '"', "«", "»", "‚", "‘", "’", "'", "(", ")", "[", "]", ".", ",", "!", "?",
    ":", ";", "…", "...", "-", "–", "www.spd.de", "https://x.org/a.b", "a@b.de", "Ein-",
    "don't", "Putin's", "geht's", "XVI.", "%", "€", "ß", "Übermorgen", "Ärger", "\u00a0",
    "\ufeff", "\u200b", "\t", "über", "ist", "war", "The", "President",
]  # fmt: skip
_SEPARATORS = [" ", " ", " ", " ", "", "\n", "\r\n", "\n\n", "\r\n\r\n", "  ", "\n \n"]


def _random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 80)):
        parts.append(rng.choice(_FRAGMENTS))
        parts.append(rng.choice(_SEPARATORS))
    return "".join(parts)


@pytest.mark.parametrize("language", ["de", "en"])
def test_offsets_on_random_text(language: str) -> None:
    rng = random.Random(20260106)
    for _ in range(400):
        text = _random_text(rng)
        prev_end = 0
        prev_par = 0
        for s in split_sentences(text, language):
            assert text[s.start : s.end] == s.text, (text, s)
            assert s.text and not is_space(s.text[0]) and not is_space(s.text[-1])
            assert s.start >= prev_end
            assert s.paragraph >= prev_par
            prev_end, prev_par = s.end, s.paragraph
            tokens = tokenize(text, s.start, s.end, language)
            pos = s.start
            for t in tokens:
                assert text[t.start : t.end] == t.text, (text, t)
                assert t.start >= pos and t.end > t.start
                assert not any(is_space(ch) for ch in t.text), (text, t)
                # nothing but whitespace is skipped between tokens
                assert all(is_space(ch) for ch in text[pos : t.start]), (text, pos, t)
                pos = t.end
            assert all(is_space(ch) for ch in text[pos : s.end])
        # nothing but whitespace lies outside the sentences
        covered = [False] * len(text)
        for s in split_sentences(text, language):
            for i in range(s.start, s.end):
                covered[i] = True
        assert all(covered[i] or is_space(ch) for i, ch in enumerate(text)), text
