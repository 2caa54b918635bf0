"""The plain-text wire format (SPEC §1): `` date 2026-01-06 Von: APA/Reuters/dpa``."""

from __future__ import annotations

import re

from wirecoder.ingest.article import make_article
from wirecoder.ingest.base import IngestFailure, IngestOptions
from wirecoder.ingest.dates import normalise_date
from wirecoder.records import Article

# "date <date> Von|From: <agencies>", either part may be missing but not both.
HEADER_RE = re.compile(
    r"[ \t]*(?:date[ \t]+(?P<date>\S+)[ \t]*)?"
    r"(?:(?:von|from):[ \t]*(?P<sources>.*?))?[ \t]*",
    re.IGNORECASE,
)
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_LEADING_BLANK_LINES_RE = re.compile(r"(?:[ \t]*\n)+")
_FINAL_PUNCTUATION = frozenset(".!?:;,…")
_CLOSING = "\"'“”„»«‘’)]›‹"
MAX_TITLE_CHARS = 200


def normalise_newlines(raw: str) -> str:
    """Drop a BOM; CRLF and lone CR become LF."""
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def _split_header(text: str) -> tuple[str | None, str | None, str]:
    """(date, sources, rest) when the first non-blank line is a header, else (None, None, text)."""
    lead = _LEADING_BLANK_LINES_RE.match(text)
    start = lead.end() if lead else 0
    end = text.find("\n", start)
    line = text[start:] if end < 0 else text[start:end]
    match = HEADER_RE.fullmatch(line)
    if not match or (match.group("date") is None and match.group("sources") is None):
        return None, None, text
    rest = "" if end < 0 else text[end + 1 :]
    return match.group("date"), match.group("sources"), rest


def is_subheading(line: str) -> bool:
    """A short single line with letters and no final punctuation (SPEC §1)."""
    stripped = line.strip()
    if not stripped or "\n" in stripped or len(stripped) > MAX_TITLE_CHARS:
        return False
    if not any(ch.isalpha() for ch in stripped):
        return False
    core = stripped.rstrip(_CLOSING).rstrip()
    return bool(core) and core[-1] not in _FINAL_PUNCTUATION


def leading_subheading(body: str) -> str | None:
    """The first paragraph when it is a subheading and more text follows, else None."""
    parts = _BLANK_LINE_RE.split(body, maxsplit=1)
    if len(parts) < 2 or not parts[1].strip():
        return None
    first = parts[0]
    return first.strip() if is_subheading(first) else None


def parse_wire_text(
    raw: str,
    origin: str,
    *,
    id: str | None = None,
    options: IngestOptions | None = None,
) -> Article:
    """Parse one wire article; raises ``IngestFailure`` (a ValueError) for a bad one.

    ``text`` is the body after the header: newlines normalised to LF, the blank lines
    after the header and trailing whitespace removed, everything else kept exactly.
    Without a header the whole text is the body and ``date`` is None.
    """
    options = options or IngestOptions()
    text = normalise_newlines(raw)
    raw_date, raw_sources, rest = _split_header(text)
    lead = _LEADING_BLANK_LINES_RE.match(rest)
    body = rest[lead.end() :] if lead else rest
    body = body.rstrip()
    date = None
    if raw_date is not None:
        try:
            date = normalise_date(raw_date)
        except IngestFailure as exc:
            raise IngestFailure(f"invalid header date: {exc.reason}") from exc
    if not body.strip():
        raise IngestFailure("no text after header" if raw_date or raw_sources else "empty file")
    return make_article(
        body,
        origin=origin,
        options=options,
        id=id,
        date=date,
        sources=raw_sources,
        title=leading_subheading(body),
    )
