"""Initial schema: articles, sources, links, extracted rows, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the column types (migrations must not import the live models).
JSON_VALUE = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True), "postgresql"
)
KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def _fk(table: str, column: str = "article_id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["articles.id"], ondelete="CASCADE", name=f"fk_{table}_{column}_articles"
    )


def _version() -> sa.Column[str]:
    return sa.Column("extractor_version", sa.Text(), nullable=False)


def _extra() -> sa.Column[Any]:
    return sa.Column("extra", JSON_VALUE, nullable=True)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("pk", KEY, primary_key=True, autoincrement=True),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("ingested_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_articles"),
        sa.UniqueConstraint("id", name="uq_articles_id"),
        sa.UniqueConstraint("content_hash", name="uq_articles_content_hash"),
    )
    op.create_index("ix_articles_date", "articles", ["date"])
    op.create_index("ix_articles_language", "articles", ["language"])

    op.create_table(
        "article_sources",
        sa.Column("pk", KEY, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("added_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_article_sources"),
        _fk("article_sources"),
        sa.UniqueConstraint(
            "article_id", "source", "origin", name="uq_article_sources_article_id_source_origin"
        ),
    )
    op.create_index("ix_article_sources_source", "article_sources", ["source"])

    op.create_table(
        "article_links",
        sa.Column("a", sa.Text(), nullable=False),
        sa.Column("b", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("a", "b", "kind", name="pk_article_links"),
        _fk("article_links", "a"),
        _fk("article_links", "b"),
    )
    op.create_index("ix_article_links_b", "article_links", ["b"])

    op.create_table(
        "extractions",
        sa.Column("article_id", sa.Text(), nullable=False),
        sa.Column("extractor_version", sa.Text(), nullable=False),
        sa.Column("extracted_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_extractions"),
        _fk("extractions"),
    )
    op.create_index("ix_extractions_extractor_version", "extractions", ["extractor_version"])

    op.create_table(
        "entities",
        sa.Column("article_id", sa.Text(), nullable=False),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("code", sa.Text(), nullable=True),
        sa.Column("sector", sa.Text(), nullable=True),
        sa.Column("role", sa.Text(), nullable=True),
        _extra(),
        _version(),
        sa.PrimaryKeyConstraint("article_id", "id", name="pk_entities"),
        _fk("entities"),
    )
    op.create_index("ix_entities_code", "entities", ["code"])

    op.create_table(
        "entity_mentions",
        sa.Column("article_id", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Text(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        _version(),
        sa.PrimaryKeyConstraint("article_id", "entity_id", "ord", name="pk_entity_mentions"),
        _fk("entity_mentions"),
        sa.ForeignKeyConstraint(
            ["article_id", "entity_id"],
            ["entities.article_id", "entities.id"],
            ondelete="CASCADE",
            name="fk_entity_mentions_article_id_entity_id_entities",
        ),
    )

    op.create_table(
        "quotes",
        sa.Column("article_id", sa.Text(), nullable=False),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("cue", sa.Text(), nullable=True),
        _extra(),
        _version(),
        sa.PrimaryKeyConstraint("article_id", "id", name="pk_quotes"),
        _fk("quotes"),
    )

    op.create_table(
        "events",
        sa.Column("article_id", sa.Text(), nullable=False),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("mode", sa.Text(), nullable=True),
        sa.Column("contexts", JSON_VALUE, nullable=False),
        sa.Column("actor", JSON_VALUE, nullable=False),
        sa.Column("recipient", JSON_VALUE, nullable=False),
        sa.Column("aux", sa.Text(), nullable=True),
        sa.Column("condition", sa.Text(), nullable=True),
        sa.Column("content", JSON_VALUE, nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=True),
        sa.Column("stage", sa.Text(), nullable=True),
        _extra(),
        _version(),
        sa.PrimaryKeyConstraint("article_id", "id", name="pk_events"),
        _fk("events"),
    )
    op.create_index("ix_events_type", "events", ["type"])

    op.create_table(
        "commitments",
        sa.Column("article_id", sa.Text(), nullable=False),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("givers", JSON_VALUE, nullable=False),
        sa.Column("recipient", JSON_VALUE, nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("condition", sa.Text(), nullable=True),
        sa.Column("events", JSON_VALUE, nullable=False),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        _extra(),
        _version(),
        sa.PrimaryKeyConstraint("article_id", "id", name="pk_commitments"),
        _fk("commitments"),
    )

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _create_sqlite_fts()
    elif dialect == "postgresql":
        _create_postgresql_fts()


def _create_sqlite_fts() -> None:
    # External-content FTS5 index over articles(title, text), keyed by articles.pk and
    # kept in sync by triggers. unicode61 with diacritics removed: "Selenskyj" and
    # "Sélenskyj", "für" and "fur" match.
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, text, content='articles', content_rowid='pk', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.pk, old.title, old.text); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.pk, old.title, old.text); "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); "
        "END"
    )
    # Index rows that may already exist (no-op on an empty table).
    op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def _create_postgresql_fts() -> None:
    # 'simple' config: no stemming or stop words, the same for German and English, and
    # the same matching behaviour as the SQLite index. Title terms weigh more.
    op.execute(
        "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, coalesce(text, '')), 'B')"
        ") STORED"
    )
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING GIN (search_vector)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in (
        "commitments",
        "events",
        "quotes",
        "entity_mentions",
        "entities",
        "extractions",
        "article_links",
        "article_sources",
        "articles",
    ):
        op.drop_table(table)
