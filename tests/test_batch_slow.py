"""The 20,000-article batch run: a 2-worker local cluster, one worker killed, then the
whole run killed, then resumed; Parquet and the database end with the same rows, each
article once. Writes to PostgreSQL when WIRECODER_TEST_PG_URL is set, else to SQLite.

WIRECODER_BATCH_SLOW_ARTICLES overrides the corpus size (e.g. 2000 for a quick look).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import func, select

from test_batch import (
    PG_ENV,
    assert_no_duplicates,
    assert_same_rows,
    batch_command,
    corpus,
    kill_when_done,
    pg_schema_url,
    subprocess_env,
)
from wirecoder.batch.database import batch_partitions_t
from wirecoder.store import Store

pytestmark = pytest.mark.slow


def _kill_one_worker(driver: int, done_dir: Path, at_least: int, timeout: float = 300) -> int:
    """SIGKILL one worker process of the run once ``at_least`` partitions are committed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done_dir.is_dir() and len(list(done_dir.glob("*.json"))) >= at_least:
            break
        time.sleep(0.05)
    workers = [
        p
        for p in psutil.Process(driver).children(recursive=True)
        if "spawn_main" in " ".join(p.cmdline()) and "resource_tracker" not in " ".join(p.cmdline())
    ]
    assert workers, "no worker processes found"
    workers[0].send_signal(signal.SIGKILL)
    return workers[0].pid


def test_20000_articles_killed_and_resumed(tmp_path: Path) -> None:
    count = int(os.environ.get("WIRECODER_BATCH_SLOW_ARTICLES", "20000"))
    size = 500
    partitions = -(-count // size)
    started = time.perf_counter()
    inputs = [str(p) for p in corpus.write_corpus(tmp_path / "corpus", count, 13, "jsonl", 5000)]
    base = os.environ.get(PG_ENV)
    drop = None
    if base:
        db, drop = pg_schema_url(base)
    else:
        print(f"{PG_ENV} not set: the database part uses SQLite instead of PostgreSQL")
        db = f"sqlite:///{tmp_path / 'batch.db'}"
    out = tmp_path / "out"
    args = [
        *inputs,
        "--out",
        f"parquet:{out}",
        "--db",
        db,
        "--workers",
        "2",
        "--partition-size",
        str(size),
        "--quiet",
    ]
    try:
        proc = subprocess.Popen(
            batch_command(*args),
            env=subprocess_env(),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _kill_one_worker(proc.pid, out / "_done", at_least=2)
        committed = kill_when_done(
            proc, out / "_done", at_least=max(3, partitions // 3), timeout=900
        )
        assert committed < partitions
        first_run = time.perf_counter() - started

        resumed = subprocess.run(
            batch_command(*args, "--json"),
            env=subprocess_env(),
            cwd=tmp_path,
            capture_output=True,
            timeout=1500,
            check=False,
        )
        assert resumed.returncode == 0, resumed.stderr.decode()[-3000:]
        result = json.loads(resumed.stdout)
        assert result["complete"] and not result["failed"]
        assert result["skipped"] == committed
        assert result["done"] == partitions - committed
        run_time = time.perf_counter() - started

        ids = assert_no_duplicates(out)
        assert sorted(ids) == sorted(r["id"] for r in corpus.records(count, 13))
        counts = assert_same_rows(out, db)
        with Store.open(db) as store:
            stats = store.stats()
            assert stats["articles"] == count and stats["extracted"] == count
            with store.engine.connect() as conn:
                done = conn.execute(
                    select(func.count())
                    .select_from(batch_partitions_t)
                    .where(batch_partitions_t.c.status == "done")
                ).scalar()
            assert done == partitions
        print(
            f"{count} articles: killed after {committed}/{partitions} partitions "
            f"({first_run:.0f} s), resumed and done at {run_time:.0f} s, checked at "
            f"{time.perf_counter() - started:.0f} s; rows {counts}; "
            f"{result['articles_per_second']} articles/s while resumed"
        )
    finally:
        if drop is not None:
            drop()
