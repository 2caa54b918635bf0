"""Article-level commitments derived from events (SPEC §2, Commitments).

An AGREE (promise, offer), AID (delivery), SANCTION, REJECT or RETREAT event becomes a
commitment of its actors to its recipients. What it is about comes from cue words
(``lang/<xx>/commitments.yaml``), the stage from the trigger's wording. Commitments of
one article with the same recipient and ``what`` and overlapping givers are one
commitment at the furthest stage the article reports.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wirecoder.extract.lexicon import load_yaml
from wirecoder.records import Commitment, Event

STAGE_ORDER = (
    "considered",
    "offered",
    "promised",
    "intent_signed",
    "agreed",
    "approved",
    "delivered",
)
OFF_PATH = ("withdrawn", "rejected")
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,\u202f ]\d{3})+|\d+(?:[.,]\d+)?)")


def stage_rank(stage: str) -> int:
    """Progress of a stage; off-path stages rank above all (they end a thread)."""
    if stage in STAGE_ORDER:
        return STAGE_ORDER.index(stage)
    return len(STAGE_ORDER)


@dataclass(frozen=True)
class CommitmentLexicon:
    language: str
    what: tuple[tuple[str, tuple[str, ...]], ...]
    event_types: dict[str, str]
    multipliers: dict[str, float]
    units: dict[str, str]


@functools.cache
def commitment_lexicon(language: str) -> CommitmentLexicon:
    data: dict[str, Any] = load_yaml(language, "commitments.yaml")
    amounts = data.get("amounts") or {}
    return CommitmentLexicon(
        language=language,
        what=tuple(
            (name, tuple(str(w).lower() for w in words))
            for name, words in (data.get("what") or {}).items()
        ),
        event_types={str(k): str(v) for k, v in (data.get("event_types") or {}).items()},
        multipliers={
            str(k).lower(): float(v) for k, v in (amounts.get("multipliers") or {}).items()
        },
        units={str(k).lower(): str(v) for k, v in (amounts.get("units") or {}).items()},
    )


def _contains(text: str, word: str, german: bool) -> bool:
    if german:
        return word in text
    return re.search(r"\b" + re.escape(word), text) is not None


def classify_what(text: str, lexicon: CommitmentLexicon) -> str | None:
    low = text.lower()
    german = lexicon.language == "de"
    for name, words in lexicon.what:
        if any(_contains(low, w, german) for w in words):
            return name
    return None


def parse_number(raw: str, german: bool) -> float | None:
    cleaned = raw.replace("\u202f", "").replace(" ", "")
    # German writes 1.200,5 where English writes 1,200.5.
    cleaned = cleaned.replace(".", "").replace(",", ".") if german else cleaned.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def find_amount(text: str, lexicon: CommitmentLexicon) -> tuple[float, str] | None:
    """The first number with a unit ("2 Mrd. Euro", "5.000 Soldaten", "$1.2 billion")."""
    german = lexicon.language == "de"
    for match in NUMBER.finditer(text):
        value = parse_number(match.group(1), german)
        if value is None:
            continue
        before = text[max(0, match.start() - 2) : match.start()].strip().lower()
        rest = text[match.end() : match.end() + 40].split()
        raw_words = [w.lower() for w in rest[:3]]
        words = [w.strip(",.;:()") for w in raw_words]
        unit = None
        k = 0
        if words and (raw_words[0] in lexicon.multipliers or words[0] in lexicon.multipliers):
            value *= lexicon.multipliers.get(raw_words[0]) or lexicon.multipliers[words[0]]
            k = 1
        if len(words) > k and words[k] in lexicon.units:
            unit = lexicon.units[words[k]]
        elif before[-1:] in lexicon.units:
            unit = lexicon.units[before[-1:]]
        if unit is not None:
            return value, unit
    return None


def derive_commitments(
    events: Sequence[Event], sentence_text: dict[str, str], language: str
) -> list[Commitment]:
    """Commitments of one article; ``sentence_text`` maps event id -> its sentence."""
    lexicon = commitment_lexicon(language)
    found: list[Commitment] = []
    for event in events:
        default_stage = lexicon.event_types.get(event.type)
        if default_stage is None or not event.actor:
            continue
        if event.aux in {"negated", "hypothetical"}:
            continue
        content_text = event.content.text if event.content and event.content.text else ""
        evidence = content_text or sentence_text.get(event.id, "")
        what = classify_what(evidence, lexicon) or classify_what(
            sentence_text.get(event.id, ""), lexicon
        )
        if what is None:
            continue
        if event.type == "SUPPORT" and event.stage not in {"approved"}:
            continue  # signing or praise: the declared content is a separate AGREE
        stage = event.stage or default_stage
        if event.type == "REJECT":
            stage = "rejected"
        amount = find_amount(evidence, lexicon)
        found.append(
            Commitment(
                id="",
                givers=list(event.actor),
                recipient=list(event.recipient),
                what=what,
                text=content_text or sentence_text.get(event.id, ""),
                stage=stage,
                condition=event.condition,
                events=[event.id],
                amount=amount[0] if amount else None,
                unit=amount[1] if amount else None,
            )
        )
    merged = _merge(found)
    for n, com in enumerate(merged, start=1):
        com.id = f"c{n}"
    return merged


def _merge(items: list[Commitment]) -> list[Commitment]:
    out: list[Commitment] = []
    for com in items:
        same = next(
            (
                o
                for o in out
                if o.what == com.what
                and set(o.givers) & set(com.givers)
                and (set(o.recipient) & set(com.recipient) or not o.recipient or not com.recipient)
            ),
            None,
        )
        if same is None:
            out.append(com)
            continue
        same.givers += [g for g in com.givers if g not in same.givers]
        same.recipient += [r for r in com.recipient if r not in same.recipient]
        same.events += com.events
        same.condition = same.condition or com.condition
        if same.amount is None and com.amount is not None:
            same.amount, same.unit = com.amount, com.unit
        if stage_rank(com.stage) > stage_rank(same.stage):
            same.stage, same.text = com.stage, com.text
    return out
