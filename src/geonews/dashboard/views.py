"""The Streamlit page: sidebar filters, map, table, article reader, downloads, ingest."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import altair as alt
import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geonews import config
from geonews.dashboard.layers import EVENT_COLOURS, MAX_MARKERS, base_map, record_layers
from geonews.dashboard.state import FilterState, from_query_params, to_query_params
from geonews.documents import DEFAULT_MAX_BYTES, InputError, parse_article
from geonews.errors import GeonewsError
from geonews.export import export_records, source_label
from geonews.gazetteer import Gazetteer, open_gazetteer
from geonews.geoparse import Geoparser
from geonews.pipeline import extract
from geonews.store import Filter, Store

ATTRIBUTION = (
    "Place data © [GeoNames](https://www.geonames.org/) (CC BY 4.0) · country outlines from "
    "[Natural Earth](https://www.naturalearthdata.com/) (public domain) · map tiles, when online, "
    "© OpenStreetMap contributors · incident types after the ACLED codebook."
)
TABLE_ROWS = 2_000
MAX_REGIONS = 60  # region polygons drawn at most (claimed first, then the busiest)
READER_CHOICES = 500  # articles offered in the reader's list (the newest)
READER_SPANS = 5_000  # incident and claim sentences the reader marks in one article, at most
PAGE_INCIDENTS = 20_000  # most recent incidents the page draws (heat map); the rest via downloads
_REF = re.compile(r"ref (incident|claim):([0-9a-f]+)")


# -- shared handles ----------------------------------------------------------------------
@st.cache_resource(show_spinner="First start: building the offline gazetteer (about 30 s, once)…")
def get_gazetteer() -> Gazetteer:
    return open_gazetteer()


@st.cache_resource(show_spinner="Loading the language model…")
def get_geoparser() -> Geoparser:
    return Geoparser(get_gazetteer())


@st.cache_resource(show_spinner=False)
def get_store(url: str | None) -> Store:
    return Store(url)


# -- first start ---------------------------------------------------------------------------
def ingest_seeds(store: Store, seeds: Path) -> None:
    """On first start, ingest the bundled sample articles, with a progress bar."""
    if store.stats()["documents"] > 0 or not seeds.is_dir():
        return
    files = sorted(
        p for p in seeds.iterdir() if p.suffix.lower() in (".txt", ".md", ".html", ".htm")
    )
    if not files:
        return
    bar = st.progress(0.0, text="First start: reading the sample articles…")
    geoparser = get_geoparser()
    for n, path in enumerate(files, 1):
        try:
            article = parse_article(
                path.read_bytes(), str(path.relative_to(seeds.parent)), suffix=path.suffix.lower()
            )
            store.ingest(article, extract(article, geoparser))
        except GeonewsError as exc:
            st.warning(f"Sample {path.name} skipped: {exc}")
        bar.progress(n / len(files), text=f"First start: {n}/{len(files)} sample articles stored")
    bar.empty()


# -- data ----------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=32)  # shared, not copied: never mutated
def query_records(
    url: str | None, version: tuple[int, ...], key: tuple[Any, ...], _flt: Filter
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    store = get_store(url)
    return (
        store.incidents(_flt, limit=PAGE_INCIDENTS),
        store.claims(_flt, limit=PAGE_INCIDENTS),
        store.mentioned_regions(_flt),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def totals(
    url: str | None, version: tuple[int, ...], key: tuple[Any, ...], _flt: Filter
) -> tuple[int, int]:
    return get_store(url).incident_totals(_flt)


@st.cache_data(show_spinner=False, max_entries=32)
def daily(
    url: str | None, version: tuple[int, ...], key: tuple[Any, ...], _flt: Filter
) -> pd.DataFrame:
    """Incidents per day and type for the timeline (the filter without its date range)."""
    rows = get_store(url).daily_counts(_flt)
    return pd.DataFrame(rows, columns=["day", "event_type", "sub_event_type", "incidents"])


@st.cache_data(show_spinner=False, max_entries=8)
def arrived_since(url: str | None, version: tuple[int, ...], since: dt.datetime) -> set[str]:
    """The documents stored after the last visit (once per store version, not per rerun)."""
    return get_store(url).documents_since(since)


@st.cache_data(show_spinner=False, max_entries=8)
def facets(url: str | None, version: tuple[int, ...]) -> dict[str, Any]:
    return get_store(url).facets()


@st.cache_resource(show_spinner=False, max_entries=4096)
def _display_shape(code: tuple[str, str]) -> dict[str, Any]:
    from geonews.regions import load_regions

    return load_regions().by_code[code].geojson(tolerance=0.05)


def _display_feature(code: tuple[str, str]) -> dict[str, Any]:
    """A fresh copy of a region's display polygon (properties get filled per view)."""
    cached = _display_shape(code)
    return {**cached, "properties": dict(cached["properties"])}


