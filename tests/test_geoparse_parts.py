"""Candidate generation, recognition and resolution, each on its own."""

from __future__ import annotations

from geonews.gazetteer import Gazetteer
from geonews.gazetteer.normalize import normalize
from geonews.geoparse.candidates import CandidateFinder
from geonews.geoparse.model import _Mention
from geonews.geoparse.recognition import Recognizer
from geonews.geoparse.resolution import WEIGHTS, Resolver
from geonews.nlp import load_pipeline


class _Finder(CandidateFinder):
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer


class _Resolver(Resolver):
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.weights = WEIGHTS


class _Recognizer(Recognizer):
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer


def test_candidates_without_spacy(gazetteer: Gazetteer) -> None:
    finder = _Finder(gazetteer)
    assert finder._focus_place("Avdiivka", frozenset({"UA"}))
    assert not finder._focus_place("Avdiivka", frozenset({"US"}))  # not the article's country
    assert not finder._focus_place("Black Sea", frozenset({"UA"}))  # common words
    assert [p.kind for p in finder._candidates("Kan.")][:1] == ["admin1"]
    assert finder._candidates("Kan") == [] or finder._candidates("Kan")[0].kind != "admin1"


def _mention(text: str, start: int, token: int) -> _Mention:
    return _Mention(
        start=start,
        end=start + len(text),
        tok_start=token,
        tok_end=token + 1,
        text=text,
        key=normalize(text),
        source="ner",
    )


def test_resolution_of_hand_built_mentions(gazetteer: Gazetteer) -> None:
    paris, texas = _mention("Paris", 0, 0), _mention("Texas", 7, 2)
    paris.containers.append(texas)
    texas.contained.append(paris)
    resolved = {t.name: t for t in _Resolver(gazetteer)._resolve([paris, texas])}
    assert (resolved["Paris"].country_code, resolved["Paris"].admin1_code) == ("US", "TX")
    alone = _Resolver(gazetteer)._resolve([_mention("Paris", 0, 0)])
    assert alone[0].country_code == "FR"


def test_recognition_of_a_parsed_sentence(gazetteer: Gazetteer) -> None:
    doc = load_pipeline()("Russian forces shelled Avdiivka and the Krasnopilska community.")
    mentions = _Recognizer(gazetteer)._recognise(doc, 0, frozenset({"UA", "RU"}))
    assert {m.text for m in mentions} >= {"Russian", "Avdiivka", "Krasnopilska"}
    assert next(m for m in mentions if m.text == "Russian").demonym is not None
