"""What runs on a Dask worker: read one partition, extract it, write it to the outputs.

The extractor is built once per worker process by ``load_extractor`` (a cached factory:
the first task, or the ``ExtractorPreload`` plugin when the worker starts, pays for
loading the taggers and knowledge bases; every later partition reuses it). Database
handles are cached the same way. Nothing is kept in mutable module globals.
"""

from __future__ import annotations

import functools
import importlib
import resource
import signal
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from distributed import WorkerPlugin

from wirecoder.ingest.base import IngestOptions, IngestWarning
from wirecoder.records import Article, Document, IngestError
from wirecoder.store import Store

from .database import DatabaseOutput, worker_name
from .parquet import ParquetOutput
from .plan import Partition, read_partition

DEFAULT_EXTRACTOR = "wirecoder.extract.pipeline:Extractor"

_WARM_UP = (
    Article(
        id="warm-up-de",
        language="de",
        date="2026-01-06",
        text="Bundeskanzler Friedrich Merz sagte der Ukraine weitere Hilfe zu.",
    ),
    Article(
        id="warm-up-en",
        language="en",
        date="2026-01-06",
        text="French President Emmanuel Macron pledged more aid to Ukraine.",
    ),
)


class ExtractorLike(Protocol):
    def extract(self, article: Article) -> Document: ...


def resolve_factory(spec: str) -> Any:
    """The callable named by ``"package.module:callable"``."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"extractor must be 'module:callable', got {spec!r}")
    target: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        target = getattr(target, part)
    if not callable(target):
        raise ValueError(f"{spec!r} is not callable")
    return target


@functools.cache
def load_extractor(spec: str = DEFAULT_EXTRACTOR) -> ExtractorLike:
    """The extractor for ``spec``, built once per process."""
    extractor: ExtractorLike = resolve_factory(spec)()
    return extractor


@functools.cache
def open_store(url: str) -> Store:
    """One store (engine and connection pool) per worker process and database."""
    return Store.open(url, migrate=False)


class ExtractorPreload(WorkerPlugin):
    """Loads (and warms up) the extractor when a worker starts or restarts."""

    name = "wirecoder-batch-extractor"

    def __init__(self, spec: str = DEFAULT_EXTRACTOR, ignore_sigint: bool = False) -> None:
        self.spec = spec
        # Workers of a local cluster leave Ctrl-C to the driver, which stops them cleanly.
        self.ignore_sigint = ignore_sigint

    def setup(self, worker: Any) -> None:
        if self.ignore_sigint and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            extractor = load_extractor(self.spec)
            for article in _WARM_UP:
                extractor.extract(article)
        except Exception as exc:  # the tasks report it, per partition
            print(
                f"wirecoder batch: extractor {self.spec!r} failed to load: {exc}", file=sys.stderr
            )


@dataclass(frozen=True)
class Job:
    """What every partition task of a run needs besides its partition (small, picklable)."""

    extractor: str = DEFAULT_EXTRACTOR
    parquet: str | None = None  # output folder
    database: str | None = None  # normalised SQLAlchemy URL
    max_chars: int | None = None


@dataclass
class PartitionOutcome:
    """The small summary a task sends back to the driver (the rows stay on the worker)."""

    partition: str
    articles: int = 0
    documents: int = 0
    errors: int = 0
    warnings: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # per Parquet table
    db_rows: dict[str, int] = field(default_factory=dict)  # per database table
    extract_s: float = 0.0  # reading and extracting
    cpu_s: float = 0.0  # CPU time of the worker process over the whole task
    write_s: dict[str, float] = field(default_factory=dict)  # per output
    worker: str = ""
    peak_rss_mib: float = 0.0


def error_row(
    partition: str, kind: str, origin: str | None, reason: str, article_id: str | None = None
) -> dict[str, Any]:
    return {
        "partition": partition,
        "kind": kind,
        "origin": origin,
        "article_id": article_id,
        "reason": reason,
    }


def peak_rss_mib() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_partition(partition: Partition, job: Job) -> PartitionOutcome:
    """Read, extract and write one partition; bad articles become error rows."""
    started = time.perf_counter()
    cpu_started = time.process_time()
    extractor = load_extractor(job.extractor)
    options = IngestOptions() if job.max_chars is None else IngestOptions(max_chars=job.max_chars)
    pid = partition.id
    docs: list[Document] = []
    errors: list[dict[str, Any]] = []
    outcome = PartitionOutcome(partition=pid, worker=worker_name())
    for item in read_partition(partition, options):
        if isinstance(item, IngestWarning):
            errors.append(error_row(pid, "warning", item.origin, item.reason))
            outcome.warnings += 1
            continue
        if isinstance(item, IngestError):
            errors.append(error_row(pid, "ingest", item.origin, item.reason))
            continue
        outcome.articles += 1
        try:
            docs.append(extractor.extract(item))
        except Exception as exc:
            errors.append(
                error_row(pid, "extract", item.origin, f"{type(exc).__name__}: {exc}", item.id)
            )
    outcome.extract_s = time.perf_counter() - started
    spec = partition.to_dict()
    parquet = ParquetOutput(job.parquet) if job.parquet else None
    if parquet is not None:
        t0 = time.perf_counter()
        outcome.rows = parquet.write(pid, docs, errors)
        outcome.write_s["parquet"] = time.perf_counter() - t0
    store_errors: list[dict[str, Any]] = []
    if job.database:
        t0 = time.perf_counter()
        outcome.db_rows, store_errors = DatabaseOutput(job.database).write(
            open_store(job.database), pid, spec, docs, errors, outcome.articles, outcome.worker
        )
        outcome.write_s["database"] = time.perf_counter() - t0
        if store_errors and parquet is not None:
            # Keep both outputs alike: the documents the store refused are errors there too.
            refused = {e["article_id"] for e in store_errors}
            kept = [d for d in docs if d.article.id not in refused]
            outcome.rows = parquet.write(pid, kept, [*errors, *store_errors])
            docs = kept
    errors.extend(store_errors)
    outcome.documents = len(docs)
    outcome.errors = sum(1 for e in errors if e["kind"] != "warning")
    if parquet is not None:
        parquet.commit(pid, _summary(outcome, spec))
    outcome.peak_rss_mib = peak_rss_mib()
    outcome.cpu_s = time.process_time() - cpu_started
    return outcome


def _summary(outcome: PartitionOutcome, spec: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "articles": outcome.articles,
        "documents": outcome.documents,
        "errors": outcome.errors,
        "warnings": outcome.warnings,
        "rows": outcome.rows,
        "worker": outcome.worker,
        "spec": dict(spec),
    }
