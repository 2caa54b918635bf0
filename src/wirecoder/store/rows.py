"""Mapping between the shared records (``wirecoder.records``) and table rows."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from wirecoder.records import Article, Commitment, Content, Document, Entity, Event, Quote

from .models import (
    ArticleLinkRow,
    ArticleRow,
    ArticleSourceRow,
    CommitmentRow,
    EntityMentionRow,
    EntityRow,
    EventRow,
    ExtractionRow,
    QuoteRow,
)

articles_t: Table = ArticleRow.__table__  # type: ignore[assignment]
sources_t: Table = ArticleSourceRow.__table__  # type: ignore[assignment]
links_t: Table = ArticleLinkRow.__table__  # type: ignore[assignment]
extractions_t: Table = ExtractionRow.__table__  # type: ignore[assignment]
entities_t: Table = EntityRow.__table__  # type: ignore[assignment]
mentions_t: Table = EntityMentionRow.__table__  # type: ignore[assignment]
quotes_t: Table = QuoteRow.__table__  # type: ignore[assignment]
events_t: Table = EventRow.__table__  # type: ignore[assignment]
commitments_t: Table = CommitmentRow.__table__  # type: ignore[assignment]

# Tables an extraction writes, children before parents (the order to delete in).
EXTRACTED_TABLES: tuple[Table, ...] = (mentions_t, entities_t, quotes_t, events_t, commitments_t)

# Record fields stored in columns of their own; any other field goes to ``extra``.
_COLUMN_FIELDS: dict[type, frozenset[str]] = {
    Entity: frozenset({"id", "name", "kind", "code", "sector", "role", "mentions"}),
    Quote: frozenset({"id", "speaker", "kind", "text", "span", "cue"}),
    Event: frozenset(
        {
            "id",
            "type",
            "actor",
            "recipient",
            "trigger",
            "span",
            "mode",
            "contexts",
            "aux",
            "condition",
            "content",
            "source",
            "date",
            "location",
            "confidence",
            "rule",
            "stage",
        }
    ),
    Commitment: frozenset(
        {
            "id",
            "givers",
            "recipient",
            "what",
            "text",
            "stage",
            "condition",
            "events",
            "amount",
            "unit",
        }
    ),
}


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def _field_default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def extra_fields(record: Any) -> dict[str, Any] | None:
    """Fields of ``record`` without a column, when they differ from their default."""
    known = next(v for k, v in _COLUMN_FIELDS.items() if isinstance(record, k))
    extra = {}
    for f in dataclasses.fields(record):
        if f.name in known:
            continue
        value = getattr(record, f.name)
        if value != _field_default(f):
            extra[f.name] = _jsonable(value)
    return extra or None


def extra_kwargs(cls: type, extra: dict[str, Any] | None) -> dict[str, Any]:
    """The stored extra fields that ``cls`` (still) has, as constructor arguments."""
    if not extra:
        return {}
    known = next(v for k, v in _COLUMN_FIELDS.items() if issubclass(cls, k))
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    return {k: v for k, v in extra.items() if k in names and k not in known}


def extracted_rows(article_id: str, doc: Document) -> list[tuple[Table, list[dict[str, Any]]]]:
    """The rows of ``doc``'s entities, mentions, quotes, events and commitments."""
    version = doc.extractor_version
    entity_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    for ord_, ent in enumerate(doc.entities):
        entity_rows.append(
            {
                "article_id": article_id,
                "id": ent.id,
                "ord": ord_,
                "name": ent.name,
                "kind": ent.kind,
                "code": ent.code,
                "sector": ent.sector,
                "role": ent.role,
                "extra": extra_fields(ent),
                "extractor_version": version,
            }
        )
        for m_ord, (start, end) in enumerate(ent.mentions):
            mention_rows.append(
                {
                    "article_id": article_id,
                    "entity_id": ent.id,
                    "ord": m_ord,
                    "start": int(start),
                    "end": int(end),
                    "extractor_version": version,
                }
            )
    quote_rows = [
        {
            "article_id": article_id,
            "id": q.id,
            "ord": ord_,
            "speaker": q.speaker,
            "kind": q.kind,
            "text": q.text,
            "span_start": int(q.span[0]),
            "span_end": int(q.span[1]),
            "cue": q.cue,
            "extra": extra_fields(q),
            "extractor_version": version,
        }
        for ord_, q in enumerate(doc.quotes)
    ]
    event_rows = [
        {
            "article_id": article_id,
            "id": ev.id,
            "ord": ord_,
            "type": ev.type,
            "mode": ev.mode,
            "contexts": list(ev.contexts),
            "actor": list(ev.actor),
            "recipient": list(ev.recipient),
            "aux": ev.aux,
            "condition": ev.condition,
            "content": (
                None
                if ev.content is None
                else {"type": ev.content.type, "mode": ev.content.mode, "text": ev.content.text}
            ),
            "source": ev.source,
            "date": ev.date,
            "location": ev.location,
            "trigger_start": int(ev.trigger[0]),
            "trigger_end": int(ev.trigger[1]),
            "span_start": int(ev.span[0]),
            "span_end": int(ev.span[1]),
            "confidence": float(ev.confidence),
            "rule": ev.rule,
            "stage": ev.stage,
            "extra": extra_fields(ev),
            "extractor_version": version,
        }
        for ord_, ev in enumerate(doc.events)
    ]
    commitment_rows = [
        {
            "article_id": article_id,
            "id": c.id,
            "ord": ord_,
            "givers": list(c.givers),
            "recipient": list(c.recipient),
            "what": c.what,
            "text": c.text,
            "stage": c.stage,
            "condition": c.condition,
            "events": list(c.events),
            "amount": None if c.amount is None else float(c.amount),
            "unit": c.unit,
            "extra": extra_fields(c),
            "extractor_version": version,
        }
        for ord_, c in enumerate(doc.commitments)
    ]
    return [
        (entities_t, entity_rows),
        (mentions_t, mention_rows),
        (quotes_t, quote_rows),
        (events_t, event_rows),
        (commitments_t, commitment_rows),
    ]


