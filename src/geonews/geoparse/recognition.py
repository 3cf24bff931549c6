"""Recognition: spaCy NER followed by a gazetteer pass, region and district cues, hromada
adjectives, containers and attackers — the mentions of one parsed piece of text."""

from __future__ import annotations

import re
from typing import Any

# Word frequencies tell a capitalised common word ("Police", "March") from a town.
from wordfreq import zipf_frequency as _zipf

from geonews.gazetteer.index import Place, haversine_km
from geonews.gazetteer.normalize import normalize, strip_possessive
from geonews.geoparse.candidates import CandidateFinder
from geonews.geoparse.model import (
    _ADJECTIVE_COUNTRIES,
    _ADJECTIVE_FORMS,
    _ADJECTIVE_OVERRIDABLE,
    _ATTACK_LEMMAS,
    _BIG_KINDS,
    _BLOCKING_LABELS,
    _CITY_WITH_DISTRICTS,
    _CIVIC_WORDS,
    _COMMUNITY_WORDS,
    _COMPASS_WORDS,
    _DISEASE_WORDS,
    _DISTRICT_ADJECTIVE_ENDINGS,
    _DISTRICT_WORDS,
    _INSTITUTION_WORDS,
    _LEADING,
    _LIST_GLUE,
    _MAJOR_POPULATION,
    _MIN_POPULATION,
    _NAME_CONTINUATIONS_OK,
    _NAME_GLUE,
    _PLACE_CUES,
    _PLACE_LABELS,
    _RAION_WORDS,
    _REGION_PLURALS,
    _REGION_WORDS,
    _RELABEL_LABELS,
    _SETTLEMENT_AFTER_NAME,
    _SETTLEMENT_NOUNS,
    _SPEAKING_VERBS,
    _TITLES,
    _UNIT_TRAILERS,
    Owner,
    _Mention,
)
from geonews.parsed import entities, tokens_lowered


