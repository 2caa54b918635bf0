"""Writers for exports: CSV, JSON Lines and Parquet, from flat row dictionaries."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

EXPORT_FORMATS = ("csv", "jsonl", "parquet")


def _cell(value: Any) -> Any:
    """CSV cells: lists and dicts as JSON, None as empty."""
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def write_csv(rows: Iterable[dict[str, Any]], handle: IO[str]) -> int:
    writer: csv.DictWriter[str] | None = None
    count = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(handle, fieldnames=list(row.keys()), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in row.items()})
        count += 1
    return count


def write_jsonl(rows: Iterable[dict[str, Any]], handle: IO[str]) -> int:
    count = 0
    for row in rows:
        handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, batch_size: int = 5000) -> int:
    """Parquet through pyarrow, written in row groups so memory stays flat."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer: pq.ParquetWriter | None = None
    schema: pa.Schema | None = None
    count = 0
    try:
        for batch in _batches(rows, batch_size):
            # Nested values become JSON text so that columns keep one type across batches.
            flat = [
                {
                    k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
                    for k, v in row.items()
                }
                for row in batch
            ]
            if schema is None:
                table = pa.Table.from_pylist(flat)
                schema = pa.schema(
                    [
                        pa.field(f.name, pa.string() if pa.types.is_null(f.type) else f.type)
                        for f in table.schema
                    ]
                )
                table = table.cast(schema)
                writer = pq.ParquetWriter(str(path), schema)
            else:
                table = pa.Table.from_pylist(flat, schema=schema)
            assert writer is not None
            writer.write_table(table)
            count += len(batch)
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        pq.write_table(pa.table({}), str(path))
    return count
