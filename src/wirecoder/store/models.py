"""SQLAlchemy 2 models of the store schema.

The migrations in ``migrations/versions`` create this schema; the models are used to
build queries and, in tests, to check that the migrations and the models agree. The
full-text search objects (SQLite FTS5 table and triggers, PostgreSQL ``search_vector``
column and its GIN index) exist only in the migrations because they differ by dialect.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Lists and small objects: JSONB on PostgreSQL, JSON (text) on SQLite. SQL NULL for None.
JSONValue = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
# An autoincrementing surrogate key; INTEGER on SQLite so that it aliases the rowid.
SurrogateKey = BigInteger().with_variant(Integer(), "sqlite")
UTCDateTime = DateTime(timezone=True)

ON_DELETE = "CASCADE"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _article_fk() -> Any:
    return ForeignKey("articles.id", ondelete=ON_DELETE)


class ArticleRow(Base):
    __tablename__ = "articles"

    # Integer key used as the FTS5 rowid on SQLite; `id` is the public identifier.
    pk: Mapped[int] = mapped_column(SurrogateKey, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(Text, unique=True)
    date: Mapped[str | None] = mapped_column(Text, index=True)
    language: Mapped[str | None] = mapped_column(Text, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(Text, unique=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ArticleSourceRow(Base):
    """One (source, origin) an article was read with; exact duplicates add rows here."""

    __tablename__ = "article_sources"
    __table_args__ = (UniqueConstraint("article_id", "source", "origin"),)

    pk: Mapped[int] = mapped_column(SurrogateKey, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(Text, _article_fk())
    # "" when the input named no source (the row still records where it came from).
    source: Mapped[str] = mapped_column(Text, index=True)
    # "" when the input had no origin.
    origin: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ArticleLinkRow(Base):
    """A link between two articles, stored once with ``a < b``."""

    __tablename__ = "article_links"
    __table_args__ = (Index("ix_article_links_b", "b"),)

    a: Mapped[str] = mapped_column(Text, _article_fk(), primary_key=True)
    b: Mapped[str] = mapped_column(Text, _article_fk(), primary_key=True)
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExtractionRow(Base):
    """Which extractor version produced an article's extracted rows, and when."""

    __tablename__ = "extractions"

    article_id: Mapped[str] = mapped_column(Text, _article_fk(), primary_key=True)
    extractor_version: Mapped[str] = mapped_column(Text, index=True)
    extracted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EntityRow(Base):
    __tablename__ = "entities"
    __table_args__ = (Index("ix_entities_code", "code"),)

    article_id: Mapped[str] = mapped_column(Text, _article_fk(), primary_key=True)
    id: Mapped[str] = mapped_column(Text, primary_key=True)
    ord: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    # Record fields without a column of their own (fields added to records.py later).
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)
    extractor_version: Mapped[str] = mapped_column(Text)


class EntityMentionRow(Base):
    __tablename__ = "entity_mentions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["article_id", "entity_id"],
            ["entities.article_id", "entities.id"],
            ondelete=ON_DELETE,
        ),
    )

    article_id: Mapped[str] = mapped_column(Text, _article_fk(), primary_key=True)
    entity_id: Mapped[str] = mapped_column(Text, primary_key=True)
    ord: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(Text)


class QuoteRow(Base):
    __tablename__ = "quotes"

    article_id: Mapped[str] = mapped_column(Text, _article_fk(), primary_key=True)
    id: Mapped[str] = mapped_column(Text, primary_key=True)
    ord: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(Text)
    # Record fields without a column of their own (fields added to records.py later).
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)
    extractor_version: Mapped[str] = mapped_column(Text)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_type", "type"),)

    article_id: Mapped[str] = mapped_column(Text, _article_fk(), primary_key=True)
    id: Mapped[str] = mapped_column(Text, primary_key=True)
    ord: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(Text)
    mode: Mapped[str | None] = mapped_column(Text)
    contexts: Mapped[list[str]] = mapped_column(JSONValue)
    actor: Mapped[list[str]] = mapped_column(JSONValue)
    recipient: Mapped[list[str]] = mapped_column(JSONValue)
    aux: Mapped[str | None] = mapped_column(Text)
    condition: Mapped[str | None] = mapped_column(Text)
    content: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)
    source: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    rule: Mapped[str | None] = mapped_column(Text)
    # Commitment stage the wording implies (records.Event.stage).
    stage: Mapped[str | None] = mapped_column(Text)
    # Record fields without a column of their own (fields added to records.py later).
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)
    extractor_version: Mapped[str] = mapped_column(Text)


class CommitmentRow(Base):
    __tablename__ = "commitments"

    article_id: Mapped[str] = mapped_column(Text, _article_fk(), primary_key=True)
    id: Mapped[str] = mapped_column(Text, primary_key=True)
    ord: Mapped[int] = mapped_column(Integer)
    givers: Mapped[list[str]] = mapped_column(JSONValue)
    recipient: Mapped[list[str]] = mapped_column(JSONValue)
    what: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(Text)
    condition: Mapped[str | None] = mapped_column(Text)
    events: Mapped[list[str]] = mapped_column(JSONValue)
    amount: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(Text)
    # Record fields without a column of their own (fields added to records.py later).
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)
    extractor_version: Mapped[str] = mapped_column(Text)


# The commitment ledger's tables (migration 0002, wirecoder.ledger.tables) and the batch
# runner's bookkeeping tables (migration 0003, wirecoder.batch.tables) are defined on
# Base.metadata; importing them here makes autogenerate and schema checks see them.
from wirecoder.batch import tables as _batch_tables  # noqa: E402, F401
from wirecoder.ledger import tables as _ledger_tables  # noqa: E402, F401
