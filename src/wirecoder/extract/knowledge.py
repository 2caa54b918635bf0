"""Actor knowledge base: states, organisations, institutions, office holders.

The data lives in ``wirecoder/lang/<language>/`` (``states.yaml``,
``organisations.yaml``, ``institutions.yaml``, ``office_holders.tsv``; each file
documents its own format in a comment header).  :meth:`KnowledgeBase.load` reads
it once per language and builds a surface-form index used by
:mod:`wirecoder.extract.mentions`.

Public lookups:

* :meth:`KnowledgeBase.state` -- a state by ISO alpha-3 code,
* :meth:`KnowledgeBase.lookup_person` -- a person by full name or surname,
  resolved at a date (code, office and title the person held that day),
* :meth:`KnowledgeBase.lookup_alias` -- every actor a surface form can denote,
* :meth:`KnowledgeBase.check` -- duplicate and conflicting entries in the data.

Generated forms (rules, so that the data only keeps stems and base forms):

* German adjective stems get the endings -e/-en/-er/-es/-em, plus a capitalised copy
  of every form for sentence starts ("britisch" -> "Britischen");
* German demonyms in -er get -n/-s/-in/-innen, in -e get -n/-in/-innen
  ("Brite" -> "Briten", "Britin"); English demonyms get a plural;
* German genitives of proper names get -s or an apostrophe ("Frankreichs", "Merz'");
  English names get possessives ("Russia's", "Zelenskyy's");
* English role and institution nouns match in lower case and Title Case, singular
  and plural;
* German institution and role nouns marked ``compound: true`` may head a closed
  compound (:meth:`KnowledgeBase.compound_noun`: "Provinzregierung", "Innenminister");
* ``cities`` of a state (other cities and regions) are indexed as places with
  genitives/possessives ("Hamburgs", "Bavaria's").
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("de", "en")

SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "OPP", "MED", "BUS", "CVL", "REB", "IGO"})
ACTOR_KINDS = frozenset({"state", "person", "organisation", "group", "place"})

# Offices ranked when one person holds several at once (lower = more important).
_OFFICE_RANK = {
    "monarch": 0,
    "supreme_leader": 0,
    "president": 1,
    "head_of_government": 2,
    "secretary_general": 3,
    "commission_president": 3,
    "council_president": 3,
    "foreign_minister": 4,
    "defence_minister": 5,
    "vice_president": 6,
    "crown_prince": 6,
}

# Prefixes of compounds that do not denote the holder/body of the head noun.
_COMPOUND_STOP = frozenset(
    {"vize", "ex", "alt", "anti", "gegen", "pseudo", "schein", "nicht", "ehren", "schatten"}
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u00a0": " ", "\u2011": "-"})
_SPACES = re.compile(r"\s+")
_FINE_TOKEN = re.compile(r"\w+|[^\w\s]")


def normalize(surface: str) -> str:
    """Normalise a surface form for index look-ups.

    Typographic apostrophes become ``'``, non-breaking spaces and hyphens become
    plain ones, and runs of white space become one space.  Every replacement maps
    one character to one character, so lengths (and trim counts) are preserved
    except for collapsed white space.
    """
    return _SPACES.sub(" ", surface.translate(_APOSTROPHES)).strip()


def first_fine_token(surface: str) -> str:
    """The first word or punctuation character of ``surface`` (index prefilter)."""
    m = _FINE_TOKEN.search(surface)
    return m.group(0) if m else ""


def fine_token_count(surface: str) -> int:
    return len(_FINE_TOKEN.findall(surface))


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Seat:
    """A seat of power used as a metonym for a state's government (Kreml, Élysée)."""

    name: str
    sector: str = "GOV"
    compound: bool = False


@dataclass(frozen=True)
class StateRecord:
    code: str
    name: str
    official: str | None = None
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()  # stems (German) / adjectives as written (English)
    adjective_forms: tuple[str, ...] = ()  # generated inflected forms
    demonyms: tuple[str, ...] = ()  # generated forms
    capitals: tuple[str, ...] = ()
    seats: tuple[Seat, ...] = ()
    status: str = "member"
    cities: tuple[str, ...] = ()  # other cities and regions: always places, never the state

    @property
    def key(self) -> str:
        return f"state:{self.code}"


@dataclass(frozen=True)
class OrganisationRecord:
    key: str
    code: str | None
    kind: str  # organisation | group
    name: str
    sector: str | None = None
    official: str | None = None
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    seats: tuple[tuple[str, str | None], ...] = ()  # (city, state code of the city)

    @property
    def kb_key(self) -> str:
        return f"org:{self.key}"


@dataclass(frozen=True)
class Office:
    key: str
    title: str | None
    sector: str | None
    by_state: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    unique: bool = True
    # States and periods without this office (presidential systems have no head of
    # government; Turkey abolished its prime minister in 2018).  Read by the coverage
    # report (wirecoder actors coverage), never by the matcher.
    not_in: dict[str, tuple[tuple[dt.date | None, dt.date | None], ...]] = field(
        default_factory=dict, hash=False, compare=False
    )

    def title_for(self, code: str | None) -> str | None:
        if code and code in self.by_state:
            return self.by_state[code]
        return self.title


