"""Benchmark: ``wirecoder batch`` throughput on 1 and 2 Dask workers, and database writes.

Generates a corpus of realistic German and English wire articles (bench/corpus.py; JSON
Lines, default 20,000 articles), then

1. runs the batch (read + extract + Parquet) on a local cluster of 1 worker, then of 2
   workers (one thread each): articles/second (after the cluster started), per core,
   the 1 -> 2 worker scaling efficiency, and the peak RSS of each worker process;
2. writes the extracted documents of the 2-worker run into SQLite and, when
   WIRECODER_TEST_PG_URL or --pg is given, PostgreSQL (a fresh schema, dropped
   afterwards), partition by partition exactly as the batch workers do (one transaction
   per partition): rows/second and articles/second.

Prints a table and writes the figures as JSON. Not a pass/fail test; other load on the
machine shows in the numbers (the load average is recorded).

    .venv/bin/python bench/batch_throughput.py [--articles 20000] [--json out.json]
    .venv/bin/python bench/batch_throughput.py --articles 2000 --pg postgresql://u@h/db
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus
from wirecoder.batch import BatchResult, run_batch
from wirecoder.batch.database import DatabaseOutput
from wirecoder.batch.parquet import ParquetOutput
from wirecoder.records import Document
from wirecoder.store import Store, normalize_url


def driver_peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_extract(
    corpus: list[Path], out: Path, workers: int, partition_size: int, progress: bool
) -> BatchResult:
    return run_batch(
        corpus,
        out=f"parquet:{out}",
        workers=workers,
        partition_size=partition_size,
        progress=progress,
    )


def extract_figures(result: BatchResult, workers: int) -> dict[str, Any]:
    rate = result.articles_per_second
    peaks = sorted(result.worker_peak_rss_mib.values())
    return {
        "workers": workers,
        "articles": result.articles,
        "partitions": result.partitions,
        "errors": result.errors,
        "failed": len(result.failed),
        "startup_s": round(result.startup_seconds, 2),
        "wall_s": round(result.seconds, 2),
        "articles_per_s": round(rate, 1),
        "articles_per_s_per_core": round(rate / workers, 1),
        "extract_s_summed": round(result.extract_seconds, 2),
        "worker_cpu_s": round(result.cpu_seconds, 2),
        # Load-independent: what one core does when it is not shared with other work.
        "articles_per_cpu_s": round(result.articles / result.cpu_seconds, 1)
        if result.cpu_seconds
        else None,
        # How much of its cores the run got (1.0: each worker had a core to itself).
        "cpu_utilisation": round(result.cpu_seconds / (result.seconds * workers), 2)
        if result.seconds
        else None,
        "parquet_write_s_summed": round(result.write_seconds.get("parquet", 0.0), 2),
        "worker_peak_rss_mib": [round(p, 1) for p in peaks],
        "worker_peak_rss_mib_max": round(max(peaks), 1) if peaks else None,
    }


def write_database(parquet_dir: Path, url: str, limit: int | None) -> dict[str, Any]:
    """Write the documents of a Parquet run into ``url``, one transaction per partition."""
    output = ParquetOutput(parquet_dir)
    store = Store.open(url)
    sink = DatabaseOutput(normalize_url(url))
    sink.prepare(store)
    rows = articles = 0
    seconds = 0.0
    try:
        for path in output.files("documents"):
            if limit is not None and articles >= limit:
                break
            column = pq.read_table(path, columns=["document"]).column("document").to_pylist()
            docs = [Document.from_dict(json.loads(d)) for d in column]
            if limit is not None:
                docs = docs[: limit - articles]
            partition = path.stem.removeprefix("part-")
            t0 = time.perf_counter()
            counts, _ = sink.write(
                store, partition, {"id": partition}, docs, [], len(docs), "bench"
            )
            seconds += time.perf_counter() - t0
            rows += sum(counts.values())
            articles += len(docs)
    finally:
        store.close()
    return {
        "articles": articles,
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds, 1) if seconds else None,
        "articles_per_s": round(articles / seconds, 1) if seconds else None,
    }


def pg_schema(base: str) -> tuple[str, Callable[[], None]]:
    schema = f"wc_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalize_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(normalize_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--partition-size", type=int, default=500)
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="worker counts to run (default: 1 2)"
    )
    parser.add_argument(
        "--pg",
        default=os.environ.get("WIRECODER_TEST_PG_URL"),
        help="PostgreSQL URL (default: $WIRECODER_TEST_PG_URL)",
    )
    parser.add_argument(
        "--db-articles",
        type=int,
        default=None,
        help="documents to write into each database (default: all)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=Path("batch_throughput.json"),
        help="write the figures here (default: ./batch_throughput.json)",
    )
    parser.add_argument("--progress", action="store_true", help="show progress bars")
    args = parser.parse_args()

    results: dict[str, Any] = {
        "articles_requested": args.articles,
        "partition_size": args.partition_size,
        "cpus": os.cpu_count(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory(prefix="wirecoder-bench-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        corpus = write_corpus(root / "corpus", args.articles, args.seed, "jsonl", 5000)
        results["corpus_s"] = round(time.perf_counter() - t0, 2)
        results["corpus_mib"] = round(sum(p.stat().st_size for p in corpus) / 2**20, 1)

        runs: dict[int, dict[str, Any]] = {}
        for workers in args.workers:
            result = run_extract(
                corpus, root / f"out-{workers}", workers, args.partition_size, args.progress
            )
            runs[workers] = extract_figures(result, workers)
            print(
                f"extract on {workers} worker(s): {runs[workers]['articles_per_s']} articles/s",
                file=sys.stderr,
            )
        results["extract"] = [runs[w] for w in args.workers]
        if 1 in runs and 2 in runs and runs[1]["articles_per_s"]:
            speedup = runs[2]["articles_per_s"] / runs[1]["articles_per_s"]
            results["speedup_1_to_2"] = round(speedup, 2)
            results["scaling_efficiency_1_to_2"] = round(speedup / 2, 2)
            if runs[1]["articles_per_cpu_s"] and runs[2]["articles_per_cpu_s"]:
                # Per-core efficiency of 2 workers vs 1, measured in CPU time (unaffected
                # by other processes taking cores away).
                results["cpu_scaling_efficiency_1_to_2"] = round(
                    runs[2]["articles_per_cpu_s"] / runs[1]["articles_per_cpu_s"], 2
                )

        source = root / f"out-{max(args.workers)}"
        databases: dict[str, Any] = {}
        databases["sqlite"] = write_database(source, str(root / "bench.db"), args.db_articles)
        if args.pg:
            url, drop = pg_schema(args.pg)
            try:
                databases["postgresql"] = write_database(source, url, args.db_articles)
            finally:
                drop()
        results["database"] = databases
    results["driver_peak_rss_mib"] = round(driver_peak_rss_mib(), 1)
    results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]

    print_table(results)
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nwritten to {args.json}")


def print_table(results: dict[str, Any]) -> None:
    print(
        f"\ncorpus: {results['articles_requested']} articles, {results['corpus_mib']} MiB "
        f"JSON Lines; partitions of {results['partition_size']}; {results['cpus']} CPUs; "
        f"load average {results['load_average_start']} -> {results['load_average_end']}"
    )
    header = (
        f"{'workers':>7}  {'articles/s':>10}  {'per core':>8}  {'per CPU-s':>9}  "
        f"{'CPU use':>7}  {'wall s':>7}  {'startup s':>9}  {'peak RSS/worker MiB':>20}"
    )
    print(header)
    print("-" * len(header))
    for run in results["extract"]:
        peaks = "/".join(f"{p:.0f}" for p in run["worker_peak_rss_mib"])
        print(
            f"{run['workers']:>7}  {run['articles_per_s']:>10}  "
            f"{run['articles_per_s_per_core']:>8}  {run['articles_per_cpu_s']!s:>9}  "
            f"{run['cpu_utilisation']!s:>7}  {run['wall_s']:>7}  "
            f"{run['startup_s']:>9}  {peaks:>20}"
        )
    if "scaling_efficiency_1_to_2" in results:
        print(
            f"1 -> 2 workers: speed-up {results['speedup_1_to_2']}x, scaling efficiency "
            f"{results['scaling_efficiency_1_to_2']:.0%} (wall clock); per-core efficiency "
            f"in CPU time {results.get('cpu_scaling_efficiency_1_to_2', 0):.0%}"
        )
    print(f"driver peak RSS: {results['driver_peak_rss_mib']} MiB")
    print(f"\n{'database':>10}  {'rows/s':>9}  {'articles/s':>10}  {'rows':>9}  {'seconds':>7}")
    for name, db in results["database"].items():
        print(
            f"{name:>10}  {db['rows_per_s']:>9}  {db['articles_per_s']:>10}  "
            f"{db['rows']:>9}  {db['seconds']:>7}"
        )


if __name__ == "__main__":
    main()
