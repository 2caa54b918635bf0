"""A rule-based PLOVER event coder over tagged tokens and actor mentions.

Triggers, content cues, condition cues, auxiliary-mode cues, evaluation words and the
common nouns that name actors are data (``lang/<xx>/events.yaml``; the format is
documented at the top of ``lang/de/events.yaml``).

A sentence is cut into clauses (commas that only separate list items or appositions do
not cut; "und"/"and" between two verbs does; the rest of a clause an inserted clause
interrupted is joined to it). Every trigger codes in its clause, so one sentence can
hold several events ("lehnten ab, während die EU-Staaten ... begrüßten"):

* the actor is the clause's subject: in German the first mention of the prefield unless
  it is marked as an object ("dem"/"den"/"ihren" ...), else the first of the middle
  field; in English the mention before the verb; a relative clause without one takes
  its antecedent. A passive clause takes the agent of "von"/"durch"/"by" and makes the
  subject the recipient. A clause without a subject takes that of the clause it is
  coordinated with; "wir"/"man" in reported speech are the speaker; "beide Länder" are
  the actors just named; a common noun ("die Polizei", "Demonstranten") is an actor of
  the state it acts for. With nothing of that: the speaker, the actor of the same kind
  of event just reported, or an unnamed actor of the article's main state (not for
  giving, praising and meeting, which need a named actor).
* the recipient is found in the slot the trigger names (dative or direct object, a
  "mit"/"gegen"/"an" partner, ...), else inferred (see ``_implicit_recipient``).
* a trigger that takes content (AGREE, REQUEST, ...) owns the triggers of its clause and
  of the infinitive or "dass" clauses that follow it: they are its content, not events;
  other triggers own those of their complement clauses ("warf vor, ... verletzt zu
  haben"). Triggers in a stated condition or an "ob" question are no events.
* pseudo types: INTENT ("ankündigen", "planen", "beschließen") gives the type of what
  it governs (with future or hypothetical aux), or AGREE for a cooperative act; NONE
  codes only through a context switch ("bezeichnete X als Provokation" -> ACCUSE).
* a future or hypothetical MOBILIZE/AID/COOPERATE is a promise (AGREE with that
  content), an AGREE to do harm a THREAT, a refused negotiation ("werde nicht
  verhandeln") a REJECT.

Common-noun actors and unnamed actors become entities of the article's table (kind
group or organisation, coded with the state they act for); a named person the knowledge
base cannot code gets the code of the state the sentence is about.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from wirecoder.extract.entities import EntityTable
from wirecoder.extract.grammar import is_finite_verb, is_verb, tag
from wirecoder.extract.lexicon import load_yaml, speech_lexicon
from wirecoder.records import Content, Entity, Event, Quote, Sentence, Span, Token

CONTENT_TAKING = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "CONCEDE"})
# Acts whose announcement or promise is an AGREE with that content (SPEC: "a promise,
# offer or declared intention to cooperate, aid or deploy is AGREE").
COOPERATIVE = frozenset({"MOBILIZE", "AID", "COOPERATE", "CONSULT", "SUPPORT"})
PROMISABLE = frozenset({"MOBILIZE", "AID", "COOPERATE"})
# A promise of harm is a threat.
HOSTILE = frozenset({"SANCTION", "ASSAULT", "COERCE"})
PSEUDO = frozenset({"INTENT", "NONE"})
# Share of an article's coded actor mentions that makes it a report on one state's
# affairs (where an unnamed target is that state: police arrest protesters, ...).
DOMESTIC_SHARE = 0.6
# Event types that nearly always have a target, named or not.
TARGETED = frozenset(
    {
        "ACCUSE", "ASSAULT", "COERCE", "CONCEDE", "PROTEST", "REJECT", "REQUEST",
        "SANCTION", "SUPPORT", "THREATEN"
    }
)  # fmt: skip
PREPOSITION_TAGS = frozenset({"APPR", "APPRART", "APPO", "PRP", "PRF", "IN", "TO"})
NOUN_TAGS = frozenset({"NN", "NE", "NN0", "NN1", "NN2", "NP0"})
ATTRIBUTE_TAGS = frozenset(
    {"ART", "ADJA", "ADJD", "PPOSAT", "PIAT", "PIDAT", "PDAT", "CARD", "ADV"}
    | {"AT0", "AJ0", "AJC", "AJS", "DT0", "DPS", "ORD", "CRD", "AV0"}
)
DETERMINERS = frozenset({"der", "des", "dem", "den", "die", "das", "the", "a", "an"})
OBLIQUE_DETERMINERS = frozenset(
    {
        "dem", "den", "einem", "einen", "ihrem", "ihren", "seinem", "seinen", "diesem",
        "diesen", "jenem", "keinem", "keinen", "unserem", "unseren", "allen"
    }
)  # fmt: skip
OBLIQUE_PRONOUNS = frozenset({"ihm", "ihn", "ihnen", "him", "them", "her", "us", "me"})
COORDINATORS = frozenset({"und", "sowie", "and", ",", "&", "oder", "or"})
CLAUSE_COORDINATORS = frozenset({"und", "sowie", "aber", "sondern", "doch", "and", "but"})
BREAKS = frozenset({",", ";", ":", "–", "—", "(", ")"})
QUOTE_MARKS = frozenset({"“", "”", "„", '"', "«", "»", "‹", "›"})
FINAL = frozenset({".", "!", "?"})
GERMAN_SUBORDINATORS = frozenset(
    {
        "dass", "daß", "ob", "weil", "wenn", "falls", "sobald", "nachdem", "bevor",
        "während", "obwohl", "damit", "sodass", "solange", "indem", "woraufhin", "seit",
        "seitdem", "bis", "wobei", "da", "sofern", "um"
    }
)  # fmt: skip
ENGLISH_SUBORDINATORS = frozenset(
    {
        "that", "whether", "if", "because", "while", "after", "before", "when", "although",
        "though", "once", "unless", "since", "until", "as", "whereas"
    }
)  # fmt: skip
COMPLEMENTIZERS = frozenset({"dass", "daß", "ob", "that", "whether"})
SEPARABLE_PARTICLES = frozenset(
    {
        "ab", "an", "auf", "aus", "bei", "ein", "fest", "fort", "frei", "her", "hin", "los",
        "mit", "nach", "vor", "weg", "weiter", "zu", "zurück", "zusammen", "bereit", "statt",
        "teil", "fern", "hoch", "dar", "entgegen", "nieder", "um", "durch", "über", "unter",
        "wieder", "gegenüber", "heraus", "herein", "voran", "vorbei"
    }
)  # fmt: skip
SPEAKER_PRONOUNS = frozenset({"wir", "man", "we", "ich", "i"})
DEMONSTRATIVES = frozenset({"dieser", "diese", "dies", "dieses", "jener", "jene", "letzterer"})
PASSIVE_AGENT = frozenset({"von", "vom", "durch", "seitens", "by"})
PREPOSITION_FORMS = {
    "zu": ("zu", "zum", "zur"),
    "an": ("an", "am", "ans"),
    "in": ("in", "im", "ins"),
    "von": ("von", "vom"),
    "bei": ("bei", "beim"),
    "auf": ("auf", "aufs"),
    "für": ("für", "fürs"),
}
ENGLISH_PREPOSITIONS = {
    "mit": ("with",),
    "gegen": ("against",),
    "an": ("to", "at"),
    "auf": ("on", "at"),
    "in": ("in", "into"),
    "nach": ("to",),
    "bei": ("with",),
    "von": ("by", "from"),
    "zu": ("with", "to"),
    "für": ("for",),
    "über": ("over", "about"),
    "aus": ("from",),
    "zwischen": ("between",),
}
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
KIND_OF_SECTOR = {
    "GOV": "organisation",
    "MIL": "organisation",
    "LEG": "organisation",
    "JUD": "organisation",
    "OPP": "group",
    "CVL": "group",
    "REB": "group",
}


@dataclass(frozen=True)
class Switch:
    when: tuple[str, ...]
    type: str
    content: str | None = None


@dataclass(frozen=True)
class Trigger:
    type: str
    verb: str | None = None
    noun: str | None = None
    phrase: tuple[str, ...] = ()
    reflexive: bool = False
    content: str | None = None
    recipient: str = "object"
    stage: str | None = None
    needs_actor_on_noun: bool = False
    speech: bool = False
    requires: str | None = None
    aux: str | None = None
    fallback: str | None = None
    exceptions: tuple[str, ...] = ()
    switch: tuple[Switch, ...] = ()
    adjacent: bool = False

    @property
    def label(self) -> str:
        what = self.verb or self.noun or " ".join(self.phrase)
        return f"{self.type}:{what}"


@dataclass(frozen=True)
class EventLexicon:
    language: str
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: tuple[Trigger, ...]
    phrases: tuple[Trigger, ...]
    content: dict[str, tuple[str | None, tuple[str, ...]]]
    clause_conditions: frozenset[str]
    preposition_conditions: tuple[tuple[str, ...], ...]
    condition_nouns: tuple[str, ...]
    negation: frozenset[str]
    future_aux: frozenset[str]
    hypothetical: frozenset[str]
    pluperfect_aux: frozenset[str]
    contexts: dict[str, tuple[str, ...]]
    historical: tuple[str, ...] = ()
    recent_cues: tuple[str, ...] = ()
    future_cues: tuple[str, ...] = ()
    happen_verbs: frozenset[str] = frozenset()
    blocker_prepositions: frozenset[str] = frozenset()
    blocker_verbs: frozenset[str] = frozenset()
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    # (noun stem, sector), longest first
    generic_actors: tuple[tuple[str, str], ...] = ()
    speech_request: frozenset[str] = frozenset()
    needs_named_actor: frozenset[str] = frozenset()
    future_phrases: tuple[tuple[str, ...], ...] = ()


def _text(value: Any) -> str:
    """A YAML scalar as text; YAML 1.1 reads unquoted on/no/yes as booleans."""
    if isinstance(value, bool):
        return "on" if value else "no"
    return str(value)


def _words(items: Iterable[Any] | None) -> tuple[str, ...]:
    return tuple(_text(w).lower() for w in items or [])


def _verb_keys(verb: str) -> tuple[str, ...]:
    """Lexicon keys of a verb entry: "an|bieten" -> ("an|bieten", "anbieten")."""
    verb = verb.lower()
    if "|" in verb:
        particle, base = verb.split("|", 1)
        return (verb, particle + base)
    return (verb,)


def _switches(items: Iterable[dict[str, Any]] | None) -> tuple[Switch, ...]:
    out = []
    for item in items or []:
        when = tuple(
            str(w) if str(w).startswith("@") else str(w).lower() for w in item.get("when") or []
        )
        out.append(Switch(when=when, type=str(item["type"]), content=item.get("content")))
    return tuple(out)


@functools.cache
def event_lexicon(language: str) -> EventLexicon:
    data: dict[str, Any] = load_yaml(language, "events.yaml")
    verbs: dict[str, list[Trigger]] = {}
    nouns: list[Trigger] = []
    phrases: list[Trigger] = []
    for item in data.get("triggers") or []:
        verb = str(item["verb"]) if item.get("verb") else None
        reflexive = False
        if verb and " " in verb:
            first, verb = verb.split(" ", 1)
            reflexive = first.lower() in {"sich", "oneself"}
        trig = Trigger(
            type=str(item["type"]),
            verb=verb,
            noun=item.get("noun"),
            phrase=tuple(str(item["phrase"]).split()) if item.get("phrase") else (),
            reflexive=reflexive,
            content=item.get("content"),
            recipient=_text(item.get("recipient", "object")),
            stage=item.get("stage"),
            needs_actor_on_noun=bool(item.get("needs_actor_on_noun", False)),
            speech=bool(item.get("speech", False)),
            requires=item.get("requires"),
            aux=item.get("aux"),
            fallback=item.get("fallback"),
            exceptions=_words(item.get("except")),
            adjacent=bool(item.get("adjacent", False)),
            switch=_switches(item.get("switch")),
        )
        if trig.verb:
            for key in _verb_keys(trig.verb):
                verbs.setdefault(key, []).append(trig)
        elif trig.noun:
            nouns.append(trig)
        elif trig.phrase:
            phrases.append(trig)
    content = {
        name: (spec.get("mode"), _words(spec.get("words")))
        for name, spec in (data.get("content") or {}).items()
    }
    cond = data.get("conditions") or {}
    aux = data.get("aux") or {}
    blockers = data.get("noun_blockers") or {}
    evaluation = data.get("evaluation") or {}
    generic = [
        (word, str(sector))
        for sector, items in (data.get("generic_actors") or {}).items()
        for word in _words(items)
    ]
    return EventLexicon(
        language=language,
        verbs={k: tuple(v) for k, v in verbs.items()},
        # Longer nouns first so that "Luftangriff" wins over "Angriff".
        nouns=tuple(sorted(nouns, key=lambda t: -len(t.noun or ""))),
        phrases=tuple(sorted(phrases, key=lambda t: -len(t.phrase))),
        content=content,
        clause_conditions=frozenset(_words(cond.get("clause_cues"))),
        preposition_conditions=tuple(
            tuple(str(p).lower().split()) for p in cond.get("preposition_cues") or []
        ),
        condition_nouns=_words(cond.get("condition_nouns")),
        negation=frozenset(_words(aux.get("negation"))),
        future_aux=frozenset(_words(aux.get("future_aux"))),
        hypothetical=frozenset(_words(aux.get("hypothetical"))),
        pluperfect_aux=frozenset(_words(aux.get("pluperfect_aux"))),
        contexts={name: _words(words) for name, words in (data.get("contexts") or {}).items()},
        historical=_words(aux.get("historical")),
        recent_cues=_words(aux.get("recent_cues")),
        future_cues=_words(aux.get("future_cues")),
        happen_verbs=frozenset(
            key for verb in _words(data.get("happen_verbs")) for key in _verb_keys(verb)
        ),
        blocker_prepositions=frozenset(_words(blockers.get("prepositions"))),
        blocker_verbs=frozenset(
            key for verb in _words(blockers.get("verbs")) for key in _verb_keys(verb)
        ),
        positive=_words(evaluation.get("positive")),
        negative=_words(evaluation.get("negative")),
        generic_actors=tuple(sorted(generic, key=lambda g: -len(g[0]))),
        speech_request=frozenset(_words(data.get("speech_request"))),
        needs_named_actor=frozenset(str(t) for t in data.get("needs_named_actor") or []),
        future_phrases=tuple(
            tuple(str(p).lower().split()) for p in aux.get("future_phrases") or []
        ),
    )


# ----------------------------------------------------------------------------- clauses


@dataclass
class Clause:
    lo: int
    hi: int  # token range [lo, hi)
    kind: str  # main | sub | rel | inf | coord
    word: str = ""  # the subordinator or relative word that opens it
    head: int | None = None  # for a coordinated clause: the clause number of its first conjunct

    def __contains__(self, index: int) -> bool:
        return self.lo <= index < self.hi


@dataclass
class Arg:
    """A possible subject or object in a clause: a known entity or a common-noun actor."""

    index: int  # token index of the head (first token of the mention)
    end: int  # token index after the mention
    entity: str | None  # entity id, or None for a common noun not yet made an entity
    noun: str | None = None  # the common noun (generic actor) lemma
    sector: str | None = None
    bare: bool = True  # not governed by a preposition, not a genitive attribute
    oblique: bool = False  # marked as a dative/accusative object
    preposition: str | None = None  # the governing preposition, lower case
    genitive: bool = False


@dataclass
class TriggerHit:
    trigger: Trigger
    index: int  # token index of the head (verb or noun) within the sentence
    span: Span
    clause: tuple[int, int]  # token range [lo, hi) of the trigger's clause
    absorbed: list[TriggerHit] = field(default_factory=list)
    clause_no: int = 0
    kind: str = "verb"  # verb | phrase | noun | modal
    own_actor: list[Arg] = field(default_factory=list)
    parts: tuple[int, ...] = ()


def _lower_lemma(token: Token) -> str:
    return (token.lemma or token.text).lower()


def _ends_with_any(word: str, stems: Sequence[str]) -> str | None:
    for stem in stems:
        if word == stem or (len(word) > len(stem) + 2 and word.endswith(stem)):
            return stem
    return None


def clause_bounds(tokens: Sequence[Token], index: int) -> tuple[int, int]:
    """Token range of the comma-delimited stretch around ``index``."""
    lo = index
    while lo > 0 and tokens[lo - 1].text not in BREAKS:
        lo -= 1
    hi = index + 1
    while hi < len(tokens) and tokens[hi].text not in BREAKS | FINAL:
        hi += 1
    return lo, hi


def verb_lemma(tokens: Sequence[Token], index: int, hi: int | None = None) -> str:
    """Lemma of the verb at ``index`` with a separable particle of its clause joined
    ("sicherte ... zu" -> "zu|sichern"); the clause ends at ``hi``."""
    token = tokens[index]
    lemma = token.lemma or token.text.lower()
    end = len(tokens) if hi is None else hi
    for later in tokens[index + 1 : end]:
        # Within a known clause a comma may close an apposition ("nimmt X, der Y, teil").
        if later.text in FINAL or later.text == ";" or (hi is None and later.text in {",", ":"}):
            break
        if tag(later) == "PTKVZ":
            return f"{later.text.lower()}|{lemma}"
        if is_finite_verb(later):
            break
    return lemma


def _verb_final(tokens: Sequence[Token], lo: int, hi: int) -> bool:
    """Is [lo, hi) a German verb-final stretch with its only finite verb at the end?"""
    finite = [k for k in range(lo, hi) if is_finite_verb(tokens[k])]
    end = hi
    while end > lo and tokens[end - 1].text in FINAL | QUOTE_MARKS:
        end -= 1
    return len(finite) == 1 and finite[0] == end - 1 and finite[0] > lo


def _is_noun(token: Token) -> bool:
    return tag(token) in NOUN_TAGS


def _has_finite(tokens: Sequence[Token], lo: int, hi: int) -> bool:
    return any(is_finite_verb(tokens[i]) for i in range(lo, hi))


def segment_clauses(
    tokens: Sequence[Token],
    german: bool,
    heading: bool = False,
    speech_verbs: frozenset[str] = frozenset(),
) -> list[Clause]:
    """Cut a sentence into clauses (see the module docstring). In a heading every comma
    separates a clause of its own ("Germany pledges aid, Dutch offer troops"). A clause
    that starts with its finite verb after a comma has an elided subject ("..., bat aber
    um Hilfe"), unless the verb is one of ``speech_verbs`` ("..., sagte Merz")."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for i, tok in enumerate(tokens):
        if tok.text in BREAKS or tok.text in FINAL:
            if i > start:
                pieces.append((start, i))
            start = i + 1
    if start < len(tokens):
        pieces.append((start, len(tokens)))

    def opener(lo: int, hi: int) -> tuple[str, str]:
        first = tokens[lo]
        word = first.text.lower()
        tg = tag(first)
        if german:
            if tg in {"KOUS", "KOUI"} or word in GERMAN_SUBORDINATORS - {"da", "um", "bis"}:
                return "sub", word
            if tg in {"PRELS", "PRELAT", "PWAV"} or word in {"welcher", "welche", "welches"}:
                return "rel", word
            if (
                tg in {"APPR", "APPRART"}
                and lo + 1 < hi
                and (
                    tag(tokens[lo + 1]) in {"PRELS", "PRELAT", "PWS"}
                    or (
                        tokens[lo + 1].text.lower()
                        in {"dem", "der", "denen", "deren", "dessen", "welchem", "welcher"}
                        and is_finite_verb(tokens[hi - 1])
                    )
                )
            ):
                return "rel", tokens[lo + 1].text.lower()
            if not _has_finite(tokens, lo, hi) and any(
                tag(tokens[k]) in {"PTKZU", "VVIZU"} for k in range(lo, hi)
            ):
                return "inf", ""
        else:
            if tg in {"PNQ"} or word in {"who", "which", "whom", "whose"}:
                return "rel", word
            if tg in {"CJS", "CJT"} or word in ENGLISH_SUBORDINATORS:
                return "sub", word
            if not _has_finite(tokens, lo, hi) and any(
                tag(tokens[k]) == "TO0" for k in range(lo, min(hi, lo + 3))
            ):
                return "inf", ""
        return "main", ""

    clauses: list[Clause] = []
    pending: tuple[int, int] | None = None
    for lo, hi in pieces:
        if pending is not None:
            if opener(lo, hi)[0] in {"rel", "sub"}:
                clauses.append(Clause(pending[0], pending[1], "main"))
            else:
                lo = pending[0]
            pending = None
        kind, word = opener(lo, hi)
        clause_like = kind != "main" or _has_finite(tokens, lo, hi) or heading
        if not clause_like:
            if clauses:
                clauses[-1].hi = hi
            else:
                pending = (lo, hi)
            continue
        head = None
        last_main = next((c for c in reversed(clauses) if c.kind == "main"), None)
        if (
            kind == "main"
            and last_main is not None
            and _has_finite(tokens, last_main.lo, last_main.hi)
            and is_finite_verb(tokens[lo])
            and german
            and (tokens[lo].lemma or "").lower() not in speech_verbs
        ):
            kind = "coord"  # "..., bat aber um mehr Flugabwehr": the subject is elided
            head = next(
                (m for m in range(len(clauses) - 1, -1, -1) if clauses[m].kind == "main"), None
            )
        elif kind == "main" and german and clauses and _verb_final(tokens, lo, hi):
            # The rest of a clause an inserted clause interrupted: "Er werde einen neuen
            # Deal, einen besseren Deal aushandeln"; "der USA, die ..., die ..., Druck
            # ausübte".
            prev = clauses[-1]
            if prev.kind == "main" and _has_finite(tokens, prev.lo, prev.hi):
                prev.hi = hi
                continue
            kind = "cont"
            head = next(
                (
                    m
                    for m in range(len(clauses) - 1, -1, -1)
                    if not _has_finite(tokens, clauses[m].lo, clauses[m].hi)
                ),
                len(clauses) - 1,
            )
        clauses.append(Clause(lo, hi, kind, word, head))
    if pending is not None:
        clauses.append(Clause(pending[0], pending[1], "main"))
    if not german:
        # "demanded that its vessels leave", "offered to send": English needs no comma
        # before a complement clause.
        split: list[Clause] = []
        for cl in clauses:
            lo = cl.lo
            kind, word = cl.kind, cl.word
            for k in range(cl.lo + 1, cl.hi - 1):
                that = (
                    tokens[k].text.lower() in {"that", "whether"}
                    and tag(tokens[k]) in {"CJT", "CJS"}
                    and _has_finite(tokens, k + 1, cl.hi)
                )
                infinitive = (
                    tag(tokens[k]) == "TO0"
                    and tag(tokens[k + 1]) == "VVI"
                    and _has_finite(tokens, lo, k)
                )
                if that or infinitive:
                    split.append(Clause(lo, k, kind, word))
                    lo = k
                    kind, word = ("sub", tokens[k].text.lower()) if that else ("inf", "")
            split.append(Clause(lo, cl.hi, kind, word))
        clauses = split

    # "X begrüßte A und griff B an", "hatte A eingeräumt und B zugesichert": split at a
    # coordinator between two verbs.
    def main_verb(lo: int, hi: int) -> bool:
        return any(tag(tokens[k]).startswith("VV") for k in range(lo, hi))

    out: list[Clause] = []
    offset = 0
    for cl in clauses:
        cuts = [
            k
            for k in range(cl.lo + 1, cl.hi - 1)
            if tokens[k].text.lower() in CLAUSE_COORDINATORS
            and _has_finite(tokens, cl.lo, k)
            and (
                _has_finite(tokens, k + 1, cl.hi)
                or (german and main_verb(cl.lo, k) and main_verb(k + 1, cl.hi))
            )
        ]
        lo = cl.lo
        kind, word = cl.kind, cl.word
        head = None if cl.head is None else cl.head + offset
        first = len(out)
        main_before = next((m for m in range(len(out) - 1, -1, -1) if out[m].kind == "main"), None)
        for k in cuts:
            out.append(Clause(lo, k, kind, word, head))
            # "..., dass X würde und weigerte sich ...": a verb-first conjunct after a
            # verb-final clause belongs to the main clause.
            v1 = k + 1 < cl.hi and is_finite_verb(tokens[k + 1])
            conj_head = main_before if v1 and cl.kind in {"sub", "rel"} else first
            lo, kind, word, head = k + 1, "coord", "", conj_head
        out.append(Clause(lo, cl.hi, kind, word, head))
        offset += len(cuts)
    return out


# ----------------------------------------------------------------------------- coder


@dataclass
class _Context:
    """What the coder knows while coding one sentence."""

    text: str
    tokens: Sequence[Token]
    sentence: Sentence
    entities: EntityTable
    clauses: list[Clause]
    quotes: Sequence[Quote]
    source: str | None
    year: int | None
    conditions: list[tuple[int, int]]
    lemmas: list[str]
    words: list[str]
    args: dict[int, list[Arg]] = field(default_factory=dict)
    # clause number -> recipient of the event coded in it
    clause_recipients: dict[int, list[str]] = field(default_factory=dict)
    subjects: dict[int, tuple[list[str], int | None, bool]] = field(default_factory=dict)


class EventCoder:
    def __init__(self, lexicon: EventLexicon) -> None:
        self.lex = lexicon
        self.german = lexicon.language == "de"
        self._speech_verbs = speech_lexicon(lexicon.language).verbs
        # Per-article memory (the pipeline makes one coder per article).
        self._table_id: int | None = None
        self._home: str | None = None
        self._generic: dict[tuple[str, str | None], str] = {}
        self._last_actor: list[str] = []
        self._last_mentions: list[str] = []
        self._recent: list[tuple[int, str, list[str]]] = []
        self._domestic = False
        self._addressed: list[tuple[int, str, list[str], list[str]]] = []
        self._sentence_no = 0
        self._name_ends: set[int] = set()

    # -- triggers ----------------------------------------------------------------------
    def _reflexive_in(self, tokens: Sequence[Token], lo: int, hi: int) -> bool:
        return any(
            tag(tokens[k]) == "PRF" or tokens[k].text.lower() in {"sich", "mich", "uns", "euch"}
            for k in range(lo, hi)
        )

    def _verb_trigger(
        self, tokens: Sequence[Token], i: int, clause: Clause, lemmas: list[str]
    ) -> Trigger | None:
        joined = verb_lemma(tokens, i, clause.hi) if self.german else lemmas[i]
        joined = joined.lower()
        keys = [joined]
        if "|" in joined:
            particle, base = joined.split("|", 1)
            keys.append(particle + base)
            if particle not in SEPARABLE_PARTICLES:
                keys.append(base)  # "skandierte ... raus": not a particle of the verb
        reflexive = self._reflexive_in(tokens, clause.lo, clause.hi)
        for key in keys:
            cands = self.lex.verbs.get(key)
            if not cands:
                continue
            refl = [t for t in cands if t.reflexive]
            plain = [t for t in cands if not t.reflexive]
            if reflexive and refl:
                return refl[0]
            if plain:
                return plain[0]
        return None

    def find_triggers(
        self, tokens: Sequence[Token], clauses: list[Clause] | None = None
    ) -> list[TriggerHit]:
        clauses = clauses or segment_clauses(tokens, self.german)
        clause_of = {}
        for n, cl in enumerate(clauses):
            for k in range(cl.lo, cl.hi):
                clause_of[k] = n
        hits: list[TriggerHit] = []
        used: set[int] = set()
        lemmas = [_lower_lemma(t) for t in tokens]
        words = [t.text.lower() for t in tokens]
        for trig in self.lex.phrases:
            for hit in self._match_phrase(trig, tokens, lemmas, words, clauses, clause_of):
                if hit.index not in used:
                    hits.append(hit)
                    used.add(hit.index)
        for i, tok in enumerate(tokens):
            if i in used or i not in clause_of:
                continue
            n = clause_of[i]
            cl = clauses[n]
            if is_verb(tok):
                if (
                    not self.german
                    and i > 0
                    and tag(tokens[i - 1]) in {"AT0", "DPS", "DT0"}
                    and i + 1 < len(tokens)
                    and _is_noun(tokens[i + 1])
                ):
                    continue  # "the seized tanker": an adjective
                verb_trig = self._verb_trigger(tokens, i, cl, lemmas)
                if (
                    verb_trig is not None
                    and verb_trig.type == "INTENT"
                    and tag(tok) == "VVG"
                    and not any(lemmas[j] == "be" for j in range(max(0, i - 2), i))
                ):
                    continue  # "because planning ... had stalled": a noun
                if verb_trig is not None:
                    hits.append(
                        TriggerHit(verb_trig, i, (tok.start, tok.end), (cl.lo, cl.hi), clause_no=n)
                    )
                    used.add(i)
            elif _is_noun(tok) or (tok.text[:1].isupper() and i > 0 and not is_verb(tok)):
                if self._inside_name(i, tokens):
                    continue
                for trig in self.lex.nouns:
                    noun = (trig.noun or "").lower()
                    if not (
                        _ends_with_any(lemmas[i], (noun,)) or _ends_with_any(words[i], (noun,))
                    ):
                        continue
                    if any(
                        lemmas[i].endswith(x) or words[i].startswith(x) for x in trig.exceptions
                    ):
                        break
                    hits.append(
                        TriggerHit(
                            trig, i, (tok.start, tok.end), (cl.lo, cl.hi), clause_no=n, kind="noun"
                        )
                    )
                    used.add(i)
                    break
        hits.sort(key=lambda h: h.index)
        return hits

    def _inside_name(self, i: int, tokens: Sequence[Token]) -> bool:
        """Is token i the end of a name ("Deutsche Bischofskonferenz")? Set per sentence."""
        return i in self._name_ends

    def _match_phrase(
        self,
        trig: Trigger,
        tokens: Sequence[Token],
        lemmas: list[str],
        words: list[str],
        clauses: list[Clause],
        clause_of: dict[int, int],
    ) -> list[TriggerHit]:
        parts = [p.lower() for p in trig.phrase]
        # German puts the verb last ("in Aussicht stellen"), English first ("call on").
        if self.german:
            *fixed, verb = parts
        else:
            verb, *fixed = parts
        verb_keys = set(_verb_keys(verb))
        out: list[TriggerHit] = []
        for vi, tok in enumerate(tokens):
            if vi not in clause_of or not is_verb(tok):
                continue
            if self.german:
                joined = verb_lemma(tokens, vi, clauses[clause_of[vi]].hi).lower()
                keys = {joined, joined.replace("|", "")}
            else:
                keys = {lemmas[vi]}
            if not keys & verb_keys:
                continue
            n = clause_of[vi]
            cl = clauses[n]
            lo, hi = cl.lo, cl.hi
            if not self.german:
                lo, hi = vi + 1, min(len(tokens), vi + 5)
            elif cl.kind == "rel" and n > 0:
                # The noun may be the relative clause's antecedent: "Gespräche, die ... geführt".
                lo = max(clauses[n - 1].lo, cl.lo - 3)
            pos = lo
            found_at: list[int] = []
            for part in fixed:
                found = next(
                    (
                        k
                        for k in range(pos, hi)
                        if k != vi
                        and (
                            words[k] == part
                            or lemmas[k] == part
                            or (len(part) >= 7 and _ends_with_any(lemmas[k], (part,)))
                        )
                    ),
                    None,
                )
                if found is None:
                    break
                found_at.append(found)
                pos = found + 1
            else:
                if trig.adjacent and found_at != list(range(vi - len(fixed), vi)):
                    continue  # "zu wollen", not "zu wichtig, als dass man ... will"
                out.append(
                    TriggerHit(
                        trig,
                        vi,
                        (tok.start, tok.end),
                        (cl.lo, cl.hi),
                        clause_no=n,
                        kind="phrase",
                        parts=tuple(found_at),
                    )
                )
        return out

    # -- arguments ---------------------------------------------------------------------
    def _governor(self, tokens: Sequence[Token], k: int, lo: int) -> tuple[str | None, bool, bool]:
        """(governing preposition, is a genitive attribute, is marked oblique) for the noun
        phrase whose head is at token k."""
        j = k - 1
        skipped: list[str] = []
        while j >= lo:
            t = tokens[j]
            tg = tag(t)
            word = t.text.lower()
            if tg in {"PRELS", "PRELAT", "PNQ"}:
                break
            if (tg in PREPOSITION_TAGS and not (self.german and tg == "PRF")) or tg == "APPRART":
                return word, False, False
            if word in QUOTE_MARKS:
                j -= 1
                continue
            if (
                word in {"und", "oder", "sowie", "and", "or", ","}
                and j - 1 >= lo
                and tag(tokens[j - 1]) in {"ADJA", "AJ0"}
            ):
                j -= 1
                continue
            if tg in ATTRIBUTE_TAGS or word in DETERMINERS:
                skipped.append(word)
                j -= 1
                continue
            if tg in NOUN_TAGS and self.german and skipped and skipped[-1] in {"des", "der"}:
                return None, True, False
            if tg == "NN" and not skipped and k - j == 1 and tokens[k].text[:1].isupper():
                # A title before a name: "Ihren Widersacher Jeremy Corbyn".
                skipped.append(word)
                j -= 1
                continue
            break
        oblique = bool(self.german and skipped and skipped[-1] in OBLIQUE_DETERMINERS)
        if tokens[k].text.lower() in OBLIQUE_PRONOUNS:
            oblique = True
        return None, False, oblique

    def _generic_at(self, lemma: str, word: str) -> tuple[str, str] | None:
        for stem, sector in self.lex.generic_actors:
            if sector == "ANA":
                # Only the word itself: "Land", not "Russland" or "Bundesland".
                if lemma == stem or word == stem:
                    return stem, sector
            elif _ends_with_any(lemma, (stem,)) or _ends_with_any(word, (stem,)):
                return stem, sector
        return None

    def _body(self, ctx: _Context, cl: Clause) -> int:
        """Where the clause's own words start: after "an dem" of "..., an dem X teilnahmen"."""
        if cl.kind == "rel" and tag(ctx.tokens[cl.lo]) in PREPOSITION_TAGS:
            return min(cl.lo + 2, cl.hi)
        return cl.lo

    def _args(self, ctx: _Context, n: int) -> list[Arg]:
        """Mentions and common-noun actors of clause n, in text order."""
        if n in ctx.args:
            return ctx.args[n]
        cl = ctx.clauses[n]
        tokens = ctx.tokens
        body = self._body(ctx, cl)
        out: list[Arg] = []
        covered: set[int] = set()
        if cl.lo < cl.hi:
            found = ctx.entities.in_span(tokens[cl.lo].start, tokens[cl.hi - 1].end)
            k = cl.lo
            for start, end, ent_id in found:
                if not self._entity_ok(ent_id, ctx.entities):
                    continue
                while k < cl.hi and tokens[k].end <= start:
                    k += 1
                if k >= cl.hi:
                    break
                e = k
                while e < cl.hi and tokens[e].start < end:
                    covered.add(e)
                    e += 1
                prep, gen, obl = self._governor(tokens, k, body)
                if not gen and self.german and k > cl.lo:
                    ent = ctx.entities.by_id(ent_id)
                    prev = tokens[k - 1]
                    if (
                        ent is not None
                        and ent.kind in {"state", "place"}
                        and tokens[max(k, e - 1)].text.endswith("s")
                        and tag(prev) in NOUN_TAGS
                    ):
                        gen = True
                out.append(
                    Arg(
                        k,
                        max(e, k + 1),
                        ent_id,
                        bare=prep is None and not gen,
                        oblique=obl,
                        preposition=prep,
                        genitive=gen,
                    )
                )
        for k in range(cl.lo, cl.hi):
            if k in covered or tag(tokens[k]) not in {"NN", "NN0", "NN1", "NN2"}:
                continue
            g = self._generic_at(ctx.lemmas[k], ctx.words[k])
            if g is None:
                continue
            prep, gen, obl = self._governor(tokens, k, body)
            out.append(
                Arg(
                    k,
                    k + 1,
                    None,
                    noun=tokens[k].lemma or tokens[k].text,
                    sector=g[1],
                    bare=prep is None and not gen,
                    oblique=obl,
                    preposition=prep,
                    genitive=gen,
                )
            )
        out.sort(key=lambda a: a.index)
        ctx.args[n] = out
        return out

    def _is_place(self, ctx: _Context, arg: Arg) -> bool:
        ent = ctx.entities.by_id(arg.entity) if arg.entity else None
        return ent is not None and ent.kind == "place"

    def _entity_ok(self, ent_id: str, entities: EntityTable) -> bool:
        ent = entities.by_id(ent_id)
        return ent is not None and (ent.kind != "place" or bool(ent.code))

    def _resolve(self, ctx: _Context, arg: Arg, args: list[Arg]) -> list[str]:
        """Entity ids for an argument plus the arguments coordinated with it."""
        if arg.entity is None and arg.sector == "ANA":
            return self._anaphor(ctx, arg)
        if arg.entity is None and arg.noun is not None:
            # "der Präsident Frankreichs", "Spitzenvertreter der Regierung aus SPD und Grünen".
            for other in args:
                if (
                    other.entity is not None
                    and other.index > arg.index
                    and other.index - arg.end <= 3
                    and (
                        other.genitive
                        or other.preposition in {"von", "vom", "aus", "of"}
                        or other.index == arg.end
                    )
                ):
                    return self._coordinated(ctx, other, args)
        return self._coordinated(ctx, arg, args)

    def _anaphor(self, ctx: _Context, arg: Arg) -> list[str]:
        """What "das Land", "beide Länder", "the two countries" refer to: for a plural the
        last actors named together, for a singular the last state named."""
        tok = ctx.tokens[arg.index]
        plural = tag(tok) == "NN2" or (
            self.german and tok.text.lower() != (tok.lemma or tok.text).lower()
        )
        if plural:
            # Two states named in the sentence before: "... von Serbien zum Kosovo. Am
            # Freitag hatten sich die beiden Staaten angenähert."
            states: list[str] = []
            for ent_id in self._last_mentions:
                ent = ctx.entities.by_id(ent_id)
                if (
                    ent is not None
                    and ent.kind == "state"
                    and ent.code
                    and ent.code not in {self._code(ctx, s) for s in states}
                ):
                    states.append(ent_id)
            if len(states) == 2:
                return states
            for _sent, _type, ractor in reversed(self._recent):
                if len({self._code(ctx, a) for a in ractor}) > 1:
                    return list(ractor)
            if self._addressed:
                _sent, _type, ractor, rrecipient = self._addressed[-1]
                pair = list(ractor) + [r for r in rrecipient if r not in ractor]
                if len({self._code(ctx, a) for a in pair}) > 1:
                    return pair
            return list(self._last_actor)
        before = ctx.entities.in_span(ctx.sentence.start, tok.start)
        for _s, _e, ent_id in reversed(before):
            ent = ctx.entities.by_id(ent_id)
            if ent is not None and ent.kind == "state":
                return [ent_id]
        for ent_id in reversed(self._last_mentions):
            ent = ctx.entities.by_id(ent_id)
            if ent is not None and ent.kind == "state":
                return [ent_id]
        return []

    def _arg_ids(self, ctx: _Context, arg: Arg) -> str | None:
        """The entity id of an argument; a common noun is a placeholder "@<token>" until
        an event uses it (see :meth:`_materialize`)."""
        if arg.entity is not None:
            return arg.entity
        if arg.sector == "ANA":
            return None
        if arg.sector == "IGO":
            return self._last_organisation(ctx, arg.index)
        return f"@{arg.index}"

    def _materialize(self, ctx: _Context, ids: list[str]) -> list[str]:
        out: list[str] = []
        for ent_id in ids:
            if ent_id.startswith("@"):
                k = int(ent_id[1:])
                arg = next(
                    (a for args in ctx.args.values() for a in args if a.index == k and a.noun),
                    None,
                )
                real = self._generic_entity(ctx, arg) if arg is not None else None
                if real is None:
                    continue
                ent_id = real
            if ent_id not in out:
                out.append(ent_id)
        return out

    def _coordinated(self, ctx: _Context, arg: Arg, args: list[Arg]) -> list[str]:
        tokens = ctx.tokens
        first = self._arg_ids(ctx, arg)
        ids = [first] if first else []
        last_end = arg.end
        for other in args:
            if other.index < arg.end:
                continue
            between = tokens[last_end : other.index]
            words = [t.text.lower() for t in between]
            if not (
                len(between) <= 6
                and any(w in COORDINATORS for w in words)
                and not any(
                    tag(t) in PREPOSITION_TAGS or is_verb(t) or t.text.lower() in PASSIVE_AGENT
                    for t in between
                )
                and (other.entity is not None or words[-1] in COORDINATORS)
                and (other.entity is not None or other.noun is None or arg.entity is None)
            ):
                break
            ent_id = self._arg_ids(ctx, other)
            if ent_id and ent_id not in ids:
                ids.append(ent_id)
            last_end = other.end
        return ids

    # -- common-noun actors and the article's main state -------------------------------
    def _article_home(self, entities: EntityTable) -> str | None:
        if self._table_id == id(entities):
            return self._home
        self._table_id = id(entities)
        self._generic = {}
        self._last_actor = []
        self._last_mentions = []
        self._recent = []
        self._addressed = []
        self._sentence_no = 0
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for ent in entities.entities:
            code = ent.code
            if not code or not code.isupper():
                continue
            counts[code] += len(ent.mentions)
            first[code] = min([first.get(code, 10**9)] + [m[0] for m in ent.mentions])
        if not counts:
            self._home = None
        else:
            self._home = max(counts, key=lambda c: (counts[c], -first[c]))
        # A domestic report: one state (or organisation) makes most of the actors.
        total = sum(counts.values())
        self._domestic = bool(total) and counts[self._home or ""] >= DOMESTIC_SHARE * total
        return self._home

    def _local_home(self, ctx: _Context, index: int | None) -> str | None:
        """The state a domestic actor of this sentence acts for."""
        speaker = self._speaker_at(ctx, index)
        ent = ctx.entities.by_id(speaker) if speaker else None
        if ent is not None and ent.code and ent.sector != "IGO" and len(ent.code) == 3:
            return ent.code
        return self._article_home(ctx.entities)

    def _generic_entity(self, ctx: _Context, arg: Arg) -> str | None:
        assert arg.noun is not None
        if arg.sector == "IGO":
            return self._last_organisation(ctx, arg.index)
        code = self._local_home(ctx, arg.index)
        key = (arg.noun.lower(), code)
        tok = ctx.tokens[arg.index]
        ent_id = self._generic.get(key)
        table = ctx.entities
        if ent_id is None:
            ent_id = self._new_entity_id(table)
            table.entities.append(
                Entity(
                    id=ent_id,
                    name=tok.text,
                    kind=KIND_OF_SECTOR.get(arg.sector or "", "group"),
                    code=code,
                    sector=arg.sector,
                )
            )
            self._generic[key] = ent_id
        ent = table.by_id(ent_id)
        if ent is not None and (tok.start, tok.end) not in ent.mentions:
            ent.mentions.append((tok.start, tok.end))
            ent.mentions.sort()
            bisect.insort(table.spans, (tok.start, tok.end, ent_id))
        arg.entity = ent_id
        return ent_id

    def _last_organisation(self, ctx: _Context, index: int) -> str | None:
        speaker = self._speaker_at(ctx, index)
        ent = ctx.entities.by_id(speaker) if speaker else None
        if ent is not None and ent.sector == "IGO":
            return speaker
        offset = ctx.tokens[index].start
        hi = bisect.bisect_left(ctx.entities.spans, (offset, -1, ""))
        for _s, _e, ent_id in reversed(ctx.entities.spans[:hi]):
            ent = ctx.entities.by_id(ent_id)
            if ent is not None and ent.sector == "IGO":
                return ent_id
        return None

    def _unnamed_actor(self, ctx: _Context, index: int | None) -> str | None:
        """An actor the text does not name ("Es kam zu Verhaftungen"): an entity of its
        own, coded with the state the sentence is about."""
        code = self._local_home(ctx, index)
        if code is None:
            return None
        key = ("(unnamed)", code)
        ent_id = self._generic.get(key)
        if ent_id is None or ctx.entities.by_id(ent_id) is None:
            ent_id = self._new_entity_id(ctx.entities)
            name = "(nicht genannt)" if self.german else "(unnamed)"
            ctx.entities.entities.append(Entity(id=ent_id, name=name, kind="group", code=code))
            self._generic[key] = ent_id
        return ent_id

    def _new_entity_id(self, table: EntityTable) -> str:
        n = len(table.entities) + 1
        while table.by_id(f"e{n}") is not None:
            n += 1
        return f"e{n}"

    def _home_entity(self, ctx: _Context, index: int | None) -> str | None:
        code = self._local_home(ctx, index)
        if code is None:
            return None
        best: Entity | None = None
        for ent in ctx.entities.entities:
            if ent.code != code:
                continue
            if ent.kind == "state":
                return ent.id
            if best is None or (best.kind == "person" and ent.kind != "person"):
                best = ent
        return best.id if best is not None else None

    def _ensure_codes(self, ctx: _Context, ids: list[str]) -> None:
        """A named person the knowledge base cannot code acts, in a domestic report, for
        the state the sentence is about."""
        for ent_id in ids:
            ent = ctx.entities.by_id(ent_id)
            if ent is None or ent.code is not None:
                continue
            words = ent.name.split()
            last = words[-1].lower() if words else ""
            generic = None
            for form in (last, last[:-1], last[:-2]):  # "Parteien" -> "Partei"
                generic = generic or (self._generic_at(form, form) if len(form) > 3 else None)
            if ent.kind == "person" or (generic is not None and generic[1] != "IGO"):
                ent.code = self._local_home(ctx, None)
                if generic is not None and ent.sector is None:
                    ent.sector = generic[1]

    # -- subjects ----------------------------------------------------------------------
    def _speaker_at(self, ctx: _Context, index: int | None) -> str | None:
        if index is not None:
            start = ctx.tokens[index].start
            for quote in ctx.quotes:
                if quote.span[0] <= start < quote.span[1] and quote.speaker:
                    return quote.speaker
        return ctx.source

    def _finite_index(self, ctx: _Context, cl: Clause) -> int | None:
        return next((i for i in range(cl.lo, cl.hi) if is_finite_verb(ctx.tokens[i])), None)

    def _is_passive(self, ctx: _Context, cl: Clause, index: int) -> bool:
        tokens = ctx.tokens
        if index >= len(tokens):
            return False
        tg = tag(tokens[index])
        if self.german:
            if tg != "VVPP":
                return False
            lemmas = [ctx.lemmas[k] for k in range(cl.lo, cl.hi)]
            if "werden" in lemmas:
                return True
            # Zustandspassiv with an agent: "ist durch das Gesetz verboten".
            return "sein" in lemmas and any(
                ctx.words[k] in {"durch", "seitens"} for k in range(cl.lo, index)
            )
        if tg not in {"VVN", "VVD-VVN", "VVN-VVD"}:
            return False
        return any(
            ctx.lemmas[k] == "be" and k < index and index - k <= 4 for k in range(cl.lo, index)
        )

    def _subject(self, ctx: _Context, n: int, index: int) -> tuple[list[str], int | None]:
        """The subject of clause n (entity ids and token index), with fallbacks of the
        sentence; empty when there is none."""
        cl = ctx.clauses[n]
        args = self._args(ctx, n)
        bare = [a for a in args if a.bare and not self._is_place(ctx, a)]
        if not self.german:
            finite = self._finite_index(ctx, cl) or index
            pre = [a for a in bare if a.index < finite]
            post = [a for a in bare if a.index > finite and not a.oblique]
            order = pre + post
        elif cl.kind in {"main", "coord"}:
            found = self._finite_index(ctx, cl)
            finite = index if found is None else found
            pre = [a for a in bare if a.index < finite]
            post = [a for a in bare if a.index > finite]
            order = (
                [a for a in pre if not a.oblique] + [a for a in post if not a.oblique] + pre + post
            )
        else:
            order = [a for a in bare if not a.oblique] + bare
        if cl.kind == "cont" and not [a for a in order if not a.oblique] and cl.head is not None:
            return self._subject(ctx, cl.head, ctx.clauses[cl.head].lo)
        if cl.kind == "coord":
            order = [a for a in order if not a.oblique]
            if (
                self.german
                and is_finite_verb(ctx.tokens[cl.lo])
                and len({a.index for a in order}) < 2
            ):
                # "... und kritisierte Russland": the one noun phrase is the object.
                order = []
        # A demonstrative or "man" subject stands before the mentions.
        pron = self._pronoun_subject(ctx, cl, index)
        if pron is not None and (not order or pron[1] < order[0].index):
            return pron
        if order:
            head = order[0]
            if head.entity is None and head.noun is None:
                return [], None
            return self._resolve(ctx, head, args), head.index
        if pron is not None:
            return pron
        if cl.kind == "rel":
            # "Ägypten, das vorschlug": the antecedent.
            for m in range(n - 1, -1, -1):
                prev = [a for a in self._args(ctx, m) if a.end <= cl.lo]
                if prev:
                    return self._resolve(ctx, prev[-1], self._args(ctx, m)), prev[-1].index
                break
        return [], None

    def _pronoun_subject(
        self, ctx: _Context, cl: Clause, index: int
    ) -> tuple[list[str], int] | None:
        finite = self._finite_index(ctx, cl)
        for k in range(cl.lo, cl.hi):
            word = ctx.words[k]
            if finite is not None and k > finite + 2 and self.german:
                break
            if ctx.entities.in_span(ctx.tokens[k].start, ctx.tokens[k].end):
                continue
            if word in SPEAKER_PRONOUNS:
                speaker = self._speaker_at(ctx, k)
                if speaker:
                    return [speaker], k
                if word == "man" and self._last_actor:
                    return list(self._last_actor), k
            if (
                word in DEMONSTRATIVES
                and tag(ctx.tokens[k]) in {"PDS", "DT0"}
                and self._last_mentions
            ):
                return [self._last_mentions[-1]], k
            # "Beide Regierungen", "both countries": the actors just named.
            if (
                word in {"beide", "beiden", "both"}
                and len(self._last_actor) > 1
                and k + 1 < cl.hi
                and _is_noun(ctx.tokens[k + 1])
            ):
                return list(self._last_actor), k
        return None

    def _actor(
        self, ctx: _Context, hit: TriggerHit, passive: bool
    ) -> tuple[list[str], int | None, str]:
        """(actor ids, index of the actor, how it was found)."""
        n = hit.clause_no
        if hit.trigger.speech:
            speaker = self._speaker_at(ctx, hit.index)
            return ([speaker] if speaker else []), None, "speaker"
        if hit.kind == "noun" and hit.own_actor:
            arg = hit.own_actor[0]
            return self._resolve(ctx, arg, self._args(ctx, n)), arg.index, "noun"
        if passive:
            agent = self._agent(ctx, hit)
            if agent:
                return agent[0], agent[1], "agent"
        elif hit.trigger.recipient != "subject":
            ids, idx = self._subject(ctx, n, hit.index)
            if ids:
                return ids, idx, "subject"
        # Coordinated or infinitive clauses share the subject of the clause before.
        cl = ctx.clauses[n]
        if cl.kind in {"coord", "inf"} and not passive:
            m: int | None = cl.head if cl.head is not None else n - 1
            seen: set[int] = set()
            while m is not None and 0 <= m < n and m not in seen:
                seen.add(m)
                ids, found_at = self._subject(ctx, m, ctx.clauses[m].lo)
                if ids:
                    return ids, found_at, "inherited"
                m = ctx.clauses[m].head
        if hit.kind == "noun":
            # A nominal event without its own actor: the first actor named in its clause.
            for arg in self._args(ctx, n):
                if arg.entity is None or self._is_place(ctx, arg):
                    continue
                if arg.index > hit.index and self._after_slot(ctx, hit, arg.index):
                    continue  # "Proteste gegen die Regierung": the target
                return [arg.entity], arg.index, "clause"
        if (
            not passive
            and hit.kind != "noun"
            and ctx.clauses[n].kind != "coord"
            and self._thing_subject(ctx, n, hit)
        ):
            return [], None, "none"  # "An der Studie nahmen 132 Probanden teil"
        etype = self._switched(ctx, hit)[0]
        # Giving, praising and meeting need their actor named ("Im Internet werden
        # Schlankheitsmittel angeboten" is no one's offer).
        named_only = etype in self.lex.needs_named_actor and hit.kind != "noun"
        speaker = self._speaker_at(ctx, hit.index)
        if (
            speaker
            and not named_only
            and not (passive and self._speaker_is_patient(ctx, hit, speaker))
        ):
            return [speaker], None, "speaker"
        # "Demnach wurden drei Zivilisten getötet": the actor of the same kind of event
        # just reported.
        for sent_no, rtype, ractor in reversed(self._recent):
            if self._sentence_no - sent_no > 2:
                break
            if rtype == etype and ractor:
                return list(ractor), None, "recent"
        if named_only:
            return [], None, "none"
        home = self._unnamed_actor(ctx, hit.index)
        return ([home] if home else []), None, "home"

    def _speaker_is_patient(self, ctx: _Context, hit: TriggerHit, speaker: str) -> bool:
        """Is the reporting speaker's side what a passive clause happens to ("die
        Systeme seien an die Streitkräfte übergeben worden", said the Ukrainian air force)?"""
        code = self._code(ctx, speaker)
        for arg in self._args(ctx, hit.clause_no):
            if arg.preposition in PASSIVE_AGENT:
                continue
            ent_id = arg.entity or (f"@{arg.index}" if arg.noun else None)
            if ent_id and ent_id != speaker and self._code(ctx, ent_id) == code:
                return True
        return False

    def _after_slot(self, ctx: _Context, hit: TriggerHit, index: int) -> bool:
        """Does a preposition of the trigger's recipient slot stand between the trigger
        and token ``index`` ("Demonstration gegen die Politik der G8-Staaten")?"""
        preps = {
            w
            for slot in hit.trigger.recipient.split("|")
            if slot not in {"none", "object", "dative", "subject", "genitive"}
            for w in self._prep_words(slot)
        }
        return any(ctx.words[k] in preps for k in range(hit.index + 1, index))

    def _thing_subject(self, ctx: _Context, n: int, hit: TriggerHit) -> bool:
        """Does clause n have a common-noun subject that names no actor ("die giftige
        Brühe war eingedrungen")? Then the event has no actor to guess."""
        index = hit.index
        cl = ctx.clauses[n]
        actors = {a.index for a in self._args(ctx, n)}
        body = self._body(ctx, cl)
        if cl.kind in {"sub", "rel"}:
            body = max(body, cl.lo + 1)
        finite = self._finite_index(ctx, cl)
        if finite is None:
            return False
        if self.german and cl.kind in {"main", "coord"}:
            span = range(body, finite) if finite > body else range(finite + 1, cl.hi)
        else:
            span = range(body, finite if finite > body else cl.hi)
        for k in span:
            tok = ctx.tokens[k]
            if tag(tok) not in {"NN", "NN0", "NN1", "NN2"} or k == index or k in actors:
                continue
            if k in hit.parts:
                continue  # "Schüsse fielen": the noun is part of the trigger
            if ctx.lemmas[k] in self.lex.recent_cues or ctx.words[k] in self.lex.recent_cues:
                continue
            prep, gen, obl = self._governor(ctx.tokens, k, body)
            if prep is None and not gen and not obl:
                return True
        return False

    def _agent(self, ctx: _Context, hit: TriggerHit) -> tuple[list[str], int] | None:
        args = self._args(ctx, hit.clause_no)
        for arg in args:
            if arg.preposition in PASSIVE_AGENT or (
                arg.index > 0 and ctx.words[arg.index - 1] in PASSIVE_AGENT
            ):
                return self._resolve(ctx, arg, args), arg.index
        return None

    def _noun_own_actor(self, ctx: _Context, hit: TriggerHit) -> list[Arg]:
        """The noun's own actor: "NATO-Angriffe", "russischer Angriff", "Angriffe Russlands",
        "Proteste der Opposition"."""
        i = hit.index
        args = self._args(ctx, hit.clause_no)
        tok = ctx.tokens[i]
        for arg in args:
            if arg.entity is None:
                continue
            # Prefix of a compound ("NATO-Angriffe") or an adjective before the noun.
            if arg.index <= i < arg.end and arg.index == i:
                span = ctx.entities.in_span(tok.start, tok.end)
                if span and span[0][1] < tok.end:
                    return [arg]
            if arg.end <= i and i - arg.end <= 1 and arg.index < i:
                last = ctx.tokens[arg.end - 1]
                between = ctx.tokens[arg.end : i]
                if (
                    (
                        tag(last) in {"ADJA", "AJ0"}
                        or (last.text.endswith("s") and tag(last) in NOUN_TAGS)
                    )
                    and all(tag(t) in ATTRIBUTE_TAGS | {"POS"} for t in between)
                    and (arg.preposition is None or arg.index > i - 2)
                ):
                    return [arg]
        for arg in args:
            if arg.index <= i:
                continue
            between = ctx.tokens[i + 1 : arg.index]
            if len(between) > 3 or any(t.text in BREAKS for t in between):
                break
            if (arg.genitive or arg.preposition in {"von", "vom", "of", "by", "durch"}) and all(
                tag(t) in ATTRIBUTE_TAGS or t.text.lower() in DETERMINERS | PASSIVE_AGENT | {"of"}
                for t in between
            ):
                return [arg]
            break
        return []

    # -- recipients --------------------------------------------------------------------
    def _prep_words(self, slot: str) -> tuple[str, ...]:
        if not self.german:
            if slot in ENGLISH_PREPOSITIONS:
                return ENGLISH_PREPOSITIONS[slot]
            return (slot,)
        return PREPOSITION_FORMS.get(slot, (slot,))

    def _recipient(
        self,
        ctx: _Context,
        hit: TriggerHit,
        actor: list[str],
        actor_index: int | None,
        passive: bool,
    ) -> list[str]:
        for slot in hit.trigger.recipient.split("|"):
            found = self._recipient_in(ctx, hit, slot, actor, actor_index, passive)
            if found:
                return found
        return []

    def _recipient_in(
        self,
        ctx: _Context,
        hit: TriggerHit,
        slot: str,
        actor: list[str],
        actor_index: int | None,
        passive: bool,
    ) -> list[str]:
        if slot == "none":
            return []
        n = hit.clause_no
        args = [a for a in self._args(ctx, n) if a.entity not in actor or a.entity is None]
        if actor_index is not None:
            # Mentions coordinated with the actor are part of the actor.
            args = [a for a in args if a.index != actor_index]
        if hit.kind == "noun":
            args = [a for a in args if a.index > hit.index]
        actor_codes = {self._code(ctx, a) for a in actor}
        if slot == "subject" or (passive and slot in {"object", "dative"}):
            ids, _idx = (
                self._subject(ctx, n, hit.index) if not passive else self._passive_subject(ctx, hit)
            )
            return [i for i in ids if i not in actor]
        if slot in {"object", "dative"}:
            cands = [a for a in args if a.bare]
            if not self.german:
                cands = [a for a in cands if a.index > hit.index]
            if slot == "dative" and self.german:
                dat = [a for a in cands if a.oblique]
                cands = dat + [a for a in cands if not a.oblique]
            for cand in cands:
                ids = [i for i in self._resolve(ctx, cand, args) if i not in actor]
                if ids and not (
                    cand.entity is None and {self._code(ctx, i) for i in ids} <= actor_codes
                ):
                    return ids
            return []
        if slot == "genitive":
            for a in args:
                if a.genitive or a.preposition in {"von", "vom", "of"}:
                    return [i for i in self._resolve(ctx, a, args) if i not in actor]
            return []
        preps = self._prep_words(slot)
        named = [a for a in args if a.entity is not None]
        for a in named + [a for a in args if a.entity is None]:
            if (
                a.preposition in preps
                or (a.index > 0 and ctx.words[a.index - 1] in preps and a.preposition is None)
                or (
                    (a.genitive or a.preposition == "of")
                    and self._head_preposition(ctx, a, hit.clause[0]) in preps
                )
            ):
                found = [i for i in self._resolve(ctx, a, args) if i not in actor]
                if found:
                    return found
        return []

    def _implicit_recipient(
        self, ctx: _Context, hit: TriggerHit, code_hit: TriggerHit, actor: list[str]
    ) -> list[str]:
        """The target of an event whose recipient slot is empty: the recipient of what it
        governs ("weigern sich, dem Kosovo ... zu verleihen"), the owner of its object
        ("begrüßte den Beschluss der IAEA"), the one who just addressed the actor ("Der
        Iran streitet dies ab" after "Die IAEA wirft dem Iran vor"), or, in a domestic
        report, the actor's own state."""
        for other in hit.absorbed:
            found = self._recipient(ctx, other, actor, None, False)
            if found:
                return found
        if hit.trigger.type in CONTENT_TAKING:
            # "demanded that Ukraine withdraw", "forderte, dass Russland abziehe".
            for m in sorted(self._complements(ctx, hit.clause_no)):
                if ctx.clauses[m].kind != "sub":
                    continue
                ids, _idx = self._subject(ctx, m, ctx.clauses[m].lo)
                ids = [i for i in ids if i not in actor and not i.startswith("@")]
                if ids:
                    return ids
                break
        n = code_hit.clause_no
        args = self._args(ctx, n)
        for arg in args:
            if arg.entity is None or arg.entity in actor or not arg.genitive:
                continue
            head = arg.index - 1
            while head > ctx.clauses[n].lo and not _is_noun(ctx.tokens[head]):
                head -= 1
            prep, gen, _obl = self._governor(ctx.tokens, head, ctx.clauses[n].lo)
            if prep is None and not gen and head != code_hit.index:
                return [arg.entity]
        first = ctx.clauses[hit.clause_no].head
        if (
            first is not None
            and ctx.clause_recipients.get(first)
            and hit.trigger.type in CONTENT_TAKING
        ):
            # "accused China of provocations and demanded that its ships leave".
            return [r for r in ctx.clause_recipients[first] if r not in actor]
        codes = {self._code(ctx, a) for a in actor}
        for sent_no, _rtype, ractor, rrecipient in reversed(self._addressed):
            if self._sentence_no - sent_no > 5:
                break
            if codes & {self._code(ctx, r) for r in rrecipient} and not codes & {
                self._code(ctx, a) for a in ractor
            }:
                return list(ractor)
        home = self._article_home(ctx.entities)
        if home is not None and home in codes and self._domestic and hit.trigger.type != "NONE":
            ent = self._home_entity(ctx, None)
            return [ent] if ent else []
        return []

    def _beneficiary(self, ctx: _Context, hit: TriggerHit, actor: list[str]) -> list[str]:
        """Who a promise or delivery is for when no slot names it: the last state named in
        what is promised ("Eurofighter zur Sicherung des polnischen Luftraums zu
        entsenden", "den Aufbau von Stützpunkten in der Ukraine")."""
        codes = {self._code(ctx, a) for a in actor}
        lo, hi = hit.index + 1, self._region_end(ctx, hit)
        if hit.index + 1 >= hit.clause[1]:  # a clause-final German verb
            lo = hit.clause[0]
        found: str | None = None
        for _s, _e, ent_id in ctx.entities.in_span(ctx.tokens[lo].start, ctx.tokens[hi - 1].end):
            ent = ctx.entities.by_id(ent_id)
            if ent is None or ent.kind not in {"state", "place"} or not ent.code:
                continue
            if ent.code in codes or _s < ctx.tokens[lo].start or ent.sector == "MIL":
                continue
            found = ent_id
        return [found] if found else []

    def _head_preposition(self, ctx: _Context, arg: Arg, lo: int) -> str | None:
        """The preposition governing the noun a genitive hangs on ("im Süden des Libanon",
        "on buyers of Russian oil")."""
        head = arg.index - 1
        while head > lo and not _is_noun(ctx.tokens[head]):
            head -= 1
        return self._governor(ctx.tokens, head, lo)[0]

    def _passive_subject(self, ctx: _Context, hit: TriggerHit) -> tuple[list[str], int | None]:
        args = self._args(ctx, hit.clause_no)
        for arg in args:
            if arg.bare and ctx.words[max(0, arg.index - 1)] not in PASSIVE_AGENT:
                return self._resolve(ctx, arg, args), arg.index
        return [], None

    def _code(self, ctx: _Context, ent_id: str) -> str | None:
        if ent_id.startswith("@"):
            return self._local_home(ctx, int(ent_id[1:]))
        ent = ctx.entities.by_id(ent_id)
        return ent.code if ent is not None else None

    # -- modifiers ---------------------------------------------------------------------
    def _in_condition(self, ctx: _Context, k: int) -> bool:
        return any(lo <= k < hi for lo, hi in ctx.conditions)

    def _negated(self, ctx: _Context, lo: int, hi: int, at: int | None = None) -> bool:
        """Is the clause [lo, hi) negated (for the trigger at ``at``: not when another
        main verb stands between the negation and it: "has not delivered the systems
        it promised")?"""
        for k in range(lo, hi):
            if ctx.words[k] in self.lex.negation and not self._in_condition(ctx, k):
                if k + 1 < len(ctx.words) and ctx.words[k + 1] in {"nur", "only", "zuletzt"}:
                    continue
                if at is not None:
                    a, b = sorted((k, at))
                    if any(
                        tag(ctx.tokens[j]).startswith("VV") and j != at for j in range(a + 1, b)
                    ):
                        continue
                return True
        return False

    def _aux(self, ctx: _Context, hit: TriggerHit) -> str | None:
        lo, hi = hit.clause
        tokens = ctx.tokens
        cl = ctx.clauses[hit.clause_no] if hit.clause_no < len(ctx.clauses) else None
        if (
            cl is not None
            and cl.kind == "coord"
            and cl.head is not None
            and not _has_finite(tokens, lo, hi)
        ):
            # "man werde verzichten und ... besprechen": the auxiliary is shared.
            lo = ctx.clauses[cl.head].lo
        if self._negated(ctx, lo, hi, hit.index):
            return "negated"
        words = ctx.words[lo:hi]
        if any(w in self.lex.hypothetical for w in words):
            return "hypothetical"
        head_tag = tag(tokens[hit.index])
        finite = [ctx.words[k] for k in range(lo, hi) if is_finite_verb(tokens[k])]
        infinitive = head_tag in {"VVINF", "VVIZU", "VAINF", "VVI"} or any(
            tag(tokens[k]) in {"VVINF", "VVIZU", "VVI", "VAINF"} for k in range(lo, hi)
        )
        if self.german:
            aux_at = next(
                (
                    k
                    for k in range(lo, hi)
                    if is_finite_verb(tokens[k]) and ctx.words[k] in self.lex.future_aux
                ),
                None,
            )
            # Any later verb but a bare participle (the passive "wird verlegt") counts as
            # the infinitive: HanTa tags a clause-final "haben" as finite at times.
            later = (
                []
                if aux_at is None
                else [k for k in range(lo, hi) if k != aux_at and is_verb(tokens[k])]
            )
            perfect = any(tag(tokens[k]) == "VVPP" for k in later) and any(
                ctx.lemmas[k] in {"haben", "sein"} for k in later
            )
            if later and any(tag(tokens[k]) != "VVPP" for k in later) and not perfect:
                return "future"
        elif any(w in {"will", "shall", "'ll"} for w in words) and infinitive:
            return "future"
        if any(
            tuple(ctx.words[k : k + len(p)]) == p
            for p in self.lex.future_phrases
            for k in range(lo, hi)
        ):
            return "future"
        if any(
            ctx.lemmas[k] in self.lex.future_cues or ctx.words[k] in self.lex.future_cues
            for k in range(lo, hi)
        ):
            return "future"
        sentence_words = set(ctx.words) | set(ctx.lemmas)
        joined_words = " " + " ".join(ctx.words) + " "
        if any(
            (w in sentence_words) if " " not in w else (f" {w} " in joined_words)
            for w in self.lex.historical
        ):
            return "historical"
        if ctx.year is not None:
            for tok in tokens[lo:hi]:
                m = YEAR.fullmatch(tok.text)
                if m and int(m.group(1)) <= ctx.year - 2:
                    return "historical"
        pluperfect = any(w in self.lex.pluperfect_aux for w in finite) and any(
            tag(tokens[k]) in {"VVPP", "VVN"} for k in range(lo, hi)
        )
        # English backshifts reported speech ("said its coast guard had seized").
        if not self.german and self._speaker_at(ctx, hit.index) is not None:
            pluperfect = False
        if pluperfect and not any(w in sentence_words for w in self.lex.recent_cues):
            return "historical"
        return None

    def _conditions(self, tokens: Sequence[Token]) -> list[tuple[int, int]]:
        """Token ranges [lo, hi) of stated conditions in the sentence."""
        out: list[tuple[int, int]] = []
        words = [t.text.lower() for t in tokens]
        lemmas = [_lower_lemma(t) for t in tokens]
        for i, word in enumerate(words):
            if word in self.lex.clause_conditions:
                _lo, hi = clause_bounds(tokens, i)
                out.append((i, hi))
                continue
            for cue in self.lex.preposition_conditions:
                if tuple(words[i : i + len(cue)]) != cue:
                    continue
                for k in range(i + len(cue), min(len(tokens), i + len(cue) + 4)):
                    if _ends_with_any(lemmas[k], self.lex.condition_nouns) or _ends_with_any(
                        words[k], self.lex.condition_nouns
                    ):
                        out.append((i, k + 1))
                        break
        return out

    def _content_words(
        self, ctx: _Context, lo: int, hi: int, near: int | None = None
    ) -> tuple[str, str | None] | None:
        """The content class of the first cue word in [lo, hi) (the one nearest to the
        token ``near`` when given); multi-word cues ("air defence") match word runs."""
        best: tuple[int, str, str | None] | None = None
        for k in range(lo, hi):
            if self._in_condition(ctx, k):
                continue
            for name, (cmode, cue) in self.lex.content.items():
                hit = False
                for c in cue:
                    if " " in c:
                        parts = c.split()
                        hit = [ctx.lemmas[j] for j in range(k, min(hi, k + len(parts)))] == parts
                        hit = hit or ctx.words[k : k + len(parts)] == parts
                    else:
                        hit = bool(
                            _ends_with_any(ctx.lemmas[k], (c,))
                            or _ends_with_any(ctx.words[k], (c,))
                        )
                    if hit:
                        break
                if hit:
                    dist = abs(k - near) if near is not None else k
                    if best is None or dist < best[0]:
                        best = (dist, name, cmode)
                    break
        return (best[1], best[2]) if best is not None else None

    def _content(
        self, ctx: _Context, hit: TriggerHit, etype: str, forced: str | None, region_hi: int
    ) -> Content | None:
        if etype not in CONTENT_TAKING:
            return None
        tokens = ctx.tokens
        lo = hit.clause[0]
        hi = region_hi
        while hi > lo and tokens[hi - 1].text in FINAL:
            hi -= 1
        ctype: str | None = forced
        mode: str | None = None
        if ctype is None:
            for absorbed in self._content_order(ctx, hit):
                resolved = self._resolved_type(ctx, absorbed)
                if resolved not in PSEUDO | {"AGREE"} and resolved is not None:
                    ctype = resolved
                    break
        if ctype is None:
            found = self._content_words(ctx, lo, hi, hit.index)
            if found is not None:
                ctype, mode = found
        if ctype is None:
            ctype = hit.trigger.content
        if ctype is not None and mode is None:
            mode = self.lex.content.get(ctype, (None, ()))[0]
        # The words after the trigger; for a clause-final German verb ("hat ... angeboten")
        # the clause itself.
        after = [
            k
            for k in range(hit.index + 1, hit.clause[1])
            if tag(tokens[k]) != "PTKVZ" and tokens[k].text not in BREAKS | FINAL
        ]
        span_lo = hit.index + 1 if after else lo
        content_text = (
            ctx.text[tokens[span_lo].start : tokens[hi - 1].end] if hi > span_lo else None
        )
        return Content(type=ctype, mode=mode, text=content_text)

    def _content_order(self, ctx: _Context, hit: TriggerHit) -> list[TriggerHit]:
        """The governed triggers that can be content: those of the complement clauses
        first, then the object nouns of the trigger's own clause (not nouns in a
        prepositional phrase: "auf einem Treffen")."""
        return [a for a in hit.absorbed if a.clause_no != hit.clause_no] + [
            a
            for a in hit.absorbed
            if a.clause_no == hit.clause_no
            and (a.kind not in {"noun", "content-noun"} or self._is_object(ctx, a))
        ]

    def _contexts(self, tokens: Sequence[Token]) -> list[str]:
        lemmas = [_lower_lemma(t) for t in tokens]
        out = []
        for name, words in self.lex.contexts.items():
            if any(_ends_with_any(lem, words) for lem in lemmas):
                out.append(name)
        return out

    # -- switches and types ------------------------------------------------------------
    def _switch_applies(self, ctx: _Context, hit: TriggerHit, sw: Switch) -> bool:
        lo, hi = hit.clause
        for cue in sw.when:
            if cue == "@negated":
                if self._negated(ctx, lo, hi, hit.index):
                    return True
            elif cue == "@future":
                if self._aux(ctx, hit) in {"future", "hypothetical"}:
                    return True
            elif cue == "@person":
                actor, _idx = self._subject(ctx, hit.clause_no, hit.index)
                ents = [ctx.entities.by_id(a) for a in actor]
                if ents and all(
                    e is not None and e.kind == "person" and e.sector not in {"MIL", "REB"}
                    for e in ents
                ):
                    return True
            elif cue.startswith("@next:"):
                if hit.index + 1 < len(ctx.words) and ctx.words[hit.index + 1] == cue[6:].lower():
                    return True
            elif cue == "@inf":
                if any(ctx.clauses[m].kind == "inf" for m in self._complements(ctx, hit.clause_no)):
                    return True
            elif cue == "@object":
                subject, at = self._subject(ctx, hit.clause_no, hit.index)
                if any(
                    a.bare and a.entity is not None and a.entity not in subject and a.index != at
                    for a in self._args(ctx, hit.clause_no)
                ):
                    return True
            elif cue in {"@positive", "@negative"}:
                stems = self.lex.positive if cue == "@positive" else self.lex.negative
                if any(
                    ctx.words[k] in stems or _ends_with_any(ctx.lemmas[k], stems)
                    for k in range(lo, hi)
                    if k != hit.index
                ):
                    return True
            elif any(
                ctx.words[k] == cue
                or ctx.lemmas[k] == cue
                or (len(cue) >= 5 and _ends_with_any(ctx.lemmas[k], (cue,)))
                for k in range(lo, hi)
                if k != hit.index
            ):
                return True
        return False

    def _switched(self, ctx: _Context, hit: TriggerHit) -> tuple[str, str | None]:
        for sw in hit.trigger.switch:
            if self._switch_applies(ctx, hit, sw):
                return sw.type, sw.content
        return hit.trigger.type, None

    def _resolved_type(self, ctx: _Context, hit: TriggerHit) -> str | None:
        etype, _content = self._switched(ctx, hit)
        if etype == "INTENT":
            inner = next(
                (
                    t
                    for t in (self._resolved_type(ctx, a) for a in hit.absorbed)
                    if t is not None and t not in PSEUDO
                ),
                None,
            )
            return inner
        return etype

    # -- nominal triggers --------------------------------------------------------------
    def _noun_codes(self, ctx: _Context, hit: TriggerHit, verb_clauses: set[int]) -> bool:
        """Does a nominal trigger stand as an event of its own?"""
        trig = hit.trigger
        i = hit.index
        prep, _gen, _obl = self._governor(ctx.tokens, i, hit.clause[0])
        if trig.speech:
            if self._speaker_at(ctx, i) is None or prep is not None:
                return False
            return hit.clause_no not in verb_clauses
        if prep in self.lex.blocker_prepositions:
            return False
        lo, hi = hit.clause
        if any(
            ctx.lemmas[k] in self.lex.blocker_verbs
            or verb_lemma(ctx.tokens, k, hi).lower().replace("|", "") in self.lex.blocker_verbs
            for k in range(lo, hi)
            if is_verb(ctx.tokens[k])
        ):
            return False
        hit.own_actor = self._noun_own_actor(ctx, hit)
        if hit.own_actor and not (prep is not None and trig.type == "CONSULT"):
            return True
        if trig.needs_actor_on_noun or hit.clause_no in verb_clauses:
            return False
        # The recipient slot follows the noun: "Sanktionen gegen Niger", "Treffen mit X".
        preps = tuple(
            w
            for slot in trig.recipient.split("|")
            if slot not in {"none", "object", "dative", "subject", "genitive"}
            for w in self._prep_words(slot)
        )
        after = i + 1
        while after < min(len(ctx.words), i + 4) and tag(ctx.tokens[after]) in {"ADV", "PTKA"}:
            after += 1  # "Kritik vor allem gegen Deutschland"
        # ... unless the noun is the clause's subject: "Die Verhandlungen mit Kroatien
        # stoßen auf Skepsis" says nothing happened.
        finite = self._finite_index(ctx, ctx.clauses[hit.clause_no])
        subject = prep is None and not _gen and finite is not None and i < finite
        if preps and not subject and after < len(ctx.words) and ctx.words[after] in preps:
            args = self._args(ctx, hit.clause_no)
            if any(a.index > after and a.index - after <= 4 and a.entity is not None for a in args):
                return True
        if prep is not None and prep not in {"zu", "zum", "zur", "to", "in", "of"}:
            return False
        for k in range(lo, hi):
            if not is_verb(ctx.tokens[k]):
                continue
            joined = verb_lemma(ctx.tokens, k, hi).lower() if self.german else ctx.lemmas[k]
            if joined in self.lex.happen_verbs or joined.replace("|", "") in self.lex.happen_verbs:
                return True
            if k + 1 < len(ctx.words) and f"{joined} {ctx.words[k + 1]}" in self.lex.happen_verbs:
                return True
        return False

    # -- main entry --------------------------------------------------------------------
    def code_sentence(
        self,
        text: str,
        sentence: Sentence,
        entities: EntityTable,
        quotes: Sequence[Quote],
        source_of_sentence: str | None,
        article_date: str | None,
    ) -> list[Event]:
        tokens = sentence.tokens
        if not tokens:
            return []
        self._article_home(entities)
        clauses = segment_clauses(tokens, self.german, sentence.is_heading, self._speech_verbs)
        year = int(article_date[:4]) if article_date and article_date[:4].isdigit() else None
        ctx = _Context(
            text=text,
            tokens=tokens,
            sentence=sentence,
            entities=entities,
            clauses=clauses,
            quotes=quotes,
            source=source_of_sentence,
            year=year,
            conditions=self._conditions(tokens),
            lemmas=[_lower_lemma(t) for t in tokens],
            words=[t.text.lower() for t in tokens],
        )
        # Tokens that end a multi-word name of an organisation: not nominal triggers.
        self._name_ends = set()
        for start, end, ent_id in entities.in_span(sentence.start, sentence.end):
            ent = entities.by_id(ent_id)
            if ent is None or ent.kind not in {"organisation", "group"}:
                continue
            for k, tok in enumerate(tokens):
                if tok.end == end and tok.start > start:
                    self._name_ends.add(k)
        hits = self.find_triggers(tokens, clauses)
        hits = self._select(ctx, hits)
        events = self._code_hits(ctx, hits, article_date)
        mentions = [
            ent_id
            for _s, _e, ent_id in entities.in_span(sentence.start, sentence.end)
            if self._entity_ok(ent_id, entities)
        ]
        if mentions:
            self._last_mentions = mentions
        if events:
            self._last_actor = list(events[0].actor)
        for ev in events:
            if ev.rule and not ev.rule.endswith(("[home]", "[recent]")):
                self._recent.append((self._sentence_no, ev.type, list(ev.actor)))
            if ev.recipient:
                self._addressed.append(
                    (self._sentence_no, ev.type, list(ev.actor), list(ev.recipient))
                )
        self._sentence_no += 1
        return events

    def _select(self, ctx: _Context, hits: list[TriggerHit]) -> list[TriggerHit]:
        """Drop nominal triggers that are not events and let content-taking triggers own
        the triggers they govern."""
        verb_hits = [h for h in hits if h.kind != "noun"]
        verb_clauses = {h.clause_no for h in verb_hits if self._switched(ctx, h)[0] != "NONE"}
        verb_types = {self._switched(ctx, h)[0] for h in verb_hits}
        kept: list[TriggerHit] = []
        for hit in hits:
            if hit.kind == "noun":
                codes = self._noun_codes(ctx, hit, verb_clauses)
                if not codes:
                    # Still a possible content of an owner in its clause.
                    hit.kind = "content-noun"
                elif hit.trigger.type in verb_types and not hit.own_actor:
                    hit.kind = "content-noun"
            kept.append(hit)
        hits = kept
        absorbed: set[int] = set()
        hits = [h for h in hits if not self._in_condition_clause(ctx, h)]
        for hit in hits:
            if id(hit) in absorbed or hit.kind == "content-noun":
                continue
            etype = self._switched(ctx, hit)[0]
            owner = etype in CONTENT_TAKING or etype == "INTENT"
            region = self._complements(
                ctx, hit.clause_no, relative=hit.trigger.stage == "intent_signed"
            )
            for other in hits:
                if other is hit or id(other) in absorbed:
                    continue
                same_clause = other.clause_no == hit.clause_no
                if same_clause:
                    if (
                        other.kind == "noun"
                        and other.own_actor
                        and not (owner and self._is_object(ctx, other))
                    ):
                        continue
                    gerund = (
                        not self.german
                        and tag(ctx.tokens[other.index]) == "VVG"
                        and ctx.words[other.index - 1] in {"of", "for", "from"}
                        and other.index > hit.index
                    )  # "accused Russia of shelling a hospital"
                    if not owner and other.kind != "content-noun" and not gerund:
                        continue
                    if other.index < hit.index and other.kind not in {"noun", "content-noun"}:
                        continue
                elif other.clause_no not in region:
                    continue
                hit.absorbed.append(other)
                absorbed.add(id(other))
        out = [
            h
            for h in hits
            if id(h) not in absorbed
            and h.kind != "content-noun"
            and not self._in_condition_clause(ctx, h)
        ]
        # The modal of reported speech: "Der Iran müsse ... beenden, so Rice".
        out.extend(self._speech_requests(ctx, hits, absorbed))
        out.sort(key=lambda h: h.index)
        return out

    def _in_condition_clause(self, ctx: _Context, hit: TriggerHit) -> bool:
        """Is the trigger inside a stated condition ("sofern der Bundestag zustimme") or an
        open question ("ob Moskau die Anwesenheit akzeptieren würde")?"""
        cl = ctx.clauses[hit.clause_no]
        if cl.kind == "sub" and cl.word in {"ob", "whether"}:
            return True
        return any(
            lo <= hit.index < hi and ctx.words[lo] in self.lex.clause_conditions
            for lo, hi in ctx.conditions
        )

    def _is_object(self, ctx: _Context, hit: TriggerHit) -> bool:
        prep, gen, _obl = self._governor(ctx.tokens, hit.index, hit.clause[0])
        return prep is None and not gen

    def _complements(self, ctx: _Context, n: int, relative: bool = False) -> set[int]:
        """Clause numbers of the infinitive and "dass" clauses governed by clause n (and
        with ``relative`` of the relative clauses after it: "eine Absichtserklärung,
        nach der ... stationiert werden sollen")."""
        out: set[int] = set()
        for m in range(n + 1, len(ctx.clauses)):
            cl = ctx.clauses[m]
            if (
                cl.kind == "inf"
                or (cl.kind == "sub" and cl.word in COMPLEMENTIZERS)
                or (relative and cl.kind == "rel")
            ):
                out.add(m)
                continue
            if cl.kind == "sub" and cl.word == "um":
                break
            break
        return out

    def _speech_requests(
        self, ctx: _Context, hits: list[TriggerHit], absorbed: set[int]
    ) -> list[TriggerHit]:
        if not self.lex.speech_request:
            return []
        out: list[TriggerHit] = []
        for n, cl in enumerate(ctx.clauses):
            finite = self._finite_index(ctx, cl)
            if cl.kind not in {"main", "coord"}:
                continue
            if finite is None or ctx.words[finite] not in self.lex.speech_request:
                continue
            speaker = self._speaker_at(ctx, finite)
            if speaker is None:
                continue
            ids, _idx = self._subject(ctx, n, finite)
            ents = [ctx.entities.by_id(i) for i in ids]
            if not ids or any(e is None for e in ents):
                continue
            speaker_code = self._code(ctx, speaker)
            if speaker_code in {self._code(ctx, i) for i in ids}:
                continue
            trig = Trigger(type="REQUEST", verb=ctx.lemmas[finite], recipient="subject")
            tok = ctx.tokens[finite]
            hit = TriggerHit(
                trig, finite, (tok.start, tok.end), (cl.lo, cl.hi), clause_no=n, kind="modal"
            )
            for other in hits:
                if other.clause_no == n and id(other) not in absorbed:
                    hit.absorbed.append(other)
                    absorbed.add(id(other))
            out.append(hit)
        return out

    def _code_hits(
        self, ctx: _Context, hits: list[TriggerHit], article_date: str | None
    ) -> list[Event]:
        events: list[Event] = []
        contexts = self._contexts(ctx.tokens)
        for hit in hits:
            etype, forced_content = self._switched(ctx, hit)
            if etype == "NONE":
                continue
            aux = self._aux(ctx, hit)
            if hit.trigger.requires == "future":
                if aux not in {"future", "hypothetical"}:
                    continue
                aux = None  # the future is what makes it a threat
            passive = self._is_passive(ctx, ctx.clauses[hit.clause_no], hit.index)
            stage = hit.trigger.stage
            code_hit = hit
            rule = hit.trigger.label
            if hit.kind == "modal":
                speaker = self._speaker_at(ctx, hit.index)
                actor: list[str] = [speaker] if speaker else []
                actor_index: int | None = None
                how = "speaker"
            else:
                actor, actor_index, how = self._actor(ctx, hit, passive)
            if etype == "INTENT":
                resolved = self._intent(ctx, hit, passive or how == "home", aux)
                if resolved is None:
                    continue
                etype, forced_content, code_hit, aux = resolved
                rule = f"{hit.trigger.label}>{code_hit.trigger.label}"
                if code_hit is not hit:
                    stage = stage or code_hit.trigger.stage
            if not actor:
                continue
            source = self._source(ctx, hit)
            # A promise or announcement of aid, troops or cooperation is an AGREE; so is
            # a cooperative act the speaker's own side will do.
            if (
                aux in {"future", "hypothetical"}
                and etype in PROMISABLE
                and hit.kind != "noun"
                and code_hit is hit
                and hit.trigger.type != "INTENT"
            ):
                forced_content, etype, aux = etype, "AGREE", None
                if stage in {None, "delivered"}:
                    stage = "promised"
            elif (
                etype == "CONSULT"
                and aux == "future"
                and how not in {"speaker", "home", "recent", "clause"}
                and source is not None
                and self._code(ctx, source) in {self._code(ctx, a) for a in actor}
            ):
                forced_content, etype, aux = "CONSULT", "AGREE", None
            elif (
                aux == "negated"
                and etype in COOPERATIVE - {"SUPPORT"}
                and self._modal_or_future(ctx, hit)
            ):
                # "Moskau werde nicht verhandeln": a refusal.
                forced_content, etype, aux = etype, "REJECT", None
            region_hi = self._region_end(ctx, hit)
            content = self._content(ctx, hit, etype, forced_content, region_hi)
            if etype == "AGREE" and content is not None and content.type in HOSTILE:
                etype = "THREATEN"
            recipient = self._recipient(
                ctx,
                code_hit,
                actor,
                actor_index if code_hit is hit else None,
                passive and code_hit is hit,
            )
            if hit.trigger.speech and not recipient:
                recipient = self._speech_recipient(ctx, hit, actor)
            if hit.kind == "modal":
                recipient = [i for i in self._subject(ctx, hit.clause_no, hit.index)[0]]
            signing = etype == "SUPPORT" and hit.trigger.stage == "intent_signed"
            if (
                not recipient
                and hit.trigger.recipient != "none"
                and etype in TARGETED
                and not signing
            ):
                recipient = self._implicit_recipient(ctx, hit, code_hit, actor)
            if not recipient and etype in {"AGREE", "AID"}:
                recipient = self._beneficiary(ctx, hit, actor)
            # Signing "with" someone makes them a co-signatory (a compound actor).
            if signing and hit.trigger.recipient in {"mit", "with"} and recipient:
                partners, recipient = recipient, []
                actor = actor + [p for p in partners if p not in actor]
            actor = self._materialize(ctx, actor)
            recipient = [r for r in self._materialize(ctx, recipient) if r not in actor]
            if not actor:
                continue
            self._ensure_codes(ctx, actor + recipient)
            condition = self._condition_for(ctx, hit, etype, region_hi)
            event = Event(
                id="",
                type=etype,
                actor=actor,
                recipient=recipient,
                trigger=code_hit.span,
                span=(ctx.sentence.start, ctx.sentence.end),
                contexts=contexts,
                aux=aux,
                condition=condition,
                content=content,
                source=source,
                date=article_date,
                location=self._location(ctx.tokens, ctx.entities),
                confidence=round(
                    0.5
                    + (0.2 if recipient else 0.0)
                    + (0.1 if len(actor) == 1 else 0.0)
                    - (0.2 if how == "home" else 0.0),
                    2,
                ),
                rule=rule if how in {"subject", "noun", "agent"} else f"{rule}[{how}]",
                stage=stage,
            )
            if any(self._same(event, other) for other in events):
                continue
            events.append(event)
            if recipient:
                ctx.clause_recipients.setdefault(hit.clause_no, list(recipient))
            # A signed declaration that says what the signatories will do is also an AGREE.
            if etype == "SUPPORT" and hit.trigger.stage == "intent_signed":
                agree = self._declared_commitment(ctx, hit, event)
                if agree is not None:
                    events.append(agree)
        return events

    def _modal_or_future(self, ctx: _Context, hit: TriggerHit) -> bool:
        lo, hi = hit.clause
        return any(
            ctx.words[k] in self.lex.future_aux
            or ctx.words[k] in {"would", "wolle", "wollen", "will", "würde", "würden"}
            for k in range(lo, hi)
        )

    def _same(self, a: Event, b: Event) -> bool:
        return a.type == b.type and bool(set(a.actor) & set(b.actor))

    def _region_end(self, ctx: _Context, hit: TriggerHit) -> int:
        hi = hit.clause[1]
        for m in sorted(self._complements(ctx, hit.clause_no)):
            hi = max(hi, ctx.clauses[m].hi)
        for other in hit.absorbed:
            hi = max(hi, other.clause[1])
        return hi

    def _intent(
        self, ctx: _Context, hit: TriggerHit, passive: bool, own_aux: str | None
    ) -> tuple[str, str | None, TriggerHit, str | None] | None:
        """(type, content type, the hit that codes, aux) of an INTENT trigger; ``passive``
        says that the intent has no named actor ("ein Treffen ist geplant")."""
        inner = None
        for other in self._content_order(ctx, hit):
            t = self._resolved_type(ctx, other)
            if t is not None and t not in PSEUDO:
                inner = other
                break
        own_negated = self._negated(ctx, hit.clause[0], hit.clause[1], hit.index)
        aux = "negated" if own_negated else (hit.trigger.aux or own_aux)
        named_actor = not passive
        if inner is not None:
            itype, icontent = self._switched(ctx, inner)
            if itype == "INTENT":
                itype = self._resolved_type(ctx, inner) or itype
            if itype in COOPERATIVE and named_actor and hit.trigger.aux != "hypothetical":
                return "AGREE", itype, hit, None if not own_negated else "negated"
            if self._negated(ctx, inner.clause[0], inner.clause[1], inner.index):
                aux = "negated"
            return itype, icontent, inner, aux
        if not named_actor:
            return None
        found = self._content_words(ctx, hit.clause[0], self._region_end(ctx, hit), hit.index)
        if found is not None and hit.trigger.aux == "future" and found[0] != "RETREAT":
            return "AGREE", found[0], hit, "negated" if own_negated else None
        if found is not None and hit.trigger.aux == "hypothetical":
            return found[0], None, hit, aux
        if hit.trigger.fallback and not self._complements(ctx, hit.clause_no):
            return hit.trigger.fallback, None, hit, own_aux
        return None

    def _speech_recipient(self, ctx: _Context, hit: TriggerHit, actor: list[str]) -> list[str]:
        codes = {self._code(ctx, a) for a in actor}
        for arg in self._args(ctx, hit.clause_no):
            if arg.entity is not None and self._code(ctx, arg.entity) not in codes:
                return [arg.entity]
        return []

    def _declared_commitment(self, ctx: _Context, hit: TriggerHit, signed: Event) -> Event | None:
        tokens = ctx.tokens
        after_lo = hit.clause[1]
        after = tokens[after_lo:]
        lemmas = [_lower_lemma(t) for t in after]
        if not any(
            t.text.lower() in self.lex.future_aux or tag(t) in {"VMFIN", "VM0", "VVIZU", "PTKZU"}
            for t in after
        ):
            return None
        for name, (cmode, words) in self.lex.content.items():
            if name in {"CONSULT", "SANCTION", "RETREAT"}:
                continue
            if any(_ends_with_any(lem, words) for lem in lemmas):
                # Partners named with "mit" are the recipients of the declared commitment.
                partners = [
                    a.entity
                    for a in self._args(ctx, hit.clause_no)
                    if a.entity is not None and a.preposition in {"mit", "with"}
                ]
                givers = [a for a in signed.actor if a not in partners]
                cond = None
                for c_lo, c_hi in ctx.conditions:
                    if c_lo >= after_lo:
                        cond = ctx.text[tokens[c_lo].start : tokens[c_hi - 1].end]
                        break
                end = len(tokens)
                while end > after_lo and tokens[end - 1].text in FINAL:
                    end -= 1
                return Event(
                    id="",
                    type="AGREE",
                    actor=givers or signed.actor,
                    recipient=partners,
                    trigger=signed.trigger,
                    span=signed.span,
                    contexts=signed.contexts,
                    aux=None,
                    condition=cond,
                    content=Content(
                        type=name,
                        mode=cmode,
                        text=ctx.text[after[0].start : tokens[end - 1].end]
                        if after and end > after_lo
                        else None,
                    ),
                    source=signed.source,
                    date=signed.date,
                    location=signed.location,
                    confidence=0.6,
                    rule=f"{hit.trigger.label}+declared-content",
                    stage=hit.trigger.stage,
                )
        return None

    def _condition_for(
        self, ctx: _Context, hit: TriggerHit, etype: str, region_hi: int
    ) -> str | None:
        lo, hi = hit.clause
        content_end = region_hi if etype in CONTENT_TAKING else hi
        tokens = ctx.tokens
        for c_lo, c_hi in ctx.conditions:
            clause_cue = ctx.words[c_lo] in self.lex.clause_conditions
            if (
                lo <= c_lo < content_end
                # A condition clause right after the clause: "..., sofern X zustimme".
                or (clause_cue and content_end <= c_lo <= content_end + 1)
                # A fronted condition clause: "Wenn X, dann ...".
                or (clause_cue and c_lo < lo and c_hi >= lo - 1)
            ):
                return ctx.text[tokens[c_lo].start : tokens[c_hi - 1].end]
        return None

    def _source(self, ctx: _Context, hit: TriggerHit) -> str | None:
        for quote in ctx.quotes:
            if quote.span[0] <= hit.span[0] < quote.span[1] and quote.speaker:
                return quote.speaker
        if ctx.source is not None:
            return ctx.source
        return self._common_noun_source(ctx)

    def _common_noun_source(self, ctx: _Context) -> str | None:
        """A source named by a common noun: "nach Angaben der Veranstalter", "der Polizei
        zufolge" (the quote layer names sources that are known entities)."""
        words = ctx.words
        speech = speech_lexicon(self.lex.language)
        for i in range(len(words)):
            size = next(
                (len(p) for p in speech.source_phrases if tuple(words[i : i + len(p)]) == p), 0
            )
            if size:
                span = range(i + size, min(len(words), i + size + 4))
            elif words[i] in speech.postpositions - {"nach"} and i > 0:
                span = range(max(0, i - 4), i)
            else:
                continue
            for n in range(len(ctx.clauses)):
                for arg in self._args(ctx, n):
                    if arg.index in span and arg.noun is not None and arg.entity is None:
                        found = self._materialize(ctx, [f"@{arg.index}"])
                        if found:
                            return found[0]
        return None

    def _location(self, tokens: Sequence[Token], entities: EntityTable) -> str | None:
        for i, tok in enumerate(tokens[:-1]):
            if tok.text.lower() != "in":
                continue
            found = entities.in_span(tokens[i + 1].start, tokens[i + 1].end)
            for _s, _e, ent_id in found:
                ent = entities.by_id(ent_id)
                if ent is not None and ent.kind in {"place", "state"}:
                    return tokens[i + 1].text
        return None
