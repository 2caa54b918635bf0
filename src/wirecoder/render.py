"""Readable terminal views of documents (Rich), used by ``extract --format table``,
``show`` and ``demo``."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from wirecoder.records import Document


def _cells(*values: object) -> list[Text]:
    """Table cells as plain Text: article strings must never be read as Rich markup."""
    return [Text("" if v is None else str(v)) for v in values]


def _names(doc: Document, ids: list[str]) -> str:
    out = []
    for ent_id in ids:
        ent = doc.entity(ent_id)
        if ent is None:
            out.append(ent_id)
        else:
            out.append(f"{ent.name} [{ent.code or '-'}]")
    return ", ".join(out) or "-"


def _short(text: str | None, size: int = 90) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def document_view(doc: Document) -> Group:
    art = doc.article
    head = Text.assemble(
        (art.title or art.id, "bold"),
        f"\n{art.date or 'no date'} · {', '.join(art.sources) or 'no source'} · "
        f"{art.language or '?'} · id {art.id}",
    )
    parts: list[Panel | Table | Text] = [Panel(head, expand=True)]

    ents = Table(title=f"Entities ({len(doc.entities)})", show_lines=False, expand=True)
    for col in ("id", "name", "kind", "code", "sector", "mentions"):
        ents.add_column(col)
    for ent in doc.entities:
        ents.add_row(
            *_cells(
                ent.id, ent.name, ent.kind, ent.code or "", ent.sector or "", str(len(ent.mentions))
            )
        )
    parts.append(ents)

    quotes = Table(title=f"Quotes ({len(doc.quotes)})", expand=True)
    for col in ("id", "kind", "speaker", "text"):
        quotes.add_column(col)
    for q in doc.quotes:
        quotes.add_row(
            *_cells(q.id, q.kind, _names(doc, [q.speaker] if q.speaker else []), _short(q.text))
        )
    parts.append(quotes)

    events = Table(title=f"Events ({len(doc.events)})", expand=True)
    for col in (
        "id",
        "type",
        "actor",
        "recipient",
        "aux",
        "condition",
        "content",
        "source",
        "trigger",
    ):
        events.add_column(col)
    for ev in doc.events:
        events.add_row(
            *_cells(
                ev.id,
                ev.type,
                _names(doc, ev.actor),
                _names(doc, ev.recipient),
                ev.aux or "",
                _short(ev.condition, 40),
                (ev.content.type or "") if ev.content else "",
                _names(doc, [ev.source]) if ev.source else "",
                art.text[ev.trigger[0] : ev.trigger[1]],
            )
        )
    parts.append(events)

    coms = Table(title=f"Commitments ({len(doc.commitments)})", expand=True)
    for col in ("id", "givers", "recipient", "what", "stage", "amount", "condition"):
        coms.add_column(col)
    for c in doc.commitments:
        amount = f"{c.amount:,.0f} {c.unit}" if c.amount is not None else ""
        coms.add_row(
            *_cells(
                c.id,
                _names(doc, c.givers),
                _names(doc, c.recipient),
                c.what,
                c.stage,
                amount,
                _short(c.condition, 40),
            )
        )
    parts.append(coms)
    return Group(*parts)


def print_document(doc: Document, console: Console) -> None:
    console.print(document_view(doc))


def _label(doc: Document, ids: list[str]) -> str:
    names = []
    for ent_id in ids:
        ent = doc.entity(ent_id)
        names.append(ent.code or ent.name if ent else ent_id)
    return "+".join(names) or "?"


def document_summary(doc: Document) -> Group:
    """A compact view for the demo: one line per quote, event and commitment."""
    art = doc.article
    lines: list[Text] = [
        Text.assemble(
            (art.title or art.id, "bold cyan"),
            f"  ({art.date or 'no date'}, {', '.join(art.sources) or 'no source'}, "
            f"{art.language or '?'})",
        )
    ]
    for q in doc.quotes:
        speaker = doc.entity(q.speaker)
        who = speaker.name if speaker else "unknown speaker"
        lines.append(Text(f"  quote   {q.kind:<8} {who}: {_short(q.text, 70)}"))
    for ev in doc.events:
        extra = []
        if ev.aux:
            extra.append(ev.aux)
        if ev.condition:
            extra.append(f"if: {_short(ev.condition, 30)}")
        if ev.source:
            src = doc.entity(ev.source)
            extra.append(f"says {src.name if src else ev.source}")
        arrow = f"{_label(doc, ev.actor)} -> {_label(doc, ev.recipient)}"
        trigger = art.text[ev.trigger[0] : ev.trigger[1]]
        lines.append(
            Text(f"  event   {ev.type:<9} {arrow:<22} '{trigger}'  {'; '.join(extra)}".rstrip())
        )
    for c in doc.commitments:
        amount = f" {c.amount:,.0f} {c.unit}" if c.amount is not None else ""
        lines.append(
            Text(
                f"  pledge  {c.what:<18} {_label(doc, c.givers)} -> {_label(doc, c.recipient)}"
                f"  stage {c.stage}{amount}"
            )
        )
    return Group(*lines)
