"""Coverage of the dated office holders (``wirecoder actors coverage``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from wirecoder.actors.cli import actors_app
from wirecoder.actors.coverage import office_coverage
from wirecoder.extract.knowledge import KnowledgeBase

runner = CliRunner()
HEADER = "key\tname\tcode\trole\tstart\tend\tshort\tvariants\ttitle\tnote\n"


def small_kb(tmp_path: Path, rows: str, not_in: str = "") -> KnowledgeBase:
    (tmp_path / "states.yaml").write_text(
        "- {code: AAA, name: Alpha}\n- {code: BBB, name: Beta}\n", "utf-8"
    )
    (tmp_path / "organisations.yaml").write_text("[]\n", "utf-8")
    (tmp_path / "institutions.yaml").write_text(
        "offices:\n"
        "  president: {title: President, sector: GOV}\n"
        "  head_of_government: {title: Prime Minister, sector: GOV}\n"
        "  foreign_minister: {title: Foreign Minister, sector: GOV}\n"
        "  defence_minister: {title: Defence Minister, sector: MIL}\n"
        "institutions: []\nroles: []\n"
        + (f"not_in:\n  head_of_government: {not_in}\n" if not_in else ""),
        "utf-8",
    )
    (tmp_path / "office_holders.tsv").write_text(HEADER + rows, "utf-8")
    return KnowledgeBase.from_dir("en", tmp_path)


def row(key: str, code: str, role: str, start: str, end: str = "") -> str:
    return f"{key}\t{key.title()} X\t{code}\t{role}\t{start}\t{end}\t\t\t\t\n"


def test_shares_gaps_and_imprecise_dates(tmp_path: Path) -> None:
    rows = (
        row("a", "AAA", "president", "1995", "2005-12-31")
        + row("b", "AAA", "president", "2006-03-01")  # two months vacant
        + row("c", "AAA", "head_of_government", "2000")  # year only: from 2000-01-01
        + row("d", "AAA", "foreign_minister", "1999-01-01", "2004")  # ends with 2004
        + row("e", "AAA", "foreign_minister", "2005-06")  # month only: no gap before
        + row("f", "AAA", "defence_minister", "2003-01-01")
    )
    kb = small_kb(tmp_path, rows)
    [alpha] = office_coverage(kb, since=dt.date(2000, 1, 1), until=dt.date(2009, 12, 31))
    pres = alpha.groups["head_of_state"]
    assert pres.gaps == ((dt.date(2006, 1, 1), dt.date(2006, 2, 28)),)
    assert 0.98 < (pres.share or 0) < 0.99
    assert alpha.groups["head_of_government"].share == 1.0
    # "2004" runs to 2004-12-31 and "2005-06" starts on 2005-06-01.
    assert alpha.groups["foreign_minister"].gaps == ((dt.date(2005, 1, 1), dt.date(2005, 5, 31)),)
    defence = alpha.groups["defence_minister"]
    assert defence.gaps == ((dt.date(2000, 1, 1), dt.date(2002, 12, 31)),)
    assert alpha.complete(0.95) is False
    assert alpha.complete(0.65) is True


def test_not_in_excludes_periods_without_the_office(tmp_path: Path) -> None:
    rows = (
        row("a", "AAA", "president", "1990")
        + row("p", "AAA", "head_of_government", "1990", "2004-12-31")
        + row("b", "BBB", "president", "1990")
    )
    not_in = "{AAA: 2005-01-01, BBB: null}"
    kb = small_kb(tmp_path, rows, not_in)
    by_code = {
        sc.code: sc
        for sc in office_coverage(kb, since=dt.date(2000, 1, 1), until=dt.date(2009, 12, 31))
    }
    assert by_code["AAA"].groups["head_of_government"].share == 1.0  # abolished 2005
    assert by_code["BBB"].groups["head_of_government"].share is None  # no such office
    assert by_code["BBB"].groups["foreign_minister"].share == 0.0  # but a minister exists
    assert not by_code["BBB"].complete(0.95)


def test_not_in_bad_entries_are_reported(tmp_path: Path) -> None:
    kb = small_kb(tmp_path, "", "{ZZZ: null, AAA: [[2001, 2002, 2003]], BBB: soon}")
    problems = "\n".join(kb.check())
    assert "not_in has unknown code 'ZZZ'" in problems
    assert "not_in AAA: expected [from, until] pairs" in problems
    assert "not_in BBB: bad date 'soon'" in problems


def test_shipped_data_covers_sixty_states() -> None:
    """The issue's bar: at least 60 states with heads of state and government, foreign
    and defence ministers for 2000 to today (95% of days each)."""
    result = runner.invoke(actors_app, ["coverage", "--min-states", "60", "--json"])
    assert result.exit_code == 0, result.output[-2000:]
    doc = json.loads(result.stdout)
    complete = {s["code"] for s in doc["states"] if s["complete"]}
    assert len(complete) >= 60
    assert {"DEU", "USA", "RUS", "UKR", "FRA", "GBR", "CHN", "ISR", "TUR"} <= complete


def test_coverage_cli_table_gaps_and_errors() -> None:
    result = runner.invoke(actors_app, ["coverage", "--code", "usa", "--gaps", "--until", "2019"])
    assert result.exit_code == 0, result.output
    assert "USA" in result.output and "1 of 1 states complete" in result.output
    assert "foreign min.: gap 2018-04-01 .. 2018-04-25" in result.output  # acting, unlisted
    bad = runner.invoke(actors_app, ["coverage", "--since", "2020", "--until", "2010"])
    assert bad.exit_code == 2
    assert "must be a date on or before" in bad.output
    too_many = runner.invoke(actors_app, ["coverage", "--code", "USA", "--min-states", "2"])
    assert too_many.exit_code == 1


def test_coverage_markdown_table() -> None:
    result = runner.invoke(
        actors_app, ["coverage", "--markdown", "--code", "USA", "--code", "DEU", "--until", "2019"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "**2 of 2 states complete** (every office at least 95% of days)." in lines
    usa = next(line for line in lines if line.startswith("| USA |"))
    assert usa.split(" | ")[3] == "n/a"  # no head of government beside the president
