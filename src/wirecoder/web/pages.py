"""The HTML pages (server-rendered, no inline scripts or styles)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from wirecoder.records import Document
from wirecoder.store import AmbiguousIdError, views
from wirecoder.store.views import ActorRef, EventItem, Filters, event_class

from . import charts
from .app import Web, actor_url, article_url, content_text, get_web, url
from .highlight import highlight
from .params import (
    Bucket,
    DateFrom,
    PageNumber,
    PerPage,
    article_filters,
    clean,
    commitment_filters,
    event_filters,
)

router = APIRouter(include_in_schema=False)
WebDep = Annotated[Web, Depends(get_web)]

EVENT_COLUMNS: tuple[str, ...] = (
    "Date",
    "Type",
    "Actor",
    "Recipient",
    "Aux",
    "Condition",
    "Source",
    "Content",
    "Evidence",
    "Article",
)


# -- helpers ---------------------------------------------------------------------------


@dataclass
class Pager:
    page: int
    per_page: int
    total: int
    params: dict[str, str]
    path: str

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.per_page)

    def link(self, page: int) -> str:
        return url(self.path, self.params, page=page if page > 1 else None)

    @property
    def prev_url(self) -> str | None:
        return self.link(self.page - 1) if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.link(self.page + 1) if self.page < self.pages else None


def _params(request: Request) -> dict[str, str]:
    """The request's query parameters (last value wins), blank ones dropped."""
    return {k: v for k, v in request.query_params.items() if v.strip()}


def _pager(request: Request, page: int, per_page: int, total: int) -> Pager:
    params = _params(request)
    params.pop("page", None)
    return Pager(page, per_page, total, params, request.url.path)


def refs_text(refs: Sequence[ActorRef]) -> str:
    return ", ".join(r.label for r in refs)


def event_cells(item: EventItem) -> list[str]:
    """One events-table row as text: the CSV download writes exactly these cells."""
    return [
        item.date or "",
        item.type,
        refs_text(item.actor),
        refs_text(item.recipient),
        item.aux or "",
        item.condition or "",
        item.source.label if item.source else "",
        content_text(item.content),
        item.evidence,
        item.article_id,
    ]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """Spreadsheet formula injection guard: text starting like a formula gets a ``'``."""
    if value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def _filter_context(web: Web, f: Filters) -> dict[str, Any]:
    return {"facets": web.facets(), "f": f}


# -- pages -----------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, web: WebDep) -> HTMLResponse:
    overview = views.overview(web.store)
    latest = views.search_articles(web.store, Filters(), limit=8)
    types = charts.bar_list(
        [
            (t, n, f"ev-{event_class(t)}", url("/events", type=t))
            for t, n in overview["event_types"]
        ],
        width=460,
        label_width=110,
    )
    actors = views.actor_codes(web.store, Filters(), limit=10)
    actor_chart = charts.bar_list(
        [(code, a + r, "bar-neutral", actor_url(code)) for code, a, r in actors],
        width=460,
        label_width=110,
    )
    return web.render(
        request,
        "home.html",
        {
            "nav": "home",
            "overview": overview,
            "latest": latest,
            "types_chart": types,
            "actor_chart": actor_chart,
            "facets": web.facets(),
        },
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    web: WebDep,
    f: Annotated[Filters, Depends(article_filters)],
    page: PageNumber = 1,
    per_page: PerPage = 20,
) -> HTMLResponse:
    result = views.search_articles(web.store, f, limit=per_page, offset=(page - 1) * per_page)
    return web.render(
        request,
        "search.html",
        {
            "nav": "search",
            "result": result,
            "pager": _pager(request, page, per_page, result.total),
            **_filter_context(web, f),
        },
    )


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, web: WebDep, article_id: str) -> HTMLResponse:
    store = web.store
    try:
        doc = store.get_document(article_id)
        if doc is None:
            stored = store.get_article(article_id)
            if stored is None:
                raise HTTPException(404, f"No article with id {article_id!r}.")
            doc = Document(article=stored)
            extracted = False
        else:
            extracted = True
    except AmbiguousIdError as exc:
        raise HTTPException(404, str(exc)) from exc
    marked = highlight(doc)
    names = {e.id: e for e in doc.entities}
    mention_counts = {e.id: len(e.mentions) for e in doc.entities}

    def ref(entity_id: str | None) -> ActorRef | None:
        if not entity_id:
            return None
        ent = names.get(entity_id)
        return ActorRef(entity_id, ent.name, ent.code, ent.kind) if ent else ActorRef(entity_id)

    def refs(ids: Sequence[str]) -> list[ActorRef]:
        return [r for i in ids if (r := ref(i)) is not None]

    text = doc.article.text
    evidence = {ev.id: text[max(0, ev.span[0]) : max(0, ev.span[1])] for ev in doc.events}
    return web.render(
        request,
        "article.html",
        {
            "nav": "search",
            "doc": doc,
            "article": doc.article,
            "extracted": extracted,
            "blocks": marked.blocks,
            "speakers": marked.speakers,
            "ref": ref,
            "refs": refs,
            "mention_counts": mention_counts,
            "evidence": evidence,
            "sources": store.sources(doc.article.id),
            "links": store.links(doc.article.id),
        },
    )


