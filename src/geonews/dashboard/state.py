"""The dashboard's filter state and its URL form (no Streamlit here: plain, tested code).

``FilterState`` is what the sidebar shows; ``to_query_params`` / ``from_query_params`` turn
it into the page URL and back, so a copied URL opens the same view; ``to_filter`` makes the
store :class:`~geonews.store.Filter` that the map, the table and the downloads all use.
Unknown or malformed URL values are dropped (and reported), never trusted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from geonews.store.filters import KINDS, Filter

__all__ = ["FilterState", "from_query_params", "to_query_params"]

_MAX_TEXT = 200
_MAX_ITEMS = 50


@dataclass(frozen=True)
class FilterState:
    country: str | None = None  # ISO alpha-2
    admin1: str | None = None  # GeoNames admin1 code within the country
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    undated: bool = True
    actor: str | None = None
    source: str | None = None
    query: str | None = None
    kind: str = "all"
    min_confidence: float = 0.0
    rejected: bool = False  # show records a reviewer rejected
    selected: str | None = None  # id of the selected record (table row / map marker)
    document: str | None = None  # document open in the reader
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def region(self) -> str | None:
        if not self.country:
            return None
        return f"{self.country}.{self.admin1}" if self.admin1 else self.country

    def to_filter(self) -> Filter:
        return Filter(
            region=self.region,
            event_type=self.event_types,
            sub_event_type=self.sub_event_types,
            since=self.since,
            until=self.until,
            include_undated=self.undated,
            actor=self.actor or None,
            source=self.source or None,
            query=self.query or None,
            min_confidence=self.min_confidence,
            kind=self.kind,
            include_rejected=self.rejected,
        )

    def cache_key(self) -> tuple[Any, ...]:
        return tuple(
            getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("problems", "selected", "document")
        )


def to_query_params(state: FilterState) -> dict[str, str | list[str]]:
    """The URL query parameters of a state (defaults left out)."""
    params: dict[str, str | list[str]] = {}
    default = FilterState()
    for name in ("country", "admin1", "actor", "source", "query", "selected", "document"):
        value = getattr(state, name)
        if value:
            params[name] = str(value)
    if state.event_types:
        params["type"] = list(state.event_types)
    if state.sub_event_types:
        params["subtype"] = list(state.sub_event_types)
    if state.since:
        params["since"] = state.since.isoformat()
    if state.until:
        params["until"] = state.until.isoformat()
    if state.undated != default.undated:
        params["undated"] = "1" if state.undated else "0"
    if state.kind != default.kind:
        params["kind"] = state.kind
    if state.min_confidence:
        params["conf"] = f"{state.min_confidence:g}"
    if state.rejected:
        params["rejected"] = "1"
    return params


def _one(value: Any) -> str | None:
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    if value is None:
        return None
    text = str(value).strip()
    return text[:_MAX_TEXT] if text else None


def _many(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, (list, tuple)) else [value]
    out = []
    for item in items[:_MAX_ITEMS]:
        text = _one(item)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def from_query_params(params: Mapping[str, Any]) -> FilterState:
    """A state from URL query parameters; bad values are dropped and listed in ``problems``."""
    problems: list[str] = []
    state = FilterState()

    def date(name: str) -> dt.date | None:
        text = _one(params.get(name))
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            problems.append(f"ignored {name}={text!r}: not a YYYY-MM-DD date")
            return None

    country = _one(params.get("country"))
    if country and not (len(country) == 2 and country.isalpha()):
        problems.append(f"ignored country={country!r}: not an ISO alpha-2 code")
        country = None
    admin1 = _one(params.get("admin1")) if country else None
    if admin1 and not (len(admin1) <= 20 and admin1.replace("-", "").isalnum()):
        problems.append(f"ignored admin1={admin1!r}")
        admin1 = None
    kind = _one(params.get("kind")) or "all"
    if kind not in KINDS:
        problems.append(f"ignored kind={kind!r}")
        kind = "all"
    conf_text = _one(params.get("conf"))
    confidence = 0.0
    if conf_text:
        try:
            confidence = float(conf_text)
            if not 0.0 <= confidence <= 1.0:
                raise ValueError
        except ValueError:
            problems.append(f"ignored conf={conf_text!r}: not a number between 0 and 1")
            confidence = 0.0
    since, until = date("since"), date("until")
    if since and until and since > until:
        problems.append("ignored an empty date range (since is after until)")
        since = until = None
    undated = _one(params.get("undated"))
    state = replace(
        state,
        country=country.upper() if country else None,
        admin1=admin1,
        event_types=_many(params.get("type", ())),
        sub_event_types=_many(params.get("subtype", ())),
        since=since,
        until=until,
        undated=undated != "0",
        actor=_one(params.get("actor")),
        source=_one(params.get("source")),
        query=_one(params.get("query")),
        kind=kind,
        min_confidence=confidence,
        rejected=_one(params.get("rejected")) == "1",
        selected=_one(params.get("selected")),
        document=_one(params.get("document")),
        problems=tuple(problems),
    )
    return state
