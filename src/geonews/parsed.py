"""Cheap reads of a parsed spaCy ``Doc`` that extraction makes many times.

``Doc.ents`` builds a new ``Span`` for every entity of the document on each access, and
``Span.ents`` walks them all again, so reading "the entities of this sentence" once per
sentence costs as many spans as sentences times entities. Here the entities are built once
per document (kept in ``doc.user_data``; extraction never changes a document's entities).

Likewise every ``for token in doc`` builds a ``Token`` per word; the passes that look for a
few words (a region word, a settlement noun) go through the document's lower-case forms,
listed once, and make tokens only of the words they look for.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterator
from typing import Any

__all__ = ["entities", "entities_in", "lowers", "tokens_lowered"]

_KEY = ("geonews", "ents")
_LOWERS = ("geonews", "lowers")


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


def lowers(doc: Any) -> list[str]:
    """The lower-case form of every token of the document, listed once."""
    found = doc.user_data.get(_LOWERS)
    if found is None:
        found = doc.user_data[_LOWERS] = [t.lower_ for t in doc]
    return found  # type: ignore[no-any-return]


def tokens_lowered(doc_or_span: Any, words: Collection[str]) -> Iterator[Any]:
    """The tokens of a document or span whose lower-case form is one of ``words``, in order."""
    span = doc_or_span[:]  # a Doc's slice is a span of all its tokens
    doc = span.doc
    forms = lowers(doc)
    for i in range(span.start, span.end):
        if forms[i] in words:
            yield doc[i]
