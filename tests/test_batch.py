"""``wirecoder batch``: partitioning, Parquet and database outputs, kill-and-resume, bad
articles and poisoned partitions, on small generated corpora and real Dask clusters.

The PostgreSQL variants need WIRECODER_TEST_PG_URL (see tests/test_store.py); without
it they are skipped with a message. The 20,000-article run is in test_batch_slow.py.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import create_engine, func, make_url, select, text
from typer.testing import CliRunner

from wirecoder.batch import (
    SCHEMAS,
    TABLES,
    BatchError,
    OutputMismatchError,
    Partition,
    plan_partitions,
    read_partition,
    read_table,
    run_batch,
)
from wirecoder.batch.cli import DEFAULT_EXTRACTOR as CLI_DEFAULT_EXTRACTOR
from wirecoder.batch.database import batch_errors_t, batch_partitions_t
from wirecoder.batch.worker import DEFAULT_EXTRACTOR
from wirecoder.extract.pipeline import Extractor
from wirecoder.ingest import read_paths
from wirecoder.records import Article, Document, IngestError
from wirecoder.store import Store, normalize_url
from wirecoder.store.rows import export_document_rows

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
PG_ENV = "WIRECODER_TEST_PG_URL"
RAISE_MARK = "WIRECODER-TEST-RAISE"
CRASH_MARK = "WIRECODER-TEST-CRASH"


def load_corpus() -> ModuleType:
    """bench/corpus.py, the generator of realistic wire articles."""
    spec = importlib.util.spec_from_file_location(
        "wirecoder_bench_corpus", ROOT / "bench/corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = load_corpus()


# -- extractors for fault injection (imported by the Dask workers by name) -------------


class FaultyExtractor:
    """The real extractor, except that marked articles raise or kill the worker."""

    def __init__(self, delay: float = 0.0) -> None:
        self.inner = Extractor()
        self.delay = delay

    def extract(self, article: Article) -> Document:
        if RAISE_MARK in article.text:
            raise RuntimeError("poisoned article")
        if CRASH_MARK in article.text:
            os._exit(17)  # a segfault or an OOM kill, as far as Dask can tell
        if self.delay:
            time.sleep(self.delay)
        return self.inner.extract(article)


def faulty_extractor() -> FaultyExtractor:
    return FaultyExtractor()


def slow_extractor() -> FaultyExtractor:
    """Slow enough that a small run can be killed midway reliably."""
    return FaultyExtractor(delay=0.03)


# -- helpers ----------------------------------------------------------------------------


def canonical(rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> list[str]:
    """Rows as sorted canonical JSON (lists for tuples, floats rounded)."""

    def norm(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, 9)
        if isinstance(value, list | tuple):
            return [norm(v) for v in value]
        return value

    return sorted(
        json.dumps({k: norm(v) for k, v in row.items()}, sort_keys=True, ensure_ascii=False)
        for row in rows
    )


def assert_same_rows(out: Path, db_url: str) -> dict[str, int]:
    """Parquet tables == the database's flat rows (``Store.export_rows``), kind by kind;
    the row counts. The database is read once: ``export_rows(kind)`` is
    ``export_document_rows(doc, kind)`` over the stored documents, which is what is
    compared here for all four kinds in one pass."""
    kinds = ("entities", "quotes", "events", "commitments")
    from_db: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    with Store.open(db_url) as store:
        for doc in store.iter_documents():
            for kind in kinds:
                from_db[kind].extend(export_document_rows(doc, kind))
        # The shortcut is the real thing: spot-check it against export_rows itself.
        first = next(store.export_rows("events"), None)
        assert first is None or first in from_db["events"]
    counts = {}
    for kind in kinds:
        parquet_rows = canonical(read_table(out, kind).to_pylist())
        db_rows = canonical(from_db.pop(kind))
        assert len(parquet_rows) == len(db_rows), kind
        assert parquet_rows == db_rows, kind
        counts[kind] = len(db_rows)
    return counts


def assert_no_duplicates(out: Path) -> list[str]:
    """Every row once: documents by article, flat rows by (article, id); the article ids."""
    ids = read_table(out, "documents").column("article_id").to_pylist()
    assert len(ids) == len(set(ids))
    for kind in ("entities", "quotes", "events", "commitments"):
        table = read_table(out, kind)
        keys = list(
            zip(table.column("article_id").to_pylist(), table.column("id").to_pylist(), strict=True)
        )
        assert len(keys) == len(set(keys)), kind
    return ids


def pg_schema_url(base: str) -> tuple[str, Any]:
    """A fresh schema on the test server: (URL using it, a function that drops it)."""
    schema = f"wc_batch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(normalize_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'batch.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL part skipped: set {PG_ENV} (start a throwaway server with "
            f"`export {PG_ENV}=$(bash scripts/postgres-test-server.sh)`)"
        )
    url, drop = pg_schema_url(base)
    try:
        yield url
    finally:
        drop()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A 2-worker cluster reached by address, as a remote scheduler would be. A partition
    that kills a worker once is given up (allowed-failures 0), to keep the test short."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(
        {
            "distributed.scheduler.allowed-failures": 0,
            "distributed.scheduler.worker-saturation": 1.0,
        }
    ):
        local = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=40,
        )
    try:
        yield local
    finally:
        local.close()


def batch_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "wirecoder.batch", *args]


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    # The workers import the fault-injecting extractors from this file.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(TESTS), env.get("PYTHONPATH", "")) if p)
    return env


def kill_when_done(
    proc: subprocess.Popen[bytes], done_dir: Path, at_least: int, timeout: float = 240
) -> int:
    """SIGKILL the run's whole process group (driver and workers) once ``at_least``
    partitions are committed; the number committed when it died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            pytest.fail(f"the run ended (rc={proc.returncode}) before it was killed:\n{out}")
        if done_dir.is_dir() and len(list(done_dir.glob("*.json"))) >= at_least:
            break
        time.sleep(0.02)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the run committed too few partitions in time")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return len(list(done_dir.glob("*.json")))


