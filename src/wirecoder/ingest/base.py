"""Shared pieces of the ingest stage: limits, the failure exception, the warning note."""

from __future__ import annotations

from dataclasses import dataclass

from wirecoder.records import IngestError

DEFAULT_MAX_CHARS = 5_000_000
# Containers that must be parsed whole (.json, RSS/Atom) may hold many articles.
DEFAULT_MAX_FILE_BYTES = 1 << 30


class IngestFailure(ValueError):
    """Raised by the parsers for a bad item; readers turn it into an ``IngestError``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class IngestWarning(IngestError):
    """A note about an item that *was* read, e.g. an encoding fallback.

    It is yielded by the readers immediately before the ``Article`` it concerns (same
    ``origin``). It subclasses ``IngestError`` so that code which only reports errors
    still shows it; code that counts failures should test ``isinstance(x, IngestWarning)``
    first.
    """


@dataclass(frozen=True)
class IngestOptions:
    """Limits for the readers.

    ``max_chars`` bounds the text of one article. Single-article files (wire text, HTML)
    and JSON lines larger than ``4 * max_chars`` bytes (plus some slack) are reported as
    too large without being read. ``max_file_bytes`` bounds files that must be parsed
    whole (.json, RSS/Atom, stdin in those formats).
    """

    max_chars: int = DEFAULT_MAX_CHARS
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    @property
    def max_item_bytes(self) -> int:
        """Raw bytes allowed for one article (UTF-8 needs at most 4 bytes a character)."""
        return 4 * self.max_chars + 65_536


def too_large_chars(length: int, options: IngestOptions) -> IngestFailure:
    return IngestFailure(f"too large: {length} characters (limit {options.max_chars})")


def too_large_bytes(size: int, limit: int) -> IngestFailure:
    return IngestFailure(f"too large: {size} bytes (limit {limit} bytes)")


def item_too_large(size: int, options: IngestOptions) -> IngestFailure:
    """An article's raw bytes exceed what ``max_chars`` characters can take."""
    return IngestFailure(f"too large: {size} bytes, over the {options.max_chars}-character limit")
