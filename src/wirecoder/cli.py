"""The ``wirecoder`` command line.

Exit codes: 0 success; 1 the command ran but some input was bad or a step failed (the
good items are still done); 2 usage errors (bad options, missing files).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from wirecoder import EXTRACTOR_VERSION, __version__
from wirecoder.records import Article, Document, IngestError

app = typer.Typer(
    name="wirecoder",
    help="Source-linked PLOVER events, quotes and commitments from German and English news.",
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


class DocFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class ExportKind(StrEnum):
    articles = "articles"
    entities = "entities"
    quotes = "quotes"
    events = "events"
    commitments = "commitments"


def _progress(quiet: bool = False) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    )


def _open_store(db: str) -> Any:
    from wirecoder.store import Store, StoreError

    try:
        return Store.open(db)
    except StoreError as exc:
        _say("[red]error:[/red]", f"cannot open database {db!r}: {exc}")
        raise typer.Exit(2) from exc


def _check_paths(paths: list[str]) -> None:
    for path in paths:
        if path != "-" and not Path(path).exists():
            _say("[red]error:[/red]", f"no such file or directory: {path}")
            raise typer.Exit(2)


def _report_bad(item: IngestError, bad: list[IngestError]) -> None:
    from wirecoder.ingest import IngestWarning

    if isinstance(item, IngestWarning):
        _say("[yellow]warning:[/yellow]", f"{item.origin}: {item.reason}")
        return
    bad.append(item)
    _say("[red]skipped:[/red]", f"{item.origin}: {item.reason}")


def _say(label: str, message: str) -> None:
    """One unwrapped stderr line; the message (paths, reasons) is not Rich markup."""
    err.print(f"{label} {escape(message)}", soft_wrap=True)


def _articles(paths: list[str], bad: list[IngestError]) -> Iterator[Article]:
    from wirecoder.ingest import read_paths

    for item in read_paths(paths):
        if isinstance(item, Article):
            yield item
        else:
            _report_bad(item, bad)


@contextmanager
def _interruptible() -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        err.print("[yellow]interrupted:[/yellow] finished batches are stored; rerun to go on.")
        raise typer.Exit(130) from None


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    extract: Annotated[bool, typer.Option(help="Extract records after ingesting.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
) -> None:
    """Read articles into the database (idempotent), then extract their records."""
    _check_paths(paths)
    store = _open_store(db)
    bad: list[IngestError] = []
    with _interruptible(), _progress(quiet) as progress:
        task = progress.add_task("ingesting", total=None)

        def counted() -> Iterator[Article]:
            for article in _articles(paths, bad):
                progress.advance(task)
                yield article

        summary = store.add_articles(counted())
    failed = _extract_pending(store, quiet) if extract else 0
    ledger_error = _refresh_ledger(store) if extract else None
    table = Table(title="ingest", show_header=False)
    table.add_row("articles read", str(summary.read))
    table.add_row("new", str(summary.added))
    table.add_row("sources merged into existing", str(summary.merged_sources))
    table.add_row("unchanged (already stored)", str(summary.unchanged))
    table.add_row("near-duplicate links", str(summary.linked))
    table.add_row("bad items skipped", str(len(bad)))
    if extract:
        table.add_row("extraction failures", str(failed))
        table.add_row("commitment ledger", ledger_error or "up to date")
    err.print(table)
    store.close()
    if bad or failed:
        raise typer.Exit(1)


def _refresh_ledger(store: Any) -> str | None:
    """Bring the cross-article commitment ledger up to date; a failure there is reported
    but does not undo the ingest (``wirecoder ledger rebuild`` retries it)."""
    from wirecoder.ledger import refresh_after_ingest

    try:
        refresh_after_ingest(store)
    except Exception as exc:
        _say("[yellow]warning:[/yellow]", f"ledger not updated: {exc!r}")
        return "not updated (run `wirecoder ledger rebuild`)"
    return None


def _extract_pending(store: Any, quiet: bool) -> int:
    """Extract every article with no or an older extraction; returns the failures."""
    from wirecoder.extract.pipeline import Extractor

    pending = list(store.needs_extraction(EXTRACTOR_VERSION))
    if not pending:
        return 0
    extractor = Extractor()
    failed = 0
    with _interruptible(), _progress(quiet) as progress:
        task = progress.add_task("extracting", total=len(pending))
        for article_id in pending:
            article = store.get_article(article_id)
            try:
                store.save_document(extractor.extract(article))
            except Exception as exc:  # one bad article must not stop the batch
                failed += 1
                _say("[red]extraction failed:[/red]", f"{article_id}: {exc!r}")
            progress.advance(task)
    return failed


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or - for stdin.")],
    format: Annotated[DocFormat, typer.Option("--format", "-f")] = DocFormat.json,
) -> None:
    """Print SPEC §2 documents for articles (no database needed)."""
    from wirecoder.extract.pipeline import Extractor
    from wirecoder.render import print_document

    _check_paths(paths)
    extractor = Extractor()
    bad: list[IngestError] = []
    failed = 0
    with _interruptible():
        for article in _articles(paths, bad):
            try:
                doc = extractor.extract(article)
            except Exception as exc:
                failed += 1
                _say("[red]extraction failed:[/red]", f"{article.origin or article.id}: {exc!r}")
                continue
            if format is DocFormat.json:
                sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1) + "\n")
            elif format is DocFormat.jsonl:
                sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            else:
                print_document(doc, out)
    if bad or failed:
        raise typer.Exit(1)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id or unique prefix.")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[DocFormat, typer.Option("--format", "-f")] = DocFormat.table,
) -> None:
    """Show one stored article with its extracted record."""
    from wirecoder.render import print_document
    from wirecoder.store import AmbiguousIdError

    store = _open_store(db)
    try:
        doc: Document | None = store.get_document(article_id)
        if doc is None:
            article = store.get_article(article_id)
            doc = Document(article=article) if article is not None else None
    except AmbiguousIdError as exc:
        _say("[red]error:[/red]", str(exc))
        raise typer.Exit(2) from exc
    if doc is None:
        _say("[red]error:[/red]", f"no article {article_id!r}")
        raise typer.Exit(1)
    if format is DocFormat.table:
        print_document(doc, out)
        sources = store.sources(doc.article.id)
        links = store.links(doc.article.id)
        if sources:
            out.print("Sources: " + "; ".join(f"{s.source or '?'} ({s.origin})" for s in sources))
        for link in links:
            score = f" {link.score:.2f}" if link.score is not None else ""
            out.print(f"Linked: {link.other_id} ({link.kind}{score})")
    else:
        indent = 1 if format is DocFormat.json else None
        sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=indent) + "\n")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in article text.")],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
) -> None:
    """Full-text search over stored articles."""
    store = _open_store(db)
    hits = store.search(query, limit=limit)
    table = Table(title=f"{len(hits)} hit(s) for {query!r}")
    for col in ("id", "date", "title", "snippet"):
        table.add_column(col)
    for hit in hits:
        table.add_row(hit.id, hit.date or "", hit.title or "", hit.snippet)
    out.print(table)


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[ExportKind, typer.Option("--table", "-t", help="What to export.")] = (
        ExportKind.events
    ),
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.csv,
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (stdout if omitted).")
    ] = None,
) -> None:
    """Export articles, entities, quotes, events or commitments as CSV, JSONL or Parquet."""
    from wirecoder.export import write_csv, write_jsonl, write_parquet

    store = _open_store(db)
    rows = store.export_rows(kind.value)
    if format is ExportFormat.parquet:
        if output is None:
            err.print("[red]error:[/red] parquet needs --out FILE")
            raise typer.Exit(2)
        count = write_parquet(rows, output)
    elif output is None:
        count = (write_csv if format is ExportFormat.csv else write_jsonl)(rows, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as handle:
            count = (write_csv if format is ExportFormat.csv else write_jsonl)(rows, handle)
    err.print(f"exported {count} {kind.value} row(s)")


@app.command()
def stats(db: DbOption = DEFAULT_DB) -> None:
    """Counts of what the database holds."""
    store = _open_store(db)
    data = store.stats()
    table = Table(title=f"wirecoder database {db}", show_header=False)
    for key, value in data.items():
        if isinstance(value, dict):
            shown = ", ".join(f"{k}: {v}" for k, v in sorted(value.items(), key=lambda kv: -kv[1]))
            table.add_row(key, shown or "-")
        else:
            table.add_row(key, str(value))
    out.print(table)


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file (SPEC §3 JSON Lines).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    errors: Annotated[
        int, typer.Option(help="Also print up to N error cases for error analysis.")
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Score extraction against gold data (SPEC §4): events, quotes, commitments."""
    from wirecoder.eval import load_gold, score
    from wirecoder.extract.pipeline import Extractor

    if not gold.exists():
        _say("[red]error:[/red]", f"no such file: {gold}")
        raise typer.Exit(2)
    try:
        gold_articles = load_gold(gold)
    except ValueError as exc:
        _say("[red]error:[/red]", str(exc))
        raise typer.Exit(2) from exc
    extractor = Extractor()
    pairs = []
    with _interruptible(), _progress(quiet) as progress:
        task = progress.add_task("extracting", total=len(gold_articles))
        for item in gold_articles:
            pairs.append((item, extractor.extract(item.to_article())))
            progress.advance(task)
    report = score(pairs)
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(report.render_text() + "\n")
    for case in report.errors[:errors]:
        sys.stdout.write(
            f"[{case.section} {case.kind}] {case.article_id}: {case.reason}\n    {case.sentence}\n"
        )