@dataclass(frozen=True)
class InstitutionRecord:
    """An institution noun (``kind="institution"``) or a role noun (``kind="role"``)."""

    key: str
    kind: str  # institution | role
    forms: tuple[str, ...]
    sector: str | None = None
    code: str | None = None  # fixed state for named institutions (Bundeswehr -> DEU)
    name: str | None = None  # display name of a named institution
    role: str | None = None  # display lemma of a role noun
    offices: tuple[str, ...] = ()
    compound: bool = False
    # States whose offices bear this title ("Bundeskanzler": DEU, AUT); empty: any state.
    states: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    """One row of office_holders.tsv."""

    code: str | None
    role: str  # office key, or "person" for a fixed code without an office
    start: dt.date | None
    end: dt.date | None
    title: str | None = None
    note: str = ""
    line: int = 0
    # Days of imprecision of start/end (0 for YYYY-MM-DD, 31 for YYYY-MM, 366 for YYYY).
    start_slack: int = 0
    end_slack: int = 0

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    names: tuple[str, ...]  # canonical name first, then variants
    short: tuple[str, ...]  # strong surname-only forms
    weak: tuple[str, ...]  # weak surname-only forms (need the full name first)
    terms: tuple[Term, ...]

    @property
    def kb_key(self) -> str:
        return f"person:{self.key}"


@dataclass(frozen=True)
class PersonRecord:
    """A person as of a date: the code, office and title they held that day."""

    key: str  # "person:<key>"
    name: str
    code: str | None
    role: str | None  # office key held at the date (None when not in office)
    title: str | None  # display title in the KB language ("Bundeskanzler")
    sector: str | None
    start: str | None  # ISO dates of the term used
    end: str | None
    in_office: bool


@dataclass(frozen=True)
class ActorRecord:
    """What one surface form can denote (result of :meth:`KnowledgeBase.lookup_alias`)."""

    key: str
    kind: str  # state | person | organisation | group | place
    name: str
    code: str | None
    sector: str | None = None
    role: str | None = None
    via: str = "alias"  # alias | adjective | demonym | capital | city | person | institution


@dataclass(frozen=True)
class Entry:
    """One reading of a surface form in the phrase index (used by the matcher)."""

    tag: str  # actor | adjective | demonym | capital | city | person | institution | role
    key: str
    kind: str  # mention kind; "institution"/"role" for nouns
    name: str
    code: str | None
    sector: str | None = None
    via: str = "alias"
    genitive: bool = False  # "Frankreichs", "Russia's": may modify a following noun
    trim: int = 0  # characters to drop from the end of the span ("'s")
    bare: bool = False  # bare adjective stem: only as a non-final hyphen part
    weak: bool = False  # weak person short form
    short: bool = False  # person matched by surname only
    place_code: str | None = None  # state of a seat city used as a place ("in Brüssel" -> BEL)
    institution: InstitutionRecord | None = None


# ----------------------------------------------------------------------- form rules


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:] if word else word


def german_adjective_forms(stem: str) -> list[str]:
    """``britisch`` -> britische, britischen, britischer, britisches, britischem (+ capitalised)."""
    forms = [stem + ending for ending in ("e", "en", "er", "es", "em")]
    return forms + [_cap(f) for f in forms if _cap(f) != f]


def german_demonym_forms(base: str) -> list[str]:
    """``Brite`` -> Brite, Briten, Britin, Britinnen; ``Amerikaner`` -> +n, +s, +in, +innen."""
    forms = [base]
    if base.endswith("er"):
        forms += [base + "n", base + "s", base + "in", base + "innen"]
    elif base.endswith("e"):
        forms += [base + "n", base[:-1] + "in", base[:-1] + "innen"]
    return forms


def english_plural(word: str) -> str:
    last = word.rsplit(" ", 1)[-1]
    low = last.lower()
    if low.endswith(("s", "ese", "sh", "ch", "ss")) or low in {
        "police",
        "media",
        "military",
        "people",
    }:
        return word
    if low.endswith("man"):
        return word[:-3] + ("men" if word.endswith("man") else "MEN")
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def english_demonym_forms(base: str) -> list[str]:
    plural = english_plural(base)
    return [base] if plural == base else [base, plural]


def english_noun_forms(form: str) -> list[str]:
    """Case variants and plural of an English role or institution noun."""
    out: list[str] = []
    for variant in (form, english_plural(form)):
        title = " ".join(
            w if w in {"of", "the"} else "-".join(_cap(part) for part in w.split("-"))
            for w in variant.split(" ")
        )
        for v in (variant, variant.lower() if not _has_acronym(variant) else variant, title):
            if v not in out:
                out.append(v)
    return out


def _has_acronym(text: str) -> bool:
    return any(len(w) > 1 and w.isupper() for w in text.split())


def german_genitives(name: str) -> list[str]:
    """``Frankreich`` -> Frankreichs; ``Merz`` -> Merz' (only for names ending in a letter)."""
    if not name or not name[-1].isalpha() or not name[-1].islower():
        return []
    if name[-1] in "sßxz":
        return [name + "'"]
    return [name + "s"]


def english_possessives(name: str) -> list[tuple[str, int]]:
    """``Russia`` -> ("Russia's", 2); ``Paris`` -> ("Paris's", 2), ("Paris'", 1)."""
    if not name or not name[-1].isalnum():
        return []
    out = [(name + "'s", 2)]
    if name.endswith("s"):
        out.append((name + "'", 1))
    return out


# --------------------------------------------------------------------------- dates


def parse_date(text: str | None, *, end: bool = False) -> dt.date | None:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (first or, with ``end``, last day)."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"bad date {text!r}")
    year = int(parts[0])
    if len(parts) == 1:
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    month = int(parts[1])
    if len(parts) == 2:
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, last) if end else dt.date(year, month, 1)
    return dt.date(year, month, int(parts[2]))


