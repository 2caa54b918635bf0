"""Batch runner bookkeeping: finished/poisoned partitions and per-article errors.

Before this revision the batch runner created these two tables itself on first use;
a database that already has them keeps them (same columns) and is only stamped.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the column types (migrations must not import the live tables).
KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "batch_partitions" not in existing:
        op.create_table(
            "batch_partitions",
            sa.Column("partition_id", sa.Text(), nullable=False),
            sa.Column("status", sa.Text(), nullable=False),
            sa.Column("articles", sa.Integer(), nullable=False),
            sa.Column("documents", sa.Integer(), nullable=False),
            sa.Column("errors", sa.Integer(), nullable=False),
            sa.Column("worker", sa.Text(), nullable=True),
            sa.Column("reason", sa.Text(), nullable=True),
            sa.Column("spec", sa.Text(), nullable=True),
            sa.Column("finished_at", TS, nullable=False),
            sa.PrimaryKeyConstraint("partition_id", name=op.f("pk_batch_partitions")),
        )
    if "batch_errors" not in existing:
        op.create_table(
            "batch_errors",
            sa.Column("pk", KEY, autoincrement=True, nullable=False),
            sa.Column("partition_id", sa.Text(), nullable=False),
            sa.Column("kind", sa.Text(), nullable=False),
            sa.Column("origin", sa.Text(), nullable=True),
            sa.Column("article_id", sa.Text(), nullable=True),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("created_at", TS, nullable=False),
            sa.PrimaryKeyConstraint("pk", name=op.f("pk_batch_errors")),
        )
        op.create_index(
            op.f("ix_batch_errors_partition_id"), "batch_errors", ["partition_id"], unique=False
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_batch_errors_partition_id"), table_name="batch_errors")
    op.drop_table("batch_errors")
    op.drop_table("batch_partitions")
