"""Incidents of one document, coded with ACLED's event_type / sub_event_type.

The model is document-level. Each sentence is read for *event predicates*: a verb or noun
that reports violence ("shelled", "the strike", "explosions", "clashes", "shot down",
"captured"), checked against its dependency context so that threats, plans, hypotheticals,
negations, history, statistics over weeks and non-military senses ("prices hit a record",
"Shell shares") are not incidents. A predicate's places are the toponyms of its sentence that
are neither containers of another place there ("Stepnohirsk, Vasylivka district"), nor actors
("Ukraine reportedly targeted"), nor parts of a person's title. Mentions of one incident
across sentences — a title, the first report, a casualty update, damage — become one incident
per (most specific place, type, day): a sentence with a predicate but no place continues the
incident before it, and casualty counts that name no place are added to the incident they
follow, later totals replacing earlier ones ("rose to 8").

The type follows the weapon named nearest the place ("drone" -> Air/drone strike); an
interception or shoot-down, a claimed capture and an arrest are Strategic developments; ground
fighting is an Armed clash; shooting or abducting civilians without heavy weapons is an Attack
on civilians. The actor is the side the text names for the attack ("Russian forces", "Ukraine
reportedly targeted"); "the enemy" is the other side of the war from the place attacked; an
interception is attributed to whoever sent what was shot down.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import Any

from geonews import lexicon
from geonews.casualties import CasualtyMention, Tally, casualty_mentions
from geonews.casualties import parse_count as parse_count
from geonews.dates import resolve_date
from geonews.gazetteer.index import Gazetteer, haversine_km
from geonews.geoparse import Toponym

__all__ = [
    "SUB_EVENT_TYPES",
    "Evidence",
    "Incident",
    "extract_incidents",
    "parse_count",
    "quote_spans",
]

EXPLOSIONS = "Explosions/Remote violence"
BATTLES = "Battles"
VIOLENCE = "Violence against civilians"
STRATEGIC = "Strategic developments"
# ACLED sub-event types of the political-violence event types, each with its event type
SUB_EVENT_TYPES = {
    **dict.fromkeys(
        (
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
            "Suicide bomb",
        ),
        EXPLOSIONS,
    ),
    **dict.fromkeys(
        ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
        BATTLES,
    ),
    **dict.fromkeys(("Attack", "Abduction/forced disappearance", "Sexual violence"), VIOLENCE),
    **dict.fromkeys(
        (
            "Disrupted weapons use",
            "Non-violent transfer of territory",
            "Arrests",
            "Looting/property destruction",
            "Headquarters or base established",
            "Agreement",
            "Change to group/activity",
            "Other",
        ),
        STRATEGIC,
    ),
}
# WARNEWS type -> (ACLED event_type, sub_event_type, weapon label)
_ACLED: dict[str, tuple[str, str, str | None]] = {
    "air_drone_strike": (EXPLOSIONS, "Air/drone strike", "drone/aircraft"),
    "missile_artillery_shelling": (
        EXPLOSIONS,
        "Shelling/artillery/missile attack",
        "missile/artillery",
    ),
    "remote_explosive": (EXPLOSIONS, "Remote explosive/landmine/IED", "explosive device"),
    "armed_clash": (BATTLES, "Armed clash", "small arms"),
    "attack_on_civilians": (VIOLENCE, "Attack", "small arms"),
    "strategic_development": (STRATEGIC, "Other", None),
    "other_violence": (EXPLOSIONS, "Shelling/artillery/missile attack", None),
}
# incident types whose attacker a war report leaves implied: fire from across the front
_ACROSS_THE_FRONT = {"air_drone_strike", "missile_artillery_shelling", "armed_clash"}
_STRATEGIC_SUBTYPES = {
    "capture": "Non-violent transfer of territory",
    "intercept": "Disrupted weapons use",
    "arrest": "Arrests",
}
# Belligerents of the wars news about this project's region names most, used only when an
# article itself names no other side: the war is the default reading of "the enemy".
_DEFAULT_OPPONENT = {"UA": "RU", "RU": "UA"}


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


# -- reading one sentence -------------------------------------------------------------------
@dataclass
class _Predicate:
    token: Any
    kind: str  # attack | clash | capture | intercept | arrest | civilian
    start: int  # document offset


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    text: str
    span: Any
    offset: int
    predicates: list[_Predicate] = field(default_factory=list)
    places: list[Toponym] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)
    weapons: list[tuple[int, str]] = field(default_factory=list)  # (doc offset, type)
    actor: str | None = None  # country code or group name named as the attacker
    enemy: bool = False  # "the enemy", "occupiers"
    quoted: bool = False
    non_event: bool = False
    war_report: bool = False  # the article reports fighting: "fighting" there is not a metaphor
    earlier_event: bool = False  # recalls an older attack ("a previous strike on 26 November")

    @cached_property
    def token_at(self) -> dict[int, Any]:
        """The sentence's tokens by document offset (where a toponym starts)."""
        return {tok.idx + self.offset: tok for tok in self.span}


# one-word weapon names, for reading a parse token by token
_WEAPON_WORDS = frozenset(w for _, words in lexicon.WEAPONS for w in words if " " not in w)
_WEAPON_RES = [
    (
        kind,
        re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
            r"(?!\s+(?:alerts?|alarms?|sirens?|warnings?|shelters?))",
            re.I,
        ),
    )
    for kind, words in lexicon.WEAPONS
]
_STATISTIC = re.compile("|".join(lexicon.STATISTIC_PHRASES), re.I)
_ECONOMY = re.compile(
    r"\b(?:prices?|shares?|stocks?|percent|per\s+cent|record\s+high|record\s+low|gdp|inflation|currency|revenue|profits?|investors?|bonds?|tariffs?|stock\s+market|trading)\b",
    re.I,
)
_METAPHOR_OBJECTS = {
    "corruption",
    "crime",
    "poverty",
    "disease",
    "cancer",
    "inflation",
    "fire",
    "wildfire",
    "fires",
    "record",
    "high",
    "low",
    "audience",
    "audiences",
    "headline",
    "headlines",
    "note",
    "notes",
    "chord",
    "market",
    "shelves",
    "target",
    "targets",
    "milestone",
    "jackpot",
    "deal",
}
# ... which a weapon can hit too: "a missile hit a market", "artillery shelled a market"
_PLACES_TOO = {"market", "target", "targets"}


def _place_hit(verb: Any, noun: Any) -> bool:
    """Is a metaphor's object a place a weapon hit? Always after a verb only weapons do
    ("shelled a market"); after any verb whose subject is a weapon, unless the object is
    "the market" alone ("the new drone hit the market": the idiom)."""
    if _lemma(noun) not in _PLACES_TOO:
        return False
    if _lemma(verb) in ("shell", "bomb", "bombard"):
        return True
    if [c.lower_ for c in noun.children] == ["the"]:
        return False
    return any(
        c.dep_ in ("nsubj", "nsubjpass")
        and any(t.lower_ in _WEAPON_WORDS for t in c.subtree)
        and not any(t.lower_ in ("maker", "makers", "company", "firm", "shares") for t in c.subtree)
        for c in verb.children
    )


_HISTORY = re.compile(
    r"\b(?:anniversary|years?\s+ago|decades?\s+ago|in\s+the\s+(?:19|20)\d0s|world\s+war|commemorat\w*|memorial|remember\w*|massacre\s+of\s+\d{4}|(?:19|20)\d\d\s+(?:counter-?offensive|offensive|invasion|campaign))\b",
    re.I,
)
# "Read also: …", "See also: …": a link to another story, not this one's report
_CROSS_REFERENCE = re.compile(
    r"^\s*(?:read\s+also|read\s+more|see\s+also|also\s+read|related|more\s+on\s+the\s+topic)\s*:",
    re.I,
)
# "Since the truce ended, …", "Since Monday morning, …": a tally over a period
_SINCE = re.compile(r"^\W*since\b", re.I)
_YEAR = re.compile(r"\b(19[4-9]\d|20[0-4]\d)\b")
_AIR_THREAT = re.compile(r"\b(?:drones?|uavs?|missiles?|shaheds?|rockets?|aircraft|bombs?)\b", re.I)


def _lemma(token: Any) -> str:
    return str(token.lemma_).lower()


def _governors(token: Any, depth: int = 4) -> list[Any]:
    chain = []
    head = token
    for _ in range(depth):
        if head.head is head:
            break
        head = head.head
        chain.append(head)
    return chain


def _clause_verb(token: Any) -> Any:
    """The verb whose clause the token belongs to (itself when it is a verb)."""
    head = token
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            return head
        head = head.head
    return head


_UNREAL_NOUNS = {
    "threat",
    "warning",
    "risk",
    "danger",
    "possibility",
    "fear",
    "plan",
    "goal",
    "aim",
    "objective",
    "intention",
    "prospect",
    "purpose",
    "ambition",
    "call",
    "demand",
}
_REAL_GOVERNORS = {
    "attempt",
    "try",
    "continue",
    "begin",
    "start",
    "manage",
    "resume",
    "keep",
    "force",  # "were forced to withdraw": it happened
    "compel",
    "oblige",
}


def _last_year(token: Any) -> bool:
    """ "last year", "the previous year", "two years earlier": a time long past."""
    if token.lower_ not in ("year", "years") or token.dep_ not in ("npadvmod", "tmod", "obl"):
        return False
    return any(c.lower_ in ("last", "previous", "earlier", "ago") for c in token.children) or (
        token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in ("earlier", "ago")
    )


