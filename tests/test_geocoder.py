"""The geopy contract of the local geocoder, and proof that it stays offline."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from geopy.location import Location

from geonews.errors import ConfigurationError, NetworkRefusedError
from geonews.gazetteer import Gazetteer, LocalGazetteer, OfflineAdapter


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Make any socket creation fail loudly, and record the attempts."""
    attempts: list[object] = []

    class NoSocket(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            attempts.append(args)
            raise AssertionError("a socket was opened")

    def no_connection(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", no_connection)
    yield attempts
    assert attempts == []


@pytest.fixture()
def geocoder(gazetteer: Gazetteer) -> LocalGazetteer:
    return LocalGazetteer(gazetteer)


def test_exactly_one_returns_a_location_with_raw_fields(
    geocoder: LocalGazetteer, no_network: list[object]
) -> None:
    location = geocoder.geocode("Pavlohrad")
    assert isinstance(location, Location)
    assert (round(location.latitude, 2), round(location.longitude, 2)) == (48.53, 35.87)
    assert location.address == "Pavlohrad, Dnipropetrovska oblast, Ukraine"
    assert {
        "geonameid",
        "name",
        "kind",
        "country_code",
        "admin1_code",
        "population",
        "lat",
        "lon",
    } <= set(location.raw)
    assert location.raw["geonameid"] == 697889 and location.raw["kind"] == "city"


def test_list_and_none(geocoder: LocalGazetteer, no_network: list[object]) -> None:
    many = geocoder.geocode("Nikopol", exactly_one=False)
    assert isinstance(many, list) and len(many) >= 2
    assert all(isinstance(loc, Location) for loc in many)
    assert many[0].raw["geonameid"] == 700051
    assert geocoder.geocode("Xyzzyqwertville") is None
    assert geocoder.geocode("Xyzzyqwertville", exactly_one=False) is None


def test_country_codes_and_kinds(geocoder: LocalGazetteer, no_network: list[object]) -> None:
    bg = geocoder.geocode("Nikopol", country_codes=["BG"])
    assert isinstance(bg, Location) and bg.raw["country_code"] == "BG"
    region = geocoder.geocode("Kharkiv", kinds=["admin1"])
    assert isinstance(region, Location) and region.raw["geonameid"] == 706482


def test_reverse(geocoder: LocalGazetteer, no_network: list[object]) -> None:
    location = geocoder.reverse((47.57, 34.39))
    assert isinstance(location, Location) and location.raw["geonameid"] == 700051
    assert location.raw["distance_km"] < 2
    assert geocoder.reverse("47.57, 34.39").raw["geonameid"] == 700051  # type: ignore[union-attr]


def test_adapter_refuses_every_request(geocoder: LocalGazetteer, no_network: list[object]) -> None:
    assert isinstance(geocoder.adapter, OfflineAdapter)
    with pytest.raises(NetworkRefusedError):
        geocoder.adapter.get_json(
            "https://nominatim.openstreetmap.org/search", timeout=1, headers={}
        )
    with pytest.raises(ConnectionRefusedError):  # also the builtin
        geocoder.adapter.get_text("http://example.org/", timeout=1, headers={})


def test_online_fallback_requires_its_own_user_agent(tmp_path: Path) -> None:
    from geonews.gazetteer import OnlineFallbackGeocoder

    with pytest.raises(ConfigurationError, match="user_agent"):
        OnlineFallbackGeocoder(user_agent="", cache_path=tmp_path / "c.sqlite")
    with pytest.raises(ConfigurationError, match="one request per second"):
        OnlineFallbackGeocoder(
            user_agent="me@example.org", min_delay_seconds=0.2, cache_path=tmp_path / "c.sqlite"
        )


@pytest.mark.online
@pytest.mark.skipif(
    os.environ.get("GEONEWS_ONLINE_TESTS") != "1", reason="opt-in: GEONEWS_ONLINE_TESTS=1"
)
def test_online_fallback_answers_unknown_names_and_caches(
    tmp_path: Path, gazetteer: Gazetteer
) -> None:
    from geonews.gazetteer import OnlineFallbackGeocoder

    ua = os.environ.get("GEONEWS_USER_AGENT", "geonews-tests (opt-in online test)")
    online = OnlineFallbackGeocoder(
        user_agent=ua, local=LocalGazetteer(gazetteer), cache_path=tmp_path / "c.sqlite"
    )
    first = online.geocode("Eiffel Tower")
    assert first is not None
    assert online.geocode("Eiffel Tower") is not None  # answered from the cache
