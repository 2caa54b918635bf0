"""Cut the input of a batch run into partitions, and read one partition back.

A partition is a list of *slices*: whole files (wire text, HTML, CSV, JSON, RSS/Atom) or
line ranges of JSON Lines files (byte offsets that start on a line boundary, with the
number of the first line so that error origins read ``path:line`` exactly as
``wirecoder ingest`` prints them). Files are taken in the order ``read_paths`` reads
them (arguments in order, directories recursively, sorted, hidden names skipped) and
packed into partitions of about ``partition_size`` articles: one per wire/HTML file,
one per JSON line, an estimate by size for CSV, JSON and feed files, which are never
split. The plan depends only on the inputs, their sizes and their contents (line
boundaries), so the same inputs always give the same partition ids.

Only the plan is made on the driver; articles are read by the worker that processes the
partition (``read_partition``), straight from the files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from wirecoder.ingest.base import IngestOptions
from wirecoder.ingest.decode import BINARY, looks_binary
from wirecoder.ingest.jsonl import read_jsonl
from wirecoder.ingest.reader import format_for_path, read_path
from wirecoder.records import Article, IngestError

Item = Article | IngestError

DEFAULT_PARTITION_SIZE = 500
# A partition also ends before it would hold more than this many bytes of input.
DEFAULT_PARTITION_BYTES = 64 << 20
# Containers that are not split (CSV, JSON, feeds): articles guessed from their size.
_BYTES_PER_ARTICLE_GUESS = 3000
_SCAN_BLOCK = 1 << 20
SPLITTABLE = frozenset({"jsonl"})


@dataclass(frozen=True)
class Slice:
    """One file, or the line range ``[start, end)`` (bytes) of a JSON Lines file."""

    path: str
    fmt: str | None = None
    start: int = 0
    end: int | None = None  # None: the whole file, read as ``wirecoder ingest`` would
    first_line: int = 1
    articles: int = 1  # lines in the range, or an estimate for a whole file

    @property
    def is_range(self) -> bool:
        return self.end is not None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Slice:
        return cls(**data)


@dataclass(frozen=True)
class Partition:
    """A unit of work: read, extract and write these slices together."""

    id: str
    slices: tuple[Slice, ...]

    @property
    def articles(self) -> int:
        """Expected number of articles (exact for JSON Lines and one-article files)."""
        return sum(s.articles for s in self.slices)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "slices": [s.to_dict() for s in self.slices]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Partition:
        return cls(id=str(data["id"]), slices=tuple(Slice.from_dict(s) for s in data["slices"]))


def partition_id(number: int, slices: Sequence[Slice]) -> str:
    """``p000042-<hash of the slices>``: ordered, and unique to what the partition holds."""
    spec = json.dumps([s.to_dict() for s in slices], sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha1(spec.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f"p{number:06d}-{digest}"


# -- planning -------------------------------------------------------------------------


def iter_input_files(inputs: Sequence[str | os.PathLike[str]]) -> Iterator[tuple[str, int]]:
    """``(absolute path, size)`` of every file to read, in ``read_paths`` order.

    A path that cannot be listed or read is still yielded (size -1): reading it in the
    worker then gives the same ``IngestError`` that ``wirecoder ingest`` reports.
    """
    for entry in inputs:
        raw = os.fspath(entry)
        if raw == "-":
            raise ValueError("batch runs read files and directories, not standard input")
        path = os.path.abspath(raw)
        try:
            info = os.stat(path)
        except OSError:
            yield path, -1
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, set())
        else:
            yield path, info.st_size if stat.S_ISREG(info.st_mode) else -1


def _walk(path: str, seen: set[str]) -> Iterator[tuple[str, int]]:
    real = os.path.realpath(path)
    if real in seen:
        return
    seen.add(real)
    try:
        with os.scandir(path) as listing:
            entries = sorted(
                (e for e in listing if not e.name.startswith(".")), key=lambda e: e.name
            )
    except OSError:
        yield path, -1  # read_path reports the directory as unreadable
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(entry.path, seen)
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            size = -1
        yield entry.path, size


def _line_ranges(
    path: str, first_capacity: int, capacity: int
) -> Iterator[tuple[int, int, int, int]]:
    """``(start, end, first_line, lines)`` ranges of a file: the first holds
    ``first_capacity`` lines, the others ``capacity``, the last what is left."""
    need = max(1, first_capacity)
    start = 0
    first_line = 1
    in_range = 0
    offset = 0
    last_byte = b""
    with open(path, "rb") as handle:
        while True:
            block = handle.read(_SCAN_BLOCK)
            if not block:
                break
            last_byte = block[-1:]
            pos = 0
            while True:
                wanted = need - in_range
                if block.count(b"\n", pos) < wanted:
                    in_range += block.count(b"\n", pos)
                    break
                for _ in range(wanted):
                    pos = block.index(b"\n", pos) + 1
                end = offset + pos
                yield start, end, first_line, need
                start, first_line, in_range, need = end, first_line + need, 0, max(1, capacity)
            offset += len(block)
    if offset > start:
        lines = in_range + (0 if last_byte == b"\n" else 1)
        yield start, offset, first_line, lines


def _estimate(fmt: str | None, size: int) -> int:
    if fmt in ("csv", "tsv", "json", "feed"):
        return max(1, size // _BYTES_PER_ARTICLE_GUESS)
    return 1


def plan_partitions(
    inputs: Sequence[str | os.PathLike[str]],
    partition_size: int = DEFAULT_PARTITION_SIZE,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
) -> Iterator[Partition]:
    """The partitions of ``inputs``, streamed (the driver never holds the whole plan)."""
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    number = 0
    slices: list[Slice] = []
    count = 0
    size_sum = 0

    def flush() -> Partition:
        nonlocal number, slices, count, size_sum
        part = Partition(partition_id(number, slices), tuple(slices))
        number += 1
        slices, count, size_sum = [], 0, 0
        return part

    for path, size in iter_input_files(inputs):
        fmt = format_for_path(path)
        if fmt in SPLITTABLE and size > 0:
            if count >= partition_size:
                yield flush()
            try:
                ranges = list(_line_ranges(path, partition_size - count, partition_size))
            except OSError:
                ranges = []
            if not ranges:  # unreadable now: let the worker report it
                slices.append(Slice(path, fmt))
                count += 1
                continue
            for start, end, first_line, lines in ranges:
                slices.append(Slice(path, fmt, start, end, first_line, lines))
                count += lines
                size_sum += end - start
                if count >= partition_size:
                    yield flush()
            continue
        estimate = _estimate(fmt, max(size, 0))
        if slices and (
            count + estimate > partition_size or size_sum + max(size, 0) > partition_bytes
        ):
            yield flush()
        slices.append(Slice(path, fmt, articles=estimate))
        count += estimate
        size_sum += max(size, 0)
    if slices:
        yield flush()


# -- reading (on the worker) ----------------------------------------------------------


def read_slice(piece: Slice, options: IngestOptions | None = None) -> Iterator[Item]:
    """The articles and errors of one slice, as ``read_paths`` gives them for the file."""
    opts = options or IngestOptions()
    if not piece.is_range:
        yield from read_path(piece.path, options=opts)
        return
    assert piece.end is not None
    where = f"{piece.path}:{piece.first_line}"
    try:
        with open(piece.path, "rb") as handle:
            handle.seek(piece.start)
            data = handle.read(piece.end - piece.start)
            whole_file = piece.start == 0 and not handle.read(1)
    except OSError as exc:
        reason = "not found" if isinstance(exc, FileNotFoundError) else "unreadable"
        yield IngestError(piece.path, f"{reason}: {exc.strerror or exc}")
        return
    if looks_binary(data[:8192]):
        yield IngestError(where, BINARY)
        return
    shift = piece.first_line - 1
    prefix = piece.path + ":"
    for item in read_jsonl(io.BytesIO(data), piece.path, opts):
        if isinstance(item, IngestError) and item.origin == piece.path and not whole_file:
            continue  # "empty file" for a range of blank lines inside a file
        origin = item.origin or ""
        if shift and origin.startswith(prefix) and origin[len(prefix) :].isdigit():
            item = dataclasses.replace(item, origin=f"{prefix}{int(origin[len(prefix) :]) + shift}")
        yield item


def read_partition(partition: Partition, options: IngestOptions | None = None) -> Iterator[Item]:
    for piece in partition.slices:
        yield from read_slice(piece, options)