def _is_unreal(token: Any) -> bool:
    """A threat, plan, hypothesis, denial or negation rather than something that happened."""
    verb = _clause_verb(token)
    for node in (token, verb):
        for child in node.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ == "aux" and child.lower_ in lexicon.MODALS:
                return True
            # "plans to strike", "threatened to attack" — but "attempted to storm" was tried
            if (
                child.dep_ == "aux"
                and child.lower_ == "to"
                and node.tag_ == "VB"
                and _lemma(node.head) not in _REAL_GOVERNORS
                and (
                    _lemma(node.head) in lexicon.HYPOTHETICAL_GOVERNORS
                    or node.dep_ in ("xcomp", "advcl", "acl", "relcl")
                )
            ):
                return True
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether", "lest"):
                return True
            if child.dep_ == "advmod" and child.lower_ in lexicon.GENERIC_FREQUENCY:
                return True
            if child.dep_ == "det" and child.lower_ in ("no", "any"):
                return True
            if child.dep_ in ("amod", "compound") and child.lower_ in (
                "possible",
                "potential",
                "planned",
                "future",
                "imminent",
                "alleged",
                "hypothetical",
                "former",
                "retaliatory",
                "massive-scale",
            ):
                return True
    if verb is not token and _lemma(verb) in lexicon.HYPOTHETICAL_GOVERNORS:
        return True  # "preparing a counteroffensive", "threatened strikes"
    for node in (verb, *_governors(verb, 2)):
        if any(_last_year(c) for c in node.children):
            return True  # "a town the enemy took last year", "a battle last year"
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "det" and c.lower_ in ("no", "neither") for c in child.children
        ):
            return True  # "No missiles hit Lviv"
    for gov in _governors(verb, 3):
        if _lemma(gov) in lexicon.HYPOTHETICAL_GOVERNORS and gov.pos_ == "VERB":
            return True
        if any(c.dep_ == "neg" for c in gov.children) and _lemma(gov) in (
            "say",
            "claim",
            "confirm",
            "report",
        ):
            return True
    # "the threat of strikes", "warnings of attacks", "its goal of seizing the region"
    if token.dep_ in ("pobj", "pcomp") and token.head.lower_ in ("of", "for"):
        noun = token.head.head
        if _lemma(noun) in _UNREAL_NOUNS:
            return True
    return verb.tag_ in ("VBZ", "VBP") and _lemma(verb) in ("continue",) and False


_AIR_THREATS = {
    "drone",
    "uav",
    "missile",
    "shahed",
    "rocket",
    "aircraft",
    "helicopter",
    "target",
    "bomb",
    "plane",
    "jet",
    "projectile",
    "geran",
}


def _intercepts(token: Any) -> bool:
    """ "shot down 40 drones", "drones were destroyed by air defence", "intercepted missiles"."""
    lemma = _lemma(token)
    if lemma == "shoot" and not any(c.lower_ == "down" for c in token.children):
        return False
    if lemma not in (
        "intercept",
        "down",
        "shoot",
        "destroy",
        "neutralize",
        "neutralise",
        "thwart",
        "foil",
    ):
        return False
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "nsubj")]
    for obj in objects:
        words = {_lemma(t) for t in obj.subtree} | {t.lower_ for t in obj.subtree}
        if words & _AIR_THREATS or any(w.startswith(("shahed", "drone", "uav")) for w in words):
            if obj.dep_ == "nsubj" and lemma != "down":
                continue  # "drones destroyed a house": the drones attacked
            return True
    return False


def _armed(verb: Any) -> bool:
    """ "launched missiles", "dropped bombs", "fired at the village", "fired from artillery"."""
    for child in verb.children:
        words = {t.lower_ for t in child.subtree}
        if child.dep_ in ("dobj", "nsubjpass") and (
            words & _WEAPON_WORDS or words & {"attack", "attacks", "strike", "strikes"}
        ):
            return True
        target = next((c for c in child.children if c.dep_ == "pobj"), None)
        if child.dep_ == "prep" and (
            (
                child.lower_ in ("at", "on", "upon")
                and target is not None
                and target.ent_type_ not in ("DATE", "TIME")
            )
            or (child.lower_ in ("from", "with") and words & _WEAPON_WORDS)
        ):
            return True
    return False


def _military(sentence: _Sentence, token: Any) -> bool:
    """Does the sentence (or a war report around it) give an ambiguous predicate its
    military sense?"""
    if sentence.weapons or sentence.war_report:
        return True
    lowered = sentence.text.lower()
    cues = lexicon.MILITARY_CUES - {_lemma(token), token.lower_}
    return any(re.search(rf"\b{re.escape(c)}\b", lowered) for c in cues) or bool(sentence.enemy)


_EARLIER_WORDS = {"previous", "earlier", "prior", "past", "former"}
_NOT_TERRITORY = {
    "prisoner",
    "soldier",
    "serviceman",
    "servicemen",
    "troops",
    "fighter",
    "equipment",
    "tank",
    "vehicle",
    "weapon",
    "ammunition",
    "trophy",
    "drone",
}
_STATE_ADVERBS = {
    "temporarily",
    "illegally",
    "partially",
    "partly",
    "still",
    "currently",
    "formerly",
}


_GOAL_OF_ADVANCE = re.compile(
    r"\b(?:advance|advances|advancing|push|pushing|drive|offensive|march)\s+"
    r"(?:on|toward|towards|to|against)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}$",
    re.I,
)
_DEBRIS_WORDS = {"debris", "wreckage", "fragment", "fragments", "shrapnel"}


def _said_of_debris(token: Any) -> bool:
    """ "debris fell on …", "debris from a drone falling onto …" (the small parser often
    misses the subject: a debris word a few words before will do)."""
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if token.dep_ == "acl":
        subjects.append(token.head)
    before = token.doc[max(token.sent.start, token.i - 6) : token.i]
    return any(t.lower_ in _DEBRIS_WORDS for t in [*subjects, *before])


# An arrest is an event when it is about the war or politics: sabotage, treason, spying,
# collaboration, security services, the enemy — not an ordinary crime
_SECURITY_CASE = re.compile(
    r"\b(?:treason|sabotag\w*|saboteurs?|spy|spies|spying|espionage|terror\w*|collaborat\w*"
    r"|SBU|FSB|security\s+service|intelligence|enemy|occupiers?|Russian|Ukrainian|military"
    r"|army|soldiers?|extremis\w*|protest\w*|activists?|journalists?|opposition|agents?"
    r"|partisans?|drones?|explosives?|weapons?|arson)\b",
    re.I,
)
_ACCIDENT_WORDS = {"gas", "boiler", "methane", "accidental", "household"}


_PEOPLE_WORDS = {
    "man", "woman", "men", "women", "child", "children", "boy", "girl", "person", "people",
    "civilian", "resident", "villager", "driver", "farmer", "volunteer", "teacher", "worker",
    "prisoner", "captive", "soldier", "serviceman", "pensioner", "family", "teenager",
    "journalist", "priest", "doctor", "official", "mayor", "activist", "student", "local",
}  # fmt: skip
_UNARMED_SIDES = {
    "protester", "demonstrator", "fan", "supporter", "politician", "lawmaker", "deputy",
    "student", "activist", "official", "minister", "party", "union", "worker",
}  # fmt: skip


def _done_to_people(verb: Any) -> bool:
    """ "soldiers shot two civilians", "a man was stabbed", "fired at residents": a verb of
    violence against civilians needs people as its object (or no object to judge by)."""
    targets = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    targets += [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in ("at", "on")
        for g in c.children
        if g.dep_ == "pobj"
    ]
    if not targets:
        return True
    return any(
        t.ent_type_ in ("PERSON", "NORP")
        or _lemma(t) in _PEOPLE_WORDS
        or t.lower_ in ("him", "her", "them", "who")
        or t.like_num
        for t in targets
    )


def _unarmed_clash(token: Any) -> bool:
    """ "protesters clashed with police", "clashed verbally": a quarrel or a brawl, no battle."""
    verb = token if token.pos_ == "VERB" else token.head
    if any(c.lower_ in ("verbally", "politically", "diplomatically") for c in verb.children):
        return True
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and _lemma(c) in _UNARMED_SIDES for c in verb.children
    )


