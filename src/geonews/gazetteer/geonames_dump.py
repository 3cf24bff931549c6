"""Import the standard GeoNames dumps into a gazetteer index being built.

A user who has the full GeoNames data (downloaded by them from the GeoNames export server:
``allCountries.zip``, country files such as ``UA.zip``/``RU.zip``, ``alternateNamesV2.zip``,
or their unzipped ``.txt``) passes the files to ``geonews gazetteer build --geonames FILE…``:
every village, district, hromada and physical feature is added to what the registry packages
give. The default build never needs them.

Files are streamed line by line and written in chunks straight into the index's SQLite file,
so memory does not grow with the dump (allCountries is 12 million lines).

Main-table columns (tab separated): geonameid, name, asciiname, alternatenames, latitude,
longitude, feature class, feature code, country code, cc2, admin1 code, admin2 code, admin3
code, admin4 code, population, elevation, dem, timezone, modification date.
alternateNamesV2 columns: alternateNameId, geonameid, isolanguage, alternate name,
isPreferredName, isShortName, isColloquial, isHistoric, from, to.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from geonews.errors import GazetteerError
from geonews.gazetteer.normalize import fold, normalize

__all__ = ["DumpStats", "check_dumps", "import_dumps", "kind_of_feature"]

_CHUNK = 20_000
# GeoNames feature codes -> our kinds. First-level regions and countries come from the
# registry packages already; populated places, second- and third-level units (raions,
# hromadas), waters, landforms and named regions are what a dump adds.
_WATER = {
    "SEA",
    "GULF",
    "BAY",
    "STRT",
    "CHN",
    "STM",
    "STMA",
    "RSV",
    "LK",
    "LKS",
    "LGN",
    "ESTY",
    "CNL",
}
_LAND = {"ISL", "ISLS", "PEN", "SPIT", "CAPE", "PT", "MT", "MTS", "HLL", "VAL", "PLN", "FRST"}


def kind_of_feature(feature_class: str, feature_code: str) -> str | None:
    """The gazetteer kind of a GeoNames feature, or None when it is not imported."""
    if feature_class == "P":
        return "city"
    if feature_class == "A" and feature_code in ("ADM2", "ADM3"):
        return "admin2"
    if feature_class == "H" and feature_code in _WATER:
        return "physical"
    if feature_class == "T" and feature_code in _LAND:
        return "physical"
    if feature_class == "L" and feature_code in ("RGN", "RGNH", "AREA"):
        return "region"
    return None


class DumpStats:
    def __init__(self) -> None:
        self.places = 0
        self.names = 0
        self.files: list[str] = []

    def __repr__(self) -> str:
        return f"DumpStats(places={self.places}, names={self.names}, files={self.files})"


@contextmanager
def _lines(path: Path) -> Iterator[Iterator[str]]:
    """The text lines of a dump, whether zipped (the one .txt inside) or plain."""
    if not path.exists():
        raise GazetteerError(f"GeoNames file {path} does not exist")
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise GazetteerError(f"GeoNames file {path} is not a zip archive") from exc
        with archive:
            members = [
                n
                for n in archive.namelist()
                if n.endswith(".txt") and not n.lower().startswith(("readme", "iso-languagecodes"))
            ]
            if not members:
                raise GazetteerError(f"GeoNames file {path} holds no .txt table")
            with archive.open(members[0]) as raw:
                yield iter(io.TextIOWrapper(raw, encoding="utf-8", newline="\n"))
    else:
        with path.open(encoding="utf-8", newline="\n") as handle:
            yield iter(handle)


def _rows(path: Path, lines: Iterator[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of a dump's rows; a row too short for its table is an error."""
    columns, what = (
        (4, "an alternate-names") if _is_alternate_names(path) else (15, "a GeoNames table")
    )
    for number, line in enumerate(lines, 1):
        fields = line.rstrip("\n").split("\t")
        if len(fields) < columns:
            if line.strip():
                raise GazetteerError(
                    f"{path.name}:{number}: not {what} row ({len(fields)} columns)"
                )
            continue
        yield number, fields


def check_dumps(paths: list[Path]) -> None:
    """Fail fast, before a long build, on a missing file or one that is not a GeoNames table."""
    for path in paths:
        with _lines(path) as lines:
            next(_rows(path, lines), None)


def _is_alternate_names(path: Path) -> bool:
    return "alternatename" in path.name.lower()


