"""Benchmark: ingest and segment a generated corpus of wire articles.

Generates N realistic German and English wire files (default 10,000) in a temporary
folder, then measures (1) reading + parsing + language detection, (2) storing into a
SQLite database with duplicate detection, (3) sentence segmentation + tokenisation.
Prints articles/second per phase and peak memory (RSS). Not a pass/fail test.

    .venv/bin/python bench/ingest_segment.py [--articles 10000] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from pathlib import Path

from wirecoder.ingest import read_paths
from wirecoder.nlp import split_sentences, tokenize
from wirecoder.records import Article
from wirecoder.store import Store

ACTORS_DE = [
    "Frankreich",
    "Großbritannien",
    "Deutschland",
    "die Ukraine",
    "Polen",
    "Russland",
    "die EU",
    "die NATO",
    "Bundeskanzler Friedrich Merz",
    "Präsident Emmanuel Macron",
]
VERBS_DE = [
    "sicherte {r} Unterstützung zu",
    "kritisierte {r} scharf",
    "traf sich mit {r}",
    "forderte von {r} mehr Hilfe",
    "stellte {r} Soldaten in Aussicht",
]
REPORTED_DE = [
    "Man habe {n} Prozent erreicht.",
    "Es gebe noch offene Fragen.",
    "Die Gespräche seien am {d}. Januar fortgesetzt worden.",
    "Dr. Weber u.a. sei dabei.",
]
ACTORS_EN = [
    "France",
    "Britain",
    "Germany",
    "Ukraine",
    "Poland",
    "Russia",
    "the EU",
    "NATO",
    "Prime Minister Keir Starmer",
    "Mr. Macron",
]
VERBS_EN = [
    "pledged support to {r}",
    "criticised {r}",
    "met {r}",
    "urged {r} to act",
    "offered troops to {r}",
]


def make_article(rng: random.Random, n: int) -> str:
    german = rng.random() < 0.7
    actors, verbs = (ACTORS_DE, VERBS_DE) if german else (ACTORS_EN, VERBS_EN)
    header = f" date 2026-0{rng.randint(1, 9)}-{rng.randint(10, 28)} " + (
        "Von: dpa/AFP" if german else "From: Reuters/AP"
    )
    paragraphs = [f"Meldung {n}" if german else f"Report {n}"]
    for _ in range(rng.randint(3, 7)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            a, r = rng.sample(actors, 2)
            sentences.append(f"{a[0].upper() + a[1:]} {rng.choice(verbs).format(r=r)}.")
            if german and rng.random() < 0.4:
                sentences.append(
                    rng.choice(REPORTED_DE).format(n=rng.randint(10, 99), d=rng.randint(1, 28))
                )
            if rng.random() < 0.3:
                sentences.append(
                    "„Wir schließen nichts aus“, sagte Merz am 6. Januar."
                    if german
                    else '"We rule nothing out," Mr. Starmer said on Jan. 6.'
                )
        paragraphs.append(" ".join(sentences))
    return header + "\n\n" + "\n\n".join(paragraphs) + "\n"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for n in range(args.articles):
            (folder / f"{n:06d}.txt").write_text(make_article(rng, n), encoding="utf-8")

        t0 = time.perf_counter()
        articles = [a for a in read_paths([str(folder)]) if isinstance(a, Article)]
        t_read = time.perf_counter() - t0

        store = Store.open(str(Path(tmp) / "bench.db"))
        t0 = time.perf_counter()
        summary = store.add_articles(articles)
        t_store = time.perf_counter() - t0
        store.close()

        t0 = time.perf_counter()
        n_sent = n_tok = 0
        for art in articles:
            for sent in split_sentences(art.text, art.language or "de"):
                n_sent += 1
                n_tok += len(tokenize(art.text, sent.start, sent.end, art.language or "de"))
        t_seg = time.perf_counter() - t0

    results = {
        "articles": len(articles),
        "stored": summary.added,
        "read_articles_per_s": round(len(articles) / t_read, 1),
        "store_articles_per_s": round(len(articles) / t_store, 1),
        "segment_articles_per_s": round(len(articles) / t_seg, 1),
        "sentences": n_sent,
        "tokens": n_tok,
        "segment_sentences_per_s": round(n_sent / t_seg, 1),
        "ingest_and_segment_articles_per_s": round(len(articles) / (t_read + t_store + t_seg), 1),
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }
    width = max(len(k) for k in results)
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