def _predicates(sentence: _Sentence) -> list[_Predicate]:
    found: list[_Predicate] = []
    for token in sentence.span:
        lemma = _lemma(token)
        lower = token.lower_
        kind = None
        if token.pos_ == "PROPN" and lemma not in ("shelling",):
            continue  # "Shell shares", "Strike Group"
        if token.pos_ == "VERB" and _intercepts(token):
            kind = "intercept"
        elif (
            lemma in lexicon.CAPTURE_VERBS
            and token.pos_ == "VERB"
            and token.dep_ not in ("amod", "acl", "compound")
        ):
            if lemma == "take" and not any(
                c.lower_ in ("control",) for c in token.subtree if c.i > token.i
            ):
                continue
            if token.i > 0 and token.nbor(-1).lower_ in _STATE_ADVERBS:
                continue  # "temporarily occupied Melitopol": a state, not a capture
            kind = "capture"
        elif lemma in lexicon.WITHDRAW_VERBS and token.pos_ in ("VERB", "NOUN"):
            kind = "capture"  # a withdrawal: the other side's gain
        elif lemma in lexicon.ARREST_VERBS and token.pos_ == "VERB":
            if not _SECURITY_CASE.search(sentence.text):
                continue  # "police arrested a man for stealing a bicycle": a crime, no event
            kind = "arrest"
        elif lemma == "repel" and token.pos_ == "VERB":
            # "repelled a drone attack": the attack, of its weapon; "repelled assaults": fighting
            repelled = {t.lower_ for c in token.children if c.dep_ == "dobj" for t in c.subtree}
            kind = "attack" if repelled & _WEAPON_WORDS else "clash"
        elif lemma in lexicon.CIVILIAN_ATTACK_VERBS and token.pos_ == "VERB":
            if lemma == "shoot" and any(c.lower_ == "down" for c in token.children):
                continue  # shot down something that is not an air threat
            if not _done_to_people(token):
                continue  # "shot a deer", "executed the plan": no person harmed
            kind = "civilian"
        elif lemma in lexicon.CLASH_WORDS:
            if lemma == "storm" and token.pos_ != "VERB":
                continue  # "a storm flooded the streets": weather; troops "stormed" a town
            if _unarmed_clash(token):
                continue  # "protesters clashed verbally with officials": no fighting
            kind = "clash"
        elif (
            lemma in ("enter", "advance", "push", "break")
            and token.pos_ == "VERB"
            and any(
                c.dep_ == "nsubj"
                and _lemma(c) in ("force", "troops", "troop", "army", "unit", "soldier")
                for c in token.children
            )
        ):
            kind = "clash"  # "the troops entered the eastern suburbs of the town"
        elif lemma == "fall" and token.pos_ == "VERB" and _said_of_debris(token):
            kind = "attack"  # "debris of a drone fell onto a house": the attack got through
        elif lemma in ("die", "affect") and token.pos_ == "VERB":
            kind = "casualty"  # "a driver died after the shelling", "two villages were affected"
        elif (
            (lemma in lexicon.VIOLENCE_VERBS and token.pos_ == "VERB")
            or (lemma in lexicon.VIOLENCE_NOUNS and token.pos_ == "NOUN")
            or lower in ("shelling", "airstrike", "airstrikes", "bombardment", "shelled")
        ):
            kind = "attack"
        if kind is None:
            continue
        if lemma in ("kill", "injure", "wound", "damage", "destroy") and kind == "attack":
            kind = "casualty"
        if lemma in lexicon.AMBIGUOUS_PREDICATES or lower in lexicon.AMBIGUOUS_PREDICATES:
            if not _military(sentence, token):
                continue
            objects = [c for c in token.children if c.dep_ in ("dobj", "attr", "pobj")]
            if any(_lemma(o) in _METAPHOR_OBJECTS and not _place_hit(token, o) for o in objects):
                continue
            if (
                lemma == "fire"
                and token.pos_ == "NOUN"
                and not re.search(
                    r"\b(?:under|came\s+under|opened|artillery|enemy|mortar|tank)\s+(?:\w+\s+)?fire\b",
                    sentence.text,
                    re.I,
                )
            ):
                continue
            if (
                lemma in ("strike",)
                and token.pos_ == "NOUN"
                and any(
                    c.lower_ in ("hunger", "general", "labour", "labor", "workers", "rail")
                    for c in token.children
                )
            ):
                continue
        if lemma in ("explosion", "blast", "explode") and any(
            t.lower_ in _ACCIDENT_WORDS for t in token.subtree
        ):
            continue  # "a gas explosion in an apartment block": an accident, no attack
        if lemma in ("launch", "drop", "fire") and token.pos_ == "VERB" and not _armed(token):
            continue  # "launched its operation", "dropped the charges"
        if token.pos_ == "NOUN" and token.dep_ == "compound" and kind != "clash":
            continue  # "attack drones", "strike group", "air raid sirens": a kind of thing
        if _is_unreal(token):
            continue
        if token.pos_ == "NOUN" and any(
            c.dep_ == "amod" and c.lower_ in _EARLIER_WORDS for c in token.children
        ):
            sentence.earlier_event = True
            continue  # "comes after an earlier drone strike on the town": another, older one
        if kind == "capture" and any(
            c.dep_ == "dobj" and _lemma(c) in _NOT_TERRITORY for c in token.children
        ):
            continue  # "captured Russian prisoners": people or arms taken, not ground
        found.append(_Predicate(token, kind, token.idx + sentence.offset))
    # "thwarted a drone attack": the attack named as what was stopped is the interception
    stopped = {
        t.i for p in found if p.kind == "intercept" for t in p.token.subtree if t is not p.token
    }
    return [p for p in found if p.kind == "intercept" or p.token.i not in stopped]


# -- places, actors and types -----------------------------------------------------------------
_UNIT_WORDS = ("district", "raion", "rayon", "community", "hromada", "municipality", "county")


def _word_after(text: str, place: Toponym) -> str:
    words = text[place.end : place.end + 20].lower().split()
    return words[0].strip(",.;:") if words else ""


def _contains(outer: Toponym, inner: Toponym, text: str = "") -> bool:
    """Does ``outer`` only locate ``inner`` (a region, district or community around it)?"""
    if outer is inner or (outer.geonameid is not None and outer.geonameid == inner.geonameid):
        return False
    if (
        text
        and outer.kind == "city"
        and inner.kind == "city"
        and _word_after(text, outer) in _UNIT_WORDS
        and (outer.start > inner.end or _word_after(text, inner) in ("village", "settlement"))
        and _follows_as_container(outer, inner)
        and not _conjoined(text, outer, inner)
        and None not in (outer.lat, outer.lon, inner.lat, inner.lon)
        and haversine_km(outer.lat, outer.lon, inner.lat, inner.lon) < 60  # type: ignore[arg-type]
    ):
        # "Stepnohirsk, Vasylivka district", "in Vasylivka district, Hlyboke village": the
        # district named after its town
        return True
    if inner.kind in ("country", "demonym"):
        return False
    if outer.kind == "country":
        return inner.country_code == outer.country_code
    if outer.kind == "admin1":
        return inner.kind != "admin1" and (inner.country_code, inner.admin1_code) == (
            outer.country_code,
            outer.admin1_code,
        )
    if outer.kind in ("admin2", "other", "district") and inner.kind in ("city", "other"):
        if None in (outer.lat, outer.lon, inner.lat, inner.lon):
            return False
        return (
            outer.country_code == inner.country_code
            and haversine_km(outer.lat, outer.lon, inner.lat, inner.lon) < 60  # type: ignore[arg-type]
            and _follows_as_container(outer, inner)
        )
    return False


_ONLY_NEAR = re.compile(
    r"[\s,]*(?:(?:village|town|settlement)\s+)?(?:near|outside|close\s+to|not\s+far\s+from)\s+"
    r"(?:the\s+)?(?:(?:city|town)\s+of\s+)?",
    re.I,
)


def _only_near(text: str, reference: Toponym, place: Toponym) -> bool:
    """ "Hlyboke village near Kupiansk": the town only says where the village is."""
    gap = reference.start - place.end
    return (
        reference is not place
        and 0 < gap <= 30
        and bool(_ONLY_NEAR.fullmatch(text, place.end, reference.start))
    )


def _with_conjoined(s: _Sentence, places: list[Toponym]) -> list[Toponym]:
    """The places of a clause and those conjoined to them past a clause break: "shelled X
    and the Y community" — Y is shelled too."""
    token_at = s.token_at
    chosen = {token_at[p.start].i for p in places if p.start in token_at}
    extended = list(places)
    for place in s.places:
        token = token_at.get(place.start)
        if place in places or token is None:
            continue
        for _ in range(3):
            if token.dep_ not in ("compound", "amod") or token.head is token:
                break
            token = token.head
        while token.dep_ == "conj" and token.head is not token and token.i not in chosen:
            token = token.head
        if token.i in chosen:
            extended.append(place)
    return sorted(extended, key=lambda p: p.start)


_CONTRAST = re.compile(
    r",\s+(?:while|whereas)\s+(?!(?:in|on|at|inside|near|still|also|not)\b|\w+ing\b)", re.I
)


def _contrasted(text: str, at: int, place: Toponym) -> bool:
    """ "Two drones were downed near a town, while a third was spotted over the X
    region": a place past ", while" is another clause's, not the predicate's."""
    a, b = sorted((at, place.start))
    return bool(_CONTRAST.search(text, a, b))


def _in_relative_clause(s: _Sentence, pred: _Predicate, place: Toponym) -> bool:
    """A place in a relative clause of its own that reports no violence ("a grain terminal
    in Reni, which farmers use to ship wheat to Galati") is not where the attack was."""
    token = s.token_at.get(place.start)
    if token is None:
        return False
    predicates = {p.token.i for p in s.predicates}
    for node in token.ancestors:
        if node.dep_ == "relcl":
            # its own subject ("which farmers use"), not the thing described ("the fall of
            # which set a house on fire", "that hit the X village")
            own_subject = any(
                c.dep_ in ("nsubj", "nsubjpass")
                and not any(t.tag_ in ("WDT", "WP", "WP$") for t in c.subtree)
                for c in node.children
            )
            return own_subject and node.i not in predicates and pred.token not in node.subtree
    return False


def _conjoined(text: str, a: Toponym, b: Toponym) -> bool:
    """ "attacked Nikopol and the Pokrovske community": two targets, neither locates the other."""
    first, second = (a, b) if a.start < b.start else (b, a)
    return bool(re.search(r"\b(?:and|or)\b", text[first.end : second.start]))


def _follows_as_container(outer: Toponym, inner: Toponym) -> bool:
    # "Kruhliakivka, Kupiansk district" / "in Bohodukhiv district, Tymofiivka village"
    return abs(outer.start - inner.end) < 40 or abs(inner.start - outer.end) < 40


_DASH = re.compile(r"\s[-–—]\s|;")


def _is_actor(token: Any) -> bool:
    """A place acting, not a place acted on: "Ukraine reportedly targeted", "Kyiv has not claimed"."""
    head = token
    while head.dep_ in ("compound", "poss", "amod") and head.head is not head:
        head = head.head
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in (
        "suffer",
        "come",
        "be",
        "remain",
        "see",
        "record",
        "experience",
        "endure",
        "face",
    ):
        return False  # "Kherson region suffered 20 shelling incidents", "Sumy came under fire"
    if head.dep_ == "nsubjpass":
        return False  # "Nikopol was shelled"
    if head.dep_ == "nsubj" and _DASH.search(
        token.doc[min(token.i, head.head.i) : max(token.i, head.head.i)].text
    ):
        return False  # "near Hlyboke village - shells hit twice": a list entry, not a subject
    return head.dep_ in ("nsubj", "agent") or (head.dep_ == "pobj" and head.head.lower_ == "by")


_SIDE_WORDS = {"regime", "authorities", "government", "forces", "troops", "army", "military"}


def _in_title(token: Any) -> bool:
    """ "Kyiv Mayor Vitali Klitschko", "Kharkiv regional governor": the place qualifies a person."""
    if token.dep_ == "compound" and token.head.ent_type_ == "PERSON":
        return True
    if token.dep_ in ("compound", "poss") and token.head.lower_ in _SIDE_WORDS:
        return True  # "the Kyiv regime's attempt", "Moscow's forces"
    head = token.head
    return bool(
        head.lemma_.lower()
        in (
            "mayor",
            "governor",
            "head",
            "administration",
            "police",
            "official",
            "officials",
            "authorities",
            "council",
            "prosecutor",
            "court",
        )
        and token.dep_ in ("compound", "amod", "nmod", "poss")
    )


