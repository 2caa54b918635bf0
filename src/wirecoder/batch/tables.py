"""SQLAlchemy Core tables of the batch runner's bookkeeping (created by migration 0003).

``batch_partitions`` holds one row per finished or poisoned partition of a database run
(the resume point), ``batch_errors`` the articles and partitions that could not be
processed, with the reason.  Like the ledger's tables they sit on the store's
``Base.metadata`` (``wirecoder.store.models`` imports this module), so Alembic
autogenerate and the schema checks see them.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, Table, Text

from wirecoder.store.models import Base, SurrogateKey, UTCDateTime

batch_partitions_t = Table(
    "batch_partitions",
    Base.metadata,
    Column("partition_id", Text, primary_key=True),
    Column("status", Text, nullable=False),  # done | failed
    Column("articles", Integer, nullable=False, default=0),
    Column("documents", Integer, nullable=False, default=0),
    Column("errors", Integer, nullable=False, default=0),
    Column("worker", Text),
    Column("reason", Text),
    Column("spec", Text),  # the partition's slices, JSON
    Column("finished_at", UTCDateTime, nullable=False),
)

batch_errors_t = Table(
    "batch_errors",
    Base.metadata,
    Column("pk", SurrogateKey, primary_key=True, autoincrement=True),
    Column("partition_id", Text, nullable=False, index=True),
    Column("kind", Text, nullable=False),
    Column("origin", Text),
    Column("article_id", Text),
    Column("reason", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
