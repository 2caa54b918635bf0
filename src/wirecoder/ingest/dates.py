"""Publication dates to ISO ``YYYY-MM-DD`` (the publisher's local date, not UTC)."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

from wirecoder.ingest.base import IngestFailure

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T ])")
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _make(year: str, month: str, day: str, raw: str) -> str:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError as exc:
        raise IngestFailure(f"invalid date {raw!r}: {exc}") from exc


def normalise_date(value: object) -> str | None:
    """ISO date for a date, datetime or string; ``None`` for empty; ``IngestFailure`` else.

    Accepts ``2026-01-06``, ISO datetimes (``2026-01-06T10:00:00+01:00``: the date part as
    written), ``06.01.2026`` and RFC 2822 (``Tue, 06 Jan 2026 10:00:00 +0100``).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise IngestFailure(f"invalid date {value!r}: expected a string")
    raw = value.strip()
    if not raw:
        return None
    match = _ISO_DATE.match(raw)
    if match:
        year, month, day = match.groups()
        return _make(year, month, day, raw=raw)
    match = _GERMAN_DATE.match(raw)
    if match:
        day, month, year = match.groups()
        return _make(year, month, day, raw=raw)
    try:
        parsed = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date().isoformat()
    raise IngestFailure(f"invalid date {raw!r}: expected YYYY-MM-DD")
