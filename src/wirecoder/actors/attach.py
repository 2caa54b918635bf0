"""Article-level attachment: which state do "die Regierung" and "der Kanzler" act for?

:func:`wirecoder.extract.mentions.find_mentions` with ``unattached=True`` returns two
kinds of mentions without a code:

* institution nouns ("die Regierung", "das Außenministerium", "the police"):
  ``kind="organisation"``, ``via="institution"``, key ``inst:<noun>``;
* role nouns without a state or a name ("der Kanzler", "the prime minister"):
  ``kind="person"``, ``via="institution"``, key ``role:<noun>``, ``role`` set;

and, independently of that flag, unknown names after a bare role noun
("Regierungssprecher Béla Anda"): ``kind="person"``, key ``name:<name>``, code None.

The functions here are pure: they take the mentions of one article (in any order)
and return new :class:`~wirecoder.extract.mentions.Mention` objects.

* :func:`attach_institutions` codes institution nouns, keeping their sector and
  span; the mention becomes a mention of the actor it acts for (kind, key and name
  of the state or organisation), exactly as ``find_mentions`` codes "US-Regierung"
  (kind state, USA, GOV), so that entity building groups it with that actor and not
  with every other "Regierung" of the article.  Unknown named role holders keep kind
  person and only get the code;
* :func:`resolve_roles` turns role-only mentions into the office holder on the date
  (a person mention) or, when the office has no single holder or the noun is plural
  or qualified as former ("die Minister", "der frühere Präsident", "Ex-Präsident"),
  into a state/organisation mention with that role -- what ``find_mentions`` gives
  for "der britische Premierminister" or "US-Vertreter";
* :func:`attach_article` does both for an analysed article.

The actor a noun acts for is chosen in this order:

1. a state, capital or place tied to the noun by "in/aus/von/of" right after it
   ("die Polizei in Bangkok", "the government in Kyiv");
2. the nearest actor mention before it in the same sentence ("Russland griff an, das
   Außenministerium bestritt ..."); with ``window`` > 0 also the first actor of the
   nearest of the ``window`` preceding sentences that has one (the subject-like one,
   not the object nearest to the noun);
3. the article's dominant actor (:func:`dominant_state`): most mentions, title and
   first sentence counting double, earliest first mention on a tie.

Actors are states (state names, adjectives, capitals, persons coded by their state,
parties and named institutions of a state) and, unless ``igo=False``,
intergovernmental organisations: in an article about the EU budget "das Parlament"
and "die Minister" act for the EU.  On events-de-dev (bench/actor_coverage.py) the
default (``window=0``, with organisations) coded 132 of 132 attached nouns in gold
event sentences with one of the sentence's gold codes; states only, a wider window or
the dominant state alone did worse (89-98%).  Places ("in Innsbruck") count for rule 1
and for the dominant state but are not the nearest actor of rule 2: they say where,
not who.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from wirecoder.extract.knowledge import KnowledgeBase, normalize
from wirecoder.extract.mentions import Mention
from wirecoder.records import Sentence

__all__ = [
    "ArticleContext",
    "attach_article",
    "attach_institutions",
    "code_actor",
    "dominant_state",
    "is_role_only",
    "is_unattached",
    "resolve_role",
    "resolve_roles",
]

_STATE_CODE = re.compile(r"^[A-Z]{3}$")
# Words between a noun and a following state/place that tie them together.
_LINK_WORDS = frozenset({"in", "aus", "im", "von", "vom", "of", "from", "the"})
# A role noun after these is not the current office holder.
_FORMER = frozenset(
    {
        "ehemalige",
        "ehemaligen",
        "ehemaliger",
        "frühere",
        "früheren",
        "früherer",
        "einstige",
        "einstigen",
        "einstiger",
        "damalige",
        "damaligen",
        "damaliger",
        "künftige",
        "künftigen",
        "künftiger",
        "designierte",
        "designierten",
        "designierter",
        "former",
        "late",
        "future",
        "incoming",
        "bisherige",
        "bisherigen",
        "bisheriger",
        "scheidende",
        "scheidenden",
        "scheidender",
        "abgewählte",
        "abgewählten",
        "abgewählter",
        "gestürzte",
        "gestürzten",
        "gestürzter",
        "verstorbene",
        "verstorbenen",
        "verstorbener",
        "outgoing",
        "ousted",
        "deposed",
        "previous",
    }
)
# Quantifiers that make a German role noun plural ("die beiden Minister").
_PLURAL_WORDS = frozenset(
    {"beiden", "zwei", "drei", "mehrere", "mehreren", "viele", "vielen", "alle", "einige"}
)
_PLURAL_DETERMINERS = frozenset({"die", "Die"})


def is_unattached(m: Mention) -> bool:
    """An institution noun or an unknown named role holder still lacking a code."""
    if m.code is not None or m.via != "institution":
        return False
    if m.key.startswith("inst:"):
        return True
    return m.kind == "person" and m.key.startswith("name:") and m.role is not None


def is_role_only(m: Mention) -> bool:
    """A role noun with neither a state nor a name ("der Kanzler")."""
    return m.code is None and m.kind == "person" and m.key.startswith("role:")


def _is_state(code: str | None, kb: KnowledgeBase | None) -> bool:
    if code is None:
        return False
    if kb is not None:
        return kb.is_state_code(code)
    return bool(_STATE_CODE.match(code))


def _igo_codes(kb: KnowledgeBase | None) -> frozenset[str]:
    if kb is None:
        return frozenset()
    return frozenset(
        o.code for o in kb.organisations() if o.code and o.sector == "IGO" and o.kind != "group"
    )


def _is_context(code: str | None, kb: KnowledgeBase | None, igos: frozenset[str]) -> bool:
    return code is not None and (code in igos or _is_state(code, kb))


def dominant_state(
    mentions: Iterable[Mention],
    kb: KnowledgeBase | None = None,
    *,
    lead_end: int = 0,
    igo: bool = False,
) -> str | None:
    """The state the article is mostly about: the state code with most mentions.

    Every mention with a state code counts (states, adjectives, persons coded by
    their state, parties and named institutions, places); mentions that start before
    ``lead_end`` (title and first sentence) count double.  Ties go to the state
    mentioned first.  With ``igo`` (needs ``kb``), intergovernmental organisations
    (EU, NATO, UN, ...) compete too.  None when no mention has a state code."""
    score: Counter[str] = Counter()
    first: dict[str, int] = {}
    igos = _igo_codes(kb) if igo else frozenset()
    for m in mentions:
        if not _is_context(m.code, kb, igos):
            continue
        assert m.code is not None
        score[m.code] += 2 if m.start < lead_end else 1
        first[m.code] = min(first.get(m.code, m.start), m.start)
    if not score:
        return None
    return min(score, key=lambda c: (-score[c], first[c]))


@dataclass(frozen=True)
class ArticleContext:
    """Where the sentences are, for choosing the context of a noun.

    ``sentences`` are (start, end) pairs in text order; ``window`` is the number of
    earlier sentences searched after the noun's own sentence (without sentences:
    ``chars`` characters before the noun); ``lead_end`` is the end of the title/first
    sentence (counted double for the dominant state); ``text`` (optional) is the
    article text the offsets index into, used to read the words around a noun ("in",
    "ehemalige", "die")."""

    sentences: tuple[tuple[int, int], ...] = ()
    window: int = 0
    lead_end: int = 0
    text: str | None = None
    chars: int = 300
    igo: bool = True

    @classmethod
    def from_sentences(
        cls, sentences: Sequence[Sentence], text: str | None = None, window: int = 0
    ) -> ArticleContext:
        spans = tuple((s.start, s.end) for s in sentences)
        lead_end = 0
        for s in sentences:
            lead_end = s.end
            if not s.is_heading:
                break
        return cls(spans, window, lead_end, text)

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence containing ``offset`` (-1 if none)."""
        starts = [s[0] for s in self.sentences]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < self.sentences[i][1]:
            return i
        return -1