def _weapon_type(sentence: _Sentence, at: int, scope: tuple[int, int] | None = None) -> str | None:
    """The weapon named nearest the offset ``at`` within the clause around it (then sentence)."""
    weapons = sentence.weapons
    if scope is not None:
        inside = [w for w in weapons if scope[0] <= w[0] < scope[1]]
        if inside:
            weapons = inside
    if not weapons:
        return None
    for kind, _ in lexicon.WEAPONS[:1]:
        if any(w[1] == kind for w in weapons):
            return kind
    return min(weapons, key=lambda w: w[0] if scope is not None else abs(w[0] - at))[1]


_CLAUSE_BREAK = re.compile(
    r";|:|\s[—–-]\s|,\s+(?:while|whereas|but)\s|,?\s+and\s+(?=(?:in|on|at|near|the|a|an)\s)|\.\s|\swhile\s"
)


def _weapon_clause(sentence: _Sentence, at: int) -> tuple[int, int]:
    """The clause around ``at`` when it names a weapon, else the stretch between semicolons:
    "near Hlyboke village - two hits, probably from mortars; near ...": the weapon of each
    listed village follows it in its own part of the list."""
    clause = _clause(sentence, at)
    if any(clause[0] <= w[0] < clause[1] for w in sentence.weapons):
        return clause
    local = at - sentence.start
    start = sentence.text.rfind(";", 0, local) + 1
    end = sentence.text.find(";", local)
    return sentence.start + start, sentence.start + (end if end >= 0 else len(sentence.text))


def _clause(sentence: _Sentence, at: int) -> tuple[int, int]:
    """The clause of a sentence around a document offset."""
    local = at - sentence.start
    start, end = 0, len(sentence.text)
    for m in _CLAUSE_BREAK.finditer(sentence.text):
        if m.end() <= local:
            start = m.end()
        elif m.start() >= local:
            end = m.start()
            break
    return sentence.start + start, sentence.start + end


# -- the document ---------------------------------------------------------------------------
@dataclass
class _Draft:
    type: str
    place: Toponym
    sentence: _Sentence
    kind: str
    actor: str | None
    enemy: bool
    date: dt.date | None
    precision: int | None
    tally: Tally = field(default_factory=Tally)
    explicit_actor: bool = False
    seen_at: int = -1  # the last sentence that reports it

    def __post_init__(self) -> None:
        self.seen_at = self.sentence.index


class _Document:
    def __init__(
        self,
        docs: Sequence[tuple[int, Any]],
        toponyms: list[Toponym],
        text: str,
        gazetteer: Gazetteer,
        published: dt.date | None,
    ) -> None:
        self.text = text
        self.gazetteer = gazetteer
        self.published = published
        self.toponyms = sorted(toponyms, key=lambda t: t.start)
        self.quotes = quote_spans(text)
        self.sentences: list[_Sentence] = []
        for offset, doc in docs:
            for sent in doc.sents:
                for span in _lines(sent):
                    body = span.text.rstrip()
                    if not body.strip():
                        continue
                    start = span.start_char + offset
                    self.sentences.append(
                        _Sentence(len(self.sentences), start, start + len(body), body, span, offset)
                    )
        self.countries = Counter[str]()
        for t in self.toponyms:
            if t.country_code and t.kind in ("country", "demonym"):
                self.countries[t.country_code] += 1
        years = [int(y) for y in _YEAR.findall(text)]
        self.reference_year = published.year if published else (max(years) if years else None)

    @cached_property
    def main_weapon(self) -> str | None:
        """The weapon type the article names most in its attacks (read once its sentences are
        read): drones shot down are not the weapon of an attack that got through."""
        counts = Counter(w[1] for s in self.sentences if not _only_intercepts(s) for w in s.weapons)
        return counts.most_common(1)[0][0] if counts else None

    def country_name(self, code: str | None) -> str | None:
        if not code:
            return None
        country = self.gazetteer.country(code)
        return country.name if country else code

    def opponent(self, code: str | None) -> str | None:
        """The other side of the war from a country: the other side of a war known to be going
        on, else the other country the article names most ("certified to US standards" in a
        report from Ukraine does not make the US the attacker)."""
        if code in _DEFAULT_OPPONENT:
            return _DEFAULT_OPPONENT[code]
        for other, _ in self.countries.most_common():
            if other != code:
                return other
        return _DEFAULT_OPPONENT.get(code or "")


def _lines(sent: Any) -> list[Any]:
    """A spaCy sentence cut at line breaks: a headline, a dateline and a caption are not one sentence."""
    if "\n" not in sent.text:  # most sentences: no need to look at each token
        return [sent] if sent.text.strip() else []
    pieces = []
    first = sent.start
    for token in sent:
        if "\n" in token.text_with_ws[len(token.text) :] or (token.is_space and "\n" in token.text):
            if token.i + 1 > first:
                pieces.append(sent.doc[first : token.i + 1])
            first = token.i + 1
    if first < sent.end:
        pieces.append(sent.doc[first : sent.end])
    return [p for p in pieces if p.text.strip()]


_DATELINE = re.compile(
    r"^\s*(?:date\s+\d{4}-\d\d-\d\d\s+)?(?:[A-Z][\w’'.-]*(?:[ /-][A-Z][\w’'.-]*)*)"
    r"(?:,\s*[A-Z][\w .]+)*\s*(?:\(|•|—|–|-\s|:)"
)
# "40 miles west of Moscow", "north of Donetsk": a landmark that locates, not the place hit
_REFERENCE = re.compile(
    r"(?:\b(?:miles?|km|kilomet(?:re|er)s?)\s+)?(?:north|south|east|west|north-?east|north-?west"
    r"|south-?east|south-?west|outside)(?:ern)?\s+of\s+(?:the\s+)?"
    # "12 km south of the frontline city of X"
    r"(?:(?:[\w’'-]+\s+){0,3}?(?:town|city|village|settlement|hub|capital)\s+of\s+)?$",
    re.I,
)
_COAST_OF = re.compile(r"\b(?:coast|shore|shores|bank|banks)\s+of\s+(?:the\s+)?$", re.I)
# "the Pokrovsk direction", "the Kharkiv sector": a stretch of front named after a town
_SECTOR_WORDS = ("direction", "directions", "sector", "sectors", "axis")


def _last_token_start(s: _Sentence, place: Toponym) -> int:
    """Offset of the last token of a place name ("Tserkva" of "Bila Tserkva")."""
    last = place.start
    for tok in s.span:
        start = tok.idx + s.offset
        if place.start <= start < place.end:
            last = start
    return last


def _is_dateline(s: _Sentence, place: Toponym) -> bool:
    """ "LVIV (Wire) —", "Odesa • Agency", "Kyiv/Warsaw, Poland, May 3 (Wire)": where it was filed."""
    m = _DATELINE.match(s.text)
    return m is not None and place.end - s.start <= m.end()


def _not_incident_place(document: _Document, place: Toponym) -> bool:
    """A landmark that only locates another place ("40 miles west of Moscow") or a river
    named after its city ("the Dnipro River")."""
    before = document.text[max(0, place.start - 80) : place.start]
    if _word_after(document.text, place) in ("river", "sea", "lake", "reservoir", "bay", "canal"):
        return True
    if place.kind == "physical" and _COAST_OF.search(before):
        return True  # "recreation centres on the coast of the X Sea": where the targets stand
    return bool(_REFERENCE.search(before))


def _is_sector(document: _Document, place: Toponym) -> bool:
    """ "the Pokrovsk direction": a stretch of front, the place only when nothing nearer is named."""
    after = document.text[place.end : place.end + 20].lower().split()
    return bool(after) and after[0].strip(",.;") in _SECTOR_WORDS


# "the car of an official was blown up", "blew up his vehicle", "a car exploded": a car bomb
_CAR_BLOWN_UP = re.compile(
    r"\b(?:car|vehicle|automobile|suv|jeep|minivan)s?\b[^.;:]{0,40}?\b(?:was|were|had\s+been|"
    r"has\s+been|got)\s+blown\s+up\b|\bblew\s+up\s+(?:[\w’'-]+\s+){0,3}?(?:car|vehicle|"
    r"automobile|suv|jeep|minivan)\b|\bcar\s+(?:blew\s+up|exploded|explosion)\b|\bblown-up\s+car\b",
    re.I,
)
_DROPPED = re.compile(r"\s+(?:(?:was|were|being)\s+)?dropped\b", re.I)


