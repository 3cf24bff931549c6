"""A local HTTP server for the tests (127.0.0.1 only, started by the test): feeds, article
pages, redirects, errors, a page that never ends; every request recorded."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ARTICLE = """<html><head><title>{title}</title>
<meta property="og:site_name" content="Test Wire">
<meta name="author" content="Test Reporter">
<meta property="article:published_time" content="2025-05-{day:02d}">
</head><body><article><h1>{title}</h1>
<p>Russian drones struck {city} overnight, regional governor said on Tuesday. Two people were
injured and a warehouse burned down after the attack, the emergency service reported.</p>
<p>Air defence units worked for several hours over the region, the military said in a statement
on its channel, and repair crews restored power to most homes by the morning.</p>
</article></body></html>"""

CITIES = ["Kharkiv", "Sumy", "Odesa", "Dnipro", "Zaporizhzhia", "Poltava", "Chernihiv"]


def rss(items: list[tuple[str, str]], title: str = "Test feed") -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid></item>"
        for t, link in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://example.invalid/</link>{body}</channel></rss>"
    ).encode()


class Site:
    """What the server serves; every request is recorded (path, headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.etags: dict[str, str] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()

    def feed(self, path: str, content: bytes, etag: str) -> None:
        self.routes[path] = (200, {"Content-Type": "application/rss+xml", "ETag": etag}, content)
        self.etags[path] = etag

    def page(self, path: str, html: str) -> None:
        self.routes[path] = (200, {"Content-Type": "text/html; charset=utf-8"}, html.encode())

    def hits(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [h for p, h in self.requests if p == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: Any) -> None:
            pass

        def do_GET(self) -> None:
            with site.lock:
                site.requests.append((self.path, dict(self.headers.items())))
            path = self.path.split("?", 1)[0]
            if path == "/slow":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                try:
                    while True:  # a page that never ends
                        self.wfile.write(b"<p>more</p>" * 10)
                        self.wfile.flush()
                        time.sleep(0.05)
                except (BrokenPipeError, ConnectionResetError):
                    return
            if path == "/loop":
                self._send(302, {"Location": "/loop"}, b"")
                return
            if path.startswith("/hop/"):
                n = int(path.rsplit("/", 1)[1])
                target = "/a/0.html" if n == 0 else f"/hop/{n - 1}"
                self._send(302, {"Location": target}, b"")
                return
            if path == "/status/500":
                self._send(500, {}, b"broken")
                return
            if path not in site.routes:
                self._send(404, {}, b"not here")
                return
            status, headers, body = site.routes[path]
            etag = site.etags.get(path)
            if etag and self.headers.get("If-None-Match") == etag:
                self._send(304, {"ETag": etag}, b"")
                return
            self._send(status, headers, body)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

    return Handler


def serve() -> Iterator[tuple[Site, str]]:
    """Start the server; yields (site, base URL) and stops it after."""
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(s))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    s.routes["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: *\nDisallow: /private/\n",
    )
    for i, city in enumerate(CITIES):
        s.page(f"/a/{i}.html", ARTICLE.format(title=f"Drones hit {city}", city=city, day=i + 1))
    yield s, base
    server.shutdown()
    server.server_close()
