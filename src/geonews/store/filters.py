"""One filter for the map, the table and the export, turned into SQL in one place.

Every value reaches the database as a bound parameter; none is pasted into SQL text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy import (
    Boolean,
    Select,
    String,
    and_,
    bindparam,
    false,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement

from geonews.errors import QueryError
from geonews.store.schema import (
    claim_places,
    claims,
    documents,
    incident_sources,
    incidents,
    places,
)
from geonews.store.spatial import region_shapes

__all__ = ["KINDS", "Filter", "Region", "resolve_region"]

KINDS = ("all", "incidents", "claims")


@dataclass(frozen=True)
class Region:
    """A country, or a first-level region of one (GeoNames admin1 code)."""

    country_code: str
    admin1_code: str | None = None
    label: str = ""


@dataclass(frozen=True)
class Filter:
    region: str | None = None
    event_type: tuple[str, ...] = ()
    sub_event_type: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    include_undated: bool = True
    actor: str | None = None
    source: str | None = None
    query: str | None = None
    min_confidence: float = 0.0
    kind: str = "all"
    include_rejected: bool = False  # records a reviewer rejected are hidden unless asked for
    # the map's view: (west, south, east, north) in degrees; west > east crosses 180°
    bbox: tuple[float, float, float, float] | None = None
    resolved_region: Region | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise QueryError(f"unknown record kind {self.kind!r}; use one of {KINDS}")
        if not 0.0 <= float(self.min_confidence) <= 1.0:
            raise QueryError("minimum confidence must be between 0 and 1")
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"the date range is empty: {self.since} is after {self.until}")
        if self.bbox is not None:
            if len(self.bbox) != 4:
                raise QueryError("a bounding box is four numbers: west, south, east, north")
            west, south, east, north = (float(v) for v in self.bbox)
            if not (-180 <= west <= 180 and -180 <= east <= 180):
                raise QueryError("bounding box longitudes must be between -180 and 180")
            if not (-90 <= south <= north <= 90):
                raise QueryError("bounding box latitudes: -90 <= south <= north <= 90")
            object.__setattr__(self, "bbox", (west, south, east, north))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("resolved_region")
        return data

    def with_region(self, gazetteer: Any) -> Filter:
        """This filter with its region name resolved against the gazetteer."""
        if not self.region:
            return replace(self, resolved_region=None)
        return replace(self, resolved_region=resolve_region(self.region, gazetteer))

    # -- SQL ---------------------------------------------------------------------------------
    def _region_clause(self) -> ColumnElement[bool] | None:
        if not self.region:
            return None
        region = self.resolved_region
        if region is None:
            raise QueryError("region filter used before it was resolved (Filter.with_region)")
        return _InRegion(region.country_code, region.admin1_code)

    def _place_conditions(self) -> list[ColumnElement[bool]]:
        """Region and map view: conditions on ``places``."""
        conditions: list[ColumnElement[bool]] = []
        region = self._region_clause()
        if region is not None:
            conditions.append(region)
        if self.bbox is not None:
            conditions.append(_InBox(*self.bbox))
        return conditions

    def _date_conditions(self, column: Any) -> list[ColumnElement[bool]]:
        """The date range on one date column, undated rows kept or not."""
        dated: list[ColumnElement[bool]] = []
        if self.since:
            dated.append(column >= self.since)
        if self.until:
            dated.append(column <= self.until)
        if dated:
            clause = and_(*dated)
            return [or_(clause, column.is_(None)) if self.include_undated else clause]
        return [] if self.include_undated else [column.is_not(None)]

    def incident_conditions(self) -> list[ColumnElement[bool]]:
        conditions = self._place_conditions()
        if self.event_type:
            conditions.append(incidents.c.event_type.in_(self.event_type))
        if self.sub_event_type:
            conditions.append(incidents.c.sub_event_type.in_(self.sub_event_type))
        conditions.extend(self._date_conditions(incidents.c.event_date))
        if self.actor:
            pattern = _like(self.actor)
            conditions.append(
                or_(
                    _contains(incidents.c.actor1, pattern),
                    _contains(incidents.c.actor2, pattern),
                )
            )
        # Evidence and documents are searched once (an IN list of incident ids), not once per
        # incident as a correlated EXISTS would.
        src = incident_sources.join(documents, documents.c.id == incident_sources.c.document_id)
        if self.source:
            reported = (
                select(incident_sources.c.incident_id)
                .select_from(src)
                .where(_source_match(self.source))
            )
            conditions.append(incidents.c.id.in_(reported))
        if self.query:
            pattern = _like(self.query)
            mentioned = (
                select(incident_sources.c.incident_id)
                .select_from(src)
                .where(
                    or_(
                        _contains(incident_sources.c.evidence_text, pattern),
                        _contains(documents.c.title, pattern),
                    )
                )
            )
            conditions.append(
                or_(
                    incidents.c.id.in_(mentioned),
                    _contains(places.c.name, pattern),
                    _contains(incidents.c.actor1, pattern),
                )
            )
        if self.min_confidence:
            conditions.append(incidents.c.confidence >= float(self.min_confidence))
        if not self.include_rejected:
            conditions.append(_not_rejected(incidents.c.review_status))
        return conditions

    def claim_conditions(self) -> list[ColumnElement[bool]]:
        conditions = self._place_conditions()
        if self.event_type or self.sub_event_type:
            # Claims have no event type: a type filter shows incidents only.
            conditions.append(false())
        conditions.extend(
            self._date_conditions(documents.c.published)
        )  # a claim's date is its article's
        if self.actor:
            conditions.append(_contains(claims.c.speaker, _like(self.actor)))
        if self.source:
            conditions.append(_source_match(self.source))
        if self.query:
            pattern = _like(self.query)
            conditions.append(
                or_(
                    _contains(claims.c.text, pattern),
                    _contains(claims.c.speaker, pattern),
                    _contains(claims.c.evidence_text, pattern),
                    _contains(places.c.name, pattern),
                )
            )
        if self.min_confidence:
            conditions.append(claims.c.confidence >= float(self.min_confidence))
        if not self.include_rejected:
            conditions.append(_not_rejected(claims.c.review_status))
        return conditions

    def incidents_select(self) -> Select[Any]:
        base = incidents.join(places, places.c.geonameid == incidents.c.place_id)
        return (
            select(
                incidents,
                places.c.name.label("place_name"),
                places.c.kind.label("place_kind"),
                places.c.country_code,
                places.c.admin1_code,
                places.c.lat,
                places.c.lon,
            )
            .select_from(base)
            .where(*self.incident_conditions())
        )

    def claims_select(self) -> Select[Any]:
        base = (
            claims.join(claim_places, claim_places.c.claim_id == claims.c.id)
            .join(places, places.c.geonameid == claim_places.c.place_id)
            .join(documents, documents.c.id == claims.c.document_id)
        )
        return (
            select(
                claims,
                places.c.geonameid.label("place_id"),
                places.c.name.label("place_name"),
                places.c.kind.label("place_kind"),
                places.c.country_code,
                places.c.admin1_code,
                places.c.lat,
                places.c.lon,
                documents.c.published,
                documents.c.source,
                documents.c.title,
                documents.c.url,
                documents.c.path,
            )
            .select_from(base)
            .where(*self.claim_conditions())
        )


def _not_rejected(column: Any) -> ColumnElement[bool]:
    return or_(column.is_(None), column != "rejected")


def _contains(column: Any, pattern: str) -> ColumnElement[bool]:
    """Case-insensitive LIKE that folds every script the same way on both engines ("київ"
    finds "Київ"): SQLite's LIKE and lower() fold ASCII only, so SQLite compares through
    ``geonews_lower`` (Python's ``str.lower``, registered on each connection); PostgreSQL
    through ``lower()`` under the ICU root collation, which does not depend on the server's
    locale. Decided when the statement is compiled."""
    return _CaseInsensitiveLike(column, pattern)


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _source_match(value: str) -> ColumnElement[bool]:
    pattern = _like(value)
    return or_(
        documents.c.id == value,
        _contains(documents.c.source, pattern),
        _contains(documents.c.url, pattern),
        _contains(documents.c.path, pattern),
        _contains(documents.c.title, pattern),
    )


class _CaseInsensitiveLike(ColumnElement[bool]):
    inherit_cache = False  # the pattern is bound at compile time: never reuse a compiled form

    def __init__(self, column: Any, pattern: str) -> None:
        self.column = column
        self.pattern = pattern
        self.type = Boolean()


@compiles(_CaseInsensitiveLike)
def _compile_like(element: _CaseInsensitiveLike, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    pattern = compiler.process(bindparam(None, element.pattern, type_=String()), **kw)
    if compiler.dialect.name == "sqlite":
        return f"geonews_lower({column}) LIKE geonews_lower({pattern}) ESCAPE '\\'"
    if getattr(compiler.dialect, "geonews_icu", False):
        return (
            f'lower(CAST({column} AS TEXT) COLLATE "und-x-icu") '
            f"LIKE lower(CAST({pattern} AS TEXT) COLLATE \"und-x-icu\") ESCAPE '\\'"
        )
    return f"lower({column}) LIKE lower({pattern}) ESCAPE '\\'"  # a server built without ICU


def _postgis(compiler: Any) -> bool:
    return compiler.dialect.name == "postgresql" and bool(
        getattr(compiler.dialect, "geonews_postgis", False)
    )


class _InRegion(ColumnElement[bool]):
    """A place in a region: its region codes, and on PostGIS also its point inside the
    region's polygon (a place the gazetteer gave no region still falls in its shape)."""

    inherit_cache = False

    def __init__(self, country_code: str, admin1_code: str | None) -> None:
        self.country_code = country_code
        self.admin1_code = admin1_code
        self.type = Boolean()


@compiles(_InRegion)
def _compile_region(element: _InRegion, compiler: Any, **kw: Any) -> str:
    codes = places.c.country_code == element.country_code
    if element.admin1_code:
        codes = and_(codes, places.c.admin1_code == element.admin1_code)
    if not _postgis(compiler):
        return str(compiler.process(codes, **kw))
    shape = [region_shapes.c.country_code == element.country_code]
    if element.admin1_code:
        shape.append(region_shapes.c.admin1_code == element.admin1_code)
    # the places inside the region's polygons, found once through the GiST index
    held = places.alias("held")
    inside = places.c.geonameid.in_(
        select(held.c.geonameid)
        .select_from(
            held.join(
                region_shapes,
                func.ST_Intersects(region_shapes.c.geom, literal_column("held.geom")),
            )
        )
        .where(*shape)
    )
    return str(compiler.process(or_(codes, inside), **kw))


class _InBox(ColumnElement[bool]):
    """A place inside the map's view (west, south, east, north; west > east crosses 180°)."""

    inherit_cache = False

    def __init__(self, west: float, south: float, east: float, north: float) -> None:
        self.box = (west, south, east, north)
        self.type = Boolean()


@compiles(_InBox)
def _compile_box(element: _InBox, compiler: Any, **kw: Any) -> str:
    west, south, east, north = element.box
    spans = [(west, east)] if west <= east else [(west, 180.0), (-180.0, east)]
    if _postgis(compiler):
        clause = or_(
            *(
                literal_column("places.geom").op("&&")(
                    func.ST_MakeEnvelope(w, south, e, north, 4326)
                )
                for w, e in spans
            )
        )
    else:
        clause = and_(
            places.c.lat.between(south, north),
            or_(*(places.c.lon.between(w, e) for w, e in spans)),
        )
    return str(compiler.process(clause, **kw))


_ISO_3166_2 = re.compile(r"^([A-Za-z]{2})-([A-Za-z0-9]{1,3})$")


def resolve_region(value: str, gazetteer: Any) -> Region:
    """A region by ISO code ("UA", "UA-12"), GeoNames code ("UA.04") or name ("Dnipropetrovsk")."""
    text = value.strip()
    if not text:
        raise QueryError("empty region")
    if re.fullmatch(r"[A-Za-z]{2}", text):
        country = gazetteer.country(text.upper())
        if country is not None:
            return Region(text.upper(), None, country.name)
    m = _ISO_3166_2.match(text)
    if m:
        code = f"{m[1].upper()}-{m[2].upper()}"
        for region in gazetteer.regions(m[1].upper()):
            if region.iso_code == code:
                return Region(region.country_code, region.admin1_code, region.name)
    m = re.fullmatch(r"([A-Za-z]{2})\.(\w+)", text)
    if m:
        region = gazetteer.admin1(m[1].upper(), m[2])
        if region is not None:
            return Region(region.country_code, region.admin1_code, region.name)
    candidates = gazetteer.lookup(text, kinds=["admin1", "country"])
    if not candidates:
        raise QueryError(
            f"unknown region {value!r}: use a country or first-level region name or code"
        )
    best = candidates[0]
    if best.kind == "country":
        return Region(best.country_code, None, best.name)
    return Region(best.country_code, best.admin1_code, best.name)
