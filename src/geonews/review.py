"""What the command line and the page share to review a record: a corrected place, looked up
in the gazetteer by GeoNames id or by name, as the store keeps places."""

from __future__ import annotations

from typing import Any

from geonews.errors import QueryError
from geonews.gazetteer import Gazetteer

__all__ = ["corrected_place"]

_PLACE_FIELDS = ("geonameid", "name", "kind", "country_code", "admin1_code", "lat", "lon")


def corrected_place(gazetteer: Gazetteer, text: str) -> dict[str, Any]:
    """The place a reviewer means: a GeoNames id ("697889") or a name ("Pavlohrad")."""
    text = text.strip()
    found = gazetteer.get(int(text)) if text.isdigit() else None
    if found is None and not text.isdigit():
        found = next(iter(gazetteer.lookup(text, kinds=["city", "admin2", "admin1"])), None)
    if found is None:
        raise QueryError(f"no place {text!r} in the gazetteer")
    record = found.record()
    return {k: record[k] for k in _PLACE_FIELDS}
