"""From article text to the extraction contract of DESIGN: toponyms, events, claims.

``extract`` runs in-process. ``extract_pairs`` (and ``extract_many``, its records alone) runs
many documents, in input order, on one of three engines:

- ``process`` with ``workers=1``: in this process;
- ``process`` with ``workers>1``: worker processes on this machine (each loads spaCy and
  opens the gazetteer once);
- ``dask``: the workers of a Dask cluster (``dask.distributed``), a ``LocalCluster`` of
  ``workers`` processes when no scheduler address is given.

Inputs are read lazily and at most a bounded window of documents is in flight, so memory does
not grow with the corpus. A document whose extraction raises comes back as an
:class:`InputError` in its place; the others go on.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from geonews.claims import extract_claims
from geonews.dates import parse_published
from geonews.documents import Article, InputError
from geonews.errors import ConfigurationError
from geonews.events import extract_incidents
from geonews.gazetteer import open_gazetteer
from geonews.geoparse import Geoparser, Toponym

__all__ = ["ENGINES", "extract", "extract_many", "extract_pairs"]

ENGINES = ("process", "dask")
# Documents per batch, parsed together by spaCy (16 at a time: ~15 % more articles/s than 4).
# On worker processes, 8 per task keeps both workers busy on small inputs.
_BATCH = {"in-process": 16, "process": 8, "dask": 16}
_WINDOW_PER_WORKER = 4  # tasks in flight per worker

_WORKER: Geoparser | None = None

Record = dict[str, Any]
Item = Article | InputError


def extract(article: Article, geoparser: Geoparser | None = None) -> Record:
    """The extraction record of one article (JSON-ready)."""
    geoparser = geoparser or _local_geoparser()
    return _record(article, *geoparser.analyse(article.text), geoparser)


def _record(
    article: Article, toponyms: list[Toponym], docs: list[tuple[int, Any]], geoparser: Geoparser
) -> Record:
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


def _work(item: Item) -> Record | InputError:
    if isinstance(item, InputError):
        return item
    try:
        return extract(item, _local_geoparser())
    except Exception as exc:  # one bad document must not stop the others
        return _failed(item, repr(exc))


def _failed(item: Item, why: str) -> InputError:
    """The error that stands in for a document whose extraction failed."""
    if isinstance(item, InputError):
        return item
    return InputError(f"{item.path or item.id}: extraction failed: {why}")


def _work_batch(batch: list[Item]) -> list[Record | InputError]:
    """The records of a batch of documents, which spaCy parses together; if that fails, each
    document is done on its own, so that only the one at fault fails."""
    geoparser = _local_geoparser()
    records: list[Record | InputError] = []
    try:
        articles = [item for item in batch if isinstance(item, Article)]
        analysed = geoparser.analyse_many((a.text for a in articles), batch_size=len(batch))
        for item in batch:
            records.append(
                item if isinstance(item, InputError) else _record(item, *next(analysed), geoparser)
            )
    except Exception:  # the rest redone one by one below, where the error is reported
        pass
    return records + [_work(item) for item in batch[len(records) :]]


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _in_order(
    batches: Iterable[list[Item]],
    submit: Callable[[list[Item]], Any],
    result: Callable[[Any, list[Item]], list[Record | InputError]],
    window: int,
) -> Iterator[tuple[Item, Record | InputError]]:
    """Submit batches, at most ``window`` at a time, and yield their results in input order."""
    pending: deque[tuple[list[Item], Any]] = deque()

    def drain_one() -> Iterator[tuple[Item, Record | InputError]]:
        batch, handle = pending.popleft()
        yield from zip(batch, result(handle, batch), strict=True)

    for batch in batches:
        pending.append((batch, submit(batch)))
        if len(pending) >= window:
            yield from drain_one()
    while pending:
        yield from drain_one()


def extract_pairs(
    items: Iterable[Item],
    *,
    workers: int = 1,
    engine: str = "process",
    scheduler: str | None = None,
    batch_size: int | None = None,
) -> Iterator[tuple[Item, Record | InputError]]:
    """``(input, record or error)`` for every input, in input order; input errors pass through.
    ``batch_size``: documents per batch (default 16 in this process and on Dask, 8 per task on
    local worker processes)."""
    if engine not in ENGINES:
        raise ConfigurationError(f"unknown engine {engine!r}; use one of {ENGINES}")
    local = engine == "process" and workers <= 1
    batch_size = batch_size or _BATCH["in-process" if local else engine]
    if engine == "dask":
        yield from _on_dask(items, workers=workers, scheduler=scheduler, batch_size=batch_size)
        return
    if local:
        for batch in _batches(items, batch_size):
            yield from zip(batch, _work_batch(batch), strict=True)
        return
    # The gazetteer is built (under its file lock) before any worker starts, so the workers
    # only open it. "spawn" starts clean interpreters on Linux and macOS alike: no state
    # forked from a parent that holds threads or open SQLite handles.
    open_gazetteer()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes=workers) as pool:
        yield from _in_order(
            _batches(items, batch_size),
            lambda batch: pool.apply_async(_work_batch, (batch,)),
            lambda handle, _batch: handle.get(),
            window=workers * _WINDOW_PER_WORKER,
        )


def extract_many(
    items: Iterable[Item],
    *,
    workers: int = 1,
    engine: str = "process",
    scheduler: str | None = None,
) -> Iterator[Record | InputError]:
    """Extract every article; input errors pass through in place, in order."""
    for _, record in extract_pairs(items, workers=workers, engine=engine, scheduler=scheduler):
        yield record


def _on_dask(
    items: Iterable[Item], *, workers: int, scheduler: str | None, batch_size: int
) -> Iterator[tuple[Item, Record | InputError]]:
    """Batches of documents as tasks on a Dask cluster; a task that fails is retried twice,
    then each of its documents is reported as failed."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ConfigurationError(f"the dask engine needs dask.distributed ({exc})") from exc

    def result(future: Any, batch: list[Item]) -> list[Record | InputError]:
        try:
            return list(future.result())
        except Exception as exc:  # the task failed on every try: say so for each document
            return [_failed(item, f"on the cluster: {exc}") for item in batch]

    cluster = None
    if scheduler is None:
        open_gazetteer()  # built once here; the local workers only open it
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    try:
        with Client(cluster if cluster is not None else scheduler) as client:  # type: ignore[no-untyped-call]
            window = max(1, len(client.scheduler_info().get("workers", {}))) * _WINDOW_PER_WORKER
            yield from _in_order(
                _batches(items, batch_size),
                lambda batch: client.submit(_work_batch, batch, pure=False, retries=2),
                result,
                window=window,
            )
    finally:
        if cluster is not None:
            cluster.close()
