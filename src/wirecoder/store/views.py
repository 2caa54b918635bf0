"""Read-only queries behind the web UI and the HTTP API (``wirecoder serve``).

Every function takes a :class:`~wirecoder.store.Store`, builds its SQL with SQLAlchemy
Core (values are always bound parameters) and returns plain dataclasses. Nothing here
writes. SQLite and PostgreSQL are both supported: the only dialect-specific parts are
full-text search and expanding the JSON id lists of events and commitments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Connection

from .query import parse_query, to_fts5, to_tsquery
from .rows import (
    articles_t,
    commitments_t,
    entities_t,
    events_t,
    extractions_t,
    mentions_t,
    quotes_t,
    sources_t,
)

if TYPE_CHECKING:
    from wirecoder.ledger.model import Thread

    from .store import Store

T = TypeVar("T")

EVENT_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
CONFLICTUAL = frozenset(
    {
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)
# SPEC §2 commitment stages in order of progress, then the two off the path.
STAGES: tuple[str, ...] = (
    "considered",
    "offered",
    "promised",
    "intent_signed",
    "agreed",
    "approved",
    "delivered",
)
OFF_PATH_STAGES: tuple[str, ...] = ("withdrawn", "rejected")
COMMITMENT_KINDS: tuple[str, ...] = (
    "troops",
    "security_guarantee",
    "military_aid",
    "financial_aid",
    "humanitarian_aid",
    "sanctions",
    "diplomatic",
    "other",
)
ENTITY_KINDS: tuple[str, ...] = ("state", "person", "organisation", "group", "place")
QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect", "partial")
BUCKETS: tuple[str, ...] = ("day", "week", "month")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def event_class(event_type: str | None) -> str:
    """``coop``, ``conf`` or ``other``: the colour class of an event type."""
    if event_type in COOPERATIVE:
        return "coop"
    if event_type in CONFLICTUAL:
        return "conf"
    return "other"


def stage_rank(stage: str | None) -> int:
    """Progress of a commitment stage (-1 for off-path or unknown stages)."""
    return STAGES.index(stage) if stage in STAGES else -1


# -- filters and results ----------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Filters shared by the pages and the API; each query uses the fields that apply.

    Dates are ISO ``YYYY-MM-DD`` strings compared as text (inclusive). Events are dated
    by their own date, else their article's; everything else by the article's date.
    """

    q: str | None = None  # articles: full-text query
    language: str | None = None
    source: str | None = None  # agency/outlet name
    date_from: str | None = None
    date_to: str | None = None
    article_id: str | None = None
    type: str | None = None  # events: PLOVER type
    actor: str | None = None  # events: actor code; quotes: speaker code; commitments: giver
    recipient: str | None = None  # events, commitments: recipient code
    involving: str | None = None  # events: actor or recipient code
    kind: str | None = None  # entities: entity kind; quotes: quote kind
    code: str | None = None  # entities: code
    what: str | None = None  # commitments
    stage: str | None = None  # commitments


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class ActorRef:
    """An entity of one article as it appears in an event, quote or commitment."""

    id: str
    name: str | None = None
    code: str | None = None
    kind: str | None = None

    @property
    def label(self) -> str:
        return self.code or self.name or self.id


@dataclass
class ArticleItem:
    id: str
    title: str | None
    date: str | None
    language: str | None
    url: str | None
    sources: list[str] = field(default_factory=list)
    snippet: str | None = None  # matched words between ``**`` (full-text search only)
    events: int = 0
    quotes: int = 0
    commitments: int = 0


@dataclass
class EntityItem:
    article_id: str
    article_date: str | None
    language: str | None
    id: str
    name: str
    kind: str
    code: str | None
    sector: str | None
    role: str | None
    mentions: list[list[int]] = field(default_factory=list)


@dataclass
class QuoteItem:
    article_id: str
    article_title: str | None
    article_date: str | None
    language: str | None
    id: str
    speaker: ActorRef | None
    kind: str
    text: str
    span: list[int]
    cue: str | None


@dataclass
class EventItem:
    article_id: str
    article_title: str | None
    article_date: str | None
    language: str | None
    id: str
    type: str
    mode: str | None
    contexts: list[str]
    actor: list[ActorRef]
    recipient: list[ActorRef]
    aux: str | None
    condition: str | None
    content: dict[str, Any] | None
    source: ActorRef | None
    date: str | None  # the event's date, else the article's
    location: str | None
    trigger: list[int]
    span: list[int]
    evidence: str
    confidence: float
    stage: str | None

    @property
    def css_class(self) -> str:
        return event_class(self.type)


@dataclass
class CommitmentItem:
    article_id: str
    article_title: str | None
    article_date: str | None
    language: str | None
    id: str
    givers: list[ActorRef]
    recipient: list[ActorRef]
    what: str
    text: str
    stage: str
    condition: str | None
    events: list[str]
    amount: float | None
    unit: str | None


@dataclass
class LedgerStep:
    """One step of a thread's history: what one article reported."""

    date: str | None
    stage: str
    article: str
    article_title: str | None
    commitment: str | None
    event: str | None
    evidence: str
    condition: str | None
    amount: float | None = None
    unit: str | None = None
    # Reported only as past ("had offered in April ...").
    historical: bool = False
    # The thread's flags this step raised (a contradiction, a lower amount, ...).
    flags: list[str] = field(default_factory=list)


@dataclass
class LedgerThread:
    """One (givers, recipient, what) thread, shaped like a SPEC §2 ledger line."""

    id: str
    givers: list[str]
    recipient: list[str]
    what: str
    text: str
    stage: str  # the current stage (the furthest reached, or withdrawn/rejected)
    furthest: str  # the furthest stage on the path reached so far (or ``stage``)
    amount: float | None
    condition: str | None
    history: list[LedgerStep]
    flags: list[str] = field(default_factory=list)
    unit: str | None = None
    first_date: str | None = None
    last_date: str | None = None