def _context_mentions(
    mentions: Sequence[Mention], kb: KnowledgeBase | None, igo: bool
) -> list[Mention]:
    igos = _igo_codes(kb) if igo else frozenset()
    return sorted(
        (m for m in mentions if _is_context(m.code, kb, igos) and not is_role_only(m)),
        key=lambda m: (m.start, -m.end),
    )


def _following_link(m: Mention, ctx: list[Mention], text: str | None) -> str | None:
    """Code of a state/place tied to ``m`` by "in"/"aus"/"of" right after it."""
    if text is None:
        return None
    for c in ctx:
        if c.start < m.end:
            continue
        gap = text[m.end : c.start]
        if len(gap) > 12:
            return None
        words = gap.split()
        if words and all(w.lower() in _LINK_WORDS for w in words):
            return c.code
        return None
    return None


def _context_code(
    m: Mention,
    ctx: list[Mention],
    ctx_starts: list[int],
    context: ArticleContext,
    dominant: str | None,
) -> str | None:
    linked = _following_link(m, ctx, context.text)
    if linked is not None:
        return linked
    i = bisect.bisect_left(ctx_starts, m.start)
    si = context.sentence_of(m.start)
    if si < 0:
        for c in reversed(ctx[:i]):
            if c.start < m.start - context.chars:
                break
            if c.kind != "place":
                return c.code
        return dominant
    s_start = context.sentences[si][0]
    # places say where, not who: they count for "in Hamburg" right after the noun and
    # for the dominant state, not as the nearest actor
    earlier = [
        c
        for c in ctx[:i]
        if c.start >= context.sentences[max(0, si - context.window)][0] and c.kind != "place"
    ]
    same = [c for c in earlier if c.start >= s_start]
    if same:  # "Deutschland liefert Waffen, die Regierung ..."
        return same[-1].code
    if earlier:  # the first (subject-like) actor of the nearest earlier sentence
        prev = context.sentence_of(earlier[-1].start)
        return next(c.code for c in earlier if context.sentence_of(c.start) == prev)
    return dominant


