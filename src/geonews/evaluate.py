"""Geoparsing metrics, EUPEG protocol (Wang & Hu 2019).

A predicted toponym matches a gold one when their midpoints are less than 10 characters apart
and their lower-cased strings are equal (each used once). Predictions without coordinates
are dropped first. P, R and F1 are over spans; Acc@161 is the share of matched toponyms
resolved within 161 km of gold; AUC is the trapezoid area under the sorted
ln(1 + error) / ln(20039) curve divided by n − 1 (lower is better); geo-recall@161 is
matched-and-within-161-km over all gold toponyms.
"""

from __future__ import annotations

import itertools
import json
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from geonews.errors import QueryError
from geonews.gazetteer.index import haversine_km

__all__ = [
    "EventScores",
    "Scores",
    "load_jsonl",
    "match_document",
    "match_overlap",
    "score_corpus",
    "score_events",
]

_MAX_ERROR_KM = 20039.0


@dataclass
class Scores:
    system: str
    documents: int
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    acc161: float
    mean_km: float
    median_km: float
    auc: float
    geo_recall161: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_jsonl(path: Path | str) -> list[dict[str, Any]]:
    rows = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise QueryError(f"{path}:{number}: not JSON ({exc.msg})") from exc
    return rows


def _with_coords(toponyms: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [t for t in toponyms if t.get("lat") is not None and t.get("lon") is not None]


def match_document(
    gold: list[Mapping[str, Any]], predicted: list[Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """Pairs (gold, predicted) under the EUPEG matching rule."""
    used: set[int] = set()
    pairs = []
    for g in sorted(gold, key=lambda t: t["start"]):
        g_mid = (g["start"] + g["end"]) / 2
        g_name = str(g["name"]).lower()
        best = None
        for i, p in enumerate(predicted):
            if i in used or str(p["name"]).lower() != g_name:
                continue
            distance = abs((p["start"] + p["end"]) / 2 - g_mid)
            if distance < 10 and (best is None or distance < best[0]):
                best = (distance, i)
        if best is not None:
            used.add(best[1])
            pairs.append((g, predicted[best[1]]))
    return pairs


def match_overlap(
    gold: list[Mapping[str, Any]], predicted: list[Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """Pairs (gold, predicted) whose spans overlap ("Sumy Oblast" for "Sumy"), each used once.

    Among overlapping predictions the one whose name equals gold's, then the nearest, wins.
    """
    used: set[int] = set()
    pairs = []
    for g in sorted(gold, key=lambda t: t["start"]):
        g_name = str(g["name"]).lower()
        best: tuple[int, float, int] | None = None
        for i, p in enumerate(predicted):
            if i in used or p["start"] >= g["end"] or g["start"] >= p["end"]:
                continue
            key = (
                0 if str(p["name"]).lower() == g_name else 1,
                abs((p["start"] + p["end"]) / 2 - (g["start"] + g["end"]) / 2),
                i,
            )
            if best is None or key < best:
                best = key
        if best is not None:
            used.add(best[2])
            pairs.append((g, predicted[best[2]]))
    return pairs


def _resolved(g: Mapping[str, Any], p: Mapping[str, Any]) -> float:
    """The error in km, 0 when the GeoNames ids agree."""
    if g.get("geonameid") and g.get("geonameid") == p.get("geonameid"):
        return 0.0
    return haversine_km(float(g["lat"]), float(g["lon"]), float(p["lat"]), float(p["lon"]))


def score_corpus(
    gold_docs: Sequence[Mapping[str, Any]],
    predictions: Mapping[str, list[Mapping[str, Any]]],
    *,
    system: str = "geonews",
    count_demonyms: bool = False,
    matching: str = "strict",
) -> Scores:
    """Score predictions (document id -> toponyms) against gold documents.

    ``matching`` is "strict" (EUPEG: equal names, midpoints < 10 characters apart) or
    "overlap" (WARNEWS: overlapping spans). Under "overlap" a toponym also counts as resolved
    when its GeoNames id equals gold's.
    """
    n_gold = n_pred = 0
    errors: list[float] = []
    for doc in gold_docs:
        gold = _with_coords(doc.get("toponyms", []))
        pred = _with_coords(predictions.get(str(doc["id"]), []))
        if not count_demonyms:
            pred = [p for p in pred if p.get("kind") != "demonym"]
        n_gold += len(gold)
        n_pred += len(pred)
        if matching == "overlap":
            errors.extend(_resolved(g, p) for g, p in match_overlap(gold, pred))
            continue
        for g, p in match_document(gold, pred):
            errors.append(
                haversine_km(float(g["lat"]), float(g["lon"]), float(p["lat"]), float(p["lon"]))
            )
    matched = len(errors)
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    within = sum(1 for e in errors if e < 161)
    if len(errors) > 1:
        ys = sorted(math.log(1 + e) / math.log(_MAX_ERROR_KM) for e in errors)
        auc = sum((a + b) / 2 for a, b in itertools.pairwise(ys)) / (len(ys) - 1)
    else:
        auc = 0.0
    return Scores(
        system=system,
        documents=len(gold_docs),
        gold=n_gold,
        predicted=n_pred,
        matched=matched,
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
        acc161=round(within / matched, 4) if matched else 0.0,
        mean_km=round(statistics.fmean(errors), 1) if errors else 0.0,
        median_km=round(statistics.median(errors), 1) if errors else 0.0,
        auc=round(auc, 4),
        geo_recall161=round(within / n_gold, 4) if n_gold else 0.0,
    )


def format_table(rows: list[Scores]) -> str:
    header = f"{'system':<16} {'P':>6} {'R':>6} {'F1':>6} {'Acc@161':>8} {'mean km':>8} {'med km':>7} {'AUC':>6} {'geoR@161':>8}"
    lines = [header, "-" * len(header)]
    for s in rows:
        lines.append(
            f"{s.system:<16} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.acc161:>8.3f} "
            f"{s.mean_km:>8.1f} {s.median_km:>7.1f} {s.auc:>6.3f} {s.geo_recall161:>8.3f}"
        )
    return "\n".join(lines)


# -- incidents and claims (WARNEWS protocol) -----------------------------------------------
# ACLED sub-event types onto the WARNEWS incident types.
_TYPE_OF_SUB_EVENT = {
    "Air/drone strike": "air_drone_strike",
    "Shelling/artillery/missile attack": "missile_artillery_shelling",
    "Remote explosive/landmine/IED": "remote_explosive",
    "Suicide bomb": "remote_explosive",
    "Grenade": "other_violence",
    "Armed clash": "armed_clash",
    "Government regains territory": "armed_clash",
    "Non-state actor overtakes territory": "armed_clash",
    "Attack": "attack_on_civilians",
    "Abduction/forced disappearance": "attack_on_civilians",
    "Sexual violence": "attack_on_civilians",
}
INCIDENT_RADIUS_KM = 25.0


def incident_type(event: Mapping[str, Any]) -> str:
    """The WARNEWS type of a predicted incident (its ACLED sub-event type mapped)."""
    if event.get("event_type") == "Strategic developments":
        return "strategic_development"
    return _TYPE_OF_SUB_EVENT.get(str(event.get("sub_event_type")), "other_violence")


def _actor_key(actor: object) -> str:
    text = str(actor or "").lower().strip()
    return text[4:] if text.startswith("the ") else text


@dataclass
class EventScores:
    system: str
    documents: int
    gold_incidents: int
    predicted_incidents: int
    matched_incidents: int
    incident_precision: float
    incident_recall: float
    incident_f1: float
    type_right: float
    casualties_exact: float
    casualties_counted: int
    actor_right: float
    gold_claims: int
    predicted_claims: int
    claim_speaker_recall: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _incident_close(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    place = p.get("place") or {}
    if g.get("geonameid") and g.get("geonameid") == place.get("geonameid"):
        return True
    if None in (g.get("lat"), g.get("lon"), place.get("lat"), place.get("lon")):
        return False
    return (
        haversine_km(float(g["lat"]), float(g["lon"]), float(place["lat"]), float(place["lon"]))
        <= INCIDENT_RADIUS_KM
    )


def match_incidents(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """Gold incidents in file order, each with the first unused close predicted incident."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and _incident_close(g, p):
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def score_events(
    gold_docs: Sequence[Mapping[str, Any]],
    predictions: Mapping[str, Mapping[str, Any]],
    *,
    system: str = "geonews",
) -> EventScores:
    """Incident and claim scores of extraction records (document id -> record)."""
    n_gold = n_pred = matched = type_right = actor_right = 0
    counted = exact = 0
    gold_claims = pred_claims = speakers_found = 0
    for doc in gold_docs:
        record = predictions.get(str(doc["id"]), {})
        events = list(record.get("events", []))
        n_gold += len(doc.get("events", []))
        n_pred += len(events)
        for g, p in match_incidents(doc.get("events", []), events):
            matched += 1
            type_right += incident_type(p) == g.get("type")
            actor_right += _actor_key(p.get("actor1")) == _actor_key(g.get("actor"))
            given = [k for k in ("fatalities", "injured") if g.get(k) is not None]
            if given:
                counted += 1
                exact += all(p.get(k) == g[k] for k in given)
        speakers = [str(c.get("speaker") or "").lower() for c in record.get("claims", [])]
        pred_claims += len(speakers)
        for claim in doc.get("claims", []):
            gold_claims += 1
            words = str(claim.get("speaker") or "").lower().split()
            if words and any(words[-1] in s for s in speakers):
                speakers_found += 1
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    return EventScores(
        system=system,
        documents=len(gold_docs),
        gold_incidents=n_gold,
        predicted_incidents=n_pred,
        matched_incidents=matched,
        incident_precision=round(precision, 4),
        incident_recall=round(recall, 4),
        incident_f1=round(2 * precision * recall / (precision + recall), 4)
        if precision + recall
        else 0.0,
        type_right=round(type_right / matched, 4) if matched else 0.0,
        casualties_exact=round(exact / counted, 4) if counted else 0.0,
        casualties_counted=counted,
        actor_right=round(actor_right / matched, 4) if matched else 0.0,
        gold_claims=gold_claims,
        predicted_claims=pred_claims,
        claim_speaker_recall=round(speakers_found / gold_claims, 4) if gold_claims else 0.0,
    )


def format_event_table(rows: list[EventScores]) -> str:
    header = (
        f"{'system':<16} {'inc P':>6} {'inc R':>6} {'inc F1':>6} {'type':>6} {'casualt':>7} "
        f"{'actor':>6} {'claimR':>6}   gold/pred/matched"
    )
    lines = [header, "-" * len(header)]
    for s in rows:
        lines.append(
            f"{s.system:<16} {s.incident_precision:>6.3f} {s.incident_recall:>6.3f} "
            f"{s.incident_f1:>6.3f} {s.type_right:>6.3f} {s.casualties_exact:>7.3f} "
            f"{s.actor_right:>6.3f} {s.claim_speaker_recall:>6.3f}   "
            f"{s.gold_incidents}/{s.predicted_incidents}/{s.matched_incidents}"
        )
    return "\n".join(lines)