def _read_sentence(document: _Document, s: _Sentence) -> None:
    text = s.text
    s.quoted = any(a <= s.start and s.end <= b + 1 for a, b in document.quotes)
    for kind, pattern in _WEAPON_RES:
        for m in pattern.finditer(text):
            if _DEBRIS.match(text, m.end()):
                continue  # "shelling with debris": what fell after an interception, not guns
            if m.group(0).lower().startswith("tank") and _STORAGE.search(text, 0, m.start()):
                continue  # "a fuel storage tank": what was hit, not a weapon
            if kind == "remote_explosive" and _DROPPED.match(text, m.end()):
                kind = "air_drone_strike"  # "a charge let fall by a quadcopter"
            s.weapons.append((s.start + m.start(), kind))
    for m in _CAR_BLOWN_UP.finditer(text):
        if any(w < s.start + m.start() and k != "remote_explosive" for w, k in s.weapons):
            continue  # "a drone blew up a car": the drone's strike
        s.weapons.append((s.start + m.start(), "remote_explosive"))
    s.weapons.sort()
    s.enemy = any(tok.lower_ in lexicon.ENEMY_WORDS for tok in s.span)
    in_sentence = [t for t in document.toponyms if s.start <= t.start and t.end <= s.end]
    token_at = s.token_at
    # the attacker named in the sentence: the side attached to an attack word wins over the
    # side attached to troops, and troops that only hold ground ("occupied by Russian forces")
    # attack nothing
    best: tuple[int, str] | None = None
    for t in in_sentence:
        token = token_at.get(t.start)
        if token is None or not t.country_code:
            continue
        strength = 0
        if t.kind == "demonym":
            strength = _attack_modifier(token)
            if not strength and _names_the_target(token):
                # "a Russian fuel depot was destroyed": the other side struck
                opponent = document.opponent(t.country_code)
                if opponent and (best is None or best[0] < 1):
                    best = (1, opponent)
                continue
        elif t.kind == "country" and _is_actor(token) and _attack_subject(token):
            strength = 2
        if re.search(
            r"\bblam\w*\s+(?:\w+\s+){0,2}$", text[: t.start - s.start]
        ):  # "who blamed Russian troops for the blast"
            strength = 3
        if strength and (best is None or strength > best[0]):
            best = (strength, t.country_code)
    s.actor = best[1] if best else None
    places = []
    for t in in_sentence:
        if t.kind in ("demonym", "country") or t.lat is None:
            continue
        token = token_at.get(t.start)
        if token is not None:
            last = token_at.get(_last_token_start(s, t), token)
            if _is_actor(last) or _in_title(last):
                continue
        if _is_dateline(s, t) or _not_incident_place(document, t):
            continue
        if _EARLIER_EVENT.search(document.text, max(0, t.start - 60), t.start):
            continue  # "days since the fall of X": an earlier event, named in passing
        places.append(t)
    places = [p for p in places if not any(_contains(p, q, document.text) for q in places)]
    places = [p for p in places if not any(_only_near(document.text, p, q) for q in places)]
    # a front sector ("the Pokrovsk direction"), a sea, river or colloquial region is the
    # place only when the sentence names nothing more specific
    specific = [
        p for p in places if not _is_sector(document, p) and p.kind not in ("physical", "other")
    ]
    s.places = specific or places
    s.casualties = casualty_mentions(text)
    for c in s.casualties:
        c.start += s.start
        c.end += s.start
    s.casualties += _counts_at_places(document.text, s)
    lowered = text.lower()
    # an aside in brackets ("(over 400 shells per day)") does not make the sentence a statistic
    unbracketed = re.sub(r"\([^()]*\)", " ", lowered)
    if (
        _STATISTIC.search(unbracketed)
        and not _ONE_VICTIM.search(text)  # "a 64-year-old man was hurt …": one incident
        and not re.search(r"(?:past|last)\s+(?:day|24\s+hours|night)", lowered)
    ):
        s.non_event = True
    if _HISTORY.search(text) or _CROSS_REFERENCE.match(text) or _SINCE.match(text):
        s.non_event = True
    if document.reference_year is not None:
        years = [int(y) for y in _YEAR.findall(text)]
        if years and max(years) < document.reference_year:
            s.non_event = True
    if _ECONOMY.search(text) and not s.weapons and not s.enemy:
        s.non_event = True
    s.predicates = [] if s.non_event else _predicates(s)


_COUNT_IN = re.compile(r"(?:^|[\s,(])(?P<n>[\w-]+)\s+(?:more\s+|others?\s+)?in\s+(?:the\s+)?$")


_EARLIER_EVENT = re.compile(
    r"\b(?:after|since|following|before)\s+(?:the\s+)?(?:fall|capture|loss|seizure|liberation)"
    r"\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$",
    re.I,
)
_STORAGE = re.compile(r"\b(?:fuel|oil|storage|water|gas|petrol|diesel|septic)\s+$", re.I)
_DEBRIS = re.compile(
    r"\s+(?:with|by|from)\s+(?:the\s+)?(?:falling\s+)?(?:debris|wreckage|fragments)\b", re.I
)
_ONE_VICTIM = re.compile(r"\b\d{1,3}-year-old\b", re.I)


def _counts_at_places(text: str, s: _Sentence) -> list[CasualtyMention]:
    """ "50 hurt in the city, besides 17 in X and nine in Y": bare numbers
    before "in <place>", after a count of the dead or injured, are more of that count."""
    found: list[CasualtyMention] = []
    for place in s.places:
        before = [c for c in s.casualties if c.end <= place.start and c.value is not None]
        if not before:
            continue
        m = _COUNT_IN.search(text, max(before[-1].end, place.start - 30), place.start)
        value = parse_count(m.group("n")) if m else None
        if m is None or value is None or m.start("n") < before[-1].end:
            continue
        start = m.start("n")
        found.append(
            CasualtyMention(
                before[-1].kind, value, "plain", m.group("n"), start, start + len(m.group("n"))
            )
        )
    return found


def _attack_modifier(token: Any) -> int:
    """How surely a nationality names the attacker: 2 for "Russian drone strikes", "Ukrainian
    shelling"; 1 for "Russian forces"; 0 for "occupied by Russian forces", "Russian-held"."""
    head = token
    for _ in range(3):
        if head.head is head:
            break
        if head.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj") and head is not token:
            break
        head = head.head
        lemma = _lemma(head)
        if (
            lemma in lexicon.VIOLENCE_NOUNS
            or lemma in lexicon.VIOLENCE_VERBS
            or lemma in lexicon.CLASH_WORDS
            or head.lower_ in _WEAPON_WORDS
            or lemma in ("shelling", "bombardment", "sabotage", "saboteur", "aviation")
        ):
            return 0 if _holds_ground(head) else 2
        if lemma in (
            "force",
            "troops",
            "army",
            "military",
            "soldier",
            "occupier",
            "invader",
            "aggression",
            "unit",
            "attacker",
            "militant",
            "fighter",
            "navy",
            "fleet",
        ):
            if head.dep_ == "nsubj" and _lemma(head.head) in lexicon.REPORTING_VERBS:
                return 0  # "the Ukrainian air force said": who reports, not who attacked
            return 0 if _holds_ground(head) else 1
    return 0


_TARGET_VERBS = {"destroy", "damage", "hit", "strike", "attack", "shell", "bomb", "target"}


def _names_the_target(token: Any) -> bool:
    """ "Russian depots were destroyed", "struck a Russian airbase": the nationality of what
    was hit."""
    head = token
    while head.dep_ in ("amod", "compound") and head.head is not head:
        head = head.head
    if head is token:
        return False
    verb = head.head
    if head.dep_ == "nsubjpass" or (head.dep_ == "dobj" and verb.pos_ == "VERB"):
        return _lemma(verb) in _TARGET_VERBS
    return False


