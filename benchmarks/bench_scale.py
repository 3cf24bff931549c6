"""Figures at scale: ingest of many documents (rate, peak memory) and streamed export.

    python benchmarks/bench_scale.py [--docs 10000] [--engine dask] [--workers 2]
                                     [--incidents 100000] [--postgres URL]

1. ``geonews ingest`` of ``--docs`` articles (LGL texts when ../shared/eval is present, each
   copy made unique, else the seed article) into a new SQLite store, as a subprocess; the
   resident memory of its whole process tree (the command, its workers or Dask's scheduler,
   nannies and workers) is sampled every half second.
2. One writer storing ``--writes`` extracted articles (batches of 64 per transaction).
3. ``geonews export`` (GeoJSON, streamed to a file) of ``--incidents`` synthetic incidents,
   with the same sampling.
4. With ``--postgres URL`` (a PostGIS database): the same incidents there, the region and
   map-view filters as spatial SQL, and the export.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def texts(n: int) -> list[str]:
    lgl = ROOT.parent / "shared" / "eval" / "lgl.jsonl"
    pool = (
        [json.loads(line)["text"] for line in lgl.open(encoding="utf-8")]
        if lgl.exists()
        else [next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")]
    )
    return [f"{pool[i % len(pool)]}\n\n(copy {i})" for i in range(n)]


def run_sampled(command: list[str]) -> tuple[float, float, float, str]:
    """Run a command; (seconds, peak MiB of the command's own process, peak MiB of its whole
    process tree, standard output)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak_own = peak_tree = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_own, peak_tree
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                own = parent.memory_info().rss
                tree = own + sum(
                    c.memory_info().rss for c in parent.children(recursive=True) if c.is_running()
                )
            except psutil.Error:
                break
            peak_own, peak_tree = max(peak_own, own / 2**20), max(peak_tree, tree / 2**20)
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode not in (0, 2):
        raise SystemExit(f"{command[:3]} failed with {proc.returncode}")
    return time.perf_counter() - t0, peak_own, peak_tree, out


def write_rate(n: int, url: str, name: str) -> None:
    """How fast one writer stores extracted documents (batches of 64 per transaction): the
    ceiling of a cluster whose results all go through one ingest command."""
    from dataclasses import replace

    from geonews.documents import Article, document_id
    from geonews.geoparse import Geoparser
    from geonews.pipeline import extract
    from geonews.store import Store

    geoparser = Geoparser()
    extracted = []
    for body in texts(40):
        article = Article(text=body, published="2025-04-25")
        extracted.append((article, extract(article, geoparser)))
    store = Store(url)
    batch = []
    t0 = time.perf_counter()
    for i in range(n):
        article, record = extracted[i % len(extracted)]
        body = f"{article.text} [{i}]"
        copy = replace(article, text=body, id=document_id(body))
        batch.append((copy, {**record, "id": copy.id}))
        if len(batch) == 64 or i == n - 1:
            store.ingest_many(batch)
            batch = []
    seconds = time.perf_counter() - t0
    print(f"{name}: store writes of {n:,} extracted articles: {n / seconds:.0f} articles/s")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--engine", choices=["process", "dask"], default="dask")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--writes", type=int, default=5_000, help="extracted articles to store")
    parser.add_argument("--postgres", help="a PostGIS database URL for part 3")
    args = parser.parse_args()
    geonews = [sys.executable, "-m", "geonews"]

    with tempfile.TemporaryDirectory() as tmp:
        if args.docs:
            inputs = Path(tmp) / "inputs.jsonl"
            with inputs.open("w", encoding="utf-8") as out:
                for i, body in enumerate(texts(args.docs)):
                    out.write(json.dumps({"id": f"doc-{i}", "text": body}) + "\n")
            words = sum(len(t.split()) for t in texts(min(args.docs, 600))) / min(args.docs, 600)
            seconds, own, tree, out = run_sampled(
                [
                    *geonews,
                    "ingest",
                    str(inputs),
                    "--db",
                    f"sqlite:///{tmp}/ingest.db",
                    "--engine",
                    args.engine,
                    "--workers",
                    str(args.workers),
                    "--quiet",
                    "--format",
                    "json",
                ]
            )
            summary = json.loads(out)
            print(
                f"ingest of {args.docs:,} articles ({words:.0f} words on average), "
                f"--engine {args.engine} --workers {args.workers}: {seconds:.0f} s, "
                f"{args.docs / seconds:.1f} articles/s; peak memory {own:.0f} MiB (command), "
                f"{tree:.0f} MiB (with its workers); {summary}"
            )

        if args.writes:
            write_rate(args.writes, f"sqlite:///{tmp}/writes.db", "sqlite")
            if args.postgres:
                write_rate(args.writes, args.postgres, "postgis")

        if args.incidents:
            from bench_store import seed_synthetic

            from geonews.store import Store

            stores = {"sqlite": f"sqlite:///{tmp}/big.db"}
            if args.postgres:
                stores["postgis"] = args.postgres
            for name, url in stores.items():
                store = Store(url)
                t0 = time.perf_counter()
                seed_synthetic(store, args.incidents)
                print(
                    f"{name}: seeded {args.incidents:,} incidents in {time.perf_counter() - t0:.0f} s"
                )
                target = Path(tmp) / f"{name}.geojson"
                seconds, own, _, _ = run_sampled(
                    [
                        *geonews,
                        "export",
                        "--db",
                        url,
                        "--kind",
                        "incidents",
                        "--output",
                        str(target),
                    ]
                )
                print(
                    f"{name}: GeoJSON export of {args.incidents:,} incidents to a file: "
                    f"{seconds:.1f} s, {target.stat().st_size / 2**20:.0f} MiB written, "
                    f"peak memory {own:.0f} MiB"
                )
                from geonews.gazetteer import open_gazetteer
                from geonews.store import Filter

                gazetteer = open_gazetteer()
                for label, flt in {
                    "region Dnipropetrovsk": Filter(region="Dnipropetrovsk", kind="incidents"),
                    "map view 33,47,38,51": Filter(bbox=(33, 47, 38, 51), kind="incidents"),
                }.items():
                    flt = flt.with_region(gazetteer)
                    t0 = time.perf_counter()
                    count, _ = store.incident_totals(flt)
                    print(
                        f"{name}: count under {label}: {1000 * (time.perf_counter() - t0):.0f} ms "
                        f"({count:,} incidents)"
                    )
                store.close()


if __name__ == "__main__":
    main()
