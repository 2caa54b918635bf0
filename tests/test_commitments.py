"""Commitment classification, amounts and merging within one article."""

from wirecoder.extract.commitments import (
    classify_what,
    commitment_lexicon,
    derive_commitments,
    find_amount,
    stage_rank,
)
from wirecoder.records import Content, Event


def _event(
    eid: str, etype: str, actor: list[str], recipient: list[str], text: str, stage: str | None
) -> Event:
    return Event(
        id=eid,
        type=etype,
        actor=actor,
        recipient=recipient,
        trigger=(0, 1),
        span=(0, 10),
        content=Content(type="AID", text=text),
        stage=stage,
    )


def test_what_classes_german_and_english() -> None:
    de = commitment_lexicon("de")
    en = commitment_lexicon("en")
    assert classify_what("Bundeswehrsoldaten zu stationieren", de) == "troops"
    assert classify_what("umfassende Sicherheitsgarantien zu geben", de) == "security_guarantee"
    assert classify_what("weitere Luftabwehrsysteme", de) == "military_aid"
    assert classify_what("ein neues Sanktionspaket", de) == "sanctions"
    assert classify_what("a loan for the budget", en) == "financial_aid"
    assert classify_what("peacekeepers to the region", en) == "troops"
    assert classify_what("kind words", en) is None


def test_amounts_with_multipliers_and_units() -> None:
    de = commitment_lexicon("de")
    en = commitment_lexicon("en")
    assert find_amount("Hilfe über 2 Mrd. Euro", de) == (2_000_000_000.0, "EUR")
    assert find_amount("bis zu 5.000 Soldaten", de) == (5000.0, "troops")
    assert find_amount("1,2 Milliarden Euro", de) == (1_200_000_000.0, "EUR")
    assert find_amount("a loan of $1.2 billion", en) == (1_200_000_000.0, "USD")
    assert find_amount("1.2 billion dollars", en) == (1_200_000_000.0, "USD")
    assert find_amount("no number here", de) is None


def test_merge_keeps_furthest_stage_and_unions_givers() -> None:
    events = [
        _event("v1", "AGREE", ["e1"], ["e3"], "Soldaten zu entsenden", "offered"),
        _event("v2", "AGREE", ["e1", "e2"], ["e3"], "Truppen in der Ukraine", "intent_signed"),
        _event("v3", "AGREE", ["e4"], ["e3"], "Bundeswehrsoldaten zu stationieren", "offered"),
    ]
    coms = derive_commitments(events, {}, "de")
    assert len(coms) == 2
    first = next(c for c in coms if "e1" in c.givers)
    assert set(first.givers) == {"e1", "e2"}
    assert first.stage == "intent_signed"
    assert first.events == ["v1", "v2"]
    assert stage_rank("delivered") > stage_rank("promised")


def test_negated_and_hypothetical_events_make_no_commitment() -> None:
    ev = _event("v1", "AGREE", ["e1"], ["e2"], "Soldaten zu entsenden", "offered")
    ev.aux = "negated"
    assert derive_commitments([ev], {}, "de") == []