def _holds_ground(noun: Any) -> bool:
    """ "occupied by Russian forces", "controlled by Russian troops": no attack named."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "by":
        verb = noun.head.head
        return _lemma(verb) in ("occupy", "control", "hold", "seize", "annex", "capture")
    return False


def _attack_subject(token: Any) -> bool:
    head = token
    while head.dep_ in ("compound", "poss", "amod") and head.head is not head:
        head = head.head
    verb = head.head
    lemma = _lemma(verb)
    return (
        lemma in lexicon.VIOLENCE_VERBS
        or lemma in lexicon.CAPTURE_VERBS
        or lemma in ("launch", "carry", "conduct", "use", "send", "fire")
        or (head.dep_ == "pobj" and head.head.lower_ == "by")
    )


def extract_incidents(
    docs: Iterable[tuple[int, Any]],
    toponyms: list[Toponym],
    text: str,
    gazetteer: Gazetteer,
    published: dt.date | None = None,
) -> list[Incident]:
    """Incidents of one document from its parsed pieces ``(offset, Doc)`` and toponyms."""
    document = _Document(list(docs), toponyms, text, gazetteer, published)
    war = _is_war_report(document)
    for s in document.sentences:
        s.war_report = war
        _read_sentence(document, s)
    drafts = _drafts(document)
    drafts = _drop_intercepted_attacks(_drop_containers(drafts))
    drafts = _drop_village_counts(drafts)
    drafts.sort(key=lambda d: (d.sentence.index, d.place.start))  # in the order of the text
    _assign_actors(document, drafts)
    return [_finish(d) for d in drafts]


_WAR_CUE = re.compile(
    r"\b(?:drones?|missiles?|rockets?|shells?|shelling|shelled|artillery|mortars?|airstrikes?|bombs?|troops|forces|army|military|occupiers|invaders|enemy|frontline|front\s+line|air\s+defen[cs]es?|war)\b",
    re.I,
)


def _is_war_report(document: _Document) -> bool:
    """At least two sentences name weapons or armed forces."""
    return sum(1 for s in document.sentences if _WAR_CUE.search(s.text)) >= 2


def _set_off(token: Any) -> bool:
    """ "blew up the bridge", "detonated a charge": an explosive set off, no weapon fired."""
    lemma = _lemma(token)
    return lemma == "detonate" or (
        lemma == "blow" and any(c.lower_ == "up" and c.dep_ == "prt" for c in token.children)
    )


def _new_type(kind: str, s: _Sentence, at: int, clause: tuple[int, int]) -> str:
    if kind == "clash":
        return "armed_clash"
    if kind in ("capture", "intercept", "arrest"):
        return "strategic_development"
    weapon = _weapon_type(s, at, clause)
    if kind == "civilian" and weapon is None:
        return "attack_on_civilians"
    return weapon or ""


_ZERO_REACH = 15  # sentences after an incident's last report that a bare "no one was hurt" reaches


# "The affected communities include A, B and C", "Among the villages hit were A and B": the
# places of the attack just reported, named in a sentence of their own
_UNITS = r"(?:settlements|villages|communities|towns|localities|hromadas)"
_PLACE_VERBS = r"(?:affected|targeted|named|attacked|shelled|struck|hit|listed|mentioned)"
_PLACES_OF_IT = re.compile(
    rf"^(?:\W*(?:the\s+)?{_PLACE_VERBS}\s+{_UNITS}\s+(?:include[sd]?|are|were)\b"
    rf"|\W*(?:the\s+)?{_UNITS}\s+{_PLACE_VERBS}\s+(?:include[sd]?|are|were)\b"
    rf"|\W*among\s+the\s+{_UNITS}\s+(?:{_PLACE_VERBS}\s+)?(?:are|were)\b)",
    re.I,
)


def _places_of_last(
    document: _Document, drafts: list[_Draft], named: list[tuple[_Sentence, _Draft]]
) -> None:
    """The places a sentence names for the attack reported before it ("The affected
    communities include A, B and C"): each that no incident of its own reports becomes an
    incident of that attack's type, and an attack on a front sector ("assaults in the X
    direction") gives way to the places named on it."""
    for s, last in named:
        places = [
            p
            for p in s.places
            if p.kind not in ("country", "admin1", "physical") and not _is_sector(document, p)
        ]
        added = False
        for place in places:
            if any(_same_stem(d.place, place) for d in drafts):
                continue
            drafts.append(
                _Draft(
                    last.type,
                    place,
                    s,
                    last.kind,
                    last.actor,
                    last.enemy,
                    last.date,
                    last.precision,
                )
            )
            added = True
        if (
            added
            and _is_sector(document, last.place)
            and last.tally.fatalities is None
            and last.tally.injured is None
            and last in drafts
        ):
            drafts.remove(last)


def _same_stem(a: Toponym, b: Toponym) -> bool:
    """The same place by id, or by name: "Khotyn" and "the Khotynska community" (one name is
    the other's stem), whatever points the gazetteer gave them."""
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    x, y = sorted((a.name.lower(), b.name.lower()), key=len)
    return len(x) >= 4 and y.startswith(x)


def _drafts(document: _Document) -> list[_Draft]:
    drafts: list[_Draft] = []
    named: list[tuple[_Sentence, _Draft]] = []  # sentences naming the places of an attack
    last: _Draft | None = None
    last_at = -1  # the sentence that last reported ``last``
    last_many = False  # ... and whether it reported several incidents at once
    lead: _Draft | None = None  # the first incident of that report
    lead_counted = False  # ... and whether that sentence gave counts of its own
    for s in document.sentences:
        date, precision = resolve_date(s.text, document.published)
        if s.earlier_event:
            # a date beside an older attack the sentence recalls is that attack's, not this one's
            date, precision = resolve_date("", document.published)
        explicit_date = precision == 1
        new_here: list[_Draft] = []
        counted_here: list[_Draft] = []  # incidents a count with its place reports
        capture_claim = any(p.kind == "capture" for p in s.predicates)
        # "reacted to the explosions in X and the destroyed missiles": every report of the
        # sentence at X is the incident already reported there
        back = {
            id(place): earlier
            for pred in s.predicates
            for place in s.places
            if (earlier := _referred_back(pred, place, drafts)) is not None
        }
        for pred in s.predicates:
            kind = pred.kind
            # "two people were killed in X" alone: an incident only with a military cue, or
            # inside the report of an attack ("… communities were also affected")
            if (
                kind == "casualty"
                and not s.weapons
                and not s.enemy
                and s.actor is None
                and not (s.war_report and last is not None and s.index - last_at <= 2)
                and not re.search(
                    r"\b(?:attack|strike|shelling|war|forces|troops|military|airfield|air\s+base|ammunition|munitions)\b",
                    s.text,
                    re.I,
                )
            ):
                continue
            if capture_claim and (
                # "liberated the city and are destroying the enemy there": one claim
                (kind in ("attack", "casualty") and not s.weapons and not s.casualties)
                # "withdrew … against the backdrop of Russian assaults": the setting
                or (
                    kind in ("attack", "clash")
                    and pred.token.pos_ == "NOUN"
                    and _in_prepositional_phrase(pred.token)
                )
            ):
                continue
            if _sounds_roundup(s, pred):
                continue  # "explosions were reported in A, B, C and D": heard, not placed
            clause = _clause(s, pred.start)
            places = [p for p in s.places if clause[0] <= p.start < clause[1]] or [
                p for p in s.places if not _contrasted(document.text, pred.start, p)
            ]
            if len(places) < len(s.places):
                places = _with_conjoined(s, places)
            places = [p for p in places if not _in_relative_clause(s, pred, p)]
            if kind == "intercept":
                places = [p for p in places if not _near_word(document.text, p, ("from",))]
            if kind == "capture":
                # "seized a hamlet while pushing toward the town of X": X is the goal, not taken
                places = [
                    p
                    for p in places
                    if not _GOAL_OF_ADVANCE.search(document.text, max(0, p.start - 60), p.start)
                ]
            if not places:
                if (
                    last is not None
                    and not s.non_event
                    and kind != "intercept"
                    and s.index - last_at <= 2
                    and last.place.kind != "physical"  # a river is no target to strike
                ):
                    kind_type = _new_type(kind, s, pred.start, clause)
                    if kind_type and kind_type != last.type and kind in ("attack",):
                        draft = _Draft(
                            kind_type,
                            last.place,
                            s,
                            kind,
                            s.actor,
                            s.enemy,
                            date if explicit_date else last.date,
                            precision if explicit_date else last.precision,
                        )
                        if not _merge(drafts, draft):
                            drafts.append(draft)
                            new_here.append(draft)
                continue
            for place in places:
                earlier = back.get(id(place))
                if earlier is not None:
                    # "reacted to the explosions in X": the incident already reported there
                    if earlier not in new_here:
                        new_here.append(earlier)
                    earlier.seen_at = s.index
                    continue
                place_clause = _weapon_clause(s, place.start)
                type_ = _new_type(kind, s, place.start, place_clause)
                if not type_ and _is_sector(document, place):
                    type_ = "armed_clash"  # "attacks in the X direction": assaults on a front
                if not type_ and _set_off(pred.token):
                    type_ = "remote_explosive"  # "partisans blew up a bridge": a charge set
                if not type_:
                    type_ = _neighbour_type(document, s) or "missile_artillery_shelling"
                types = [type_]
                if kind in ("attack", "casualty"):
                    # "struck with a glide bomb and artillery": hit by each, two incidents
                    types += [t for t in _separate_weapons(s, place_clause) if t not in types]
                for one_type in types:
                    draft = _Draft(one_type, place, s, kind, s.actor, s.enemy, date, precision)
                    merged = _merge(drafts, draft)
                    if merged is None:
                        drafts.append(draft)
                        new_here.append(draft)
                    elif merged not in new_here:
                        new_here.append(merged)
                    (merged or draft).seen_at = s.index
        if not new_here and s.war_report and not s.non_event and s.casualties:
            # "12 people were treated in the city, and 5 more in Bucha": a
            # count with the place it happened in, in a war report, reports an incident there
            for mention in s.casualties:
                counted = next((p for p in s.places if 0 <= p.start - mention.end < 25), None)
                if counted is None or any(_same_place(d.place, counted) for d in drafts):
                    continue
                type_ = _neighbour_type(document, s) or "missile_artillery_shelling"
                draft = _Draft(type_, counted, s, "casualty", s.actor, s.enemy, date, precision)
                drafts.append(draft)
                counted_here.append(draft)
        if (
            not s.predicates
            and last is not None
            and s.index - last_at <= 2
            and len(s.places) >= 2
            and _PLACES_OF_IT.search(s.text)
        ):
            named.append((s, last))
        if (
            s.casualties
            and not new_here
            and not s.places
            and not s.non_event
            and all(m.mode == "zero" for m in s.casualties)
        ):
            # "nobody was hurt", said of the attack just reported: every incident of it
            # that has no count of its own — those of the last report, if it is near
            current = last is not None and s.index - last_at <= 2
            reached = [d for d in drafts if d.seen_at == last_at] if current else drafts
            for mention in s.casualties:
                for d in reached:
                    if (
                        s.index - d.seen_at <= _ZERO_REACH
                        and getattr(d.tally, mention.kind) is None
                    ):
                        d.tally.add(mention)
            continue
        # casualties of the sentence: to the incident of the place they name, else the one
        # the sentence reports, else the one before it in the discourse
        # (an incident drawn from "28 in X" alone takes that count, found by its place below)
        targets = new_here or ([last] if last is not None else [])
        if not new_here and last_many and not s.places:
            # "Three were killed in A and one in B. Ten others were injured.": the ten are
            # not the last place's alone; which incident they belong to is not said — unless
            # that sentence counted nobody: "shelled X and the Y community. Four people were
            # wounded": the first target named, the one the report is about
            targets = [lead] if lead is not None and not lead_counted else []
        new_here += counted_here
        if not targets and not counted_here and s.places and s.casualties and not s.non_event:
            for d in drafts:
                if any(_same_place(d.place, p) for p in s.places):
                    targets = [d]
        if not targets and not counted_here:
            if new_here:
                last, last_at, last_many = new_here[-1], s.index, _several_places(new_here)
                lead, lead_counted = new_here[0], bool(s.casualties)
            continue
        if s.non_event:
            continue
        each = _each_counts(document, s)
        broken_down = {kind for _, kind, _ in each}
        victims: dict[tuple[int, str], tuple[_Draft, list[CasualtyMention]]] = {}
        for mention in s.casualties:
            if mention.kind in broken_down:
                continue  # "seven wounded — two each in A, B and C, …": the parts are counted
            shared = _shared_among(document, s, mention, drafts)
            if shared:
                # "killed 2 people: in A and B", "two each in A, B and C"
                for draft, value in shared:
                    draft.tally.add(replace(mention, value=value, mode="plain"))
                continue
            target = _casualty_target(s, mention, targets, drafts)
            if target is not None:
                victims.setdefault((id(target), mention.kind), (target, []))[1].append(mention)
        for target, mentions in victims.values():
            target.tally.add(_victims_of_one_sentence(s, mentions))
        for value, kind, places in each:
            for draft in drafts:
                if any(_same_place(draft.place, p) for p in places):
                    draft.tally.add(CasualtyMention(kind, value, "plain", "each", s.start, s.end))
        if new_here:
            last, last_at, last_many = new_here[-1], s.index, _several_places(new_here)
            lead, lead_counted = new_here[0], bool(s.casualties)
        elif (
            s.places
            and not s.predicates
            and last is not None
            and not any(_related(last.place, p) for p in s.places)
        ):
            last = None  # a sentence about another place without violence ends the discourse
    _places_of_last(document, drafts, named)
    return drafts


_SUBSET = re.compile(r"\b(?:including|among\s+(?:them|whom|the)|of\s+(?:them|whom)|incl\.)", re.I)


def _victims_of_one_sentence(s: _Sentence, mentions: list[CasualtyMention]) -> CasualtyMention:
    """Counts of one kind that one sentence gives for one incident: "a woman was injured and
    a man was wounded" are two people; "five were injured, including two children" are five."""
    if len(mentions) == 1:
        return mentions[0]
    plain = [m for m in mentions if m.mode == "plain" and m.value is not None]
    if len(plain) != len(mentions) or _SUBSET.search(s.text):
        return max(mentions, key=lambda m: (m.value or 0, m.mode != "stale"))
    who = plain[0].who if all(m.who == plain[0].who for m in plain) else ""
    return replace(plain[0], value=sum(m.value or 0 for m in plain), end=plain[-1].end, who=who)


def _sounds_roundup(s: _Sentence, pred: _Predicate) -> bool:
    """Explosions "reported" or "heard" across three places or more: a roundup of what was
    heard, not a report of what was hit where."""
    token = pred.token
    if _lemma(token) != "explosion" or len(s.places) < 3:
        return False
    verb = token.head
    return token.dep_ in ("nsubjpass", "nsubj", "dobj") and _lemma(verb) in ("report", "hear")


def _in_prepositional_phrase(token: Any) -> bool:
    """Is a noun inside a prepositional phrase of its clause ("after fierce battles", "against
    the backdrop of assaults") rather than a subject or object?"""
    node = token
    for _ in range(6):
        if node.dep_ == "prep":
            return True
        if node.head is node or node.pos_ in ("VERB", "AUX"):
            return False
        node = node.head
    return False


def _several_places(drafts: list[_Draft]) -> bool:
    return any(not _same_place(d.place, drafts[0].place) for d in drafts[1:])


_INSTRUMENT_PREPOSITIONS = {"by", "from", "with", "using"}


def _separate_weapons(s: _Sentence, clause: tuple[int, int]) -> list[str]:
    """Weapon types named as separate instruments in a clause: "with a glide bomb and
    artillery", "howitzers and drones were used" — not "drone and rocket attacks", where both
    only qualify one attack."""
    heads: list[tuple[int, str]] = []
    attacks: dict[int, tuple[int, str]] = {}  # attack noun -> (offset, type) of its weapon
    instruments: dict[int, tuple[int, str]] = {}  # "by", "from" -> (offset, type) of its weapon
    words = _WEAPON_WORDS
    for tok in s.span:
        at = tok.idx + s.offset
        if not (clause[0] <= at < clause[1]) or tok.lower_ not in words:
            continue
        if tok.dep_ in ("compound", "amod", "nmod") and _is_attack_noun(tok.head):
            # "artillery strikes, grenade drops and drone attacks": each attack, its weapon
            kind = next((k for k, pattern in _WEAPON_RES if pattern.fullmatch(tok.text)), None)
            if kind:
                attacks.setdefault(tok.head.i, (at, kind))
            continue
        if tok.pos_ != "NOUN" or tok.dep_ in ("compound", "amod", "nmod"):
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ in _INSTRUMENT_PREPOSITIONS:
            # "three hits, probably from mortars, and one from a drone": each its own "from"
            kind = next((k for k, pattern in _WEAPON_RES if pattern.fullmatch(tok.text)), None)
            if kind:
                instruments.setdefault(tok.head.i, (at, kind))
        conjoined = tok.dep_ == "conj" or any(c.dep_ == "conj" for c in tok.children)
        if not conjoined:
            continue
        kind = next((k for k, pattern in _WEAPON_RES if pattern.fullmatch(tok.text)), None)
        if kind:
            heads.append((at, kind))
    if len(attacks) > 1:  # several attacks, each named with its own weapon
        heads += attacks.values()
    if len(instruments) > 1:
        heads += instruments.values()
    kinds = list(dict.fromkeys(k for _, k in sorted(heads)))
    return kinds if len(kinds) > 1 else []


def _is_attack_noun(token: Any) -> bool:
    """ "attacks", "strikes", "drops": a noun an attack is named by."""
    return token.pos_ == "NOUN" and _lemma(token) in lexicon.VIOLENCE_NOUNS | {"drop"}


def _near_word(text: str, place: Toponym, words: tuple[str, ...]) -> bool:
    before = text[max(0, place.start - 25) : place.start].lower().split()
    return bool(before) and before[-1] in words


def _only_intercepts(s: _Sentence) -> bool:
    return bool(s.predicates) and all(p.kind == "intercept" for p in s.predicates)


def _neighbour_type(document: _Document, s: _Sentence) -> str | None:
    """The weapon of the sentences around a generic "attack" (then of the whole article)."""
    if any(p.kind == "clash" for p in s.predicates):
        return "armed_clash"
    previous = document.sentences[s.index - 1] if s.index > 0 else None
    if previous is not None and previous.weapons and not _only_intercepts(previous):
        return previous.weapons[0][1]  # "Drones hit the city. The attack damaged …"
    if document.main_weapon is not None:
        return document.main_weapon  # the weapon the article is about
    for distance in (1, 2):
        for index in (s.index - distance, s.index + distance):
            if 0 <= index < len(document.sentences) and any(
                p.kind == "clash" for p in document.sentences[index].predicates
            ):
                return "armed_clash"
    return None


def _related(a: Toponym, b: Toponym) -> bool:
    """The same place, one inside the other's region, or neighbours (under 50 km)."""
    if _same_place(a, b):
        return True
    if a.country_code and (a.country_code, a.admin1_code) == (b.country_code, b.admin1_code):
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return bool(haversine_km(a.lat, a.lon, b.lat, b.lon) < 50)  # type: ignore[arg-type]


def _same_place(a: Toponym, b: Toponym) -> bool:
    if "district" in (a.kind, b.kind) and a.kind != b.kind and a.name != b.name:
        return False  # a city and one of its districts, drawn at the city's point
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if None in (a.lat, a.lon, b.lat, b.lon) or "nearby" in (a.source, b.source):
        return a.name.lower() == b.name.lower()  # villages drawn at a neighbour's point
    return bool(haversine_km(a.lat, a.lon, b.lat, b.lon) < 3 and a.kind == b.kind)  # type: ignore[arg-type]


def _referred_back(pred: _Predicate, place: Toponym, drafts: list[_Draft]) -> _Draft | None:
    """The incident a definite noun refers back to: "the explosions in X" after an
    explosion was reported at X (of whatever type) is that one, not a new one."""
    token = pred.token
    if pred.kind != "attack" or token.pos_ != "NOUN":
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return None
    return next((d for d in drafts if _same_place(d.place, place)), None)


_THE_TOWN = re.compile(r"\bthe\s+(?:town|city|village|settlement)\b", re.I)


def _river_reach(s: _Sentence) -> int:
    """How many sentences back a river's fight may continue one reported in a town: the
    next one, or a few when it says "the town"."""
    return 5 if _THE_TOWN.search(s.text) else 1


def _merge(drafts: list[_Draft], draft: _Draft) -> _Draft | None:
    """Fold a mention into the incident it repeats (same place, type and day), if any."""
    for other in drafts:
        if not _same_place(other.place, draft.place) or other.type != draft.type:
            continue
        if (
            other.precision == 1
            and draft.precision == 1
            and other.date is not None
            and draft.date is not None
            and other.date != draft.date
        ):
            continue
        if other.precision != 1 and draft.precision == 1:
            other.date, other.precision = draft.date, draft.precision
        if other.actor is None and draft.actor is not None:
            other.actor = draft.actor
        other.enemy = other.enemy or draft.enemy
        return other
    if draft.place.kind == "physical":
        # "fighting in the town … combat along the river that cuts through it": the river
        # is where the fight just reported goes on, not a second incident
        for other in reversed(drafts):
            if (
                other.type == draft.type
                and other.place.kind in ("city", "district")
                and 0 <= draft.sentence.index - other.seen_at <= _river_reach(draft.sentence)
            ):
                return other
    return None


def _shared_among(
    document: _Document, s: _Sentence, mention: CasualtyMention, drafts: list[_Draft]
) -> list[tuple[_Draft, int]]:
    """A count followed by a list of exactly as many places, one each: "shelling killed
    three people across the district: in A, B and C"."""
    if mention.value is None or mention.value < 2 or mention.mode == "stale":
        return []
    after = [p for p in s.places if p.start > mention.end]
    if len(after) != mention.value or ":" not in document.text[mention.end : after[0].start]:
        return []
    found = []
    for place in after:
        draft = next((d for d in drafts if _same_place(d.place, place)), None)
        if draft is None:
            return []
        found.append((draft, 1))
    return found


_EACH = re.compile(r"\b(?P<n>\w+(?:-\w+)?)\s+each\s+in\b", re.I)
_MORE_IN = re.compile(r",\s+and\s+(?P<n>\w+(?:-\w+)?)\s+more\s+in\s+", re.I)


def _each_counts(document: _Document, s: _Sentence) -> list[tuple[int, str, list[Toponym]]]:
    """ "two each in A, B and C": that many at every place of the list."""
    found: list[tuple[int, str, list[Toponym]]] = []
    hurt = re.search(r"\b(?:injur|wound|hurt)", s.text, re.I) is not None
    dead = re.search(r"\b(?:kill|dead|died|death)", s.text, re.I) is not None
    if hurt == dead:
        return found  # which count is meant is not clear
    kind = "injured" if hurt else "fatalities"
    for m in _EACH.finditer(s.text):
        value = parse_count(m.group("n"))
        if value is None:
            continue
        start = s.start + m.end()
        more = _MORE_IN.search(document.text, start, s.end)  # "…, and one more in D"
        stop = more.start() if more else s.end
        places = [p for p in s.places if start <= p.start < stop]
        if places:
            found.append((value, kind, places))
            if more and parse_count(more.group("n")) is not None:
                rest = [p for p in s.places if more.end() <= p.start < more.end() + 5]
                if rest:
                    found.append((parse_count(more.group("n")) or 0, kind, rest))
    return found


def _casualty_target(
    s: _Sentence, mention: CasualtyMention, targets: list[_Draft], drafts: list[_Draft]
) -> _Draft | None:
    if len(targets) == 1 and not s.places:
        return targets[0]
    # a place right after the count ("were injured in Stepnohirsk"), else the nearest before;
    # not past another count ("50 hurt in the city, besides 17 in X": X is the 17's)
    after = [
        p
        for p in s.places
        if 0 <= p.start - mention.end < 40
        and not any(mention.end <= o.start < p.start for o in s.casualties if o is not mention)
    ]
    before = [p for p in s.places if p.end <= mention.start]
    local = (after[:1] or before[-1:]) if (after or before) else []
    for place in local:
        for d in targets + drafts:
            if _same_place(d.place, place):
                return d
    if after and targets and not _related(targets[0].place, after[0]):
        return None  # "… and 12 in X" is X's count, and X has no incident to take it
    return targets[0] if targets else None


def _drop_intercepted_attacks(drafts: list[_Draft]) -> list[_Draft]:
    """ "Ukraine attacked the capital with five drones … four were shot down, a fifth was
    jammed": an attack on a place that the article only reports intercepted over it (no
    damage, no casualties), and that its own sentence does not name, is that interception,
    not a strike besides it."""
    kept = []
    for d in drafts:
        if (
            d.kind == "attack"
            and d.type in ("air_drone_strike", "missile_artillery_shelling")
            and not d.tally.fatalities  # "nobody was hurt" is no damage either
            and not d.tally.injured
            and not any(p.kind == "casualty" for p in d.sentence.predicates)
            and not any(_same_place(p, d.place) for p in d.sentence.places)  # "the capital"
            and any(
                o.kind == "intercept"
                and (_same_place(o.place, d.place) or _contains(d.place, o.place))
                and (o.date is None or d.date is None or o.date == d.date)
                for o in drafts
            )
        ):
            continue
        kept.append(d)
    return kept


def _drop_containers(drafts: list[_Draft]) -> list[_Draft]:
    """A region — or a city — is the place only when the article gives nothing more specific
    inside it ("blasts over Kyiv … a man hurt in its Obolonskyi district")."""
    kept = []
    cities = [d.place for d in drafts if d.place.kind == "city"]
    for d in drafts:
        if d.place.kind not in ("admin1", "admin2", "city"):
            kept.append(d)
            continue
        inner = [
            o
            for o in drafts
            if o is not d
            and (
                _district_of(d.place, o.place, cities)
                if d.place.kind == "city"
                else (_contains(d.place, o.place) or _inside_region(d.place, o.place))
            )
            and (
                o.type == d.type  # "drones downed over the region … over the village of X"
                or (
                    d.kind in ("attack", "casualty")
                    and o.kind not in ("intercept", "arrest", "capture")
                )
            )
        ]
        if inner:
            if len(inner) == 1:
                # the region's report and the town's are one incident: its counts go along
                for kind in ("fatalities", "injured"):
                    if getattr(inner[0].tally, kind) is None:
                        setattr(inner[0].tally, kind, getattr(d.tally, kind))
            continue
        kept.append(d)
    return kept


_VILLAGES_IN = re.compile(
    r"\b(?:villages|settlements|localities)\s+(?:\w+\s+){0,3}?(?:in|of|across)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:communit(?:y|ies)|districts?|hromadas?|raions?)\b",
    re.I,
)


def _drop_village_counts(drafts: list[_Draft]) -> list[_Draft]:
    """ "shelled 11 villages in the A and B communities" then the villages one by one: the
    communities only locate the villages, which are the incidents. Without the villages
    named elsewhere, the communities stay the places."""
    kept = []
    for d in drafts:
        counted = d.place.kind == "city" and _VILLAGES_IN.search(d.sentence.text)
        if counted and any(
            o.sentence is not d.sentence
            and _within(d.place, o.place, _VILLAGE_REACH_KM)
            and not _same_place(o.place, d.place)
            for o in drafts
        ):
            continue
        kept.append(d)
    return kept


_VILLAGE_REACH_KM = 25.0  # the villages of a community lie within this of its centre


def _within(a: Toponym, b: Toponym, km: float) -> bool:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return bool(haversine_km(a.lat, a.lon, b.lat, b.lon) <= km)  # type: ignore[arg-type]


def _district_of(city: Toponym, place: Toponym, cities: list[Toponym]) -> bool:
    """A district of this city: near it, and no other city named is nearer (a village just
    outside a city is no container of the city's districts)."""
    if place.kind != "district" or not _within(city, place, _CITY_REACH_KM):
        return False
    km = haversine_km(city.lat, city.lon, place.lat, place.lon)  # type: ignore[arg-type]
    return not any(
        c.lat is not None
        and c.lon is not None
        and haversine_km(c.lat, c.lon, place.lat, place.lon) < km  # type: ignore[arg-type]
        for c in cities
    )


_CITY_REACH_KM = 15.0  # a city's districts lie within this of its centre


def _inside_region(region: Toponym, place: Toponym) -> bool:
    if region.kind != "admin1" or place.kind in ("admin1", "country"):
        return False
    return (region.country_code, region.admin1_code) == (place.country_code, place.admin1_code)


def _assign_actors(document: _Document, drafts: list[_Draft]) -> None:
    """The side that attacked: named in the sentence, else the article's attacker, else the
    other side of the war from the place attacked."""
    votes = Counter(s.actor for s in document.sentences if s.actor is not None and s.predicates)
    s_war = any(s.war_report for s in document.sentences)
    main_actor = votes.most_common(1)[0][0] if votes else None
    for d in drafts:
        d.explicit_actor = d.actor is not None
        place_country = d.place.country_code
        if d.kind == "intercept":
            # attributed to whoever sent what was shot down
            d.actor = _sender(document, d.sentence) or document.opponent(
                _defender(document, d.sentence) or place_country
            )
            continue
        if d.kind == "capture":
            withdrew = _withdrawing_side(document, d.sentence)
            if withdrew is not None:
                # a withdrawal: the side that pulled back, named or defending its own ground
                d.actor = withdrew or place_country
                continue
        if d.actor is not None:
            continue
        if main_actor is not None:
            d.actor = main_actor
        elif d.enemy or d.kind == "capture" or (s_war and d.type in _ACROSS_THE_FRONT):
            # strikes from afar in a war report: the other side of the war from the place
            d.actor = document.opponent(place_country)
    for d in drafts:
        d.actor = document.country_name(d.actor) if d.actor and len(d.actor) == 2 else d.actor


def _withdrawing_side(document: _Document, s: _Sentence) -> str | None:
    """For a sentence reporting a withdrawal: the country of whoever withdrew ("the Ukrainian
    brigade was forced to pull out"), "" when it is not named; None for no withdrawal."""
    for p in s.predicates:
        token = p.token
        if p.kind != "capture" or _lemma(token) not in lexicon.WITHDRAW_VERBS:
            continue
        verb = token.head if token.dep_ == "xcomp" else token  # "were forced to withdraw"
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        for subject in subjects:
            span = (subject.left_edge.idx + s.offset, subject.right_edge.idx + s.offset + 1)
            for t in document.toponyms:
                if t.kind in ("demonym", "country") and span[0] <= t.start < span[1]:
                    return t.country_code or ""
        return ""
    return None


def _defender(document: _Document, s: _Sentence) -> str | None:
    """The country whose air defence acted: "Russia's defence ministry said ... shot down"."""
    for t in document.toponyms:
        if s.start <= t.start < s.end and t.kind in ("country", "demonym") and t.country_code:
            after = document.text[t.end : t.end + 40].lower()
            if re.search(
                r"\b(?:air\s+defen|defen[cs]e\s+ministry|military|forces|army|air\s+force)", after
            ):
                return t.country_code
    return None


def _sender(document: _Document, s: _Sentence) -> str | None:
    for t in document.toponyms:
        if t.kind == "demonym" and s.start <= t.start < s.end and t.country_code:
            after = document.text[t.end : t.end + 30].lower()
            if _AIR_THREAT.search(after.split(".")[0]):
                return t.country_code
    return None


def _finish(d: _Draft) -> Incident:
    event_type, sub_type, weapon = _ACLED[d.type]
    if d.kind == "intercept" and ((d.tally.fatalities or 0) + (d.tally.injured or 0)) > 0:
        # debris that killed or hurt someone: the attack got through
        d.type = _weapon_type(d.sentence, d.sentence.start) or "air_drone_strike"
        event_type, sub_type, weapon = _ACLED[d.type]
    elif d.type == "strategic_development":
        sub_type = _STRATEGIC_SUBTYPES.get(d.kind, "Other")
        if d.kind == "intercept":
            weapon = "air defence"
    place = d.place
    geo_precision = 1 if place.kind == "city" else (2 if place.kind in ("other", "district") else 3)
    if place.source == "nearby":
        geo_precision = 2  # a village drawn at the town named beside it
    # more sure with a weapon named where it is reported, an attacker and a count
    confidence = 0.55 + 0.15 * bool(d.sentence.weapons) + 0.1 * d.explicit_actor
    confidence += 0.1 * (d.tally.fatalities is not None or d.tally.injured is not None)
    confidence = round(min(0.95, confidence * (0.5 + 0.5 * place.confidence)), 3)
    s = d.sentence
    return Incident(
        event_type=event_type,
        sub_event_type=sub_type,
        place=place,
        fatalities=d.tally.fatalities,
        injured=d.tally.injured,
        fatalities_raw=d.tally.raw.get("fatalities"),
        injured_raw=d.tally.raw.get("injured"),
        actor1=d.actor,
        actor2=None,
        weapon=weapon,
        date=d.date,
        time_precision=d.precision,
        geo_precision=geo_precision,
        evidence=Evidence(s.start, s.end, s.text),
        confidence=confidence,
    )