def region_features(
    incidents: list[dict[str, Any]], claims: list[dict[str, Any]], mentioned: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Polygons of the regions in view: incident counts, and the claims made about them."""
    from collections import Counter

    from geonews.regions import load_regions

    try:
        shapes = load_regions()
    except GeonewsError:
        return []
    counts = Counter((i["country_code"], i["admin1_code"]) for i in incidents)
    claimed: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for c in claims:
        if c.get("place_kind") == "admin1":
            claimed.setdefault((c["country_code"], c["admin1_code"]), {})[c["id"]] = {
                "speaker": c.get("speaker"),
                "text": c.get("text"),
            }
    codes = set(counts) | set(claimed) | {(r["country_code"], r["admin1_code"]) for r in mentioned}
    # Claimed regions first, then the busiest: a few hundred polygons keep the page light.
    ranked = sorted(
        codes, key=lambda k: (k not in claimed, -counts.get(k, 0), k[0] or "", k[1] or "")
    )
    features = []
    for code in ranked[:MAX_REGIONS]:
        shape = shapes.by_code.get(code)
        if shape is None:
            continue
        feature = _display_feature(code)
        feature["properties"]["incidents"] = counts.get(code, 0)
        feature["properties"]["claims"] = list(claimed.get(code, {}).values())
        features.append(feature)
    return features


# -- sidebar -------------------------------------------------------------------------------
def _region_label(gazetteer: Gazetteer, country: str, admin1: str | None) -> str:
    if admin1:
        region = gazetteer.admin1(country, admin1)
        return region.name if region else f"{country}.{admin1}"
    place = gazetteer.country(country)
    return place.name if place else country


def _region_option(gazetteer: Gazetteer, country: str, admin1: str) -> str:
    """ "Dnipropetrovska oblast (UA-12)": the region's name and ISO 3166-2 code."""
    region = gazetteer.admin1(country, admin1)
    if region is None:
        return f"{country}.{admin1}"
    return f"{region.name} ({region.iso_code})" if region.iso_code else region.name


def _optional_select(
    where: Any, label: str, choices: list[str], current: str | None, nothing: str, key: str
) -> str | None:
    """A selectbox whose first choice "" means no filter (shown as ``nothing``)."""
    value = where.selectbox(
        label,
        choices,
        index=choices.index(current or ""),
        format_func=lambda c: c or nothing,
        key=key,
    )
    return str(value) if value else None


def sidebar(state: FilterState, options: dict[str, Any], gazetteer: Gazetteer) -> FilterState:
    sb = st.sidebar
    sb.header("Filters")
    countries = sorted(
        {c for c, _, _ in options["regions"] if c}, key=lambda c: _region_label(gazetteer, c, None)
    )
    country_choices = ["", *countries]
    if state.country and state.country not in country_choices:
        country_choices.append(state.country)
    country = sb.selectbox(
        "Country",
        country_choices,
        index=country_choices.index(state.country or ""),
        format_func=lambda c: "All countries" if not c else _region_label(gazetteer, c, None),
        key="f_country",
    )
    admin1 = None
    if country:
        codes = sorted(
            {a for c, a, _ in options["regions"] if c == country and a},
            key=lambda a: _region_label(gazetteer, country, a),
        )
        region_choices = ["", *codes]
        if state.admin1 and state.admin1 not in region_choices and state.country == country:
            region_choices.append(state.admin1)
        current = (
            state.admin1 if state.country == country and state.admin1 in region_choices else ""
        )
        admin1 = (
            sb.selectbox(
                "Region",
                region_choices,
                index=region_choices.index(current),
                format_func=lambda a: (
                    "Whole country" if not a else _region_option(gazetteer, country, a)
                ),
                key="f_admin1",
            )
            or None
        )
    kind = sb.radio(
        "Show",
        ["all", "incidents", "claims"],
        index=["all", "incidents", "claims"].index(state.kind),
        format_func=lambda k: {
            "all": "Incidents and claims",
            "incidents": "Incidents",
            "claims": "Claims",
        }[k],
        horizontal=True,
        key="f_kind",
    )
    types = sorted({t for t, _ in options["types"]} | set(state.event_types))
    event_types = sb.multiselect(
        "Event type", types, default=list(state.event_types), key="f_types"
    )
    subtypes = sorted(
        {s for t, s in options["types"] if not event_types or t in event_types}
        | set(state.sub_event_types)
    )
    sub_types = sb.multiselect(
        "Sub-event type",
        subtypes,
        default=[s for s in state.sub_event_types if s in subtypes],
        key="f_subtypes",
    )
    low, high = options["dates"]
    use_dates = sb.checkbox(
        "Limit dates", value=bool(state.since or state.until), key="f_use_dates"
    )
    since = until = None
    if use_dates:
        start = state.since or low or dt.date.today() - dt.timedelta(days=30)
        end = state.until or high or dt.date.today()
        picked = sb.date_input("Date range", value=(start, end), key="f_dates")
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            since, until = picked
        elif isinstance(picked, (tuple, list)) and len(picked) == 1:
            since = picked[0]
    undated = sb.checkbox("Include undated records", value=state.undated, key="f_undated")
    actor_choices = [
        "",
        *sorted(
            set(options["actors"])
            | set(options["speakers"])
            | ({state.actor} if state.actor else set())
        ),
    ]
    actor = _optional_select(
        sb, "Actor or speaker", actor_choices, state.actor, "Anyone", "f_actor"
    )
    source_names = set(options["sources"])
    source_choices = ["", *sorted(source_names | ({state.source} if state.source else set()))]
    source = _optional_select(sb, "Source", source_choices, state.source, "All sources", "f_source")
    query = (
        sb.text_input("Text search", value=state.query or "", max_chars=200, key="f_query").strip()
        or None
    )
    rejected = sb.checkbox(
        "Show records a reviewer rejected", value=state.rejected, key="f_rejected"
    )
    return replace(
        state,
        country=country or None,
        admin1=admin1,
        kind=kind,
        event_types=tuple(event_types),
        sub_event_types=tuple(sub_types),
        since=since,
        until=until,
        undated=undated,
        actor=actor,
        source=source,
        query=query,
        rejected=rejected,
    )


def _date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else (str(value) if value else "undated")


# -- table ---------------------------------------------------------------------------------
def table_frame(incidents: list[dict[str, Any]], claims: list[dict[str, Any]]) -> pd.DataFrame:
    rows = []
    for r in incidents:
        sources = r.get("sources") or []
        rows.append(
            {
                "ref": f"incident:{r['id']}",
                "kind": "incident",
                "date": _date_text(r.get("event_date")),
                "place": r["place_name"],
                "type": r["sub_event_type"],
                "dead": r.get("fatalities"),
                "injured": r.get("injured"),
                "actor / speaker": r.get("actor1"),
                "review": r.get("review_status") or "",
                "evidence": sources[0]["evidence_text"] if sources else "",
                "source": "; ".join(dict.fromkeys(source_label(s) for s in sources)),
                "lat": r["lat"],
                "lon": r["lon"],
                "document": sources[0]["document_id"] if sources else None,
            }
        )
    seen: dict[str, dict[str, Any]] = {}
    for c in claims:
        row = seen.get(c["id"])
        if row is None:
            seen[c["id"]] = {
                "ref": f"claim:{c['id']}",
                "kind": "claim",
                "date": _date_text(c.get("published")),
                "place": c["place_name"],
                "type": "Claim",
                "dead": None,
                "injured": None,
                "actor / speaker": c.get("speaker"),
                "review": c.get("review_status") or "",
                "evidence": c["evidence_text"],
                "source": c.get("source") or c.get("title") or c.get("path") or c["document_id"],
                "lat": c["lat"],
                "lon": c["lon"],
                "document": c["document_id"],
            }
        else:
            row["place"] = f"{row['place']}, {c['place_name']}"
    rows.extend(seen.values())
    columns = [
        "ref",
        "kind",
        "date",
        "place",
        "type",
        "dead",
        "injured",
        "actor / speaker",
        "review",
        "evidence",
        "source",
        "lat",
        "lon",
        "document",
    ]
    return pd.DataFrame(rows, columns=columns)


# -- article reader ------------------------------------------------------------------------
def highlighted(doc: dict[str, Any]) -> str:
    """The article as HTML, every character escaped, with its places, incidents and claims
    marked — in one sweep over the span boundaries (linear in the text and the marks)."""
    from collections import Counter, defaultdict

    text: str = doc["text"]
    marks = sorted((m["start"], m["end"], str(m["kind"])) for m in doc["mentions"])
    spans: list[tuple[int, int, str]] = [
        (i["evidence_start"], i["evidence_end"], "incident") for i in doc["incidents"]
    ]
    spans += [(c["evidence_start"], c["evidence_end"], "claim") for c in doc["claims"]]
    # Sentence-level spans become background colour; place names become bold marks inside them.
    changes: dict[int, Counter[str]] = defaultdict(Counter)
    for a, b, kind in spans:
        if a < b:
            changes[a][kind] += 1
            changes[b][kind] -= 1
    boundaries = sorted(
        {0, len(text), *changes, *[a for a, _, _ in marks], *[b for _, b, _ in marks]}
    )
    active: Counter[str] = Counter()
    parts = []
    m = 0
    for a, b in itertools.pairwise(boundaries):
        active.update(changes.get(a, Counter()))
        if a >= b:
            continue
        while m < len(marks) and marks[m][1] <= a:
            m += 1
        place = marks[m] if m < len(marks) and marks[m][0] <= a and b <= marks[m][1] else None
        piece = html.escape(text[a:b]).replace("\n", "<br>")
        style = []
        if active["incident"] > 0:
            style.append("background:#fde0dd")
        if active["claim"] > 0:
            style.append("border-bottom:2px dashed #1f78b4")
        if place:
            piece = f'<b style="color:#08519c" title="{html.escape(place[2])}">{piece}</b>'
        parts.append(f'<span style="{";".join(style)}">{piece}</span>' if style else piece)
    legend = (
        '<div style="font-size:12px;color:#555;margin-bottom:6px"><b style="color:#08519c">place</b> · '
        '<span style="background:#fde0dd">incident sentence</span> · '
        '<span style="border-bottom:2px dashed #1f78b4">claim</span></div>'
    )
    return (
        legend + '<div class="geonews-reader" style="line-height:1.6">' + "".join(parts) + "</div>"
    )


# -- ingest from the page ------------------------------------------------------------------
def ingest_panel(store: Store) -> None:
    report = st.session_state.pop("ingest_report", None)
    with st.expander("Add articles", expanded=report is not None):
        if report is not None:
            summary, failures = report
            (st.warning if failures else st.success)(summary)
            for failure in failures:
                st.error(failure)
        with st.form("ingest", clear_on_submit=True):
            files = st.file_uploader(
                "Upload .txt, .md, .html or .jsonl files (5 MB each at most)",
                type=["txt", "md", "html", "htm", "jsonl"],
                accept_multiple_files=True,
            )
            pasted = st.text_area("…or paste an article", height=120)
            cols = st.columns(2)
            published = cols[0].date_input("Published", value=None)
            source = cols[1].text_input("Source name", max_chars=200)
            submitted = st.form_submit_button("Extract and store")
        if not submitted:
            return
        items: list[tuple[str, bytes, str]] = [
            (f.name, f.getvalue(), Path(f.name).suffix.lower()) for f in files or []
        ]
        if pasted.strip():
            items.append(("pasted text", pasted.encode("utf-8"), ".txt"))
        if not items:
            st.info("Nothing to add: upload a file or paste a text.")
            return
        geoparser = get_geoparser()
        bar = st.progress(0.0, text="Reading…")
        added = skipped = 0
        errors: list[str] = []
        for n, (name, data, suffix) in enumerate(items, 1):
            try:
                if len(data) > DEFAULT_MAX_BYTES:
                    raise InputError(
                        f"{name}: {len(data) / 2**20:.1f} MiB is over the 5 MiB limit per article"
                    )
                if suffix == ".jsonl":
                    import tempfile

                    from geonews.documents import read_jsonl

                    with tempfile.NamedTemporaryFile(suffix=".jsonl") as tmp:
                        tmp.write(data)
                        tmp.flush()
                        articles = list(read_jsonl(tmp.name))
                else:
                    articles = [parse_article(data, name, suffix=suffix)]
                for article in articles:
                    if isinstance(article, InputError):
                        errors.append(str(article).replace(str(Path("/tmp")), ""))
                        continue
                    article.path = article.path if suffix != ".jsonl" else f"{name}:{article.id}"
                    if published and not article.published:
                        article.published = published.isoformat()
                    if source and not article.source:
                        article.source = source
                    result = store.ingest(article, extract(article, geoparser))
                    added += result.status == "added"
                    skipped += result.status == "skipped"
            except GeonewsError as exc:
                errors.append(str(exc))
            bar.progress(n / len(items), text=f"{n}/{len(items)} read")
        bar.empty()
        # Rerun so the counts, map and table include the new articles; the report survives it.
        st.session_state["ingest_report"] = (
            f"{added} added, {skipped} already stored, {len(errors)} failed.",
            errors,
        )
        st.cache_data.clear()
        st.rerun()


# -- time ------------------------------------------------------------------------------------
_PLAY_STEPS = {"day": 1, "week": 7}
PLAY_SECONDS = 1.5  # how long each day or week stays on the map while playing


def _set_dates(since: dt.date | None, until: dt.date | None) -> None:
    """Put a date range into the sidebar's widgets (before they are drawn in this run)."""
    st.session_state["f_use_dates"] = since is not None
    if since is not None:
        st.session_state["f_dates"] = (since, until or since)


def _brushed(selection: Any) -> tuple[dt.date, dt.date] | None:
    """The days a brush on the timeline covers (Vega gives epoch milliseconds or ISO text)."""
    try:
        # keyed by the field brushed ("yearmonthdate_day"): the only one
        (span,) = selection["selection"]["range"].values()
        low, high = span[:2]
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None

    def day(value: Any) -> dt.date:
        if isinstance(value, (int, float)):
            return dt.datetime.fromtimestamp(value / 1000, dt.UTC).date()
        return dt.date.fromisoformat(str(value)[:10])

    try:
        first, last = sorted((day(low), day(high)))
    except (ValueError, OverflowError, OSError):
        return None
    return first, last


def apply_time_controls() -> None:
    """Before the sidebar is drawn: a range brushed on the timeline, or the next step of the
    play control, becomes the date filter (and so the URL)."""
    brushed = _brushed(st.session_state.get("timeline"))
    if brushed != st.session_state.get("_timeline_applied"):
        had = st.session_state.get("_timeline_applied")
        st.session_state["_timeline_applied"] = brushed
        if brushed is not None:
            _set_dates(*brushed)
            st.session_state.pop("_play", None)
        elif had is not None:
            _set_dates(None, None)  # the brush was cleared: every day again
    play = st.session_state.get("_play")
    if play is not None:
        start = play["at"]
        _set_dates(start, start + dt.timedelta(days=_PLAY_STEPS[play["step"]] - 1))


def timeline(frame: pd.DataFrame, state: FilterState) -> None:
    """Incidents per day, stacked by event type (the map's colours); brush a range to filter
    by it; play steps the map through the days or weeks."""
    st.subheader("Timeline")
    if frame.empty:
        st.caption("No dated incidents under these filters: the timeline has nothing to show.")
        return
    days = frame.groupby(["day", "event_type"], as_index=False)["incidents"].sum()
    days["day"] = pd.to_datetime(days["day"])
    kinds = [k for k in EVENT_COLOURS if k in set(days["event_type"])]
    kinds += sorted(set(days["event_type"]) - set(kinds))
    brush = alt.selection_interval(encodings=["x"], name="range")
    chart = (
        alt.Chart(days)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(day):T", title=None),
            y=alt.Y(
                "sum(incidents):Q", title="incidents", axis=alt.Axis(tickMinStep=1, format="d")
            ),
            color=alt.Color(
                "event_type:N",
                title=None,
                scale=alt.Scale(
                    domain=kinds, range=[EVENT_COLOURS.get(k, "#999999") for k in kinds]
                ),
                legend=alt.Legend(orient="top", labelLimit=260),
            ),
            tooltip=[
                alt.Tooltip("yearmonthdate(day):T", title="day"),
                alt.Tooltip("event_type:N", title="type"),
                alt.Tooltip("incidents:Q"),
            ],
        )
        .add_params(brush)
        # the width follows the page, the plot keeps its height (legend and axes come on top)
        .properties(height=120, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    )
    with st.container(key="timeline_box"):
        st.altair_chart(
            chart, on_select="rerun", selection_mode="range", key="timeline", width="stretch"
        )
    first, last = frame["day"].min(), frame["day"].max()
    shown = (
        f"{state.since:%d %b %Y} – {state.until:%d %b %Y}"
        if state.since and state.until
        else "all days"
    )
    st.caption(
        f"Dated incidents from {first:%d %b %Y} to {last:%d %b %Y}; shown: {shown}. "
        "Drag across the chart to choose days."
    )
    c1, c2, c3 = st.columns([1, 1, 3])
    play = st.session_state.get("_play")
    if play is None:
        step = c2.selectbox(
            "Step", list(_PLAY_STEPS), key="play_step", label_visibility="collapsed"
        )
        if c1.button("▶ Play", key="play"):
            st.session_state["_play"] = {"step": step, "at": first, "last": last}
            st.rerun()
    elif c1.button("■ Stop", key="stop"):
        st.session_state.pop("_play", None)
        st.rerun()
    else:
        c3.caption(f"Playing by {play['step']}: {play['at']:%d %b %Y}")


def advance_play() -> None:
    """After the page is drawn: hold this step a moment, then the next one (or stop)."""
    play = st.session_state.get("_play")
    if play is None:
        return
    time.sleep(PLAY_SECONDS)
    following = play["at"] + dt.timedelta(days=_PLAY_STEPS[play["step"]])
    if following > play["last"]:
        st.session_state.pop("_play", None)
        return
    st.session_state["_play"] = play | {"at": following}
    st.rerun()


# -- charts ----------------------------------------------------------------------------------
def charts(incidents: list[dict[str, Any]], frame: pd.DataFrame) -> None:
    """Counts for the current filter: incidents by type, by region, the top places, and the
    records by source."""
    if frame.empty:
        return
    with st.expander("Charts for this filter", expanded=False):
        c1, c2 = st.columns(2)
        if incidents:
            by_type = pd.Series([r["sub_event_type"] for r in incidents]).value_counts()
            c1.caption("Incidents by type")
            c1.bar_chart(by_type.rename("incidents"), horizontal=True)
            regions = pd.Series(
                [
                    f"{r.get('country_code') or '?'} {r.get('admin1_code') or ''}".strip()
                    for r in incidents
                ]
            ).value_counts()
            c2.caption("Incidents by region (country, GeoNames region code)")
            c2.bar_chart(regions.head(15).rename("incidents"), horizontal=True)
            places = pd.Series([r["place_name"] for r in incidents]).value_counts()
            c1.caption("Top places (incidents)")
            c1.bar_chart(places.head(15).rename("incidents"), horizontal=True)
        sources = frame["source"].fillna("").str.split("; ").explode().value_counts()
        c2.caption("Records by source")
        c2.bar_chart(sources.head(15).rename("records"), horizontal=True)


# -- review ----------------------------------------------------------------------------------
_UNCHANGED = "(unchanged)"


def review_form(store: Store, ref: str, gazetteer: Gazetteer, report: str | None) -> None:
    """Mark the selected record verified, rejected or needs-review, with a note; correct an
    incident's place, type and counts. Kept in the audit log; a rejected record leaves the
    map and the downloads."""
    from geonews.events import SUB_EVENT_TYPES
    from geonews.review import corrected_place

    kind, record_id = ref.split(":", 1)
    with st.expander(f"Review this {kind}", expanded=report is not None):
        if report is not None:
            st.text(report)
        with st.form("review", clear_on_submit=True):
            c1, c2 = st.columns([1, 2])
            status = c1.selectbox(
                "Status", [_UNCHANGED, "verified", "rejected", "needs-review"], key="rv_status"
            )
            note = c2.text_input("Note", max_chars=2000, key="rv_note")
            place = sub_type = None
            dead = hurt = None
            if kind == "incident":
                c3, c4, c5, c6 = st.columns([2, 2, 1, 1])
                place = c3.text_input("Place (name or GeoNames id)", key="rv_place")
                sub_type = c4.selectbox("Type", [_UNCHANGED, *SUB_EVENT_TYPES], key="rv_type")
                dead = c5.number_input("Dead", min_value=0, value=None, step=1, key="rv_dead")
                hurt = c6.number_input("Injured", min_value=0, value=None, step=1, key="rv_hurt")
            who = st.text_input("Your name", max_chars=100, key="rv_who")
            if not st.form_submit_button("Save the review", key="rv_save"):
                return
        try:
            entry = store.review(
                record_id,
                who=who,
                status=None if status == _UNCHANGED else status,
                note=note.strip() or None,
                place=corrected_place(gazetteer, place) if place and place.strip() else None,
                event_type=SUB_EVENT_TYPES.get(sub_type or ""),
                sub_event_type=None if sub_type in (None, _UNCHANGED) else sub_type,
                fatalities=None if dead is None else int(dead),
                injured=None if hurt is None else int(hurt),
            )
            changed = ", ".join(f"{k}: {v}" for k, v in entry["after"].items()) or "nothing"
            st.session_state["review_report"] = f"Saved ({changed})."
        except GeonewsError as exc:
            st.session_state["review_report"] = f"Not saved: {exc}"
        st.cache_data.clear()
        st.rerun()


# -- live sources ----------------------------------------------------------------------------
def last_visit(store_url: str) -> dt.datetime | None:
    """When this store was last opened in the page (before this session), remembered beside
    a SQLite store (else in the data directory); this session's start becomes the next one."""
    import hashlib
    import json

    if "visit_since" not in st.session_state:
        from geonews.store.repo import sqlite_path

        store_file = sqlite_path(store_url)
        path = (
            Path(f"{store_file}.visits.json") if store_file else config.data_dir() / "visits.json"
        )
        key = hashlib.sha256(store_url.encode()).hexdigest()[:16]
        try:
            seen = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            seen = {}
        previous = seen.get(key) if isinstance(seen, dict) else None
        seen = seen if isinstance(seen, dict) else {}
        seen[key] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(seen), encoding="utf-8")
        except OSError:
            pass  # a read-only data directory: nothing is marked new, nothing breaks
        st.session_state["visit_since"] = previous
    previous = st.session_state["visit_since"]
    try:
        return dt.datetime.fromisoformat(previous) if previous else None
    except ValueError:
        return None


