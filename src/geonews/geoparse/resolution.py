"""Resolution: each mention's candidates ranked by the gazetteer's score and the article's
context, with every weight in ``ResolutionWeights``; one meaning per name per article."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace

# Word frequencies tell a capitalised common word ("Police", "March") from a town.
from wordfreq import zipf_frequency as _zipf

from geonews.gazetteer.index import Place, haversine_km
from geonews.geoparse.candidates import CandidateFinder
from geonews.geoparse.model import (
    _ADJECTIVE_COUNTRIES,
    _BIG_KINDS,
    _NAMESAKE_POPULATION,
    _RARE_WORD_ZIPF,
    _REGION_WORDS,
    _VILLAGE_POPULATION,
    Toponym,
    _Mention,
)


@dataclass(frozen=True)
class ResolutionWeights:
    """Every number that ranks a mention's candidates, in one place (added to the
    gazetteer's own score: log10 population + kind + name authority)."""

    container_holds: float = 4.0  # "Athens, Georgia": a reading inside the named container
    container_misses: float = -1.5  # ... and one outside it
    holds_contained: float = 3.0  # a container reading that holds a contained place
    country_named: float = 1.5  # the article names the candidate's country
    country_named_more: float = 0.25  # per further mention of it, up to +1
    people_named: float = 0.5  # it names only its people ("Russian forces")
    attacker_country: float = -1.5  # "Ukrainian drones hit Belgorod": not in Ukraine
    rare_country_alias: float = -4.0  # "Uman" is the town, not a foreign name of Oman
    region_named: float = 1.5  # per mention of the candidate's first-level region, up to 3
    village_in_named_region: float = 2.5  # among villages of one name, the named region wins
    places_in_region: float = 0.75  # a region reading, per place of it the article names
    namesake_region: float = -1.5  # "Vinnytsia" without "region" is the city
    near_other_place: float = 1.5  # within 150 km of another place the article names
    fairly_near_other_place: float = 0.75  # within 500 km


WEIGHTS = ResolutionWeights()


# Countries whose communities and districts are named by an adjective of their centre town
# the other side of a war going on: where an attacker's strike lands
_OPPONENTS = {"UA": {"RU"}, "RU": {"UA"}}