@app.command()
def explain(
    sentence: Annotated[str, typer.Argument(help="A sentence (or short text) to code.")],
    lang: Annotated[str, typer.Option("--lang", help="de or en (detected if omitted).")] = "",
    date: Annotated[str, typer.Option(help="Article date for dating actors (YYYY-MM-DD).")] = "",
) -> None:
    """Show how a sentence is coded: tokens, actors, quotes, and which rule fired."""
    from wirecoder.extract.pipeline import Extractor
    from wirecoder.ingest import detect_language

    language = lang or detect_language(sentence) or "de"
    article = Article(id="explain", text=sentence, date=date or None, language=language)
    extractor = Extractor()
    analyzed = extractor.analyze(article)
    doc = extractor.extract(article)
    tokens = Table(title="tokens")
    for col in ("token", "lemma", "pos", "span"):
        tokens.add_column(col)
    for sent in analyzed.sentences:
        for tok in sent.tokens:
            tokens.add_row(tok.text, tok.lemma, tok.pos, f"{tok.start}-{tok.end}")
    out.print(tokens)
    for ent in doc.entities:
        out.print(f"actor {ent.id}: {ent.name} kind={ent.kind} code={ent.code} sector={ent.sector}")
    for q in doc.quotes:
        spk = doc.entity(q.speaker)
        out.print(f"quote {q.id} ({q.kind}, cue {q.cue!r}) by {spk.name if spk else '?'}: {q.text}")
    if not doc.events:
        out.print("no event rule fired")
    for ev in doc.events:
        out.print(
            f"event {ev.id}: {ev.type} by rule {ev.rule} (trigger "
            f"{sentence[ev.trigger[0] : ev.trigger[1]]!r}); actor={ev.actor} "
            f"recipient={ev.recipient}"
            f" aux={ev.aux} condition={ev.condition!r} content="
            f"{ev.content.type if ev.content else None} source={ev.source}"
        )


