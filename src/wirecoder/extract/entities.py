"""Turn actor mentions into article-level entities, with simple within-article coreference.

Mentions come from the knowledge-base matcher (``wirecoder.extract.mentions``). Here they
are grouped into entities (one per person, one per state and sector), surname-only
repetitions of known people are added, and subject pronouns are resolved to the last
person named before them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from wirecoder.records import Entity, Sentence


class MentionLike(Protocol):
    """What entity building needs of a mention (``wirecoder.extract.mentions.Mention``)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def code(self) -> str | None: ...
    @property
    def sector(self) -> str | None: ...
    @property
    def role(self) -> str | None: ...
    @property
    def name(self) -> str: ...
    @property
    def key(self) -> str: ...


@dataclass
class EntityTable:
    """Entities of one article and an index from character spans to entity ids."""

    entities: list[Entity] = field(default_factory=list)
    # (start, end, entity id), sorted by start.
    spans: list[tuple[int, int, str]] = field(default_factory=list)

    def by_id(self, entity_id: str | None) -> Entity | None:
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None

    def in_span(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Mentions lying inside [start, end), in text order."""
        lo = bisect.bisect_left(self.spans, (start, -1, ""))
        out = []
        for item in self.spans[lo:]:
            if item[0] >= end:
                break
            if item[1] <= end:
                out.append(item)
        return out

    def add_adhoc(
        self,
        name: str,
        kind: str,
        start: int,
        end: int,
        code: str | None = None,
        sector: str | None = None,
    ) -> str:
        """An entity the knowledge base does not know ("ein Sprecher der Polizei"), found
        as the subject of a speech verb; repeated names share one entity. ``code`` and
        ``sector`` come from a known actor inside the name ("Verteidigungsministerium in
        Moskau" -> RUS)."""
        for ent in self.entities:
            if ent.code == code and ent.name == name and ent.kind == kind:
                break
        else:
            ent = Entity(
                id=f"e{len(self.entities) + 1}", name=name, kind=kind, code=code, sector=sector
            )
            self.entities.append(ent)
        if (start, end) not in ent.mentions:
            ent.mentions.append((start, end))
            ent.mentions.sort()
            bisect.insort(self.spans, (start, end, ent.id))
        return ent.id

    def person_before(self, offset: int, window: int = 2000) -> str | None:
        """The person named last before ``offset`` (within ``window`` characters)."""
        hi = bisect.bisect_left(self.spans, (offset, -1, ""))
        for start, _end, ent_id in reversed(self.spans[:hi]):
            if offset - start > window:
                break
            ent = self.by_id(ent_id)
            if ent is not None and ent.kind == "person":
                return ent_id
        return None


def _entity_key(mention: MentionLike) -> str:
    # States are split by sector: "Großbritannien" and "britische Soldaten" are different
    # actors (GOV state vs MIL) that share a code.
    if mention.kind == "person":
        return f"person:{mention.key}"
    return f"{mention.kind}:{mention.key}:{mention.sector or ''}"


def build_entities(
    text: str,
    sentences: Sequence[Sentence],
    mentions: Iterable[MentionLike],
    pronouns: Iterable[str] = (),
) -> EntityTable:
    """Group mentions into entities and add surname and pronoun mentions of people."""
    by_key: dict[str, Entity] = {}
    spans: list[tuple[int, int, str]] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        key = _entity_key(mention)
        ent = by_key.get(key)
        if ent is None:
            ent = Entity(
                id=f"e{len(by_key) + 1}",
                name=mention.name,
                kind=mention.kind,
                code=mention.code,
                sector=mention.sector,
                role=mention.role,
            )
            by_key[key] = ent
        elif ent.role is None and mention.role:
            ent.role = mention.role
        ent.mentions.append((mention.start, mention.end))
        spans.append((mention.start, mention.end, ent.id))

    table = EntityTable(entities=list(by_key.values()), spans=sorted(spans))
    _add_surname_mentions(table, sentences)
    _add_pronoun_mentions(table, sentences, {p.lower() for p in pronouns})
    return table


def _covered(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
    hi = bisect.bisect_right(spans, (end, end, "\uffff"))
    return any(s < end and start < e for s, e, _ in spans[max(0, hi - 8) : hi])


def _add_surname_mentions(table: EntityTable, sentences: Sequence[Sentence]) -> None:
    """Repeat mentions by surname ("Witkoff" after "Steve Witkoff") that the matcher missed."""
    surnames: dict[str, Entity] = {}
    for ent in table.entities:
        parts = ent.name.split()
        if ent.kind == "person" and len(parts) > 1:
            surnames.setdefault(parts[-1], ent)
    if not surnames:
        return
    added: list[tuple[int, int, str]] = []
    for sent in sentences:
        for tok in sent.tokens:
            # "Trump-Schwiegersohns": the name may be the first part of a compound.
            head = tok.text.split("-", 1)[0]
            base = head[:-1] if head.endswith("s") and head[:-1] in surnames else head
            named = surnames.get(base)
            if named is None:
                continue
            ent = named
            start, end = tok.start, tok.start + len(base)
            if _covered(table.spans, start, end):
                continue
            first_mention = min(ent.mentions)[0] if ent.mentions else 0
            if start < first_mention:
                continue
            ent.mentions.append((start, end))
            added.append((start, end, ent.id))
    if added:
        table.spans = sorted(table.spans + added)
        for ent in table.entities:
            ent.mentions.sort()


# Tags before a mention that mean it stands in a prepositional phrase ("mit dem
# französischen Präsidenten Macron"), skipping articles and adjectives (STTS and C5).
_PREPOSITION_TAGS = frozenset({"APPR", "APPRART", "PRP", "PRF"})
_NOMINAL_PREFIX_TAGS = frozenset({"ART", "ADJA", "PPOSAT", "NN", "AT0", "AJ0", "DPS", "NN1"})


def _governed_by_preposition(sentence: Sentence, start: int) -> bool:
    before = [tok for tok in sentence.tokens if tok.end <= start]
    for tok in reversed(before):
        tag = tok.pos.replace("(", "").replace(")", "")
        if tag in _PREPOSITION_TAGS:
            return True
        if tag not in _NOMINAL_PREFIX_TAGS:
            return False
    return False


def _add_pronoun_mentions(
    table: EntityTable, sentences: Sequence[Sentence], pronouns: set[str]
) -> None:
    """Resolve subject pronouns ("Auch er warf ... vor", "sagte er") to the last person
    named as a possible subject: people inside a prepositional phrase of the same sentence
    ("Gemeinsam mit dem Präsidenten Macron habe er ...") are passed over."""
    if not pronouns:
        return
    added = False
    for sent in sentences:
        for tok in sent.tokens:
            if tok.text.lower() not in pronouns:
                continue
            ent_id = _antecedent(table, sent, tok.start)
            ent = table.by_id(ent_id)
            if ent is None:
                continue
            ent.mentions.append((tok.start, tok.end))
            added = True
            # Later pronouns in the same sentence must see this resolution.
            bisect.insort(table.spans, (tok.start, tok.end, ent.id))
    if added:
        for ent in table.entities:
            ent.mentions.sort()


def _antecedent(table: EntityTable, sentence: Sentence, offset: int) -> str | None:
    """Walk back over the mentions before ``offset``: the first person whose mention is
    in an earlier sentence or not inside a prepositional phrase; else the last person."""
    first = table.person_before(offset)
    hi = bisect.bisect_left(table.spans, (offset, -1, ""))
    for start, _end, ent_id in reversed(table.spans[:hi]):
        ent = table.by_id(ent_id)
        if ent is None or ent.kind != "person":
            continue
        if start < sentence.start or not _governed_by_preposition(sentence, start):
            return ent_id
    return first
