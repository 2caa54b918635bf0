"""Query parameters shared by the pages and the API, turned into ``Filters``.

Empty values (what an HTML form sends for a field left blank) mean "no filter", so
every pattern below also accepts the empty string.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from wirecoder.store.views import (
    BUCKETS,
    COMMITMENT_KINDS,
    ENTITY_KINDS,
    EVENT_TYPES,
    OFF_PATH_STAGES,
    QUOTE_KINDS,
    STAGES,
    Filters,
)

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
MAX_OFFSET = 1_000_000
MAX_PAGE = 100_000


def _choice(values: tuple[str, ...]) -> str:
    return "^(" + "|".join(values) + ")?$"


DatePattern = r"^(\d{4}-\d{2}-\d{2})?$"

Q = Annotated[
    str | None,
    Query(max_length=500, description='Full-text query: words, "a phrase", OR, -word, word*'),
]
Language = Annotated[
    str | None,
    Query(max_length=16, pattern=r"^[A-Za-z-]*$", description="Article language, e.g. de or en"),
]
Source = Annotated[
    str | None, Query(max_length=200, description="Agency or outlet, e.g. dpa or Reuters")
]
DateFrom = Annotated[
    str | None, Query(pattern=DatePattern, description="First date (YYYY-MM-DD), inclusive")
]
DateTo = Annotated[
    str | None, Query(pattern=DatePattern, description="Last date (YYYY-MM-DD), inclusive")
]
ArticleId = Annotated[str | None, Query(max_length=300, description="Only this article")]
Code = Annotated[
    str | None,
    Query(
        max_length=32,
        pattern=r"^[A-Za-z0-9_.*-]*$",
        description="Actor code (ISO alpha-3 or organisation code, e.g. DEU, NATO)",
    ),
]
EventType = Annotated[
    str | None, Query(pattern=_choice(EVENT_TYPES), description="PLOVER event type")
]
EntityKind = Annotated[str | None, Query(pattern=_choice(ENTITY_KINDS), description="Entity kind")]
QuoteKind = Annotated[str | None, Query(pattern=_choice(QUOTE_KINDS), description="Quote kind")]
What = Annotated[
    str | None, Query(pattern=_choice(COMMITMENT_KINDS), description="What is committed")
]
Stage = Annotated[
    str | None,
    Query(pattern=_choice(STAGES + OFF_PATH_STAGES), description="Commitment stage"),
]
Bucket = Annotated[
    str | None,
    Query(pattern=_choice(BUCKETS), description="day, week or month (default: by date range)"),
]
Limit = Annotated[
    int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Page size (at most {MAX_PAGE_SIZE})")
]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Rows per page")]


def clean(value: str | None) -> str | None:
    """Strip; blank and NUL-only values are None; NUL characters are dropped."""
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    return value or None


def clean_code(value: str | None) -> str | None:
    value = clean(value)
    return value.upper() if value else None


def article_filters(
    q: Q = None,
    language: Language = None,
    source: Source = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> Filters:
    return Filters(
        q=clean(q),
        language=clean(language),
        source=clean(source),
        date_from=clean(date_from),
        date_to=clean(date_to),
    )


def event_filters(
    type: EventType = None,
    actor: Code = None,
    recipient: Code = None,
    language: Language = None,
    source: Source = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    article_id: ArticleId = None,
) -> Filters:
    return Filters(
        type=clean(type),
        actor=clean_code(actor),
        recipient=clean_code(recipient),
        language=clean(language),
        source=clean(source),
        date_from=clean(date_from),
        date_to=clean(date_to),
        article_id=clean(article_id),
    )


def commitment_filters(
    giver: Code = None,
    recipient: Code = None,
    what: What = None,
    stage: Stage = None,
    language: Language = None,
    source: Source = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    article_id: ArticleId = None,
) -> Filters:
    return Filters(
        actor=clean_code(giver),
        recipient=clean_code(recipient),
        what=clean(what),
        stage=clean(stage),
        language=clean(language),
        source=clean(source),
        date_from=clean(date_from),
        date_to=clean(date_to),
        article_id=clean(article_id),
    )


def entity_filters(
    kind: EntityKind = None,
    code: Code = None,
    language: Language = None,
    source: Source = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    article_id: ArticleId = None,
) -> Filters:
    return Filters(
        kind=clean(kind),
        code=clean_code(code),
        language=clean(language),
        source=clean(source),
        date_from=clean(date_from),
        date_to=clean(date_to),
        article_id=clean(article_id),
    )


def quote_filters(
    kind: QuoteKind = None,
    speaker: Code = None,
    language: Language = None,
    source: Source = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    article_id: ArticleId = None,
) -> Filters:
    return Filters(
        kind=clean(kind),
        actor=clean_code(speaker),
        language=clean(language),
        source=clean(source),
        date_from=clean(date_from),
        date_to=clean(date_to),
        article_id=clean(article_id),
    )
