"""Threading rules of the commitment ledger on hand-built documents (German and English)."""

from __future__ import annotations

import random

from test_ledger_fixtures import DocBuilder, simple_doc
from wirecoder.ledger import EntryRef, LedgerConfig, build_ledger
from wirecoder.ledger.build import Ledger, assign_ids
from wirecoder.ledger.model import Correction, Entry, Thread, summarize
from wirecoder.ledger.observe import observe, text_features
from wirecoder.records import Document

NOR = [("Norwegen", "NOR")]
UKR = [("Ukraine", "UKR")]


def _only(ledger: Ledger) -> Thread:
    assert len(ledger.threads) == 1, [t.to_json() for t in ledger.threads]
    return ledger.threads[0]


def _by_givers(ledger: Ledger) -> dict[tuple[str, ...], Thread]:
    return {tuple(t.givers): t for t in ledger.threads}


# -- linking ----------------------------------------------------------------------------


def test_german_and_english_reports_of_one_commitment_are_one_thread() -> None:
    docs = [
        simple_doc(
            "a1",
            "2026-01-12",
            NOR,
            UKR,
            "military_aid",
            "offered",
            "Norwegen hat der Ukraine zwei NASAMS-Systeme angeboten.",
            language="de",
        ),
        simple_doc(
            "a2",
            "2026-02-09",
            [("Norway", "NOR")],
            [("Ukraine", "UKR")],
            "military_aid",
            "promised",
            "Norway promised Ukraine two NASAMS systems.",
            language="en",
        ),
    ]
    thread = _only(build_ledger(docs))
    assert thread.id == "t1"
    assert [e.stage for e in thread.entries] == ["offered", "promised"]
    assert thread.stage == "promised"
    assert thread.givers == ["NOR"] and thread.recipient == ["UKR"]
    second = thread.entries[1]
    assert second.score is not None and second.score > 0.5
    assert "linked to t1" in second.reason
    assert "nasam" in second.reason and "shared givers NOR" in second.reason
    assert thread.entries[0].reason.startswith("new thread t1")


def test_different_what_giver_or_recipient_make_separate_threads() -> None:
    docs = [
        simple_doc("a1", "2026-01-01", NOR, UKR, "military_aid", "promised", "NOR arms UKR."),
        simple_doc("a2", "2026-01-02", NOR, UKR, "financial_aid", "promised", "NOR pays UKR."),
        simple_doc(
            "a3", "2026-01-03", [("Schweden", "SWE")], UKR, "military_aid", "promised", "SWE."
        ),
        simple_doc(
            "a4", "2026-01-04", NOR, [("Moldau", "MDA")], "military_aid", "promised", "NOR MDA."
        ),
    ]
    ledger = build_ledger(docs)
    assert len(ledger.threads) == 4
    assert [t.id for t in ledger.threads] == ["t1", "t2", "t3", "t4"]


def test_recipient_missing_on_one_side_still_links() -> None:
    docs = [
        simple_doc(
            "a1", "2026-01-26", [("Netherlands", "NLD")], UKR, "troops", "offered", "send 250."
        ),
        simple_doc(
            "a2", "2026-04-13", [("Netherlands", "NLD")], [], "troops", "withdrawn", "send 250."
        ),
    ]
    thread = _only(build_ledger(docs))
    assert thread.stage == "withdrawn"
    assert thread.recipient == ["UKR"]
    assert "recipient not stated on one side" in thread.entries[1].reason


def test_outside_the_time_window_a_new_thread_opens() -> None:
    docs = [
        simple_doc("a1", "2024-01-01", NOR, UKR, "military_aid", "promised", "NASAMS."),
        simple_doc("a2", "2025-06-01", NOR, UKR, "military_aid", "promised", "NASAMS."),
    ]
    ledger = build_ledger(docs)
    assert len(ledger.threads) == 2
    assert "window 365 days" in ledger.threads[1].entries[0].reason
    assert "t1 was last reported on 2024-01-01" in ledger.threads[1].entries[0].reason
    assert len(build_ledger(docs, config=LedgerConfig(window_days=600)).threads) == 1


