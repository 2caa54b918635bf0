"""Ledger output: SPEC ledger lines, thread rows, and one row per stage change.

``change_rows`` gives one row per history entry (each article's report of a stage),
with the thread's stage before and after it, whether that changed the thread's stage,
and the flags the entry raised.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .model import Thread, summarize

THREAD_COLUMNS = (
    "id",
    "givers",
    "recipient",
    "what",
    "stage",
    "amount",
    "unit",
    "condition",
    "text",
    "first_date",
    "last_date",
    "entries",
    "flags",
)

CHANGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("thread_id", "string"),
    ("seq", "int64"),
    ("date", "string"),
    ("stage", "string"),
    ("previous_stage", "string"),
    ("thread_stage", "string"),
    ("changed", "bool"),
    ("givers", "string"),
    ("recipient", "string"),
    ("what", "string"),
    ("article_id", "string"),
    ("commitment_id", "string"),
    ("event_id", "string"),
    ("evidence", "string"),
    ("text", "string"),
    ("amount", "float64"),
    ("unit", "string"),
    ("condition", "string"),
    ("historical", "bool"),
    ("flags", "string"),
    ("score", "float64"),
    ("reason", "string"),
)


def thread_row(thread: Thread) -> dict[str, Any]:
    st = thread.state
    return {
        "id": thread.id,
        "givers": st.givers,
        "recipient": st.recipient,
        "what": st.what,
        "stage": st.stage,
        "amount": st.amount,
        "unit": st.unit,
        "condition": st.condition,
        "text": st.text,
        "first_date": st.first_date,
        "last_date": st.last_date,
        "entries": len(thread.entries),
        "flags": st.flags,
    }


def change_rows(threads: Iterable[Thread], changes_only: bool = False) -> Iterator[dict[str, Any]]:
    """One row per history entry; ``changes_only`` keeps the entries that changed the
    thread's stage (the first entry always does)."""
    for thread in threads:
        previous_stage: str | None = None
        previous_flags: list[str] = []
        for n, entry in enumerate(thread.entries, start=1):
            state = summarize(thread.entries[:n])
            changed = state.stage != previous_stage
            raised = [f for f in state.flags if f not in previous_flags]
            if changed or not changes_only:
                yield {
                    "thread_id": thread.id,
                    "seq": n,
                    "date": entry.date,
                    "stage": entry.stage,
                    "previous_stage": previous_stage,
                    "thread_stage": state.stage,
                    "changed": changed,
                    "givers": json.dumps(entry.givers, ensure_ascii=False),
                    "recipient": json.dumps(entry.recipient, ensure_ascii=False),
                    "what": entry.what,
                    "article_id": entry.article_id,
                    "commitment_id": entry.commitment_id,
                    "event_id": entry.event_id,
                    "evidence": entry.evidence,
                    "text": entry.text,
                    "amount": entry.amount,
                    "unit": entry.unit,
                    "condition": entry.condition,
                    "historical": entry.historical,
                    "flags": json.dumps(raised, ensure_ascii=False),
                    "score": entry.score,
                    "reason": entry.reason,
                }
            previous_stage, previous_flags = state.stage, state.flags


def write_jsonl(threads: Iterable[Thread], handle: IO[str], details: bool = False) -> int:
    count = 0
    for thread in threads:
        handle.write(json.dumps(thread.to_json(details), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[dict[str, Any]], handle: IO[str], columns: Iterable[str]) -> int:
    """CSV with a header even when there are no rows; lists as JSON, None as empty."""
    writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                for k, v in row.items()
            }
        )
        count += 1
    return count


def write_changes_parquet(rows: Iterable[dict[str, Any]], path: Path) -> int:
    """Stage-change rows as Parquet with a fixed schema (typed even when all null)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
    }
    schema = pa.schema([pa.field(name, types[kind]) for name, kind in CHANGE_COLUMNS])
    data = list(rows)
    table = pa.Table.from_pylist(
        [{name: row.get(name) for name, _kind in CHANGE_COLUMNS} for row in data], schema=schema
    )
    pq.write_table(table, str(path))
    return len(data)
