"""RSS/Atom files: one article per entry (``origin#n``, 1-based)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Any

from wirecoder.ingest.article import make_article
from wirecoder.ingest.base import IngestFailure, IngestOptions, IngestWarning, too_large_bytes
from wirecoder.ingest.dates import normalise_date
from wirecoder.ingest.html import strip_html
from wirecoder.records import Article, IngestError

Item = Article | IngestError


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The longest of the entry's content blocks and its summary, as plain text."""
    candidates: list[str] = []
    for block in entry.get("content") or []:
        value = block.get("value") if isinstance(block, Mapping) else None
        if isinstance(value, str):
            candidates.append(value)
    summary = entry.get("summary")
    if isinstance(summary, str):
        candidates.append(summary)
    texts = [strip_html(value) for value in candidates]
    return max(texts, key=len, default="")


def _entry_date(entry: Mapping[str, Any]) -> str | None:
    """The date as written (publisher's local date); feedparser's parsed UTC as fallback."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            try:
                return normalise_date(raw)
            except IngestFailure:
                pass
        parsed = entry.get(f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _plain(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(strip_html(value).split())
    return text or None


def read_feed(data: bytes, origin: str, options: IngestOptions) -> Iterator[Item]:
    if len(data) > options.max_file_bytes:
        yield IngestError(origin, too_large_bytes(len(data), options.max_file_bytes).reason)
        return
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        reason = f"not a valid feed: {problem}" if problem else "feed has no entries"
        yield IngestError(origin, reason)
        return
    channel = parsed.get("feed") or {}
    note = _encoding_note(parsed)
    site = _plain(channel.get("title"))
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}#{number}"
        try:
            text = _entry_text(entry)
            if not text:
                raise IngestFailure("no text in feed entry")
            article = make_article(
                text,
                origin=where,
                options=options,
                date=_entry_date(entry),
                sources=[site] if site else None,
                language=entry.get("language") or channel.get("language"),
                title=_plain(entry.get("title")),
                url=entry.get("link") if isinstance(entry.get("link"), str) else None,
                strict_language=False,
            )
        except IngestFailure as exc:
            yield IngestError(where, exc.reason)
            continue
        if note:
            yield IngestWarning(where, note)
        yield article


def _encoding_note(parsed: Mapping[str, Any]) -> str | None:
    """feedparser had to override the declared encoding: make that visible."""
    problem = parsed.get("bozo_exception")
    if problem is None or "encoding" not in type(problem).__name__.lower():
        return None
    return f"encoding: {problem} (read as {parsed.get('encoding')})"
