"""Rule- and data-based actor mention finder over tokens.

:func:`find_mentions` runs in two passes over the token records of
:mod:`wirecoder.records`:

1. **Phrase matching.**  At each token, the longest sequence of tokens whose
   surface (tokens joined by a space where the text has white space) is a form in
   the :class:`~wirecoder.extract.knowledge.KnowledgeBase` index is taken; matching
   is case-sensitive and independent of how the tokenizer splits "U.S." or
   "Koalition der Willigen".  A token that matches nothing is split into compound
   parts: at hyphens ("US-Sondergesandte" -> "US" + "Sondergesandte",
   "NATO-Gebiet" -> "NATO", "deutsch-französische" -> "deutsch" + "französische")
   and after the named institutions and seats that head closed compounds
   ("Bundeswehrsoldaten" -> "Bundeswehr" + "Soldaten").  Parts get their own
   character spans.  A German closed compound headed by a generic institution or
   role noun marked ``compound: true`` in institutions.yaml is that noun as a whole
   ("Provinzregierung", "Militärgericht"; "Polizeisprecher" keeps its own role name
   and never resolves to an office holder).
2. **Combination.**  Units are combined by rules:

   * modifier + institution noun -> state mention with the noun's sector spanning
     both ("britische Soldaten" -> GBR MIL; "britischen und französischen
     Streitkräften" -> GBR MIL and FRA MIL; "US-Regierung" -> USA GOV);
   * modifier + role noun + name -> person mention on the name, coded by the knowledge
     base at the date or, for an unknown name, by the modifier ("der ukrainische
     Präsident X" -> person X, UKR);
   * modifier + role noun without a name -> the single holder of that office on the
     date ("der britische Premierminister" on 2026-01-06 -> Keir Starmer), else a
     state mention with the role ("US-Unterhändlern" -> USA, role Unterhändler);
   * role/institution noun + ("der"/"des"/"of") + state -> the same, coded by that
     state ("die Regierung Russlands", "the president of Ukraine");
   * anything else that matched is a mention on its own (state names, adjectives,
     demonyms, capitals and seats, organisations, groups, persons).

   Modifiers are inflected state adjectives, demonyms, genitive names
   ("Frankreichs", "Putins", "Russia's"), the first part of a compound
   ("US-", "Nato-", "Trump-") and, in English, any actor name directly before the
   noun ("US President", "Kremlin spokesman", "NATO chief").

Persons matched by surname only whose surname is marked weak in the data (common
words, shared surnames such as "May", "Johnson") are kept only after the person
was named in full or right after a role noun.  A capital after a locative
preposition ("in Paris") is a ``place``; elsewhere it is the state ("Moskau
akzeptiert" -> RUS).  Other cities and regions (``cities`` in states.yaml: Hamburg,
Charkiw, Bayern) are always places, except inside another name ("Borussia Dortmund",
"Hannover 96").

With ``unattached=True``, institution nouns without a state ("die Regierung") and role
nouns with neither a state nor a name ("der Kanzler") are returned with code None for
:mod:`wirecoder.actors.attach` to code from the article context.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from wirecoder.extract.knowledge import Entry, KnowledgeBase, PersonRecord, normalize
from wirecoder.records import Token

__all__ = ["Mention", "find_mentions"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One actor mention.

    ``start``/``end`` are character offsets (those of the tokens); ``kind`` is one of
    state/person/organisation/group/place; ``name`` is the canonical name (or the
    surface for a person unknown to the knowledge base); ``key`` a stable knowledge
    base key ("state:GBR", "org:NATO", "person:merz-friedrich"; "name:<surface>" for
    unknown persons); ``via`` says how it was found: alias, adjective, demonym,
    capital, city, person or institution (role and institution nouns).
    """

    start: int
    end: int
    text: str
    kind: str
    code: str | None
    sector: str | None
    role: str | None
    name: str
    key: str
    via: str
    token_start: int = -1  # index of the first token covered
    token_end: int = -1  # index after the last token covered


# ----------------------------------------------------------------------- word lists