class Resolver(CandidateFinder):
    """Mentions to toponyms (needs ``self.gazetteer`` and ``self.weights``)."""

    weights: ResolutionWeights

    def _resolve(self, mentions: list[_Mention]) -> list[Toponym]:
        for m in mentions:
            if m.demonym is not None:
                continue
            lookup_key = m.text
            if m.forms:
                # a community named by its adjective ("Khotynska"): the town's name is a
                # romanisation of a romanisation, so every spelling of it is a reading
                # ... and only East Slavic: "-ska community", "-sky district" is their grammar
                # ... every form's readings, the likeliest form's first: the context picks
                # ("the Zhukovsky district" of Bryansk region: Zhukovka, not the Moscow town)
                found: dict[int, Place] = {}
                for f in m.forms:
                    for c in self._candidates(
                        f, other_spellings=True, country_codes=_ADJECTIVE_COUNTRIES
                    ):
                        found.setdefault(c.geonameid, c)
                m.candidates = list(found.values())
            elif m.want_admin2:
                bare = _strip_region_word(m.text)
                m.candidates = (
                    self._candidates(m.text, kinds=["admin2"])
                    or self._candidates(bare, kinds=["admin2"])
                    or self._candidates(bare, kinds=["city"])
                    or self._candidates(bare)
                )
            elif m.want_admin1:
                bare = _strip_region_word(m.text)
                m.candidates = _provinces_first(
                    self._candidates(bare, kinds=["admin1"])
                    or self._candidates(m.text, kinds=["admin1"])
                    or self._lookup(f"{bare} Oblast", kinds=["admin1"])
                )
                if not m.candidates:
                    m.candidates = self._candidates(lookup_key)
            else:
                m.candidates = self._candidates(lookup_key)
            m.scores = [c.score for c in m.candidates]
        _short_forms(mentions)

        _add_mutual_proximity(mentions)
        for _ in range(2):
            context = _Context.from_mentions(mentions)
            for m in mentions:
                if not m.candidates:
                    continue
                scores = [self._score(m, c, context) for c in m.candidates]
                order = sorted(range(len(scores)), key=lambda i: -scores[i])
                best = order[0]
                m.choice = m.candidates[best]
                margin = scores[best] - scores[order[1]] if len(order) > 1 else 3.0
                m.confidence = _confidence(margin, m)

        # One sense per discourse: a name keeps the meaning of its most confident mention.
        best_by_key: dict[str, _Mention] = {}
        for m in mentions:
            if m.choice is None or m.demonym is not None or m.want_admin1:
                continue
            current = best_by_key.get(m.key)
            if current is None or m.confidence > current.confidence:
                best_by_key[m.key] = m
        for m in mentions:
            if m.choice is None or m.demonym is not None or m.want_admin1:
                continue
            lead = best_by_key[m.key]
            if lead.choice is not None and lead.choice.geonameid != m.choice.geonameid:
                m.choice = lead.choice
                m.confidence = min(m.confidence, lead.confidence)

        stray = _stray_villages(mentions)
        nearby = _nearby_points(mentions, stray)
        result = []
        for m in mentions:
            source = m.source
            if m.disease or (id(m) in stray and id(m) not in nearby):
                continue
            if m.demonym is not None:
                p, kind, admin1, confidence = m.demonym, "demonym", None, 0.9
            elif id(m) in nearby:
                # a village the gazetteer lacks, drawn at the place named beside it
                p, kind, source = nearby[id(m)], "city", "nearby"
                admin1, confidence = p.admin1_code, 0.3
            elif m.choice is not None:
                p, admin1, confidence = m.choice, m.choice.admin1_code, round(m.confidence, 3)
                kind = p.kind if p.kind in ("country", "admin1", "city", "physical") else "other"
                if m.district and p.kind == "city":
                    kind = "district"  # a district of the city it lies in
            else:
                continue
            gid = p.geonameid if p.geonameid > 0 else None  # derived places have no GeoNames id
            result.append(
                Toponym(
                    m.start,
                    m.end,
                    m.text,
                    p.lat,
                    p.lon,
                    gid,
                    kind,
                    p.country_code,
                    admin1,
                    confidence,
                    source,
                )
            )
        return result

    def _score(self, m: _Mention, c: Place, ctx: _Context) -> float:
        w = self.weights
        s = c.score + m.proximity.get(c.geonameid, 0.0)
        if m.containers:
            # "Athens, Georgia": some reading of the container must hold this reading.
            inside = [
                any(_contains(kc, c) for kc in k.candidates[:8])
                for k in m.containers
                if k.candidates
            ]
            if inside:
                s += w.container_holds if any(inside) else w.container_misses
        # ... and the container's readings that hold one of the contained readings win.
        if m.contained and any(
            _contains(c, x) for inner in m.contained for x in inner.candidates[:8]
        ):
            s += w.holds_contained
        if (
            c.kind not in ("country", "continent")
            and c.country_code
            and c.country_code in ctx.countries
        ):
            more = w.country_named_more * (ctx.countries[c.country_code] - 1)
            s += w.country_named + min(1.0, more)
        elif c.kind not in ("country", "continent") and c.country_code in ctx.peoples:
            # "Russian forces shelled Pokrovsk": a people names the attacker, not the place
            s += w.people_named
        if m.attacked_by is not None and c.country_code == m.attacked_by:
            # "Ukrainian drones hit Belgorod": a reading on the other side of the war wins —
            # but "a Ukrainian strike hit Tokmak" is no reason for a namesake in Kyrgyzstan
            sides = set(ctx.countries) | set(ctx.peoples) | _OPPONENTS.get(m.attacked_by, set())
            sides.discard(m.attacked_by)
            if any(o.country_code in sides for o in m.candidates[:8]):
                s += w.attacker_country
        if (
            c.kind == "country"
            and c.name_type == 1
            and _zipf(m.key, "en") < _RARE_WORD_ZIPF
            and any(o.kind == "city" and o.name_type == 0 for o in m.candidates[:6])
        ):
            s += w.rare_country_alias
        region = (c.country_code, c.admin1_code)
        if c.kind in ("city", "admin2") and region in ctx.admin1s:
            s += min(2 * w.region_named, w.region_named * ctx.admin1s[region])
            if c.population < _VILLAGE_POPULATION and not any(
                o.kind == "city"
                and o.population >= _VILLAGE_POPULATION
                and (o.country_code, o.admin1_code) in ctx.admin1s
                for o in m.candidates[:8]
            ):
                # (not when a town of the name lies in a named region too: "Nikopol" in an
                # article on the Kharkiv and Dnipropetrovsk regions is the town)
                s += w.village_in_named_region
        if c.kind == "admin1":
            s += min(2.0, w.places_in_region * ctx.places_in_admin1[region])
            if not m.want_admin1 and any(
                o.kind == "city"
                and (o.country_code, o.admin1_code) == region
                and o.population >= _NAMESAKE_POPULATION
                for o in m.candidates[:6]
            ):
                s += w.namesake_region
        if c.kind in ("city", "admin2"):
            others = [(lat, lon) for lat, lon, key in ctx.points if key != m.key]
            if others:
                near = min(haversine_km(c.lat, c.lon, lat, lon) for lat, lon in others)
                if near < 150:
                    s += w.near_other_place
                elif near < 500:
                    s += w.fairly_near_other_place
        return s


