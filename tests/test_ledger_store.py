"""The ledger in the database: migration, rebuild, corrections surviving rebuilds."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, select

from test_ledger_fixtures import simple_doc, storyline_docs
from wirecoder.ledger import LedgerError, LedgerStore, refresh_after_ingest
from wirecoder.ledger.tables import corrections_t, entries_t, links_t, threads_t
from wirecoder.records import Commitment, Document
from wirecoder.store import Store
from wirecoder.store import engine as engine_mod

UKR = [("Ukraine", "UKR")]
FRA, GBR = [("France", "FRA")], [("Britain", "GBR")]


@pytest.fixture()
def store(db_url: str) -> Iterator[Store]:
    """A store on SQLite, and on PostgreSQL when WIRECODER_TEST_PG_URL is set (conftest)."""
    with Store(db_url) as opened:
        yield opened


def _save(store: Store, docs: list[Document]) -> LedgerStore:
    for doc in docs:
        store.save_document(doc)
    return LedgerStore(store)


def _troop_docs() -> list[Document]:
    # Texts differ: the store merges articles with the same text.
    return [
        simple_doc("a1", "2026-01-01", FRA, UKR, "troops", "offered", "French troops for Ukraine."),
        simple_doc(
            "a2", "2026-01-03", GBR, UKR, "troops", "promised", "British troops for Ukraine."
        ),
        simple_doc("a3", "2026-01-06", FRA, UKR, "troops", "intent_signed", "French troops."),
        simple_doc("a4", "2026-02-01", GBR, UKR, "troops", "agreed", "British troops."),
    ]


def _dump(store: Store) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for table in (threads_t, entries_t, links_t):
            rows = [dict(r._mapping) for r in conn.execute(select(table))]
            for row in rows:
                row.pop("built_at", None)
            out[table.name] = sorted(rows, key=repr)
    return out


def _reextracted(doc: Document) -> Document:
    """The same article extracted again: a new extractor version, and an extra
    commitment first so that every commitment id changes."""
    again = copy.deepcopy(doc)
    again.extractor_version = "test-2"
    extra = Commitment(
        id="c0",
        givers=list(doc.commitments[0].givers),
        recipient=[],
        what="diplomatic",
        text="talks",
        stage="considered",
    )
    again.commitments.insert(0, extra)
    for n, com in enumerate(again.commitments, start=1):
        com.id = f"c{n}"
    return again


# -- schema ----------------------------------------------------------------------------


def test_migration_0002_creates_the_ledger_tables(store: Store) -> None:
    assert store.schema_revision() == engine_mod.head_revision()
    names = set(inspect(store.engine).get_table_names())
    assert {
        "ledger_threads",
        "ledger_entries",
        "ledger_links",
        "ledger_corrections",
        "ledger_meta",
    } <= names
    with store.engine.begin() as conn:
        command.downgrade(engine_mod.alembic_config(conn), "0001")
    assert not {n for n in inspect(store.engine).get_table_names() if n.startswith("ledger_")}
    store.upgrade()
    assert "ledger_threads" in inspect(store.engine).get_table_names()


# -- rebuild ---------------------------------------------------------------------------


def test_rebuild_is_deterministic_and_idempotent(store: Store, tmp_path: Path) -> None:
    ledger = _save(store, storyline_docs())
    summary = ledger.rebuild()
    assert (summary.documents, summary.threads, summary.entries) == (9, 4, 12)
    assert summary.actions == {"new": 4, "linked": 8}
    first = _dump(store)
    ledger.rebuild()
    assert _dump(store) == first
    # Another database, the documents saved in reverse order: the same ledger.
    with Store(f"sqlite:///{tmp_path / 'other.db'}") as other:
        _save(other, list(reversed(storyline_docs()))).rebuild()
        assert _dump(other) == first


def test_read_side_rebuilds_when_documents_change(store: Store) -> None:
    ledger = _save(store, _troop_docs()[:2])
    assert not ledger.is_current()
    assert ledger.ensure_current() is not None
    assert ledger.is_current() and ledger.ensure_current() is None
    assert len(ledger.threads()) == 2
    store.save_document(_troop_docs()[2])
    assert not ledger.is_current()
    ledger.ensure_current()
    assert [len(t.entries) for t in ledger.threads()] == [2, 1]


def test_status_and_refresh_after_ingest(store: Store) -> None:
    ledger = LedgerStore(store)
    empty = ledger.status()
    assert (empty.state, empty.built, empty.threads, empty.extracted) == ("empty", False, 0, 0)
    for doc in _troop_docs()[:2]:
        store.save_document(doc)
    assert ledger.status().state == "unbuilt"
    # What `wirecoder ingest` calls after extracting: rebuilds only when something changed.
    summary = refresh_after_ingest(store)
    assert summary is not None and summary.threads == 2
    assert refresh_after_ingest(store) is None
    status = ledger.status()
    assert (status.state, status.current, status.threads, status.newer) == ("current", True, 2, 0)
    assert status.built_at == ledger.meta()["built_at"]
    store.save_document(_troop_docs()[2])
    stale = ledger.status()
    assert (stale.state, stale.current, stale.extracted, stale.newer) == ("stale", False, 3, 1)
    assert stale.current == ledger.is_current()
    assert refresh_after_ingest(store) is not None
    assert ledger.status().state == "current"
    assert [len(t.entries) for t in ledger.threads()] == [2, 1]


def test_each_flag_names_the_entry_that_raised_it(store: Store) -> None:
    ledger = _save(
        store,
        [
            simple_doc("b1", "2026-02-01", GBR, UKR, "troops", "agreed", "UK agrees to troops."),
            simple_doc("b2", "2026-02-09", GBR, UKR, "troops", "offered", "UK offers troops."),
        ],
    )
    ledger.rebuild()
    (thread,) = ledger.threads()
    assert [f.split(":")[0] for f in thread.flags] == ["contradicted"]
    assert [e.article_id for e in thread.state.flagged] == ["b2"]
    assert thread.state.flagged[0] is thread.entries[1]


def test_thread_ids_survive_an_earlier_article_arriving_later(store: Store) -> None:
    ledger = _save(store, _troop_docs())
    ledger.rebuild()
    before = {tuple(t.givers): t.id for t in ledger.threads()}
    store.save_document(
        simple_doc("a0", "2025-12-01", GBR, UKR, "troops", "considered", "UK troops for Ukraine?")
    )
    ledger.ensure_current()
    after = {tuple(t.givers): t.id for t in ledger.threads()}
    assert after == before == {("FRA",): "t1", ("GBR",): "t2"}
    assert ledger.thread("t2").entries[0].article_id == "a0"  # type: ignore[union-attr]


def test_filters_and_as_of_view(store: Store) -> None:
    ledger = _save(store, storyline_docs())
    ledger.rebuild()
    assert [t.givers for t in ledger.threads(giver="nor")] == [["NOR"]]
    assert {t.what for t in ledger.threads(what="military_aid")} == {"military_aid"}
    assert len(ledger.threads(recipient="UKR")) == 4
    assert ledger.threads(recipient="RUS") == []
    # As of 2026-03-31: Norway approved, no contradiction yet, Dutch offer still open.
    then = {t.id: t for t in ledger.threads(until="2026-03-31")}
    assert then["t1"].stage == "approved" and then["t1"].flags == []
    assert then["t3"].stage == "offered"
    assert {t.id for t in ledger.threads(since="2026-04-28")} == {"t1"}
    assert {t.id for t in ledger.threads(since="2026-03-01", until="2026-03-31")} == {"t1", "t4"}


def test_link_decisions_are_stored_with_scores_and_reasons(store: Store) -> None:
    ledger = _save(store, storyline_docs())
    ledger.rebuild()
    rows = ledger.decisions("t1")
    assert [r["action"] for r in rows] == ["new"] + ["linked"] * 5
    assert all(r["score"] > 0.5 and r["reason"].startswith("linked to t1") for r in rows[1:])
    assert set(rows[1]["components"]) == {"givers", "recipient", "object", "time"}


# -- corrections -----------------------------------------------------------------------


def test_merge_survives_rebuild_and_reextraction(store: Store) -> None:
    ledger = _save(store, _troop_docs())
    ledger.rebuild()
    correction, summary = ledger.merge("t1", "t2", note="same coalition force")
    assert correction.id == 1 and summary.threads == 1
    (merged,) = ledger.threads()
    assert merged.id == "t1" and len(merged.entries) == 4 and merged.corrections == [1]
    assert merged.givers == ["FRA", "GBR"]
    ledger.rebuild()
    assert [(t.id, len(t.entries)) for t in ledger.threads()] == [("t1", 4)]
    # Re-extraction renumbers every commitment of a2: the merge still applies.
    store.save_document(_reextracted(_troop_docs()[1]))
    ledger.ensure_current()
    threads = {t.what: t for t in ledger.threads()}
    assert threads["troops"].id == "t1" and len(threads["troops"].entries) == 4
    assert any(e.commitment_id == "c2" for e in threads["troops"].entries)
    assert ledger.correction_status()[1] == (True, "merge t2 into t1: 2 entries moved")


def test_split_survives_rebuild_and_reextraction(store: Store) -> None:
    ledger = _save(store, storyline_docs())
    ledger.rebuild()
    last = ledger.thread("t1").entries[-1].article_id  # type: ignore[union-attr]
    correction, _summary = ledger.split("t1", last[:8], note="other systems")
    assert correction.new_id == "t5"
    t1, t5 = ledger.thread("t1"), ledger.thread("t5")
    assert t1 is not None and t5 is not None
    assert t1.flags == [] and len(t1.entries) == 5
    assert [e.stage for e in t5.entries] == ["promised"]
    doc9 = storyline_docs()[-1]
    store.save_document(_reextracted(doc9))
    ledger.ensure_current()
    # (plus a thread for the extra "diplomatic" commitment of the re-extraction)
    assert [len(t.entries) for t in ledger.threads()] == [5, 3, 2, 1, 1, 1]
    assert ledger.thread("t5").entries[0].article_id == last  # type: ignore[union-attr]
    assert "split out of t1 by correction 1" in ledger.thread("t5").entries[0].reason  # type: ignore[union-attr]
    # Forgetting the correction restores the automatic threading.
    ledger.delete_correction(1)
    assert len(ledger.thread("t1").entries) == 6  # type: ignore[union-attr]
    assert ledger.thread("t5") is None


def test_split_with_later_entries_and_by_position(store: Store) -> None:
    ledger = _save(store, storyline_docs())
    ledger.rebuild()
    ledger.split("t1", "5", with_later=True)
    assert [e.stage for e in ledger.thread("t5").entries] == ["delivered", "promised"]  # type: ignore[union-attr]
    assert ledger.thread("t1").stage == "approved"  # type: ignore[union-attr]
    ledger.split("t1", "1")
    assert [e.stage for e in ledger.thread("t6").entries] == ["offered"]  # type: ignore[union-attr]
    ledger.rebuild()
    assert [t.id for t in ledger.threads()] == ["t1", "t2", "t3", "t4", "t5", "t6"]
    with store.engine.connect() as conn:
        kinds = [r.kind for r in conn.execute(select(corrections_t.c.kind))]
    assert kinds == ["split", "split"]


def test_corrections_reject_bad_requests(store: Store) -> None:
    ledger = _save(store, storyline_docs())
    ledger.rebuild()
    with pytest.raises(LedgerError, match="no thread"):
        ledger.merge("t1", "t99")
    with pytest.raises(LedgerError, match="itself"):
        ledger.merge("t1", "t1")
    with pytest.raises(LedgerError, match="no entry from article"):
        ledger.split("t1", "nope")
    with pytest.raises(LedgerError, match="entries 1 to 6"):
        ledger.split("t1", "7")
    with pytest.raises(LedgerError, match="empty"):
        ledger.split("t4", "1")
    with pytest.raises(LedgerError, match="empty"):
        ledger.split("t1", "1", with_later=True)
    with pytest.raises(LedgerError, match="no correction"):
        ledger.delete_correction(42)
    assert ledger.corrections() == []
