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

__all__ = ["Scores", "load_jsonl", "match_document", "score_corpus"]

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


def score_corpus(
    gold_docs: Sequence[Mapping[str, Any]],
    predictions: Mapping[str, list[Mapping[str, Any]]],
    *,
    system: str = "geonews",
    count_demonyms: bool = False,
) -> Scores:
    """Score predictions (document id -> toponyms) against gold documents."""
    n_gold = n_pred = 0
    errors: list[float] = []
    for doc in gold_docs:
        gold = _with_coords(doc.get("toponyms", []))
        pred = _with_coords(predictions.get(str(doc["id"]), []))
        if not count_demonyms:
            pred = [p for p in pred if p.get("kind") != "demonym"]
        n_gold += len(gold)
        n_pred += len(pred)
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