def attach_institutions(
    mentions: Sequence[Mention],
    context: ArticleContext | None = None,
    kb: KnowledgeBase | None = None,
    *,
    dominant: str | None = None,
    keep_unresolved: bool = False,
) -> list[Mention]:
    """Mentions with unattached institution nouns (and unknown named role holders)
    coded by the state they act for; other mentions are returned unchanged.

    ``dominant`` overrides the article's dominant state.  Institution nouns for which
    no state is found are dropped unless ``keep_unresolved``."""
    context = context or ArticleContext()
    ctx = _context_mentions(mentions, kb, context.igo)
    starts = [c.start for c in ctx]
    if dominant is None:
        dominant = dominant_state(mentions, kb, lead_end=context.lead_end, igo=context.igo)
    out: list[Mention] = []
    for m in mentions:
        if not is_unattached(m):
            out.append(m)
            continue
        code = _context_code(m, ctx, starts, context, dominant)
        if code is None:
            if keep_unresolved:
                out.append(m)
            continue
        if m.kind == "person":
            out.append(replace(m, code=code))
            continue
        kind, name, key = code_actor(code, kb)
        out.append(replace(m, code=code, name=name or m.name, key=key, kind=kind))
    return out


def code_actor(code: str, kb: KnowledgeBase | None) -> tuple[str, str | None, str]:
    """(kind, canonical name, key) of the actor a code stands for: the state, else the
    first organisation with that code (kind "state", name None without a ``kb``)."""
    if kb is not None:
        st = kb.state(code)
        if st is not None:
            return "state", st.name, st.key
        for org in kb.organisations():
            if org.code == code:
                return org.kind, org.name, org.kb_key
    if _STATE_CODE.match(code):
        return "state", None, f"state:{code}"
    return "organisation", None, f"code:{code}"


def _words_before(text: str | None, start: int, n: int = 2) -> list[str]:
    if text is None:
        return []
    head = text[max(0, start - 40) : start]
    return re.findall(r"[\w]+", head)[-n:]


def _is_former(m: Mention, text: str | None) -> bool:
    """ "der frühere Präsident", "Ex-Präsident"; also the last part of any compound
    ("Vize-Außenminister"), which is not the holder of the head's office."""
    if text is None:
        return False
    if m.start > 0 and (text[m.start - 1] == "-" or text[m.start - 1].isalpha()):
        return True
    return any(w.lower() in _FORMER for w in _words_before(text, m.start))


def _is_plural(m: Mention, kb: KnowledgeBase, text: str | None) -> bool:
    inst = kb.institution(m.text)
    surface = normalize(m.text)
    if kb.language == "en":
        if inst is None:
            return False
        singular = {f.lower() for f in inst.forms}
        return surface.lower() not in singular and surface.lower().endswith(("s", "men"))
    before = _words_before(text, m.start)
    if any(w.lower() in _PLURAL_WORDS for w in before):
        return True
    if surface.endswith(("innen", "ern")):
        return True
    return bool(before) and before[-1] in _PLURAL_DETERMINERS and not surface.endswith(("in", "e"))