@dataclass
class _Context:
    countries: Counter[str]
    peoples: Counter[str]
    admin1s: Counter[tuple[str | None, str | None]]
    places_in_admin1: Counter[tuple[str | None, str | None]]
    points: list[tuple[float, float, str]]

    @classmethod
    def from_mentions(cls, mentions: list[_Mention]) -> _Context:
        countries: Counter[str] = Counter()
        peoples: Counter[str] = Counter()
        admin1s: Counter[tuple[str | None, str | None]] = Counter()
        places_in_admin1: Counter[tuple[str | None, str | None]] = Counter()
        points: list[tuple[float, float, str]] = []
        seen: set[tuple[str, int]] = set()
        for m in mentions:
            if m.demonym is not None and m.demonym.country_code:
                peoples[m.demonym.country_code] += 1
                continue
            c = m.choice or (m.candidates[0] if m.candidates else None)
            if c is None or (m.key, c.geonameid) in seen:
                continue
            seen.add((m.key, c.geonameid))
            confident = m.choice is not None and m.confidence >= 0.75
            region = (c.country_code, c.admin1_code)
            if c.kind == "country" and c.country_code:
                countries[c.country_code] += 2
            elif c.kind == "admin1":
                admin1s[region] += 2
                if c.country_code:
                    countries[c.country_code] += 1
            elif c.kind == "admin2" and confident:
                admin1s[region] += 1
                places_in_admin1[region] += 1
                if c.country_code:
                    countries[c.country_code] += 1
            elif c.kind == "city" and confident and c.country_code:
                countries[c.country_code] += 1
                admin1s[region] += 0.5  # type: ignore[assignment]
                places_in_admin1[region] += 1
                points.append((c.lat, c.lon, m.key))
        return cls(countries, peoples, admin1s, places_in_admin1, points)


def _short_forms(mentions: list[_Mention]) -> None:
    """A town on a river named in full once ("Slavyansk-on-Kuban") and by its first part
    later ("the Slavyansk district") is that town, unless a place so named lies beside it.
    Other compound names are not shortened so ("Kamianka" is not "Kamianka-Dniprovska")."""
    full = {
        m.text.split("-", 1)[0].lower(): m
        for m in mentions
        if re.search(r"-(?:on|na|upon)-", m.text, re.I) and m.candidates
    }
    for m in mentions:
        long = full.get(m.text.lower())
        if long is None or long is m or m.demonym is not None or m.forms:
            continue
        town = long.candidates[0]
        if any(_fast_km(c.lat, c.lon, town.lat, town.lon) < 50 for c in m.candidates):
            continue
        m.candidates = [town]
        m.scores = [c.score for c in m.candidates]


def _fast_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def _add_mutual_proximity(mentions: list[_Mention]) -> None:
    """Reward candidates that lie near some candidate of another name in the article.

    Local news names neighbouring towns ("Paris" and "Henry County" in Tennessee); no single
    one is certain, but the readings that sit together are likely the right ones.
    """
    by_key: dict[str, list[Place]] = {}
    for m in mentions:
        if m.candidates and m.key not in by_key:
            top = m.candidates[0]
            # A name that is first of all a country or region ("Mexico", "California") is
            # not pulled toward a same-named town by its neighbours.
            if top.kind in _BIG_KINDS:
                by_key[m.key] = [
                    c
                    for c in m.candidates[:4]
                    if c.kind in ("city", "admin2") and top.score - c.score < 2.0
                ]
            else:
                by_key[m.key] = [c for c in m.candidates[:4] if c.kind in ("city", "admin2")]
    keys = [k for k, v in by_key.items() if v]
    if len(keys) < 2:
        return
    bonus_by_key: dict[str, dict[int, float]] = {}
    for key in keys:
        bonus: dict[int, float] = {}
        for c in by_key[key]:
            near = 0
            for other in keys:
                if other == key:
                    continue
                if any(_fast_km(c.lat, c.lon, o.lat, o.lon) < 80 for o in by_key[other]):
                    near += 1
            if near:
                bonus[c.geonameid] = min(3.0, 1.0 * near)
        bonus_by_key[key] = bonus
    for m in mentions:
        m.proximity = bonus_by_key.get(m.key, {})


