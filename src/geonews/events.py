"""Incident extraction, coded with ACLED's event_type / sub_event_type.

An incident is read from one sentence of reported fact (never from inside a quotation —
"5000 soldiers die every week" in a quote is part of a claim): a violence trigger ("strikes",
"attacks", "shelling", "car bomb", "clashes"), the places the sentence sets it in (one
incident per place: "targeted the cities of A, B and C"), leaving out the places that only
contain another one ("Pavlohrad in Ukraine’s Dnipropetrovsk region") and the places that act
("Ukraine reportedly targeted ..."). Casualties come from number phrases in words or digits;
vague counts ("dozens") keep their phrase and no number. The actor is the nationality or
country attached to the attack, or the actor of the incident just before it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from geonews.dates import resolve_date
from geonews.gazetteer.index import Gazetteer
from geonews.geoparse import Toponym

__all__ = ["Evidence", "Incident", "extract_incidents", "parse_count", "quote_spans"]

EXPLOSIONS = "Explosions/Remote violence"
BATTLES = "Battles"
VIOLENCE = "Violence against civilians"

_TRIGGERS = {
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "attack",
    "attacks",
    "attacked",
    "attacking",
    "shelling",
    "shelled",
    "shell",
    "shells",
    "bombing",
    "bombings",
    "bombed",
    "bomb",
    "bombs",
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "drone",
    "drones",
    "explosion",
    "explosions",
    "blast",
    "blasts",
    "clash",
    "clashes",
    "clashed",
    "fighting",
    "battle",
    "battles",
    "raid",
    "raids",
    "shooting",
    "shootings",
    "targeted",
    "struck",
    "hit",
    "pounded",
    "barrage",
    "artillery",
    "mortar",
    "mortars",
    "ied",
    "landmine",
    "grenade",
}
# (words, event_type, sub_event_type, weapon) in order of precedence
_WEAPONS: list[tuple[tuple[str, ...], str, str, str]] = [
    (
        ("suicide bomber", "suicide bombing", "suicide attack"),
        EXPLOSIONS,
        "Suicide bomb",
        "suicide bomb",
    ),
    (
        (
            "car bomb",
            "roadside bomb",
            "ied",
            "improvised explosive",
            "explosive device",
            "landmine",
            "land mine",
            "booby trap",
        ),
        EXPLOSIONS,
        "Remote explosive/landmine/IED",
        "explosive device",
    ),
    (
        (
            "drone",
            "airstrike",
            "air strike",
            "air raid",
            "warplane",
            "aircraft",
            "helicopter",
            "bomber",
            "glide bomb",
        ),
        EXPLOSIONS,
        "Air/drone strike",
        "drone/aircraft",
    ),
    (
        (
            "missile",
            "rocket",
            "artillery",
            "shelling",
            "shelled",
            "shell",
            "mortar",
            "barrage",
            "howitzer",
            "mlrs",
        ),
        EXPLOSIONS,
        "Shelling/artillery/missile attack",
        "missile/artillery",
    ),
    (("grenade",), EXPLOSIONS, "Grenade", "grenade"),
    (
        ("bomb", "bombing", "explosion", "blast"),
        EXPLOSIONS,
        "Remote explosive/landmine/IED",
        "bomb",
    ),
    (
        ("clash", "clashes", "clashed", "fighting", "battle", "firefight", "gunfight", "skirmish"),
        BATTLES,
        "Armed clash",
        "small arms",
    ),
    (
        ("shooting", "gunmen", "gunman", "shot dead", "stabbing", "massacre"),
        VIOLENCE,
        "Attack",
        "small arms",
    ),
]
_DEFAULT = (EXPLOSIONS, "Shelling/artillery/missile attack", None)

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a": 1,
    "an": 1,
    "single": 1,
}
_VAGUE = r"dozens|scores|hundreds|thousands|several|many|numerous|some|a number|multiple|a few"
_NUM = r"(?:\d[\d,]*|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a hundred|hundred|a|an)"
_QUAL = r"(?:at least |more than |over |about |around |nearly |almost |some |up to |as many as )?"
_WHO = r"(?:[a-z-]+ ){0,2}?(?:people|persons|civilians|others|soldiers|children|residents|troops|fighters|militants|police(?:men)?|officers|women|men|workers|members|more|of them)?"
_MAX_CASUALTIES = 100_000  # a larger number is a typo or a claim, not a count


def _patterns(verbs: str, adjectives: str) -> list[re.Pattern[str]]:
    return [
        re.compile(rf"\b(?:{verbs})\s+{_QUAL}(?P<n>{_NUM}|{_VAGUE})\b\s*{_WHO}", re.I),
        re.compile(
            rf"\b{_QUAL}(?P<n>{_NUM}|{_VAGUE})\s+{_WHO}\s*(?:were |have been |had been |was |are )?(?:{verbs}|{adjectives})\b",
            re.I,
        ),
    ]


_KILLED = _patterns(r"killed|killing|kills|kill|left", r"dead|died|killed")
_INJURED = _patterns(
    r"injured|injuring|wounded|wounding|hurt|injures|wounds", r"injured|wounded|hurt"
)


@dataclass
class Evidence:
    start: int
    end: int
    text: str


@dataclass
class Incident:
    event_type: str
    sub_event_type: str
    place: Toponym
    fatalities: int | None
    injured: int | None
    fatalities_raw: str | None
    injured_raw: str | None
    actor1: str | None
    actor2: str | None
    weapon: str | None
    date: dt.date | None
    time_precision: int | None
    geo_precision: int
    evidence: Evidence
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "place": {
                "name": self.place.name,
                "geonameid": self.place.geonameid,
                "lat": self.place.lat,
                "lon": self.place.lon,
                "kind": self.place.kind,
                "country_code": self.place.country_code,
                "admin1_code": self.place.admin1_code,
            },
            "fatalities": self.fatalities,
            "injured": self.injured,
            "fatalities_raw": self.fatalities_raw,
            "injured_raw": self.injured_raw,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "weapon": self.weapon,
            "date": self.date.isoformat() if self.date else None,
            "time_precision": self.time_precision,
            "geo_precision": self.geo_precision,
            "evidence": asdict(self.evidence),
            "confidence": self.confidence,
        }


def parse_count(phrase: str) -> int | None:
    """A number phrase to an int: "two" -> 2, "at least 12" -> 12, "1,200" -> 1200; vague -> None."""
    words = phrase.lower().replace("-", " ").split()
    words = [
        w
        for w in words
        if w
        not in (
            "at",
            "least",
            "more",
            "than",
            "over",
            "about",
            "around",
            "nearly",
            "almost",
            "some",
            "up",
            "to",
            "as",
            "many",
        )
    ]
    if not words:
        return None
    first = words[0].replace(",", "")
    if first.isdigit():
        value = int(first)
        return value if value <= _MAX_CASUALTIES else None
    total = 0
    for w in words:
        if w == "hundred":
            total = max(total, 1) * 100
        elif w in _NUMBER_WORDS:
            total += _NUMBER_WORDS[w]
        else:
            break
    return total or None


def _count(patterns: list[re.Pattern[str]], sentence: str) -> tuple[int | None, str | None]:
    for pattern in patterns:
        m = pattern.search(sentence)
        if m:
            raw = m.group(0).strip()
            number = m.group("n")
            if re.fullmatch(_VAGUE, number, re.I):
                return None, raw
            return parse_count(number), raw
    return None, None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (typographic or straight)."""
    spans = []
    for open_mark, close_mark in (("“", "”"), ("«", "»")):
        for m in re.finditer(
            re.escape(open_mark)
            + r"[^"
            + re.escape(close_mark)
            + r"]{1,5000}"
            + re.escape(close_mark),
            text,
        ):
            spans.append((m.start(), m.end()))
    for m in re.finditer(r'"[^"\n]{1,5000}"', text):
        spans.append((m.start(), m.end()))
    return sorted(spans)


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    mid = (start + end) // 2
    return any(a <= mid < b for a, b in spans)


