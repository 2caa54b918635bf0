"""Benchmark: quote detection speed (QuoteFinder.find), sentences per second.

Reads articles from a gold file (default: the SpkAtt conversion in ../shared, else the
bundled example articles), runs the text layer and actor matching once (not timed), then
times quote detection alone over every article, ``--repeat`` times. Prints sentences,
quotes and articles per second of CPU time (process time: steadier than wall time on a
shared machine; the wall time is printed too). Not a pass/fail test.

    .venv/bin/python bench/quotes_speed.py [--gold FILE] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from importlib import resources
from pathlib import Path

from wirecoder.extract.lexicon import LANGUAGES, speech_lexicon
from wirecoder.extract.pipeline import Extractor
from wirecoder.extract.quotes import QuoteFinder
from wirecoder.records import Article

ROOT = Path(__file__).resolve().parents[1]
SPKATT = ROOT.parent / "shared" / "data" / "spkatt-train" / "gold.jsonl"


def _articles(gold: Path | None) -> list[Article]:
    if gold is not None and gold.exists():
        from wirecoder.eval.gold import load_gold

        return [g.to_article() for g in load_gold(gold)]
    from wirecoder.ingest import read_paths

    folder = resources.files("wirecoder") / "examples"
    with resources.as_file(folder) as path:
        return [a for a in read_paths([str(path)]) if isinstance(a, Article)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=SPKATT if SPKATT.exists() else None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    extractor = Extractor()
    articles = _articles(args.gold)
    prepared = []
    t0 = time.perf_counter()
    for article in articles:
        analyzed = extractor.analyze(article)
        language = analyzed.language if analyzed.language in LANGUAGES else "de"
        prepared.append((article, analyzed, extractor.entities(analyzed), language))
    prepare_s = time.perf_counter() - t0
    finders = {lang: QuoteFinder(speech_lexicon(lang)) for lang in LANGUAGES}
    sentences = sum(len(a.sentences) for _, a, _, _ in prepared)

    best = best_wall = float("inf")
    quotes = 0
    for _ in range(max(1, args.repeat)):
        tables = [copy.deepcopy(table) for _, _, table, _ in prepared]
        quotes = 0
        t0, w0 = time.process_time(), time.perf_counter()
        for (article, analyzed, _, language), table in zip(prepared, tables, strict=True):
            quotes += len(finders[language].find(article.text, analyzed.sentences, table))
        best = min(best, time.process_time() - t0)
        best_wall = min(best_wall, time.perf_counter() - w0)

    result = {
        "articles": len(prepared),
        "sentences": sentences,
        "quotes": quotes,
        "cpu_seconds": round(best, 4),
        "wall_seconds": round(best_wall, 4),
        "sentences_per_second": round(sentences / best, 1),
        "quotes_per_second": round(quotes / best, 1),
        "articles_per_second": round(len(prepared) / best, 1),
        "prepare_seconds": round(prepare_s, 2),
    }
    print(
        f"quote detection: {result['sentences_per_second']:,.0f} sentences/s, "
        f"{result['quotes_per_second']:,.0f} quotes/s, "
        f"{result['articles_per_second']:,.0f} articles/s "
        f"({sentences} sentences, {quotes} quotes, {len(prepared)} articles, "
        f"best of {args.repeat}: {best:.3f} s CPU, {best_wall:.3f} s wall; "
        f"text layer + actors {prepare_s:.1f} s)"
    )
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
