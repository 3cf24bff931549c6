"""From article text to the extraction contract of DESIGN: toponyms, events, claims.

``extract`` runs in-process; ``extract_many`` fans documents out to worker processes
(each loads spaCy and opens the gazetteer once) and yields results in input order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from typing import Any

from geonews.claims import extract_claims
from geonews.dates import parse_published
from geonews.documents import Article, InputError
from geonews.events import extract_incidents
from geonews.gazetteer import open_gazetteer
from geonews.geoparse import Geoparser

__all__ = ["extract", "extract_many"]

_WORKER: Geoparser | None = None


def extract(article: Article, geoparser: Geoparser | None = None) -> dict[str, Any]:
    """The extraction record of one article (JSON-ready)."""
    geoparser = geoparser or _local_geoparser()
    toponyms, docs = geoparser.analyse(article.text)
    published = parse_published(article.published)
    incidents = extract_incidents(docs, toponyms, article.text, geoparser.gazetteer, published)
    claims = extract_claims(docs, toponyms, article.text)
    return {
        "id": article.id,
        "path": article.path,
        "toponyms": [t.to_dict() for t in toponyms],
        "events": [i.to_dict() for i in incidents],
        "claims": [c.to_dict() for c in claims],
    }


def _local_geoparser() -> Geoparser:
    global _WORKER
    if _WORKER is None:
        _WORKER = Geoparser()
    return _WORKER


def _work(item: Article | InputError) -> dict[str, Any] | InputError:
    if isinstance(item, InputError):
        return item
    return extract(item, _local_geoparser())


def extract_many(
    items: Iterable[Article | InputError], *, workers: int = 1
) -> Iterator[dict[str, Any] | InputError]:
    """Extract every article; input errors pass through in place, in order."""
    if workers <= 1:
        for item in items:
            yield _work(item)
        return
    # The gazetteer is built (under its file lock) before any worker starts, so the workers
    # only open it. "spawn" starts clean interpreters on Linux and macOS alike: no state
    # forked from a parent that holds threads or open SQLite handles.
    open_gazetteer()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes=workers) as pool:
        yield from pool.imap(_work, items, chunksize=4)