def _classify(sentence: str) -> tuple[str, str, str | None]:
    """ACLED type, sub-type and weapon from the weapon words of a sentence.

    Suicide and explosive-device phrases decide outright; otherwise the weapon named first
    wins ("drone and rocket attacks" -> Air/drone strike).
    """
    lowered = sentence.lower()
    best: tuple[int, tuple[str, str, str | None]] | None = None
    for rank, (words, event_type, sub_type, weapon) in enumerate(_WEAPONS):
        hits = [m.start() for w in words for m in re.finditer(rf"\b{re.escape(w)}", lowered)]
        if not hits:
            continue
        if rank < 2:
            return event_type, sub_type, weapon
        if best is None or min(hits) < best[0]:
            best = (min(hits), (event_type, sub_type, weapon))
    return best[1] if best else _DEFAULT


class _Sentence:
    def __init__(self, span: Any, offset: int) -> None:
        self.span = span
        self.text = span.text.rstrip()
        self.start = span.start_char + offset
        self.end = self.start + len(self.text)


def _country_name(gazetteer: Gazetteer, code: str | None) -> str | None:
    if not code:
        return None
    country = gazetteer.country(code)
    return country.name if country else code


def _contains(outer: Toponym, inner: Toponym) -> bool:
    if outer.geonameid == inner.geonameid:
        return False
    if outer.kind == "country":
        return inner.country_code == outer.country_code and inner.kind != "country"
    if outer.kind == "admin1":
        return inner.kind in ("city", "other") and (inner.country_code, inner.admin1_code) == (
            outer.country_code,
            outer.admin1_code,
        )
    return False


