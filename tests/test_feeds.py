"""Feeds and article URLs against a local HTTP server started by the test (127.0.0.1 only):
RSS, Atom, article pages, redirects, 404/500, slow, huge and hostile responses, robots.txt."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geonews.cli import main
from geonews.feeds import add_feed, list_feeds, parse_interval, poll
from geonews.fetch import Fetcher, FetchError, canonical_url
from geonews.pipeline import extract_many
from geonews.store import Store
from tests.http_site import ARTICLE, CITIES, Site, rss


def run(*argv: str) -> int:
    return main(list(argv))


def stats(db: str, capsys: pytest.CaptureFixture[str]) -> dict[str, int]:
    capsys.readouterr()
    assert run("stats", "--format", "json", "--db", db) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_a_feed_stores_each_article_once_and_polls_conditionally(
    site: tuple[Site, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s, base = site
    db = f"sqlite:///{tmp_path / 'feeds.db'}"
    links = [
        (f"Drones hit {c}", f"{base}/a/{i}.html?utm_source=rss") for i, c in enumerate(CITIES[:3])
    ]
    # the same article twice (another tracking parameter): one document
    links.append(("again", f"{base}/a/0.html?utm_medium=feed#top"))
    s.feed("/feed.xml", rss(links), '"v1"')
    assert (
        run("feeds", "add", f"{base}/feed.xml", "--name", "wire", "--every", "15m", "--db", db) == 0
    )
    watch = ("watch", "--once", "--host-interval", "0", "--quiet", "--db", db)

    assert run(*watch) == 0
    assert stats(db, capsys)["documents"] == 3
    agents = {h.get("User-Agent", "") for h in s.hits("/a/0.html?utm_source=rss")}
    assert len(s.hits("/a/0.html?utm_source=rss")) == 1 and all("geonews/" in a for a in agents)

    # nothing new: a conditional request, answered 304, and nothing stored or fetched
    requests_before = len(s.requests)
    assert run(*watch) == 0
    assert stats(db, capsys)["documents"] == 3
    assert s.hits("/feed.xml")[-1].get("If-None-Match") == '"v1"'
    # (each run reads robots.txt once; no article is fetched again)
    assert [p for p, _ in s.requests[requests_before:]] == ["/robots.txt", "/feed.xml"]
    (feed,) = list_feeds(Store(db))
    assert (feed["http_status"], feed["new_items"], feed["stored"]) == (304, 0, 3)

    # one new item: exactly one new document, the old items not fetched again
    links.append(("Drones hit Dnipro", f"{base}/a/3.html"))
    s.feed("/feed.xml", rss(links), '"v2"')
    assert run(*watch) == 0
    assert stats(db, capsys)["documents"] == 4
    assert len(s.hits("/a/1.html?utm_source=rss")) == 1
    store = Store(db)
    (feed,) = list_feeds(store)
    assert (feed["http_status"], feed["new_items"], feed["stored"]) == (200, 1, 4)
    stored = store.documents()
    assert {d["title"] for d in stored} >= {"Drones hit Kharkiv", "Drones hit Dnipro"}
    assert all(d["source"] == "wire" for d in stored)


def test_feeds_list_and_remove(
    site: tuple[Site, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, base = site
    db = f"sqlite:///{tmp_path / 'list.db'}"
    assert run("feeds", "add", f"{base}/feed.xml", "--name", "wire", "--db", db) == 0
    assert run("feeds", "add", f"{base}/feed.xml", "--db", db) == 2  # already followed
    assert run("feeds", "add", "javascript:alert(1)", "--db", db) == 2
    capsys.readouterr()
    assert run("feeds", "list", "--format", "json", "--db", db) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["name"], row["every_seconds"], row["polled_at"]) == ("wire", 900, None)
    assert run("feeds", "remove", "wire", "--db", db) == 0
    assert run("feeds", "remove", "wire", "--db", db) == 1
    with pytest.raises(Exception, match="interval"):
        parse_interval("soon")


def test_ingest_takes_urls_and_files_together(
    site: tuple[Site, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, base = site
    db = f"sqlite:///{tmp_path / 'urls.db'}"
    note = tmp_path / "note.txt"
    note.write_text("Shelling hit Nikopol on Monday, wounding three people.", encoding="utf-8")
    code = run("ingest", f"{base}/a/4.html", str(note), f"{base}/a/404.html", "--quiet", "--db", db)
    assert code == 2  # one URL failed (404), reported; the others are stored
    assert "HTTP 404" in capsys.readouterr().err
    assert stats(db, capsys)["documents"] == 2
    (page,) = [d for d in Store(db).documents() if d["title"] == "Drones hit Zaporizhzhia"]
    assert page["source"] == "Test Wire"


# -- hostile and broken responses -----------------------------------------------------------------
@pytest.fixture
def fetch() -> Iterator[Any]:
    """Make fetchers (no wait between requests) that are closed after the test."""
    made: list[Fetcher] = []

    def make(**kw: Any) -> Fetcher:
        made.append(Fetcher(host_interval=0, **kw))
        return made[-1]

    yield make
    for f in made:
        f.close()


def test_endless_redirects_stop(site: tuple[Site, str], fetch: Any) -> None:
    _, base = site
    with pytest.raises(FetchError, match="too many redirects"):
        fetch().get(f"{base}/loop")
    assert fetch().article(f"{base}/hop/3").title == "Drones hit Kharkiv"  # a few are fine


def test_a_page_that_never_ends_stops_at_the_deadline(site: tuple[Site, str], fetch: Any) -> None:
    _, base = site
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no complete response|over the"):
        fetch(deadline=1.0).get(f"{base}/slow")
    assert time.monotonic() - started < 10


def test_huge_and_gzip_bomb_bodies_stop_at_the_limit(site: tuple[Site, str], fetch: Any) -> None:
    s, base = site
    s.routes["/huge"] = (200, {"Content-Type": "text/html"}, b"<p>x</p>" * 400_000)
    bomb = gzip.compress(b"\0" * (200 * 2**20), compresslevel=9)  # 200 MiB in ~200 KiB
    s.routes["/bomb"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    with pytest.raises(FetchError, match=r"over the 1\.0 MiB limit"):
        fetch(max_bytes=2**20).get(f"{base}/huge")
    with pytest.raises(FetchError, match=r"over the 1\.0 MiB limit"):
        fetch(max_bytes=2**20).get(f"{base}/bomb")


def test_errors_and_robots_txt(site: tuple[Site, str], fetch: Any) -> None:
    s, base = site
    s.page("/private/a.html", ARTICLE.format(title="secret", city="Kyiv", day=1))
    with pytest.raises(FetchError, match="HTTP 500"):
        fetch().get(f"{base}/status/500")
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch().get(f"{base}/missing")
    with pytest.raises(FetchError, match=r"robots\.txt disallows"):
        fetch().get(f"{base}/private/a.html")
    assert not s.hits("/private/a.html")
    with pytest.raises(FetchError, match="not an http"):
        fetch().get("file:///etc/passwd")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("malformed", b"<rss><channel><item><title>unclosed", "not a readable"),
        (
            "billion laughs",
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b"<rss><channel><item><title>&lol2;</title></item></channel></rss>",
            "declares XML entities",
        ),
        ("not a feed", b"<html><body>hello</body></html>", "not a readable"),
    ],
)
def test_hostile_feeds_are_refused_and_recorded(
    site: tuple[Site, str], tmp_path: Path, fetch: Any, name: str, content: bytes, message: str
) -> None:
    s, base = site
    s.routes["/bad.xml"] = (200, {"Content-Type": "application/rss+xml"}, content)
    store = Store(f"sqlite:///{tmp_path / 'bad.db'}")
    feed = add_feed(store, f"{base}/bad.xml", name=name)
    result = poll(store, feed, fetch(), extract=lambda a: extract_many(a))
    assert result.error is not None and message in result.error
    (row,) = list_feeds(store)
    assert row["error"] == result.error and row["failures"] == 1
    assert store.stats()["documents"] == 0


def test_script_titles_and_javascript_links_are_inert(
    site: tuple[Site, str], tmp_path: Path, fetch: Any
) -> None:
    s, base = site
    s.page(
        "/a/x.html",
        ARTICLE.format(title="<script>alert(1)</script>Drones hit Lviv", city="Lviv", day=9),
    )
    s.feed(
        "/evil.xml",
        rss(
            [
                ("&lt;script&gt;alert(1)&lt;/script&gt;", f"{base}/a/x.html"),
                ("click", "javascript:alert(document.cookie)"),
                ("mail", "mailto:someone@example.invalid"),
            ]
        ),
        '"e1"',
    )
    store = Store(f"sqlite:///{tmp_path / 'evil.db'}")
    feed = add_feed(store, f"{base}/evil.xml", name="<b>evil</b>")
    result = poll(store, feed, fetch(), extract=lambda a: extract_many(a))
    assert (result.error, result.new_items) == (None, 1)  # only the http link was fetched
    (doc,) = store.documents()
    assert "<script" not in (doc["title"] or "")  # a page title is text, never markup


def test_canonical_urls() -> None:
    assert canonical_url("HTTPS://Example.com:443/a?utm_source=x&b=2&a=1#frag") == (
        "https://example.com/a?a=1&b=2"
    )
    assert canonical_url("http://example.com") == "http://example.com/"
    assert canonical_url("http://example.com:8080/x?fbclid=1") == "http://example.com:8080/x"


def test_a_version_2_store_gains_feeds(tmp_path: Path) -> None:
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'old.db'}"
    Store(url).close()
    old = Store(url)
    with old.engine.begin() as conn:  # back to what version 2 had
        conn.execute(text("DROP INDEX ix_documents_canonical_url"))
        for column in ("canonical_url", "author", "fetched_at"):
            conn.execute(text(f"ALTER TABLE documents DROP COLUMN {column}"))
        for table in ("feed_items", "polls", "feeds"):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 3"))
    old.close()
    store = Store(url)
    feed = add_feed(store, "http://127.0.0.1:9/feed.xml", name="old")
    assert feed["name"] == "old" and not store.has_url("http://127.0.0.1:9/a")
    store.close()


def _watch_process(db: str, *extra: str) -> Any:
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-m", "geonews", "watch", "--host-interval", "0", "--db", db, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition: Any, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.slow
def test_ctrl_c_ends_watch_cleanly(site: tuple[Site, str], tmp_path: Path) -> None:
    import signal

    s, base = site
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    s.feed("/feed.xml", rss([("Drones hit Sumy", f"{base}/a/1.html")]), '"w1"')
    store = Store(db)
    add_feed(store, f"{base}/feed.xml", name="wire")
    process = _watch_process(db)
    _wait_for(lambda: list_feeds(store)[0]["polled_at"] is not None)
    process.send_signal(signal.SIGINT)  # what Ctrl-C sends
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "watch stopped" in err and "Traceback" not in err
    assert store.stats()["documents"] == 1


@pytest.mark.slow
def test_a_kill_mid_poll_loses_nothing_and_refetches_nothing_stored(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    s, base = site
    db = f"sqlite:///{tmp_path / 'kill.db'}"
    links = [(f"Drones hit {c}", f"{base}/a/{i}.html") for i, c in enumerate(CITIES)]
    s.feed("/feed.xml", rss(links), '"k1"')
    store = Store(db)
    add_feed(store, f"{base}/feed.xml", name="wire")
    process = _watch_process(db, "--once")
    _wait_for(lambda: store.stats()["documents"] >= 1)
    process.kill()  # SIGKILL: no clean-up at all
    process.communicate(timeout=60)
    stored_before = {d["url"] for d in store.documents()}
    assert stored_before

    process = _watch_process(db, "--once")
    process.communicate(timeout=300)
    assert process.returncode == 0
    assert store.stats()["documents"] == len(CITIES)  # nothing lost
    for url in stored_before:  # nothing stored was fetched again
        assert len(s.hits(url.removeprefix(base))) == 1
