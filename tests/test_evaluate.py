"""The EUPEG scoring rules on hand-checkable cases."""

from __future__ import annotations

import math

import pytest

from geonews.evaluate import match_document, score_corpus


def top(
    start: int, name: str, lat: float = 0.0, lon: float = 0.0, **extra: object
) -> dict[str, object]:
    return {"start": start, "end": start + len(name), "name": name, "lat": lat, "lon": lon, **extra}


def test_match_needs_equal_lowercase_names_and_close_midpoints() -> None:
    gold = [top(0, "Kyiv"), top(100, "Paris")]
    assert len(match_document(gold, [top(5, "KYIV")])) == 1
    assert match_document(gold, [top(15, "Kyiv")]) == []  # midpoints 10 apart
    assert match_document(gold, [top(100, "Pari")]) == []
    assert len(match_document(gold, [top(0, "Kyiv"), top(1, "Kyiv")])) == 1  # each gold once


def test_scores_on_a_small_corpus() -> None:
    gold = [
        {"id": "a", "toponyms": [top(0, "Kyiv", 50.45, 30.52), top(20, "Lviv", 49.84, 24.03)]},
        {
            "id": "b",
            "toponyms": [top(0, "Odesa", 46.48, 30.74), {"start": 9, "end": 12, "name": "Foo"}],
        },
    ]
    predicted = {
        "a": [
            top(0, "Kyiv", 50.45, 30.52),
            top(20, "Lviv", 50.45, 30.52),
            top(40, "Rome", 41.9, 12.5),
        ],
        "b": [top(0, "Odesa", 46.48, 30.74), top(30, "Nowhere", None, None)],  # type: ignore[arg-type]
    }
    s = score_corpus(gold, predicted)
    assert (s.gold, s.predicted, s.matched) == (3, 4, 3)  # no-coordinate entries dropped
    assert s.precision == 0.75 and s.recall == 1.0
    assert s.f1 == pytest.approx(2 * 0.75 / 1.75, abs=1e-4)
    assert s.acc161 == pytest.approx(2 / 3, abs=1e-4)  # Lviv put at Kyiv: ~470 km off
    assert s.geo_recall161 == pytest.approx(2 / 3, abs=1e-4)
    assert s.median_km == 0.0
    lviv_error = 467.0
    expected_auc = ((0 + 0) / 2 + (0 + math.log(1 + lviv_error) / math.log(20039)) / 2) / 2
    assert s.auc == pytest.approx(expected_auc, abs=0.01)


def test_demonyms_count_only_when_asked() -> None:
    gold = [{"id": "a", "toponyms": [top(0, "Russian", 60, 100)]}]
    predicted = {"a": [top(0, "Russian", 60, 100, kind="demonym")]}
    assert score_corpus(gold, predicted).matched == 0
    assert score_corpus(gold, predicted, count_demonyms=True).matched == 1


def test_overlap_matching_takes_spans_that_share_characters() -> None:
    from geonews.evaluate import match_overlap

    gold = [top(0, "Sumy", 51.2, 34.3, geonameid=1)]
    assert len(match_overlap(gold, [top(0, "Sumy Oblast")])) == 1
    assert match_overlap(gold, [top(5, "Oblast")]) == []
    strict = score_corpus([{"id": "a", "toponyms": gold}], {"a": [top(0, "Sumy Oblast", 0, 0)]})
    overlap = score_corpus(
        [{"id": "a", "toponyms": gold}],
        {"a": [top(0, "Sumy Oblast", 0, 0, geonameid=1)]},
        matching="overlap",
    )
    assert strict.matched == 0 and overlap.matched == 1
    assert overlap.geo_recall161 == 1.0  # same GeoNames id counts as resolved


def incident(
    gid: int, lat: float, lon: float, sub: str, dead: int | None = None
) -> dict[str, object]:
    return {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": sub,
        "place": {"geonameid": gid, "lat": lat, "lon": lon},
        "fatalities": dead,
        "injured": None,
        "actor1": "Russia",
    }


def test_incidents_match_one_to_one_within_25_km() -> None:
    from geonews.evaluate import score_events

    gold = [
        {
            "id": "a",
            "events": [
                {
                    "geonameid": 1,
                    "lat": 50.0,
                    "lon": 30.0,
                    "type": "air_drone_strike",
                    "fatalities": 2,
                    "injured": None,
                    "actor": "Russia",
                },
                {
                    "geonameid": 2,
                    "lat": 50.1,
                    "lon": 30.1,
                    "type": "missile_artillery_shelling",
                    "fatalities": None,
                    "injured": None,
                    "actor": "Russia",
                },
                {
                    "geonameid": 3,
                    "lat": 45.0,
                    "lon": 35.0,
                    "type": "armed_clash",
                    "fatalities": None,
                    "injured": None,
                    "actor": None,
                },
            ],
            "claims": [{"speaker": "Ivan Petrenko"}, {"speaker": "State Emergency Service"}],
        }
    ]
    predicted = {
        "a": {
            "events": [
                incident(9, 50.05, 30.05, "Air/drone strike", 2),  # ~7 km from both
                incident(8, 48.0, 30.0, "Air/drone strike"),  # far from all
            ],
            "claims": [{"speaker": "Petrenko"}, {"speaker": "the governor"}],
        }
    }
    s = score_events(gold, predicted)
    assert (s.gold_incidents, s.predicted_incidents, s.matched_incidents) == (3, 2, 1)
    assert s.incident_recall == round(1 / 3, 4) and s.incident_precision == 0.5
    assert s.type_right == 1.0 and s.casualties_exact == 1.0 and s.actor_right == 1.0
    assert s.claim_speaker_recall == 0.5