def import_dumps(
    conn: sqlite3.Connection,
    paths: list[Path],
    *,
    folded_countries: frozenset[str],
    place_row: object,
    progress: object = None,
) -> DumpStats:
    """Add the places and names of GeoNames dumps to an index being built in ``conn``.

    Main tables are read before alternate-name tables, whatever the order given, so that an
    alternate name finds its place. Existing places (from the packages) are kept as they are;
    their names gain the dump's alternates.
    """
    stats = DumpStats()
    ordered = sorted(paths, key=_is_alternate_names)
    for path in ordered:
        stats.files.append(path.name)
        if _is_alternate_names(path):
            _import_alternate_names(conn, path, stats, folded_countries)
        else:
            _import_main(conn, path, stats, folded_countries, place_row)
        if callable(progress):
            progress(path.name)
    return stats


def _import_main(
    conn: sqlite3.Connection,
    path: Path,
    stats: DumpStats,
    folded_countries: frozenset[str],
    place_row: object,
) -> None:
    rows: list[tuple[object, ...]] = []
    names: list[tuple[str, int, int]] = []
    folds: list[tuple[str, int, int]] = []

    def flush() -> None:
        if rows:
            before = conn.total_changes
            conn.executemany(f"INSERT OR IGNORE INTO places VALUES ({','.join('?' * 11)})", rows)
            stats.places += conn.total_changes - before
        if names:
            before = conn.total_changes
            conn.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", names)
            stats.names += conn.total_changes - before
        if folds:
            conn.executemany("INSERT OR IGNORE INTO folds VALUES (?, ?, ?)", folds)
        rows.clear()
        names.clear()
        folds.clear()

    with _lines(path) as lines:
        for number, fields in _rows(path, lines):
            kind = kind_of_feature(fields[6], fields[7])
            if kind is None:
                continue
            try:
                gid = int(fields[0])
                lat, lon = float(fields[4]), float(fields[5])
                population = int(fields[14] or 0)
            except ValueError as exc:
                raise GazetteerError(f"{path.name}:{number}: {exc}") from exc
            country = fields[8] or None
            rows.append(
                place_row(  # type: ignore[operator]
                    gid,
                    fields[1],
                    kind,
                    country,
                    fields[10] or None,
                    None,
                    population,
                    lat,
                    lon,
                    "geonames dump",
                )
            )
            written = {fields[1]: 0, fields[2]: 0}
            for alt in fields[3].split(","):
                written.setdefault(alt, 2)
            for name, name_type in written.items():
                key = normalize(name)
                if not (2 <= len(key) <= 80):
                    continue
                if name_type == 2 and not key.isascii():
                    continue  # other scripts stay out, as for the packages' names
                names.append((key, gid, name_type))
                if country in folded_countries and key.isascii() and len(fold(key)) >= 4:
                    folds.append((fold(key), gid, name_type))
            if len(rows) >= _CHUNK:
                flush()
    flush()


def _import_alternate_names(
    conn: sqlite3.Connection, path: Path, stats: DumpStats, folded_countries: frozenset[str]
) -> None:
    batch: list[tuple[str, int, int, int]] = []

    def flush() -> None:
        if not batch:
            return
        before = conn.total_changes
        conn.executemany(
            "INSERT OR IGNORE INTO names SELECT ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM places WHERE geonameid = ?)",
            batch,
        )
        stats.names += conn.total_changes - before
        conn.executemany(
            "INSERT OR IGNORE INTO folds SELECT ?, p.geonameid, ? FROM places p "
            f"WHERE p.geonameid = ? AND p.country_code IN ({','.join('?' * len(folded_countries))})",
            [
                (fold(key), name_type, gid, *sorted(folded_countries))
                for key, gid, name_type, _ in batch
                if key.isascii() and len(fold(key)) >= 4
            ],
        )
        batch.clear()

    with _lines(path) as lines:
        for number, fields in _rows(path, lines):
            language = fields[2]
            if language in ("link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "abbr"):
                continue  # URLs, ids, postcodes and airport codes are not names
            try:
                gid = int(fields[1])
            except ValueError as exc:
                raise GazetteerError(f"{path.name}:{number}: {exc}") from exc
            key = normalize(fields[3])
            if not (2 <= len(key) <= 80) or not key.isascii():
                continue
            historic = len(fields) > 7 and fields[7] == "1"
            name_type = 1 if (language == "en" and not historic) else 2
            batch.append((key, gid, name_type, gid))
            if len(batch) >= _CHUNK:
                flush()
    flush()