def _as_date(date: str | dt.date | None) -> dt.date | None:
    if date is None or isinstance(date, dt.date):
        return date
    try:
        return parse_date(date[:10])
    except ValueError:
        return None


# ------------------------------------------------------------------ knowledge base


class KnowledgeBase:
    """All actor data for one language, with a surface-form index."""

    def __init__(
        self,
        language: str,
        states: list[StateRecord],
        organisations: list[OrganisationRecord],
        institutions: list[InstitutionRecord],
        offices: dict[str, Office],
        persons: list[Person],
        problems: list[str] | None = None,
    ) -> None:
        self.language = language
        self._states = {s.code: s for s in states}
        self._state_list = states
        self._orgs = {o.key: o for o in organisations}
        self._org_list = organisations
        self._institutions = institutions
        self.offices = offices
        self._persons = {p.key: p for p in persons}
        self._person_list = persons
        self._problems = list(problems or [])
        self._index: dict[str, list[Entry]] = {}
        self._compound_heads: list[tuple[str, list[Entry]]] = []
        self._compound_nouns: dict[str, list[Entry]] = {}
        self._first_tokens: set[str] = set()
        self.max_tokens = 1
        self._build_index()

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, language: str) -> KnowledgeBase:
        """The knowledge base shipped for ``language`` ("de" or "en"), cached."""
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r} (expected one of {LANGUAGES})")
        return _load_cached(language)

    @classmethod
    def from_dir(cls, language: str, directory: Path | str) -> KnowledgeBase:
        """Read the data files of one language from ``directory`` (not cached)."""
        root = Path(directory)

        def read(name: str) -> str | None:
            path = root / name
            return path.read_text(encoding="utf-8") if path.exists() else None

        return cls._from_texts(language, read)

    @classmethod
    def _from_texts(cls, language: str, read: Any) -> KnowledgeBase:
        problems: list[str] = []
        states = _parse_states(
            language, _yaml_list(read("states.yaml"), "states.yaml", problems), problems
        )
        orgs = _parse_orgs(
            _yaml_list(read("organisations.yaml"), "organisations.yaml", problems), problems
        )
        inst_doc = yaml.safe_load(read("institutions.yaml") or "") or {}
        if not isinstance(inst_doc, dict):
            problems.append("institutions.yaml: expected a mapping with offices/institutions/roles")
            inst_doc = {}
        offices = _parse_offices(inst_doc.get("offices") or {}, problems)
        offices = _apply_not_in(offices, inst_doc.get("not_in") or {}, problems)
        institutions = _parse_institutions(language, inst_doc, problems)
        persons = _parse_persons(read("office_holders.tsv") or "", problems)
        return cls(language, states, orgs, institutions, offices, persons, problems)

    # ------------------------------------------------------------------ index

    def _add(self, surface: str, entry: Entry) -> None:
        key = normalize(surface)
        if not key:
            return
        bucket = self._index.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        self._first_tokens.add(first_fine_token(key))
        self.max_tokens = max(self.max_tokens, fine_token_count(key))

    def _add_name(self, surface: str, entry: Entry, *, genitive: bool = True) -> None:
        """Add a proper name plus its generated genitive/possessive forms."""
        self._add(surface, entry)
        if not genitive:
            return
        if self.language == "de":
            for form in german_genitives(surface):
                self._add(form, _replace(entry, genitive=True))
        else:
            for form, trim in english_possessives(surface):
                self._add(form, _replace(entry, genitive=True, trim=trim))

    def _build_index(self) -> None:
        de = self.language == "de"
        for st in self._state_list:
            base = Entry("actor", st.key, "state", st.name, st.code, None, "alias")
            for name in _unique([st.name, st.official or "", *st.aliases]):
                self._add_name(name, base)
            for form in st.adjective_forms:
                self._add(
                    form, Entry("adjective", st.key, "state", st.name, st.code, None, "adjective")
                )
            for stem in st.adjectives:
                if de:
                    bare = Entry(
                        "adjective", st.key, "state", st.name, st.code, None, "adjective", bare=True
                    )
                    self._add(stem, bare)
                    self._add(_cap(stem), bare)
            for form in st.demonyms:
                self._add(
                    form, Entry("demonym", st.key, "state", st.name, st.code, None, "demonym")
                )
            for cap in st.capitals:
                self._add_name(
                    cap, Entry("capital", st.key, "state", st.name, st.code, "GOV", "capital")
                )
            for city in st.cities:
                self._add_name(city, Entry("city", st.key, "place", city, st.code, None, "city"))
            for seat in st.seats:
                entry = Entry("actor", st.key, "state", st.name, st.code, seat.sector, "capital")
                self._add_name(seat.name, entry)
                if seat.compound:
                    self._compound_heads.append((seat.name, [entry]))
        for org in self._org_list:
            kind = org.kind if org.kind in ("organisation", "group") else "organisation"
            entry = Entry("actor", org.kb_key, kind, org.name, org.code, org.sector, "alias")
            for name in _unique([org.name, org.official or "", *org.aliases]):
                # German genitive -s is wrong for most organisation names ("der NATO").
                self._add_name(name, entry, genitive=not de)
            for city, state in org.seats:
                seat_entry = Entry(
                    "capital",
                    org.kb_key,
                    kind,
                    org.name,
                    org.code,
                    org.sector,
                    "capital",
                    place_code=state,
                )
                self._add_name(city, seat_entry)
        for inst in self._institutions:
            if inst.kind == "role":
                entry = Entry(
                    "role",
                    inst.key,
                    "role",
                    inst.role or inst.forms[0],
                    inst.code,
                    inst.sector,
                    "institution",
                    institution=inst,
                )
            elif inst.code:
                entry = Entry(
                    "actor",
                    inst.key,
                    "organisation",
                    inst.name or inst.forms[0],
                    inst.code,
                    inst.sector,
                    "institution",
                    institution=inst,
                )
            else:
                entry = Entry(
                    "institution",
                    inst.key,
                    "institution",
                    inst.forms[0],
                    None,
                    inst.sector,
                    "institution",
                    institution=inst,
                )
            forms: list[str] = []
            for form in inst.forms:
                forms.extend(english_noun_forms(form) if not de else [form])
            for form in _unique(forms):
                if entry.tag == "actor":
                    self._add_name(form, entry)
                else:
                    self._add(form, entry)
            if inst.compound and entry.tag == "actor":
                self._compound_heads.append((inst.forms[0], [entry]))
            elif inst.compound and de:
                for form in inst.forms:
                    bucket = self._compound_nouns.setdefault(form, [])
                    if entry not in bucket:
                        bucket.append(entry)
        first_names = {
            n.split()[0] for p in self._person_list for n in p.names if len(n.split()) > 1
        }
        for person in self._person_list:
            full = Entry("person", person.kb_key, "person", person.name, None, None, "person")
            for name in person.names:
                self._add_name(name, full)
            own_first = {n.split()[0] for n in person.names}
            for s in person.short:
                weak = s in first_names and s not in own_first
                self._add_name(s, _replace(full, short=True, weak=weak))
            for s in person.weak:
                self._add_name(s, _replace(full, short=True, weak=True))
        self._compound_heads.sort(key=lambda item: -len(item[0]))

    # ------------------------------------------------------------------ matcher API

    def entries(self, surface: str) -> tuple[Entry, ...]:
        """All readings of a surface form (normalised look-up)."""
        return tuple(self._index.get(normalize(surface), ()))

    def has_first_token(self, token_text: str) -> bool:
        """Whether any indexed form starts with the first word of ``token_text``."""
        return first_fine_token(normalize(token_text)) in self._first_tokens

    def compound_heads(self) -> list[tuple[str, list[Entry]]]:
        """Named institutions and seats that may head a closed compound ("Bundeswehrsoldaten")."""
        return self._compound_heads

    def compound_noun(self, word: str) -> tuple[int, list[Entry]] | None:
        """A German closed compound headed by an institution or role noun marked
        ``compound: true`` ("Provinzregierung" -> Regierung, "Polizeisprecher" ->
        Sprecher): (offset of the head in ``word``, the head's entries), longest head
        first; None when ``word`` is not such a compound.  The part before the head
        must have at least three letters and not be a prefix that changes who is meant
        ("Vizekanzler", "Altkanzler", "Exminister", "Gegenregierung")."""
        if not self._compound_nouns or len(word) < 7 or not word[:1].isupper():
            return None
        for k in range(3, len(word) - 3):
            head = word[k].upper() + word[k + 1 :]
            entries = self._compound_nouns.get(head)
            if entries is None:
                continue
            prefix = word[:k].lower().rstrip("s-")
            if not prefix.isalpha() or prefix in _COMPOUND_STOP or len(prefix) < 3:
                return None
            return k, entries
        return None

    def institution(self, surface: str) -> InstitutionRecord | None:
        """The institution or role noun record for ``surface``, if any."""
        for entry in self.entries(surface):
            if entry.institution is not None:
                return entry.institution
        return None

    def person(self, key: str) -> Person | None:
        return self._persons.get(key.removeprefix("person:"))

    def organisation(self, key: str) -> OrganisationRecord | None:
        return self._orgs.get(key.removeprefix("org:"))

    def is_state_code(self, code: str | None) -> bool:
        return code is not None and code in self._states

    def states(self) -> list[StateRecord]:
        return list(self._state_list)

    def organisations(self) -> list[OrganisationRecord]:
        return list(self._org_list)

    def persons(self) -> list[Person]:
        return list(self._person_list)

    def institutions(self) -> list[InstitutionRecord]:
        """Institution and role nouns (``institutions`` and ``roles`` of institutions.yaml)."""
        return list(self._institutions)

    def office_title(self, office: str | None, code: str | None) -> str | None:
        if office is None or office not in self.offices:
            return None
        return self.offices[office].title_for(code)

    def office_sector(self, office: str | None, code: str | None) -> str | None:
        if office is None or office not in self.offices:
            return None
        sector = self.offices[office].sector
        if code is not None and code not in self._states and sector in (None, "GOV", "MIL"):
            return "IGO"
        return sector

    # ------------------------------------------------------------------ public lookups

    def state(self, code: str) -> StateRecord | None:
        """The state with ISO alpha-3 ``code`` (case-insensitive), or None."""
        return self._states.get(code.upper())

    def lookup_alias(self, surface: str) -> list[ActorRecord]:
        """Every actor ``surface`` can denote: states (names, adjectives, demonyms,
        capitals, seats, cities as places), organisations and groups, named
        institutions and persons.
        Role and generic institution nouns are not actors (see :meth:`institution`)."""
        out: list[ActorRecord] = []
        for e in self.entries(surface):
            if e.tag in ("institution", "role") or e.bare:
                continue
            rec = ActorRecord(e.key, e.kind, e.name, e.code, e.sector, None, e.via)
            if e.tag == "person":
                now = self.resolve_person(e.key, None)
                rec = ActorRecord(
                    e.key, "person", now.name, now.code, now.sector, now.title, "person"
                )
            if rec not in out:
                out.append(rec)
        return out

    def lookup_person(self, name: str, date: str | dt.date | None = None) -> PersonRecord | None:
        """A person by full name or surname, resolved at ``date`` (ISO string or date).

        Among several people with the name, the one in office at the date wins,
        else the one whose term is nearest to it.  Without a date the most recent
        office holder wins."""
        candidates = self._person_candidates(name)
        if not candidates:
            return None
        return self.resolve_person(self.choose_person(candidates, date), date)

    def _person_candidates(self, name: str) -> list[str]:
        seen: list[str] = []
        for surface in (name, name.split()[-1] if name.split() else name):
            for e in self.entries(surface):
                if e.tag == "person" and e.key not in seen:
                    seen.append(e.key)
            if seen:
                break
        return seen

    def choose_person(
        self, keys: Iterable[str], date: str | dt.date | None, prefer_code: str | None = None
    ) -> str:
        """Pick the most plausible person among ``keys`` for ``date``."""
        day = _as_date(date)
        best: tuple[tuple[int, int, int], str] | None = None
        for key in keys:
            person = self._persons[key.removeprefix("person:")]
            score = _person_score(person, day, prefer_code)
            if best is None or score < best[0]:
                best = (score, key)
        assert best is not None
        return best[1]

    def resolve_person(self, key: str, date: str | dt.date | None) -> PersonRecord:
        """The person ``key`` as of ``date``: code, office, title and sector that day."""
        person = self._persons[key.removeprefix("person:")]
        day = _as_date(date)
        term = _current_term(person, day)
        if term is not None and term.role != "person":
            return PersonRecord(
                person.kb_key,
                person.name,
                term.code,
                term.role,
                term.title or self.office_title(term.role, term.code),
                self.office_sector(term.role, term.code),
                _iso(term.start),
                _iso(term.end),
                True,
            )
        code = term.code if term is not None else _fallback_code(person, day)
        return PersonRecord(person.kb_key, person.name, code, None, None, None, None, None, False)

    def office_holders(
        self, code: str, offices: Iterable[str], date: str | dt.date | None
    ) -> list[PersonRecord]:
        """People holding one of ``offices`` for ``code`` on ``date`` (unique offices only)."""
        day = _as_date(date)
        if day is None:
            return []
        wanted = {o for o in offices if o in self.offices and self.offices[o].unique}
        out: list[PersonRecord] = []
        for person in self._person_list:
            for term in person.terms:
                if term.code == code and term.role in wanted and term.covers(day):
                    out.append(
                        PersonRecord(
                            person.kb_key,
                            person.name,
                            code,
                            term.role,
                            term.title or self.office_title(term.role, code),
                            self.office_sector(term.role, code),
                            _iso(term.start),
                            _iso(term.end),
                            True,
                        )
                    )
                    break
        return out

    # ------------------------------------------------------------------ consistency

    def check(self) -> list[str]:
        """Duplicate and conflicting entries in the data, one message each (empty = clean)."""
        problems = list(self._problems)
        problems += self._check_surface_conflicts()
        problems += self._check_persons()
        problems += self._check_institutions()
        return problems

    def _check_surface_conflicts(self) -> list[str]:
        out: list[str] = []
        for surface, entries in sorted(self._index.items()):
            actors = [e for e in entries if e.tag not in ("institution", "role", "person")]
            codes = {e.code for e in actors if e.code is not None}
            if len(codes) > 1:
                keys = sorted({e.key for e in actors})
                out.append(
                    f"{self.language}: surface {surface!r} denotes different codes "
                    f"{sorted(codes)} ({keys})"
                )
            persons = {e.key for e in entries if e.tag == "person" and not e.short}
            if len(persons) > 1 and not self._distinct_by_date(persons):
                out.append(
                    f"{self.language}: full name {surface!r} belongs to several persons "
                    f"{sorted(persons)}"
                )
            if persons and actors and not any(e.genitive for e in entries):
                out.append(f"{self.language}: {surface!r} is both a person name and an actor alias")
        return out

    def _distinct_by_date(self, keys: Iterable[str]) -> bool:
        """Namesakes are allowed when the date always tells them apart: every one has
        dated terms and no two of them hold any office on the same day (Latvia's two
        Andris Bērziņš, prime minister 2000-2002 and president 2011-2015)."""
        spans: list[tuple[dt.date, dt.date, str]] = []
        for key in keys:
            person = self._persons[key.removeprefix("person:")]
            if not person.terms or any(t.start is None for t in person.terms):
                return False
            start = min(t.start or dt.date.min for t in person.terms)
            end = max(t.end or dt.date.max for t in person.terms)
            spans.append((start, end, key))
        spans.sort()
        return all(a[1] < b[0] for a, b in itertools.pairwise(spans))

    def _check_persons(self) -> list[str]:
        out: list[str] = []
        known_codes = set(self._states) | {o.code for o in self._org_list if o.code}
        for office_key, spec in self.offices.items():
            for not_in_code in spec.not_in:
                if not_in_code not in known_codes:
                    out.append(
                        f"{self.language}: institutions.yaml office {office_key}: "
                        f"not_in has unknown code {not_in_code!r}"
                    )
        for person in self._person_list:
            for term in person.terms:
                where = f"{self.language}: office_holders.tsv line {term.line} ({person.key})"
                if term.code is not None and term.code not in known_codes:
                    out.append(f"{where}: unknown code {term.code!r}")
                if term.role not in self.offices:
                    out.append(f"{where}: unknown role {term.role!r}")
                if term.start and term.end and term.end < term.start:
                    out.append(f"{where}: ends before it starts")
        slots: dict[tuple[str | None, str], list[tuple[Term, str]]] = {}
        for person in self._person_list:
            for term in person.terms:
                office = self.offices.get(term.role)
                if office is None or not office.unique or term.role == "person":
                    continue
                slots.setdefault((term.code, term.role), []).append((term, person.key))
        for (code, role), items in sorted(slots.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
            items.sort(key=lambda it: it[0].start or dt.date.min)
            for (a, ka), (b, kb_) in itertools.pairwise(items):
                a_end = a.end or dt.date.max
                slack = max(a.end_slack, b.start_slack)
                if (
                    b.start is not None
                    and ka != kb_
                    and b.start < a_end
                    and (a.end is None or (a_end - b.start).days > slack)
                ):
                    out.append(
                        f"{self.language}: overlapping {role} terms for {code}: {ka} "
                        f"(until {_iso(a.end) or 'open'}) and {kb_} (from {_iso(b.start)})"
                    )
        return out

    def _check_institutions(self) -> list[str]:
        out: list[str] = []
        seen: dict[str, InstitutionRecord] = {}
        for inst in self._institutions:
            for form in inst.forms:
                other = seen.get(form)
                if other is not None and other is not inst:
                    same = (other.kind, other.sector, other.code, other.offices) == (
                        inst.kind,
                        inst.sector,
                        inst.code,
                        inst.offices,
                    )
                    if not same:
                        out.append(
                            f"{self.language}: noun {form!r} listed as {other.key} and {inst.key}"
                        )
                seen[form] = inst
            for office in inst.offices:
                if office not in self.offices:
                    out.append(f"{self.language}: {inst.key} refers to unknown office {office!r}")
        return out

    # ------------------------------------------------------------------ misc

    def __repr__(self) -> str:
        return (
            f"KnowledgeBase({self.language!r}, states={len(self._states)}, "
            f"organisations={len(self._orgs)}, persons={len(self._persons)})"
        )

    def stats(self) -> dict[str, int]:
        return {
            "states": len(self._states),
            "organisations": sum(1 for o in self._org_list if o.kind == "organisation"),
            "groups": sum(1 for o in self._org_list if o.kind == "group"),
            "institutions": sum(1 for i in self._institutions if i.kind == "institution"),
            "roles": sum(1 for i in self._institutions if i.kind == "role"),
            "persons": len(self._persons),
            "terms": sum(len(p.terms) for p in self._person_list),
            "surface_forms": len(self._index),
        }


@functools.lru_cache(maxsize=len(LANGUAGES))
def _load_cached(language: str) -> KnowledgeBase:
    root = resources.files("wirecoder") / "lang" / language

    def read(name: str) -> str | None:
        item = root / name
        return item.read_text(encoding="utf-8") if item.is_file() else None

    return KnowledgeBase._from_texts(language, read)


# --------------------------------------------------------------------------- parsing


def _replace(entry: Entry, **changes: Any) -> Entry:
    from dataclasses import replace

    return replace(entry, **changes)


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out


def _strs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None]


