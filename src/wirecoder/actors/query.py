"""Read-only questions to the actor knowledge base, for the ``wirecoder actors`` CLI.

* :func:`lookup` -- what a name, surface form or code resolves to on a date;
* :func:`holders_on` -- everyone holding an office for a code on a date;
* :func:`list_rows` -- table rows of states, organisations, persons or institutions;
* :func:`check_all` -- :meth:`KnowledgeBase.check` for each language plus entries
  that exist in one language only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from wirecoder.extract.knowledge import (
    LANGUAGES,
    KnowledgeBase,
    PersonRecord,
    parse_date,
)

__all__ = [
    "KINDS",
    "Hit",
    "Lookup",
    "check_all",
    "cross_language_problems",
    "holders_on",
    "list_rows",
    "lookup",
]

KINDS = ("states", "organisations", "persons", "institutions")
_CODE = re.compile(r"^[A-Z][A-Z0-9+\-]{1,7}$")


@dataclass(frozen=True)
class Hit:
    """One reading of a looked-up name."""

    kind: str  # state | organisation | group | person | place | institution | role
    name: str
    code: str | None
    key: str
    sector: str | None = None
    role: str | None = None  # office title held at the date (persons), role lemma (nouns)
    via: str = ""  # alias | adjective | demonym | capital | person | institution | code
    start: str | None = None
    end: str | None = None
    in_office: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Lookup:
    """Everything a name or code resolves to on ``date``."""

    query: str
    language: str
    date: str | None
    hits: list[Hit] = field(default_factory=list)
    holders: list[Hit] = field(default_factory=list)  # office holders of a code

    @property
    def found(self) -> bool:
        return bool(self.hits or self.holders)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "language": self.language,
            "date": self.date,
            "hits": [h.to_dict() for h in self.hits],
            "holders": [h.to_dict() for h in self.holders],
        }


def _check_date(date: str | None) -> dt.date | None:
    if not date:
        return None
    day = parse_date(date)
    if day is None:
        raise ValueError(f"bad date {date!r}")
    return day


def _person_hit(rec: PersonRecord, via: str = "person") -> Hit:
    return Hit(
        kind="person",
        name=rec.name,
        code=rec.code,
        key=rec.key,
        sector=rec.sector,
        role=rec.title,
        via=via,
        start=rec.start,
        end=rec.end,
        in_office=rec.in_office,
    )


def holders_on(kb: KnowledgeBase, code: str, date: str | dt.date | None) -> list[PersonRecord]:
    """Everyone holding an office (any office, shared ones included) for ``code`` on
    ``date``, most important office first; without a date, the open-ended terms."""
    day = date if isinstance(date, dt.date) else _check_date(date)
    out: list[PersonRecord] = []
    for person in kb.persons():
        for term in person.terms:
            if term.code != code or term.role == "person":
                continue
            current = term.covers(day) if day is not None else term.end is None
            if not current:
                continue
            out.append(
                PersonRecord(
                    person.kb_key,
                    person.name,
                    code,
                    term.role,
                    term.title or kb.office_title(term.role, code),
                    kb.office_sector(term.role, code),
                    term.start.isoformat() if term.start else None,
                    term.end.isoformat() if term.end else None,
                    True,
                )
            )
    order = list(kb.offices)
    out.sort(key=lambda r: (order.index(r.role) if r.role in order else 99, r.name))
    return out


def _code_hits(kb: KnowledgeBase, code: str) -> list[Hit]:
    hits: list[Hit] = []
    st = kb.state(code)
    if st is not None and st.code == code.upper():
        hits.append(Hit("state", st.name, st.code, st.key, via="code"))
    for org in kb.organisations():
        if org.code is not None and org.code.upper() == code.upper():
            hits.append(Hit(org.kind, org.name, org.code, org.kb_key, org.sector, via="code"))
    return hits


def lookup(
    name: str, kb: KnowledgeBase, date: str | None = None, *, holders: bool = True
) -> Lookup:
    """What ``name`` denotes on ``date``.

    ``name`` may be an actor code ("UKR", "NATO": the state or organisations with that
    code and, with ``holders``, everyone in office for it on the date), any surface
    form the matcher knows ("Kreml", "britische", "Amerikaner", "Merz", "Friedrich
    Merz", "Russlands") or an institution/role noun ("Regierung", "Kanzler").  Persons
    are resolved at the date (office, title and code that day)."""
    day = _check_date(date)
    iso = day.isoformat() if day else None
    res = Lookup(name, kb.language, iso)
    query = name.strip()
    if _CODE.match(query):
        res.hits.extend(_code_hits(kb, query))
        codes = {h.code for h in res.hits if h.code}
        if holders:
            for code in sorted(codes):
                res.holders.extend(_person_hit(r, "office") for r in holders_on(kb, code, day))
    seen = {h.key for h in res.hits}
    persons_done: set[str] = set()
    for entry in kb.entries(query):
        if entry.tag in ("institution", "role") or entry.bare:
            continue
        if entry.tag == "person":
            if entry.key in persons_done:
                continue
            persons_done.add(entry.key)
            rec = kb.resolve_person(entry.key, iso)
            res.hits.append(_person_hit(rec))
            continue
        if entry.key in seen:
            continue
        seen.add(entry.key)
        res.hits.append(
            Hit(entry.kind, entry.name, entry.code, entry.key, entry.sector, via=entry.via)
        )
    if persons_done:
        # several people share a surname: the one the matcher would pick comes first
        best = kb.choose_person(persons_done, iso)
        res.hits.sort(key=lambda h: h.kind != "person" or h.key != best)
    if not res.hits and not persons_done:
        # "friedrich merz", "Bundeskanzler Merz": the matcher's person look-up
        found = kb.lookup_person(query, iso) or kb.lookup_person(query.title(), iso)
        if found is not None:
            res.hits.append(_person_hit(found))
    inst = kb.institution(query) or kb.institution(query[:1].upper() + query[1:])
    if inst is not None and not inst.code:
        res.hits.append(
            Hit(
                inst.kind,
                inst.role or inst.forms[0],
                None,
                inst.key,
                inst.sector,
                role=", ".join(inst.offices) or None,
                via="noun",
            )
        )
    return res


# --------------------------------------------------------------------------- list


def list_rows(
    kb: KnowledgeBase, kind: str, code: str | None = None, date: str | None = None
) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of one section of the knowledge base.

    ``code`` keeps rows of that actor code only; ``date`` (persons) keeps terms
    that cover the date."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} (expected one of {KINDS})")
    want = code.upper() if code else None
    rows: list[list[str]] = []
    if kind == "states":
        cols = ["code", "name", "official", "capitals", "adjectives", "status"]
        for st in kb.states():
            if want and st.code != want:
                continue
            rows.append(
                [
                    st.code,
                    st.name,
                    st.official or "",
                    ", ".join(st.capitals),
                    ", ".join(st.adjectives),
                    st.status,
                ]
            )
    elif kind == "organisations":
        cols = ["key", "code", "kind", "sector", "name", "aliases"]
        for org in kb.organisations():
            if want and (org.code or "").upper() != want:
                continue
            rows.append(
                [
                    org.key,
                    org.code or "",
                    org.kind,
                    org.sector or "",
                    org.name,
                    ", ".join(_short(org.aliases)),
                ]
            )
    elif kind == "persons":
        cols = ["key", "name", "code", "office", "title", "start", "end"]
        day = _check_date(date)
        for person in kb.persons():
            for term in person.terms:
                if want and (term.code or "") != want:
                    continue
                if day is not None and not term.covers(day):
                    continue
                rows.append(
                    [
                        person.key,
                        person.name,
                        term.code or "",
                        term.role,
                        term.title or kb.office_title(term.role, term.code) or "",
                        term.start.isoformat() if term.start else "",
                        term.end.isoformat() if term.end else "",
                    ]
                )
    else:
        cols = ["key", "kind", "sector", "code", "offices", "forms"]
        for inst in kb.institutions():
            if want and (inst.code or "") != want:
                continue
            rows.append(
                [
                    inst.key,
                    inst.kind,
                    inst.sector or "",
                    inst.code or "",
                    ", ".join(inst.offices),
                    ", ".join(_short(inst.forms)),
                ]
            )
    return cols, rows


def _short(items: Iterable[str], n: int = 6) -> list[str]:
    items = list(items)
    return items[:n] + ([f"... (+{len(items) - n})"] if len(items) > n else [])


# --------------------------------------------------------------------------- check


def cross_language_problems(kbs: dict[str, KnowledgeBase]) -> list[str]:
    """Codes, organisation keys, offices and person keys present in one language only."""
    out: list[str] = []
    if len(kbs) < 2:
        return out
    langs = sorted(kbs)
    facets = {
        "state code": lambda kb: {s.code for s in kb.states()},
        "organisation key": lambda kb: {o.key for o in kb.organisations()},
        "office": lambda kb: set(kb.offices),
        "person key": lambda kb: {p.key for p in kb.persons()},
    }
    for label, get in facets.items():
        sets = {lang: get(kbs[lang]) for lang in langs}
        union = set().union(*sets.values())
        for lang in langs:
            for missing in sorted(union - sets[lang]):
                out.append(f"{lang}: {label} {missing!r} is missing (present in another language)")
    return out


def check_all(languages: Iterable[str] = LANGUAGES) -> list[str]:
    """All problems in the shipped data of ``languages`` (empty = clean)."""
    kbs = {lang: KnowledgeBase.load(lang) for lang in languages}
    problems: list[str] = []
    for kb in kbs.values():
        problems.extend(kb.check())
    problems.extend(cross_language_problems(kbs))
    return problems
