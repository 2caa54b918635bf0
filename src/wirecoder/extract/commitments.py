"""Article-level commitments derived from events (SPEC §2, Commitments).

An AGREE (promise, offer), AID (delivery), SANCTION, REJECT or RETREAT event, a signing
or an approval (SUPPORT) becomes a commitment of its actors to its recipients. The
wording is data in ``lang/<xx>/commitments.yaml``:

- **what** from cue words, read clause by clause: the event's content first, then the
  trigger's clause, then the rest of the sentence, so a cue in another clause ("500 million
  euros for Ukraine, Dutch offer troops") does not decide it; a cue naming who receives
  ("an die Streitkräfte übergeben") does not either. A content that moves forces is
  troops. The event type bounds the class: a SANCTION is only ``sanctions``, an AID only
  aid, a REJECT only what its content refuses.
- **stage** from the wording: a cue on the trigger word; for an infinitive after "zu"/"to"
  the verb governing it ("erwägt, ... zu überlassen" -> considered); else the event
  coder's stage; else a cue in the trigger's clause; else the event type's default (a
  stage no wording reports, which never outranks a worded one). A completed act said
  with a future or modal verb has not happened: a delivery ("will supply", "werde
  überlassen") is a promise, a signing, agreement or approval ("müsse noch zustimmen",
  "wollen ... unterzeichnen") no stage at all; a possibility ("könnten ... verlegt
  werden") is at most an offer. What was signed sets a signing's stage (declaration of
  intent, memorandum -> intent_signed; agreement, contract -> agreed).
- **amount** from numbers with units; a total ("insgesamt 1,2 Mrd. Euro") wins over a
  replaced figure ("statt 500 Mio. Euro"). Troop numbers keep the unit ``troops``.

Negated events make no commitment unless the negation belongs to another event of the
sentence between it and the trigger ("has not yet delivered the systems it promised"),
and a stage the article negates for the givers is not the article's stage though another
sentence reports it. Hypothetical events count only as ``considered``. A signing between
the parties of a commitment raises that commitment; alone it becomes one when one
signatory is the article's recipient of aid.

Commitments of one article with the same ``what``, intersecting givers and compatible
recipients (intersecting, or one side naming none) are one commitment at the furthest
stage the article reports. With the entity table actors are compared by code, so
"Großbritannien" and "Starmer" are one giver and a giver is never its own recipient. A
commitment whose events name no recipient takes one from the sentence (a state after
"für"/"an"/"to"/"for", or the one state its content names), else the recipient of the
givers' other commitments, else the article's recipient of aid (of promises and
deliveries of aid, and who asked for aid), else the givers' counterpart in other events.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from wirecoder.extract.lexicon import load_yaml
from wirecoder.records import Commitment, Entity, Event

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
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,\u202f ]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)")
CLAUSE_BREAK = re.compile(r"[,;:()\"“”„«»]|\s[-–—]\s")
AID_CLASSES = frozenset(
    {"troops", "security_guarantee", "military_aid", "financial_aid", "humanitarian_aid"}
)
# What a state asks for for itself (a request for troops is often burden sharing).
MATERIAL_AID = frozenset(
    {"security_guarantee", "military_aid", "financial_aid", "humanitarian_aid"}
)
# Contents of a request that ask the addressee to give something up, not to give aid.
DEMAND_CONTENT = frozenset({"RETREAT", "CONCEDE", "PROTEST", "COERCE"})


def stage_rank(stage: str) -> int:
    """Progress of a stage; off-path stages rank above all (they end a thread)."""
    if stage in STAGE_ORDER:
        return STAGE_ORDER.index(stage)
    return len(STAGE_ORDER)


# -- lexicon -------------------------------------------------------------------------------


def _alternation(words: Iterable[Any], *, prefix: bool) -> re.Pattern[str] | None:
    """One regex for a list of cues, anchored at a word start (``prefix``: cue may
    continue into the word; else it must end there)."""
    parts = [str(w).lower() for w in words if str(w).strip()]
    if not parts:
        return None
    tail = "" if prefix else r"(?!\w)"
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")" + tail)


def _literal(words: Iterable[Any], *, prefix: bool) -> re.Pattern[str] | None:
    return _alternation((re.escape(str(w).lower()) for w in words), prefix=prefix)


@dataclass(frozen=True)
class WhatCue:
    word: str
    whole: bool  # match only the whole word (with an inflection ending)


@dataclass(frozen=True)
class CommitmentLexicon:
    language: str
    what: tuple[tuple[str, tuple[WhatCue, ...]], ...]
    # class -> (cues matched inside words, one pattern of the whole-word cues)
    what_patterns: tuple[tuple[str, tuple[str, ...], re.Pattern[str] | None], ...]
    event_types: dict[str, str]
    multipliers: dict[str, float]
    units: dict[str, str]
    deployment_content: str | None = None
    request_types: frozenset[str] = frozenset()
    stages: tuple[tuple[str, re.Pattern[str]], ...] = ()
    done_stages: frozenset[str] = frozenset()
    modal: re.Pattern[str] | None = None
    possible: re.Pattern[str] | None = None
    signing: re.Pattern[str] | None = None
    signed: tuple[tuple[str, re.Pattern[str]], ...] = ()
    infinitive: frozenset[str] = frozenset()
    negation: re.Pattern[str] | None = None
    recipient_prepositions: frozenset[str] = frozenset()
    # what -> further prepositions naming its recipient ("Soldaten in die Ukraine")
    recipient_prepositions_for: dict[str, frozenset[str]] = field(default_factory=dict)
    recipient_phrase: frozenset[str] = frozenset()
    total: frozenset[str] = frozenset()
    replaced: frozenset[str] = frozenset()
    compounds: bool = False  # German: cues match inside words (compounds)


def _what_cue(word: Any) -> WhatCue:
    text = str(word).lower()
    if text.startswith("="):
        return WhatCue(text[1:], True)
    return WhatCue(text, False)


@functools.cache
def commitment_lexicon(language: str) -> CommitmentLexicon:
    data: dict[str, Any] = load_yaml(language, "commitments.yaml")
    amounts = data.get("amounts") or {}
    stages = data.get("stages") or {}
    signed = data.get("signed") or {}
    compounds = language not in ("en",)
    what = tuple(
        (str(name), tuple(_what_cue(w) for w in words or []))
        for name, words in (data.get("what") or {}).items()
    )
    return CommitmentLexicon(
        language=language,
        what=what,
        what_patterns=tuple(
            (
                name,
                tuple(c.word for c in cues if compounds and not c.whole),
                _whole_words([c.word for c in cues if c.whole or not compounds], compounds),
            )
            for name, cues in what
        ),
        event_types={str(k): str(v) for k, v in (data.get("event_types") or {}).items()},
        multipliers={
            str(k).lower(): float(v) for k, v in (amounts.get("multipliers") or {}).items()
        },
        units={str(k).lower(): str(v) for k, v in (amounts.get("units") or {}).items()},
        deployment_content=data.get("deployment_content"),
        request_types=frozenset(str(t) for t in data.get("request_types") or []),
        stages=tuple(
            (str(stage), pattern)
            for stage, cues in stages.items()
            if (pattern := _alternation(cues or [], prefix=True)) is not None
        ),
        done_stages=frozenset(str(s) for s in data.get("done_stages") or []),
        modal=_alternation(data.get("modal") or [], prefix=False),
        possible=_alternation(data.get("possible") or [], prefix=False),
        signing=_alternation(data.get("signing") or [], prefix=True),
        signed=tuple(
            (str(stage), pattern)
            for stage, words in signed.items()
            if (pattern := _literal(words or [], prefix=compounds)) is not None
        ),
        infinitive=frozenset(str(w).lower() for w in data.get("infinitive") or []),
        negation=_alternation(data.get("negation") or [], prefix=False),
        recipient_prepositions=frozenset(
            str(w).lower() for w in data.get("recipient_prepositions") or []
        ),
        recipient_prepositions_for={
            str(what): frozenset(str(w).lower() for w in words or [])
            for what, words in (data.get("recipient_prepositions_for") or {}).items()
        },
        recipient_phrase=frozenset(str(w).lower() for w in data.get("recipient_phrase") or []),
        total=frozenset(str(w).lower() for w in amounts.get("total") or []),
        replaced=frozenset(str(w).lower() for w in amounts.get("replaced") or []),
        compounds=compounds,
    )


# -- what ----------------------------------------------------------------------------------

_INFLECTION = r"(?:e|en|n|s|es|er|em)?(?!\w)"


_ARTICLES = frozenset({"die", "der", "den", "dem", "das", "des", "the", "a", "an", "its", "their"})


def _whole_words(words: list[str], inflected: bool) -> re.Pattern[str] | None:
    """Whole-word cues (German: with an inflection ending)."""
    if not words:
        return None
    tail = _INFLECTION if inflected else r"(?!\w)"
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")" + tail)


def _in_recipient_phrase(text: str, start: int, lexicon: CommitmentLexicon) -> bool:
    """The word at ``start`` is who receives ("an die Streitkräfte übergeben", "to the
    coast guard"), not what is given."""
    if not lexicon.recipient_phrase:
        return False
    words = [w for w in re.findall(r"\w+", text[max(0, start - 40) : start]) if w]
    words = [w for w in words[-3:] if w not in _ARTICLES]
    if words and lexicon.compounds and re.fullmatch(r"[^\W\d]+(?:e|en|er|es|em)", words[-1]):
        words = words[:-1]  # an adjective: "an die ukrainischen Streitkräfte"
    return bool(words) and words[-1] in lexicon.recipient_phrase


def _classify_one(text: str, lexicon: CommitmentLexicon) -> str | None:
    low = text.lower()
    for name, inside, whole in lexicon.what_patterns:
        for word in inside:
            at = low.find(word)
            while at >= 0:
                start = at
                while start > 0 and (low[start - 1].isalnum() or low[start - 1] in "-_"):
                    start -= 1  # the start of the compound
                if not _in_recipient_phrase(low, start, lexicon):
                    return name
                at = low.find(word, at + 1)
        if whole is not None:
            for m in whole.finditer(low):
                if not _in_recipient_phrase(low, m.start(), lexicon):
                    return name
    return None


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of ``text`` (split at commas, semicolons, dashes, quotes)."""
    out: list[tuple[int, int]] = []
    start = 0
    for match in CLAUSE_BREAK.finditer(text):
        if text[start : match.start()].strip():
            out.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def classify_what(text: str, lexicon: CommitmentLexicon, first: int | None = None) -> str | None:
    """The class of the first clause with a cue; ``first``: the offset of a clause read
    before the others (the trigger's)."""
    spans = clauses(text)
    if first is not None:
        spans.sort(key=lambda s: not (s[0] <= first <= s[1]))
    for lo, hi in spans:
        found = _classify_one(text[lo:hi], lexicon)
        if found is not None:
            return found
    return None


# -- amounts -------------------------------------------------------------------------------


def parse_number(raw: str, german: bool) -> float | None:
    cleaned = raw.replace("\u202f", "").replace(" ", "")
    # German writes 1.200,5 where English writes 1,200.5.
    cleaned = cleaned.replace(".", "").replace(",", ".") if german else cleaned.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def find_amounts(text: str, lexicon: CommitmentLexicon) -> list[tuple[float, str, str]]:
    """Every number with a unit: (value, unit, role), role ``total``, ``replaced`` or ``""``
    from the nearest cue in the five words before it."""
    german = lexicon.language != "en"
    out: list[tuple[float, str, str]] = []
    for match in NUMBER.finditer(text):
        value = parse_number(match.group(1), german)
        if value is None:
            continue
        before_text = text[max(0, match.start() - 60) : match.start()]
        before = before_text.strip().lower()
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
        if unit is None:
            continue
        role = ""
        for word in reversed(re.findall(r"\w+", before)[-5:]):
            if word in lexicon.total:
                role = "total"
                break
            if word in lexicon.replaced:
                role = "replaced"
                break
        out.append((value, unit, role))
    return out


def find_amount(text: str, lexicon: CommitmentLexicon) -> tuple[float, str] | None:
    """The amount a text states ("2 Mrd. Euro", "5.000 Soldaten", "$1.2 billion"): a
    total if one is marked, else the first that is not replaced, else the first."""
    found = find_amounts(text, lexicon)
    if not found:
        return None
    for want in ("total", ""):
        for value, unit, role in found:
            if role == want:
                return value, unit
    return found[0][0], found[0][1]


# -- stage ---------------------------------------------------------------------------------


@dataclass
class _Where:
    """An event's sentence and where its trigger and clause lie in it."""

    text: str
    low: str
    t0: int
    t1: int
    c0: int
    c1: int


def _locate(event: Event, sentence: str) -> _Where:
    low = sentence.lower()
    t0, t1 = event.trigger[0] - event.span[0], event.trigger[1] - event.span[0]
    if not (0 <= t0 < t1 <= len(sentence)):
        t0, t1 = 0, 0
    c0, c1 = 0, len(sentence)
    for lo, hi in clauses(sentence):
        if lo <= t0 <= hi:
            c0, c1 = lo, hi
            break
    return _Where(sentence, low, t0, t1, c0, c1)


def _cues(
    where: _Where, lexicon: CommitmentLexicon, lo: int, hi: int
) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for stage, pattern in lexicon.stages:
        for m in pattern.finditer(where.low, lo, hi):
            out.append((m.start(), m.end(), stage))
    return out


def _embedded(where: _Where, lexicon: CommitmentLexicon) -> bool:
    """The trigger is an infinitive after "zu"/"to"."""
    words = re.findall(r"[\w']+", where.low[: where.t0])
    return bool(words) and words[-1] in lexicon.infinitive


def _in_clause(where: _Where, pattern: re.Pattern[str] | None) -> bool:
    return pattern is not None and pattern.search(where.low, where.c0, where.c1) is not None


def _signed_stage(where: _Where, lexicon: CommitmentLexicon) -> str | None:
    """The stage what was signed implies: the object nearest the trigger."""
    best: tuple[int, str] | None = None
    for stage, pattern in lexicon.signed:
        for m in pattern.finditer(where.low):
            dist = abs(m.start() - where.t0)
            if best is None or dist < best[0]:
                best = (dist, stage)
    return best[1] if best else None


@dataclass
class Worded:
    stage: str
    explicit: bool  # the wording reports the stage (not just the event type's default)


def worded_stage(
    event: Event, sentence: str, lexicon: CommitmentLexicon, default: str | None = None
) -> Worded | None:
    """The stage an event's wording reports; None when it reports none (a signing or
    approval still to come)."""
    where = _locate(event, sentence)
    stage: str | None = None
    if event.type == "REJECT":
        return Worded("rejected", True)
    if where.t1 > where.t0:
        if _embedded(where, lexicon):
            governing = [c for c in _cues(where, lexicon, 0, where.t0) if c[1] <= where.t0]
            if governing:
                stage = max(governing)[2]
        if stage is None:
            on_trigger = [
                c for c in _cues(where, lexicon, where.c0, where.c1) if c[0] <= where.t0 < c[1]
            ]
            if on_trigger:
                stage = on_trigger[0][2]
    stage = stage or event.stage
    if stage is None and where.t1 > where.t0:
        near = _cues(where, lexicon, where.c0, where.c1)
        if near:
            stage = min(near, key=lambda c: abs(c[0] - where.t0))[2]
    explicit = stage is not None
    stage = stage or default
    if stage is None:
        return None
    signing = lexicon.signing is not None and (
        lexicon.signing.match(where.low, where.t0) is not None and where.t1 > where.t0
    )
    if signing or stage == "intent_signed":
        stage = _signed_stage(where, lexicon) or stage
        explicit = True
    if stage not in STAGE_ORDER:
        return Worded(stage, explicit)
    if _in_clause(where, lexicon.possible):
        # "könnten ... verlegt werden", "could send": a possibility, at most an offer.
        if stage in lexicon.done_stages and (stage != "delivered" or event.type == "SUPPORT"):
            return None
        if stage_rank(stage) > stage_rank("offered"):
            stage = "offered"
    elif stage in lexicon.done_stages and (
        _in_clause(where, lexicon.modal) or event.aux == "future"
    ):
        if stage != "delivered" or event.type == "SUPPORT":
            return None  # a signing, agreement or approval still to come
        stage = "promised"
    return Worded(stage, explicit)


def _negation_leaks(
    event: Event, sentence: str, others: Sequence[Event], lexicon: CommitmentLexicon
) -> bool:
    """The negation before the trigger belongs to another event's trigger in between."""
    if lexicon.negation is None:
        return False
    where = _locate(event, sentence)
    if where.t1 <= where.t0:
        return False
    cues = list(lexicon.negation.finditer(where.low, 0, where.t0))
    if not cues:
        return False
    neg = cues[-1].end()
    for other in others:
        if other is event or other.span != event.span:
            continue
        o0 = other.trigger[0] - event.span[0]
        if neg <= o0 < where.t0 and other.trigger != event.trigger:
            return True
    return False


# -- derivation ----------------------------------------------------------------------------


@dataclass
class _Item:
    com: Commitment
    explicit: bool
    amount_role: str = ""
    # event id -> (stage, explicit, evidence text) of each of its events
    stages: dict[str, tuple[str, bool, str]] = field(default_factory=dict)


def _event_what(event: Event, sentence: str, lexicon: CommitmentLexicon) -> tuple[str | None, str]:
    """(what, evidence text) of one event."""
    content = event.content.text if event.content and event.content.text else ""
    where = _locate(event, sentence)
    what = classify_what(content, lexicon) if content else None
    if event.type == "REJECT":
        # A refusal is a commitment only when what is refused is one ("lehnt die
        # Lieferung von Taurus ab"), not an accusation or a demand.
        if event.content is not None and event.content.type in {"ACCUSE", "REQUEST"}:
            return None, content
        return what, content
    if (
        event.content is not None
        and lexicon.deployment_content
        and event.content.type == lexicon.deployment_content
        and what in (None, "military_aid")
    ):
        return "troops", content or sentence
    if what is None and sentence:
        what = classify_what(sentence, lexicon, first=where.t0 if where.t1 else None)
    if event.type == "SANCTION" and what != "sanctions":
        return None, content or sentence
    if event.type == "AID" and what not in AID_CLASSES:
        return None, content or sentence  # handing over a note is no aid
    return what, content or sentence


def derive_commitments(
    events: Sequence[Event],
    sentence_text: dict[str, str],
    language: str,
    entities: Sequence[Entity] | None = None,
) -> list[Commitment]:
    """Commitments of one article; ``sentence_text`` maps event id -> its sentence.

    ``entities`` (the article's entity table) lets actors be compared by code and a
    missing recipient be read from the sentence.
    """
    lexicon = commitment_lexicon(language)
    key = _keyer(entities)
    items: list[_Item] = []
    signings: list[tuple[Event, Worded, str | None]] = []
    denied: list[tuple[set[str], str | None, str]] = []  # givers, what, stage negated
    for event in events:
        default = lexicon.event_types.get(event.type)
        if default is None or not event.actor:
            continue
        sentence = sentence_text.get(event.id, "")
        worded = worded_stage(event, sentence, lexicon, default)
        if event.aux == "negated" and not _negation_leaks(event, sentence, events, lexicon):
            if worded is not None and worded.explicit:
                what = _event_what(event, sentence, lexicon)[0]
                denied.append((_keys(event.actor, key), what, worded.stage))
            continue
        if worded is None:
            continue
        if event.aux == "hypothetical" and worded.stage != "considered":
            continue
        what, evidence = _event_what(event, sentence, lexicon)
        if event.type == "SUPPORT":
            if worded.stage in ("intent_signed", "agreed"):
                signings.append((event, worded, what))
                continue
            if worded.stage != "approved" or not worded.explicit:
                continue  # praise, thanks, backing: no commitment
        if what is None:
            continue
        items.append(_item(event, what, evidence, sentence, worded, lexicon))
    for event, worded, what in signings:
        _attach_signing(event, worded, what, items, events, sentence_text, lexicon, key)
    for item in items:
        _drop_self(item.com, key)
    merged = _merge(items, key)
    _infer_recipients(merged, events, sentence_text, lexicon, key, entities)
    merged = _merge(merged, key)
    for item in merged:
        _deny(item, denied, key)
    out = []
    for n, item in enumerate(merged, start=1):
        item.com.id = f"c{n}"
        out.append(item.com)
    return out


def _item(
    event: Event,
    what: str,
    evidence: str,
    sentence: str,
    worded: Worded,
    lexicon: CommitmentLexicon,
) -> _Item:
    content = event.content.text if event.content and event.content.text else ""
    found = find_amounts(content, lexicon) if content else []
    if not found or all(r == "replaced" for _, _, r in found):
        found = find_amounts(sentence, lexicon) or found
    amount, unit, role = None, None, ""
    for want in ("total", "", "replaced"):
        hit = next((f for f in found if f[2] == want), None)
        if hit is not None:
            amount, unit, role = hit
            break
    com = Commitment(
        id="",
        givers=list(event.actor),
        recipient=list(event.recipient),
        what=what,
        text=evidence or sentence,
        stage=worded.stage,
        condition=event.condition,
        events=[event.id],
        amount=amount,
        unit=unit,
    )
    return _Item(
        com,
        worded.explicit,
        amount_role=role,
        stages={event.id: (worded.stage, worded.explicit, com.text)},
    )


def _deny(
    item: _Item, denied: list[tuple[set[str], str | None, str]], key: Callable[[str], str]
) -> None:
    """A stage the article says the givers have not reached ("has not yet delivered") is
    not the article's stage, though another sentence reports it ("statements that the
    systems had been handed over"): the furthest stage not denied is."""
    com = item.com
    givers = _keys(com.givers, key)
    stages = {
        stage
        for who, what, stage in denied
        if who & givers and what in (None, com.what) and stage in STAGE_ORDER
    }
    if com.stage not in stages:
        return
    left = [v for v in item.stages.values() if v[0] not in stages]
    if not left:
        return
    stage, explicit, text = max(left, key=lambda v: (v[1], stage_rank(v[0])))
    com.stage, com.text = stage, text
    item.explicit = explicit


def _keyer(entities: Sequence[Entity] | None) -> Callable[[str], str]:
    codes = {e.id: (e.code or "").strip() for e in entities or []}

    def key(eid: str) -> str:
        code = codes.get(eid, "")
        return code if code and code != "*" else eid

    return key


def _keys(ids: Iterable[str], key: Callable[[str], str]) -> set[str]:
    return {key(i) for i in ids}


def _drop_self(com: Commitment, key: Callable[[str], str]) -> None:
    """A recipient that is also a giver is neither: the givers stay givers."""
    givers = _keys(com.givers, key)
    com.recipient = [r for r in com.recipient if key(r) not in givers]


def _attach_signing(
    event: Event,
    worded: Worded,
    what: str | None,
    items: list[_Item],
    events: Sequence[Event],
    sentence_text: dict[str, str],
    lexicon: CommitmentLexicon,
    key: Callable[[str], str],
) -> None:
    """A signing raises the commitment between its signatories; alone, it becomes one
    when one signatory is the article's recipient of aid."""
    parties = _keys(event.actor, key)
    signers = [it for it in items if parties & _keys(it.com.givers, key)]
    between = [
        it
        for it in signers
        if not it.com.recipient or parties & _keys(it.com.recipient, key) or len(parties) == 1
    ]
    if what is not None and any(it.com.what == what for it in between):
        between = [it for it in between if it.com.what == what]
    elif not between and what is not None:
        # The other party not recognised as the recipient (another mention of it): the
        # giver's one commitment of what was signed.
        between = [it for it in signers if it.com.what == what]
        between = between if len(between) == 1 else []
    if len(between) == 1 or (between and what is not None):
        for it in between:
            it.com.events.append(event.id)
            it.stages[event.id] = (worded.stage, worded.explicit, it.com.text)
            givers = _keys(it.com.givers, key)
            if not it.com.recipient:
                it.com.recipient = [a for a in event.actor if key(a) not in givers]
            if event.condition and not it.com.condition:
                it.com.condition = event.condition
            if stage_rank(worded.stage) > stage_rank(it.com.stage) or not it.explicit:
                it.com.stage = worded.stage
                it.explicit = True
        return
    if what is None or len(parties) < 2:
        return
    receivers = set(_aid_recipient_counts(events, sentence_text, lexicon, key)) & parties
    if len(receivers) != 1:
        return
    sentence = sentence_text.get(event.id, "")
    item = _item(event, what, sentence, sentence, worded, lexicon)
    item.com.givers = [a for a in event.actor if key(a) not in receivers]
    item.com.recipient = [a for a in event.actor if key(a) in receivers][:1]
    items.append(item)


def _aid_recipient_counts(
    events: Sequence[Event],
    sentence_text: dict[str, str],
    lexicon: CommitmentLexicon,
    key: Callable[[str], str],
) -> Counter[str]:
    """Who the article says receives aid: recipients of promises and deliveries of aid,
    and the actors of requests for aid."""
    counts: Counter[str] = Counter()
    for ev in events:
        actors = _keys(ev.actor, key)
        if ev.type in ("AGREE", "AID"):
            what = _event_what(ev, sentence_text.get(ev.id, ""), lexicon)[0]
            if what in AID_CLASSES:
                counts.update(k for k in _keys(ev.recipient, key) if k not in actors)
        elif ev.type in lexicon.request_types and ev.content is not None:
            content = ev.content.text or ""
            if (
                content
                and ev.content.type not in DEMAND_CONTENT
                and classify_what(content, lexicon) in MATERIAL_AID
            ):
                counts.update(actors)
    return counts


def _unique_top(counts: Counter[str], exclude: set[str]) -> str | None:
    ranked = [(k, n) for k, n in counts.most_common() if k not in exclude]
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _infer_recipients(
    items: list[_Item],
    events: Sequence[Event],
    sentence_text: dict[str, str],
    lexicon: CommitmentLexicon,
    key: Callable[[str], str],
    entities: Sequence[Entity] | None,
) -> None:
    """Recipients for commitments whose events name none."""
    by_key: dict[str, str] = {}
    for ev in events:
        for eid in [*ev.actor, *ev.recipient]:
            by_key.setdefault(key(eid), eid)
    article = _aid_recipient_counts(events, sentence_text, lexicon, key)
    for item in items:
        com = item.com
        if com.recipient:
            continue
        givers = _keys(com.givers, key)
        found = _recipient_in_sentence(com, events, sentence_text, lexicon, key, entities)
        if found is None:
            own: Counter[str] = Counter()
            for other in items:
                if other is not item and givers & _keys(other.com.givers, key):
                    own.update(_keys(other.com.recipient, key))
            partner: Counter[str] = Counter()
            for ev in events:
                if givers & _keys(ev.actor, key):
                    partner.update(_keys(ev.recipient, key))
            for counts in (own, article, partner):
                top = _unique_top(counts, givers)
                if top is not None:
                    found = by_key.get(top, top)
                    break
        if found is not None:
            com.recipient = [found]


def _recipient_in_sentence(
    com: Commitment,
    events: Sequence[Event],
    sentence_text: dict[str, str],
    lexicon: CommitmentLexicon,
    key: Callable[[str], str],
    entities: Sequence[Entity] | None,
) -> str | None:
    """The recipient the sentence of one of the commitment's events names: a state or
    organisation after a recipient preposition ("für die Ukraine"), else the one state
    the promised action names ("to give Ukraine security guarantees", "zur Sicherung des
    polnischen Luftraums")."""
    if not entities:
        return None
    givers = _keys(com.givers, key)
    prepositions = lexicon.recipient_prepositions | lexicon.recipient_prepositions_for.get(
        com.what, frozenset()
    )
    for ev in events:
        sentence = sentence_text.get(ev.id, "")
        if ev.id not in com.events or not sentence:
            continue
        lo, hi = ev.span[0], ev.span[0] + len(sentence)
        content = (ev.content.text or "").strip(" ,;") if ev.content else ""
        at = sentence.find(content) if content else -1
        c0, c1 = (lo + at, lo + at + len(content)) if at >= 0 else (0, 0)
        after_preposition: dict[str, str] = {}
        in_content: dict[str, str] = {}
        for ent in entities:
            if ent.kind not in ("state", "organisation") or key(ent.id) in givers:
                continue
            for m0, m1 in ent.mentions:
                if not (lo <= m0 and m1 <= hi):
                    continue
                words = re.findall(r"\w+", sentence[max(0, m0 - lo - 30) : m0 - lo].lower())
                words = [w for w in words if w not in _ARTICLES]
                if words and words[-1] in prepositions:
                    after_preposition.setdefault(key(ent.id), ent.id)
                if ent.kind == "state" and c0 <= m0 and m1 <= c1:
                    in_content.setdefault(key(ent.id), ent.id)
        for found in (after_preposition, in_content):
            if len(found) == 1:
                return next(iter(found.values()))
    return None


def _merge(items: list[_Item], key: Callable[[str], str]) -> list[_Item]:
    out: list[_Item] = []
    for item in items:
        com = item.com
        same = next(
            (
                o
                for o in out
                if o.com.what == com.what
                and _keys(o.com.givers, key) & _keys(com.givers, key)
                and (
                    _keys(o.com.recipient, key) & _keys(com.recipient, key)
                    or not o.com.recipient
                    or not com.recipient
                )
            ),
            None,
        )
        if same is None:
            out.append(item)
            continue
        target = same.com
        have = _keys(target.givers, key)
        target.givers += [g for g in com.givers if key(g) not in have and g not in target.givers]
        have = _keys(target.recipient, key) | _keys(target.givers, key)
        target.recipient += [
            r for r in com.recipient if key(r) not in have and r not in target.recipient
        ]
        _drop_self(target, key)
        target.events += [e for e in com.events if e not in target.events]
        same.stages.update(item.stages)
        target.condition = target.condition or com.condition
        if com.amount is not None and (
            target.amount is None or (item.amount_role == "total" and same.amount_role != "total")
        ):
            target.amount, target.unit = com.amount, com.unit
            same.amount_role = item.amount_role
        further = stage_rank(com.stage) > stage_rank(target.stage)
        if (item.explicit and (further or not same.explicit)) or (
            not item.explicit and not same.explicit and further
        ):
            target.stage, target.text = com.stage, com.text
            same.explicit = same.explicit or item.explicit
    return out