@dataclass
class LedgerView:
    """What the ledger page and ``/api/v1/ledger`` show.

    ``source`` is ``ledger`` (threads from the cross-article ledger tables) or
    ``articles`` (nothing built yet: article-level commitments grouped by givers,
    recipient and what). ``state`` is the stored ledger's: ``current``, ``stale``
    (extractions changed since the last build), ``unbuilt`` or ``empty``; ``note``
    says what to do when it is not current.
    """

    source: str
    state: str
    built_at: str | None
    note: str | None
    threads: list[LedgerThread]


@dataclass
class Facets:
    """Values to offer in filter forms."""

    languages: list[str]
    sources: list[str]
    event_types: list[str]
    codes: list[str]
    date_min: str | None
    date_max: str | None


@dataclass
class TimelineBucket:
    start: str  # first day of the bucket (ISO)
    end: str  # last day of the bucket (ISO)
    label: str
    counts: dict[str, int]  # by event type

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cooperative(self) -> int:
        return sum(n for t, n in self.counts.items() if t in COOPERATIVE)

    @property
    def conflictual(self) -> int:
        return sum(n for t, n in self.counts.items() if t in CONFLICTUAL)


@dataclass
class Timeline:
    bucket: str
    buckets: list[TimelineBucket]
    undated: int = 0


@dataclass
class NetworkEdge:
    source: str
    target: str
    type: str
    count: int

    @property
    def css_class(self) -> str:
        return event_class(self.type)


@dataclass
class NetworkNode:
    code: str
    events: int  # events the node takes part in (as actor or recipient)
    out_degree: int
    in_degree: int


@dataclass
class Network:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    events: int  # events with a coded actor and a coded recipient
    dropped_nodes: int = 0


@dataclass
class Partner:
    code: str
    as_actor: int  # events: this actor -> partner
    as_recipient: int  # events: partner -> this actor
    cooperative: int
    conflictual: int

    @property
    def total(self) -> int:
        return self.as_actor + self.as_recipient


@dataclass
class ActorSummary:
    code: str
    names: list[tuple[str, int]]
    as_actor: int
    as_recipient: int
    timeline: list[tuple[str, int, int]]  # (bucket label, as actor, as recipient)
    bucket: str
    partners: list[Partner]
    types_as_actor: list[tuple[str, int]]
    types_as_recipient: list[tuple[str, int]]


# -- helpers ---------------------------------------------------------------------------


def _json_elements(dialect: str, column: Any) -> Any:
    """A table of the text values of a JSON list column (``.c.value``)."""
    if dialect == "postgresql":
        return func.jsonb_array_elements_text(column).table_valued("value")
    return func.json_each(column).table_valued("value")


def _has_code(dialect: str, ids: Any, article_id: Any, code: str) -> ColumnElement[bool]:
    """The JSON list of entity ids ``ids`` holds an entity with this actor code."""
    elements = _json_elements(dialect, ids)
    return exists(
        select(literal(1))
        .select_from(elements)
        .join(
            entities_t,
            and_(entities_t.c.article_id == article_id, entities_t.c.id == elements.c.value),
        )
        .where(entities_t.c.code == code)
    )


def _article_conditions(f: Filters, date_col: Any = None) -> list[ColumnElement[bool]]:
    date_col = articles_t.c.date if date_col is None else date_col
    conds: list[ColumnElement[bool]] = []
    if f.language:
        conds.append(articles_t.c.language == f.language)
    if f.source:
        conds.append(
            exists().where(
                sources_t.c.article_id == articles_t.c.id, sources_t.c.source == f.source
            )
        )
    if f.date_from:
        conds.append(date_col >= f.date_from)
    if f.date_to:
        conds.append(_before_end(date_col, f.date_to))
    if f.article_id:
        conds.append(articles_t.c.id == f.article_id)
    return conds


def _day_after(date_to: str) -> str | None:
    """The ISO day after ``date_to`` (None when it is not a date or the last one)."""
    day = _parse_date(date_to)
    if day is None or day == dt.date.max:
        return None
    return (day + dt.timedelta(days=1)).isoformat()


def _before_end(date_col: Any, date_to: str) -> ColumnElement[bool]:
    """``date_col`` on or before the day ``date_to`` (values with a time of day included)."""
    day_after = _day_after(date_to)
    if day_after is None:
        return date_col <= date_to  # type: ignore[no-any-return]
    return date_col < day_after  # type: ignore[no-any-return]


def _evidence(span_start: Any, span_end: Any) -> Any:
    """The article text of a span (empty for an empty or inverted span)."""
    length = span_end - span_start
    return func.substr(articles_t.c.text, span_start + 1, case((length > 0, length), else_=0))


def _event_date() -> Any:
    return func.coalesce(events_t.c.date, articles_t.c.date)


def _event_conditions(dialect: str, f: Filters) -> list[ColumnElement[bool]]:
    conds = _article_conditions(f, _event_date())
    if f.type:
        conds.append(events_t.c.type == f.type)
    if f.actor:
        conds.append(_has_code(dialect, events_t.c.actor, events_t.c.article_id, f.actor))
    if f.recipient:
        conds.append(_has_code(dialect, events_t.c.recipient, events_t.c.article_id, f.recipient))
    if f.involving:
        conds.append(
            or_(
                _has_code(dialect, events_t.c.actor, events_t.c.article_id, f.involving),
                _has_code(dialect, events_t.c.recipient, events_t.c.article_id, f.involving),
            )
        )
    return conds