def test_ended_thread_is_not_reopened_by_a_new_offer() -> None:
    nld = [("Netherlands", "NLD")]
    docs = [
        simple_doc("a1", "2026-01-26", nld, UKR, "troops", "offered", "send 250 soldiers."),
        simple_doc("a2", "2026-04-13", nld, UKR, "troops", "withdrawn", "withdrew the offer."),
        simple_doc("a3", "2026-06-01", nld, UKR, "troops", "offered", "send 100 soldiers."),
    ]
    ledger = build_ledger(docs)
    assert [t.stage for t in ledger.threads] == ["withdrawn", "offered"]
    assert "t1 ended (withdrawn on 2026-04-13)" in ledger.threads[1].entries[0].reason


def test_ambiguous_candidates_link_best_and_name_the_other_without_merging() -> None:
    fra, gbr = ("Frankreich", "FRA"), ("Großbritannien", "GBR")
    text = "Soldaten in der Ukraine stationieren."
    docs = [
        simple_doc("a1", "2026-01-01", [fra], UKR, "troops", "offered", text, language="de"),
        simple_doc("a2", "2026-01-02", [gbr], UKR, "troops", "offered", text, language="de"),
        simple_doc("a3", "2026-01-06", [fra, gbr], UKR, "troops", "intent_signed", text),
    ]
    ledger = build_ledger(docs)
    assert len(ledger.threads) == 2  # never merged automatically
    t1, t2 = ledger.threads
    # Equal scores: the thread reported most recently wins.
    assert [e.article_id for e in t1.entries] == ["a1"]
    assert [e.article_id for e in t2.entries] == ["a2", "a3"]
    reason = t2.entries[1].reason
    assert "linked to t2" in reason
    assert "ambiguous: also close t1" in reason and "not merged" in reason
    decision = next(d for d in ledger.decisions if d.article_id == "a3")
    assert decision.alternative_ids == ["t1"]
    assert decision.to_row()["alternatives"][0]["thread"] == "t1"


def test_object_overlap_decides_between_two_threads() -> None:
    fra, gbr = ("France", "FRA"), ("Britain", "GBR")
    docs = [
        simple_doc("a1", "2026-01-01", [fra], UKR, "military_aid", "offered", "Caesar howitzers"),
        simple_doc("a2", "2026-01-02", [gbr], UKR, "military_aid", "offered", "Storm Shadow"),
        simple_doc(
            "a3", "2026-01-06", [fra, gbr], UKR, "military_aid", "promised", "12 Caesar howitzers"
        ),
    ]
    t1, t2 = build_ledger(docs).threads
    assert [e.article_id for e in t1.entries] == ["a1", "a3"]
    assert [e.article_id for e in t2.entries] == ["a2"]
    assert "shared words caesar, howitzer" in t1.entries[1].reason
    assert "ambiguous" not in t1.entries[1].reason


def test_text_features_match_across_languages_and_notations() -> None:
    feats = text_features("die Lieferung von 2,5 Milliarden Kronen für NASAMS-Systeme")
    assert {"#25", "nasam", "system", "liefer"} <= feats
    assert {"#25", "system"} <= text_features("2.5 billion crowns for the systems")
    assert "system" in text_features("Luftverteidigungssysteme")  # compound head
    assert "#1200" in text_features("1.200 Soldaten") & text_features("1,200 soldiers")


def test_two_commitments_of_one_article_in_one_thread_make_one_entry() -> None:
    b = DocBuilder("a2", "2026-02-09", "Norwegen sagt zu. Norwegen liefert.", "de")
    nor, ukr = b.entity("Norwegen", "NOR"), b.entity("Ukraine", "UKR")
    v1 = b.event("Norwegen sagt zu.", "AGREE", [nor], [ukr], stage="promised")
    v2 = b.event("Norwegen liefert.", "AID", [nor], [], stage="delivered")
    b.commitment([nor], [ukr], "military_aid", "promised", [v1], text="NASAMS")
    b.commitment([nor], [], "military_aid", "delivered", [v2], text="NASAMS")
    first = simple_doc("a1", "2026-01-12", NOR, UKR, "military_aid", "offered", "NASAMS")
    ledger = build_ledger([first, b.build()])
    thread = _only(ledger)
    assert [e.stage for e in thread.entries] == ["offered", "delivered"]
    assert thread.entries[1].event_id == "v2"
    assert "same article" in thread.entries[1].reason
    assert [d.action for d in ledger.decisions] == ["new", "linked", "same_article"]


# -- stages, flags, amounts ---------------------------------------------------------------


