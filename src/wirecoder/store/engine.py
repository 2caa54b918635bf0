"""Database URLs, engines and programmatic Alembic migrations."""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Execution option marking a connection that will write: SQLite then starts its
# transaction with BEGIN IMMEDIATE (takes the write lock up front, so two writers queue
# instead of failing with "database is locked" when a read lock must be upgraded).
WRITE_OPTION = "wirecoder_write"
# Key for PostgreSQL advisory locks taken by the store (migrations, ingest batches).
_LOCK_BASE = zlib.crc32(b"wirecoder.store") & 0x7FFFFFFF


class StoreError(RuntimeError):
    """The store cannot be opened or used as asked."""


def lock_key(name: str) -> int:
    """A stable 63-bit key for ``pg_advisory_xact_lock``."""
    return (_LOCK_BASE << 31) | (zlib.crc32(name.encode()) & 0x7FFFFFFF)


def normalize_url(url: str | os.PathLike[str]) -> str:
    """Turn what a user gives into an SQLAlchemy URL.

    - a plain path (``wirecoder.db``, ``data/x.sqlite``) becomes ``sqlite:///<abs path>``;
    - ``:memory:`` becomes an in-memory SQLite database;
    - ``postgresql://`` and ``postgres://`` use the psycopg 3 driver.
    """
    raw = os.fspath(url).strip()
    if raw == ":memory:":
        return "sqlite://"
    if "://" not in raw:
        return "sqlite:///" + str(Path(raw).expanduser().resolve())
    scheme, rest = raw.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    return raw


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for a normalised URL, with the store's connection settings."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL or path: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, echo=echo)
    if backend == "postgresql":
        try:
            return create_engine(url, echo=echo, pool_pre_ping=True)
        except ImportError as exc:
            raise StoreError(
                f"PostgreSQL needs the psycopg driver ({exc}); "
                "install it with: pip install 'wirecoder[postgres]'"
            ) from exc
    raise StoreError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    parsed = make_url(url)
    database = parsed.database
    kwargs: dict[str, Any] = {"connect_args": {"timeout": 60}}
    if not database or database == ":memory:":
        # One shared connection, or every connection would see its own empty database.
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"]["check_same_thread"] = False
    elif not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so
        # that a transaction covers reads and DDL too (see the "begin" hook below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic autogenerate filter: the full-text search objects are dialect-specific
    and made by hand in the migrations (SQLite FTS5 tables, PostgreSQL search_vector)."""
    if name is None:
        return True
    if type_ == "table" and name.startswith("articles_fts"):
        return False
    return name not in ("search_vector", "ix_articles_search_vector")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` in one transaction (a no-op when current)."""
    script = ScriptDirectory.from_config(alembic_config())
    heads = set(script.get_heads())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
        conn.rollback()
    if revision == "head" and current == heads:
        return
    unknown = [rev for rev in current if rev not in {s.revision for s in script.walk_revisions()}]
    if unknown:
        raise StoreError(
            f"the database schema is at revision {', '.join(sorted(unknown))}, which this "
            "version of wirecoder does not know; upgrade wirecoder to open it"
        )
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two processes opening a new database at once: the second waits, then finds
            # the schema current.
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key("migrate")})
        command.upgrade(alembic_config(conn), revision)