def _yaml_list(text: str | None, name: str, problems: list[str]) -> list[dict[str, Any]]:
    if text is None:
        problems.append(f"{name}: file missing")
        return []
    data = yaml.safe_load(text) or []
    if not isinstance(data, list):
        problems.append(f"{name}: expected a list of entries")
        return []
    out = []
    for i, item in enumerate(data):
        if isinstance(item, dict):
            out.append(item)
        else:
            problems.append(f"{name}: entry {i} is not a mapping")
    return out


def _parse_states(
    language: str, items: list[dict[str, Any]], problems: list[str]
) -> list[StateRecord]:
    out: list[StateRecord] = []
    seen: set[str] = set()
    for item in items:
        code = str(item.get("code") or "").strip()
        name = str(item.get("name") or "").strip()
        if not re.fullmatch(r"[A-Z]{3}", code) or not name:
            problems.append(f"states.yaml: bad entry {item!r}")
            continue
        if code in seen:
            problems.append(f"states.yaml: duplicate code {code}")
            continue
        seen.add(code)
        adjectives = _strs(item.get("adj"))
        if language == "de":
            adj_forms = _unique(f for stem in adjectives for f in german_adjective_forms(stem))
            demonyms = _unique(
                f for base in _strs(item.get("demonyms")) for f in german_demonym_forms(base)
            )
        else:
            adj_forms = _unique(adjectives)
            demonyms = _unique(
                f for base in _strs(item.get("demonyms")) for f in english_demonym_forms(base)
            )
        seats: list[Seat] = []
        for seat in item.get("seats") or []:
            if isinstance(seat, dict):
                sector = str(seat.get("sector") or "GOV")
                if sector not in SECTORS:
                    problems.append(f"states.yaml: {code} seat {seat!r} has unknown sector")
                seats.append(Seat(str(seat["name"]), sector, bool(seat.get("compound", False))))
            else:
                seats.append(Seat(str(seat)))
        status = str(item.get("status") or "member")
        if status not in ("member", "observer", "disputed", "territory"):
            problems.append(f"states.yaml: {code} has unknown status {status!r}")
        out.append(
            StateRecord(
                code=code,
                name=name,
                official=item.get("official"),
                aliases=tuple(_strs(item.get("aliases"))),
                adjectives=tuple(adjectives),
                adjective_forms=tuple(adj_forms),
                demonyms=tuple(demonyms),
                capitals=tuple(_strs(item.get("capitals"))),
                seats=tuple(seats),
                status=status,
                cities=tuple(_strs(item.get("cities"))),
            )
        )
    return out