def test_regression_is_flagged_and_never_lowers_the_stage() -> None:
    docs = [
        simple_doc("a1", "2026-04-27", NOR, UKR, "military_aid", "delivered", "eingetroffen"),
        simple_doc("a2", "2026-05-11", NOR, UKR, "military_aid", "promised", "remain promised"),
    ]
    thread = _only(build_ledger(docs))
    assert thread.stage == "delivered"
    assert thread.flags == [
        "contradicted: 2026-05-11 says promised after delivered on 2026-04-27 (article a2)"
    ]
    assert [e.stage for e in thread.entries] == ["delivered", "promised"]


def test_same_day_lower_stage_is_not_a_contradiction() -> None:
    docs = [
        simple_doc("a1", "2026-04-27", NOR, UKR, "military_aid", "delivered", "NASAMS"),
        simple_doc("a2", "2026-04-27", NOR, UKR, "military_aid", "promised", "NASAMS"),
    ]
    assert _only(build_ledger(docs)).flags == []


def test_explicit_denial_is_named_in_the_flag() -> None:
    text = "Norway has not yet delivered the systems it promised to Ukraine."
    b = DocBuilder("a2", "2026-05-11", text, "en")
    nor, ukr = b.entity("Norway", "NOR"), b.entity("Ukraine", "UKR")
    b.event(text, "AID", [nor], [ukr], aux="negated")
    v2 = b.event(text, "AGREE", [nor], [ukr], stage="promised", content="the systems")
    b.commitment([nor], [ukr], "military_aid", "promised", [v2])
    first = simple_doc("a1", "2026-04-27", NOR, UKR, "military_aid", "delivered", "Systeme")
    thread = _only(build_ledger([first, b.build()]))
    assert thread.flags[0].startswith("contradicted: 2026-05-11 says promised after delivered")
    assert "denies delivered" in thread.flags[0]


def test_amount_growth_is_history_and_a_decrease_is_flagged() -> None:
    deu = [("Germany", "DEU")]
    docs = [
        simple_doc(
            "a1",
            "2026-01-26",
            deu,
            UKR,
            "financial_aid",
            "promised",
            "500 million euros",
            amount=5e8,
            unit="EUR",
        ),
        simple_doc(
            "a2",
            "2026-02-23",
            deu,
            UKR,
            "financial_aid",
            "promised",
            "1,2 Mrd. Euro",
            amount=1.2e9,
            unit="EUR",
            language="de",
        ),
    ]
    thread = _only(build_ledger(docs))
    assert [e.amount for e in thread.entries] == [5e8, 1.2e9]
    assert thread.state.amount == 1.2e9 and thread.state.unit == "EUR"
    assert thread.flags == []
    lower = simple_doc(
        "a3",
        "2026-03-01",
        deu,
        UKR,
        "financial_aid",
        "promised",
        "300 million euros",
        amount=3e8,
        unit="EUR",
    )
    thread = _only(build_ledger([*docs, lower]))
    assert thread.state.amount == 3e8
    assert thread.flags == [
        "amount decreased: 2026-03-01 says 300,000,000 EUR after 1,200,000,000 EUR on 2026-02-23"
    ]


def test_withdrawn_ends_the_thread_and_condition_is_kept() -> None:
    nld = [("Netherlands", "NLD")]
    docs = [
        simple_doc(
            "a1",
            "2026-01-26",
            nld,
            UKR,
            "troops",
            "offered",
            "250 soldiers",
            condition="once a ceasefire is in place",
        ),
        simple_doc("a2", "2026-04-13", nld, [], "troops", "withdrawn", "250 soldiers"),
    ]
    line = _only(build_ledger(docs)).to_json()
    assert line["stage"] == "withdrawn"
    assert line["condition"] == "once a ceasefire is in place"
    assert line["flags"] == []


def test_summarize_reports_reopening_after_a_manual_merge() -> None:
    entries = [
        Entry("a1", "2026-01-01", "offered", "troops", ["NLD"], ["UKR"]),
        Entry("a2", "2026-02-01", "withdrawn", "troops", ["NLD"], ["UKR"]),
        Entry("a3", "2026-03-01", "offered", "troops", ["NLD"], ["UKR"]),
    ]
    state = summarize(entries)
    assert state.stage == "offered"
    assert state.flags == ["reopened: 2026-03-01 says offered after withdrawn on 2026-02-01"]


# -- historical events, actors ------------------------------------------------------------


