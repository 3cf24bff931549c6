"""The map, built as a pure function of the filtered records (no Streamlit here).

``base_map`` is the part that never changes (tiles, offline country outlines, legend);
``record_layers`` are the feature groups that follow the filters (incidents, claims, regions,
heat map). The page hands the latter to streamlit-folium's ``feature_group_to_add`` so a
filter change redraws the layers without remounting the map or losing its zoom.

Every text that comes from an article (place names, evidence sentences, speakers, sources)
is HTML-escaped before it reaches a popup or tooltip: an article cannot inject markup.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.plugins import FastMarkerCluster, HeatMap, MarkerCluster
from jinja2 import Template

from geonews.dashboard.assets import ASSET_URLS
from geonews.export import source_label

__all__ = ["EVENT_COLOURS", "MAX_MARKERS", "base_map", "record_layers", "record_ref"]

EVENT_COLOURS = {
    "Explosions/Remote violence": "#d7301f",
    "Battles": "#f28e2b",
    "Violence against civilians": "#7b3294",
    "Strategic developments": "#636363",
    "Protests": "#1a9850",
    "Riots": "#a6761d",
}
CLAIM_COLOUR = "#1f78b4"
NEW_COLOUR = "#ffbf00"  # the ring around what arrived since the last visit
REGION_COLOUR = "#6a3d9a"
MAX_MARKERS = 5_000  # individual markers drawn; beyond that a fast cluster of dots
MAX_DETAILED = 1_500  # markers with full popups; beyond that, a tooltip only


# folium puts popup and tooltip HTML into JavaScript template literals (`…`): a backtick
# would end the literal, "${…}" would run as code, a backslash would escape. As entities they
# show as themselves and mean nothing to JavaScript.
_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def _e(value: Any) -> str:
    """Text from an article, escaped for HTML inside a folium (JavaScript) string."""
    return html.escape("" if value is None else str(value), quote=True).translate(_TEMPLATE_LITERAL)


def record_ref(kind: str, record_id: str) -> str:
    return f"{kind}:{record_id}"


def _local(element: Any, js: dict[str, str], css: dict[str, str]) -> None:
    """Point an element's JS/CSS at the app's own static files instead of a CDN."""
    element.default_js = list(js.items())
    element.default_css = list(css.items())


class _CountryOutlines(MacroElement):
    """Country outlines fetched from the app's static files into a pane below the markers."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            if (!map.getPane('outlines')) {
                map.createPane('outlines');
                map.getPane('outlines').style.zIndex = 250;
            }
            fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(function (data) {
                L.geoJSON(data, {pane: 'outlines', interactive: false,
                    style: {color: '#8c8c8c', weight: 0.8, fillColor: '#f2efe9', fillOpacity: 0.55}}
                ).addTo(map);
            }).catch(function () {});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "CountryOutlines"
        self.url = url


