"""Bytes to text: BOMs, UTF-8 with a visible cp1252/latin-1 fallback, binary detection."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from wirecoder.ingest.base import IngestFailure

BINARY = "binary"
_SNIFF_BYTES = 8192
_SAMPLE_CHARS = 8192
# Share of control characters above which decoded "text" is treated as binary.
_MAX_CONTROL_SHARE = 0.05
# C0 controls except tab/newline/vertical tab/form feed/CR, DEL, C1 controls, U+FFFD.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    # Set when the bytes were not what they claimed (not valid UTF-8): say so to the user.
    note: str | None = None


def looks_binary(head: bytes) -> bool:
    """True for NUL bytes in the first bytes of a file (UTF-16 with a BOM excepted)."""
    if head.startswith(_UTF16_BOMS):
        return False
    return b"\x00" in head[:_SNIFF_BYTES]


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    return len(_CONTROL_RE.findall(sample)) / len(sample)


def _check_text(text: str) -> None:
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise IngestFailure(BINARY)


def _declared_codec(declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        return codecs.lookup(declared).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode raw bytes; raise ``IngestFailure("binary")`` for data that is not text.

    Order: a BOM (UTF-8/UTF-16) wins; then a declared charset (HTML meta) if it decodes;
    then strict UTF-8; then cp1252, then latin-1, with ``note`` saying so.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            _check_text(text)
            return Decoded(text, "utf-8-sig")
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestFailure(BINARY) from exc
        _check_text(text)
        return Decoded(text, "utf-16")
    if looks_binary(data):
        raise IngestFailure(BINARY)
    codec = _declared_codec(declared)
    if codec is not None and codec != "utf-8":
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            pass
        else:
            _check_text(text)
            return Decoded(text, codec)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _fallback(data, exc)
    _check_text(text)
    return Decoded(text, "utf-8")


def _fallback(data: bytes, exc: UnicodeDecodeError) -> Decoded:
    where = f"invalid byte 0x{data[exc.start]:02x} at offset {exc.start}"
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _check_text(text)
        note = f"encoding: not valid UTF-8 ({where}), decoded as {encoding}"
        return Decoded(text, encoding, note)
    raise IngestFailure(BINARY)  # pragma: no cover - latin-1 decodes any bytes


def decode_line(line: bytes) -> Decoded:
    """Fast path for one line of a line-based file (JSON Lines, CSV)."""
    try:
        return Decoded(line.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return decode_bytes(line)