def test_historical_restatement_adds_no_entry() -> None:
    text = "The Ukrainian air force had said on April 27 that both systems were in the country."
    b = DocBuilder("a3", "2026-05-11", text, "en")
    nor, ukr = b.entity("Norway", "NOR"), b.entity("Ukraine", "UKR")
    v1 = b.event(text, "AID", [nor], [ukr], stage="delivered", aux="historical")
    b.commitment([nor], [ukr], "military_aid", "delivered", [v1], text="both systems")
    docs = [
        simple_doc("a1", "2026-02-09", NOR, UKR, "military_aid", "promised", "systems"),
        simple_doc("a2", "2026-04-27", NOR, UKR, "military_aid", "delivered", "systems"),
        b.build(),
    ]
    ledger = build_ledger(docs)
    thread = _only(ledger)
    assert [e.date for e in thread.entries] == ["2026-02-09", "2026-04-27"]
    assert ledger.decisions[-1].action == "restated"
    assert "historical restatement of delivered" in ledger.decisions[-1].reason


def test_historical_event_does_not_set_the_article_stage() -> None:
    """derive_commitments merges a historical AID into the commitment (stage delivered);
    the ledger takes the stage from the article's own, non-historical events."""
    sent1 = "Norway has not yet delivered the systems it promised to Ukraine."
    sent2 = "The Ukrainian air force had said on April 27 that both systems were delivered."
    b = DocBuilder("a9", "2026-05-11", f"{sent1} {sent2}", "en")
    nor, ukr = b.entity("Norway", "NOR"), b.entity("Ukraine", "UKR")
    v1 = b.event(sent1, "AGREE", [nor], [ukr], stage="promised", content="the systems")
    v2 = b.event(sent2, "AID", [nor], [ukr], stage="delivered", aux="historical")
    b.commitment([nor], [ukr], "military_aid", "delivered", [v1, v2], text="both systems")
    (obs,) = observe(b.build())
    assert obs.stage == "promised" and obs.event_id == "v1" and obs.evidence == sent1
    assert not obs.historical


def test_wildcard_codes_are_keyed_by_name_and_unknown_givers_skipped() -> None:
    allies = [("die Verbündeten", "*")]
    docs = [
        simple_doc("a1", "2026-01-01", allies, UKR, "military_aid", "promised", "Munition"),
        simple_doc("a2", "2026-01-05", allies, UKR, "military_aid", "delivered", "Munition"),
        simple_doc("a3", "2026-01-05", [("Koalition", None)], UKR, "troops", "offered", "x"),
    ]
    doc = simple_doc("a4", "2026-01-07", NOR, UKR, "troops", "offered", "y")
    doc.commitments[0].givers = ["e99"]  # an entity id the document does not have
    ledger = build_ledger([*docs, doc])
    threads = _by_givers(ledger)
    assert threads[("die Verbündeten",)].stage == "delivered"
    assert ("Koalition",) in threads
    skipped = [d for d in ledger.decisions if d.action == "skipped"]
    assert len(skipped) == 1 and "no giver is a known entity" in skipped[0].reason


def test_recipient_is_not_its_own_giver() -> None:
    text = "Norway and Ukraine signed an agreement for two NASAMS systems."
    b = DocBuilder("a2", "2026-03-09", text, "en")
    nor, ukr = b.entity("Norway", "NOR"), b.entity("Ukraine", "UKR")
    v1 = b.event(text, "AGREE", [nor, ukr], [], stage="agreed")
    b.commitment([nor, ukr], [], "military_aid", "agreed", [v1], text="two NASAMS systems")
    first = simple_doc("a1", "2026-02-09", NOR, UKR, "military_aid", "promised", "NASAMS")
    thread = _only(build_ledger([first, b.build()]))
    assert thread.givers == ["NOR"] and thread.recipient == ["UKR"]
    assert thread.stage == "agreed"


def test_recipient_rejecting_an_offer_joins_the_offer_thread() -> None:
    docs = [
        simple_doc("a1", "2026-01-01", NOR, UKR, "troops", "offered", "Soldaten"),
        simple_doc(
            "a2", "2026-01-10", UKR, NOR, "troops", "rejected", "Soldaten", event_type="REJECT"
        ),
    ]
    thread = _only(build_ledger(docs))
    assert thread.givers == ["NOR"] and thread.recipient == ["UKR"]
    assert thread.stage == "rejected"
    assert "answers the thread's offer" in thread.entries[1].reason


