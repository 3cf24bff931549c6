"""The page in a real browser with many stored incidents (Debian's headless Chromium).

    python benchmarks/bench_browser.py [--sizes 1000 10000 100000] [--repeat 3]

For each size: a temporary SQLite store seeded with synthetic incidents (bench_store.py),
the dashboard served by Streamlit, and Chromium through Playwright. It times, as a user
waits for them, the first load (from navigation until the map, the counts and the timeline
are drawn and the app is idle) and a filter change through the URL (?country=…), takes the
median of ``--repeat`` runs, and reports every page error the browser raised.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from bench_store import seed_synthetic  # noqa: E402
from tests.test_browser import start_dashboard  # noqa: E402  (the browser test's server)

from geonews.store import Store  # noqa: E402


def serve(db: str) -> tuple[subprocess.Popen[bytes], str]:
    return start_dashboard(db, subprocess.DEVNULL)


def settled(page: Any, expect: str | None = None, timeout: float = 300) -> None:
    """Wait until the script has finished and the map shows what it drew."""
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=timeout * 1000)
    deadline = time.time() + timeout
    quiet_since = None
    while time.time() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        drawn = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
            ".leaflet-container"
        )
        ready = not running and drawn.count() > 0
        if ready and expect is not None:
            ready = expect in page.evaluate("window.location.href")
        if ready:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since >= 0.3:  # still idle: done
                return
        else:
            quiet_since = None
        time.sleep(0.05)
    raise TimeoutError("the page did not settle")


def measure(url: str, country: str, repeat: int) -> tuple[float, float, float, list[str]]:
    """First load with the server's caches cold, then the median of the later loads (a new
    browser page each, caches warm), and the median filter change."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    loads, changes, errors = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1400, "height": 1200})
            page.on("pageerror", lambda e: errors.append(str(e)))
            t0 = time.perf_counter()
            page.goto(url)
            settled(page)
            loads.append(time.perf_counter() - t0 - 0.3)
            t0 = time.perf_counter()
            page.goto(f"{url}/?country={country}")
            settled(page, expect=f"country={country}")
            changes.append(time.perf_counter() - t0 - 0.3)
            page.close()
        browser.close()
    return loads[0], statistics.median(loads[1:] or loads), statistics.median(changes), errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = f"sqlite:///{tmp}/store.db"
            store = Store(db)
            seed_synthetic(store, size)
            country = store.facets()["regions"][0][0]
            store.close()
            proc, url = serve(db)
            try:
                cold, load, change, errors = measure(url, country, args.repeat)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
            results.append((size, cold, load, change))
            print(
                f"{size:>7,} incidents: first load {cold:.2f} s cold, {load:.2f} s warm; "
                f"filter change (URL) {change:.2f} s; page errors: {len(errors)}"
                + (f" — {sorted(set(errors))[:3]}" if errors else ""),
                flush=True,
            )
    if len(results) > 1:
        base = results[0]
        for size, cold, load, change in results[1:]:
            print(
                f"{size:,} vs {base[0]:,}: first load ×{cold / base[1]:.2f} cold, "
                f"×{load / base[2]:.2f} warm; filter change ×{change / base[3]:.2f}"
            )


if __name__ == "__main__":
    main()
