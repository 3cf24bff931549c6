"""Candidate generation: the gazetteer readings a written form can really mean, and the
countries an article is about (which make rare names of their places trustworthy)."""

from __future__ import annotations

import re
from typing import Any

# Word frequencies tell a capitalised common word ("Police", "March") from a town.
from wordfreq import zipf_frequency as _zipf

from geonews.gazetteer.index import Gazetteer, Place
from geonews.gazetteer.normalize import normalize, strip_possessive
from geonews.geoparse.model import (
    _BIG_KINDS,
    _COMMON_WORD_ZIPF,
    _LEADING,
    _MAJOR_POPULATION,
    _MAX_CANDIDATES,
    _MIN_POPULATION,
    _NEVER_PLACES,
    _RARE_WORD_ZIPF,
)
from geonews.parsed import entities


class CandidateFinder:
    """Gazetteer readings of written names (needs ``self.gazetteer``)."""

    gazetteer: Gazetteer

    def _focus_countries(self, docs: list[Any]) -> frozenset[str]:
        """The countries an article is about: those it names, or whose people it names."""
        found: set[str] = set()
        for doc in docs:
            for ent in entities(doc):
                if ent.label_ not in ("GPE", "NORP", "LOC", "ORG", "FAC"):
                    continue
                text = _LEADING.sub("", ent.text)
                country = self.gazetteer.demonym(text)
                if country is None and ent.label_ != "NORP":
                    # a country, a first-level region or a big city fixes the country too
                    places = self._candidates(strip_possessive(text))
                    country = next(
                        (
                            p
                            for p in places[:1]
                            if p.name_type <= 1
                            and (
                                p.kind in ("country", "admin1") or p.population >= _MAJOR_POPULATION
                            )
                        ),
                        None,
                    )
                if country is not None and country.country_code:
                    found.add(country.country_code)
        # a war or a border story names one side and happens on the other: the neighbours of
        # the countries named count too (only for names that are rare English words)
        for code in list(found):
            found |= self.gazetteer.neighbours(code)
        return frozenset(found)

    def _focus_place(self, surface: str, focus: frozenset[str]) -> bool:
        """A name that is rare as an English word and names a place in a country the article
        is about ("Avdiivka", "Kryvyi Rih" in a report on Ukraine), whatever NER called it."""
        if not focus:
            return False
        words = [w for w in re.split(r"[\s-]+", surface) if w]
        if not words or len(words) > 4:
            return False
        freqs = [_zipf(w.lower(), "en") for w in words if w.isalpha()]
        if not freqs:
            return False
        if (
            len(words) > 1
            and max(freqs) < _COMMON_WORD_ZIPF
            and any(
                c.country_code in focus and c.kind == "city" and c.population >= _MAJOR_POPULATION
                for c in self._candidates(surface)[:5]
            )
        ):
            return True  # "Khan Younis" called PERSON: a big city of the article's countries
        if min(freqs) >= _RARE_WORD_ZIPF or max(freqs) >= _COMMON_WORD_ZIPF - 0.5:
            return False  # one rare word at least ("Chasiv Yar"), no common one ("Black Sea")
        if len(words) == 1 and normalize(surface) in _NEVER_PLACES:
            return False
        for place in self._candidates(surface)[:8]:
            if place.country_code in focus and place.kind in ("city", "admin1", "admin2"):
                return True
        return False

    # -- recognition ----------------------------------------------------------------------
    def _lookup(self, key: str, **kwargs: Any) -> list[Place]:
        if not normalize(key):
            return []
        return self.gazetteer.lookup(key, limit=_MAX_CANDIDATES, **kwargs)

    def _candidates(self, surface: str, **kwargs: Any) -> list[Place]:
        """Gazetteer candidates a written form can really mean."""
        compact = surface.replace(".", "").replace(" ", "")
        acronym = compact.isupper() and len(compact) <= 5
        result = []
        for place in self._lookup(surface, **kwargs):
            if place.name_type == 4:
                continue  # other scripts, lower-case romanisations
            if place.name_type == 3 and not compact.isupper():
                continue  # codes ("VA", "PA") only when written in capitals
            if place.name_type == 5 and "." not in surface:
                continue  # "Kan." yes, "Kan" no
            if (
                len(compact) == 2
                and compact.isupper()
                and place.kind != "country"
                and place.country_code != "US"
            ):
                continue  # "TB", "ER": two capitals are a country ("UK") or a US state ("NY"), or nothing
            if acronym and "." not in surface and place.kind not in ("country", "admin1"):
                continue  # "KBR", "CBS": an acronym is a country or a state, not a town
            result.append(place)
        return result

    def _is_region_or_country(self, word: str) -> bool:
        """ "Egypt" in a mislabelled PERSON "Rethinking Egypt" is still Egypt."""
        places = self._candidates(word)
        return bool(places) and places[0].kind in _BIG_KINDS and places[0].name_type <= 1

    def _is_known_place(
        self,
        surface: str,
        *,
        relaxed: bool = False,
        min_population: int = _MIN_POPULATION,
        allow_codes: bool = True,
    ) -> bool:
        """Whether a capitalised word sequence names a place worth trusting without NER."""
        words = surface.split()
        if len(words) == 1 and normalize(surface) in _NEVER_PLACES:
            return False
        common = len(words) == 1 and _zipf(surface.lower(), "en") >= _COMMON_WORD_ZIPF
        for place in self._candidates(surface)[:5]:
            if place.name_type == 3 and not allow_codes:
                continue  # "FM 678", "PA system": bare codes need NER to call them places
            major = place.kind in _BIG_KINDS or place.population >= 1_000_000
            if common and not major and not relaxed:
                continue
            if place.kind in _BIG_KINDS or place.population >= min_population:
                return True
            if relaxed:
                return True
        return False
