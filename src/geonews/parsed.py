"""Cheap reads of a parsed spaCy ``Doc`` that extraction makes many times.

``Doc.ents`` builds a new ``Span`` for every entity of the document on each access, and
``Span.ents`` walks them all again, so reading "the entities of this sentence" once per
sentence costs as many spans as sentences times entities. Here the entities are built once
per document (kept in ``doc.user_data``; extraction never changes a document's entities).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

__all__ = ["entities", "entities_in"]

_KEY = ("geonews", "ents")


def entities(doc: Any) -> tuple[Any, ...]:
    """``doc.ents``, built once per document."""
    cached = doc.user_data.get(_KEY)
    if cached is None:
        ents = tuple(doc.ents)
        cached = doc.user_data[_KEY] = (ents, [e.start for e in ents])
    return cached[0]  # type: ignore[no-any-return]


def entities_in(span: Any) -> list[Any]:
    """``span.ents``: the entities that lie wholly inside the span (spaCy's rule: from the
    first entity starting in it, up to the first one that runs past its end)."""
    doc = span.doc
    entities(doc)
    ents, starts = doc.user_data[_KEY]
    found = []
    for ent in ents[bisect_left(starts, span.start) :]:
        if ent.end > span.end:
            break
        found.append(ent)
    return found