def _contains(container: Place, place: Place) -> bool:
    if container.geonameid == place.geonameid:
        return False
    if container.kind == "country":
        return place.country_code == container.country_code
    if container.kind == "admin1":
        return (place.country_code, place.admin1_code) == (
            container.country_code,
            container.admin1_code,
        )
    return haversine_km(container.lat, container.lon, place.lat, place.lon) < 50


def _confidence(margin: float, m: _Mention) -> float:
    conf = 1.0 / (1.0 + math.exp(-1.5 * margin))
    if m.source == "gazetteer":
        conf *= 0.9
    return max(0.05, min(0.99, conf))


_PROVINCE_NAME = re.compile(r"\b(?:oblast|oblast'|kray|krai|region|province|governorate)\b", re.I)


def _provinces_first(candidates: list[Place]) -> list[Place]:
    """ "Moscow region" is the oblast around the city, not the city that is a region of its
    own (GeoNames "Moskva"): when the text says "region" (or "regions" after a list) and some
    first-level units of the name are named as provinces, the reading is one of them."""
    provinces = [c for c in candidates if _PROVINCE_NAME.search(c.name)]
    return provinces or candidates


def _strip_region_word(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[-1].lower() in _REGION_WORDS:
        return " ".join(words[:-1])
    return text


def _village_reading(m: _Mention) -> Place | None:
    """The mention's reading when it is a village (a town under 10,000 people)."""
    c = m.choice
    if c is None or m.demonym is not None or c.kind != "city":
        return None
    return c if c.population < _VILLAGE_POPULATION else None


def _outside_its_container(m: _Mention) -> bool:
    """ "Pervomaiske, Kherson region" where every village of that name the gazetteer knows
    lies in another region: the one meant is missing, and the reading would be a wrong dot."""
    c = _village_reading(m)
    if c is None:
        return False
    if any(x.kind in ("admin1", "country") for x in m.candidates):
        return False  # "Idaho, Maine, Montana": a list of regions, not a town and its region
    held = [k.choice for k in m.containers if k.choice is not None and k.demonym is None]
    held = [k for k in held if k.kind == "admin1"]  # a region's extent is its code, not a radius
    return bool(held) and not any(_contains(k, c) for k in held)


_LIST_GAP = 6  # ", and " — at most this much between two names of one list
_LIST_REACH_KM = 100.0  # villages named in one list lie in one district or two
_LIST_NEAR_KM = 50.0  # ... and most often within one


def _lists(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Runs of names written one after another ("A, B and C")."""
    runs: list[list[_Mention]] = []
    for m in sorted((m for m in mentions if m.demonym is None), key=lambda m: m.start):
        if runs and 0 < m.start - runs[-1][-1].end <= _LIST_GAP:
            runs[-1].append(m)
        else:
            runs.append([m])
    return [run for run in runs if len(run) >= 3]


def _far_from_its_list(mentions: list[_Mention]) -> set[int]:
    """ "in Andriyivka, Novohryhorivka and Myrnohrad": a village reading far from every other
    name of its list and in another region, while the other names lie together, is a
    namesake of the one meant (which the gazetteer lacks)."""
    stray = set()
    for run in _lists(mentions):
        if any(m.want_admin1 or m.want_admin2 for m in run):
            continue  # "Barrow, Jackson and Madison counties": a list of units, not villages
        # "Oroville, Calif., to Montana": a list with a region in it is no list of villages
        villages = not any(c.kind in ("admin1", "country") for m in run for c in m.candidates[:3])
        for _ in range(2):  # a second look without the namesakes the first one found
            placed = [
                m
                for m in run
                if m.choice is not None and m.choice.kind == "city" and id(m) not in stray
            ]
            stray |= _far_in_run(placed, villages)
    return stray


def _far_in_run(placed: list[_Mention], villages: bool) -> set[int]:
    """The villages of one list placed far from the others, which lie together."""
    stray = set()
    for m in placed:
        c = m.choice
        assert c is not None
        if c.population >= _VILLAGE_POPULATION:
            continue
        others = [o.choice for o in placed if o is not m and o.choice is not None]
        if len(others) < 2 and not (
            villages
            and others
            and all(
                o.population >= _VILLAGE_POPULATION and o.country_code == c.country_code
                for o in others
            )
        ):
            continue  # one other village: which of the two is the namesake is not known
        near = [haversine_km(c.lat, c.lon, o.lat, o.lon) <= _LIST_REACH_KM for o in others]
        together = all(
            haversine_km(a.lat, a.lon, b.lat, b.lon) <= _LIST_REACH_KM
            for i, a in enumerate(others)
            for b in others[i + 1 :]
        )
        elsewhere = all(
            (o.country_code, o.admin1_code) != (c.country_code, c.admin1_code) for o in others
        )
        # far from all and in another region, or farther than one district from a close group
        apart = villages and all(
            o.country_code == c.country_code
            and haversine_km(c.lat, c.lon, o.lat, o.lon) > _LIST_NEAR_KM
            and haversine_km(o.lat, o.lon, others[0].lat, others[0].lon) <= _LIST_NEAR_KM
            for o in others
        )
        if together and ((not any(near) and elsewhere) or apart):
            stray.add(id(m))
    return stray


_NEARBY_CHARS = 600  # a village is drawn at a place on its line or at most this far from it


def _nearby_points(mentions: list[_Mention], stray: set[int]) -> dict[int, Place]:
    """Best points for villages the gazetteer lacks: a name the text calls a village (or
    lists among villages) that the gazetteer does not know, or whose only readings are
    namesakes far away (``stray``), is drawn at the town or district the text puts it in,
    else at the nearest town named beside it. The point is approximate (geo_precision 2)
    and carries no GeoNames id."""

    def anchor(m: _Mention) -> bool:
        c = m.choice
        return (
            c is not None
            and m.demonym is None
            and id(m) not in stray
            and c.kind in ("city", "admin2")
            and not m.want_admin1
        )

    anchors = [m for m in mentions if anchor(m)]
    listed = {id(m) for run in _lists(mentions) for m in run}
    points: dict[int, Place] = {}
    for m in mentions:
        if m.demonym is not None or m.disease or m.want_admin1 or m.want_admin2:
            continue
        if not (m.settlement or id(m) in listed):
            continue  # a stray reading of a name not said to be a village: no dot at all
        if id(m) not in stray and m.candidates:
            continue
        held = [k for k in m.containers if anchor(k)]
        # the nearest name before it on its line ("- Hlyboke community: near X village ..."),
        # else on its line, else nearby
        beside = sorted(
            (
                a
                for a in anchors
                if a.key != m.key and (a.line == m.line or abs(a.start - m.start) <= _NEARBY_CHARS)
            ),
            key=lambda a: (a.line != m.line, a.start > m.start, abs(a.start - m.start)),
        )
        found = (held or beside)[:1]
        if found and found[0].choice is not None:
            points[id(m)] = replace(
                found[0].choice, geonameid=0, name=m.text, kind="city", population=0
            )
    return points


def _stray_villages(mentions: list[_Mention]) -> set[int]:
    """Mentions resolved to a village far from everything else the article places, outside
    the regions it names: most likely another village of that name the gazetteer lacks (a
    wrong dot is worse than none)."""
    stray = {id(m) for m in mentions if _outside_its_container(m)}
    stray |= _far_from_its_list(mentions)
    regions = {
        (m.choice.country_code, m.choice.admin1_code)
        for m in mentions
        if m.choice is not None and m.demonym is None and m.choice.kind == "admin1"
    }
    if not regions:
        return stray
    # (anchor, vouches for a named village): a town, or a village read confidently — but
    # villages outside the named regions vouch for no village the text names as one: they
    # may be namesakes read together, all wrong
    anchors = [
        (
            m.key,
            m.choice.lat,
            m.choice.lon,
            m.choice.population >= _VILLAGE_POPULATION
            or (m.choice.country_code, m.choice.admin1_code) in regions,
        )
        for m in mentions
        if m.choice is not None
        and m.demonym is None
        and m.choice.kind in ("city", "admin2")
        and (m.choice.population >= _VILLAGE_POPULATION or m.confidence >= 0.9)
    ]
    for m in mentions:
        c = _village_reading(m)
        if c is None or (c.country_code, c.admin1_code) in regions:
            continue
        others = [
            (lat, lon)
            for key, lat, lon, sure in anchors
            if key != m.key and (sure or not m.settlement)
        ]
        if others and min(haversine_km(c.lat, c.lon, lat, lon) for lat, lon in others) > 150:
            stray.add(id(m))
    return stray