class Recognizer(CandidateFinder):
    """Mentions of places in a spaCy ``Doc`` (needs ``self.gazetteer``)."""

    def _recognise(
        self, doc: Any, offset: int, focus: frozenset[str] = frozenset()
    ) -> list[_Mention]:
        text = doc.text
        person_words: set[str] = set()
        focus_ents: dict[int, list[tuple[int, int]]] = {}
        for ent in entities(doc):
            if ent.label_ not in _RELABEL_LABELS | _PLACE_LABELS:
                continue
            if _after_title(ent) or _before_first_name_surname(ent):
                continue
            pieces = _split_list(ent)
            listed = len(pieces) > 1
            parts = [
                (a, b)
                for a, b in pieces
                if self._focus_place(strip_possessive(_LEADING.sub("", doc[a:b].text)), focus)
                or (
                    listed
                    and self._is_known_place(
                        strip_possessive(_LEADING.sub("", doc[a:b].text)), allow_codes=False
                    )
                )
            ]
            # "Zarichne, Hrushivka" as one ORG: each part that is a place in the article's
            # countries is a place; a PLACE-labelled entity keeps its usual path otherwise
            if parts and (ent.label_ not in _PLACE_LABELS or len(parts) > 1):
                focus_ents[ent.start] = parts
        for ent in entities(doc):
            if ent.start in focus_ents:
                continue
            # "Village Malakal", "Rethinking Egypt": a common word first is NER's mistake, not a name.
            if ent.label_ == "PERSON" and len(ent) > 1 and _zipf(ent[0].lower_, "en") < 4.5:
                person_words.update(
                    t.lower_ for t in ent if t.is_alpha and not self._is_region_or_country(t.text)
                )
        owner: list[str | None] = [None] * len(doc)
        mentions: list[_Mention] = []
        ner_keys: set[str] = set()
        inner: list[tuple[int, int]] = []  # entity spans to search for embedded place names

        def add(start_tok: int, end_tok: int, source: str, demonym: Place | None = None) -> None:
            span = doc[start_tok:end_tok]
            surface = span.text
            stripped = _LEADING.sub("", surface)
            lead = len(surface) - len(stripped)
            bare = strip_possessive(stripped)
            bare = bare.rstrip(",;:")
            if bare.endswith(".") and not span[-1].text.endswith("."):
                bare = bare.rstrip(".")
            if not bare:
                return
            start = span.start_char + lead
            end = start + len(bare)
            mention = _Mention(
                start=start + offset,
                end=end + offset,
                tok_start=start_tok,
                tok_end=end_tok,
                text=text[start:end],
                key=normalize(bare),
                source=source,
                demonym=demonym,
                line=(offset, text.count("\n", 0, start)),
            )
            if mention.key:
                mentions.append(mention)
                for i in range(start_tok, end_tok):
                    owner[i] = Owner.TOPONYM

        for ent in entities(doc):
            label = ent.label_
            words = [t for t in ent if t.is_alpha]
            if ent.start in focus_ents and not any(w.lower_ in person_words for w in words):
                for a, b in focus_ents[ent.start]:
                    add(a, b, "relabel")
                continue
            if label in ("NORP", "GPE") and 1 <= len(words) <= 2:
                country = self.gazetteer.demonym(ent.text)
                if country is None and label == "NORP" and not self._candidates(ent.text):
                    country = self._demonym(ent.text)
                if country is not None:
                    add(ent.start, ent.end, "ner", demonym=country)
                    continue
            if (
                label in _PLACE_LABELS
                and len(words) == 1
                and (
                    (ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in _TITLES)
                    or words[0].lower_ in person_words  # "Maya Harden" ... "Harden"
                )
            ):
                for k in range(ent.start, ent.end):
                    owner[k] = "PERSON"
                continue
            if label in _PLACE_LABELS and not any(t.text[:1].isupper() for t in ent):
                continue  # "the west bank of the river": a common phrase, not West Bank
            if label in _PLACE_LABELS:
                for a, b in _split_on_commas(ent):
                    part = doc[a:b]
                    surface = strip_possessive(_LEADING.sub("", part.text))
                    if (
                        not self._candidates(surface)
                        and b - a > 1
                        and doc[b - 1].lower_ in _UNIT_TRAILERS
                        and self._candidates(doc[a : b - 1].text)
                    ):
                        b -= 1  # "Plavni village" as one GPE: the place is "Plavni"
                        surface = doc[a:b].text
                    b = self._longer_name(doc, a, b)  # "Cherkaska" + "Lozova": one village
                    surface = strip_possessive(_LEADING.sub("", doc[a:b].text))
                    if self._candidates(surface):
                        add(a, b, "ner")
                        ner_keys.add(normalize(surface))
                    else:
                        inner.append((a, b))
                        for k in range(a, b):
                            owner[k] = Owner.INNER
                continue
            if label in _RELABEL_LABELS and self._relabel(ent, person_words):
                add(ent.start, ent.end, "relabel")
                continue
            if label in ("ORG", "FAC", "EVENT", "LAW") and len(ent) > 1:
                inner.append((ent.start, ent.end))
                for k in range(ent.start, ent.end):
                    owner[k] = Owner.INNER
                continue
            if label in _BLOCKING_LABELS or label in _RELABEL_LABELS:
                for i in range(ent.start, ent.end):
                    owner[i] = label

        # Place names inside organisation names and unresolved place phrases:
        # "the Texas Department of ...", "U.S. House", "Northeast Georgia".
        for a, b in inner:
            if _of_country_institution(doc[a:b]) or _news_outlet(doc[a:b]):
                continue  # "Ministry of Health of Georgia": the office, not the place
            self._scan(
                doc,
                a,
                b,
                owner,
                add,
                strict=True,
                ner_keys=ner_keys,
                person_words=person_words,
                focus=focus,
            )
        owner = [(Owner.BLOCK if o == Owner.INNER else o) for o in owner]

        # Hromadas and raions named by their adjective: "the Krasnopilska community".
        self._scan_adjectives(doc, owner, mentions, add, focus)

        # Gazetteer pass over what NER left unlabelled.
        self._scan(
            doc,
            0,
            len(doc),
            owner,
            add,
            strict=False,
            ner_keys=ner_keys,
            person_words=person_words,
            focus=focus,
        )

        # Villages the text names as such ("Kostiantynivka village", "the villages of A and B"),
        # known to the gazetteer or not: the resolver places unknown ones near their neighbours.
        _scan_settlements(doc, owner, mentions, add)
        self._community_stems(doc, mentions, focus)

        mentions = [
            m
            for m in mentions
            if not _names_an_administration(doc, text, m)
            and not _names_a_street(doc, text, m)
            and not _names_a_unit(text, m)
        ]
        for m in mentions:
            if (
                not m.forms
                and m.demonym is None
                and m.tok_end < len(doc)
                and doc[m.tok_end].lower_ in _RAION_WORDS
                and m.text.lower().endswith(_DISTRICT_ADJECTIVE_ENDINGS)
                and focus
            ):
                # "the Zhukovsky district", read by NER as a name: the raion of the town its
                # adjective comes from (Zhukovka) is a reading too, beside a town so spelt
                m.forms = (m.text, *_adjective_forms(m.text))
        self._join_on_river(doc, mentions, add)
        mentions.sort(key=lambda m: m.start)
        _mark_attackers(doc, mentions)
        self._mark_region_cues(doc, mentions, offset)
        self._link_containers(doc, mentions)
        return mentions

    def _scan(
        self,
        doc: Any,
        first: int,
        last: int,
        owner: list[str | None],
        add: Any,
        *,
        strict: bool,
        ner_keys: set[str],
        person_words: set[str],
        focus: frozenset[str] = frozenset(),
    ) -> None:
        """Add the longest known place names among tokens first..last not owned by an entity.

        ``strict`` (inside organisation names) accepts only countries, first-level regions,
        dotted state abbreviations, and towns only in local institutions' names.
        """
        civic = strict and any(t.lower_ in _CIVIC_WORDS for t in doc[first:last])
        i = first
        while i < last:
            if (owner[i] is not None and owner[i] != Owner.INNER) or not _name_like(doc[i]):
                i += 1
                continue
            matched = 0
            for length in (4, 3, 2, 1):
                j = i + length
                if j > last or any(owner[k] not in (None, Owner.INNER) for k in range(i, j)):
                    continue
                span = doc[i:j]
                if not _name_like(span[-1]) or not all(
                    _name_like(t) or t.text == "-" or t.lower_ in _NAME_GLUE for t in span
                ):
                    continue
                cue = (
                    j < len(doc)
                    and doc[j].lower_ in _REGION_WORDS | _REGION_PLURALS | _DISTRICT_WORDS
                )
                if not strict and not cue and not any(t.pos_ == "PROPN" for t in span):
                    continue
                if length == 1 and span[0].lower_ in person_words:
                    continue
                if i > 0 and doc[i - 1].lower_.rstrip(".") in _TITLES:
                    continue
                text = strip_possessive(span.text)
                key = normalize(text)
                if not strict and _inside_longer_name(doc, i, j):
                    continue
                if j < len(doc) and doc[j].text == "-" and (i == 0 or doc[i - 1].text != "-"):
                    continue  # "Agence France-Presse": part of a hyphenated name
                if strict and any(c.kind == "physical" for c in self._candidates(text)[:1]):
                    ok = False  # "Black Sea Fleet": a feature inside a name names the fleet
                elif strict:
                    ok = self._is_known_place(
                        text,
                        relaxed=key in ner_keys,
                        # Towns inside organisation names only for local institutions
                        # ("Dublin City Council", not "Columbia University").
                        min_population=_MIN_POPULATION if civic else 10**12,
                        allow_codes=False,
                    )
                else:
                    ok = self._is_known_place(
                        text, relaxed=key in ner_keys, allow_codes=False
                    ) or self._focus_place(text, focus)
                if ok:
                    add(i, j, "gazetteer")
                    matched = length
                    break
            i += matched or 1

    def _join_on_river(self, doc: Any, mentions: list[_Mention], add: Any) -> None:
        """ "Rostov-on-Don", "Slavyansk-on-Kuban": one town, not a town and a river or region."""
        for i in range(2, len(doc) - 2):
            a, b = i - 2, i + 3
            if not (
                doc[i].lower_ == "on"
                and doc[i - 1].text == doc[i + 1].text == "-"
                and not any(t.whitespace_ for t in doc[a : b - 1])
                and all(t.is_alpha and t.text[:1].isupper() for t in (doc[a], doc[b - 1]))
            ):
                continue
            if not self._candidates(doc[a:b].text):
                continue
            mentions[:] = [m for m in mentions if m.tok_end <= a or m.tok_start >= b]
            add(a, b, "gazetteer")

    def _longer_name(self, doc: Any, a: int, b: int) -> int:
        """Where NER cut a two-word village ("Cherkaska" of "Cherkaska Lozova"), the end of
        the longer name the gazetteer knows: up to two more capitalised words, unlabelled."""
        best = b
        for extra in (1, 2):
            end = b + extra
            if end > len(doc) or any(
                not (t.is_alpha and t.text[:1].isupper()) or t.ent_type_ for t in doc[b:end]
            ):
                break
            if any(p.name_type <= 2 for p in self._candidates(doc[a:end].text)):
                best = end
        return best

    def _scan_adjectives(
        self,
        doc: Any,
        owner: list[str | None],
        mentions: list[_Mention],
        add: Any,
        focus: frozenset[str],
    ) -> None:
        """ "the Kutsurubska and Ochakivska communities", "Pokrovskyi district": adjectives
        before a community or district word name the place they come from."""
        if not focus:
            return
        for tok in tokens_lowered(doc, _COMMUNITY_WORDS | _RAION_WORDS):
            k = tok.i - 1
            listed = k  # where the list of names before the unit word begins
            while listed >= 0 and (
                doc[listed].lower_ in _LIST_GLUE | _COMPASS_WORDS
                or doc[listed].text in ("-", "‑")
                or (doc[listed].text[:1].isupper() and doc[listed].is_alpha)
            ):
                listed -= 1
            while k >= 0:
                word = doc[k]
                if word.lower_ in _LIST_GLUE or (
                    # "the northern A and western B districts"
                    (word.lower_ in _COMPASS_WORDS or word.text in ("-", "‑"))
                    and k > 0
                    and doc[k - 1].lower_ in _LIST_GLUE | _COMPASS_WORDS | {"-", "‑"}
                    and tok.lower_ in _RAION_WORDS
                ):
                    k -= 1
                    continue
                if not word.text[:1].isupper() or not word.is_alpha:
                    break
                if tok.lower_ in _RAION_WORDS and not word.lower_.endswith(
                    _DISTRICT_ADJECTIVE_ENDINGS
                ):
                    break  # "Izium district": the town's name, read by the general pass
                forms = _adjective_forms(word.text)
                start = _hyphenated_start(doc, k)
                if start < k:
                    forms = tuple(f"{doc[start].text}-{f}" for f in forms)
                if owner[start] in _ADJECTIVE_OVERRIDABLE:
                    known = [
                        f
                        for f in forms
                        if any(
                            p.country_code in focus and p.kind in ("city", "admin2")
                            for p in self._candidates(f)[:5]
                        )
                    ]
                    unit = f"{word.text} {tok.text.rstrip('s')}"
                    city = (
                        self._nearest_city(doc, mentions, start, (listed + 1, tok.i))
                        if tok.lower_ in _DISTRICT_WORDS
                        and word.lower_.endswith(_DISTRICT_ADJECTIVE_ENDINGS)
                        else None
                    )
                    # "the X district of Kherson": a raion named X elsewhere is not meant
                    city_here = city and self._nearest_city(
                        doc, mentions, start, (listed + 1, tok.i), (tok.sent.start, tok.sent.end)
                    )
                    if (
                        tok.lower_ in _DISTRICT_WORDS
                        and any(
                            p.kind == "admin2" and p.country_code in focus
                            for p in self._candidates(unit)[:3]
                        )
                        and (not city_here or self._near_city([unit], city_here))
                    ):
                        known = [unit]  # "Dnistrovskyi district": the raion itself
                    elif city and self._city_district(known, city):
                        # a city district ("the Korabelnyi district" of Kherson): placed at
                        # the city the text names
                        known = [city]
                    if known and owner[start] != Owner.TOPONYM:
                        before = len(mentions)
                        add(start, k + 1, "gazetteer")
                        if len(mentions) > before:
                            mentions[-1].forms = tuple(known)
                            mentions[-1].district = tok.lower_ in _DISTRICT_WORDS and not any(
                                p.kind == "admin2" for p in self._candidates(known[0])[:1]
                            )
                elif tok.lower_ in _RAION_WORDS and word.lower_.endswith(
                    _DISTRICT_ADJECTIVE_ENDINGS
                ):
                    # NER read the district's adjective as a place: a district of the city
                    # the text names, when the gazetteer knows none of that name near it
                    city = self._nearest_city(doc, mentions, start, (listed + 1, tok.i))
                    found = next((m for m in mentions if m.tok_start == start), None)
                    if city and found is not None and not found.forms:
                        known = [f for f in forms if self._candidates(f)[:1]]
                        if self._city_district(known, city):
                            found.forms = (city,)
                            found.district = True
                k = start - 1
        # "Shelling took place in other communities: … in Khotynska and Bilopilska": in a
        # sentence about communities, a hromada adjective names its community alone too
        for sent in doc.sents:
            if not any(t.lower_ in _COMMUNITY_WORDS for t in sent):
                continue
            for word in sent:
                if (
                    owner[word.i] not in _ADJECTIVE_OVERRIDABLE
                    or not word.is_alpha
                    or not word.text[:1].isupper()
                    or not word.lower_.endswith(("ska", "skyi", "sky"))
                    or word.i == sent.start
                ):
                    continue
                start = _hyphenated_start(doc, word.i)
                if start < word.i and owner[start] not in _ADJECTIVE_OVERRIDABLE:
                    continue
                prefix = f"{doc[start].text}-" if start < word.i else ""
                known = [
                    prefix + f
                    for f in _adjective_forms(word.text)
                    if any(
                        p.country_code in focus and p.kind in ("city", "admin2")
                        for p in self._candidates(prefix + f)[:5]
                    )
                ]
                if known:
                    before = len(mentions)
                    add(start, word.i + 1, "gazetteer")
                    if len(mentions) > before:
                        mentions[-1].forms = tuple(known)

    def _community_stems(self, doc: Any, mentions: list[_Mention], focus: frozenset[str]) -> None:
        """ "Shelled communities: Krasnokut, Bohodukhiv and Zolochiv": a list of
        communities names them by the stem of their adjective ("Bilopil" of "Bilopilska")."""
        east = focus & set(_ADJECTIVE_COUNTRIES)
        for sent in doc.sents if east else ():
            if not any(t.lower_ in _COMMUNITY_WORDS for t in sent):
                continue
            named = sorted(
                (m for m in mentions if sent.start <= m.tok_start < sent.end),
                key=lambda m: m.tok_start,
            )
            runs: list[list[_Mention]] = []
            for m in named:
                if runs and all(
                    t.lower_ in _LIST_GLUE for t in doc[runs[-1][-1].tok_end : m.tok_start]
                ):
                    runs[-1].append(m)
                else:
                    runs.append([m])
            listed = [
                m for run in runs if len(run) >= 3 for m in run if not m.forms and m.demonym is None
            ]
            for m in listed:
                if m.text.lower().endswith(_DISTRICT_ADJECTIVE_ENDINGS) or " " in m.text:
                    continue
                known = [
                    f
                    for f in _adjective_forms(m.text + "ska")
                    if any(
                        p.kind in ("city", "admin2")
                        for p in self._candidates(
                            f, other_spellings=True, country_codes=tuple(east)
                        )[:5]
                    )
                ]
                if known:
                    m.forms = tuple(known)

    def _city_district(self, forms: list[str], city: str) -> bool:
        """A district of ``city`` is meant when the gazetteer knows no place of these forms
        near that city or in the region it may be."""
        return not self._near_city(forms, city) and not self._in_region(forms, city)

    def _in_region(self, forms: list[str], name: str) -> bool:
        """Does a form name a town in the region ``name`` may be ("the Kanevsky district of
        Krasnodar Krai": the stanitsa Kanevskaya is in that krai)?"""
        regions = {
            (c.country_code, c.admin1_code)
            for c in self._candidates(name)[:3]
            if c.kind == "admin1"
        }
        return any(
            (p.country_code, p.admin1_code) in regions
            for f in forms
            for p in self._candidates(f)[:5]
            if p.kind == "city"
        )

    def _near_city(self, forms: list[str], city: str) -> bool:
        centres = [c for c in self._candidates(city)[:3] if c.kind == "city"]
        return any(
            haversine_km(p.lat, p.lon, c.lat, c.lon) < 60
            for f in forms
            for p in self._candidates(f)[:3]
            for c in centres
        )

    def _nearest_city(
        self,
        doc: Any,
        mentions: list[_Mention],
        token: int,
        listed: tuple[int, int] = (0, 0),
        within: tuple[int, int] = (0, 1 << 30),
    ) -> str | None:
        """The big city named nearest before a token (else just after it), as written; not
        one of the names ``listed`` beside it ("the A, B and C districts": A is a district);
        only among the tokens ``within``, if given."""
        best: tuple[int, str] | None = None
        for m in mentions:
            if m.demonym is not None or listed[0] <= m.tok_start < listed[1]:
                continue
            if not within[0] <= m.tok_start < within[1]:
                continue
            if _in_compound(doc, m):
                continue  # "the pro-Moscow leader", "Kyiv-controlled": no city named there
            if not any(
                c.kind == "city" and c.population >= _CITY_WITH_DISTRICTS
                for c in self._candidates(m.text)[:3]
            ):
                continue
            distance = token - m.tok_end if m.tok_end <= token else 3 * (m.tok_start - token)
            if distance > _CITY_REACH:
                continue  # a city paragraphs away does not own this district
            if distance >= 0 and (best is None or distance < best[0]):
                best = (distance, m.text)
        # "Kyiv mayor X reported blasts in the A and B districts": a city in an office's
        # title (no toponym of its own) names the city too
        reach = best[0] if best else _CITY_REACH
        for i in range(token - 1, max(within[0] - 1, token - 1 - reach), -1):
            word = doc[i]
            if (
                i + 1 < len(doc)
                and doc[i + 1].lower_ in _CITY_OFFICES
                and word.is_alpha
                and word.text[:1].isupper()
                and any(
                    c.kind == "city" and c.population >= _CITY_WITH_DISTRICTS
                    for c in self._candidates(word.text)[:3]
                )
            ):
                return str(word.text)
        return best[1] if best else None

    def _demonym(self, text: str) -> Place | None:
        """The country or region a people-word names: "Russian", "Sri Lankan", "Palestinians"."""
        word = _LEADING.sub("", text).strip()
        country = self.gazetteer.demonym(word)
        if country is not None:
            return country
        singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
        stems = []
        if singular.endswith("ian"):
            stems += [singular[:-3] + "e", singular[:-3] + "ia", singular[:-1]]
        if singular.endswith("an"):
            stems += [singular[:-1], singular[:-2] + "a", singular[:-2]]
        if singular.endswith("i"):
            stems += [singular[:-1]]
        if singular.endswith("ese"):
            stems += [singular[:-3], singular[:-3] + "a"]
        if singular.endswith("ish"):
            stems += [singular[:-3], singular[:-3] + "land"]
        for stem in stems:
            if len(stem) < 3 or not normalize(stem):
                continue
            for place in self.gazetteer.lookup(stem, kinds=["country", "admin1"], limit=3):
                if place.name_type <= 1:
                    return place
        return None

    def _relabel(self, ent: Any, person_words: set[str]) -> bool:
        words = [t for t in ent if t.is_alpha]
        if len(words) != 1:
            # Longer PERSON/ORG spans are kept only when they are exactly a country/region.
            places = self._lookup(_LEADING.sub("", ent.text))
            return bool(places) and places[0].kind in _BIG_KINDS and places[0].name_type <= 1
        word = words[0]
        if word.lower_ in person_words or word.lower_ in _TITLES:
            return False
        doc = ent.doc
        prev = doc[ent.start - 1] if ent.start > 0 else None
        if prev is not None and prev.lower_.rstrip(".") in _TITLES:
            return False
        nxt = doc[ent.end] if ent.end < len(doc) else None
        if nxt is not None and nxt.is_title and nxt.pos_ == "PROPN":
            return False  # first name of an unlabelled person ("Vladimir Putin")
        cue = (
            (prev is not None and prev.lower_ in _PLACE_CUES)
            or (nxt is not None and nxt.lower_ in _REGION_WORDS | _REGION_PLURALS)
            or _in_place_list(ent)
            or self._among_towns(ent)
        )
        return self._is_known_place(
            word.text,
            min_population=_MIN_POPULATION if cue else _MAJOR_POPULATION,
            allow_codes=False,
        )

    def _among_towns(self, ent: Any) -> bool:
        """ "Bucha, Irpin and Hostomel were shelled", whatever labels NER gave them: one of
        three or more names listed together, each a town of one country."""
        members = _coordinated(ent)
        if len(members) < 3:
            return False
        countries: set[str | None] = set()
        for member in members:
            surface = strip_possessive(_LEADING.sub("", member.text))
            if not self._is_known_place(surface, allow_codes=False):
                return False
            top = self._candidates(surface)[:1]
            countries.update(p.country_code for p in top)
        return len(countries) == 1

    def _mark_region_cues(self, doc: Any, mentions: list[_Mention], offset: int) -> None:
        by_token: dict[int, _Mention] = {}
        for m in mentions:
            for i in range(m.tok_start, m.tok_end):
                by_token[i] = m
        for m in mentions:
            if m.demonym is not None:
                continue
            last = doc[m.tok_end - 1]
            if last.lower_ in _REGION_WORDS:
                m.want_admin1 = True
            nxt = doc[m.tok_end] if m.tok_end < len(doc) else None
            if nxt is not None and nxt.lower_ in ("’s", "'s"):
                nxt = doc[m.tok_end + 1] if m.tok_end + 1 < len(doc) else None
            if nxt is not None and nxt.lower_ in _REGION_WORDS | _REGION_PLURALS:
                m.want_admin1 = True
            if (last.lower_ in _DISTRICT_WORDS) or (
                nxt is not None and nxt.lower_ in _DISTRICT_WORDS
            ):
                m.want_admin1, m.want_admin2 = False, True
                m.district = True  # resolved to a town, it is that district of a city
            if nxt is not None and nxt.lower_ in _DISEASE_WORDS:
                m.disease = True
        # "the region of Mykolaiv", "the southern region of Mykolaiv": the region named after X
        for tok in tokens_lowered(doc, ("region", "oblast", "province")):
            if (
                tok.i + 2 < len(doc)
                and doc[tok.i + 1].lower_ == "of"
                and tok.i + 2 in by_token
                and by_token[tok.i + 2].tok_start == tok.i + 2
                and any(t.lower_ == "the" for t in doc[max(0, tok.i - 4) : tok.i])
            ):
                by_token[tok.i + 2].want_admin1 = True
        # "the regions of A, B, and C" and "the A and B regions"
        for tok in tokens_lowered(doc, _REGION_PLURALS | {"districts", "raions", "counties"}):
            if tok.lower_ in ("districts", "raions", "counties"):
                k = tok.i - 1
                while k >= 0:
                    if k in by_token:
                        by_token[k].want_admin1, by_token[k].want_admin2 = False, True
                        k = by_token[k].tok_start - 1
                    elif doc[k].lower_ in _LIST_GLUE:
                        k -= 1
                    else:
                        break
                continue
            if tok.lower_ not in _REGION_PLURALS:
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of":
                k = tok.i + 2
                while k < len(doc):
                    if k in by_token:
                        by_token[k].want_admin1 = True
                        k = by_token[k].tok_end
                    elif doc[k].lower_ in _LIST_GLUE:
                        k += 1
                    else:
                        break
            k = tok.i - 1
            while k >= 0:
                if k in by_token:
                    by_token[k].want_admin1 = True
                    k = by_token[k].tok_start - 1
                elif doc[k].lower_ in _LIST_GLUE:
                    k -= 1
                else:
                    break

    def _link_containers(self, doc: Any, mentions: list[_Mention]) -> None:
        """ "X, Y" / "X in Y" / "X in Y’s Z": Y (and Z) are containers of X."""
        by_start = {m.tok_start: m for m in mentions}
        for m in mentions:
            k = m.tok_end
            if k < len(doc) and doc[k].lower_ in (",", "in", "near", "outside", "of"):
                k += 1
                if k < len(doc) and doc[k].lower_ == "the":
                    k += 1
                inner = by_start.get(k)
                if inner is not None and inner is not m:
                    m.containers.append(inner)
                    inner.contained.append(m)
                    k = inner.tok_end
                    if k < len(doc) and doc[k].lower_ in ("’s", "'s"):
                        outer = by_start.get(k + 1)
                        if outer is not None:
                            m.containers.append(outer)
                            outer.contained.append(m)

    # -- resolution -----------------------------------------------------------------------


