"""Lookups over the built gazetteer index: name -> ranked places, point -> nearest place.

Open it with :func:`open_gazetteer`, which builds the index on first use (with a progress
bar), rebuilds it when the source packages changed, and replaces a corrupt file.
"""

from __future__ import annotations

import math
import sqlite3
import sys
import threading
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from filelock import FileLock

from geonews import config
from geonews.errors import GazetteerCorruptError, GazetteerError, QueryError
from geonews.gazetteer.build import build_index, source_versions
from geonews.gazetteer.normalize import fold, normalize, strip_possessive

__all__ = ["KINDS", "Gazetteer", "Place", "ReverseResult", "default_index_path", "open_gazetteer"]

KINDS = ("continent", "country", "region", "admin1", "admin2", "city", "physical")

# Ranking: log10(population) plus these. A first-level region is demoted by half an order of
# magnitude (its population is the sum of its towns') so that "Kharkiv" or "New York" means
# the city unless a cue says "region"; a country is promoted over towns carrying its name.
_KIND_BONUS = {
    "continent": 1.0,
    "region": -0.5,
    "country": 1.5,
    "admin1": -0.5,
    "admin2": -1.5,
    "city": 0.0,
    "physical": 0.0,
}
# A sea, river or colloquial region of the documented features file ("Sloboda", "Danube")
# outranks a village of that name: news names the feature far more often.
_FEATURE_BONUS = 5.0
_NAME_BONUS = {0: 0.5, 1: 0.4, 2: 0.0, 3: -0.2, 4: -1.0, 5: 0.0}
_EARTH_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: a country, a first-level region or a populated place."""

    geonameid: int
    name: str
    kind: str
    country_code: str | None
    admin1_code: str | None
    population: int
    lat: float
    lon: float
    iso_code: str | None = None
    coord_rule: str = "geonames"
    score: float = 0.0
    name_type: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def record(self) -> dict[str, Any]:
        """The public fields of a lookup result (geocoder ``raw``, CLI JSON)."""
        row = {
            "geonameid": self.geonameid if self.geonameid > 0 else None,
            "name": self.name,
            "kind": self.kind,
            "country_code": self.country_code,
            "admin1_code": self.admin1_code,
            "population": self.population,
            "lat": self.lat,
            "lon": self.lon,
            "score": self.score,
        }
        if self.kind in ("admin1", "admin2", "region"):
            row["iso_code"] = self.iso_code
            row["coord_rule"] = self.coord_rule
        return row

    def __str__(self) -> str:
        where = ", ".join(x for x in (self.admin1_code, self.country_code) if x)
        ident = f" #{self.geonameid}" if self.geonameid > 0 else ""  # derived places have no id
        return f"{self.name} ({self.kind}, {where}) [{self.lat:.5f}, {self.lon:.5f}]{ident}"


@dataclass(frozen=True, slots=True)
class ReverseResult:
    """The populated place nearest to a point, with its region and country."""

    place: Place
    distance_km: float
    admin1: Place | None
    country: Place | None


def _ranked(rows: Iterable[tuple[Any, ...]], *, folded: bool) -> tuple[Place, ...]:
    """Places of index rows (place columns, then the name type), best first.

    Score: log10 population + kind + how authoritative the name is. A folded match counts as
    an alternate name less half a point and is reported with name type 6; only exact names
    of the features file get its bonus.
    """
    places = []
    for row in rows:
        *fields, name_type = row
        kind, population = fields[2], fields[5]
        score = math.log10(population + 1) + _KIND_BONUS[kind]
        if folded:
            score += _NAME_BONUS[2] - 0.5
            name_type = 6
        else:
            score += _NAME_BONUS.get(name_type, -1.0)
            if str(fields[9]).startswith("features.csv"):
                score += _FEATURE_BONUS
        places.append(Place(*fields, score=round(score, 4), name_type=name_type))  # type: ignore[misc]
    places.sort(key=lambda p: (-p.score, p.geonameid))
    return tuple(places)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def default_index_path() -> Path:
    return config.data_dir() / "gazetteer.sqlite"


_PLACE_COLUMNS = (
    "p.geonameid, p.name, p.kind, p.country_code, p.admin1_code, p.population, p.lat, p.lon, "
    "p.iso_code, p.coord_rule"
)


class Gazetteer:
    """Read-only access to a built index. Thread-safe; cheap to share."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._conn = sqlite3.connect(
                f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            meta = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise GazetteerCorruptError(f"gazetteer index {path} is unreadable: {exc}") from exc
        if meta.get("complete") != "1":
            raise GazetteerCorruptError(f"gazetteer index {path} is incomplete")
        self.meta = meta
        self._lock = threading.Lock()
        self._lookup_cached = lru_cache(maxsize=65_536)(self._lookup_key)
        self._folded_cached = lru_cache(maxsize=65_536)(self._lookup_folded)

    # -- metadata -------------------------------------------------------------------------
    def versions(self) -> dict[str, str]:
        return {k.split(":", 1)[1]: v for k, v in self.meta.items() if k.startswith("version:")}

    def is_current(self) -> bool:
        """Whether the index was built from the installed source packages."""
        return self.versions() == source_versions()

    def close(self) -> None:
        self._conn.close()

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.DatabaseError as exc:
                raise GazetteerCorruptError(f"gazetteer index {self.path}: {exc}") from exc

    # -- lookups --------------------------------------------------------------------------
    def _lookup_key(self, key: str) -> tuple[Place, ...]:
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS}, n.name_type FROM names n "
            "JOIN places p ON p.geonameid = n.geonameid WHERE n.norm = ?",
            (key,),
        )
        return _ranked(rows, folded=False)

    def _lookup_folded(self, key: str) -> tuple[Place, ...]:
        """Places whose name matches in another romanisation ("Gulyaypole" for "Huliaipole").

        Ranked below any exact name: such a match is a guess about spelling.
        """
        folded = fold(key)
        if len(folded) < 4:
            return ()
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS}, f.name_type FROM folds f "
            "JOIN places p ON p.geonameid = f.geonameid WHERE f.fold = ?",
            (folded,),
        )
        return _ranked(rows, folded=True)

    def _lookup_on_river(self, key: str) -> tuple[Place, ...]:
        """ "Slavyansk-on-Kuban": a town on a river, in English, for the Russian "-na-" name
        with the river in the case Russian puts it in ("Slavyansk-na-Kubani")."""
        town, _, river = key.partition(" on ")
        if len(town) < 3 or len(river) < 3:
            return ()
        prefix = f"{town} na {river}"
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS}, n.name_type FROM names n "
            "JOIN places p ON p.geonameid = n.geonameid WHERE n.norm >= ? AND n.norm < ? "
            "AND length(n.norm) <= ?",
            (prefix, prefix + "\uffff", len(prefix) + 2),
        )
        unique: dict[int, Place] = {}
        for p in _ranked(rows, folded=True):
            unique.setdefault(p.geonameid, p)
        return tuple(unique.values())

    def lookup(
        self,
        name: str,
        *,
        country_codes: Collection[str] | str | None = None,
        kinds: Collection[str] | str | None = None,
        limit: int | None = None,
        other_spellings: bool = False,
    ) -> list[Place]:
        """Places called ``name``, best first.

        ``country_codes`` (ISO alpha-2) and ``kinds`` (country, admin1, city) restrict the
        candidates. A possessive ("Kyiv’s") is tried without its ending when the full form is
        unknown. Other romanisations ("Vinnitsa" for "Vinnytsia") are added, ranked below, when
        nothing is called exactly so — or always, with ``other_spellings``. Raises
        :class:`QueryError` for an empty name.
        """
        if not isinstance(name, str):
            raise QueryError(f"a place name must be a string, not {type(name).__name__}")
        key = normalize(name)
        if not key:
            raise QueryError("empty place name")
        found = self._lookup_cached(key)
        if not found:
            bare = normalize(strip_possessive(name))
            if bare and bare != key:
                found = self._lookup_cached(bare)
                key = bare
        if not found and " on " in key:
            found = self._lookup_on_river(key)
        if not found or all(p.name_type >= 3 for p in found) or other_spellings:
            # another romanisation: "Gulyaypole", "Vinnitsa" (known only in lower case)
            found = found + self._folded_cached(key)
        if "." in name:
            # Written with dots ("Kan.", "W.Va."): the dotted abbreviation is what was meant.
            found = tuple(
                sorted(found, key=lambda p: (-(p.score + 5.0 * (p.name_type == 5)), p.geonameid))
            )
        wanted_countries = _as_set(country_codes, upper=True)
        wanted_kinds = _as_set(kinds)
        if wanted_kinds - set(KINDS):
            raise QueryError(f"unknown kind(s) {sorted(wanted_kinds - set(KINDS))}; use {KINDS}")
        result = [
            p
            for p in found
            if (not wanted_countries or p.country_code in wanted_countries)
            and (not wanted_kinds or p.kind in wanted_kinds)
        ]
        return result[:limit] if limit else result

    def get(self, geonameid: int) -> Place | None:
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE geonameid = ?", (geonameid,)
        )
        return Place(*rows[0]) if rows else None

    def town_points(self, country_code: str) -> list[tuple[float, float, str, str]]:
        """(lat, lon, country_code, admin1_code) of every town of a country with a region."""
        rows = self._query(
            "SELECT lat, lon, country_code, admin1_code FROM places WHERE kind = 'city' "
            "AND country_code = ? AND admin1_code IS NOT NULL",
            (country_code.upper(),),
        )
        return [(float(r[0]), float(r[1]), str(r[2]), str(r[3])) for r in rows]

    def neighbours(self, country_code: str) -> frozenset[str]:
        """Countries that share a land border with ``country_code`` (ISO alpha-2)."""
        rows = self._query(
            "SELECT neighbour FROM borders WHERE country_code = ?", (country_code.upper(),)
        )
        return frozenset(r[0] for r in rows)

    def country(self, country_code: str) -> Place | None:
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE kind = 'country' AND country_code = ?",
            (country_code.upper(),),
        )
        return Place(*rows[0]) if rows else None

    def admin1(self, country_code: str, admin1_code: str) -> Place | None:
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM places p "
            "WHERE kind = 'admin1' AND country_code = ? AND admin1_code = ?",
            (country_code.upper(), admin1_code),
        )
        return Place(*rows[0]) if rows else None

    def regions(self, country_code: str | None = None) -> list[Place]:
        """First-level regions, optionally of one country, by name."""
        sql = f"SELECT {_PLACE_COLUMNS} FROM places p WHERE kind = 'admin1'"
        params: tuple[str, ...] = ()
        if country_code:
            sql += " AND country_code = ?"
            params = (country_code.upper(),)
        return [Place(*row) for row in self._query(sql + " ORDER BY country_code, name", params)]

    def demonym(self, word: str) -> Place | None:
        """The country a demonym names ("Ukrainian", "Americans"), if any."""
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM demonyms d JOIN places p ON p.geonameid = d.geonameid "
            "WHERE d.norm = ? ORDER BY p.population DESC LIMIT 1",
            (normalize(word),),
        )
        return Place(*rows[0]) if rows else None

    def reverse(self, lat: float, lon: float, *, max_km: float = 300.0) -> ReverseResult | None:
        """The nearest populated place within ``max_km`` of a point, or None."""
        lat, lon = float(lat), float(lon)
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or math.isnan(lat + lon):
            raise QueryError(f"not a coordinate: ({lat}, {lon})")
        best: tuple[float, tuple[Any, ...]] | None = None
        base_lat, base_lon = math.floor(lat), math.floor(lon)
        max_ring = max(1, math.ceil(max_km / 111.0))
        for ring in range(max_ring + 1):
            cells = [
                (base_lat + dy + 90) * 400 + ((base_lon + dx + 180) % 360)
                for dy in range(-ring, ring + 1)
                for dx in range(-ring, ring + 1)
                if max(abs(dy), abs(dx)) == ring
            ]
            marks = ",".join("?" * len(cells))
            # Equirectangular pre-ranking in SQL; the exact distance decides among the few best.
            k = math.cos(math.radians(lat)) ** 2
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM places p WHERE kind = 'city' AND cell IN ({marks}) "
                "ORDER BY (p.lat - ?) * (p.lat - ?) + ? * (p.lon - ?) * (p.lon - ?) LIMIT 8",
                [*cells, lat, lat, k, lon, lon],
            )
            for row in rows:
                d = haversine_km(lat, lon, row[6], row[7])
                if best is None or d < best[0]:
                    best = (d, row)
            # Everything in later rings is at least `ring` cells (~111 km of latitude) away.
            if best is not None and best[0] <= ring * 111.0 * math.cos(
                math.radians(min(89.0, abs(lat) + ring))
            ):
                break
        if best is None or best[0] > max_km:
            return None
        place = Place(*best[1])
        admin1 = (
            self.admin1(place.country_code, place.admin1_code)
            if place.country_code and place.admin1_code
            else None
        )
        country = self.country(place.country_code) if place.country_code else None
        return ReverseResult(place, round(best[0], 3), admin1, country)


