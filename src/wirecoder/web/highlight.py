"""Article text as HTML with the document's spans highlighted.

The text is cut at every span boundary into segments; each segment is escaped on its
own and wrapped in one flat ``<span>`` carrying the classes and ids of every span that
covers it, so overlapping spans need no nesting. The article text is never inserted
unescaped, and neither is anything from the document (names, ids, types).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from markupsafe import Markup, escape

from wirecoder.records import Document, Entity
from wirecoder.store.views import event_class

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_FINAL_PUNCTUATION = ".!?:;…\"“”»«'’)"
# Number of speaker colours in the stylesheet (.spk-0 ... .spk-5).
SPEAKER_COLOURS = 6
_CLASS_SAFE = re.compile(r"[^a-z0-9_-]")


def css_token(value: str | None) -> str:
    """A value reduced to characters that are safe and meaningful in a class name."""
    return _CLASS_SAFE.sub("-", (value or "none").lower())[:40]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    classes: tuple[str, ...]
    ref: str
    title: str | None = None


@dataclass
class _Insert:
    pos: int
    html: Markup
    before: bool  # True: before the text at pos; False: after the text ending at pos


@dataclass
class Block:
    """One paragraph (or subheading) of the highlighted text."""

    html: Markup
    heading: bool = False
    start: int = 0
    end: int = 0


@dataclass
class Highlighted:
    blocks: list[Block] = field(default_factory=list)
    speakers: dict[str, int] = field(default_factory=dict)  # entity id -> colour index


def _is_heading(text: str) -> bool:
    """A short single line with letters and no final punctuation (SPEC §1 subheading)."""
    stripped = text.strip()
    if not stripped or "\n" in stripped or len(stripped) > 200:
        return False
    if not any(ch.isalpha() for ch in stripped):
        return False
    return stripped[-1] not in _FINAL_PUNCTUATION


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of text between blank lines, trimmed."""
    out = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def _valid(start: int, end: int, length: int) -> tuple[int, int] | None:
    start = max(0, min(int(start), length))
    end = max(0, min(int(end), length))
    return (start, end) if end > start else None


def speaker_colours(doc: Document) -> dict[str, int]:
    """A colour index per quoted speaker, in order of their first quote."""
    out: dict[str, int] = {}
    for quote in sorted(doc.quotes, key=lambda q: (q.span[0], q.id)):
        key = quote.speaker or ""
        if key not in out:
            out[key] = len(out) % SPEAKER_COLOURS
    return out


def highlight(doc: Document) -> Highlighted:
    """The article's text as escaped HTML blocks with entities, quotes and events marked."""
    text = doc.article.text
    length = len(text)
    spans: list[_Span] = []
    inserts: list[_Insert] = []
    names = {e.id: e for e in doc.entities}

    for ent in doc.entities:
        label = " · ".join(x for x in (ent.name, ent.kind, ent.code, ent.role) if x)
        for start, end in ent.mentions:
            valid = _valid(start, end, length)
            if valid:
                spans.append(_Span(*valid, ("ent", f"ent-{css_token(ent.kind)}"), ent.id, label))

    colours = speaker_colours(doc)
    for quote in doc.quotes:
        valid = _valid(quote.span[0], quote.span[1], length)
        if not valid:
            continue
        speaker = names.get(quote.speaker or "")
        who = speaker.name if speaker else "unknown speaker"
        colour = colours.get(quote.speaker or "", 0)
        code = f" ({speaker.code})" if speaker and speaker.code else ""
        spans.append(
            _Span(
                *valid,
                ("quote", f"quote-{css_token(quote.kind)}", f"spk-{colour}"),
                quote.id,
                f"{quote.kind} quote · {who}{code}",
            )
        )
        tag = Markup('<span class="speaker-tag spk-{}" data-ref="{}" title="{}">{}</span>').format(
            colour, quote.id, f"{quote.kind} quote {quote.id}", who
        )
        inserts.append(_Insert(valid[0], tag, before=True))

    for event in doc.events:
        cls = event_class(event.type)
        evidence = _valid(event.span[0], event.span[1], length)
        if evidence:
            spans.append(_Span(*evidence, ("evidence",), event.id, None))
        trigger = _valid(event.trigger[0], event.trigger[1], length)
        if trigger:
            actors = ", ".join(_label(names, a) for a in event.actor) or "?"
            recipients = ", ".join(_label(names, r) for r in event.recipient)
            title = f"{event.type} · {actors}" + (f" → {recipients}" if recipients else "")
            spans.append(_Span(*trigger, ("trigger", f"ev-{cls}"), event.id, title))
            tag = Markup('<sup class="ev-tag ev-{}" data-ref="{}">{}</sup>').format(
                cls, event.id, event.type
            )
            inserts.append(_Insert(trigger[1], tag, before=False))

    blocks = []
    for p_start, p_end in paragraphs(text):
        html = _render(text, p_start, p_end, spans, inserts)
        blocks.append(Block(html, _is_heading(text[p_start:p_end]), p_start, p_end))
    return Highlighted(blocks, colours)


def _label(names: Mapping[str, Entity], entity_id: str) -> str:
    ent = names.get(entity_id)
    if ent is None:
        return entity_id
    return f"{ent.name} ({ent.code})" if ent.code else ent.name


def _render(
    text: str, start: int, end: int, spans: Iterable[_Span], inserts: list[_Insert]
) -> Markup:
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = {start, end}
    for s in inside:
        cuts.add(max(start, s.start))
        cuts.add(min(end, s.end))
    before: dict[int, list[Markup]] = {}
    after: dict[int, list[Markup]] = {}
    for ins in inserts:
        if ins.before and start <= ins.pos < end:
            before.setdefault(ins.pos, []).append(ins.html)
            cuts.add(ins.pos)
        elif not ins.before and start < ins.pos <= end:
            after.setdefault(ins.pos, []).append(ins.html)
            cuts.add(ins.pos)
    points = sorted(cuts)
    out: list[Markup] = []
    for a, b in pairwise(points):
        out.extend(before.get(a, []))
        segment = text[a:b]
        active = [s for s in inside if s.start <= a and s.end >= b]
        if not active:
            out.append(escape(segment))
        else:
            classes: list[str] = []
            refs: list[str] = []
            titles: list[str] = []
            for s in sorted(active, key=lambda s: (s.start, -s.end)):
                for c in s.classes:
                    if c not in classes:
                        classes.append(c)
                if s.ref not in refs:
                    refs.append(s.ref)
                if s.title and s.title not in titles:
                    titles.append(s.title)
            if titles:
                out.append(
                    Markup('<span class="{}" data-refs="{}" title="{}">{}</span>').format(
                        " ".join(classes), " ".join(refs), "\n".join(titles), segment
                    )
                )
            else:
                out.append(
                    Markup('<span class="{}" data-refs="{}">{}</span>').format(
                        " ".join(classes), " ".join(refs), segment
                    )
                )
        out.extend(after.get(b, []))
    return Markup("").join(out)
