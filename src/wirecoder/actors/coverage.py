"""How completely the dated office holders cover each state (``wirecoder actors coverage``).

For every state with office holders, and for each core office group -- head of state,
head of government, foreign minister, defence minister -- the share of days between
``since`` and ``until`` on which somebody holds the office, and the gaps.  A state is
*complete* when every group reaches ``threshold``; a head-of-government group with no
days that the ``not_in`` map of an office in institutions.yaml excludes (presidential
systems have no head of government; Turkey abolished its prime minister in 2018) do not
count; a group whose whole period is excluded is "not applicable".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from wirecoder.extract.knowledge import KnowledgeBase, Term

__all__ = [
    "OFFICE_GROUPS",
    "GroupCoverage",
    "StateCoverage",
    "coverage_to_dict",
    "office_coverage",
]

# Office keys (institutions.yaml `offices`) counted for each group.
OFFICE_GROUPS: dict[str, tuple[str, ...]] = {
    "head_of_state": ("president", "monarch", "supreme_leader", "governor_general"),
    "head_of_government": ("head_of_government",),
    "foreign_minister": ("foreign_minister",),
    "defence_minister": ("defence_minister",),
}


@dataclass(frozen=True)
class GroupCoverage:
    group: str
    share: float | None  # None: the office does not exist there in the whole period
    gaps: tuple[tuple[dt.date, dt.date], ...] = ()

    def applicable(self) -> bool:
        return self.share is not None


@dataclass
class StateCoverage:
    code: str
    name: str
    groups: dict[str, GroupCoverage] = field(default_factory=dict)

    def complete(self, threshold: float) -> bool:
        return all(g.share is None or g.share >= threshold for g in self.groups.values())


def _merge(spans: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    spans.sort()
    out: list[tuple[dt.date, dt.date]] = []
    for start, end in spans:
        if out and start <= out[-1][1] + dt.timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _clip(
    spans: list[tuple[dt.date, dt.date]], since: dt.date, until: dt.date
) -> list[tuple[dt.date, dt.date]]:
    out = [(max(s, since), min(e, until)) for s, e in spans]
    return _merge([(s, e) for s, e in out if s <= e])


def _subtract(
    spans: list[tuple[dt.date, dt.date]], holes: list[tuple[dt.date, dt.date]]
) -> list[tuple[dt.date, dt.date]]:
    out: list[tuple[dt.date, dt.date]] = []
    for s, e in spans:
        pieces = [(s, e)]
        for hs, he in holes:
            nxt = []
            for ps, pe in pieces:
                if he < ps or hs > pe:
                    nxt.append((ps, pe))
                    continue
                if ps < hs:
                    nxt.append((ps, hs - dt.timedelta(days=1)))
                if he < pe:
                    nxt.append((he + dt.timedelta(days=1), pe))
            pieces = nxt
        out.extend(pieces)
    return out


def _days(spans: list[tuple[dt.date, dt.date]]) -> int:
    return sum((e - s).days + 1 for s, e in spans)


def _group_coverage(
    group: str,
    terms: list[Term],
    excluded: list[tuple[dt.date, dt.date]],
    since: dt.date,
    until: dt.date,
    min_gap_days: int,
) -> GroupCoverage:
    required = _subtract([(since, until)], _clip(excluded, since, until))
    if not required:
        return GroupCoverage(group, None)
    spans: list[tuple[dt.date, dt.date]] = []
    for term in terms:
        # Imprecise dates already read generously (start "2004" = 2004-01-01, end "2004"
        # = 2004-12-31), so a row given by year leaves no artificial gap.
        spans.append((term.start or dt.date.min, term.end or dt.date.max))
    held = _clip(spans, since, until)
    missing = _subtract(required, held)
    share = 1 - _days(missing) / _days(required)
    gaps = tuple((s, e) for s, e in missing if (e - s).days + 1 >= min_gap_days)
    return GroupCoverage(group, share, gaps)


def office_coverage(
    kb: KnowledgeBase,
    since: dt.date = dt.date(2000, 1, 1),
    until: dt.date | None = None,
    codes: set[str] | None = None,
    min_gap_days: int = 14,
) -> list[StateCoverage]:
    """Coverage of the core offices for every state that has at least one office holder
    (or for ``codes``), most complete first.  Gaps shorter than ``min_gap_days`` (a
    handover, a caretaker fortnight) are not listed but still lower the share."""
    until = until or dt.date.today()
    states = {st.code: st for st in kb.states()}
    by_code: dict[str, dict[str, list[Term]]] = {}
    role_group = {role: g for g, roles in OFFICE_GROUPS.items() for role in roles}
    for person in kb.persons():
        for term in person.terms:
            if term.code not in states:
                continue
            if codes is not None and term.code not in codes:
                continue
            groups = by_code.setdefault(term.code, {g: [] for g in OFFICE_GROUPS})
            group = role_group.get(term.role)
            if group is not None:
                groups[group].append(term)
    for code in codes or ():
        if code in states:
            by_code.setdefault(code, {g: [] for g in OFFICE_GROUPS})
    out = []
    for code, groups in by_code.items():
        sc = StateCoverage(code, states[code].name)
        for group, terms in groups.items():
            excluded = [
                (s or dt.date.min, e or dt.date.max)
                for role in OFFICE_GROUPS[group]
                if role in kb.offices
                for s, e in kb.offices[role].not_in.get(code, ())
            ]
            sc.groups[group] = _group_coverage(group, terms, excluded, since, until, min_gap_days)
        out.append(sc)

    def rank(sc: StateCoverage) -> tuple[float, str]:
        shares = [1.0 if g.share is None else g.share for g in sc.groups.values()]
        return (-sum(shares) / len(shares), sc.code)

    out.sort(key=rank)
    return out


def coverage_to_dict(
    report: list[StateCoverage], since: dt.date, until: dt.date, threshold: float
) -> dict[str, object]:
    """The report as JSON-ready data (``wirecoder actors coverage --json``, the API)."""
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "threshold": threshold,
        "complete": sum(sc.complete(threshold) for sc in report),
        "states": [
            {
                "code": sc.code,
                "name": sc.name,
                "complete": sc.complete(threshold),
                "groups": {
                    g: {
                        "share": c.share,
                        "gaps": [[a.isoformat(), b.isoformat()] for a, b in c.gaps],
                    }
                    for g, c in sc.groups.items()
                },
            }
            for sc in report
        ],
    }
