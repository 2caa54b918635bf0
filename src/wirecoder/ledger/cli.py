"""``wirecoder ledger``: commitment threads across articles (mounted by wirecoder.cli).

Read commands (list, show, export) first rebuild the ledger when stored documents
changed since the last build. Exit codes as for ``wirecoder``: 0 success, 1 nothing
found or a correction failed, 2 usage errors.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .build import LedgerConfig
from .export import (
    CHANGE_COLUMNS,
    THREAD_COLUMNS,
    change_rows,
    thread_row,
    write_changes_parquet,
    write_csv,
    write_jsonl,
)
from .model import parse_date
from .storage import LedgerError, LedgerStore, RebuildSummary

if TYPE_CHECKING:
    from .model import Thread

ledger_app = typer.Typer(
    name="ledger",
    help="Commitments followed across articles: threads of (givers, recipient, what).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DEFAULT_DB = "wirecoder.db"
DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="WIRECODER_DB",
        help="Database: a SQLite file path or URL, or postgresql://user@host/db.",
    ),
]


class What(StrEnum):
    troops = "troops"
    security_guarantee = "security_guarantee"
    military_aid = "military_aid"
    financial_aid = "financial_aid"
    humanitarian_aid = "humanitarian_aid"
    sanctions = "sanctions"
    diplomatic = "diplomatic"
    other = "other"


class ListFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"


@contextmanager
def _ledger(db: str, refresh: bool = True) -> Iterator[LedgerStore]:
    from wirecoder.store import Store, StoreError

    try:
        store = Store.open(db)
    except StoreError as exc:
        err.print(f"[red]error:[/red] cannot open database {db!r}: {exc}")
        raise typer.Exit(2) from exc
    try:
        ledger = LedgerStore(store)
        if refresh:
            summary = ledger.ensure_current()
            if summary is not None:
                err.print(
                    f"ledger rebuilt: {summary.threads} thread(s) from "
                    f"{summary.documents} document(s)"
                )
                _report_failed(summary)
        yield ledger
    finally:
        store.close()


def _report_failed(summary: RebuildSummary) -> None:
    for line in summary.corrections_failed:
        err.print(f"[yellow]warning:[/yellow] {escape(line)} (not applied)")


def _date_option(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if parse_date(value) is None or len(value) != 10:
        err.print(f"[red]error:[/red] {name} must be a date YYYY-MM-DD, not {value!r}")
        raise typer.Exit(2)
    return value


def _amount(value: float | None, unit: str | None) -> str:
    if value is None:
        return ""
    number = f"{value:,.0f}" if value == int(value) else f"{value:,}"
    return f"{number} {unit or ''}".strip()


def _arrow(thread: Thread) -> str:
    recipient = ", ".join(thread.recipient) or "?"
    return f"{', '.join(thread.givers)} → {recipient}"


GiverOption = Annotated[str | None, typer.Option("--giver", help="Giver code, e.g. NOR.")]
RecipientOption = Annotated[
    str | None, typer.Option("--recipient", help="Recipient code, e.g. UKR.")
]
WhatOption = Annotated[What | None, typer.Option("--what", help="What is committed.")]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="Threads with an entry on or after this date.")
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", help="Threads as they stood on this date (later entries left out)."),
]
ListFormatOption = Annotated[ListFormat, typer.Option("--format", "-f")]
DetailsOption = Annotated[
    bool, typer.Option("--details", help="jsonl: add units, per-entry amounts and reasons.")
]


@ledger_app.callback(invoke_without_command=True)
def ledger_main(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB,
    giver: GiverOption = None,
    recipient: RecipientOption = None,
    what: WhatOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: ListFormatOption = ListFormat.table,
    details: DetailsOption = False,
) -> None:
    """Commitments followed across articles: threads of (givers, recipient, what).

    With options and no command it lists threads, so ``wirecoder ledger --format jsonl``
    prints one SPEC ledger line per thread.
    """
    if ctx.invoked_subcommand is None:
        list_threads(db, giver, recipient, what, since, until, format, details)
        return
    source = ctx.get_parameter_source
    typed = [name for name in ctx.params if getattr(source(name), "name", "") == "COMMANDLINE"]
    if typed:
        err.print(
            f"[red]error:[/red] put options after the command: "
            f"wirecoder ledger {ctx.invoked_subcommand} --{typed[0].replace('_', '-')} ..."
        )
        raise typer.Exit(2)


@ledger_app.command("list")
def list_threads(
    db: DbOption = DEFAULT_DB,
    giver: GiverOption = None,
    recipient: RecipientOption = None,
    what: WhatOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: ListFormatOption = ListFormat.table,
    details: DetailsOption = False,
) -> None:
    """Threads with their current stage (jsonl: one SPEC ledger line per thread)."""
    since = _date_option(since, "--since")
    until = _date_option(until, "--until")
    with _ledger(db) as ledger:
        threads = ledger.threads(
            giver=giver,
            recipient=recipient,
            what=what.value if what else None,
            since=since,
            until=until,
        )
    if format is ListFormat.jsonl:
        write_jsonl(threads, sys.stdout, details=details)
        return
    if format is ListFormat.csv:
        write_csv((thread_row(t) for t in threads), sys.stdout, THREAD_COLUMNS)
        return
    table = Table(title=f"{len(threads)} thread(s)")
    for col in ("id", "givers → recipient", "what", "stage", "amount", "last", "n", "flags"):
        table.add_column(col)
    for thread in threads:
        st = thread.state
        table.add_row(
            escape(thread.id),
            escape(_arrow(thread)),
            st.what,
            st.stage,
            _amount(st.amount, st.unit),
            st.last_date or "",
            str(len(thread.entries)),
            str(len(st.flags)) if st.flags else "",
        )
    out.print(table)


@ledger_app.command("show")
def show(
    thread_id: Annotated[str, typer.Argument(metavar="THREAD_ID", help="Thread id, e.g. t1.")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.table,
) -> None:
    """One thread's history: date, stage, article and evidence sentence of each entry."""
    with _ledger(db) as ledger:
        thread = ledger.thread(thread_id)
        if thread is None:
            err.print(f"[red]error:[/red] no thread {thread_id!r}")
            raise typer.Exit(1)
        corrections = [c for c in ledger.corrections() if c.id in thread.corrections]
        restated = [d for d in ledger.decisions(thread_id) if d["action"] == "restated"]
    if format is ShowFormat.json:
        sys.stdout.write(json.dumps(thread.to_json(details=True), ensure_ascii=False) + "\n")
        return
    st = thread.state
    out.print(
        f"[bold]{escape(thread.id)}[/bold]  {escape(_arrow(thread))}  {st.what}  "
        f"stage [bold]{st.stage}[/bold]",
        highlight=False,
    )
    if st.amount is not None:
        out.print(f"amount: {_amount(st.amount, st.unit)}")
    if st.condition:
        out.print(f"condition: {escape(st.condition)}", highlight=False)
    if st.text:
        out.print(f"text: {escape(st.text)}", highlight=False)
    for flag in st.flags:
        out.print(f"[yellow]flag:[/yellow] {escape(flag)}", highlight=False)
    out.print(f"history ({len(thread.entries)} entries):")
    for n, entry in enumerate(thread.entries, start=1):
        extra = "  [dim](historical)[/dim]" if entry.historical else ""
        amount = f"  {_amount(entry.amount, entry.unit)}" if entry.amount is not None else ""
        out.print(
            f"{n}. {entry.date or '(undated)'}  [bold]{entry.stage}[/bold]{amount}  "
            f"article {escape(entry.article_id)}  event {escape(entry.event_id or '-')}{extra}",
            highlight=False,
        )
        out.print(f"   “{escape(entry.evidence)}”", highlight=False)
        if entry.reason:
            out.print(f"   [dim]{escape(entry.reason)}[/dim]", highlight=False)
    for item in restated:
        out.print(
            f"also reported (no new entry): {item['date']} article {escape(item['article_id'])}: "
            f"{escape(item['reason'])}",
            highlight=False,
        )
    for corr in corrections:
        note = f" ({corr.note})" if corr.note else ""
        out.print(f"correction {corr.id}: {escape(corr.describe() + note)}", highlight=False)


