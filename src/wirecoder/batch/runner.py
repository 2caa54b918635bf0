"""The driver of a batch run: plan partitions, run them on Dask workers, keep score.

The driver holds the plan only as a temporary file of partition specs, and at most a few
partitions per worker thread in flight; articles are read, extracted and written by the
workers. A partition that is already committed to every output is skipped, so rerunning
the same command after a crash, a killed worker or Ctrl-C does only what is missing. A
partition whose task fails (the worker process died on it more than ``max_crashes``
times, or writing it raised) is recorded as failed in the outputs and the run goes on;
the next run tries it again unless ``retry_failed`` is off.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import FrameType
from typing import IO, Any

import dask
from distributed import Client, LocalCluster, as_completed
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from wirecoder.store import Store, normalize_url

from .database import DatabaseOutput
from .parquet import ParquetOutput, partition_origin
from .plan import DEFAULT_PARTITION_SIZE, Partition, plan_partitions
from .worker import (
    DEFAULT_EXTRACTOR,
    ExtractorPreload,
    Job,
    PartitionOutcome,
    resolve_factory,
    run_partition,
)

PARQUET_PREFIX = "parquet:"


class BatchError(RuntimeError):
    """The run cannot start as asked (bad output, unreachable scheduler, ...)."""


@dataclass
class BatchResult:
    """What a run did. ``failed`` lists ``(partition id, reason)``."""

    partitions: int = 0  # in the plan
    skipped: int = 0  # committed by an earlier run
    done: int = 0  # committed by this run
    failed: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0
    documents: int = 0
    errors: int = 0
    warnings: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    db_rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0  # wall time of the processing (after the cluster started)
    startup_seconds: float = 0.0  # cluster start and extractor loading
    extract_seconds: float = 0.0  # summed over partitions
    cpu_seconds: float = 0.0  # worker CPU time, summed over partitions
    write_seconds: dict[str, float] = field(default_factory=dict)  # summed over partitions
    threads: int = 0
    worker_peak_rss_mib: dict[str, float] = field(default_factory=dict)
    interrupted: bool = False

    @property
    def complete(self) -> bool:
        return (
            not self.interrupted
            and not self.failed
            and self.skipped + self.done == (self.partitions)
        )

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "partitions": self.partitions,
            "skipped": self.skipped,
            "done": self.done,
            "failed": [list(f) for f in self.failed],
            "articles": self.articles,
            "documents": self.documents,
            "errors": self.errors,
            "warnings": self.warnings,
            "rows": dict(self.rows),
            "db_rows": dict(self.db_rows),
            "seconds": round(self.seconds, 3),
            "startup_seconds": round(self.startup_seconds, 3),
            "extract_seconds": round(self.extract_seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "write_seconds": {k: round(v, 3) for k, v in self.write_seconds.items()},
            "threads": self.threads,
            "articles_per_second": round(self.articles_per_second, 2),
            "worker_peak_rss_mib": {k: round(v, 1) for k, v in self.worker_peak_rss_mib.items()},
            "interrupted": self.interrupted,
            "complete": self.complete,
        }

    def add(self, outcome: PartitionOutcome) -> None:
        self.done += 1
        self.articles += outcome.articles
        self.documents += outcome.documents
        self.errors += outcome.errors
        self.warnings += outcome.warnings
        for key, value in outcome.rows.items():
            self.rows[key] = self.rows.get(key, 0) + value
        for key, value in outcome.db_rows.items():
            self.db_rows[key] = self.db_rows.get(key, 0) + value
        self.extract_seconds += outcome.extract_s
        self.cpu_seconds += outcome.cpu_s
        for key, secs in outcome.write_s.items():
            self.write_seconds[key] = self.write_seconds.get(key, 0.0) + secs
        if outcome.peak_rss_mib:
            name = outcome.worker
            self.worker_peak_rss_mib[name] = max(
                self.worker_peak_rss_mib.get(name, 0.0), outcome.peak_rss_mib
            )


def parse_out(out: str | os.PathLike[str]) -> str:
    """The folder of ``parquet:DIR`` (a bare ``DIR`` means Parquet too)."""
    raw = os.fspath(out)
    if raw.startswith(PARQUET_PREFIX):
        raw = raw[len(PARQUET_PREFIX) :]
    elif ":" in raw.split("/")[0] and not os.path.exists(raw):
        scheme = raw.split(":", 1)[0]
        raise BatchError(f"unsupported output {scheme!r}: use parquet:DIR")
    if not raw:
        raise BatchError("--out needs a folder: parquet:DIR")
    return os.path.abspath(raw)


class _Outputs:
    """The outputs of a run, on the driver side."""

    def __init__(self, parquet_dir: str | None, db_url: str | None) -> None:
        self.parquet = ParquetOutput(parquet_dir) if parquet_dir else None
        self.database = DatabaseOutput(db_url) if db_url else None
        self.store: Store | None = None
        self._lock: IO[bytes] | None = None

    def prepare(self, settings: dict[str, Any]) -> None:
        if self.parquet is not None:
            self.parquet.prepare(settings)
            self._lock = _lock_folder(self.parquet.root)
        if self.database is not None:
            try:
                self.store = Store.open(self.database.url)
            except Exception as exc:
                raise BatchError(f"cannot open the database: {exc}") from exc
            self.database.prepare(self.store)

    def done(self) -> set[str]:
        sets = []
        if self.parquet is not None:
            sets.append(self.parquet.done())
        if self.database is not None and self.store is not None:
            sets.append(self.database.done(self.store))
        return set.intersection(*sets) if sets else set()

    def failed(self) -> set[str]:
        return self.parquet.failed() if self.parquet is not None else set()

    def record_failure(self, partition: Partition, reason: str) -> None:
        spec = partition.to_dict()
        if self.parquet is not None:
            self.parquet.record_failure(partition.id, spec, reason)
        if self.database is not None and self.store is not None:
            self.database.record_failure(
                self.store, partition.id, spec, reason, partition_origin(spec)
            )

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
        if self._lock is not None:
            self._lock.close()


def _lock_folder(root: os.PathLike[str] | str) -> IO[bytes] | None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        return None
    handle = open(os.path.join(os.fspath(root), "_lock"), "ab")  # noqa: SIM115
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        raise BatchError(f"another batch run is writing to {os.fspath(root)}") from exc
    return handle


def _failed_database(store: Store) -> set[str]:
    from sqlalchemy import select

    from .tables import batch_partitions_t

    with store.engine.connect() as conn:
        return set(
            conn.execute(
                select(batch_partitions_t.c.partition_id).where(
                    batch_partitions_t.c.status == "failed"
                )
            ).scalars()
        )


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C: in-flight work is cancelled, workers stop."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _client(
    scheduler: str | None, workers: int, max_crashes: int, client: Client | None
) -> Iterator[Client]:
    if client is not None:
        yield client
        return
    if scheduler:
        try:
            remote = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        try:
            yield remote
        finally:
            remote.close()
        return
    settings = {
        # A partition that kills its worker this many times is recorded as failed.
        "distributed.scheduler.allowed-failures": max(0, max_crashes - 1),
        # One task per worker thread at a time: a crash then blames only that partition.
        "distributed.scheduler.worker-saturation": 1.0,
    }
    with dask.config.set(settings), _sigint_ignored():
        # Started with SIGINT ignored, the worker processes inherit that (and so does the
        # ExtractorPreload plugin for restarted ones): Ctrl-C reaches only the driver.
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # no fixed port: several clusters may run
            silence_logs=logging.ERROR,
        )
    try:
        local = Client(cluster)
        try:
            yield local
        finally:
            local.close()
    finally:
        cluster.close()


def _spool(partitions: Iterator[Partition], skip: set[str], handle: IO[str]) -> tuple[int, int]:
    """Write the partitions to do to ``handle`` (JSON Lines); (planned, skipped)."""
    planned = skipped = 0
    for part in partitions:
        planned += 1
        if part.id in skip:
            skipped += 1
            continue
        handle.write(json.dumps(part.to_dict(), ensure_ascii=False) + "\n")
    handle.seek(0)
    return planned, skipped


def _progress(console: Console | None, enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("partitions"),
        TextColumn("{task.fields[articles]} articles"),
        TextColumn("{task.fields[errors]} errors"),
        TextColumn("[red]{task.fields[failed]}[/red] failed"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console or Console(stderr=True),
        disable=not enabled,
        transient=False,
    )


def run_batch(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    out: str | os.PathLike[str] | None = None,
    db: str | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Client | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    extractor: str = DEFAULT_EXTRACTOR,
    retry_failed: bool = True,
    max_crashes: int = 3,
    max_chars: int | None = None,
    progress: bool = True,
    console: Console | None = None,
    on_outcome: Callable[[PartitionOutcome], None] | None = None,
) -> BatchResult:
    """Extract ``inputs`` on Dask workers into Parquet (``out``) and/or a database (``db``).

    ``scheduler`` is the address of a running Dask scheduler (its workers must see the
    input files, the output folder and the database); otherwise a local cluster of
    ``workers`` processes (one thread each; default: one per CPU) is started, or
    ``client`` is used. See the module docstring for resuming and failures.
    """
    if not inputs:
        raise BatchError("no inputs given")
    if out is None and db is None:
        raise BatchError("give an output: --out parquet:DIR and/or --db URL")
    if partition_size < 1:
        raise BatchError("partition_size must be at least 1")
    try:
        resolve_factory(extractor)
    except Exception as exc:
        raise BatchError(f"cannot load the extractor {extractor!r}: {exc}") from exc
    if any(os.fspath(p) == "-" for p in inputs):
        raise BatchError("batch runs read files and directories, not standard input")
    abs_inputs = [os.path.abspath(os.fspath(p)) for p in inputs]
    parquet_dir = parse_out(out) if out is not None else None
    db_url = normalize_url(db) if db is not None else None
    job = Job(extractor=extractor, parquet=parquet_dir, database=db_url, max_chars=max_chars)
    outputs = _Outputs(parquet_dir, db_url)
    result = BatchResult()
    try:
        outputs.prepare({"inputs": abs_inputs, "partition_size": partition_size})
        skip = outputs.done()
        if not retry_failed:
            skip |= outputs.failed()
            if outputs.store is not None:
                skip |= _failed_database(outputs.store)
        with tempfile.TemporaryFile("w+", encoding="utf-8") as plan, _sigterm_as_interrupt():
            planned, skipped = _spool(plan_partitions(abs_inputs, partition_size), skip, plan)
            result.partitions, result.skipped = planned, skipped
            if planned == skipped:
                return result
            try:
                _execute(
                    result,
                    plan,
                    job,
                    outputs,
                    scheduler,
                    workers,
                    client,
                    max_crashes,
                    progress,
                    console,
                    on_outcome,
                )
            except KeyboardInterrupt:
                result.interrupted = True
    finally:
        outputs.close()
    return result


def _execute(
    result: BatchResult,
    plan: IO[str],
    job: Job,
    outputs: _Outputs,
    scheduler: str | None,
    workers: int | None,
    client: Client | None,
    max_crashes: int,
    progress: bool,
    console: Console | None,
    on_outcome: Callable[[PartitionOutcome], None] | None,
) -> None:
    todo = result.partitions - result.skipped
    started = time.perf_counter()
    n_workers = max(1, workers or os.cpu_count() or 1)
    with _client(scheduler, n_workers, max_crashes, client) as dask_client:
        local = client is None and not scheduler
        dask_client.register_plugin(ExtractorPreload(job.extractor, ignore_sigint=local))
        if scheduler and client is None:
            dask_client.wait_for_workers(1, timeout=120)
        result.startup_seconds = time.perf_counter() - started
        t0 = time.perf_counter()
        token = uuid.uuid4().hex[:8]
        pending: dict[Any, Partition] = {}
        finished = as_completed()
        capacity = _Capacity(dask_client)

        def top_up() -> None:
            while len(pending) < capacity.in_flight():
                line = plan.readline()
                if not line:
                    return
                part = Partition.from_dict(json.loads(line))
                future = dask_client.submit(
                    run_partition,
                    part,
                    job,
                    key=f"wirecoder-batch-{token}-{part.id}",
                    pure=False,
                    retries=1,
                )
                pending[future] = part
                finished.add(future)

        label = "batch" + (f" ({result.skipped} done before)" if result.skipped else "")
        with _progress(console, progress) as bar:
            task = bar.add_task(label, total=todo, articles=0, errors=0, failed=0)
            try:
                top_up()
                for future in finished:
                    part = pending.pop(future)
                    try:
                        outcome: PartitionOutcome = future.result()
                    except (Exception, asyncio.CancelledError) as exc:
                        reason = f"{type(exc).__name__}: {exc}"
                        try:
                            outputs.record_failure(part, reason)
                        except Exception as record_exc:
                            reason += f" (not recorded in the outputs: {record_exc})"
                        result.failed.append((part.id, reason))
                    else:
                        result.add(outcome)
                        if on_outcome is not None:
                            on_outcome(outcome)
                    future.release()
                    bar.update(
                        task,
                        advance=1,
                        articles=result.articles,
                        errors=result.errors,
                        failed=len(result.failed),
                    )
                    top_up()
            except KeyboardInterrupt:
                futures = list(pending)
                if futures:
                    with contextlib.suppress(Exception):
                        dask_client.cancel(futures, force=True)
                raise
            finally:
                result.seconds = time.perf_counter() - t0
                result.threads = capacity.threads


class _Capacity:
    """How many partitions to keep in flight: two per worker thread, plus one."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.threads = 0
        self._checked = 0.0

    def in_flight(self) -> int:
        now = time.monotonic()
        if now - self._checked > 5.0 or not self.threads:
            with contextlib.suppress(Exception):
                self.threads = sum(self.client.nthreads().values())
            self._checked = now
        return 2 * max(1, self.threads) + 1