def _count(conn: Connection, stmt: Select[Any]) -> int:
    return int(conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def _entity_map(conn: Connection, article_ids: Iterable[str]) -> dict[tuple[str, str], ActorRef]:
    ids = sorted(set(article_ids))
    out: dict[tuple[str, str], ActorRef] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in conn.execute(
            select(
                entities_t.c.article_id,
                entities_t.c.id,
                entities_t.c.name,
                entities_t.c.code,
                entities_t.c.kind,
            ).where(entities_t.c.article_id.in_(chunk))
        ):
            out[(row.article_id, row.id)] = ActorRef(row.id, row.name, row.code, row.kind)
    return out


def _refs(
    entities: dict[tuple[str, str], ActorRef], article_id: str, ids: Sequence[str] | None
) -> list[ActorRef]:
    return [entities.get((article_id, i)) or ActorRef(i) for i in (ids or [])]


def _sources_of(conn: Connection, article_ids: Sequence[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if not article_ids:
        return out
    for row in conn.execute(
        select(sources_t.c.article_id, sources_t.c.source)
        .where(sources_t.c.article_id.in_(list(article_ids)), sources_t.c.source != "")
        .order_by(sources_t.c.pk)
    ):
        names = out.setdefault(row.article_id, [])
        if row.source not in names:
            names.append(row.source)
    return out


def _counts_of(conn: Connection, article_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    if not article_ids:
        return out
    for name, table in (("events", events_t), ("quotes", quotes_t), ("commitments", commitments_t)):
        for row in conn.execute(
            select(table.c.article_id, func.count())
            .where(table.c.article_id.in_(list(article_ids)))
            .group_by(table.c.article_id)
        ):
            out[row[0]][name] = int(row[1])
    return out


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


# Most buckets a timeline has (a wider date range is cut off at the end).
MAX_BUCKETS = 2000


def bucket_of(day: dt.date, bucket: str) -> tuple[dt.date, dt.date]:
    """First and last day of the day/week (Monday-based)/month containing ``day``."""
    if bucket == "week":
        start = max(dt.date.min, day - dt.timedelta(days=day.weekday()))
    elif bucket == "month":
        start = day.replace(day=1)
    else:
        return day, day
    following = _next_bucket(start, bucket)
    return start, (following - dt.timedelta(days=1)) if following else dt.date.max


def _next_bucket(start: dt.date, bucket: str) -> dt.date | None:
    """The first day of the next bucket (None past the last representable date)."""
    try:
        if bucket == "week":
            return start + dt.timedelta(days=7)
        if bucket == "month":
            return (start + dt.timedelta(days=32)).replace(day=1)
        return start + dt.timedelta(days=1)
    except OverflowError:
        return None


def _bucket_label(start: dt.date, bucket: str) -> str:
    if bucket == "month":
        return start.strftime("%Y-%m")
    if bucket == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.isoformat()


def auto_bucket(first: dt.date | None, last: dt.date | None) -> str:
    """Days for up to two months, weeks for up to two years, else months."""
    if first is None or last is None:
        return "day"
    span = (last - first).days
    if span <= 62:
        return "day"
    if span <= 730:
        return "week"
    return "month"


# -- facets ----------------------------------------------------------------------------


def facets(store: Store) -> Facets:
    with store.engine.connect() as conn:
        languages = [
            row[0]
            for row in conn.execute(
                select(articles_t.c.language)
                .where(articles_t.c.language.is_not(None))
                .distinct()
                .order_by(articles_t.c.language)
            )
        ]
        sources = [
            row[0]
            for row in conn.execute(
                select(sources_t.c.source)
                .where(sources_t.c.source != "")
                .distinct()
                .order_by(sources_t.c.source)
            )
        ]
        types = {row[0] for row in conn.execute(select(events_t.c.type).distinct()) if row[0]}
        codes = [
            row[0]
            for row in conn.execute(
                select(entities_t.c.code)
                .where(entities_t.c.code.is_not(None))
                .group_by(entities_t.c.code)
                .order_by(func.count().desc(), entities_t.c.code)
                .limit(500)
            )
        ]
        date_min, date_max = conn.execute(
            select(func.min(articles_t.c.date), func.max(articles_t.c.date))
        ).one()
    ordered = [t for t in EVENT_TYPES if t in types] + sorted(types - set(EVENT_TYPES))
    return Facets(languages, sources, ordered, codes, date_min, date_max)


def overview(store: Store) -> dict[str, Any]:
    """Counts for the start page."""
    with store.engine.connect() as conn:

        def count(table: Any) -> int:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

        types = [
            (row[0], int(row[1]))
            for row in conn.execute(
                select(events_t.c.type, func.count())
                .group_by(events_t.c.type)
                .order_by(func.count().desc(), events_t.c.type)
            )
        ]
        date_min, date_max = conn.execute(
            select(func.min(articles_t.c.date), func.max(articles_t.c.date))
        ).one()
        return {
            "articles": count(articles_t),
            "extracted": count(extractions_t),
            "entities": count(entities_t),
            "quotes": count(quotes_t),
            "events": count(events_t),
            "commitments": count(commitments_t),
            "event_types": types,
            "date_min": date_min,
            "date_max": date_max,
        }


# -- articles --------------------------------------------------------------------------

SNIPPET_MARK = "**"


def search_articles(
    store: Store, f: Filters, limit: int = 20, offset: int = 0
) -> Page[ArticleItem]:
    """Articles matching the filters: by full-text rank when ``f.q`` is given (the
    store's safe query syntax, see ``Store.search``), else newest first."""
    limit = max(0, limit)
    offset = max(0, offset)
    if f.q and f.q.strip():
        return _fulltext(store, f, limit, offset)
    conds = _article_conditions(f)
    stmt = select(
        articles_t.c.id,
        articles_t.c.title,
        articles_t.c.date,
        articles_t.c.language,
        articles_t.c.url,
    ).where(*conds)
    with store.engine.connect() as conn:
        total = _count(conn, stmt)
        rows = conn.execute(
            stmt.order_by(articles_t.c.date.desc().nulls_last(), articles_t.c.id)
            .limit(limit)
            .offset(offset)
        ).all()
        items = [ArticleItem(r.id, r.title, r.date, r.language, r.url) for r in rows]
        _decorate(conn, items)
    return Page(items, total, limit, offset)


def _decorate(conn: Connection, items: list[ArticleItem]) -> None:
    ids = [item.id for item in items]
    sources = _sources_of(conn, ids)
    counts = _counts_of(conn, ids)
    for item in items:
        item.sources = sources.get(item.id, [])
        item.events = counts.get(item.id, {}).get("events", 0)
        item.quotes = counts.get(item.id, {}).get("quotes", 0)
        item.commitments = counts.get(item.id, {}).get("commitments", 0)


def _filter_sql(f: Filters, params: dict[str, Any]) -> str:
    """Extra WHERE text for the raw full-text queries (values go to ``params``)."""
    parts = []
    if f.language:
        parts.append("a.language = :f_language")
        params["f_language"] = f.language
    if f.source:
        parts.append(
            "EXISTS (SELECT 1 FROM article_sources AS s "
            "WHERE s.article_id = a.id AND s.source = :f_source)"
        )
        params["f_source"] = f.source
    if f.date_from:
        parts.append("a.date >= :f_date_from")
        params["f_date_from"] = f.date_from
    if f.date_to:
        day_after = _day_after(f.date_to)
        if day_after is None:
            parts.append("a.date <= :f_date_to")
            params["f_date_to"] = f.date_to
        else:
            parts.append("a.date < :f_date_to")
            params["f_date_to"] = day_after
    if f.article_id:
        parts.append("a.id = :f_article_id")
        params["f_article_id"] = f.article_id
    return "".join(" AND " + p for p in parts)


def _fulltext(store: Store, f: Filters, limit: int, offset: int) -> Page[ArticleItem]:
    parsed = parse_query(f.q or "")
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    where = _filter_sql(f, params)
    if store.dialect == "postgresql":
        tsquery = to_tsquery(parsed)
        if tsquery is None:
            return Page([], 0, limit, offset)
        params["tsquery"] = tsquery
        params["options"] = (
            f'StartSel="{SNIPPET_MARK}", StopSel="{SNIPPET_MARK}", MaxWords=30, MinWords=12, '
            'MaxFragments=2, FragmentDelimiter=" … "'
        )
        matched = (
            "FROM articles AS a, to_tsquery('simple', :tsquery) AS query "
            "WHERE a.search_vector @@ query" + where
        )
        count_sql = "SELECT count(*) " + matched
        page_sql = (
            "WITH hits AS (SELECT a.id, a.title, a.date, a.language, a.url, a.text, query, "
            "ts_rank_cd(a.search_vector, query) AS rank " + matched + " "
            "ORDER BY rank DESC, a.date DESC NULLS LAST, a.id LIMIT :limit OFFSET :offset) "
            "SELECT id, title, date, language, url, rank, "
            "ts_headline('simple', text, query, :options) AS snippet FROM hits "
            "ORDER BY rank DESC, date DESC NULLS LAST, id"
        )
    else:
        match = to_fts5(parsed)
        if match is None:
            return Page([], 0, limit, offset)
        params["match"] = match
        params["mark"] = SNIPPET_MARK
        matched = (
            "FROM articles_fts JOIN articles AS a ON a.pk = articles_fts.rowid "
            "WHERE articles_fts MATCH :match" + where
        )
        count_sql = "SELECT count(*) " + matched
        page_sql = (
            "SELECT a.id, a.title, a.date, a.language, a.url, "
            "snippet(articles_fts, -1, :mark, :mark, '…', 24) AS snippet, "
            "bm25(articles_fts, 5.0, 1.0) AS score " + matched + " "
            "ORDER BY score, a.date DESC, a.id LIMIT :limit OFFSET :offset"
        )
    with store.engine.connect() as conn:
        total = int(conn.execute(text(count_sql), params).scalar_one())
        rows = conn.execute(text(page_sql), params).all() if limit else []
        items = [
            ArticleItem(r.id, r.title, r.date, r.language, r.url, snippet=r.snippet or "")
            for r in rows
        ]
        _decorate(conn, items)
    return Page(items, total, limit, offset)


# -- entities, quotes, events, commitments ---------------------------------------------


def entities(store: Store, f: Filters, limit: int = 50, offset: int = 0) -> Page[EntityItem]:
    conds = _article_conditions(f)
    if f.kind:
        conds.append(entities_t.c.kind == f.kind)
    if f.code:
        conds.append(entities_t.c.code == f.code)
    stmt = (
        select(
            entities_t.c.article_id,
            articles_t.c.date.label("article_date"),
            articles_t.c.language,
            entities_t.c.id,
            entities_t.c.name,
            entities_t.c.kind,
            entities_t.c.code,
            entities_t.c.sector,
            entities_t.c.role,
        )
        .select_from(entities_t.join(articles_t, articles_t.c.id == entities_t.c.article_id))
        .where(*conds)
    )
    with store.engine.connect() as conn:
        total = _count(conn, stmt)
        rows = conn.execute(
            stmt.order_by(
                articles_t.c.date.desc().nulls_last(), entities_t.c.article_id, entities_t.c.ord
            )
            .limit(limit)
            .offset(offset)
        ).all()
        mentions: dict[tuple[str, str], list[list[int]]] = defaultdict(list)
        aids = sorted({r.article_id for r in rows})
        if aids:
            for m in conn.execute(
                select(
                    mentions_t.c.article_id,
                    mentions_t.c.entity_id,
                    mentions_t.c.start,
                    mentions_t.c.end,
                )
                .where(mentions_t.c.article_id.in_(aids))
                .order_by(mentions_t.c.article_id, mentions_t.c.entity_id, mentions_t.c.ord)
            ):
                mentions[(m.article_id, m.entity_id)].append([m.start, m.end])
    items = [
        EntityItem(
            r.article_id,
            r.article_date,
            r.language,
            r.id,
            r.name,
            r.kind,
            r.code,
            r.sector,
            r.role,
            mentions.get((r.article_id, r.id), []),
        )
        for r in rows
    ]
    return Page(items, total, limit, offset)


def quotes(store: Store, f: Filters, limit: int = 50, offset: int = 0) -> Page[QuoteItem]:
    speaker = entities_t.alias("speaker")
    conds = _article_conditions(f)
    if f.kind:
        conds.append(quotes_t.c.kind == f.kind)
    if f.actor:
        conds.append(speaker.c.code == f.actor)
    stmt = (
        select(
            quotes_t.c.article_id,
            articles_t.c.title.label("article_title"),
            articles_t.c.date.label("article_date"),
            articles_t.c.language,
            quotes_t.c.id,
            quotes_t.c.speaker,
            speaker.c.name.label("speaker_name"),
            speaker.c.code.label("speaker_code"),
            speaker.c.kind.label("speaker_kind"),
            quotes_t.c.kind,
            quotes_t.c.text,
            quotes_t.c.span_start,
            quotes_t.c.span_end,
            quotes_t.c.cue,
        )
        .select_from(
            quotes_t.join(articles_t, articles_t.c.id == quotes_t.c.article_id).outerjoin(
                speaker,
                and_(
                    speaker.c.article_id == quotes_t.c.article_id,
                    speaker.c.id == quotes_t.c.speaker,
                ),
            )
        )
        .where(*conds)
    )
    with store.engine.connect() as conn:
        total = _count(conn, stmt)
        rows = conn.execute(
            stmt.order_by(
                articles_t.c.date.desc().nulls_last(), quotes_t.c.article_id, quotes_t.c.ord
            )
            .limit(limit)
            .offset(offset)
        ).all()
    items = [
        QuoteItem(
            r.article_id,
            r.article_title,
            r.article_date,
            r.language,
            r.id,
            (
                ActorRef(r.speaker, r.speaker_name, r.speaker_code, r.speaker_kind)
                if r.speaker
                else None
            ),
            r.kind,
            r.text,
            [r.span_start, r.span_end],
            r.cue,
        )
        for r in rows
    ]
    return Page(items, total, limit, offset)


def events(store: Store, f: Filters, limit: int = 50, offset: int = 0) -> Page[EventItem]:
    """Events matching the filters, newest first."""
    date_col = _event_date()
    stmt = (
        select(
            events_t,
            articles_t.c.title.label("article_title"),
            articles_t.c.date.label("article_date"),
            articles_t.c.language.label("language"),
            date_col.label("event_date"),
            _evidence(events_t.c.span_start, events_t.c.span_end).label("evidence"),
        )
        .select_from(events_t.join(articles_t, articles_t.c.id == events_t.c.article_id))
        .where(*_event_conditions(store.dialect, f))
    )
    with store.engine.connect() as conn:
        total = _count(conn, stmt)
        rows = conn.execute(
            stmt.order_by(date_col.desc().nulls_last(), events_t.c.article_id, events_t.c.ord)
            .limit(limit)
            .offset(offset)
        ).all()
        ents = _entity_map(conn, (r.article_id for r in rows))
    items = []
    for r in rows:
        content = r.content if isinstance(r.content, dict) else None
        items.append(
            EventItem(
                article_id=r.article_id,
                article_title=r.article_title,
                article_date=r.article_date,
                language=r.language,
                id=r.id,
                type=r.type,
                mode=r.mode,
                contexts=list(r.contexts or []),
                actor=_refs(ents, r.article_id, r.actor),
                recipient=_refs(ents, r.article_id, r.recipient),
                aux=r.aux,
                condition=r.condition,
                content=content,
                source=(
                    (ents.get((r.article_id, r.source)) or ActorRef(r.source)) if r.source else None
                ),
                date=r.event_date,
                location=r.location,
                trigger=[r.trigger_start, r.trigger_end],
                span=[r.span_start, r.span_end],
                evidence=(r.evidence or "") if r.span_end > r.span_start else "",
                confidence=float(r.confidence),
                stage=r.stage,
            )
        )
    return Page(items, total, limit, offset)


def _commitment_statement(dialect: str, f: Filters) -> Select[Any]:
    conds = _article_conditions(f)
    if f.actor:
        conds.append(
            _has_code(dialect, commitments_t.c.givers, commitments_t.c.article_id, f.actor)
        )
    if f.recipient:
        conds.append(
            _has_code(dialect, commitments_t.c.recipient, commitments_t.c.article_id, f.recipient)
        )
    if f.what:
        conds.append(commitments_t.c.what == f.what)
    if f.stage:
        conds.append(commitments_t.c.stage == f.stage)
    return (
        select(
            commitments_t,
            articles_t.c.title.label("article_title"),
            articles_t.c.date.label("article_date"),
            articles_t.c.language.label("language"),
        )
        .select_from(commitments_t.join(articles_t, articles_t.c.id == commitments_t.c.article_id))
        .where(*conds)
    )


def _commitment_item(r: Any, ents: dict[tuple[str, str], ActorRef]) -> CommitmentItem:
    return CommitmentItem(
        article_id=r.article_id,
        article_title=r.article_title,
        article_date=r.article_date,
        language=r.language,
        id=r.id,
        givers=_refs(ents, r.article_id, r.givers),
        recipient=_refs(ents, r.article_id, r.recipient),
        what=r.what,
        text=r.text,
        stage=r.stage,
        condition=r.condition,
        events=list(r.events or []),
        amount=r.amount,
        unit=r.unit,
    )


def commitments(store: Store, f: Filters, limit: int = 50, offset: int = 0) -> Page[CommitmentItem]:
    stmt = _commitment_statement(store.dialect, f)
    with store.engine.connect() as conn:
        total = _count(conn, stmt)
        rows = conn.execute(
            stmt.order_by(
                articles_t.c.date.desc().nulls_last(),
                commitments_t.c.article_id,
                commitments_t.c.ord,
            )
            .limit(limit)
            .offset(offset)
        ).all()
        ents = _entity_map(conn, (r.article_id for r in rows))
    return Page([_commitment_item(r, ents) for r in rows], total, limit, offset)


# -- the commitment ledger -------------------------------------------------------------

# Upper bound on the commitments one ledger page groups.
LEDGER_MAX_COMMITMENTS = 20_000


def ledger_threads(store: Store, f: Filters) -> list[LedgerThread]:
    """Article-level commitments grouped by (giver codes, recipient codes, what).

    Each thread lists its steps by date; ``stage`` is the latest step's stage and
    ``furthest`` the furthest stage on the path. The ledger page and ``/api/v1/ledger``
    show it (through :func:`ledger`) only while no cross-article ledger is built.
    """
    stmt = _commitment_statement(store.dialect, f)
    with store.engine.connect() as conn:
        rows = conn.execute(
            stmt.order_by(articles_t.c.date, commitments_t.c.article_id, commitments_t.c.ord).limit(
                LEDGER_MAX_COMMITMENTS
            )
        ).all()
        ents = _entity_map(conn, (r.article_id for r in rows))
        wanted: dict[tuple[str, str], None] = {}
        for r in rows:
            for event_id in (r.events or [])[:1]:
                wanted[(r.article_id, event_id)] = None
        evidence = _event_evidence(conn, list(wanted))
    groups: dict[tuple[tuple[str, ...], tuple[str, ...], str], list[LedgerStep]] = {}
    texts: dict[
        tuple[tuple[str, ...], tuple[str, ...], str], tuple[str, float | None, str | None]
    ] = {}
    for r in rows:
        item = _commitment_item(r, ents)
        givers = tuple(sorted({g.label for g in item.givers}))
        recipient = tuple(sorted({g.label for g in item.recipient}))
        key = (givers, recipient, item.what)
        event_id = item.events[0] if item.events else None
        groups.setdefault(key, []).append(
            LedgerStep(
                date=item.article_date,
                stage=item.stage,
                article=item.article_id,
                article_title=item.article_title,
                commitment=item.id,
                event=event_id,
                evidence=evidence.get((item.article_id, event_id or ""), "") or item.text,
                condition=item.condition,
                amount=item.amount,
                unit=item.unit,
            )
        )
        if item.amount is not None or key not in texts:
            texts[key] = (item.text, item.amount, item.unit)
        else:
            texts[key] = (item.text, texts[key][1], texts[key][2])
    threads: list[LedgerThread] = []
    for key, steps in groups.items():
        steps.sort(key=lambda s: (s.date or "", stage_rank(s.stage), s.article, s.commitment))
        latest = steps[-1]
        on_path = [s.stage for s in steps if s.stage in STAGES]
        furthest = max(on_path, key=stage_rank) if on_path else latest.stage
        flags: list[str] = []
        if any(
            stage_rank(b.stage) >= 0 and stage_rank(b.stage) < stage_rank(a.stage)
            for a, b in pairwise(steps)
        ):
            flags.append("regressed")
        text_value, amount, unit = texts[key]
        threads.append(
            LedgerThread(
                id="",
                givers=list(key[0]),
                recipient=list(key[1]),
                what=key[2],
                text=text_value,
                stage=latest.stage,
                furthest=furthest,
                amount=amount,
                condition=latest.condition,
                history=steps,
                flags=flags,
                unit=unit,
                first_date=min((s.date for s in steps if s.date), default=None),
                last_date=max((s.date for s in steps if s.date), default=None),
            )
        )
    threads.sort(key=lambda t: (t.history[-1].date or "", len(t.history)), reverse=True)
    for number, thread in enumerate(threads, 1):
        thread.id = f"t{number}"
    return threads


REBUILD_HINT = "run `wirecoder ledger rebuild`"


def ledger(store: Store, f: Filters) -> LedgerView:
    """The cross-article ledger as stored by the last ``wirecoder ledger rebuild``.

    Reads only: never rebuilds. Filters: ``actor`` (a giver code), ``recipient``,
    ``what``, ``stage`` (the thread's current stage); ``date_from`` keeps threads with
    a step on or after it, ``date_to`` shows each thread as it stood on that day;
    ``language``, ``source`` and ``article_id`` keep threads with a step from such an
    article. When no ledger was built yet, the article-level grouping
    (:func:`ledger_threads`) stands in, labelled ``source="articles"``.
    """
    from wirecoder.ledger.storage import LedgerStore

    ledger_store = LedgerStore(store)
    status = ledger_store.status()
    state = status.state
    if state == "unbuilt":
        return LedgerView(
            source="articles",
            state=state,
            built_at=None,
            note=(
                "The cross-article ledger has not been built yet: these are article-level "
                f"commitments grouped by givers, recipient and what; {REBUILD_HINT}."
            ),
            threads=ledger_threads(store, f),
        )
    note = None
    if state == "stale":
        if status.newer == 1:
            changed = "1 article was extracted"
        elif status.newer:
            changed = f"{status.newer} articles were extracted"
        else:
            changed = "the stored extractions have changed"
        note = (
            f"The ledger was built {(status.built_at or '')[:16].replace('T', ' ')} UTC and "
            f"{changed} since: threads may be missing or out of date; {REBUILD_HINT}."
        )
    found = ledger_store.threads(
        giver=f.actor,
        recipient=f.recipient,
        what=f.what,
        since=f.date_from,
        until=_day_end(f.date_to),
    )
    if f.stage:
        found = [t for t in found if t.stage == f.stage]
    article_ids = {e.article_id for t in found for e in t.entries}
    with store.engine.connect() as conn:
        titles = _article_titles(conn, article_ids)
        if f.language or f.source or f.article_id:
            narrowed = Filters(language=f.language, source=f.source, article_id=f.article_id)
            wanted = _matching_articles(conn, article_ids, narrowed)
            found = [t for t in found if any(e.article_id in wanted for e in t.entries)]
    threads = [_ledger_thread(t, titles) for t in found]
    threads.sort(key=lambda t: (t.last_date or "", _thread_number(t.id)), reverse=True)
    return LedgerView(
        source="ledger", state=state, built_at=status.built_at, note=note, threads=threads
    )


def _day_end(date_to: str | None) -> str | None:
    """``date_to`` as an upper bound that keeps entries dated later on that day."""
    return f"{date_to}T99" if date_to else None


def _thread_number(thread_id: str) -> tuple[int, str]:
    digits = thread_id.lstrip("t")
    return (int(digits), "") if digits.isdigit() else (-1, thread_id)


def _ledger_thread(thread: Thread, titles: dict[str, str | None]) -> LedgerThread:
    st = thread.state
    raised: dict[int, list[str]] = defaultdict(list)
    for flag, entry in zip(st.flags, st.flagged, strict=False):
        raised[id(entry)].append(flag)
    history = [
        LedgerStep(
            date=e.date,
            stage=e.stage,
            article=e.article_id,
            article_title=titles.get(e.article_id),
            commitment=e.commitment_id,
            event=e.event_id,
            evidence=e.evidence or e.text,
            condition=e.condition,
            amount=e.amount,
            unit=e.unit,
            historical=e.historical,
            flags=raised.get(id(e), []),
        )
        for e in thread.entries
    ]
    return LedgerThread(
        id=thread.id,
        givers=list(st.givers),
        recipient=list(st.recipient),
        what=st.what,
        text=st.text,
        stage=st.stage,
        furthest=st.furthest.stage if st.furthest is not None else st.stage,
        amount=st.amount,
        condition=st.condition,
        history=history,
        flags=list(st.flags),
        unit=st.unit,
        first_date=st.first_date,
        last_date=st.last_date,
    )


def _article_titles(conn: Connection, article_ids: Iterable[str]) -> dict[str, str | None]:
    ids = sorted(article_ids)
    out: dict[str, str | None] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in conn.execute(
            select(articles_t.c.id, articles_t.c.title).where(articles_t.c.id.in_(chunk))
        ):
            out[row.id] = row.title
    return out


def _matching_articles(conn: Connection, article_ids: Iterable[str], f: Filters) -> set[str]:
    ids = sorted(article_ids)
    out: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        out.update(
            conn.execute(
                select(articles_t.c.id).where(articles_t.c.id.in_(chunk), *_article_conditions(f))
            ).scalars()
        )
    return out


def _event_evidence(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    by_article: dict[str, list[str]] = defaultdict(list)
    for article_id, event_id in keys:
        by_article[article_id].append(event_id)
    aids = sorted(by_article)
    for start in range(0, len(aids), 500):
        chunk = aids[start : start + 500]
        for row in conn.execute(
            select(
                events_t.c.article_id,
                events_t.c.id,
                _evidence(events_t.c.span_start, events_t.c.span_end),
            )
            .select_from(events_t.join(articles_t, articles_t.c.id == events_t.c.article_id))
            .where(events_t.c.article_id.in_(chunk), events_t.c.span_end > events_t.c.span_start)
        ):
            if row[1] in by_article[row[0]]:
                out[(row[0], row[1])] = row[2] or ""
    return out


# -- aggregates: timeline, network, actors ----------------------------------------------


@dataclass(frozen=True)
class EventFact:
    article_id: str
    id: str
    type: str
    date: str | None
    actors: tuple[str, ...]  # codes
    recipients: tuple[str, ...]


def event_facts(store: Store, f: Filters) -> Iterator[EventFact]:
    """Every event matching the filters, reduced to its type, date and actor codes."""
    date_col = _event_date()
    conds = _event_conditions(store.dialect, f)
    join = events_t.join(articles_t, articles_t.c.id == events_t.c.article_id)
    stmt = (
        select(
            events_t.c.article_id,
            events_t.c.id,
            events_t.c.type,
            date_col.label("event_date"),
            events_t.c.actor,
            events_t.c.recipient,
        )
        .select_from(join)
        .where(*conds)
        .order_by(events_t.c.article_id, events_t.c.ord)
    )
    codes_stmt = select(entities_t.c.article_id, entities_t.c.id, entities_t.c.code).where(
        entities_t.c.code.is_not(None),
        entities_t.c.article_id.in_(select(events_t.c.article_id).select_from(join).where(*conds)),
    )
    with store.engine.connect() as conn:
        codes = {(r.article_id, r.id): r.code for r in conn.execute(codes_stmt)}
        rows = conn.execute(stmt).all()
    for r in rows:
        actors = tuple(
            dict.fromkeys(c for i in (r.actor or []) if (c := codes.get((r.article_id, i))))
        )
        recipients = tuple(
            dict.fromkeys(c for i in (r.recipient or []) if (c := codes.get((r.article_id, i))))
        )
        yield EventFact(r.article_id, r.id, r.type, r.event_date, actors, recipients)


def _bucketed(
    days: Iterable[dt.date], bucket: str | None, f: Filters
) -> tuple[str, list[tuple[dt.date, dt.date]]]:
    """The bucket size and every bucket from the first to the last day (no gaps)."""
    all_days = sorted(set(days))
    first = _parse_date(f.date_from) or (all_days[0] if all_days else None)
    last = _parse_date(f.date_to) or (all_days[-1] if all_days else None)
    if all_days and first is not None and last is not None:
        first = max(first, all_days[0]) if not f.date_from else first
        last = min(last, all_days[-1]) if not f.date_to else last
    size = bucket if bucket in BUCKETS else auto_bucket(first, last)
    if first is None or last is None or first > last:
        return size, []
    out: list[tuple[dt.date, dt.date]] = []
    current: dt.date | None = bucket_of(first, size)[0]
    while current is not None and current <= last and len(out) < MAX_BUCKETS:
        out.append(bucket_of(current, size))
        current = _next_bucket(current, size)
    return size, out


def timeline(store: Store, f: Filters, bucket: str | None = None) -> Timeline:
    """Events per day/week/month (``bucket`` None: chosen from the date range)."""
    dated: list[tuple[dt.date, str]] = []
    undated = 0
    for fact in event_facts(store, f):
        day = _parse_date(fact.date)
        if day is None:
            undated += 1
        else:
            dated.append((day, fact.type))
    size, ranges = _bucketed((d for d, _ in dated), bucket, f)
    counts: dict[dt.date, Counter[str]] = {start: Counter() for start, _ in ranges}
    for day, event_type in dated:
        start = bucket_of(day, size)[0]
        if start in counts:
            counts[start][event_type] += 1
    buckets = [
        TimelineBucket(
            start.isoformat(), end.isoformat(), _bucket_label(start, size), dict(counts[start])
        )
        for start, end in ranges
    ]
    return Timeline(size, buckets, undated)


def network(store: Store, f: Filters, min_count: int = 1, max_nodes: int = 40) -> Network:
    """Actor codes linked by events (actor -> recipient), one edge per event type."""
    edges: Counter[tuple[str, str, str]] = Counter()
    used = 0
    for fact in event_facts(store, f):
        pairs = [(a, r) for a in fact.actors for r in fact.recipients if a != r]
        if pairs:
            used += 1
        for a, r in pairs:
            edges[(a, r, fact.type)] += 1
    kept = {k: n for k, n in edges.items() if n >= max(1, min_count)}
    weight: Counter[str] = Counter()
    out_deg: Counter[str] = Counter()
    in_deg: Counter[str] = Counter()
    for (a, r, _), n in kept.items():
        weight[a] += n
        weight[r] += n
        out_deg[a] += n
        in_deg[r] += n
    ranked = sorted(weight, key=lambda c: (-weight[c], c))
    nodes = set(ranked[:max_nodes])
    return Network(
        nodes=[NetworkNode(c, weight[c], out_deg[c], in_deg[c]) for c in ranked[:max_nodes]],
        edges=[
            NetworkEdge(a, r, t, n)
            for (a, r, t), n in sorted(kept.items(), key=lambda kv: (-kv[1], kv[0]))
            if a in nodes and r in nodes
        ],
        events=used,
        dropped_nodes=max(0, len(ranked) - max_nodes),
    )


def actor_codes(store: Store, f: Filters, limit: int = 200) -> list[tuple[str, int, int]]:
    """(code, events as actor, events as recipient) for every coded actor, busiest first."""
    as_actor: Counter[str] = Counter()
    as_recipient: Counter[str] = Counter()
    for fact in event_facts(store, f):
        as_actor.update(fact.actors)
        as_recipient.update(fact.recipients)
    codes = set(as_actor) | set(as_recipient)
    ranked = sorted(codes, key=lambda c: (-(as_actor[c] + as_recipient[c]), c))
    return [(c, as_actor[c], as_recipient[c]) for c in ranked[:limit]]


def names_for_codes(store: Store, codes: Sequence[str], per_code: int = 3) -> dict[str, list[str]]:
    """The most frequent entity names for each actor code."""
    out: dict[str, list[str]] = {}
    wanted = sorted(set(codes))
    with store.engine.connect() as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = conn.execute(
                select(entities_t.c.code, entities_t.c.name, func.count().label("n"))
                .where(entities_t.c.code.in_(chunk))
                .group_by(entities_t.c.code, entities_t.c.name)
                .order_by(entities_t.c.code, func.count().desc(), entities_t.c.name)
            ).all()
            for row in rows:
                names = out.setdefault(row.code, [])
                if len(names) < per_code:
                    names.append(row.name)
    return out


def actor_summary(
    store: Store, code: str, f: Filters, bucket: str | None = None, partners: int = 15
) -> ActorSummary:
    """An actor code's events as actor and as recipient over time, and its partners."""
    scoped = replace(f, involving=code)
    facts = list(event_facts(store, scoped))
    as_actor = [x for x in facts if code in x.actors]
    as_recipient = [x for x in facts if code in x.recipients]
    size, ranges = _bucketed(
        (d for x in facts if (d := _parse_date(x.date)) is not None), bucket, scoped
    )
    series: dict[dt.date, list[int]] = {start: [0, 0] for start, _ in ranges}
    for x in facts:
        day = _parse_date(x.date)
        if day is None:
            continue
        start = bucket_of(day, size)[0]
        if start not in series:
            continue
        if code in x.actors:
            series[start][0] += 1
        if code in x.recipients:
            series[start][1] += 1
    table: dict[str, Partner] = {}
    for x in facts:
        counted: set[str] = set()
        if code in x.actors:
            for other in x.recipients:
                if other != code:
                    p = table.setdefault(other, Partner(other, 0, 0, 0, 0))
                    p.as_actor += 1
                    counted.add(other)
        if code in x.recipients:
            for other in x.actors:
                if other != code:
                    p = table.setdefault(other, Partner(other, 0, 0, 0, 0))
                    p.as_recipient += 1
                    counted.add(other)
        for other in counted:
            if x.type in COOPERATIVE:
                table[other].cooperative += 1
            elif x.type in CONFLICTUAL:
                table[other].conflictual += 1
    with store.engine.connect() as conn:
        names = [
            (row[0], int(row[1]))
            for row in conn.execute(
                select(entities_t.c.name, func.count())
                .where(entities_t.c.code == code)
                .group_by(entities_t.c.name)
                .order_by(func.count().desc(), entities_t.c.name)
                .limit(8)
            )
        ]
    return ActorSummary(
        code=code,
        names=names,
        as_actor=len(as_actor),
        as_recipient=len(as_recipient),
        timeline=[
            (_bucket_label(start, size), series[start][0], series[start][1]) for start, _ in ranges
        ],
        bucket=size,
        partners=sorted(table.values(), key=lambda p: (-p.total, p.code))[:partners],
        types_as_actor=Counter(x.type for x in as_actor).most_common(),
        types_as_recipient=Counter(x.type for x in as_recipient).most_common(),
    )


__all__ = [
    "BUCKETS",
    "COMMITMENT_KINDS",
    "CONFLICTUAL",
    "COOPERATIVE",
    "ENTITY_KINDS",
    "EVENT_TYPES",
    "OFF_PATH_STAGES",
    "QUOTE_KINDS",
    "STAGES",
    "ActorRef",
    "ActorSummary",
    "ArticleItem",
    "CommitmentItem",
    "EntityItem",
    "EventItem",
    "Facets",
    "Filters",
    "LedgerStep",
    "LedgerThread",
    "LedgerView",
    "Network",
    "Page",
    "QuoteItem",
    "Timeline",
    "actor_codes",
    "actor_summary",
    "commitments",
    "entities",
    "event_class",
    "event_facts",
    "events",
    "facets",
    "ledger",
    "ledger_threads",
    "names_for_codes",
    "network",
    "overview",
    "quotes",
    "search_articles",
    "timeline",
]