def _events_page(web: WebDep, f: Filters, page: int, per_page: int) -> views.Page[EventItem]:
    return views.events(web.store, f, limit=per_page, offset=(page - 1) * per_page)


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    web: WebDep,
    f: Annotated[Filters, Depends(event_filters)],
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> HTMLResponse:
    result = _events_page(web, f, page, per_page)
    params = _params(request)
    return web.render(
        request,
        "events.html",
        {
            "nav": "events",
            "result": result,
            "columns": EVENT_COLUMNS,
            "rows": [(item, event_cells(item)) for item in result.items],
            "pager": _pager(request, page, per_page, result.total),
            "csv_url": url("/events.csv", params),
            "params": params,
            **_filter_context(web, f),
        },
    )


@router.get("/events.csv")
def events_csv(
    request: Request,
    web: WebDep,
    f: Annotated[Filters, Depends(event_filters)],
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Response:
    """Exactly the rows and columns of the events page with the same parameters."""
    result = _events_page(web, f, page, per_page)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EVENT_COLUMNS)
    for item in result.items:
        writer.writerow([csv_cell(cell) for cell in event_cells(item)])
    name = "events" + (f"-p{page}" if page > 1 else "") + ".csv"
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    web: WebDep,
    f: Annotated[Filters, Depends(event_filters)],
    bucket: Bucket = None,
) -> HTMLResponse:
    timeline = views.timeline(web.store, f, bucket or None)
    params = _params(request)
    params.pop("bucket", None)
    event_params = {k: v for k, v in params.items() if k not in ("date_from", "date_to")}
    other = [b.total - b.cooperative - b.conflictual for b in timeline.buckets]
    series: list[tuple[str, str, Sequence[int]]] = [
        ("cooperative", "ev-coop", [b.cooperative for b in timeline.buckets]),
        ("conflictual", "ev-conf", [b.conflictual for b in timeline.buckets]),
    ]
    if any(other):
        series.append(("other", "ev-other", other))
    chart = charts.column_chart(
        [b.label for b in timeline.buckets],
        series,
        stacked=True,
        hrefs=[
            url("/events", event_params, date_from=b.start, date_to=b.end) for b in timeline.buckets
        ],
        width=1100,
        height=320,
    )
    return web.render(
        request,
        "timeline.html",
        {
            "nav": "timeline",
            "timeline": timeline,
            "chart": chart,
            "bucket": bucket or "",
            "event_params": event_params,
            **_filter_context(web, f),
        },
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    web: WebDep,
    f: Annotated[Filters, Depends(event_filters)],
    min_count: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    net = views.network(web.store, f, min_count=min_count)
    drawing = charts.network_drawing(net)
    params = _params(request)
    params.pop("min_count", None)
    return web.render(
        request,
        "network.html",
        {
            "nav": "network",
            "net": net,
            "drawing": drawing,
            "min_count": min_count,
            "params": params,
            **_filter_context(web, f),
        },
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request,
    web: WebDep,
    f: Annotated[Filters, Depends(event_filters)],
) -> HTMLResponse:
    rows = views.actor_codes(web.store, f, limit=500)
    peak = max((a + r for _, a, r in rows), default=1) or 1
    names = views.names_for_codes(web.store, [code for code, _, _ in rows])
    return web.render(
        request,
        "actors.html",
        {"nav": "actors", "rows": rows, "peak": peak, "names": names, **_filter_context(web, f)},
    )


@router.get("/actors/{code}", response_class=HTMLResponse)
def actor_page(
    request: Request,
    web: WebDep,
    code: Annotated[str, Path(max_length=32, pattern=r"^[A-Za-z0-9_.*-]+$")],
    f: Annotated[Filters, Depends(event_filters)],
    bucket: Bucket = None,
) -> HTMLResponse:
    code = code.upper()
    summary = views.actor_summary(web.store, code, f, bucket or None)
    chart = charts.column_chart(
        [label for label, _, _ in summary.timeline],
        [
            ("as actor", "series-a", [a for _, a, _ in summary.timeline]),
            ("as recipient", "series-b", [r for _, _, r in summary.timeline]),
        ],
        stacked=False,
        width=1100,
        height=260,
    )
    partner_rows = summary.partners
    peak = max((p.total for p in partner_rows), default=1) or 1
    recent = views.events(web.store, replace(f, involving=code), limit=10)
    quotes = views.quotes(
        web.store,
        Filters(actor=code, language=f.language, date_from=f.date_from, date_to=f.date_to),
        limit=6,
    )
    return web.render(
        request,
        "actor.html",
        {
            "nav": "actors",
            "code": code,
            "summary": summary,
            "chart": chart,
            "partners": partner_rows,
            "peak": peak,
            "recent": recent,
            "quotes": quotes,
            "types_actor": charts.bar_list(
                [
                    (t, n, f"ev-{event_class(t)}", url("/events", actor=code, type=t))
                    for t, n in summary.types_as_actor
                ],
                width=420,
            ),
            "types_recipient": charts.bar_list(
                [
                    (t, n, f"ev-{event_class(t)}", url("/events", recipient=code, type=t))
                    for t, n in summary.types_as_recipient
                ],
                width=420,
            ),
            **_filter_context(web, f),
        },
    )


@router.get("/kb", response_class=HTMLResponse)
def kb_page(
    request: Request,
    web: WebDep,
    q: Annotated[str, Query(max_length=200)] = "",
    date: DateFrom = None,
    lang: Annotated[Literal["de", "en"], Query()] = "de",
) -> HTMLResponse:
    """Who is who: the knowledge base's answer for a name or code on a date, and how
    completely each state's top offices are listed."""
    from wirecoder.actors.coverage import office_coverage
    from wirecoder.actors.query import lookup
    from wirecoder.extract.knowledge import KnowledgeBase

    kb = KnowledgeBase.load(lang)
    day = clean(date)
    query = clean(q) or ""
    try:
        found = lookup(query, kb, day) if query else None
    except ValueError as exc:  # a well-formed but impossible date (2026-02-30)
        raise HTTPException(400, str(exc)) from exc
    coverage = office_coverage(KnowledgeBase.load("en"))
    return web.render(
        request,
        "kb.html",
        {
            "nav": "kb",
            "q": query,
            "date": day or "",
            "lang": lang,
            "found": found,
            "coverage": coverage,
            "complete": sum(sc.complete(0.95) for sc in coverage),
        },
    )


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(
    request: Request,
    web: WebDep,
    f: Annotated[Filters, Depends(commitment_filters)],
) -> HTMLResponse:
    view = views.ledger(web.store, f)
    return web.render(
        request,
        "ledger.html",
        {
            "nav": "ledger",
            "view": view,
            "threads": view.threads,
            "stage_rank": views.stage_rank,
            **_filter_context(web, f),
        },
    )


def page_links() -> Mapping[str, str]:
    """The pages, for the screenshot script and the tests."""
    return {
        "home": "/",
        "search": "/search?q=Ukraine",
        "article": article_url("2026-03-18-berlin-talks"),
        "events": "/events",
        "timeline": "/timeline",
        "network": "/network",
        "actors": "/actors",
        "actor": actor_url("UKR"),
        "ledger": "/ledger",
        "kb": "/kb?q=Merz&date=2026-01-06",
    }
