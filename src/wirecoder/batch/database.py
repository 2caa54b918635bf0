"""Database output of a batch run (PostgreSQL or SQLite): one transaction per partition.

A partition's articles, extracted rows, error rows and its ``batch_partitions`` row are
written in a single transaction, so a partition is either wholly in the database or not
at all; rerunning it replaces its rows (extractions are keyed by article, error rows by
partition), so nothing is ever stored twice. Articles go in through the store's ingest
(exact duplicates merge, an id taken by another text is renamed) without near-duplicate
linking, which the next ``Store.add_articles`` catches up on.

The two bookkeeping tables (``batch_partitions``, ``batch_errors``) are defined in
:mod:`wirecoder.batch.tables` and created by the store's migration 0003.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Table, delete, insert, select
from sqlalchemy.engine import Connection

from wirecoder.batch.tables import batch_errors_t, batch_partitions_t
from wirecoder.ingest import content_hash
from wirecoder.records import Document
from wirecoder.store import Store
from wirecoder.store.rows import (
    EXTRACTED_TABLES,
    articles_t,
    extracted_rows,
    extractions_t,
)
from wirecoder.store.store import clean_text

_CHUNK = 500


def _now() -> datetime:
    return datetime.now(UTC)


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class DatabaseOutput:
    """Writes batch partitions into the store at ``url`` (see the module docstring)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __repr__(self) -> str:
        return f"DatabaseOutput({self.url!r})"

    # -- driver side -----------------------------------------------------------------

    def prepare(self, store: Store) -> None:
        """Nothing to create: opening the store migrated it, bookkeeping tables included."""
        del store

    def done(self, store: Store) -> set[str]:
        with store.engine.connect() as conn:
            return set(
                conn.execute(
                    select(batch_partitions_t.c.partition_id).where(
                        batch_partitions_t.c.status == "done"
                    )
                ).scalars()
            )

    def record_failure(
        self, store: Store, partition: str, spec: Mapping[str, Any], reason: str, origin: str | None
    ) -> None:
        now = _now()
        with store._write() as conn:
            conn.execute(delete(batch_errors_t).where(batch_errors_t.c.partition_id == partition))
            conn.execute(
                delete(batch_partitions_t).where(batch_partitions_t.c.partition_id == partition)
            )
            conn.execute(
                insert(batch_errors_t),
                [
                    {
                        "partition_id": partition,
                        "kind": "partition",
                        "origin": origin,
                        "article_id": None,
                        "reason": reason,
                        "created_at": now,
                    }
                ],
            )
            conn.execute(
                insert(batch_partitions_t),
                [
                    {
                        "partition_id": partition,
                        "status": "failed",
                        "articles": 0,
                        "documents": 0,
                        "errors": 1,
                        "worker": None,
                        "reason": reason,
                        "spec": json.dumps(dict(spec), ensure_ascii=False),
                        "finished_at": now,
                    }
                ],
            )

    # -- worker side -----------------------------------------------------------------

    def write(
        self,
        store: Store,
        partition: str,
        spec: Mapping[str, Any],
        docs: Sequence[Document],
        errors: Sequence[Mapping[str, Any]],
        articles_read: int,
        worker: str,
    ) -> tuple[dict[str, int], list[dict[str, Any]]]:
        """Write the partition in one transaction; row counts and any store errors."""
        now = _now()
        counts: dict[str, int] = {}
        store_errors: list[dict[str, Any]] = []
        # The store's transaction: BEGIN IMMEDIATE on SQLite; on PostgreSQL the ingest
        # step takes the store's ingest lock, so partition writes queue one after another.
        with store._write() as conn:
            articles = [d.article for d in docs]
            summary = store._ingest_batch(conn, articles, None, None) if articles else None
            counts["articles"] = summary.added if summary else 0
            targets = self._stored_ids(conn, docs, partition, store_errors)
            by_table: dict[str, tuple[Table, list[dict[str, Any]]]] = {}
            for article_id, doc in targets.items():
                for table, rows in extracted_rows(article_id, doc):
                    by_table.setdefault(table.name, (table, []))[1].extend(rows)
            ids = list(targets)
            for chunk in _chunks(ids):
                for table in (*EXTRACTED_TABLES, extractions_t):
                    conn.execute(delete(table).where(table.c.article_id.in_(chunk)))
            for name, (table, rows) in by_table.items():
                bulk_insert(conn, table, rows)
                counts[name] = len(rows)
            bulk_insert(
                conn,
                extractions_t,
                [
                    {
                        "article_id": aid,
                        "extractor_version": doc.extractor_version,
                        "extracted_at": now,
                    }
                    for aid, doc in targets.items()
                ],
            )
            counts["extractions"] = len(targets)
            all_errors = [*errors, *store_errors]
            conn.execute(delete(batch_errors_t).where(batch_errors_t.c.partition_id == partition))
            if all_errors:
                conn.execute(
                    insert(batch_errors_t),
                    [
                        {
                            "partition_id": partition,
                            "kind": e["kind"],
                            "origin": e.get("origin"),
                            "article_id": e.get("article_id"),
                            "reason": e["reason"],
                            "created_at": now,
                        }
                        for e in all_errors
                    ],
                )
            counts["errors"] = len(all_errors)
            conn.execute(
                delete(batch_partitions_t).where(batch_partitions_t.c.partition_id == partition)
            )
            conn.execute(
                insert(batch_partitions_t),
                [
                    {
                        "partition_id": partition,
                        "status": "done",
                        "articles": articles_read,
                        "documents": len(targets),
                        "errors": len(all_errors),
                        "worker": worker,
                        "reason": None,
                        "spec": json.dumps(dict(spec), ensure_ascii=False),
                        "finished_at": now,
                    }
                ],
            )
        return counts, store_errors

    @staticmethod
    def _stored_ids(
        conn: Connection,
        docs: Sequence[Document],
        partition: str,
        store_errors: list[dict[str, Any]],
    ) -> dict[str, Document]:
        """Stored article id -> document, for the documents whose article is stored with
        exactly their text (the offsets must fit); the others become store errors."""
        hashes = {id(d): content_hash(d.article.text) for d in docs}
        stored: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(sorted(set(hashes.values()))):
            for row in conn.execute(
                select(articles_t.c.id, articles_t.c.content_hash, articles_t.c.text).where(
                    articles_t.c.content_hash.in_(chunk)
                )
            ):
                stored[row.content_hash] = (row.id, row.text)
        targets: dict[str, Document] = {}
        for doc in docs:
            found = stored.get(hashes[id(doc)])
            if found is None or found[1] != clean_text(doc.article.text):
                other = found[0] if found else "?"
                store_errors.append(
                    {
                        "partition": partition,
                        "kind": "store",
                        "origin": doc.article.origin,
                        "article_id": doc.article.id,
                        "reason": f"article {other!r} is stored with a different text (same "
                        "normalised text); its document was not stored",
                    }
                )
                continue
            targets[found[0]] = doc  # an exact duplicate later in the input wins
        return targets


def bulk_insert(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows: COPY on PostgreSQL (several times faster than executemany, in
    the same transaction), executemany elsewhere."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    json_columns = {c for c in columns if isinstance(table.c[c].type, JSON)}
    names = ", ".join(f'"{c}"' for c in columns)
    driver = conn.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(
                [
                    json.dumps(row[c]) if c in json_columns and row[c] is not None else row[c]
                    for c in columns
                ]
            )


def worker_name() -> str:
    return f"{os.uname().nodename}:{os.getpid()}"
