"""The wirecoder store: articles, sources, near-duplicate links and extracted documents.

SQLite by default (a file path or ``sqlite:///wirecoder.db``), PostgreSQL by URL
(``postgresql://user@host/db``, driven by psycopg 3). ``Store(url)`` creates the
database if needed and upgrades its schema with the packaged Alembic migrations.

    from wirecoder.store import Store

    with Store("wirecoder.db") as store:
        summary = store.add_articles(articles)
        for article_id in store.needs_extraction(EXTRACTOR_VERSION):
            store.save_document(extract(store.get_article(article_id)))
        hits = store.search('"Sicherheitsgarantien" Ukraine')
"""

from .engine import StoreError, normalize_url
from .results import AmbiguousIdError, ArticleLink, ArticleSource, IngestSummary, SearchHit
from .store import (
    EXPORT_KINDS,
    LINK_NEAR_DUPLICATE,
    LINK_SAME_ID,
    ExportKind,
    Store,
    content_hash,
)


def open_store(url: str = "wirecoder.db", **options: object) -> Store:
    """``Store.open(url)``: open the store, upgrading its schema to the current version."""
    return Store.open(url, **options)  # type: ignore[arg-type]


__all__ = [
    "EXPORT_KINDS",
    "LINK_NEAR_DUPLICATE",
    "LINK_SAME_ID",
    "AmbiguousIdError",
    "ArticleLink",
    "ArticleSource",
    "ExportKind",
    "IngestSummary",
    "SearchHit",
    "Store",
    "StoreError",
    "content_hash",
    "normalize_url",
    "open_store",
]