_CITY_REACH = 60  # tokens between a city and "the X district" of it


def _hyphenated_start(doc: Any, k: int) -> int:
    """Start of a hyphenated name ending at token k ("Novhorod-Siverska"), else k. A dash
    with a space or line break before it is a bullet or a pause, not a hyphen."""
    if (
        k > 1
        and doc[k - 1].text == "-"
        and not doc[k - 1].whitespace_
        and not doc[k - 2].whitespace_
        and doc[k - 2].is_alpha
        and doc[k - 2].text[:1].isupper()
    ):
        return k - 2
    return k


def _name_like(token: Any) -> bool:
    t = token.text
    if not t or not t[0].isupper():
        return False
    if token.is_alpha:
        return True  # all capitals too: datelines write "KYIV", "DONETSK"
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,}|[A-Z][\w’'.-]*", t))


# "Frontline village", "Olympic village": common words, not names; "Nova", "Hai" are
# names when the tagger says so
_RARE_NAME_ZIPF = 3.0
_COMMON_NAME_ZIPF = 4.3


def _settlement_name_end(doc: Any, i: int) -> int:
    """End of the settlement name starting at token i: up to three capitalised words of
    little English use, joined by spaces or hyphens ("Mykhalchyna Sloboda", "Novo-Oleksandrivka")."""
    j = i
    while j < len(doc) and j - i < 5:
        t = doc[j]
        if t.text in ("-", "'", "’") and j > i and not doc[j - 1].whitespace_:
            j += 1
            continue
        if not (_name_like(t) and t.is_alpha):
            break
        zipf = _zipf(t.lower_, "en")
        if zipf >= _RARE_NAME_ZIPF and (t.pos_ != "PROPN" or zipf >= _COMMON_NAME_ZIPF):
            break
        j += 1
    while j > i and not doc[j - 1].is_alpha:
        j -= 1
    return j


def _settlement_names(doc: Any) -> list[tuple[int, int]]:
    """Token spans the text names as villages: "Hlyboke village", "the village of Hlyboke",
    "the villages of Hlyboke, Vilkhuvatka and Lyptsi"."""
    spans: list[tuple[int, int]] = []
    for t in tokens_lowered(doc, _SETTLEMENT_NOUNS):
        if t.text not in _SETTLEMENT_NOUNS:  # lower case: "Greenwich Village" is one name
            continue
        if t.text in _SETTLEMENT_AFTER_NAME:
            i = t.i
            while i > 0 and t.i - i < 3 and _settlement_name_end(doc, i - 1) == t.i:
                i -= 1
            if i < t.i:
                spans.append((i, t.i))
        if t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "of":
            k = t.i + 2
            plural = t.text.endswith("s")
            while k < len(doc):
                end = _settlement_name_end(doc, k)
                if end == k:
                    break
                spans.append((k, end))
                if not plural:
                    break
                k = end
                if k < len(doc) and doc[k].text == ",":
                    k += 1
                if k < len(doc) and doc[k].lower_ in ("and", "or"):
                    k += 1
                elif k == end:
                    break
    return spans


def _listed_with(doc: Any, mentions: list[_Mention]) -> list[tuple[int, int]]:
    """Names listed with a place ("fighting near A, B and C", B known): in a list of at
    least three, the rare capitalised names beside a place are places too."""
    spans: list[tuple[int, int]] = []
    for m in mentions:
        if m.demonym is not None or m.want_admin1:
            continue
        run = [(m.tok_start, m.tok_end)]
        k = m.tok_end  # rightwards: ", B", ", and C", " and C"
        while k < len(doc) and doc[k].text in (",", "and") and not doc[k].is_sent_end:
            k += 1 + (doc[k].text == "," and k + 1 < len(doc) and doc[k + 1].lower_ == "and")
            end = _settlement_name_end(doc, k)
            if end == k:
                break
            run.append((k, end))
            k = end
        k = m.tok_start  # leftwards: "A, " before it
        while k >= 2 and doc[k - 1].text == ",":
            start = k - 2
            while start > 0 and _settlement_name_end(doc, start - 1) == k - 1:
                start -= 1
            if _settlement_name_end(doc, start) != k - 1:
                break
            run.insert(0, (start, k - 1))
            k = start
        if len(run) >= 3:
            spans.extend(span for span in run if span != (m.tok_start, m.tok_end))
    return spans


def _scan_settlements(
    doc: Any, owner: list[str | None], mentions: list[_Mention], add: Any
) -> None:
    by_span = {(m.tok_start, m.tok_end): m for m in mentions}
    for a, b in _settlement_names(doc) + _listed_with(doc, mentions):
        known = by_span.get((a, b))
        if known is not None:
            known.settlement = True
            continue
        if any(owner[k] == Owner.TOPONYM for k in range(a, b)):
            continue
        # NER calls unknown Slavic names persons; the settlement word says otherwise, unless
        # the person's name runs on beyond the village's ("Ivan Hlyboke village"?)
        if any(
            e.label_ == "PERSON" and e.start < b and e.end > a and (e.start < a or e.end > b)
            for e in entities(doc)
        ):
            continue
        before = len(mentions)
        add(a, b, "settlement")
        for m in mentions[before:]:
            m.settlement = True


def _inside_longer_name(doc: Any, i: int, j: int) -> bool:
    """Whether tokens i..j are only part of a longer proper name ("Washington Latin School")."""
    nxt = doc[j] if j < len(doc) else None
    if (
        nxt is not None
        and nxt.pos_ == "PROPN"
        and nxt.text[:1].isupper()
        and nxt.lower_ not in _NAME_CONTINUATIONS_OK
        and nxt.lower_ not in _TITLES
    ):
        return True
    prev = doc[i - 1] if i > 0 else None
    if (
        prev is not None
        and prev.pos_ == "PROPN"
        and prev.text[:1].isupper()
        and not prev.is_sent_start
    ):
        return prev.lower_ not in _TITLES
    return False


def _mark_attackers(doc: Any, mentions: list[_Mention]) -> None:
    """ "Russian forces shelled X", "Ukrainian drones hit X": X is attacked by that people."""
    peoples = {m.tok_start: m.demonym.country_code for m in mentions if m.demonym is not None}
    if not peoples:
        return
    for m in mentions:
        if m.demonym is not None:
            continue
        head = doc[m.tok_end - 1]
        for _ in range(4):
            if head.head is head:
                break
            head = head.head
            if head.lemma_.lower() in _ATTACK_LEMMAS:
                for tok in head.subtree:
                    code = peoples.get(tok.i)
                    if code and tok.i < m.tok_start:
                        m.attacked_by = code
                        break
                break


_CITY_OFFICES = {"mayor", "city", "municipal"}


def _in_compound(doc: Any, m: _Mention) -> bool:
    """A name inside a hyphenated compound: "pro-Moscow", "Kyiv-controlled"."""
    dashes = ("-", "‑")
    before = m.tok_start > 0 and doc[m.tok_start - 1].text in dashes
    after = m.tok_end < len(doc) and doc[m.tok_end].text in dashes
    return bool(before or after) and m.demonym is None


def _adjective_forms(word: str) -> tuple[str, ...]:
    """Place names an adjective may come from: "Bilopilska" -> "Bilopil", "Bilopillia", …"""
    lowered = word.lower()
    forms: list[str] = []
    for ending, replacements in _ADJECTIVE_FORMS:
        if lowered.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            if stem.endswith("l"):
                forms.append(stem + "lia")  # -pilska from -pillia
            forms.extend(stem + r for r in replacements)
            if ending == "nska":
                forms.append(stem + "ia")
    for prefix, adjective in (("Velyko", "Velyka "), ("Malo", "Mala "), ("Novo", "Nova ")):
        for form in list(forms):
            if form.startswith(prefix) and len(form) > len(prefix) + 3:
                forms.append(adjective + form[len(prefix)].upper() + form[len(prefix) + 1 :])
    return tuple(dict.fromkeys(f for f in forms if len(f) > 2))


_ADMINISTRATION = re.compile(
    r"^(?:\s*(?:Oblast|Regional|City|District|Raion|Municipal|Region|Rayon)['’]?s?)?"
    r"(?:\s*(?:State|Military|Civil[- ]Military))?\s+(?:Administration|Council|Administrations)\b"
)


def _followed_by(doc: Any, text: str, m: _Mention, pattern: re.Pattern[str], width: int) -> bool:
    """Does ``pattern`` match right after the place name (within ``width`` characters)?"""
    if m.demonym is not None or m.tok_end == 0:
        return False
    last = doc[m.tok_end - 1]
    end = last.idx + len(last.text)
    return bool(pattern.match(text[end : end + width]))


def _names_an_administration(doc: Any, text: str, m: _Mention) -> bool:
    """ "Kharkiv Regional Military Administration", "Chernihiv Oblast Military
    Administration": a place name inside the name of an office (WARNEWS: no toponym)."""
    return _followed_by(doc, text, m, _ADMINISTRATION, 60)


_STREET = re.compile(
    r"\s+(?:street|st\.|avenue|ave\.|boulevard|blvd\.?|lane|prospekt|prospect|embankment)\b",
    re.I,
)


def _names_a_street(doc: Any, text: str, m: _Mention) -> bool:
    """ "in Kirov Street", "on Lviv Avenue": a street named after a place (WARNEWS: no
    toponym)."""
    return _followed_by(doc, text, m, _STREET, 16)


_UNIT_NAME = re.compile(
    r"\b(?:group|grouping|brigade|battalion|regiment|division|corps|unit|detachment|operation|command)"
    r"\s*[\"“«‘']$",
    re.I,
)


def _names_a_unit(text: str, m: _Mention) -> bool:
    """ "the Operational Tactical Group “Luhansk”": a military unit named after a place, in
    quotation marks (a place inside an organisation's name: no toponym)."""
    return m.demonym is None and bool(_UNIT_NAME.search(text[max(0, m.start - 40) : m.start]))


def _of_country_institution(span: Any) -> bool:
    """A national institution named with its country after "of": "the Ministry of Defence of
    Ukraine", "the Security Service of Moldova" (WARNEWS: no toponym)."""
    words = [t.lower_ for t in span]
    return (
        "of" in words
        and any(w in _INSTITUTION_WORDS for w in words)
        and span[-1].pos_ == "PROPN"
        and words[-2:-1] in (["of"], ["the"])
    )


_OUTLET_WORDS = frozenset(
    [
        "independent",
        "post",
        "times",
        "herald",
        "tribune",
        "journal",
        "gazette",
        "telegraph",
        "chronicle",
        "observer",
        "guardian",
        "pravda",
        "inquirer",
        "courier",
    ]
)


def _news_outlet(span: Any) -> bool:
    """A newspaper named after its city: "told the Kyiv Independent", "the Moscow Times"
    (WARNEWS: a place inside an organisation's name is no toponym)."""
    return len(span) >= 2 and span[-1].lower_ in _OUTLET_WORDS and span[-1].is_title


def _after_title(ent: Any) -> bool:
    doc = ent.doc
    return ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in _TITLES


def _before_first_name_surname(ent: Any) -> bool:
    """Part of a person's name: "Vladimir" before "Putin", "Tymoshenko" after "Kyrylo", or a
    single name that speaks ("Tymoshenko said")."""
    doc = ent.doc
    if len(ent) != 1:
        return False
    nxt = doc[ent.end] if ent.end < len(doc) else None
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if nxt is not None and nxt.is_title and nxt.pos_ == "PROPN":
        return True
    if nxt is not None and nxt.lower_ in _SPEAKING_VERBS:
        return True
    return bool(
        ent.label_ == "PERSON"
        and prev is not None
        and prev.is_title
        and prev.pos_ == "PROPN"
        and not prev.is_sent_start
        and prev.ent_type_ not in ("GPE", "LOC")
    )


_COORDINATION = {",", "and", "or"}


def _coordinated(ent: Any) -> list[Any]:
    """The entities listed with this one ("A, B and C"), in order, itself included."""
    doc = ent.doc
    key = ("geonews", "ents_by_edge")
    if key not in doc.user_data:  # once per document
        ents = entities(doc)
        doc.user_data[key] = ({e.end: e for e in ents}, {e.start: e for e in ents})
    by_end, by_start = doc.user_data[key]
    members = [ent]
    k = ent.start - 1
    while k >= 0 and doc[k].lower_ in _COORDINATION:
        while k >= 0 and doc[k].lower_ in _COORDINATION:
            k -= 1
        before = by_end.get(k + 1)
        if before is None:
            break
        members.insert(0, before)
        k = before.start - 1
    k = ent.end
    while k < len(doc) and doc[k].lower_ in _COORDINATION:
        while k < len(doc) and doc[k].lower_ in _COORDINATION:
            k += 1
        after = by_start.get(k)
        if after is None:
            break
        members.append(after)
        k = after.end
    return members


def _in_place_list(ent: Any) -> bool:
    """In a list introduced by "cities/towns/villages of" or after a locative preposition."""
    doc = ent.doc
    k = ent.start - 1
    while k >= 0 and (
        doc[k].lower_ in _LIST_GLUE or doc[k].ent_type_ in ("GPE", "ORG", "PERSON", "LOC")
    ):
        k -= 1
    if (
        k >= 1
        and doc[k].lower_ == "of"
        and doc[k - 1].lower_
        in (
            "cities",
            "towns",
            "villages",
            "city",
            "town",
            "village",
            "settlements",
            "areas",
            "regions",
        )
    ):
        return True
    return k >= 0 and k < ent.start - 1 and doc[k].lower_ in _PLACE_CUES


def _split_at(ent: Any, separator: Any) -> list[tuple[int, int]]:
    """The token ranges of an entity between the tokens ``separator`` accepts."""
    parts = []
    start = ent.start
    for tok in ent:
        if separator(tok):
            if tok.i > start:
                parts.append((start, tok.i))
            start = tok.i + 1
    if ent.end > start:
        parts.append((start, ent.end))
    return parts


def _split_list(ent: Any) -> list[tuple[int, int]]:
    """ "Kharkiv and Derhachi", "Zarichne, Hrushivka": the items of a list NER took as one name."""
    return _split_at(ent, lambda tok: tok.text in (",", "&") or tok.lower_ in ("and", "or"))


def _split_on_commas(ent: Any) -> list[tuple[int, int]]:
    """ "Paris, Texas" as one entity -> two mentions."""
    return _split_at(ent, lambda tok: tok.text == ",")
