"""Store tests, run on SQLite always and on PostgreSQL when WIRECODER_TEST_PG_URL is set.

    export WIRECODER_TEST_PG_URL=$(bash scripts/postgres-test-server.sh)
    .venv/bin/pytest tests/test_store.py            # both databases
    .venv/bin/pytest tests/test_store.py -m postgres

Each PostgreSQL test gets its own schema (dropped afterwards), so runs in parallel
(pytest -n) do not interfere.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event, func, inspect, select, text

from wirecoder.records import Article, Commitment, Content, Document, Entity, Event, Quote
from wirecoder.store import (
    AmbiguousIdError,
    IngestSummary,
    Store,
    StoreError,
    content_hash,
    normalize_url,
)
from wirecoder.store import engine as engine_mod
from wirecoder.store import rows as rows_mod
from wirecoder.store import store as store_mod
from wirecoder.store.models import Base

PG_ENV = "WIRECODER_TEST_PG_URL"

TABLES = {
    "articles",
    "article_sources",
    "article_links",
    "entities",
    "entity_mentions",
    "quotes",
    "events",
    "commitments",
    "extractions",
    "batch_partitions",
    "batch_errors",
}


# -- fixtures -------------------------------------------------------------------------


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as opened:
        yield opened


# -- sample data ----------------------------------------------------------------------

WORDS = [
    "Regierung",
    "Kanzler",
    "Minister",
    "Armee",
    "Vertrag",
    "Gipfel",
    "Paris",
    "Kiew",
    "Berlin",
    "London",
    "Moskau",
    "Waffenstillstand",
    "Soldaten",
    "Hilfe",
    "Sanktionen",
    "Erklärung",
    "Bündnis",
    "Koalition",
    "Sicherheit",
    "Garantie",
    "Gespräche",
    "Treffen",
    "Präsident",
    "Parlament",
    "Abkommen",
    "Grenze",
    "Truppen",
    "Lieferung",
    "Milliarden",
    "Euro",
    "Dollar",
    "Woche",
    "Montag",
    "Dienstag",
    "sagte",
    "erklärte",
    "betonte",
    "kündigte",
    "an",
]


def prose(seed: int, n: int = 120) -> str:
    """Deterministic pseudo-text of ``n`` words; different seeds share few 3-shingles."""
    out, x = [], seed * 7919 + 17
    for _ in range(n):
        x = (x * 1103515245 + 12345) % (2**31)
        out.append(WORDS[x % len(WORDS)])
    return " ".join(out) + "."


MERZ_TEXT = (
    "Merz sagt Bereitschaft zu\n\n"
    "Bundeskanzler Friedrich Merz hat in Paris die Bereitschaft Deutschlands erklärt, "
    "sich an Sicherheitsgarantien für die Ukraine zu beteiligen. "
    '"Wir schließen dabei grundsätzlich nichts aus", sagte Merz. '
    "Großbritannien und Frankreich unterzeichneten eine Absichtserklärung, nach einem "
    "Waffenstillstand Soldaten in der Ukraine zu stationieren."
)


def merz_article(**changes: Any) -> Article:
    article = Article(
        id="paris-2026-01-06",
        text=MERZ_TEXT,
        date="2026-01-06",
        sources=["APA", "Reuters", "dpa"],
        language="de",
        title="Merz sagt Bereitschaft zu",
        url="https://example.org/paris",
        origin="examples/paris.de.txt",
    )
    return dataclasses.replace(article, **changes)


def span(text_: str, needle: str) -> tuple[int, int]:
    start = text_.index(needle)
    return (start, start + len(needle))


def merz_document(version: str = "0.1.0", article: Article | None = None) -> Document:
    art = article or merz_article()
    t = art.text
    return Document(
        article=art,
        entities=[
            Entity(
                "e1",
                "Friedrich Merz",
                "person",
                "DEU",
                "GOV",
                "Bundeskanzler",
                [
                    span(t, "Friedrich Merz"),
                    (t.index("sagte Merz") + 6, t.index("sagte Merz") + 10),
                ],
            ),
            Entity("e2", "Deutschland", "state", "DEU", None, None, [span(t, "Deutschlands")]),
            Entity("e3", "Ukraine", "state", "UKR", mentions=[span(t, "Ukraine")]),
            Entity("e4", "Großbritannien", "state", "GBR", mentions=[span(t, "Großbritannien")]),
            Entity("e5", "Frankreich", "state", "FRA", mentions=[span(t, "Frankreich")]),
            Entity("e6", "Paris", "place"),
        ],
        quotes=[
            Quote(
                "q1",
                "e1",
                "direct",
                "Wir schließen dabei grundsätzlich nichts aus",
                span(t, "Wir schließen dabei grundsätzlich nichts aus"),
                "sagte",
            ),
            Quote("q2", None, "indirect", "nichts", span(t, "nichts")),
        ],
        events=[
            Event(
                id="v1",
                type="AGREE",
                actor=["e4", "e5"],
                recipient=["e3"],
                trigger=span(t, "unterzeichneten"),
                span=span(t, "Großbritannien und Frankreich unterzeichneten"),
                mode=None,
                contexts=["military"],
                aux="future",
                condition="nach einem Waffenstillstand",
                content=Content("MOBILIZE", "troops", "Soldaten in der Ukraine zu stationieren"),
                source=None,
                date="2026-01-06",
                location="Paris",
                confidence=0.8,
                rule="de.agree.absichtserklaerung",
                stage="intent_signed",
            ),
            Event(
                id="v2",
                type="SUPPORT",
                actor=["e4", "e5"],
                recipient=[],
                trigger=span(t, "unterzeichneten"),
                span=span(t, "unterzeichneten eine Absichtserklärung"),
                confidence=0.65,
            ),
        ],
        commitments=[
            Commitment(
                id="c1",
                givers=["e4", "e5"],
                recipient=["e3"],
                what="troops",
                text="Soldaten in der Ukraine zu stationieren",
                stage="intent_signed",
                condition="nach einem Waffenstillstand",
                events=["v1"],
            ),
            Commitment(
                id="c2",
                givers=["e2"],
                recipient=["e3"],
                what="security_guarantee",
                text="Sicherheitsgarantien",
                stage="offered",
                amount=1.5,
                unit="bn EUR",
            ),
        ],
        extractor_version=version,
    )


def count(store: Store, table: str, where: str = "", **params: Any) -> int:
    sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
    with store.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


# -- schema ---------------------------------------------------------------------------


def test_migrates_empty_database_to_head(db_url: str) -> None:
    with Store(db_url) as store:
        assert store.schema_revision() == engine_mod.head_revision()
        names = set(inspect(store.engine).get_table_names())
        assert names >= TABLES
        if store.dialect == "sqlite":
            assert "articles_fts" in names
        else:
            columns = {c["name"] for c in inspect(store.engine).get_columns("articles")}
            assert "search_vector" in columns
        assert store.stats()["articles"] == 0
    # Reopening is a no-op, and the models match what the migrations built.
    with Store(db_url) as store:
        assert store.schema_revision() == engine_mod.head_revision()
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext

        with store.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={"include_object": engine_mod.include_object, "compare_type": True},
            )
            assert compare_metadata(context, Base.metadata) == []


def test_migration_0003_adopts_batch_tables_made_before_it(tmp_path: Any) -> None:
    """Databases written by batch runs before 0003 already have the bookkeeping tables
    (the runner used to create them itself); upgrading keeps their rows."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    engine_mod.upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE batch_partitions (partition_id TEXT PRIMARY KEY, status TEXT "
                "NOT NULL, articles INTEGER NOT NULL, documents INTEGER NOT NULL, errors "
                "INTEGER NOT NULL, worker TEXT, reason TEXT, spec TEXT, finished_at "
                "DATETIME NOT NULL)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO batch_partitions VALUES ('p-00000', 'done', 3, 3, 0, 'w', "
                "NULL, '[]', '2026-01-01 00:00:00')"
            )
        )
    engine.dispose()
    with Store(url) as store:
        assert store.schema_revision() == engine_mod.head_revision()
        with store.engine.connect() as conn:
            kept = conn.execute(text("SELECT partition_id FROM batch_partitions")).scalars()
            assert list(kept) == ["p-00000"]
        assert "batch_errors" in inspect(store.engine).get_table_names()


