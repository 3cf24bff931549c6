"""RSS/Atom feeds: followed, polled on a schedule, each linked article stored once.

A feed is polled with a conditional GET (ETag / Last-Modified), parsed by feedparser, and
each item's article fetched (:class:`geonews.fetch.Fetcher`), extracted and stored. An item
is known by its canonical URL: one stored (``documents.canonical_url``) or tried before
(``feed_items``) is never fetched again, and the same text under another URL is one document
(its id is the hash of its text). Every poll is a row of ``polls``: time, HTTP status, new
items, error. A feed that fails waits twice as long after each failure, up to a day.

An article is stored in one transaction, before the item is marked: a poll killed midway
loses nothing stored and fetches nothing stored again.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update

from geonews.errors import QueryError
from geonews.fetch import Fetcher, FetchError, canonical_url, is_web_url
from geonews.store import Store
from geonews.store.schema import documents, feed_items, feeds, polls

__all__ = ["PollResult", "add_feed", "list_feeds", "parse_interval", "poll", "remove_feed", "watch"]

MAX_BACKOFF = timedelta(days=1)
# A feed declaring XML entities is refused before parsing: entity expansion ("billion
# laughs") and external entities have no place in news feeds.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY|<!DOCTYPE[^>]*\[", re.I)


def parse_interval(text: str) -> int:
    """ "15m", "1h", "90s", "1d" or plain seconds -> seconds (at least 60)."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhd]?)\s*", text.lower())
    if not match:
        raise QueryError(f"{text!r} is not an interval (use 90s, 15m, 2h or 1d)")
    seconds = int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
    if seconds < 60:
        raise QueryError(f"{text!r}: poll a feed at most once a minute")
    return seconds


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # SQLite gives naive UTC back
    return value


# -- the list of feeds ------------------------------------------------------------------------
def add_feed(
    store: Store, url: str, *, name: str | None = None, every: int = 900
) -> dict[str, Any]:
    if not is_web_url(url):
        raise QueryError(f"{url!r} is not an http(s) feed URL")
    with store.engine.connect().execution_options(geonews_write=True) as conn, conn.begin():
        clash = conn.execute(
            select(feeds.c.url).where(or_(feeds.c.url == url, feeds.c.name == (name or url)))
        ).first()
        if clash is not None:
            raise QueryError(f"a feed with that URL or name is already followed ({clash.url})")
        conn.execute(insert(feeds).values(url=url, name=name, every_seconds=every))
    return next(f for f in list_feeds(store) if f["url"] == url)


def remove_feed(store: Store, url_or_name: str) -> bool:
    with store.engine.connect().execution_options(geonews_write=True) as conn, conn.begin():
        found = conn.execute(
            select(feeds.c.id).where(or_(feeds.c.url == url_or_name, feeds.c.name == url_or_name))
        ).first()
        if found is None:
            return False
        for table in (polls, feed_items):
            conn.execute(delete(table).where(table.c.feed_id == found.id))
        conn.execute(delete(feeds).where(feeds.c.id == found.id))
    return True


def list_feeds(store: Store) -> list[dict[str, Any]]:
    """Each feed with its last poll (time, status, new items, error) and its stored items."""
    last = (
        select(polls.c.feed_id, func.max(polls.c.id).label("poll_id"))
        .group_by(polls.c.feed_id)
        .subquery()
    )
    items = (
        select(feed_items.c.feed_id, func.count(feed_items.c.document_id).label("stored"))
        .group_by(feed_items.c.feed_id)
        .subquery()
    )
    query = (
        select(
            feeds,
            polls.c.polled_at,
            polls.c.http_status,
            polls.c.new_items,
            polls.c.error,
            func.coalesce(items.c.stored, 0).label("stored"),
        )
        .select_from(
            feeds.outerjoin(last, last.c.feed_id == feeds.c.id)
            .outerjoin(polls, polls.c.id == last.c.poll_id)
            .outerjoin(items, items.c.feed_id == feeds.c.id)
        )
        .order_by(feeds.c.id)
    )
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        for key in ("polled_at", "next_poll_at", "added_at"):
            value = _aware(row.get(key))
            row[key] = value.isoformat(timespec="seconds") if value else None
    return rows


def newest_article(store: Store) -> str | None:
    """When the newest stored article was fetched (else stored), ISO 8601."""
    with store.engine.connect() as conn:
        value = conn.execute(
            select(func.max(func.coalesce(documents.c.fetched_at, documents.c.ingested_at)))
        ).scalar()
    if isinstance(value, str):  # SQLite's CURRENT_TIMESTAMP text
        value = datetime.fromisoformat(value)
    value = _aware(value)
    return value.isoformat(timespec="seconds") if value else None


# -- polling ---------------------------------------------------------------------------------
@dataclass
class PollResult:
    feed: str
    status: int | None = None
    new_items: int = 0
    error: str | None = None
    failed_items: list[str] = field(default_factory=list)


def _known(store: Store, feed_id: int, url: str) -> bool:
    with store.engine.connect() as conn:
        seen = conn.execute(
            select(feed_items.c.canonical_url).where(
                feed_items.c.feed_id == feed_id, feed_items.c.canonical_url == url
            )
        ).first()
    return seen is not None or store.has_url(url)