def resolve_role(
    m: Mention,
    code: str | None,
    kb: KnowledgeBase,
    date: str | None,
    text: str | None = None,
) -> Mention | None:
    """A role-only mention read in the context of ``code`` on ``date``.

    The single holder of the role's office for ``code`` on ``date`` gives a person
    mention; otherwise (no unique holder, plural or former: "die Minister", "der
    frühere Präsident") a state mention with the role, as "US-Vertreter" gets from
    find_mentions.  None when there is no code."""
    inst = kb.institution(m.text) or kb.institution(m.text[:1].upper() + m.text[1:])
    if inst is not None and inst.code:
        code = inst.code
    if inst is not None and inst.states and code not in inst.states:
        # A title only some states use ("der Bundeskanzler") names their office holder,
        # whatever other state the sentence mentions.
        code = inst.states[0]
    if code is None:
        return None
    if (
        inst is not None
        and inst.offices
        and date
        and not _is_former(m, text)
        and not _is_plural(m, kb, text)
    ):
        holders = kb.office_holders(code, inst.offices, date)
        if len(holders) == 1:
            rec = holders[0]
            return replace(
                m,
                kind="person",
                code=rec.code,
                sector=rec.sector,
                role=rec.title,
                name=rec.name,
                key=rec.key,
            )
    sector = m.sector
    if sector is None and inst is not None:
        for office in inst.offices:
            sector = kb.office_sector(office, code)
            if sector:
                break
    kind, name, key = code_actor(code, kb)
    if sector is None:
        org = kb.organisation(key) if kind != "state" else None
        sector = org.sector if org is not None else None
    return replace(m, kind=kind, code=code, sector=sector or "GOV", name=name or code, key=key)


def resolve_roles(
    mentions: Sequence[Mention],
    kb: KnowledgeBase,
    date: str | None,
    context: ArticleContext | None = None,
    *,
    dominant: str | None = None,
    keep_unresolved: bool = False,
) -> list[Mention]:
    """Mentions with role-only mentions ("der Kanzler", "the prime minister") resolved
    through the most recent state context (see the module doc) and the office holders
    on ``date``; other mentions are returned unchanged.  Role nouns with no state in
    reach are dropped unless ``keep_unresolved``."""
    context = context or ArticleContext()
    ctx = _context_mentions(mentions, kb, context.igo)
    starts = [c.start for c in ctx]
    if dominant is None:
        dominant = dominant_state(mentions, kb, lead_end=context.lead_end, igo=context.igo)
    out: list[Mention] = []
    for m in mentions:
        if not is_role_only(m):
            out.append(m)
            continue
        code = _context_code(m, ctx, starts, context, dominant)
        resolved = resolve_role(m, code, kb, date, context.text)
        if resolved is not None:
            out.append(resolved)
        elif keep_unresolved:
            out.append(m)
    return out


def attach_article(
    mentions: Sequence[Mention],
    sentences: Sequence[Sentence],
    kb: KnowledgeBase,
    date: str | None,
    text: str | None = None,
    *,
    window: int = 0,
    keep_unresolved: bool = False,
) -> list[Mention]:
    """Attach institution nouns and resolve role-only mentions of one article.

    ``mentions`` are the article's mentions from ``find_mentions(...,
    unattached=True)`` (per sentence or at once); ``sentences`` the article's
    sentences (offsets into ``text``; their tokens are not needed).  Without ``text``
    the words around a noun are rebuilt from the sentences.  Returns the mentions
    sorted by offset."""
    if text is None and sentences:
        text = _text_from_sentences(sentences)
    context = ArticleContext.from_sentences(sentences, text, window)
    dominant = dominant_state(mentions, kb, lead_end=context.lead_end, igo=context.igo)
    step = resolve_roles(
        mentions, kb, date, context, dominant=dominant, keep_unresolved=keep_unresolved
    )
    step = attach_institutions(
        step, context, kb, dominant=dominant, keep_unresolved=keep_unresolved
    )
    return sorted(step, key=lambda m: (m.start, -m.end))


def _text_from_sentences(sentences: Sequence[Sentence]) -> str:
    end = max(s.end for s in sentences)
    chars = [" "] * end
    for s in sentences:
        chars[s.start : s.start + len(s.text)] = s.text
    return "".join(chars)
