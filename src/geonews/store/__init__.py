"""The event store: documents, places, incidents, claims and their evidence."""

from geonews.store.filters import Filter, Region, resolve_region
from geonews.store.repo import IngestResult, Store, open_store

__all__ = ["Filter", "IngestResult", "Region", "Store", "open_store", "resolve_region"]
