"""Beyond one machine: the PostGIS store, the Dask engine, streamed inputs and exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from geonews.cli import main
from geonews.documents import Article
from geonews.gazetteer import Gazetteer
from geonews.geoparse import Geoparser
from geonews.pipeline import extract, extract_pairs
from geonews.store import Filter, Store
from geonews.store.schema import claims, documents, incident_sources, incidents, places

from .conftest import fresh_postgres_url, shared_path

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
OTHER = (
    "Russian drones struck a depot in Kharkiv overnight, injuring two workers, the governor "
    "said. In Odesa, a missile hit the port; nobody was hurt. Far away, a storm flooded "
    "streets in Anchorage, Alaska."
)


@pytest.fixture(scope="module")
def geoparser(gazetteer: Gazetteer) -> Geoparser:
    return Geoparser(gazetteer)


def _fill(store: Store, geoparser: Geoparser) -> None:
    for body in (SEED, OTHER):
        article = Article(text=body, published="2025-03-02")
        store.ingest(article, extract(article, geoparser))


def _ids(store: Store, flt: Filter) -> list[str]:
    return sorted(row["id"] for row in store.incidents(flt))


@pytest.mark.postgres
def test_postgis_keeps_points_and_region_polygons_indexed(geoparser: Geoparser) -> None:
    store = Store(fresh_postgres_url())
    try:
        assert store.spatial
        _fill(store, geoparser)
        with store.engine.connect() as conn:
            point = conn.execute(
                text("SELECT ST_X(geom), ST_Y(geom), ST_SRID(geom) FROM places WHERE name = 'Kyiv'")
            ).one()
            assert point[0] == pytest.approx(30.52, abs=0.01)
            assert point[1] == pytest.approx(50.45, abs=0.01)
            assert point[2] == 4326
            indexes = conn.execute(
                text(
                    "SELECT indexname, indexdef FROM pg_indexes "
                    "WHERE tablename IN ('places', 'region_shapes')"
                )
            ).all()
            gist = {name for name, definition in indexes if "USING gist" in definition}
            assert {"places_geom", "region_shapes_geom"} <= gist
            # the region polygons live in the database: the one holding Kyiv is Kyiv's
            holder = conn.execute(
                text(
                    "SELECT r.country_code, r.name FROM region_shapes r JOIN places p "
                    "ON ST_Intersects(r.geom, p.geom) WHERE p.name = 'Pavlohrad'"
                )
            ).one()
            assert holder[0] == "UA" and "Dnipro" in holder[1]
    finally:
        store.close()


@pytest.mark.postgres
def test_region_and_map_view_filters_are_spatial_sql_with_the_same_answers(
    geoparser: Geoparser, gazetteer: Gazetteer, tmp_path: Path
) -> None:
    spatial = Store(fresh_postgres_url())
    plain = Store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        _fill(spatial, geoparser)
        _fill(plain, geoparser)
        filters = {
            "Dnipropetrovsk region": Filter(region="Dnipropetrovsk").with_region(gazetteer),
            "Ukraine": Filter(region="UA").with_region(gazetteer),
            "map over eastern Ukraine": Filter(bbox=(33.0, 47.0, 38.0, 51.0)),
            "map over Alaska, across 180°": Filter(bbox=(170.0, 50.0, -140.0, 72.0)),
        }
        expected = {
            "Dnipropetrovsk region": {"Pavlohrad", "Marhanets", "Nikopol"},
            "map over eastern Ukraine": {"Pavlohrad", "Marhanets", "Nikopol", "Kharkiv"},
        }
        for label, flt in filters.items():
            sql = str(flt.incidents_select().compile(dialect=spatial.engine.dialect))
            assert ("ST_Intersects" in sql) if flt.region else ("ST_MakeEnvelope" in sql), label
            assert _ids(spatial, flt) == _ids(plain, flt), label
            if label in expected:
                names = {row["place_name"] for row in spatial.incidents(flt)}
                assert names == expected[label], label
        assert _ids(spatial, filters["map over Alaska, across 180°"]) == []  # a storm is no strike
    finally:
        spatial.close()
        plain.close()


def test_a_bounding_box_needs_sane_numbers() -> None:
    from geonews.errors import QueryError

    with pytest.raises(QueryError, match="latitudes"):
        Filter(bbox=(30.0, 52.0, 35.0, 48.0))
    with pytest.raises(QueryError, match="longitudes"):
        Filter(bbox=(-200.0, 40.0, 35.0, 48.0))


def _records(store: Store) -> dict[str, Any]:
    with store.engine.connect() as conn:
        return {
            "documents": sorted(conn.execute(select(documents.c.id)).scalars()),
            "incidents": sorted(
                tuple(r)
                for r in conn.execute(
                    select(
                        incidents.c.id,
                        incidents.c.sub_event_type,
                        incidents.c.place_id,
                        incidents.c.fatalities,
                        incidents.c.injured,
                    )
                )
            ),
            "sources": sorted(
                tuple(r)
                for r in conn.execute(
                    select(incident_sources.c.incident_id, incident_sources.c.document_id)
                )
            ),
            "claims": sorted(conn.execute(select(claims.c.id)).scalars()),
            "places": sorted(conn.execute(select(places.c.geonameid)).scalars()),
        }


@pytest.mark.slow
@pytest.mark.postgres
def test_a_dask_cluster_into_postgis_stores_what_one_process_stores_in_sqlite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lgl = shared_path("eval", "lgl.jsonl")
    inputs = tmp_path / "inputs.jsonl"
    with inputs.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "seed", "text": SEED}) + "\n")
        with lgl.open(encoding="utf-8") as corpus:
            for _, line in zip(range(30), corpus, strict=False):
                out.write(
                    json.dumps({"id": json.loads(line)["id"], "text": json.loads(line)["text"]})
                    + "\n"
                )
        out.write("{not json\n")  # a bad line is reported, the rest go on
    sqlite_url = f"sqlite:///{tmp_path / 'one.db'}"
    postgis_url = fresh_postgres_url()

    def ingest(*extra: str) -> dict[str, Any]:
        code = main(["ingest", str(inputs), "--quiet", "--format", "json", *extra])
        assert code != 0  # the bad line counts as a failure
        return dict(json.loads(capsys.readouterr().out))

    one = ingest("--db", sqlite_url)
    cluster = ingest("--db", postgis_url, "--engine", "dask", "--workers", "2")
    assert one == cluster
    assert one["documents_added"] == 31 and one["documents_failed"] == 1
    first, second = Store(sqlite_url), Store(postgis_url)
    try:
        assert second.spatial
        assert _records(first) == _records(second)
        # again: everything is stored already, nothing is sent to the cluster
        again = ingest("--db", postgis_url, "--engine", "dask", "--workers", "2")
        assert again["documents_added"] == 0 and again["documents_skipped"] == 31
    finally:
        first.close()
        second.close()


def test_engines_give_the_same_records_in_input_order() -> None:
    bodies = [SEED, OTHER, "", "Nothing happened anywhere today.", f"{OTHER}\n\n{SEED}"]
    articles = [Article(text=body, id=f"doc-{i}") for i, body in enumerate(bodies)]
    alone = [(a.id, extract(a)) for a in articles]  # each parsed on its own
    one = [(a.id, r) for a, r in extract_pairs(articles)]  # type: ignore[union-attr]
    pool = [(a.id, r) for a, r in extract_pairs(articles, workers=2, batch_size=2)]  # type: ignore[union-attr]
    assert [i for i, _ in one] == [f"doc-{i}" for i in range(5)]
    assert one == alone  # parsed together by spaCy, read the same
    assert one == pool
    assert len(dict(one)["doc-1"]["events"]) >= 2 and dict(one)["doc-2"]["toponyms"] == []


def test_a_document_that_breaks_extraction_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import geonews.pipeline as pipeline
    from geonews.documents import InputError

    real = pipeline._record

    def fragile(article: Article, *args: Any) -> dict[str, Any]:
        if "poison" in article.text:
            raise RuntimeError("parser crashed")
        return real(article, *args)

    monkeypatch.setattr(pipeline, "_record", fragile)
    bodies = ["Shelling hit Kharkiv.", "poison", "A drone hit Odesa."]
    items = [Article(text=body, id=f"{i}") for i, body in enumerate(bodies)]
    out = dict((a.id, r) for a, r in extract_pairs(items))  # type: ignore[union-attr]
    assert isinstance(out["1"], InputError) and "parser crashed" in str(out["1"])
    # the documents of its batch, before and after it, are extracted all the same
    assert [t["name"] for t in out["0"]["toponyms"]] == ["Kharkiv"]  # type: ignore[index]
    assert [t["name"] for t in out["2"]["toponyms"]] == ["Odesa"]  # type: ignore[index]


def test_export_streams_to_a_file_and_the_map_view_limits_it(
    geoparser: Geoparser, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from geonews.export import export_records

    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    try:
        _fill(store, geoparser)
        whole = export_records(store, Filter(), "geojson")
    finally:
        store.close()
    target = tmp_path / "out.geojson"
    assert main(["export", "--db", url, "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == whole  # written feature by feature
    assert not list(tmp_path.glob("*.partial"))
    assert main(["export", "--db", url, "--kind", "incidents", "--bbox", "33,47,38,51"]) == 0
    shown = json.loads(capsys.readouterr().out)
    names = {f["properties"]["location"] for f in shown["features"]}
    assert names == {"Pavlohrad", "Marhanets", "Nikopol", "Kharkiv"}
    assert main(["export", "--db", url, "--bbox", "33,47,38"]) == 2
    assert "west,south,east,north" in capsys.readouterr().err


def test_the_page_lists_the_newest_articles_not_the_whole_store(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        pairs = []
        for i in range(12):
            body = f"Report {i}: the town council met in Lviv to discuss the budget."
            article = Article(
                text=body, title=f"Report {i}", source="City Gazette" if i % 2 else None
            )
            pairs.append((article, {"id": article.id, "toponyms": [], "events": [], "claims": []}))
        store.ingest_many(pairs)
        first = pairs[0][0].id
        listed = store.documents(limit=5, include=first)
        assert len(listed) == 6 and first in {d["id"] for d in listed}
        assert all("text" not in d for d in listed)  # titles only; one article's text at a time
        # the source filter offers names, one per source, not one per document
        sources = store.facets()["sources"]
        assert sources.count("City Gazette") == 1 and "Report 0" in sources
        assert len(sources) == 7
    finally:
        store.close()


def test_a_scheduler_address_needs_the_dask_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("Shelling hit Kharkiv.", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", db, "--scheduler", "tcp://x:1"]) == 2
    assert "--engine dask" in capsys.readouterr().err


def test_an_export_that_fails_midway_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import geonews.export

    def broken(store: Any, flt: Any, fmt: str, out: Any) -> None:
        out.write('{"type":"FeatureCollection","features":[')
        raise OSError("disk full")

    monkeypatch.setattr(geonews.export, "write_records", broken)
    target = tmp_path / "out.geojson"
    with pytest.raises(OSError, match="disk full"):
        main(["export", "--db", f"sqlite:///{tmp_path / 'store.db'}", "--output", str(target)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.db"]