def _mark(store: Store, feed_id: int, url: str, document_id: str | None, error: str | None) -> None:
    with store.engine.connect().execution_options(geonews_write=True) as conn, conn.begin():
        conn.execute(
            delete(feed_items).where(
                feed_items.c.feed_id == feed_id, feed_items.c.canonical_url == url
            )
        )
        conn.execute(
            insert(feed_items).values(
                feed_id=feed_id,
                canonical_url=url,
                document_id=document_id,
                seen_at=_now(),
                error=error,
            )
        )


def _entries(content: bytes) -> list[Any]:
    import feedparser

    if _ENTITY_DECLARATION.search(content[:65536]):
        raise FetchError("the feed declares XML entities; refused")
    parsed = feedparser.parse(content)
    # feedparser reads broken feeds leniently (real ones often are); a broken one that
    # yields no linked item is reported as broken
    linked = [e for e in parsed.entries if e.get("link")]
    if not linked and (parsed.bozo or not parsed.get("version")):
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or str(
            parsed.get("bozo_exception") or "no RSS or Atom items"
        )
        raise FetchError(f"not a readable RSS or Atom feed ({reason})")
    return list(parsed.entries)


def _entry_date(entry: Any) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", stamp) if stamp else None


def poll(
    store: Store,
    feed: dict[str, Any],
    fetcher: Fetcher,
    *,
    extract: Callable[[list[Any]], Iterator[Any]],
    workers: int = 1,
) -> PollResult:
    """Poll one feed (a row of :func:`list_feeds`): store its new articles, record the poll."""
    from geonews.documents import InputError

    result = PollResult(feed=feed["name"] or feed["url"])
    headers = {}
    if feed.get("etag"):
        headers["If-None-Match"] = feed["etag"]
    if feed.get("last_modified"):
        headers["If-Modified-Since"] = feed["last_modified"]
    etag, modified = feed.get("etag"), feed.get("last_modified")
    try:
        response = fetcher.get(feed["url"], headers=headers)
        result.status = response.status
        if response.status != 304:
            entries = _entries(response.content)
            etag = response.headers.get("etag") or None
            modified = response.headers.get("last-modified") or None
            fresh: dict[str, Any] = {}
            for entry in entries:
                link = str(entry.get("link") or "").strip()
                if not is_web_url(link):
                    continue  # "javascript:…", "mailto:…", relative or empty: nothing to fetch
                key = canonical_url(link)
                if key not in fresh and not _known(store, feed["id"], key):
                    fresh[key] = (link, entry)

            def fetch(item: tuple[str, Any]) -> Any:
                link, entry = item
                try:
                    article = fetcher.article(link)
                except FetchError as exc:
                    return exc
                article.title = article.title or entry.get("title")
                article.published = article.published or _entry_date(entry)
                article.source = feed["name"] or article.source
                return article

            with ThreadPoolExecutor(max(1, workers)) as pool:
                fetched = list(pool.map(fetch, fresh.values()))
            articles = [a for a in fetched if not isinstance(a, FetchError)]
            for key, got in zip(fresh, fetched, strict=True):
                if isinstance(got, FetchError):
                    result.failed_items.append(str(got))
                    _mark(store, feed["id"], key, None, str(got))
            for article, record in zip(articles, extract(articles), strict=True):
                if isinstance(record, InputError):
                    result.failed_items.append(str(record))
                    _mark(store, feed["id"], article.canonical_url, None, str(record))
                    continue
                stored = store.ingest(article, record)
                result.new_items += stored.status == "added"
                _mark(store, feed["id"], article.canonical_url, stored.document_id, None)
    except FetchError as exc:
        result.error = str(exc)
    failures = (feed.get("failures") or 0) + 1 if result.error else 0
    wait = timedelta(seconds=feed["every_seconds"])
    if failures:
        wait = min(MAX_BACKOFF, wait * 2**failures)  # back off: 2×, 4×, … the interval
    with store.engine.connect().execution_options(geonews_write=True) as conn, conn.begin():
        conn.execute(
            insert(polls).values(
                feed_id=feed["id"],
                polled_at=_now(),
                http_status=result.status,
                new_items=result.new_items,
                error=result.error,
            )
        )
        conn.execute(
            update(feeds)
            .where(feeds.c.id == feed["id"])
            .values(
                etag=etag, last_modified=modified, failures=failures, next_poll_at=_now() + wait
            )
        )
    return result


def _feeds(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(feeds).order_by(feeds.c.id))]


def _due(store: Store) -> list[dict[str, Any]]:
    now = _now()
    return [r for r in _feeds(store) if (_aware(r["next_poll_at"]) or now) <= now]


def watch(
    store: Store,
    fetcher: Fetcher,
    *,
    extract: Callable[[list[Any]], Iterator[Any]],
    once: bool = False,
    workers: int = 1,
    report: Callable[[PollResult], None] = lambda _r: None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[PollResult]:
    """Poll each feed when it is due until interrupted (``once``: every feed, one time)."""
    results: list[PollResult] = []
    while True:
        for feed in _feeds(store) if once else _due(store):
            result = poll(store, feed, fetcher, extract=extract, workers=workers)
            results.append(result)
            report(result)
        if once:
            return results
        with store.engine.connect() as conn:
            upcoming = conn.execute(select(func.min(feeds.c.next_poll_at))).scalar()
        upcoming = _aware(upcoming)
        pause = 60.0 if upcoming is None else (upcoming - _now()).total_seconds()
        sleep(min(60.0, max(1.0, pause)))
