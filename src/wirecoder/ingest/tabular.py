"""CSV (or TSV) with a header row naming the SPEC §1 columns; ``text`` is required."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from typing import IO

from wirecoder.ingest.article import article_from_mapping
from wirecoder.ingest.base import IngestFailure, IngestOptions, IngestWarning, too_large_bytes
from wirecoder.ingest.decode import decode_line
from wirecoder.records import Article, IngestError

Item = Article | IngestError
_DELIMITERS = (",", ";", "\t")


class _Lines:
    """Decoded lines of a byte stream, remembering which needed the encoding fallback."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self.count = 0
        self.notes: dict[int, str] = {}

    def read(self) -> str | None:
        line = self._stream.readline(self._limit + 1)
        if not line:
            return None
        self.count += 1
        if len(line) > self._limit and not line.endswith(b"\n"):
            reason = too_large_bytes(len(line), self._limit).reason
            raise IngestFailure(f"line {self.count}: {reason} in one line; rest of file skipped")
        if self.count == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        decoded = decode_line(line)
        if decoded.note:
            self.notes[self.count] = decoded.note
        return decoded.text

    def __iter__(self) -> Iterator[str]:
        while (text := self.read()) is not None:
            yield text


def _delimiter(header: str, tab_default: bool) -> str:
    if tab_default:
        return "\t"
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(
    stream: IO[bytes], origin: str, options: IngestOptions, *, tab: bool = False
) -> Iterator[Item]:
    """One article per row (``origin:line``); a bad row is reported, the rest kept."""
    # Article texts are long; raising the module-wide limit is harmless for other users.
    csv.field_size_limit(max(csv.field_size_limit(), options.max_chars + 1))
    lines = _Lines(stream, options.max_item_bytes)
    try:
        first = lines.read()
        while first is not None and not first.strip():
            first = lines.read()
        if first is None:
            raise IngestFailure("empty file")
        header_row = next(csv.reader([first], delimiter=_delimiter(first, tab)), [])
        header = [name.strip().lower() for name in header_row]
        if "text" not in header:
            raise IngestFailure("no 'text' column in the header row (a header row is required)")
        delimiter = _delimiter(first, tab)
    except IngestFailure as exc:
        yield IngestError(origin, exc.reason)
        return
    reader = csv.reader(lines, delimiter=delimiter)
    done = lines.count
    while True:
        try:
            row = next(reader, None)
        except (csv.Error, IngestFailure) as exc:
            reason = exc.reason if isinstance(exc, IngestFailure) else f"invalid CSV: {exc}"
            yield IngestError(f"{origin}:{done + 1}", reason)
            return
        if row is None:
            return
        start, done = done + 1, lines.count
        where = f"{origin}:{start}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield IngestError(where, f"row has {len(row)} fields, header has {len(header)}")
            continue
        record = {
            name: (cell if cell != "" else None) for name, cell in zip(header, row, strict=False)
        }
        try:
            article = article_from_mapping(record, origin=where, options=options)
        except IngestFailure as exc:
            yield IngestError(where, exc.reason)
            continue
        notes = [lines.notes[n] for n in range(start, done + 1) if n in lines.notes]
        if notes:
            yield IngestWarning(where, notes[0])
        yield article
