"""Fetching article pages and feeds over HTTP, politely and defensively.

``Fetcher`` sends a User-Agent naming the project and the contact the user sets, honours
robots.txt (protego), waits between two requests to one host, follows at most a few
redirects, stops a body at a size limit counted after decompression (a gzip bomb stops
there too) and a response at a deadline (a page that never ends), and speaks only http(s).
Every failure is a :class:`FetchError` with one line saying what went wrong.
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx

from geonews.documents import DEFAULT_MAX_BYTES, Article, InputError, parse_article
from geonews.errors import GeonewsError

__all__ = ["FetchError", "Fetcher", "Response", "canonical_url", "is_web_url"]

# Query parameters that only track a reader: the same article with or without them
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "icid")


class FetchError(GeonewsError):
    """A URL could not be fetched (network, status, robots.txt, size, time, scheme)."""


def is_web_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def canonical_url(url: str) -> str:
    """The URL an article always has: lower-case scheme and host, no default port, no
    fragment, no tracking parameters, the rest of the query sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    )
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    content: bytes


class Fetcher:
    """One polite HTTP client (thread-safe) for articles, feeds and robots.txt. ``contact``
    defaults to ``$GEONEWS_CONTACT``."""

    def __init__(
        self,
        *,
        contact: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        timeout: float = 15.0,
        deadline: float = 60.0,
        max_redirects: int = 5,
        host_interval: float = 1.0,
        robots: bool = True,
    ) -> None:
        from geonews import __version__, config

        contact = contact or config.contact()
        agent = f"geonews/{__version__} (offline news geoparser"
        agent += f"; contact: {contact})" if contact else ")"
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.host_interval = host_interval
        self.robots = robots
        self.client = httpx.Client(
            headers={"User-Agent": agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=max_redirects,
            trust_env=False,
        )
        self._lock = threading.Lock()
        self._next_at: dict[str, float] = {}
        self._robots: dict[str, Any] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- requests --------------------------------------------------------------------------
    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET a URL (robots.txt allowing); 304 is returned, other 4xx/5xx raise."""
        if not is_web_url(url):
            raise FetchError(f"{url[:200]}: not an http(s) URL")
        if self.robots and not self._allowed(url):
            raise FetchError(f"{url}: robots.txt disallows fetching it")
        response = self._request(url, headers or {})
        if response.status >= 400:
            raise FetchError(f"{url}: HTTP {response.status}")
        return response

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        self._wait_for_host(url)
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                final = str(r.url)
                if not is_web_url(final):
                    raise FetchError(f"{url}: redirected to a non-http(s) URL")
                length = r.headers.get("content-length", "")
                if length.isdigit() and int(length) > self.max_bytes * 4:
                    raise FetchError(f"{url}: {int(length) / 2**20:.1f} MiB is over the limit")
                content = self._read(r, url, started)
                return Response(final, r.status_code, r.headers, content)
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"{url}: too many redirects") from exc
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url}: timed out ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc

    def _read(self, r: httpx.Response, url: str, started: float) -> bytes:
        """The body, decompressed here so that the limit counts what it expands to."""
        encoding = r.headers.get("content-encoding", "identity").lower().strip()
        if encoding in ("gzip", "x-gzip", "deflate"):
            inflate: Any = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header
        elif encoding in ("", "identity"):
            inflate = None
        else:
            raise FetchError(f"{url}: unsupported content encoding {encoding!r}")
        body = bytearray()
        limit = self.max_bytes
        for chunk in r.iter_raw():
            if time.monotonic() - started > self.deadline:
                raise FetchError(f"{url}: no complete response within {self.deadline:.0f} s")
            if inflate is None:
                body += chunk
            else:
                data = chunk
                while data:
                    try:
                        body += inflate.decompress(data, limit + 1 - len(body))
                    except zlib.error as exc:
                        raise FetchError(f"{url}: broken {encoding} body ({exc})") from exc
                    data = inflate.unconsumed_tail
                    if len(body) > limit:
                        break
            if len(body) > limit:
                raise FetchError(f"{url}: over the {limit / 2**20:.1f} MiB limit")
        return bytes(body)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next_at.get(host, 0.0))
            self._next_at[host] = at + self.host_interval
        if at > now:
            time.sleep(at - now)

    def _allowed(self, url: str) -> bool:
        from protego import Protego

        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            rules = self._robots.get(origin)
        if rules is None:
            try:
                r = self._request(urljoin(origin, "/robots.txt"), {})
                if r.status in (401, 403):
                    rules = Protego.parse("User-agent: *\nDisallow: /")
                elif r.status >= 400:
                    rules = Protego.parse("")  # no robots.txt: everything allowed
                else:
                    rules = Protego.parse(r.content.decode("utf-8", errors="replace"))
            except FetchError:
                rules = Protego.parse("")  # unreachable robots.txt: the page itself will tell
            with self._lock:
                self._robots[origin] = rules
        return bool(rules.can_fetch(url, "geonews"))

    # -- articles ---------------------------------------------------------------------------
    def article(self, url: str) -> Article:
        """Fetch one article page and extract it (title, date, author, site, main text)."""
        response = self.get(url)
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        suffix = ".txt" if kind == "text/plain" else ".html"
        try:
            article = parse_article(response.content, url, suffix=suffix)
        except InputError as exc:
            raise FetchError(str(exc)) from exc
        page_url = article.url if article.url and is_web_url(article.url) else None
        article.url = url
        article.path = url
        # the page's own canonical link when it names one on the same site, else where we landed
        landed = canonical_url(response.url)
        named = canonical_url(page_url) if page_url else None
        same_site = named is not None and urlsplit(named).netloc == urlsplit(landed).netloc
        article.canonical_url = named if same_site else landed
        article.fetched_at = datetime.now(UTC)
        return article
