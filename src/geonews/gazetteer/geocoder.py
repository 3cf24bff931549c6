"""geopy geocoders over the offline gazetteer.

:class:`LocalGazetteer` is one more geopy backend with the usual contract —
``geocode(query, exactly_one=True)`` returns ``None``, one :class:`geopy.location.Location`
or a list — answered from the local index. Its HTTP adapter refuses every request, so it
cannot reach the network even by mistake.

:class:`OnlineFallbackGeocoder` is off unless constructed explicitly: it asks Nominatim for
the names the gazetteer does not know, at most once a second, and keeps every answer in a
persistent cache.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection
from pathlib import Path
from typing import Any

from geopy.adapters import BaseSyncAdapter
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geonews import config
from geonews.errors import ConfigurationError, NetworkRefusedError, QueryError
from geonews.gazetteer.index import Gazetteer, Place, open_gazetteer

__all__ = ["LocalGazetteer", "OfflineAdapter", "OnlineFallbackGeocoder"]


class OfflineAdapter(BaseSyncAdapter):  # type: ignore[misc]
    """A geopy adapter that refuses to open any connection."""

    def __init__(self, *, proxies: Any = None, ssl_context: Any = None) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)

    def get_json(self, url: str, *, timeout: Any, headers: Any) -> Any:
        raise NetworkRefusedError(f"geonews is offline: refused to fetch {url}")

    def get_text(self, url: str, *, timeout: Any, headers: Any) -> str:
        raise NetworkRefusedError(f"geonews is offline: refused to fetch {url}")


class LocalGazetteer(Geocoder):  # type: ignore[misc]
    """Geocode with the offline GeoNames gazetteer.

    ``raw`` of every result holds: geonameid, name, kind (country|admin1|city), country_code,
    admin1_code, population, lat, lon, plus the ranking score.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        index_path: Path | str | None = None,
        user_agent: str = "geonews",
    ) -> None:
        super().__init__(user_agent=user_agent, adapter_factory=OfflineAdapter)
        self.gazetteer = gazetteer or open_gazetteer(index_path)

    def _location(self, place: Place) -> Location:
        parts = [place.name]
        if place.kind == "city" and place.country_code and place.admin1_code:
            region = self.gazetteer.admin1(place.country_code, place.admin1_code)
            if region:
                parts.append(region.name)
        if place.kind != "country" and place.country_code:
            country = self.gazetteer.country(place.country_code)
            if country:
                parts.append(country.name)
        raw = place.record()
        return Location(", ".join(parts), Point(place.lat, place.lon), raw)

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: Collection[str] | str | None = None,
        kinds: Collection[str] | str | None = None,
        limit: int | None = None,
    ) -> Location | list[Location] | None:
        """Resolve a place name: None, the best Location, or (``exactly_one=False``) a list."""
        places = self.gazetteer.lookup(
            query, country_codes=country_codes, kinds=kinds, limit=1 if exactly_one else limit
        )
        if not places:
            return None
        if exactly_one:
            return self._location(places[0])
        return [self._location(p) for p in places]

    def reverse(
        self,
        query: Point | tuple[float, float] | str,
        *,
        exactly_one: bool = True,
        max_km: float = 300.0,
    ) -> Location | list[Location] | None:
        """The nearest populated place to a point (within ``max_km``), or None."""
        try:
            point = Point(query)
        except (TypeError, ValueError) as exc:
            raise QueryError(f"not a point: {query!r}") from exc
        found = self.gazetteer.reverse(point.latitude, point.longitude, max_km=max_km)
        if found is None:
            return None
        location = self._location(found.place)
        location.raw["distance_km"] = found.distance_km
        return location if exactly_one else [location]


class OnlineFallbackGeocoder:
    """Local first; Nominatim for unknown names. Opt-in, rate limited, cached on disk."""

    def __init__(
        self,
        *,
        user_agent: str,
        local: LocalGazetteer | None = None,
        cache_path: Path | str | None = None,
        min_delay_seconds: float = 1.0,
        nominatim: Any = None,
    ) -> None:
        if not user_agent or not user_agent.strip() or user_agent.strip() == "geonews":
            raise ConfigurationError(
                "the online fallback needs your own user_agent (Nominatim's usage policy)"
            )
        if min_delay_seconds < 1.0:
            raise ConfigurationError("Nominatim allows at most one request per second")
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        self.local = local or LocalGazetteer()
        self._nominatim = nominatim or Nominatim(user_agent=user_agent)
        self._remote = RateLimiter(self._nominatim.geocode, min_delay_seconds=min_delay_seconds)
        path = Path(cache_path) if cache_path else config.data_dir() / "nominatim-cache.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._cache = sqlite3.connect(path, check_same_thread=False)
        self._cache.execute(
            "CREATE TABLE IF NOT EXISTS answers (query TEXT PRIMARY KEY, answer TEXT)"
        )
        self._lock = threading.Lock()

    def geocode(self, query: str) -> Location | None:
        found = self.local.geocode(query)
        if isinstance(found, Location):
            return found
        key = query.strip().lower()
        with self._lock:
            row = self._cache.execute(
                "SELECT answer FROM answers WHERE query = ?", (key,)
            ).fetchone()
        if row is not None:
            cached = json.loads(row[0])
            return (
                None
                if cached is None
                else Location(cached["address"], Point(cached["lat"], cached["lon"]), cached["raw"])
            )
        answer = self._remote(query)
        stored = None
        if answer is not None:
            stored = {
                "address": answer.address,
                "lat": answer.latitude,
                "lon": answer.longitude,
                "raw": answer.raw,
            }
        with self._lock, self._cache:
            self._cache.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, json.dumps(stored))
            )
        return answer