def _parse_orgs(items: list[dict[str, Any]], problems: list[str]) -> list[OrganisationRecord]:
    out: list[OrganisationRecord] = []
    seen: set[str] = set()
    for item in items:
        key = str(item.get("key") or "").strip()
        name = str(item.get("name") or "").strip()
        kind = str(item.get("kind") or "organisation")
        if not key or not name:
            problems.append(f"organisations.yaml: bad entry {item!r}")
            continue
        if key in seen:
            problems.append(f"organisations.yaml: duplicate key {key}")
            continue
        seen.add(key)
        if kind not in ("organisation", "group"):
            problems.append(f"organisations.yaml: {key} has unknown kind {kind!r}")
        sector = item.get("sector")
        if sector is not None and sector not in SECTORS:
            problems.append(f"organisations.yaml: {key} has unknown sector {sector!r}")
        code = item.get("code")
        out.append(
            OrganisationRecord(
                key=key,
                code=str(code) if code is not None else None,
                kind=kind,
                name=name,
                sector=sector,
                official=item.get("official"),
                aliases=tuple(_strs(item.get("aliases"))),
                members=tuple(_strs(item.get("members"))),
                seats=tuple(_seat(s) for s in item.get("seats") or []),
            )
        )
    return out


def _seat(item: Any) -> tuple[str, str | None]:
    if isinstance(item, dict):
        state = item.get("state")
        return str(item.get("name")), str(state) if state else None
    return str(item), None