_LOCATIVE = frozenset({"in", "nach", "bei", "nahe", "im", "at", "to", "near", "outside", "inside"})
_CONJUNCTIONS = frozenset({"und", "sowie", "oder", ",", "and", "or", "&"})
_OF = {
    "de": (("der",), ("des",), ("von",), ("vom",)),
    "en": (("of",), ("of", "the")),
}
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_NAME_POS = frozenset({"NE", "NNP", "NNPS", "FM", "XY"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PARTICLES = _words("von van de der den da di du le la zu bin ibn al el ben")
_STOP_CAPITALISED = _words(
    """
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Er Sie Es Wir Ihr Man Sein Seine Ihre
    Am Im Auf In Bei Mit Nach Von Vor Zu Zum Zur Und Oder Aber Auch Doch Noch Nur Dies Diese Dieser
    Dabei Damit Dann Denn Da Daher Deshalb Jedoch Allerdings Laut Wie Was Wer Wo Als Ob Dass Wenn
    Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Wochenende
    Januar Februar März April Mai Juni Juli August September Oktober November Dezember
    Herr Frau Dr Prof
    The A An He She It They We You I His Her Its Their On At Of For By With From To And Or But
    This That These Those Who What When Where Which While As If Also
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March May June July October December
    Mr Mrs Ms Mr. Mrs. Ms.
    """
)
_GERMAN_FUNCTION = _words(
    """der die das den dem des ein eine einen einem einer eines und oder sowie nicht auch noch
    sehr mehr weitere weiteren andere anderen"""
)
_COMMON_NOUN_SUFFIX = re.compile(r"(ung|heit|keit|schaft|tion|tät|ismus|ment|nis|tum|ungen|chen)$")
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")
_ADJ_INFLECTED = re.compile(r"^[a-zäöüß]+(e|en|er|es|em)$")


# ----------------------------------------------------------------------- units


@dataclass
class _Unit:
    t0: int  # first token
    t1: int  # token after the last
    start: int
    end: int
    entries: list[Entry]
    sub: bool = False  # a part of one compound token
    genitive: bool = False
    used: bool = False
    idx: int = -1

    def tagged(self, *tags: str) -> list[Entry]:
        return [e for e in self.entries if e.tag in tags]

    def has(self, *tags: str) -> bool:
        return any(e.tag in tags for e in self.entries)


def _usable(entries: Iterable[Entry], *, final: bool) -> list[Entry]:
    return [e for e in entries if not (final and e.bare)]


class _Matcher:
    def __init__(
        self,
        tokens: Sequence[Token],
        kb: KnowledgeBase,
        date: str | None,
        text: str | None,
        unattached: bool = False,
        seen: set[str] | None = None,
    ):
        self.tokens = tokens
        self.kb = kb
        self.date = date
        self.text = text
        self.unattached = unattached
        self.lang = kb.language
        self.units: list[_Unit] = []
        self.by_token: dict[int, list[int]] = {}
        self.out: list[Mention] = []
        self.seen_persons: set[str] = seen if seen is not None else set()

    # ------------------------------------------------------------------ pass 1

    def match(self) -> None:
        tokens, kb = self.tokens, self.kb
        n = len(tokens)
        i = 0
        while i < n:
            found = None
            if kb.has_first_token(tokens[i].text):
                surfaces: list[str] = []
                surface = ""
                for j in range(i, min(n, i + kb.max_tokens)):
                    if j > i:
                        surface += " " if tokens[j].start > tokens[j - 1].end else ""
                    surface += tokens[j].text
                    surfaces.append(surface)
                for j in range(len(surfaces) - 1, -1, -1):
                    ents = _usable(kb.entries(surfaces[j]), final=True)
                    if ents:
                        found = (i + j, ents)
                        break
            if found is not None:
                j, ents = found
                trim = max(e.trim for e in ents)
                unit = _Unit(
                    i,
                    j + 1,
                    tokens[i].start,
                    tokens[j].end - trim,
                    ents,
                    genitive=any(e.genitive for e in ents),
                )
                if (
                    j + 1 < n
                    and tokens[j + 1].text in _POSSESSIVE
                    and tokens[j + 1].start == tokens[j].end
                ):
                    unit.genitive = True
                self._add_unit(unit)
                i = j + 1
                continue
            for unit in self._compound_units(i):
                self._add_unit(unit)
            i += 1

    def _add_unit(self, unit: _Unit) -> None:
        unit.idx = len(self.units)
        self.by_token.setdefault(unit.t0, []).append(unit.idx)
        self.units.append(unit)

    def _compound_units(self, i: int) -> list[_Unit]:
        tok = self.tokens[i]
        text = normalize(tok.text) if len(normalize(tok.text)) == len(tok.text) else tok.text
        out: list[_Unit] = []
        if "-" in text:
            parts: list[tuple[int, str]] = []
            pos = 0
            for piece in text.split("-"):
                parts.append((pos, piece))
                pos += len(piece) + 1
            k = 0
            while k < len(parts):
                hit = None
                for m in range(len(parts), k, -1):
                    cand = "-".join(p for _, p in parts[k:m])
                    if not cand:
                        continue
                    final = m == len(parts) or all(not p for _, p in parts[m:])
                    ents = _usable(self.kb.entries(cand), final=final)
                    if ents:
                        hit = (m, cand, ents)
                        break
                if hit is None:
                    k += 1
                    continue
                m, cand, ents = hit
                off = parts[k][0]
                out.append(
                    _Unit(
                        i,
                        i + 1,
                        tok.start + off,
                        tok.start + off + len(cand),
                        ents,
                        sub=True,
                        genitive=any(e.genitive for e in ents),
                    )
                )
                k = m
            if out:
                return out
        for head, ents in self.kb.compound_heads():
            if text.startswith(head) and len(text) > len(head) and text[len(head)].islower():
                out.append(_Unit(i, i + 1, tok.start, tok.start + len(head), list(ents), sub=True))
                rest = text[len(head) :]
                for off in (0, 1) if rest.startswith("s") else (0,):
                    cand = rest[off:]
                    nouns = [
                        e
                        for e in self.kb.entries(cand[:1].upper() + cand[1:])
                        if e.tag in ("institution", "role")
                    ]
                    if nouns:
                        s = tok.start + len(head) + off
                        out.append(_Unit(i, i + 1, s, tok.end, nouns, sub=True))
                        break
                break
        if not out and "-" not in text:
            head_hit = self.kb.compound_noun(text)
            if head_hit is not None:
                # "Provinzregierung", "Polizeisprecher": the whole word is the noun; a
                # role keeps the compound as its name and resolves to no office holder.
                ents = [
                    replace(e, name=text, institution=replace(e.institution, offices=()))
                    if e.tag == "role" and e.institution is not None
                    else e
                    for e in head_hit[1]
                ]
                out.append(_Unit(i, i + 1, tok.start, tok.end, ents))
        return out

    # ------------------------------------------------------------------ helpers

    def _unit_starting(self, t: int) -> _Unit | None:
        for idx in self.by_token.get(t, ()):
            unit = self.units[idx]
            if not unit.used and unit.start == self.tokens[t].start:
                return unit
        return None

    def _next_unit(self, u: _Unit, *, skip_adjective: bool = False) -> _Unit | None:
        """The unit directly after ``u`` (same compound token, or the next token)."""
        idx = u.idx
        if u.sub and u.end < self.tokens[u.t0].end:
            if idx + 1 < len(self.units):
                part = self.units[idx + 1]
                if part.t0 == u.t0 and part.start - u.end in (0, 1) and not part.used:
                    return part
            return None
        t = u.t1
        if t < len(self.tokens) and self.tokens[t].text in _POSSESSIVE:
            t += 1
        v = self._unit_starting(t) if t < len(self.tokens) else None
        if v is None and skip_adjective and self.lang == "de" and t < len(self.tokens):
            word = self.tokens[t].text
            if (
                _ADJ_INFLECTED.match(word)
                and word not in _GERMAN_FUNCTION
                and not self.by_token.get(t)
            ):
                v = self._unit_starting(t + 1) if t + 1 < len(self.tokens) else None
                if v is not None and not v.has("institution", "role"):
                    v = None
        return v

    def _span_text(self, start: int, end: int, t0: int, t1: int) -> str:
        if self.text is not None:
            return self.text[start:end]
        parts: list[str] = []
        for t in range(t0, t1):
            tok = self.tokens[t]
            s = max(start, tok.start) - tok.start
            e = min(end, tok.end) - tok.start
            if e <= s:
                continue
            if parts and tok.start > self.tokens[t - 1].end:
                parts.append(" ")
            parts.append(tok.text[s:e])
        return "".join(parts)

    def _emit(
        self,
        start: int,
        end: int,
        t0: int,
        t1: int,
        *,
        kind: str,
        code: str | None,
        sector: str | None,
        role: str | None,
        name: str,
        key: str,
        via: str,
    ) -> None:
        self.out.append(
            Mention(
                start,
                end,
                self._span_text(start, end, t0, t1),
                kind,
                code,
                sector,
                role,
                name,
                key,
                via,
                t0,
                t1,
            )
        )
        if kind == "person":
            self.seen_persons.add(key)

    # ------------------------------------------------------------------ readings

    def _modifier(self, u: _Unit, nxt: _Unit | None) -> Entry | None:
        """The reading of ``u`` that can modify a following noun, if any."""
        same_compound = nxt is not None and u.sub and nxt.sub and nxt.t0 == u.t0
        for tag in ("adjective", "demonym"):
            for e in u.entries:
                if e.tag == tag:
                    return e
        for e in u.entries:
            modifies = u.genitive or same_compound or self.lang == "en"
            if e.tag in ("actor", "capital", "person") and e.kind != "group" and modifies:
                return e
        return None

    def _noun(self, u: _Unit | None) -> Entry | None:
        if u is None:
            return None
        for tag in ("role", "institution"):
            for e in u.entries:
                if e.tag == tag:
                    return e
        return None

    def _role_sector(self, noun: Entry, code: str | None) -> str | None:
        inst = noun.institution
        if noun.sector:
            return noun.sector
        if inst is not None:
            for office in inst.offices:
                sector = self.kb.office_sector(office, code)
                if sector:
                    return sector
        return "GOV"

    def _person_keys(self, u: _Unit, *, allow_weak: bool) -> list[str]:
        keys: list[str] = []
        for e in u.entries:
            if e.tag != "person" or e.key in keys:
                continue
            if e.weak and not allow_weak and e.key not in self.seen_persons:
                continue
            keys.append(e.key)
        return keys

    def _resolve(self, keys: list[str], prefer_code: str | None = None) -> PersonRecord:
        return self.kb.resolve_person(
            self.kb.choose_person(keys, self.date, prefer_code), self.date
        )

    def _modifier_code(self, e: Entry) -> tuple[str | None, str | None]:
        """(code, sector) a modifier reading gives to a following noun."""
        if e.tag == "person":
            rec = self._resolve([e.key])
            return rec.code, None
        if e.kind in ("organisation", "group"):
            return e.code, e.sector
        return e.code, None

    # ------------------------------------------------------------------ pass 2

    def combine(self) -> list[Mention]:
        k = 0
        while k < len(self.units):
            u = self.units[k]
            if not u.used:
                self._at(u)
            k += 1
        self.out.sort(key=lambda m: (m.start, -m.end))
        return self.out

    def _at(self, u: _Unit) -> None:
        if self._try_modifier_phrase(u):
            return
        if self._try_noun_phrase(u):
            return
        self._plain(u)

    # modifier (+ coordinated modifiers) + noun [+ name]
    def _try_modifier_phrase(self, u: _Unit) -> bool:
        chain: list[tuple[_Unit, Entry]] = []
        cur: _Unit | None = u
        while cur is not None:
            nxt = self._next_unit(cur, skip_adjective=True)
            mod = self._modifier(cur, nxt)
            if mod is None:
                break
            chain.append((cur, mod))
            noun = self._noun(nxt)
            if noun is not None and nxt is not None:
                self._modified_noun(chain, nxt, noun)
                return True
            if (
                mod.tag == "adjective"
                and nxt is not None
                and cur.sub
                and nxt.sub
                and nxt.t0 == cur.t0
                and nxt.has("adjective")
            ):
                cur = nxt  # "deutsch-französische Soldaten"
                continue
            # coordination: "britischen und französischen Streitkräften"
            t = cur.t1
            if (
                mod.tag != "adjective"
                or t >= len(self.tokens)
                or self.tokens[t].text.lower() not in _CONJUNCTIONS
            ):
                break
            cand = self._unit_starting(t + 1) if t + 1 < len(self.tokens) else None
            if cand is None or not cand.has("adjective"):
                break
            cur = cand
        return False

    def _modified_noun(self, chain: list[tuple[_Unit, Entry]], nu: _Unit, noun: Entry) -> None:
        inst = noun.institution
        is_role = noun.tag == "role"
        # Earlier members of a coordination get the noun's sector/role on their own span.
        for mu, mod in chain[:-1]:
            code, org_sector = self._modifier_code(mod)
            sector = org_sector or (self._role_sector(noun, code) if is_role else noun.sector)
            self._emit_modifier_actor(mu, mod, sector=sector, role=noun.name if is_role else None)
            mu.used = True
        mu, mod = chain[-1]
        mu.used = True
        nu.used = True
        code, org_sector = self._modifier_code(mod)
        if mod.tag == "person":
            self._emit_person_unit(mu, [mod.key], allow_weak=True)
        if inst is not None and inst.code and code is None:
            code = inst.code
        start = mu.start if mod.tag != "person" else nu.start
        t0 = mu.t0 if mod.tag != "person" else nu.t0
        if is_role:
            self._role_phrase(
                start, t0, nu, noun, code, org_sector, mod if mod.tag != "person" else None
            )
            return
        sector = noun.sector
        if mod.tag == "person":
            if code is not None:
                name, key = self._code_name(code)
                kind = "state" if self.kb.is_state_code(code) else "organisation"
                self._emit(
                    nu.start,
                    nu.end,
                    nu.t0,
                    nu.t1,
                    kind=kind,
                    code=code,
                    sector=sector,
                    role=None,
                    name=name,
                    key=key,
                    via="institution",
                )
            return
        self._emit_modifier_actor(
            mu,
            mod,
            sector=sector if mod.kind == "state" or not org_sector else org_sector,
            role=None,
            end=nu.end,
            t1=nu.t1,
            via="institution",
        )

    def _emit_modifier_actor(
        self,
        mu: _Unit,
        mod: Entry,
        *,
        sector: str | None,
        role: str | None,
        end: int | None = None,
        t1: int | None = None,
        via: str | None = None,
    ) -> None:
        kind = mod.kind if mod.kind in ("state", "organisation", "group") else "state"
        self._emit(
            mu.start,
            end if end is not None else mu.end,
            mu.t0,
            t1 if t1 is not None else mu.t1,
            kind=kind,
            code=mod.code,
            sector=sector,
            role=role,
            name=mod.name,
            key=mod.key,
            via=via or mod.via,
        )

    def _role_phrase(
        self,
        start: int,
        t0: int,
        nu: _Unit,
        noun: Entry,
        code: str | None,
        org_sector: str | None,
        mod: Entry | None,
    ) -> None:
        """A role noun with a known code (or none): attach a following name, else resolve."""
        inst = noun.institution
        if code is None and inst is not None and inst.code:
            code = inst.code
        role_name = noun.name
        if self._name_after(nu, code, role_name, noun):
            return
        if code is not None and inst is not None and inst.offices and self.date:
            holders = self.kb.office_holders(code, inst.offices, self.date)
            if len(holders) == 1:
                rec = holders[0]
                self._emit(
                    start,
                    nu.end,
                    t0,
                    nu.t1,
                    kind="person",
                    code=rec.code,
                    sector=rec.sector,
                    role=rec.title,
                    name=rec.name,
                    key=rec.key,
                    via="institution",
                )
                return
        if code is None and mod is None:
            return
        sector = org_sector or self._role_sector(noun, code)
        if mod is not None:
            kind = mod.kind if mod.kind in ("state", "organisation", "group") else "state"
            name, key = mod.name, mod.key
        else:
            kind = "state" if self.kb.is_state_code(code) else "organisation"
            name, key = self._code_name(code)
        self._emit(
            start,
            nu.end,
            t0,
            nu.t1,
            kind=kind,
            code=code,
            sector=sector,
            role=role_name,
            name=name,
            key=key,
            via="institution",
        )

    def _code_name(self, code: str | None) -> tuple[str, str]:
        if code is None:
            return "", "state:?"
        st = self.kb.state(code)
        if st is not None:
            return st.name, st.key
        for org in self.kb.organisations():
            if org.code == code:
                return org.name, org.kb_key
        return code, f"code:{code}"

    def _name_after(self, nu: _Unit, code: str | None, role_name: str, noun: Entry) -> bool:
        """Person mention for the name following a role noun; True when one was found."""
        t = nu.t1
        if nu.sub and nu.end < self.tokens[nu.t0].end:
            return False
        if t >= len(self.tokens):
            return False
        v = self._unit_starting(t)
        first_name_unit = v is not None and v.has("person") and self._first_name_only(v)
        if first_name_unit:
            v = None  # "Bürgermeister Klaus Wowereit": an unknown name starting with "Klaus"
        if v is not None and v.has("person"):
            keys = self._person_keys(v, allow_weak=True)
            rec = self._resolve(keys, code)
            v.used = True
            nu.used = True
            self._emit_person(v, rec, role_name=role_name, noun=noun, ctx_code=code)
            return True
        if v is not None:
            return False
        end_t = self._unknown_name(t, first_name_unit=first_name_unit)
        if end_t == t:
            return False
        for k in range(t, end_t):
            for idx in self.by_token.get(k, ()):
                self.units[idx].used = True
        surface = self._span_text(self.tokens[t].start, self.tokens[end_t - 1].end, t, end_t)
        self._emit(
            self.tokens[t].start,
            self.tokens[end_t - 1].end,
            t,
            end_t,
            kind="person",
            code=code,
            sector=self._role_sector(noun, code),
            role=role_name,
            name=surface,
            key=f"name:{normalize(surface)}",
            via="institution",
        )
        return True

    def _unknown_name(self, t: int, *, first_name_unit: bool = False) -> int:
        """Index after a run of name-like tokens starting at ``t`` (``t`` if none).

        Without POS tags a German one-word "name" is refused: after a role noun it is
        as likely a common noun ("gab der Präsident Auskunft")."""
        end = t
        k = t
        words = 0
        toks = self.tokens
        while k < len(toks) and k - t < 6:
            tok = toks[k]
            word = tok.text
            if (
                self.by_token.get(k)
                and not (first_name_unit and k == t)
                and not (k > t and self._unlicensed_weak_surname(k))
            ):
                break
            if word in _PARTICLES and k > t and k + 1 < len(toks) and self._name_word(toks[k + 1]):
                k += 1
                continue
            initial = (
                len(word) == 1
                and word.isupper()
                and k + 1 < len(toks)
                and toks[k + 1].text == "."
                and toks[k + 1].start == tok.end
            )
            if initial and k > t:  # "John F. Kennedy"
                k += 2
                continue
            if re.match(r"^(al|el|as|ad|ash|bin)-[A-ZÀ-Þ]", word) or self._name_word(tok):
                k += 1
                end = k
                words += 1
                continue
            break
        if words == 1 and self.lang == "de" and not toks[t].pos:
            return t
        return end

    def _unlicensed_weak_surname(self, k: int) -> bool:
        """Token ``k`` is only a weak surname of a person not named earlier ("Pérez" in
        "Alfredo Pérez Rubalcaba"): inside a name run it is just another name word."""
        units = [self.units[i] for i in self.by_token.get(k, ())]
        return bool(units) and all(
            all(e.tag == "person" and e.short and e.weak for e in u.entries)
            and not self._person_keys(u, allow_weak=False)
            for u in units
        )

    def _name_word(self, tok: Token) -> bool:
        word = tok.text
        if not _NAME_WORD.match(word) or not word[0].isupper() or word in _STOP_CAPITALISED:
            return False
        if tok.pos:
            return tok.pos in _NAME_POS
        if self.lang == "de" and _COMMON_NOUN_SUFFIX.search(word.lower()):
            return False
        return not (len(word) > 4 and word.isupper())

    # role/institution noun + (der|des|of) + state / genitive state
    def _try_noun_phrase(self, u: _Unit) -> bool:
        noun = self._noun(u)
        if noun is None:
            return False
        if u.has("actor", "person", "capital", "adjective", "demonym"):
            # "Sicherheitsrat" alone is the UN body; a following "der/of" + state makes it a noun.
            owner = self._owner_after(u)
            if owner is None:
                return False
        else:
            owner = self._owner_after(u)
        is_role = noun.tag == "role"
        if owner is not None:
            ou, oe = owner
            code, org_sector = self._modifier_code(oe)
            u.used = True
            ou.used = True
            if oe.tag == "person":
                self._emit_person_unit(ou, [oe.key], allow_weak=True)
            if is_role:
                self._role_phrase(
                    u.start, u.t0, u, noun, code, org_sector, oe if oe.tag != "person" else None
                )
                # the owner phrase spans "Präsident der Ukraine"; widen it
                if self.out and self.out[-1].start == u.start and self.out[-1].kind != "person":
                    last = self.out.pop()
                    self._emit(
                        last.start,
                        ou.end,
                        u.t0,
                        ou.t1,
                        kind=last.kind,
                        code=last.code,
                        sector=last.sector,
                        role=last.role,
                        name=last.name,
                        key=last.key,
                        via=last.via,
                    )
                return True
            kind = oe.kind if oe.kind in ("state", "organisation", "group") else "state"
            name, key = (oe.name, oe.key) if oe.tag != "person" else self._code_name(code)
            self._emit(
                u.start,
                ou.end,
                u.t0,
                ou.t1,
                kind=kind,
                code=code,
                sector=org_sector or noun.sector,
                role=None,
                name=name,
                key=key,
                via="institution",
            )
            return True
        if is_role:
            inst = noun.institution
            if inst is not None and inst.code:
                u.used = True
                self._role_phrase(u.start, u.t0, u, noun, inst.code, None, None)
                return True
            t = u.t1
            if not (u.sub and u.end < self.tokens[u.t0].end) and t < len(self.tokens):
                u.used = True
                return self._name_after(u, None, noun.name, noun)
        return False

    def _owner_after(self, u: _Unit) -> tuple[_Unit, Entry] | None:
        if u.sub and u.end < self.tokens[u.t0].end:
            return None
        t = u.t1
        v = self._unit_starting(t) if t < len(self.tokens) else None
        if v is not None and v.genitive:
            e = self._owner_entry(v)
            if e is not None:
                return v, e
        for words in _OF.get(self.lang, ()):
            if all(
                t + i < len(self.tokens) and self.tokens[t + i].text.lower() == w
                for i, w in enumerate(words)
            ):
                v = (
                    self._unit_starting(t + len(words))
                    if t + len(words) < len(self.tokens)
                    else None
                )
                if v is not None:
                    e = self._owner_entry(v)
                    if e is not None:
                        return v, e
        return None

    def _owner_entry(self, v: _Unit) -> Entry | None:
        for e in v.entries:
            if (
                e.tag in ("actor", "capital")
                and e.kind in ("state", "organisation", "group")
                and e.code
            ):
                return e
        return None

    # plain mentions
    def _capital_is_place(self, u: _Unit) -> bool:
        """A capital is a place after a locative preposition, inside a compound
        ("Berlin-Charlottenburg") or a name ("Technische Universität Berlin", "Land
        Berlin"); elsewhere it stands for the state ("Moskau lehnte ab")."""
        if u.sub:
            return True
        prev = self.tokens[u.t0 - 1].text if u.t0 > 0 else ""
        if prev.lower() in _LOCATIVE:
            return True
        if prev[:1].isupper() and prev.isalpha() and prev not in _STOP_CAPITALISED:
            return True
        nxt = self.tokens[u.t1] if u.t1 < len(self.tokens) else None
        return nxt is not None and nxt.text == "-"

    def _city_in_name(self, u: _Unit) -> bool:
        """A city inside the name of something else: "Borussia Dortmund", "Eintracht
        Frankfurt" (a proper noun tagged NE/FM before it that is no mention), "Hannover
        96" (a number after it).  "Provinz Helmand", "Stadt Hamburg" stay places."""
        if u.sub:
            return False
        nxt = self.tokens[u.t1] if u.t1 < len(self.tokens) else None
        if nxt is not None and nxt.text.isdigit() and nxt.start > self.tokens[u.t1 - 1].end:
            return True
        if u.t0 == 0:
            return False
        prev = self.tokens[u.t0 - 1]
        return (
            prev.pos in ("NE", "FM", "NP0")
            and prev.text[:1].isupper()
            and prev.text not in _STOP_CAPITALISED
            and not self.by_token.get(u.t0 - 1)
        )

    def _first_name_only(self, u: _Unit) -> bool:
        """A surname-only match that is really a first name ("Klaus Wowereit")."""
        risky = [e for e in u.entries if e.tag == "person" and e.short and e.weak]
        if not risky or u.t1 >= len(self.tokens):
            return False
        nxt = self.tokens[u.t1]
        if nxt.start == self.tokens[u.t1 - 1].end or self.by_token.get(u.t1):
            return False
        if self._name_word(nxt):
            return True
        # "Abdalla al Badri", "Ahmed bin Saleh": a particle and a name follow
        after = self.tokens[u.t1 + 1] if u.t1 + 1 < len(self.tokens) else None
        return (
            nxt.text in _PARTICLES
            and after is not None
            and not self.by_token.get(u.t1 + 1)
            and (self._name_word(after) or after.text in _PARTICLES)
        )

    def _plain(self, u: _Unit) -> None:
        u.used = True
        if u.has("person") and not u.has("actor", "capital", "adjective", "demonym"):
            if not self._first_name_only(u):
                self._emit_person_unit(u, [e.key for e in u.tagged("person")], allow_weak=False)
            return
        for e in u.entries:
            if e.tag == "actor":
                self._emit(
                    u.start,
                    u.end,
                    u.t0,
                    u.t1,
                    kind=e.kind,
                    code=e.code,
                    sector=e.sector,
                    role=None,
                    name=e.name,
                    key=e.key,
                    via=e.via,
                )
                return
        for e in u.entries:
            if e.tag == "capital":
                if self._capital_is_place(u):
                    self._emit(
                        u.start,
                        u.end,
                        u.t0,
                        u.t1,
                        kind="place",
                        code=e.place_code or e.code,
                        sector=None,
                        role=None,
                        name=self._span_text(u.start, u.end, u.t0, u.t1),
                        key=e.key,
                        via="capital",
                    )
                else:
                    self._emit(
                        u.start,
                        u.end,
                        u.t0,
                        u.t1,
                        kind=e.kind,
                        code=e.code,
                        sector=e.sector,
                        role=None,
                        name=e.name,
                        key=e.key,
                        via="capital",
                    )
                return
        for e in u.entries:
            if e.tag == "city":  # "in Hamburg", "Charkiw": a place of that state
                if self._city_in_name(u):
                    return
                self._emit(
                    u.start,
                    u.end,
                    u.t0,
                    u.t1,
                    kind="place",
                    code=e.code,
                    sector=None,
                    role=None,
                    name=self._span_text(u.start, u.end, u.t0, u.t1),
                    key=e.key,
                    via="city",
                )
                return
        for e in u.entries:
            if e.tag in ("adjective", "demonym"):
                self._emit(
                    u.start,
                    u.end,
                    u.t0,
                    u.t1,
                    kind="state",
                    code=e.code,
                    sector=None,
                    role=None,
                    name=e.name,
                    key=e.key,
                    via=e.via,
                )
                return
        if u.has("person"):
            self._emit_person_unit(u, [e.key for e in u.tagged("person")], allow_weak=False)
            return
        if self.unattached:
            for e in u.entries:
                if e.tag == "institution":
                    surface = self._span_text(u.start, u.end, u.t0, u.t1)
                    self._emit(
                        u.start,
                        u.end,
                        u.t0,
                        u.t1,
                        kind="organisation",
                        code=None,
                        sector=e.sector,
                        role=None,
                        name=surface,
                        key=e.key,
                        via="institution",
                    )
                    return
            for e in u.entries:
                if e.tag == "role":
                    # "der Kanzler", "the prime minister": a person-denoting noun with
                    # neither a state nor a name; wirecoder.actors.attach resolves it.
                    surface = self._span_text(u.start, u.end, u.t0, u.t1)
                    self._emit(
                        u.start,
                        u.end,
                        u.t0,
                        u.t1,
                        kind="person",
                        code=None,
                        sector=e.sector,
                        role=e.name,
                        name=surface,
                        key=e.key,
                        via="institution",
                    )
                    return

    def _emit_person_unit(self, u: _Unit, keys: list[str], *, allow_weak: bool) -> None:
        keys = self._person_keys(u, allow_weak=allow_weak) if not allow_weak else keys
        if not keys:
            return
        rec = self._resolve(keys)
        self._emit_person(u, rec, role_name=None, noun=None, ctx_code=None)

    def _emit_person(
        self,
        u: _Unit,
        rec: PersonRecord,
        *,
        role_name: str | None,
        noun: Entry | None,
        ctx_code: str | None,
    ) -> None:
        code = rec.code if rec.code is not None else ctx_code
        if rec.in_office:
            role, sector = rec.title, rec.sector
        elif noun is not None:
            role, sector = role_name, self._role_sector(noun, code)
        else:
            role, sector = None, None
        self._emit(
            u.start,
            u.end,
            u.t0,
            u.t1,
            kind="person",
            code=code,
            sector=sector,
            role=role,
            name=rec.name,
            key=rec.key,
            via="person",
        )


def find_mentions(
    tokens: list[Token],
    kb: KnowledgeBase,
    date: str | None = None,
    *,
    text: str | None = None,
    unattached: bool = False,
    seen: set[str] | None = None,
) -> list[Mention]:
    """Actor mentions in ``tokens`` (one sentence or a whole article), sorted by offset.

    ``date`` (ISO, the article date) resolves office holders and person codes;
    ``text``, when given, is the string the token offsets index into and supplies
    exact mention surfaces (otherwise they are rebuilt from the tokens).  With
    ``unattached``, institution nouns without a state ("die Regierung", "the
    police") are returned too, as organisation mentions with code None, for a later
    step to attach to the article's main state.

    Weak surnames ("May", "Johnson") are only taken after the full name; pass the
    whole article's tokens at once, or the same ``seen`` set (person keys, updated
    in place) to successive per-sentence calls, so that this works across sentences.
    """
    matcher = _Matcher(_uncapitalised(tokens), kb, date, text, unattached, seen)
    matcher.match()
    return matcher.combine()


def _uncapitalised(tokens: list[Token]) -> list[Token]:
    """All-caps headlines ("SELENSKYJ TRIFFT MERZ") matched as if written normally: words
    of two or more capitals become title case when most words of the line are capitals.
    Acronyms (NATO, EU) are in the knowledge base in capitals and stay as they are."""
    words = [t for t in tokens if any(ch.isalpha() for ch in t.text)]
    upper = [t for t in words if t.text.isupper() and len(t.text) > 1]
    if len(words) < 2 or len(upper) * 3 < len(words) * 2:
        return tokens
    out = []
    for tok in tokens:
        if tok.text.isupper() and len(tok.text) > 3:
            tok = dataclasses.replace(tok, text=tok.text.title())
        out.append(tok)
    return out
