"""A predicted document built from gold: the scorer's fixed point (every score is 1.0).

Used to check the scorer and the gold files themselves (sentences and quotes that cannot
be located, matching rules that cannot be satisfied); not an extractor.
"""

from __future__ import annotations

from wirecoder.eval.gold import WILDCARD, GoldArticle
from wirecoder.eval.locate import TextIndex
from wirecoder.records import Commitment, Content, Document, Entity, Event, Quote, Span


def gold_to_document(gold: GoldArticle) -> Document:
    """Gold events, quotes and commitments as a SPEC §2 document.

    Actor codes become one entity per code (``*`` an uncoded group); quote speakers one
    person entity per (name, code); spans are the first occurrence of each gold string.
    """
    index = TextIndex(gold.text)
    entities: list[Entity] = []
    by_key: dict[tuple[str, str | None], str] = {}

    def entity(name: str, code: str | None, kind: str) -> str:
        key = (name, code)
        if key not in by_key:
            by_key[key] = f"e{len(entities) + 1}"
            entities.append(Entity(id=by_key[key], name=name, kind=kind, code=code))
        return by_key[key]

    def actor(code: str) -> str:
        if code == WILDCARD:
            return entity(WILDCARD, None, "group")
        return entity(code, code, "state")

    def first(spans: list[Span]) -> Span:
        return spans[0] if spans else (0, 0)

    events = []
    for i, g in enumerate(gold.events, 1):
        span = first(index.find_all(g.sentence))
        events.append(
            Event(
                id=f"v{i}",
                type=g.type,
                actor=[actor(c) for c in g.actor],
                recipient=[actor(c) for c in g.recipient],
                trigger=span,
                span=span,
                aux=g.aux,
                condition="condition" if g.condition else None,
                content=Content(type=g.content) if g.content else None,
                source=actor(g.source) if g.source else None,
            )
        )
    quotes = []
    for i, q in enumerate(gold.quotes, 1):
        spans, _ = index.locate_quote(q.text, index.find_all(q.sentence))
        span = first(spans)
        name = q.speaker or q.speaker_text or q.speaker_code
        quotes.append(
            Quote(
                id=f"q{i}",
                speaker=entity(name, q.speaker_code, "person") if name else None,
                kind=q.kind or "indirect",
                text=gold.text[span[0] : span[1]],
                span=span,
            )
        )
    commitments = [
        Commitment(
            id=f"c{i}",
            givers=[actor(x) for x in c.givers],
            recipient=[actor(x) for x in c.recipient],
            what=c.what,
            text="",
            stage=c.stage or "considered",
            condition="condition" if c.condition else None,
        )
        for i, c in enumerate(gold.commitments, 1)
    ]
    return Document(
        article=gold.to_article(),
        entities=entities,
        quotes=quotes,
        events=events,
        commitments=commitments,
        extractor_version="gold",
    )
