"""Near-duplicate detection for ingest, on top of ``wirecoder.ingest.dedup``.

The store links near-duplicate articles (it never drops them). Signatures come from
``wirecoder.ingest.minhash_signature`` and are stored in ``articles.minhash`` as
little-endian unsigned 32-bit integers; the index is ingest's ``NearDuplicateIndex``
behind the small ``SignatureIndex`` interface the store needs.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Protocol

from wirecoder.ingest import NearDuplicateIndex, minhash_signature

Signature = Sequence[int]

__all__ = [
    "IngestSignatureIndex",
    "Signature",
    "SignatureIndex",
    "minhash_signature",
    "pack_signature",
    "unpack_signature",
]


class SignatureIndex(Protocol):
    """What the store needs from a near-duplicate index."""

    def accepts(self, signature: Signature) -> bool:
        """Whether ``signature`` is comparable with this index (else recompute it)."""
        ...

    def add(self, key: str, signature: Signature) -> None: ...

    def query(self, signature: Signature) -> list[tuple[str, float]]:
        """Keys whose estimated Jaccard similarity reaches the threshold, with it,
        most similar first."""
        ...


class IngestSignatureIndex:
    """``SignatureIndex`` over ``wirecoder.ingest.NearDuplicateIndex``."""

    def __init__(self, threshold: float) -> None:
        self._index = NearDuplicateIndex(threshold=threshold)

    def __len__(self) -> int:
        return len(self._index)

    def accepts(self, signature: Signature) -> bool:
        return len(signature) == self._index.num_perm

    def add(self, key: str, signature: Signature) -> None:
        self._index.add_signature(key, signature)

    def query(self, signature: Signature) -> list[tuple[str, float]]:
        return self._index.query_signature(signature)


def pack_signature(signature: Signature) -> bytes:
    return struct.pack(f"<{len(signature)}I", *(int(v) for v in signature))


def unpack_signature(data: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{len(data) // 4}I", data)
