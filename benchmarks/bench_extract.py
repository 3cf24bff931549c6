"""Extraction throughput against spaCy's NER alone, on the same texts in the same run.

    python benchmarks/bench_extract.py [--docs 200] [--words 430] [--repeat 2] [--chunk 32] [--engines]

Articles of about ``--words`` words: LGL texts joined to that length when ../shared/eval is
present, else the bundled seed article. Prints articles/s for

- spaCy NER only: the ``ner`` component alone (in en_core_web_sm it carries its own
  token-to-vector layer), and with the shared ``tok2vec`` too, as some measure it;
- the whole spaCy pipeline (what extraction parses with);
- geonews extraction (toponyms, incidents, claims) in one process, as ``ingest`` runs it
  (``extract_pairs``: spaCy parses 16 documents together) and one document at a time
  (``extract``, as the page and ``geonews extract`` on one file do), and its ratio to NER only;
- with ``--engines``: extraction on 2 worker processes and on a 2-worker Dask LocalCluster
  (their start-up included, as an ingest would pay it).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def articles(n: int, words: int) -> list[str]:
    lgl = ROOT.parent / "shared" / "eval" / "lgl.jsonl"
    texts: list[str] = []
    if lgl.exists():
        buffer: list[str] = []
        for line in lgl.open(encoding="utf-8"):
            buffer.append(json.loads(line)["text"])
            if sum(len(t.split()) for t in buffer) >= words:
                texts.append("\n\n".join(buffer))
                buffer = []
            if len(texts) == n:
                break
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    while len(texts) < n:
        texts.append(f"{seed}\n\n({len(texts)})")
    return texts


def rate(n: int, run: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    run()
    return n / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--words", type=int, default=430)
    parser.add_argument("--engines", action="store_true", help="also 2 processes and Dask")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the articles")
    parser.add_argument("--chunk", type=int, default=32, help="articles each variant runs in turn")
    args = parser.parse_args()

    from geonews.documents import Article
    from geonews.geoparse import Geoparser
    from geonews.nlp import load_pipeline
    from geonews.pipeline import extract, extract_pairs

    texts = articles(args.docs, args.words)
    n = len(texts)
    words = sum(len(t.split()) for t in texts) / n
    print(f"{n} articles, {words:.0f} words on average")
    nlp = load_pipeline()
    geoparser = Geoparser()
    extract(Article(text=texts[0]), geoparser)  # warm up: model, gazetteer, caches

    def spacy_only(enable: list[str] | None) -> Callable[[list[str]], object]:
        def run(chunk: list[str]) -> object:
            if enable is None:
                return list(nlp.pipe(chunk, batch_size=16))
            with nlp.select_pipes(enable=enable):
                return list(nlp.pipe(chunk, batch_size=16))

        return run

    runs: dict[str, Callable[[list[str]], object]] = {
        "ner": spacy_only(["ner"]),
        "ner_t2v": spacy_only(["tok2vec", "ner"]),
        "full": spacy_only(None),
        "one": lambda chunk: list(extract_pairs([Article(text=t) for t in chunk], workers=1)),
        "single": lambda chunk: [extract(Article(text=t), geoparser) for t in chunk],
    }
    # The machine is shared and its speed drifts by a third over minutes: every variant runs
    # on the same chunk of articles back to back (in a rotating order), chunk after chunk, so
    # a slow spell slows them all alike; each rate is all articles over all its time.
    seconds = dict.fromkeys(runs, 0.0)
    names = list(runs)
    chunks = [texts[i : i + args.chunk] for i in range(0, n, args.chunk)]
    for round_ in range(args.repeat):
        for c, chunk in enumerate(chunks):
            k = (c + round_) % len(names)
            for name in names[k:] + names[:k]:
                t0 = time.perf_counter()
                runs[name](chunk)
                seconds[name] += time.perf_counter() - t0
    ner, ner_t2v, full, one, single = (n * args.repeat / seconds[k] for k in runs)
    print(f"spaCy NER only (ner):             {ner:6.2f} articles/s")
    print(f"spaCy NER only (tok2vec + ner):   {ner_t2v:6.2f} articles/s")
    print(f"spaCy whole pipeline:             {full:6.2f} articles/s")
    print(f"geonews extract, 1 process:       {one:6.2f} articles/s")
    print(f"  one document at a time:         {single:6.2f} articles/s")
    print(f"  ratio to NER only (ner):        {one / ner:6.2f}")
    print(f"  ratio to NER only (tok2vec+ner):{one / ner_t2v:6.2f}")
    if args.engines:
        docs = [Article(text=t) for t in texts]
        pool = rate(n, lambda: list(extract_pairs(docs, workers=2)))
        dask = rate(n, lambda: list(extract_pairs(docs, workers=2, engine="dask")))
        print(f"geonews extract, 2 processes:     {pool:6.2f} articles/s (start-up included)")
        print(f"geonews extract, Dask 2 workers:  {dask:6.2f} articles/s (start-up included)")


if __name__ == "__main__":
    main()