def _parse_offices(data: dict[str, Any], problems: list[str]) -> dict[str, Office]:
    out: dict[str, Office] = {}
    for key, spec in data.items():
        spec = spec or {}
        sector = spec.get("sector")
        if sector is not None and sector not in SECTORS:
            problems.append(f"institutions.yaml: office {key} has unknown sector {sector!r}")
        out[str(key)] = Office(
            key=str(key),
            title=spec.get("title"),
            sector=sector,
            by_state={str(k): str(v) for k, v in (spec.get("by_state") or {}).items()},
            unique=bool(spec.get("unique", True)),
        )
    if "person" not in out:
        out["person"] = Office("person", None, None, unique=False)
    return out


def _apply_not_in(
    offices: dict[str, Office], section: Any, problems: list[str]
) -> dict[str, Office]:
    """The ``not_in`` section of institutions.yaml: office key -> {code: periods}."""
    if not isinstance(section, dict):
        problems.append("institutions.yaml: not_in must map office keys to {code: periods}")
        return offices
    out = dict(offices)
    for key, data in section.items():
        office = out.get(str(key))
        if office is None:
            problems.append(f"institutions.yaml: not_in names unknown office {key!r}")
            continue
        out[office.key] = dataclasses.replace(
            office, not_in=_parse_not_in(office.key, data or {}, problems)
        )
    return out


