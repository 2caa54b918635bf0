"""From a stored document to the ledger's view of its commitments ("observations").

Entity ids become actor keys (the entity's code; its name when it has no code or the
wildcard ``*``), each commitment gets its evidence sentence, and the words and numbers
of its text are reduced to comparable features (crude lemmas, so that German and
English texts about the same object share "nasams", "system", "250").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from wirecoder.extract.commitments import commitment_lexicon
from wirecoder.records import Document, Entity, Event

from .model import OFF_PATH, STAGE_ORDER, UNDATED, merge_rank, parse_date

WILDCARD_CODES = frozenset({"", "*"})

_STOPWORDS = frozenset(
    """\
    der die das den dem des ein eine einer eines einem einen und oder aber auch mit von
    vom zum zur fur uber auf aus bei bis nach seit unter vor als wie dass sich sie sein
    ihre ihren ihrer ihr wir man hat haben habe hatte wird werden wurde wurden soll
    sollen sollte sollten nicht noch weitere weiterer weiteren zusatzliche zusatzlichen
    insgesamt rund etwa jahr diesem dieser dieses
    the and for with from that this these those its their his her has have had will
    would shall should was were are been being not yet also more further additional
    about into onto over under per year which who whom than then there
    """.split()  # noqa: SIM905
)
# Suffixes stripped (longest first) to approximate a lemma in German and English.
_SUFFIXES = (
    "ungen",
    "ings",
    "ung",
    "ing",
    "ern",
    "ies",
    "en",
    "er",
    "es",
    "ed",
    "e",
    "s",
    "n",
)
_WORD = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+(?:[.,\u202f ]\d+)*")


def _fold(text: str) -> str:
    text = text.lower().replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def text_features(text: str) -> frozenset[str]:
    """Crude lemmas and numbers of a commitment text.

    Numbers lose their separators ("2,5" and "2.5" → "#25", "1.200" and "1,200" →
    "#1200"), so amounts match across German and English notation. Long (compound)
    words also contribute their last six letters ("luftverteidigungssystem" → "system").
    """
    folded = _fold(text)
    out: set[str] = set()
    for match in _NUMBER.finditer(folded):
        out.add("#" + re.sub(r"\D", "", match.group()))
    for word in _WORD.findall(folded):
        if len(word) < 3 or word in _STOPWORDS:
            continue
        lemma = stem(word)
        out.add(lemma)
        if len(lemma) >= 10:
            out.add(lemma[-6:])
    return frozenset(out)


def object_score(a: Iterable[str], b: Iterable[str]) -> float | None:
    """Overlap coefficient of two feature sets; None when one is empty (no evidence)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return None
    return len(sa & sb) / min(len(sa), len(sb))


def actor_key(entity: Entity) -> str:
    """The key an actor is threaded by: its code, else its name."""
    code = (entity.code or "").strip()
    if code not in WILDCARD_CODES:
        return code
    return " ".join(entity.name.split()) or entity.id


@functools.cache
def _default_stages(language: str) -> dict[str, str]:
    try:
        return dict(commitment_lexicon(language if language in ("de", "en") else "en").event_types)
    except (OSError, ValueError):  # pragma: no cover - packaged data missing
        return {}


def event_stage(event: Event, language: str | None) -> str | None:
    """The commitment stage an event reports (as ``derive_commitments`` assigns it)."""
    if event.type == "REJECT":
        return "rejected"
    return event.stage or _default_stages(language or "en").get(event.type)


@dataclass
class Observation:
    """One article-level commitment as the ledger threads it."""

    article_id: str
    date: str | None
    ord: int
    commitment_id: str | None
    givers: list[str]
    recipient: list[str]
    what: str
    text: str
    stage: str
    condition: str | None = None
    amount: float | None = None
    unit: str | None = None
    event_id: str | None = None
    evidence: str = ""
    historical: bool = False
    denies: list[str] = field(default_factory=list)
    features: frozenset[str] = frozenset()
    # Why the commitment cannot be threaded (no known giver), else None.
    problem: str | None = None
    uid: int = 0

    def sort_key(self) -> tuple[str, str, int]:
        return (
            self.date if self.date and parse_date(self.date) else UNDATED,
            self.article_id,
            self.ord,
        )


def _keys(ids: Iterable[str], entities: dict[str, Entity]) -> list[str]:
    out: list[str] = []
    for eid in ids:
        ent = entities.get(eid)
        if ent is None:
            continue
        key = actor_key(ent)
        if key not in out:
            out.append(key)
    return out


def _sentence(doc: Document, event: Event) -> str:
    start, end = event.span
    text = doc.article.text
    if 0 <= start < end <= len(text):
        return " ".join(text[start:end].split())
    return ""


def observe(doc: Document) -> list[Observation]:
    """The ledger's observations of one document's commitments."""
    entities = {e.id: e for e in doc.entities}
    events = {e.id: e for e in doc.events}
    language = doc.article.language
    date = doc.article.date[:10] if doc.article.date else None
    out: list[Observation] = []
    for n, com in enumerate(doc.commitments):
        givers = _keys(com.givers, entities)
        recipient = _keys(com.recipient, entities)
        givers = [g for g in givers if g not in recipient] or givers
        evs = [events[eid] for eid in com.events if eid in events]
        live = [ev for ev in evs if ev.aux != "historical"]
        stage = com.stage
        if live and len(live) < len(evs):
            # The article-level stage may come from a historical restatement ("had said
            # on April 27 that ... were delivered"): the article itself reports only what
            # its other events say.
            stages = [s for s in (event_stage(ev, language) for ev in live) if s]
            if stages:
                stage = max(stages, key=merge_rank)
        chosen = next(
            (ev for ev in (live or evs) if event_stage(ev, language) == stage),
            (live or evs)[0] if evs else None,
        )
        text = com.text
        if chosen is not None and stage != com.stage:
            text = chosen.content.text if chosen.content and chosen.content.text else text
        evidence = _sentence(doc, chosen) if chosen is not None else ""
        denies: list[str] = []
        for ev in doc.events:
            if ev.aux != "negated" or not set(_keys(ev.actor, entities)) & set(givers):
                continue
            denied = event_stage(ev, language)
            if denied and denied in STAGE_ORDER and denied not in denies:
                denies.append(denied)
        problem = None
        if not givers:
            problem = "no giver is a known entity"
        elif stage not in STAGE_ORDER and stage not in OFF_PATH:
            problem = f"unknown stage {stage!r}"
        out.append(
            Observation(
                article_id=doc.article.id,
                date=date,
                ord=n,
                commitment_id=com.id or None,
                givers=givers,
                recipient=recipient,
                what=com.what,
                text=" ".join(text.split()),
                stage=stage,
                condition=com.condition,
                amount=com.amount,
                unit=com.unit,
                event_id=chosen.id if chosen is not None else next(iter(com.events), None),
                evidence=evidence or " ".join(com.text.split()),
                historical=bool(evs) and not live,
                denies=denies,
                features=text_features(text or evidence),
                problem=problem,
            )
        )
    return out
