"""Geoparsing quality on the public dev corpora of ../shared/eval (skipped when absent).

Floors sit at what this version measured (see the closing notes); a change that loses
ground fails here.
"""

from __future__ import annotations

import pytest

from geonews.documents import Article
from geonews.evaluate import load_jsonl, score_corpus
from geonews.pipeline import extract_many

from .conftest import shared_path


def run_corpus(name: str, count_demonyms: bool) -> object:
    gold = load_jsonl(shared_path("eval", f"{name}.jsonl"))
    articles = (Article(text=d["text"], id=str(d["id"])) for d in gold)
    predicted = {r["id"]: r["toponyms"] for r in extract_many(articles, workers=2)}  # type: ignore[index]
    return score_corpus(gold, predicted, count_demonyms=count_demonyms)


@pytest.mark.slow
def test_lgl() -> None:
    s = run_corpus("lgl", count_demonyms=True)  # LGL annotates adjectival uses ("American")
    assert s.f1 >= 0.80  # type: ignore[attr-defined]
    assert s.acc161 >= 0.85  # type: ignore[attr-defined]
    assert s.geo_recall161 >= 0.65  # type: ignore[attr-defined]


@pytest.mark.slow
def test_geovirus() -> None:
    s = run_corpus("geovirus", count_demonyms=False)  # GeoVirus does not
    assert s.f1 >= 0.90  # type: ignore[attr-defined]
    assert s.geo_recall161 >= 0.70  # type: ignore[attr-defined]
