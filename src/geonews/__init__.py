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

__version__ = "0.1.0"

__all__ = [
    "ConfigurationError",
    "Gazetteer",
    "GazetteerCorruptError",
    "GazetteerError",
    "GeonewsError",
    "LocalGazetteer",
    "NetworkRefusedError",
    "Place",
    "QueryError",
    "__version__",
    "open_gazetteer",
]
