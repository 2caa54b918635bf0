"""The commitment ledger: article-level commitments followed across articles as threads.

    from wirecoder.ledger import LedgerStore, build_ledger, refresh_after_ingest

    ledger = build_ledger(documents)              # pure: threads from Documents
    with Store.open("wirecoder.db") as store:
        LedgerStore(store).rebuild()              # threads from stored documents
        refresh_after_ingest(store)               # rebuild only if extractions changed
        for thread in LedgerStore(store).threads(giver="NOR"):
            print(thread.to_json())               # the SPEC §2 ledger line

Names are imported lazily: ``wirecoder.store.models`` imports ``wirecoder.ledger.tables``,
so this package must not import the store when it is first loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import Ledger, LedgerConfig, apply_corrections, assign_ids, build_ledger
    from .model import Correction, CorrectionResult, Entry, EntryRef, LinkDecision, Thread
    from .observe import Observation, observe
    from .storage import (
        LedgerError,
        LedgerStatus,
        LedgerStore,
        RebuildSummary,
        refresh_after_ingest,
    )

_EXPORTS = {
    "Ledger": "build",
    "LedgerConfig": "build",
    "apply_corrections": "build",
    "assign_ids": "build",
    "build_ledger": "build",
    "Correction": "model",
    "CorrectionResult": "model",
    "Entry": "model",
    "EntryRef": "model",
    "LinkDecision": "model",
    "Thread": "model",
    "Observation": "observe",
    "observe": "observe",
    "LedgerError": "storage",
    "LedgerStatus": "storage",
    "LedgerStore": "storage",
    "RebuildSummary": "storage",
    "refresh_after_ingest": "storage",
}

__all__ = [
    "Correction",
    "CorrectionResult",
    "Entry",
    "EntryRef",
    "Ledger",
    "LedgerConfig",
    "LedgerError",
    "LedgerStatus",
    "LedgerStore",
    "LinkDecision",
    "Observation",
    "RebuildSummary",
    "Thread",
    "apply_corrections",
    "assign_ids",
    "build_ledger",
    "observe",
    "refresh_after_ingest",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
