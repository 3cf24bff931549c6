"""Incidents from the seed article (against its hand-made gold) and from constructed reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from geonews.dates import resolve_date
from geonews.documents import Article
from geonews.events import parse_count
from geonews.gazetteer import Gazetteer
from geonews.geoparse import Geoparser
from geonews.pipeline import extract

from .conftest import GOLD, SEED


@pytest.fixture(scope="module")
def geoparser(gazetteer: Gazetteer) -> Geoparser:
    return Geoparser(gazetteer)


@pytest.fixture(scope="module")
def seed_record(geoparser: Geoparser) -> dict[str, Any]:
    return extract(Article(text=SEED, path="seed", published="2025-04-25"), geoparser)


def test_all_six_seed_incidents_as_gold(seed_record: dict[str, Any]) -> None:
    events = seed_record["events"]
    by_place = {e["place"]["geonameid"]: e for e in events}
    assert len(events) == len(GOLD["events"]) == 6, [e["place"]["name"] for e in events]
    for gold in GOLD["events"]:
        event = by_place.get(gold["geonameid"])
        assert event is not None, gold["place"]
        assert event["event_type"] == gold["event_type"], gold["place"]
        assert event["sub_event_type"] in gold["sub_event_type_any"], gold["place"]
        assert event["fatalities"] == gold["fatalities"], gold["place"]
        assert event["injured"] == gold["injured"], gold["place"]
        assert event["actor1"] == gold["actor1"], gold["place"]
        assert gold["evidence"] in event["evidence"]["text"], gold["place"]
        assert (
            SEED[event["evidence"]["start"] : event["evidence"]["end"]] == event["evidence"]["text"]
        )


def test_vague_counts_keep_their_phrase(seed_record: dict[str, Any]) -> None:
    kyiv = next(e for e in seed_record["events"] if e["place"]["geonameid"] == 703448)
    assert kyiv["fatalities"] == 12 and kyiv["injured"] is None
    assert "dozens" in kyiv["injured_raw"]


def test_statements_inside_quotes_are_not_incidents(seed_record: dict[str, Any]) -> None:
    assert not any("5000" in e["evidence"]["text"] for e in seed_record["events"])
    assert not any("not happy" in e["evidence"]["text"] for e in seed_record["events"])


def test_relative_dates_follow_the_publication_date(seed_record: dict[str, Any]) -> None:
    kyiv = next(e for e in seed_record["events"] if e["place"]["geonameid"] == 703448)
    assert (kyiv["date"], kyiv["time_precision"]) == (
        "2025-04-24",
        1,
    )  # "On Thursday", published Friday
    pavlohrad = next(e for e in seed_record["events"] if e["place"]["geonameid"] == 697889)
    assert (pavlohrad["date"], pavlohrad["time_precision"], pavlohrad["geo_precision"]) == (
        "2025-04-25",
        1,
        1,
    )


@pytest.mark.parametrize(
    ("text", "place", "sub_type", "dead", "hurt", "actor"),
    [
        (
            "Israeli airstrikes killed 14 people in Rafah on Tuesday.",
            "Rafah",
            "Air/drone strike",
            14,
            None,
            "Israel",
        ),
        (
            "A car bomb exploded in Kabul, killing three people and wounding 12 others.",
            "Kabul",
            "Remote explosive/landmine/IED",
            3,
            12,
            None,
        ),
        (
            "Russian shelling of Kherson injured five civilians overnight.",
            "Kherson",
            "Shelling/artillery/missile attack",
            None,
            5,
            "Russia",
        ),
    ],
)
def test_constructed_reports(
    geoparser: Geoparser,
    text: str,
    place: str,
    sub_type: str,
    dead: int | None,
    hurt: int | None,
    actor: str | None,
) -> None:
    record = extract(Article(text=text, published="2025-05-06"), geoparser)
    assert len(record["events"]) == 1, record["events"]
    event = record["events"][0]
    assert (
        event["place"]["name"],
        event["sub_event_type"],
        event["fatalities"],
        event["injured"],
    ) == (place, sub_type, dead, hurt)
    assert event["actor1"] == actor


def test_no_incident_without_violence_or_place(geoparser: Geoparser) -> None:
    for text in ("The minister visited Kyiv on Monday.", "Violent attacks continue.", ""):
        assert extract(Article(text=text or " x"), geoparser)["events"] == []


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("two", 2),
        ("at least 12", 12),
        ("1,200", 1200),
        ("twenty-one", 21),
        ("eight", 8),
        ("a hundred", 100),
        ("dozens", None),
        ("999999999", None),
    ],
)
def test_parse_count(phrase: str, value: int | None) -> None:
    assert parse_count(phrase) == value


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On Thursday, strikes hit the city.", (dt.date(2025, 4, 24), 1)),
        ("Overnight, drones attacked.", (dt.date(2025, 4, 25), 1)),
        ("Yesterday a bomb went off.", (dt.date(2025, 4, 24), 1)),
        ("Shelling resumed earlier this week.", (dt.date(2025, 4, 25), 2)),
        ("The attack on 3 March 2024 killed two.", (dt.date(2024, 3, 3), 1)),
        ("The attack on March 3 killed two.", (dt.date(2025, 3, 3), 1)),
        ("Clashes broke out last month.", (dt.date(2025, 3, 31), 3)),
    ],
)
def test_resolve_date(sentence: str, expected: tuple[dt.date, int]) -> None:
    assert resolve_date(sentence, dt.date(2025, 4, 25)) == expected


def test_undated_without_publication_date() -> None:
    assert resolve_date("On Thursday, strikes hit the city.", None) == (None, None)