def sources_panel(store: Store) -> None:
    """Followed feeds: last poll, status, new items; add, remove, refresh now."""
    from geonews.feeds import add_feed, list_feeds, newest_article, parse_interval, remove_feed

    report = st.session_state.pop("sources_report", None)
    rows = list_feeds(store)
    with st.expander(f"Sources ({len(rows)} feeds)", expanded=report is not None):
        # Feed names, URLs and errors come from outside: shown as text, never as markup.
        newest = newest_article(store)
        st.text(f"Newest stored article: {newest or 'none yet'}")
        if report is not None:
            for line in report:
                st.text(line)
        if rows:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "feed": r["name"] or r["url"],
                            "url": r["url"],
                            "every (min)": r["every_seconds"] // 60,
                            "last poll": r["polled_at"] or "never",
                            "status": r["http_status"],
                            "new items": r["new_items"],
                            "stored": r["stored"],
                            "error": r["error"] or "",
                        }
                        for r in rows
                    ]
                ),
                hide_index=True,
                width="stretch",
                key="feeds_table",
            )
            c1, c2 = st.columns(2)
            if c1.button("Refresh now", key="feeds_refresh"):
                st.session_state["sources_report"] = _poll_now(store)
                st.cache_data.clear()
                st.rerun()
            labels = {r["url"]: r["name"] or r["url"] for r in rows}
            gone = c2.selectbox(
                "Feed", list(labels), format_func=lambda u: labels[u], key="feeds_pick"
            )
            if c2.button("Remove this feed", key="feeds_remove") and gone:
                remove_feed(store, gone)
                st.session_state["sources_report"] = [f"No longer following {gone}"]
                st.rerun()
        with st.form("feeds_add", clear_on_submit=True):
            cols = st.columns([3, 2, 1])
            url = cols[0].text_input("Feed URL (RSS or Atom)", max_chars=2000, key="feed_url")
            name = cols[1].text_input("Name (optional)", max_chars=200, key="feed_name")
            every = cols[2].text_input("Every", value="15m", max_chars=10, key="feed_every")
            if st.form_submit_button("Follow this feed", key="feed_follow") and url.strip():
                try:
                    add_feed(
                        store, url.strip(), name=name.strip() or None, every=parse_interval(every)
                    )
                    st.session_state["sources_report"] = [f"Following {url.strip()}"]
                except GeonewsError as exc:
                    st.session_state["sources_report"] = [f"Not added: {exc}"]
                st.rerun()