@ledger_app.command("export")
def export(
    db: DbOption = DEFAULT_DB,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.csv,
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (CSV: stdout if omitted).")
    ] = None,
    changes_only: Annotated[
        bool,
        typer.Option("--changes-only", help="Only entries that changed the thread's stage."),
    ] = False,
) -> None:
    """One row per stage change (each history entry) of every thread, as CSV or Parquet."""
    if format is ExportFormat.parquet and output is None:
        err.print("[red]error:[/red] parquet needs --out FILE")
        raise typer.Exit(2)
    with _ledger(db) as ledger:
        threads = ledger.threads()
    rows = change_rows(threads, changes_only=changes_only)
    columns = [name for name, _kind in CHANGE_COLUMNS]
    if format is ExportFormat.parquet:
        assert output is not None
        count = write_changes_parquet(rows, output)
    elif output is None:
        count = write_csv(rows, sys.stdout, columns)
    else:
        with output.open("w", encoding="utf-8", newline="") as handle:
            count = write_csv(rows, handle, columns)
    err.print(f"exported {count} stage change row(s) of {len(threads)} thread(s)")


@ledger_app.command("merge")
def merge(
    target: Annotated[str, typer.Argument(metavar="T1", help="Thread that stays.")],
    source: Annotated[str, typer.Argument(metavar="T2", help="Thread merged into T1.")],
    db: DbOption = DEFAULT_DB,
    note: Annotated[str, typer.Option("--note", help="Why (kept with the correction).")] = "",
) -> None:
    """Merge thread T2 into T1. Stored as a correction, replayed after every rebuild."""
    with _ledger(db) as ledger:
        try:
            correction, summary = ledger.merge(target, source, note=note)
        except LedgerError as exc:
            err.print(f"[red]error:[/red] {exc.args[0]}")
            raise typer.Exit(1) from exc
    _report_correction(correction.id, correction.describe(), summary)


