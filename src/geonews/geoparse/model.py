"""The geoparser's vocabulary and value types: word lists and thresholds of recognition,
the ``Toponym`` it returns, the ``_Mention`` it works on, and the text splitter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from geonews import lexicon
from geonews.dates import MONTHS, WEEKDAYS
from geonews.gazetteer.index import Place
from geonews.nlp import MAX_CHARS

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
# "the north-eastern A and western B districts": where in a city its districts lie
_COMPASS_WORDS = {
    f"{a}{b}ern" for a in ("", "north", "south", "north-", "south-") for b in ("east", "west")
} | {"northern", "southern", "central", "north", "south", "east", "west"}
_COMMUNITY_WORDS = {"community", "communities", "hromada", "hromadas", "municipality"}
# "the villages of A and B", "A village": the text says these names are settlements
_SETTLEMENT_NOUNS = {"village", "villages", "settlement", "settlements", "hamlet", "hamlets"}
_SETTLEMENT_AFTER_NAME = {"village", "settlement", "hamlet"}
_UNIT_TRAILERS = {"village", "town", "city", "settlement", "community", "hromada", "raion"}
# Countries whose communities and districts are named by an adjective of their centre town
_ADJECTIVE_COUNTRIES = ("UA", "RU", "BY")
_DISTRICT_ADJECTIVE_ENDINGS = ("skyi", "sky", "skiy", "skyy", "nyi", "ny", "kyi", "ky", "ska")
# A Ukrainian hromada or raion named by its adjective ("Bilopilska", "Pokrovskyi"): the
# adjective's endings and the place-name endings they come from, tried in this order.
_ADJECTIVE_FORMS = (
    ("ivska", ("ivka", "iv", "ivske", "ivsk")),
    ("ska", ("", "ia", "lia", "ka", "sk", "skyi", "ske", "e")),
    ("skyi", ("", "sk", "ske", "ia", "ka", "e", "skyi")),
    ("skiy", ("", "sk", "ske", "ia", "ka", "o", "skaya")),
    # Russian "Pochepsky" <- Pochep, "-ovo" towns; Kuban "Seversky" <- the stanitsa Severskaya
    ("sky", ("", "sk", "ske", "ia", "ka", "o", "skaya")),
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
    settlement: bool = False  # the text calls it a village or settlement ("X village")
    line: tuple[int, int] = (0, 0)  # (piece offset, line number in the piece)
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
