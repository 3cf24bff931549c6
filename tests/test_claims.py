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
    """The same speaker, a role the text gives for them ("Kyiv Mayor" for "Mayor of Kyiv"),
    evidence that holds the gold statement, every place the statement names and no place
    the gold claim does not have. Every condition always applies."""
    if claim["speaker"] != gold["speaker"]:
        return False
    if gold["role"]:
        ours, theirs = words(claim["speaker_role"]), words(gold["role"])
        if not ours or not (ours <= theirs or theirs <= ours):
            return False
    if gold["evidence"] not in claim["evidence"]["text"]:
        return False
    places = {p["name"] for p in claim["places"]}
    named = {p for p in gold["places"] if p in gold["evidence"]}
    return named <= places <= set(gold["places"])


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


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The governor of the region, Petro Marchenko, said on Tuesday that two villages lost power.",
            "Petro Marchenko",
        ),
        (
            "Two houses burned in Kupiansk, Marta Hnatiuk, the head of the district, wrote on Telegram.",
            "Marta Hnatiuk",
        ),
        (
            "This was reported by the Border Guard Service of Moldova.",
            "Border Guard Service of Moldova",
        ),
        (
            "Russia's defence ministry claimed that its troops had advanced near Lyman.",
            "Russia's defence ministry",
        ),
        (
            "According to the regional police, the shelling damaged a school in Nikopol.",
            "regional police",
        ),
        (
            "Ukrainian police stressed that the town of Orikhiv remains under fire.",
            "Ukrainian police",
        ),
        (
            "Olena Kovalchuk, a spokeswoman for the city council, told reporters the bridge in Kherson was closed.",
            "Olena Kovalchuk",
        ),
        ("The Kremlin announced that talks would resume in Istanbul.", "Kremlin"),
        # quotations attributed after them, to a name or an office, with whom it was told
        ("“Ukraine will not give up Zaporizhzhia,” Zelensky told reporters.", "Zelensky"),
        ("“We will not give up Zaporizhzhia,” the president told the BBC.", "president"),
        ("“Kherson is calm tonight,” the city's mayor said.", "mayor"),
        (
            "Crimea will never be recognised as Russian, the EU foreign policy chief stressed.",
            "chief",
        ),
    ],
)
def test_reporting_verbs_in_any_tense_and_voice(
    gazetteer: Gazetteer, text: str, speaker: str
) -> None:
    found = extract(Article(text=text, path="t"), Geoparser(gazetteer))["claims"]
    assert any(speaker.lower() in (c["speaker"] or "").lower() for c in found), found


def test_pronouns_and_statements_resolve_to_the_speaker_before(gazetteer: Gazetteer) -> None:
    text = (
        "Ivan Sydorenko, the mayor of Sumy, said drones hit a warehouse. "
        "He added that nobody was injured in Sumy. "
        "“Rescuers are still working at the site,” the post said."
    )
    found = extract(Article(text=text, path="t"), Geoparser(gazetteer))["claims"]
    assert len(found) >= 3
    assert {c["speaker"] for c in found} == {"Ivan Sydorenko"}


def test_a_quotation_over_several_sentences_is_one_claim(gazetteer: Gazetteer) -> None:
    text = (
        "“The enemy struck the port again. Three warehouses burned. We are counting the damage,” "
        "Oleh Kiper said on Telegram."
    )
    found = extract(Article(text=text, path="t"), Geoparser(gazetteer))["claims"]
    assert len(found) == 1
    assert found[0]["speaker"] == "Oleh Kiper"
    assert "counting the damage" in found[0]["text"]


def test_a_negated_report_is_no_claim(gazetteer: Gazetteer) -> None:
    text = "Kyiv has not claimed responsibility for the blast in Moscow."
    assert extract(Article(text=text, path="t"), Geoparser(gazetteer))["claims"] == []
