"""``wirecoder serve``: a read-only web UI and JSON API over the database.

    from wirecoder.web import create_app, serve

    app = create_app("wirecoder.db")          # a FastAPI application
    serve("wirecoder.db", "127.0.0.1", 8000)  # run it with uvicorn

Pages: ``/`` ``/search`` ``/articles/{id}`` ``/events`` (+ ``/events.csv``) ``/timeline``
``/network`` ``/actors`` ``/actors/{code}`` ``/ledger``. API: ``/api/v1/...``, described
by ``/api/v1/openapi.json``.
"""

from .app import create_app, open_store, serve

__all__ = ["create_app", "open_store", "serve"]