def extract_incidents(
    docs: Iterable[tuple[int, Any]],
    toponyms: list[Toponym],
    text: str,
    gazetteer: Gazetteer,
    published: dt.date | None = None,
) -> list[Incident]:
    """Incidents of one document from its parsed pieces ``(offset, Doc)`` and toponyms."""
    quotes = quote_spans(text)
    incidents: list[Incident] = []
    last_actor: tuple[str | None, int] = (None, -10)
    sentence_index = 0
    for offset, doc in docs:
        for sent in doc.sents:
            sentence_index += 1
            s = _Sentence(sent, offset)
            if _inside(quotes, s.start, s.end):
                continue
            triggers = [t for t in sent if t.lower_ in _TRIGGERS]
            if not triggers:
                continue
            in_sentence = [t for t in toponyms if s.start <= t.start and t.end <= s.end]
            places = [t for t in in_sentence if t.kind != "demonym" and t.lat is not None]
            if not places:
                continue
            token_at = {tok.idx + offset: tok for tok in sent}
            actor = None
            kept = []
            for place in places:
                token = token_at.get(place.start)
                if token is not None and _is_actor(token):
                    if place.kind == "country" and actor is None:
                        actor = _country_name(gazetteer, place.country_code)
                    continue
                if token is not None and _is_modifier_of_person(token):
                    continue
                kept.append(place)
            kept = [p for p in kept if not any(_contains(p, q) for q in kept)]
            kept = [p for p in kept if p.kind != "country"]
            if not kept:
                continue
            if actor is None:
                for dem in (t for t in in_sentence if t.kind == "demonym"):
                    token = token_at.get(dem.start)
                    if token is not None and _modifies_trigger(token):
                        actor = _country_name(gazetteer, dem.country_code)
                        break
            if actor is None and sentence_index - last_actor[1] <= 3:
                actor = last_actor[0]
            if actor is not None:
                last_actor = (actor, sentence_index)
            event_type, sub_type, weapon = _classify(s.text)
            fatalities, fatalities_raw = _count(_KILLED, s.text)
            injured, injured_raw = _count(_INJURED, s.text)
            date, precision = resolve_date(s.text, published)
            seen: set[int | None] = set()
            for place in kept:
                if place.geonameid in seen:
                    continue
                seen.add(place.geonameid)
                geo_precision = 1 if place.kind == "city" else (2 if place.kind == "other" else 3)
                confidence = 0.55 + 0.15 * (weapon is not None) + 0.1 * (actor is not None)
                confidence += 0.1 * (fatalities is not None or injured is not None)
                confidence = round(min(0.95, confidence * (0.5 + 0.5 * place.confidence)), 3)
                incidents.append(
                    Incident(
                        event_type=event_type,
                        sub_event_type=sub_type,
                        place=place,
                        fatalities=fatalities,
                        injured=injured,
                        fatalities_raw=fatalities_raw,
                        injured_raw=injured_raw,
                        actor1=actor,
                        actor2=None,
                        weapon=weapon,
                        date=date,
                        time_precision=precision,
                        geo_precision=geo_precision,
                        evidence=Evidence(s.start, s.end, s.text),
                        confidence=confidence,
                    )
                )
    return incidents


def _is_actor(token: Any) -> bool:
    """A place acting, not a place acted on: "Ukraine reportedly targeted", "Kyiv has not claimed"."""
    head = token
    # climb a compound/possessive chain to the noun phrase head
    while head.dep_ in ("compound", "poss", "amod") and head.head is not head:
        head = head.head
    return head.dep_ in ("nsubj", "nsubjpass", "agent") or (
        head.dep_ == "pobj" and head.head.lower_ == "by"
    )


def _is_modifier_of_person(token: Any) -> bool:
    """ "Kyiv Mayor Vitali Klitschko": the place qualifies a person."""
    return bool(token.dep_ == "compound" and token.head.ent_type_ == "PERSON")


def _modifies_trigger(token: Any) -> bool:
    """ "Russian drone strikes", "new Russian attacks": the nationality of an attack."""
    head = token.head
    for _ in range(3):
        if head.lower_ in _TRIGGERS:
            return True
        if head.head is head:
            break
        head = head.head
    return False
