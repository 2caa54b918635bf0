"""The JSON API, mounted at ``/api/v1`` (OpenAPI document: ``/api/v1/openapi.json``).

Read-only: every endpoint is a GET over the store, except ``POST /extract``, which runs
the extractor on the posted text and stores nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from wirecoder.store import AmbiguousIdError, views
from wirecoder.store.views import Filters

from .app import ExtractorUnavailable, Web, get_web
from .params import (
    Bucket,
    Limit,
    Offset,
    article_filters,
    commitment_filters,
    entity_filters,
    event_filters,
    quote_filters,
)

router = APIRouter(tags=["api"])
WebDep = Annotated[Web, Depends(get_web)]
T = TypeVar("T")

# Longest text POST /extract accepts (characters); the body is also capped in bytes.
MAX_EXTRACT_CHARS = 200_000


# -- models ----------------------------------------------------------------------------


class Open(BaseModel):
    """Records may gain fields (SPEC: code may add fields); they pass through."""

    model_config = ConfigDict(extra="allow")


class ArticleOut(Open):
    id: str
    date: str | None = None
    sources: list[str] = []
    language: str | None = None
    title: str | None = None
    text: str
    url: str | None = None


class EntityOut(Open):
    id: str
    name: str
    kind: str
    code: str | None = None
    sector: str | None = None
    role: str | None = None
    mentions: list[list[int]] = []


class QuoteOut(Open):
    id: str
    speaker: str | None = None
    kind: str
    text: str
    span: list[int]
    cue: str | None = None


class ContentOut(Open):
    type: str | None = None
    mode: str | None = None
    text: str | None = None


class EventOut(Open):
    id: str
    type: str
    mode: str | None = None
    contexts: list[str] = []
    actor: list[str] = []
    recipient: list[str] = []
    aux: str | None = None
    condition: str | None = None
    content: ContentOut | None = None
    source: str | None = None
    date: str | None = None
    location: str | None = None
    trigger: list[int]
    span: list[int]
    confidence: float = 0.5


class CommitmentOut(Open):
    id: str
    givers: list[str] = []
    recipient: list[str] = []
    what: str
    text: str = ""
    condition: str | None = None
    stage: str
    events: list[str] = []
    amount: float | None = None
    unit: str | None = None


class DocumentOut(Open):
    """A SPEC §2 document."""

    article: ArticleOut
    entities: list[EntityOut] = []
    quotes: list[QuoteOut] = []
    events: list[EventOut] = []
    commitments: list[CommitmentOut] = []
    extractor_version: str = ""


class ListOut(BaseModel, Generic[T]):
    total: int = Field(description="Items matching the filters")
    limit: int
    offset: int
    items: list[T]


class ArticleSummaryOut(BaseModel):
    id: str
    title: str | None
    date: str | None
    language: str | None
    url: str | None
    sources: list[str]
    snippet: str | None = Field(None, description="Matched words between ** (search only)")
    events: int
    quotes: int
    commitments: int


class SourceOut(BaseModel):
    source: str | None
    origin: str | None
    added_at: str | None


class LinkOut(BaseModel):
    other_id: str
    kind: str
    score: float | None


class ArticleDetailOut(BaseModel):
    article: ArticleOut
    document: DocumentOut | None = Field(description="null when not extracted yet")
    sources: list[SourceOut]
    links: list[LinkOut]


class ActorRefOut(BaseModel):
    id: str
    name: str | None
    code: str | None
    kind: str | None


class EntityItemOut(BaseModel):
    article_id: str
    article_date: str | None
    language: str | None
    id: str
    name: str
    kind: str
    code: str | None
    sector: str | None
    role: str | None
    mentions: list[list[int]]


class QuoteItemOut(BaseModel):
    article_id: str
    article_title: str | None
    article_date: str | None
    language: str | None
    id: str
    speaker: ActorRefOut | None
    kind: str
    text: str
    span: list[int]
    cue: str | None


class EventItemOut(BaseModel):
    article_id: str
    article_title: str | None
    article_date: str | None
    language: str | None
    id: str
    type: str
    mode: str | None
    contexts: list[str]
    actor: list[ActorRefOut]
    recipient: list[ActorRefOut]
    aux: str | None
    condition: str | None
    content: ContentOut | None
    source: ActorRefOut | None
    date: str | None = Field(description="The event's date, else its article's")
    location: str | None
    trigger: list[int]
    span: list[int]
    evidence: str = Field(description="The text of the evidence span")
    confidence: float
    stage: str | None


class CommitmentItemOut(BaseModel):
    article_id: str
    article_title: str | None
    article_date: str | None
    language: str | None
    id: str
    givers: list[ActorRefOut]
    recipient: list[ActorRefOut]
    what: str
    text: str
    stage: str
    condition: str | None
    events: list[str]
    amount: float | None
    unit: str | None


class LedgerStepOut(BaseModel):
    date: str | None
    stage: str
    article: str
    event: str | None
    evidence: str = Field(description="The sentence that reports this step")
    article_title: str | None
    commitment: str | None = Field(description="The article-level commitment's id")
    condition: str | None
    amount: float | None
    unit: str | None
    historical: bool = Field(description="Reported only as something that happened before")
    flags: list[str] = Field(description="The thread's flags this step raised")


class LedgerThreadOut(BaseModel):
    id: str
    givers: list[str]
    recipient: list[str]
    what: str
    text: str
    stage: str
    amount: float | None
    condition: str | None
    history: list[LedgerStepOut]
    flags: list[str] = Field(description="Contradictions and other oddities in the history")
    furthest: str = Field(description="The furthest stage on the path reached")
    unit: str | None
    first_date: str | None
    last_date: str | None


class LedgerOut(BaseModel):
    source: Literal["ledger", "articles"] = Field(
        description="ledger: cross-article threads from the last `wirecoder ledger rebuild`; "
        "articles: no ledger built yet, article-level commitments grouped instead"
    )
    state: Literal["current", "stale", "unbuilt", "empty"] = Field(
        description="The stored ledger against the stored extractions; stale: articles were "
        "extracted since the last rebuild"
    )
    built_at: str | None
    note: str | None = Field(description="What to do when the ledger is not current")
    threads: list[LedgerThreadOut]


class ActorCountOut(BaseModel):
    code: str
    as_actor: int
    as_recipient: int


class PartnerOut(BaseModel):
    code: str
    as_actor: int
    as_recipient: int
    cooperative: int
    conflictual: int


class ActorPointOut(BaseModel):
    bucket: str
    as_actor: int
    as_recipient: int


class TypeCountOut(BaseModel):
    type: str
    count: int


class ActorSummaryOut(BaseModel):
    code: str
    names: list[str]
    as_actor: int
    as_recipient: int
    bucket: str
    timeline: list[ActorPointOut]
    partners: list[PartnerOut]
    types_as_actor: list[TypeCountOut]
    types_as_recipient: list[TypeCountOut]


class NodeOut(BaseModel):
    code: str
    events: int
    out_degree: int
    in_degree: int


class EdgeOut(BaseModel):
    source: str
    target: str
    type: str
    count: int
    tone: Literal["cooperative", "conflictual", "other"]


class NetworkOut(BaseModel):
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    events: int = Field(description="Events with a coded actor and a coded recipient")
    dropped_nodes: int


class BucketOut(BaseModel):
    start: str
    end: str
    label: str
    total: int
    cooperative: int
    conflictual: int
    counts: dict[str, int]


class TimelineOut(BaseModel):
    bucket: str
    buckets: list[BucketOut]
    undated: int


class StatsOut(BaseModel):
    articles: int
    extracted: int
    entities: int
    quotes: int
    events: int
    commitments: int
    event_types: dict[str, int]
    date_min: str | None
    date_max: str | None


class ExtractIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Text must have a visible character and no C0 control characters other than tab and
    # newlines, so that every schema-valid body is a usable article.
    text: str = Field(
        min_length=1,
        max_length=MAX_EXTRACT_CHARS,
        pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*\S[^\x00-\x08\x0b\x0c\x0e-\x1f]*$",
        description="Article body",
    )
    language: Literal["de", "en"] | None = Field(None, description="Detected when omitted")
    date: dt.date | None = Field(None, description="Publication date (YYYY-MM-DD)")
    title: str | None = Field(None, max_length=1000)


class ErrorOut(BaseModel):
    detail: str


class KbHitOut(BaseModel):
    kind: str
    name: str
    code: str | None
    key: str
    sector: str | None
    role: str | None = Field(None, description="Office title held on the date (persons)")
    via: str
    start: str | None
    end: str | None
    in_office: bool | None


class KbLookupOut(BaseModel):
    query: str
    language: str
    date: str | None
    hits: list[KbHitOut]
    holders: list[KbHitOut] = Field(description="Everyone in office for a looked-up code")


class KbGroupOut(BaseModel):
    share: float | None = Field(description="Share of days with a holder; null: no such office")
    gaps: list[list[str]] = Field(description="[first day, last day] of each gap")


class KbStateCoverageOut(BaseModel):
    code: str
    name: str
    complete: bool
    groups: dict[str, KbGroupOut]


class KbCoverageOut(BaseModel):
    since: str
    until: str
    threshold: float
    complete: int
    states: list[KbStateCoverageOut]


# -- helpers ---------------------------------------------------------------------------


def _page(page: views.Page[Any]) -> dict[str, Any]:
    return {
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "items": [dataclasses.asdict(item) for item in page.items],
    }


def _no_surrogates(value: str) -> str:
    """Lone surrogates (valid in JSON escapes, not in UTF-8) become U+FFFD; offsets keep."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in value)


