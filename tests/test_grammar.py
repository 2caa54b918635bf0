"""Konjunktiv detection and other small grammar tests on tagged tokens."""

import pytest

from wirecoder.extract.grammar import is_konjunktiv_i, is_weak_past, reported_mood
from wirecoder.extract.lexicon import speech_lexicon
from wirecoder.nlp import TextAnalyzer
from wirecoder.records import Article


@pytest.mark.parametrize(
    ("form", "lemma", "expected"),
    [
        ("sei", "sein", True),
        ("seien", "sein", True),
        ("habe", "haben", True),
        ("müsse", "müssen", True),
        ("wolle", "wollen", True),
        ("werde", "werden", True),
        ("ebne", "ebnen", True),
        ("hat", "haben", False),
        ("ist", "sein", False),
        ("sind", "sein", False),
        ("haben", "haben", False),
        ("will", "wollen", False),
    ],
)
def test_konjunktiv_i_from_form_and_lemma(form: str, lemma: str, expected: bool) -> None:
    assert is_konjunktiv_i(form, lemma) is expected


def test_weak_past_is_recognised() -> None:
    assert is_weak_past("fehlten", "fehlen")
    assert not is_weak_past("fehlen", "fehlen")


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return TextAnalyzer()


@pytest.mark.parametrize(
    ("sentence", "mood"),
    [
        ("Man habe nun viel erreicht.", "k1"),
        ("Die Lage sei ernst, sagte ein Sprecher.", "k1"),
        ("Über die Hilfe würden die Minister entscheiden.", "k2"),
        ("Die Regierung hat die Hilfe beschlossen.", "ind"),
        ("Deshalb ist fraglich, ob Moskau zustimmen würde.", "ind"),
        ("Wenn es nötig sei, werde man handeln.", "k1"),
        ("Ich habe das nicht gesagt.", "ind"),
    ],
)
def test_reported_mood_of_main_clause(analyzer: TextAnalyzer, sentence: str, mood: str) -> None:
    analyzed = analyzer.analyze(Article(id="t", text=sentence, language="de"))
    tokens = analyzed.sentences[0].tokens
    assert reported_mood(tokens, speech_lexicon("de").subjunctive_ii) == mood
