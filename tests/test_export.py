"""GeoJSON and CSV exports, as a validator and a spreadsheet read them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import geojson
import pytest

from geonews.documents import Article
from geonews.export import CSV_COLUMNS, export_records
from geonews.gazetteer import Gazetteer
from geonews.geoparse import Geoparser
from geonews.pipeline import extract
from geonews.store import Filter, Store

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = next((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def store(gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(f"sqlite:///{tmp_path_factory.mktemp('export') / 'store.db'}")
    article = Article(
        text=SEED_PATH.read_text(encoding="utf-8"), path=str(SEED_PATH), published="2025-04-25"
    )
    s.ingest(article, extract(article, Geoparser(gazetteer)))
    return s


def test_geojson_is_valid_rfc7946(store: Store) -> None:
    text = export_records(store, Filter(), "geojson")
    collection = geojson.loads(text)
    assert collection.is_valid, collection.errors()
    data = json.loads(text)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert all(isinstance(f["id"], str) for f in data["features"])
    kyiv = next(
        f
        for f in data["features"]
        if f["properties"].get("location") == "Kyiv"
        and f["properties"]["record_kind"] == "incident"
    )
    lon, lat = kyiv["geometry"]["coordinates"]
    assert (round(lon, 2), round(lat, 2)) == (30.52, 50.45)
    props = kyiv["properties"]
    assert props["event_type"] == "Explosions/Remote violence" and props["fatalities"] == 12
    assert "killed at least 12 people" in props["evidence"]
    assert props["source"].endswith(SEED_PATH.name)


def test_claims_are_exported_at_their_places(store: Store) -> None:
    data = json.loads(export_records(store, Filter(kind="claims"), "geojson"))
    kinds = {f["properties"]["record_kind"] for f in data["features"]}
    assert kinds == {"claim"}
    crimea = [f for f in data["features"] if f["properties"]["location"] == "Crimea"]
    assert crimea and crimea[0]["properties"]["speaker"] == "Donald Trump administration"


def test_csv_has_acled_columns(store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(export_records(store, Filter(kind="incidents"), "csv"))))
    assert len(rows) == 6
    assert list(rows[0]) == CSV_COLUMNS
    pavlohrad = next(r for r in rows if r["location"] == "Pavlohrad")
    assert (pavlohrad["fatalities"], pavlohrad["injured"], pavlohrad["actor1"]) == (
        "2",
        "8",
        "Russia",
    )
    assert pavlohrad["sub_event_type"] == "Air/drone strike"


def test_cli_export_equals_the_library_export(
    store: Store, tmp_path: Path, gazetteer: Gazetteer
) -> None:
    out = tmp_path / "out.geojson"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "geonews",
            "export",
            "--db",
            store.url,
            "--region",
            "Dnipropetrovsk",
            "--format",
            "geojson",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    expected = export_records(
        store, Filter(region="Dnipropetrovsk").with_region(gazetteer), "geojson"
    )
    assert out.read_text(encoding="utf-8") == expected
    names = {
        f["properties"]["location"]
        for f in json.loads(expected)["features"]
        if f["properties"]["record_kind"] == "incident"
    }
    assert names == {"Pavlohrad", "Marhanets", "Nikopol"}
