"""A rule-based PLOVER event coder over tagged tokens and actor mentions.

Triggers, content cues, condition cues and auxiliary-mode cues are data
(``lang/<xx>/events.yaml``). Arguments come from clause rules: the subject is the first
mention outside a prepositional phrase in the trigger's clause (German prefield first,
then the middle field); the recipient is found in the slot the trigger names (dative or
direct object, a "mit"/"gegen"/"an" partner, ...).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from wirecoder.extract.entities import EntityTable
from wirecoder.extract.grammar import is_finite_verb, is_verb, lemma_keys, tag, verb_lemma
from wirecoder.extract.lexicon import load_yaml
from wirecoder.records import Content, Event, Quote, Sentence, Span, Token

CONTENT_TAKING = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "CONCEDE"})
# Types whose trigger inside the content of an AGREE/REQUEST/... is that content,
# not an event of its own ("bietet an, Soldaten zu stationieren").
ABSORBABLE = frozenset({"MOBILIZE", "AID", "COOPERATE", "CONSULT", "RETREAT", "SUPPORT"})
PREPOSITION_TAGS = frozenset({"APPR", "APPRART", "APPO", "PRP", "PRF", "IN", "TO"})
COORDINATORS = frozenset({"und", "sowie", "and", ",", "&", "oder", "or"})
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


@dataclass(frozen=True)
class Trigger:
    type: str
    verb: str | None = None
    noun: str | None = None
    phrase: tuple[str, ...] = ()
    content: str | None = None
    recipient: str = "object"
    stage: str | None = None
    needs_actor_on_noun: bool = False

    @property
    def label(self) -> str:
        what = self.verb or self.noun or " ".join(self.phrase)
        return f"{self.type}:{what}"


@dataclass(frozen=True)
class EventLexicon:
    language: str
    verbs: dict[str, Trigger]
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


@functools.cache
def event_lexicon(language: str) -> EventLexicon:
    data: dict[str, Any] = load_yaml(language, "events.yaml")
    verbs: dict[str, Trigger] = {}
    nouns: list[Trigger] = []
    phrases: list[Trigger] = []
    for item in data.get("triggers") or []:
        trig = Trigger(
            type=item["type"],
            verb=item.get("verb"),
            noun=item.get("noun"),
            phrase=tuple(str(item["phrase"]).split()) if item.get("phrase") else (),
            content=item.get("content"),
            recipient=item.get("recipient", "object"),
            stage=item.get("stage"),
            needs_actor_on_noun=bool(item.get("needs_actor_on_noun", False)),
        )
        if trig.verb:
            # A separable verb is registered with its particle only: "zu|sagen" must not
            # fire on a plain "sagte".
            keys = lemma_keys(trig.verb)[:2] if "|" in trig.verb else (trig.verb,)
            for key in keys:
                verbs.setdefault(key, trig)
        elif trig.noun:
            nouns.append(trig)
        elif trig.phrase:
            phrases.append(trig)
    content = {
        name: (spec.get("mode"), tuple(str(w).lower() for w in spec.get("words") or []))
        for name, spec in (data.get("content") or {}).items()
    }
    cond = data.get("conditions") or {}
    aux = data.get("aux") or {}
    return EventLexicon(
        language=language,
        verbs=verbs,
        # Longer nouns first so that "Luftangriff" wins over "Angriff".
        nouns=tuple(sorted(nouns, key=lambda t: -len(t.noun or ""))),
        phrases=tuple(sorted(phrases, key=lambda t: -len(t.phrase))),
        content=content,
        clause_conditions=frozenset(str(w).lower() for w in cond.get("clause_cues") or []),
        preposition_conditions=tuple(
            tuple(str(p).lower().split()) for p in cond.get("preposition_cues") or []
        ),
        condition_nouns=tuple(str(w).lower() for w in cond.get("condition_nouns") or []),
        negation=frozenset(str(w).lower() for w in aux.get("negation") or []),
        future_aux=frozenset(str(w).lower() for w in aux.get("future_aux") or []),
        hypothetical=frozenset(str(w).lower() for w in aux.get("hypothetical") or []),
        pluperfect_aux=frozenset(str(w).lower() for w in aux.get("pluperfect_aux") or []),
        contexts={
            name: tuple(str(w).lower() for w in words)
            for name, words in (data.get("contexts") or {}).items()
        },
    )


@dataclass
class TriggerHit:
    trigger: Trigger
    index: int  # token index of the head (verb or noun) within the sentence
    span: Span
    clause: tuple[int, int]  # token range [lo, hi) of the trigger's clause
    absorbed: list[TriggerHit] = field(default_factory=list)


def _lower_lemma(token: Token) -> str:
    return (token.lemma or token.text).lower()


def _ends_with_any(word: str, stems: Sequence[str]) -> str | None:
    for stem in stems:
        if word == stem or (len(word) > len(stem) + 2 and word.endswith(stem)):
            return stem
    return None


def clause_bounds(tokens: Sequence[Token], index: int) -> tuple[int, int]:
    """Token range of the comma-delimited clause around ``index``."""
    lo = index
    while lo > 0 and tokens[lo - 1].text not in {",", ";", ":", "–"}:
        lo -= 1
    hi = index + 1
    while hi < len(tokens) and tokens[hi].text not in {",", ";", ":", "–", ".", "!", "?"}:
        hi += 1
    return lo, hi


class EventCoder:
    def __init__(self, lexicon: EventLexicon) -> None:
        self.lex = lexicon
        self.german = lexicon.language == "de"

    # -- triggers ----------------------------------------------------------------------
    def find_triggers(self, tokens: Sequence[Token]) -> list[TriggerHit]:
        hits: list[TriggerHit] = []
        used: set[int] = set()
        lemmas = [_lower_lemma(t) for t in tokens]
        words = [t.text.lower() for t in tokens]
        for trig in self.lex.phrases:
            hit = self._match_phrase(trig, tokens, lemmas, words)
            if hit is not None and hit.index not in used:
                hits.append(hit)
                used.add(hit.index)
        for i, tok in enumerate(tokens):
            if i in used:
                continue
            if is_verb(tok):
                joined = verb_lemma(tokens, i) if self.german else lemmas[i]
                for key in lemma_keys(joined):
                    verb_trig = self.lex.verbs.get(key) or self.lex.verbs.get(key.lower())
                    if verb_trig is not None:
                        hits.append(
                            TriggerHit(verb_trig, i, (tok.start, tok.end), clause_bounds(tokens, i))
                        )
                        used.add(i)
                        break
            elif tag(tok) in {"NN", "NNS", "NN1", "NN2", "NP0"} or tok.text[:1].isupper():
                for trig in self.lex.nouns:
                    noun = (trig.noun or "").lower()
                    if _ends_with_any(lemmas[i], (noun,)) or _ends_with_any(words[i], (noun,)):
                        hits.append(
                            TriggerHit(trig, i, (tok.start, tok.end), clause_bounds(tokens, i))
                        )
                        used.add(i)
                        break
        hits.sort(key=lambda h: h.index)
        return hits

    def _match_phrase(
        self, trig: Trigger, tokens: Sequence[Token], lemmas: list[str], words: list[str]
    ) -> TriggerHit | None:
        parts = [p.lower() for p in trig.phrase]
        *fixed, verb = parts
        # The verb may stand before the rest (V2: "stellt ... in Aussicht") or after it.
        for vi, lem in enumerate(lemmas):
            if lem != verb or not is_verb(tokens[vi]):
                continue
            lo, hi = clause_bounds(tokens, vi)
            pos = lo
            ok = True
            for part in fixed:
                found = next(
                    (
                        k
                        for k in range(pos, hi)
                        if k != vi
                        and (
                            words[k] == part
                            or lemmas[k] == part
                            or _ends_with_any(lemmas[k], (part,))
                        )
                    ),
                    None,
                )
                if found is None:
                    ok = False
                    break
                pos = found + 1
            if ok:
                tok = tokens[vi]
                return TriggerHit(trig, vi, (tok.start, tok.end), (lo, hi))
        return None

    # -- arguments ---------------------------------------------------------------------
    def _mentions(
        self, tokens: Sequence[Token], lo: int, hi: int, entities: EntityTable
    ) -> list[tuple[int, str, bool]]:
        """(token index, entity id, is_bare) for each mention in tokens[lo:hi]; bare means
        not governed by a preposition (so it can be a subject or object)."""
        if lo >= hi:
            return []
        out: list[tuple[int, str, bool]] = []
        found = entities.in_span(tokens[lo].start, tokens[hi - 1].end)
        k = lo
        for start, _end, ent_id in found:
            while k < hi and tokens[k].end <= start:
                k += 1
            if k >= hi:
                break
            out.append((k, ent_id, not self._governed(tokens, k, lo)))
        return out

    def _governed(self, tokens: Sequence[Token], k: int, lo: int) -> bool:
        """Is the mention at token k inside a prepositional phrase or a genitive?"""
        j = k - 1
        while j >= lo:
            t = tokens[j]
            tg = tag(t)
            if tg in PREPOSITION_TAGS:
                return True
            if tg in {"ART", "ADJA", "ADJD", "PPOSAT", "PIAT", "CARD", "AT0", "AJ0", "DT0", "ORD"}:
                j -= 1
                continue
            if t.text.lower() in {"der", "des", "dem", "den", "die", "the", "a", "an"}:
                j -= 1
                continue
            return False
        return False

    def _entity_ok(self, ent_id: str, entities: EntityTable) -> bool:
        ent = entities.by_id(ent_id)
        return ent is not None and ent.kind != "place"

    def _with_coordinated(
        self, mentions: list[tuple[int, str, bool]], pos: int, tokens: Sequence[Token]
    ) -> list[str]:
        """The mention at list position pos plus mentions coordinated with it."""
        ids = [mentions[pos][1]]
        last_idx = mentions[pos][0]
        for k_idx, ent_id, _bare in mentions[pos + 1 :]:
            between = [t.text.lower() for t in tokens[last_idx + 1 : k_idx]]
            # Allow the rest of the first mention's words and one coordinator between.
            if (
                any(w in COORDINATORS for w in between)
                and len(between) <= 6
                and not any(
                    tag(t) in PREPOSITION_TAGS or is_verb(t) for t in tokens[last_idx + 1 : k_idx]
                )
            ):
                if ent_id not in ids:
                    ids.append(ent_id)
                last_idx = k_idx
            else:
                break
        return ids

    def _subject(
        self, tokens: Sequence[Token], hit: TriggerHit, entities: EntityTable
    ) -> tuple[list[str], int | None]:
        lo, hi = hit.clause
        # Nominal triggers: the actor is on the noun ("US-Militärschlag", "russischer Angriff").
        if hit.trigger.noun:
            near = [
                m for m in self._mentions(tokens, max(lo, hit.index - 2), hit.index + 1, entities)
            ]
            if near:
                return [near[-1][1]], near[-1][0]
            return [], None
        mentions = [
            m for m in self._mentions(tokens, lo, hi, entities) if self._entity_ok(m[1], entities)
        ]
        finite = next((i for i in range(lo, hi) if is_finite_verb(tokens[i])), hit.index)
        bare_before = [i for i, m in enumerate(mentions) if m[2] and m[0] < finite]
        if bare_before:
            pos = bare_before[0]
            return self._with_coordinated(mentions, pos, tokens), mentions[pos][0]
        bare_after = [i for i, m in enumerate(mentions) if m[2] and m[0] > finite]
        if bare_after:
            pos = bare_after[0]
            return self._with_coordinated(mentions, pos, tokens), mentions[pos][0]
        return [], None

    def _recipient(
        self,
        tokens: Sequence[Token],
        hit: TriggerHit,
        entities: EntityTable,
        actor: list[str],
        actor_index: int | None,
        sentence_lo: int = 0,
    ) -> list[str]:
        slot = hit.trigger.recipient
        if slot == "none":
            return []
        lo, hi = hit.clause
        mentions = [
            m
            for m in self._mentions(tokens, lo, hi, entities)
            if m[1] not in actor and self._entity_ok(m[1], entities)
        ]
        if slot in {"dative", "object"}:
            cands = [m for m in mentions if m[2] and (actor_index is None or m[0] != actor_index)]
            if not cands:
                cands = [m for m in mentions if actor_index is not None and m[0] > actor_index]
            return [cands[0][1]] if cands else []
        # Prepositional slots: the mention right after the preposition.
        preps = {
            "mit": ("mit", "with"),
            "gegen": ("gegen", "against"),
            "an": ("an", "to"),
            "auf": ("auf", "on"),
            "in": ("in", "in"),
            "von": ("von", "by"),
            "genitive": ("von", "of"),
        }.get(slot, (slot,))
        for k_idx, ent_id, _bare in mentions:
            back = [t.text.lower() for t in tokens[max(lo, k_idx - 3) : k_idx]]
            if any(p in back for p in preps):
                return [ent_id]
        return []

    # -- modifiers ---------------------------------------------------------------------
    def _aux(
        self, tokens: Sequence[Token], hit: TriggerHit, article_year: int | None
    ) -> str | None:
        lo, hi = hit.clause
        words = [t.text.lower() for t in tokens[lo:hi]]
        if any(w in self.lex.negation for w in words):
            return "negated"
        finite = [t.text.lower() for t in tokens[lo:hi] if is_finite_verb(t)]
        if any(w in self.lex.hypothetical for w in finite):
            return "hypothetical"
        if self.german:
            if any(w in self.lex.future_aux for w in finite) and tag(tokens[hit.index]) == "VVINF":
                return "future"
            if any(w in {"hatte", "hatten"} for w in finite) and tag(tokens[hit.index]) == "VVPP":
                return "historical"
        else:
            if any(w in {"will", "shall"} for w in words):
                return "future"
            if any(w == "had" for w in finite):
                return "historical"
        if article_year is not None:
            for tok in tokens[lo:hi]:
                m = YEAR.fullmatch(tok.text)
                if m and int(m.group(1)) <= article_year - 2:
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
                        end = k + 1
                        # Keep a following genitive noun phrase ("eines Waffenstillstands").
                        out.append((i, end))
                        break
        return out

    def _content(self, tokens: Sequence[Token], hit: TriggerHit, text: str) -> Content | None:
        trig = hit.trigger
        if trig.type not in CONTENT_TAKING:
            return None
        lo = hit.clause[0]
        hi = len(tokens)
        while hi > lo and tokens[hi - 1].text in {".", "!", "?"}:
            hi -= 1
        lemmas = [_lower_lemma(t) for t in tokens[lo:hi]]
        ctype = None
        mode = None
        for absorbed in hit.absorbed:
            ctype = absorbed.trigger.type
            break
        if ctype is None:
            for name, (cmode, words) in self.lex.content.items():
                if any(_ends_with_any(lem, words) for lem in lemmas):
                    ctype, mode = name, cmode
                    break
        if ctype is None:
            ctype = trig.content
        if ctype is not None and mode is None:
            mode = self.lex.content.get(ctype, (None, ()))[0]
        span_lo = hit.index + 1 if hit.index + 1 < hi else lo
        content_text = text[tokens[span_lo].start : tokens[hi - 1].end] if hi > span_lo else None
        return Content(type=ctype, mode=mode, text=content_text)

    def _contexts(self, tokens: Sequence[Token]) -> list[str]:
        lemmas = [_lower_lemma(t) for t in tokens]
        out = []
        for name, words in self.lex.contexts.items():
            if any(_ends_with_any(lem, words) for lem in lemmas):
                out.append(name)
        return out

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
        hits = self.find_triggers(tokens)
        if not hits:
            return []
        # Triggers after a content-taking trigger in the same sentence are its content.
        kept: list[TriggerHit] = []
        for hit in hits:
            owner = next(
                (
                    k
                    for k in reversed(kept)
                    if k.trigger.type in CONTENT_TAKING and k.index < hit.index
                ),
                None,
            )
            if owner is not None and hit.trigger.type in ABSORBABLE:
                owner.absorbed.append(hit)
                continue
            kept.append(hit)
        year = int(article_date[:4]) if article_date and article_date[:4].isdigit() else None
        conditions = self._conditions(tokens)
        contexts = self._contexts(tokens)
        events: list[Event] = []
        for hit in kept:
            actor, actor_index = self._subject(tokens, hit, entities)
            if not actor:
                continue
            recipient = self._recipient(tokens, hit, entities, actor, actor_index)
            if hit.trigger.needs_actor_on_noun and not recipient:
                continue
            # Signing "with" someone makes them a co-signatory (a compound actor).
            if hit.trigger.type == "SUPPORT" and hit.trigger.recipient == "mit" and recipient:
                partners, recipient = recipient, []
                actor = actor + [p for p in partners if p not in actor]
            condition = self._condition_for(hit, conditions, tokens, text)
            source = self._source(sentence, hit, quotes, source_of_sentence)
            event = Event(
                id="",
                type=hit.trigger.type,
                actor=actor,
                recipient=recipient,
                trigger=hit.span,
                span=(sentence.start, sentence.end),
                contexts=contexts,
                aux=self._aux(tokens, hit, year),
                condition=condition,
                content=self._content(tokens, hit, text),
                source=source,
                date=article_date,
                location=self._location(tokens, entities),
                confidence=0.5 + (0.2 if recipient else 0.0) + (0.1 if len(actor) == 1 else 0.0),
                rule=hit.trigger.label,
                stage=hit.trigger.stage,
            )
            events.append(event)
            # A signed declaration that says what the signatories will do is also an AGREE.
            if (
                hit.trigger.type == "SUPPORT"
                and hit.absorbed == []
                and hit.trigger.stage == "intent_signed"
            ):
                agree = self._declared_commitment(hit, tokens, text, event, conditions, entities)
                if agree is not None:
                    events.append(agree)
        return events

    def _declared_commitment(
        self,
        hit: TriggerHit,
        tokens: Sequence[Token],
        text: str,
        signed: Event,
        conditions: list[tuple[int, int]],
        entities: EntityTable,
    ) -> Event | None:
        after = tokens[hit.clause[1] :]
        lemmas = [_lower_lemma(t) for t in after]
        for name, (cmode, words) in self.lex.content.items():
            if name in {"CONSULT"}:
                continue
            if any(_ends_with_any(lem, words) for lem in lemmas):
                lo, hi = hit.clause
                # Partners named with "mit" are the recipients of the declared commitment.
                partners = [
                    ent_id
                    for k_idx, ent_id, _ in self._mentions(tokens, lo, hi, entities)
                    if k_idx > 0
                    and tokens[k_idx - 1].text.lower() in {"mit", "with", "der", "dem"}
                    and any(
                        t.text.lower() in {"mit", "with"}
                        for t in tokens[max(lo, k_idx - 3) : k_idx]
                    )
                ]
                givers = [a for a in signed.actor if a not in partners]
                cond = None
                for c_lo, c_hi in conditions:
                    if c_lo >= hit.clause[1]:
                        cond = text[tokens[c_lo].start : tokens[c_hi - 1].end]
                        break
                end = len(tokens)
                while end > hit.clause[1] and tokens[end - 1].text in {".", "!", "?"}:
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
                        text=text[after[0].start : tokens[end - 1].end] if after else None,
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
        self, hit: TriggerHit, conditions: list[tuple[int, int]], tokens: Sequence[Token], text: str
    ) -> str | None:
        lo, hi = hit.clause
        content_end = len(tokens) if hit.trigger.type in CONTENT_TAKING else hi
        for c_lo, c_hi in conditions:
            if lo <= c_lo < content_end:
                return text[tokens[c_lo].start : tokens[c_hi - 1].end]
        return None

    def _source(
        self,
        sentence: Sentence,
        hit: TriggerHit,
        quotes: Sequence[Quote],
        source_of_sentence: str | None,
    ) -> str | None:
        for quote in quotes:
            if quote.span[0] <= hit.span[0] < quote.span[1] and quote.speaker:
                return quote.speaker
        return source_of_sentence

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
