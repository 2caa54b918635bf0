"""wirecoder.eval: SPEC §4 scoring on small hand-built gold/prediction pairs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wirecoder.eval import (
    GoldArticle,
    codes_match,
    gold_to_document,
    load_gold,
    pair_by_id,
    score,
    speaker_name_matches,
)
from wirecoder.eval.locate import TextIndex
from wirecoder.eval.matching import best_matching
from wirecoder.records import Article, Commitment, Content, Document, Entity, Event, Quote

S1 = "Frankreich sagte der Ukraine Hilfe zu."
S2 = "Russland griff die Ukraine an."
S3 = "Merz traf Macron in Paris."
TEXT = f"{S1} {S2}\n\n{S3}"


def span_of(sentence: str, text: str = TEXT, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sentence, start + 1)
    return (start, start + len(sentence))


ENTITIES = [
    Entity("fra", "Frankreich", "state", "FRA"),
    Entity("ukr", "Ukraine", "state", "UKR"),
    Entity("rus", "Russland", "state", "RUS"),
    Entity("deu", "Friedrich Merz", "person", "DEU"),
    Entity("mac", "Emmanuel Macron", "person", "FRA"),
    Entity("grp", "die Verbündeten", "group", None),
]


def gold(
    events: list[dict[str, Any]] | None = None,
    quotes: list[dict[str, Any]] | None = None,
    commitments: list[dict[str, Any]] | None = None,
    text: str = TEXT,
    language: str = "de",
    id: str = "a1",
) -> GoldArticle:
    data: dict[str, Any] = {"id": id, "text": text, "language": language}
    for key, value in (("events", events), ("quotes", quotes), ("commitments", commitments)):
        if value is not None:
            data[key] = value
    return GoldArticle.from_dict(data)


def gev(sentence: str, type: str, actor: list[str], **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "sentence": sentence,
        "type": type,
        "actor": actor,
        "recipient": [],
        "aux": None,
        "condition": False,
        "content": None,
        "source": None,
    }
    base.update(kw)
    return base


def pev(id: str, span: tuple[int, int], type: str, actor: list[str], **kw: Any) -> Event:
    return Event(
        id=id,
        type=type,
        actor=actor,
        recipient=kw.pop("recipient", []),
        trigger=span,
        span=span,
        **kw,
    )


def doc(
    events: list[Event] | None = None,
    quotes: list[Quote] | None = None,
    commitments: list[Commitment] | None = None,
    text: str = TEXT,
    language: str = "de",
    id: str = "a1",
    entities: list[Entity] | None = None,
) -> Document:
    return Document(
        article=Article(id=id, text=text, language=language),
        entities=list(ENTITIES if entities is None else entities),
        events=events or [],
        quotes=quotes or [],
        commitments=commitments or [],
    )


# ------------------------------------------------------------------ loading


def test_load_gold_tolerates_missing_sections_and_null_speakers(tmp_path: Path) -> None:
    lines = [
        {
            "id": "x",
            "text": "A sagte: „B.“",
            "language": "de",
            "quotes": [
                {
                    "sentence": "A sagte: „B.“",
                    "speaker": None,
                    "speaker_code": None,
                    "speaker_text": "er",
                    "kind": "direct",
                    "text": "B.",
                }
            ],
        },
        {
            "id": "y",
            "text": S1,
            "events": [gev(S1, "AGREE", ["FRA"], condition=True, content={"type": "AID"})],
        },
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n")
    x, y = load_gold(path)
    assert x.sections == {"quotes"} and x.events == [] and x.commitments == []
    assert x.quotes[0].speaker is None and x.quotes[0].speaker_text == "er"
    assert y.sections == {"events"}
    assert y.events[0].condition is True and y.events[0].content == "AID"
    assert y.language is None and y.to_article().text == S1


def test_load_gold_reads_pretty_json_and_names_bad_lines(tmp_path: Path) -> None:
    pretty = tmp_path / "one.gold.json"
    pretty.write_text(json.dumps({"id": "p", "text": S1, "events": []}, indent=1))
    assert [g.id for g in load_gold(pretty)] == ["p"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "ok", "text": S1}) + "\n{nope\n")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2"):
        load_gold(bad)


# ------------------------------------------------------------------ events


def test_event_matches_when_span_overlaps_sentence() -> None:
    s1 = span_of(S1)
    g = gold(events=[gev(S1, "AGREE", ["FRA"])])
    partial = pev("v1", (s1[0] + 5, s1[1] + 10), "AGREE", ["fra"])  # runs into S2
    report = score([(g, doc([partial]))])
    assert report.overall.events.type_actor.tp == 1

    elsewhere = pev("v1", span_of(S2), "AGREE", ["fra"])
    report = score([(g, doc([elsewhere]))])
    ev = report.overall.events
    assert (ev.type.tp, ev.type.fp, ev.type.fn) == (0, 1, 1)
    reasons = {e.kind: e.reason for e in report.errors}
    assert reasons["miss"] == "no predicted event in the sentence"
    assert reasons["false_positive"] == "no gold event in the predicted span"


def test_event_levels_type_actor_recipient() -> None:
    g = gold(events=[gev(S1, "AGREE", ["FRA"], recipient=["UKR"])])
    wrong_actor = pev("v1", span_of(S1), "AGREE", ["rus"], recipient=["ukr"])
    ev = score([(g, doc([wrong_actor]))]).overall.events
    assert (ev.type.tp, ev.type_actor.tp, ev.type_actor_recipient.tp) == (1, 0, 0)

    wrong_recipient = pev("v1", span_of(S1), "AGREE", ["fra"], recipient=["rus"])
    report = score([(g, doc([wrong_recipient]))])
    ev = report.overall.events
    assert (ev.type.tp, ev.type_actor.tp, ev.type_actor_recipient.tp) == (1, 1, 0)
    assert ev.type_actor_recipient.f1 == 0.0
    assert [e.field for e in report.errors] == ["recipient"]

    wrong_type = pev("v1", span_of(S1), "SUPPORT", ["fra"], recipient=["ukr"])
    report = score([(g, doc([wrong_type]))])
    assert report.overall.events.type.tp == 0
    miss = next(e for e in report.errors if e.kind == "miss")
    assert miss.reason == "type: gold AGREE, predicted SUPPORT in the sentence"


def test_recipient_both_empty_matches_but_empty_vs_nonempty_does_not() -> None:
    g = gold(events=[gev(S3, "CONSULT", ["DEU"], recipient=[])])
    ev = score([(g, doc([pev("v1", span_of(S3), "CONSULT", ["deu"])]))]).overall.events
    assert ev.type_actor_recipient.tp == 1
    extra = pev("v1", span_of(S3), "CONSULT", ["deu"], recipient=["mac"])
    ev = score([(g, doc([extra]))]).overall.events
    assert (ev.type_actor.tp, ev.type_actor_recipient.tp) == (1, 0)


def test_wildcard_matches_any_predicted_actor_even_uncoded() -> None:
    g = gold(events=[gev(S1, "AGREE", ["*"], recipient=["*"])])
    uncoded = pev("v1", span_of(S1), "AGREE", ["grp"], recipient=["ukr"])
    ev = score([(g, doc([uncoded]))]).overall.events
    assert ev.type_actor_recipient.tp == 1
    unknown_id = pev("v1", span_of(S1), "AGREE", ["e99"], recipient=["ukr"])
    assert score([(g, doc([unknown_id]))]).overall.events.type_actor.tp == 1
    no_actor = pev("v1", span_of(S1), "AGREE", [])
    assert score([(g, doc([no_actor]))]).overall.events.type_actor.tp == 0


def test_codes_match_rules() -> None:
    assert codes_match(["FRA", "GBR"], {"GBR"}, 1)
    assert not codes_match(["FRA"], {"GBR"}, 1)
    assert codes_match(["*"], set(), 1)  # an actor whose entity has no code
    assert not codes_match(["*"], set(), 0)
    assert codes_match([], set(), 0)
    assert not codes_match([], {"UKR"}, 1)
    assert codes_match(["fra"], {"FRA"}, 1)


def test_each_gold_and_prediction_used_once() -> None:
    g = gold(events=[gev(S1, "AGREE", ["FRA"])])
    twice = [pev("v1", span_of(S1), "AGREE", ["fra"]), pev("v2", span_of(S1), "AGREE", ["fra"])]
    report = score([(g, doc(twice))])
    ta = report.overall.events.type_actor
    assert (ta.tp, ta.fp, ta.fn) == (1, 1, 0)
    fp = next(e for e in report.errors if e.kind == "false_positive")
    assert fp.reason.startswith("duplicate")

    g2 = gold(events=[gev(S1, "AGREE", ["FRA"]), gev(S1, "AGREE", ["FRA"])])
    ta = score([(g2, doc(twice[:1]))]).overall.events.type_actor
    assert (ta.tp, ta.fp, ta.fn) == (1, 0, 1)


def test_matching_is_maximum_not_first_come() -> None:
    # Gold 1 (actor *) could take either prediction; gold 2 (FRA) only the FRA one.
    # A first-come greedy pairing gold 1 with the FRA prediction would lose gold 2.
    g = gold(events=[gev(S1, "AGREE", ["*"]), gev(S1, "AGREE", ["FRA"])])
    preds = [pev("v1", span_of(S1), "AGREE", ["fra"]), pev("v2", span_of(S1), "AGREE", ["grp"])]
    ta = score([(g, doc(preds))]).overall.events.type_actor
    assert (ta.tp, ta.fp, ta.fn) == (2, 0, 0)


def test_among_maximum_matchings_the_better_pairs_win() -> None:
    # Every gold/prediction pair satisfies type+actor, so both pairings have 2 matches;
    # the scorer must pick the one whose attributes agree (not the first-listed pairing).
    g = gold(events=[gev(S1, "AGREE", ["FRA", "UKR"], aux="future"), gev(S1, "AGREE", ["FRA"])])
    preds = [
        pev("v1", span_of(S1), "AGREE", ["fra"]),
        pev("v2", span_of(S1), "AGREE", ["fra", "ukr"], aux="future"),
    ]
    report = score([(g, doc(preds))])
    ev = report.overall.events
    assert ev.type_actor.tp == 2
    assert ev.aux.accuracy == 1.0
    assert report.errors == []


def test_best_matching_is_deterministic_and_maximal() -> None:
    cands = {(0, 0): 0.9, (0, 1): 0.1, (1, 0): 0.5, (2, 1): 0.2, (2, 2): 0.3}
    first = best_matching(cands)
    assert len(first) == 3 and first == best_matching(dict(reversed(list(cands.items()))))
    assert best_matching({(0, 0): 0.2, (0, 1): 0.8}) == [(0, 1)]
    assert best_matching({}) == []


def test_event_attributes_on_matched_pairs() -> None:
    g = gold(
        events=[
            gev(S1, "AGREE", ["FRA"], aux="future", condition=True, content="AID", source="FRA"),
            gev(S2, "ASSAULT", ["RUS"], aux="historical"),
            gev(S3, "CONSULT", ["DEU"], condition=False),
        ]
    )
    preds = [
        pev(
            "v1",
            span_of(S1),
            "AGREE",
            ["fra"],
            aux="future",
            condition="nach Waffenruhe",
            content=Content("AID", "aid", "Hilfe"),
            source="mac",
        ),
        pev("v2", span_of(S2), "ASSAULT", ["rus"], aux=None, source="grp"),
        pev("v3", span_of(S3), "CONSULT", ["deu"], condition="wenn es passt"),
    ]
    report = score([(g, doc(preds))])
    ev = report.overall.events
    assert (ev.aux.correct, ev.aux.total) == (2, 3)
    # v2's source entity has no code and gold source is null: both null counts as correct.
    assert (ev.source.correct, ev.source.total) == (3, 3)
    assert (ev.content.correct, ev.content.total) == (3, 3)
    assert (ev.condition.tp, ev.condition.fp, ev.condition.fn) == (1, 1, 0)
    assert sorted(e.field or "" for e in report.errors) == ["aux", "condition"]

    wrong_source = pev("v1", span_of(S1), "AGREE", ["fra"], source="deu")
    g1 = gold(events=[gev(S1, "AGREE", ["FRA"], source="FRA")])
    assert score([(g1, doc([wrong_source]))]).overall.events.source.accuracy == 0.0
    no_source = pev("v1", span_of(S1), "AGREE", ["fra"])
    assert score([(g1, doc([no_source]))]).overall.events.source.accuracy == 0.0


def test_repeated_sentence_matches_either_occurrence() -> None:
    text = f"{S3} {S1} {S3}"
    g = gold(events=[gev(S3, "CONSULT", ["DEU"]), gev(S3, "CONSULT", ["DEU"])], text=text)
    preds = [
        pev("v1", span_of(S3, text, 1), "CONSULT", ["deu"]),
        pev("v2", span_of(S3, text, 0), "CONSULT", ["deu"]),
    ]
    ta = score([(g, doc(preds, text=text))]).overall.events.type_actor
    assert (ta.tp, ta.fp, ta.fn) == (2, 0, 0)


def test_gold_sentence_found_despite_whitespace_and_quote_marks() -> None:
    text = "Er sagte:\n„Wir kommen.“ Dann ging er."
    idx = TextIndex(text)
    assert idx.find_all('Er sagte: " Wir kommen. "') == [(0, 23)]
    assert idx.find_all("Dann ging er.") == [(24, 37)]


def test_unannotated_section_is_not_scored() -> None:
    quotes_only = gold(
        quotes=[
            {"sentence": S3, "speaker": None, "speaker_code": None, "kind": "indirect", "text": S3}
        ]
    )
    report = score([(quotes_only, doc([pev("v1", span_of(S1), "AGREE", ["fra"])]))])
    assert report.overall.events.articles == 0
    assert report.overall.events.type.fp == 0
    assert report.overall.quotes.articles == 1


# ------------------------------------------------------------------ quotes

QTEXT = "Er sagte, man werde der Ukraine weiter helfen. Das sei klar."


def quote_gold(
    text: str, speaker: str | None = "Friedrich Merz", code: str | None = "DEU"
) -> GoldArticle:
    sentence = "Er sagte, man werde der Ukraine weiter helfen."
    return gold(
        quotes=[
            {
                "sentence": sentence,
                "speaker": speaker,
                "speaker_code": code,
                "kind": "indirect",
                "text": text,
            }
        ],
        text=QTEXT,
    )


def pq(span: tuple[int, int], speaker: str | None = "deu") -> Quote:
    return Quote(
        id="q1", speaker=speaker, kind="indirect", text=QTEXT[span[0] : span[1]], span=span
    )


def test_quote_half_overlap_threshold_gold_shorter() -> None:
    g_text = "man werde der Ukraine"  # 21 characters; the shorter side is gold
    gs = QTEXT.index(g_text)
    ge = gs + len(g_text)
    # Overlap of 11 characters (>= half of 21) matches; 10 does not.
    assert (
        score(
            [(quote_gold(g_text), doc(quotes=[pq((ge - 11, ge + 20))], text=QTEXT))]
        ).overall.quotes.span.tp
        == 1
    )
    report = score([(quote_gold(g_text), doc(quotes=[pq((ge - 10, ge + 20))], text=QTEXT))])
    assert (report.overall.quotes.span.tp, report.overall.quotes.span.fp) == (0, 1)
    assert "below half" in report.errors[0].reason


def test_quote_half_overlap_threshold_prediction_shorter() -> None:
    g_text = "man werde der Ukraine weiter helfen"
    gs = QTEXT.index(g_text)
    # Prediction of 10 characters starting 5 before gold: overlap 5 = half of 10 -> match.
    assert (
        score(
            [(quote_gold(g_text), doc(quotes=[pq((gs - 5, gs + 5))], text=QTEXT))]
        ).overall.quotes.span.tp
        == 1
    )
    # Starting 6 before: overlap 4 < 5 -> no match.
    assert (
        score(
            [(quote_gold(g_text), doc(quotes=[pq((gs - 6, gs + 4))], text=QTEXT))]
        ).overall.quotes.span.tp
        == 0
    )


def test_quote_text_not_verbatim_is_aligned_near_its_sentence() -> None:
    text = "Die Hilfe werde, so Merz, fortgesetzt. Dann ging er."
    idx = TextIndex(text)
    spans, method = idx.locate_quote("Die Hilfe werde fortgesetzt", idx.find_all(text[:38]))
    assert method == "aligned" and spans == [(0, 37)]


def test_speaker_by_code_and_by_last_word_of_name() -> None:
    g_text = "man werde der Ukraine weiter helfen"
    span = (QTEXT.index(g_text), QTEXT.index(g_text) + len(g_text))
    merz_short = [Entity("m", "MERZ", "person", "DEU")]
    qs = score(
        [(quote_gold(g_text), doc(quotes=[pq(span, "m")], text=QTEXT, entities=merz_short))]
    ).overall.quotes
    assert (qs.speaker_code.correct, qs.speaker_name.correct) == (1, 1)

    other = [Entity("m", "Friedrich Merzig", "person", "AUT")]
    report = score([(quote_gold(g_text), doc(quotes=[pq(span, "m")], text=QTEXT, entities=other))])
    qs = report.overall.quotes
    assert (qs.speaker_code.accuracy, qs.speaker_name.accuracy) == (0.0, 0.0)
    assert sorted(e.field or "" for e in report.errors) == ["speaker_code", "speaker_name"]

    # No predicted speaker: wrong on both counts.
    qs = score([(quote_gold(g_text), doc(quotes=[pq(span, None)], text=QTEXT))]).overall.quotes
    assert (qs.speaker_code.total, qs.speaker_name.total, qs.speaker_name.correct) == (1, 1, 0)


def test_share_of_named_speakers_found() -> None:
    """Over all gold quotes with a speaker name: found at all, and found with that
    speaker (the SpkAtt figures the actors issue asks for)."""
    g_text = "man werde der Ukraine weiter helfen"
    span = (QTEXT.index(g_text), QTEXT.index(g_text) + len(g_text))
    merz = [Entity("m", "Friedrich Merz", "person", "DEU")]
    other = [Entity("m", "Emmanuel Macron", "person", "FRA")]
    found = score([(quote_gold(g_text), doc(quotes=[pq(span, "m")], text=QTEXT, entities=merz))])
    wrong = score([(quote_gold(g_text), doc(quotes=[pq(span, "m")], text=QTEXT, entities=other))])
    missed = score([(quote_gold(g_text), doc(quotes=[], text=QTEXT))])
    unnamed = score([(quote_gold(g_text, speaker=None), doc(quotes=[], text=QTEXT))])
    rows = [
        (
            r.overall.quotes.named_found.correct,
            r.overall.quotes.named_found.total,
            r.overall.quotes.named_right.correct,
        )
        for r in (found, wrong, missed, unnamed)
    ]
    assert rows == [(1, 1, 1), (1, 1, 0), (0, 1, 0), (0, 0, 0)]
    assert "found with that speaker 1.000 (1/1)" in found.render_text()


def test_gold_quote_without_speaker_counts_for_span_only() -> None:
    g_text = "man werde der Ukraine weiter helfen"
    span = (QTEXT.index(g_text), QTEXT.index(g_text) + len(g_text))
    qs = score(
        [(quote_gold(g_text, speaker=None, code=None), doc(quotes=[pq(span)], text=QTEXT))]
    ).overall.quotes
    assert qs.span.tp == 1
    assert (qs.speaker_code.total, qs.speaker_name.total) == (0, 0)
    assert qs.speaker_name.accuracy is None


def test_speaker_name_rule() -> None:
    assert speaker_name_matches("Keir Starmer", "Starmer")
    assert speaker_name_matches("Keir Starmer", "Sir keir STARMER")
    assert not speaker_name_matches("Keir Starmer", "Keir")
    assert not speaker_name_matches("Olaf Scholz", "Scholzen")  # a whole word, not a prefix
    assert speaker_name_matches("Franz Josef Jung (CDU)", "Franz Josef Jung")
    assert speaker_name_matches("Die Wochenzeitung „Die Zeit“", "Die Zeit")
    assert speaker_name_matches("Theo Zwanziger, Präsident des DFB", "Theo Zwanziger")
    assert not speaker_name_matches("Keir Starmer", None)


# ------------------------------------------------------------------ commitments


def gcm(
    givers: list[str], recipient: list[str], what: str, stage: str, condition: bool = False
) -> dict[str, Any]:
    return {
        "givers": givers,
        "recipient": recipient,
        "what": what,
        "stage": stage,
        "condition": condition,
    }


def pcm(
    id: str,
    givers: list[str],
    recipient: list[str],
    what: str,
    stage: str,
    condition: str | None = None,
) -> Commitment:
    return Commitment(
        id=id,
        givers=givers,
        recipient=recipient,
        what=what,
        text="",
        stage=stage,
        condition=condition,
    )


def test_commitments_match_on_givers_recipient_and_what() -> None:
    g = gold(
        commitments=[
            gcm(["FRA", "GBR"], ["UKR"], "troops", "intent_signed", condition=True),
            gcm(["*"], ["UKR"], "security_guarantee", "agreed"),
            gcm(["DEU"], [], "diplomatic", "considered"),
        ]
    )
    preds = [
        pcm("c1", ["fra"], ["ukr"], "troops", "offered", condition="nach einem Waffenstillstand"),
        pcm("c2", ["grp"], ["ukr"], "security_guarantee", "agreed"),
        pcm("c3", ["deu"], [], "diplomatic", "considered"),
        pcm("c4", ["deu"], ["ukr"], "troops", "offered"),  # givers do not intersect gold's
        pcm("c5", ["fra"], ["ukr"], "military_aid", "offered"),  # other 'what'
    ]
    report = score([(g, doc(commitments=preds))])
    cm = report.overall.commitments
    assert (cm.match.tp, cm.match.fp, cm.match.fn) == (3, 2, 0)
    assert (cm.stage.correct, cm.stage.total) == (2, 3)
    assert cm.condition.accuracy == 1.0
    assert [e.field for e in report.errors if e.kind == "wrong"] == ["stage"]

    g_empty = gold(commitments=[gcm(["DEU"], [], "diplomatic", "considered")])
    assert score([(g_empty, doc(commitments=[preds[3]]))]).overall.commitments.match.tp == 0


# ------------------------------------------------------------------ report


def test_language_split_and_report_shapes() -> None:
    en_text = "France promised Ukraine aid."
    g_de = gold(events=[gev(S1, "AGREE", ["FRA"])], id="de1")
    g_en = gold(events=[gev(en_text, "AGREE", ["FRA"])], text=en_text, language="en", id="en1")
    d_de = doc([pev("v1", span_of(S1), "AGREE", ["fra"])], id="de1")
    d_en = doc(
        [pev("v1", (0, len(en_text)), "REJECT", ["fra"])], text=en_text, language="en", id="en1"
    )
    report = score(pair_by_id([g_de, g_en], [d_en, d_de]))
    assert report.overall.events.type.tp == 1
    assert report.by_language["de"].events.type.f1 == 1.0
    assert report.by_language["en"].events.type.f1 == 0.0
    assert report.overall.articles == 2

    data = report.to_dict()
    json.dumps(data)
    assert set(data) == {"version", "articles", "all", "by_language", "warnings"}
    assert list(data["by_language"]) == ["de", "en"]
    assert set(data["all"]) == {"articles", "events", "quotes", "commitments"}
    assert set(data["all"]["events"]) == {
        "articles",
        "type",
        "type+actor",
        "type+actor+recipient",
        "aux",
        "source",
        "content",
        "condition",
    }
    assert set(data["all"]["quotes"]) == {
        "articles",
        "span",
        "speaker_code",
        "speaker_name",
        "named_found",
        "named_right",
    }
    assert set(data["all"]["commitments"]) == {"articles", "match", "stage", "condition"}
    assert data["all"]["events"]["type"] == {
        "tp": 1,
        "fp": 1,
        "fn": 1,
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
    }
    assert data["all"]["quotes"]["span"]["f1"] is None  # no gold quotes section anywhere

    detailed = report.to_dict(details=True)
    assert [a["id"] for a in detailed["per_article"]] == ["de1", "en1"]
    assert {e["article"] for e in detailed["errors"]} == {"en1"}

    text = report.render_text()
    for needle in ("EVENTS", "QUOTES", "COMMITMENTS", "type+actor+recipient", "tp", "fp", "fn"):
        assert needle in text
    assert [ln.split()[0] for ln in text.splitlines() if ln.split()[1:2] == ["type"]] == [
        "all",
        "de",
        "en",
    ]
    assert "France promised" not in text  # errors are not printed


def test_pair_by_id_fills_missing_documents() -> None:
    g = gold(events=[gev(S1, "AGREE", ["FRA"])], id="lonely")
    ((_, d),) = pair_by_id([g], [])
    assert d.article.id == "lonely"
    assert score([(g, d)]).overall.events.type.fn == 1


# ------------------------------------------------------------------ gold as prediction

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "paris-security-guarantees.gold.jsonl"
needs_shared = pytest.mark.skipif(
    not EXAMPLE.exists(), reason="../shared (SPEC example and gold data) is absent"
)


def document_from_gold(g: GoldArticle) -> Document:
    """Gold converted by hand: sentence spans, one entity per code / speaker."""
    entities: dict[tuple[str, str | None], Entity] = {}

    def ent(name: str, code: str | None) -> str:
        key = (name, code)
        if key not in entities:
            entities[key] = Entity(f"e{len(entities)}", name, "state", code)
        return entities[key].id

    def actor(code: str) -> str:
        return ent(code, None if code == "*" else code)

    events = []
    for i, e in enumerate(g.events):
        start = g.text.index(e.sentence)
        span = (start, start + len(e.sentence))
        events.append(
            Event(
                id=f"v{i}",
                type=e.type,
                actor=[actor(c) for c in e.actor],
                recipient=[actor(c) for c in e.recipient],
                trigger=span,
                span=span,
                aux=e.aux,
                condition="ja" if e.condition else None,
                content=Content(e.content) if e.content else None,
                source=actor(e.source) if e.source else None,
            )
        )
    quotes = []
    for i, q in enumerate(g.quotes):
        start = g.text.index(q.sentence) + q.sentence.index(q.text)
        quotes.append(
            Quote(
                id=f"q{i}",
                speaker=ent(q.speaker or "", q.speaker_code),
                kind=q.kind or "direct",
                text=q.text,
                span=(start, start + len(q.text)),
            )
        )
    commitments = [
        Commitment(
            id=f"c{i}",
            givers=[actor(x) for x in c.givers],
            recipient=[actor(x) for x in c.recipient],
            what=c.what,
            text="",
            stage=c.stage or "",
            condition="ja" if c.condition else None,
        )
        for i, c in enumerate(g.commitments)
    ]
    return Document(
        article=g.to_article(),
        entities=list(entities.values()),
        events=events,
        quotes=quotes,
        commitments=commitments,
    )


def assert_perfect(report: Any) -> None:
    ev, qu, cm = report.overall.events, report.overall.quotes, report.overall.commitments
    for prf in (ev.type, ev.type_actor, ev.type_actor_recipient, qu.span, cm.match):
        assert prf.f1 == 1.0, prf
    for acc in (ev.aux, ev.source, ev.content, qu.speaker_code, qu.speaker_name, cm.stage):
        assert acc.accuracy == 1.0, acc
    assert ev.condition.f1 == 1.0
    assert report.errors == []


@needs_shared
def test_worked_example_gold_as_prediction_scores_one() -> None:
    (g,) = load_gold(EXAMPLE)
    assert g.sections == {"events", "quotes", "commitments"}
    report = score([(g, document_from_gold(g))])
    assert_perfect(report)
    assert report.overall.events.type.tp == len(g.events) == 16
    assert report.overall.quotes.span.tp == len(g.quotes)
    assert report.by_language["de"].events.type_actor.f1 == 1.0
    assert report.warnings == []
    # The package's own gold-to-document conversion agrees.
    assert_perfect(score([(g, gold_to_document(g))]))


@needs_shared
def test_events_dev_gold_as_prediction_scores_one() -> None:
    path = SHARED / "data" / "events-de-dev" / "gold.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    gold_articles = load_gold(path)
    report = score((g, gold_to_document(g)) for g in gold_articles)
    ev = report.overall.events
    assert ev.type_actor_recipient.f1 == 1.0 and ev.type.tp == 247
    assert report.overall.quotes.span.f1 == 1.0
    assert report.overall.commitments.match.f1 == 1.0
    assert not any("not found" in w or "could not" in w for w in report.warnings)


@needs_shared
@pytest.mark.slow
def test_spkatt_gold_quotes_all_located() -> None:
    path = SHARED / "data" / "spkatt-train" / "gold.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    report = score((g, gold_to_document(g)) for g in load_gold(path))
    assert report.overall.events.articles == 0  # SpkAtt annotates quotes only
    assert report.overall.quotes.span.f1 == 1.0
    assert report.overall.quotes.speaker_name.accuracy == 1.0
    assert not any("not found" in w or "could not" in w for w in report.warnings)
