"""Files, directories and stdin to articles; every bad item becomes an ``IngestError``."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from wirecoder.ingest.article import FIELDS
from wirecoder.ingest.base import (
    IngestFailure,
    IngestOptions,
    IngestWarning,
    item_too_large,
    too_large_bytes,
)
from wirecoder.ingest.decode import BINARY, decode_bytes, looks_binary
from wirecoder.ingest.feed import read_feed
from wirecoder.ingest.html import parse_html, sniff_charset
from wirecoder.ingest.jsonl import read_json, read_jsonl
from wirecoder.ingest.tabular import read_csv
from wirecoder.ingest.wire import HEADER_RE, parse_wire_text
from wirecoder.records import Article, IngestError

Item = Article | IngestError

FORMATS = ("wire", "jsonl", "json", "csv", "tsv", "html", "feed")
FORMAT_BY_SUFFIX = {
    ".txt": "wire",
    ".wire": "wire",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
STDIN_ORIGIN = "<stdin>"
_HEAD_BYTES = 65_536


def format_for_path(path: str) -> str | None:
    return FORMAT_BY_SUFFIX.get(os.path.splitext(path)[1].lower())


def read_paths(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    options: IngestOptions | None = None,
    max_chars: int | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Item]:
    """Articles from files, directories (recursively, sorted) and ``"-"`` (stdin, sniffed).

    Never raises for bad input: each bad file, line, row or entry is an ``IngestError``
    (origin, reason) and reading goes on. An ``IngestWarning`` (an ``IngestError``
    subclass) precedes an article that was read with a caveat, e.g. an encoding fallback.
    """
    opts = _options(options, max_chars)
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    for entry in paths:
        path = os.fspath(entry)
        if path == "-":
            source = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stream(source, STDIN_ORIGIN, options=opts)
        else:
            yield from read_path(path, options=opts)


def _options(options: IngestOptions | None, max_chars: int | None) -> IngestOptions:
    opts = options or IngestOptions()
    if max_chars is not None:
        opts = IngestOptions(max_chars=max_chars, max_file_bytes=opts.max_file_bytes)
    return opts


def read_path(
    path: str | os.PathLike[str], *, options: IngestOptions | None = None
) -> Iterator[Item]:
    """One file (format from its extension) or a directory tree."""
    opts = options or IngestOptions()
    path = os.fspath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        yield IngestError(path, "not found")
        return
    except OSError as exc:
        yield IngestError(path, _unreadable(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _read_directory(path, opts, set())
    else:
        yield from read_file(path, options=opts)


def _unreadable(exc: OSError) -> str:
    return f"unreadable: {exc.strerror or exc}"


def _read_directory(path: str, options: IngestOptions, seen: set[str]) -> Iterator[Item]:
    real = os.path.realpath(path)
    if real in seen:
        return
    seen.add(real)
    try:
        with os.scandir(path) as listing:
            entries = [e for e in listing if not e.name.startswith(".")]
        entries.sort(key=lambda e: e.name)
    except OSError as exc:
        yield IngestError(path, _unreadable(exc))
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _read_directory(entry.path, options, seen)
        else:
            yield from read_file(entry.path, options=options)


def read_file(
    path: str | os.PathLike[str], *, options: IngestOptions | None = None, fmt: str | None = None
) -> Iterator[Item]:
    """One file; ``fmt`` (one of ``FORMATS``) overrides the extension."""
    opts = options or IngestOptions()
    path = os.fspath(path)
    fmt = fmt or format_for_path(path)
    if fmt is None:
        suffix = os.path.splitext(path)[1]
        kind = f"extension {suffix!r}" if suffix else "file type (no extension)"
        yield IngestError(path, f"unknown {kind}; skipped")
        return
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            size = info.st_size if stat.S_ISREG(info.st_mode) else -1
            yield from _guard(path, _read_open(handle, path, fmt, size, opts))
    except OSError as exc:
        reason = "not found" if isinstance(exc, FileNotFoundError) else _unreadable(exc)
        yield IngestError(path, reason)


def read_stream(
    stream: IO[bytes],
    origin: str = STDIN_ORIGIN,
    *,
    options: IngestOptions | None = None,
    fmt: str | None = None,
) -> Iterator[Item]:
    """A byte stream (stdin); the format is sniffed from its first bytes unless given."""
    opts = options or IngestOptions()
    try:
        head = _read_head(stream)
    except OSError as exc:
        yield IngestError(origin, _unreadable(exc))
        return
    fmt = fmt or sniff_format(head)
    chained = io.BufferedReader(_ChainedRaw(head, stream))
    yield from _guard(origin, _read_open(chained, origin, fmt, -1, opts))


def read_bytes(
    data: bytes, origin: str, *, options: IngestOptions | None = None, fmt: str | None = None
) -> Iterator[Item]:
    """In-memory input, format sniffed unless given."""
    return read_stream(io.BytesIO(data), origin, options=options, fmt=fmt)


def _read_head(stream: IO[bytes]) -> bytes:
    parts: list[bytes] = []
    total = 0
    while total < _HEAD_BYTES:
        chunk = stream.read(_HEAD_BYTES - total)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


class _ChainedRaw(io.RawIOBase):
    """Already-read bytes followed by the rest of a stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if len(self._head):
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _guard(origin: str, items: Iterator[Item]) -> Iterator[Item]:
    """Turn any failure while reading one file into an ``IngestError`` for that file."""
    try:
        yield from items
    except IngestFailure as exc:
        yield IngestError(origin, exc.reason)
    except OSError as exc:
        yield IngestError(origin, _unreadable(exc))
    except Exception as exc:  # a parser bug must not end a batch of thousands of files
        yield IngestError(origin, f"failed: {type(exc).__name__}: {exc}")


