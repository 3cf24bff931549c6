"""The page with Streamlit's AppTest: filters reach the map and the table; the URL round-trips."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from geonews.dashboard.state import FilterState, from_query_params, to_query_params
from geonews.gazetteer import Gazetteer
from tests.http_site import rss

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gazetteer: Gazetteer) -> AppTest:
    monkeypatch.setenv("GEONEWS_DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_args(at: AppTest) -> dict[str, Any]:
    component = at.get("component_instance")[0]
    return json.loads(component.proto.json_args)


def incident_markers(at: AppTest) -> int:
    return len(re.findall(r'"className": "geonews-incident"', map_args(at)["feature_group"] or ""))


def test_first_start_ingests_the_seed_and_draws_six_incidents(app: AppTest) -> None:
    assert [m.value for m in app.metric][:2] == ["6", "6"]
    assert incident_markers(app) == 6
    args = map_args(app)
    assert not [u for u in args["js_links"] + args["css_links"] if u.startswith("http")]
    assert "Place data" in app.caption[-2].value and "GeoNames" in app.caption[-2].value


def test_region_filter_changes_the_map_and_the_table(app: AppTest) -> None:
    app.sidebar.selectbox(key="f_country").set_value("UA").run()
    app.sidebar.selectbox(key="f_admin1").set_value("04").run()
    assert not app.exception
    assert incident_markers(app) == 3
    table = app.dataframe[0].value
    incidents = table[table["kind"] == "incident"]
    assert set(incidents["place"]) == {"Pavlohrad", "Marhanets", "Nikopol"}
    assert (app.query_params["country"], app.query_params["admin1"]) == ("UA", "04")


def test_query_params_open_the_same_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app: AppTest
) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["country"] = "RU"
    at.query_params["kind"] = "incidents"
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="f_country").value == "RU"
    assert incident_markers(at) == 1
    assert set(at.dataframe[0].value["place"]) == {"Moscow"}


def test_type_filter_hides_claims(app: AppTest) -> None:
    app.sidebar.multiselect(key="f_types").set_value(["Explosions/Remote violence"]).run()
    table = app.dataframe[0].value
    assert set(table["kind"]) == {"incident"}
    assert '"geonews-claim"' not in (map_args(app)["feature_group"] or "")


@pytest.mark.parametrize(
    "state",
    [
        FilterState(),
        FilterState(
            country="UA",
            admin1="04",
            event_types=("Battles", "Explosions/Remote violence"),
            since=__import__("datetime").date(2025, 1, 1),
            undated=False,
            actor="Russia",
            query="drone",
            kind="claims",
            min_confidence=0.5,
            selected="incident:abc",
        ),
        FilterState(rejected=True),
    ],
)
def test_state_url_round_trip(state: FilterState) -> None:
    params = to_query_params(state)
    assert from_query_params(params) == state


def test_bad_url_values_are_dropped_and_reported() -> None:
    state = from_query_params(
        {"country": "<script>", "since": "yesterday", "kind": "everything", "conf": "2"}
    )
    assert state == FilterState()
    assert len(state.problems) == 4


def test_pasting_an_article_stores_it_and_updates_the_counts(app: AppTest) -> None:
    app.text_area[0].input(
        "Russian missile strikes hit Zaporizhzhia overnight, killing three people."
    )
    app.get("form_submit_button")[0].click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("1 added" in s.value for s in app.success)  # reported after the rerun
    assert next(m.value for m in app.metric) == "7"


def test_pasting_junk_reports_an_error_and_stores_nothing(app: AppTest) -> None:
    app.text_area[0].input("   \x00\x00 binary \x00 ")
    app.get("form_submit_button")[0].click()
    app.run()
    assert not app.exception
    assert next(m.value for m in app.metric) == "6"
    assert app.error, "a per-file error is shown"


def test_sources_panel_follows_a_feed_and_rings_what_arrived_since_the_last_visit(
    site: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app: AppTest
) -> None:
    import time

    server, base = site
    server.feed("/feed.xml", rss([("Drones hit Sumy", f"{base}/a/1.html")]), '"s1"')
    app.text_input(key="feed_url").set_value(f"{base}/feed.xml")
    app.text_input(key="feed_name").set_value("<b>wire</b>")
    app.button(key="feed_follow").click().run()
    assert not app.exception
    assert "Following" in " ".join(t.value for t in app.text)
    time.sleep(1.1)  # the store keeps times to the second: the article comes after the visit
    app.button(key="feeds_refresh").click().run()
    assert not app.exception
    texts = [t.value for t in app.text]
    assert "<b>wire</b>: HTTP 200, 1 new" in texts  # the name shown as typed, not as markup
    assert app.metric[3].value == "2"  # articles
    (feeds,) = [d.value for d in app.dataframe if "stored" in d.value.columns]
    assert list(feeds["stored"]) == [1] and list(feeds["status"]) == [200]
    assert "#ffbf00" not in (map_args(app)["feature_group"] or "")  # nothing before this visit

    # the next visit rings the incident that arrived after the previous one, and only it
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    again.run()
    assert not again.exception
    assert (map_args(again)["feature_group"] or "").count('"color": "#ffbf00"') == 1
    assert any("arrived since your last visit" in c.value for c in again.caption)


def test_rejecting_the_selected_incident_takes_it_off_the_map_and_logs_who(
    app: AppTest, tmp_path: Path
) -> None:
    from geonews.store import Store

    table = app.dataframe[0].value
    (ref,) = table[(table["kind"] == "incident") & (table["place"] == "Pavlohrad")]["ref"]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["selected"] = ref
    at.run()
    assert not at.exception
    at.selectbox(key="rv_status").set_value("rejected")
    at.text_input(key="rv_note").set_value("<i>duplicate</i> of another report")
    at.text_input(key="rv_who").set_value("AK")
    at.button(key="rv_save").click().run()
    assert not at.exception
    assert at.metric[0].value == "5"  # incidents
    assert incident_markers(at) == 5
    assert "Pavlohrad" not in set(at.dataframe[0].value["place"])
    (entry,) = Store(f"sqlite:///{tmp_path / 'store.db'}").audit(ref.split(":", 1)[1])
    assert entry["who"] == "AK" and entry["after"]["review_status"] == "rejected"
    # the sidebar switch brings rejected records back, marked, and says so in the URL
    at.sidebar.checkbox(key="f_rejected").check().run()
    assert not at.exception
    assert incident_markers(at) == 6 and at.query_params["rejected"] == "1"
    table = at.dataframe[0].value
    assert list(table[table["place"] == "Pavlohrad"]["review"]) == ["rejected"]


def test_charts_and_a_metric_scale_bar(app: AppTest) -> None:
    from geonews.dashboard.layers import base_map

    charts = app.get("vega_lite_chart")
    assert len(charts) == 4  # by type, by region, top places, by source
    html = base_map().get_root().render()
    assert "imperial: false" in html and "metric: true" in html


REPORTS = (
    (
        "2025-03-03",
        "Russian drones struck an apartment block in Sumy overnight, the governor said.",
    ),
    ("2025-03-10", "Russian artillery shelled a market in Kherson on Monday, officials said."),
    ("2025-03-20", "A Russian missile hit the port of Odesa on Thursday, killing a dock worker."),
)


@pytest.fixture()
def dated(tmp_path: Path, app: AppTest) -> AppTest:
    """The seed and three dated reports (made up here), on a fresh page."""
    from geonews.cli import main

    for n, (published, text) in enumerate(REPORTS):
        path = tmp_path / f"report{n}.md"
        path.write_text(f"---\npublished: {published}\n---\n{text}\n", encoding="utf-8")
        assert (
            main(["ingest", str(path), "--db", f"sqlite:///{tmp_path / 'store.db'}", "--quiet"])
            == 0
        )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_range_brushed_on_the_timeline_is_the_date_filter(dated: AppTest) -> None:
    assert incident_markers(dated) == 9
    # what Vega reports for a brush over 7–12 March (epoch milliseconds)
    start = 1741305600000  # 2025-03-07T00:00Z
    dated.session_state["timeline"] = {
        "selection": {"range": {"yearmonthdate_day": [start, start + 5 * 86_400_000]}}
    }
    dated.run()
    assert not dated.exception
    assert (dated.query_params["since"], dated.query_params["until"]) == (
        "2025-03-07",
        "2025-03-12",
    )
    assert dated.sidebar.date_input(key="f_dates").value == (
        dt.date(2025, 3, 7),
        dt.date(2025, 3, 12),
    )
    assert incident_markers(dated) == 7  # Kherson and the six undated seed incidents
    # clearing the brush shows every day again
    dated.session_state["timeline"] = {"selection": {"range": {}}}
    dated.run()
    assert "since" not in dated.query_params and incident_markers(dated) == 9


def test_play_steps_the_map_through_the_weeks_and_stops_at_the_last(
    dated: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geonews.dashboard import views

    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(views, "PLAY_SECONDS", 0)
    real = views.advance_play

    def step() -> None:
        seen.append(
            (str(dated.session_state["f_dates"][0]), str(dated.session_state["f_dates"][1]))
        )
        real()

    monkeypatch.setattr(views, "advance_play", step)
    dated.selectbox(key="play_step").set_value("week")
    dated.button(key="play").click().run()
    assert not dated.exception
    assert seen[-3:] == [
        ("2025-03-03", "2025-03-09"),
        ("2025-03-10", "2025-03-16"),
        ("2025-03-17", "2025-03-23"),
    ]
    assert (dated.query_params["since"], dated.query_params["until"]) == (
        "2025-03-17",
        "2025-03-23",
    )
    assert incident_markers(dated) == 7  # Odesa and the six undated


def test_the_reader_marks_places_incident_and_claim_sentences_and_escapes_the_rest() -> None:
    from geonews.dashboard.views import highlighted

    text = "Drones hit Kyiv.\nOfficials in Odesa said <b>nothing</b> happened there."
    doc = {
        "text": text,
        "mentions": [
            {"start": 11, "end": 15, "kind": "city"},
            {"start": 30, "end": 35, "kind": "city"},
        ],
        "incidents": [{"evidence_start": 0, "evidence_end": 16}] * 2,  # two incidents, one sentence
        "claims": [{"evidence_start": 17, "evidence_end": len(text)}],
    }
    page = highlighted(doc)
    assert (
        '<span style="background:#fde0dd"><b style="color:#08519c" title="city">Kyiv</b></span>'
        in page
    )
    assert (
        '<span style="border-bottom:2px dashed #1f78b4"><b style="color:#08519c" title="city">Odesa</b></span>'
        in page
    )
    assert "&lt;b&gt;nothing&lt;/b&gt;" in page and "<b>nothing" not in page
    assert '<span style="background:#fde0dd">Drones hit </span>' in page
    assert "<br>" in page
    # every one of many marks in a long article (the sweep is linear: see bench_dashboard)
    long = {
        "text": "A town was hit. " * 20_000,
        "mentions": [
            {"start": i * 16 + 2, "end": i * 16 + 6, "kind": "city"} for i in range(20_000)
        ],
        "incidents": [
            {"evidence_start": i * 16, "evidence_end": i * 16 + 15} for i in range(20_000)
        ],
        "claims": [],
    }
    assert highlighted(long).count('<span style="background:#fde0dd"><b') == 20_000
