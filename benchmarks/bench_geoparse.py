"""Geoparsing throughput and memory.

    python benchmarks/bench_geoparse.py [--docs 200]

Articles of ~500 words: LGL texts joined to that length when ../shared/eval is present,
else copies of the bundled seed article. Prints articles/s for spaCy alone, for the whole
geoparser in one process, with --workers 2, and the resident memory of a worker.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def articles(n: int) -> list[str]:
    lgl = ROOT.parent / "shared" / "eval" / "lgl.jsonl"
    texts: list[str] = []
    if lgl.exists():
        buffer = ""
        for line in lgl.open(encoding="utf-8"):
            buffer += json.loads(line)["text"] + "\n\n"
            if len(buffer.split()) >= 500:
                texts.append(buffer)
                buffer = ""
            if len(texts) == n:
                break
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    while len(texts) < n:
        texts.append(seed)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    args = parser.parse_args()
    from geonews.documents import Article
    from geonews.geoparse import Geoparser
    from geonews.nlp import load_pipeline
    from geonews.pipeline import extract_many

    texts = articles(args.docs)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts)} articles, {words:.0f} words on average")

    nlp = load_pipeline()
    geoparser = Geoparser()
    geoparser.parse(texts[0])  # warm up
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    print(f"spaCy alone: {len(texts) / (time.perf_counter() - t0):.1f} articles/s")

    t0 = time.perf_counter()
    for text in texts:
        geoparser.parse(text)
    print(f"geoparser, 1 process: {len(texts) / (time.perf_counter() - t0):.1f} articles/s")

    for workers in (1, 2):
        docs = [Article(text=t) for t in texts]
        t0 = time.perf_counter()
        for _ in extract_many(docs, workers=workers):
            pass
        print(
            f"extract_many --workers {workers}: {len(texts) / (time.perf_counter() - t0):.1f} articles/s"
        )

    rss = int(Path(f"/proc/{os.getpid()}/status").read_text().split("VmRSS:")[1].split()[0]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"resident memory: {rss:.0f} MiB now, {peak:.0f} MiB peak")

    big = (texts[0] + "\n\n") * (1_000_000 // len(texts[0]) + 1)
    t0 = time.perf_counter()
    found = geoparser.parse(big)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"1 MB document: {time.perf_counter() - t0:.1f} s, {len(found)} toponyms, peak {peak:.0f} MiB"
    )


if __name__ == "__main__":
    main()