def _read_limited(handle: IO[bytes], limit: int) -> bytes:
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise IngestFailure(f"too large: more than {limit} bytes")
    return data


def _read_open(
    handle: io.BufferedReader[Any], origin: str, fmt: str, size: int, options: IngestOptions
) -> Iterator[Item]:
    """Dispatch on format; ``size`` is -1 when unknown (streams)."""
    if size == 0:
        raise IngestFailure("empty file")
    whole_file = fmt in ("json", "feed")
    limit = options.max_file_bytes if whole_file else options.max_item_bytes
    if fmt not in ("jsonl", "csv", "tsv") and size > limit:
        # Reported without reading the file.
        raise too_large_bytes(size, limit) if whole_file else item_too_large(size, options)
    head = handle.peek(8192)[:8192]
    if not head:
        raise IngestFailure("empty file")
    if looks_binary(head):
        raise IngestFailure(BINARY)
    if fmt == "jsonl":
        yield from read_jsonl(handle, origin, options)
        return
    if fmt in ("csv", "tsv"):
        yield from read_csv(handle, origin, options, tab=fmt == "tsv")
        return
    data = _read_limited(handle, limit)
    if not data.strip():
        raise IngestFailure("empty file")
    if fmt == "json":
        yield from read_json(data, origin, options)
    elif fmt == "feed":
        yield from read_feed(data, origin, options)
    elif fmt == "html":
        decoded = decode_bytes(data, declared=sniff_charset(data))
        article = parse_html(decoded.text, origin, options, raw=data)
        if decoded.note:
            yield IngestWarning(origin, decoded.note)
        yield article
    elif fmt == "wire":
        decoded = decode_bytes(data)
        article = parse_wire_text(decoded.text, origin, options=options)
        if decoded.note:
            yield IngestWarning(origin, decoded.note)
        yield article
    else:
        raise IngestFailure(f"unknown format {fmt!r}")


def sniff_format(head: bytes) -> str:
    """Guess the format of the first bytes of a stream (stdin)."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        lower = text[:4096].lower()
        return "feed" if ("<rss" in lower or "<feed" in lower or "<rdf:rdf" in lower) else "html"
    if text.startswith("["):
        return "json"
    if text.startswith("{"):
        first, newline, _ = text.partition("\n")
        if not newline:
            return "jsonl"
        try:
            return "jsonl" if isinstance(json.loads(first), dict) else "json"
        except ValueError:
            return "json"
    first_line = text.partition("\n")[0].rstrip("\r")
    header = HEADER_RE.fullmatch(first_line)
    if header and (header.group("date") or header.group("sources")):
        return "wire"
    for delimiter, fmt in ((",", "csv"), (";", "csv"), ("\t", "tsv")):
        names = [name.strip().strip('"').lower() for name in first_line.split(delimiter)]
        if len(names) > 1 and "text" in names and set(names) & (set(FIELDS) - {"text"}):
            return fmt
    return "wire"
