"""Toponym recognition and resolution.

Recognition is spaCy NER followed by a gazetteer pass:

1. GPE/LOC entities are place candidates; NORP entities that name a country's people
   ("Russian", "Ukrainians") become ``kind="demonym"`` entries linked to their country.
2. One-word PERSON/ORG/NORP entities that are known places are relabelled — unless the word
   belongs to a person named elsewhere in the article ("Vitali Klitschko" … "Klitschko") or
   follows a title ("President Trump", "Gen. Yaroslav …").
3. Proper-noun n-grams NER missed are looked up in the gazetteer, never overwriting a person
   or organisation name.
4. Region cues ("the Dnipropetrovsk region", "Kherson Oblast", "the regions of A, B and C")
   ask for a first-level region.

Resolution ranks each mention's gazetteer candidates by population and kind, then by the
article's context: an explicit container ("Pavlohrad in Ukraine’s Dnipropetrovsk region",
"Paris, Texas"), the countries and regions the article mentions, and proximity to the other
places it names. A name keeps one meaning throughout an article. Each toponym gets a
confidence in [0, 1] from its margin over the runner-up.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

# Word frequencies tell a capitalised common word ("Police", "March") from a town.
from wordfreq import zipf_frequency as _zipf

from geonews import lexicon
from geonews.dates import MONTHS, WEEKDAYS
from geonews.gazetteer.index import Gazetteer, Place, haversine_km, open_gazetteer
from geonews.gazetteer.normalize import normalize, strip_possessive
from geonews.nlp import MAX_CHARS, load_pipeline

__all__ = ["WEIGHTS", "Geoparser", "ResolutionWeights", "Toponym", "split_text"]

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_RELABEL_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}
_BLOCKING_LABELS = {
    "PERSON",
    "ORG",
    "DATE",
    "TIME",
    "MONEY",
    "PERCENT",
    "CARDINAL",
    "ORDINAL",
    "QUANTITY",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "PRODUCT",
}
_TITLES = lexicon.TITLES
# Capitalised words that are never meant as places in English prose.
_NEVER_PLACES = {
    *MONTHS,
    *WEEKDAYS,
    "north",
    "south",
    "east",
    "west",
    "god",
    "lord",
    "police",
    "officer",
    "man",
    "woman",
    "city",
    "county",
    "state",
    "president",
    "mayor",
    "act",
    "bill",
    "court",
    "earth",
    "heaven",
    "hell",
    "moon",
    "mars",
    "paradise",
    # generic geographic words that name regions somewhere ("Central", "Western Province")
    "central",
    "western",
    "eastern",
    "northern",
    "southern",
    "northwest",
    "northeast",
    "southwest",
    "southeast",
    "coast",
    "coastal",
    "delta",
    "island",
    "islands",
    "lakes",
    "upper",
    "lower",
    "capital",
    "first",
    "region",
    "centre",
    "center",
    "mountain",
    "valley",
    "river",
    "lake",
    "border",
    "plateau",
    "interior",
    "highlands",
    "midlands",
    "national",
    "metro",
    "downtown",
    "midwest",
    "no",
    "sen",
}
_PLACE_CUES = {"in", "near", "outside", "across", "around", "throughout", "within", "inside"}
# Words after a place name that keep it a place ("Kyiv Mayor ...", "Kherson Oblast").
_NAME_CONTINUATIONS_OK = {
    "mayor",
    "governor",
    "city",
    "county",
    "region",
    "oblast",
    "province",
    "state",
    "district",
    "police",
    "officials",
    "authorities",
    "residents",
}
_COMMON_WORD_ZIPF = 4.5
_CIVIC_WORDS = {
    "city",
    "council",
    "police",
    "county",
    "department",
    "schools",
    "school",
    "district",
    "fire",
    "sheriff",
    "mayor",
    "municipal",
    "township",
    "chamber",
    "government",
    "court",
    "courthouse",
    "authority",
    "board",
    "administration",
}
_BIG_KINDS = ("continent", "country", "region", "admin1", "physical")
# A place name followed by one of these names a disease, not a place ("Marburg virus").
_DISEASE_WORDS = {
    "virus",
    "viruses",
    "fever",
    "disease",
    "flu",
    "strain",
    "syndrome",
    "encephalitis",
    "ebolavirus",
    "virus's",
    "haemorrhagic",
    "hemorrhagic",
}
_MAJOR_POPULATION = 100_000
_NAMESAKE_POPULATION = 20_000
_INSTITUTION_WORDS = {
    "ministry",
    "service",
    "forces",
    "staff",
    "directorate",
    "guard",
    "committee",
    "prosecutor",
    "office",
    "administration",
    "security",
    "intelligence",
    "navy",
    "army",
}
_SPEAKING_VERBS = {"said", "says", "told", "wrote", "added", "stated", "noted", "stressed"}
_ATTACK_LEMMAS = {
    "shell",
    "strike",
    "attack",
    "hit",
    "bomb",
    "target",
    "pound",
    "fire",
    "launch",
    "shelling",
    "airstrike",
    "bombardment",
    "raid",
    "storm",
    "assault",
    "capture",
    "seize",
    "occupy",
}
_CITY_WITH_DISTRICTS = 50_000
_VILLAGE_POPULATION = 10_000


class Owner(StrEnum):
    """What a token already belongs to during recognition (besides spaCy's entity labels)."""

    TOPONYM = "TOPONYM"  # part of a place mention
    INNER = "INNER"  # inside an organisation or unresolved place phrase, still to be scanned
    BLOCK = "BLOCK"  # inside such a name, scanned: the general gazetteer pass skips it


# a hromada adjective may be read out of these ("the Krasnopilska community" tagged ORG)
_ADJECTIVE_OVERRIDABLE = (None, "PERSON", "ORG", "NORP", Owner.INNER, Owner.BLOCK)


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
# Below this Zipf frequency a word is rare in English ("Avdiivka" 0, "Marion" 3.3, "Lincoln" 4.2):
# a rare capitalised word that names a place in a country the article is about is that place.
_RARE_WORD_ZIPF = 2.5
_REGION_WORDS = {
    "region",
    "oblast",
    "province",
    "governorate",
    "krai",
    "state",
    "district",
    "raion",
}
_REGION_PLURALS = {"regions", "oblasts", "provinces", "governorates", "states"}
# Second-level units and communities: "Kupiansk district", "the Krasnopilska community".
_DISTRICT_WORDS = {"district", "districts", "raion", "raions", "rayon", "county", "counties"}
# Units named by an adjective in Ukrainian and Russian usage ("the Shevchenkivskyi district")
_RAION_WORDS = {"district", "districts", "raion", "raions", "rayon"}
_COMMUNITY_WORDS = {"community", "communities", "hromada", "hromadas", "municipality"}
_UNIT_TRAILERS = {"village", "town", "city", "settlement", "community", "hromada", "raion"}
_DISTRICT_ADJECTIVE_ENDINGS = ("skyi", "sky", "skiy", "skyy", "nyi", "ny", "kyi", "ky", "ska")
# A Ukrainian hromada or raion named by its adjective ("Bilopilska", "Pokrovskyi"): the
# adjective's endings and the place-name endings they come from, tried in this order.
_ADJECTIVE_FORMS = (
    ("ivska", ("ivka", "iv", "ivske", "ivsk")),
    ("ska", ("", "ia", "lia", "ka", "sk", "skyi", "ske", "e")),
    ("skyi", ("", "sk", "ske", "ia", "ka", "e", "skyi")),
    ("skiy", ("", "sk", "ske", "ia", "ka")),
    ("sky", ("", "sk", "ske", "ia", "ka")),
    ("skyy", ("", "sk", "ske")),
    ("ky", ("")),
    ("tska", ("tsia", "ts", "tsi")),
    ("tskyi", ("tsia", "ts", "tsi")),
    ("nska", ("", "na", "nia")),
)
_LIST_GLUE = {",", "and", "or", "the", "&"}
_NAME_GLUE = {"of", "de", "upon", "la", "al", "el"}
_LEADING = re.compile(r"^(?:the|The|THE)\s+")
# A gazetteer-pass city must be at least this big, unless NER saw the name elsewhere.
_MIN_POPULATION = 15_000
_MAX_CANDIDATES = 25


@dataclass
class Toponym:
    """A place name as written in a document, resolved to a gazetteer place."""

    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    kind: str  # country | admin1 | city | district | physical | other | demonym
    country_code: str | None
    admin1_code: str | None
    confidence: float
    source: str = "ner"  # ner | relabel | gazetteer | propagated

    def to_dict(self) -> dict[str, Any]:
        row = asdict(self)
        row.pop("source")
        return row


@dataclass
class _Mention:
    start: int  # char offsets in the document
    end: int
    tok_start: int  # token offsets in the parsed piece
    tok_end: int
    text: str
    key: str
    source: str
    demonym: Place | None = None
    want_admin1: bool = False
    want_admin2: bool = False
    forms: tuple[str, ...] = ()  # other written forms to look up ("Bilopilska" -> "Bilopillia")
    attacked_by: str | None = None  # country of the people named as attacking this place
    district: bool = False  # a district of a city ("the Holosiivskyi district" of Kyiv)
    disease: bool = False
    containers: list[_Mention] = field(default_factory=list)
    contained: list[_Mention] = field(default_factory=list)
    candidates: list[Place] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    proximity: dict[int, float] = field(default_factory=dict)
    choice: Place | None = None
    confidence: float = 0.0


def split_text(text: str, limit: int = MAX_CHARS) -> Iterator[tuple[int, str]]:
    """Cut a long text into (offset, piece) at paragraph or sentence ends, each ≤ ``limit``."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + limit)
        if end < n:
            window = text[start:end]
            cut = max(window.rfind("\n\n"), window.rfind("\n"))
            if cut < limit // 2:
                cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
                cut = cut + 1 if cut >= 0 else -1
            if cut < limit // 4:
                cut = window.rfind(" ")
            if cut > 0:
                end = start + cut
        yield start, text[start:end]
        start = end


class Geoparser:
    """Find and resolve the places a text mentions."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        nlp: Any = None,
        weights: ResolutionWeights = WEIGHTS,
    ) -> None:
        self.gazetteer = gazetteer or open_gazetteer()
        self.nlp = nlp or load_pipeline()
        self.weights = weights

    # -- public API -----------------------------------------------------------------------
    def parse(self, text: str) -> list[Toponym]:
        """Toponyms of one document, in text order. Offsets are Python str offsets."""
        return self.analyse(text, keep_docs=False)[0]

    def analyse(
        self, text: str, *, keep_docs: bool = True
    ) -> tuple[list[Toponym], list[tuple[int, Any]]]:
        """Toponyms and the parsed pieces ``(offset, spaCy Doc)`` they were read from."""
        if not text or not text.strip():
            return [], []
        pieces = list(split_text(text))
        docs = list(self.nlp.pipe((piece for _, piece in pieces), batch_size=4))
        focus = self._focus_countries(docs)
        mentions: list[_Mention] = []
        kept: list[tuple[int, Any]] = []
        for (offset, _), doc in zip(pieces, docs, strict=True):
            mentions.extend(self._recognise(doc, offset, focus))
            if keep_docs:
                kept.append((offset, doc))
        return self._resolve(mentions), kept

    def parse_many(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[list[Toponym]]:
        """Toponyms of many documents, parsed by spaCy ``batch_size`` documents at a time.

        Documents longer than one spaCy piece go through :meth:`parse` on their own.
        """
        batch: list[str] = []

        def run(batch: list[str]) -> Iterator[list[Toponym]]:
            short = [t for t in batch if t and t.strip() and len(t) <= MAX_CHARS]
            docs = iter(self.nlp.pipe(short, batch_size=batch_size))
            for text in batch:
                if not text or not text.strip():
                    yield []
                elif len(text) > MAX_CHARS:
                    yield self.parse(text)
                else:
                    doc = next(docs)
                    focus = self._focus_countries([doc])
                    yield self._resolve(self._recognise(doc, 0, focus))

        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from run(batch)
                batch = []
        if batch:
            yield from run(batch)

    def parse_doc(self, doc: Any, offset: int = 0) -> list[Toponym]:
        """Toponyms of an already parsed spaCy ``Doc`` (offsets shifted by ``offset``)."""
        return self._resolve(self._recognise(doc, offset, self._focus_countries([doc])))

    def _focus_countries(self, docs: list[Any]) -> frozenset[str]:
        """The countries an article is about: those it names, or whose people it names."""
        found: set[str] = set()
        for doc in docs:
            for ent in doc.ents:
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

    def _recognise(
        self, doc: Any, offset: int, focus: frozenset[str] = frozenset()
    ) -> list[_Mention]:
        text = doc.text
        person_words: set[str] = set()
        focus_ents: dict[int, list[tuple[int, int]]] = {}
        for ent in doc.ents:
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
            # "Rivnepil', Solodke" as one ORG: each part that is a place in the article's
            # countries is a place; a PLACE-labelled entity keeps its usual path otherwise
            if parts and (ent.label_ not in _PLACE_LABELS or len(parts) > 1):
                focus_ents[ent.start] = parts
        for ent in doc.ents:
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
            )
            if mention.key:
                mentions.append(mention)
                for i in range(start_tok, end_tok):
                    owner[i] = Owner.TOPONYM

        for ent in doc.ents:
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
            if _of_country_institution(doc[a:b]):
                continue  # "State Emergency Service of Ukraine": the office, not the place
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

        mentions = [m for m in mentions if not _names_an_administration(doc, text, m)]
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
        for tok in doc:
            if tok.lower_ not in _COMMUNITY_WORDS | _RAION_WORDS:
                continue
            k = tok.i - 1
            while k >= 0:
                word = doc[k]
                if word.lower_ in _LIST_GLUE:
                    k -= 1
                    continue
                if not word.text[:1].isupper() or not word.is_alpha:
                    break
                if tok.lower_ in _RAION_WORDS and not word.lower_.endswith(
                    _DISTRICT_ADJECTIVE_ENDINGS
                ):
                    break  # "Izium district": the town's name, read by the general pass
                forms = _adjective_forms(word.text)
                start = k
                if k > 0 and doc[k - 1].text == "-" and k > 1:
                    start = k - 2  # "Novhorod-Siverska"
                    forms = tuple(f"{doc[k - 2].text}-{f}" for f in forms)
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
                    if tok.lower_ in _DISTRICT_WORDS and any(
                        p.kind == "admin2" and p.country_code in focus
                        for p in self._candidates(unit)[:3]
                    ):
                        known = [unit]  # "Dnistrovskyi district": the raion itself
                    elif tok.lower_ in _DISTRICT_WORDS and word.lower_.endswith(
                        _DISTRICT_ADJECTIVE_ENDINGS
                    ):
                        # a city district ("the Korabelnyi district" of Kherson): placed at
                        # the city the text names when the gazetteer knows no such unit
                        # near it
                        city = self._nearest_city(mentions, start)
                        if city and not self._near_city(known, city):
                            known = [city]
                    if known and owner[start] != Owner.TOPONYM:
                        before = len(mentions)
                        add(start, k + 1, "gazetteer")
                        if len(mentions) > before:
                            mentions[-1].forms = tuple(known)
                            mentions[-1].district = tok.lower_ in _DISTRICT_WORDS and not any(
                                p.kind == "admin2" for p in self._candidates(known[0])[:1]
                            )
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
                known = [
                    f
                    for f in _adjective_forms(word.text)
                    if any(
                        p.country_code in focus and p.kind in ("city", "admin2")
                        for p in self._candidates(f)[:5]
                    )
                ]
                if known:
                    before = len(mentions)
                    add(word.i, word.i + 1, "gazetteer")
                    if len(mentions) > before:
                        mentions[-1].forms = tuple(known)

    def _near_city(self, forms: list[str], city: str) -> bool:
        centres = [c for c in self._candidates(city)[:3] if c.kind == "city"]
        return any(
            haversine_km(p.lat, p.lon, c.lat, c.lon) < 60
            for f in forms
            for p in self._candidates(f)[:3]
            for c in centres
        )

    def _nearest_city(self, mentions: list[_Mention], token: int) -> str | None:
        """The big city named nearest before a token (else just after it), as written."""
        best: tuple[int, str] | None = None
        for m in mentions:
            if m.demonym is not None:
                continue
            if not any(
                c.kind == "city" and c.population >= _CITY_WITH_DISTRICTS
                for c in self._candidates(m.text)[:3]
            ):
                continue
            distance = token - m.tok_end if m.tok_end <= token else 3 * (m.tok_start - token)
            if distance >= 0 and (best is None or distance < best[0]):
                best = (distance, m.text)
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
        )
        return self._is_known_place(
            word.text,
            min_population=_MIN_POPULATION if cue else _MAJOR_POPULATION,
            allow_codes=False,
        )

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
        # "the regions of A, B, and C" and "the A and B regions"
        for tok in doc:
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
    def _resolve(self, mentions: list[_Mention]) -> list[Toponym]:
        for m in mentions:
            if m.demonym is not None:
                continue
            lookup_key = m.text
            if m.forms:
                m.candidates = next(
                    (found for found in (self._candidates(f) for f in m.forms) if found), []
                )
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
                m.candidates = self._candidates(bare, kinds=["admin1"]) or self._candidates(
                    m.text, kinds=["admin1"]
                )
                if not m.candidates:
                    m.candidates = self._candidates(lookup_key)
            else:
                m.candidates = self._candidates(lookup_key)
            m.scores = [c.score for c in m.candidates]

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
        result = []
        for m in mentions:
            if m.disease or id(m) in stray:
                continue
            if m.demonym is not None:
                p, kind, admin1, confidence = m.demonym, "demonym", None, 0.9
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
                    m.source,
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
            if c.population < _VILLAGE_POPULATION:
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