def _poll_now(store: Store) -> list[str]:

    from geonews.feeds import watch
    from geonews.fetch import Fetcher

    geoparser = get_geoparser()
    with (
        st.spinner("Polling the feeds…"),
        Fetcher() as fetcher,
    ):
        results = watch(
            store,
            fetcher,
            extract=lambda articles: (extract(a, geoparser) for a in articles),
            once=True,
        )
    return [
        f"{r.feed}: " + (f"error: {r.error}" if r.error else f"HTTP {r.status}, {r.new_items} new")
        for r in results
    ]


# -- the page ------------------------------------------------------------------------------
def render(app_dir: Path, store_url: str | None = None) -> None:
    st.set_page_config(page_title="geonews — news on a map", page_icon="🗺️", layout="wide")
    store_url = store_url or config.database_url()  # the cache key is the real store
    store = get_store(store_url)
    gazetteer = get_gazetteer()
    ingest_seeds(store, app_dir / "seeds")

    state = from_query_params(
        st.query_params.to_dict() | {k: st.query_params.get_all(k) for k in ("type", "subtype")}
    )
    for problem in state.problems:
        st.sidebar.warning(problem)
    version = store.version()
    options = facets(store_url, version)
    apply_time_controls()
    state = sidebar(state, options, gazetteer)

    try:
        flt = state.to_filter().with_region(gazetteer)
    except GeonewsError as exc:
        st.error(f"Filter not applied: {exc}")
        flt = Filter()
    incidents, claims, regions = query_records(store_url, version, state.cache_key(), flt)

    st.title("geonews")
    n_claims = len({c["id"] for c in claims})
    n_incidents, n_dead = totals(store_url, version, state.cache_key(), flt)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Incidents", n_incidents)
    c2.metric("Claims", n_claims)
    c3.metric("Fatalities", n_dead)
    c4.metric("Articles", version[0])

    frame = table_frame(incidents, claims)
    selected = state.selected
    table_state = st.session_state.get("records")
    if table_state and table_state.get("selection", {}).get("rows"):
        row_index = table_state["selection"]["rows"][0]
        if row_index < len(frame):
            selected = frame.iloc[row_index]["ref"]

    center = zoom = None
    if selected and selected in set(frame["ref"]):
        row = frame[frame["ref"] == selected].iloc[0]
        center, zoom = (float(row["lat"]), float(row["lon"])), 8
    elif state.country and len(frame):
        # A region filter brings its records into view.
        center = (float(frame["lat"].median()), float(frame["lon"].median()))
        zoom = 7 if state.admin1 else 5

    since = last_visit(store_url)
    new_docs = arrived_since(store_url, version, since) if since else set()
    new = {
        r["id"] for r in incidents if any(src["document_id"] in new_docs for src in r["sources"])
    }
    if new:
        st.caption(
            f"{len(new)} incidents arrived since your last visit ({since:%Y-%m-%d %H:%M} UTC): ringed on the map."
        )
    groups = record_layers(incidents, claims, region_features(incidents, claims, regions), new)
    if n_incidents > MAX_MARKERS:
        st.caption(
            f"The map draws the {MAX_MARKERS:,} most recent of {n_incidents:,} incidents as dots and "
            f"{min(n_incidents, PAGE_INCIDENTS):,} in the heat map; narrow the filters or download the data for the rest."
        )
    timeline(
        daily(store_url, version, replace(state, since=None, until=None).cache_key(), flt), state
    )
    output = st_folium(
        base_map(),  # built anew each run: streamlit-folium adds the layers to it
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=False),
        returned_objects=["last_object_clicked_popup"],
        center=list(center) if center else None,
        zoom=zoom,
        height=560,
        width=None,
        use_container_width=True,
        key="map",
    )
    clicked = (output or {}).get("last_object_clicked_popup")
    if clicked:
        m = _REF.search(str(clicked))
        if m:
            selected = f"{m[1]}:{m[2]}"

    report = st.session_state.pop("review_report", None)  # of the review just saved
    if selected and selected in set(frame["ref"]):
        row = frame[frame["ref"] == selected].iloc[0]
        with st.container(border=True):
            # Article-derived strings go through st.text: shown as typed, never as Markdown/HTML.
            st.markdown(f"**Selected {row['kind']}**")
            st.text(f"{row['place']} · {row['type']} · {row['date'] or 'undated'}")
            st.text(row["evidence"])
            st.text(f"Source: {row['source']}")
            if st.button("Open the article", key="open_selected"):
                state = replace(state, document=row["document"])
            review_form(store, str(row["ref"]), gazetteer, report)
    elif report is not None:
        st.info(
            f"{report} The record is no longer in this view (a rejected record is hidden "
            "unless “Show records a reviewer rejected” is on)."
        )
    state = replace(
        state, selected=selected if selected and selected in set(frame["ref"]) else None
    )

    st.subheader("Records")
    if len(frame) > TABLE_ROWS:
        st.caption(
            f"The table lists the first {TABLE_ROWS:,} of {len(frame):,} records; the downloads hold them all."
        )
    st.dataframe(
        frame.drop(columns=["lat", "lon", "document"]).head(TABLE_ROWS),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="records",
        column_config={"ref": None},
    )

    charts(incidents, frame)

    d1, d2 = st.columns(2)
    # Built when clicked (on its own thread), by the same code as `geonews export`.
    d1.download_button(
        "Download GeoJSON (what is shown)",
        lambda: export_records(get_store(store_url), flt, "geojson"),
        file_name="geonews.geojson",
        mime="application/geo+json",
        key="dl_geojson",
        on_click="ignore",
    )
    d2.download_button(
        "Download CSV (what is shown)",
        lambda: export_records(get_store(store_url), flt, "csv"),
        file_name="geonews.csv",
        mime="text/csv",
        key="dl_csv",
        on_click="ignore",
    )

    st.subheader("Article reader")
    # the newest articles (and the one open), never the whole store on a rerun
    documents = store.documents(limit=READER_CHOICES, include=state.document)
    if documents:
        ids = [d["id"] for d in documents]
        labels = {d["id"]: d["title"] or d["source"] or d["path"] or d["id"] for d in documents}
        current = state.document if state.document in ids else ids[0]
        chosen = st.selectbox(
            "Article",
            ids,
            index=ids.index(current),
            format_func=lambda i: labels[i],
            key="reader_doc",
        )
        state = replace(state, document=chosen)
        doc = store.document(chosen, limit=READER_SPANS)
        if doc:
            st.html(highlighted(doc))

    ingest_panel(store)
    sources_panel(store)
    st.divider()
    st.caption(ATTRIBUTION)
    legend = " · ".join(f"{name}" for name in EVENT_COLOURS)
    st.caption(f"Event types: {legend}")

    params = to_query_params(state)
    if params != {
        k: (st.query_params.get_all(k) if k in ("type", "subtype") else st.query_params.get(k))
        for k in st.query_params
    }:
        st.query_params.from_dict(params)
    advance_play()
