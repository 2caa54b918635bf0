"""The storyline of tests/data/articles/ledger/: nine articles, exactly four threads.

The expectations are read from the README's machine-readable block. The hand-built
documents mirror each article's commitments; the end-to-end test runs the extractor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from test_ledger_fixtures import (
    STORYLINE,
    missing_commitments,
    storyline_articles,
    storyline_docs,
    storyline_expectations,
    thread_summary,
)
from wirecoder.ledger import LedgerStore, build_ledger
from wirecoder.records import Document
from wirecoder.store import Store


def _check_storyline(lines: list[dict[str, Any]]) -> None:
    expected = storyline_expectations()
    assert len(lines) == len(expected) == 4
    got = {(tuple(x["givers"]), x["what"]): thread_summary(x) for x in lines}
    units = {(tuple(x["givers"]), x["what"]): x.get("unit") for x in lines}
    for want in expected:
        key = (tuple(want["givers"]), want["what"])
        assert key in got, f"missing thread {key}; have {sorted(got)}"
        have = got[key]
        unit = units.get(key)
        if want["givers"] == ["NOR"] and (have["amount"], unit) == (2_500_000_000, "NOK"):
            want = {**want, "amount": 2_500_000_000}  # reading NOK is optional
        if want["amount"] is None and unit == "troops":
            want = {**want, "amount": have["amount"]}  # the README's amounts are money
        assert have == want, key
    for line in lines:
        assert not {"UKR", "RUS", "GBR", "FRA"} & set(line["givers"])


def _line_for(lines: list[dict[str, Any]], giver: str, what: str) -> dict[str, Any]:
    return next(x for x in lines if x["givers"] == [giver] and x["what"] == what)


def test_storyline_threads_from_hand_built_documents() -> None:
    docs = storyline_docs()
    names = {a.id: name for name, a in storyline_articles().items()}
    assert missing_commitments({names[d.article.id]: d for d in docs}) == []
    _check_storyline([t.to_json(details=True) for t in build_ledger(docs).threads])


def test_storyline_history_cites_articles_and_evidence() -> None:
    articles = {a.id: a for a in storyline_articles().values()}
    lines = [t.to_json() for t in build_ledger(storyline_docs()).threads]
    for line in lines:
        dates = [h["date"] for h in line["history"]]
        assert dates == sorted(dates)
        for item in line["history"]:
            article = articles[item["article"]]
            assert item["date"] == article.date
            assert item["evidence"] and item["evidence"] in article.text
            assert item["event"]
    norway = _line_for(lines, "NOR", "military_aid")
    # German and English articles are one thread.
    languages = [articles[h["article"]].language for h in norway["history"]]
    assert set(languages) == {"de", "en"}
    last = norway["history"][-1]
    assert (last["date"], last["stage"]) == ("2026-05-11", "promised")
    assert "has not yet delivered" in last["evidence"]
    assert len(norway["flags"]) == 1 and norway["flags"][0].startswith("contradicted: 2026-05-11")
    assert articles[last["article"]].origin.endswith("2026-05-11-nasams-not-delivered.en.txt")
    germany = _line_for(lines, "DEU", "financial_aid")
    assert germany["amount"] == 1_200_000_000 and germany["flags"] == []
    details = next(t for t in build_ledger(storyline_docs()).threads if t.givers == ["DEU"])
    assert [e.amount for e in details.entries] == [5e8, 1.2e9, 1.2e9]
    dutch = _line_for(lines, "NLD", "troops")
    assert dutch["condition"] == "once a ceasefire is in place"


def test_storyline_through_the_store(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        for doc in storyline_docs():
            store.save_document(doc)
        ledger = LedgerStore(store)
        ledger.rebuild()
        _check_storyline([t.to_json(details=True) for t in ledger.threads()])


# -- end to end with the extractor -----------------------------------------------------------


def _extract_storyline() -> dict[str, Document]:
    try:
        from wirecoder.extract.pipeline import Extractor
    except ImportError as exc:  # the extractor is still being finished
        pytest.skip(f"extractor not importable: {exc}")
    extractor = Extractor()
    return {name: extractor.extract(a) for name, a in sorted(storyline_articles().items())}


def test_storyline_end_to_end_with_the_extractor(tmp_path: Path) -> None:
    """Ingest the nine files, extract, build the ledger: the README's four threads."""
    from wirecoder.ingest import read_paths

    docs = _extract_storyline()
    missing = missing_commitments(docs)
    assert not missing, "the extractor misses:\n" + "\n".join(missing)
    with Store(f"sqlite:///{tmp_path / 'e2e.db'}") as store:
        summary = store.add_articles(a for a in read_paths([str(STORYLINE)]) if hasattr(a, "text"))
        assert summary.added == 9
        for doc in docs.values():
            store.save_document(doc)
        ledger = LedgerStore(store)
        ledger.rebuild()
        _check_storyline([t.to_json(details=True) for t in ledger.threads()])