def _parse_not_in(
    office: str, data: Any, problems: list[str]
) -> dict[str, tuple[tuple[dt.date | None, dt.date | None], ...]]:
    """``{USA: null, TUR: 2018-07-10, KEN: [[null, 2008-04-16], [2013-04-10, null]]}``:
    null = the office does not exist there at all, a date = not since that day, a list
    = the periods without the office (null ends are open)."""
    if not isinstance(data, dict):
        problems.append(f"institutions.yaml: office {office}: not_in must be a mapping")
        return {}

    def day(value: Any, *, end: bool = False) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        return parse_date(str(value), end=end)

    out: dict[str, tuple[tuple[dt.date | None, dt.date | None], ...]] = {}
    for code, spec in data.items():
        try:
            if isinstance(spec, list):
                periods = []
                for item in spec:
                    if not isinstance(item, list) or len(item) != 2:
                        raise ValueError(f"expected [from, until] pairs, got {item!r}")
                    periods.append((day(item[0]), day(item[1], end=True)))
                out[str(code)] = tuple(periods)
            else:
                out[str(code)] = ((day(spec), None),)
        except ValueError as exc:
            problems.append(f"institutions.yaml: office {office}: not_in {code}: {exc}")
    return out


def _parse_institutions(
    language: str, doc: dict[str, Any], problems: list[str]
) -> list[InstitutionRecord]:
    out: list[InstitutionRecord] = []
    for section, kind in (("institutions", "institution"), ("roles", "role")):
        for i, item in enumerate(doc.get(section) or []):
            forms = tuple(_strs(item.get("forms")))
            if not forms:
                problems.append(f"institutions.yaml: {section}[{i}] has no forms")
                continue
            sector = item.get("sector")
            if sector is not None and sector not in SECTORS:
                problems.append(f"institutions.yaml: {section}[{i}] has unknown sector {sector!r}")
            if kind == "institution" and sector is None:
                problems.append(f"institutions.yaml: {section}[{i}] ({forms[0]}) has no sector")
            out.append(
                InstitutionRecord(
                    key=f"{'inst' if kind == 'institution' else 'role'}:{forms[0]}",
                    kind=kind,
                    forms=forms,
                    sector=sector,
                    code=item.get("code"),
                    name=item.get("name"),
                    role=item.get("role"),
                    offices=tuple(_strs(item.get("offices"))),
                    compound=bool(item.get("compound", False)),
                    states=tuple(_strs(item.get("states"))),
                )
            )
    return out