class _MetricScale(MacroElement):
    """A scale bar in kilometres and metres only."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({metric: true, imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MetricScale"


def _legend_html() -> str:
    rows = "".join(
        f'<div><span style="display:inline-block;width:11px;height:11px;border-radius:50%;'
        f'background:{colour};margin-right:6px"></span>{_e(name)}</div>'
        for name, colour in EVENT_COLOURS.items()
    )
    rows += (
        f'<div><span style="display:inline-block;width:11px;height:11px;border:2px dashed {CLAIM_COLOUR};'
        f'margin-right:6px"></span>Claim (place a statement refers to)</div>'
        f'<div><span style="display:inline-block;width:11px;height:11px;border:2px dashed {CLAIM_COLOUR};'
        f'background:#fcae91;margin-right:6px"></span>Region: fill = incidents, dashed = claimed</div>'
        f'<div><span style="display:inline-block;width:9px;height:9px;border-radius:50%;'
        f'border:3px solid {NEW_COLOUR};margin-right:6px"></span>New since your last visit</div>'
        '<div style="color:#555;margin-top:3px">Circle size: fatalities</div>'
    )
    return (
        '<div id="geonews-legend" style="position:absolute;bottom:40px;left:10px;z-index:1000;'
        "background:rgba(255,255,255,.92);padding:6px 9px;border-radius:4px;font:12px sans-serif;"
        'box-shadow:0 1px 4px rgba(0,0,0,.3)"><b>Legend</b>' + rows + "</div>"
    )


def base_map(center: tuple[float, float] = (48.5, 31.0), zoom: int = 5) -> folium.Map:
    """The static part of the map: works with no internet (outlines) and with it (tiles)."""
    m = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        max_zoom=18,
        min_zoom=2,
        control_scale=False,  # folium's shows miles too: a metric one is added below
        prefer_canvas=False,
    )
    m.add_child(_MetricScale())
    # folium's popups build their HTML with jQuery; Leaflet itself needs nothing else.
    _local(
        m,
        {"leaflet": ASSET_URLS["leaflet_js"], "jquery": ASSET_URLS["jquery_js"]},
        {"leaflet_css": ASSET_URLS["leaflet_css"]},
    )
    folium.TileLayer(
        "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, control=True, max_zoom=18
    ).add_to(m)
    m.add_child(_CountryOutlines(ASSET_URLS["countries"]))
    root: Any = m.get_root()
    root.html.add_child(Element(_legend_html()))
    # The heat map is a picture, not a target: clicks go through it to the markers.
    root.header.add_child(Element("<style>.leaflet-heatmap-layer{pointer-events:none}</style>"))
    return m


def _incident_popup(row: dict[str, Any]) -> str:
    sources = row.get("sources") or []
    first = sources[0] if sources else {}
    dead = row.get("fatalities")
    hurt = row.get("injured")
    dead_text = dead if dead is not None else (row.get("fatalities_raw") or "unknown")
    hurt_text = hurt if hurt is not None else (row.get("injured_raw") or "unknown")
    date = row.get("event_date") or "undated"
    names = "; ".join(dict.fromkeys(source_label(s) for s in sources)) or "unknown source"
    return (
        f'<div class="geonews-popup" style="max-width:320px;font:13px sans-serif">'
        f"<b>{_e(row.get('sub_event_type'))}</b> — {_e(row.get('place_name'))}<br>"
        f"<small>{_e(row.get('event_type'))} · {_e(date)}</small><br>"
        f"Dead: {_e(dead_text)} · Injured: {_e(hurt_text)}<br>"
        f"Actors: {_e(row.get('actor1') or 'unknown')}{' vs ' + _e(row['actor2']) if row.get('actor2') else ''}<br>"
        f'<blockquote class="geonews-evidence" style="margin:4px 0;padding-left:6px;border-left:3px solid #ccc">'
        f"{_e(first.get('evidence_text'))}</blockquote>"
        f"<small>Source: {_e(names)} ({len(sources)} report{'s' if len(sources) != 1 else ''})</small><br>"
        f'<small style="color:#888">ref {_e(record_ref("incident", row["id"]))}</small></div>'
    )


def _claim_popup(row: dict[str, Any]) -> str:
    source = (
        row.get("source")
        or row.get("title")
        or row.get("url")
        or row.get("path")
        or row.get("document_id")
    )
    role = f" ({_e(row['speaker_role'])})" if row.get("speaker_role") else ""
    return (
        f'<div class="geonews-popup" style="max-width:320px;font:13px sans-serif">'
        f"<b>Claim</b> about {_e(row.get('place_name'))}<br>"
        f"<b>{_e(row.get('speaker') or 'unattributed')}</b>{role}<br>"
        f'<blockquote class="geonews-evidence" style="margin:4px 0;padding-left:6px;border-left:3px solid {CLAIM_COLOUR}">'
        f"{_e(row.get('evidence_text'))}</blockquote>"
        f"<small>Source: {_e(source)}</small><br>"
        f'<small style="color:#888">ref {_e(record_ref("claim", row["id"]))}</small></div>'
    )


_CHOROPLETH = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"]


def _choropleth(count: int) -> str:
    """Fill colour of a region by its number of incidents (0, 1, 2-4, 5-19, 20-99, 100+)."""
    if count <= 0:
        return "#ffffff"
    for limit, colour in zip((1, 4, 19, 99), _CHOROPLETH, strict=False):
        if count <= limit:
            return colour
    return _CHOROPLETH[-1]


def _radius(fatalities: int | None) -> float:
    return 6.0 + 2.5 * math.sqrt(max(0, fatalities or 0))


def record_layers(
    incidents: list[dict[str, Any]],
    claims: list[dict[str, Any]],
    regions: Iterable[dict[str, Any]] = (),
    new: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[folium.FeatureGroup]:
    """Feature groups for the filtered records: incidents, claims, regions, heat map, and a
    ring around each incident in ``new`` (ids: what arrived since the last visit)."""
    groups: list[folium.FeatureGroup] = []
    fresh = [r for r in incidents[:MAX_MARKERS] if r["id"] in new]
    if fresh:
        ring_group = folium.FeatureGroup(name=f"New since your last visit ({len(fresh)})")
        for r in fresh:
            folium.CircleMarker(
                location=[r["lat"], r["lon"]],
                radius=_radius(r.get("fatalities")) + 5,
                color=NEW_COLOUR,
                weight=3,
                fill=False,
                interactive=False,
            ).add_to(ring_group)
        groups.append(ring_group)

    incident_group = folium.FeatureGroup(name=f"Incidents ({len(incidents)})", show=True)
    shown = incidents[:MAX_MARKERS]
    if len(shown) > MAX_DETAILED:
        # Many points: one JS array and a callback, not one Python object per marker.
        callback = (
            "function (row) { var m = L.circleMarker(new L.LatLng(row[0], row[1]), "
            "{radius: 6, color: row[3], fillColor: row[3], fillOpacity: 0.75, weight: 1});"
            " m.bindTooltip(row[2]); return m; }"
        )
        data = [
            [
                r["lat"],
                r["lon"],
                _e(
                    f"{r['sub_event_type']} — {r['place_name']} ({r.get('event_date') or 'undated'})"
                ),
                EVENT_COLOURS.get(r["event_type"], "#444"),
            ]
            for r in shown
        ]
        cluster = FastMarkerCluster(data, callback=callback, name="incident clusters")
        _local(
            cluster,
            {"markerclusterjs": ASSET_URLS["markercluster_js"]},
            {
                "markerclustercss": ASSET_URLS["markercluster_css"],
                "markerclusterdefaultcss": ASSET_URLS["markercluster_default_css"],
            },
        )
        cluster.add_to(incident_group)
    else:
        target: Any = incident_group
        if len(shown) > 150:
            target = MarkerCluster(name="incident clusters", options={"maxClusterRadius": 40})
            _local(
                target,
                {"markerclusterjs": ASSET_URLS["markercluster_js"]},
                {
                    "markerclustercss": ASSET_URLS["markercluster_css"],
                    "markerclusterdefaultcss": ASSET_URLS["markercluster_default_css"],
                },
            )
            target.add_to(incident_group)
        for row in shown:
            colour = EVENT_COLOURS.get(row["event_type"], "#444")
            folium.CircleMarker(
                location=[row["lat"], row["lon"]],
                radius=_radius(row.get("fatalities")),
                color=colour,
                weight=2,
                fill=True,
                fill_color=colour,
                fill_opacity=0.75,
                popup=folium.Popup(_incident_popup(row), max_width=340),
                tooltip=_e(f"{row['sub_event_type']} — {row['place_name']}"),
                class_name="geonews-incident",
            ).add_to(target)
    groups.append(incident_group)

    claim_group = folium.FeatureGroup(name=f"Claims ({len({c['id'] for c in claims})})", show=True)
    for row in claims[:MAX_DETAILED]:
        folium.CircleMarker(
            location=[row["lat"], row["lon"]],
            radius=9 if row.get("place_kind") in ("admin1", "country") else 7,
            color=CLAIM_COLOUR,
            weight=2,
            dash_array="4 3",
            fill=True,
            fill_color=CLAIM_COLOUR,
            fill_opacity=0.15,
            popup=folium.Popup(_claim_popup(row), max_width=340),
            tooltip=_e(
                f"Claim by {row.get('speaker') or 'unattributed'} about {row['place_name']}"
            ),
            class_name="geonews-claim",
        ).add_to(claim_group)
    groups.append(claim_group)

    region_group = folium.FeatureGroup(name="Regions (incidents, claims)", show=True)
    for feature in regions:
        props = feature["properties"]
        n = int(props.get("incidents") or 0)
        claimed = props.get("claims") or []
        iso = str(props.get("iso_code") or f"{props['country_code']}-{props['admin1_code']}")
        classes = (
            "geonews-region "
            + ("geonews-claimed-region " if claimed else "")
            + "geonews-region-"
            + iso
        )
        style = {
            "color": CLAIM_COLOUR if claimed else REGION_COLOUR,
            "weight": 3 if claimed else 1.5,
            "dashArray": "6 4" if claimed else None,
            "fillColor": _choropleth(n),
            "fillOpacity": 0.45 if n else 0.05,
            "className": classes,
        }
        lines = [f"<b>{_e(props['name'])}</b> ({_e(iso)})", f"Incidents: {n}"]
        if claimed:
            lines.append(f"Claims about this region ({len(claimed)}):")
            lines += [
                f"• <b>{_e(c['speaker'] or 'unattributed')}</b>: {_e(c['text'])}"
                for c in claimed[:10]
            ]
        shape = folium.GeoJson(
            {"type": "Feature", "geometry": feature["geometry"], "properties": {}},
            style_function=lambda _f, style=style: style,
            highlight_function=lambda _f: {"weight": 4},
            tooltip=_e(f"{props['name']}: {n} incident(s), {len(claimed)} claim(s)"),
            name=str(props["name"]),
        )
        popup_html = (
            '<div style="max-width:340px;font:13px sans-serif">' + "<br>".join(lines) + "</div>"
        )
        folium.Popup(popup_html, max_width=360).add_to(shape)
        shape.add_to(region_group)
    groups.append(region_group)

    if incidents:
        heat_group = folium.FeatureGroup(name="Heat map (incidents)", show=False)
        step = max(1, len(incidents) // 20_000)
        points = [[r["lat"], r["lon"], 1.0 + (r.get("fatalities") or 0)] for r in incidents[::step]]
        heat = HeatMap(points, radius=18, blur=15, min_opacity=0.3)
        _local(heat, {"leaflet-heat.js": ASSET_URLS["heat_js"]}, {})
        heat.add_to(heat_group)
        groups.append(heat_group)
    return groups