def load_articles(conn: Connection, ids: Sequence[str]) -> dict[str, Article]:
    sources: dict[str, list[tuple[str, str]]] = {}
    for row in conn.execute(
        select(sources_t.c.article_id, sources_t.c.source, sources_t.c.origin)
        .where(sources_t.c.article_id.in_(ids))
        .order_by(sources_t.c.pk)
    ):
        sources.setdefault(row.article_id, []).append((row.source, row.origin))
    out: dict[str, Article] = {}
    for row in conn.execute(select(articles_t).where(articles_t.c.id.in_(ids))):
        pairs = sources.get(row.id, [])
        names: list[str] = []
        for source, _ in pairs:
            if source and source not in names:
                names.append(source)
        origin = next((o for _, o in pairs if o), None)
        out[row.id] = Article(
            id=row.id,
            text=row.text,
            date=row.date,
            sources=names,
            language=row.language,
            title=row.title,
            url=row.url,
            origin=origin,
        )
    return out


def load_documents(conn: Connection, ids: Sequence[str]) -> dict[str, Document]:
    versions = {
        row.article_id: row.extractor_version
        for row in conn.execute(
            select(extractions_t.c.article_id, extractions_t.c.extractor_version).where(
                extractions_t.c.article_id.in_(ids)
            )
        )
    }
    if not versions:
        return {}
    ids = list(versions)
    articles = load_articles(conn, ids)
    docs = {
        aid: Document(article=articles[aid], extractor_version=versions[aid])
        for aid in ids
        if aid in articles
    }
    mentions: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for row in conn.execute(
        select(mentions_t)
        .where(mentions_t.c.article_id.in_(ids))
        .order_by(mentions_t.c.article_id, mentions_t.c.entity_id, mentions_t.c.ord)
    ):
        mentions.setdefault((row.article_id, row.entity_id), []).append((row.start, row.end))
    for row in conn.execute(
        select(entities_t)
        .where(entities_t.c.article_id.in_(ids))
        .order_by(entities_t.c.article_id, entities_t.c.ord)
    ):
        docs[row.article_id].entities.append(
            Entity(
                id=row.id,
                name=row.name,
                kind=row.kind,
                code=row.code,
                sector=row.sector,
                role=row.role,
                mentions=mentions.get((row.article_id, row.id), []),
                **extra_kwargs(Entity, row.extra),
            )
        )
    for row in conn.execute(
        select(quotes_t)
        .where(quotes_t.c.article_id.in_(ids))
        .order_by(quotes_t.c.article_id, quotes_t.c.ord)
    ):
        docs[row.article_id].quotes.append(
            Quote(
                id=row.id,
                speaker=row.speaker,
                kind=row.kind,
                text=row.text,
                span=(row.span_start, row.span_end),
                cue=row.cue,
                **extra_kwargs(Quote, row.extra),
            )
        )
    for row in conn.execute(
        select(events_t)
        .where(events_t.c.article_id.in_(ids))
        .order_by(events_t.c.article_id, events_t.c.ord)
    ):
        content = row.content
        docs[row.article_id].events.append(
            Event(
                id=row.id,
                type=row.type,
                actor=list(row.actor or []),
                recipient=list(row.recipient or []),
                trigger=(row.trigger_start, row.trigger_end),
                span=(row.span_start, row.span_end),
                mode=row.mode,
                contexts=list(row.contexts or []),
                aux=row.aux,
                condition=row.condition,
                content=(
                    Content(
                        type=content.get("type"),
                        mode=content.get("mode"),
                        text=content.get("text"),
                    )
                    if isinstance(content, dict)
                    else None
                ),
                source=row.source,
                date=row.date,
                location=row.location,
                confidence=row.confidence,
                rule=row.rule,
                stage=row.stage,
                **extra_kwargs(Event, row.extra),
            )
        )
    for row in conn.execute(
        select(commitments_t)
        .where(commitments_t.c.article_id.in_(ids))
        .order_by(commitments_t.c.article_id, commitments_t.c.ord)
    ):
        docs[row.article_id].commitments.append(
            Commitment(
                id=row.id,
                givers=list(row.givers or []),
                recipient=list(row.recipient or []),
                what=row.what,
                text=row.text,
                stage=row.stage,
                condition=row.condition,
                events=list(row.events or []),
                amount=row.amount,
                unit=row.unit,
                **extra_kwargs(Commitment, row.extra),
            )
        )
    return docs


