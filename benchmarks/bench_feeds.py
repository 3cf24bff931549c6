"""Articles fetched from a feed, extracted and stored, per second, from a local HTTP server.

    python benchmarks/bench_feeds.py [--docs 100]

A server on 127.0.0.1 serves one RSS feed linking ``--docs`` HTML article pages (~500 words:
LGL texts when ../shared/eval is present, else the bundled seed article, each page made
unique). ``geonews.feeds.poll`` takes the feed into a fresh SQLite store with 1 and then 2
workers (fetch threads and extraction processes); no wait between requests to the host.
Prints articles/s, seconds and the peak resident memory of this process.
"""

from __future__ import annotations

import argparse
import html
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_geoparse import articles


def serve(pages: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: Any) -> None:
            pass

        def do_GET(self) -> None:
            body = pages.get(self.path)
            status = 200 if body is not None else 404
            body = body if body is not None else b"not here"
            self.send_response(status)
            self.send_header(
                "Content-Type", "application/rss+xml" if self.path.endswith(".xml") else "text/html"
            )
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100)
    args = parser.parse_args()
    from geonews.feeds import add_feed, poll
    from geonews.fetch import Fetcher
    from geonews.pipeline import extract_many
    from geonews.store import Store

    pages: dict[str, bytes] = {}
    items = []
    for i, text in enumerate(articles(args.docs)):
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
        pages[f"/a/{i}.html"] = (
            f"<html><head><title>Article {i}</title></head><body><article><h1>Article {i}</h1>"
            f"{paragraphs}<p>Reference number {i}.</p></article></body></html>"
        ).encode()
        items.append(f"<item><title>Article {i}</title><link>{{base}}/a/{i}.html</link></item>")
    server, base = serve(pages)
    pages["/feed.xml"] = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>'
        + "".join(items).replace("{base}", base)
        + "</channel></rss>"
    ).encode()
    print(
        f"{args.docs} articles of ~{sum(len(t.split()) for t in articles(args.docs)) // args.docs} words"
    )
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
            feed = add_feed(store, f"{base}/feed.xml", name="bench")
            feed = {**feed, "failures": 0}
            with Fetcher(host_interval=0) as fetcher:
                started = time.perf_counter()
                result = poll(
                    store,
                    feed,
                    fetcher,
                    extract=lambda a, w=workers: extract_many(a, workers=w),
                    workers=workers,
                )
                seconds = time.perf_counter() - started
            assert result.error is None and result.new_items == args.docs, result
            store.close()
        print(
            f"workers={workers}: {args.docs / seconds:.1f} articles/s fetched, extracted and "
            f"stored ({seconds:.1f} s, includes starting the worker processes)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak:.0f} MiB")
    server.shutdown()


if __name__ == "__main__":
    main()
