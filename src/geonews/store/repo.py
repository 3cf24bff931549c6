"""The event store: open, ingest one document atomically, query with a :class:`Filter`.

SQLite (default, ``sqlite:///data/geonews.db``) runs in WAL mode with foreign keys on and a
busy timeout, and takes its write lock at the start of each document's transaction, so
concurrent importers queue instead of failing. PostgreSQL works through
``GEONEWS_DATABASE_URL=postgresql+psycopg://…``; with PostGIS on that server, places are points
and regions polygons there, and the region and map-view filters are spatial SQL
(:mod:`geonews.store.spatial`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from geonews import config
from geonews.dates import parse_published
from geonews.documents import Article
from geonews.errors import ConfigurationError, GeonewsError, QueryError, StoreError
from geonews.store import schema
from geonews.store.filters import Filter, _not_rejected
from geonews.store.schema import (
    audit_log,
    claim_places,
    claims,
    documents,
    incident_sources,
    incidents,
    mentions,
    places,
)
from geonews.store.spatial import ensure_spatial

__all__ = ["IngestResult", "Store", "open_store"]

_BUSY_TIMEOUT_S = 60
_T = TypeVar("_T")
FACET_SOURCES = 2_000  # source names offered as a filter, at most


@dataclass
class IngestResult:
    document_id: str
    status: str  # added | skipped
    incidents: int = 0
    claims: int = 0


def local_place_id(name: str, lat: float, lon: float) -> int:
    """A stable negative id for a place GeoNames has no id for (never clashes with one)."""
    digest = hashlib.sha1(f"{name.lower()}|{lat:.4f}|{lon:.4f}".encode()).hexdigest()
    return -(int(digest[:7], 16) + 1)


def _hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:24]


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///`` store URL (None for another engine or in memory)."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        return Path(url[len("sqlite:///") :])
    return None


class Store:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or config.database_url()
        if self.url.startswith("postgresql://"):
            self.url = "postgresql+psycopg://" + self.url[len("postgresql://") :]
        self.dialect = self.url.split(":", 1)[0].split("+", 1)[0]
        if self.dialect not in ("sqlite", "postgresql"):
            raise ConfigurationError(
                f"unsupported store URL {self.url!r}: use sqlite:/// or postgresql://"
            )
        path = sqlite_path(self.url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = self._create_engine()
        if self.dialect == "postgresql":
            with self.engine.connect() as conn:
                icu = conn.execute(
                    text("SELECT count(*) FROM pg_collation WHERE collname = 'und-x-icu'")
                ).scalar()
            self.engine.dialect.geonews_icu = bool(icu)  # type: ignore[attr-defined]
        self._migrate()

    def _create_engine(self) -> Engine:
        if self.dialect == "sqlite":
            engine = create_engine(
                self.url, connect_args={"timeout": _BUSY_TIMEOUT_S, "check_same_thread": False}
            )

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_conn: Any, _record: Any) -> None:
                dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
                # case folding for every script, as PostgreSQL does (filters._contains)
                dbapi_conn.create_function("geonews_lower", 1, _lower, deterministic=True)
                cursor = dbapi_conn.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_S * 1000}")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.close()

            @event.listens_for(engine, "begin")
            def _on_begin(conn: Connection) -> None:
                # Writers take the lock up front (no deadlock between two upgrading readers);
                # readers stay deferred so the dashboard reads while an import writes.
                write = conn.get_execution_options().get("geonews_write", False)
                conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

            return engine
        try:
            return create_engine(self.url, pool_pre_ping=True)
        except ImportError as exc:  # the driver is an optional part
            raise ConfigurationError(
                f"a PostgreSQL store needs its driver ({exc}): pip install 'psycopg[binary]'"
            ) from exc

    def _migrate(self) -> None:
        for attempt in range(20):
            try:
                with (
                    self.engine.connect().execution_options(geonews_write=True) as conn,
                    conn.begin(),
                ):
                    if self.dialect == "postgresql":
                        conn.execute(text("SELECT pg_advisory_xact_lock(727274)"))
                    schema.migrate(conn)
                    spatial = ensure_spatial(conn)
                # region and map-view filters compile to spatial SQL on PostGIS (filters.py)
                self.engine.dialect.geonews_postgis = spatial  # type: ignore[attr-defined]
                self.spatial = spatial
                return
            except (OperationalError, IntegrityError):
                if attempt == 19:
                    raise
                time.sleep(0.2 * (attempt + 1))

    def close(self) -> None:
        self.engine.dispose()

    # -- writing --------------------------------------------------------------------------
    def _insert_ignore(
        self, conn: Connection, table: Any, rows: list[dict[str, Any]], keys: list[str]
    ) -> None:
        if not rows:
            return
        insert = sqlite_insert if self.dialect == "sqlite" else pg_insert
        conn.execute(insert(table).on_conflict_do_nothing(index_elements=keys), rows)

    def has_url(self, canonical_url: str) -> bool:
        """Whether an article fetched from this (canonical) URL is stored."""
        with self.engine.connect() as conn:
            found = conn.execute(
                select(documents.c.id).where(documents.c.canonical_url == canonical_url).limit(1)
            ).first()
            return found is not None

    def documents_since(self, when: dt.datetime) -> set[str]:
        """Ids of the documents stored after ``when`` (an aware time)."""
        when = when.astimezone(dt.UTC)
        bound: Any = when if self.dialect == "postgresql" else when.strftime("%Y-%m-%d %H:%M:%S")
        with self.engine.connect() as conn:
            return set(
                conn.execute(
                    select(documents.c.id).where(documents.c.ingested_at > bound)
                ).scalars()
            )

    def has_document(self, document_id: str) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(select(documents.c.id).where(documents.c.id == document_id)).first()
                is not None
            )

    def _write(self, work: Callable[[Connection], _T]) -> _T:
        """``work`` in one write transaction, tried again while SQLite says the database is
        locked past the busy timeout (another importer holds it)."""
        for attempt in range(10):
            try:
                with (
                    self.engine.connect().execution_options(geonews_write=True) as conn,
                    conn.begin(),
                ):
                    return work(conn)
            except OperationalError as exc:
                if "locked" not in str(exc).lower() or attempt == 9:
                    raise
                time.sleep(0.5 * (attempt + 1))
        raise AssertionError("unreachable")

    def ingest(self, article: Article, record: dict[str, Any]) -> IngestResult:
        """Store one extracted document in one transaction; a document already stored is skipped."""
        try:
            return self._write(lambda conn: self._ingest_in(conn, article, record))
        except IntegrityError:
            if self.has_document(article.id):
                return IngestResult(article.id, "skipped")
            raise

    def ingest_many(
        self, pairs: Sequence[tuple[Article, dict[str, Any]]]
    ) -> list[tuple[Article, IngestResult | GeonewsError]]:
        """Store a batch of extracted documents in one transaction. If the batch cannot be
        written whole, each document is written on its own, so one bad document costs only
        itself; each is either stored entirely or not at all."""
        if not pairs:
            return []
        try:
            return self._write(lambda conn: [(a, self._ingest_in(conn, a, r)) for a, r in pairs])
        except (SQLAlchemyError, GeonewsError, ValueError, KeyError, TypeError):
            pass  # one by one below: the batch's transaction was rolled back whole
        results: list[tuple[Article, IngestResult | GeonewsError]] = []
        for article, record in pairs:
            try:
                results.append((article, self.ingest(article, record)))
            except (SQLAlchemyError, ValueError, KeyError, TypeError) as exc:
                results.append((article, StoreError(f"not stored: {exc}")))
            except GeonewsError as exc:
                results.append((article, exc))
        return results

    def _ingest_in(
        self, conn: Connection, article: Article, record: dict[str, Any]
    ) -> IngestResult:
        doc_id = article.id
        if conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first():
            return IngestResult(doc_id, "skipped")
        conn.execute(
            documents.insert().values(
                id=doc_id,
                path=article.path,
                url=article.url,
                title=article.title,
                published=parse_published(article.published),
                source=article.source,
                text=article.text,
                canonical_url=article.canonical_url,
                author=article.author,
                fetched_at=article.fetched_at,
            )
        )
        place_rows: dict[int, dict[str, Any]] = {}

        def remember(p: dict[str, Any]) -> int | None:
            if p.get("lat") is None or p.get("lon") is None:
                return None
            gid = p.get("geonameid")
            if gid is None:
                # a place with no GeoNames id (a sea, a city district placed at its city)
                # is still a dot: a stable negative id from its name and point
                gid = local_place_id(str(p["name"]), float(p["lat"]), float(p["lon"]))
            place_rows.setdefault(
                int(gid),
                {
                    "geonameid": int(gid),
                    "name": p["name"],
                    "kind": p.get("kind") or "other",
                    "country_code": p.get("country_code"),
                    "admin1_code": p.get("admin1_code"),
                    "lat": float(p["lat"]),
                    "lon": float(p["lon"]),
                },
            )
            return int(gid)

        mention_rows = []
        for t in record.get("toponyms", []):
            if t.get("kind") == "demonym":
                continue
            gid = remember(t)
            mention_rows.append(
                {
                    "document_id": doc_id,
                    "place_id": gid,
                    "start": t["start"],
                    "end": t["end"],
                    "name": t["name"],
                    "kind": t.get("kind") or "other",
                    "confidence": float(t.get("confidence") or 0),
                }
            )
        incident_rows, source_rows = [], []
        for e in record.get("events", []):
            place = dict(e["place"])
            place.setdefault("kind", "city")
            gid = remember(place)
            if gid is None:
                continue
            date = e.get("date")
            key = _hash(gid, e["event_type"], date if date else f"undated:{doc_id}")
            incident_rows.append(
                {
                    "id": key,
                    "event_type": e["event_type"],
                    "sub_event_type": e["sub_event_type"],
                    "place_id": gid,
                    "event_date": dt.date.fromisoformat(date) if date else None,
                    "time_precision": e.get("time_precision"),
                    "geo_precision": e.get("geo_precision") or 1,
                    "fatalities": e.get("fatalities"),
                    "injured": e.get("injured"),
                    "fatalities_raw": (e.get("fatalities_raw") or None),
                    "injured_raw": (e.get("injured_raw") or None),
                    "actor1": e.get("actor1"),
                    "actor2": e.get("actor2"),
                    "weapon": e.get("weapon"),
                    "confidence": float(e.get("confidence") or 0.5),
                }
            )
            ev = e["evidence"]
            source_rows.append(
                {
                    "incident_id": key,
                    "document_id": doc_id,
                    "evidence_start": ev["start"],
                    "evidence_end": ev["end"],
                    "evidence_text": ev["text"],
                }
            )
        claim_rows, claim_place_rows = [], []
        for c in record.get("claims", []):
            ev = c["evidence"]
            key = _hash(doc_id, ev["start"], c.get("text", "")[:64], c.get("speaker"))
            claim_rows.append(
                {
                    "id": key,
                    "document_id": doc_id,
                    "speaker": c.get("speaker"),
                    "speaker_role": c.get("speaker_role"),
                    "text": c.get("text", ""),
                    "evidence_start": ev["start"],
                    "evidence_end": ev["end"],
                    "evidence_text": ev["text"],
                    "confidence": float(c.get("confidence") or 0.5),
                }
            )
            for p in c.get("places", []):
                gid = remember(p)
                if gid is not None:
                    claim_place_rows.append({"claim_id": key, "place_id": gid})
        _assign_regions(list(place_rows.values()))
        self._insert_ignore(conn, places, list(place_rows.values()), ["geonameid"])
        if mention_rows:
            conn.execute(mentions.insert(), mention_rows)
        self._insert_ignore(conn, incidents, _unique(incident_rows, "id"), ["id"])
        self._insert_ignore(
            conn,
            incident_sources,
            _unique(source_rows, "incident_id"),
            ["incident_id", "document_id"],
        )
        self._insert_ignore(conn, claims, _unique(claim_rows, "id"), ["id"])
        self._insert_ignore(conn, claim_places, claim_place_rows, ["claim_id", "place_id"])
        # Same incident seen again: keep the best-known casualty counts.
        for row in incident_rows:
            for column in ("fatalities", "injured"):
                if row[column] is not None:
                    conn.execute(
                        incidents.update()
                        .where(incidents.c.id == row["id"])
                        .where(incidents.c.review_status.is_(None))  # a reviewer's stand
                        .where(
                            (incidents.c[column].is_(None)) | (incidents.c[column] < row[column])
                        )
                        .values({column: row[column]})
                    )
        return IngestResult(
            doc_id, "added", len(_unique(incident_rows, "id")), len(_unique(claim_rows, "id"))
        )

    # -- review ---------------------------------------------------------------------------
    def review(
        self,
        record_id: str,
        *,
        who: str,
        status: str | None = None,
        note: str | None = None,
        place: dict[str, Any] | None = None,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        fatalities: int | None = None,
        injured: int | None = None,
        actor: str | None = None,
    ) -> dict[str, Any]:
        """Mark an incident or claim (by id) verified, rejected or needs-review, with a note,
        and correct an incident's place, type, counts or actor (a correction without a status
        marks the record verified). The corrected values replace the machine's everywhere; a
        later ingest leaves reviewed records alone; every change is kept in the audit log
        (when, who, before, after). Returns the audit entry."""
        if status is not None and status not in REVIEW_STATUSES:
            raise QueryError(f"unknown review status {status!r}; use one of {REVIEW_STATUSES}")
        if not who.strip():
            raise QueryError("say who reviews (a name or initials)")
        for name, value in (("fatalities", fatalities), ("injured", injured)):
            if value is not None and not 0 <= value <= 1_000_000:
                raise QueryError(f"{name} must be a count between 0 and 1,000,000")
        with self.engine.connect().execution_options(geonews_write=True) as conn, conn.begin():
            kind, table = "incident", incidents
            row = conn.execute(select(incidents).where(incidents.c.id == record_id)).first()
            if row is None:
                kind, table = "claim", claims
                row = conn.execute(select(claims).where(claims.c.id == record_id)).first()
            if row is None:
                raise QueryError(f"no incident or claim with id {record_id!r}")
            changes: dict[str, Any] = {"review_status": status, "review_note": note}
            if kind == "incident":
                if place is not None:
                    rows = [dict(place)]
                    _assign_regions(rows)
                    self._insert_ignore(conn, places, rows, ["geonameid"])
                    changes["place_id"] = int(place["geonameid"])
                changes |= {
                    "event_type": event_type,
                    "sub_event_type": sub_event_type,
                    "fatalities": fatalities,
                    "injured": injured,
                    "actor1": actor,
                }
            elif any(v is not None for v in (place, sub_event_type, fatalities, injured, actor)):
                raise QueryError("a claim takes a status and a note only")
            current = row._mapping
            corrected = any(
                changes.get(k) is not None
                for k in ("place_id", "sub_event_type", "fatalities", "injured", "actor1")
            )
            if corrected and status is None and current["review_status"] is None:
                changes["review_status"] = "verified"  # a corrected record is a reviewed one
            changes = {k: v for k, v in changes.items() if v is not None and current[k] != v}
            if not changes:
                return {"record_kind": kind, "record_id": record_id, "before": {}, "after": {}}
            conn.execute(table.update().where(table.c.id == record_id).values(changes))
            entry: dict[str, Any] = {
                "at": dt.datetime.now(dt.UTC),
                "who": who.strip(),
                "record_kind": kind,
                "record_id": record_id,
                "before": json.dumps({k: _plain(current[k]) for k in changes}, sort_keys=True),
                "after": json.dumps({k: _plain(v) for k, v in changes.items()}, sort_keys=True),
            }
            conn.execute(audit_log.insert().values(entry))
        return entry | {"before": json.loads(entry["before"]), "after": json.loads(entry["after"])}

    def audit(self, record_id: str | None = None) -> list[dict[str, Any]]:
        """The audit log, newest first (of one record when ``record_id`` is given)."""
        query = select(audit_log).order_by(audit_log.c.id.desc())
        if record_id is not None:
            query = query.where(audit_log.c.record_id == record_id)
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        for r in rows:
            r["before"], r["after"] = json.loads(r["before"]), json.loads(r["after"])
        return rows

    # -- reading --------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
                for name, table in (
                    ("documents", documents),
                    ("incidents", incidents),
                    ("claims", claims),
                    ("places", places),
                    ("mentions", mentions),
                )
            }

    def incidents(
        self, flt: Filter | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Incidents matching a filter, each with its sources (evidence sentence, document)."""
        flt = flt or Filter()
        if flt.kind == "claims":
            return []
        query = flt.incidents_select().order_by(incidents.c.event_date.desc(), incidents.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return _with_sources(conn, [dict(r._mapping) for r in conn.execute(query)])

    def iter_incidents(
        self, flt: Filter | None = None, *, chunk: int = 1000
    ) -> Iterator[dict[str, Any]]:
        """:meth:`incidents`, streamed: ``chunk`` rows at a time from a server-side cursor,
        each chunk with its sources, so memory does not grow with the result."""
        flt = flt or Filter()
        if flt.kind == "claims":
            return
        query = flt.incidents_select().order_by(incidents.c.event_date.desc(), incidents.c.id)
        with self.engine.connect() as reader, self.engine.connect() as lookup:
            result = reader.execution_options(yield_per=chunk).execute(query)
            for part in result.partitions():
                yield from _with_sources(lookup, [dict(r._mapping) for r in part])

    def iter_claims(
        self, flt: Filter | None = None, *, chunk: int = 1000
    ) -> Iterator[dict[str, Any]]:
        """:meth:`claims`, streamed from a server-side cursor."""
        flt = flt or Filter()
        if flt.kind == "incidents":
            return
        query = flt.claims_select().order_by(claims.c.document_id, claims.c.evidence_start)
        with self.engine.connect() as reader:
            for part in reader.execution_options(yield_per=chunk).execute(query).partitions():
                yield from (dict(r._mapping) for r in part)

    def incident_totals(self, flt: Filter | None = None) -> tuple[int, int]:
        """How many incidents match a filter, and their total fatalities (one SQL query)."""
        flt = flt or Filter()
        if flt.kind == "claims":
            return 0, 0
        inner = flt.incidents_select().subquery()
        with self.engine.connect() as conn:
            count, dead = conn.execute(
                select(func.count(), func.coalesce(func.sum(inner.c.fatalities), 0))
            ).one()
        return int(count), int(dead)

    def daily_counts(self, flt: Filter | None = None) -> list[tuple[dt.date, str, str, int]]:
        """Incidents per (day, event type, sub-event type) under a filter, its date range left
        out (the timeline shows every day, so that a range can be chosen on it). One grouped
        query; undated incidents are not counted."""
        flt = replace(flt or Filter(), since=None, until=None)
        if flt.kind == "claims":
            return []
        inner = flt.incidents_select().subquery()
        key = (inner.c.event_date, inner.c.event_type, inner.c.sub_event_type)
        query = (
            select(*key, func.count())
            .where(inner.c.event_date.is_not(None))
            .group_by(*key)
            .order_by(*key)
        )
        with self.engine.connect() as conn:
            return [(_as_date(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in conn.execute(query)]

    def claims(
        self, flt: Filter | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Claims matching a filter: one row per (claim, place it refers to)."""
        flt = flt or Filter()
        if flt.kind == "incidents":
            return []
        query = flt.claims_select().order_by(claims.c.document_id, claims.c.evidence_start)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def document(self, document_id: str, *, limit: int | None = None) -> dict[str, Any] | None:
        """A document with its place mentions, incidents and claims (at most ``limit`` of
        each: a reader needs their sentences, not every one of 100,000 synthetic rows)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == document_id)).first()
            if row is None:
                return None
            doc = dict(row._mapping)
            doc["mentions"] = [
                dict(r._mapping)
                for r in conn.execute(
                    select(mentions)
                    .where(mentions.c.document_id == document_id)
                    .order_by(mentions.c.start)
                )
            ]
            doc["incidents"] = [
                dict(r._mapping)
                for r in conn.execute(
                    select(incident_sources, incidents.c.event_type, incidents.c.sub_event_type)
                    .join(incidents, incidents.c.id == incident_sources.c.incident_id)
                    .where(incident_sources.c.document_id == document_id)
                    .order_by(incident_sources.c.evidence_start)
                    .limit(limit)
                )
            ]
            doc["claims"] = [
                dict(r._mapping)
                for r in conn.execute(
                    select(claims)
                    .where(claims.c.document_id == document_id)
                    .order_by(claims.c.evidence_start)
                    .limit(limit)
                )
            ]
            return doc

    def documents(
        self, *, limit: int | None = None, include: str | None = None
    ) -> list[dict[str, Any]]:
        """Stored documents (no text), oldest first; with ``limit``, only the newest that
        many (and the document ``include``, wherever it is)."""
        columns = (
            documents.c.id,
            documents.c.title,
            documents.c.path,
            documents.c.url,
            documents.c.source,
            documents.c.published,
            documents.c.ingested_at,
        )
        with self.engine.connect() as conn:
            if limit is None:
                query = select(*columns).order_by(documents.c.ingested_at, documents.c.id)
                return [dict(r._mapping) for r in conn.execute(query)]
            newest = select(*columns).order_by(
                documents.c.ingested_at.desc(), documents.c.id.desc()
            )
            rows = [dict(r._mapping) for r in conn.execute(newest.limit(limit))]
            if include and all(r["id"] != include for r in rows):
                rows += [
                    dict(r._mapping)
                    for r in conn.execute(select(*columns).where(documents.c.id == include))
                ]
            rows.sort(key=lambda r: (str(r["ingested_at"]), r["id"]))
            return rows

    def facets(self) -> dict[str, list[Any]]:
        """What the stored records offer to filter on: regions, types, actors, sources, dates."""
        with self.engine.connect() as conn:
            # what a reviewer rejected is not on the page: not offered, not counted
            kept_incidents = _not_rejected(incidents.c.review_status)
            used = (
                select(incidents.c.place_id.label("pid"))
                .where(kept_incidents)
                .union(
                    select(claim_places.c.place_id.label("pid"))
                    .join(claims, claims.c.id == claim_places.c.claim_id)
                    .where(_not_rejected(claims.c.review_status))
                )
                .subquery()
            )
            regions = conn.execute(
                select(places.c.country_code, places.c.admin1_code, func.count())
                .join(used, used.c.pid == places.c.geonameid)
                .group_by(places.c.country_code, places.c.admin1_code)
            ).all()
            types = conn.execute(
                select(incidents.c.event_type, incidents.c.sub_event_type)
                .where(kept_incidents)
                .distinct()
            ).all()
            actors = [
                r[0]
                for r in conn.execute(
                    select(incidents.c.actor1)
                    .where(incidents.c.actor1.is_not(None))
                    .distinct()
                    .order_by(incidents.c.actor1)
                )
            ]
            speakers = [
                r[0]
                for r in conn.execute(
                    select(claims.c.speaker)
                    .where(claims.c.speaker.is_not(None))
                    .distinct()
                    .order_by(claims.c.speaker)
                )
            ]
            # source names, not one row per document: a newsroom's store holds millions
            named = func.coalesce(
                documents.c.source, documents.c.title, documents.c.path, documents.c.id
            )
            sources = conn.execute(
                select(named).distinct().order_by(named).limit(FACET_SOURCES)
            ).scalars()
            span = conn.execute(
                select(func.min(incidents.c.event_date), func.max(incidents.c.event_date)).where(
                    kept_incidents
                )
            ).first()
        return {
            "regions": [tuple(r) for r in regions],
            "types": [tuple(t) for t in types],
            "actors": actors,
            "speakers": speakers,
            "sources": list(sources),
            "dates": list(span) if span else [None, None],
        }

    def mentioned_regions(self, flt: Filter | None = None) -> list[dict[str, Any]]:
        """First-level regions named in the stored articles, with how often."""
        query = (
            select(
                places.c.geonameid,
                places.c.name,
                places.c.country_code,
                places.c.admin1_code,
                places.c.lat,
                places.c.lon,
                func.count(mentions.c.id).label("count"),
            )
            .join(mentions, mentions.c.place_id == places.c.geonameid)
            .where(places.c.kind == "admin1")
            .group_by(
                places.c.geonameid,
                places.c.name,
                places.c.country_code,
                places.c.admin1_code,
                places.c.lat,
                places.c.lon,
            )
        )
        if flt is not None and flt.resolved_region is not None:
            query = query.where(places.c.country_code == flt.resolved_region.country_code)
            if flt.resolved_region.admin1_code:
                query = query.where(places.c.admin1_code == flt.resolved_region.admin1_code)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def region_counts(self) -> list[dict[str, Any]]:
        """Incidents, claims (not rejected by a reviewer) and mentions per (country,
        first-level region) in the store."""
        with self.engine.connect() as conn:

            def counted(query: Any) -> dict[tuple[str, str], int]:
                return {(r[0], r[1]): int(r[2]) for r in conn.execute(query)}

            key = (places.c.country_code, places.c.admin1_code)
            n_incidents = counted(
                select(*key, func.count(incidents.c.id))
                .join(places, places.c.geonameid == incidents.c.place_id)
                .where(_not_rejected(incidents.c.review_status))
                .group_by(*key)
            )
            n_claims = counted(
                select(*key, func.count(func.distinct(claim_places.c.claim_id)))
                .join(places, places.c.geonameid == claim_places.c.place_id)
                .join(claims, claims.c.id == claim_places.c.claim_id)
                .where(_not_rejected(claims.c.review_status))
                .group_by(*key)
            )
            n_mentions = counted(
                select(*key, func.count(mentions.c.id))
                .join(places, places.c.geonameid == mentions.c.place_id)
                .group_by(*key)
            )
        codes = set(n_incidents) | set(n_claims) | set(n_mentions)
        return [
            {
                "country_code": c,
                "admin1_code": a,
                "incidents": n_incidents.get((c, a), 0),
                "claims": n_claims.get((c, a), 0),
                "mentions": n_mentions.get((c, a), 0),
            }
            for c, a in sorted(codes, key=lambda k: (k[0] or "", k[1] or ""))
            if c
        ]

    def version(self) -> tuple[int, int, int, int]:
        """Changes whenever documents are added or a record is reviewed (the dashboard's
        cache key): documents, incidents, claims, audit-log entries."""
        # (asked on every page rerun: these four counts, in one connection, and no others)
        with self.engine.connect() as conn:
            documents_, incidents_, claims_, reviews = (
                int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
                for table in (documents, incidents, claims, audit_log)
            )
        return documents_, incidents_, claims_, reviews

    def integrity_check(self) -> bool:
        if self.dialect != "sqlite":
            return True
        with self.engine.connect() as conn:
            return conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def _with_sources(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Incident rows, each with its reports (evidence sentence, document), in one query per
    5,000 incidents."""
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r["sources"] = []
    reports = select(
        incident_sources,
        documents.c.title,
        documents.c.url,
        documents.c.source,
        documents.c.path,
        documents.c.published,
    ).join(documents, documents.c.id == incident_sources.c.document_id)
    ids = list(by_id)
    for start in range(0, len(ids), 5000):
        chunk = reports.where(incident_sources.c.incident_id.in_(ids[start : start + 5000]))
        for s in conn.execute(chunk):
            by_id[s.incident_id]["sources"].append(dict(s._mapping))
    return rows


def _assign_regions(rows: list[dict[str, Any]]) -> None:
    """Give places without a first-level region code the region whose polygon holds them."""
    missing = [r for r in rows if not r.get("admin1_code") and r.get("kind") in ("city", "other")]
    if not missing:
        return
    from geonews.errors import GazetteerError
    from geonews.regions import load_regions

    try:
        shapes = load_regions()
    except GazetteerError:
        return
    for row, region in zip(
        missing, shapes.assign([(r["lat"], r["lon"]) for r in missing]), strict=True
    ):
        if region is not None and (row.get("country_code") in (None, region.country_code)):
            row["admin1_code"] = region.admin1_code
            row["country_code"] = region.country_code


REVIEW_STATUSES = ("verified", "rejected", "needs-review")


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _unique(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    seen: dict[Any, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row[key], row)
    return list(seen.values())


def open_store(url: str | None = None) -> Store:
    return Store(url)
