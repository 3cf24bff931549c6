"""GeoJSON (RFC 7946) and CSV of exactly what a :class:`Filter` selects.

The CLI's ``geonews export`` and the dashboard's download buttons both call
:func:`export_records`, so a download equals the command with the same filter.

GeoJSON: a FeatureCollection of Points, coordinates ``[lon, lat]`` (WGS 84, no ``crs``),
string ids ("incident-…", "claim-…-<geonameid>"); properties carry ACLED-style fields, the
evidence sentence and the source. CSV: one row per feature with ACLED-like column names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import IO, Any

import orjson

from geonews.store.filters import Filter
from geonews.store.repo import Store

__all__ = [
    "CSV_COLUMNS",
    "export_records",
    "features",
    "iter_features",
    "to_csv",
    "to_geojson",
    "write_records",
]

CSV_COLUMNS = [
    "event_id_cnty",
    "record_kind",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "geonameid",
    "source",
    "source_url",
    "notes",
    "fatalities",
    "injured",
    "fatalities_raw",
    "injured_raw",
    "speaker",
    "speaker_role",
    "claim",
    "confidence",
    "document_ids",
]


def _iso(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value is not None else None


def source_label(src: dict[str, Any]) -> str:
    """How a report's source is named: its source name, else title, URL, path or id."""
    return str(
        src.get("source")
        or src.get("title")
        or src.get("url")
        or src.get("path")
        or src["document_id"]
    )


def iter_features(store: Store, flt: Filter) -> Iterator[dict[str, Any]]:
    """GeoJSON Feature dicts for the filtered incidents and claims, streamed from the store."""
    for row in store.iter_incidents(flt):
        yield _incident_feature(row)
    for row in store.iter_claims(flt):
        yield _claim_feature(row)


def features(store: Store, flt: Filter) -> list[dict[str, Any]]:
    """GeoJSON Feature dicts for the filtered incidents and claims."""
    return list(iter_features(store, flt))


def _point(row: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [row["lon"], row["lat"]]}


def _incident_feature(row: dict[str, Any]) -> dict[str, Any]:
    sources = row["sources"]
    first = sources[0] if sources else {}
    date = row["event_date"]
    return {
        "type": "Feature",
        "id": f"incident-{row['id']}",
        "geometry": _point(row),
        "properties": {
            "record_kind": "incident",
            "event_id_cnty": row["id"],
            "event_date": _iso(date),
            "year": date.year if isinstance(date, dt.date) else None,
            "time_precision": row["time_precision"],
            "event_type": row["event_type"],
            "sub_event_type": row["sub_event_type"],
            "actor1": row["actor1"],
            "actor2": row["actor2"],
            "country": row["country_code"],
            "admin1": row["admin1_code"],
            "location": row["place_name"],
            "latitude": row["lat"],
            "longitude": row["lon"],
            "geo_precision": row["geo_precision"],
            "geonameid": row["place_id"] if row["place_id"] > 0 else None,
            "fatalities": row["fatalities"],
            "injured": row["injured"],
            "fatalities_raw": row["fatalities_raw"],
            "injured_raw": row["injured_raw"],
            "weapon": row["weapon"],
            "confidence": row["confidence"],
            "evidence": first.get("evidence_text"),
            "source": "; ".join(dict.fromkeys(source_label(s) for s in sources)),
            "source_url": first.get("url"),
            "document_ids": [s["document_id"] for s in sources],
            # Every report of the incident, when there are several.
            **(
                {
                    "sources": [
                        {
                            "document_id": s["document_id"],
                            "title": s.get("title"),
                            "url": s.get("url"),
                            "source": s.get("source"),
                            "evidence": s["evidence_text"],
                            "evidence_start": s["evidence_start"],
                            "evidence_end": s["evidence_end"],
                        }
                        for s in sources
                    ]
                }
                if len(sources) > 1
                else {}
            ),
        },
    }


def _claim_feature(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": f"claim-{row['id']}-{row['place_id']}",
        "geometry": _point(row),
        "properties": {
            "record_kind": "claim",
            "event_id_cnty": row["id"],
            "event_date": _iso(row["published"]),
            "year": row["published"].year if isinstance(row["published"], dt.date) else None,
            "speaker": row["speaker"],
            "speaker_role": row["speaker_role"],
            "claim": row["text"],
            "country": row["country_code"],
            "admin1": row["admin1_code"],
            "location": row["place_name"],
            "place_kind": row["place_kind"],
            "latitude": row["lat"],
            "longitude": row["lon"],
            "geonameid": row["place_id"] if row["place_id"] > 0 else None,
            "confidence": row["confidence"],
            "evidence": row["evidence_text"],
            "source": row["source"]
            or row["title"]
            or row["url"]
            or row["path"]
            or row["document_id"],
            "source_url": row["url"],
            "document_ids": [row["document_id"]],
        },
    }


def to_geojson(feature_list: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    _write_geojson(feature_list, buffer)
    return buffer.getvalue()


def to_csv(feature_list: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    _write_csv(feature_list, buffer)
    return buffer.getvalue()


def _write_geojson(feature_list: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """A FeatureCollection written feature by feature (the same text as one ``dumps``)."""
    out.write('{"type":"FeatureCollection","features":[')
    for i, feature in enumerate(feature_list):
        out.write(("," if i else "") + orjson.dumps(feature).decode("utf-8"))
    out.write("]}")


def _write_csv(feature_list: Iterable[dict[str, Any]], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for feature in feature_list:
        props = dict(feature["properties"])
        props["notes"] = props.get("evidence")
        props["document_ids"] = " ".join(props.get("document_ids") or [])
        writer.writerow({k: _csv_safe(props.get(k)) for k in CSV_COLUMNS})


def write_records(store: Store, flt: Filter, fmt: str, out: IO[str]) -> None:
    """Write the filtered records to ``out`` as they are read from the store: memory stays
    flat however many there are (``geonews export`` to a file or standard output)."""
    if fmt == "geojson":
        _write_geojson(iter_features(store, flt), out)
    elif fmt == "csv":
        _write_csv(iter_features(store, flt), out)
    else:
        from geonews.errors import QueryError

        raise QueryError(f"unknown export format {fmt!r}: use geojson or csv")


def _csv_safe(value: Any) -> Any:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_records(store: Store, flt: Filter, fmt: str) -> str:
    """The export text of the filtered records: ``fmt`` is "geojson" or "csv"."""
    buffer = io.StringIO()
    write_records(store, flt, fmt, buffer)
    return buffer.getvalue()