# -- planning -----------------------------------------------------------------------------


def write_mixed_corpus(folder: Path, count: int = 200) -> list[Path]:
    return corpus.write_corpus(folder, count, seed=11, layout="mixed", lines_per_file=70)


def test_plan_is_deterministic_and_reads_like_ingest(tmp_path: Path) -> None:
    paths = write_mixed_corpus(tmp_path / "corpus", 120)
    # Blank and bad lines, and a file of another kind, must read exactly as ingest reads them.
    extra = tmp_path / "corpus" / "zz-extra.jsonl"
    good = json.dumps(corpus.record(5000, seed=11), ensure_ascii=False)
    extra.write_text(f"{good}\n\n{{broken\n{json.dumps({'id': 'x'})}\n{good[:-1]}", "utf-8")
    (tmp_path / "corpus" / "notes.xyz").write_text("not an article", "utf-8")
    inputs = [str(tmp_path / "corpus")]

    plan = list(plan_partitions(inputs, partition_size=17))
    assert [p.id for p in plan] == [p.id for p in plan_partitions(inputs, partition_size=17)]
    assert len({p.id for p in plan}) == len(plan)
    assert all(p.articles <= 17 for p in plan)
    # Round trip through the spool format.
    assert [Partition.from_dict(json.loads(json.dumps(p.to_dict()))) for p in plan] == plan

    def key(item: Article | IngestError) -> tuple[str, ...]:
        if isinstance(item, Article):
            return ("article", item.id, item.origin or "", item.text)
        return ("error", item.origin, item.reason)

    batched = [key(item) for part in plan for item in read_partition(part)]
    expected = [key(item) for item in read_paths(inputs)]
    assert batched == expected
    assert (
        "error",
        f"{extra}:3",
        "invalid JSON: Expecting property name enclosed in double quotes at column 2",
    ) in batched
    assert sum(1 for k in batched if k[0] == "article") == 120 + 1  # the last line is cut
    assert len(paths) == 3


def test_plan_splits_large_jsonl_files_at_line_boundaries(tmp_path: Path) -> None:
    path = corpus.write_jsonl(tmp_path / "a.jsonl", 95, seed=3)
    plan = list(plan_partitions([path], partition_size=20))
    assert [p.articles for p in plan] == [20, 20, 20, 20, 15]
    firsts = [p.slices[0].first_line for p in plan]
    assert firsts == [1, 21, 41, 61, 81]
    ids = [a.id for p in plan for a in read_partition(p) if isinstance(a, Article)]
    assert ids == [r["id"] for r in corpus.records(95, seed=3)]


