"""The command line end to end: ingest, search, show, export, stats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from wirecoder.cli import app

WIRE_DE = """ date 2026-01-06 Von: dpa/AFP

Treffen in Paris

Der französische Präsident Emmanuel Macron traf sich in Paris mit Bundeskanzler Friedrich Merz.
"""
WIRE_EN = """ date 2026-01-07 From: Reuters

Britain pledged more air defence systems to Ukraine on Wednesday, officials said.
"""

runner = CliRunner()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(WIRE_DE, encoding="utf-8")
    (folder / "b.txt").write_text(WIRE_EN, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 20)
    return folder


def test_ingest_reports_bad_items_and_keeps_good_ones(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--no-extract", "-q"])
    assert result.exit_code == 1, result.output
    assert "empty.txt" in result.output and "binary.txt" in result.output
    stats = runner.invoke(app, ["stats", "--db", db])
    assert stats.exit_code == 0
    assert "articles" in stats.output and "2" in stats.output
    # Re-ingesting the same input changes nothing.
    again = runner.invoke(app, ["ingest", str(corpus / "a.txt"), "--db", db, "--no-extract"])
    assert again.exit_code == 0
    assert "unchanged" in again.output


def test_search_show_and_export(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    runner.invoke(app, ["ingest", str(corpus / "a.txt"), str(corpus / "b.txt"), "--db", db, "-q"])
    found = runner.invoke(app, ["search", "Macron", "--db", db])
    assert found.exit_code == 0
    assert "Treffen in Paris" in found.output
    hostile = runner.invoke(app, ["search", '"unbalanced AND (', "--db", db])
    assert hostile.exit_code == 0

    exported = runner.invoke(app, ["export", "--db", db, "--table", "articles", "-f", "jsonl"])
    assert exported.exit_code == 0
    rows = [json.loads(line) for line in exported.stdout.splitlines() if line.startswith("{")]
    assert {r["title"] for r in rows} >= {"Treffen in Paris"}
    article_id = next(r["id"] for r in rows if r["title"] == "Treffen in Paris")

    shown = runner.invoke(app, ["show", article_id[:10], "--db", db, "-f", "json"])
    assert shown.exit_code == 0, shown.output
    doc = json.loads(shown.stdout)
    assert doc["article"]["id"] == article_id
    assert doc["article"]["sources"] == ["dpa", "AFP"]

    csv_out = runner.invoke(app, ["export", "--db", db, "--table", "entities", "-f", "csv"])
    assert csv_out.exit_code == 0
    reader = csv.DictReader(io.StringIO(csv_out.stdout.split("exported")[0]))
    assert any(row.get("code") == "FRA" for row in reader)

    parquet = tmp_path / "events.parquet"
    result = runner.invoke(
        app, ["export", "--db", db, "--table", "articles", "-f", "parquet", "-o", str(parquet)]
    )
    assert result.exit_code == 0
    assert pq.read_table(parquet).num_rows == 2


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nope.txt"), "--db", "x.db"])
    assert missing.exit_code == 2
    nogold = runner.invoke(app, ["eval", str(tmp_path / "nope.jsonl")])
    assert nogold.exit_code == 2
    unknown = runner.invoke(app, ["show", "nothing-here", "--db", str(tmp_path / "e.db")])
    assert unknown.exit_code == 1


def test_console_script_help_everywhere() -> None:
    exe = Path(sys.executable).with_name("wirecoder")
    for cmd in ([], ["ingest"], ["extract"], ["eval"], ["export"], ["search"], ["demo"]):
        proc = subprocess.run(
            [str(exe), *cmd, "--help"], capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, proc.stderr
        assert "Usage" in proc.stdout


@pytest.mark.slow
def test_ingest_directory_of_10000_files_some_bad(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for n in range(10_000):
        sub = folder / f"{n // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"{n:05d}.txt"
        if n % 997 == 0:
            path.write_bytes(b"\x00\x00binary\xff" * 8)  # bad: binary
        elif n % 991 == 0:
            path.write_text("", encoding="utf-8")  # bad: empty
        else:
            path.write_text(
                f" date 2026-03-{1 + n % 28:02d} Von: dpa\n\nMeldung Nummer {n}: Die Regierung "
                f"in Berlin sagte der Ukraine weitere Hilfe im Wert von {n} Euro zu.\n",
                encoding="utf-8",
            )
    bad = sum(1 for n in range(10_000) if n % 997 == 0 or n % 991 == 0)
    db = str(tmp_path / "many.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--no-extract", "-q"])
    assert result.exit_code == 1
    assert result.output.count("skipped:") == bad
    data = json.loads(
        runner.invoke(
            app, ["export", "--db", db, "--table", "articles", "-f", "jsonl"]
        ).stdout.splitlines()[0]
    )
    assert data["sources"] == ["dpa"]
    from wirecoder.store import Store

    with Store.open(db) as store:
        assert store.stats()["articles"] == 10_000 - bad


def test_ingest_extract_and_export_on_each_database(corpus: Path, db_url: str) -> None:
    """The same commands work on SQLite and PostgreSQL (when a server is available)."""
    paths = [str(corpus / "a.txt"), str(corpus / "b.txt")]
    result = runner.invoke(app, ["ingest", *paths, "--db", db_url, "-q"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, ["ingest", *paths, "--db", db_url, "-q"])
    assert again.exit_code == 0
    exported = runner.invoke(app, ["export", "--db", db_url, "--table", "entities", "-f", "jsonl"])
    rows = [json.loads(line) for line in exported.stdout.splitlines() if line.startswith("{")]
    assert {"FRA", "DEU"} <= {r["code"] for r in rows}
    found = runner.invoke(app, ["search", "Macron", "--db", db_url])
    assert "Treffen in Paris" in found.output