def export_document_rows(doc: Document, kind: str) -> Iterator[dict[str, Any]]:
    article = doc.article
    names = {e.id: e.name for e in doc.entities}
    codes = {e.id: e.code for e in doc.entities}
    base = {
        "article_id": article.id,
        "article_date": article.date,
        "language": article.language,
    }
    version = {"extractor_version": doc.extractor_version}
    if kind == "entities":
        for ent in doc.entities:
            yield {
                **base,
                "id": ent.id,
                "name": ent.name,
                "kind": ent.kind,
                "code": ent.code,
                "sector": ent.sector,
                "role": ent.role,
                "mentions": [[s, e] for s, e in ent.mentions],
                **version,
            }
    elif kind == "quotes":
        for q in doc.quotes:
            yield {
                **base,
                "id": q.id,
                "speaker": q.speaker,
                "speaker_name": names.get(q.speaker) if q.speaker else None,
                "speaker_code": codes.get(q.speaker) if q.speaker else None,
                "kind": q.kind,
                "text": q.text,
                "start": q.span[0],
                "end": q.span[1],
                "cue": q.cue,
                **version,
            }
    elif kind == "events":
        for ev in doc.events:
            yield {
                **base,
                "id": ev.id,
                "type": ev.type,
                "mode": ev.mode,
                "contexts": list(ev.contexts),
                "actor": list(ev.actor),
                "actor_codes": [codes.get(a) for a in ev.actor],
                "recipient": list(ev.recipient),
                "recipient_codes": [codes.get(r) for r in ev.recipient],
                "aux": ev.aux,
                "condition": ev.condition,
                "content_type": ev.content.type if ev.content else None,
                "content_mode": ev.content.mode if ev.content else None,
                "content_text": ev.content.text if ev.content else None,
                "source": ev.source,
                "source_code": codes.get(ev.source) if ev.source else None,
                "date": ev.date,
                "location": ev.location,
                "trigger_start": ev.trigger[0],
                "trigger_end": ev.trigger[1],
                "span_start": ev.span[0],
                "span_end": ev.span[1],
                "evidence": article.text[ev.span[0] : ev.span[1]],
                "confidence": ev.confidence,
                "rule": ev.rule,
                "stage": ev.stage,
                **version,
            }
    elif kind == "commitments":
        for c in doc.commitments:
            yield {
                **base,
                "id": c.id,
                "givers": list(c.givers),
                "giver_codes": [codes.get(g) for g in c.givers],
                "recipient": list(c.recipient),
                "recipient_codes": [codes.get(r) for r in c.recipient],
                "what": c.what,
                "text": c.text,
                "stage": c.stage,
                "condition": c.condition,
                "events": list(c.events),
                "amount": c.amount,
                "unit": c.unit,
                **version,
            }