def test_parquet_schemas_match_export_rows(tmp_path: Path) -> None:
    """The Parquet tables have exactly the columns of Store.export_rows."""
    path = tmp_path / "one.txt"
    path.write_text(corpus.wire_text(corpus.record(1, seed=2)), encoding="utf-8")
    article = next(a for a in read_paths([path]) if isinstance(a, Article))
    doc = Extractor().extract(article)
    for kind in ("entities", "quotes", "events", "commitments"):
        rows = list(export_document_rows(doc, kind))
        assert rows, kind
        assert list(rows[0]) == SCHEMAS[kind].names, kind
    assert set(TABLES) == set(SCHEMAS)
    assert CLI_DEFAULT_EXTRACTOR == DEFAULT_EXTRACTOR


# -- kill and resume ----------------------------------------------------------------------


def test_kill_midway_then_resume(tmp_path: Path, db_url: str, cluster: Any) -> None:
    """~200 articles on 2 workers: killed (SIGKILL, driver and workers) after some
    partitions, resumed: nothing done twice, every article once, same rows in both outputs."""
    inputs = [str(p) for p in write_mixed_corpus(tmp_path / "corpus", 200)]
    out = tmp_path / "out"
    args = [
        *inputs,
        "--out",
        f"parquet:{out}",
        "--db",
        db_url,
        "--workers",
        "2",
        "--partition-size",
        "10",
        "--extractor",
        "test_batch:slow_extractor",
        "--quiet",
    ]
    proc = subprocess.Popen(
        batch_command(*args),
        env=subprocess_env(),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    committed = kill_when_done(proc, out / "_done", at_least=4)
    assert 4 <= committed < 20
    before = {p.name: p.stat().st_mtime_ns for p in (out / "_done").iterdir()}

    # Resume on a cluster reached by address (the --scheduler path).
    result = run_batch(
        inputs,
        out=f"parquet:{out}",
        db=db_url,
        scheduler=cluster.scheduler_address,
        partition_size=10,
        progress=False,
    )
    assert result.complete, result
    assert result.partitions == 20
    assert result.skipped == committed
    assert result.done == 20 - committed
    assert result.errors == 0 and not result.failed
    after = {p.name: p.stat().st_mtime_ns for p in (out / "_done").iterdir()}
    assert all(after[name] == stamp for name, stamp in before.items())  # not redone

    ids = assert_no_duplicates(out)
    assert sorted(ids) == sorted(a.id for a in read_paths(inputs) if isinstance(a, Article))
    assert len(ids) == 200
    counts = assert_same_rows(out, db_url)
    assert counts["entities"] > 1000 and counts["events"] > 500
    with Store.open(db_url) as store:
        assert store.stats()["articles"] == 200
        assert store.stats()["extracted"] == 200
        with store.engine.connect() as conn:
            done = conn.execute(select(func.count()).select_from(batch_partitions_t)).scalar()
            errors = conn.execute(select(func.count()).select_from(batch_errors_t)).scalar()
        assert (done, errors) == (20, 0)

    # A third run finds nothing to do.
    again = run_batch(
        inputs,
        out=f"parquet:{out}",
        db=db_url,
        scheduler=cluster.scheduler_address,
        partition_size=10,
        progress=False,
    )
    assert (again.skipped, again.done) == (20, 0)


# -- bad articles and poisoned partitions ------------------------------------------------


def test_bad_articles_and_poisoned_partitions(tmp_path: Path, cluster: Any) -> None:
    """Bad items become error rows with their reason; a partition in which every article
    raises, and one that kills its worker, never stop the run."""
    folder = tmp_path / "corpus"
    records = list(corpus.records(40, seed=5))
    for i in range(4):  # four partitions of 10 good articles
        corpus.write_jsonl(folder / f"a{i}-good.jsonl", 10, seed=5, start=10 * i)
    # b: every article raises in the extractor (a poisoned partition, by exceptions)
    poisoned = [
        dict(r, id=f"raise-{n}", text=r["text"] + f"\n{RAISE_MARK}\n")
        for n, r in enumerate(corpus.records(10, seed=6))
    ]
    (folder / "b-raise.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in poisoned), "utf-8"
    )
    # c: one article kills the worker process (a poisoned partition, by crashes)
    crashing = [dict(r, id=f"crash-{n}") for n, r in enumerate(corpus.records(10, seed=8))]
    crashing[3]["text"] += f"\n{CRASH_MARK}\n"
    (folder / "c-crash.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in crashing), "utf-8"
    )
    # d: bad lines among good ones
    good = [dict(r, id=f"d-{n}") for n, r in enumerate(corpus.records(6, seed=9))]
    lines = [
        json.dumps(good[0]),
        "{not json",
        json.dumps({"id": "no-text"}),
        json.dumps(good[1]),
        json.dumps(dict(good[2], text=good[2]["text"] + RAISE_MARK)),
        json.dumps(good[3]),
        json.dumps(good[4]),
        json.dumps(good[5]),
        "[1, 2]",
    ]
    (folder / "d-mixed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "e-empty.txt").write_bytes(b"")
    (folder / "f-notes.xyz").write_text("no article here", "utf-8")
    out = tmp_path / "out"
    db = f"sqlite:///{tmp_path / 'bad.db'}"

    result = run_batch(
        [folder],
        out=f"parquet:{out}",
        db=db,
        scheduler=cluster.scheduler_address,
        partition_size=10,
        extractor="test_batch:faulty_extractor",
        progress=False,
    )
    assert not result.interrupted
    assert result.partitions == 8
    assert [pid for pid, _ in result.failed] == [p for p in ParquetIds(out).failed()]
    assert len(result.failed) == 1
    failed_id, reason = result.failed[0]
    assert "KilledWorker" in reason
    assert result.done == 7

    errors = read_table(out, "errors").to_pylist()
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for row in errors:
        by_kind.setdefault(row["kind"], []).append(row)
    raised = by_kind["extract"]
    assert sorted(r["article_id"] for r in raised) == sorted(
        [f"raise-{n}" for n in range(10)] + ["d-2"]
    )
    assert all(r["reason"] == "RuntimeError: poisoned article" for r in raised)
    ingest = {(Path(r["origin"]).name, r["reason"]) for r in by_kind["ingest"]}
    assert (
        "d-mixed.jsonl:2",
        "invalid JSON: Expecting property name enclosed in double quotes at column 2",
    ) in ingest
    assert ("d-mixed.jsonl:3", "no text") in ingest
    assert ("d-mixed.jsonl:9", "expected a JSON object, got list") in ingest
    assert ("e-empty.txt", "empty file") in ingest
    assert ("f-notes.xyz", "unknown extension '.xyz'; skipped") in ingest
    (partition_row,) = by_kind["partition"]
    assert partition_row["partition"] == failed_id
    assert "c-crash.jsonl:1" in partition_row["origin"]

    ids = set(assert_no_duplicates(out))
    assert {r["id"] for r in records} <= ids
    assert {f"d-{n}" for n in (0, 1, 3, 4, 5)} <= ids
    assert not any(i.startswith(("raise-", "crash-")) for i in ids)
    assert_same_rows(out, db)
    with Store.open(db) as store, store.engine.connect() as conn:
        statuses = dict(
            conn.execute(
                select(batch_partitions_t.c.partition_id, batch_partitions_t.c.status)
            ).all()
        )
        assert statuses[failed_id] == "failed"
        assert sorted(statuses.values()).count("done") == 7
        kinds = [k for (k,) in conn.execute(select(batch_errors_t.c.kind))]
        assert kinds.count("extract") == 11 and kinds.count("partition") == 1

    # Skipping failed partitions, a rerun has nothing to do.
    rerun = run_batch(
        [folder],
        out=f"parquet:{out}",
        db=db,
        scheduler=cluster.scheduler_address,
        partition_size=10,
        extractor="test_batch:faulty_extractor",
        retry_failed=False,
        progress=False,
    )
    assert (rerun.skipped, rerun.done, rerun.failed) == (8, 0, [])


class ParquetIds:
    def __init__(self, out: Path) -> None:
        self.out = out

    def failed(self) -> list[str]:
        return sorted(p.stem for p in (self.out / "_failed").glob("*.json"))


# -- command line ---------------------------------------------------------------------------


def _cli() -> Any:
    import typer

    from wirecoder.batch.cli import batch

    app = typer.Typer()
    app.command()(batch)
    return app


def test_cli_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    app = _cli()
    corpus.write_jsonl(tmp_path / "a.jsonl", 3, seed=1)
    result = runner.invoke(app, [str(tmp_path / "a.jsonl")])
    assert result.exit_code == 2 and "give an output" in result.output
    result = runner.invoke(app, [str(tmp_path / "a.jsonl"), "--out", "csv:x"])
    assert result.exit_code == 2 and "unsupported output" in result.output
    result = runner.invoke(
        app,
        [
            str(tmp_path / "a.jsonl"),
            "--out",
            str(tmp_path / "o"),
            "--extractor",
            "nowhere.at.all:Nothing",
        ],
    )
    assert result.exit_code == 2 and "cannot load the extractor" in result.output
    result = runner.invoke(
        app,
        [
            str(tmp_path / "a.jsonl"),
            "--out",
            str(tmp_path / "o"),
            "--scheduler",
            "tcp://127.0.0.1:1",
            "--workers",
            "2",
        ],
    )
    assert result.exit_code == 2


def test_resume_refuses_other_inputs(tmp_path: Path, cluster: Any) -> None:
    a = corpus.write_jsonl(tmp_path / "a.jsonl", 6, seed=1)
    b = corpus.write_jsonl(tmp_path / "b.jsonl", 6, seed=2)
    out = tmp_path / "out"
    first = run_batch(
        [a], out=out, scheduler=cluster.scheduler_address, partition_size=4, progress=False
    )
    assert first.complete and first.documents == 6
    with pytest.raises(OutputMismatchError, match="other inputs or settings"):
        run_batch(
            [a, b], out=out, scheduler=cluster.scheduler_address, partition_size=4, progress=False
        )
    with pytest.raises(OutputMismatchError):
        run_batch(
            [a], out=out, scheduler=cluster.scheduler_address, partition_size=5, progress=False
        )
    with pytest.raises(BatchError, match="standard input"):
        run_batch(["-"], out=tmp_path / "o2", scheduler=cluster.scheduler_address, progress=False)


def test_local_cluster_survives_a_killed_worker(tmp_path: Path) -> None:
    """--workers N: a worker killed mid-run is replaced and its partition redone; a partition
    that crashes its worker ``max_crashes`` times is recorded as failed; the rest completes."""
    folder = tmp_path / "corpus"
    for i in range(6):
        corpus.write_jsonl(folder / f"a{i}.jsonl", 5, seed=21, start=5 * i)
    crashing = [dict(r, id=f"crash-{n}") for n, r in enumerate(corpus.records(5, seed=22))]
    crashing[0]["text"] += f"\n{CRASH_MARK}\n"
    (folder / "z-crash.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in crashing), "utf-8"
    )
    killed: list[int] = []

    def kill_one_worker(outcome: Any) -> None:
        if not killed:
            pid = int(outcome.worker.rsplit(":", 1)[1])
            killed.append(pid)
            os.kill(pid, signal.SIGKILL)

    out = tmp_path / "out"
    result = run_batch(
        [folder],
        out=f"parquet:{out}",
        workers=2,
        partition_size=5,
        max_crashes=2,
        extractor="test_batch:slow_extractor",
        progress=False,
        on_outcome=kill_one_worker,
    )
    assert killed
    assert result.done == 6 and len(result.failed) == 1
    assert "KilledWorker" in result.failed[0][1]
    ids = assert_no_duplicates(out)
    assert sorted(ids) == sorted(r["id"] for r in corpus.records(30, seed=21))


def test_ctrl_c_stops_cleanly_and_resumes(tmp_path: Path, cluster: Any) -> None:
    inputs = [str(p) for p in write_mixed_corpus(tmp_path / "corpus", 80)]
    out = tmp_path / "out"
    args = [
        *inputs,
        "--out",
        f"parquet:{out}",
        "--workers",
        "2",
        "--partition-size",
        "4",
        "--extractor",
        "test_batch:slow_extractor",
    ]
    proc = subprocess.Popen(
        batch_command(*args),
        env=subprocess_env(),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while len(list((out / "_done").glob("*.json"))) < 3 and time.monotonic() < deadline:
        assert proc.poll() is None
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the whole group
    output = proc.communicate(timeout=120)[0].decode()
    assert proc.returncode == 130, output
    assert "interrupted" in output and "Traceback" not in output
    committed = len(list((out / "_done").glob("*.json")))
    assert committed < 20
    result = run_batch(
        inputs, out=out, scheduler=cluster.scheduler_address, partition_size=4, progress=False
    )
    assert result.complete and result.skipped == committed
    assert len(assert_no_duplicates(out)) == 80