@ledger_app.command("split")
def split(
    thread_id: Annotated[str, typer.Argument(metavar="THREAD", help="Thread to split.")],
    entry: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE_ID/ENTRY",
            help="Article id (or unique prefix) or 1-based history entry number to move out.",
        ),
    ],
    db: DbOption = DEFAULT_DB,
    with_later: Annotated[
        bool, typer.Option("--with-later", help="Also move every later entry.")
    ] = False,
    note: Annotated[str, typer.Option("--note", help="Why (kept with the correction).")] = "",
) -> None:
    """Move an article's entry out of a thread into a new thread. Stored as a correction,
    replayed after every rebuild."""
    with _ledger(db) as ledger:
        try:
            correction, summary = ledger.split(thread_id, entry, with_later=with_later, note=note)
        except LedgerError as exc:
            err.print(f"[red]error:[/red] {exc.args[0]}")
            raise typer.Exit(1) from exc
    _report_correction(correction.id, correction.describe(), summary)


def _report_correction(cid: int, description: str, summary: RebuildSummary) -> None:
    failed = [line for line in summary.corrections_failed if line.startswith(f"correction {cid}:")]
    if failed:
        err.print(f"[red]error:[/red] {failed[0]}")
        raise typer.Exit(1)
    out.print(f"correction {cid}: {description}; {summary.threads} thread(s)")
    _report_failed(summary)


@ledger_app.command("corrections")
def corrections(
    db: DbOption = DEFAULT_DB,
    delete: Annotated[
        int | None, typer.Option("--delete", metavar="ID", help="Forget this correction.")
    ] = None,
) -> None:
    """List the stored corrections (merge, split) and whether they applied."""
    with _ledger(db, refresh=delete is None) as ledger:
        if delete is not None:
            try:
                summary = ledger.delete_correction(delete)
            except LedgerError as exc:
                err.print(f"[red]error:[/red] {exc.args[0]}")
                raise typer.Exit(1) from exc
            out.print(f"correction {delete} deleted; {summary.threads} thread(s)")
            return
        items = ledger.corrections()
        status = ledger.correction_status()
    table = Table(title=f"{len(items)} correction(s)")
    for col in ("id", "correction", "note", "made", "applied"):
        table.add_column(col)
    for corr in items:
        applied, message = status.get(corr.id, (None, None))
        state = "yes" if applied else ("no: " + (message or "") if applied is False else "")
        table.add_row(
            str(corr.id),
            escape(corr.describe()),
            escape(corr.note),
            corr.created_at or "",
            escape(state),
        )
    out.print(table)


@ledger_app.command("rebuild")
def rebuild(
    db: DbOption = DEFAULT_DB,
    window_days: Annotated[
        int | None,
        typer.Option(
            "--window-days",
            min=1,
            help="Longest gap (days) between entries of one thread [default: last used, 365].",
        ),
    ] = None,
) -> None:
    """Recompute all threads from the stored documents, then replay the corrections."""
    with _ledger(db, refresh=False) as ledger:
        config = LedgerConfig(window_days=window_days) if window_days else None
        summary = ledger.rebuild(config)
    table = Table(title="ledger rebuild", show_header=False)
    table.add_row("documents", str(summary.documents))
    table.add_row("commitments", str(summary.commitments))
    for action, count in sorted(summary.actions.items()):
        table.add_row(f"  {action}", str(count))
    table.add_row("threads", str(summary.threads))
    table.add_row("history entries", str(summary.entries))
    table.add_row("corrections applied", str(summary.corrections_applied))
    table.add_row("corrections not applied", str(len(summary.corrections_failed)))
    err.print(table)
    _report_failed(summary)
