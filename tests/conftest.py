"""Shared fixtures: a database URL for SQLite and, when available, PostgreSQL.

PostgreSQL runs need ``WIRECODER_TEST_PG_URL`` (CI starts a throwaway server with
``scripts/postgres-test-server.sh``); each test gets its own schema, dropped afterwards,
so parallel runs (pytest -n) do not interfere.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from wirecoder.store import normalize_url

PG_ENV = "WIRECODER_TEST_PG_URL"


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL tests need {PG_ENV}; start a throwaway server with "
            f"`export {PG_ENV}=$(bash scripts/postgres-test-server.sh)`"
        )
    schema = f"wc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(normalize_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
