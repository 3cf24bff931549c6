"""Event-store figures: end-to-end ingest rate, export and filtered queries over 100,000 incidents.

    python benchmarks/bench_store.py [--incidents 100000] [--docs 60]

Uses temporary SQLite stores. The 100,000 incidents are synthetic (random towns of the real
gazetteer, random types and dates), inserted directly, then exported and filtered with the
same code the CLI and the dashboard use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from geonews.documents import Article
from geonews.export import export_records
from geonews.gazetteer import open_gazetteer
from geonews.geoparse import Geoparser
from geonews.pipeline import extract
from geonews.store import Filter, Store
from geonews.store.schema import documents, incident_sources, incidents, places

ROOT = Path(__file__).resolve().parents[1]
TYPES = [
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
]


def sample_articles(n: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    lgl = ROOT.parent / "shared" / "eval" / "lgl.jsonl"
    if lgl.exists():
        for line in lgl.open(encoding="utf-8"):
            texts.append(json.loads(line)["text"])
            if len(texts) >= n:
                break
    while len(texts) < n:
        texts.append(texts[len(texts) % max(1, len(texts))] + f"\n\n({len(texts)})")
    return texts[:n]


def seed_synthetic(store: Store, n: int) -> None:
    gazetteer = open_gazetteer()
    towns = gazetteer._query(
        "SELECT geonameid, name, kind, country_code, admin1_code, lat, lon FROM places "
        "WHERE kind = 'city' AND population > 20000 ORDER BY random() LIMIT 5000"
    )
    rng = random.Random(7)
    with store.engine.connect().execution_options(geonews_write=True) as conn, conn.begin():
        store._insert_ignore(  # SQLite or PostgreSQL
            conn,
            places,
            [
                {
                    "geonameid": t[0],
                    "name": t[1],
                    "kind": t[2],
                    "country_code": t[3],
                    "admin1_code": t[4],
                    "lat": t[5],
                    "lon": t[6],
                }
                for t in towns
            ],
            ["geonameid"],
        )
        conn.execute(
            insert(documents),
            [{"id": "synthetic", "text": "synthetic", "source": "Synthetic Wire"}],
        )
        rows, sources = [], []
        start = dt.date(2024, 1, 1)
        for i in range(n):
            town = rng.choice(towns)
            event_type, sub_type = rng.choice(TYPES)
            rows.append(
                {
                    "id": f"s{i:07d}",
                    "event_type": event_type,
                    "sub_event_type": sub_type,
                    "place_id": town[0],
                    "event_date": start + dt.timedelta(days=rng.randrange(700)),
                    "time_precision": 1,
                    "geo_precision": 1,
                    "fatalities": rng.choice([None, 0, 1, 2, 5]),
                    "injured": None,
                    "actor1": rng.choice(["Russia", "Ukraine", None]),
                    "confidence": rng.random(),
                }
            )
            sources.append(
                {
                    "incident_id": f"s{i:07d}",
                    "document_id": "synthetic",
                    "evidence_start": 0,
                    "evidence_end": 9,
                    "evidence_text": f"Synthetic strike number {i} on {town[1]}.",
                }
            )
        conn.execute(insert(incidents), rows)
        conn.execute(insert(incident_sources), sources)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--docs", type=int, default=60)
    args = parser.parse_args()
    gazetteer = open_gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/ingest.db")
        geoparser = Geoparser(gazetteer)
        texts = sample_articles(args.docs)
        geoparser.parse(texts[0])
        t0 = time.perf_counter()
        for text in texts:
            article = Article(text=text, published="2025-04-25")
            store.ingest(article, extract(article, geoparser))
        elapsed = time.perf_counter() - t0
        words = sum(len(t.split()) for t in texts) / len(texts)
        print(
            f"ingest end to end (extract + store, 1 process): {len(texts) / elapsed:.1f} articles/s "
            f"({words:.0f} words on average)"
        )

        big = Store(f"sqlite:///{tmp}/big.db")
        t0 = time.perf_counter()
        seed_synthetic(big, args.incidents)
        print(f"seeded {args.incidents:,} synthetic incidents in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        text = export_records(big, Filter(kind="incidents"), "geojson")
        print(
            f"GeoJSON export of {args.incidents:,} incidents: {time.perf_counter() - t0:.2f} s, "
            f"{len(text) / 2**20:.0f} MiB"
        )
        t0 = time.perf_counter()
        export_records(big, Filter(kind="incidents"), "csv")
        print(f"CSV export of {args.incidents:,} incidents: {time.perf_counter() - t0:.2f} s")
        filters = {
            "country UA": Filter(region="UA", kind="incidents").with_region(gazetteer),
            "type + dates": Filter(
                event_type=("Battles",),
                since=dt.date(2024, 6, 1),
                until=dt.date(2024, 6, 30),
                kind="incidents",
            ),
            "actor": Filter(actor="ukraine", since=dt.date(2025, 1, 1), kind="incidents"),
            "text query": Filter(query="number 4242 ", kind="incidents"),
        }
        for name, flt in filters.items():
            t0 = time.perf_counter()
            found = big.incidents(flt)
            print(
                f"filtered query ({name}): {1000 * (time.perf_counter() - t0):.0f} ms, {len(found)} incidents"
            )


if __name__ == "__main__":
    main()
