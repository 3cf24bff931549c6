"""Review: a person marks incidents and claims verified, rejected or needs-review, corrects
them, and the decision sticks — in the map's records, the exports, and across re-ingests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from geonews.cli import main
from geonews.store import Filter, Store

FIRST = """---
title: Drones over Pavlohrad
published: 2025-04-25
source: Wire A
---
Russian drones struck Pavlohrad in the Dnipropetrovsk region overnight, killing two people
and injuring nine, the regional governor said on Friday.
"""
LATER = """---
title: Pavlohrad toll
published: 2025-04-25
source: Wire B
---
Russian drones struck Pavlohrad in the Dnipropetrovsk region overnight, killing seven people,
the regional governor said in an update on Friday evening.
"""


def run(*argv: str) -> int:
    return main(list(argv))


def review(db: str, record: str, *options: str) -> int:
    """``geonews review RECORD OPTIONS --db DB``: its exit status."""
    return run("review", record, *options, "--db", db)


def geojson(db: str, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert run("export", "--format", "geojson", "--kind", "incidents", "--db", db, *extra) == 0
    return list(json.loads(capsys.readouterr().out)["features"])


def with_first_report(url: str, folder: Path) -> str:
    """The store at ``url`` holding the first Pavlohrad report."""
    (folder / "first.md").write_text(FIRST, encoding="utf-8")
    assert run("ingest", str(folder / "first.md"), "--quiet", "--db", url) == 0
    return url


def exported(db: str, capsys: pytest.CaptureFixture[str], incident: str, *extra: str) -> list[Any]:
    """The exported features of one incident (none when it is not exported)."""
    return [f for f in geojson(db, capsys, *extra) if f["properties"]["event_id_cnty"] == incident]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return with_first_report(f"sqlite:///{tmp_path / 'review.db'}", tmp_path)


def pavlohrad(features: list[dict[str, Any]]) -> dict[str, Any]:
    (feature,) = [f for f in features if f["properties"]["location"] == "Pavlohrad"]
    return feature["properties"]


def test_a_rejected_incident_leaves_the_map_and_the_export(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    incident = pavlohrad(geojson(db, capsys))["event_id_cnty"]
    assert review(db, incident, "--status", "rejected", "--note", "a duplicate", "--by", "AK") == 0
    assert not exported(db, capsys, incident)
    assert pavlohrad(geojson(db, capsys, "--include-rejected"))["event_id_cnty"] == incident
    store = Store(db)
    assert not [r for r in store.incidents(Filter()) if r["id"] == incident]  # the page's query
    (entry,) = store.audit(incident)
    assert (entry["who"], entry["record_kind"]) == ("AK", "incident")
    assert entry["before"] == {"review_status": None, "review_note": None}
    assert entry["after"] == {"review_status": "rejected", "review_note": "a duplicate"}


def test_the_timeline_and_the_facets_leave_out_what_a_reviewer_rejected(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    store = Store(db)
    day = dt.date(2025, 4, 25)
    assert store.daily_counts(Filter(since=day, until=day)) == [
        (day, "Explosions/Remote violence", "Air/drone strike", 1)
    ]  # the timeline counts every day, whatever range is chosen
    assert store.facets()["types"] == [("Explosions/Remote violence", "Air/drone strike")]
    incident = pavlohrad(geojson(db, capsys))["event_id_cnty"]
    store.review(incident, who="AK", status="rejected")
    assert store.daily_counts() == []
    facets = store.facets()
    assert facets["types"] == [] and facets["dates"] == [None, None]
    counts = {(r["country_code"], r["admin1_code"]): r for r in store.region_counts()}
    assert counts[("UA", "04")]["incidents"] == 0
    assert store.daily_counts(Filter(include_rejected=True)) != []


def test_corrections_are_used_everywhere_and_survive_a_new_report(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    props = pavlohrad(geojson(db, capsys))
    incident = props["event_id_cnty"]
    assert (props["fatalities"], props["injured"]) == (2, 9)
    code = review(
        db,
        incident,
        "--fatalities",
        "3",
        "--type",
        "Shelling/artillery/missile attack",
        "--actor",
        "Russian Armed Forces",
        "--by",
        "AK",
    )
    assert code == 0
    # a later article reporting the same incident with another count: the reviewer's stands
    (tmp_path / "later.md").write_text(LATER, encoding="utf-8")
    assert run("ingest", str(tmp_path / "later.md"), "--quiet", "--db", db) == 0
    props = pavlohrad(geojson(db, capsys))
    assert props["event_id_cnty"] == incident
    assert (props["fatalities"], props["sub_event_type"]) == (
        3,
        "Shelling/artillery/missile attack",
    )
    assert props["actor1"] == "Russian Armed Forces"
    # ... and the corrected type is what the type filter sees
    assert geojson(db, capsys, "--subtype", "Air/drone strike") == []
    (entry,) = Store(db).audit(incident)
    assert entry["before"]["fatalities"] == 2 and entry["after"]["fatalities"] == 3
    assert entry["after"]["review_status"] == "verified"  # a correction is a review


def test_a_corrected_place_moves_the_dot(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    incident = pavlohrad(geojson(db, capsys))["event_id_cnty"]
    assert review(db, incident, "--place", "Ternivka", "--by", "AK") == 0
    (feature,) = exported(db, capsys, incident)
    assert feature["properties"]["location"] == "Ternivka"
    lon, lat = feature["geometry"]["coordinates"]
    assert abs(lat - 48.52) < 0.2 and abs(lon - 36.08) < 0.2


def test_bad_reviews_are_refused(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    incident = pavlohrad(geojson(db, capsys))["event_id_cnty"]
    assert review(db, "no-such-id", "--status", "verified") == 2
    assert review(db, incident, "--type", "Bombing") == 2
    assert review(db, incident, "--fatalities", "-1") == 2
    assert review(db, incident, "--place", "Nowhereville Zzz") == 2
    assert review(db, incident) == 2
    assert Store(db).audit() == []


@pytest.mark.postgres
def test_review_on_postgresql(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import fresh_postgres_url

    url = with_first_report(fresh_postgres_url(), tmp_path)
    incident = pavlohrad(geojson(url, capsys))["event_id_cnty"]
    assert review(url, incident, "--status", "rejected", "--fatalities", "4", "--by", "AK") == 0
    assert not exported(url, capsys, incident)
    assert pavlohrad(geojson(url, capsys, "--include-rejected"))["fatalities"] == 4
    store = Store(url)
    (entry,) = store.audit(incident)
    store.close()
    assert entry["before"]["fatalities"] == 2 and entry["after"]["review_status"] == "rejected"
