"""The real page in Debian's headless Chromium, with every non-local request refused.

Opens the dashboard on the bundled seed, sees the six incidents, filters to Dnipropetrovsk,
clicks a marker and reads its evidence sentence, downloads the GeoJSON and compares it with
``geonews export`` for the same filter, and saves a screenshot (tests/artifacts/).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import missing

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _browser_parts() -> None:
    if CHROMIUM is None:
        missing("Debian's chromium is not installed (.ci/run installs it)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        missing(f"playwright cannot be imported ({exc}): pip install -e '.[test]'")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_dashboard(db: str, log: Any) -> tuple[subprocess.Popen[bytes], str]:
    """``streamlit run app.py`` on a free local port over the store ``db``; its URL once the
    server answers (also used by benchmarks/bench_browser.py)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env={**os.environ, "GEONEWS_DATABASE_URL": db},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    proc.wait()
    raise RuntimeError("the dashboard did not start")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, gazetteer: Any) -> Iterator[tuple[str, str]]:
    db = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'store.db'}"
    with (tmp_path_factory.getbasetemp() / "streamlit.log").open("wb") as log:
        proc, url = start_dashboard(db, log)
        yield url, db
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture()
def page(server: tuple[str, str]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(
            viewport={"width": 1400, "height": 1500}, accept_downloads=True
        )
        outside: list[str] = []

        def offline(route: Any) -> None:
            url = route.request.url
            if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
                route.continue_()
            else:
                outside.append(url)
                route.abort("internetdisconnected")

        context.route("**/*", offline)
        pg = context.new_page()
        pg.outside_requests = outside
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.page_errors = errors
        yield pg
        browser.close()


def map_frame(page: Any) -> Any:
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=90_000)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    return frame


def incident_places(frame: Any, expected: int, timeout: float = 60) -> list[str]:
    deadline = time.time() + timeout
    count = -1
    while time.time() < deadline:
        count = frame.locator("path.geonews-incident").count()
        if count == expected:
            break
        time.sleep(0.5)
    assert count == expected, f"{count} incident markers on the map, expected {expected}"
    return [
        str(frame.locator("path.geonews-incident").nth(i).get_attribute("class"))
        for i in range(count)
    ]


def choose(page: Any, label: str, option: str) -> None:
    box = page.locator(f'[data-testid="stSelectbox"]:has(label:has-text("{label}"))')
    box.locator("input").click()
    page.locator('[role="option"]', has_text=option).first.click()


def test_offline_page_filters_markers_evidence_and_download(
    page: Any, server: tuple[str, str], tmp_path: Path
) -> None:
    url, db = server
    page.goto(url)
    frame = map_frame(page)
    incident_places(frame, 6)
    # The peace plan's five regions are outlined as claimed regions.
    for iso in ("UA-43", "UA-09", "UA-14", "UA-65", "UA-23"):
        assert frame.locator(f"path.geonews-claimed-region.geonews-region-{iso}").count() >= 1, iso

    choose(page, "Country", "Ukraine")
    choose(page, "Region", "Dnipropetrovsk")
    incident_places(frame, 3)
    tooltips = []
    for i in range(3):
        frame.locator("path.geonews-incident").nth(i).dispatch_event("mouseover")
        tooltip = frame.locator(".leaflet-tooltip").last
        tooltip.wait_for(timeout=10_000)
        tooltips.append(tooltip.inner_text())
    assert {t.split("— ")[-1] for t in tooltips} == {"Pavlohrad", "Marhanets", "Nikopol"}

    pavlohrad = next(i for i, t in enumerate(tooltips) if t.endswith("Pavlohrad"))
    frame.locator("path.geonews-incident").nth(pavlohrad).dispatch_event("click")
    evidence = frame.locator(".leaflet-popup-content .geonews-evidence")
    evidence.wait_for(timeout=10_000)
    assert (
        "Russian drone strikes killed two people and injured eight others in Pavlohrad"
        in evidence.inner_text()
    )

    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download GeoJSON").click()
    downloaded = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "geonews",
            "export",
            "--db",
            db,
            "--region",
            "UA.04",
            "--format",
            "geojson",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert cli.returncode == 0, cli.stderr
    assert downloaded == json.loads(cli.stdout)
    incidents = {
        f["properties"]["location"]
        for f in downloaded["features"]
        if f["properties"]["record_kind"] == "incident"
    }
    assert incidents == {"Pavlohrad", "Marhanets", "Nikopol"}

    ARTIFACTS.mkdir(exist_ok=True)
    page.locator('[data-testid="stMain"]').screenshot(path=str(ARTIFACTS / "dashboard.png"))
    outside_hosts = {u.split("/")[2] for u in page.outside_requests}
    assert outside_hosts <= {"tile.openstreetmap.org"}, (
        outside_hosts
    )  # only the optional online tiles
    assert page.page_errors == []


HOSTILE = (
    "---\ntitle: '<img src=x onerror=\"window.__pwned=1\">'\nsource: 'javascript:window.__pwned=2'\n"
    "published: 2025-04-26\n---\n"
    "A car bomb `${window.__pwned=7}` \\` exploded in Kabul, killing three people "
    "<script>window.__pwned=3</script> and "
    '<img src=x onerror="window.__pwned=4"> wounding [12 others](javascript:window.__pwned=5) **today**.\n'
    "“<b onmouseover=window.__pwned=6>Kabul</b> is calm,” said police spokesman Khalid Zadran.\n"
)


def test_markup_in_an_article_never_runs(
    page: Any, server: tuple[str, str], tmp_path: Path
) -> None:
    from geonews.documents import parse_article

    url, db = server
    article = tmp_path / "hostile.md"
    article.write_text(HOSTILE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "geonews", "ingest", str(article), "--db", db, "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    doc_id = parse_article(article.read_bytes(), "x", suffix=".md").id
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{url}/?country=AF&document={doc_id}")
    frame = map_frame(page)
    incident_places(frame, 1)
    frame.locator("path.geonews-incident").first.dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content .geonews-evidence")
    popup.wait_for(timeout=10_000)
    assert "<script>window.__pwned=3</script>" in popup.inner_text()  # shown as text
    assert "`${window.__pwned=7}` \\`" in popup.inner_text()  # no template-literal code
    reader = page.locator(".geonews-reader").first
    reader.wait_for(timeout=30_000)
    assert "<img src=x" in reader.inner_text()
    time.sleep(1)
    assert dialogs == []
    assert [f.evaluate("window.__pwned") for f in page.frames] == [None] * len(page.frames)
    assert frame.locator("img[src='x'], script:has-text('__pwned')").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert page.page_errors == []
