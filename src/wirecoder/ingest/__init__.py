"""Ingest stage: wire text, JSON Lines, JSON, CSV, HTML and RSS/Atom to ``Article`` records.

Entry point: ``read_paths(paths)`` yields ``Article`` for each good item and
``IngestError(origin, reason)`` for each bad one; it never raises for bad input. An
``IngestWarning`` (subclass of ``IngestError``) is yielded just before an article that was
read with a caveat (encoding fallback: not valid UTF-8, decoded as cp1252 or latin-1).
"""

from wirecoder.ingest.article import make_article
from wirecoder.ingest.base import (
    DEFAULT_MAX_CHARS,
    IngestFailure,
    IngestOptions,
    IngestWarning,
)
from wirecoder.ingest.dates import normalise_date
from wirecoder.ingest.decode import Decoded, decode_bytes
from wirecoder.ingest.dedup import (
    NearDuplicateIndex,
    minhash_signature,
    signature_similarity,
)
from wirecoder.ingest.html import parse_html, strip_html
from wirecoder.ingest.ids import content_hash, normalise_text, stable_id
from wirecoder.ingest.language import detect_language, normalise_language
from wirecoder.ingest.reader import (
    FORMAT_BY_SUFFIX,
    FORMATS,
    read_bytes,
    read_file,
    read_path,
    read_paths,
    read_stream,
    sniff_format,
)
from wirecoder.ingest.wire import parse_wire_text
from wirecoder.records import Article, IngestError

__all__ = [
    "DEFAULT_MAX_CHARS",
    "FORMATS",
    "FORMAT_BY_SUFFIX",
    "Article",
    "Decoded",
    "IngestError",
    "IngestFailure",
    "IngestOptions",
    "IngestWarning",
    "NearDuplicateIndex",
    "content_hash",
    "decode_bytes",
    "detect_language",
    "make_article",
    "minhash_signature",
    "normalise_date",
    "normalise_language",
    "normalise_text",
    "parse_html",
    "parse_wire_text",
    "read_bytes",
    "read_file",
    "read_path",
    "read_paths",
    "read_stream",
    "signature_similarity",
    "sniff_format",
    "stable_id",
    "strip_html",
]
