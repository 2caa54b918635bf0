"""Near-duplicate articles (agency versions of one story): MinHash over word 5-shingles.

Signatures are computed here with numpy (one vectorised pass per article, stable across
processes and library versions, so they can be stored in a database) and indexed with
datasketch's ``MinHashLSH``. A signature holds ``num_perm`` 32-bit values: for each
permutation ``k``, the minimum over the article's shingles of ``(a_k * h + b_k) mod 2**32``,
where ``h`` is a 32-bit hash of the shingle and ``a_k`` is odd.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

NUM_PERM = 64
SHINGLE_WORDS = 5
DEFAULT_THRESHOLD = 0.8
_EMPTY = np.uint32(0xFFFFFFFF)
_CHUNK_ROWS = 8192
# Required chance that a pair at exactly the threshold becomes an LSH candidate.
_MIN_RECALL = 0.99

Signature = npt.NDArray[np.uint32]


def _constant(label: str, index: int, nbytes: int) -> int:
    digest = hashlib.sha256(f"wirecoder-minhash:{label}:{index}".encode()).digest()
    return int.from_bytes(digest[:nbytes], "little")


@functools.cache
def _permutations(num_perm: int) -> tuple[Signature, Signature]:
    a = np.array([_constant("a", k, 4) | 1 for k in range(num_perm)], dtype=np.uint32)
    b = np.array([_constant("b", k, 4) for k in range(num_perm)], dtype=np.uint32)
    return a, b


@functools.cache
def _position_multipliers() -> npt.NDArray[np.uint64]:
    return np.array([_constant("pos", k, 8) | 1 for k in range(SHINGLE_WORDS)], dtype=np.uint64)


def _mix64(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """An avalanching bijection on 64-bit values (xor-shift / multiply rounds)."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


_WORD_CACHE: dict[str, int] = {}
_WORD_CACHE_LIMIT = 1_000_000


def _word_hashes(words: list[str]) -> dict[str, int]:
    """CRC-32 of each word, cached: news vocabulary repeats, hashing in Python does not pay."""
    missing = set(words).difference(_WORD_CACHE)
    if len(_WORD_CACHE) + len(missing) > _WORD_CACHE_LIMIT:
        _WORD_CACHE.clear()
        missing = set(words)
    for word in missing:
        _WORD_CACHE[word] = zlib.crc32(word.encode("utf-8"))
    return _WORD_CACHE


def shingle_hashes(text: str) -> npt.NDArray[np.uint32]:
    """Distinct 32-bit hashes of the word 5-shingles of the normalised, case-folded text.

    A text shorter than five words is one shingle; an empty text has none.
    """
    # The words of normalise_text(text), case-folded ("Straße" and "STRASSE" agree).
    words = unicodedata.normalize("NFC", text).casefold().split()
    if not words:
        return np.empty(0, dtype=np.uint32)
    word_hashes = np.fromiter(map(_word_hashes(words).__getitem__, words), np.uint64, len(words))
    width = min(SHINGLE_WORDS, len(words))
    count = len(words) - width + 1
    multipliers = _position_multipliers()
    with np.errstate(over="ignore"):
        combined = np.zeros(count, dtype=np.uint64)
        for k in range(width):
            combined += word_hashes[k : k + count] * multipliers[k]
        mixed = _mix64(combined)
    return np.unique((mixed >> np.uint64(32)).astype(np.uint32))


def _signature_array(text: str, num_perm: int = NUM_PERM) -> Signature:
    hashes = shingle_hashes(text)
    signature = np.full(num_perm, _EMPTY, dtype=np.uint32)
    if hashes.size == 0:
        return signature
    a, b = _permutations(num_perm)
    with np.errstate(over="ignore"):
        for start in range(0, hashes.size, _CHUNK_ROWS):
            chunk = hashes[start : start + _CHUNK_ROWS, None]
            np.minimum(signature, (chunk * a + b).min(axis=0), out=signature)
    return signature


