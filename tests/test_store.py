"""The event store on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from geonews.documents import Article
from geonews.errors import QueryError
from geonews.gazetteer import Gazetteer
from geonews.geoparse import Geoparser
from geonews.pipeline import extract
from geonews.store import Filter, Store
from geonews.store.schema import documents, mentions

from .conftest import fresh_postgres_url

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
OTHER = (
    "Russian drone strikes hit Kharkiv overnight, injuring three people, the regional governor said. "
    "Separately, shelling of Nikopol in the Dnipropetrovsk region killed one man."
)


@pytest.fixture(scope="module")
def geoparser(gazetteer: Gazetteer) -> Geoparser:
    return Geoparser(gazetteer)


@pytest.fixture(scope="module")
def records(geoparser: Geoparser) -> dict[str, tuple[Article, dict[str, Any]]]:
    seed = Article(text=SEED, path="seeds/seed.txt", published="2025-04-25", source="Sample Wire")
    other = Article(text=OTHER, path="other.txt", published="2025-04-25", source="Other Daily")
    return {name: (a, extract(a, geoparser)) for name, a in (("seed", seed), ("other", other))}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    url = (
        f"sqlite:///{tmp_path / 'store.db'}" if request.param == "sqlite" else fresh_postgres_url()
    )
    s = Store(url)
    yield s  # type: ignore[misc]
    s.close()


def test_ingest_is_idempotent(store: Store, records: dict[str, Any]) -> None:
    article, record = records["seed"]
    first = store.ingest(article, record)
    second = store.ingest(article, record)
    assert (first.status, first.incidents) == ("added", 6)
    assert second.status == "skipped"
    assert store.stats()["documents"] == 1 and store.stats()["incidents"] == 6


def test_same_incident_from_two_articles_is_one_incident_with_two_sources(
    store: Store, records: dict[str, Any]
) -> None:
    for name in ("seed", "other"):
        store.ingest(*records[name])
    kharkiv = [i for i in store.incidents() if i["place_name"] == "Kharkiv"]
    assert len(kharkiv) == 1
    assert {s["source"] for s in kharkiv[0]["sources"]} == {"Sample Wire", "Other Daily"}
    assert kharkiv[0]["injured"] == 3  # the better-informed report fills the count
    # Same place, same ACLED event type, same day: one incident, whatever the weapon words.
    nikopol = [i for i in store.incidents() if i["place_name"] == "Nikopol"]
    assert len(nikopol) == 1 and len(nikopol[0]["sources"]) == 2
    assert nikopol[0]["fatalities"] == 1


def test_a_failing_document_leaves_nothing_behind(store: Store, records: dict[str, Any]) -> None:
    article, record = records["seed"]
    broken = json.loads(json.dumps(record))
    broken["claims"].append({"speaker": "X", "text": "y"})  # no evidence: fails mid-transaction
    with pytest.raises(KeyError):
        store.ingest(article, broken)
    assert store.stats() == {
        "documents": 0,
        "incidents": 0,
        "claims": 0,
        "places": 0,
        "mentions": 0,
    }
    assert store.ingest(article, record).status == "added"


@pytest.mark.parametrize(
    ("flt", "places"),
    [
        (Filter(), {"Kyiv", "Pavlohrad", "Marhanets", "Nikopol", "Kharkiv", "Moscow"}),
        (Filter(region="Dnipropetrovsk"), {"Pavlohrad", "Marhanets", "Nikopol"}),
        (Filter(region="UA-12"), {"Pavlohrad", "Marhanets", "Nikopol"}),
        (Filter(region="RU"), {"Moscow"}),
        (Filter(region="Russia"), {"Moscow"}),
        (Filter(sub_event_type=("Remote explosive/landmine/IED",)), {"Moscow"}),
        (Filter(actor="ukraine"), {"Moscow"}),
        (Filter(query="Pavlohrad"), {"Pavlohrad"}),
        (Filter(query="car bomb"), {"Moscow"}),
        (
            Filter(source="Sample"),
            {"Kyiv", "Pavlohrad", "Marhanets", "Nikopol", "Kharkiv", "Moscow"},
        ),
        (Filter(source="nothing like it"), set()),
        (Filter(kind="claims"), set()),
        (Filter(min_confidence=0.85), {"Pavlohrad"}),
    ],
)
def test_filters(
    store: Store, records: dict[str, Any], gazetteer: Gazetteer, flt: Filter, places: set[str]
) -> None:
    store.ingest(*records["seed"])
    assert {i["place_name"] for i in store.incidents(flt.with_region(gazetteer))} == places


def test_date_filters(store: Store, records: dict[str, Any]) -> None:
    import datetime as dt

    store.ingest(*records["seed"])
    day = dt.date(2025, 4, 24)
    assert {i["place_name"] for i in store.incidents(Filter(since=day, until=day))} == {"Kyiv"}
    later = Filter(since=dt.date(2026, 1, 1), include_undated=False)
    assert store.incidents(later) == []
    with pytest.raises(QueryError):
        Filter(since=dt.date(2025, 5, 1), until=dt.date(2025, 4, 1))


def test_claim_filters(store: Store, records: dict[str, Any], gazetteer: Gazetteer) -> None:
    store.ingest(*records["seed"])
    crimea = store.claims(Filter(region="UA-43").with_region(gazetteer))
    assert {c["speaker"] for c in crimea} == {"Donald Trump administration"}
    assert store.claims(Filter(event_type=("Battles",))) == []
    lavrov = store.claims(Filter(actor="Vance"))
    assert {c["speaker"] for c in lavrov} == {"J.D. Vance"}


HOSTILE = [
    "'; DROP TABLE incidents; --",
    '" OR 1=1 --',
    "%",
    "_",
    "\\",
    "Robert'); DELETE FROM documents;--",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_sql_is_built_from_parameters_only(
    store: Store, records: dict[str, Any], value: str
) -> None:
    store.ingest(*records["seed"])
    flt = Filter(actor=value, source=value, query=value)
    assert store.incidents(flt) == [] and store.claims(flt) == []
    assert store.stats()["incidents"] == 6 and store.stats()["documents"] == 1


def test_document_reader_has_mentions_incidents_and_claims(
    store: Store, records: dict[str, Any]
) -> None:
    article, record = records["seed"]
    store.ingest(article, record)
    doc = store.document(article.id)
    assert doc is not None and doc["text"] == SEED
    assert len(doc["mentions"]) == 30 and len(doc["incidents"]) == 6 and len(doc["claims"]) >= 9
    with store.engine.connect() as conn:
        assert conn.execute(select(documents.c.source)).scalar() == "Sample Wire"
        starts = [
            r.start for r in conn.execute(select(mentions.c.start).order_by(mentions.c.start))
        ]
        assert starts[0] == 0


def test_sqlite_store_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert store.integrity_check()


def test_places_without_region_code_are_placed_by_polygon(
    store: Store, gazetteer: Gazetteer
) -> None:
    article = Article(
        text="A strike hit a village near Pavlohrad.", path="v.txt", published="2025-04-25"
    )
    village = {
        "name": "Somewhere",
        "geonameid": 999000001,
        "lat": 48.6,
        "lon": 35.9,
        "kind": "city",
        "country_code": "UA",
        "admin1_code": None,
    }
    record = {
        "toponyms": [{**village, "start": 0, "end": 1, "confidence": 0.5}],
        "events": [
            {
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
                "place": village,
                "date": "2025-04-25",
                "time_precision": 1,
                "geo_precision": 1,
                "evidence": {"start": 0, "end": 38, "text": article.text},
                "confidence": 0.6,
            }
        ],
        "claims": [],
    }
    store.ingest(article, record)
    found = store.incidents(Filter(region="Dnipropetrovsk").with_region(gazetteer))
    assert [i["place_name"] for i in found] == ["Somewhere"]
    assert found[0]["admin1_code"] == "04"


def test_incident_at_a_place_without_geonames_id_is_stored_and_exported(
    store: Store, geoparser: Geoparser
) -> None:
    article = Article(
        text="Ukrainian naval drones attacked two Russian warships in the Black Sea on Sunday.",
        path="sea.txt",
        published="2025-04-27",
    )
    record = extract(article, geoparser)
    assert [e["place"]["geonameid"] for e in record["events"]] == [None]
    assert store.ingest(article, record).incidents == 1
    (incident,) = store.incidents()
    assert incident["place_name"] == "Black Sea" and incident["actor1"] == "Ukraine"
    from geonews.export import export_records

    feature = json.loads(export_records(store, Filter(), "geojson"))["features"][0]
    assert feature["properties"]["geonameid"] is None
    assert feature["geometry"]["coordinates"] == pytest.approx([34.3, 43.4])


def test_a_document_id_of_any_length_is_stored(store: Store, geoparser: Geoparser) -> None:
    # ids from a JSON Lines input are the user's: a URL-sized one must fit on both engines
    article = Article(text=OTHER, id="https://example.org/news/" + "x" * 300, source="Wire")
    assert store.ingest(article, extract(article, geoparser)).status == "added"
    found = store.document(article.id)
    assert found is not None and found["incidents"]
    assert store.ingest(article, extract(article, geoparser)).status == "skipped"


CYRILLIC = (
    "Russian drones hit Kharkiv (Харків) overnight, injuring three people, "
    "the regional governor said."
)


@pytest.mark.parametrize(
    ("flt", "hits"),
    [
        (Filter(source="укрінформ"), 1),  # stored as "Укрінформ"
        (Filter(source="УКРІНФОРМ"), 1),
        (Filter(query="харків"), 1),  # the evidence says "Харків"
        (Filter(query="ХАРКІВ"), 1),
        (Filter(source="ärger"), 0),
        (Filter(source="укрінформ-x"), 0),
    ],
)
def test_case_folds_the_same_for_every_script_on_both_engines(
    store: Store, geoparser: Geoparser, flt: Filter, hits: int
) -> None:
    article = Article(text=CYRILLIC, source="Укрінформ", published="2025-04-25")
    store.ingest(article, extract(article, geoparser))
    assert len(store.incidents(flt)) == hits


@pytest.mark.postgres
def test_a_version_1_postgresql_store_is_migrated_to_unbounded_ids(geoparser: Geoparser) -> None:
    from sqlalchemy import text

    url = fresh_postgres_url()
    Store(url).close()
    old = Store(url)
    with old.engine.begin() as conn:  # put the store back to what version 1 created
        conn.execute(text('ALTER TABLE documents ALTER COLUMN "id" TYPE VARCHAR(32)'))
        conn.execute(
            text('ALTER TABLE incident_sources ALTER COLUMN "document_id" TYPE VARCHAR(32)')
        )
        conn.execute(text('ALTER TABLE mentions ALTER COLUMN "document_id" TYPE VARCHAR(32)'))
        conn.execute(text('ALTER TABLE claims ALTER COLUMN "document_id" TYPE VARCHAR(32)'))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 2"))
    old.close()
    store = Store(url)
    article = Article(text=OTHER, id="y" * 120)
    assert store.ingest(article, extract(article, geoparser)).status == "added"
    store.close()