def _as_set(values: Collection[str] | str | None, *, upper: bool = False) -> set[str]:
    if not values:
        return set()
    items = [values] if isinstance(values, str) else list(values)
    return {(v.upper() if upper else v.lower()).strip() for v in items if v and v.strip()}


_OPEN: dict[Path, Gazetteer] = {}
_OPEN_LOCK = threading.Lock()


def _open_current(index_path: Path) -> tuple[Gazetteer | None, str]:
    """The index at ``index_path`` if it is there, readable and current; else why not."""
    if not index_path.exists():
        return None, "not built yet"
    try:
        gazetteer = Gazetteer(index_path)
    except GazetteerCorruptError as exc:
        return None, f"corrupt ({exc})"
    if not gazetteer.is_current():
        gazetteer.close()
        return None, "built from other package versions"
    return gazetteer, ""


def open_gazetteer(
    path: Path | str | None = None, *, build: bool = True, progress: bool = True
) -> Gazetteer:
    """Open the index, building it first when it is missing, stale or corrupt.

    Instances are shared per path within a process. With ``build=False`` a missing or
    stale index raises :class:`GazetteerError` instead.
    """
    index_path = Path(path) if path else default_index_path()
    with _OPEN_LOCK:
        cached = _OPEN.get(index_path)
        if cached is not None:
            return cached
        gazetteer, reason = _open_current(index_path)
        if gazetteer is None:
            if not build:
                raise GazetteerError(
                    f"gazetteer index {index_path} is {reason}: run `geonews gazetteer build`"
                )
            # One build per index, whatever the number of processes that want it: the
            # others wait on the lock and then open what the first one built.
            index_path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(str(index_path) + ".lock"):
                gazetteer, reason = _open_current(index_path)
                if gazetteer is None:
                    print(
                        f"geonews: gazetteer index {index_path} is {reason}; building it once…",
                        file=sys.stderr,
                    )
                    build_index(index_path, progress=progress)
                    gazetteer = Gazetteer(index_path)
        _OPEN[index_path] = gazetteer
        return gazetteer
