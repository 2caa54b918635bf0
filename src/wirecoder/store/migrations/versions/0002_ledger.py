"""Commitment ledger: threads, history entries, link decisions, user corrections.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the column types (migrations must not import the live tables).
JSON_VALUE = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True), "postgresql"
)
KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ledger_threads",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("givers", JSON_VALUE, nullable=False),
        sa.Column("recipient", JSON_VALUE, nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("condition", sa.Text(), nullable=True),
        sa.Column("flags", JSON_VALUE, nullable=False),
        sa.Column("first_date", sa.Text(), nullable=True),
        sa.Column("last_date", sa.Text(), nullable=True),
        sa.Column("corrections", JSON_VALUE, nullable=False),
        sa.Column("built_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_threads"),
    )
    op.create_index("ix_ledger_threads_what", "ledger_threads", ["what"])
    op.create_index("ix_ledger_threads_stage", "ledger_threads", ["stage"])

    op.create_table(
        "ledger_entries",
        sa.Column("thread_id", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_key", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Text(), nullable=False),
        sa.Column("commitment_id", sa.Text(), nullable=True),
        sa.Column("event_id", sa.Text(), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("givers", JSON_VALUE, nullable=False),
        sa.Column("recipient", JSON_VALUE, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("condition", sa.Text(), nullable=True),
        sa.Column("historical", sa.Boolean(), nullable=False),
        sa.Column("reversed", sa.Boolean(), nullable=False),
        sa.Column("denies", JSON_VALUE, nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("thread_id", "seq", name="pk_ledger_entries"),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["ledger_threads.id"],
            ondelete="CASCADE",
            name="fk_ledger_entries_thread_id_ledger_threads",
        ),
    )
    op.create_index("ix_ledger_entries_article_id", "ledger_entries", ["article_id"])
    op.create_index("ix_ledger_entries_entry_key", "ledger_entries", ["entry_key"])

    op.create_table(
        "ledger_links",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("article_id", sa.Text(), nullable=False),
        sa.Column("commitment_id", sa.Text(), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("thread_id", sa.Text(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("components", JSON_VALUE, nullable=True),
        sa.Column("alternatives", JSON_VALUE, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_ledger_links"),
    )
    op.create_index("ix_ledger_links_article_id", "ledger_links", ["article_id"])
    op.create_index("ix_ledger_links_thread_id", "ledger_links", ["thread_id"])

    op.create_table(
        "ledger_corrections",
        sa.Column("id", KEY, autoincrement=True, nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("threads", JSON_VALUE, nullable=False),
        sa.Column("refs", JSON_VALUE, nullable=False),
        sa.Column("new_id", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_corrections"),
    )

    op.create_table(
        "ledger_meta",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_ledger_meta"),
    )


def downgrade() -> None:
    for index, table in (
        ("ix_ledger_links_thread_id", "ledger_links"),
        ("ix_ledger_links_article_id", "ledger_links"),
        ("ix_ledger_entries_entry_key", "ledger_entries"),
        ("ix_ledger_entries_article_id", "ledger_entries"),
        ("ix_ledger_threads_stage", "ledger_threads"),
        ("ix_ledger_threads_what", "ledger_threads"),
    ):
        op.drop_index(index, table_name=table)
    for table in (
        "ledger_meta",
        "ledger_corrections",
        "ledger_links",
        "ledger_entries",
        "ledger_threads",
    ):
        op.drop_table(table)