@app.command()
def demo(
    db: DbOption = "wirecoder-demo.db",
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Ingest the bundled example articles and print what was found."""
    from wirecoder.render import document_summary

    examples = resources.files("wirecoder") / "examples"
    with resources.as_file(examples) as folder:
        paths = [str(folder)]
        store = _open_store(db)
        bad: list[IngestError] = []
        summary = store.add_articles(_articles(paths, bad))
    failed = _extract_pending(store, quiet)
    _refresh_ledger(store)
    out.rule(f"wirecoder {__version__} demo: {summary.read} example articles in {db}")
    for doc in store.iter_documents():
        out.print(document_summary(doc))
        out.print()
    data = store.stats()
    out.rule("summary")
    out.print(
        f"{data.get('articles', 0)} articles, {data.get('entities', 0)} entities, "
        f"{data.get('quotes', 0)} quotes, {data.get('events', 0)} events, "
        f"{data.get('commitments', 0)} commitments stored in {db}"
    )
    out.print(
        f"Try: wirecoder search Ukraine --db {db}  ·  wirecoder ledger --db {db}  ·  "
        f"wirecoder serve --db {db}"
    )
    if bad or failed:
        raise typer.Exit(1)


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """Browse the database in a web UI and serve the HTTP API (/api/v1), read-only."""
    from wirecoder.web import serve as serve_web

    _open_store(db).close()  # fail early with a clear message on a bad URL
    serve_web(db, host=host, port=port, read_only=True)


def _mount_subcommands() -> None:
    from wirecoder.actors.cli import actors_app
    from wirecoder.batch.cli import batch
    from wirecoder.ledger.cli import ledger_app

    app.command(name="batch")(batch)

    app.add_typer(ledger_app, name="ledger", help="The commitment ledger across articles.")
    app.add_typer(actors_app, name="actors", help="Look up and check the actor knowledge base.")


_mount_subcommands()


@app.command()
def version() -> None:
    """Print the wirecoder and extractor versions."""
    out.print(f"wirecoder {__version__} (extractor {EXTRACTOR_VERSION})")


def main() -> None:  # pragma: no cover - console script entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