def test_unknown_newer_schema_is_refused(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    Store(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    engine.dispose()
    with pytest.raises(StoreError, match="does not know"):
        Store(url)


def test_unusable_databases_raise_store_error(tmp_path: Any) -> None:
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello " * 1000)
    with pytest.raises(StoreError):
        Store(not_a_db)
    with pytest.raises(StoreError, match="unsupported"):
        Store("mysql://u@h/db")
    with pytest.raises(StoreError):
        Store("postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2")


def test_plain_path_and_url_normalisation(tmp_path: Any) -> None:
    path = tmp_path / "sub" / "dir" / "wc.db"
    with Store(str(path)) as store:
        assert store.dialect == "sqlite"
        store.add_articles([merz_article()])
    assert path.exists()
    with Store(path) as store:
        assert store.get_article("paris-2026-01-06") is not None
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h:5/db") == "postgresql+psycopg://u@h:5/db"
    assert normalize_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"
    assert normalize_url(":memory:") == "sqlite://"
    with Store(":memory:") as memory:
        assert memory.add_articles([merz_article()]).added == 1
        assert memory.get_article("paris") is not None


# -- ingest ---------------------------------------------------------------------------


def test_add_articles_and_idempotent_reingest(store: Store) -> None:
    articles = [
        merz_article(),
        Article(id="en1", text=prose(1), date="2026-01-07", sources=["AP"], language="en"),
        Article(id="de2", text=prose(2), sources=[], language="de", origin="x.jsonl:3"),
    ]
    first = store.add_articles(articles)
    assert first == IngestSummary(added=3)
    assert store.get_article("paris-2026-01-06") == merz_article()
    assert store.get_article("de2") == articles[2]

    snapshot = {t: count(store, t) for t in TABLES}
    again = store.add_articles(iter(articles))
    assert again == IngestSummary(unchanged=3)
    assert again.read == 3
    assert {t: count(store, t) for t in TABLES} == snapshot
    assert [a.id for a in store.iter_articles()] == ["paris-2026-01-06", "en1", "de2"]


def test_exact_duplicates_merge_sources(store: Store) -> None:
    original = merz_article()
    # Same text up to whitespace, other id, agency and file.
    duplicate = merz_article(
        id="other-id",
        text=MERZ_TEXT.replace(" ", "  ").replace("\n\n", "\r\n\r\n") + "\n",
        sources=["AFP", "dpa"],
        origin="feeds/afp.xml",
        url=None,
    )
    assert content_hash(original.text) == content_hash(duplicate.text)
    summary = store.add_articles([original, duplicate, duplicate])
    assert summary == IngestSummary(added=1, merged_sources=1, unchanged=1)
    assert count(store, "articles") == 1
    stored = store.get_article("paris-2026-01-06")
    assert stored is not None
    assert stored.text == MERZ_TEXT  # the first text read is kept
    assert stored.sources == ["APA", "Reuters", "dpa", "AFP"]
    assert stored.origin == "examples/paris.de.txt"
    assert [(s.source, s.origin) for s in store.sources("paris-2026-01-06")] == [
        ("APA", "examples/paris.de.txt"),
        ("Reuters", "examples/paris.de.txt"),
        ("dpa", "examples/paris.de.txt"),
        ("AFP", "feeds/afp.xml"),
        ("dpa", "feeds/afp.xml"),
    ]
    assert store.get_article("other-id") is None
    # Re-ingest in another call: nothing new.
    assert store.add_articles([duplicate]) == IngestSummary(unchanged=1)
    assert store.stats()["sources"] == {"dpa": 1, "AFP": 1, "APA": 1, "Reuters": 1}


def test_near_duplicates_are_linked_not_dropped(store: Store) -> None:
    base = prose(10, 150)
    words = base.split()
    words[75] = "Zeitenwende"  # one word changed in the middle
    near = " ".join(words)
    far = prose(11, 150)
    summary = store.add_articles(
        [
            Article(id="n1", text=base, sources=["dpa"]),
            Article(id="n2", text=near, sources=["APA"]),
            Article(id="n3", text=far, sources=["AFP"]),
        ]
    )
    assert summary.added == 3
    assert summary.linked == 1
    links = store.links("n2")
    assert [(lk.other_id, lk.kind) for lk in links] == [("n1", "near_duplicate")]
    assert links[0].score is not None and 0.8 <= links[0].score < 1.0
    assert [lk.other_id for lk in store.links("n1")] == ["n2"]
    assert store.links("n3") == []
    # A later call links against stored articles; re-ingest adds no links.
    words[76] = "Kurswechsel"  # next to the first change: near both n1 and n2
    later = store.add_articles([Article(id="n4", text=" ".join(words))])
    assert later.added == 1 and later.linked == 2
    assert store.add_articles([Article(id="n4", text=" ".join(words))]).linked == 0
    assert store.stats()["links"] == {"near_duplicate": 3}


def test_near_duplicates_off_then_on_backfills_signatures(store: Store) -> None:
    base = prose(20, 150)
    assert store.add_articles([Article(id="m1", text=base)], near_duplicates=False).added == 1
    assert count(store, "articles", "minhash IS NULL") == 1
    words = base.split()
    words[10] = "Zeitenwende"
    summary = store.add_articles([Article(id="m2", text=" ".join(words))])
    assert summary.linked == 1
    assert count(store, "articles", "minhash IS NULL") == 0


def test_same_id_with_other_text_is_kept_under_new_id(store: Store) -> None:
    first = Article(id="wire-1", text=prose(30), sources=["dpa"])
    second = Article(id="wire-1", text=prose(31), sources=["dpa"])
    summary = store.add_articles([first, second])
    assert summary == IngestSummary(added=2, linked=1, renamed=1)
    new_id = f"wire-1~{content_hash(second.text)[:12]}"
    assert store.get_article("wire-1") == first
    assert store.get_article(new_id) == dataclasses.replace(second, id=new_id)
    assert [(lk.other_id, lk.kind) for lk in store.links("wire-1")] == [(new_id, "same_id")]
    assert store.add_articles([first, second]) == IngestSummary(unchanged=2)


def test_interrupted_batch_writes_nothing(db_url: str) -> None:
    with Store(db_url, batch_size=2) as store:
        # Crash when the n-th batch has inserted its articles, before their sources.
        state = {"crash_at": 0, "seen": 0}

        @event.listens_for(store.engine, "after_execute")
        def crash(conn: Any, clauseelement: Any, *args: Any) -> None:
            table = getattr(clauseelement, "table", None)
            if getattr(table, "name", None) == "article_sources":
                state["seen"] += 1
                if state["seen"] == state["crash_at"]:
                    raise KeyboardInterrupt

        def batch(prefix: str, seed: int, n: int = 2) -> list[Article]:
            return [
                Article(id=f"{prefix}{i}", text=prose(seed + i), sources=["dpa"]) for i in range(n)
            ]

        store.add_articles(batch("b", 40))
        state.update(crash_at=1, seen=0)
        with pytest.raises(KeyboardInterrupt):
            store.add_articles(batch("c", 50))
        assert [a.id for a in store.iter_articles()] == ["b0", "b1"]
        assert count(store, "article_sources") == 2
        # The search index has nothing of the rolled-back batch either.
        hits = store.search("Regierung OR Kanzler OR sagte OR Soldaten", limit=10)
        assert {h.id for h in hits} == {"b0", "b1"}

        # Three batches, the second dies: the first stays committed, the third never runs.
        state.update(crash_at=2, seen=0)
        with pytest.raises(KeyboardInterrupt):
            store.add_articles(batch("d", 60, 6))
        assert [a.id for a in store.iter_articles()] == ["b0", "b1", "d0", "d1"]
        state.update(crash_at=0, seen=0)
        assert store.add_articles(batch("d", 60, 6)) == IngestSummary(added=4, unchanged=2)


# -- documents ------------------------------------------------------------------------


def test_save_document_round_trip(store: Store) -> None:
    store.add_articles([merz_article()])
    doc = merz_document()
    assert store.get_document(doc.article.id) is None  # not extracted yet
    store.save_document(doc)
    loaded = store.get_document(doc.article.id)
    assert loaded == doc
    assert loaded is not None and loaded.to_dict() == doc.to_dict()
    assert store.get_document("paris-2026") == doc  # unique prefix
    assert [d.article.id for d in store.iter_documents()] == [doc.article.id]
    # Every extracted row carries the extractor version.
    for table in ("entities", "entity_mentions", "quotes", "events", "commitments"):
        assert count(store, table) > 0
        assert count(store, table, "extractor_version <> '0.1.0'") == 0


@dataclasses.dataclass
class NotedEvent(Event):
    """An Event with a field the schema has no column for (as if added to records.py)."""

    note: dict[str, Any] | None = None


def test_fields_without_columns_round_trip(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rows_mod, "Event", NotedEvent)
    doc = merz_document()
    doc.events = [
        NotedEvent(**{f.name: getattr(ev, f.name) for f in dataclasses.fields(Event)})
        for ev in doc.events
    ]
    doc.events[0].note = {"checked": True, "by": ["rule", "human"]}
    store.save_document(doc)
    assert count(store, "events", "extra IS NOT NULL") == 1  # defaults are not stored
    assert store.get_document(doc.article.id) == doc


def test_save_document_adds_missing_article(store: Store) -> None:
    doc = merz_document()
    store.save_document(doc)
    assert store.get_article(doc.article.id) == doc.article
    assert store.get_document(doc.article.id) == doc
    # A document for an exact duplicate with the same text lands on the stored article.
    dup = merz_document(article=merz_article(id="dup-id", sources=["AFP"]))
    store.save_document(dup)
    assert count(store, "articles") == 1
    assert count(store, "extractions") == 1
    # Text that does not match the stored one is refused (its offsets would not fit).
    changed = merz_document(article=merz_article(text=MERZ_TEXT + " Nachtrag."))
    with pytest.raises(ValueError, match="different text"):
        store.save_document(changed)
    assert store.get_document(doc.article.id) is not None


def test_newer_extractor_version_replaces_rows(store: Store) -> None:
    store.add_articles([merz_article(), Article(id="other", text=prose(70))])
    assert sorted(store.needs_extraction("0.1.0")) == ["other", "paris-2026-01-06"]
    store.save_document(merz_document("0.1.0"))
    assert list(store.needs_extraction("0.1.0")) == ["other"]
    assert sorted(store.needs_extraction("0.2.0")) == ["other", "paris-2026-01-06"]

    newer = merz_document("0.2.0")
    newer.entities = newer.entities[:3]
    newer.quotes = []
    newer.events = [dataclasses.replace(newer.events[0], id="v9", actor=["e1"], recipient=[])]
    newer.commitments = []
    store.save_document(newer)
    assert store.get_document("paris-2026-01-06") == newer
    assert count(store, "entities") == 3
    assert count(store, "quotes") == 0
    assert count(store, "commitments") == 0
    assert count(store, "events") == 1
    assert count(store, "entity_mentions") == 4
    for table in ("entities", "entity_mentions", "events", "extractions"):
        assert count(store, table, "extractor_version <> '0.2.0'") == 0
    assert list(store.needs_extraction("0.2.0")) == ["other"]
    assert list(store.needs_extraction("0.1.5")) == ["other"]  # never downgrade
    assert store.stats()["extractor_versions"] == {"0.2.0": 1}


@pytest.mark.parametrize("failure", ["integrity", "interrupt"])
def test_failed_save_leaves_old_rows(
    store: Store, failure: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = merz_document("0.1.0")
    store.save_document(old)
    new = merz_document("0.2.0")
    if failure == "integrity":
        # Duplicate event ids: fails on the events insert, after the old rows were
        # deleted and the new entities inserted.
        new.events.append(dataclasses.replace(new.events[0]))
        with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
            store.save_document(new)
    else:

        def interrupted() -> Any:
            raise KeyboardInterrupt

        # Called for the extractions row, after everything else was written.
        monkeypatch.setattr(store_mod, "_now", interrupted)
        with pytest.raises(KeyboardInterrupt):
            store.save_document(new)
        monkeypatch.undo()
    assert store.get_document(old.article.id) == old
    assert count(store, "events") == len(old.events)
    assert count(store, "entities", "extractor_version = '0.1.0'") == len(old.entities)
    # The store is usable afterwards.
    store.save_document(merz_document("0.2.0"))
    assert store.get_document(old.article.id) == merz_document("0.2.0")


def test_extract_loop_can_write_while_iterating(store: Store) -> None:
    store.add_articles(
        [merz_article(), *(Article(id=f"x{i}", text=prose(80 + i)) for i in range(5))]
    )
    done = []
    for article_id in store.needs_extraction("1.0"):
        article = store.get_article(article_id)
        assert article is not None
        store.save_document(Document(article=article, extractor_version="1.0"))
        done.append(article_id)
    assert len(done) == 6
    assert list(store.needs_extraction("1.0")) == []
    for doc in store.iter_documents():
        store.save_document(dataclasses.replace(doc, extractor_version="1.1"))
    assert store.stats()["extractor_versions"] == {"1.1": 6}


def test_get_article_by_prefix(store: Store) -> None:
    store.add_articles(
        [
            Article(id="abc123", text=prose(90)),
            Article(id="abd456", text=prose(91)),
            Article(id="x_%y", text=prose(92)),
        ]
    )
    found = store.get_article("abc")
    assert found is not None and found.id == "abc123"
    assert store.get_article("abd456") is not None
    assert store.get_article("zzz") is None
    with pytest.raises(AmbiguousIdError) as err:
        store.get_article("ab")
    assert err.value.candidates == ["abc123", "abd456"]
    assert store.get_article("x_") is not None
    assert store.get_article("x%") is None  # no LIKE wildcards
    assert store.get_article("ABC") is None  # case-sensitive
    assert store.get_article("_") is None
    assert store.get_document("abc") is None  # stored but not extracted


# -- search ---------------------------------------------------------------------------

HOSTILE_QUERIES = [
    '"foo AND (',
    "foo AND (",
    ")",
    "(",
    '"',
    '""',
    "*",
    "-",
    "--",
    "-merz",
    "OR",
    "AND",
    "NOT",
    "NEAR(merz paris, 3)",
    "merz NOT",
    "title:merz",
    "{title text}: merz",
    "^merz",
    "merz*paris",
    "'; DROP TABLE articles; --",
    "\\",
    "\\' OR 1=1 --",
    "a & b | !c <-> d:*",
    "merz:* & !",
    "\x00",
    "merz\x00paris",
    "    ",
    "",
    "🙂 merz",
    "ÄÖÜß",
    "x" * 5000,
    " ".join(["merz"] * 300),
]


def test_search(store: Store) -> None:
    store.add_articles(
        [
            merz_article(),
            Article(
                id="en1",
                text="Prime Minister Keir Starmer said British troops could deploy to Ukraine.",
                title="Starmer on Ukraine troops",
                date="2026-01-07",
                language="en",
            ),
            Article(id="de3", text="Die Regierung in Kiew begrüßte die Erklärung.", language="de"),
        ]
    )
    hits = store.search("Merz")
    assert [h.id for h in hits] == ["paris-2026-01-06"]
    hit = hits[0]
    assert hit.title == "Merz sagt Bereitschaft zu"
    assert hit.date == "2026-01-06"
    assert "**Merz**" in hit.snippet
    assert hit.rank > 0

    assert [h.id for h in store.search("ukraine")] != []
    assert {h.id for h in store.search("Ukraine")} == {"paris-2026-01-06", "en1"}
    # Title matches rank first.
    assert store.search("troops ukraine")[0].id == "en1"
    assert [h.id for h in store.search('"British troops"')] == ["en1"]
    assert store.search('"troops British"') == []
    assert [h.id for h in store.search("Soldat*")] == ["paris-2026-01-06"]
    assert {h.id for h in store.search("Kiew OR Starmer")} == {"de3", "en1"}
    assert [h.id for h in store.search("Ukraine -Starmer")] == ["paris-2026-01-06"]
    assert [h.id for h in store.search("Großbritannien Frankreich")] == ["paris-2026-01-06"]
    assert store.search("Merz", limit=0) == []
    assert len(store.search("Ukraine", limit=1)) == 1
    assert store.search("Ukraine", limit=1, offset=1)[0].id != store.search("Ukraine")[0].id
    assert store.search("Ukraine", offset=5) == []
    with pytest.raises(ValueError):
        store.search("Ukraine", offset=-1)

    for query in HOSTILE_QUERIES:
        results = store.search(query)
        assert isinstance(results, list), query
    assert store.search("'; DROP TABLE articles; --") == []
    assert count(store, "articles") == 3
    assert [h.id for h in store.search("NEAR(merz paris, 3)")] == []
    assert [h.id for h in store.search('"foo AND (')] == []
    assert [h.id for h in store.search("merz)")] == ["paris-2026-01-06"]


def test_search_survives_random_queries(store: Store) -> None:
    store.add_articles([merz_article()])
    rng = random.Random(7)
    alphabet = [*"\"'()*-+^:{}[]<>!&|\\/,.;%_~@#$ \t\x00üß", "AND", "OR", "NOT", "NEAR", "Merz"]
    for _ in range(200):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        assert all(hit.id == "paris-2026-01-06" for hit in store.search(query)), query


def test_search_index_follows_updates_and_deletes(store: Store) -> None:
    store.add_articles([merz_article()])
    with store._write() as conn:
        conn.execute(
            text("UPDATE articles SET title = :t WHERE id = :id"),
            {"t": "Zeitenwende", "id": "paris-2026-01-06"},
        )
    assert [h.id for h in store.search("Zeitenwende")] == ["paris-2026-01-06"]
    assert store.search("Bereitschaft")  # still in the text
    with store._write() as conn:
        conn.execute(text("DELETE FROM articles"))
    assert store.search("Zeitenwende") == []
    assert count(store, "article_sources") == 0  # cascades


# -- stats and export -----------------------------------------------------------------


def test_stats(store: Store) -> None:
    store.add_articles(
        [
            merz_article(),
            Article(id="en1", text=prose(100), sources=["AP", "Reuters"], language="en"),
            Article(id="xx", text=prose(101)),
        ]
    )
    store.save_document(merz_document())
    stats = store.stats()
    assert stats["articles"] == 3
    assert stats["languages"] == {"de": 1, "en": 1, "unknown": 1}
    assert stats["sources"] == {"Reuters": 2, "AP": 1, "APA": 1, "dpa": 1}
    assert stats["extracted"] == 1
    assert stats["extractor_versions"] == {"0.1.0": 1}
    assert stats["entities"] == 6
    assert stats["mentions"] == 6
    assert stats["quotes"] == 2
    assert stats["events"] == 2
    assert stats["commitments"] == 2
    assert stats["event_types"] == {"AGREE": 1, "SUPPORT": 1}
    assert stats["links"] == {}


def test_export_rows(store: Store) -> None:
    store.add_articles([merz_article(), Article(id="en1", text=prose(110), language="en")])
    store.save_document(merz_document())

    articles = list(store.export_rows("articles"))
    assert [r["id"] for r in articles] == ["paris-2026-01-06", "en1"]
    first = articles[0]
    assert first["sources"] == ["APA", "Reuters", "dpa"]
    assert first["origins"] == ["examples/paris.de.txt"]
    assert first["text"] == MERZ_TEXT
    assert first["extractor_version"] == "0.1.0"
    assert first["content_hash"] == content_hash(MERZ_TEXT)
    assert first["ingested_at"].endswith("+00:00")
    assert articles[1]["extractor_version"] is None

    entities = list(store.export_rows("entities"))
    assert [r["id"] for r in entities] == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert entities[0]["mentions"][0] == list(span(MERZ_TEXT, "Friedrich Merz"))
    assert entities[0]["article_id"] == "paris-2026-01-06"
    assert entities[0]["extractor_version"] == "0.1.0"

    quotes = list(store.export_rows("quotes"))
    assert quotes[0]["speaker_name"] == "Friedrich Merz"
    assert quotes[0]["speaker_code"] == "DEU"
    assert quotes[1]["speaker"] is None

    events = list(store.export_rows("events"))
    assert [r["id"] for r in events] == ["v1", "v2"]
    v1 = events[0]
    assert v1["actor"] == ["e4", "e5"]
    assert v1["actor_codes"] == ["GBR", "FRA"]
    assert v1["recipient_codes"] == ["UKR"]
    assert v1["contexts"] == ["military"]
    assert v1["content_type"] == "MOBILIZE"
    assert v1["evidence"] == "Großbritannien und Frankreich unterzeichneten"
    assert v1["article_date"] == "2026-01-06"
    assert events[1]["content_type"] is None

    commitments = list(store.export_rows("commitments"))
    assert commitments[0]["giver_codes"] == ["GBR", "FRA"]
    assert commitments[0]["events"] == ["v1"]
    assert commitments[1]["amount"] == 1.5

    # Flat: scalars or lists of scalars/pairs only, the same keys on every row.
    for kind in ("articles", "entities", "quotes", "events", "commitments"):
        rows = list(store.export_rows(kind))
        assert rows
        assert len({tuple(r) for r in rows}) == 1
        for row in rows:
            for value in row.values():
                assert not isinstance(value, dict)
    with pytest.raises(ValueError, match="unknown export kind"):
        list(store.export_rows("nope"))


def test_large_batches_use_executemany(db_url: str) -> None:
    with Store(db_url, batch_size=100) as store:
        statements: list[str] = []

        @event.listens_for(store.engine, "before_cursor_execute")
        def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if statement.lstrip().upper().startswith("INSERT INTO ARTICLES "):
                statements.append(statement)

        articles = [Article(id=f"p{i}", text=prose(1000 + i, 40)) for i in range(250)]
        summary = store.add_articles(articles, near_duplicates=False)
        assert summary.added == 250
        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(text("articles"))).scalar() == 250
        # A handful of statements per batch, not one per article.
        assert 0 < len(statements) <= 12
