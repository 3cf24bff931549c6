"""Time and review on the real page, in Debian's headless Chromium (issue 14).

Three dated reports (made up for this test) join the bundled seed. Brushing a range on the
timeline sets the date filter: the URL and the counts change. A reviewer rejects an incident
from the page: it leaves the map and the GeoJSON download, and another article reporting the
same incident, ingested afterwards, does not bring it back.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from geonews.store import Filter, Store

from .test_browser import ROOT, _browser_parts, choose, incident_places, map_frame, page, server

__all__ = ["_browser_parts", "page", "server"]  # the fixtures this module shares

pytestmark = pytest.mark.browser

REPORTS = {
    "sumy.md": (
        "2025-03-03",
        "Russian drones struck an apartment block in Sumy overnight, killing two people and "
        "injuring five, the regional governor said on Monday.",
    ),
    "kherson.md": (
        "2025-03-10",
        "Russian artillery shelled a market in Kherson on Monday morning, injuring four "
        "civilians, the city administration said.",
    ),
    "odesa.md": (
        "2025-03-20",
        "A Russian missile hit the port of Odesa on Thursday, killing one dock worker, "
        "officials said.",
    ),
}
AGAIN = (
    "---\ntitle: Kherson market shelled\nsource: Second Wire\npublished: 2025-03-10\n---\n"
    "A market in Kherson came under Russian artillery fire on Monday; four civilians were "
    "wounded, local officials reported.\n"
)


def geonews(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "geonews", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def metric(page: Any, label: str) -> int:
    box = page.locator(f'[data-testid="stMetric"]:has-text("{label}")').first
    return int(box.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))


def wait_for(condition: Any, what: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def pick(page: Any, label: str, option: str, attempts: int = 4) -> None:
    """Choose in a select box, again if a rerun redrew the page while its list was open."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator(f'[data-testid="stSelectbox"]:has(label:has-text("{label}"))')
    box.wait_for(timeout=30_000)
    for _ in range(attempts - 1):
        box.locator("input").click()
        choice = page.locator('[role="option"]', has_text=option).first
        try:
            choice.click(timeout=5_000)
            return
        except PlaywrightTimeout:  # the list closed under the click: open it again
            page.keyboard.press("Escape")
            time.sleep(1)
    choose(page, label, option)


def query(page: Any) -> dict[str, list[str]]:
    # history.replaceState does not move Playwright's page.url: ask the page itself
    return parse_qs(urlparse(page.evaluate("window.location.href")).query)


def download_geojson(page: Any) -> dict[str, Any]:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download GeoJSON").click()
    return dict(json.loads(Path(info.value.path()).read_text(encoding="utf-8")))


def test_timeline_range_and_review_in_a_real_browser(
    page: Any, server: tuple[str, str], tmp_path: Path
) -> None:
    url, db = server
    page.goto(url)  # the first visit stores the bundled seed
    incident_places(map_frame(page), 6)
    for name, (published, text) in REPORTS.items():
        (tmp_path / name).write_text(
            f"---\ntitle: {name}\nsource: Test Wire\npublished: {published}\n---\n{text}\n",
            encoding="utf-8",
        )
        geonews("ingest", str(tmp_path / name), "--db", db, "--quiet")

    page.goto(url)
    frame = map_frame(page)
    incident_places(frame, 9)  # the seed's six (undated) and the three reports
    assert metric(page, "Incidents") == 9

    # -- a range brushed on the timeline is the date filter, in the URL and the counts
    chart = page.locator('.st-key-timeline_box [data-testid="stVegaLiteChart"]')
    chart.wait_for(timeout=60_000)
    time.sleep(1)
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.55
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=10)
    page.mouse.up()
    wait_for(lambda: "since" in query(page) and "until" in query(page), "since/until in the URL")
    since = dt.date.fromisoformat(query(page)["since"][0])
    until = dt.date.fromisoformat(query(page)["until"][0])
    assert dt.date(2025, 3, 3) < since <= dt.date(2025, 3, 10) <= until < dt.date(2025, 3, 20)
    wait_for(lambda: metric(page, "Incidents") == 7, "7 incidents: Kherson and the undated")
    incident_places(frame, 7)

    # -- a reviewer rejects the Kherson incident from the page
    (kherson,) = [
        f["properties"]["event_id_cnty"]
        for f in json.loads(geonews("export", "--db", db, "--format", "geojson"))["features"]
        if f["properties"]["location"] == "Kherson" and f["properties"]["record_kind"] == "incident"
    ]
    page.goto(f"{url}/?country=UA&selected=incident:{kherson}")
    frame = map_frame(page)
    incident_places(frame, 8)  # Ukraine: all but Moscow
    page.get_by_text("Review this incident").click()
    pick(page, "Status", "rejected")
    page.get_by_label("Your name").fill("Browser Test")
    page.get_by_role("button", name="Save the review").click()
    page.get_by_text("Saved (review_status: rejected)").wait_for(timeout=30_000)
    incident_places(frame, 7)
    wait_for(lambda: metric(page, "Incidents") == 7, "the rejected incident uncounted")
    downloaded = download_geojson(page)
    ids = {f["properties"]["event_id_cnty"] for f in downloaded["features"]}
    assert kherson not in ids and len(ids & {kherson}) == 0
    assert "Kherson" not in {
        f["properties"]["location"]
        for f in downloaded["features"]
        if f["properties"]["record_kind"] == "incident"
    }

    # -- another article reporting the same incident does not undo the rejection
    (tmp_path / "again.md").write_text(AGAIN, encoding="utf-8")
    geonews("ingest", str(tmp_path / "again.md"), "--db", db, "--quiet")
    page.goto(f"{url}/?country=UA")
    frame = map_frame(page)
    incident_places(frame, 7)
    assert kherson not in {
        f["properties"]["event_id_cnty"] for f in download_geojson(page)["features"]
    }
    store = Store(db)
    (row,) = [r for r in store.incidents(Filter(include_rejected=True)) if r["id"] == kherson]
    assert row["review_status"] == "rejected"
    assert [(e["who"], e["after"]) for e in store.audit(kherson)] == [
        ("Browser Test", {"review_status": "rejected"})
    ]
    store.close()
    assert page.page_errors == []
    # the timeline's chart library is served by the app too: nothing fetched from outside
    assert {u.split("/")[2] for u in page.outside_requests} <= {"tile.openstreetmap.org"}
