"""geonews: news articles to a map of places, incidents and claims, offline."""

from geonews.errors import (
    ConfigurationError,
    GazetteerCorruptError,
    GazetteerError,
    GeonewsError,
    NetworkRefusedError,
    QueryError,
)
from geonews.gazetteer import Gazetteer, LocalGazetteer, Place, open_gazetteer
from geonews.geoparse import Geoparser, Toponym

__version__ = "0.1.0"

__all__ = [
    "ConfigurationError",
    "Gazetteer",
    "GazetteerCorruptError",
    "GazetteerError",
    "GeonewsError",
    "Geoparser",
    "LocalGazetteer",
    "NetworkRefusedError",
    "Place",
    "QueryError",
    "Toponym",
    "__version__",
    "open_gazetteer",
]
