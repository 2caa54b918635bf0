"""Write docs/accuracy.md: `wirecoder eval` on every gold file we may use.

    .venv/bin/python scripts/accuracy_report.py [--out docs/accuracy.md]

Gold files from ../shared are read in place (never copied); our own small gold files
live under tests/data/gold/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from wirecoder import EXTRACTOR_VERSION
from wirecoder.eval import load_gold, score
from wirecoder.eval.report import EvalReport
from wirecoder.extract.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = [
    ("worked example (de)", SHARED / "examples" / "paris-security-guarantees.gold.jsonl"),
    ("events-de-dev (20 de Wikinews, silver)", SHARED / "data" / "events-de-dev" / "gold.jsonl"),
    (
        "SpkAtt-2023 train (700 de Wikinews, quotes only)",
        SHARED / "data" / "spkatt-train" / "gold.jsonl",
    ),
    ("own German wire gold (3 articles)", ROOT / "tests" / "data" / "gold" / "de-wire.gold.jsonl"),
    ("own English wire gold (3 articles)", ROOT / "tests" / "data" / "gold" / "en-wire.gold.jsonl"),
]


def _fmt(value: object) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _rows(name: str, report: EvalReport, seconds: float) -> list[str]:
    data = report.to_dict()["all"]
    ev, qu, co = data["events"], data["quotes"], data["commitments"]
    return [
        f"### {name}",
        "",
        f"{report.to_dict()['articles']} articles, extracted in {seconds:.1f} s.",
        "",
        "| measure | P | R | F1 |",
        "|---|---|---|---|",
        *(
            f"| events {level} | {_fmt(ev[level]['precision'])} | {_fmt(ev[level]['recall'])} "
            f"| {_fmt(ev[level]['f1'])} |"
            for level in ("type", "type+actor", "type+actor+recipient")
        ),
        f"| event condition (on matches) | {_fmt(ev['condition']['precision'])} "
        f"| {_fmt(ev['condition']['recall'])} | {_fmt(ev['condition']['f1'])} |",
        f"| quotes (span) | {_fmt(qu['span']['precision'])} | {_fmt(qu['span']['recall'])} "
        f"| {_fmt(qu['span']['f1'])} |",
        f"| commitments | {_fmt(co['match']['precision'])} | {_fmt(co['match']['recall'])} "
        f"| {_fmt(co['match']['f1'])} |",
        "",
        f"Accuracy on matches: aux {_fmt(ev['aux']['accuracy'])}, source "
        f"{_fmt(ev['source']['accuracy'])}, content {_fmt(ev['content']['accuracy'])}; quote "
        f"speaker by code {_fmt(qu['speaker_code']['accuracy'])}, by name "
        f"{_fmt(qu['speaker_name']['accuracy'])}; commitment stage "
        f"{_fmt(co['stage']['accuracy'])}.",
        *(
            [
                "",
                f"Gold quotes with a named speaker: {qu['named_found']['correct']} of "
                f"{qu['named_found']['total']} found ({_fmt(qu['named_found']['accuracy'])}), "
                f"{qu['named_right']['correct']} with that speaker "
                f"({_fmt(qu['named_right']['accuracy'])}).",
            ]
            if qu["named_found"]["total"]
            else []
        ),
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "accuracy.md")
    args = parser.parse_args()
    extractor = Extractor()
    lines = [
        "# Measured accuracy",
        "",
        f"`wirecoder eval` (SPEC §4 scoring), extractor {EXTRACTOR_VERSION}, "
        f"{dt.date.today().isoformat()}. Regenerate with `scripts/accuracy_report.py`.",
        "",
    ]
    for name, path in GOLD:
        if not path.exists():
            lines += [f"### {name}", "", f"not available here ({path}).", ""]
            continue
        gold = load_gold(path)
        start = time.perf_counter()
        pairs = [(item, extractor.extract(item.to_article())) for item in gold]
        lines += _rows(name, score(pairs), time.perf_counter() - start)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
