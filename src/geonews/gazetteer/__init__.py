"""Offline GeoNames gazetteer: build, lookups and a geopy geocoder."""

from geonews.gazetteer.build import build_index
from geonews.gazetteer.geocoder import LocalGazetteer, OfflineAdapter, OnlineFallbackGeocoder
from geonews.gazetteer.index import Gazetteer, Place, ReverseResult, haversine_km, open_gazetteer
from geonews.gazetteer.normalize import normalize

__all__ = [
    "Gazetteer",
    "LocalGazetteer",
    "OfflineAdapter",
    "OnlineFallbackGeocoder",
    "Place",
    "ReverseResult",
    "build_index",
    "haversine_km",
    "normalize",
    "open_gazetteer",
]