def minhash_signature(text: str, num_perm: int = NUM_PERM) -> list[int]:
    """The MinHash signature as plain ints (each < 2**32), e.g. to store in a database."""
    return [int(v) for v in _signature_array(text, num_perm)]


def signature_similarity(first: Sequence[int], second: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal positions)."""
    x = np.asarray(first, dtype=np.uint32)
    y = np.asarray(second, dtype=np.uint32)
    if x.shape != y.shape or x.size == 0:
        raise ValueError("signatures differ in length")
    return float(np.count_nonzero(x == y)) / x.size


def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows): the most rows per band that still catch pairs at the threshold."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1.0 - (1.0 - threshold**rows) ** bands >= _MIN_RECALL:
            best = (bands, rows)
    return best


def _as_minhash(signature: Signature) -> Any:
    from datasketch import MinHash  # imported on first use: the package is slow to import

    a, b = _permutations(len(signature))
    try:
        return MinHash(hashvalues=signature, permutations=(a, b), scheme="affine32")
    except TypeError:  # datasketch < 2.0 has no schemes
        return MinHash(hashvalues=signature.astype(np.uint64), permutations=(a, b))


class NearDuplicateIndex:
    """Find earlier articles whose text is nearly the same (estimated Jaccard >= threshold)."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        from datasketch import MinHashLSH

        self._lsh: Any = MinHashLSH(num_perm=num_perm, params=lsh_params(threshold, num_perm))
        self._signatures: dict[str, Signature] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def signature(self, article_id: str) -> list[int]:
        return [int(v) for v in self._signatures[article_id]]

    def add(self, article_id: str, text: str) -> None:
        """Index an article; adding an id again replaces its earlier text."""
        self._add(article_id, _signature_array(text, self.num_perm))

    def add_signature(self, article_id: str, signature: Sequence[int]) -> None:
        """Index a stored signature (from ``minhash_signature``)."""
        array = np.asarray(signature, dtype=np.uint32)
        if array.shape != (self.num_perm,):
            raise ValueError(f"signature must have {self.num_perm} values")
        self._add(article_id, array)

    def remove(self, article_id: str) -> None:
        if self._signatures.pop(article_id, None) is not None and article_id in self._lsh:
            self._lsh.remove(article_id)

    def _add(self, article_id: str, signature: Signature) -> None:
        self.remove(article_id)
        self._signatures[article_id] = signature
        if not np.all(signature == _EMPTY):  # an empty text is near nothing
            self._lsh.insert(article_id, _as_minhash(signature), check_duplication=False)

    def query(self, text: str, min_similarity: float | None = None) -> list[tuple[str, float]]:
        """Indexed ids near ``text`` with their estimated Jaccard, most similar first."""
        return self.query_signature(_signature_array(text, self.num_perm), min_similarity)

    def check_and_add(
        self, article_id: str, text: str, min_similarity: float | None = None
    ) -> list[tuple[str, float]]:
        """``query`` then ``add`` with one signature computation (streaming dedup)."""
        signature = _signature_array(text, self.num_perm)
        hits = [
            hit for hit in self.query_signature(signature, min_similarity) if hit[0] != article_id
        ]
        self._add(article_id, signature)
        return hits

    def query_signature(
        self, signature: Sequence[int] | Signature, min_similarity: float | None = None
    ) -> list[tuple[str, float]]:
        array = np.asarray(signature, dtype=np.uint32)
        if array.shape != (self.num_perm,):
            raise ValueError(f"signature must have {self.num_perm} values")
        if np.all(array == _EMPTY):
            return []
        floor = self.threshold if min_similarity is None else min_similarity
        hits = []
        for key in self._lsh.query(_as_minhash(array)):
            score = float(np.count_nonzero(self._signatures[key] == array)) / self.num_perm
            if score >= floor:
                hits.append((str(key), score))
        hits.sort(key=lambda hit: (-hit[1], hit[0]))
        return hits
