"""The event store's tables (SQLAlchemy 2.x Core), and its schema migrations.

documents ─┬─ mentions ── places
           ├─ incident_sources ── incidents ── places
           └─ claims ── claim_places ── places
audit_log                 (every reviewer's change: when, who, before, after)
feeds ─┬─ polls                (one row per poll: time, HTTP status, new items, error)
       └─ feed_items ── documents  (each linked article, fetched once)

A document's id is the hash of its text, so the same article is stored once. An incident is
one (place, event type, date): two articles reporting it are two ``incident_sources`` rows.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    text,
)
from sqlalchemy.engine import Connection

__all__ = ["SCHEMA_VERSION", "metadata", "migrate"]

SCHEMA_VERSION = 4

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime(timezone=True), server_default=text("CURRENT_TIMESTAMP")),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String, primary_key=True),  # a hash, or the id an input gives: any length
    Column("path", Text),
    Column("url", Text),
    Column("title", Text),
    Column("published", Date, index=True),
    Column("source", String, index=True),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), server_default=text("CURRENT_TIMESTAMP")),
    # version 3: articles fetched from the web
    Column("canonical_url", Text, index=True),  # the URL the same article always has
    Column("author", Text),
    Column("fetched_at", DateTime(timezone=True)),
)

places = Table(
    "places",
    metadata,
    Column("geonameid", Integer, primary_key=True, autoincrement=False),
    Column("name", String, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("country_code", String(2), index=True),
    Column("admin1_code", String(20)),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Index("places_region", "country_code", "admin1_code"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "document_id",
        String,
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("place_id", Integer, ForeignKey("places.geonameid"), index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("name", String, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("event_type", String(64), nullable=False, index=True),
    Column("sub_event_type", String(64), nullable=False),
    Column("place_id", Integer, ForeignKey("places.geonameid"), nullable=False, index=True),
    Column("event_date", Date, index=True),
    Column("time_precision", Integer),
    Column("geo_precision", Integer, nullable=False),
    Column("fatalities", Integer),
    Column("injured", Integer),
    Column("fatalities_raw", String),
    Column("injured_raw", String),
    Column("actor1", String, index=True),
    Column("actor2", String),
    Column("weapon", String(64)),
    Column("confidence", Float, nullable=False),
    # version 4: a reviewer's decision (verified | rejected | needs-review) and note; corrected
    # values are written over the machine's, which the audit log keeps
    Column("review_status", String(16)),
    Column("review_note", Text),
)

incident_sources = Table(
    "incident_sources",
    metadata,
    Column(
        "incident_id", String(32), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Index("incident_sources_document", "document_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column(
        "document_id",
        String,
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("speaker", String),
    Column("speaker_role", String),
    Column("text", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("review_status", String(16)),  # version 4
    Column("review_note", Text),
)

claim_places = Table(
    "claim_places",
    metadata,
    Column("claim_id", String(32), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", Integer, ForeignKey("places.geonameid"), primary_key=True),
    Index("claim_places_place", "place_id"),
)


feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("name", String, unique=True),
    Column("every_seconds", Integer, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("failures", Integer, nullable=False, server_default=text("0")),
    Column("next_poll_at", DateTime(timezone=True)),
    Column("added_at", DateTime(timezone=True), server_default=text("CURRENT_TIMESTAMP")),
)

polls = Table(
    "polls",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    Column("polled_at", DateTime(timezone=True), nullable=False),
    Column("http_status", Integer),
    Column("new_items", Integer, nullable=False),
    Column("error", Text),
    Index("polls_feed_time", "feed_id", "polled_at"),
)

feed_items = Table(
    "feed_items",
    metadata,
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    Column("canonical_url", Text, primary_key=True),
    Column("document_id", String, ForeignKey("documents.id", ondelete="SET NULL")),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Column("error", Text),
)


audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String, nullable=False),
    Column("record_kind", String(16), nullable=False),  # incident | claim
    Column("record_id", String, nullable=False, index=True),
    Column("before", Text, nullable=False),  # JSON of the fields changed, before
    Column("after", Text, nullable=False),  # ... and after
)


def _v1(conn: Connection) -> None:
    metadata.create_all(conn)


# Text whose length the input decides: unbounded, as SQLite always treated it (version 1
# bounded it, which only PostgreSQL enforced — a long id or source failed there alone).
_UNBOUNDED = {
    "documents": ("id", "source"),
    "places": ("name",),
    "mentions": ("document_id", "name"),
    "incidents": ("fatalities_raw", "injured_raw", "actor1", "actor2"),
    "incident_sources": ("document_id",),
    "claims": ("document_id", "speaker", "speaker_role"),
}


def _v2(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        return  # SQLite never enforced the lengths
    for table, columns in _UNBOUNDED.items():
        alters = ", ".join(f'ALTER COLUMN "{c}" TYPE VARCHAR' for c in columns)
        conn.execute(text(f'ALTER TABLE "{table}" {alters}'))


def _v3(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("documents")}
    for name, kind in (
        ("canonical_url", "TEXT"),
        ("author", "TEXT"),
        ("fetched_at", "TIMESTAMP WITH TIME ZONE"),
    ):
        if name not in columns:  # (a store created at version 3 has them already)
            conn.execute(text(f"ALTER TABLE documents ADD COLUMN {name} {kind}"))
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_documents_canonical_url ON documents (canonical_url)")
    )
    for table in (feeds, polls, feed_items):
        table.create(conn, checkfirst=True)


def _v4(conn: Connection) -> None:
    for table in ("incidents", "claims"):
        columns = {c["name"] for c in inspect(conn).get_columns(table)}
        for name, kind in (("review_status", "VARCHAR(16)"), ("review_note", "TEXT")):
            if name not in columns:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))
    audit_log.create(conn, checkfirst=True)


# Migration n takes a store at version n-1 to version n. Append, never edit.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1, 2: _v2, 3: _v3, 4: _v4}


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    value = conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar()
    return int(value or 0)


def migrate(conn: Connection) -> int:
    """Bring the store to ``SCHEMA_VERSION``; returns the version it was at."""
    found = current_version(conn)
    if found > SCHEMA_VERSION:
        from geonews.errors import ConfigurationError

        raise ConfigurationError(
            f"the store is at schema version {found}, newer than this geonews ({SCHEMA_VERSION})"
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](conn)
        conn.execute(schema_version.insert().values(version=version))
    return found