def _strip_region_word(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[-1].lower() in _REGION_WORDS:
        return " ".join(words[:-1])
    return text


def _name_like(token: Any) -> bool:
    t = token.text
    if not t or not t[0].isupper():
        return False
    if token.is_alpha:
        return True  # all capitals too: datelines write "KYIV", "DONETSK"
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,}|[A-Z][\w’'.-]*", t))


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


def _stray_villages(mentions: list[_Mention]) -> set[int]:
    """Mentions resolved to a village far from everything else the article places, outside
    the regions it names: most likely another village of that name the gazetteer lacks (a
    wrong dot is worse than none)."""
    regions = {
        (m.choice.country_code, m.choice.admin1_code)
        for m in mentions
        if m.choice is not None and m.demonym is None and m.choice.kind == "admin1"
    }
    if not regions:
        return set()
    anchors = [
        (m.key, m.choice.lat, m.choice.lon)
        for m in mentions
        if m.choice is not None
        and m.demonym is None
        and m.choice.kind in ("city", "admin2")
        and (m.choice.population >= _VILLAGE_POPULATION or m.confidence >= 0.9)
    ]
    stray = set()
    for m in mentions:
        c = m.choice
        if (
            c is None
            or m.demonym is not None
            or c.kind != "city"
            or c.population >= _VILLAGE_POPULATION
            or (c.country_code, c.admin1_code) in regions
        ):
            continue
        others = [(lat, lon) for key, lat, lon in anchors if key != m.key]
        if others and min(haversine_km(c.lat, c.lon, lat, lon) for lat, lon in others) > 150:
            stray.add(id(m))
    return stray


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


def _names_an_administration(doc: Any, text: str, m: _Mention) -> bool:
    """ "Kharkiv Regional Military Administration", "Chernihiv Oblast Military
    Administration": a place name inside the name of an office (WARNEWS: no toponym)."""
    if m.demonym is not None or m.tok_end == 0:
        return False
    last = doc[m.tok_end - 1]
    end = last.idx + len(last.text)
    return bool(_ADMINISTRATION.match(text[end : end + 60]))


def _of_country_institution(span: Any) -> bool:
    """A national institution named with its country after "of": "the Ministry of Defence of
    Ukraine", "the General Staff of the Armed Forces of Ukraine" (WARNEWS: no toponym)."""
    words = [t.lower_ for t in span]
    return (
        "of" in words
        and any(w in _INSTITUTION_WORDS for w in words)
        and span[-1].pos_ == "PROPN"
        and words[-2:-1] in (["of"], ["the"])
    )


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


def _split_list(ent: Any) -> list[tuple[int, int]]:
    """ "Kharkiv and Derhachi", "Rivnepil', Solodke": the items of a list NER took as one name."""
    parts = []
    start = ent.start
    for tok in ent:
        if tok.text in (",", "&") or tok.lower_ in ("and", "or"):
            if tok.i > start:
                parts.append((start, tok.i))
            start = tok.i + 1
    if ent.end > start:
        parts.append((start, ent.end))
    return parts


def _split_on_commas(ent: Any) -> list[tuple[int, int]]:
    """ "Paris, Texas" as one entity -> two mentions."""
    parts = []
    start = ent.start
    for tok in ent:
        if tok.text == ",":
            if tok.i > start:
                parts.append((start, tok.i))
            start = tok.i + 1
    if ent.end > start:
        parts.append((start, ent.end))
    return parts
