"""Accuracy floors on the gold files (SPEC §4), through the real `wirecoder eval`.

These are regression guards: they fail when extraction gets worse than what was last
measured and published in docs/accuracy.md. The full-data runs are marked slow.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirecoder.cli import app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
runner = CliRunner()


def _report(path: Path) -> dict:
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared not beside the repository)")
    result = runner.invoke(app, ["eval", str(path), "--json", "--quiet"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_worked_example_scores() -> None:
    report = _report(SHARED / "examples" / "paris-security-guarantees.gold.jsonl")
    events = report["all"]["events"]
    assert events["type+actor"]["f1"] >= 0.90
    assert events["condition"]["f1"] >= 0.80
    quotes = report["all"]["quotes"]
    assert quotes["span"]["f1"] >= 0.95
    assert quotes["speaker_name"]["accuracy"] >= 0.95
    commitments = report["all"]["commitments"]
    assert commitments["match"]["f1"] >= 0.85
    assert commitments["stage"]["accuracy"] >= 0.85
    assert report["by_language"]["de"]["articles"] == 1


def test_own_english_and_german_gold_files() -> None:
    en = _report(ROOT / "tests" / "data" / "gold" / "en-wire.gold.jsonl")
    de = _report(ROOT / "tests" / "data" / "gold" / "de-wire.gold.jsonl")
    assert en["by_language"]["en"]["articles"] == 3
    assert de["by_language"]["de"]["articles"] == 3
    for report in (en, de):
        assert report["all"]["quotes"]["span"]["f1"] >= 0.9
        assert report["all"]["events"]["type+actor"]["f1"] >= 0.85
        assert report["all"]["commitments"]["match"]["f1"] >= 0.6


@pytest.mark.slow
def test_events_de_dev() -> None:
    report = _report(SHARED / "data" / "events-de-dev" / "gold.jsonl")
    assert report["articles"] == 20
    assert report["all"]["events"]["type+actor"]["f1"] >= 0.65


@pytest.mark.slow
def test_spkatt_quotes() -> None:
    report = _report(SHARED / "data" / "spkatt-train" / "gold.jsonl")
    quotes = report["all"]["quotes"]
    assert quotes["span"]["f1"] >= 0.62
    assert quotes["speaker_name"]["accuracy"] >= 0.72