_TSV_COLUMNS = ("key", "name", "code", "role", "start", "end", "short", "variants", "title", "note")


def _slack(text: str) -> int:
    parts = text.strip().split("-") if text.strip() else []
    return {1: 366, 2: 31}.get(len(parts), 0)


def _split_list(text: str) -> list[str]:
    return [t.strip() for t in text.split("|") if t.strip()]


def _parse_persons(text: str, problems: list[str]) -> list[Person]:
    rows: dict[str, list[tuple[int, dict[str, str]]]] = {}
    order: list[str] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "key":
            continue
        if len(cells) > len(_TSV_COLUMNS):
            problems.append(f"office_holders.tsv line {lineno}: too many columns")
            continue
        row = dict(
            zip(
                _TSV_COLUMNS,
                [c.strip() for c in cells] + [""] * (len(_TSV_COLUMNS) - len(cells)),
                strict=True,
            )
        )
        if not row["key"]:
            problems.append(f"office_holders.tsv line {lineno}: empty key")
            continue
        if row["key"] not in rows:
            order.append(row["key"])
        rows.setdefault(row["key"], []).append((lineno, row))
    persons: list[Person] = []
    for key in order:
        items = rows[key]
        first_line, first = items[0]
        name = first["name"]
        if not name:
            problems.append(f"office_holders.tsv line {first_line}: first row of {key} has no name")
            continue
        for lineno, row in items[1:]:
            for col in ("name", "short", "variants"):
                if row[col] and row[col] != first[col]:
                    problems.append(
                        f"office_holders.tsv line {lineno}: {col} of {key} differs from "
                        f"line {first_line}"
                    )
        variants = _split_list(first["variants"])
        names = tuple(_unique([name, *variants]))
        short_spec = first["short"]
        strong: list[str] = []
        weak: list[str] = []
        if short_spec == "-":
            pass
        elif short_spec:
            for s in _split_list(short_spec):
                (weak if s.startswith("~") else strong).append(s.lstrip("~"))
        else:
            strong = _unique(n.split()[-1] for n in names if len(n.split()) > 1)
        strong = [s for s in strong if s not in names]
        weak = [s for s in weak if s not in names and s not in strong]
        terms: list[Term] = []
        for lineno, row in items:
            try:
                start = parse_date(row["start"])
                end = parse_date(row["end"], end=True)
            except ValueError as exc:
                problems.append(f"office_holders.tsv line {lineno}: {exc}")
                continue
            terms.append(
                Term(
                    code=row["code"] or None,
                    role=row["role"] or "person",
                    start=start,
                    end=end,
                    title=row["title"] or None,
                    note=row["note"],
                    line=lineno,
                    start_slack=_slack(row["start"]),
                    end_slack=_slack(row["end"]),
                )
            )
        persons.append(
            Person(key, name, names, tuple(_unique(strong)), tuple(_unique(weak)), tuple(terms))
        )
    return persons


# --------------------------------------------------------------------------- person dates


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _office_terms(person: Person) -> Iterator[Term]:
    return (t for t in person.terms if t.role != "person")


def _current_term(person: Person, day: dt.date | None) -> Term | None:
    """The term in force on ``day`` (most important office first); None if none.

    Without a day, the latest office term counts as current."""
    if day is None:
        terms = sorted(_office_terms(person), key=lambda t: t.start or dt.date.min)
        if terms:
            return terms[-1]
        return next((t for t in person.terms if t.role == "person"), None)
    covering = [t for t in person.terms if t.covers(day)]
    if not covering:
        return None
    covering.sort(
        key=lambda t: (
            t.role == "person",
            _OFFICE_RANK.get(t.role, 9),
            -(t.start or dt.date.min).toordinal(),
        )
    )
    return covering[0]


def _distance(term: Term, day: dt.date) -> int:
    if term.covers(day):
        return 0
    if term.start is not None and day < term.start:
        return (term.start - day).days
    if term.end is not None:
        return (day - term.end).days
    return 0


def _person_score(
    person: Person, day: dt.date | None, prefer_code: str | None
) -> tuple[int, int, int]:
    """Lower is better: (not in office, distance in days, office rank)."""
    offices = list(_office_terms(person))
    code_penalty = 0
    if prefer_code is not None and all(t.code != prefer_code for t in person.terms):
        code_penalty = 1
    if day is None:
        latest = max((t.start or dt.date.min for t in offices), default=dt.date.min)
        return (code_penalty, -latest.toordinal(), 0)
    covering = [t for t in offices if t.covers(day)]
    if covering:
        rank = min(_OFFICE_RANK.get(t.role, 9) for t in covering)
        return (code_penalty, 0, rank)
    fixed = [t for t in person.terms if t.role == "person" and t.covers(day)]
    if fixed:
        return (code_penalty, 1, 9)
    dist = min((_distance(t, day) for t in person.terms), default=10**6)
    return (code_penalty, 1 + dist, 9)


def _fallback_code(person: Person, day: dt.date | None) -> str | None:
    """Code of a person out of office: their fixed code, else the nearest term's code."""
    fixed = [t for t in person.terms if t.role == "person" and t.code]
    if fixed:
        return fixed[0].code
    if not person.terms:
        return None
    if day is None:
        return person.terms[-1].code
    before = [t for t in person.terms if t.end is not None and t.end < day]
    if before:
        return max(before, key=lambda t: t.end or dt.date.min).code
    return min(person.terms, key=lambda t: _distance(t, day)).code
