"""``wirecoder ledger`` commands through Typer's CliRunner on the ledger sub-app."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from test_ledger_fixtures import storyline_docs
from wirecoder.ledger.cli import ledger_app
from wirecoder.ledger.export import CHANGE_COLUMNS
from wirecoder.store import Store

runner = CliRunner()

SPEC_KEYS = [
    "id",
    "givers",
    "recipient",
    "what",
    "text",
    "stage",
    "amount",
    "condition",
    "history",
    "flags",
]
SPEC_HISTORY_KEYS = ["date", "stage", "article", "event", "evidence"]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A command that falls back to the default database writes it here, not in the repo."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WIRECODER_DB", raising=False)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "cli.db")
    with Store(path) as store:
        for doc in storyline_docs():
            store.save_document(doc)
    return path


def _jsonl(db: str, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(ledger_app, ["list", "--db", db, "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_list_jsonl_is_exactly_the_spec_ledger_line(db: str) -> None:
    lines = _jsonl(db)
    assert [x["id"] for x in lines] == ["t1", "t2", "t3", "t4"]
    for line in lines:
        assert list(line) == SPEC_KEYS
        assert all(list(h) == SPEC_HISTORY_KEYS for h in line["history"])  # type: ignore[union-attr]
    norway = lines[0]
    assert norway["givers"] == ["NOR"] and norway["recipient"] == ["UKR"]
    assert norway["stage"] == "delivered" and len(norway["flags"]) == 1  # type: ignore[arg-type]
    details = _jsonl(db, "--details")[1]
    assert details["unit"] == "EUR"
    assert [h["amount"] for h in details["history"]] == [500_000_000, 1_200_000_000, 1_200_000_000]  # type: ignore[union-attr, index]


def test_list_filters(db: str) -> None:
    assert [x["id"] for x in _jsonl(db, "--giver", "NOR")] == ["t1"]
    assert [x["id"] for x in _jsonl(db, "--recipient", "UKR", "--what", "troops")] == ["t3"]
    assert [x["id"] for x in _jsonl(db, "--what", "military_aid")] == ["t1", "t4"]
    assert _jsonl(db, "--giver", "RUS") == []
    assert [x["id"] for x in _jsonl(db, "--since", "2026-04-01")] == ["t1", "t2", "t3"]
    then = _jsonl(db, "--until", "2026-02-28")
    assert [(x["id"], x["stage"]) for x in then] == [
        ("t1", "promised"),
        ("t2", "promised"),
        ("t3", "offered"),
    ]
    bad = runner.invoke(ledger_app, ["list", "--db", db, "--since", "April"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    bad_what = runner.invoke(ledger_app, ["list", "--db", db, "--what", "tanks"])
    assert bad_what.exit_code == 2


def test_list_table_and_csv(db: str) -> None:
    result = runner.invoke(ledger_app, ["list", "--db", db])
    assert result.exit_code == 0
    assert "4 thread(s)" in result.stdout and "NOR → UKR" in result.stdout
    assert "ledger rebuilt: 4 thread(s) from 9 document(s)" in result.stderr
    again = runner.invoke(ledger_app, ["list", "--db", db])
    assert "ledger rebuilt" not in again.stderr  # current: no second rebuild
    result = runner.invoke(ledger_app, ["list", "--db", db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["t1", "t2", "t3", "t4"]
    assert rows[1]["amount"] == "1200000000.0" and json.loads(rows[1]["givers"]) == ["DEU"]


def test_db_from_environment(db: str) -> None:
    result = runner.invoke(ledger_app, ["list", "--format", "jsonl"], env={"WIRECODER_DB": db})
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 4


def test_show_history_with_evidence(db: str) -> None:
    result = runner.invoke(ledger_app, ["show", "t1", "--db", db], terminal_width=200)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "history (6 entries)" in out
    for date, stage in [("2026-01-12", "offered"), ("2026-05-11", "promised")]:
        assert f"{date}  {stage}" in out
    assert "Norwegen hat der Ukraine die Lieferung zusätzlicher Luftverteidigungssysteme" in out
    assert "flag: contradicted: 2026-05-11 says promised after delivered on 2026-04-27" in out
    assert "linked to t1 (score" in out
    as_json = runner.invoke(ledger_app, ["show", "t2", "--db", db, "--format", "json"])
    data = json.loads(as_json.stdout)
    assert data["id"] == "t2" and data["unit"] == "EUR"
    assert [h["stage"] for h in data["history"]] == ["promised", "promised", "approved"]
    missing = runner.invoke(ledger_app, ["show", "t42", "--db", db])
    assert missing.exit_code == 1 and "no thread 't42'" in missing.stderr


def test_export_csv_and_parquet_one_row_per_stage_change(db: str, tmp_path: Path) -> None:
    result = runner.invoke(ledger_app, ["export", "--db", db])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 12  # 6 + 3 + 2 + 1 history entries
    assert list(rows[0]) == [name for name, _kind in CHANGE_COLUMNS]
    norway = [r for r in rows if r["thread_id"] == "t1"]
    assert [r["stage"] for r in norway] == [
        "offered",
        "promised",
        "agreed",
        "approved",
        "delivered",
        "promised",
    ]
    assert norway[-1]["thread_stage"] == "delivered" and norway[-1]["changed"] == "False"
    assert json.loads(norway[-1]["flags"])[0].startswith("contradicted")
    assert "exported 12 stage change row(s) of 4 thread(s)" in result.stderr

    out = tmp_path / "changes.parquet"
    result = runner.invoke(ledger_app, ["export", "--db", db, "-f", "parquet", "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.num_rows == 12
    assert table.schema.field("amount").type.__str__() == "double"
    germany = [r for r in table.to_pylist() if r["thread_id"] == "t2"]
    assert [r["amount"] for r in germany] == [5e8, 1.2e9, 1.2e9]
    assert [r["changed"] for r in germany] == [True, False, True]

    changes = tmp_path / "changes.csv"
    result = runner.invoke(
        ledger_app, ["export", "--db", db, "--changes-only", "--out", str(changes)]
    )
    with changes.open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 10  # DEU 02-23, NOR 05-11 left out
    no_out = runner.invoke(ledger_app, ["export", "--db", db, "-f", "parquet"])
    assert no_out.exit_code == 2


def test_merge_split_and_corrections_survive_rebuild(db: str) -> None:
    merge = runner.invoke(ledger_app, ["merge", "t1", "t4", "--db", db, "--note", "same order"])
    assert merge.exit_code == 0, merge.output
    assert "correction 1: merge t4 into t1; 3 thread(s)" in merge.stdout
    norway = _jsonl(db, "--giver", "SWE")[0]
    assert norway["id"] == "t1" and norway["givers"] == ["NOR", "SWE"]

    articles = [h["article"] for h in norway["history"]]  # type: ignore[union-attr, index]
    split = runner.invoke(ledger_app, ["split", "t1", articles[-1], "--db", db])
    assert split.exit_code == 0, split.output
    assert "correction 2: split" in split.stdout and "into t5" in split.stdout

    rebuild = runner.invoke(ledger_app, ["rebuild", "--db", db])
    assert rebuild.exit_code == 0 and "corrections applied" in rebuild.stderr
    lines = {x["id"]: x for x in _jsonl(db)}
    assert sorted(lines) == ["t1", "t2", "t3", "t5"]
    assert lines["t1"]["flags"] == [] and lines["t1"]["stage"] == "delivered"
    assert [h["stage"] for h in lines["t5"]["history"]] == ["promised"]  # type: ignore[union-attr, index]

    listed = runner.invoke(ledger_app, ["corrections", "--db", db], terminal_width=200)
    assert "merge t4 into t1" in listed.stdout and "same order" in listed.stdout
    deleted = runner.invoke(ledger_app, ["corrections", "--db", db, "--delete", "1"])
    assert deleted.exit_code == 0 and "correction 1 deleted" in deleted.stdout
    assert sorted(x["id"] for x in _jsonl(db)) == ["t1", "t2", "t3", "t4", "t5"]


def test_bad_corrections_exit_1(db: str) -> None:
    assert runner.invoke(ledger_app, ["merge", "t1", "t1", "--db", db]).exit_code == 1
    result = runner.invoke(ledger_app, ["split", "t1", "99", "--db", db])
    assert result.exit_code == 1 and "entries 1 to 6" in result.stderr
    assert runner.invoke(ledger_app, ["corrections", "--db", db, "--delete", "7"]).exit_code == 1


def test_rebuild_with_window_and_unopenable_database(db: str, tmp_path: Path) -> None:
    result = runner.invoke(ledger_app, ["rebuild", "--db", db, "--window-days", "30"])
    assert result.exit_code == 0, result.output
    lines = _jsonl(db)
    # With a 30-day window the Dutch withdrawal (77 days later) and the Bundestag's
    # approval (63 days later) open threads of their own.
    assert len(lines) == 6
    assert runner.invoke(ledger_app, ["rebuild", "--db", db]).exit_code == 0
    assert len(_jsonl(db)) == 6  # the window is remembered
    bad = runner.invoke(ledger_app, ["list", "--db", "mysql://nowhere/x"])
    assert bad.exit_code == 2 and "cannot open database" in bad.stderr


def test_ledger_without_command_lists_threads(db: str) -> None:
    """SPEC: `wirecoder ledger --format jsonl` prints one thread a line."""
    result = runner.invoke(ledger_app, ["--db", db, "--format", "jsonl", "--giver", "NLD"])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert line["id"] == "t3" and line["stage"] == "withdrawn"
    misplaced = runner.invoke(ledger_app, ["--db", db, "show", "t1"])
    assert misplaced.exit_code == 2 and "put options after the command" in misplaced.stderr
    with_env = runner.invoke(ledger_app, ["show", "t1"], env={"WIRECODER_DB": db})
    assert with_env.exit_code == 0


def test_help_lists_the_commands() -> None:
    result = runner.invoke(ledger_app, ["--help"])
    assert result.exit_code == 0
    for name in ("list", "show", "export", "merge", "split", "rebuild", "corrections"):
        assert name in result.stdout
