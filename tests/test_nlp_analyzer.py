"""TextAnalyzer: lemmas, POS, verb helpers, caching (HanTa models)."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from wirecoder.nlp import TextAnalyzer, hanta_to_stts, particle_verbs, to_upos, verb_mood
from wirecoder.records import Article, Token

SHARED = Path(os.environ.get("WIRECODER_SHARED", Path(__file__).resolve().parents[2] / "shared"))
EXAMPLE = SHARED / "examples" / "paris-security-guarantees.gold.json"


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return TextAnalyzer()


def tagged(analyzer: TextAnalyzer, text: str, language: str | None = "de") -> list[list[Token]]:
    result = analyzer.analyze(Article(id="t", text=text, language=language))
    return [s.tokens for s in result.sentences]


def find(tokens: list[Token], text: str) -> Token:
    return next(t for t in tokens if t.text == text)


def test_german_lemmas_and_pos(analyzer: TextAnalyzer) -> None:
    text = (
        "Der US-Sondergesandte Steve Witkoff sicherte der Ukraine verbindliche Hilfe zu. "
        "Die USA seien bereit, umfassende Sicherheitsgarantien zu geben. "
        "Man habe nun 90 Prozent erreicht, sagte er am 6. Januar auf NATO-Gebiet."
    )
    s1, s2, s3 = tagged(analyzer, text)
    assert (find(s1, "sicherte").lemma, find(s1, "sicherte").pos) == ("sichern", "VVFIN")
    assert find(s1, "zu").pos == "PTKVZ"
    assert find(s1, "US-Sondergesandte").lemma == "US-Sondergesandte"
    assert find(s1, "US-Sondergesandte").pos == "NN"
    assert find(s1, "Hilfe").pos == "NN"
    assert (find(s2, "seien").lemma, find(s2, "seien").pos) == ("sein", "VAFIN")
    assert find(s2, "USA").lemma == "USA"
    assert find(s2, "Sicherheitsgarantien").lemma == "Sicherheitsgarantie"
    assert find(s2, "geben").pos == "VVINF"
    assert (find(s3, "habe").lemma, find(s3, "habe").pos) == ("haben", "VAFIN")
    assert find(s3, "6.").pos == "ADJA"
    assert find(s3, "NATO-Gebiet").lemma == "NATO-Gebiet"
    assert find(s3, ".").pos == "$."
    assert find(s3, ",").pos == "$,"
    for sent in (s1, s2, s3):
        assert all(t.lemma and t.pos for t in sent)


def test_compounds_quotes_abbreviations(analyzer: TextAnalyzer) -> None:
    (sent,) = tagged(
        analyzer, "„Das Engagement des Trump-Schwiegersohns“ sei u.a. Dr. Müller zu verdanken."
    )
    assert find(sent, "Trump-Schwiegersohns").lemma == "Trump-Schwiegersohn"
    assert find(sent, "Trump-Schwiegersohns").pos == "NN"
    assert find(sent, "„").pos == "$(" and find(sent, "“").pos == "$("
    assert find(sent, "„").lemma == "„"
    assert (find(sent, "u.a.").lemma, find(sent, "u.a.").pos) == ("u.a.", "ADV")
    assert find(sent, "Dr.").pos == "NN"


def test_soft_hyphen(analyzer: TextAnalyzer) -> None:
    (sent,) = tagged(analyzer, "Die Bundes\u00adregierung entscheidet.")
    assert find(sent, "Bundes\u00adregierung").lemma == "Bundesregierung"


def test_pronoun_lemmas(analyzer: TextAnalyzer) -> None:
    (sent,) = tagged(analyzer, "Er gab mir und ihm das Buch für uns.")
    assert find(sent, "mir").lemma == "ich"
    assert find(sent, "ihm").lemma == "er"
    assert find(sent, "uns").lemma == "wir"


def test_english(analyzer: TextAnalyzer) -> None:
    s1, s2 = tagged(
        analyzer,
        "Mr. Smith didn't say that the U.S. troops were leaving St. Louis. They left.",
        "en",
    )
    assert find(s1, "Mr.").pos == "NP0"
    assert find(s1, "n't").lemma == "not"
    assert find(s1, "troops").lemma == "troop"
    assert find(s1, "were").lemma == "be"
    assert find(s1, "U.S.").lemma == "U.S."
    assert to_upos(find(s1, "leaving").pos, "en") == "VERB"
    assert find(s2, "left").lemma == "leave"


def test_language_fallback(analyzer: TextAnalyzer) -> None:
    for language in (None, "xx", "de-AT"):
        result = analyzer.analyze(
            Article(id="t", text="Die Länder seien bereit.", language=language)
        )
        assert result.language == "de"
        assert find(result.sentences[0].tokens, "seien").lemma == "sein"
    result = analyzer.analyze(Article(id="t", text="", language="en"))
    assert result.language == "en" and result.sentences == []


@pytest.mark.parametrize(
    ("word", "lemma", "pos", "mood"),
    [
        ("sei", "sein", "VAFIN", "subj1"),
        ("seien", "sein", "VAFIN", "subj1"),
        ("ist", "sein", "VAFIN", "ind"),
        ("wäre", "sein", "VAFIN", "subj2"),
        ("habe", "haben", "VAFIN", "subj1"),
        ("hat", "haben", "VAFIN", "ind"),
        ("hätten", "haben", "VAFIN", "subj2"),
        ("werde", "werden", "VAFIN", "subj1"),
        ("würden", "werden", "VAFIN", "subj2"),
        ("wolle", "wollen", "VMFIN", "subj1"),
        ("könnte", "können", "VMFIN", "subj2"),
        ("konnte", "können", "VMFIN", "ind"),
        ("ebne", "ebnen", "VVFIN", "subj1"),
        ("ebnet", "ebnen", "VVFIN", "ind"),
        ("käme", "kommen", "VVFIN", "subj2"),
        ("stünden", "stehen", "VVFIN", "subj2"),
        ("ginge", "gehen", "VVFIN", "subj2"),
        ("sicherte", "sichern", "VVFIN", "ind"),
        ("planten", "planen", "VVFIN", "ind"),
        ("wandere", "wandern", "VVFIN", "subj1"),
        ("gegeben", "geben", "VVPP", None),
    ],
)
def test_verb_mood(word: str, lemma: str, pos: str, mood: str | None) -> None:
    assert verb_mood(word, lemma, pos) == mood


def test_verb_mood_on_tagged_text(analyzer: TextAnalyzer) -> None:
    (sent,) = tagged(
        analyzer, "Man habe erreicht, dass die Länder entscheiden würden und es gut sei."
    )
    moods = {t.text: verb_mood(t.text, t.lemma, t.pos) for t in sent}
    assert moods["habe"] == "subj1" and moods["sei"] == "subj1" and moods["würden"] == "subj2"


def test_particle_verbs(analyzer: TextAnalyzer) -> None:
    s1, s2 = tagged(
        analyzer,
        "Witkoff sicherte der Ukraine Hilfe zu. Deutschland bietet nach Angaben von Merz an, "
        "Soldaten zu stationieren.",
    )
    assert list(particle_verbs(s1).values()) == ["zusichern"]
    assert particle_verbs(s1) == {1: "zusichern"}
    assert list(particle_verbs(s2).values()) == ["anbieten"]


def test_morphology(analyzer: TextAnalyzer) -> None:
    assert analyzer.morphology("habe") == "hab/VA + e/SUF_FIN -> VAFIN"
    assert analyzer.morphology("seien") == "seien/VA_IRR -> VAFIN"
    assert "VV_VAR" in analyzer.morphology("käme")
    assert analyzer.morphology("troops", language="en").endswith("-> NN2")


def test_tagsets() -> None:
    assert hanta_to_stts("VV(FIN)") == "VVFIN"
    assert hanta_to_stts("ADJ(A)") == "ADJA"
    assert hanta_to_stts("NNA") == "NN"
    assert hanta_to_stts("$(") == "$("
    assert to_upos("VVFIN", "de") == "VERB" and to_upos("$.", "de") == "PUNCT"
    assert to_upos("NP0", "en") == "PROPN" and to_upos("???", "en") == "X"


def test_cache_roundtrip_and_pickle(analyzer: TextAnalyzer, tmp_path: Path) -> None:
    text = "Die Bundeswehrsoldaten sollen auf Xyzzyland-Gebiet stationiert werden."
    before = [(t.lemma, t.pos) for t in tagged(analyzer, text)[0]]
    path = tmp_path / "de-cache.json.gz"
    assert analyzer.save_cache(path, "de") > 0
    fresh = TextAnalyzer()
    assert fresh.load_cache(path, "de") > 0
    model = fresh.model("de")
    misses = model.word_probs.misses
    assert [(t.lemma, t.pos) for t in tagged(fresh, text)[0]] == before
    assert model.word_probs.misses == misses  # every word came from the loaded cache
    with pytest.raises(ValueError):
        fresh.load_cache(path, "en")
    clone = pickle.loads(pickle.dumps(analyzer))
    assert [(t.lemma, t.pos) for t in tagged(clone, text)[0]] == before


@pytest.mark.skipif(not EXAMPLE.exists(), reason=f"{EXAMPLE} absent (needs ../shared)")
def test_example_article(analyzer: TextAnalyzer) -> None:
    gold = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    result = analyzer.analyze(Article(id=gold["id"], text=gold["text"], language="de"))
    text = gold["text"]
    for sent in result.sentences:
        assert text[sent.start : sent.end] == sent.text
        for tok in sent.tokens:
            assert text[tok.start : tok.end] == tok.text
            assert tok.pos and tok.lemma
    verbs = {t.text: t.lemma for s in result.sentences for t in s.tokens if t.pos.startswith("V")}
    assert verbs["unterzeichneten"] == "unterzeichnen"
    assert verbs["stünden"] == "stehen"


def test_invisible_only_tokens_do_not_break_tagging(analyzer: TextAnalyzer) -> None:
    # A lone soft hyphen (common in text taken from HTML) is a token with no letters.
    text = "Der Mann sagte: \u00ad. Er sag\u00adte, es sei gut."
    sentences = tagged(analyzer, text)
    assert all(tok.pos for sent in sentences for tok in sent)
