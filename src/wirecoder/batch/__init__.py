"""Batch runs over millions of articles on Dask: partitioned, resumable, fault tolerant.

    from wirecoder.batch import run_batch, read_table

    result = run_batch(["corpus/"], out="parquet:out", db="postgresql://u@host/db", workers=2)
    events = read_table("out", "events")          # a pyarrow Table

The input is cut into partitions (``plan``), each partition is read, extracted and
written on a worker (``worker``) into Parquet files (``parquet``) and/or the store
(``database``), each atomically, and the driver (``runner``) skips what earlier runs
committed. ``wirecoder batch`` is the command line (``cli``). Names are imported on first
use, so that importing the command line does not load Dask and pyarrow.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .parquet import SCHEMAS, TABLES, OutputMismatchError, ParquetOutput, read_table
    from .plan import DEFAULT_PARTITION_SIZE, Partition, Slice, plan_partitions, read_partition
    from .runner import BatchError, BatchResult, run_batch
    from .worker import DEFAULT_EXTRACTOR, Job, PartitionOutcome, load_extractor, run_partition

_WHERE = {
    "SCHEMAS": "parquet",
    "TABLES": "parquet",
    "OutputMismatchError": "parquet",
    "ParquetOutput": "parquet",
    "read_table": "parquet",
    "DEFAULT_PARTITION_SIZE": "plan",
    "Partition": "plan",
    "Slice": "plan",
    "plan_partitions": "plan",
    "read_partition": "plan",
    "BatchError": "runner",
    "BatchResult": "runner",
    "run_batch": "runner",
    "DEFAULT_EXTRACTOR": "worker",
    "Job": "worker",
    "PartitionOutcome": "worker",
    "load_extractor": "worker",
    "run_partition": "worker",
}

__all__ = [
    "DEFAULT_EXTRACTOR",
    "DEFAULT_PARTITION_SIZE",
    "SCHEMAS",
    "TABLES",
    "BatchError",
    "BatchResult",
    "Job",
    "OutputMismatchError",
    "ParquetOutput",
    "Partition",
    "PartitionOutcome",
    "Slice",
    "load_extractor",
    "plan_partitions",
    "read_partition",
    "read_table",
    "run_batch",
    "run_partition",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
