"""Local copies of the map's JavaScript, CSS and base layer, served by Streamlit.

Leaflet, Leaflet.markercluster and the heat-map plugin come from installed PyPI packages
(xstatic-leaflet, xstatic-leaflet-markercluster, folium); the country outlines (Natural
Earth, via the countryinfo package) are written as one GeoJSON file. Nothing is fetched from
a CDN, so the map renders offline. Run ``python -m geonews.dashboard.assets`` to (re)build;
the app does it on start when the folder is missing or stale.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

__all__ = ["ASSET_URLS", "ensure_static"]

# Relative to the streamlit-folium component iframe (works under --server.baseUrlPath too).
URL_PREFIX = "../../app/static/vendor/"
_VERSION = "4"

ASSET_URLS = {
    "leaflet_js": URL_PREFIX + "leaflet/leaflet.js",
    "leaflet_css": URL_PREFIX + "leaflet/leaflet.css",
    "markercluster_js": URL_PREFIX + "markercluster/leaflet.markercluster.js",
    "markercluster_css": URL_PREFIX + "markercluster/MarkerCluster.css",
    "markercluster_default_css": URL_PREFIX + "markercluster/MarkerCluster.Default.css",
    "heat_js": URL_PREFIX + "heat/leaflet-heat.js",
    "jquery_js": URL_PREFIX + "jquery/jquery.min.js",
    "countries": URL_PREFIX + "countries.geojson",
}


def _countries_geojson() -> dict[str, object]:
    import countryinfo

    features = []
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        for feature in (record.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry")
            if not geometry:
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "name": record.get("name"),
                        "iso": (record.get("ISO") or {}).get("alpha2"),
                    },
                    "geometry": _rounded(geometry),
                }
            )
    return {"type": "FeatureCollection", "features": features}


def _rounded(geometry: dict[str, object]) -> dict[str, object]:
    def walk(value: object) -> object:
        if isinstance(value, list):
            if value and isinstance(value[0], (int, float)):
                return [round(float(v), 3) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def ensure_static(target: Path, *, force: bool = False) -> Path:
    """Copy the map assets into ``target`` (once; again when this module's version changes)."""
    stamp = target / ".version"
    if not force and stamp.exists() and stamp.read_text() == _VERSION:
        return target
    import folium
    import xstatic.pkg.jquery as jquery
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as markercluster

    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "heat").mkdir(parents=True)
    shutil.copytree(Path(leaflet.BASE_DIR), tmp / "leaflet")
    shutil.copytree(Path(markercluster.BASE_DIR), tmp / "markercluster")
    (tmp / "jquery").mkdir()
    shutil.copy(Path(jquery.BASE_DIR) / "jquery.min.js", tmp / "jquery" / "jquery.min.js")
    shutil.copy(
        Path(folium.__file__).parent / "templates" / "leaflet_heat.min.js",
        tmp / "heat" / "leaflet-heat.js",
    )
    (tmp / "countries.geojson").write_text(
        json.dumps(_countries_geojson(), separators=(",", ":")), encoding="utf-8"
    )
    (tmp / ".version").write_text(_VERSION)
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


if __name__ == "__main__":
    path = ensure_static(Path.cwd() / "static" / "vendor", force="--force" in sys.argv)
    print(f"map assets in {path}")
