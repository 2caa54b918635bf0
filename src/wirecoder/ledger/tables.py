"""SQLAlchemy Core tables of the commitment ledger (created by migration 0002).

They are registered on the store's ``Base.metadata`` (``wirecoder.store.models``
imports this module), so that Alembic autogenerate and the schema checks see them.
Everything except ``ledger_corrections`` is derived and rewritten by every rebuild.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

from wirecoder.store.models import Base

metadata = Base.metadata

_JSON = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
_KEY = BigInteger().with_variant(Integer(), "sqlite")
_TS = DateTime(timezone=True)

# One row per thread, with its summary (the SPEC §2 ledger line without history).
threads_t = Table(
    "ledger_threads",
    metadata,
    Column("id", Text, primary_key=True),
    Column("ord", Integer, nullable=False),
    Column("givers", _JSON, nullable=False),
    Column("recipient", _JSON, nullable=False),
    Column("what", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("amount", Float, nullable=True),
    Column("unit", Text, nullable=True),
    Column("condition", Text, nullable=True),
    Column("flags", _JSON, nullable=False),
    Column("first_date", Text, nullable=True),
    Column("last_date", Text, nullable=True),
    Column("corrections", _JSON, nullable=False),
    Column("built_at", _TS, nullable=False),
    Index("ix_ledger_threads_what", "what"),
    Index("ix_ledger_threads_stage", "stage"),
)

# The history: one row per article reporting on a thread.
entries_t = Table(
    "ledger_entries",
    metadata,
    Column(
        "thread_id",
        Text,
        ForeignKey("ledger_threads.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("seq", Integer, primary_key=True),
    Column("entry_key", Text, nullable=False),
    Column("article_id", Text, nullable=False),
    Column("commitment_id", Text, nullable=True),
    Column("event_id", Text, nullable=True),
    Column("date", Text, nullable=True),
    Column("stage", Text, nullable=False),
    Column("what", Text, nullable=False),
    Column("givers", _JSON, nullable=False),
    Column("recipient", _JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("amount", Float, nullable=True),
    Column("unit", Text, nullable=True),
    Column("condition", Text, nullable=True),
    Column("historical", Boolean, nullable=False),
    Column("reversed", Boolean, nullable=False),
    Column("denies", _JSON, nullable=False),
    Column("score", Float, nullable=True),
    Column("reason", Text, nullable=False),
    Column("ord", Integer, nullable=False),
    Index("ix_ledger_entries_article_id", "article_id"),
    Index("ix_ledger_entries_entry_key", "entry_key"),
)

# Every threading decision of the last build: linked, new, same_article, restated, skipped.
links_t = Table(
    "ledger_links",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("article_id", Text, nullable=False),
    Column("commitment_id", Text, nullable=True),
    Column("date", Text, nullable=True),
    Column("action", Text, nullable=False),
    Column("thread_id", Text, nullable=True),
    Column("score", Float, nullable=True),
    Column("components", _JSON, nullable=True),
    Column("alternatives", _JSON, nullable=False),
    Column("reason", Text, nullable=False),
    Index("ix_ledger_links_article_id", "article_id"),
    Index("ix_ledger_links_thread_id", "thread_id"),
)

# User corrections (merge, split): kept across rebuilds and replayed after each.
corrections_t = Table(
    "ledger_corrections",
    metadata,
    Column("id", _KEY, primary_key=True, autoincrement=True),
    Column("kind", Text, nullable=False),
    Column("threads", _JSON, nullable=False),
    Column("refs", _JSON, nullable=False),
    Column("new_id", Text, nullable=True),
    Column("note", Text, nullable=False),
    Column("created_at", _TS, nullable=False),
    # Outcome of the last replay: whether it applied, and what it did.
    Column("applied", Boolean, nullable=True),
    Column("message", Text, nullable=True),
)

# Build bookkeeping: fingerprint of the documents built from, next thread number, ...
meta_t = Table(
    "ledger_meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

LEDGER_TABLES: tuple[Table, ...] = (threads_t, entries_t, links_t, corrections_t, meta_t)
