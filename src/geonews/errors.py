"""Exceptions raised by geonews.

Every error a user can cause or meet derives from :class:`GeonewsError`, and
also from the builtin it resembles, so callers may catch either::

    GeonewsError
     ├── ConfigurationError (ValueError)    bad setting or argument
     ├── QueryError (ValueError)            empty or unusable query
     ├── GazetteerError (RuntimeError)      the gazetteer index cannot be built or read
     │    └── GazetteerCorruptError         the on-disk index is damaged or stale
     └── NetworkRefusedError (ConnectionRefusedError)
                                            an offline component was asked to use the network
"""

from __future__ import annotations

__all__ = [
    "ConfigurationError",
    "GazetteerCorruptError",
    "GazetteerError",
    "GeonewsError",
    "NetworkRefusedError",
    "QueryError",
    "StoreError",
]


class GeonewsError(Exception):
    """Base class of every geonews error."""


class ConfigurationError(GeonewsError, ValueError):
    """A setting or argument is invalid."""


class QueryError(GeonewsError, ValueError):
    """A query is empty or cannot be interpreted."""


class StoreError(GeonewsError, RuntimeError):
    """A record could not be written to the event store."""


class GazetteerError(GeonewsError, RuntimeError):
    """The gazetteer index cannot be built or opened."""


class GazetteerCorruptError(GazetteerError):
    """The gazetteer index on disk is damaged, incomplete or built from other data."""


class NetworkRefusedError(GeonewsError, ConnectionRefusedError):
    """An offline component was asked to open a network connection."""
