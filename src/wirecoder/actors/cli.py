"""``wirecoder actors``: ask the actor knowledge base who is who (mounted by wirecoder.cli).

    wirecoder actors lookup Merz --date 2026-01-06
    wirecoder actors lookup UKR --date 2026-01-06        # the state and its office holders
    wirecoder actors list --kind persons --code FRA --date 2026-01-06
    wirecoder actors check                                 # exit 1 on any problem
    wirecoder actors coverage --min-states 60              # office holders 2000..today

Exit codes as for ``wirecoder``: 0 success, 1 nothing found / problems found, 2 usage
errors (bad option values, bad dates).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from wirecoder.actors.coverage import (
    OFFICE_GROUPS,
    StateCoverage,
    coverage_to_dict,
    office_coverage,
)
from wirecoder.actors.query import KINDS, Hit, check_all, list_rows, lookup
from wirecoder.extract.knowledge import LANGUAGES, KnowledgeBase, parse_date

actors_app = typer.Typer(
    name="actors",
    help="The actor knowledge base: look up names and codes, list entries, check the data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


class Lang(StrEnum):
    de = "de"
    en = "en"


class Kind(StrEnum):
    states = "states"
    organisations = "organisations"
    persons = "persons"
    institutions = "institutions"


assert tuple(k.value for k in Kind) == KINDS

LangOption = Annotated[Lang, typer.Option("--lang", help="Language of the knowledge base.")]
DateOption = Annotated[
    str,
    typer.Option("--date", help="Date to resolve office holders at (YYYY-MM-DD, YYYY-MM, YYYY)."),
]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    return typer.Exit(code)


def _hit_row(h: Hit) -> list[str]:
    term = ""
    if h.start or h.end:
        term = f"{h.start or '?'} – {h.end or 'open'}"
    if h.kind == "person" and h.in_office is False:
        term = "not in office"
    return [h.kind, h.name, h.code or "–", h.sector or "", h.role or "", h.via, term]


@actors_app.command("lookup")
def lookup_cmd(
    name: Annotated[str, typer.Argument(help="A name, surface form or actor code (UKR, NATO).")],
    date: DateOption = "",
    lang: LangOption = Lang.de,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """What NAME resolves to on a date: person (office, code), state, organisation;
    for a code, also everyone in office for it on that date."""
    kb = KnowledgeBase.load(lang.value)
    try:
        res = lookup(name, kb, date or None)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    if as_json:
        sys.stdout.write(json.dumps(res.to_dict(), ensure_ascii=False, indent=1) + "\n")
        if not res.found:
            raise typer.Exit(1)
        return
    if not res.found:
        raise _fail(f"{name!r} is not in the {lang.value} knowledge base", 1)
    when = f" on {res.date}" if res.date else " (no date: latest terms)"
    table = Table(title=f"{name}{when}")
    for col in ("kind", "name", "code", "sector", "role / office", "via", "term"):
        table.add_column(col)
    for h in res.hits:
        table.add_row(*(escape(c) for c in _hit_row(h)))
    out.print(table)
    if res.holders:
        held = Table(title=f"in office{when}")
        for col in ("name", "code", "office", "sector", "since", "until"):
            held.add_column(col)
        for h in res.holders:
            held.add_row(
                *(
                    escape(c)
                    for c in (h.name, h.code or "", h.role or "", h.sector or "", h.start or "")
                ),
                escape(h.end or "open"),
            )
        out.print(held)


@actors_app.command("list")
def list_cmd(
    kind: Annotated[Kind, typer.Option("--kind", help="Which section to list.")] = Kind.states,
    code: Annotated[str, typer.Option("--code", help="Only entries with this actor code.")] = "",
    lang: LangOption = Lang.de,
    date: DateOption = "",
) -> None:
    """A table of states, organisations, persons (one row per term) or institution and
    role nouns, optionally for one actor code (and, for persons, one date)."""
    kb = KnowledgeBase.load(lang.value)
    try:
        cols, rows = list_rows(kb, kind.value, code or None, date or None)
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    table = Table(title=f"{kind.value} ({lang.value}): {len(rows)}")
    for col in cols:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(escape(c) for c in row))
    out.print(table)
    if not rows:
        raise typer.Exit(1)


@actors_app.command("check")
def check_cmd(
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help="Check one language (default: all, and that they agree)."),
    ] = None,
) -> None:
    """Duplicate and conflicting entries in the data files; exit 1 if there are any."""
    languages = (lang.value,) if lang is not None else LANGUAGES
    problems = check_all(languages)
    for line in problems:
        out.print(escape(line), soft_wrap=True)
    if problems:
        err.print(f"{len(problems)} problem(s) in {', '.join(languages)}")
        raise typer.Exit(1)
    out.print(f"no problems in {', '.join(languages)}")


_GROUP_HEADERS = {
    "head_of_state": "head of state",
    "head_of_government": "head of gov.",
    "foreign_minister": "foreign min.",
    "defence_minister": "defence min.",
}


@actors_app.command("coverage")
def coverage_cmd(
    since: Annotated[str, typer.Option("--since", help="First day (YYYY-MM-DD).")] = "2000-01-01",
    until: Annotated[str, typer.Option("--until", help="Last day (default: today).")] = "",
    threshold: Annotated[
        float, typer.Option("--threshold", help="Share of days a group must cover.", min=0, max=1)
    ] = 0.95,
    code: Annotated[
        list[str] | None, typer.Option("--code", help="Only these state codes (repeatable).")
    ] = None,
    gaps: Annotated[bool, typer.Option("--gaps", help="List the gaps of 14 days or more.")] = False,
    min_states: Annotated[
        int,
        typer.Option("--min-states", help="Exit 1 unless at least this many states are complete."),
    ] = 0,
    lang: LangOption = Lang.en,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print a Markdown table (for docs/).")
    ] = False,
) -> None:
    """How completely heads of state and government, foreign and defence ministers are
    listed for each state between two dates; a state is complete when every office
    reaches the threshold (periods where an office does not exist are skipped)."""
    kb = KnowledgeBase.load(lang.value)
    try:
        first = parse_date(since)
        last = parse_date(until, end=True) if until else dt.date.today()
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    if first is None or last is None or last < first:
        raise _fail("--since must be a date on or before --until")
    wanted = {c.upper() for c in code} if code else None
    report = office_coverage(kb, since=first, until=last, codes=wanted)
    complete = [sc for sc in report if sc.complete(threshold)]
    if as_json:
        doc = coverage_to_dict(report, first, last, threshold)
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    elif markdown:
        sys.stdout.write(_coverage_markdown(report, first, last, threshold))
    else:
        table = Table(title=f"office holders {first} .. {last} ({lang.value})")
        for col in ("code", "state", *(_GROUP_HEADERS[g] for g in OFFICE_GROUPS), "complete"):
            table.add_column(col)
        for sc in report:
            cells = [
                "n/a" if c.share is None else f"{100 * c.share:.0f}%" for c in sc.groups.values()
            ]
            table.add_row(
                sc.code, escape(sc.name), *cells, "yes" if sc.complete(threshold) else "no"
            )
        out.print(table)
        if gaps:
            for sc in report:
                for g, c in sc.groups.items():
                    for s, e in c.gaps:
                        out.print(f"{sc.code} {_GROUP_HEADERS[g]}: gap {s} .. {e}")
        out.print(f"{len(complete)} of {len(report)} states complete at {threshold:.0%}")
    if len(complete) < min_states:
        err.print(f"only {len(complete)} states complete, {min_states} required")
        raise typer.Exit(1)


def _coverage_markdown(
    report: list[StateCoverage], first: dt.date, last: dt.date, threshold: float
) -> str:
    complete = sum(sc.complete(threshold) for sc in report)
    head = [_GROUP_HEADERS[g] for g in OFFICE_GROUPS]
    lines = [
        "# Office-holder coverage",
        "",
        f"Office holders from {first} to {last}: share of days on which the office has a",
        "listed holder (n/a: the office does not exist there, see `not_in` in",
        "institutions.yaml). Generated by `wirecoder actors coverage --markdown`.",
        "",
        f"**{complete} of {len(report)} states complete** (every office at least "
        f"{threshold:.0%} of days).",
        "",
        "| code | state | " + " | ".join(head) + " | complete |",
        "|---|---|" + "---|" * len(head) + "---|",
    ]
    for sc in report:
        cells = ["n/a" if c.share is None else f"{100 * c.share:.1f}%" for c in sc.groups.values()]
        done = "yes" if sc.complete(threshold) else "no"
        lines.append(f"| {sc.code} | {sc.name} | " + " | ".join(cells) + f" | {done} |")
    return "\n".join(lines) + "\n"