# -- endpoints -------------------------------------------------------------------------


@router.get("/stats", response_model=StatsOut, summary="Counts over the whole database")
def stats(web: WebDep) -> dict[str, Any]:
    overview = views.overview(web.store)
    overview["event_types"] = dict(overview["event_types"])
    return overview


@router.get(
    "/articles",
    response_model=ListOut[ArticleSummaryOut],
    summary="Articles: full-text search (q) or newest first, with filters",
)
def list_articles(
    web: WebDep,
    f: Annotated[Filters, Depends(article_filters)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(views.search_articles(web.store, f, limit=limit, offset=offset))


@router.get(
    "/articles/{article_id:path}",
    response_model=ArticleDetailOut,
    responses={404: {"model": ErrorOut}},
    summary="One article with its extracted document (id or unique id prefix)",
)
def get_article(
    web: WebDep, article_id: Annotated[str, Path(min_length=1, max_length=300)]
) -> dict[str, Any]:
    store = web.store
    try:
        doc = store.get_document(article_id)
        article = doc.article if doc is not None else store.get_article(article_id)
    except AmbiguousIdError as exc:
        raise HTTPException(404, str(exc)) from exc
    if article is None:
        raise HTTPException(404, "no such article")
    return {
        "article": article.to_dict(),
        "document": doc.to_dict() if doc is not None else None,
        "sources": [
            {
                "source": s.source,
                "origin": s.origin,
                "added_at": s.added_at.isoformat() if s.added_at else None,
            }
            for s in store.sources(article.id)
        ],
        "links": [
            {"other_id": link.other_id, "kind": link.kind, "score": link.score}
            for link in store.links(article.id)
        ],
    }


@router.get("/entities", response_model=ListOut[EntityItemOut], summary="Entities")
def list_entities(
    web: WebDep,
    f: Annotated[Filters, Depends(entity_filters)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(views.entities(web.store, f, limit=limit, offset=offset))


@router.get("/quotes", response_model=ListOut[QuoteItemOut], summary="Quotes (speaker: actor code)")
def list_quotes(
    web: WebDep,
    f: Annotated[Filters, Depends(quote_filters)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(views.quotes(web.store, f, limit=limit, offset=offset))


@router.get(
    "/events",
    response_model=ListOut[EventItemOut],
    summary="Events, newest first (the events page's rows)",
)
def list_events(
    web: WebDep,
    f: Annotated[Filters, Depends(event_filters)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(views.events(web.store, f, limit=limit, offset=offset))


@router.get(
    "/commitments",
    response_model=ListOut[CommitmentItemOut],
    summary="Article-level commitments (giver, recipient: actor codes)",
)
def list_commitments(
    web: WebDep,
    f: Annotated[Filters, Depends(commitment_filters)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(views.commitments(web.store, f, limit=limit, offset=offset))


@router.get(
    "/ledger",
    response_model=LedgerOut,
    summary="Commitment threads across articles with their stage history (SPEC §2 ledger)",
)
def ledger(web: WebDep, f: Annotated[Filters, Depends(commitment_filters)]) -> dict[str, Any]:
    """Threads as stored by the last `wirecoder ledger rebuild` (read-only: nothing is
    rebuilt here). ``giver``/``recipient``/``what`` filter threads, ``stage`` their
    current stage, ``date_from`` keeps threads with a step on or after it, ``date_to``
    shows threads as they stood on that day."""
    return dataclasses.asdict(views.ledger(web.store, f))


@router.get(
    "/actors", response_model=list[ActorCountOut], summary="Actor codes by number of events"
)
def list_actors(
    web: WebDep,
    f: Annotated[Filters, Depends(event_filters)],
    limit: Limit = 50,
) -> list[dict[str, Any]]:
    return [
        {"code": c, "as_actor": a, "as_recipient": r}
        for c, a, r in views.actor_codes(web.store, f, limit=limit)
    ]


@router.get(
    "/actors/{code}",
    response_model=ActorSummaryOut,
    summary="An actor's events over time, partners and event types",
)
def get_actor(
    web: WebDep,
    code: Annotated[str, Path(max_length=32, pattern=r"^[A-Za-z0-9_.*-]+$")],
    f: Annotated[Filters, Depends(event_filters)],
    bucket: Bucket = None,
) -> dict[str, Any]:
    s = views.actor_summary(web.store, code.upper(), f, bucket or None)
    return {
        "code": s.code,
        "names": [name for name, _ in s.names],
        "as_actor": s.as_actor,
        "as_recipient": s.as_recipient,
        "bucket": s.bucket,
        "timeline": [
            {"bucket": label, "as_actor": a, "as_recipient": r} for label, a, r in s.timeline
        ],
        "partners": [dataclasses.asdict(p) for p in s.partners],
        "types_as_actor": [{"type": t, "count": n} for t, n in s.types_as_actor],
        "types_as_recipient": [{"type": t, "count": n} for t, n in s.types_as_recipient],
    }


_TONES = {"coop": "cooperative", "conf": "conflictual", "other": "other"}


@router.get(
    "/network",
    response_model=NetworkOut,
    summary="Actor network: edges actor -> recipient per event type",
)
def get_network(
    web: WebDep,
    f: Annotated[Filters, Depends(event_filters)],
    min_count: Annotated[int, Query(ge=1, le=10_000)] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=200)] = 40,
) -> dict[str, Any]:
    net = views.network(web.store, f, min_count=min_count, max_nodes=max_nodes)
    return {
        "nodes": [dataclasses.asdict(n) for n in net.nodes],
        "edges": [{**dataclasses.asdict(e), "tone": _TONES[e.css_class]} for e in net.edges],
        "events": net.events,
        "dropped_nodes": net.dropped_nodes,
    }


@router.get("/timeline", response_model=TimelineOut, summary="Events per day, week or month")
def get_timeline(
    web: WebDep, f: Annotated[Filters, Depends(event_filters)], bucket: Bucket = None
) -> dict[str, Any]:
    tl = views.timeline(web.store, f, bucket or None)
    return {
        "bucket": tl.bucket,
        "undated": tl.undated,
        "buckets": [
            {
                "start": b.start,
                "end": b.end,
                "label": b.label,
                "total": b.total,
                "cooperative": b.cooperative,
                "conflictual": b.conflictual,
                "counts": b.counts,
            }
            for b in tl.buckets
        ],
    }


@router.post(
    "/extract",
    response_model=DocumentOut,
    responses={
        413: {"model": ErrorOut, "description": "Request body over the size limit"},
        503: {"model": ErrorOut, "description": "The extractor is not available"},
    },
    summary="Extract a SPEC §2 document from posted text (nothing is stored)",
)
def extract(web: WebDep, payload: Annotated[ExtractIn, Body()]) -> dict[str, Any]:
    from wirecoder.ingest import IngestFailure, IngestOptions, make_article

    text = _no_surrogates(payload.text)
    if not text.strip():
        raise HTTPException(422, "text is blank")
    try:
        article = make_article(
            text,
            origin="<api>",
            options=IngestOptions(),
            date=payload.date.isoformat() if payload.date else None,
            language=payload.language,
            title=_no_surrogates(payload.title) if payload.title else None,
        )
    except IngestFailure as exc:
        raise HTTPException(422, str(exc)) from exc
    try:
        doc = web.extract(article)
    except ExtractorUnavailable as exc:
        raise HTTPException(503, f"extractor unavailable: {exc}") from exc
    return doc.to_dict()


# -- knowledge base --------------------------------------------------------------------


KbLanguage = Annotated[Literal["de", "en"], Query(description="Knowledge base language")]


@router.get(
    "/kb/lookup",
    response_model=KbLookupOut,
    summary="Who or what a name, surface form or actor code denotes on a date",
)
def kb_lookup(
    q: Annotated[str, Query(min_length=1, max_length=200, description="Merz, Kreml, UKR")],
    date: Annotated[dt.date | None, Query(description="Resolve office holders at")] = None,
    lang: KbLanguage = "de",
) -> dict[str, Any]:
    from wirecoder.actors.query import lookup
    from wirecoder.extract.knowledge import KnowledgeBase

    found = lookup(_no_surrogates(q), KnowledgeBase.load(lang), date.isoformat() if date else None)
    return found.to_dict()


@router.get(
    "/kb/coverage",
    response_model=KbCoverageOut,
    summary="How completely heads of state and government, foreign and defence ministers "
    "are listed per state",
)
def kb_coverage(
    since: Annotated[dt.date, Query(description="First day")] = dt.date(2000, 1, 1),
    until: Annotated[dt.date | None, Query(description="Last day (default: today)")] = None,
    threshold: Annotated[float, Query(ge=0, le=1)] = 0.95,
    code: Annotated[list[str] | None, Query(description="State codes (repeatable)")] = None,
    lang: KbLanguage = "en",
) -> dict[str, Any]:
    from wirecoder.actors.coverage import coverage_to_dict, office_coverage
    from wirecoder.extract.knowledge import KnowledgeBase

    last = until or dt.date.today()
    codes = {c.upper() for c in code} if code else None
    report = (
        office_coverage(KnowledgeBase.load(lang), since=since, until=last, codes=codes)
        if since <= last
        else []  # an empty period: nothing to cover
    )
    return coverage_to_dict(report, since, last, threshold)
