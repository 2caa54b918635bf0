"""JSON Lines (one article object a line) and single .json files (an object or a list)."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import IO

from wirecoder.ingest.article import article_from_mapping
from wirecoder.ingest.base import (
    IngestFailure,
    IngestOptions,
    IngestWarning,
    item_too_large,
    too_large_bytes,
)
from wirecoder.ingest.decode import decode_bytes, decode_line
from wirecoder.records import Article, IngestError

Item = Article | IngestError
_SKIP_CHUNK = 1 << 20


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _json_error(exc: json.JSONDecodeError, last: bool) -> str:
    hint = " (truncated?)" if exc.pos >= len(exc.doc.rstrip()) or last else ""
    return f"invalid JSON{hint}: {exc.msg} at column {exc.colno}"


def _from_value(value: object, origin: str, options: IngestOptions) -> Article:
    if not isinstance(value, dict):
        raise IngestFailure(f"expected a JSON object, got {type(value).__name__}")
    return article_from_mapping(value, origin=origin, options=options)


def read_jsonl(stream: IO[bytes], origin: str, options: IngestOptions) -> Iterator[Item]:
    """One item per non-blank line; a bad line is an ``IngestError`` at ``origin:line``."""
    limit = options.max_item_bytes
    lineno = 0
    seen_content = False
    while True:
        line = stream.readline(limit + 1)
        if not line:
            if not seen_content:
                yield IngestError(origin, "empty file")
            return
        lineno += 1
        if lineno == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        where = f"{origin}:{lineno}"
        if len(line) > limit and not line.endswith(b"\n"):
            seen_content = True
            _skip_rest_of_line(stream)
            yield IngestError(where, item_too_large(len(line), options).reason)
            continue
        if not line.strip():
            continue
        seen_content = True
        try:
            decoded = decode_line(line)
            try:
                value = json.loads(decoded.text)
            except json.JSONDecodeError as exc:
                raise IngestFailure(_json_error(exc, not line.endswith(b"\n"))) from exc
            article = _from_value(value, where, options)
        except IngestFailure as exc:
            yield IngestError(where, exc.reason)
            continue
        if decoded.note:
            yield IngestWarning(where, decoded.note)
        yield article


def read_json(data: bytes, origin: str, options: IngestOptions) -> Iterator[Item]:
    """A whole .json file: one article object, or a list of them (``origin#n``, 1-based)."""
    if len(data) > options.max_file_bytes:
        yield IngestError(origin, too_large_bytes(len(data), options.max_file_bytes).reason)
        return
    try:
        decoded = decode_bytes(data)
        if not decoded.text.strip():
            raise IngestFailure("empty file")
        try:
            value = json.loads(decoded.text)
        except json.JSONDecodeError as exc:
            raise IngestFailure(
                f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            ) from exc
    except IngestFailure as exc:
        yield IngestError(origin, exc.reason)
        return
    if decoded.note:
        yield IngestWarning(origin, decoded.note)
    if isinstance(value, list):
        for number, element in enumerate(value, start=1):
            where = f"{origin}#{number}"
            try:
                yield _from_value(element, where, options)
            except IngestFailure as exc:
                yield IngestError(where, exc.reason)
        return
    try:
        yield _from_value(value, origin, options)
    except IngestFailure as exc:
        yield IngestError(origin, exc.reason)
