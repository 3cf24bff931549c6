"""Claims of the seed article against its gold: speakers in full, roles, places."""

from __future__ import annotations

import re
from typing import Any

import pytest

from geonews.documents import Article
from geonews.gazetteer import Gazetteer
from geonews.geoparse import Geoparser
from geonews.pipeline import extract

from .conftest import GOLD, SEED

_STOP = {"of", "the", "s", "administration"}


def words(text: str | None) -> set[str]:
    return {
        w
        for w in re.findall(r"[a-z]+", (text or "").lower().replace("’", "'").replace("'s", ""))
        if w not in _STOP
    }


@pytest.fixture(scope="module")
def claims(gazetteer: Gazetteer) -> list[dict[str, Any]]:
    return extract(Article(text=SEED, path="seed"), Geoparser(gazetteer))["claims"]


def matches(gold: dict[str, Any], claim: dict[str, Any]) -> bool:
    if claim["speaker"] != gold["speaker"]:
        return False
    if not words(gold["role"]) <= words(claim["speaker_role"]):
        return False
    places = sorted(p["name"] for p in claim["places"])
    return (gold["evidence"] in claim["evidence"]["text"] and places == sorted(gold["places"])) or (
        bool(gold["places"]) and places == sorted(gold["places"])
    )


def test_at_least_eight_of_nine_gold_claims(claims: list[dict[str, Any]]) -> None:
    found = [g for g in GOLD["claims"] if any(matches(g, c) for c in claims)]
    missing = [g["speaker"] + ": " + g["gist"] for g in GOLD["claims"] if g not in found]
    assert len(found) >= 8, missing


def test_surnames_and_pronouns_resolve_to_full_names(claims: list[dict[str, Any]]) -> None:
    speakers = {c["speaker"] for c in claims}
    assert {
        "Vitali Klitschko",
        "J.D. Vance",
        "Sergei Lavrov",
        "Donald Trump",
        "Serhiy Lysak",
    } <= speakers
    assert not speakers & {"Klitschko", "He", "Lavrov", "Trump"}


def test_a_quote_over_several_sentences_is_one_claim(claims: list[dict[str, Any]]) -> None:
    quote = next(c for c in claims if "surrender of part of the territory" in c["text"])
    assert quote["speaker"] == "Vitali Klitschko"
    assert "temporary peace" in quote["text"]
    assert SEED[quote["evidence"]["start"] : quote["evidence"]["end"]] == quote["evidence"]["text"]


def test_claim_places_exclude_the_speaker_phrase(claims: list[dict[str, Any]]) -> None:
    lavrov = [c for c in claims if c["speaker"] == "Sergei Lavrov"]
    assert lavrov and all(p["name"] != "Russia" for c in lavrov for p in c["places"])
