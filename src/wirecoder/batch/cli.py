"""``wirecoder batch``: extract many articles on Dask workers into Parquet and/or a database.

Register with ``app.command(name="batch")(batch)`` in ``wirecoder.cli``; it also runs
alone as ``python -m wirecoder.batch``. Exit codes as for ``wirecoder``: 0 every
partition done and no bad article; 1 done, but some articles or partitions failed (they
are in the errors table); 2 usage errors; 130 interrupted (rerun the same command to
resume).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .plan import DEFAULT_PARTITION_SIZE

if TYPE_CHECKING:
    from .runner import BatchResult

# Kept here (not imported from .worker) so that loading the command line stays light.
DEFAULT_EXTRACTOR = "wirecoder.extract.pipeline:Extractor"

EXIT_INTERRUPTED = 130


def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...",
            help="Files or directories: wire text, JSON Lines, JSON, CSV, HTML, RSS/Atom.",
        ),
    ],
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            metavar="parquet:DIR",
            help="Write Parquet tables (documents, entities, quotes, events, "
            "commitments, errors) into DIR.",
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            help="Write into this store: postgresql://user@host/db or a SQLite path.",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Use a running Dask scheduler (tcp://host:8786) instead of a local "
            "cluster; its workers must see the inputs and the outputs.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Local worker processes, one thread each [default: CPU count].",
        ),
    ] = None,
    partition_size: Annotated[
        int,
        typer.Option(
            "--partition-size",
            min=1,
            help="Articles per partition (the unit of work, commit and resume).",
        ),
    ] = DEFAULT_PARTITION_SIZE,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed/--skip-failed", help="Retry partitions that failed in an earlier run."
        ),
    ] = True,
    max_crashes: Annotated[
        int,
        typer.Option(
            "--max-crashes",
            min=1,
            help="Worker crashes a partition may cause before it is recorded as "
            "failed (local cluster; a remote scheduler uses its own setting).",
        ),
    ] = 3,
    extractor: Annotated[
        str, typer.Option("--extractor", hidden=True, help="module:factory of the extractor.")
    ] = DEFAULT_EXTRACTOR,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON on stdout.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Extract INPUT... on a Dask cluster, partition by partition, resumably."""
    from .parquet import OutputMismatchError
    from .runner import BatchError, run_batch

    err = Console(stderr=True)
    if scheduler and workers is not None:
        err.print("[red]error:[/red] give --scheduler or --workers, not both")
        raise typer.Exit(2)
    try:
        result = run_batch(
            inputs,
            out=out,
            db=db,
            scheduler=scheduler,
            workers=workers,
            partition_size=partition_size,
            extractor=extractor,
            retry_failed=retry_failed,
            max_crashes=max_crashes,
            progress=not quiet,
            console=err,
        )
    except (BatchError, OutputMismatchError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    elif not quiet or result.failed or result.interrupted:
        _print_summary(err, result)
    if result.interrupted:
        err.print("[yellow]interrupted[/yellow]: run the same command again to resume")
        raise typer.Exit(EXIT_INTERRUPTED)
    if result.failed or result.errors:
        raise typer.Exit(1)


def _print_summary(console: Console, result: BatchResult) -> None:
    table = Table(show_header=False, box=None)
    table.add_row(
        "partitions",
        f"{result.done} done now, {result.skipped} done before, "
        f"{len(result.failed)} failed, of {result.partitions}",
    )
    table.add_row(
        "articles",
        f"{result.articles} read, {result.documents} extracted, "
        f"{result.errors} errors, {result.warnings} warnings",
    )
    if result.seconds > 0 and result.articles:
        table.add_row(
            "throughput",
            f"{result.articles_per_second:.1f} articles/s on "
            f"{result.threads} worker threads ({result.seconds:.1f} s)",
        )
    console.print(table)
    for partition, reason in result.failed[:10]:
        console.print(f"[red]failed[/red] {partition}: {escape(reason)}")
    if len(result.failed) > 10:
        console.print(f"... and {len(result.failed) - 10} more failed partitions")
