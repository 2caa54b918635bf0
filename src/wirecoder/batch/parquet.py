"""Parquet output of a batch run: one file per table and partition, committed atomically.

Layout of ``DIR``::

    _run.json                       inputs and partition size of the run (checked on resume)
    _done/<partition>.json          the commit mark of a partition (written last)
    _failed/<partition>.json        a partition that could not be processed, and why
    documents/part-<partition>.parquet
    entities/ quotes/ events/ commitments/ errors/   (the same, one file per partition)

Every file is written to a hidden temporary name in its folder and moved into place
with ``os.replace``; the ``_done`` mark comes last. A partition without its mark is
redone on the next run and its files are replaced under the same names, so a killed
run never leaves duplicate rows behind. Readers that may run while a batch is writing
should use ``read_table``, which reads only committed partitions (pyarrow and pandas
skip the hidden temporary files when they read a folder).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from wirecoder.records import Document
from wirecoder.store.rows import export_document_rows

DONE_DIR = "_done"
FAILED_DIR = "_failed"
RUN_FILE = "_run.json"
LOCK_FILE = "_lock"
EXTRACTED_TABLES = ("entities", "quotes", "events", "commitments")
TABLES = ("documents", *EXTRACTED_TABLES, "errors")
FORMAT_VERSION = 1

_str = pa.string()
_int = pa.int64()
_strs = pa.list_(pa.string())
_BASE = [("article_id", _str), ("article_date", _str), ("language", _str)]

# Columns of the flat tables: exactly the rows Store.export_rows gives for each kind.
SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("article_id", _str),
            ("date", _str),
            ("language", _str),
            ("title", _str),
            ("sources", _strs),
            ("origin", _str),
            ("extractor_version", _str),
            ("partition", _str),
            ("document", _str),  # SPEC §2 JSON of the whole document
        ]
    ),
    "entities": pa.schema(
        [
            *_BASE,
            ("id", _str),
            ("name", _str),
            ("kind", _str),
            ("code", _str),
            ("sector", _str),
            ("role", _str),
            ("mentions", pa.list_(pa.list_(_int))),
            ("extractor_version", _str),
        ]
    ),
    "quotes": pa.schema(
        [
            *_BASE,
            ("id", _str),
            ("speaker", _str),
            ("speaker_name", _str),
            ("speaker_code", _str),
            ("kind", _str),
            ("text", _str),
            ("start", _int),
            ("end", _int),
            ("cue", _str),
            ("extractor_version", _str),
        ]
    ),
    "events": pa.schema(
        [
            *_BASE,
            ("id", _str),
            ("type", _str),
            ("mode", _str),
            ("contexts", _strs),
            ("actor", _strs),
            ("actor_codes", _strs),
            ("recipient", _strs),
            ("recipient_codes", _strs),
            ("aux", _str),
            ("condition", _str),
            ("content_type", _str),
            ("content_mode", _str),
            ("content_text", _str),
            ("source", _str),
            ("source_code", _str),
            ("date", _str),
            ("location", _str),
            ("trigger_start", _int),
            ("trigger_end", _int),
            ("span_start", _int),
            ("span_end", _int),
            ("evidence", _str),
            ("confidence", pa.float64()),
            ("rule", _str),
            ("stage", _str),
            ("extractor_version", _str),
        ]
    ),
    "commitments": pa.schema(
        [
            *_BASE,
            ("id", _str),
            ("givers", _strs),
            ("giver_codes", _strs),
            ("recipient", _strs),
            ("recipient_codes", _strs),
            ("what", _str),
            ("text", _str),
            ("stage", _str),
            ("condition", _str),
            ("events", _strs),
            ("amount", pa.float64()),
            ("unit", _str),
            ("extractor_version", _str),
        ]
    ),
    "errors": pa.schema(
        [
            ("partition", _str),
            # ingest (unreadable or invalid item), extract (the extractor raised),
            # store (the database refused the document), partition (the whole partition
            # failed: a worker crashed on it, or writing it failed), warning (read with
            # a caveat, e.g. an encoding fallback; not an error)
            ("kind", _str),
            ("origin", _str),
            ("article_id", _str),
            ("reason", _str),
        ]
    ),
}


class OutputMismatchError(ValueError):
    """The output folder holds a run over other inputs or with other settings."""


def document_row(doc: Document, partition: str) -> dict[str, Any]:
    article = doc.article
    return {
        "article_id": article.id,
        "date": article.date,
        "language": article.language,
        "title": article.title,
        "sources": list(article.sources),
        "origin": article.origin,
        "extractor_version": doc.extractor_version,
        "partition": partition,
        "document": json.dumps(doc.to_dict(), ensure_ascii=False),
    }


def table_rows(docs: Sequence[Document], partition: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of every document table for ``docs`` (errors are added by the caller)."""
    tables: dict[str, list[dict[str, Any]]] = {
        "documents": [document_row(d, partition) for d in docs]
    }
    for kind in EXTRACTED_TABLES:
        tables[kind] = [row for d in docs for row in export_document_rows(d, kind)]
    return tables


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _atomic_bytes(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        _fsync_write(tmp, data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _atomic_table(target: Path, table: pa.Table) -> None:
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _to_table(name: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    schema = SCHEMAS[name]
    rows = list(rows)
    columns = {field.name: [row.get(field.name) for row in rows] for field in schema}
    return pa.Table.from_pydict(columns, schema=schema)


class ParquetOutput:
    """Writes and reads one output folder (see the module docstring)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(os.path.abspath(os.fspath(root)))

    def __repr__(self) -> str:
        return f"ParquetOutput({str(self.root)!r})"

    def file(self, table: str, partition: str) -> Path:
        return self.root / table / f"part-{partition}.parquet"

    def done_mark(self, partition: str) -> Path:
        return self.root / DONE_DIR / f"{partition}.json"

    # -- driver side -----------------------------------------------------------------

    def prepare(self, settings: Mapping[str, Any]) -> None:
        """Create the folders; refuse a folder written by a run with other settings."""
        for sub in (*TABLES, DONE_DIR, FAILED_DIR):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        run_file = self.root / RUN_FILE
        wanted = {"format": FORMAT_VERSION, **settings}
        if run_file.exists():
            stored = json.loads(run_file.read_text(encoding="utf-8"))
            stored.pop("created", None)
            if stored != wanted:
                raise OutputMismatchError(
                    f"{self.root} holds the output of a batch run with other inputs or "
                    f"settings ({_difference(stored, wanted)}); resume with the same "
                    "inputs and --partition-size, or write to a new folder"
                )
        else:
            created = {**wanted, "created": datetime.now(UTC).isoformat()}
            _atomic_bytes(run_file, json.dumps(created, indent=1).encode())
        self.clean_temporary()

    def clean_temporary(self) -> None:
        """Remove temporary files left by a killed run."""
        for sub in (*TABLES, DONE_DIR, FAILED_DIR, "."):
            folder = self.root / sub
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.name.startswith(".") and path.name.endswith(".tmp"):
                    path.unlink(missing_ok=True)

    def done(self) -> set[str]:
        folder = self.root / DONE_DIR
        if not folder.is_dir():
            return set()
        return {p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json")}

    def failed(self) -> set[str]:
        folder = self.root / FAILED_DIR
        if not folder.is_dir():
            return set()
        return {p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json")}

    def record_failure(self, partition: str, spec: Mapping[str, Any], reason: str) -> None:
        """Mark a partition failed: its error row, no document rows (they are removed)."""
        for table in TABLES:
            if table != "errors":
                self.file(table, partition).unlink(missing_ok=True)
        row = {
            "partition": partition,
            "kind": "partition",
            "origin": partition_origin(spec),
            "article_id": None,
            "reason": reason,
        }
        _atomic_table(self.file("errors", partition), _to_table("errors", [row]))
        mark = {
            "partition": partition,
            "reason": reason,
            "spec": dict(spec),
            "failed_at": datetime.now(UTC).isoformat(),
        }
        _atomic_bytes(
            self.root / FAILED_DIR / f"{partition}.json",
            json.dumps(mark, ensure_ascii=False, indent=1).encode(),
        )

    # -- worker side -----------------------------------------------------------------

    def write(
        self,
        partition: str,
        docs: Sequence[Document],
        errors: Sequence[Mapping[str, Any]],
    ) -> dict[str, int]:
        """Write every table file of the partition (not yet committed); row counts."""
        tables = table_rows(docs, partition)
        tables["errors"] = [dict(e) for e in errors]
        counts = {}
        for name in TABLES:
            rows = tables[name]
            _atomic_table(self.file(name, partition), _to_table(name, rows))
            counts[name] = len(rows)
        return counts

    def commit(self, partition: str, summary: Mapping[str, Any]) -> None:
        """Write the ``_done`` mark: from now on the partition counts as written."""
        mark = {"partition": partition, **summary, "finished_at": datetime.now(UTC).isoformat()}
        _atomic_bytes(
            self.done_mark(partition), json.dumps(mark, ensure_ascii=False, indent=1).encode()
        )
        (self.root / FAILED_DIR / f"{partition}.json").unlink(missing_ok=True)

    # -- reading ---------------------------------------------------------------------

    def files(self, table: str) -> list[Path]:
        """The files of committed partitions (and, for errors, of failed ones)."""
        if table not in SCHEMAS:
            raise ValueError(f"unknown table {table!r}; use one of {', '.join(TABLES)}")
        parts = self.done() | (self.failed() if table == "errors" else set())
        return [f for f in (self.file(table, p) for p in sorted(parts)) if f.exists()]

    def read_table(self, table: str) -> pa.Table:
        files = self.files(table)
        if not files:
            return SCHEMAS[table].empty_table()
        return pa.concat_tables([pq.read_table(f, schema=SCHEMAS[table]) for f in files])


def read_table(root: str | os.PathLike[str], table: str) -> pa.Table:
    """One table (``documents``, ``entities``, ..., ``errors``) of committed partitions."""
    return ParquetOutput(root).read_table(table)


def partition_origin(spec: Mapping[str, Any]) -> str | None:
    slices = spec.get("slices") or []
    if not slices:
        return None
    first = slices[0]
    where = (
        f"{first['path']}:{first['first_line']}" if first.get("end") is not None else first["path"]
    )
    return where if len(slices) == 1 else f"{where} (+{len(slices) - 1} more)"


def _difference(stored: Mapping[str, Any], wanted: Mapping[str, Any]) -> str:
    keys = sorted(k for k in set(stored) | set(wanted) if stored.get(k) != wanted.get(k))

    def short(value: Any) -> str:
        text = repr(value)
        return text if len(text) <= 120 else text[:117] + "..."

    return ", ".join(f"{k}: {short(stored.get(k))} then, {short(wanted.get(k))} now" for k in keys)
