"""Stable article ids from normalised text."""

from __future__ import annotations

import hashlib
import unicodedata


def normalise_text(text: str) -> str:
    """NFC, every run of whitespace collapsed to one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    """Hex SHA-1 of the normalised text (40 characters); equal for whitespace variants."""
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()


def stable_id(text: str, given: object = None) -> str:
    """The caller's id when it is non-empty, else ``"a" + content_hash(text)[:16]``."""
    if given is not None:
        value = str(given).strip()
        if value:
            return value
    return "a" + content_hash(text)[:16]
