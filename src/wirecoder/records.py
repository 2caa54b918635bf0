"""Plain typed records passed between pipeline stages (SPEC.md sections 1 and 2).

Every stage takes and returns these dataclasses, so each stage can be tested alone.
Offsets are Unicode code point offsets into ``Article.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]


@dataclass
class Article:
    """One news article as read by ``wirecoder.ingest`` (SPEC §1)."""

    id: str
    text: str
    date: str | None = None
    sources: list[str] = field(default_factory=list)
    language: str | None = None
    title: str | None = None
    url: str | None = None
    # Where the article was read from (file path, "path:line", "<stdin>"); not part of SPEC.
    origin: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "sources": list(self.sources),
            "language": self.language,
            "title": self.title,
            "text": self.text,
            "url": self.url,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=str(data["id"]),
            text=str(data.get("text") or ""),
            date=data.get("date"),
            sources=list(data.get("sources") or []),
            language=data.get("language"),
            title=data.get("title"),
            url=data.get("url"),
        )


@dataclass
class IngestError:
    """A bad input item: reported with where it came from and why, then skipped."""

    origin: str
    reason: str


@dataclass
class Token:
    text: str
    start: int
    end: int
    lemma: str = ""
    # STTS tag for German (HanTa), Penn tag for English (HanTa English model).
    pos: str = ""


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    # A line without final punctuation standing alone (SPEC §1 subheading).
    is_heading: bool = False
    paragraph: int = 0


@dataclass
class AnalyzedText:
    """Output of the text layer: sentences with tokens for one article."""

    article: Article
    language: str
    sentences: list[Sentence]


@dataclass
class Entity:
    id: str
    name: str
    kind: str  # state | person | organisation | group | place
    code: str | None = None
    sector: str | None = None
    role: str | None = None
    mentions: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["mentions"] = [list(m) for m in self.mentions]
        return data


@dataclass
class Quote:
    id: str
    speaker: str | None  # entity id
    kind: str  # direct | indirect | partial
    text: str
    span: Span
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span)
        return data


@dataclass
class Content:
    type: str | None
    mode: str | None = None
    text: str | None = None


@dataclass
class Event:
    id: str
    type: str
    actor: list[str]
    recipient: list[str]
    trigger: Span
    span: Span
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    aux: str | None = None
    condition: str | None = None
    content: Content | None = None
    source: str | None = None  # entity id of the reporting speaker
    date: str | None = None
    location: str | None = None
    confidence: float = 0.5
    # Which rule produced the event (for `wirecoder explain`); extra field allowed by SPEC.
    rule: str | None = None
    # Commitment stage the wording implies ("zusichern" -> promised); feeds commitments.
    stage: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["trigger"] = list(self.trigger)
        data["span"] = list(self.span)
        return data


@dataclass
class Commitment:
    id: str
    givers: list[str]
    recipient: list[str]
    what: str
    text: str
    stage: str
    condition: str | None = None
    events: list[str] = field(default_factory=list)
    amount: float | None = None
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """The SPEC §2 output for one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    extractor_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [e.to_dict() for e in self.events],
            "commitments": [c.to_dict() for c in self.commitments],
            "extractor_version": self.extractor_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from its SPEC §2 JSON form."""
        events = []
        for ev in data.get("events", []):
            content = ev.get("content")
            events.append(
                Event(
                    id=ev["id"],
                    type=ev["type"],
                    actor=list(ev.get("actor") or []),
                    recipient=list(ev.get("recipient") or []),
                    trigger=tuple(ev.get("trigger") or (0, 0)),  # type: ignore[arg-type]
                    span=tuple(ev.get("span") or (0, 0)),  # type: ignore[arg-type]
                    mode=ev.get("mode"),
                    contexts=list(ev.get("contexts") or []),
                    aux=ev.get("aux"),
                    condition=ev.get("condition"),
                    content=Content(**content) if isinstance(content, dict) else None,
                    source=ev.get("source"),
                    date=ev.get("date"),
                    location=ev.get("location"),
                    confidence=float(ev.get("confidence", 0.5)),
                    rule=ev.get("rule"),
                    stage=ev.get("stage"),
                )
            )
        return cls(
            article=Article.from_dict(data["article"]),
            entities=[
                Entity(
                    id=e["id"],
                    name=e["name"],
                    kind=e["kind"],
                    code=e.get("code"),
                    sector=e.get("sector"),
                    role=e.get("role"),
                    mentions=[tuple(m) for m in e.get("mentions", [])],  # type: ignore[misc]
                )
                for e in data.get("entities", [])
            ],
            quotes=[
                Quote(
                    id=q["id"],
                    speaker=q.get("speaker"),
                    kind=q["kind"],
                    text=q["text"],
                    span=tuple(q["span"]),  # type: ignore[arg-type]
                    cue=q.get("cue"),
                )
                for q in data.get("quotes", [])
            ],
            events=events,
            commitments=[
                Commitment(
                    id=c["id"],
                    givers=list(c.get("givers") or []),
                    recipient=list(c.get("recipient") or []),
                    what=c["what"],
                    text=c.get("text") or "",
                    stage=c["stage"],
                    condition=c.get("condition"),
                    events=list(c.get("events") or []),
                    amount=c.get("amount"),
                    unit=c.get("unit"),
                )
                for c in data.get("commitments", [])
            ],
            extractor_version=str(data.get("extractor_version", "")),
        )

    def entity(self, entity_id: str | None) -> Entity | None:
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None
