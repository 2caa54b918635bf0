"""The application: store access, templates, middleware, error pages; ``serve``."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from sqlalchemy import event, make_url
from starlette.exceptions import HTTPException as StarletteHTTPException

from wirecoder import __version__
from wirecoder.records import Article, Document
from wirecoder.store import Store, StoreError, normalize_url, views
from wirecoder.store import engine as engine_mod
from wirecoder.store.views import COOPERATIVE, STAGES, Facets, event_class

from .highlight import css_token
from .security import (
    DEFAULT_MAX_BODY_BYTES,
    SECURITY_HEADERS,
    BodyLimitMiddleware,
    SecurityHeadersMiddleware,
)

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
API_PREFIX = "/api/v1"
FACETS_TTL_SECONDS = 30.0

logger = logging.getLogger("wirecoder.web")


class ExtractorLike(Protocol):
    def extract(self, article: Article) -> Document: ...


class ExtractorUnavailable(RuntimeError):
    """The extractor cannot be loaded (``POST /api/v1/extract`` answers 503)."""


def _default_extractor() -> ExtractorLike:
    from wirecoder.extract.pipeline import Extractor

    return Extractor()


class Web:
    """What the routes share: the store, the templates and the (lazily loaded) extractor."""

    def __init__(
        self,
        store: Store,
        extractor_factory: Callable[[], ExtractorLike] | None = None,
    ) -> None:
        self.store = store
        self.templates = _environment()
        self._extractor_factory = extractor_factory or _default_extractor
        self._extractor: ExtractorLike | None = None
        self._extractor_error: str | None = None
        self._extractor_lock = threading.Lock()
        self._facets: tuple[float, Facets] | None = None
        self._facets_lock = threading.Lock()

    def facets(self) -> Facets:
        with self._facets_lock:
            now = time.monotonic()
            if self._facets is None or now - self._facets[0] > FACETS_TTL_SECONDS:
                self._facets = (now, views.facets(self.store))
            return self._facets[1]

    def extract(self, article: Article) -> Document:
        """Run the extractor (loaded on first use; one extraction at a time)."""
        with self._extractor_lock:
            if self._extractor is None:
                if self._extractor_error is not None:
                    raise ExtractorUnavailable(self._extractor_error)
                try:
                    self._extractor = self._extractor_factory()
                except Exception as exc:  # ImportError while the extractor is unfinished
                    self._extractor_error = f"{type(exc).__name__}: {exc}"
                    raise ExtractorUnavailable(self._extractor_error) from exc
            return self._extractor.extract(article)

    def render(
        self, request: Request, name: str, context: Mapping[str, Any], status_code: int = 200
    ) -> HTMLResponse:
        template = self.templates.get_template(name)
        values = {"nav": "", **context}
        html = template.render(request=request, path=request.url.path, **values)
        return HTMLResponse(html, status_code=status_code)


def get_web(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


# -- templates -------------------------------------------------------------------------


def url(path: str, params: Mapping[str, Any] | None = None, **more: Any) -> str:
    """``path`` with a query string of the non-empty values (later ones win)."""
    merged = {**(params or {}), **more}
    pairs = [(k, str(v)) for k, v in merged.items() if v is not None and v != ""]
    return path + ("?" + urlencode(pairs) if pairs else "")


def article_url(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def actor_url(code: str) -> str:
    return "/actors/" + quote(code, safe="")


def safe_href(value: str | None) -> str | None:
    """An external link only for http(s) URLs (never ``javascript:`` and the like)."""
    if not value:
        return None
    stripped = value.strip()
    lowered = stripped.lower()
    if lowered.startswith(("http://", "https://")) and not any(
        ch in stripped for ch in "\x00\r\n\t<>\"'` "
    ):
        return stripped
    return None


def snippet_html(snippet: str | None, mark: str = views.SNIPPET_MARK, tag: str = "mark") -> Markup:
    """A search snippet with the matched words (between ``**``) in ``<mark>``, escaped."""
    if not snippet:
        return Markup("")
    parts = snippet.split(mark)
    wrap = Markup(f"<{tag}>{{}}</{tag}>")
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 1 and i < len(parts) - 1:
            out.append(wrap.format(part))
        else:
            out.append(escape(part))
    return Markup("").join(out)


def ticks_html(text: str | None) -> Markup:
    """Plain text with the parts between backticks (commands) in ``<code>``, escaped."""
    return snippet_html(text, "`", "code")


def evidence_html(evidence: str, span: list[int], trigger: list[int]) -> Markup:
    """Evidence text with the trigger in ``<b>``, escaped."""
    start = trigger[0] - span[0]
    end = trigger[1] - span[0]
    if not (0 <= start < end <= len(evidence)):
        return escape(evidence)
    return Markup('{}<b class="trigger-inline">{}</b>{}').format(
        evidence[:start], evidence[start:end], evidence[end:]
    )


def content_text(content: Mapping[str, Any] | None) -> str:
    if not content:
        return ""
    out = str(content.get("type") or "")
    if content.get("mode"):
        out += f" ({content['mode']})"
    if content.get("text"):
        out += (": " if out else "") + str(content["text"])
    return out


def amount_text(amount: float | None, unit: str | None) -> str:
    if amount is None:
        return ""
    if amount >= 1e9:
        text = f"{amount / 1e9:g} bn"
    elif amount >= 1e6:
        text = f"{amount / 1e6:g} m"
    else:
        text = f"{amount:g}"
    return f"{text} {unit}" if unit else text


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        url=url,
        article_url=article_url,
        actor_url=actor_url,
        safe_href=safe_href,
        snippet_html=snippet_html,
        ticks_html=ticks_html,
        evidence_html=evidence_html,
        content_text=content_text,
        amount_text=amount_text,
        event_class=event_class,
        css_token=css_token,
        STAGES=STAGES,
        COOPERATIVE=COOPERATIVE,
        EVENT_TYPES=views.EVENT_TYPES,
        COMMITMENT_KINDS=views.COMMITMENT_KINDS,
        ALL_STAGES=views.STAGES + views.OFF_PATH_STAGES,
        version=__version__,
        api_prefix=API_PREFIX,
    )
    env.filters["stage_label"] = lambda s: (s or "").replace("_", " ")
    return env


# -- store -----------------------------------------------------------------------------


def open_store(db_url: str, read_only: bool = True) -> Store:
    """Open the database for serving.

    Read-only (the default): the database must exist with a current schema (nothing is
    created or migrated), and every connection refuses writes (SQLite ``query_only``,
    PostgreSQL read-only transactions). Otherwise the store is opened as usual.
    """
    if not read_only:
        return Store(db_url)
    url = normalize_url(db_url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        on_disk = database and database != ":memory:" and not database.startswith("file:")
        if on_disk and not Path(database).is_file():
            raise StoreError(f"no database at {database}; create it with `wirecoder ingest`")
    store = Store(url, migrate=False)
    dialect = store.dialect

    @event.listens_for(store.engine, "connect")
    def _read_only(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if dialect == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        elif dialect == "postgresql":
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cursor.close()
        if dialect == "postgresql":
            dbapi_connection.commit()

    store.engine.dispose()
    try:
        current = store.schema_revision()
    except Exception as exc:
        store.close()
        raise StoreError(f"cannot read the database {store!r}: {exc}") from exc
    head = engine_mod.head_revision()
    if current != head:
        store.close()
        raise StoreError(
            f"the database schema is at revision {current or 'none'}, not {head}; open it "
            "once with a command that writes (e.g. `wirecoder ingest`) to upgrade it"
        )
    return store


# -- the application -------------------------------------------------------------------


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(API_PREFIX)


def create_app(
    db_url: str,
    *,
    read_only: bool = True,
    extractor_factory: Callable[[], ExtractorLike] | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> FastAPI:
    """The web UI and the JSON API over the database at ``db_url``."""
    from . import api, pages

    store = open_store(db_url, read_only=read_only)
    web = Web(store, extractor_factory)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="wirecoder",
        version=__version__,
        description=(
            "Read-only access to articles, entities, quotes, PLOVER events and commitments "
            "extracted from news wires (record format: SPEC.md), and stateless extraction."
        ),
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = web
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request):
            return web.render(
                request,
                "error.html",
                {"status": exc.status_code, "message": str(exc.detail)},
                status_code=exc.status_code,
            )
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body"))
            problems.append(f"{where}: {err.get('msg', 'invalid')}")
        if _wants_html(request):
            return web.render(
                request,
                "error.html",
                {"status": 400, "message": "Invalid request. " + "; ".join(problems)},
                status_code=400,
            )
        return JSONResponse({"detail": [_plain_error(e) for e in exc.errors()]}, status_code=422)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        # Runs in Starlette's outermost middleware, outside the header middleware below.
        logger.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        response: Response
        if _wants_html(request):
            response = web.render(
                request,
                "error.html",
                {"status": 500, "message": "Something went wrong on the server."},
                status_code=500,
            )
        else:
            response = JSONResponse({"detail": "internal server error"}, status_code=500)
        for name, value in SECURITY_HEADERS:
            response.headers[name.decode()] = value.decode()
        return response

    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _plain_error(err: Mapping[str, Any]) -> dict[str, Any]:
    """A validation error without the offending input (which may be large or odd)."""
    return {
        "loc": [str(p) for p in err.get("loc", ())],
        "msg": str(err.get("msg", "")),
        "type": str(err.get("type", "")),
    }


def serve(db_url: str, host: str = "127.0.0.1", port: int = 8000, read_only: bool = True) -> None:
    """Run the web UI and API with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db_url, read_only=read_only)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
