"""Build an ``Article`` from loosely typed fields, checking each (shared by all readers)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from wirecoder.ingest.base import IngestFailure, IngestOptions, too_large_chars
from wirecoder.ingest.dates import normalise_date
from wirecoder.ingest.ids import stable_id
from wirecoder.ingest.language import detect_language, normalise_language
from wirecoder.records import Article

FIELDS = ("id", "date", "sources", "language", "title", "text", "url")
_SOURCE_SPLIT = re.compile(r"\s*[/,;|]\s*")


def normalise_sources(value: object) -> list[str]:
    """A list of agency names from a list or a ``"APA/Reuters/dpa"`` style string."""
    if value is None:
        return []
    if isinstance(value, str):
        parts: list[object] = list(_SOURCE_SPLIT.split(value))
    elif isinstance(value, list | tuple):
        parts = list(value)
    else:
        raise IngestFailure(f"invalid sources {value!r}: expected a list or a string")
    sources = []
    for part in parts:
        if not isinstance(part, str):
            raise IngestFailure(f"invalid sources {value!r}: expected strings")
        name = part.strip()
        if name:
            sources.append(name)
    return sources


def _optional_str(value: object, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise IngestFailure(f"invalid {name} {value!r}: expected a string")
    return value.strip() or None


def _language(value: object, text: str, strict: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return detect_language(text)
    language = normalise_language(value)
    if language is not None:
        return language
    if strict:
        raise IngestFailure(f"unsupported language {value!r} (expected de or en)")
    return detect_language(text)


def make_article(
    text: object,
    *,
    origin: str | None,
    options: IngestOptions,
    id: object = None,
    date: object = None,
    sources: object = None,
    language: object = None,
    title: object = None,
    url: object = None,
    strict_language: bool = True,
) -> Article:
    """Check and normalise the fields; the text itself is kept exactly as given.

    ``strict_language``: an explicit language other than de/en is an error (records);
    when False (feed or page metadata) it is ignored and the language detected.
    """
    if not isinstance(text, str):
        raise IngestFailure("no text" if text is None else f"invalid text: {type(text).__name__}")
    if not text.strip():
        raise IngestFailure("no text")
    if len(text) > options.max_chars:
        raise too_large_chars(len(text), options)
    if id is not None and not isinstance(id, str | int):
        raise IngestFailure(f"invalid id {id!r}: expected a string")
    return Article(
        id=stable_id(text, id),
        text=text,
        date=normalise_date(date),
        sources=normalise_sources(sources),
        language=_language(language, text, strict_language),
        title=_optional_str(title, "title"),
        url=_optional_str(url, "url"),
        origin=origin,
    )


def article_from_mapping(
    data: Mapping[str, object], *, origin: str, options: IngestOptions
) -> Article:
    """A JSON object or CSV row with the SPEC §1 fields (extra fields are ignored)."""
    return make_article(
        data.get("text"),
        origin=origin,
        options=options,
        id=data.get("id"),
        date=data.get("date"),
        sources=data.get("sources"),
        language=data.get("language"),
        title=data.get("title"),
        url=data.get("url"),
    )
