"""The article and event store: SQLite by default, PostgreSQL by URL.

Plain records in, plain records out (``wirecoder.records``). Every write is one
transaction: an ingest batch, or one document's extracted rows; an exception
(KeyboardInterrupt included) rolls the whole of it back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from typing import Any, Literal

from sqlalchemy import (
    Engine,
    Table,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from wirecoder.ingest import content_hash
from wirecoder.records import Article, Document

from . import engine as engine_mod
from .neardup import (
    IngestSignatureIndex,
    Signature,
    SignatureIndex,
    minhash_signature,
    pack_signature,
    unpack_signature,
)
from .query import parse_query, to_fts5, to_tsquery
from .results import AmbiguousIdError, ArticleLink, ArticleSource, IngestSummary, SearchHit
from .rows import (
    EXTRACTED_TABLES,
    articles_t,
    commitments_t,
    entities_t,
    events_t,
    export_document_rows,
    extracted_rows,
    extractions_t,
    links_t,
    load_articles,
    load_documents,
    mentions_t,
    quotes_t,
    sources_t,
)

ExportKind = Literal["articles", "entities", "quotes", "events", "commitments"]
EXPORT_KINDS: tuple[str, ...] = ("articles", "entities", "quotes", "events", "commitments")

LINK_NEAR_DUPLICATE = "near_duplicate"
LINK_SAME_ID = "same_id"

DEFAULT_BATCH_SIZE = 500
# Articles loaded per query by the iterators; each page is read in its own short
# transaction, so callers may write to the store while iterating.
PAGE_SIZE = 200
SNIPPET_START = "**"
SNIPPET_END = "**"


def _now() -> datetime:
    return datetime.now(UTC)


def clean_text(value: str) -> str:
    """Text as stored: NUL (rejected by PostgreSQL) becomes U+FFFD, offsets unchanged."""
    return value.replace("\x00", "\ufffd")


def _clean_optional(value: str | None) -> str | None:
    return None if value is None else clean_text(value)


def _is_older(stored: str, current: str) -> bool:
    """Whether extractor version ``stored`` is older than ``current``."""
    if stored == current:
        return False
    try:
        from packaging.version import InvalidVersion, Version
    except ImportError:  # pragma: no cover - packaging is nearly always installed
        return True
    try:
        return Version(stored) < Version(current)
    except InvalidVersion:
        return True


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _source_pairs(article: Article) -> list[tuple[str, str]]:
    """The (source, origin) rows an input article contributes, in order, no repeats."""
    origin = article.origin or ""
    names = [s.strip() for s in article.sources if s and s.strip()] or [""]
    pairs: list[tuple[str, str]] = []
    for name in names:
        pair = (name, origin)
        if pair != ("", "") and pair not in pairs:
            pairs.append(pair)
    return pairs


class Store:
    """Articles, their sources and links, and extracted documents, in one database.

    ``Store(url)`` opens (and creates) the database and upgrades its schema to the
    current version. ``url`` is an SQLAlchemy URL (``sqlite:///wirecoder.db``,
    ``postgresql://user@host/db``) or a plain file path for SQLite.
    """

    def __init__(
        self,
        url: str | os.PathLike[str] = "wirecoder.db",
        *,
        migrate: bool = True,
        batch_size: int = DEFAULT_BATCH_SIZE,
        near_duplicate_threshold: float = 0.8,
        echo: bool = False,
    ) -> None:
        self.url = engine_mod.normalize_url(url)
        self.engine: Engine = engine_mod.make_engine(self.url, echo=echo)
        self._write_engine = self.engine.execution_options(**{engine_mod.WRITE_OPTION: True})
        self.dialect: str = self.engine.dialect.name
        self.batch_size = max(1, batch_size)
        self.near_duplicate_threshold = near_duplicate_threshold
        if migrate:
            try:
                self.upgrade()
            except DBAPIError as exc:
                self.engine.dispose()
                raise engine_mod.StoreError(f"{self!r}: {exc.orig or exc}") from exc
            except BaseException:
                self.engine.dispose()
                raise

    @classmethod
    def open(cls, url: str | os.PathLike[str] = "wirecoder.db", **options: Any) -> Store:
        """Open the store at ``url`` (see ``Store``), upgrading the schema to head."""
        return cls(url, **options)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ---------------------------------------------------------------------

    def upgrade(self, revision: str = "head") -> None:
        """Apply the packaged migrations up to ``revision`` (done by ``Store(url)``)."""
        engine_mod.upgrade(self.engine, revision)

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return engine_mod.current_revision(conn)

    # -- transactions ---------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._write_engine.begin() as conn:
            yield conn

    # -- ingest ---------------------------------------------------------------------

    def add_articles(
        self, articles: Iterable[Article], near_duplicates: bool = True
    ) -> IngestSummary:
        """Store articles, merging exact duplicates and linking near-duplicates.

        - An article whose normalised text is already stored (same ``content_hash``)
          is not stored again: its (source, origin) pairs are added to the stored one.
        - With ``near_duplicates``, an article whose MinHash similarity to a stored
          one reaches ``near_duplicate_threshold`` is stored and linked to it.
        - An article whose id is taken by a different text is stored under
          ``<id>~<hash>`` and linked to the other (``same_id``); nothing is overwritten.

        Re-ingesting the same input changes nothing. Work goes in batches of
        ``batch_size`` articles, one transaction each.
        """
        summary = IngestSummary()
        signature_fn: Callable[[str], Signature] | None = None
        index: SignatureIndex | None = None
        iterator = iter(articles)
        while True:
            batch = list(islice(iterator, self.batch_size))
            if not batch:
                break
            if near_duplicates and index is None:
                signature_fn, index = self._load_signature_index()
            with self._write() as conn:
                summary += self._ingest_batch(conn, batch, signature_fn, index)
        return summary

    def _load_signature_index(self) -> tuple[Callable[[str], Signature], SignatureIndex]:
        """Index every stored signature, computing missing or outdated ones first."""
        index: SignatureIndex = IngestSignatureIndex(self.near_duplicate_threshold)
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    select(articles_t.c.pk, articles_t.c.id, articles_t.c.minhash)
                    .where(articles_t.c.pk > last)
                    .order_by(articles_t.c.pk)
                    .limit(self.batch_size)
                ).all()
            if not rows:
                return minhash_signature, index
            last = rows[-1].pk
            stale = []
            for row in rows:
                signature = unpack_signature(row.minhash) if row.minhash is not None else None
                if signature is not None and index.accepts(signature):
                    index.add(row.id, signature)
                else:
                    stale.append(row.pk)
            if stale:
                # Articles added with near_duplicates=False, or by another signature scheme.
                self._store_signatures(stale, index)

    def _store_signatures(self, pks: Sequence[int], index: SignatureIndex) -> None:
        with self._write() as conn:
            rows = conn.execute(
                select(articles_t.c.pk, articles_t.c.id, articles_t.c.text).where(
                    articles_t.c.pk.in_(pks)
                )
            ).all()
            values = []
            for row in rows:
                signature = minhash_signature(row.text)
                index.add(row.id, signature)
                values.append({"b_pk": row.pk, "b_minhash": pack_signature(signature)})
            if not values:
                return
            conn.execute(
                update(articles_t)
                .where(articles_t.c.pk == bindparam("b_pk"))
                .values(minhash=bindparam("b_minhash")),
                values,
            )

    def _lock_ingest(self, conn: Connection) -> None:
        if conn.dialect.name == "postgresql":
            # Serialise ingest batches across processes (SQLite: BEGIN IMMEDIATE does).
            conn.execute(
                text("SELECT pg_advisory_xact_lock(:k)"),
                {"k": engine_mod.lock_key("ingest")},
            )

    def _ingest_batch(
        self,
        conn: Connection,
        batch: Sequence[Article],
        signature_fn: Callable[[str], Signature] | None,
        index: SignatureIndex | None,
    ) -> IngestSummary:
        summary = IngestSummary()
        self._lock_ingest(conn)
        prepared = [(a, clean_text(a.text), content_hash(a.text)) for a in batch]

        by_hash: dict[str, str] = {}
        for chunk in _chunks(sorted({h for _, _, h in prepared}), 500):
            for row in conn.execute(
                select(articles_t.c.id, articles_t.c.content_hash).where(
                    articles_t.c.content_hash.in_(chunk)
                )
            ):
                by_hash[row.content_hash] = row.id
        taken: set[str] = set()
        for chunk in _chunks(sorted({a.id for a, _, _ in prepared}), 500):
            taken.update(
                conn.execute(select(articles_t.c.id).where(articles_t.c.id.in_(chunk))).scalars()
            )
        known_sources: dict[str, set[tuple[str, str]]] = {}
        for chunk in _chunks(sorted(set(by_hash.values())), 500):
            for src in conn.execute(
                select(sources_t.c.article_id, sources_t.c.source, sources_t.c.origin).where(
                    sources_t.c.article_id.in_(chunk)
                )
            ):
                known_sources.setdefault(src.article_id, set()).add((src.source, src.origin))

        now = _now()
        article_rows: list[dict[str, Any]] = []
        source_rows: list[dict[str, Any]] = []
        links: dict[tuple[str, str, str], float | None] = {}

        def add_sources(article_id: str, pairs: list[tuple[str, str]]) -> None:
            for source, origin in pairs:
                source_rows.append(
                    {"article_id": article_id, "source": source, "origin": origin, "added_at": now}
                )

        def link(x: str, y: str, kind: str, score: float | None) -> None:
            a, b = sorted((x, y))
            links.setdefault((a, b, kind), score)

        for article, body, digest in prepared:
            pairs = _source_pairs(article)
            target = by_hash.get(digest)
            if target is not None:
                known = known_sources.setdefault(target, set())
                fresh = [p for p in pairs if p not in known]
                if fresh:
                    known.update(fresh)
                    add_sources(target, fresh)
                    summary.merged_sources += 1
                else:
                    summary.unchanged += 1
                continue

            article_id = article.id
            if article_id in taken:
                article_id = f"{article.id}~{digest[:12]}"
                summary.renamed += 1
                link(article.id, article_id, LINK_SAME_ID, None)
            signature = signature_fn(body) if signature_fn is not None else None
            article_rows.append(
                {
                    "id": article_id,
                    "date": article.date,
                    "language": article.language,
                    "title": _clean_optional(article.title),
                    "text": body,
                    "url": article.url,
                    "content_hash": digest,
                    "minhash": pack_signature(signature) if signature else None,
                    "ingested_at": now,
                }
            )
            add_sources(article_id, pairs)
            by_hash[digest] = article_id
            taken.add(article_id)
            known_sources[article_id] = set(pairs)
            summary.added += 1
            if index is not None and signature:
                for other, score in index.query(signature):
                    if other != article_id:
                        link(article_id, other, LINK_NEAR_DUPLICATE, score)
                index.add(article_id, signature)

        if article_rows:
            conn.execute(insert(articles_t), article_rows)
        if source_rows:
            conn.execute(insert(sources_t), source_rows)
        if links:
            conn.execute(
                insert(links_t),
                [
                    {"a": a, "b": b, "kind": kind, "score": score, "created_at": now}
                    for (a, b, kind), score in links.items()
                ],
            )
        summary.linked += len(links)
        return summary

    # -- documents ------------------------------------------------------------------

    def save_document(self, doc: Document) -> None:
        """Replace the article's extracted rows with ``doc``'s, in one transaction.

        The article is added first when it is not stored. Every row records
        ``doc.extractor_version``. Raises ``ValueError`` when the stored article's text
        differs from ``doc.article.text`` (the document's offsets would not fit it).
        """
        with self._write() as conn:
            article_id = self._article_for_document(conn, doc.article)
            self._replace_extraction(conn, article_id, doc)

    def _article_for_document(self, conn: Connection, article: Article) -> str:
        # PostgreSQL: FOR NO KEY UPDATE (key_share=True) serialises two saves of one
        # article without blocking ingest from adding sources to it. SQLite: no-op.
        body = clean_text(article.text)
        row = conn.execute(
            select(articles_t.c.id, articles_t.c.text)
            .where(articles_t.c.id == article.id)
            .with_for_update(key_share=True)
        ).first()
        if row is None:
            digest = content_hash(article.text)
            row = conn.execute(
                select(articles_t.c.id, articles_t.c.text)
                .where(articles_t.c.content_hash == digest)
                .with_for_update(key_share=True)
            ).first()
            if row is None:
                self._ingest_batch(conn, [article], None, None)
                return article.id
        if row.text != body:
            raise ValueError(
                f"article {row.id!r} is stored with a different text than document "
                f"{article.id!r}; extract the stored text instead"
            )
        return str(row.id)

    def _replace_extraction(self, conn: Connection, article_id: str, doc: Document) -> None:
        version = doc.extractor_version
        for table in (*EXTRACTED_TABLES, extractions_t):
            conn.execute(delete(table).where(table.c.article_id == article_id))
        for table, rows in extracted_rows(article_id, doc):
            if rows:
                conn.execute(insert(table), rows)
        conn.execute(
            insert(extractions_t),
            [{"article_id": article_id, "extractor_version": version, "extracted_at": _now()}],
        )

    def needs_extraction(self, extractor_version: str) -> Iterator[str]:
        """Ids of articles never extracted, or extracted by an older extractor version.

        Safe to interleave with ``save_document`` (reads page by page).
        """
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    select(articles_t.c.pk, articles_t.c.id, extractions_t.c.extractor_version)
                    .select_from(
                        articles_t.outerjoin(
                            extractions_t, extractions_t.c.article_id == articles_t.c.id
                        )
                    )
                    .where(articles_t.c.pk > last)
                    .order_by(articles_t.c.pk)
                    .limit(PAGE_SIZE * 5)
                ).all()
            if not rows:
                return
            last = rows[-1].pk
            for row in rows:
                if row.extractor_version is None or _is_older(
                    row.extractor_version, extractor_version
                ):
                    yield row.id

    # -- reading --------------------------------------------------------------------

    def _resolve_id(self, conn: Connection, article_id: str) -> str | None:
        """The stored id equal to ``article_id``, else the one it is a unique prefix of."""
        found = conn.execute(
            select(articles_t.c.id).where(articles_t.c.id == article_id)
        ).scalar_one_or_none()
        if found is not None or not article_id:
            return found
        # substr, not LIKE: LIKE is case-insensitive on SQLite and has wildcards.
        candidates = list(
            conn.execute(
                select(articles_t.c.id)
                .where(func.substr(articles_t.c.id, 1, len(article_id)) == article_id)
                .order_by(articles_t.c.id)
                .limit(21)
            ).scalars()
        )
        if len(candidates) > 1:
            raise AmbiguousIdError(article_id, candidates)
        return candidates[0] if candidates else None

    def resolve_id(self, article_id: str) -> str | None:
        """The full id for an id or unique id prefix (``AmbiguousIdError`` if several)."""
        with self._read() as conn:
            return self._resolve_id(conn, article_id)

    def get_article(self, article_id: str) -> Article | None:
        """The article with this id, or with this unique id prefix.

        Raises ``AmbiguousIdError`` (a ``LookupError``) when the prefix is not unique.
        """
        with self._read() as conn:
            resolved = self._resolve_id(conn, article_id)
            if resolved is None:
                return None
            return load_articles(conn, [resolved]).get(resolved)

    def get_document(self, article_id: str) -> Document | None:
        """The extracted document (SPEC §2) for an article id or unique id prefix.

        None when the article is not stored or has not been extracted.
        """
        with self._read() as conn:
            resolved = self._resolve_id(conn, article_id)
            if resolved is None:
                return None
            return load_documents(conn, [resolved]).get(resolved)

    def iter_articles(self) -> Iterator[Article]:
        """All articles in ingest order."""
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    select(articles_t.c.pk, articles_t.c.id)
                    .where(articles_t.c.pk > last)
                    .order_by(articles_t.c.pk)
                    .limit(PAGE_SIZE)
                ).all()
                if not rows:
                    return
                loaded = load_articles(conn, [r.id for r in rows])
            last = rows[-1].pk
            for row in rows:
                yield loaded[row.id]

    def iter_documents(self) -> Iterator[Document]:
        """The documents of all extracted articles, in ingest order."""
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    select(articles_t.c.pk, articles_t.c.id)
                    .join(extractions_t, extractions_t.c.article_id == articles_t.c.id)
                    .where(articles_t.c.pk > last)
                    .order_by(articles_t.c.pk)
                    .limit(PAGE_SIZE)
                ).all()
                if not rows:
                    return
                loaded = load_documents(conn, [r.id for r in rows])
            last = rows[-1].pk
            for row in rows:
                if row.id in loaded:
                    yield loaded[row.id]

    def sources(self, article_id: str) -> list[ArticleSource]:
        """Every (source, origin) the article was read with, oldest first."""
        with self._read() as conn:
            resolved = self._resolve_id(conn, article_id)
            if resolved is None:
                return []
            return [
                ArticleSource(
                    source=row.source or None,
                    origin=row.origin or None,
                    added_at=_aware(row.added_at),
                )
                for row in conn.execute(
                    select(sources_t.c.source, sources_t.c.origin, sources_t.c.added_at)
                    .where(sources_t.c.article_id == resolved)
                    .order_by(sources_t.c.pk)
                )
            ]

    def links(self, article_id: str) -> list[ArticleLink]:
        """Links from the article to others (near-duplicates, same-id texts)."""
        with self._read() as conn:
            resolved = self._resolve_id(conn, article_id)
            if resolved is None:
                return []
            rows = conn.execute(
                select(links_t).where(or_(links_t.c.a == resolved, links_t.c.b == resolved))
            ).all()
        out = [
            ArticleLink(
                article_id=resolved,
                other_id=row.b if row.a == resolved else row.a,
                kind=row.kind,
                score=row.score,
            )
            for row in rows
        ]
        out.sort(key=lambda link: (-(link.score or 0.0), link.other_id, link.kind))
        return out

    # -- search ---------------------------------------------------------------------

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search over article titles and texts, best first.

        ``query`` is user text, read as a small web-search syntax (words are ANDed,
        ``"a phrase"``, ``OR``, ``-word``, ``word*``); any input is safe.
        """
        if offset < 0:
            raise ValueError("offset must not be negative")
        if limit <= 0:
            return []
        parsed = parse_query(query)
        if self.dialect == "postgresql":
            tsquery = to_tsquery(parsed)
            return [] if tsquery is None else self._search_postgresql(tsquery, limit, offset)
        match = to_fts5(parsed)
        return [] if match is None else self._search_sqlite(match, limit, offset)

    def _search_sqlite(self, match: str, limit: int, offset: int) -> list[SearchHit]:
        sql = text(
            "SELECT a.id, a.title, a.date, a.language, "
            "snippet(articles_fts, -1, :start, :end, '…', 24) AS snippet, "
            "bm25(articles_fts, 5.0, 1.0) AS score "
            "FROM articles_fts JOIN articles AS a ON a.pk = articles_fts.rowid "
            "WHERE articles_fts MATCH :match "
            "ORDER BY score, a.date DESC, a.id LIMIT :limit OFFSET :offset"
        )
        params = {
            "match": match,
            "start": SNIPPET_START,
            "end": SNIPPET_END,
            "limit": limit,
            "offset": offset,
        }
        with self._read() as conn:
            rows = conn.execute(sql, params).all()
        return [
            SearchHit(
                id=row.id,
                title=row.title,
                date=row.date,
                snippet=row.snippet or "",
                rank=-float(row.score),
                language=row.language,
            )
            for row in rows
        ]

    def _search_postgresql(self, tsquery: str, limit: int, offset: int) -> list[SearchHit]:
        sql = text(
            "WITH q AS (SELECT to_tsquery('simple', :tsquery) AS query), "
            "hits AS ("
            " SELECT a.id, a.title, a.date, a.language, a.text,"
            "  ts_rank_cd(a.search_vector, q.query) AS rank"
            " FROM articles AS a, q WHERE a.search_vector @@ q.query"
            " ORDER BY rank DESC, a.date DESC NULLS LAST, a.id LIMIT :limit OFFSET :offset) "
            "SELECT hits.id, hits.title, hits.date, hits.language, hits.rank, "
            " ts_headline('simple', hits.text, q.query, :options) AS snippet "
            "FROM hits, q ORDER BY hits.rank DESC, hits.date DESC NULLS LAST, hits.id"
        )
        options = (
            f'StartSel="{SNIPPET_START}", StopSel="{SNIPPET_END}", MaxWords=30, MinWords=12, '
            'MaxFragments=2, FragmentDelimiter=" … "'
        )
        params = {"tsquery": tsquery, "limit": limit, "offset": offset, "options": options}
        with self._read() as conn:
            rows = conn.execute(sql, params).all()
        return [
            SearchHit(
                id=row.id,
                title=row.title,
                date=row.date,
                snippet=row.snippet or "",
                rank=float(row.rank),
                language=row.language,
            )
            for row in rows
        ]

    # -- stats and exports ----------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts: articles (total, per language, per source), extracted rows, links."""

        def count(conn: Connection, table: Table) -> int:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

        def grouped(conn: Connection, column: Any, counted: Any = None) -> dict[str, int]:
            measure = func.count() if counted is None else func.count(counted.distinct())
            rows = conn.execute(
                select(column, measure).group_by(column).order_by(measure.desc(), column)
            ).all()
            return {(key if key else "unknown"): int(n) for key, n in rows}

        with self._read() as conn:
            by_source_rows = conn.execute(
                select(sources_t.c.source, func.count(sources_t.c.article_id.distinct()))
                .where(sources_t.c.source != "")
                .group_by(sources_t.c.source)
                .order_by(func.count(sources_t.c.article_id.distinct()).desc(), sources_t.c.source)
            ).all()
            return {
                "articles": count(conn, articles_t),
                "languages": grouped(conn, articles_t.c.language),
                "sources": {name: int(n) for name, n in by_source_rows},
                "extracted": count(conn, extractions_t),
                "extractor_versions": grouped(conn, extractions_t.c.extractor_version),
                "entities": count(conn, entities_t),
                "mentions": count(conn, mentions_t),
                "quotes": count(conn, quotes_t),
                "events": count(conn, events_t),
                "commitments": count(conn, commitments_t),
                "event_types": grouped(conn, events_t.c.type),
                "links": grouped(conn, links_t.c.kind),
            }

    def export_rows(self, kind: ExportKind | str) -> Iterator[dict[str, Any]]:
        """Flat rows for CSV/Parquet: one per article, entity, quote, event or commitment.

        Lists stay lists (JSON-encode them for CSV). Extracted rows carry the article's
        date and language, entity codes next to entity ids, and the extractor version.
        """
        if kind not in EXPORT_KINDS:
            raise ValueError(f"unknown export kind {kind!r}; use one of {', '.join(EXPORT_KINDS)}")
        if kind == "articles":
            yield from self._export_articles()
            return
        # The same paging as iter_documents: short read transactions, page by page.
        for doc in self.iter_documents():
            yield from export_document_rows(doc, kind)

    def _export_articles(self) -> Iterator[dict[str, Any]]:
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    select(articles_t, extractions_t.c.extractor_version)
                    .select_from(
                        articles_t.outerjoin(
                            extractions_t, extractions_t.c.article_id == articles_t.c.id
                        )
                    )
                    .where(articles_t.c.pk > last)
                    .order_by(articles_t.c.pk)
                    .limit(PAGE_SIZE)
                ).all()
                if not rows:
                    return
                sources: dict[str, list[str]] = {}
                origins: dict[str, list[str]] = {}
                for src in conn.execute(
                    select(sources_t.c.article_id, sources_t.c.source, sources_t.c.origin)
                    .where(sources_t.c.article_id.in_([r.id for r in rows]))
                    .order_by(sources_t.c.pk)
                ):
                    names = sources.setdefault(src.article_id, [])
                    if src.source and src.source not in names:
                        names.append(src.source)
                    paths = origins.setdefault(src.article_id, [])
                    if src.origin and src.origin not in paths:
                        paths.append(src.origin)
            last = rows[-1].pk
            for row in rows:
                yield {
                    "id": row.id,
                    "date": row.date,
                    "language": row.language,
                    "sources": sources.get(row.id, []),
                    "title": row.title,
                    "text": row.text,
                    "url": row.url,
                    "origins": origins.get(row.id, []),
                    "content_hash": row.content_hash,
                    "ingested_at": _iso(row.ingested_at),
                    "extractor_version": row.extractor_version,
                }


def _aware(value: datetime | None) -> datetime | None:
    """Timestamps are stored in UTC; SQLite returns them without a time zone."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _iso(value: datetime | None) -> str | None:
    aware = _aware(value)
    return None if aware is None else aware.isoformat()


__all__ = [
    "EXPORT_KINDS",
    "LINK_NEAR_DUPLICATE",
    "LINK_SAME_ID",
    "AmbiguousIdError",
    "ArticleLink",
    "ArticleSource",
    "IngestSummary",
    "SearchHit",
    "Store",
    "content_hash",
]