# -- determinism, corrections, ids ----------------------------------------------------------


def _docs() -> list[Document]:
    fra, gbr = ("France", "FRA"), ("Britain", "GBR")
    return [
        simple_doc("a1", "2026-01-01", [fra], UKR, "troops", "offered", "troops for Ukraine"),
        simple_doc("a2", "2026-01-03", [gbr], UKR, "troops", "promised", "troops for Ukraine"),
        simple_doc("a3", "2026-01-06", [fra], UKR, "troops", "intent_signed", "troops"),
        simple_doc("a4", "2026-02-01", [gbr], UKR, "troops", "agreed", "troops"),
        simple_doc("a5", None, [fra], UKR, "troops", "approved", "troops"),
    ]


def test_build_is_deterministic_whatever_the_input_order() -> None:
    expected = [t.to_json(details=True) for t in build_ledger(_docs()).threads]
    for seed in range(5):
        docs = _docs()
        random.Random(seed).shuffle(docs)
        assert [t.to_json(details=True) for t in build_ledger(docs).threads] == expected
    # The undated article comes last and does not break the window check.
    assert expected[0]["history"][-1]["date"] is None


def _refs(thread: Thread) -> list[EntryRef]:
    return [e.ref() for e in thread.entries]


def test_merge_and_split_corrections_replay_on_a_fresh_build() -> None:
    base = build_ledger(_docs())
    t1, t2 = base.threads
    merge = Correction(1, "merge", ["t1", "t2"], [_refs(t1), _refs(t2)], new_id="t1")
    merged = build_ledger(_docs(), [merge])
    (thread,) = merged.threads
    assert thread.id == "t1" and thread.corrections == [1]
    assert len(thread.entries) == 5
    assert "merged into t1 by correction 1" in thread.entries[1].reason
    a4 = next(e for e in thread.entries if e.article_id == "a4")
    split = Correction(2, "split", ["t1"], [[a4.ref()], []], new_id="t7")
    result = build_ledger(_docs(), [merge, split])
    assert [t.id for t in result.threads] == ["t1", "t7"]
    assert [e.article_id for e in result.thread("t7").entries] == ["a4"]  # type: ignore[union-attr]
    assert all(r.applied for r in result.corrections)
    assert result.next_number == 8


def test_correction_whose_entries_are_gone_is_reported_not_applied() -> None:
    ghost = EntryRef("zz", "troops", ("FRA",), ("UKR",))
    result = build_ledger(
        _docs(),
        [Correction(1, "merge", ["t1", "t9"], [[ghost], _refs(build_ledger(_docs()).threads[0])])],
    )
    assert len(result.threads) == 2
    assert not result.corrections[0].applied
    assert "entries are gone" in result.corrections[0].message


def test_entry_refs_survive_renumbered_commitments_and_changed_actors() -> None:
    entry = Entry("a1", "2026-01-01", "offered", "troops", ["FRA"], ["UKR"], commitment_id="c1")
    ref = entry.ref()
    assert ref.match(entry) == 3
    changed = Entry("a1", "2026-01-01", "offered", "troops", ["FRA", "GBR"], [], commitment_id="c4")
    assert ref.match(changed) == 2
    assert ref.match(Entry("a1", None, "offered", "other", ["FRA"], [])) == 1
    assert ref.match(Entry("a2", None, "offered", "troops", ["FRA"], ["UKR"])) == 0
    assert EntryRef.from_dict(ref.to_dict()) == ref


def test_ids_are_kept_from_the_previous_build_and_new_ones_are_never_reused() -> None:
    ledger = build_ledger(_docs())
    previous = {e.key(): t.id for t in ledger.threads for e in t.entries}
    # An earlier article about Britain's troops arrives: the ids stay.
    early = simple_doc("a0", "2025-12-20", [("Britain", "GBR")], UKR, "troops", "considered", "x")
    again = build_ledger([early, *_docs()], previous=previous, next_number=ledger.next_number)
    assert {tuple(t.givers): t.id for t in again.threads} == {("FRA",): "t1", ("GBR",): "t2"}
    threads = [Thread(id="", entries=[Entry("b1", "2026-01-01", "offered", "x", ["A"], [])])]
    assert assign_ids(threads, {"gone|x||": "t5"}, 1) == 7 and threads[0].id == "t6"
