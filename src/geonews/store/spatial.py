"""PostGIS: the store's places as points and its regions as polygons, indexed for space.

On a PostgreSQL server with the PostGIS extension, opening the store makes sure that

- ``places.geom`` is a ``geometry(Point, 4326)`` column generated from ``lon``/``lat`` (so no
  writer ever sets it), with a GiST index;
- ``region_shapes`` holds the first-level region polygons the page outlines (the same
  Natural Earth shapes, :mod:`geonews.regions`), ``geometry(MultiPolygon, 4326)``, GiST
  indexed.

Then the region and map-view filters (:class:`geonews.store.filters.Filter` ``region`` and
``bbox``) compile to spatial SQL (``ST_Intersects``, ``&&`` with ``ST_MakeEnvelope``) on that
server; SQLite, and PostgreSQL without PostGIS, compare region codes and coordinates instead,
with the same results for every place the gazetteer placed in a region.

The set-up is idempotent and runs on each open; it needs the right to create the extension
(``CREATE EXTENSION postgis``) once, as a database owner or superuser.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, text
from sqlalchemy.engine import Connection
from sqlalchemy.types import UserDefinedType

__all__ = ["ensure_spatial", "region_shapes"]


class Geometry(UserDefinedType[Any]):
    """A PostGIS geometry column (written and read as WKB/WKT through SQL functions)."""

    cache_ok = True

    def __init__(self, kind: str = "Geometry", srid: int = 4326) -> None:
        self.kind = kind
        self.srid = srid

    def get_col_spec(self, **_kw: Any) -> str:
        return f"geometry({self.kind}, {self.srid})"


spatial_metadata = MetaData()  # created on PostGIS servers only, never by SQLite

region_shapes = Table(
    "region_shapes",
    spatial_metadata,
    Column("id", Integer, primary_key=True),
    Column("country_code", String(2), nullable=False),
    Column("admin1_code", String(20), nullable=False),
    Column("name", String, nullable=False),
    Column("geom", Geometry("MultiPolygon"), nullable=False),
)


def postgis_available(conn: Connection) -> bool:
    return bool(
        conn.execute(
            text("SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'")
        ).scalar()
    )


def ensure_spatial(conn: Connection) -> bool:
    """Set up the spatial columns, tables and indexes (PostgreSQL); whether PostGIS is on."""
    if conn.dialect.name != "postgresql" or not postgis_available(conn):
        return False
    conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    conn.execute(
        text(
            "ALTER TABLE places ADD COLUMN IF NOT EXISTS geom geometry(Point, 4326) "
            "GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED"
        )
    )
    conn.execute(text("CREATE INDEX IF NOT EXISTS places_geom ON places USING gist (geom)"))
    region_shapes.create(conn, checkfirst=True)
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS region_shapes_geom ON region_shapes USING gist (geom)")
    )
    conn.execute(
        text(
            "CREATE INDEX IF NOT EXISTS region_shapes_code "
            "ON region_shapes (country_code, admin1_code)"
        )
    )
    if not conn.execute(text("SELECT EXISTS (SELECT 1 FROM region_shapes)")).scalar():
        _load_regions(conn)
    return True


def _load_regions(conn: Connection) -> None:
    from shapely import to_wkb

    from geonews.regions import areas_only, load_regions

    rows = []
    for shape in load_regions().shapes:
        geometry = areas_only(shape.geometry)  # ST_Multi below makes a polygon a multipolygon
        if geometry.is_empty:
            continue
        rows.append(
            {
                "country_code": shape.country_code,
                "admin1_code": shape.admin1_code,
                "name": shape.name,
                "wkb": to_wkb(geometry, hex=True),
            }
        )
    conn.execute(
        text(
            "INSERT INTO region_shapes (country_code, admin1_code, name, geom) "
            "VALUES (:country_code, :admin1_code, :name, "
            "ST_Multi(ST_SetSRID(ST_GeomFromWKB(decode(:wkb, 'hex')), 4326)))"
        ),
        rows,
    )
